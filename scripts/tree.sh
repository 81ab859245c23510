#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make tree: prepare $KSRC, a git kernel tree holding the pinned base as the
# commit tagged 'base' and the series from patches/ applied on top with
# 'git am'.
#
# The tree remembers (in .git/series-stamp) which HEAD it had when it last
# matched patches/.  It is rebuilt only when that is safe: work done in the
# tree and not yet exported is never thrown away unless FORCE=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
KSRC=${KSRC_SERIES:-$KSRC}	# BASE=1 builds a worktree of the series tree

FORCE=${FORCE:-0}
AM_FLAGS=(--committer-date-is-author-date --quiet)

[ -r "$BASE_TARBALL" ] || die "$BASE_TARBALL missing: run 'make deps'"
have=$(dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null || echo none)
if [ "$have" != "$BASE_VER" ]; then
	cat >&2 <<EOT
########################################################################
# WARNING: base is $BASE_PKG $have, not the pinned $BASE_VER.
# Applying the series with 'git am -3'.  Results are not comparable.
########################################################################
EOT
	AM_FLAGS+=(-3)
fi

make_base() {
	local sum
	if [ "$have" = "$BASE_VER" ]; then
		note "checking $BASE_TARBALL"
		sum=$(sha256sum "$BASE_TARBALL" | cut -d' ' -f1)
		[ "$sum" = "$BASE_SHA256" ] ||
			die "$BASE_TARBALL: sha256 $sum, expected $BASE_SHA256"
	fi
	note "extracting the base into $KSRC"
	rm -rf "$KSRC.tmp"
	mkdir -p "$KSRC.tmp"
	tar xf "$BASE_TARBALL" -C "$KSRC.tmp" --strip-components=1
	# Debian's packaging adds a rule to the top-level .gitignore that
	# ignores every top-level entry (its repository holds only debian/).
	# In a kernel git tree that hides every new file from 'git add': drop
	# that block and nothing else.
	python3 - "$KSRC.tmp/.gitignore" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
s2 = re.sub(r"#\n# Debian packaging: ignore everything.*?\n!/debian/\n", "", s,
            flags=re.S)
if s2 == s:
    sys.exit("Debian .gitignore block not found")
open(p, "w").write(s2)
PY
	(
		cd "$KSRC.tmp"
		git init -q -b series
		git config core.autocrlf false
		git config gc.auto 0
		# 'git am' needs a committer; a fresh machine may have none.
		git config user.name >/dev/null || git config user.name "series harness"
		git config user.email >/dev/null || git config user.email "harness@invalid"
		git add -A -f
		export GIT_AUTHOR_NAME=$BASE_PKG GIT_AUTHOR_EMAIL=base@invalid
		export GIT_COMMITTER_NAME=$BASE_PKG GIT_COMMITTER_EMAIL=base@invalid
		export GIT_AUTHOR_DATE=2000-01-01T00:00:00Z
		export GIT_COMMITTER_DATE=2000-01-01T00:00:00Z
		git commit -q -m "Base: Linux $(make -s kernelversion) ($BASE_PKG $have)" \
			-m "Debian's tarball as shipped, less the top-level .gitignore rule of its packaging."
		git tag base
	)
	mv "$KSRC.tmp" "$KSRC"
}

apply_series() {
	cd "$KSRC"
	git am --abort >/dev/null 2>&1 || true
	git checkout -q -f -B series base
	git clean -fdq
	local p=() f
	for f in "$TOP"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
		[ -e "$f" ] || continue
		case "$f" in */0000-cover-letter.patch) continue ;; esac
		p+=("$f")
	done
	note "applying ${#p[@]} patches"
	[ ${#p[@]} -eq 0 ] || git am "${AM_FLAGS[@]}" "${p[@]}" ||
		die "git am failed: fix the series (the tree is left mid-'git am')"
	# The cover letter's subject and text become the branch description,
	# which 'make export' turns back into the cover letter.
	if [ -f "$TOP/patches/0000-cover-letter.patch" ]; then
		python3 "$TOP/scripts/cover.py" read "$TOP/patches/0000-cover-letter.patch" \
			> .git/series-description
		git config branch.series.description "$(cat .git/series-description)"
	fi
	stamp
}

stamp() {
	echo "$(git -C "$KSRC" rev-parse HEAD) $(patches_sum)" > "$KSRC/.git/series-stamp"
}

[ -d "$KSRC/.git" ] || make_base

cd "$KSRC"
st_head=none st_sum=none
[ ! -f .git/series-stamp ] || read -r st_head st_sum < .git/series-stamp
head=$(git rev-parse HEAD)
dirty=$(git status --porcelain | head -1)
if [ "$head" = "$st_head" ] && [ -z "$dirty" ]; then
	if [ "$(patches_sum)" = "$st_sum" ]; then
		note "$KSRC is up to date with patches/"
		exit 0
	fi
	apply_series
elif [ "$FORCE" = 1 ]; then
	note "FORCE=1: discarding the tree's own state"
	apply_series
elif [ "$st_head" = none ] && [ "$head" = "$(git rev-parse base)" ] && [ -z "$dirty" ]; then
	apply_series
elif [ "$(patches_sum)" = "$st_sum" ]; then
	# Work in progress in the tree, patches/ untouched: build what is
	# there, and remind that the series does not hold it yet.
	note "$KSRC has commits or changes that patches/ lacks: building them; 'make export' to keep them"
else
	die "$KSRC has work that patches/ lacks, and patches/ changed too: 'make export' (keeps the tree's), or 'make tree FORCE=1' (takes patches/)"
fi
