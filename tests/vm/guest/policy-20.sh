#!/bin/bash
# tests/vm/guest/policy-20.sh BUILD_DIR — runs inside the test VM for
# tests/vm/policy-20 (issue #20): the policy emitted from real evidence,
# installed, and what it does. Records into $AFALG_VM_OUT; the host asserts.
#  1. scan kcapi-dgst and trace a hash-only workload (kcapi-dgst); policy -o;
#     the emitted modprobe.d snippet installed (a bind mount over
#     /etc/modprobe.d: the guest's root is the host's, read-only);
#     modprobe of algif_skcipher and algif_aead, a skcipher bind, the hash
#     workload again.
#  2. (snippet removed) a non-root python3 binding hash sha1 in one cgroup,
#     root kcapi-enc binding skcipher cbc(aes) in another, traced; the
#     derived allowlist.
set -u
build=$(readlink -f "${1:?usage: policy-20.sh BUILD_DIR}")
out=${AFALG_VM_OUT:?"policy-20.sh: AFALG_VM_OUT is not set (run me through tests/vm/run)"}
aa=$build/afalg-audit
py=/usr/bin/python3
work=$(mktemp -d /tmp/policy-20.XXXXXX) || exit 1
chmod 0755 "$work"
cd "$work" || exit 1
log() { echo "policy-20: $*"; }

# a bind of TYPE NAME from python: prints "ok" or the errno
cat >"$work/bind.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_ALG, socket.SOCK_SEQPACKET, 0)
try:
    s.bind((sys.argv[1], sys.argv[2]))
    print("ok")
except OSError as e:
    print(e.errno)
PY
chmod 0644 "$work/bind.py"

# --- 1. hash only ------------------------------------------------------------
lsmod >"$out/lsmod-start.txt"
"$aa" scan -q -o "$out/scan.json" /usr/bin/kcapi-dgst 2>"$out/scan.err"
echo $? >"$out/scan.rc"
"$aa" trace -q -o "$out/trace-hash.json" -- sh -c \
	'kcapi-dgst -c sha256 </dev/null >/dev/null && kcapi-dgst -c sha1 </dev/null >/dev/null' \
	2>"$out/trace-hash.err"
echo $? >"$out/trace-hash.rc"
"$aa" policy -o "$out/policy" "$out/scan.json" "$out/trace-hash.json" 2>"$out/policy.err"
echo $? >"$out/policy.rc"
"$aa" report -f json -o "$out/report.json" "$out/scan.json" "$out/trace-hash.json" \
	2>"$out/report.err"
lsmod >"$out/lsmod-before-install.txt"
mkdir -p "$work/modprobe.d"
cp -a /etc/modprobe.d/. "$work/modprobe.d/"
cp "$out/policy/afalg-audit.conf" "$work/modprobe.d/" &&
	mount --bind "$work/modprobe.d" /etc/modprobe.d
echo $? >"$out/install.rc"
for m in algif_skcipher algif_aead; do
	modprobe "$m" >"$out/modprobe-$m.out" 2>&1
	echo $? >"$out/modprobe-$m.rc"
done
# the kernel's own request_module("algif-skcipher") at bind time
"$py" "$work/bind.py" skcipher "cbc(aes)" >"$out/bind-skcipher.txt" 2>&1
"$py" "$work/bind.py" aead "gcm(aes)" >"$out/bind-aead.txt" 2>&1
kcapi-dgst -c sha256 --hex </dev/null >"$out/dgst.txt" 2>"$out/dgst.err"
echo $? >"$out/dgst.rc"
lsmod >"$out/lsmod-after-install.txt"
umount /etc/modprobe.d
log "part 1 done"

# --- 2. who binds what, per cgroup ---------------------------------------------
cg=/sys/fs/cgroup/policy-20
mkdir -p "$cg/unpriv" "$cg/priv" || exit 1
head -c 32 /dev/zero >"$work/plain"
head -c 16 /dev/zero >"$work/key16"
iv=000102030405060708090a0b0c0d0e0f
"$aa" trace -q -o "$out/trace-split.json" -- sh -c "
	sh -c 'echo \$\$ >$cg/unpriv/cgroup.procs && exec setpriv --reuid=65534 --regid=65534 \
		--clear-groups --inh-caps=-all $py $work/bind.py hash sha1' >$out/split-unpriv.txt 2>&1
	sh -c 'echo \$\$ >$cg/priv/cgroup.procs && exec kcapi-enc -e -c \"cbc(aes)\" --keyfd 3 \
		--iv $iv -i $work/plain -o $work/enc 3<$work/key16' >$out/split-priv.txt 2>&1
	echo \$? >$out/split-priv.rc" 2>"$out/trace-split.err"
echo $? >"$out/trace-split.rc"
stat -c %i "$cg/unpriv" >"$out/cgroup-unpriv.id"
stat -c %i "$cg/priv" >"$out/cgroup-priv.id"
"$aa" policy --emit allowlist "$out/trace-split.json" >"$out/allowlist.json" \
	2>"$out/policy-allowlist.err"
echo $? >"$out/policy-allowlist.rc"
log "part 2 done"
rm -rf "$work"
exit 0
