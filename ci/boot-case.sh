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

userland=
case "$case" in
user_*)
	# Userspace cases: skipped, with the reason, where the port's self-tests
	# say it has no user mode yet.
	if grep -q "^SKIP $arch/direct/user_exec" "$out/direct-selftest.result" 2>/dev/null; then
		echo "SKIP $arch/$mode/$case: $(sed -n "s/^SKIP $arch\/direct\/user_exec: //p" "$out/direct-selftest.result")" >"$res"
		exit 0
	fi
	userland=$(cat "$SRC/build/test/userland-$arch.dir" 2>/dev/null)
	if [ -z "$userland" ] || [ ! -x "$userland/bin/busybox" ]; then
		echo "FAIL $arch/$mode/$case: no userland built for $arch" >"$res"
		exit 0
	fi
	;;
esac
case "$case" in
user_uname) cmdline="quiet socle_marker=1"; ucmd="sh -c 'uname -a; exit 3'" ;;
user_script_ash) cmdline="quiet socle_marker=1"; ucmd="sh /tests/shell-semantics.sh" ;;
user_script_dash) cmdline="quiet socle_marker=1"; ucmd="dash /tests/shell-semantics.sh" ;;
user_interactive) cmdline="quiet"; ucmd= ;;
user_tools) cmdline="quiet socle_marker=1"; ucmd="sh /tests/tools.sh" ;;
user_tmpfs_full) cmdline="quiet socle_marker=1"; ucmd="sh /tests/tmpfs-full.sh" ;;
user_badexec) cmdline="quiet socle_marker=1"
	ucmd="env /tests/corrupt; echo \"corrupt: \$?\"; /tests/ktest kwrite; echo \"kwrite: \$?\"" ;;
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
if [ -n "$userland" ]; then
	ov="$out/$mode-$case.overlay"
	rm -rf "$ov"
	mkdir -p "$ov/tests"
	cp "$SRC/tests/userspace/"*.sh "$ov/tests/"
	cp "$BUILD/ktest.elf" "$ov/tests/ktest"
	head -c 200 "$BUILD/ktest.elf" >"$ov/tests/corrupt"	# a truncated ELF
	chmod 755 "$ov/tests/ktest" "$ov/tests/corrupt"
	cmdopt=()
	if [ -n "$ucmd" ]; then
		printf '%s\n' "$ucmd" >"$out/$mode-$case.cmd"
		cmdopt=(--cmd "$out/$mode-$case.cmd")
	fi
	if ! bash "$SRC/ci/mkrootfs.sh" "$arch" "$userland" "$out/$mode-$case.cpio" \
		--overlay "$ov" "${cmdopt[@]}" >"$log.prepare" 2>&1; then
		fail "$case" "rootfs: $(tail -2 "$log.prepare" | tr '\n' ' ')"
		exit 0
	fi
	QEMU_CMD+=(-initrd "$out/$mode-$case.cpio")
fi
start=$(date +%s.%N)
if [ "$case" = user_interactive ]; then
	# A person at the console: type each line once the shell prompts, ^C a
	# foreground job, exit.  stdin is a FIFO we write keystrokes into.
	fifo="$out/$mode-$case.fifo"
	rm -f "$fifo"
	mkfifo "$fifo"
	timeout -k 5 "${SOCLE_BOOT_TIMEOUT:-150}" "${QEMU_CMD[@]}" <"$fifo" >"$log.raw" 2>&1 &
	qpid=$!
	exec 9>"$fifo"
	prompts=0
	wait_prompt() {
		prompts=$((prompts + 1))
		for _ in $(seq 1 400); do
			[ "$(grep -c 'root@socle' "$log.raw" 2>/dev/null)" -ge "$prompts" ] && return 0
			kill -0 "$qpid" 2>/dev/null || return 1
			sleep 0.25
		done
		return 1
	}
	type_line() { wait_prompt && printf '%s\r' "$1" >&9; }
	type_line 'ls /'
	type_line 'echo $((6*7))'
	type_line 'ls /bin | wc -l'
	type_line 'sleep 1 &'
	type_line 'jobs'
	type_line 'wait'
	type_line 'sleep 100'
	sleep 2
	printf '\003' >&9
	type_line 'echo after $?'
	type_line 'exit'
	wait "$qpid"
	rc=$?
	exec 9>&-
	rm -f "$fifo"
