#!/bin/bash
# Runs in a guest (tests/vm/run): the same workloads under no tracer,
# afalg-audit trace, a Linux audit rule for socket(AF_ALG), and the
# equivalent bpftrace script; prints a table.  Usage: trace-bench-guest.sh BENCH_BIN AFALG_AUDIT REPS
set -u
bench=$1 afalg=$2 reps=${3:-5}
out=$AFALG_VM_OUT
N_GETPPID=${N_GETPPID:-200000} N_SOCK=${N_SOCK:-50000} N_HASH=${N_HASH:-50000}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Results: one line per (config, workload, round): CONFIG WORKLOAD NS_PER_OP

measure() { # measure CONFIG: runs every workload reps times, appends to results
	local cfg=$1 w n
	for w in getppid sockpair hash; do
		case $w in getppid) n=$N_GETPPID ;; sockpair) n=$N_SOCK ;; hash) n=$N_HASH ;; esac
		# One untimed run first, in every configuration: the steady state is
		# measured, not a module's switch to fentry (which the tracer does
		# once per busy period; measured on its own below, "hash-after-idle").
		"$bench" $w $((n / 5)) >/dev/null
		for _ in $(seq "$reps"); do "$bench" $w $n; done | median | sed "s/^/$cfg $w /" >>"$out/results.txt"
	done
	# The first run after the modules have idled (> 5 s): with the default
	# data path it pays the switch to fentry (loading and verifying the
	# programs) inside its timed loop, on this one-CPU guest.
	sleep 7
	"$bench" hash "$N_HASH" | sed "s/^/$cfg hash-after-idle /" >>"$out/results.txt"
}

: >"$out/results.txt"
# Warm up: load af_alg/algif_hash and fault in the binaries.
"$bench" hash 1000 >/dev/null

# Untraced and traced alternate, ROUNDS times, so drift shows up as noise
# in "none" rather than as overhead.
traced() { # traced CONFIG [TRACE OPTIONS]: measure with afalg-audit trace running
	local cfg=$1 pid
	shift
	"$afalg" trace "$@" -o "$out/bench-trace.json" 2>"$out/afalg.err" &
	pid=$!
	for _ in $(seq 1 3000); do # it says so once attached
		grep -q 'tracing AF_ALG use' "$out/afalg.err" 2>/dev/null && break
		sleep 0.1
	done
	grep -q 'tracing AF_ALG use' "$out/afalg.err" || { echo "afalg-audit did not start"; cat "$out/afalg.err"; exit 1; }
	measure "$cfg"
	grep -E 'VmHWM|VmRSS' /proc/$pid/status >"$out/$cfg-mem.txt"
	kill -INT $pid
	wait $pid
}

for round in $(seq "${ROUNDS:-3}"); do
	measure none
	traced afalg-audit                           # default: module kprobes, fentry while busy
	traced afalg-audit-kprobe --data-path kprobe # module kprobes only (never pins a module)
	traced afalg-audit-lsm --data-path lsm       # the fallback: socket LSM hooks
done

bpftrace -e 'tracepoint:syscalls:sys_enter_socket /args->family == 38/ { @[comm, uid] = count(); }' \
	>"$out/bpftrace.out" 2>&1 &
bpid=$!
for _ in $(seq 1 600); do grep -q Attaching "$out/bpftrace.out" && break; sleep 0.5; done
if grep -q Attaching "$out/bpftrace.out"; then
	sleep 2
	measure bpftrace
else
	echo "bpftrace unavailable $(head -c 300 "$out/bpftrace.out" | tr '\n' ' ')" >>"$out/results.txt"
fi
kill -INT $bpid 2>/dev/null
wait $bpid 2>/dev/null

# The audit rule last: once audit is enabled, tasks forked meanwhile keep
# taking the audited syscall path even after the rule is deleted, which
# would contaminate any measurement after it.
auditctl -e 1 >/dev/null 2>&1
if auditctl -a always,exit -F arch=b64 -S socket -F a0=38 -k afalg >"$out/audit.err" 2>&1; then
	measure audit-rule
	auditctl -D >/dev/null 2>&1
else
	echo "audit-rule unavailable $(tr '\n' ' ' <"$out/audit.err")" >>"$out/results.txt"
fi
auditctl -e 0 >/dev/null 2>&1

cat "$out/results.txt"
