#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build the guest kernel out of tree ($KOBJ) with ccache, then
# the mm selftests ($KST).  DEBUG=1 adds config/debug.config, KASAN=1
# config/kasan.config.  Each flavour builds in its own directory, so switching
# does not rebuild the world.
#
#   build.sh [config|kernel|selftests|all]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

what=${1:-all}
frags=("$TOP/config/base.config" "$TOP/config/features.config")
if [ "${BASE:-0}" = 1 ]; then
	[ -d "$KSRC_SERIES/.git" ] || die "no kernel tree: run 'make tree'"
	# The base's commit: the first BASE_PATCHES commits of the series
	first=$(git -C "$KSRC_SERIES" rev-list --reverse base..HEAD |
		sed -n "${BASE_PATCHES}p")
	[ -n "$first" ] || die "no commit $BASE_PATCHES in $KSRC_SERIES"
	if [ "$(git -C "$KSRC" rev-parse HEAD 2>/dev/null)" != "$first" ]; then
		note "checking out the base (+$BASE_PATCHES patches) in $KSRC"
		git -C "$KSRC_SERIES" worktree remove --force "$KSRC" 2>/dev/null || rm -rf "$KSRC"
		git -C "$KSRC_SERIES" worktree prune
		git -C "$KSRC_SERIES" worktree add -q --detach "$KSRC" "$first"
	fi
	# No series options: the base has none of them
	frags=("$TOP/config/base.config")
fi
# The base cannot honour the debug fragment's options of the series
check_config=1
[ "${BASE:-0}" = 1 ] && check_config=0
[ -e "$KSRC/.git" ] || die "no kernel tree: run 'make tree'"
[ "${DEBUG:-1}" = 1 ] && frags+=("$TOP/config/debug.config")
[ "${KASAN:-0}" = 1 ] && frags+=("$TOP/config/kasan.config")

export KBUILD_BUILD_TIMESTAMP="Sat Jan  1 00:00:00 UTC 2000"
export KBUILD_BUILD_USER=stlb KBUILD_BUILD_HOST=stlb
export CCACHE_BASEDIR=$TOP CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_NOHASHDIR=1
export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
kmake() { make -s -C "$KSRC" O="$KOBJ" CC="ccache gcc" -j"$JOBS" "$@"; }

configure() {
	mkdir -p "$KOBJ"
	local sum
	sum=$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)
	if [ -f "$KOBJ/.config" ] && [ "$(cat "$KOBJ/.frags" 2>/dev/null)" = "$sum" ]; then
		kmake olddefconfig >/dev/null
		return
	fi
	note "configuring $KOBJ from ${frags[*]##*/}"
	(cd "$KSRC" && ./scripts/kconfig/merge_config.sh -n -O "$KOBJ" \
		"${frags[@]}" >"$KOBJ/merge_config.log" 2>&1) ||
		{ cat "$KOBJ/merge_config.log"; die "merge_config failed"; }
	# merge_config only warns when Kconfig does not honour a value: fail.
	[ $check_config = 0 ] ||
		python3 "$TOP/scripts/checkconfig.py" "$KOBJ/.config" "${frags[@]}"
	echo "$sum" > "$KOBJ/.frags"
}

kernel() {
	note "building the kernel in $KOBJ"
	kmake bzImage
	kmake headers_install INSTALL_HDR_PATH="$KOBJ/usr" >/dev/null
}

selftests() {
	if [ "${BASE:-0}" = 1 ]; then
		# The base runs the series' selftests, built with the series
		[ -x "$KST/mm/stlb_bench" ] ||
			die "no $KST/mm/stlb_bench: build the series first (make build without BASE=1)"
		return 0
	fi
	note "building the mm selftests in $KST/mm"
	mkdir -p "$KST/mm"
	# The kselftest makefiles build in the source directory's cwd; OUTPUT
	# keeps the objects out of the tree.
	make -s -C "$KSRC/tools/testing/selftests/mm" -j"$JOBS" \
		OUTPUT="$KST/mm" KHDR_INCLUDES="-isystem $KOBJ/usr/include" \
		CC=gcc >"$KST/build.log" 2>&1 ||
		{ tail -40 "$KST/build.log"; die "mm selftests failed to build (log: $KST/build.log)"; }
	cp -p "$KSRC"/tools/testing/selftests/mm/*.sh "$KST/mm/" 2>/dev/null || true
}

case $what in
config) configure ;;
kernel) configure; kernel ;;
selftests) selftests ;;
all) configure; kernel; selftests ;;
*) die "usage: build.sh [config|kernel|selftests|all]" ;;
esac