else
	timeout -k 5 "${SOCLE_BOOT_TIMEOUT:-150}" "${QEMU_CMD[@]}" </dev/null >"$log.raw" 2>&1
	rc=$?
fi
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
user_*)
	# The command's output: between init's marker and the status line.
	# Kernel log lines ("[    1.234567] ...") are not the program's output.
	sed -n '/^socle: command output follows$/,/^socle: poweroff status=/p' "$log" |
		sed '1d;$d' | grep -aEv '^\[ *[0-9]+\.[0-9]+\] ' |
		sed 's/\x1b\[[0-9;]*[A-Za-z]//g' >"$out/$mode-$case.out"
	case "$case" in
	user_uname)
		if grep -q '^Linux socle 6\.1\.0-socle ' "$out/$mode-$case.out" &&
		   [ "$status" = 3 ]; then
			pass "$case"
		else
			fail "$case" "expected 'Linux socle 6.1.0-socle ...' and status 3 (status '${status:-none}')"
		fi
		;;
	user_script_ash|user_script_dash)
		ref="$SRC/build/test/ref/${case#user_script_}.out"
		if [ "$status" = 0 ] && diff -u "$ref" "$out/$mode-$case.out" >"$out/$mode-$case.diff"; then
			pass "$case"
		else
			fail "$case" "status '${status:-none}'; output differs from Linux's: $(head -c 300 "$out/$mode-$case.diff" | tr '\n' '|')"
		fi
		;;
	user_tools)
		o="$out/$mode-$case.out"
		miss=
		grep -q 'PID  *USER' "$o" || miss+=" ps"
		grep -q '/init' "$o" || miss+=" ps-init"
		grep -q '^Mem:' "$o" || miss+=" top/free"
		grep -q 'load average' "$o" || miss+=" uptime"
		grep -q '^proc on /proc type proc' "$o" || miss+=" mount-proc"
		grep -q '^sysfs on /sys type sysfs' "$o" || miss+=" mount-sys"
		grep -q '^devtmpfs on /dev type devtmpfs' "$o" || miss+=" mount-dev"
		grep -q '^tmpfs .*/tmp$' "$o" || miss+=" df"
		grep -q 'Socle version' "$o" || miss+=" dmesg"
		grep -Eq '^(processor|vendor_id|cpu|model name|BogoMIPS)' "$o" || miss+=" cpuinfo"
		grep -Eq '^crw-rw-rw- +1 root +root +1, +3 .*/dev/null$' "$o" || miss+=" dev-null"
		grep -Eq '^crw------- +1 root +root +5, +1 .*/dev/console$' "$o" || miss+=" dev-console"
		grep -q '^tty' "$o" || grep -q ' tty' "$o" || miss+=" sys-class"
		model=$(sed -n '/^== model$/{n;p}' "$o" | tr -d '\0')
		[ -n "$model" ] || miss+=" dt-model"
		if [ -z "$miss" ] && [ "$status" = 0 ]; then pass "$case"; else fail "$case" "missing:$miss (status ${status:-none})"; fi
		;;
	user_tmpfs_full)
		exp=$(printf 'dd status: 1\n1\nkeep me\nbig\nold\nagain\nunmounted')
		if [ "$(cat "$out/$mode-$case.out")" = "$exp" ] && [ "$status" = 0 ]; then
			pass "$case"
		else
			fail "$case" "got: $(tr '\n' '|' <"$out/$mode-$case.out") (status ${status:-none})"
		fi
		;;
	user_interactive)
		t="$log"
		miss=
		grep -q '^42$' "$t" || miss+=" echo-arith"
		grep -q 'sbin' "$t" || miss+=" ls"
		grep -Eq '^[0-9]{2,}$' "$t" || miss+=" ls-wc"
		grep -q 'Running.*sleep 1' "$t" || miss+=" jobs"
		grep -q 'Done.*sleep 1' "$t" || miss+=" wait"
		grep -q '^after 130$' "$t" || miss+=" ctrl-c"
		if [ -z "$miss" ]; then pass "$case"; else fail "$case" "missing:$miss"; fi
		;;
	user_badexec)
		if grep -q '^corrupt: 126$' "$out/$mode-$case.out" && grep -q '^kwrite: 139$' "$out/$mode-$case.out" &&
		   [ "$status" = 0 ]; then
			pass "$case"
		else
			fail "$case" "expected 'corrupt: 126' and 'kwrite: 139' (got: $(tr '\n' '|' <"$out/$mode-$case.out"))"
		fi
		;;
	esac
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
