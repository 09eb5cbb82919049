#!/usr/bin/env bash
# ci/test.sh - everything `./socle test` runs:
#   1. host unit tests of core's pure logic under ASan/UBSan (tests/host);
#   2. libFuzzer targets of the parsers, each for a bounded time;
#   3. the stub port: core links against a no-op HAL;
#   4. for each selected arch: build, then boot every QEMU mode with the
#      kernel self-tests, and the bad-device-tree cases, two guests at a time.
# Prints a per-arch summary and a closing "total: N passed, N failed" line;
# exits non-zero on any failure.
set -uo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ARCHES=(x86_64 arm64 riscv64 ppc64le s390x)
arches=all jobs=${SOCLE_JOBS:-2} fuzz_secs=${SOCLE_FUZZ_SECONDS:-15} host=1

usage() {
	cat <<'U'
usage: ./socle test [--arch A|A,B|all] [--jobs N] [--fuzz-seconds S] [--no-host]

Builds the selected ports (default: all five) and runs every test: host
unit tests and fuzzers of core's parsers, the stub-HAL build, and on each
port the kernel self-tests in every boot mode (direct; U-Boot on arm64 and
riscv64; -cpu max on arm64) plus the bad-device-tree panics.  Logs are in
build/test/<arch>/.  Exits non-zero on any failure.
U
}

while [ $# -gt 0 ]; do
	case "$1" in
	-h|--help) usage; exit 0 ;;
	--arch) [ $# -ge 2 ] || { echo "socle: test: --arch needs a value" >&2; exit 2; }; arches=$2; shift ;;
	--arch=*) arches=${1#--arch=} ;;
	--jobs) jobs=$2; shift ;;
	--fuzz-seconds) fuzz_secs=$2; shift ;;
	--no-host) host= ;;
	*) echo "socle: test: unknown option '$1' (see ./socle test --help)" >&2; exit 2 ;;
	esac
	shift
done
sel=()
if [ "$arches" = all ]; then
	sel=("${ARCHES[@]}")
else
	IFS=, read -r -a want <<<"$arches"
	for a in "${want[@]}"; do
		ok=
		for b in "${ARCHES[@]}"; do [ "$a" = "$b" ] && ok=1; done
		[ -n "$ok" ] || { echo "socle: unknown arch '$a' (choose from: ${ARCHES[*]}, all)" >&2; exit 2; }
		sel+=("$a")
	done
fi

"$SRC/socle" setup || exit 1
results="$SRC/build/test"
mkdir -p "$results"
[ -n "$host" ] && rm -rf "$results/host"
mkdir -p "$results/host"
for a in "${sel[@]}"; do rm -rf "${results:?}/$a"; done
t0=$(date +%s)

