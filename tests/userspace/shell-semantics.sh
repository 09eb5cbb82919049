# Shell semantics that rest on the kernel: fork, exec, wait, pipes,
# redirections, signals and traps.  Its output must be the same on Socle
# as under Linux (ci/test.sh runs it on both and compares).
echo start
a=$(echo sub; exit 0)
echo "command substitution: $a"
echo one two three | tr ' ' '\n' | sort -r | head -n 2
( echo in a subshell; exit 7 )
echo "subshell status: $?"
echo data > /tmp/semantics.$$
cat < /tmp/semantics.$$
echo more >> /tmp/semantics.$$
wc -l < /tmp/semantics.$$
rm /tmp/semantics.$$
ls /nonexistent-dir 2>/dev/null || echo "ls failed, stderr redirected"
trap 'echo caught USR1' USR1
kill -USR1 $$
echo after the trap
sleep 0.2 &
wait $!
echo "background job status: $?"
sh -c 'kill -TERM $$; echo not reached'
echo "killed child status: $?"
false | true
echo "pipeline status: $?"
for i in 1 2 3; do printf '%s.' "$i"; done
echo
x=$(printf 'a\nb\nc\n' | while read l; do printf '%s' "$l"; done)
echo "read loop: $x"
echo "arith: $((6 * 7))"
exec 3> /tmp/fd3.$$
echo via fd 3 >&3
exec 3>&-
cat /tmp/fd3.$$
rm -f /tmp/fd3.$$
trap 'echo exit trap' EXIT
echo end
