#!/bin/sh
# tests/vm/guest/smoke.sh PROG — runs inside the test VM (tests/vm/smoke-test).
# Loads virtio_crypto (if tests/vm/run did not), runs PROG (afalg_sha256)
# with its stdout in $AFALG_VM_OUT/sha256.txt, and copies /proc/crypto to
# $AFALG_VM_OUT/proc-crypto.txt. The host side asserts on both files.
# Exit status: PROG's (or 1 if the setup failed).
set -eu
if [ $# -ne 1 ]; then
	echo "usage: smoke.sh PROG" >&2
	exit 2
fi
prog=$1
out=${AFALG_VM_OUT:?"smoke.sh: AFALG_VM_OUT is not set (run me through tests/vm/run)"}

uname -r >"$out/uname.txt"
# idempotent; also fine when virtio_crypto is built in
modprobe virtio_crypto || echo "smoke.sh: modprobe virtio_crypto failed" >&2
# The device registers its algorithms from its probe; wait up to 10 s.
i=0
while ! grep -q '^driver *: virtio_crypto_aes_cbc$' /proc/crypto && [ "$i" -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done

rc=0
"$prog" >"$out/sha256.txt" || rc=$?
cp /proc/crypto "$out/proc-crypto.txt"
if [ "$rc" -ne 0 ]; then
	echo "smoke.sh: $prog exited with status $rc" >&2
fi
exit "$rc"
