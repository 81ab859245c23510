#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""checkconfig.py DOTCONFIG FRAGMENT...: fail when a fragment's value did not
make it into the final .config (Kconfig drops a value whose dependencies are
not met, and merge_config.sh only warns)."""
import re
import sys


def parse(path):
    vals = {}
    for line in open(path):
        line = line.strip()
        m = re.match(r"^(CONFIG_\w+)=(.*)$", line)
        if m:
            vals[m.group(1)] = m.group(2)
            continue
        m = re.match(r"^# (CONFIG_\w+) is not set$", line)
        if m:
            vals[m.group(1)] = "n"
    return vals


final = parse(sys.argv[1])
bad = []
for frag in sys.argv[2:]:
    for sym, want in parse(frag).items():
        got = final.get(sym, "n")
        if got != want:
            bad.append(f"{frag.split('/')[-1]}: {sym}={want}, but .config has {got}")
if bad:
    print("config fragments not honoured by Kconfig:", file=sys.stderr)
    print("\n".join("  " + b for b in bad), file=sys.stderr)
    sys.exit(1)
