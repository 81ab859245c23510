#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Compile-test drivers/misc/sgi-gru with W=1: an SGI UV config
# (x86_64_defconfig + config/uv.config) in its own directory (build/obj-uv,
# UV_KOBJ to override), building only what 'prepare' needs and that
# directory.  Fails when Kconfig drops a value of the fragment, and on any
# warning located in drivers/misc/sgi-gru.  The objects of the directory are
# rebuilt on every run (from ccache when unchanged), so that a warm run
# reports the warnings again.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

KOBJ=${UV_KOBJ:-$BUILD/obj-uv}
DIR=drivers/misc/sgi-gru
FRAG=$TOP/config/uv.config
DEFCONFIG=$KSRC/arch/x86/configs/x86_64_defconfig
LOG=$KOBJ/gru-build.log

[ -d "$KSRC/.git" ] || die "no kernel tree: run 'make tree'"

export KBUILD_BUILD_TIMESTAMP="Sat Jan  1 00:00:00 UTC 2000"
export KBUILD_BUILD_USER=stlb KBUILD_BUILD_HOST=stlb
export CCACHE_BASEDIR=$TOP CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_NOHASHDIR=1
export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
kmake() { make -C "$KSRC" O="$KOBJ" CC="ccache gcc" HOSTCC="ccache gcc" -j"$JOBS" "$@"; }

# x86_64_defconfig and the fragment are merged as text and resolved by one
# Kconfig run: the same result as 'make x86_64_defconfig' and merge_config.sh
# on top, except that a symbol the fragment makes visible gets its default
# rather than the "is not set" of the first pass.
configure() {
	local sum
	sum=$(cat "$DEFCONFIG" "$FRAG" | sha256sum | cut -d' ' -f1)
	[ -f "$KOBJ/.config" ] && [ "$(cat "$KOBJ/.frags" 2>/dev/null)" = "$sum" ] &&
		return
	note "configuring $KOBJ: ${DEFCONFIG##*/} + ${FRAG##*/}"
	mkdir -p "$KOBJ"
	rm -f "$KOBJ/.frags"
	(cd "$KSRC" && ./scripts/kconfig/merge_config.sh -m -O "$KOBJ" \
		"$DEFCONFIG" "$FRAG" >"$KOBJ/merge_config.log" 2>&1) ||
		{ cat "$KOBJ/merge_config.log"; die "merge_config failed"; }
	kmake -s olddefconfig >/dev/null
	echo "$sum" > "$KOBJ/.frags"
}

# merge_config only warns when Kconfig does not honour a value: fail.  Again
# after the build, which reruns Kconfig when a Kconfig file has changed.
checkconfig() {
	python3 "$TOP/scripts/checkconfig.py" "$KOBJ/.config" "$FRAG"
}

configure
checkconfig
rm -f "$KOBJ/$DIR"/*.o "$KOBJ/$DIR"/*.a
note "building $DIR/ with W=1 in $KOBJ (log: $LOG)"
kmake W=1 "$DIR/" >"$LOG" 2>&1 ||
	{ tail -40 "$LOG"; die "build of $DIR failed (log: $LOG)"; }
checkconfig

# Diagnostics located in the driver (compiler, kernel-doc, objtool); others
# (e.g. from headers it includes) are shown but do not fail the build.
ours=$(grep -E "(^|/)$DIR/[^ :]*:([0-9]+:)*[ ]*([a-z]+: )?[Ww]arning" "$LOG" || true)
other=$(grep -iE 'warning' "$LOG" | grep -vE "(^|/)$DIR/[^ :]*:" || true)
[ -z "$other" ] || { echo "$other" >&2; note "warnings outside $DIR (not fatal)"; }
if [ -n "$ours" ]; then
	echo "$ours" >&2
	die "$(echo "$ours" | wc -l) warning(s) in $DIR (log: $LOG)"
fi
note "$DIR: $(grep -cE "^ +CC .*$DIR/" "$LOG") objects, no warnings"
