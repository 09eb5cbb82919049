# ci/ktap.awk - turn a KTAP version 1 console log into PASS/FAIL lines.
# Input: the whole console log; lines before "KTAP version 1" are ignored.
# Output: "PASS <prefix><name>" / "FAIL <prefix><name>: reason"; missing
# results (a plan larger than the results seen) are failures.
/^KTAP version 1/ { inktap = 1; next }
inktap && /^1\.\.[0-9]+/ { plan = substr($0, 4) + 0; next }
inktap && /^ok [0-9]+ / {
	name = $3; seen++
	if ($0 ~ /# SKIP/) { reason = $0; sub(/.*# SKIP */, "", reason); print "SKIP " prefix name ": " reason }
	else print "PASS " prefix name
	next
}
inktap && /^not ok [0-9]+ / { name = $4; seen++; print "FAIL " prefix name ": " (diag ? diag : "not ok"); diag = ""; next }
inktap && /^# FAIL/ { diag = diag (diag ? "; " : "") substr($0, 3); next }
END {
	if (!inktap) print "FAIL " prefix "ktap: no KTAP output (kernel did not reach the self-tests)"
	else if (plan == 0) print "FAIL " prefix "ktap: no plan line"
	else if (seen < plan) print "FAIL " prefix "ktap: only " seen " of " plan " results (crash or hang)"
}
