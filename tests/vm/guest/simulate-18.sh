#!/bin/bash
# tests/vm/guest/simulate-18.sh BUILD_DIR — runs inside the test VM for
# tests/vm/simulate-18 (issue #18): 'afalg-audit simulate' on real programs
# on a kernel with AF_ALG. Writes one simulate JSON per case into
# $AFALG_VM_OUT/CASE.json (and CASE.err, CASE.rc); the host asserts. This
# script only records, and exits non-zero only when its own setup failed.
set -u
build=$(readlink -f "${1:?usage: simulate-18.sh BUILD_DIR}")
out=${AFALG_VM_OUT:?"simulate-18.sh: AFALG_VM_OUT is not set (run me through tests/vm/run)"}
aa=$build/afalg-audit
# The guest's / is the host's (9p), shared by guests running side by side:
# a directory of this run's own.
work=$(mktemp -d /tmp/simulate-18.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# python3 of the system (a non-root user cannot read root's pyenv)
py=/usr/bin/python3

# sim CASE ARGS...: one simulate run, its JSON in CASE.json (only the
# cases named in $2, a comma list, when given: for running one by hand)
only=${2:-}
sim() {
	local name=$1
	shift
	[[ -z $only || ,$only, == *,$name,* ]] || return 0
	echo "simulate-18: $name"
	"$aa" simulate -o "$out/$name.json" "$@" 2>"$out/$name.err"
	echo $? >"$out/$name.rc"
}

# kcapi-dgst -c sha256 (hashes stdin: /dev/null in every run)
sim kcapi-m0 -m M0:hash,M0:skcipher -- kcapi-dgst -c sha256
sim kcapi-m4 -m M4 -- kcapi-dgst -c sha256
# an allowlist without sha256
cat >"$work/allow-no-sha256.json" <<'JSON'
{"format": "afalg-audit-allowlist", "version": 1, "name": "test: no sha256",
 "source": "tests/vm/guest/simulate-18.sh",
 "entries": [{"type": "hash", "name": "sha1", "privileged": false}]}
JSON
sim kcapi-m4-without -m M4 --allowlist "$work/allow-no-sha256.json" -- kcapi-dgst -c sha256

# hardlink on two identical files, made anew for every run
d=$work/hl
sim hardlink -m M0:hash --keep-output -- sh -c "rm -rf $d && mkdir $d && head -c 65536 /dev/urandom >$d/a \
	&& cp -p $d/a $d/b && hardlink -v $d && test \$(stat -c %h $d/a) = 2"

# cryptsetup benchmark, one cipher (all of them take minutes under TCG)
sim cryptsetup -m M0:skcipher --timeout 300s -- cryptsetup benchmark --cipher aes-cbc-essiv:sha256 \
	--key-size 256

# OpenSSL's afalg engine, aes-128-cbc
head -c 65536 /dev/zero >"$work/plain"
sim openssl -m M6 -- openssl enc -engine afalg -aes-128-cbc -K 000102030405060708090a0b0c0d0e0f \
	-iv 000102030405060708090a0b0c0d0e0f -in "$work/plain" -out /dev/null

# what M1 and M2 change without an error, observed in the normal run: the
# afalg engine's io_submit (M2)
sim openssl-aio -m M2 -- openssl enc -engine afalg -aes-128-cbc -K 000102030405060708090a0b0c0d0e0f \
	-iv 000102030405060708090a0b0c0d0e0f -in "$work/plain" -out /dev/null
# the suite's own program: vmsplice+splice into hash and skcipher op
# sockets, io_submit on an skcipher one, and io_uring (unseen by seccomp)
sim afalg-io -m M1,M2,M6 -- "$build/tests/trace/afalg_io" all

# python3, AEAD, as a non-root user: gcm(aes) (not on the allowlist) and
# ccm(aes) (a privileged entry)
cat >"$work/aead.py" <<'PY'
import socket, sys
alg = sys.argv[1]
s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
try:
    s.bind(("aead", alg))
except OSError as e:
    print(f"bind aead {alg}: {e}", file=sys.stderr)
    sys.exit(1)
s.setsockopt(socket.SOL_ALG, socket.ALG_SET_KEY, b"k" * 16)
print(f"aead {alg} bound")
PY
chmod 0755 "$work" && chmod 0644 "$work/aead.py"
nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
sim python-gcm-nobody -m M4,M5 -- "${nobody[@]}" "$py" "$work/aead.py" "gcm(aes)"
sim python-ccm-nobody -m M4,M5 -- "${nobody[@]}" "$py" "$work/aead.py" "ccm(aes)"
sim python-ccm-root -m M5 -- "$py" "$work/aead.py" "ccm(aes)"

# a real package's own test suite under every M0 measure (the worked example
# of docs/simulate.md): CPython's AF_ALG tests, Debian's libpython3.11-testsuite
# (on one kernel: it takes a minute under TCG)
if [[ ${AFALG_VM_KERNEL:-} == 6.12 || -n $only ]]; then
	sim python-testsuite -m M0 --timeout 600s -- "$py" -m test test_socket -m LinuxKernelCryptoAPI -v
fi

# a bind whose address is shorter than struct sockaddr_alg (header, name,
# NUL: 31 bytes for sha256), which alg_bind() accepts since 5.9
cat >"$work/short-bind.py" <<'PY'
import ctypes, socket, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
addr = struct.pack("=H14sII", socket.AF_ALG, b"hash", 0, 0) + b"sha256\0"
if libc.bind(s.fileno(), addr, len(addr)) != 0:
    print("bind:", ctypes.get_errno(), file=sys.stderr)
    sys.exit(1)
print("bound", len(addr))
PY
sim short-bind -m M0:hash -- "$py" "$work/short-bind.py"

# a child after fork+exec (the shell forks: a command follows)
sim fork-exec -m M0:hash -- sh -c 'kcapi-dgst -c sha256; exit $?'

# a program that never uses AF_ALG
sim no-afalg -- ls /

# another process on the machine that uses AF_ALG keeps working during a
# simulation: it runs outside, and each simulated run waits for three of its
# hashes (no fixed sleeps) before it hashes itself under M6
: >"$work/outside.txt"
(
	while [[ ! -e $work/stop ]]; do
		kcapi-dgst -c sha256 </dev/null >/dev/null 2>>"$work/outside.err"
		echo $? >>"$work/outside.txt"
	done
) &
outside=$!
sim concurrent -m M6 -- sh -c "n=\$(wc -l <$work/outside.txt); \
	until [ \$(wc -l <$work/outside.txt) -ge \$((n + 3)) ]; do sleep 0.05; done; \
	kcapi-dgst -c sha256; exit \$?"
touch "$work/stop"
wait "$outside"
cp "$work/outside.txt" "$out/outside.txt"
cp "$work/outside.err" "$out/outside.err" 2>/dev/null
uname -r >"$out/uname.txt"
exit 0
