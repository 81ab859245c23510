#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run the benchmark suite inside the guest (tests/guest-init.sh, bench mode).

Runs $STLB_KST/mm/stlb_bench for each workload STLB_BENCH_REPS times
(default 3), each run a fresh process, and writes /tmp/results/bench.json:

  {"kernel": ..., "cpus": n, "nodes": "0-2", "reps": n,
   "runs": {workload: [run, ...]}, "summary": {workload: {metric: median}}}

A run is the JSON object stlb_bench printed, or {"error": ...}; exit status
4 (KSFT_SKIP) gives {"error": "skip: ...", "skip": true} and the workload is
not repeated.  The summary holds the median of every numeric metric over the
runs that produced one (null if the kernel never counted it), plus ok_runs
and runs.  The file is rewritten after
every run, so a guest that times out still leaves what it got.  Progress
lines start with "# STLB bench"; stlb_bench's stderr goes to the console
indented, for the log.

Workloads: migrate, demote, ptshare, the secondary TLB device ones,
device-{pageout,migrate,munmap}/{off,on} (vm.secondary_tlb_model 0 and 1),
device-{pageout,migrate}-1t/{off,on} and device-pageout-sparse/{off,on},
tier/{off,on} (MIGRC: vm.migrc 0 and 1, demotion then promotion of a
memfd), tier-ext4/{off,on} (the same with the page cache of a file on
ext4, on a loop device) and tier-ext4-damon/{off,on} (demoted by DAMON).
STLB_BENCH_FILTER, a regular expression, runs only the workloads whose
name it matches (e.g. APPEND=STLB_BENCH_FILTER=device on the qemu.sh side).
"""

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

# (name in bench.json, stlb_bench arguments)
#
# demote uses idle readers (-i): pages that the readers keep touching are
# referenced, and reclaim activates them instead of demoting (seen: 0 of 512
# demoted, memory.reclaim EAGAIN).  Idle readers keep the mm live on their
# CPUs, so the pages may still be cached in those CPUs' TLBs.
#
# device-*: /dev/stlb_emu holds 1024 entries (-w) while the kernel pages
# out, migrates or unmaps other pages, with vm.secondary_tlb_model 0
# ("off", upstream) then 1 ("on"); stlb_bench sets it for the run and puts
# it back.  Their readers spin over a region of their own, which keeps the
# mm loaded on CPUs 1-3 so that upstream batches the flush too.  munmap
# unmaps 1 GiB of 4 KiB pages: populating it is not measured but takes a
# while under TCG (and page_poison=1), about half a minute a run expected.
#
# device-{pageout,migrate}-1t: the unfavourable case for batching, a
# single-threaded process (no readers, -t 0) that pages out or migrates its
# own memory and then changes one page table entry elsewhere in its mm
# (MADV_DONTNEED of one page, -f): the kernel flushes each PTE at once as
# upstream does, and the follow-up pays flush_tlb_batched_pending() if the
# operation left a batched flush of the mm behind.
#
# device-pageout-sparse: the unfavourable case for the model's one callout
# per unmap batch and mm, which covers the range from the first page the
# batch unmapped to the last: the device holds an entry for each page of a
# 1024-page memfd (two page tables) and for its 1024-page working set, and
# MADV_PAGEOUT pages out every 64th page (-s 64: 16 pages) while the others
# stay mapped.  kept_lost counts the device entries of those other pages
# that the callouts took too, wset_lost those of the working set.  With the
# model on, each page table's batch should take the kept pages between its
# first and last paged-out page (expected, not yet measured: 2 x 441 of
# 1008); with it off, every page paged out drops the whole device TLB, as
# upstream.  Small, so a few seconds under TCG like device-pageout.
#
# split/off, split/on: 64 THPs the device maps with 2 MiB entries, split
# by a VMA boundary (no translation changes) and, 64 others, by mprotect()
# of one page: device entries lost, refills, callouts, with
# vm.secondary_tlb_model 0 and 1.  Counts, a few seconds under TCG.
#
# ops/off, ops/on, ops/device: what the series costs common operations
# (anonymous faults, mprotect, munmap of 1 GiB, MADV_PAGEOUT, migration,
# write() to a memfd) with its switches off, on, and on with the device
# holding entries for the pages.  One thread: meant for the deterministic
# mode (make ops: ICOUNT=1 SMP=1), where the base kernel runs them too.
#
# tier/off, tier/on: MIGRC (deferred TLB flush at migration of read-only,
# clean folios) with vm.migrc 0 then 1.  A memfd of 4096 pages that 3 reader
# processes on CPUs 1-3 keep reading is demoted to node 2 (memory.reclaim,
# repeated until it is there) and promoted back by NUMA balancing in tiering
# mode (hint faults of a promoter on CPU 0); stlb_bench sets vm.migrc,
# vm.migrc_max_age_ms (1000), kernel.numa_balancing (2) and the debugfs
# scan knobs for the run and puts them back.  4096 pages: an estimate (not
# yet measured) of what keeps a run under two minutes under TCG; the phases
# are bounded (demote 120 s, hinting scan 60 s, promotion 30 s, drains 30 s).
TIER_ARGS = ["-p", "4096", "-t", "3"]
#
# tier-ext4/off, tier-ext4/on: the same with the page cache of a 16 MiB
# file on ext4 (-F), the read-only model file of LUF's and MIGRC's headline
# case: ext4 is made on a 64 MiB image in a tmpfs of its own (mkfs.ext4
# from e2fsprogs) and mounted from a loop device before the first run
# (ext4_setup() below); the workloads fail with the reason if that fails.
#
# tier-ext4-damon/off, tier-ext4-damon/on: the same file demoted by DAMON's
# migrate_cold (-D: MR_DAMON, a kdamond over node 0 limited to the
# benchmark's cgroup) instead of memory.reclaim, which evicts the clean
# page cache it has just demoted from the lower tier in the same pass.
EXT4_DIR = "/tmp/stlb_bench_ext4"
EXT4_FILE = EXT4_DIR + "/mnt/tier"
ext4_loop = None    # the loop device ext4_setup() attached
SPARSE_ARGS = ["-p", "1024", "-s", "64"]
DEVICE_OPS = [
    ("pageout", ["-p", "512"]),
    ("migrate", ["-p", "512"]),
    ("munmap", ["-p", "262144"]),
]
WORKLOADS = [
    ("migrate", ["migrate", "-p", "512", "-t", "3"]),
    ("demote", ["demote", "-p", "512", "-t", "3", "-i"]),
    ("ptshare", ["ptshare", "-n", "8", "-s", "1024"]),
] + [
    (f"device-{op}/{name}",
     ["device", op] + args + ["-t", "3", "-w", "1024", "-m", model])
    for op, args in DEVICE_OPS
    for name, model in (("off", "0"), ("on", "1"))
] + [
    (f"device-{op}-1t/{name}",
     ["device", op, "-p", "512", "-t", "0", "-f", "-w", "1024", "-m", model])
    for op in ("pageout", "migrate")
    for name, model in (("off", "0"), ("on", "1"))
] + [
    (f"device-pageout-sparse/{name}",
     ["device", "pageout"] + SPARSE_ARGS + ["-t", "3", "-w", "1024",
                                            "-m", model])
    for name, model in (("off", "0"), ("on", "1"))
] + [
    (f"split/{name}", ["split", "-p", "64", "-m", model])
    for name, model in (("off", "0"), ("on", "1"))
] + [
    ("ops/off", ["ops", "-m", "0"]),
    ("ops/on", ["ops", "-m", "1"]),
    ("ops/device", ["ops", "-m", "1", "-e"]),
] + [
    (f"tier/{name}", ["tier"] + TIER_ARGS + ["-m", migrc])
    for name, migrc in (("off", "0"), ("on", "1"))
] + [
    (f"tier-ext4/{name}", ["tier"] + TIER_ARGS + ["-F", EXT4_FILE,
                                                  "-m", migrc])
    for name, migrc in (("off", "0"), ("on", "1"))
] + [
    (f"tier-ext4-damon/{name}", ["tier"] + TIER_ARGS + ["-F", EXT4_FILE, "-D",
                                                        "-m", migrc])
    for name, migrc in (("off", "0"), ("on", "1"))
]
MODEL_SYSCTL = "/proc/sys/vm/secondary_tlb_model"
MIGRC_SYSCTL = "/proc/sys/vm/migrc"
NUMAB_DEBUGFS = "/sys/kernel/debug/sched/numa_balancing/"
# What stlb_bench sets for a run and puts back, unless it is killed (by the
# timeout): put back here too, in case.
RESTORE = [
    MODEL_SYSCTL,
    MIGRC_SYSCTL,
    "/proc/sys/vm/migrc_max_age_ms",
    "/proc/sys/kernel/numa_balancing",
] + [NUMAB_DEBUGFS + k for k in ("scan_delay_ms", "scan_period_min_ms",
                                 "scan_period_max_ms", "hot_threshold_ms")]
# STLB_BENCH_OUT: another place for bench.json (testing the script on a host).
OUT = os.environ.get("STLB_BENCH_OUT", "/tmp/results/bench.json")
RESULTS = os.path.dirname(OUT) or "."
KSFT_SKIP = 4


def say(msg):
    print(f"# STLB bench: {msg}", flush=True)


def read(path, default=None):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return default


def env_int(name, default):
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        say(f"ignoring {name}={os.environ[name]!r}, using {default}")
        return default


def run_one(binary, args, timeout):
    """One stlb_bench run: its JSON object, or {"error"/"skip": why}."""
    cmd = [binary] + args
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        err = e.stderr.decode(errors="replace") if isinstance(
            e.stderr, bytes) else (e.stderr or "")
        for line in err.splitlines():
            print(f"#   {line}", flush=True)
        return {"error": f"timed out after {timeout}s"}
    except OSError as e:
        return {"error": f"cannot run {binary}: {e}"}
    took = time.monotonic() - start

    for line in p.stderr.splitlines():
        print(f"#   {line}", flush=True)
    last = p.stderr.strip().splitlines()[-1] if p.stderr.strip() else ""
    last = re.sub(r"^stlb_bench: (error: |skip: )?", "", last)

    if p.returncode == KSFT_SKIP:
        return {"error": f"skip: {last or 'exit status 4'}", "skip": True}
    if p.returncode != 0:
        why = last or f"exit status {p.returncode}"
        if p.returncode < 0:
            why = f"killed by signal {-p.returncode}: {why}"
        return {"error": why, "exit": p.returncode}

    obj = None
    for line in reversed(p.stdout.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                obj = json.loads(line)
            except ValueError as e:
                return {"error": f"bad JSON from stlb_bench: {e}"}
            break
    if not isinstance(obj, dict):
        return {"error": "stlb_bench printed no JSON object"}
    obj["wall_s"] = round(took, 3)
    return obj


def ext4_setup():
    """Mount ext4 (an image in a tmpfs, on a loop device) at EXT4_DIR/mnt:
    None, or why not."""
    global ext4_loop
    img = EXT4_DIR + "/img"
    # "mount -o loop" keeps the loop device open for writing while it
    # mounts, which a kernel without CONFIG_BLK_DEV_WRITE_MOUNTED refuses
    # (EBUSY): attach it with losetup first.
    steps = [
        ["mkdir", "-p", EXT4_DIR],
        ["mount", "-t", "tmpfs", "-o", "size=80m", "tmpfs", EXT4_DIR],
        ["truncate", "-s", "64M", img],
        ["mkfs.ext4", "-q", "-F", img],
        ["mkdir", "-p", EXT4_DIR + "/mnt"],
        ["losetup", "-f", "--show", img],
        ["mount", "-t", "ext4", None, EXT4_DIR + "/mnt"],
    ]
    for cmd in steps:
        cmd = [ext4_loop if c is None else c for c in cmd]
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                               capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as e:
            return f"{' '.join(cmd)}: {e}"
        if p.returncode:
            return f"{' '.join(cmd)}: {p.stderr.strip() or p.returncode}"
        if cmd[0] == "losetup":
            ext4_loop = p.stdout.strip()
    return None


def ext4_teardown():
    cmds = [["umount", EXT4_DIR + "/mnt"]]
    if ext4_loop:
        cmds.append(["losetup", "-d", ext4_loop])
    cmds.append(["umount", EXT4_DIR])
    for cmd in cmds:
        subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True)


def summarize(runs):
    """Median of each numeric metric over the runs that have it."""
    summary = {}
    for workload, objs in runs.items():
        values = {}
        good = [o for o in objs if "error" not in o]
        for obj in good:
            for k, v in obj.items():
                # bool is an int in Python: leave flags out.
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    values.setdefault(k, []).append(v)
                elif v is None:
                    values.setdefault(k, [])
        med = {}
        for k, vs in values.items():
            if not vs:
                med[k] = None
                continue
            m = statistics.median(vs)
            med[k] = int(m) if float(m).is_integer() else round(m, 1)
        med["ok_runs"] = len(good)
        med["runs"] = len(objs)
        summary[workload] = med
    return summary


def write_results(doc):
    os.makedirs(RESULTS, exist_ok=True)
    doc["summary"] = summarize(doc["runs"])
    tmp = OUT + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=False)
        f.write("\n")
    os.replace(tmp, OUT)


def main():
    kst = os.environ.get("STLB_KST", "")
    binary = os.path.join(kst, "mm", "stlb_bench")
    reps = env_int("STLB_BENCH_REPS", 3)
    timeout = env_int("STLB_BENCH_TIMEOUT", 900)
    workloads = WORKLOADS
    pattern = os.environ.get("STLB_BENCH_FILTER", "")
    if pattern:
        try:
            workloads = [w for w in WORKLOADS if re.search(pattern, w[0])]
        except re.error as e:
            say(f"ignoring STLB_BENCH_FILTER={pattern!r}: {e}")

    doc = {
        "kernel": platform.release(),
        "cpus": os.cpu_count(),
        "nodes": read("/sys/devices/system/node/online", ""),
        "nodes_with_memory": read("/sys/devices/system/node/has_memory", ""),
        "nodes_with_cpus": read("/sys/devices/system/node/has_cpu", ""),
        "demotion_enabled": read("/sys/kernel/mm/numa/demotion_enabled"),
        "swap": [l.split()[0] for l in
                 read("/proc/swaps", "").splitlines()[1:] if l.strip()],
        "secondary_tlb_model": read(MODEL_SYSCTL),
        "migrc": read(MIGRC_SYSCTL),
        # The deterministic mode (qemu.sh ICOUNT=1): -icount's shift, or None
        "icount": next((int(w.split("=", 1)[1]) for w in
                        read("/proc/cmdline", "").split()
                        if w.startswith("STLB_ICOUNT=")), None),
        "series": os.path.exists(MODEL_SYSCTL),
        "reps": reps,
        "runs": {w: [] for w, _ in workloads},
    }
    say(f"kernel {doc['kernel']}, {doc['cpus']} CPUs, nodes {doc['nodes']}, "
        f"{reps} reps, binary {binary}")
    saved = {path: read(path) for path in RESTORE}

    failed = False
    if not (kst and os.access(binary, os.X_OK)):
        why = f"{binary} missing or not executable (STLB_KST={kst!r})"
        say(f"error: {why}")
        for w, _ in workloads:
            doc["runs"][w] = [{"error": why}]
        failed = True
    else:
        ext4_why = None
        if any(EXT4_FILE in args for _, args in workloads):
            ext4_why = ext4_setup()
            say(f"ext4 at {EXT4_DIR}/mnt: {ext4_why or 'mounted'}")
        for workload, args in workloads:
            for rep in range(1, reps + 1):
                say(f"{workload}: {' '.join(args)} ({rep}/{reps})")
                if ext4_why and EXT4_FILE in args:
                    obj = {"error": f"ext4 set-up: {ext4_why}"}
                else:
                    obj = run_one(binary, args, timeout)
                doc["runs"][workload].append(obj)
                if obj.get("skip"):
                    say(f"{workload} {rep}/{reps} skipped: {obj['error']}")
                elif "error" in obj:
                    failed = True
                    say(f"{workload} {rep}/{reps} failed: {obj['error']}")
                try:
                    write_results(doc)
                except OSError as e:
                    say(f"error: writing {OUT}: {e}")
                    failed = True
                # A skipped workload will skip again: do not repeat it.
                if obj.get("skip"):
                    break
        if any(EXT4_FILE in args for _, args in workloads):
            ext4_teardown()
        # stlb_bench puts these back, unless it was killed.
        for path, value in saved.items():
            if value is None or read(path) == value:
                continue
            try:
                with open(path, "w") as f:
                    f.write(value)
                say(f"restored {path} to {value}")
            except OSError as e:
                say(f"warning: restoring {path} to {value}: {e}")

    try:
        write_results(doc)
        say(f"results in {OUT}")
    except OSError as e:
        say(f"error: writing {OUT}: {e}")
        failed = True
    for workload, med in doc.get("summary", {}).items():
        say(f"{workload}: {med['ok_runs']}/{med['runs']} runs ok")
    print("# STLB bench done", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
