#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs tests/mm.list inside the guest.  KTAP goes to /tmp/results/ktap.txt
# (and the console); each test's output to /tmp/results/logs/NAME.log.
# STLB_FILTER (an extended regex, default '.') picks tests by name.
list=$STLB_TOP/tests/mm.list
out=/tmp/results
mkdir -p $out/logs
: > $out/ktap.txt

emit() { echo "$*" | tee -a $out/ktap.txt; }

# Setup that run_vmtests.sh does too.
echo 256 > /proc/sys/vm/nr_hugepages
echo 1 > /proc/sys/vm/overcommit_memory 2>/dev/null
ulimit -l unlimited 2>/dev/null
ulimit -c 0

mapfile -t lines < <(grep -E '^(run|skip)[[:space:]]' "$list" |
	awk -v f="$STLB_FILTER" '$2 ~ f')
emit "KTAP version 1"
emit "1..${#lines[@]}"
n=0
for line in "${lines[@]}"; do
	n=$((n + 1))
	read -r kind name rest <<<"$line"
	if [ "$kind" = skip ]; then
		emit "ok $n $name # SKIP $rest"
		continue
	fi
	read -r tmo cmd <<<"$rest"
	log=$out/logs/$name.log
	echo "# STLB $n $name" > /dev/kmsg
	start=$(date +%s.%N)
	(cd "$STLB_KST/mm" && exec timeout -k 5 "$tmo" bash -c "exec $cmd") >"$log" 2>&1 </dev/null
	rc=$?
	secs=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
	case $rc in
	0)	emit "ok $n $name # time=${secs}s" ;;
	4)	why=$(grep -m1 -iE 'skip' "$log" | tr -d '\r' | cut -c1-120)
		emit "ok $n $name # SKIP the test skipped itself: ${why:-exit 4} (time=${secs}s)" ;;
	124|137) emit "not ok $n $name # TIMEOUT after ${tmo}s" ;;
	*)	emit "not ok $n $name # exit $rc (time=${secs}s)"
		tail -n 15 "$log" | sed 's/^/#   /' ;;
	esac
done
echo "# STLB tests done" | tee -a $out/ktap.txt
