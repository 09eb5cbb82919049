# ci/qemu/riscv64.sh - how the test suite boots the riscv64 kernel.
# Sourced by ./socle: defines QEMU_MODES, qemu_prepare and qemu_cmd only.
#
#   direct  OpenSBI fw_dynamic as -bios, the kernel ELF as -kernel,
#           the command line through -append (/chosen/bootargs).
#   uboot   OpenSBI fw_dynamic as -bios, Debian's S-mode U-Boot as -kernel;
#           distro_bootcmd finds extlinux/extlinux.conf on a virtio disk,
#           which boots socle.Image with booti, U-Boot's own device tree
#           ($fdtcontroladdr) and the command line in "append".  The disk
#           depends on the command line: qemu_prepare makes it (qemu_cmd
#           too, if it is missing).

QEMU_MODES=(direct uboot)

RISCV64_OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
RISCV64_UBOOT=/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin

# riscv64_uboot_disk CMDLINE OUT: a 16 MiB raw disk, one FAT partition
# (MBR, from sector 2048) holding socle.Image and extlinux/extlinux.conf.
# Built without root: mkfs.vfat on a file, mtools to fill it, dd to place it.
riscv64_uboot_disk() {
	local cmdline=$1 out=$2 tmp
	tmp=$(mktemp -d) || return 1
	{
		mkfs.vfat -C -n SOCLE "$tmp/part.img" 15360 &&
		mmd -i "$tmp/part.img" ::extlinux &&
		mcopy -i "$tmp/part.img" "$BUILD/socle.Image" ::socle.Image &&
		printf 'default socle\nprompt 0\ntimeout 0\n\nlabel socle\n\tkernel /socle.Image\n\tappend %s\n' \
			"$cmdline" > "$tmp/extlinux.conf" &&
		mcopy -i "$tmp/part.img" "$tmp/extlinux.conf" ::extlinux/extlinux.conf &&
		dd if=/dev/zero of="$tmp/disk.img" bs=1M count=16 status=none &&
		# Partition 1: active, type 0x0c (FAT32 LBA), LBA 2048, 30720 sectors.
		printf '\x80\x00\x00\x00\x0c\x00\x00\x00\x00\x08\x00\x00\x00\x78\x00\x00' |
			dd of="$tmp/disk.img" bs=1 seek=446 conv=notrunc status=none &&
		printf '\x55\xaa' | dd of="$tmp/disk.img" bs=1 seek=510 conv=notrunc status=none &&
		dd if="$tmp/part.img" of="$tmp/disk.img" bs=512 seek=2048 conv=notrunc status=none &&
		mv "$tmp/disk.img" "$out"
	} >/dev/null
	local rc=$?
	rm -rf "$tmp"
	return $rc
}

# riscv64_uboot_disk_for CMDLINE: the disk for that command line (one per
# command line, so parallel boots never share a file being rebuilt), made or
# remade when missing or older than socle.Image; prints its path.
riscv64_uboot_disk_for() {
	local sum disk
	sum=$(printf '%s' "$1" | md5sum | cut -c1-12)
	disk=$BUILD/uboot-disk-$sum.img
	if [ ! -f "$disk" ] || [ "$BUILD/socle.Image" -nt "$disk" ]; then
		riscv64_uboot_disk "$1" "$disk" || return 1
	fi
	printf '%s\n' "$disk"
}

# qemu_prepare MODE [CMDLINE]
qemu_prepare() {
	local mode=$1 cmdline=${2-}
	case $mode in
	direct)
		[ -f "$BUILD/socle.elf" ] && [ -f "$RISCV64_OPENSBI" ]
		;;
	uboot)
		[ -f "$BUILD/socle.Image" ] && [ -f "$RISCV64_OPENSBI" ] &&
			[ -f "$RISCV64_UBOOT" ] && command -v mkfs.vfat >/dev/null &&
			command -v mcopy >/dev/null &&
			riscv64_uboot_disk_for "$cmdline" >/dev/null
		;;
	*)
		echo "riscv64: unknown QEMU mode $mode" >&2
		return 1
		;;
	esac
}

qemu_cmd() {
	local mode=$1 cmdline=${2-}
	QEMU_CMD=(qemu-system-riscv64 -M virt -cpu rv64 -m 256M -smp 1
		-nographic -no-reboot -bios "$RISCV64_OPENSBI")
	case $mode in
	direct)
		QEMU_CMD+=(-kernel "$BUILD/socle.elf" -append "$cmdline")
		;;
	uboot)
		local disk
		disk=$(riscv64_uboot_disk_for "$cmdline") || return 1
		QEMU_CMD+=(-kernel "$RISCV64_UBOOT"
			-drive "file=$disk,format=raw,if=none,id=hd0,readonly=on"
			-device virtio-blk-device,drive=hd0)
		;;
	*)
		echo "riscv64: unknown QEMU mode $mode" >&2
		return 1
		;;
	esac
}
