#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Cover-letter helper for the series.

  cover.py read COVER    print the branch description held by a cover letter
                         (subject, blank line, body; shortlog and diffstat are
                         left out: 'git format-patch' regenerates them)
  cover.py fix COVER     make an exported cover letter reproducible: its Date
                         becomes the newest patch's, not the time of export
"""
import email.utils
import glob
import os
import re
import sys


def read(path):
    text = open(path).read()
    head, _, body = text.partition("\n\n")
    m = re.search(r"^Subject: (?:\[[^\]]*\] )?(.*(?:\n .*)*)", head, re.M)
    subject = re.sub(r"\n ", " ", m.group(1)).strip() if m else "Series"
    # The body ends where format-patch's shortlog begins: "Name (N):".
    lines = body.split("\n")
    out = []
    for line in lines:
        if re.match(r"^\S.* \(\d+\):$", line) or line.startswith("base-commit:"):
            break
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    print(subject)
    print()
    print("\n".join(out))


def fix(path):
    d = os.path.dirname(path)
    newest = None
    for p in sorted(glob.glob(os.path.join(d, "[0-9][0-9][0-9][0-9]-*.patch"))):
        if p == path:
            continue
        for line in open(p):
            if line.startswith("Date: "):
                t = email.utils.parsedate_to_datetime(line[6:].strip())
                if newest is None or t > newest[0]:
                    newest = (t, line)
                break
            if line == "\n":
                break
    if newest is None:
        return
    text = open(path).read()
    text = re.sub(r"^Date: .*\n", lambda m: newest[1], text, count=1, flags=re.M)
    open(path, "w").write(text)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("read", "fix"):
        sys.exit(__doc__)
    {"read": read, "fix": fix}[sys.argv[1]](sys.argv[2])
