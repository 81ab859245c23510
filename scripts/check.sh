#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make check: checkpatch.pl --strict on every patch of the series.  Fails on
# any ERROR; WARNINGs and CHECKs are printed for review.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -x "$KSRC/scripts/checkpatch.pl" ] || die "no tree: run 'make tree'"
errors=0 warnings=0 checks=0
for p in "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
	case "$p" in */0000-cover-letter.patch) continue ;; esac
	# checkpatch runs scripts/spdxcheck.py with "python3": Debian's, which
	# has python3-ply, not a python3 found earlier in PATH.
	out=$(cd "$KSRC" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --quiet --no-summary \
		--show-types "$p" 2>&1) || true
	e=$(grep -c '^ERROR:' <<<"$out" || true)
	w=$(grep -c '^WARNING:' <<<"$out" || true)
	c=$(grep -c '^CHECK:' <<<"$out" || true)
	printf '%-70s %s errors, %s warnings, %s checks\n' "$(basename "$p")" "$e" "$w" "$c"
	[ -z "$out" ] || sed 's/^/    /' <<<"$out"
	errors=$((errors + e)) warnings=$((warnings + w)) checks=$((checks + c))
done
echo "checkpatch --strict: $errors errors, $warnings warnings, $checks checks"
[ "$errors" = 0 ]
