#!/usr/bin/env bash
# ci/figures.sh [ARCH...] - the figures the issues ask for, measured, never
# judged: kernel image sizes, time from QEMU start to the banner and to the
# end of the self-tests (median of 3 boots), and lines of code per layer.
# Prints a Markdown table (docs/figures.md keeps the latest one).
set -uo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(x86_64 arm64 riscv64 ppc64le s390x)
runs=${SOCLE_FIGURE_RUNS:-3}

loc() { find "$@" -type f \( -name '*.c' -o -name '*.h' -o -name '*.S' -o -name '*.ld' \) -print0 2>/dev/null |
	xargs -0 cat 2>/dev/null | wc -l; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

echo "| arch | socle.elf | loaded (text+data+bss) | QEMU start → banner (s) | → self-tests done (s) | arch/ lines |"
echo "|---|---|---|---|---|---|"
for a in "${arches[@]}"; do
	"$SRC/socle" build --arch "$a" >/dev/null 2>&1 || { echo "| $a | build failed | | | | |"; continue; }
	BUILD="$SRC/build/$a"
	export BUILD SRC
	# shellcheck disable=SC1090
	source "$SRC/ci/qemu/$a.sh"
	qemu_prepare direct selftest >/dev/null 2>&1
	qemu_cmd direct selftest
	elf=$(stat -c %s "$BUILD/socle.elf")
	loaded=$(llvm-size-19 "$BUILD/socle.elf" | awk 'NR == 2 { print $4 }')
	b=() d=()
	for _ in $(seq "$runs"); do
		out=$(timeout 120 "${QEMU_CMD[@]}" </dev/null 2>&1 | perl -MTime::HiRes=time -ne '
			BEGIN { $t0 = time; $|=1 }
			printf("banner %.3f\n", time - $t0) if /Socle version/ && !$b++;
			printf("done %.3f\n", time - $t0) if /^socle: poweroff/ && !$d++;')
		b+=("$(echo "$out" | awk '/^banner/ { print $2 }')")
		d+=("$(echo "$out" | awk '/^done/ { print $2 }')")
	done
	mb=$(printf '%s\n' "${b[@]}" | median)
	md=$(printf '%s\n' "${d[@]}" | median)
	echo "| $a | $((elf / 1024)) KiB | $((loaded / 1024)) KiB | $mb | $md | $(loc "$SRC/arch/$a") |"
done
echo
echo "core/ + hal/ lines: $(loc "$SRC/core" "$SRC/hal"); drivers/: $(loc "$SRC/drivers")"
