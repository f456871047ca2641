# shellcheck shell=bash
# tests/vm/lib.sh — shared code of tests/vm/run and tests/vm/fetch-kernel.
# Sourced, never executed. Everything here assumes `set -euo pipefail`.
#
# Cache layout ($AFALG_VM_CACHE, default /var/cache/afalg-audit/vm):
#   apt/<tag>/            private apt state (sources.list, lists/, cache/, status)
#   kernels/<tag>/        a prepared kernel, replaced atomically:
#     kernel.env            what was resolved (package, version, kver, sizes, times)
#     debs/                 the downloaded .deb files
#     tree/                 dpkg-deb -x of all of them; tree/lib/modules/<kver> is depmod'ed
#     initramfs.cpio.gz     busybox + the virtio/9p/overlay modules + guest/init
#     initramfs.sha256      hash of the initramfs inputs (rebuilt when they change)
#   locks/<tag>.lock      flock: exclusive while preparing, shared while a VM runs
#   kvm-ok                a kvm-accelerated guest completed (AFALG_VM_ACCEL=auto uses kvm)

AFALG_VM_TAGS="5.10 6.1 6.12 7.2"
AFALG_VM_CACHE=${AFALG_VM_CACHE:-/var/cache/afalg-audit/vm}
AFALG_VM_MIRROR=${AFALG_VM_MIRROR:-http://deb.debian.org/debian}
AFALG_VM_SECURITY_MIRROR=${AFALG_VM_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
AFALG_VM_KEYRING=${AFALG_VM_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
# Modules the initramfs needs to reach the host root; built-in ones are skipped.
AFALG_VM_INITRD_MODULES="virtio_pci 9pnet_virtio 9p overlay"

vm_prog=${vm_prog:-tests/vm}
vm_dir=${vm_dir:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)}

# Never fail silently: report the command that tripped `set -e`.
set -E
trap 'vm_die "internal error: \"$BASH_COMMAND\" failed (status $?) at ${BASH_SOURCE[0]##*/}:$LINENO"' ERR

vm_die() {
	printf '%s: %s\n' "$vm_prog" "$*" >&2
	exit 125
}

vm_info() {
	printf '%s: %s\n' "$vm_prog" "$*" >&2
}

vm_need() {
	local cmd
	for cmd in "$@"; do
		command -v "$cmd" >/dev/null 2>&1 ||
			vm_die "required command '$cmd' not found (apt-get install qemu-system-x86 busybox-static kmod cpio xz-utils zstd)"
	done
}

vm_check_tag() {
	local t
	for t in $AFALG_VM_TAGS; do
		[[ $1 == "$t" ]] && return 0
	done
	vm_die "unknown kernel '$1' (expected one of: $AFALG_VM_TAGS)"
}

# tag -> "<mirror> <suite>"
vm_suite_for() {
	local var suite
	var=AFALG_VM_SUITE_${1//./_}
	suite=${!var:-}
	if [[ -z $suite ]]; then
		case $1 in
		5.10) suite=bullseye-security ;;
		6.1) suite=bookworm-security ;;
		6.12) suite=trixie-security ;;
		7.2) suite=sid ;;
		esac
	fi
	case $suite in
	*-security) printf '%s %s\n' "$AFALG_VM_SECURITY_MIRROR" "$suite" ;;
	*) printf '%s %s\n' "$AFALG_VM_MIRROR" "$suite" ;;
	esac
}

