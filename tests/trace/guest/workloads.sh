#!/bin/bash
# Runs in a guest (tests/vm/run): start the tracer while no AF_ALG module is
# loaded, run real AF_ALG users and non-users, stop it.  Everything the host
# checks (tests/trace/check-trace) lands in $AFALG_VM_OUT.
# Usage: workloads.sh BUILD_DIR
set -u
build=$(readlink -f "$1")
here=$(dirname "$(readlink -f "$0")")
out=$AFALG_VM_OUT
py=/usr/bin/python3
log() { echo "workloads: $*"; }

lsmod >"$out/modules-before.txt"

# wait_msg FILE TEXT [SECS]: until FILE (a tracer's stderr) says TEXT; 1 if it did not.
wait_msg() {
	local i
	for i in $(seq 1 $((${3:-60} * 10))); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

"$build/afalg-audit" trace -o "$out/trace.json" 2>"$out/trace.err" &
tracer=$!
# The tracer says so once attached.
wait_msg "$out/trace.err" "tracing AF_ALG use" || { log "tracer did not start"; cat "$out/trace.err"; exit 1; }

run() { # run NAME CMD...: output to $out/NAME.out, status to $out/NAME.rc
	local name=$1
	shift
	"$@" >"$out/$name.out" 2>&1
	echo $? >"$out/$name.rc"
}

printf abc >/tmp/abc
head -c 16 /dev/zero >/tmp/key16
head -c 64 /dev/zero >/tmp/plain64

# The independent cross-check (guest/held.py) runs from its own copy of the
# interpreter, so the tracer's records of it are told apart from other Python.
cp /usr/bin/python3.11 /tmp/held-python3
held() { /tmp/held-python3 "$here/held.py" "$@"; }

# Real AF_ALG users.  The driver behind cbc(aes) can change during the run:
# a bind of another algorithm may autoload a module with a higher-priority
# cbc(aes) (binding gcm(aes) loads aesni_intel), so the kernel is asked
# before and after the workloads.
run held-early held "skcipher:cbc(aes)" "hash:sha256"
run kcapi-dgst sh -c 'kcapi-dgst -c sha256 --hex </tmp/abc'
run kcapi-enc sh -c 'kcapi-enc -e -c "cbc(aes)" --iv 00000000000000000000000000000000 --keyfd 3 -i /tmp/plain64 -o /tmp/enc.out 3</tmp/key16'
run kcapi-rng kcapi-rng -b 16 --hex
run openssl-afalg openssl enc -engine afalg -aes-128-cbc -K 00000000000000000000000000000000 -iv 00000000000000000000000000000000 -in /tmp/plain64 -out /tmp/ossl.out
run cryptsetup cryptsetup benchmark --cipher aes-cbc --key-size 128
run cryptsetup-xts cryptsetup benchmark --cipher aes-xts --key-size 256
run python-aead $py "$here/aead.py"
run afalg_io "$build/tests/trace/afalg_io" all
# Short-lived programs on file systems mounted below / (issue #17): gone
# before user space can read /proc/PID/exe, so their paths are the kernel's
# walk, which must cross the mounts: a tmpfs at /srv/afalg-mnt, a tmpfs
# mounted inside it, and a tmpfs in a mount namespace of its own, where the
# tracer's lookups of the path find nothing at all.
mkdir -p /srv/afalg-mnt
mount -t tmpfs afalg-mnt /srv/afalg-mnt
mkdir /srv/afalg-mnt/sub
mount -t tmpfs afalg-sub /srv/afalg-mnt/sub
cp /usr/bin/kcapi-dgst /srv/afalg-mnt/mnt-dgst
cp /usr/bin/kcapi-dgst /srv/afalg-mnt/sub/nested-dgst
run mnt-dgst sh -c '/srv/afalg-mnt/mnt-dgst -c sha1 --hex </tmp/abc'
run nested-dgst sh -c '/srv/afalg-mnt/sub/nested-dgst -c sha1 --hex </tmp/abc'
run private-dgst unshare -m --propagation private sh -c 'mount -t tmpfs afalg-priv /srv/afalg-mnt &&
	cp /usr/bin/kcapi-dgst /srv/afalg-mnt/private-dgst &&
	/srv/afalg-mnt/private-dgst -c sha1 --hex </tmp/abc'
# An op socket passed over SCM_RIGHTS and kept across exec: its user makes
# no socket of its own, and is still one process of its executable.
for r in sender receiver user; do cp /usr/bin/python3.11 /tmp/scm-$r-python3; done
run scm-rights /tmp/scm-sender-python3 "$here/scm_rights.py" send /tmp/scm-receiver-python3 /tmp/scm-user-python3
# Exact accounting on one long-lived op socket: 3000 x (write 64 bytes, read 32).
run bench-hash "$build/tests/trace/afalg_bench" hash 3000
run nonroot setpriv --reuid=65534 --regid=65534 --clear-groups $py "$here/afalg_socket_only.py"
run held-late held "skcipher:cbc(aes)" "hash:sha256" "aead:gcm(aes)"

# The tracer must not pin the AF_ALG modules for good (an administrator can
# still unload them), and must keep recording after they come back.  A busy
# module's functions are on fentry, which holds the module until it has been
# idle for 5 s (tracer/fastpath.c): try for up to 20 s, and say how long.
rmmod_idle() {
	local t0=$(date +%s.%N) i
	for i in $(seq 40); do
		if modprobe -r algif_hash 2>/dev/null; then
			echo "unloaded after $(awk "BEGIN { print $(date +%s.%N) - $t0 }") s, attempt $i"
			return 0
		fi
		sleep 0.5
	done
	modprobe -r algif_hash
}
run rmmod rmmod_idle
lsmod >"$out/modules-after-rmmod.txt"
run kcapi-dgst-again sh -c 'kcapi-dgst -c sha256 --hex </tmp/abc'

# -- CMD mode: only the command's process tree, while another AF_ALG user runs.
cp /usr/bin/python3.11 /tmp/outside-python3
(for _ in 1 2 3 4 5 6; do /tmp/outside-python3 "$here/afalg_socket_only.py"; done) >/dev/null 2>&1 &
outside=$!
# Its metrics file (--metrics, issue #19) is then read by the real node_exporter.
mkdir -m 755 "$out/metrics"
run cmd-mode "$build/afalg-audit" trace -q --metrics "$out/metrics/afalg.prom" -o "$out/cmd.json" -- sh -c \
	'for i in 1 2 3; do kcapi-dgst -c sha1 --hex </tmp/abc; sleep 1; done; sha256sum /tmp/abc'
wait $outside
run metrics-scrape $py "$here/scrape_metrics.py" "$out/metrics"

# -p PID: that process only, while others use AF_ALG too.
rm -f /tmp/pid-go
/tmp/outside-python3 -c 'import os, time
while not os.path.exists("/tmp/pid-go"): time.sleep(0.1)
exec(open("'"$here"'/afalg_socket_only.py").read())' >"$out/pid-target.out" 2>&1 &
target=$!
"$build/afalg-audit" trace -p $target -o "$out/pid.json" 2>"$out/pid.err" &
ptracer=$!
wait_msg "$out/pid.err" "tracing AF_ALG use"
run pid-other sh -c 'kcapi-dgst -c sha1 --hex </tmp/abc'
touch /tmp/pid-go
wait $target
echo $? >"$out/pid-target.rc"
kill -INT $ptracer
wait $ptracer
echo $? >"$out/pid.rc"
echo $target >"$out/pid-target.pid"

# --state: a second run merges the first one's counts.
for i in 1 2; do
	run state-$i "$build/afalg-audit" trace -q --state "$out/state.json" -o "$out/state-$i.json" -- \
		sh -c 'kcapi-enc -e -c "cbc(aes)" --iv 00000000000000000000000000000000 --keyfd 3 -i /tmp/plain64 -o /dev/null 3</tmp/key16'
done

# The data path's fallback (socket LSM hooks, --data-path lsm) on the same
# splice/AIO/io_uring workload and exact accounting as the default (module
# kprobes) path of the main tracer.
# Copies under other names, so the main tracer's exact counts stay its own.
cp "$build/tests/trace/afalg_io" /tmp/lsm_io
cp "$build/tests/trace/afalg_bench" /tmp/lsm_bench
run lsm-path "$build/afalg-audit" trace -q --data-path lsm -o "$out/lsm.json" -- sh -c \
	"/tmp/lsm_io all && /tmp/lsm_bench hash 500"

# --data-path fentry: the data path moving to fentry while a socket is busy,
# back to its kprobes while it idles, and to fentry again: exact counts
# across the switches (or a shortfall counted as lost).
ls /sys/kernel/btf >"$out/btf-files.txt"
cp "$build/tests/trace/afalg_bench" /tmp/fp_bench
run fastpath "$build/afalg-audit" trace -v --data-path fentry -o "$out/fastpath.json" -- \
	/tmp/fp_bench hash 80000 40000 8
grep -v '^libbpf:' "$out/fastpath.out" >"$out/fastpath.msgs"

# Table exhaustion: about 45 distinct findings into a table of 8: counted as
# lost, reported, and the tracer goes on.  (Each unknown name makes the
# kernel run modprobe, slow under TCG: keep the count small.)
run flood "$build/afalg-audit" trace --max-keys 8 -o "$out/flood.json" -- $py "$here/flood.py" 40

# Non-users: must leave no trace.
run sha256sum sha256sum /tmp/abc
cp /usr/bin/openssl /tmp/openssl-dgst
run openssl-dgst /tmp/openssl-dgst dgst -sha256 /tmp/abc

sleep 0.5
kill -INT $tracer
wait $tracer
echo $? >"$out/trace.rc"
lsmod >"$out/modules-after.txt"
cat /proc/crypto >"$out/proc-crypto.txt"

# A process whose socket predates the tracer, doing its first operations
# while the module is on fentry: the fentry programs leave the executable's
# path to user space (REC_NO_PATH, /proc/PID/exe), and this program has no
# other key to take it from.  System-wide (the process is no descendant).
# Where there is no module BTF (5.10) it all stays on kprobes.  After the
# main tracer has stopped: on one vCPU, runs of fentry programs preempted by
# another process's are skipped (counted), which the main trace must not
# have.  The process runs once the busy one has stopped, within the 5 s the
# module stays on fentry (its own operations keep it there).
cp /usr/bin/python3.11 /tmp/preopen-python3
rm -f /tmp/preopen-ready /tmp/preopen-go /tmp/preopen-done /tmp/preopen-state.json
/tmp/preopen-python3 "$here/preopened.py" /tmp/preopen-ready /tmp/preopen-go 2000 \
	/tmp/preopen-done >"$out/preopen-proc.out" 2>&1 &
preopen=$!
for _ in $(seq 1 300); do [[ -e /tmp/preopen-ready ]] && break; sleep 0.1; done
"$build/afalg-audit" trace -v --data-path fentry -o "$out/preopen.json" \
	--state /tmp/preopen-state.json --state-interval 0.5 2>"$out/preopen.err" &
ptracer=$!
wait_msg "$out/preopen.err" "tracing AF_ALG use"
# Make algif_hash busy (another socket) until the switch.
/tmp/fp_bench hash 200000 >/dev/null 2>&1 &
busy=$!
grep -qx algif_hash "$out/btf-files.txt" && wait_msg "$out/preopen.err" "algif_hash busy: data path on fentry"
kill $busy 2>/dev/null
wait $busy 2>/dev/null
touch /tmp/preopen-go
# The process stays until a state save names it with all its operations
# (its path is read from /proc/PID/exe while it lives); at most 120 s, then
# it exits and check-trace says what is missing.
for _ in $(seq 1 1200); do
	/usr/bin/python3 - /tmp/preopen-state.json <<'PY' && break
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    sys.exit(1)
ops = {a["op"]: a["count"] for p in d.get("programs", []) if p.get("exe") == "/tmp/preopen-python3"
       for a in p["activities"]}
sys.exit(0 if ops.get("send") == 2000 and ops.get("recv") == 2000 else 1)
PY
	sleep 0.1
done
touch /tmp/preopen-done
wait $preopen
echo $? >"$out/preopen-proc.rc"
kill -INT $ptracer
wait $ptracer
echo $? >"$out/preopen.rc"
grep -v '^libbpf:' "$out/preopen.err" >"$out/preopen.msgs"
log "done"
