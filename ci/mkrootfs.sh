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

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp,dev,proc,sys,run,home,var,mnt}
chmod 1777 "$root/tmp"
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
# Socle's init: a shell on the console, or the command ./socle run was given.
export PATH=/sbin:/usr/sbin:/bin:/usr/bin HOME=/root TERM=${TERM:-linux}
cd /root 2>/dev/null || cd /
if [ -f /etc/socle-cmd ]; then
	[ -n "$socle_marker" ] && echo "socle: command output follows"
	/bin/sh /etc/socle-cmd
	echo "socle: poweroff status=$?"
	poweroff -f
fi
echo "Socle: starting a shell on the console (exit it to power off)."
# A new session with the console as its controlling tty: job control.
setsid -c /bin/sh -l
poweroff -f
INIT
chmod 755 "$root/init"
printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:Socle user:/home/user:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nuser:x:1000:\n' >"$root/etc/group"
echo socle >"$root/etc/hostname"
cat >"$root/etc/profile" <<'PROFILE'
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
export PS1='\u@\h:\w\$ '
PROFILE
mkdir -p "$root/home/user"

if [ -n "$overlay" ]; then
	cp -a "$overlay"/. "$root"/
fi
if [ -n "$cmdfile" ]; then
	cp "$cmdfile" "$root/etc/socle-cmd"
fi
( cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0 ) >"$out.tmp"
mv "$out.tmp" "$out"