# The pin for a tag: AFALG_VM_PIN_5_10=linux-image-5.10.0-46-amd64[=5.10.262-1]
vm_pin_for() {
	local var=AFALG_VM_PIN_${1//./_}
	printf '%s' "${!var:-}"
}

vm_kdir() { printf '%s/kernels/%s' "$AFALG_VM_CACHE" "$1"; }

# Open the tag's lock file on fd $vm_lock_fd and take the lock ($2: -x or -s).
vm_lock() {
	mkdir -p "$AFALG_VM_CACHE/locks"
	if [[ -z ${vm_lock_fd:-} ]]; then
		exec {vm_lock_fd}>>"$AFALG_VM_CACHE/locks/$1.lock"
	fi
	flock "$2" "$vm_lock_fd"
}

vm_apt() {
	local adir=$1
	shift
	apt-get -q \
		-o Dir::Etc::SourceList="$adir/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::Etc::Preferences=/dev/null \
		-o Dir::Etc::PreferencesParts=/dev/null \
		-o Dir::State::Lists="$adir/lists" \
		-o Dir::State::status="$adir/status" \
		-o Dir::Cache="$adir/cache" \
		-o APT::Architecture=amd64 -o APT::Architectures::=amd64 \
		-o Acquire::Languages=none \
		-o APT::Sandbox::User=root \
		"$@"
}

vm_apt_cache() {
	local adir=$1
	shift
	apt-cache \
		-o Dir::Etc::SourceList="$adir/sources.list" \
		-o Dir::Etc::SourceParts=/dev/null \
		-o Dir::Etc::Preferences=/dev/null \
		-o Dir::Etc::PreferencesParts=/dev/null \
		-o Dir::State::Lists="$adir/lists" \
		-o Dir::State::status="$adir/status" \
		-o Dir::Cache="$adir/cache" \
		-o APT::Architecture=amd64 -o APT::Architectures::=amd64 \
		"$@"
}

# Private apt state for one tag; `apt-get update` on it. The system's apt
# configuration (sources, lists, cache, status) is not touched.
vm_apt_update() {
	local tag=$1 adir mirror suite log
	adir=$AFALG_VM_CACHE/apt/$tag
	read -r mirror suite < <(vm_suite_for "$tag")
	[[ -r $AFALG_VM_KEYRING ]] ||
		vm_die "archive keyring $AFALG_VM_KEYRING not found (apt-get install debian-archive-keyring)"
	mkdir -p "$adir/lists/partial" "$adir/cache/archives/partial"
	: >"$adir/status"
	printf 'deb [signed-by=%s] %s %s main\n' "$AFALG_VM_KEYRING" "$mirror" "$suite" >"$adir/sources.list"
	log=$adir/update.log
	if ! vm_apt "$adir" update >"$log" 2>&1; then
		cat "$log" >&2
		vm_die "apt-get update for $suite failed (log above)"
	fi
	# apt-get update only warns about a bad signature and keeps going with the
	# old (or no) lists: treat any signature problem as fatal.
	if grep -Eq 'NO_PUBKEY|EXPKEYSIG|is not signed|BADSIG|not valid|could not be verified|^(W|E): ' "$log"; then
		cat "$log" >&2
		if grep -q NO_PUBKEY "$log"; then
			vm_die "$suite is signed by a key missing from $AFALG_VM_KEYRING; install a newer debian-archive-keyring (e.g. from bookworm-backports) or point AFALG_VM_KEYRING at a keyring that has it"
		fi
		vm_die "apt-get update for $suite reported problems (log above)"
	fi
}

# Print "PKG=VER" of the linux-image package for a tag, following
# linux-image-amd64's Depends unless pinned.
vm_resolve() {
	local tag=$1 adir pin pkg ver deps
	adir=$AFALG_VM_CACHE/apt/$tag
	pin=$(vm_pin_for "$tag")
	if [[ -n $pin ]]; then
		pkg=${pin%%=*}
		if [[ $pin == *=* ]]; then
			ver=${pin#*=}
		else
			ver=$(vm_apt_cache "$adir" show --no-all-versions "$pkg" 2>/dev/null |
				sed -n 's/^Version: //p' | head -n1)
		fi
	else
		deps=$(vm_apt_cache "$adir" show --no-all-versions linux-image-amd64 2>/dev/null |
			sed -n 's/^Depends: //p' | head -n1)
		[[ -n $deps ]] || vm_die "linux-image-amd64 not found in $(vm_suite_for "$tag")"
		# e.g. "linux-base-amd64 (= 7.2.13-1), linux-image-7.2.13+deb14-amd64 (= 7.2.13-1)"
		read -r pkg ver < <(tr ',' '\n' <<<"$deps" |
			sed -nE 's/^ *(linux-image-[0-9][^ ]*) \(= ([^)]*)\).*/\1 \2/p' | head -n1)
	fi
	[[ -n ${pkg:-} && -n ${ver:-} ]] || vm_die "cannot resolve the kernel package for $tag (pin: '${pin:-none}')"
	printf '%s=%s\n' "$pkg" "$ver"
}

# All packages making up a kernel: the image plus its ABI-specific
# dependencies (7.x: linux-binary-*, linux-modules-*, linux-base-<abi>).
vm_package_set() {
	local tag=$1 pv=$2 adir pkg ver abi
	adir=$AFALG_VM_CACHE/apt/$tag
	pkg=${pv%%=*} ver=${pv#*=}
	abi=${pkg#linux-image-}
	printf '%s\n' "$pv"
	vm_apt_cache "$adir" show "$pkg=$ver" 2>/dev/null | sed -n 's/^Depends: //p' | head -n1 |
		tr ',|' '\n' |
		sed -nE "s/^ *(linux-[a-z]+-${abi//+/\\+}) \\(= ([^)]*)\\).*/\\1=\\2/p"
}

vm_kernel_ready() {
	[[ -f $(vm_kdir "$1")/kernel.env ]]
}

# Does the cached kernel match the pin (if any)?
vm_kernel_matches_pin() {
	local tag=$1 pin
	local mirror suite
	pin=$(vm_pin_for "$tag")
	read -r mirror suite < <(vm_suite_for "$tag")
	# shellcheck disable=SC1090,SC1091
	(
		. "$(vm_kdir "$tag")/kernel.env"
		[[ $suite == "$K_SUITE" && $mirror == "$K_MIRROR" ]] || exit 1
		[[ -z $pin ]] && exit 0
		[[ ${pin%%=*} == "$K_PACKAGE" ]] || exit 1
		[[ $pin != *=* || ${pin#*=} == "$K_VERSION" ]] || exit 1
	)
}

# Download and extract a kernel into a staging dir, then swap it in.
# Caller holds the exclusive lock.
vm_prepare_kernel() {
	local tag=$1 kdir stage pv pkgs t0 t1 bytes deb kver vmlinuz mirror suite moddir
	vm_need apt-get apt-cache dpkg-deb depmod modprobe cpio gzip xz zstd flock
	kdir=$(vm_kdir "$tag")
	read -r mirror suite < <(vm_suite_for "$tag")
	vm_info "$tag: resolving the kernel in $suite ($mirror)"
	vm_apt_update "$tag"
	pv=$(vm_resolve "$tag")
	mapfile -t pkgs < <(vm_package_set "$tag" "$pv")
	# shellcheck disable=SC1091
	if vm_kernel_ready "$tag" && [[ $(. "$kdir/kernel.env" && printf '%s|%s|%s' "$K_PACKAGES" "$K_SUITE" "$K_MIRROR") == "${pkgs[*]}|$suite|$mirror" ]]; then
		vm_info "$tag: ${pkgs[*]} is already in the cache"
		return 0
	fi
	mkdir -p "$AFALG_VM_CACHE/kernels"
	# leftovers of an interrupted prepare (we hold the exclusive lock)
	rm -rf "$AFALG_VM_CACHE/kernels/.$tag".?????? "$kdir".old.*
	stage=$(mktemp -d "$AFALG_VM_CACHE/kernels/.$tag.XXXXXX")
	chmod 755 "$stage"
	mkdir -p "$stage/debs" "$stage/tree"
	vm_info "$tag: downloading ${pkgs[*]}"
	t0=$(date +%s.%N)
	if ! (cd "$stage/debs" && vm_apt "$AFALG_VM_CACHE/apt/$tag" download "${pkgs[@]}") >"$stage/download.log" 2>&1; then
		cat "$stage/download.log" >&2
		rm -rf "$stage"
		vm_die "$tag: apt-get download ${pkgs[*]} failed (log above)"
	fi
	t1=$(date +%s.%N)
	bytes=0
	for deb in "$stage"/debs/*.deb; do
		bytes=$((bytes + $(stat -c %s "$deb")))
		dpkg-deb -x "$deb" "$stage/tree"
	done
	# Exactly one modules directory, in lib/ (<= 6.1) or usr/lib/ (>= 6.12).
	kver=$(find "$stage/tree/lib/modules" "$stage/tree/usr/lib/modules" -mindepth 1 -maxdepth 1 \
		-type d -printf '%f\n' 2>/dev/null | sort -u || true)
	[[ -n $kver && $kver != *$'\n'* ]] || {
		rm -rf "$stage"
		vm_die "$tag: expected one modules directory in ${pkgs[*]}, found: '${kver//$'\n'/ }'"
	}
	if [[ ! -e $stage/tree/lib/modules/$kver ]]; then
		mkdir -p "$stage/tree/lib"
		ln -s ../usr/lib/modules "$stage/tree/lib/modules"
	fi
	if [[ -f $stage/tree/boot/vmlinuz-$kver ]]; then
		vmlinuz=boot/vmlinuz-$kver
	elif [[ -f $stage/tree/usr/lib/modules/$kver/vmlinuz ]]; then
		vmlinuz=usr/lib/modules/$kver/vmlinuz
	else
		rm -rf "$stage"
		vm_die "$tag: no vmlinuz for $kver in ${pkgs[*]}"
	fi
	moddir=$(cd "$stage/tree/lib/modules/$kver" && pwd -P)
	moddir=${moddir#"$stage/tree/"}
	depmod -b "$stage/tree" "$kver" 2>"$stage/depmod.log" || {
		cat "$stage/depmod.log" >&2
		rm -rf "$stage"
		vm_die "$tag: depmod failed"
	}
	{
		printf 'K_TAG=%q\n' "$tag"
		printf 'K_SUITE=%q\n' "$suite"
		printf 'K_MIRROR=%q\n' "$mirror"
		printf 'K_PACKAGE=%q\n' "${pv%%=*}"
		printf 'K_VERSION=%q\n' "${pv#*=}"
		printf 'K_PACKAGES=%q\n' "${pkgs[*]}"
		printf 'K_KVER=%q\n' "$kver"
		printf 'K_VMLINUZ=%q\n' "$vmlinuz"
		printf 'K_MODDIR=%q\n' "$moddir"
		printf 'K_DOWNLOAD_BYTES=%q\n' "$bytes"
		printf 'K_DOWNLOAD_SECONDS=%q\n' "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')"
		printf 'K_PINNED=%q\n' "$(vm_pin_for "$tag")"
		printf 'K_PREPARED_AT=%q\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$stage/kernel.env.new"
	vm_build_initramfs "$stage" "$kver"
	mv "$stage/kernel.env.new" "$stage/kernel.env"
	if [[ -e $kdir ]]; then
		mv "$kdir" "$kdir.old.$$"
		rm -rf "$kdir.old.$$"
	fi
	mv "$stage" "$kdir"
}

# Inputs of the initramfs; a change rebuilds it (cheap) without re-downloading.
vm_initramfs_hash() {
	local kdir=$1
	{
		sha256sum <"$vm_dir/guest/init"
		sha256sum </bin/busybox
		printf '%s\n' "$AFALG_VM_INITRD_MODULES"
		ls "$kdir/tree/lib/modules/"
	} | sha256sum | cut -d' ' -f1
}

vm_build_initramfs() {
	local kdir=$1 kver=$2 root m line path n=0 seen=" " name
	[[ -x /bin/busybox ]] || vm_die "/bin/busybox not found (apt-get install busybox-static)"
	if ldd /bin/busybox >/dev/null 2>&1; then
		vm_die "/bin/busybox is dynamically linked; the initramfs needs busybox-static (apt-get install busybox-static)"
	fi
	root=$(mktemp -d "$kdir/.initramfs.XXXXXX")
	mkdir -p "$root"/{bin,dev,proc,sys,lower,rw,newroot,modules}
	cp /bin/busybox "$root/bin/busybox"
	for m in sh mount umount insmod mkdir mknod switch_root cat echo sleep ls mountpoint poweroff; do
		ln -s busybox "$root/bin/$m"
	done
	mknod -m 600 "$root/dev/console" c 5 1
	mknod -m 666 "$root/dev/null" c 1 3
	: >"$root/modules/order"
	for m in $AFALG_VM_INITRD_MODULES; do
		# "insmod /path/x.ko[.xz|.zst|.gz] [opts]" per dependency, in load
		# order, or "builtin x" for built-in ones.
		if ! line=$(modprobe -C /dev/null -d "$kdir/tree" -S "$kver" --show-depends "$m" 2>&1); then
			rm -rf "$root"
			vm_die "kernel $kver: modprobe --show-depends $m failed: $line"
		fi
		while read -r op path _; do
			[[ $op == insmod ]] || continue
			case $seen in *" $path "*) continue ;; esac
			seen+="$path "
			n=$((n + 1))
			name=$(printf '%02d-%s' "$n" "$(basename "$path")")
			case $path in
			*.ko) cp "$path" "$root/modules/$name" ;;
			*.ko.xz) xz -dc "$path" >"$root/modules/${name%.xz}"; name=${name%.xz} ;;
			*.ko.zst) zstd -q -dc "$path" >"$root/modules/${name%.zst}"; name=${name%.zst} ;;
			*.ko.gz) gzip -dc "$path" >"$root/modules/${name%.gz}"; name=${name%.gz} ;;
			*) rm -rf "$root"; vm_die "kernel $kver: unexpected module file $path" ;;
			esac
			printf '%s\n' "$name" >>"$root/modules/order"
		done <<<"$line"
	done
	printf 'KVER=%s\n' "$kver" >"$root/afalg-vm.conf"
	install -m 755 "$vm_dir/guest/init" "$root/init"
	(cd "$root" && find . -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet | gzip -1) >"$kdir/initramfs.cpio.gz.new"
	mv "$kdir/initramfs.cpio.gz.new" "$kdir/initramfs.cpio.gz"
	# modules/order lists what is loaded; keep a copy for the curious
	cp "$root/modules/order" "$kdir/initramfs.modules"
	rm -rf "$root"
	vm_initramfs_hash "$kdir" >"$kdir/initramfs.sha256"
}

# Make sure $tag is prepared; on return the caller holds a SHARED lock on it
# (kept until the process exits) and K_* from kernel.env are set.
# $2 = 1 forces a fresh resolution + download.
vm_ensure_kernel() {
	local tag=$1 refresh=${2:-0} kdir
	kdir=$(vm_kdir "$tag")
	mkdir -p "$AFALG_VM_CACHE"
	vm_lock "$tag" -s
	if [[ $refresh == 1 ]] || ! vm_kernel_ready "$tag" || ! vm_kernel_matches_pin "$tag" ||
		[[ $(cat "$kdir/initramfs.sha256" 2>/dev/null) != "$(vm_initramfs_hash "$kdir" 2>/dev/null)" ]]; then
		vm_lock "$tag" -x
		# re-check under the exclusive lock: another process may have done it
		if [[ $refresh == 1 ]] || ! vm_kernel_ready "$tag" || ! vm_kernel_matches_pin "$tag"; then
			vm_prepare_kernel "$tag"
		elif [[ $(cat "$kdir/initramfs.sha256" 2>/dev/null) != "$(vm_initramfs_hash "$kdir")" ]]; then
			# shellcheck disable=SC1091
			vm_build_initramfs "$kdir" "$(. "$kdir/kernel.env" && printf '%s' "$K_KVER")"
		fi
		vm_lock "$tag" -s
	fi
	# shellcheck disable=SC1091
	. "$kdir/kernel.env"
}

vm_describe_kernel() {
	printf '%s: %s %s (%s, uname -r %s; %s MB downloaded in %ss)\n' "$K_TAG" \
		"$K_PACKAGE" "$K_VERSION" "$K_SUITE" "$K_KVER" \
		"$(( (K_DOWNLOAD_BYTES + 524288) / 1048576 ))" "$K_DOWNLOAD_SECONDS"
}
