#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the medians of a bench.json (bench/guest-bench.py) as a table.

usage: table.py [--markdown] bench.json

Plain text always; with --markdown, a Markdown version of the same table
follows it (for a cover letter).  A metric the kernel does not count (null
in every run) shows as "-"; a workload with no good run shows its error.

The secondary TLB device workloads (device-*/off, device-*/on) get a table
of their own: a row per workload and vm.secondary_tlb_model, a column per
metric.  device-pageout-sparse adds "kept lost", the entries of the pages
it did not page out that the device lost; its "pages done" is out of the
pages it was to page out.

The MIGRC workloads (tier/off, tier/on: vm.migrc 0 and 1) get one too: a row
per phase (demote, promote) and metric, the off and on medians side by side
and the change from off to on, then the goals of the series (at least 90 %
fewer TLB shootdowns, no loss in pages per second) per phase.

The THP split workloads (split/off, split/on) get a row per kind of split
(keep: no translation changed; mprotect: one page changed) and metric, off
and on side by side, then the goal: no device entry lost and nothing
refilled on a split that keeps translations.
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


# The device workloads: "device-OP/off" and "device-OP/on" in bench.json.
DEVICE_PREFIX = "device-"
DEVICE_OPS = ["pageout", "migrate", "munmap", "pageout-1t", "migrate-1t",
              "pageout-sparse"]
# (metric key in the JSON, short label for plain text, label for Markdown)
DEVICE_COLS = [
    ("callouts", "callouts", "callouts"),
    ("full_flushes", "full", "full flushes"),
    ("range_flushes", "range", "range flushes"),
    ("entries_invalidated", "invalidated", "entries invalidated"),
    ("wset_lost", "wset lost", "working-set entries lost (of W)"),
    ("kept_lost", "kept lost",
     "entries of the pages kept lost (of K; sparse pageout only)"),
    ("pages_done", "pages done",
     "pages moved/paged out/unmapped (of P; sparse: of those to page out)"),
    ("secondary_tlb_flush", "sec_flush", "secondary_tlb_flush"),
    ("secondary_tlb_flush_all", "sec_flush_all", "secondary_tlb_flush_all"),
    ("secondary_tlb_batch_flush", "sec_batch_flush",
     "secondary_tlb_batch_flush"),
    ("tlb_shootdown_irqs", "TLB IRQs", "TLB shootdown IRQs"),
    ("nr_tlb_remote_flush", "remote_flush", "nr_tlb_remote_flush"),
    ("nr_tlb_local_flush_all", "local_all", "nr_tlb_local_flush_all"),
    ("nr_tlb_local_flush_one", "local_one", "nr_tlb_local_flush_one"),
]
# Shown as "median/total": the total is the first of these other keys that
# the runs have.
DEVICE_OF = {"wset_lost": ["wset_pages"], "kept_lost": ["pages_kept"],
             "pages_done": ["pages_out", "pages"]}


def is_device(wl):
    return wl.startswith(DEVICE_PREFIX)


# The MIGRC workloads: "tier/off" (vm.migrc=0) and "tier/on" (vm.migrc=1).
# "tier-ext4/..." are the same with the page cache of a file on ext4.
TIER_PREFIXES = ["tier/", "tier-ext4/", "tier-ext4-damon/"]
TIER_SETTINGS = ["off", "on"]
TIER_PHASES = ["demote", "promote"]
# (key after "<phase>_", label, show the change from off to on)
TIER_METRICS = [
    ("tlb_shootdown_irqs", "TLB shootdown IRQs", True),
    ("nr_tlb_remote_flush", "nr_tlb_remote_flush", True),
    ("nr_tlb_remote_flush_received", "nr_tlb_remote_flush_received", True),
    ("nr_tlb_local_flush_all", "nr_tlb_local_flush_all", True),
    ("pages_migrated", "pages migrated", False),
    ("pages_per_sec", "pages/s", True),
    ("nr_migrc_pending_peak", "peak nr_migrc_pending", False),
    ("migrc_deferred", "migrc_deferred", False),
    ("migrc_shootdown_skipped", "migrc_shootdown_skipped", False),
    ("migrc_retired", "migrc_retired", False),
    ("migrc_flush", "forced flushes (migrc_flush_*)", False),
    ("drain_us", "drain us", False),
]
TIER_GOAL_REDUCTION = 90.0   # % fewer shootdowns with the switch on


