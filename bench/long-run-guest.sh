#!/bin/bash
# Runs in a guest (tests/vm/run), started by bench/long-run (issue #6): the
# tracer through a long synthetic run that compresses a week of churn, with
# its memory, CPU time and file descriptors sampled all along.
#
# The churn, generation after generation until SECS have passed:
#  - 20 new AF_ALG executables (fresh copies of afalg_sha256: new inodes,
#    new paths; each does socket, bind, accept, send, recv: ~5 findings),
#    the previous generation deleted; with /bin/true runs among them, 4 at a
#    time, for GEN_SECS (forkstorm);
#  - one python3 process binding 20 algorithm names no other generation
#    uses (20 more distinct findings of one executable) and opening, binding
#    and closing 50 UNIX and UDP sockets (the socket hooks fire for them).
# So the distinct findings grow without end, far beyond --max-keys: the
# table fills during the warm-up, everything after is counted as lost.
# The tracer saves its --state every STATE_INTERVAL seconds all along.
#
# Every SAMPLE seconds, with shell builtins only (cheap under TCG):
# samples.txt "uptime epoch VmRSS VmHWM RssAnon RssFile ticks fds
# statebytes statemtime gen" (KiB; ticks = utime + stime of all threads,
# fields 14 + 15 of stat; statemtime: the --state file's, epoch seconds).
# Every MAP_EVERY seconds: maps.txt "uptime name entries max_entries" for
# the tracer's BPF hash maps (bpftool; its CPU is not the tracer's).
#
# Usage: long-run-guest.sh BUILD_DIR SECS [MAX_KEYS]
# Environment: STATE_INTERVAL (default 1), SAMPLE (5), MAP_EVERY (120),
# GEN_SECS (8).
set -u
build=$(readlink -f "$1")
secs=$2
max_keys=${3:-512}
state_interval=${STATE_INTERVAL:-1}
sample=${SAMPLE:-5}
map_every=${MAP_EVERY:-120}
gen_secs=${GEN_SECS:-8}
out=$AFALG_VM_OUT
storm=$build/tests/trace/forkstorm
user=$build/tests/vm/afalg_sha256
work=/tmp/long-run
mkdir -p "$work"
rm -f "$work/stop"

{
	echo "kernel $(uname -r) nproc $(nproc) max_keys $max_keys secs $secs"
	echo "state_interval $state_interval sample $sample gen_secs $gen_secs"
	grep -m1 'model name' /proc/cpuinfo
	grep MemTotal /proc/meminfo
} >"$out/info.txt"

"$build/afalg-audit" trace --max-keys "$max_keys" --state "$work/state.json" \
	--state-interval "$state_interval" -o "$out/long.json" 2>"$out/long.err" &
tracer=$!
for _ in $(seq 1 600); do
	grep -q "tracing AF_ALG use" "$out/long.err" 2>/dev/null && break
	kill -0 $tracer 2>/dev/null || { echo "long-run: tracer died"; cat "$out/long.err"; exit 1; }
	sleep 0.1
done
grep -q "tracing AF_ALG use" "$out/long.err" || { echo "long-run: tracer did not start"; exit 1; }
read -r t0 _ </proc/uptime
echo "$t0" >"$out/start.txt"
getconf CLK_TCK >"$out/hz.txt"

# Sampler.
(
	while [[ ! -e $work/stop ]] && kill -0 $tracer; do
		read -r up _ </proc/uptime || break
		read -r st </proc/$tracer/stat || break
		# shellcheck disable=SC2086 # split into stat's fields
		set -- ${st##*) }
		ticks=$((${12} + ${13}))
		rss='' hwm='' anon='' file=''
		while read -r k v _; do
			case $k in
			VmRSS:) rss=$v ;; VmHWM:) hwm=$v ;; RssAnon:) anon=$v ;; RssFile:) file=$v ;;
			esac
		done </proc/$tracer/status
		fds=("/proc/$tracer/fd/"*)
		sz='0 0'
		[[ -e $work/state.json ]] && { s=$(stat -c '%s %Y' "$work/state.json" 2>/dev/null) && sz=$s; }
		g=0
		[[ -e $work/gen ]] && read -r g <"$work/gen"
		echo "$up $(date +%s) $rss $hwm $anon $file $ticks ${#fds[@]} $sz $g" >>"$out/samples.txt"
		sleep "$sample"
	done
) 2>/dev/null &
sampler=$!

# BPF map occupancy, now and then (the tracer's maps: those it holds open).
maps_once() {
	local up f k v type id ids=()
	read -r up _ </proc/uptime
	for f in "/proc/$tracer/fdinfo/"*; do
		type='' id=''
		while read -r k v _; do
			case $k in
			map_type:) type=$v ;; map_id:) id=$v ;;
			esac
		done <"$f"
		[[ $type == 1 || $type == 9 ]] && ids+=("$id") # hash, lru_hash
	done
	python3 - "$up" "${ids[@]}" >>"$out/maps.txt" <<'PY'
import json, subprocess, sys
for i in sys.argv[2:]:
    def bt(*a):
        return json.loads(subprocess.run(["bpftool", "-j", "map", *a, "id", i],
                                         capture_output=True, text=True).stdout or "null")
    show, dump = bt("show"), bt("dump")
    print(sys.argv[1], show.get("name", "?") if show else "?",
          len(dump) if isinstance(dump, list) else "?",
          show.get("max_entries", "?") if show else "?")
PY
}
(
	while [[ ! -e $work/stop ]] && kill -0 $tracer; do
		maps_once
		for _ in $(seq 1 "$map_every"); do [[ -e $work/stop ]] && break; sleep 1; done
	done
) 2>/dev/null &
mapper=$!

# The churn.
read -r now _ </proc/uptime
end=${now%.*}
end=$((end + secs))
g=0
prev=''
: >"$out/churn.txt"
while :; do
	read -r now _ </proc/uptime
	[[ ${now%.*} -ge $end ]] && break
	g=$((g + 1))
	echo $g >"$work/gen"
	d=$work/g$g
	mkdir -p "$d"
	progs=()
	for i in $(seq 1 20); do
		cp "$user" "$d/u$i"
		progs+=("$d/u$i" /bin/true /bin/true)
	done
	r=$("$storm" "$gen_secs" 4 "${progs[@]}" 2>&1)
	python3 - "$g" <<'EOF' >/dev/null 2>&1
import socket, sys
g = sys.argv[1]
for i in range(20):
    s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
    try:
        s.bind(("hash", f"nosuch-g{g}-{i}"))
    except OSError:
        pass
    s.close()
for i in range(25):
    u = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    u.bind(f"\0long-run-{g}-{i}")
    u.close()
    d = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    d.bind(("0.0.0.0", 0))
    d.close()
EOF
	echo "$now $g $r python $?" >>"$out/churn.txt"
	[[ -n $prev ]] && rm -rf "$prev"
	prev=$d
done
touch "$work/stop"
wait $sampler $mapper 2>/dev/null
maps_once
kill -INT $tracer
wait $tracer
echo $? >"$out/long.rc"
cp "$work/state.json" "$out/state.json" 2>/dev/null
exit 0
