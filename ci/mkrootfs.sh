#!/usr/bin/env bash
# ci/mkrootfs.sh ARCH USERLAND_DIR OUT.cpio [--overlay DIR] [--cmd FILE]
# Builds the initramfs (cpio newc) of one port: busybox with its applet
# links, dash, /init and a few /etc files, then the overlay directory's
# files (modes kept), then, with --cmd, /etc/socle-cmd (a shell script that
# /init runs instead of an interactive shell, reporting its exit status).
set -euo pipefail
arch=$1 ul=$2 out=$3
shift 3
overlay= cmdfile=
while [ $# -gt 0 ]; do
	case $1 in
	--overlay) overlay=$2; shift ;;
	--cmd) cmdfile=$2; shift ;;
	*) echo "mkrootfs: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ -x "$ul/bin/busybox" ] || { echo "mkrootfs: no busybox in $ul" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# The FHS tree (Filesystem Hierarchy Standard 3.0).  /proc, /sys, /dev,
# /run and /tmp are mount points for /etc/fstab; the root filesystem itself
# is the initramfs (a tmpfs), so /var and /home are writable in memory.
mkdir -p "$root"/{bin,sbin,etc,home,root,lib,tmp,dev,proc,sys,run,mnt,media,opt,srv} \
	"$root"/usr/{bin,sbin,lib,include,share,src,local} \
	"$root"/usr/local/{bin,sbin,lib,include,share,src} \
	"$root"/var/{log,spool,lib,lock,mail,tmp,cache,empty} "$root/usr/share/man" \
	"$root/etc/profile.d"
chmod 1777 "$root/tmp" "$root/var/tmp"
chmod 0700 "$root/root"
cp "$ul/bin/busybox" "$root/bin/busybox"
[ -x "$ul/bin/dash" ] && cp "$ul/bin/dash" "$root/bin/dash"

