#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make export: regenerate patches/ from the commits base..series of $KSRC.
# Idempotent: commits that did not change produce byte-identical files
# (zero commit ids, no signature, the cover letter dated by its patches).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -d "$KSRC/.git" ] || die "no tree: run 'make tree'"
cd "$KSRC"
[ -z "$(git status --porcelain --untracked-files=no)" ] ||
	note "warning: uncommitted changes in $KSRC are not exported"
[ "$(git rev-list --count base..HEAD)" -gt 0 ] || die "no commits on top of base"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The previous revision, tagged in the tree from this repository's history.
prev=v$((SERIES_VERSION - 1))
if ! git rev-parse -q --verify "refs/tags/$prev" >/dev/null; then
	mkdir "$out/prev"
	for f in $(git -C "$TOP" ls-tree --name-only "$PREV_COMMIT" patches/); do
		case "$f" in */0000-cover-letter.patch) continue ;; esac
		git -C "$TOP" show "$PREV_COMMIT:$f" > "$out/prev/${f#patches/}"
	done
	git worktree add -q --detach "$out/wt" base
	git -C "$out/wt" am -q "$out"/prev/*.patch ||
		die "the previous revision ($PREV_COMMIT) does not apply"
	git tag "$prev" "$(git -C "$out/wt" rev-parse HEAD)"
	git worktree remove --force "$out/wt"
	rm -rf "$out/prev"
fi
git -c core.abbrev=12 format-patch -q -o "$out" --cover-letter \
	--cover-from-description=subject \
	--subject-prefix="RFC PATCH v$SERIES_VERSION" \
	--range-diff="base..$prev" --creation-factor=60 \
	--zero-commit --no-signature --base=base base..HEAD
python3 "$TOP/scripts/cover.py" fix "$out/0000-cover-letter.patch"

mkdir -p "$TOP/patches"
changed=0
for f in "$TOP"/patches/*.patch; do
	[ -e "$f" ] || continue
	[ -e "$out/$(basename "$f")" ] || { rm "$f"; changed=1; }
done
for f in "$out"/*.patch; do
	if ! cmp -s "$f" "$TOP/patches/$(basename "$f")"; then
		cp "$f" "$TOP/patches/"
		changed=1
	fi
done
echo "$(git rev-parse HEAD) $(patches_sum)" > .git/series-stamp
if [ $changed = 1 ]; then
	note "patches/ updated ($(ls "$TOP"/patches/*.patch | wc -l) files in the series)"
else
	note "patches/ unchanged"
fi
