#!/usr/bin/env bash
# build-userland.sh - static musl sysroot + busybox + dash for Socle's ports.
#
#   toolchains/build-userland.sh [--arch A|all|A,B] [--jobs N] [--refresh]
#                                [--keep-build] [--print-dir] [--no-install]
#
# Everything (private apt configuration, source packages, builds, results)
# lives in ${SOCLE_CACHE:-$HOME/.cache/socle}/userland, never in the repo.
# Results: <cache>/userland/<key>/<arch>/{sysroot/,bin/busybox,bin/dash,stamp}
# and the symlink <cache>/userland/latest/<arch> -> ../<key>/<arch>.
# See docs/userland-build.md.
set -euo pipefail

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
TC=$(dirname "$SELF")
REPO=$(dirname "$TC")
BB_FRAGMENT=$TC/busybox-userland.config
PKG_LIST=$TC/userland-packages.txt
ALL_ARCHES=(x86_64 arm64 riscv64 ppc64le s390x)
SRC_PKGS=(musl busybox dash)

CLANG=clang-19
LLVM_AR=llvm-ar-19
LLVM_RANLIB=llvm-ranlib-19
LLVM_STRIP=llvm-strip-19
LLVM_NM=llvm-nm-19
LLVM_OBJCOPY=llvm-objcopy-19
LLVM_OBJDUMP=llvm-objdump-19
READELF=llvm-readelf-19
GCC_VER=12

usage() { sed -n '2,11s/^# \{0,1\}//p' "$SELF"; }
die() { echo "build-userland: error: $*" >&2; exit 1; }
say() { echo "build-userland: $*"; }

opt_arch=all
opt_jobs=$(nproc 2>/dev/null || echo 2)
opt_refresh=0
opt_keep=0
opt_print=0
opt_install=1
while [ $# -gt 0 ]; do
	case $1 in
	--arch) [ $# -ge 2 ] || die "--arch needs a value"; opt_arch=$2; shift 2;;
	--arch=*) opt_arch=${1#*=}; shift;;
	--jobs|-j) [ $# -ge 2 ] || die "--jobs needs a value"; opt_jobs=$2; shift 2;;
	--jobs=*) opt_jobs=${1#*=}; shift;;
	-j[0-9]*) opt_jobs=${1#-j}; shift;;
	--refresh) opt_refresh=1; shift;;
	--keep-build) opt_keep=1; shift;;
	--print-dir) opt_print=1; shift;;
	--no-install) opt_install=0; shift;;
	-h|--help) usage; exit 0;;
	*) die "unknown option '$1' (see --help)";;
	esac
done
case $opt_jobs in ''|*[!0-9]*|0) die "--jobs wants a positive number, not '$opt_jobs'";; esac

ARCHES=()
if [ "$opt_arch" = all ]; then
	ARCHES=("${ALL_ARCHES[@]}")
else
	IFS=, read -r -a _req <<<"$opt_arch"
	for a in "${_req[@]}"; do
		case " ${ALL_ARCHES[*]} " in *" $a "*) ARCHES+=("$a");; *) die "unknown arch '$a' (${ALL_ARCHES[*]} or all)";; esac
	done
fi

# Per-arch facts: musl triple, GNU triple (libgcc / kernel headers), Debian
# arch, llvm-readelf's Machine string, qemu-user binary.
arch_info() {
	case $1 in
	x86_64)  T=x86_64-linux-musl;      GNU=x86_64-linux-gnu;      DEBARCH=amd64;   MACH='Advanced Micro Devices X86-64'; QEMU=qemu-x86_64-static;;
	arm64)   T=aarch64-linux-musl;     GNU=aarch64-linux-gnu;     DEBARCH=arm64;   MACH='AArch64';   QEMU=qemu-aarch64-static;;
	riscv64) T=riscv64-linux-musl;     GNU=riscv64-linux-gnu;     DEBARCH=riscv64; MACH='RISC-V';    QEMU=qemu-riscv64-static;;
	ppc64le) T=powerpc64le-linux-musl; GNU=powerpc64le-linux-gnu; DEBARCH=ppc64el; MACH='PowerPC64'; QEMU=qemu-ppc64le-static;;
	s390x)   T=s390x-linux-musl;       GNU=s390x-linux-gnu;       DEBARCH=s390x;   MACH='IBM S/390'; QEMU=qemu-s390x-static;;
	esac
	# Debian's native libgcc-12-dev lives under gcc/, the cross ones under gcc-cross/.
	if [ "$DEBARCH" = "$(dpkg --print-architecture)" ]; then
		GCCDIR=/usr/lib/gcc/$GNU/$GCC_VER
	else
		GCCDIR=/usr/lib/gcc-cross/$GNU/$GCC_VER
	fi
	KHDR=/usr/$GNU/include     # linux-libc-dev-<debarch>-cross
	[ "$(uname -m)" = x86_64 ] && [ "$1" = x86_64 ] && QEMU=
	return 0
}

