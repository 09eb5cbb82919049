# QEMU recipe for the arm64 port (sourced by ./socle; defines only).
# The kernel is an arm64 Linux "Image" (build/arm64/Image): QEMU -kernel
# loads it like Linux and passes the DTB in x0; U-Boot's booti does the same
# (see docs/boot/arm64.md).
#   direct  -M virt -cpu cortex-a72, entered at EL1
#   cpumax  -M virt,virtualization=on -cpu max, entered at EL2
#   uboot   Debian's U-Boot as -bios; distro_bootcmd finds boot.scr on a
#           FAT virtio disk, which boots the Image with booti
#   gicv3   -M virt,gic-version=3,virtualization=on -cpu max: GICv3 instead
#           of virt's default GICv2, entered at EL2

QEMU_MODES=(direct cpumax uboot gicv3)

ARM64_UBOOT_BIN=/usr/lib/u-boot/qemu_arm64/u-boot.bin

# arm64_le32 N: N as four little-endian bytes, in printf escape form.
arm64_le32() {
	printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $((($1 >> 8) & 255)) \
		$((($1 >> 16) & 255)) $((($1 >> 24) & 255))
}

# arm64_uboot_disk: build "$BUILD/uboot-disk.img" without root: an MBR with
# one bootable FAT16 partition at 1 MiB (U-Boot's distro_bootcmd scans
# partitions, not bare file systems) holding /Image; qemu_cmd adds
# /boot.scr with the command line to a copy of it.
ARM64_PART_SECTORS=65536
arm64_uboot_disk() {
	local img="$BUILD/uboot-disk.img.$$" fat="$BUILD/uboot-fat.img.$$"
	rm -f "$img" "$fat"
	mkfs.vfat -C -n SOCLE "$fat" $((ARM64_PART_SECTORS / 2)) >/dev/null || return 1
	MTOOLS_SKIP_CHECK=1 mcopy -i "$fat" "$BUILD/Image" ::/Image || return 1
	dd if=/dev/zero of="$img" bs=512 count=2048 status=none || return 1
	# Partition entry 1: active, type 0x0e (FAT16 LBA), LBA 2048.
	printf "\x80\xff\xff\xff\x0e\xff\xff\xff$(arm64_le32 2048)$(arm64_le32 $ARM64_PART_SECTORS)" |
		dd of="$img" bs=1 seek=446 conv=notrunc status=none || return 1
	printf '\x55\xaa' | dd of="$img" bs=1 seek=510 conv=notrunc status=none || return 1
	cat "$fat" >> "$img" && rm -f "$fat" && mv -f "$img" "$BUILD/uboot-disk.img"
}

# arm64_uboot_script CMDLINE: the U-Boot script distro_bootcmd runs from
# the partition as /boot.scr (after mkimage): it loads the Image from the
# partition it was found on and boots it with U-Boot's own device tree.
# (An extlinux.conf cannot name $fdtcontroladdr: U-Boot's sysboot loads
# its "fdt" file only with $fdt_addr_r set, else prefers $fdt_addr.)
arm64_uboot_script() {
	cat <<SCR
echo "Socle: booting /Image from \${devtype} \${devnum}:\${distro_bootpart}"
setenv bootargs "$1"
load \${devtype} \${devnum}:\${distro_bootpart} \${kernel_addr_r} /Image
booti \${kernel_addr_r} - \${fdtcontroladdr}
SCR
}

# qemu_prepare MODE: the Image for every mode; the disk image for uboot.
qemu_prepare() {
	case "$1" in
	direct|cpumax|gicv3) [ -f "$BUILD/Image" ] ;;
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
	gicv3)
		QEMU_CMD=(qemu-system-aarch64 -M virt,gic-version=3,virtualization=on
			-cpu max "${common[@]}" -kernel "$BUILD/Image" -append "$2")
		;;
	uboot)
		# One disk per command line, made atomically: guests may run
		# in parallel.
		local key disk tmp
		key=$(printf '%s' "$2" | cksum | cut -d' ' -f1)
		disk="$BUILD/uboot-run-$key.img" tmp="$BUILD/uboot-run-$key.img.$$"
		cp "$BUILD/uboot-disk.img" "$tmp" || return 1
		arm64_uboot_script "$2" > "$tmp.cmd" || return 1
		mkimage -A arm64 -O linux -T script -C none -n socle \
			-d "$tmp.cmd" "$tmp.scr" >/dev/null || return 1
		MTOOLS_SKIP_CHECK=1 mcopy -o -i "$tmp@@1M" "$tmp.scr" ::/boot.scr || return 1
		rm -f "$tmp.cmd" "$tmp.scr" && mv -f "$tmp" "$disk" || return 1
		QEMU_CMD=(qemu-system-aarch64 -M virt -cpu cortex-a72 "${common[@]}"
			-bios "$ARM64_UBOOT_BIN"
			-drive if=none,file="$disk",format=raw,readonly=on,id=hd0
			-device virtio-blk-device,drive=hd0)
		;;
	*) echo "arm64: unknown mode $1" >&2; return 1 ;;
	esac
}
