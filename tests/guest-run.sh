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
nr_hugepages=256
echo $nr_hugepages > /proc/sys/vm/nr_hugepages
ulimit -l unlimited 2>/dev/null
ulimit -c 0

# The selftests expect a writable working directory (temporary files, helper
# scripts beside the binaries): run them from a copy in tmpfs.
work=/tmp/mm
cp -a "$STLB_KST/mm" $work

# Used by mm.list: run a command with exactly N hugetlb pages reserved.
with_hugepages() {
	local n=$1 rc
	shift
	echo "$n" > /proc/sys/vm/nr_hugepages
	"$@"
	rc=$?
	echo $nr_hugepages > /proc/sys/vm/nr_hugepages
	return $rc
}
export -f with_hugepages

# Used by mm.list: run a command with a sysfs or procfs file set, then
# restore it.  with_sysctl takes a sysctl's name (vm.migrc) instead.
with_knob() {
	local f=$1 val=$2 old rc
	shift 2
	old=$(cat "$f") || return 1
	echo "$val" > "$f" || return 1
	"$@"
	rc=$?
	echo "$old" > "$f"
	return $rc
}
with_sysctl() {
	local f=/proc/sys/${1//.//}

	shift
	with_knob "$f" "$@"
}
export -f with_knob with_sysctl
export nr_hugepages

# run_one TIMEOUT COMMAND LOG: one run of a test in the work directory.
run_one() {
	(cd $work && exec timeout -k 5 "$1" bash -c "$2") >"$3" 2>&1 </dev/null
}

# An upstream test that exits 0 without running any case (pagemap_ioctl
# does when its feature is missing) is a skip, not a pass.
ran_nothing() {
	grep -qE '^# Totals: pass:0 fail:0 xfail:0 xpass:0' "$1" &&
		! grep -qE '^(not )?ok [0-9]' "$1"
}

# The reason of a failure, in the KTAP (which CI prints): each failed case
# of a harness test with its last 30 lines, then the log's last lines.
why_failed() {
	{
		# a harness case's lines from "#  RUN" to its "not ok", at most 30
		awk '/^# +RUN /{n=0} {b[n++ % 30]=$0}
		     /^not ok [0-9]/{for (i = n > 30 ? n - 30 : 0; i < n; i++)
					 print b[i % 30]; n=0}' "$1" | head -n 90
		echo "-- last lines of $(basename "$1"):"
		tail -n 15 "$1"
	} | tr -d '\r' | cut -c1-200 | sed 's/^/#   /' | tee -a $out/ktap.txt
}

# The failed harness cases and the first failed check, for the "not ok"
# line itself: the one line of a failure that any reader of the output sees.
first_failure() {
	local cases check
	cases=$(grep -E '^not ok [0-9]+ ' "$1" | sed -E 's/^not ok [0-9]+ //' |
		head -n 5 | paste -sd, -)
	check=$(grep -m1 -A1 -E '^# [^ ]+\.c:[0-9]+:[^:]+:Expected ' "$1" | sed 's/^# //' | paste -sd'|' -)
	[ -n "$cases$check" ] || return 0
	echo "; failed: ${cases:-?}${check:+: $check}" | tr -d '\r' | cut -c1-300
}

mapfile -t lines < <(grep -E '^(run|flaky|skip)[[:space:]]' "$list" |
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
	run_one "$tmo" "$cmd" "$log"
	rc=$?
	retried=
	# Listed as flaky: one more try after a failure (not after a skip or
	# a hang), and the first failure is reported with the result.
	if [ "$kind" = flaky ] && ! [[ $rc =~ ^(0|4|124|137)$ ]]; then
		mv "$log" "$log.try1"
		echo "# STLB $n $name: retry after exit $rc" > /dev/kmsg
		retried=" flaky: first try failed with exit $rc ($name.log.try1$(first_failure "$log.try1")), retried;"
		run_one "$tmo" "$cmd" "$log"
		rc=$?
	fi
	secs=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
	if [ $rc = 0 ] && ran_nothing "$log"; then
		emit "ok $n $name # SKIP exited 0 having run no test case (time=${secs}s)"
		continue
	fi
	case $rc in
	0)	emit "ok $n $name #${retried} time=${secs}s"
		[ -z "$retried" ] || why_failed "$log.try1" ;;
	4)	why=$(grep -m1 -iE 'skip' "$log" | tr -d '\r' | cut -c1-120)
		emit "ok $n $name # SKIP the test skipped itself: ${why:-exit 4} (time=${secs}s)" ;;
	124|137) emit "not ok $n $name # TIMEOUT after ${tmo}s" ;;
	*)	emit "not ok $n $name #${retried} exit $rc (time=${secs}s)$(first_failure "$log")"
		why_failed "$log" ;;
	esac
done
echo "# STLB tests done" | tee -a $out/ktap.txt