if [ -n "$host" ]; then
	echo "== host: unit tests (ASan/UBSan), fuzzers (${fuzz_secs}s each), stub port"
	hb="$SRC/build/host"
	{ CC=clang-19 cmake -G Ninja -S "$SRC/tests/host" -B "$hb" >/dev/null && ninja -C "$hb" >/dev/null; } \
		>"$results/host/build.log" 2>&1 || { cat "$results/host/build.log"; echo "FAIL host/build" >>"$results/host/result"; }
	for t in fdt elf cpio alloc; do
		if [ -x "$hb/test_$t" ] && "$hb/test_$t" "$hb" >"$results/host/test_$t.log" 2>&1; then
			echo "PASS host/unit/$t ($(grep -c '^ok' "$results/host/test_$t.log") checks)" >>"$results/host/result"
		else
			echo "FAIL host/unit/$t: $(grep -m3 '^not ok\|ERROR\|panic' "$results/host/test_$t.log" | tr '\n' ' ')" >>"$results/host/result"
		fi
	done
	# Fuzzers, seeded; a crash leaves its input in build/test/host/.
	mkdir -p "$hb/corpus_fdt" "$hb/corpus_elf" "$hb/corpus_cpio"
	cp "$hb/test.dtb" "$hb/corpus_fdt/seed.dtb" 2>/dev/null
	cp /bin/true "$hb/corpus_elf/seed-true" 2>/dev/null
	printf '070701%0104d\0\0TRAILER!!!\0\0\0\0' 0 >"$hb/corpus_cpio/seed" 2>/dev/null
	pids=()
	for p in fdt elf cpio; do
		( cd "$results/host" && "$hb/fuzz_$p" -max_total_time="$fuzz_secs" -max_len=65536 \
			-artifact_prefix="$results/host/crash-$p-" "$hb/corpus_$p" >"fuzz_$p.log" 2>&1 ) &
		pids+=($!)
	done
	i=0
	for p in fdt elf cpio; do
		if wait "${pids[$i]}"; then
			echo "PASS host/fuzz/$p ($(grep -o 'Done [0-9]* runs' "$results/host/fuzz_$p.log" | tail -1))" >>"$results/host/result"
		else
			echo "FAIL host/fuzz/$p: crash, input saved as build/test/host/crash-$p-*" >>"$results/host/result"
		fi
		i=$((i + 1))
	done
	if { cmake -G Ninja -S "$SRC" -B "$SRC/build/stub" -DCMAKE_TOOLCHAIN_FILE="$SRC/toolchains/stub.cmake" >/dev/null &&
	     ninja -C "$SRC/build/stub" >/dev/null; } >"$results/host/stub.log" 2>&1; then
		echo "PASS host/stub-port-links" >>"$results/host/result"
	else
		echo "FAIL host/stub-port-links: $(grep -m3 error "$results/host/stub.log" | tr '\n' ' ')" >>"$results/host/result"
	fi
fi

# Build every selected port, then boot the cases two at a time.
jobsfile="$results/jobs.$$"
: >"$jobsfile"
for a in "${sel[@]}"; do
	mkdir -p "$results/$a"
	echo "== $a: build"
	if ! "$SRC/socle" build --arch "$a" >"$results/$a/build.log" 2>&1; then
		echo "FAIL $a/build: $(grep -m5 'error' "$results/$a/build.log" | tr '\n' ' ')" >"$results/$a/build.result"
		continue
	fi
	echo "PASS $a/build ($(stat -c %s "$SRC/build/$a/socle.elf") bytes socle.elf)" >"$results/$a/build.result"
	modes=$(BUILD="$SRC/build/$a" SRC="$SRC" bash -c 'source "$SRC/ci/qemu/'"$a"'.sh"; echo "${QEMU_MODES[@]}"')
	for m in $modes; do
		echo "$a $m selftest" >>"$jobsfile"
	done
	for c in fdt_corrupt fdt_nomemory fdt_badmagic; do
		echo "$a direct $c" >>"$jobsfile"
	done
done
njobs=$(wc -l <"$jobsfile")
echo "== booting $njobs guests, $jobs at a time"
xargs -P "$jobs" -L 1 "$SRC/ci/boot-case.sh" <"$jobsfile"

# Userspace: busybox, dash and the musl sysroot (cached), Linux's reference
# output of the shell scripts (the same static x86_64 binaries run on this
# Linux machine), then the userspace boots.
: >"$jobsfile"
mkdir -p "$results/ref"
for a in "${sel[@]}"; do
	[ -f "$results/$a/build.result" ] && grep -q '^PASS' "$results/$a/build.result" || continue
	echo "== $a: userland (busybox, dash: from the cache, or built)"
	if ul=$(bash "$SRC/toolchains/build-userland.sh" --arch "$a" >"$results/$a/userland.log" 2>&1 &&
		bash "$SRC/toolchains/build-userland.sh" --arch "$a" --print-dir); then
		echo "$ul/$a" >"$results/userland-$a.dir"
		echo "PASS $a/userland-build" >"$results/$a/userland.result"
	else
		echo "FAIL $a/userland-build: $(tail -3 "$results/$a/userland.log" | tr '\n' ' ')" >"$results/$a/userland.result"
	fi
	for c in user_uname user_script_ash user_script_dash user_badexec user_interactive user_tools user_tmpfs_full; do
		echo "$a direct $c" >>"$jobsfile"
	done