# ---- steps: one line each, log to a file, loud failure --------------------
CUR_LOG=
step() { # step LOGFILE "description" cmd...
	local log=$1 desc=$2 t0 rc; shift 2
	mkdir -p "$(dirname "$log")"
	t0=$(date +%s)
	printf 'build-userland: %-58s ' "$desc"
	set +e
	( set -e; "$@" ) >"$log" 2>&1
	rc=$?
	set -e
	if [ $rc -ne 0 ]; then
		echo "FAILED (rc=$rc, $(( $(date +%s) - t0 ))s)"
		echo "---- last 40 lines of $log ----" >&2
		tail -n 40 "$log" >&2
		echo "---- end of $log ----" >&2
		exit 1
	fi
	echo "ok ($(( $(date +%s) - t0 ))s)"
}

# ---- host packages --------------------------------------------------------
check_packages() {
	local missing=() p
	while read -r p; do
		dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
	done < <(grep -v '^\s*#' "$PKG_LIST" | sed '/^\s*$/d')
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ $opt_install = 1 ] && [ "$(id -u)" = 0 ]; then
		step "$CACHE/logs/apt-install.log" "install host packages: ${missing[*]:0:3}..." \
			env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
	else
		die "missing Debian packages: ${missing[*]} (apt-get install --no-install-recommends ...)"
	fi
}

# ---- private apt configuration --------------------------------------------
# deb-src lines derived from the machine's own deb822 and one-line sources.
gen_sources() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
		function flush() {
			if (types ~ /(^| )deb( |$)|deb-src/ && enabled != "no" && uris != "" && suites != "") {
				n = split(uris, U, " "); m = split(suites, S, " ")
				opt = (signed ~ /^\// ? "[signed-by=" signed "] " : "")
				for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
					print "deb-src " opt U[i] " " S[j] (S[j] ~ /\/$/ ? "" : " " comps)
			}
			types = uris = suites = comps = signed = enabled = ""; field = ""
		}
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); next }
		/^[ \t]/ { next }   # continuation line (e.g. an inline key)
		{
			k = tolower($0); sub(/:.*/, "", k); v = $0; sub(/^[^:]*:[ \t]*/, "", v)
			if (k == "types") types = v; else if (k == "uris") uris = v
			else if (k == "suites") suites = v; else if (k == "components") comps = v
			else if (k == "signed-by") signed = v; else if (k == "enabled") enabled = tolower(v)
		}
		END { flush() }' "$f"
	done
	if [ -f /etc/apt/sources.list ]; then
		sed -n -E 's/^[[:space:]]*deb(-src)?[[:space:]]+/deb-src /p' /etc/apt/sources.list
	fi
}

