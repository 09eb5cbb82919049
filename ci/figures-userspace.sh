#!/usr/bin/env bash
# ci/figures-userspace.sh [ARCH...] - the userspace issue's figures, measured,
# never judged: QEMU start to the shell prompt (median of 3 boots), system
# calls implemented out of the arch's Linux table, and memory in use when
# init starts.  Prints a Markdown table.
set -uo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
arches=("$@")
[ ${#arches[@]} -gt 0 ] || arches=(x86_64 arm64 riscv64 ppc64le s390x)
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

echo "| arch | QEMU start → shell prompt (s) | syscalls implemented / in the arch's table | memory in use at init (KiB) |"
echo "|---|---|---|---|"
for a in "${arches[@]}"; do
	"$SRC/socle" build --arch "$a" >/dev/null 2>&1 || { echo "| $a | build failed | | |"; continue; }
	BUILD="$SRC/build/$a"
	export BUILD SRC
	# shellcheck disable=SC1090
	source "$SRC/ci/qemu/$a.sh"
	ul="$(bash "$SRC/toolchains/build-userland.sh" --arch "$a" --print-dir 2>/dev/null)/$a"
	bash "$SRC/ci/mkrootfs.sh" "$a" "$ul" "$BUILD/figures-rootfs.cpio" || continue
	qemu_cmd direct ""
	QEMU_CMD+=(-initrd "$BUILD/figures-rootfs.cpio")
	times=() mem=
	for _ in 1 2 3; do
		# The prompt has no newline: read raw bytes, not lines.
		out=$( { sleep 60; } | timeout 60 "${QEMU_CMD[@]}" 2>&1 | perl -MTime::HiRes=time -e '
			my $t0 = time; my $buf = ""; $| = 1;
			while (sysread(STDIN, my $c, 4096)) {
				$buf .= $c;
				if ($buf =~ /root\@socle/) {
					print "mem $1\n" if $buf =~ /memory in use (\d+) KiB/;
					printf("prompt %.3f\n", time - $t0);
					exit 0;
				}
			}')
		times+=("$(echo "$out" | awk '/^prompt/ { print $2 }')")
		mem=$(echo "$out" | awk '/^mem/ { print $2 }')
	done
	t="$BUILD/gen/syscall_table.c"
	impl=$(grep -c '{ "[a-z0-9_]*", sys_' "$t")
	total=$(grep -c '{ "[a-z0-9_]*", ' "$t")
	echo "| $a | $(printf '%s\n' "${times[@]}" | median) | $impl / $total | ${mem:--} |"
done