def is_tier(wl):
    return any(wl.startswith(p) for p in TIER_PREFIXES)


# stlb_bench ops: ns per operation, one thread (meant for ICOUNT=1 SMP=1)
OPS_PREFIX = "ops/"
OPS = ["fault", "mprotect", "munmap", "pageout", "migrate", "write"]
OPS_COLUMNS = ["off", "on", "device"]


# stlb_bench split: THP splits under a device holding 2 MiB entries
SPLIT_PREFIX = "split/"
SPLIT_KINDS = ["keep", "mprotect"]
SPLIT_METRICS = [
    ("pmd_splits", "PMD splits"),
    ("lost_2m", "2 MiB entries lost"),
    ("refills", "refills (dropins after)"),
    ("callouts", "callouts"),
    ("callouts_unchanged", "callouts unchanged"),
    ("entries_invalidated", "entries invalidated"),
]


def build_split(doc):
    """Rows [(kind, label, off, on)], goal lines and notes."""
    runs = {m: ok_runs(doc.get("runs", {}).get(SPLIT_PREFIX + m, []))
            for m in ("off", "on")}
    notes = [f"{SPLIT_PREFIX}{m} run {i + 1}: {r['error']}"
             for m in ("off", "on")
             for i, r in enumerate(doc.get("runs", {}).get(SPLIT_PREFIX + m,
                                                           []))
             if "error" in r]
    if not runs["off"] and not runs["on"]:
        return [], [], notes
    rows = [(kind, label, median(runs["off"], f"{kind}_{key}"),
             median(runs["on"], f"{kind}_{key}"))
            for kind in SPLIT_KINDS for key, label in SPLIT_METRICS]
    goals = []
    lost = median(runs["on"], "keep_lost_2m")
    refills = median(runs["on"], "keep_refills")
    if lost is not None and refills is not None:
        met = "met" if lost == 0 and refills == 0 else "NOT met"
        goals.append(f"keep, model on: {fmt(lost)} 2 MiB entries lost, "
                     f"{fmt(refills)} refills (goal: none): {met}")
    return rows, goals, notes


def split_plain(rows, goals):
    table = [["split", "metric", "off", "on"]] + [
        [k, label, fmt(off), fmt(on)] for k, label, off, on in rows]
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    out = ["THP splits under the device's 2 MiB entries (stlb_bench split), "
           "medians; off/on: vm.secondary_tlb_model"]
    for r in table:
        out.append("  ".join(c.rjust(w) if i > 1 else c.ljust(w)
                             for i, (c, w) in enumerate(zip(r, widths))))
    out.extend(goals)
    return "\n".join(out)


def spread(runs, key):
    """(max - min) / median of key over runs, in %; None if < 2 runs."""
    vals = [r[key] for r in runs if isinstance(r.get(key), (int, float))]
    if len(vals) < 2 or not statistics.median(vals):
        return None
    return 100.0 * (max(vals) - min(vals)) / statistics.median(vals)


def build_ops(doc, base):
    """Rows of the ops table: per operation, the median ns of base (from
    the base kernel's bench.json, if given), off, on and device, each
    with its run-to-run spread, and the changes against the base (or
    against off without one)."""
    cols = []
    if base is not None:
        cols.append(("base", ok_runs(base.get("runs", {}).get(
            OPS_PREFIX + "off", []))))
    for c in OPS_COLUMNS:
        cols.append((c, ok_runs(doc.get("runs", {}).get(OPS_PREFIX + c,
                                                         []))))
    if not any(runs for _, runs in cols):
        return None, []
    rows = []
    for op in OPS:
        key = op + "_ns"
        cells = [(name, median(runs, key), spread(runs, key))
                 for name, runs in cols]
        rows.append((op, cells))
    notes = []
    for wl in [OPS_PREFIX + c for c in OPS_COLUMNS]:
        for i, r in enumerate(doc.get("runs", {}).get(wl, [])):
            if "error" in r:
                notes.append(f"{wl} run {i + 1}: {r['error']}")
    return rows, notes


