# Shared by the tests of issue #15's security items (sourced, bash).
# Waits are for events (a line, a file's content, a process's end), each
# with a hard bound; never a fixed sleep deciding an outcome.

# wait_until SECONDS COMMAND...: poll COMMAND until it succeeds; 1 after SECONDS.
wait_until() {
	local end=$((${EPOCHREALTIME/./} + ${1} * 1000000))
	shift
	until "$@"; do
		((${EPOCHREALTIME/./} < end)) || return 1
		sleep 0.05
	done
}

# gone PID: the process has ended (a zombie of ours counts as ended).
gone() {
	local st
	st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 0
	[[ $st == Z ]]
}

# Microseconds since the epoch.
now_us() { echo "${EPOCHREALTIME/./}"; }

# has_activity FILE EXE_SUFFIX [FUNCTION]: FILE (trace JSON) records a socket()
# by a program whose path ends in EXE_SUFFIX (and its call site in FUNCTION).
has_activity() {
	/usr/bin/python3 - "$@" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except (OSError, ValueError):
    sys.exit(1)
want = sys.argv[3] if len(sys.argv) > 3 else None
for p in d.get("programs", []):
    if not (p.get("exe") or "").endswith(sys.argv[2]):
        continue
    for a in p.get("activities", []):
        if a.get("op") != "socket":
            continue
        if want is None or (a.get("site") or {}).get("function") == want:
            sys.exit(0)
sys.exit(1)
PY
}

# The protected_* sysctls off for the test (many systems run without them),
# restored on exit by restore_sysctls (call it from the EXIT trap).
saved_sysctls=
relax_sysctls() {
	saved_sysctls=$(sysctl -e fs.protected_symlinks fs.protected_regular fs.protected_fifos |
		sed 's/ = /=/' | tr '\n' ' ')
	sysctl -q -w fs.protected_symlinks=0 fs.protected_regular=0 fs.protected_fifos=0 ||
		{ echo "cannot set fs.protected_* (needs root)"; exit 1; }
}
restore_sysctls() {
	[[ -n $saved_sysctls ]] && sysctl -q -w $saved_sysctls
	saved_sysctls=
}

# build_prog DIR CC [LINKFLAGS...]: DIR/prog calling socket(AF_ALG), with -g.
build_prog() {
	local dir=$1 cc=$2
	shift 2
	printf '#include <sys/socket.h>\nint main(void){return socket(38,SOCK_SEQPACKET,0)<0;}\n' >"$dir/p.c"
	"$cc" -g -O0 "$@" -o "$dir/prog" "$dir/p.c" || return 1
	chmod 755 "$dir/prog"
}
