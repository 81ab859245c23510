#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make test (after make build): boot the guest, run tests/mm.list, and judge
# the run from the guest's KTAP and kernel log (scripts/verdict.py).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

start=$(date +%s)
rc=0
"$TOP/scripts/qemu.sh" test || rc=$?
echo "# guest exited with $rc after $(( $(date +%s) - start ))s; log: $BUILD/guest-test.log"
rm -rf "$BUILD/results-test"
cp -r "$RESULTS" "$BUILD/results-test"
python3 "$TOP/scripts/verdict.py" "$BUILD/results-test" "$BUILD/guest-test.log"