APTD=
APT_OPTS=()
setup_apt() {
	APTD=$CACHE/apt
	mkdir -p "$APTD"/etc/sources.list.d "$APTD"/etc/preferences.d "$APTD"/etc/apt.conf.d \
		"$APTD"/lists/partial "$APTD"/cache/archives/partial "$APTD"/state
	gen_sources | awk '!seen[$0]++' >"$APTD/etc/sources.list.new"
	[ -s "$APTD/etc/sources.list.new" ] || die "no deb/deb-src entries found in /etc/apt/sources.list{,.d/*.sources}"
	if ! cmp -s "$APTD/etc/sources.list.new" "$APTD/etc/sources.list"; then
		mv "$APTD/etc/sources.list.new" "$APTD/etc/sources.list"
		opt_refresh=1
	else
		rm -f "$APTD/etc/sources.list.new"
	fi
	APT_OPTS=(
		-o "Dir::Etc::SourceList=$APTD/etc/sources.list"
		-o "Dir::Etc::SourceParts=$APTD/etc/sources.list.d"
		-o "Dir::Etc::Parts=$APTD/etc/apt.conf.d"
		-o "Dir::Etc::Preferences=$APTD/etc/preferences"
		-o "Dir::Etc::PreferencesParts=$APTD/etc/preferences.d"
		-o "Dir::State=$APTD/state"
		-o "Dir::State::Lists=$APTD/lists"
		-o "Dir::State::status=/var/lib/dpkg/status"
		-o "Dir::Cache=$APTD/cache"
		-o "APT::Sandbox::User=$(id -un)"
		-o "Acquire::Languages=none"
		-o "APT::Get::Only-Source=true"
	)
	if ! ls "$APTD"/lists/*Sources* >/dev/null 2>&1; then opt_refresh=1; fi
	if [ $opt_refresh = 1 ]; then
		step "$CACHE/logs/apt-update.log" "private apt: update deb-src lists" \
			apt-get "${APT_OPTS[@]}" -q update
	fi
}

# src_version PKG -> version apt-get source would fetch (no epoch, as in the .dsc name)
src_version() {
	apt-get "${APT_OPTS[@]}" -q source --print-uris "$1" 2>/dev/null |
		sed -n -E "s/^'[^']*' ${1}_([^ ]*)\.dsc .*/\1/p" | head -n1
}

