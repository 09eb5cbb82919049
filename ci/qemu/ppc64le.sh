# ci/qemu/ppc64le.sh - how the test suite boots the ppc64le kernel.
# Sourced by ./socle: defines QEMU_MODES, qemu_prepare and qemu_cmd only.
#
# direct: QEMU's pseries machine with VOF, the minimal Open Firmware
#   (x-vof=on), loads socle.elf and enters it with the client interface in
#   r5; -append lands in /chosen/bootargs.  Reaches the kernel in ~0.05 s.
# slof: the same with SLOF, QEMU's default pseries firmware, which takes
#   ~7 s to get there; the kernel calls it through its r5 entry in
#   big-endian mode.  Not booted by the suite unless SOCLE_PPC64LE_SLOF=1
#   is in the environment (then also `./socle run --arch ppc64le --mode slof`).
# The cap-* settings only silence QEMU's warnings about speculation
# mitigations that TCG does not emulate.

QEMU_MODES=(direct)
if [ "${SOCLE_PPC64LE_SLOF:-0}" = 1 ]; then
	QEMU_MODES=(direct slof)
fi

qemu_prepare() {
	case "$1" in
	direct|slof) [ -f "$BUILD/socle.elf" ] ;;
	*) echo "ppc64le: unknown mode $1" >&2; return 1 ;;
	esac
}

qemu_cmd() {
	local mode=$1 cmdline=$2 machine=pseries

	case "$mode" in
	direct) machine=pseries,x-vof=on ;;
	slof) machine=pseries ;;
	*)
		echo "ppc64le: unknown mode $mode" >&2
		return 1
		;;
	esac
	QEMU_CMD=(qemu-system-ppc64
		-M "$machine,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off"
		-m 256M -smp 1
		-nographic -no-reboot
		-kernel "$BUILD/socle.elf"
		-append "$cmdline")
}
