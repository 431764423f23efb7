#!/usr/bin/env python3
"""cpu_table.py RESULTS REFERENCE VARIANT...: the table of bench/cpu.sh. Per scenario and variant: median rps,
median µs of server CPU per reply (srv_cpu ÷ rps), the median of the per-round ratios of that figure to the
reference (Netty) and to the first variant, each round's ratio in brackets. A ratio per round, then its median:
the round's phase of the shared machine cancels out."""
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


def ratios(scen, a, b):
    out = []
    for (s, v, r), (_, us) in sorted(runs.items(), key=lambda i: i[0][2]):
        if s == scen and v == a and us is not None:
            other = runs.get((scen, b, r))
            if other and other[1]:
                out.append(us / other[1])
    return out


def cell(values):
    return "–" if not values else f"**{st.median(values):.2f}×** [{' / '.join(f'{x:.2f}' for x in values)}]"


scenarios = sorted({s for s, _, _ in runs}, key=["a", "f1", "b", "f50"].index)
print("| scenario | server | rps, median | µs CPU per reply, median | ÷ " + ref + " (per round) | ÷ " + variants[0]
      + " (per round) | errors |")
print("|---|---|---:|---:|---|---|---:|")
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
              f"{'' if v in (ref, variants[0]) else cell(ratios(s, v, variants[0]))} | {errors} |")
