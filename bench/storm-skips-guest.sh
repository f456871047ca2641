#!/bin/bash
# Guest side of bench/storm-skips: ROUNDS rounds, each build's tracer in turn.
# Usage: storm-skips-guest.sh ROUNDS NBIN JOBS SECS BUILD_DIR...
set -u
rounds=$1 nbin=$2 jobs=$3 secs=$4
shift 4
out=$AFALG_VM_OUT
first=$1
mkdir -p /tmp/storm
progs=()
for i in $(seq 1 "$nbin"); do
	cp "$first/tests/vm/afalg_sha256" /tmp/storm/u$i
	progs+=("/tmp/storm/u$i")
done
for r in $(seq 1 "$rounds"); do
	b=0
	for build in "$@"; do
		name=b$b-r$r
		"$build/afalg-audit" trace -v -o "$out/$name.json" 2>"$out/$name.err" &
		tracer=$!
		# Wait for the start line (an event, not a time).
		until grep -q "tracing AF_ALG use" "$out/$name.err" 2>/dev/null; do
			kill -0 $tracer 2>/dev/null || break
			sleep 0.1
		done
		"$first/tests/trace/forkstorm" "$secs" "$jobs" "${progs[@]}" >"$out/$name.out" 2>&1
		kill -INT $tracer
		wait $tracer
		b=$((b + 1))
	done
done
exit 0