done
# The reference: Linux running the same scripts with the same x86_64 binaries.
refbin=$(bash "$SRC/toolchains/build-userland.sh" --arch x86_64 --print-dir 2>/dev/null)/x86_64
if [ -x "$refbin/bin/busybox" ]; then
	mkdir -p "$results/ref/root/tmp"
	( cd "$results/ref/root" && PATH="$results/ref/bin:$PATH" &&
	  mkdir -p "$results/ref/bin" && ln -sf "$refbin/bin/busybox" "$results/ref/bin/sh" &&
	  for t in tr sort head wc ls rm cat sleep printf true false kill echo; do
		ln -sf "$refbin/bin/busybox" "$results/ref/bin/$t"; done &&
	  "$results/ref/bin/sh" "$SRC/tests/userspace/shell-semantics.sh" >"$results/ref/ash.out" 2>&1
	  "$refbin/bin/dash" "$SRC/tests/userspace/shell-semantics.sh" >"$results/ref/dash.out" 2>&1 ) || true
fi
if [ -s "$jobsfile" ]; then
	echo "== booting $(wc -l <"$jobsfile") userspace guests"
	xargs -P "$jobs" -L 1 "$SRC/ci/boot-case.sh" <"$jobsfile"
fi
rm -f "$jobsfile"

# Summary.
total_pass=0 total_fail=0 total_skip=0
summary() {
	local name=$1; shift
	local files=("$@") p f s
	p=$(cat "${files[@]}" 2>/dev/null | grep -c '^PASS')
	f=$(cat "${files[@]}" 2>/dev/null | grep -c '^FAIL')
	s=$(cat "${files[@]}" 2>/dev/null | grep -c '^SKIP')
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
	printf '%-8s %4d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
}
echo
echo "== results"
{
	[ -n "$host" ] && cat "$results/host/result"
	for a in "${sel[@]}"; do cat "$results/$a"/*.result; done
} 2>/dev/null | grep -E '^(FAIL|SKIP)' || true
for a in "${sel[@]}"; do
	for r in "$results/$a"/*.result; do
		grep -q '^FAIL' "$r" || continue
		l=${r%.result}.log
		[ -f "$l" ] || continue
		echo "---- console log of $(basename "$l") (last 40 lines) ----"
		tail -40 "$l"
	done
done
echo
echo "== summary ($(( $(date +%s) - t0 ))s)"
[ -n "$host" ] && summary host "$results/host/result"
for a in "${sel[@]}"; do
	summary "$a" "$results/$a"/*.result
done
echo "total: $total_pass passed, $total_fail failed, $total_skip skipped"

# The same as a Markdown table for docs/conformance.md.
{
	echo "| suite | passed | failed | skipped |"
	echo "|---|---|---|---|"
	for f in host "${sel[@]}"; do
		[ "$f" = host ] && [ -z "$host" ] && continue
		if [ "$f" = host ]; then files=("$results/host/result"); else files=("$results/$f"/*.result); fi
		printf '| %s | %d | %d | %d |\n' "$f" \
			"$(cat "${files[@]}" 2>/dev/null | grep -c '^PASS')" \
			"$(cat "${files[@]}" 2>/dev/null | grep -c '^FAIL')" \
			"$(cat "${files[@]}" 2>/dev/null | grep -c '^SKIP')"
	done
	echo
	echo "Skipped, with the reason:"
	echo
	for f in "${sel[@]}"; do cat "$results/$f"/*.result 2>/dev/null; done | sed -n 's/^SKIP \(.*\)/- \1/p'
} >"$results/summary.md"
[ "$total_fail" = 0 ]
