#!/usr/bin/python3
"""Summarize trace-bench-guest.sh results: median ns/op per (config, workload)
over all runs, and the overhead against the untraced "none" runs."""
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 3:
        try:
            runs[(f[0], f[1])].append(float(f[2]))
            continue
        except ValueError:
            pass
    print(line.rstrip())
order = ["none", "afalg-audit", "afalg-audit-kprobe", "afalg-audit-fentry", "afalg-audit-lsm", "audit-rule",
         "bpftrace", "none-again"]
for w in ("getppid", "sockpair", "hash", "hash-after-idle"):
    base = statistics.median(runs[("none", w)]) if runs[("none", w)] else None
    for cfg in order:
        v = runs.get((cfg, w))
        if not v:
            continue
        m = statistics.median(v)
        spread = f"{min(v):.0f}..{max(v):.0f}"
        rel = f"{(m / base - 1) * 100:+6.1f}%" if base else "   n/a"
        print(f"{w:9} {cfg:18} {m:10.1f} ns/op  {rel} vs none   ({len(v)} runs, {spread})")
