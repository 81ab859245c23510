#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the medians of a bench.json (bench/guest-bench.py) as a table.

usage: table.py [--markdown] bench.json

Plain text always; with --markdown, a Markdown version of the same table
follows it (for a cover letter).  A metric the kernel does not count (null
in every run) shows as "-"; a workload with no good run shows its error.
"""

import argparse
import json
import statistics
import sys

# (workload, metric key in the JSON, label)
ROWS = {
    "migrate": [
        ("tlb_shootdown_irqs", "TLB shootdown IRQs"),
        ("nr_tlb_remote_flush", "nr_tlb_remote_flush"),
        ("nr_tlb_remote_flush_received", "nr_tlb_remote_flush_received"),
        ("pgmigrate_success", "pgmigrate_success"),
        ("pages_on_target", "pages on node 1"),
        ("pages_per_sec", "pages/s"),
    ],
    "demote": [
        ("tlb_shootdown_irqs", "TLB shootdown IRQs"),
        ("nr_tlb_remote_flush", "nr_tlb_remote_flush"),
        ("nr_tlb_remote_flush_received", "nr_tlb_remote_flush_received"),
        ("pgmigrate_success", "pgmigrate_success"),
        ("pgdemote", "pgdemote"),
        ("pages_on_target", "pages on node 2"),
        ("pages_per_sec", "pages/s"),
    ],
    "ptshare": [
        ("pt_bytes_per_proc", "PageTables bytes per process"),
        ("pt_bytes_total", "PageTables bytes total"),
        ("vmpte_bytes_per_proc", "VmPTE bytes per process"),
        ("expected_pte_bytes_per_proc", "4 KiB PTEs bytes per process"),
    ],
}


def ok_runs(runs):
    return [r for r in runs if "error" not in r]


def median(runs, key):
    vals = [r[key] for r in runs
            if isinstance(r.get(key), (int, float))
            and not isinstance(r.get(key), bool)]
    if not vals:
        return None
    m = statistics.median(vals)
    return int(m) if float(m).is_integer() else m


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


def build_rows(doc):
    """[(workload, metric, median, runs)] for the table, and notes on
    failed runs."""
    rows = []
    notes = []
    runs_by_wl = doc.get("runs", {})
    summary = doc.get("summary", {})
    names = list(ROWS) + [w for w in runs_by_wl if w not in ROWS]
    for wl in names:
        if wl not in runs_by_wl and wl not in summary:
            continue
        runs = runs_by_wl.get(wl, [])
        good = ok_runs(runs)
        count = f"{len(good)}/{len(runs)}" if runs else "-"
        for i, r in enumerate(runs):
            if "error" in r:
                notes.append(f"{wl} run {i + 1}: {r['error']}")
        if runs and not good:
            kind = "skipped" if runs[-1].get("skip") else "error"
            rows.append((wl, "(no result)", kind, count))
            continue
        for key, label in ROWS.get(wl, []):
            # Prefer the medians from the runs; the summary if no runs kept.
            v = median(good, key) if good else summary.get(wl, {}).get(key)
            rows.append((wl, label, fmt(v), count))
    return rows, notes


def plain(rows, doc):
    head = ("workload", "metric", "median", "runs ok")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(4)]
    out = [f"kernel {doc.get('kernel', '?')}, {doc.get('cpus', '?')} CPUs, "
           f"nodes {doc.get('nodes', '?')}"]

    def line(r):
        return "  ".join([str(r[0]).ljust(widths[0]),
                          str(r[1]).ljust(widths[1]),
                          str(r[2]).rjust(widths[2]),
                          str(r[3]).rjust(widths[3])]).rstrip()
    out.append(line(head))
    out.append("  ".join("-" * w for w in widths))
    out.extend(line(r) for r in rows)
    return "\n".join(out)


def markdown(rows, doc):
    def esc(s):
        return str(s).replace("|", "\\|")
    out = [f"Kernel {esc(doc.get('kernel', '?'))}, "
           f"{esc(doc.get('cpus', '?'))} CPUs, "
           f"nodes {esc(doc.get('nodes', '?'))}:", "",
           "| workload | metric | median | runs ok |",
           "|---|---|--:|--:|"]
    out.extend(f"| {esc(r[0])} | {esc(r[1])} | {esc(r[2])} | {esc(r[3])} |"
               for r in rows)
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench_json")
    ap.add_argument("--markdown", action="store_true",
                    help="also print the table as Markdown")
    args = ap.parse_args()
    try:
        with open(args.bench_json) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print(f"error: {args.bench_json}: {e}", file=sys.stderr)
        return 1
    rows, notes = build_rows(doc)
    if not rows:
        print(f"error: {args.bench_json}: no results", file=sys.stderr)
        return 1
    print(plain(rows, doc))
    for n in notes:
        print(f"  {n}")
    if args.markdown:
        print()
        print(markdown(rows, doc))
        if notes:
            print()
            for n in notes:
                print(f"- {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
