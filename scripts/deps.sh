#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Install what the harness needs from Debian's archive.  Idempotent: does
# nothing when everything is already there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

PKGS=(
	# kernel build
	build-essential bc bison flex libelf-dev libssl-dev cpio xz-utils zstd
	dwarves kmod rsync python3 python3-ply python3-git perl ccache git sparse
	# mm selftests
	libcap-dev libnuma-dev liburing-dev pkg-config libmount-dev
	# guest
	qemu-system-x86 numactl util-linux procps busybox-static
	# migrc_test ext4 cases, the tier-ext4 benchmark: mkfs.ext4, mount -o loop
	e2fsprogs mount
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done

# The base must be exactly the pinned version (see README, "The base").
have=$(dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null || true)
[ "$have" = "$BASE_VER" ] || missing+=("$BASE_PKG")

[ ${#missing[@]} -eq 0 ] && exit 0

[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run 'make deps' as root"
note "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
for i in "${!missing[@]}"; do
	[ "${missing[$i]}" = "$BASE_PKG" ] || continue
	# Not 'apt-cache madison | grep -q': under pipefail, grep -q exits at
	# the first match and madison dies of SIGPIPE (141), which made the
	# pinned version look absent about 4 runs in 5.
	avail=$(apt-cache madison "$BASE_PKG" || true)
	if grep -qF "| $BASE_VER |" <<<"$avail"; then
		missing[$i]="$BASE_PKG=$BASE_VER"
	else
		cat >&2 <<EOT
########################################################################
# WARNING: $BASE_PKG $BASE_VER is no longer in the archive.
# Falling back to the newest $BASE_PKG; the series will be applied with
# 'git am -3' and the tarball checksum will NOT match the pinned one.
########################################################################
EOT
	fi
done
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
