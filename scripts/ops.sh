#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make ops: what the series costs common mm operations, deterministically.
# Builds the non-debug series and the unpatched base (BASE=1: the base with
# the first BASE_PATCHES selftest fixes), boots each with one vCPU under
# QEMU -icount (ICOUNT=1 SMP=1: the guest's clock counts instructions) and
# runs 'stlb_bench ops' (bench/guest-bench.py's ops/* workloads), then
# prints base, off, on and device side by side.  DEBUG=1 for the debug
# kernels instead.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

export DEBUG=${DEBUG:-0} ICOUNT=1 SMP=1
export APPEND="${APPEND:-} STLB_BENCH_FILTER=^ops/ STLB_BENCH_REPS=${REPS:-3}"
series_json=$BUILD/bench-ops.json
base_json=$BUILD/bench-ops-base.json

BASE=0 "$TOP/scripts/build.sh" all
BASE=1 "$TOP/scripts/build.sh" all
BASE=0 BENCH_JSON=$series_json "$TOP/scripts/bench.sh" >/dev/null
BASE=1 BENCH_JSON=$base_json "$TOP/scripts/bench.sh" >/dev/null
python3 "$TOP/bench/table.py" "$series_json" --base "$base_json"
echo "JSON: $series_json $base_json"
