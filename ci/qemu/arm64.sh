# QEMU recipe for the arm64 port (sourced by ./socle; defines only).
# The kernel is an arm64 Linux "Image" (build/arm64/Image): QEMU -kernel
# loads it like Linux and passes the DTB in x0; U-Boot's booti does the same
# (see docs/boot/arm64.md).
#   direct  -M virt -cpu cortex-a72, entered at EL1
#   cpumax  -M virt,virtualization=on -cpu max, entered at EL2
#   uboot   Debian's U-Boot as -bios; distro_bootcmd finds extlinux.conf on
#           a FAT virtio disk and boots the Image with booti

QEMU_MODES=(direct cpumax uboot)

ARM64_UBOOT_BIN=/usr/lib/u-boot/qemu_arm64/u-boot.bin

# arm64_uboot_disk: build "$BUILD/uboot-disk.img", a partition-less FAT16
# file system with /Image and /extlinux/extlinux.conf, without root.  The
# command line goes in as the placeholder SOCLE_CMDLINE; qemu_cmd writes
# the real one into a copy of the disk.
arm64_uboot_disk() {
	local img="$BUILD/uboot-disk.img" conf="$BUILD/uboot-extlinux.conf"
	rm -f "$img"
	mkfs.vfat -C -n SOCLE "$img" 32768 >/dev/null || return 1
	MTOOLS_SKIP_CHECK=1 mmd -i "$img" ::/extlinux || return 1
	MTOOLS_SKIP_CHECK=1 mcopy -i "$img" "$BUILD/Image" ::/Image || return 1
}

# arm64_uboot_conf CMDLINE: the extlinux.conf U-Boot's "sysboot" reads.
# fdtcontroladdr is U-Boot's own copy of QEMU's device tree.
arm64_uboot_conf() {
	cat <<CONF
default socle
timeout 0
label socle
	kernel /Image
	fdt \${fdtcontroladdr}
	append $1
CONF
}

# qemu_prepare MODE: the Image for every mode; the disk image for uboot.
qemu_prepare() {
	case "$1" in
	direct|cpumax) [ -f "$BUILD/Image" ] ;;
	uboot)
		[ -f "$BUILD/Image" ] && [ -f "$ARM64_UBOOT_BIN" ] || return 1
		arm64_uboot_disk
		;;
	*) echo "arm64: unknown mode $1" >&2; return 1 ;;
	esac
}

# qemu_cmd MODE CMDLINE: set QEMU_CMD.  The PL011 is on stdio; the kernel
# ends QEMU with PSCI SYSTEM_OFF.
qemu_cmd() {
	local common=(-smp 1 -m 256M -nodefaults -no-user-config -nographic
		-no-reboot -serial mon:stdio -accel tcg)
	case "$1" in
	direct)
		QEMU_CMD=(qemu-system-aarch64 -M virt -cpu cortex-a72 "${common[@]}"
			-kernel "$BUILD/Image" -append "$2")
		;;
	cpumax)
		QEMU_CMD=(qemu-system-aarch64 -M virt,virtualization=on -cpu max
			"${common[@]}" -kernel "$BUILD/Image" -append "$2")
		;;
	uboot)
		local disk="$BUILD/uboot-run.img"
		cp "$BUILD/uboot-disk.img" "$disk" || return 1
		arm64_uboot_conf "$2" > "$BUILD/uboot-extlinux.conf"
		MTOOLS_SKIP_CHECK=1 mcopy -o -i "$disk" "$BUILD/uboot-extlinux.conf" \
			::/extlinux/extlinux.conf || return 1
		QEMU_CMD=(qemu-system-aarch64 -M virt -cpu cortex-a72 "${common[@]}"
			-bios "$ARM64_UBOOT_BIN"
			-drive if=none,file="$disk",format=raw,id=hd0
			-device virtio-blk-device,drive=hd0)
		;;
	*) echo "arm64: unknown mode $1" >&2; return 1 ;;
	esac
}
