# QEMU recipe for the x86_64 port (sourced by ./socle; defines only).
# The kernel is a PVH ELF: QEMU's microvm machine loads it with -kernel and
# enters it in 32-bit protected mode (see docs/boot/x86_64.md).

QEMU_MODES=(direct)

# qemu_prepare MODE: nothing to build, socle.elf boots as it is.
qemu_prepare() {
	case "$1" in
	direct) [ -f "$BUILD/socle.elf" ] ;;
	*) echo "x86_64: unknown mode $1" >&2; return 1 ;;
	esac
}

# qemu_cmd MODE CMDLINE: set QEMU_CMD.  COM1 on stdio; isa-debug-exit at
# port 0xf4 ends QEMU with status (value << 1) | 1 on poweroff.  ioapic2=on
# pins the layout dts/x86_64.dts describes (24 virtio-mmio transports on
# GSIs 24-47); auto-kernel-cmdline=off keeps QEMU from appending
# virtio_mmio.device= options to the command line.
qemu_cmd() {
	case "$1" in
	direct)
		QEMU_CMD=(qemu-system-x86_64 -M microvm,ioapic2=on,auto-kernel-cmdline=off -accel tcg -cpu qemu64 -smp 1 -m 256M
			-nodefaults -no-user-config -nographic -no-reboot
			-serial mon:stdio
			-device isa-debug-exit,iobase=0xf4,iosize=4
			-kernel "$BUILD/socle.elf" -append "$2")
		;;
	*) echo "x86_64: unknown mode $1" >&2; return 1 ;;
	esac
}
