#!/bin/bash
# tests/vm/guest/referee-16.sh BUILD_DIR DATA_DIR — runs inside the test VM
# for tests/vm/referee-16 (issue #16: the tracer is the referee of scan's
# uses/links). Runs the headless paths of cryptsetup, veritysetup and
# integritysetup (the host's, Debian's cryptsetup-bin) on file-backed
# devices, and of iwd's iwmon, iwctl and daemon (DATA_DIR/iwd-root, the
# pinned .debs extracted on the host, run with their own libell), all under
# one 'afalg-audit trace -o trace.json -- THIS-SCRIPT steps ...'. Each path
# runs in a cgroup of its own, /sys/fs/cgroup/referee-16/NAME, so that the
# trace's cgroup_id says which path did what.
#
# In $AFALG_VM_OUT: trace.json, trace.err, trace.rc; steps.txt, one line per
# path in the order run, tab-separated:
#   NAME PROGRAM OK_EXIT PATTERN CGROUP_ID EXIT SECONDS
# (the path counts as exercised if EXIT is in OK_EXIT, a comma list, and
# its output matches PATTERN, an ERE, "-" for none); steps/NAME.out, the
# path's output; modules.txt. The host (tests/vm/referee-16) decides; this
# script only records, and exits non-zero only when its own setup failed.
set -u
if [[ $# -lt 2 ]]; then
	echo "usage: referee-16.sh BUILD_DIR DATA_DIR" >&2
	exit 2
fi
out=${AFALG_VM_OUT:?"referee-16.sh: AFALG_VM_OUT is not set (run me through tests/vm/run)"}
log() { echo "referee-16: $*"; }

if [[ $1 != steps ]]; then
	build=$(readlink -f "$1")
	# Block devices for open: loop devices for the image files and the
	# device-mapper targets (no udev here: libdevmapper makes the
	# /dev/mapper nodes itself). A module that does not load is recorded;
	# the paths that need it fail and the host says they were not exercised.
	for m in loop dm_mod dm_crypt dm_verity dm_integrity; do
		if modprobe "$m" 2>"$out/modprobe.err"; then
			echo "$m ok"
		else
			echo "$m failed: $(head -c 300 "$out/modprobe.err" | tr '\n' ' ')"
		fi
	done >"$out/modules.txt"
	rm -f "$out/modprobe.err"
	# Debian's tmpfiles.d makes cryptsetup's locking directory on a real boot.
	mkdir -p /run/cryptsetup
	mkdir -p /sys/fs/cgroup/referee-16 || exit 1
	# Only socket() and bind() matter here. --data-path kprobe: send/recv
	# stay on kprobes, never on fentry programs a preempted task can make
	# the kernel skip (7.x), so that lost.prog_missed, which must be 0 for an
	# absence to count, is not spent on data the referee does not need.
	"$build/afalg-audit" trace --data-path kprobe -o "$out/trace.json" -- "$0" steps "$@" \
		2>"$out/trace.err"
	echo $? >"$out/trace.rc"
	log "trace exit $(cat "$out/trace.rc")"
	lsmod >"$out/lsmod-after.txt"
	exit 0
fi

# --- steps: under the tracer ------------------------------------------------
shift
data=$(readlink -f "$2")
iwd_root=$data/iwd-root
steps=$out/steps
rm -rf "$steps"
mkdir -p "$steps" || exit 1
: >"$out/steps.txt"
# The guest's / is the host's (9p), shared by guests running side by side
# (vm/referee-16-6.1 and -7.2 under ctest -j2): a directory of this run's own.
work=$(mktemp -d /tmp/referee-16.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
printf 'referee-16 passphrase' >key
# luksFormat without questions and with a fast PBKDF.
luks=(--batch-mode --key-file "$work/key" --pbkdf pbkdf2 --pbkdf-force-iterations 1000)

# cgroup NAME: make the path's cgroup, print its id (the cgroup v2 id is the
# directory's inode number).
cgroup() {
	mkdir -p "/sys/fs/cgroup/referee-16/$1" && stat -c %i "/sys/fs/cgroup/referee-16/$1"
}
# in_cgroup NAME CMD...: exec CMD in the path's cgroup (or fail, never run
# it elsewhere).
in_cgroup() {
	local cg=/sys/fs/cgroup/referee-16/$1
	shift
	/bin/sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cg" "$@"
}
record() { # NAME PROGRAM OK_EXIT PATTERN CGID RC T0
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" \
		"$(awk "BEGIN { printf \"%.1f\", $(date +%s.%N) - $7 }")" >>"$out/steps.txt"
	log "$1 ($2): exit $6"
}
# step NAME PROGRAM OK_EXIT PATTERN CMD...
step() {
	local name=$1 prog=$2 ok=$3 pat=$4 t0 cgid rc
	shift 4
	t0=$(date +%s.%N)
	cgid=$(cgroup "$name") || cgid=0
	in_cgroup "$name" "$@" >"$steps/$name.out" 2>&1
	rc=$?
	record "$name" "$prog" "$ok" "$pat" "$cgid" "$rc" "$t0"
}

# --- cryptsetup -------------------------------------------------------------
# The benchmark measures the kernel's ciphers through AF_ALG.
step cs-benchmark cryptsetup 0 'aes-xts' cryptsetup benchmark --cipher aes-xts-plain64 --key-size 256
# LUKS1 and LUKS2 images with the default cipher, aes-xts-plain64 (Debian's
# libcryptsetup does it in user space with OpenSSL), and with one OpenSSL
# lacks, serpent-xts-plain64 (libcryptsetup then goes to the kernel through
# AF_ALG for the keyslot area). luksFormat writes the keyslot, open reads it
# and activates dm-crypt on a loop device, close removes it.
for t in luks1 luks2; do
	for c in aes serpent; do
		img=$work/$t-$c.img
		truncate -s 32M "$img"
		step cs-$t-$c-format cryptsetup 0 - cryptsetup luksFormat "${luks[@]}" --type $t \
			--cipher $c-xts-plain64 --key-size 256 "$img"
		step cs-$t-$c-open cryptsetup 0 - cryptsetup open --key-file "$work/key" "$img" r16-$t-$c
		step cs-$t-$c-close cryptsetup 0 - cryptsetup close r16-$t-$c
	done
done
# LUKS2 with dm-integrity under dm-crypt: an AEAD (aes-gcm-random, checked in
# the kernel through AF_ALG before the format), and aes-xts with an HMAC.
for v in gcm:aes-gcm-random:aead:256 hmac:aes-xts-plain64:hmac-sha256:512; do
	IFS=: read -r n cipher integrity ks <<<"$v"
	img=$work/luks2-$n.img
	truncate -s 32M "$img"
	step cs-luks2-"$n"-format cryptsetup 0 - cryptsetup luksFormat "${luks[@]}" --type luks2 \
		--cipher "$cipher" --key-size "$ks" --integrity "$integrity" --integrity-no-wipe "$img"
	step cs-luks2-"$n"-open cryptsetup 0 - cryptsetup open --key-file "$work/key" "$img" r16-luks2-"$n"
	step cs-luks2-"$n"-close cryptsetup 0 - cryptsetup close r16-luks2-"$n"
done

# --- veritysetup ------------------------------------------------------------
head -c 1M /dev/zero | tr '\0' 'v' >"$work/verity-data.img"
truncate -s 1M "$work/verity-hash.img"
step vs-format veritysetup 0 '^Root hash:' veritysetup format "$work/verity-data.img" "$work/verity-hash.img"
root_hash=$(sed -n 's/^Root hash:[[:space:]]*//p' "$steps/vs-format.out")
step vs-verify veritysetup 0 - veritysetup verify "$work/verity-data.img" "$work/verity-hash.img" "$root_hash"
truncate -s 1M "$work/verity-hash2.img" "$work/verity-fec.img"
step vs-format-fec veritysetup 0 '^Root hash:' veritysetup format --fec-device "$work/verity-fec.img" \
	"$work/verity-data.img" "$work/verity-hash2.img"
root_hash2=$(sed -n 's/^Root hash:[[:space:]]*//p' "$steps/vs-format-fec.out")
step vs-verify-fec veritysetup 0 - veritysetup verify --fec-device "$work/verity-fec.img" \
	"$work/verity-data.img" "$work/verity-hash2.img" "$root_hash2"
step vs-dump veritysetup 0 '^Hash type:' veritysetup dump "$work/verity-hash.img"
step vs-open veritysetup 0 - veritysetup open "$work/verity-data.img" r16-verity "$work/verity-hash.img" "$root_hash"
step vs-status veritysetup 0 'is active' veritysetup status r16-verity
step vs-close veritysetup 0 - veritysetup close r16-verity

# --- integritysetup ---------------------------------------------------------
truncate -s 16M "$work/integrity.img"
step is-format integritysetup 0 - integritysetup format --batch-mode "$work/integrity.img"
step is-dump integritysetup 0 '^integrity_tag_size' integritysetup dump "$work/integrity.img"
step is-open integritysetup 0 - integritysetup open "$work/integrity.img" r16-integrity
step is-status integritysetup 0 'is active' integritysetup status r16-integrity
step is-close integritysetup 0 - integritysetup close r16-integrity
# Keyed: HMAC tags with a key file (dm-integrity does the HMAC in the kernel).
head -c 32 /dev/zero | tr '\0' 'k' >"$work/hmac-key"
hmac=(--integrity hmac-sha256 --integrity-key-file "$work/hmac-key" --integrity-key-size 32)
truncate -s 16M "$work/integrity-hmac.img"
step is-hmac-format integritysetup 0 - integritysetup format --batch-mode "${hmac[@]}" "$work/integrity-hmac.img"
step is-hmac-open integritysetup 0 - integritysetup open "${hmac[@]}" "$work/integrity-hmac.img" r16-integrity-hmac
step is-hmac-close integritysetup 0 - integritysetup close r16-integrity-hmac

# veritysetup and integritysetup given an active LUKS2 device by name: their
# crypt_init_by_name() then loads a LUKS2 header, the nearest they come to
# libcryptsetup's LUKS code. They say it is not theirs (exit 1).
step cs-luks2-aes-reopen cryptsetup 0 - cryptsetup open --key-file "$work/key" "$work/luks2-aes.img" r16-luks2-aes
step vs-status-luks2 veritysetup 0,1 'r16-luks2-aes' veritysetup status r16-luks2-aes
step is-status-luks2 integritysetup 0,1 'r16-luks2-aes' integritysetup status r16-luks2-aes
step cs-luks2-aes-reclose cryptsetup 0 - cryptsetup close r16-luks2-aes

# --- iwd: iwmon and iwctl link libell.so.0; the daemon calls its crypto -----
export LD_LIBRARY_PATH=$iwd_root/usr/lib/x86_64-linux-gnu
step iwmon-help iwmon 0 '^Usage:' "$iwd_root/usr/bin/iwmon" --help
step iwmon-analyze iwmon 0 'Number of packets: 1' "$iwd_root/usr/bin/iwmon" --analyze "$data/one-rtnl.pcap"
step iwmon-read iwmon 0 'RTNL: Noop' "$iwd_root/usr/bin/iwmon" --read "$data/one-rtnl.pcap"
# A live monitor: iwmon makes an nlmon interface, looks up nl80211 and, once
# it has the family, opens its packet socket on the interface and monitors
# until SIGINT (then removes the interface). Wait for that socket (the guest
# has no other packet socket) or for iwmon to exit, at most 60 s, then
# SIGINT. iwmon 2.3 crashes here before that, with or without -i: SIGSEGV
# in strncpy() from a NULL source, called from its generic-netlink handler
# once the nl80211 family is there (cfg80211 autoloaded; no wiphy). The host
# then reports the path as not exercised; it ran ell's main loop and
# netlink code up to the crash, under the tracer all the same.
t0=$(date +%s.%N)
cgid=$(cgroup iwmon-live) || cgid=0
# (stdbuf: line-buffered, so that its lines are in the file while it runs)
in_cgroup iwmon-live stdbuf -oL "$iwd_root/usr/bin/iwmon" -i nlmon >"$steps/iwmon-live.out" 2>&1 &
pid=$!
monitoring=
for _ in $(seq 600); do
	if [[ $(wc -l </proc/net/packet 2>/dev/null || echo 0) -gt 1 ]]; then
		monitoring=1
		break
	fi
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
done
cp /proc/net/packet "$out/iwmon-live-packet.txt" 2>/dev/null
kill -INT $pid 2>/dev/null
wait $pid
rc=$?
if [[ $monitoring ]] && grep -q '^Created interface nlmon' "$steps/iwmon-live.out"; then
	echo "referee-16: iwmon made nlmon and monitored it (a packet socket), then got SIGINT" \
		>>"$steps/iwmon-live.out"
fi
record iwmon-live iwmon 0 '^referee-16: iwmon made nlmon and monitored it' "$cgid" $rc "$t0"
step iwctl-help iwctl 0 'Usage' "$iwd_root/usr/bin/iwctl" --help
# The daemon checks the kernel's crypto (ell's l_checksum/l_cipher through
# AF_ALG) first thing, then finds no D-Bus system bus here and exits 1.
step iwd-startup iwd 1 'Failed to initialize D-Bus' "$iwd_root/usr/libexec/iwd"
unset LD_LIBRARY_PATH
log "steps done"
