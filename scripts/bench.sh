#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make run (after make build): boot the guest, run the benchmark suite
# (bench/guest-bench.py), print the table, keep the JSON as build/bench.json.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rc=0
"$TOP/scripts/qemu.sh" bench || rc=$?
rm -rf "$BUILD/results-bench"
cp -r "$RESULTS" "$BUILD/results-bench"
[ -f "$BUILD/results-bench/bench.json" ] ||
	die "the guest wrote no bench.json (exit $rc): see $BUILD/guest-bench.log"
out=${BENCH_JSON:-$BUILD/bench.json}
cp "$BUILD/results-bench/bench.json" "$out"
python3 "$TOP/bench/table.py" "$out"
echo "JSON: $out"
# A splat during the benchmarks fails the run as it fails a test run.
python3 "$TOP/scripts/verdict.py" --log-only "$BUILD/results-bench" "$BUILD/guest-bench.log"
