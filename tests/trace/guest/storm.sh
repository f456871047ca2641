#!/bin/bash
# Runs in a guest (tests/vm/run): the tracer under load (issue #6).
#  1. A fork/exec storm: short-lived processes as fast as the guest can
#     start them, 8 at a time, 40 distinct AF_ALG-using binaries among
#     /bin/true runs:
#     every one of the 40 must be recorded (or losses counted).
#  2. A long synthetic run with far more distinct findings than the table
#     holds (--max-keys 64; 400 distinct binaries, run again and again):
#     the tracer's RSS and CPU time (utime + stime), sampled every second,
#     must stay flat.
# Everything the host checks (tests/trace/check-storm) lands in $AFALG_VM_OUT.
# Usage: storm.sh BUILD_DIR [LONG_SECS]
set -u
build=$(readlink -f "$1")
long=${2:-60}
out=$AFALG_VM_OUT
storm=$build/tests/trace/forkstorm
user=$build/tests/vm/afalg_sha256

start_tracer() { # start_tracer NAME [OPTIONS]: background tracer, waits until attached
	local name=$1
	shift
	"$build/afalg-audit" trace "$@" -o "$out/$name.json" 2>"$out/$name.err" &
	tracer=$!
	for _ in $(seq 1 600); do
		grep -q "tracing AF_ALG use" "$out/$name.err" 2>/dev/null && return 0
		kill -0 $tracer 2>/dev/null || break
		sleep 0.1
	done
	echo "storm: tracer $name did not start"; cat "$out/$name.err"; exit 1
}
stop_tracer() { kill -INT $tracer; wait $tracer; echo $? >"$out/$1.rc"; }

mkdir -p /tmp/storm
for i in $(seq 1 400); do cp "$user" /tmp/storm/u$i; done

# 1. Fork/exec storm: 40 AF_ALG users among 400 /bin/true, for at least 20 s
# (under TCG the guest starts only tens of processes a second: the list is
# gone through at least once whatever the rate).
start_tracer storm
progs=()
for i in $(seq 1 40); do
	progs+=("/tmp/storm/u$i")
	for _ in $(seq 1 10); do progs+=(/bin/true); done
done
"$storm" 20 8 "${progs[@]}" >"$out/storm.out" 2>&1
echo $? >"$out/storm-run.rc"
stop_tracer storm

# 2. Long run: 400 distinct binaries into a 64-entry table, sampled RSS.
# In a sanitizer build, ASan's quarantine would hold every freed block
# (up to 256 MiB): without it the RSS shows the tracer's own memory.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0
start_tracer long --max-keys 64
# Every second while the workload runs (not while the tracer writes its
# result), with shell builtins only (the guest starts few processes a
# second): rss.txt VmRSS in KiB; cpu.txt uptime (s), utime + stime (clock
# ticks, all threads: fields 14 and 15 of stat), clock ticks per second.
hz=$(getconf CLK_TCK)
rm -f /tmp/storm/stop
(
	while [[ ! -e /tmp/storm/stop ]] && kill -0 $tracer; do
		read -r up _ </proc/uptime || break
		read -r st </proc/$tracer/stat || break
		set -- ${st##*) }
		while read -r k v _; do [[ $k == VmRSS: ]] && break; done </proc/$tracer/status
		echo "$v" >>"$out/rss.txt"
		echo "$up $((${12} + ${13})) $hz" >>"$out/cpu.txt"
		sleep 1
	done
) 2>/dev/null &
sampler=$!
all=(/tmp/storm/u*)
"$storm" "$long" 4 "${all[@]}" >"$out/long.out" 2>&1
echo $? >"$out/long-run.rc"
touch /tmp/storm/stop
wait $sampler 2>/dev/null
stop_tracer long
exit 0