def ops_plain(rows, doc, base):
    det = doc.get("icount")
    out = ["Operations, ns (median of runs; in brackets max-min over median)"
           + (f", deterministic: -icount shift={det}, "
              f"{doc.get('cpus', '?')} CPU" if det is not None else
              ", wall clock (not deterministic: run with ICOUNT=1 SMP=1)")]
    if base is not None:
        same = base.get("icount") == det
        out.append(f"base: {base.get('kernel', '?')}, knobs "
                   f"{'present' if base.get('series') else 'absent'}"
                   + ("" if same else ", NOT the same -icount mode"))
    ref = "base" if base is not None else "off"
    names = [n for n, _, _ in rows[0][1]]
    head = ["op"] + names + [f"{n} vs {ref}" for n in names if n != ref]
    table = [head]
    for op, cells in rows:
        by = {n: v for n, v, _ in cells}
        line = [op]
        for n, v, sp in cells:
            line.append("-" if v is None else
                        f"{round(v)}" + ("" if sp is None else f" ({sp:.2f}%)"))
        for n in names:
            if n != ref:
                p = pct_change(by[ref], by[n])
                line.append("-" if p is None else f"{p:+.2f}%")
        table.append(line)
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    for r in table:
        out.append("  ".join(c.rjust(w) if i else c.ljust(w)
                             for i, (c, w) in enumerate(zip(r, widths))))
    return "\n".join(out)


def pct_change(off, on):
    """(on - off) / off in %, None if it cannot be computed."""
    if not isinstance(off, (int, float)) or not isinstance(on, (int, float)):
        return None
    if off == 0:
        return None
    return (on - off) * 100.0 / off


def fmt_pct(p):
    return "-" if p is None else f"{p:+.1f}%"


def build_tier(doc, prefix):
    """Rows [(phase, label, off, on, change)], goal lines and notes for
    the tier workloads named prefix + setting; ([], [], []) if there are
    none."""
    runs_by_wl = doc.get("runs", {})
    summary = doc.get("summary", {})
    names = {w for w in list(runs_by_wl) + list(summary)
             if w.startswith(prefix)}
    if not names:
        return [], [], []
    notes = []
    good = {}
    counts = {}
    for setting in TIER_SETTINGS:
        wl = prefix + setting
        runs = runs_by_wl.get(wl, [])
        good[setting] = ok_runs(runs)
        counts[setting] = f"{len(good[setting])}/{len(runs)}" if runs else "-"
        for i, r in enumerate(runs):
            if "error" in r:
                notes.append(f"{wl} run {i + 1}: {r['error']}")
                continue
            for phase in TIER_PHASES:
                n = r.get(f"{phase}_note")
                if n:
                    notes.append(f"{wl} run {i + 1}: {phase}: {n}")

    def get(setting, key):
        if good[setting]:
            return median(good[setting], key)
        return summary.get(prefix + setting, {}).get(key)

    def ran(setting, phase):
        rs = good[setting]
        if not rs:
            return "-"
        return f"{sum(1 for r in rs if r.get(phase + '_ran'))}/{len(rs)}"

    rows = [("", "vm.migrc", fmt(get("off", "migrc")), fmt(get("on", "migrc")),
             ""),
            ("", "runs ok", counts["off"], counts["on"], "")]
    goals = []
    for phase in TIER_PHASES:
        rows.append((phase, "phase ran", ran("off", phase), ran("on", phase),
                     ""))
        for key, label, change in TIER_METRICS:
            off = get("off", f"{phase}_{key}")
            on = get("on", f"{phase}_{key}")
            rows.append((phase, label, fmt(off), fmt(on),
                         fmt_pct(pct_change(off, on)) if change else ""))
        irq = pct_change(get("off", f"{phase}_tlb_shootdown_irqs"),
                         get("on", f"{phase}_tlb_shootdown_irqs"))
        pps = pct_change(get("off", f"{phase}_pages_per_sec"),
                         get("on", f"{phase}_pages_per_sec"))
        if irq is None:
            g1 = "shootdown reduction n/a (no off/on medians or none off)"
        else:
            verdict = "met" if -irq >= TIER_GOAL_REDUCTION else "NOT met"
            g1 = (f"shootdowns {-irq:.1f}% fewer (goal: at least "
                  f"{TIER_GOAL_REDUCTION:.0f}%): {verdict}")
        if pps is None:
            g2 = "pages/s n/a"
        else:
            g2 = (f"pages/s {pps:+.1f}% (goal: no loss): "
                  f"{'met' if pps >= 0 else 'NOT met'}")
        goals.append(f"{phase}: {g1}; {g2}")
    return rows, goals, notes


