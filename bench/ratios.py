#!/usr/bin/env python3
"""ratios.py DIR: the comparison table from compare.sh's results (DIR/{upcase,netty,epoll,startup}.txt).
Medians over rounds; ratios are upcase ÷ Netty (for rps higher is better, for latency and memory lower is)."""
import os
import statistics as st
import sys

out = sys.argv[1]
NAMES = {"a": "a 1 conn, 32 B lines", "f1": "f1 1 conn, 32 B raw", "b": "b 50 conns, 32 B lines",
         "f50": "f50 50 conns, 32 B raw", "d": "d 50 conns, 4 KiB lines", "c": "c 1000 conns, 32 B lines"}


def load(name):
    rows = {}
    path = os.path.join(out, name + ".txt")
    if os.path.exists(path):
        for line in open(path):
            kv = dict(f.split("=", 1) for f in line.split() if "=" in f)
            rows.setdefault(kv.get("scenario") or kv.get("server"), []).append(kv)
    return rows


def med(runs, key):
    values = [float(r[key]) for r in runs or [] if r.get(key) not in (None, "nan", "NaN", "-1")]
    return st.median(values) if values else None


def fmt(x, digits=0):
    return "–" if x is None else f"{x:,.{digits}f}"


def rounds_of(runs, key):
    """Each round's value in brackets (when there are several), so that a round that went astray shows."""
    values = [float(r[key]) for r in runs or [] if r.get(key) not in (None, "nan", "NaN", "-1")]
    return " [" + " / ".join(f"{v:,.0f}" for v in values) + "]" if len(values) > 1 else ""


def ratio(a, b, digits=2):
    return "–" if a is None or not b else f"{a / b:.{digits}f}×"


def errors(runs):
    return sum(int(r.get("errors", 0)) + int(r.get("mismatches", 0)) + int(r.get("connect_failures", 0))
               for r in runs or [])


servers = {name: load(name) for name in ("upcase", "netty", "epoll")}
rounds = max((len(v) for v in servers["upcase"].values()), default=0)
print(f"\n**upcase beside Netty (1 event-loop thread) and C epoll (1 thread)**, medians of {rounds} round(s)\n")
print("| scenario | upcase rps | Netty rps | epoll rps | **rps ÷ Netty** | upcase p99 µs | Netty p99 µs | **p99 ÷ Netty** "
      "| upcase p99.9 µs | upcase server CPU | errors (u/N/e) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
for s in ["a", "f1", "b", "f50", "d", "c"]:
    u, n, e = (servers[k].get(s) for k in ("upcase", "netty", "epoll"))
    if not u and not n:
        continue
    print(f"| {NAMES[s]} | {fmt(med(u, 'rps'))}{rounds_of(u, 'rps')} | {fmt(med(n, 'rps'))}{rounds_of(n, 'rps')} | "
          f"{fmt(med(e, 'rps'))}{rounds_of(e, 'rps')} | "
          f"**{ratio(med(u, 'rps'), med(n, 'rps'))}** | {fmt(med(u, 'p99_us'))} | {fmt(med(n, 'p99_us'))} | "
          f"**{ratio(med(u, 'p99_us'), med(n, 'p99_us'))}** | {fmt(med(u, 'p999_us'))} | {fmt(med(u, 'srv_cpu'), 2)} | "
          f"{errors(u)}/{errors(n)}/{errors(e)} |")
u, n, e = (servers[k].get("e") for k in ("upcase", "netty", "epoll"))
if u or n:
    print(f"| e hold 10,000 idle: KB per connection | {fmt(med(u, 'srv_kb_per_conn'), 2)} | {fmt(med(n, 'srv_kb_per_conn'), 2)} | "
          f"{fmt(med(e, 'srv_kb_per_conn'), 2)} | **{ratio(med(u, 'srv_kb_per_conn'), med(n, 'srv_kb_per_conn'))}** (memory) | "
          f"held {'/'.join(r.get('held', '?') for r in u or [])} | | | | | {errors(u)}/{errors(n)}/{errors(e)} |")
start = load("startup")
us, ns = start.get("upcase"), start.get("netty")
if us or ns:
    print(f"\n| startup (`java -jar` → first reply) | upcase | Netty | ratio |\n|---|---:|---:|---:|")
    print(f"| ms | {fmt(med(us, 'startup_ms'))} | {fmt(med(ns, 'startup_ms'))} | {ratio(med(us, 'startup_ms'), med(ns, 'startup_ms'))} |")
    print(f"| RSS idle after start, MB | {fmt(med(us, 'idle_rss_kb') and med(us, 'idle_rss_kb') / 1024, 1)} | "
          f"{fmt(med(ns, 'idle_rss_kb') and med(ns, 'idle_rss_kb') / 1024, 1)} | "
          f"{ratio(med(us, 'idle_rss_kb'), med(ns, 'idle_rss_kb'))} |")
