#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PID 1 of the test guest.  The root filesystem is the host's, read-only over
# 9p; everything writable is tmpfs, and /tmp/results is the host's $RESULTS.
# The kernel hands STLB_* from its command line to us as environment.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/tmp LANG=C LC_ALL=C TERM=${TERM:-linux}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mountpoint -q /dev || mount -t devtmpfs devtmpfs /dev

# The tmpfs mounts below would hide the repository and the build if they
# live under /tmp (a CI clone may): reach the host's tree through a bind
# mount of the 9p root made before them.
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/host
mount --bind / /run/host
STLB_TOP=/run/host$STLB_TOP
STLB_KST=/run/host$STLB_KST
export STLB_TOP STLB_KST

mkdir -p /dev/shm
for d in /tmp /dev/shm /var/tmp /mnt; do
	mount -t tmpfs -o mode=1777 tmpfs $d
done
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mkdir -p /tmp/results
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 results /tmp/results
ln -sf /proc/self/fd /dev/fd 2>/dev/null

# Swap on zram, for MADV_PAGEOUT and reclaim tests.
if [ -e /sys/block/zram0 ]; then
	echo 1G > /sys/block/zram0/disksize &&
		mkswap /dev/zram0 >/dev/null && swapon /dev/zram0
fi
# Demotion to the lower tier (node 2) during reclaim.
echo 1 > /sys/kernel/mm/numa/demotion_enabled 2>/dev/null

echo "# STLB guest up: $(uname -r), $(nproc) CPUs, nodes $(cat /sys/devices/system/node/online), mode $STLB_MODE"

cd /tmp
case "$STLB_MODE" in
test)	"$STLB_TOP/tests/guest-run.sh" ;;
bench)	python3 "$STLB_TOP/bench/guest-bench.py" ;;
shell)	echo "# shell: 'poweroff' or 'exit' ends the guest; tests are in $STLB_KST/mm"
	echo 'poweroff() { exit 0; }; PS1="guest:\w# "; cd "$STLB_KST/mm" 2>/dev/null' >/tmp/.bashrc
	setsid -c /bin/bash --rcfile /tmp/.bashrc -i </dev/ttyS0 >/dev/ttyS0 2>&1 ;;
exec)	(cd "$STLB_KST/mm" && bash /tmp/results/cmd.sh) >/tmp/results/cmd.out 2>&1
	echo $? >/tmp/results/cmd.rc ;;
*)	echo "# unknown STLB_MODE=$STLB_MODE" ;;
esac

dmesg > /tmp/results/dmesg.txt 2>/dev/null
sync
echo "# STLB guest done"
busybox poweroff -f
