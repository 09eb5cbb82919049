# A size-limited tmpfs that fills up: ENOSPC, and every existing file intact.
mkdir -p /mnt/small
mount -t tmpfs -o size=64k tmpfs /mnt/small || exit 1
echo keep me > /mnt/small/old
dd if=/dev/zero of=/mnt/small/big bs=4k count=100 2>/tmp/dd.err
echo "dd status: $?"
grep -c "No space left on device" /tmp/dd.err
cat /mnt/small/old
ls /mnt/small | cat
rm /mnt/small/big
echo again > /mnt/small/new && cat /mnt/small/new
umount /mnt/small && echo unmounted
