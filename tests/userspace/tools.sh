# The system tools of the FHS issue, reading /proc, /sys and /dev.
# ci/boot-case.sh checks that each one printed what it reads.
echo "== ps"; ps
echo "== top"; top -b -n 1 | head -n 5
echo "== free"; free
echo "== uptime"; uptime
echo "== mount"; mount
echo "== df"; df /tmp
echo "== dmesg"; dmesg | head -n 3 | sed "s/^/dmesg: /"
echo "== cpuinfo"; head -n 4 /proc/cpuinfo
echo "== dev"; ls -l --color=never /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty /dev/console /dev/kmsg
echo "== class"; ls /sys/class | cat
echo "== model"; cat /sys/firmware/devicetree/base/model; echo
echo "== end"