# Applet links, at the paths busybox itself lists.  The list does not
# depend on the arch (one config for all); the host's x86_64 build or
# qemu-user gives it.
list=$("$ul/bin/busybox" --list-full 2>/dev/null || true)
if [ -z "$list" ]; then
	for cand in "$ul/../x86_64/bin/busybox" "$ul"/../*/bin/busybox; do
		[ -x "$cand" ] && list=$("$cand" --list-full 2>/dev/null || true)
		[ -n "$list" ] && break
	done
fi
[ -n "$list" ] || { echo "mkrootfs: cannot list busybox applets" >&2; exit 1; }
while read -r path; do
	[ -n "$path" ] || continue
	[ "$path" = bin/busybox ] && continue
	dir=$(dirname "$path")
	mkdir -p "$root/$dir"
	# Relative link to /bin/busybox, computed by hand: realpath would follow
	# the build machine's own /bin -> /usr/bin link.
	if [ "$dir" = bin ]; then
		rel=busybox
	else
		rel=$(echo "$dir" | sed 's|[^/]*|..|g')/bin/busybox
	fi
	ln -sf "$rel" "$root/$path"
done <<<"$list"

cat >"$root/init" <<'INIT'
#!/bin/sh
# Socle's init: mount /etc/fstab, then a shell on the console, or the
# command ./socle run was given.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin HOME=/root TERM=${TERM:-linux}
log=/var/log/init.log
# The kernel file systems first, then what lives inside them (/dev/shm).
# A mount that fails (a kernel without mount(2) or without one of the
# file system types) is logged and skipped: init goes on regardless.
mount -a -t proc,sysfs,devtmpfs 2>>"$log" || fstab_failed=1
mkdir -p /dev/pts /dev/shm 2>>"$log"
for l in fd:/proc/self/fd stdin:/proc/self/fd/0 stdout:/proc/self/fd/1 stderr:/proc/self/fd/2; do
	[ -e "/dev/${l%%:*}" ] || [ -L "/dev/${l%%:*}" ] || ln -s "${l#*:}" "/dev/${l%%:*}" 2>>"$log"
done
mount -a -t noproc,sysfs,devtmpfs 2>>"$log" || fstab_failed=1
[ -n "$fstab_failed" ] && echo "init: some /etc/fstab entries are not mounted (see $log)"
[ -r /etc/hostname ] && hostname -F /etc/hostname 2>>"$log"
# The archive is all root's (cpio -R 0:0): give the user its home.
chown -R 1000:1000 /home/user 2>>"$log"
umask 022
cd /root 2>/dev/null || cd /
if [ -f /etc/socle-cmd ]; then
	[ -n "$socle_marker" ] && echo "socle: command output follows"
	/bin/sh /etc/socle-cmd
	echo "socle: poweroff status=$?"
	poweroff -f
fi
[ -r /etc/motd ] && cat /etc/motd
echo "Socle: starting a shell on the console (exit it to power off)."
# A new session with the console as its controlling tty: job control.
setsid -c /bin/sh -l
poweroff -f
INIT
chmod 755 "$root/init"

# /etc: accounts (root has no password; "user", uid 1000, is locked until
# given one with passwd), mounts, host and system identity.
cat >"$root/etc/passwd" <<'EOF_'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/sbin/nologin
bin:x:2:2:bin:/bin:/sbin/nologin
user:x:1000:1000:Socle user:/home/user:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
EOF_
cat >"$root/etc/group" <<'EOF_'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
wheel:x:10:root
dialout:x:20:user
users:x:100:user
user:x:1000:
nogroup:x:65534:
EOF_
cat >"$root/etc/shadow" <<'EOF_'
root::20426:0:99999:7:::
daemon:*:20426:0:99999:7:::
bin:*:20426:0:99999:7:::
user:!:20426:0:99999:7:::
nobody:*:20426:0:99999:7:::
EOF_
chmod 600 "$root/etc/shadow"
cat >"$root/etc/fstab" <<'EOF_'
# /etc/fstab: mounted by /init with busybox's "mount -a".
# <file system> <mount point> <type>   <options>                           <dump> <pass>
proc            /proc         proc     nosuid,nodev,noexec                 0      0
sysfs           /sys          sysfs    nosuid,nodev,noexec                 0      0
devtmpfs        /dev          devtmpfs nosuid,mode=0755                    0      0
tmpfs           /run          tmpfs    nosuid,nodev,mode=0755,size=16m     0      0
tmpfs           /tmp          tmpfs    nosuid,nodev,mode=1777,size=64m     0      0
tmpfs           /dev/shm      tmpfs    nosuid,nodev,mode=1777,size=32m     0      0
EOF_
ln -s /proc/mounts "$root/etc/mtab"
echo socle >"$root/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tsocle\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' \
	>"$root/etc/hosts"
printf '/bin/sh\n/bin/ash\n/bin/dash\n' >"$root/etc/shells"
version=$(sed -n 's/^set(SOCLE_VERSION "\(.*\)")$/\1/p' "$SRC/CMakeLists.txt")
cat >"$root/usr/lib/os-release" <<EOF_
NAME="Socle"
VERSION="${version:-0} ($arch)"
ID=socle
VERSION_ID=${version:-0}
PRETTY_NAME="Socle ${version:-0}"
ANSI_COLOR="1;34"
EOF_
ln -s ../usr/lib/os-release "$root/etc/os-release"
cat >"$root/etc/motd" <<'EOF_'

Welcome to Socle, a portable Linux-compatible kernel.
The user space is busybox; "busybox --list" shows its commands.

EOF_
cat >"$root/etc/profile" <<'PROFILE'
# /etc/profile: read by login shells.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin:/usr/local/bin
[ "$(id -u)" = 0 ] || export PATH=/bin:/usr/bin:/usr/local/bin
export PS1='\u@\h:\w\$ '
export PAGER=less EDITOR=vi
umask 022
for f in /etc/profile.d/*.sh; do
	[ -r "$f" ] && . "$f"
done
unset f
PROFILE
mkdir -p "$root/home/user"
printf '# ~/.profile\n' >"$root/home/user/.profile"
printf '# ~/.profile\n' >"$root/root/.profile"

if [ -n "$overlay" ]; then
	cp -a "$overlay"/. "$root"/
fi
if [ -n "$cmdfile" ]; then
	cp "$cmdfile" "$root/etc/socle-cmd"
fi
( cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 ) >"$out.tmp"
mv "$out.tmp" "$out"
