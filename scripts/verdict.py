#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""verdict.py [--log-only] RESULTS_DIR GUEST_LOG: the host's reading of a guest test run.

Prints the guest's KTAP, then any kernel splat found in the guest's console log
or dmesg, then one closing line 'N passed, N failed, N skipped'.  Exits
non-zero when a test failed, the guest did not finish, or the kernel log has a
splat (BUG:, WARNING:, Oops, a lockdep report, KASAN, a panic...).  A splat
counts as one more failure: the tests may all have passed, the run has not.
"""
import os
import re
import sys

SPLAT = re.compile(
    r"BUG:|WARNING:|Oops|kernel BUG at|Kernel panic|general protection fault"
    r"|KASAN:|UBSAN:|possible recursive locking|possible circular locking"
    r"|inconsistent lock state|INFO: task .* blocked|INFO: rcu"
    r"|Bad page|refcount_t:|list_(add|del) corruption"
    r"|stack-protector|Call Trace:"
)
# Only kernel lines: printk puts a timestamp first (CONFIG_PRINTK_TIME).
KLINE = re.compile(r"^\s*(<\d+>)?\[\s*\d+\.\d+\]")


def main():
    args = sys.argv[1:]
    log_only = args[:1] == ["--log-only"]
    if log_only:
        args = args[1:]
    res, log = args
    ktap_path = os.path.join(res, "ktap.txt")
    ktap = open(ktap_path, errors="replace").read().splitlines() if os.path.exists(ktap_path) else []
    passed = failed = skipped = 0
    for line in ktap:
        print(line)
        if re.match(r"^ok \d+ .*# SKIP", line):
            skipped += 1
        elif line.startswith("ok "):
            passed += 1
        elif line.startswith("not ok "):
            failed += 1
    # The failures again at the end, each with the lines the guest gave its
    # reason in: a reader of a long output (CI's) may see only its tail.
    failures = []
    for i, line in enumerate(ktap):
        if line.startswith("not ok ") or "first try failed" in line:
            failures.append(line)
            for more in ktap[i + 1:i + 16]:
                if not more.startswith("#   "):
                    break
                failures.append(more)
    if failures and not log_only:
        print("# failed tests and first tries again, with their reasons:")
        for line in failures:
            print("# " + line)
    problems = []
    if log_only:
        ktap = ["# STLB tests done"]
    if not any(l.startswith("# STLB tests done") for l in ktap):
        problems.append("the guest did not finish the test list (crash, hang or timeout): see " + log)
    splats = []
    seen = set()
    for path in (log, os.path.join(res, "dmesg.txt")):
        if not os.path.exists(path):
            continue
        for line in open(path, errors="replace"):
            line = line.rstrip()
            if KLINE.match(line) and SPLAT.search(line):
                key = re.sub(r"^\s*(<\d+>)?\[\s*\d+\.\d+\]\s*", "", line)
                if key not in seen:
                    seen.add(key)
                    splats.append(line)
    if splats:
        problems.append("kernel log has %d splat line(s):\n  %s" % (len(splats), "\n  ".join(splats[:40])))
    for p in problems:
        print("# FAIL: " + p.replace("\n", "\n# "))
        failed += 1
    if log_only:
        print("kernel log: %s" % ("clean" if not problems else "SPLAT"))
        sys.exit(1 if problems else 0)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
