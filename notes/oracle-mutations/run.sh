#!/usr/bin/env bash
# Build and run stlb_emu_test (model on) once per mutation (the .diff files
# given, or all of them in this directory), then restore the tree.  Run
# from anywhere after 'make tree'; the tree under build/linux must be clean.
# Each run's KTAP, make output and guest log go to $OUT (/tmp/oracle-mutations).
set -u
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/oracle-mutations}
mkdir -p "$out"
[ $# -gt 0 ] || set -- notes/oracle-mutations/*.diff
for d in "$@"; do
	name=$(basename "$d" .diff)
	git -C build/linux apply "$PWD/$d" || { echo "$name: does not apply"; continue; }
	FILTER='^stlb_emu_test$' make test > "$out/$name.log" 2>&1
	echo "$name: make test exit $?"
	cp build/results-test/logs/stlb_emu_test.log "$out/$name.ktap" 2>/dev/null
	cp build/guest-test.log "$out/$name.guest.log" 2>/dev/null
	grep -E '^not ok' "$out/$name.ktap"
	git -C build/linux apply -R "$PWD/$d"
done
