#!/usr/bin/env bash
# ci/boot-case.sh ARCH MODE CASE - boot one port once and judge one test case.
# Writes build/test/ARCH/MODE-CASE.{log,result}; a result line is
# "PASS name" or "FAIL name: reason".  Used by ci/test.sh, never alone.
set -uo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
arch=$1 mode=$2 case=$3
BUILD="$SRC/build/$arch"
export BUILD SRC
out="$SRC/build/test/$arch"
mkdir -p "$out"
log="$out/$mode-$case.log" res="$out/$mode-$case.result"
: >"$res"
# shellcheck disable=SC1090
source "$SRC/ci/qemu/$arch.sh"

case "$case" in
selftest) cmdline="selftest" ;;
fdt_corrupt) cmdline="socle.fdt_test=corrupt" ;;
fdt_nomemory) cmdline="socle.fdt_test=nomemory" ;;
fdt_badmagic) cmdline="socle.fdt_test=badmagic" ;;
*) echo "FAIL $arch/$mode/$case: unknown case" >"$res"; exit 0 ;;
esac

pass() { echo "PASS $arch/$mode/$1" >>"$res"; }
fail() { echo "FAIL $arch/$mode/$1: $2" >>"$res"; }

if ! qemu_prepare "$mode" "$cmdline" >"$log.prepare" 2>&1; then
	fail "$case" "qemu_prepare failed: $(tail -3 "$log.prepare" | tr '\n' ' ')"
	exit 0
fi
qemu_cmd "$mode" "$cmdline"
start=$(date +%s.%N)
timeout -k 5 "${SOCLE_BOOT_TIMEOUT:-150}" "${QEMU_CMD[@]}" </dev/null >"$log.raw" 2>&1
rc=$?
end=$(date +%s.%N)
tr -d '\r' <"$log.raw" >"$log"
rm -f "$log.raw"
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
echo "# $arch/$mode/$case: qemu exit $rc after ${secs}s" >>"$res"

if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	fail "$case" "timed out after ${SOCLE_BOOT_TIMEOUT:-150}s (guest hung)"
	exit 0
fi
status=$(sed -n 's/^socle: poweroff status=\([0-9]*\).*/\1/p' "$log" | tail -1)

case "$case" in
selftest)
	for want in "Socle version" "Machine model:" "CPU:" "Memory:" "Command line: .*selftest"; do
		grep -q "$want" "$log" || fail banner "console lacks '$want'"
	done
	grep -q "Socle version" "$log" && grep -q "Memory:" "$log" && pass banner
	awk -v prefix="$arch/$mode/" -f "$SRC/ci/ktap.awk" "$log" >>"$res"
	if [ "$status" = 0 ]; then pass poweroff; else fail poweroff "status '${status:-none}', qemu exit $rc"; fi
	;;
fdt_corrupt|fdt_nomemory|fdt_badmagic)
	case "$case" in
	fdt_corrupt) want="Kernel panic - not syncing: device tree at .*: malformed structure block" ;;
	fdt_nomemory) want="Kernel panic - not syncing: device tree: no memory node" ;;
	fdt_badmagic) want="Kernel panic - not syncing: device tree at .*: bad magic" ;;
	esac
	if grep -q "$want" "$log" && [ "$status" = 2 ]; then
		pass "$case"
	else
		fail "$case" "expected a panic naming the problem and status 2 (got status '${status:-none}')"
	fi
	;;
esac
exit 0
