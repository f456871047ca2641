#!/usr/bin/python3
"""Summary of a bench/long-run results directory (issue #6).
Usage: long-run-summary.py OUTDIR
RSS: min/max over the run and after warm-up (second half), and the slope of
a least-squares line through the second half's samples; CPU time per hour
over the whole run and over the second half; fds; state file size; BPF map
occupancy; losses from the tracer's JSON."""
import json
import os
import re
import sys

out = sys.argv[1]


def read(name):
    try:
        with open(os.path.join(out, name), errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def slope(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0


print(read("info.txt").strip())
hz = int(read("hz.txt").strip() or 100)
rows = []
for line in read("samples.txt").splitlines():
    f = line.split()
    if len(f) == 11 and all(re.fullmatch(r"[0-9.]+", x) for x in f):
        rows.append([float(f[0])] + [int(x) for x in f[1:]])
if len(rows) < 4:
    sys.exit(f"long-run-summary: only {len(rows)} samples in {out}/samples.txt")
t0 = rows[0][0]
T = [(r[0] - t0) / 3600 for r in rows]
col = {n: [r[i] for r in rows] for i, n in
       enumerate(("up", "epoch", "rss", "hwm", "anon", "file", "ticks", "fds", "state",
                  "mtime", "gen"))}
half = len(rows) // 2
h2 = slice(half, None)
dur = T[-1]
print(f"samples {len(rows)} over {dur * 60:.1f} min; second half from "
      f"{T[half] * 60:.1f} min")
for k, label in (("rss", "VmRSS"), ("anon", "RssAnon"), ("file", "RssFile")):
    v = col[k]
    print(f"{label}: all {min(v)}..{max(v)} KiB; second half {min(v[h2])}..{max(v[h2])} KiB, "
          f"slope {slope(T[h2], v[h2]):+.1f} KiB/h; first {v[0]}, last {v[-1]}")
print(f"VmHWM: at half {col['hwm'][half]} KiB, at end {col['hwm'][-1]} KiB")
ticks = col["ticks"]
cpu_all = (ticks[-1] - ticks[0]) / hz
cpu_h2 = (ticks[-1] - ticks[half]) / hz
print(f"CPU (utime+stime): {cpu_all:.1f} s in {dur * 60:.1f} min = {cpu_all / dur:.1f} s/h "
      f"({100 * cpu_all / dur / 3600:.2f} %); second half {cpu_h2:.1f} s in "
      f"{(T[-1] - T[half]) * 60:.1f} min = {cpu_h2 / (T[-1] - T[half]):.1f} s/h")
q = [round(i * (len(rows) - 1) / 4) for i in range(5)]
print("CPU by quarters (s/h): " + ", ".join(
    f"{(ticks[q[i + 1]] - ticks[q[i]]) / hz / (T[q[i + 1]] - T[q[i]]):.1f}" for i in range(4)))
print(f"fds: all {min(col['fds'])}..{max(col['fds'])}, second half "
      f"{min(col['fds'][h2])}..{max(col['fds'][h2])}")
st = [s for s in col["state"] if s]
if st:
    print(f"state file: {min(st)}..{max(st)} bytes; second half {min(col['state'][h2])}.."
          f"{max(col['state'][h2])}")
# State saves: the file's age at each sample (its mtime against the clock).
age = [e - m for e, m in zip(col["epoch"], col["mtime"]) if m]
if age:
    late = [(round(t * 60, 1), a) for t, e, m, a in
            zip(T, col["epoch"], col["mtime"], [e - m for e, m in zip(col["epoch"], col["mtime"])])
            if m and a > 10]
    print(f"state file age at samples: median {sorted(age)[len(age) // 2]} s, max {max(age)} s; "
          f"{len(late)} samples with no save for > 10 s"
          + (f" (first at {late[0][0]} min, last at {late[-1][0]} min)" if late else ""))
churn = read("churn.txt").splitlines()
started = sum(int(m.group(1)) for m in (re.search(r"started (\d+)", c) for c in churn) if m)
failed = sum(int(m.group(1)) for m in (re.search(r"failed (\d+)", c) for c in churn) if m)
pyfail = sum(1 for c in churn if not c.endswith("python 0"))
print(f"churn: {len(churn)} generations, {20 * len(churn)} distinct AF_ALG executables "
      f"(+{20 * len(churn)} distinct bind names), {started} processes by forkstorm "
      f"({failed} failed), {pyfail} python steps failed")
maps = {}
for line in read("maps.txt").splitlines():
    f = line.split()
    if len(f) == 4:
        maps.setdefault(f[1], []).append((f[2], f[3]))
for name, v in sorted(maps.items()):
    print(f"map {name}: max_entries {v[0][1]}, entries over time "
          f"{' '.join(x[0] for x in v)}")
print(f"tracer exit status: {read('long.rc').strip()}")
err = read("long.err").strip().splitlines()
print("tracer stderr (last lines): " + " | ".join(err[-4:]))
try:
    j = json.loads(read("long.json"))
    acts = sum(len(p["activities"]) for p in j["programs"])
    print(f"JSON: {len(j['programs'])} programs, {acts} activities, lost {j['lost']}")
except (ValueError, KeyError) as e:
    print(f"long.json: {e}")
