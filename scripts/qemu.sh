#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Boot the guest kernel under QEMU TCG with the host's root filesystem
# read-only over 9p, and a writable 9p share ($RESULTS) for what the guest
# brings back.  The guest's init is tests/guest-init.sh, which runs MODE:
#
#   qemu.sh test   run tests/mm.list (FILTER=regex narrows it), KTAP to $RESULTS
#   qemu.sh bench  run the benchmark suite, JSON to $RESULTS
#   qemu.sh shell  interactive shell on the serial console; with CMD set,
#                  run CMD (bash) in the selftests' directory instead, print
#                  its output and exit with its status (as vng --exec does)
#
# Topology (NUMA with HMAT): nodes 0 and 1 have CPUs and memory; node 2 has
# memory only and slower HMAT figures, so the guest places it in a lower
# memory tier (a stand-in for CXL memory) and demotes to it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=${1:-test}
SMP=${SMP:-4}				# vCPUs, split over nodes 0 and 1
NODE_MEM=${NODE_MEM:-2G}		# memory of each node
TIMEOUT=${TIMEOUT:-2400}		# hard limit for the whole boot, seconds
LOG=${LOG:-$BUILD/guest-$mode.log}
kernel=$KOBJ/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "$kernel missing: run 'make build'"
command -v qemu-system-x86_64 >/dev/null || die "qemu missing: run 'make deps'"
[ "$SMP" = 1 ] || [ $((SMP % 2)) = 0 ] ||
	die "SMP must be 1 or even (two CPU nodes)"

rm -rf "$RESULTS"
mkdir -p "$RESULTS"
if [ "$mode" = shell ] && [ -n "${CMD:-}" ]; then
	mode=exec
	LOG=$BUILD/guest-exec.log
	printf '%s\n' "$CMD" > "$RESULTS/cmd.sh"
fi

half=$((SMP / 2))
numa=(
	-object memory-backend-ram,id=m0,size=$NODE_MEM
	-object memory-backend-ram,id=m1,size=$NODE_MEM
	-object memory-backend-ram,id=m2,size=$NODE_MEM
)
# SMP=1 (for ICOUNT=1): node 1 has memory only, as near as node 0's
if [ "$SMP" = 1 ]; then
	numa+=(-numa node,nodeid=0,memdev=m0,cpus=0,initiator=0
	       -numa node,nodeid=1,memdev=m1,initiator=0)
else
	numa+=(-numa node,nodeid=0,memdev=m0,cpus=0-$((half - 1)),initiator=0
	       -numa node,nodeid=1,memdev=m1,cpus=$half-$((SMP - 1)),initiator=1)
fi
numa+=(-numa node,nodeid=2,memdev=m2,initiator=0)
# access latency (ns) and bandwidth, initiator -> target
hmat() {
	numa+=(-numa "hmat-lb,initiator=$1,target=$2,hierarchy=memory,data-type=access-latency,latency=$3"
	       -numa "hmat-lb,initiator=$1,target=$2,hierarchy=memory,data-type=access-bandwidth,bandwidth=$4")
}
if [ "$SMP" = 1 ]; then
	hmat 0 0 10 10G; hmat 0 1 10 10G; hmat 0 2 80 1G
else
	hmat 0 0 10 10G; hmat 0 1 20 5G; hmat 0 2 80 1G
	hmat 1 1 10 10G; hmat 1 0 20 5G; hmat 1 2 80 1G
fi

cmdline=(
	console=ttyS0 earlyprintk=serial,ttyS0 panic=-1 page_poison=1
	root=rootfs rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose
	ro init="$TOP/tests/guest-init.sh"
	"STLB_MODE=$mode" "STLB_TOP=$TOP" "STLB_KST=$KST"
	"STLB_FILTER=${FILTER:-.}"
	${APPEND:-}
)

smp=$SMP,sockets=2,cores=$half
[ "$SMP" = 1 ] && smp=1

# ICOUNT=1: the deterministic mode.  The guest's clock advances by executed
# instructions (-icount: 2^ICOUNT_SHIFT ns each, default 0, a 1 GHz CPU),
# not by host time, and idle time is skipped (sleep=off), so time-based
# figures repeat from run to run and machine to machine.  -icount needs
# single-threaded TCG: the vCPUs run one at a time, round robin, and the
# clock counts the instructions of all of them.  ICOUNT_OPTS replaces the
# -icount options (experiments: sleep=on, another shift).
accel=(-accel tcg,thread=multi)
if [ "${ICOUNT:-0}" = 1 ]; then
	accel=(-accel tcg,thread=single
	       -icount "${ICOUNT_OPTS:-shift=${ICOUNT_SHIFT:-0},sleep=off,align=off}")
	cmdline+=(STLB_ICOUNT="${ICOUNT_SHIFT:-0}")
fi

qemu=(
	qemu-system-x86_64 -machine pc,hmat=on "${accel[@]}"
	-cpu max -smp "$smp" -m "$((3 * ${NODE_MEM%G}))G"
	"${numa[@]}"
	-kernel "$kernel" -append "${cmdline[*]}"
	-virtfs local,path=/,mount_tag=rootfs,security_model=none,readonly=on,multidevs=remap
	-virtfs "local,path=$RESULTS,mount_tag=results,security_model=none"
	-nographic -no-reboot -nodefaults -serial mon:stdio
)

note "booting ($mode, $SMP vCPUs, 3 x $NODE_MEM), log: $LOG"
if [ "$mode" = shell ]; then
	exec "${qemu[@]}"
fi
set +e
timeout --foreground -k 10 "$TIMEOUT" "${qemu[@]}" </dev/null 2>&1 | tee "$LOG" |
	if [ "${VERBOSE:-0}" = 1 ]; then cat; else grep --line-buffered -E '^(ok|not ok|# STLB)' || true; fi
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 124 ] && echo "error: guest timed out after ${TIMEOUT}s" >&2
if [ "$mode" = exec ]; then
	cat "$RESULTS/cmd.out" 2>/dev/null || true
	if grep -qE 'BUG:|WARNING:|Oops|Kernel panic|Call Trace:|KASAN' "$LOG"; then
		echo "warning: the guest's kernel log has a splat; see $LOG" >&2
	fi
	[ -f "$RESULTS/cmd.rc" ] || die "the command did not finish (guest exit $rc)"
	exit "$(cat "$RESULTS/cmd.rc")"
fi
exit "$rc"
