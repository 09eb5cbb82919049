# QEMU recipe for the s390x port (sourced by ./socle; definitions only).
#
# direct: QEMU loads socle.elf itself (-kernel) and starts it at its ELF
# entry 0x10000; -append lands in the image's parameter area at 0x10480.
# The console is the SCLP VT220 console that -nographic puts on stdio.
# hal_poweroff(0) is a disabled wait at 0xfff (QEMU exits 0); any other
# status is a disabled wait elsewhere, a "guest crash" that
# -action panic=exit-failure turns into exit status 1.

QEMU_MODES=(direct)

qemu_prepare() {
	case "$1" in
	direct)
		[ -f "$BUILD/socle.elf" ] || { echo "s390x: $BUILD/socle.elf missing" >&2; return 1; }
		;;
	*)
		echo "s390x: unknown mode $1" >&2
		return 1
		;;
	esac
}

qemu_cmd() {
	local mode=$1 cmdline=$2

	case "$mode" in
	direct)
		QEMU_CMD=(qemu-system-s390x -M s390-ccw-virtio -m 256 -smp 1
			-nographic -no-reboot -nic none -action panic=exit-failure
			-kernel "$BUILD/socle.elf" -append "$cmdline")
		;;
	*)
		echo "s390x: unknown mode $mode" >&2
		return 1
		;;
	esac
}