# fetch_src PKG VER -> $CACHE/src/PKG_VER/tree (Debian patches applied)
SRC_REV=1   # bump when the source preparation below changes
src_dir() { echo "$CACHE/src/${1}_$2+s$SRC_REV"; }
fetch_src() {
	local pkg=$1 ver=$2 d; d=$(src_dir "$1" "$2")
	[ -f "$d/.unpacked" ] && return 0
	rm -rf "$d"; mkdir -p "$d/dl"
	step "$CACHE/logs/src-$pkg.log" "source: apt-get source $pkg ($ver), dpkg-source -x" \
		bash -c 'cd "$1" && shift && apt-get "$@" -q source --download-only "$0" &&
			dpkg-source -x ./*.dsc ../tree' "$pkg" "$d/dl" "${APT_OPTS[@]}"
	if [ "$pkg" = busybox ]; then
		# clang treats "extern T *const ptr_to_globals" as never changing and
		# reads it before SET_PTR_TO_GLOBALS() stores it (awk, top, vi, ...
		# then crash on a NULL+offset write, seen on arm64/riscv64/ppc64le/
		# s390x). Route it through BB_GLOBAL_CONST like busybox's other such
		# pointers; the fragment sets -DBB_GLOBAL_CONST= (upstream's knob).
		step "$CACHE/logs/src-busybox-socle.log" "source: busybox: ptr_to_globals -> BB_GLOBAL_CONST" \
			bash -c 'cd "$1" && sed -i "s/^extern struct globals \*const ptr_to_globals;/extern struct globals *BB_GLOBAL_CONST ptr_to_globals;/" include/libbb.h &&
				grep -q "^extern struct globals \*BB_GLOBAL_CONST ptr_to_globals;" include/libbb.h' _ "$d/tree"
	fi
	if [ "$pkg" = dash ]; then
		step "$CACHE/logs/src-dash-autoreconf.log" "source: autoreconf -fi dash" \
			bash -c 'cd "$1" && autoreconf -fi' _ "$d/tree"
	fi
	touch "$d/.unpacked"
}

# ---- per-arch builds ------------------------------------------------------
write_wrapper() { # the cc every userland build uses for this arch
	mkdir -p "$OUT/tools"
	cat >"$OUT/tools/cc" <<EOF
#!/bin/sh
# clang-19 for $T, static musl sysroot, Debian's libgcc runtime.
exec $CLANG --target=$T --sysroot="$OUT/sysroot" -fuse-ld=lld \\
	--rtlib=libgcc --unwindlib=none -B"$GCCDIR" -L"$GCCDIR" \\
	-Wno-unused-command-line-argument "\$@"
EOF
	chmod +x "$OUT/tools/cc"
}

build_musl() {
	local b=$BUILD/musl src; src=$(src_dir musl "$MUSL_VER")/tree
	rm -rf "$b" "$OUT/sysroot"; mkdir -p "$b"
	cd "$b"
	CC="$CLANG --target=$T" AR=$LLVM_AR RANLIB=$LLVM_RANLIB CFLAGS="-O2 -g0" \
		"$src/configure" --target="$T" --prefix=/usr --syslibdir=/lib --disable-shared
	make -j"$opt_jobs" AR=$LLVM_AR RANLIB=$LLVM_RANLIB
	make AR=$LLVM_AR RANLIB=$LLVM_RANLIB DESTDIR="$OUT/sysroot" install
	rm -rf "$OUT/sysroot/usr/bin"   # musl-gcc/musl-clang wrappers: not ours
	# Linux UAPI headers (Debian's linux-libc-dev-<debarch>-cross).
	local d
	for d in asm asm-generic linux mtd scsi drm misc rdma sound video xen; do
		[ -d "$KHDR/$d" ] && cp -a "$KHDR/$d" "$OUT/sysroot/usr/include/"
	done
	test -f "$OUT/sysroot/usr/lib/libc.a" && test -f "$OUT/sysroot/usr/include/linux/fs.h"
	# The runtime files the link uses must be there.
	local f; for f in libgcc.a libgcc_eh.a crtbeginT.o crtend.o; do test -f "$GCCDIR/$f"; done
	write_wrapper
	printf '#include <stdio.h>\nint main(void){puts("hi");return 0;}\n' >"$b/t.c"
	"$OUT/tools/cc" -static -O2 "$b/t.c" -o "$b/t"
	touch "$OUT/sysroot/.musl-ok"
}

bb_apply_fragment() { # .config <- fragment
	local cfg=$1 line sym
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) sym=${line%%=*};;
		"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *};;
		*) continue;;
		esac
		sed -i -E "/^(# )?$sym(=| is not set)/d" "$cfg"
		echo "$line" >>"$cfg"
	done <"$BB_FRAGMENT"
}

bb_check_fragment() {
	local cfg=$1 line bad=0
	while IFS= read -r line; do
		case $line in CONFIG_*=*|"# CONFIG_"*" is not set") ;; *) continue;; esac
		grep -qxF "$line" "$cfg" || { echo "busybox config: wanted '$line'"; bad=1; }
	done <"$BB_FRAGMENT"
	return $bad
}

BB_MAKE=()
bb_make_cmd() { # set in the parent shell: steps run in subshells
	BB_MAKE=(make -C "$(src_dir busybox "$BB_VER")/tree" O="$BUILD/busybox" CROSS_COMPILE=
		CC="$OUT/tools/cc" HOSTCC=gcc
		AR=$LLVM_AR NM=$LLVM_NM STRIP=$LLVM_STRIP OBJCOPY=$LLVM_OBJCOPY OBJDUMP=$LLVM_OBJDUMP
		SKIP_STRIP=y KCONFIG_NOTIMESTAMP=1)
}
build_busybox_config() {
	local b=$BUILD/busybox
	rm -rf "$b"; mkdir -p "$b"
	"${BB_MAKE[@]}" defconfig
	bb_apply_fragment "$b/.config"
	(yes "" || true) | "${BB_MAKE[@]}" oldconfig >/dev/null
	bb_check_fragment "$b/.config"
}

build_busybox() {
	local b=$BUILD/busybox
	"${BB_MAKE[@]}" -j"$opt_jobs" busybox
	mkdir -p "$OUT/bin"
	$LLVM_STRIP -o "$OUT/bin/busybox" "$b/busybox_unstripped"
	cp "$b/.config" "$OUT/busybox.config"
}

build_dash() {
	local b=$BUILD/dash src; src=$(src_dir dash "$DASH_VER")/tree
	rm -rf "$b"; mkdir -p "$b"; cd "$b"
	"$src/configure" --host="$T" --enable-static --prefix=/ \
		CC="$OUT/tools/cc" CC_FOR_BUILD=gcc AR=$LLVM_AR RANLIB=$LLVM_RANLIB \
		CFLAGS="-O2 -g0"
	make -j"$opt_jobs"
	mkdir -p "$OUT/bin"
	$LLVM_STRIP -o "$OUT/bin/dash" src/dash
}

bb_smoke() { # a few applets that use busybox's global-pointer tricks
	local bb="${QEMU:+$QEMU }$1" got want t=${TMPDIR:-/tmp}/socle-bb-smoke.$$
	got=$($bb awk 'BEGIN{printf "%.3f %d", 1/3, 2^10}')
	[ "$got" = "0.333 1024" ] || { echo "smoke: awk gave '$got'"; return 1; }
	got=$(printf '3\n1\n2\n' | $bb sort -n | $bb tr '\n' ' ')
	[ "$got" = "1 2 3 " ] || { echo "smoke: sort|tr gave '$got'"; return 1; }
	got=$(echo abc | $bb sed s/b/X/ | $bb gzip | $bb gunzip)
	[ "$got" = aXc ] || { echo "smoke: sed|gzip|gunzip gave '$got'"; return 1; }
	got=$($bb sh -c 'x=6; echo $((x*7))'); [ "$got" = 42 ] || { echo "smoke: ash gave '$got'"; return 1; }
	got=$($bb hush -c 'echo $((2+3))'); [ "$got" = 5 ] || { echo "smoke: hush gave '$got'"; return 1; }
	got=$(echo '2^64' | $bb bc); [ "$got" = 18446744073709551616 ] || { echo "smoke: bc gave '$got'"; return 1; }
	got=$($bb uname -m); want=$(case $MACH in AArch64) echo aarch64;; RISC-V) echo riscv64;; PowerPC64) echo ppc64le;; IBM*) echo s390x;; *) echo x86_64;; esac)
	[ "$got" = "$want" ] || { echo "smoke: uname -m gave '$got', want '$want'"; return 1; }
	printf 'a\nb\n' >"$t.1"; printf 'a\nc\n' >"$t.2"
	got=$($bb diff "$t.1" "$t.2" | $bb tail -n 1); rm -f "$t.1" "$t.2"
	[ "$got" = "+c" ] || { echo "smoke: diff gave '$got'"; return 1; }
	$bb top -b -n 1 | $bb grep -q '^Mem:' || { echo "smoke: top -b -n 1 failed"; return 1; }
	$bb free >/dev/null && $bb ps >/dev/null || { echo "smoke: free/ps failed"; return 1; }
	echo "smoke: awk sort tr sed gzip ash hush bc uname diff top free ps ok"
}

check_bin() { # check_bin FILE: static ELF for this machine, runs under qemu-user
	local f=$1 h
	h=$($READELF -h "$f")
	echo "$h"
	echo "$h" | grep -q 'Class: *ELF64' || { echo "$f: not ELF64"; return 1; }
	echo "$h" | grep -Eq "Machine: *$MACH" || { echo "$f: machine is not '$MACH'"; return 1; }
	echo "$h" | grep -q 'Type: *EXEC' || { echo "$f: not a static (ET_EXEC) executable"; return 1; }
	if $READELF -lW "$f" | grep -Eq 'INTERP|DYNAMIC'; then echo "$f: has INTERP/DYNAMIC: not static"; return 1; fi
	local out
	case $(basename "$f") in
	busybox)
		out=$(${QEMU:+$QEMU} "$f" echo hi)
		bb_smoke "$f" || return 1;;
	dash) out=$(${QEMU:+$QEMU} "$f" -c 'echo hi');;
	esac
	echo "run: $out"
	[ "$out" = hi ]
}

build_arch() {
	local a=$1
	arch_info "$a"
	OUT=$KEYDIR/$a
	BUILD=$OUT/build
	LOGS=$OUT/logs
	mkdir -p "$CACHE/latest"
	if [ -f "$OUT/stamp" ]; then
		step "$LOGS/check.log" "[$a] cached ($KEY): check busybox, dash" \
			bash -c 'check_bin "$1/bin/busybox" && check_bin "$1/bin/dash"' _ "$OUT"
		ln -sfn "../$KEY/$a" "$CACHE/latest/$a"
		return 0
	fi
	local t0; t0=$(date +%s)
	mkdir -p "$OUT"
	[ -f "$OUT/sysroot/.musl-ok" ] && [ -x "$OUT/tools/cc" ] ||
		step "$LOGS/musl.log" "[$a] musl $MUSL_VER sysroot ($T)" build_musl
	if [ ! -x "$OUT/bin/busybox" ]; then
		bb_make_cmd
		step "$LOGS/busybox-config.log" "[$a] busybox $BB_VER config (defconfig + fragment)" build_busybox_config
		step "$LOGS/busybox.log" "[$a] busybox $BB_VER build (static)" build_busybox
	fi
	[ -x "$OUT/bin/dash" ] ||
		step "$LOGS/dash.log" "[$a] dash $DASH_VER build (static)" build_dash
	step "$LOGS/check.log" "[$a] check: static $MACH ELF, runs${QEMU:+ under $QEMU}" \
		bash -c 'check_bin "$1/bin/busybox" && check_bin "$1/bin/dash"' _ "$OUT"
	[ $opt_keep = 1 ] || rm -rf "$BUILD"
	cat >"$OUT/stamp" <<EOF
key=$KEY
arch=$a
triple=$T
musl=$MUSL_VER
busybox=$BB_VER
dash=$DASH_VER
clang=$CLANG_VER
libgcc=$GCCDIR
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
seconds=$(( $(date +%s) - t0 ))
EOF
	ln -sfn "../$KEY/$a" "$CACHE/latest/$a"
}

# ---- main -----------------------------------------------------------------
CACHE=${SOCLE_CACHE:-$HOME/.cache/socle}/userland
mkdir -p "$CACHE/logs"
T_START=$(date +%s)

# Runs may overlap (several sessions share one cache): the shared apt/source
# part holds $CACHE/lock, each arch build holds <key>/<arch>.lock.
take_lock() { # take_lock FD FILE WHAT
	eval "exec $1>\"\$2\""
	flock -n "$1" && return 0
	say "waiting for another run holding $2 ($3)"
	flock "$1"
}
take_lock 8 "$CACHE/lock" "apt and sources"
if [ $opt_print = 0 ]; then check_packages; fi
setup_apt
MUSL_VER=$(src_version musl); BB_VER=$(src_version busybox); DASH_VER=$(src_version dash)
[ -n "$MUSL_VER" ] && [ -n "$BB_VER" ] && [ -n "$DASH_VER" ] ||
	die "cannot resolve source versions (musl='$MUSL_VER' busybox='$BB_VER' dash='$DASH_VER'); try --refresh"
CLANG_VER=$($CLANG --version | head -n1)

# Cache key: this script, the busybox fragment, the source versions, the
# compiler, and the runtime/header packages the builds link against.
KEY=$( {
	sha256sum "$SELF" "$BB_FRAGMENT" | cut -d' ' -f1
	echo "musl=$MUSL_VER busybox=$BB_VER dash=$DASH_VER"
	echo "clang=$CLANG_VER"
	ld.lld-19 --version
	autoconf --version 2>/dev/null | head -n1
	dpkg-query -W -f='${Package}=${Version}\n' libgcc-12-dev 'libgcc-12-dev-*-cross' 'linux-libc-dev-*-cross' 2>/dev/null | sort
} | sha256sum | cut -c1-16)
KEYDIR=$CACHE/$KEY

if [ $opt_print = 1 ]; then echo "$KEYDIR"; exit 0; fi

say "key $KEY: musl $MUSL_VER, busybox $BB_VER, dash $DASH_VER, $CLANG_VER; arches: ${ARCHES[*]}; jobs $opt_jobs"
need_src=0
for a in "${ARCHES[@]}"; do [ -f "$KEYDIR/$a/stamp" ] || need_src=1; done
if [ $need_src = 1 ]; then
	fetch_src musl "$MUSL_VER"
	fetch_src busybox "$BB_VER"
	fetch_src dash "$DASH_VER"
fi
flock -u 8   # sources are unpacked: other runs may go on
export -f check_bin bb_smoke
export READELF
for a in "${ARCHES[@]}"; do
	arch_info "$a"; export MACH QEMU
	mkdir -p "$KEYDIR"
	take_lock 9 "$KEYDIR/$a.lock" "$a"
	build_arch "$a"
	flock -u 9
done
say "done in $(( $(date +%s) - T_START ))s: $CACHE/latest/{$(IFS=,; echo "${ARCHES[*]}")}"