TIER_TITLES = {
    "tier/": ("MIGRC tiering (stlb_bench tier, a memfd), medians; off: "
              "vm.migrc=0 (upstream), on: vm.migrc=1; counters include the "
              "drain of the kept sources, pages/s the operation only"),
    "tier-ext4/": ("MIGRC tiering of ext4 page cache (stlb_bench tier -F, "
                   "a file on ext4 on a loop device), medians; off: "
                   "vm.migrc=0, on: vm.migrc=1; as above"),
    "tier-ext4-damon/": ("MIGRC tiering of ext4 page cache demoted by DAMON "
                         "(stlb_bench tier -F -D: migrate_cold, nothing "
                         "evicted), medians; as above"),
}


def tier_plain(rows, goals, title):
    head = ("phase", "metric", "off", "on", "on vs off")
    widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(5)]

    def line(r):
        return "  ".join([str(r[0]).ljust(widths[0]),
                          str(r[1]).ljust(widths[1])] +
                         [str(c).rjust(w) for c, w in
                          zip(r[2:], widths[2:])]).rstrip()
    out = [title, line(head), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    out.extend(goals)
    return "\n".join(out)


def tier_markdown(rows, goals, title):
    def esc(s):
        return str(s).replace("|", "\\|")
    out = [title[0].upper() + title[1:] + ":", "",
           "| phase | metric | off | on | on vs off |",
           "|---|---|--:|--:|--:|"]
    out.extend("| " + " | ".join(esc(c) for c in r) + " |" for r in rows)
    out.append("")
    out.extend(f"- {esc(g)}" for g in goals)
    return "\n".join(out)


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
    names = list(ROWS) + [w for w in runs_by_wl
                          if w not in ROWS and not is_device(w)
                          and not is_tier(w)
                          and not w.startswith(OPS_PREFIX)
                          and not w.startswith(SPLIT_PREFIX)]
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


def device_sort_key(wl):
    op, _, model = wl[len(DEVICE_PREFIX):].partition("/")
    rank = DEVICE_OPS.index(op) if op in DEVICE_OPS else len(DEVICE_OPS)
    return (rank, op, {"off": 0, "on": 1}.get(model, 2), model)


def build_device_rows(doc):
    """[(workload, model, [cells], runs)] for the device table, and notes
    on failed runs."""
    rows = []
    notes = []
    runs_by_wl = doc.get("runs", {})
    summary = doc.get("summary", {})
    names = sorted({w for w in list(runs_by_wl) + list(summary)
                    if is_device(w)}, key=device_sort_key)
    for wl in names:
        runs = runs_by_wl.get(wl, [])
        good = ok_runs(runs)
        count = f"{len(good)}/{len(runs)}" if runs else "-"
        op, _, label = wl[len(DEVICE_PREFIX):].partition("/")
        for i, r in enumerate(runs):
            if "error" in r:
                notes.append(f"{wl} run {i + 1}: {r['error']}")

        def get(key):
            if good:
                return median(good, key)
            return summary.get(wl, {}).get(key)

        if runs and not good:
            kind = "skipped" if runs[-1].get("skip") else "error"
            rows.append((op, label or "-", [kind] + [""] *
                         (len(DEVICE_COLS) - 1), count))
            continue
        # The model in effect, as the runs saw it, which the name asked for.
        model = get("model")
        shown = f"{label} ({fmt(model)})" if label else fmt(model)
        cells = []
        for key, _, _ in DEVICE_COLS:
            v = fmt(get(key))
            if key in DEVICE_OF and v != "-":
                total = next((t for t in (get(k) for k in DEVICE_OF[key])
                              if t is not None), None)
                v = f"{v}/{fmt(total)}"
            cells.append(v)
        rows.append((op, shown, cells, count))
    return rows, notes


def device_plain(rows):
    head = ["workload", "model"] + [c[1] for c in DEVICE_COLS] + ["runs ok"]
    table = [[r[0], r[1]] + r[2] + [r[3]] for r in rows]
    widths = [max(len(str(t[i])) for t in table + [head])
              for i in range(len(head))]

    def line(t):
        return "  ".join([str(t[0]).ljust(widths[0]),
                          str(t[1]).ljust(widths[1])] +
                         [str(c).rjust(w) for c, w in
                          zip(t[2:], widths[2:])]).rstrip()
    out = ["secondary TLB device (/dev/stlb_emu), medians; model: "
           "vm.secondary_tlb_model, off (0) upstream, on (1) TLB model",
           line(head), "  ".join("-" * w for w in widths)]
    out.extend(line(t) for t in table)
    return "\n".join(out)


def device_markdown(rows):
    def esc(s):
        return str(s).replace("|", "\\|")
    head = ["workload", "model"] + [c[2] for c in DEVICE_COLS] + ["runs ok"]
    out = ["Secondary TLB device (/dev/stlb_emu), medians; model: "
           "vm.secondary_tlb_model, off (0) upstream, on (1) TLB model:", "",
           "| " + " | ".join(esc(h) for h in head) + " |",
           "|---|---|" + "--:|" * (len(head) - 2)]
    out.extend("| " + " | ".join(esc(c) for c in
                                 [r[0], r[1]] + r[2] + [r[3]]) + " |"
               for r in rows)
    return "\n".join(out)


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
    ap.add_argument("--base", metavar="BASE_JSON",
                    help="the base kernel's bench.json: a base column in "
                    "the ops table")
    args = ap.parse_args()
    base = None
    try:
        with open(args.bench_json) as f:
            doc = json.load(f)
        if args.base:
            with open(args.base) as f:
                base = json.load(f)
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    rows, notes = build_rows(doc)
    dev_rows, dev_notes = build_device_rows(doc)
    tiers = [(prefix,) + build_tier(doc, prefix) for prefix in TIER_PREFIXES]
    tiers = [t for t in tiers if t[1]]
    ops_rows, ops_notes = build_ops(doc, base)
    if ops_rows:
        print(ops_plain(ops_rows, doc, base))
        for n in ops_notes:
            print(f"  {n}")
        if not rows and not dev_rows and not tiers:
            return 0
        print()
    if not rows and not dev_rows and not tiers and \
            not doc.get("runs", {}).get(SPLIT_PREFIX + "on"):
        print(f"error: {args.bench_json}: no results", file=sys.stderr)
        return 1
    if rows:
        print(plain(rows, doc))
    else:
        print(f"kernel {doc.get('kernel', '?')}, {doc.get('cpus', '?')} CPUs, "
              f"nodes {doc.get('nodes', '?')}")
    for n in notes:
        print(f"  {n}")
    if dev_rows:
        print()
        print(device_plain(dev_rows))
        for n in dev_notes:
            print(f"  {n}")
    for prefix, tier_rows, tier_goals, tier_notes in tiers:
        print()
        print(tier_plain(tier_rows, tier_goals, TIER_TITLES[prefix]))
        for n in tier_notes:
            print(f"  {n}")
    split_rows, split_goals, split_notes = build_split(doc)
    if split_rows:
        print()
        print(split_plain(split_rows, split_goals))
    for n in split_notes:
        print(f"  {n}")
    if args.markdown:
        print()
        if rows:
            print(markdown(rows, doc))
            if notes:
                print()
                for n in notes:
                    print(f"- {n}")
        if dev_rows:
            if rows:
                print()
            else:
                print(f"Kernel {doc.get('kernel', '?')}, "
                      f"{doc.get('cpus', '?')} CPUs, "
                      f"nodes {doc.get('nodes', '?')}:")
                print()
            print(device_markdown(dev_rows))
            if dev_notes:
                print()
                for n in dev_notes:
                    print(f"- {n}")
        for i, (prefix, tier_rows, tier_goals, tier_notes) in \
                enumerate(tiers):
            if rows or dev_rows or i:
                print()
            else:
                print(f"Kernel {doc.get('kernel', '?')}, "
                      f"{doc.get('cpus', '?')} CPUs, "
                      f"nodes {doc.get('nodes', '?')}:")
                print()
            print(tier_markdown(tier_rows, tier_goals, TIER_TITLES[prefix]))
            if tier_notes:
                print()
                for n in tier_notes:
                    print(f"- {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
