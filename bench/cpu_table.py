#!/usr/bin/env python3
"""cpu_table.py RESULTS REFERENCE VARIANT...: the table of bench/cpu.sh. Per scenario and variant: median rps,
median µs of server CPU per reply (srv_cpu ÷ rps), the median of the per-round ratios of that figure to the
reference (Netty) and to the first variant, each round's ratio in brackets; then the medians of the per-round
ratios of rps and p99 to the reference. A ratio per round, then its median: the round's phase of the shared
machine cancels out."""
import statistics as st
import sys

path, ref, variants = sys.argv[1], sys.argv[2], sys.argv[3:]
runs = {}
for line in open(path):
    kv = dict(f.split("=", 1) for f in line.split() if "=" in f)
    try:
        us = float(kv["srv_cpu"]) / float(kv["rps"]) * 1e6
    except (KeyError, ValueError, ZeroDivisionError):
        us = None
    runs[(kv["scenario"], kv["variant"], int(kv["round"]))] = (kv, us)


def fmt(x, d=2):
    return "–" if x is None else f"{x:,.{d}f}"


def cpu(run):
    return run[1]


def field(name):
    return lambda run: float(run[0][name]) if name in run[0] else None


def ratios(scen, a, b, metric=cpu):
    out = []
    for (s, v, r), run in sorted(runs.items(), key=lambda i: i[0][2]):
        if s == scen and v == a and metric(run) is not None:
            other = runs.get((scen, b, r))
            if other and metric(other):
                out.append(metric(run) / metric(other))
    return out


def median(values):
    return "–" if not values else f"{st.median(values):.2f}×"


def cell(values):
    return "–" if not values else f"**{st.median(values):.2f}×** [{' / '.join(f'{x:.2f}' for x in values)}]"


scenarios = sorted({s for s, _, _ in runs}, key=["a", "f1", "b", "f50"].index)
print("| scenario | server | rps, median | µs CPU per reply, median | ÷ " + ref + " (per round) | ÷ " + variants[0]
      + " (per round) | rps ÷ " + ref + " | p99 ÷ " + ref + " | errors |")
print("|---|---|---:|---:|---|---|---:|---:|---:|")
for s in scenarios:
    for v in [ref] + variants:
        rows = [runs[k] for k in runs if k[0] == s and k[1] == v]
        if not rows:
            continue
        rps = [float(kv["rps"]) for kv, _ in rows if "rps" in kv]
        us = [u for _, u in rows if u is not None]
        errors = sum(int(kv.get("errors", 0)) + int(kv.get("mismatches", 0)) + int(kv.get("timeouts", 0))
                     for kv, _ in rows)
        print(f"| {s} | {v} | {fmt(st.median(rps) if rps else None, 0)} | {fmt(st.median(us) if us else None)} | "
              f"{'' if v == ref else cell(ratios(s, v, ref))} | "
              f"{'' if v in (ref, variants[0]) else cell(ratios(s, v, variants[0]))} | "
              f"{'' if v == ref else median(ratios(s, v, ref, field('rps')))} | "
              f"{'' if v == ref else median(ratios(s, v, ref, field('p99_us')))} | {errors} |")
