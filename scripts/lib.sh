# SPDX-License-Identifier: GPL-2.0
# Common settings for the host-side harness.  Sourced, not run.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
KSRC=$BUILD/linux		# git tree: base commit + series
# Each config flavour builds in a directory of its own, so that switching
# between them does not rebuild the world.
if [ "${KASAN:-0}" = 1 ]; then FLAVOUR=kasan
elif [ "${DEBUG:-1}" = 1 ]; then FLAVOUR=debug
else FLAVOUR=nodebug; fi
# BASE=1: the unpatched base for comparison, with only the first
# BASE_PATCHES patches (selftest fixes the base needs to run them): a
# worktree of $KSRC, built without the series' options.  Its guest runs
# the series' selftests and stlb_bench, which tolerate the missing knobs.
BASE_PATCHES=3
if [ "${BASE:-0}" = 1 ]; then
	KSRC_SERIES=$KSRC
	KSRC=$BUILD/linux-base
	FLAVOUR=base-$FLAVOUR
fi
KOBJ=${KOBJ:-$BUILD/obj-$FLAVOUR}	# out-of-tree kernel build (O=)
KST=${KST:-$BUILD/kselftest-${FLAVOUR#base-}}	# selftests built for the guest
RESULTS=${RESULTS:-$BUILD/results}	# writable 9p share: what the guest brings back

# The pinned base: Debian's linux-source-6.12 binary package.
BASE_PKG=linux-source-6.12
BASE_VER=6.12.117-1~deb12u1
BASE_TARBALL=/usr/src/linux-source-6.12.tar.xz
BASE_SHA256=585a4a074597aefa2b1a68ada83a3184ba351c127544dea80618bbcceaa3961f

# The revision of the series that patches/ holds, and the commit of this
# repository whose patches/ held the previous one: 'make export' puts a
# range-diff against it in the cover letter.
SERIES_VERSION=10
PREV_COMMIT=be140608398145d8730ec6056f068f8419965082

JOBS=${JOBS:-$(( $(nproc) + 1 ))}

# Fingerprint of patches/, kept with the tree's HEAD in .git/series-stamp
# by 'make tree' and 'make export'.
patches_sum() {
	cat "$TOP"/patches/*.patch 2>/dev/null | sha256sum | cut -d' ' -f1
}

die() { echo "error: $*" >&2; exit 1; }
note() { echo "==> $*" >&2; }
