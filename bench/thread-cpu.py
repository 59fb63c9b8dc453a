#!/usr/bin/env python3
"""Per-thread CPU of a process over a measured run, for bench/run --thread-cpu.

  thread-cpu.py snap PID FILE            record each thread's CPU ticks and voluntary context switches in FILE
  thread-cpu.py diff PID FILE REQUESTS   print, per thread group, CPU microseconds and voluntary context switches
                                         per request since the snapshot, largest first

Threads are grouped by name without its trailing number ("db-write-1" and "db-write-2" -> "db-write"); the kernel
keeps only the first 15 characters of a name ("vert.x-eventloop-thread-0" -> "vert.x-eventloo"). Threads that
started after the snapshot count from zero; threads that ended meanwhile are not counted.
"""
import json
import os
import re
import sys
from collections import defaultdict

CLOCK_TICK_US = 1e6 / os.sysconf("SC_CLK_TCK")
MIN_US = 0.5  # groups below this per request are left out of the line


def threads(pid):
    """{tid: [name, user + system ticks, voluntary context switches]} for the live threads of pid."""
    found = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                switches = int(re.search(r"^voluntary_ctxt_switches:\s+(\d+)", f.read(), re.M).group(1))
        except (FileNotFoundError, ProcessLookupError):
            continue  # the thread ended while we read
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        found[tid] = [name, int(fields[11]) + int(fields[12]), switches]
    return found


def per_group(before, after, requests):
    groups = defaultdict(lambda: [0, 0])
    for tid, (name, ticks, switches) in after.items():
        _, ticks0, switches0 = before.get(tid, [name, 0, 0])
        group = groups[re.sub(r"[-#]?\d+$", "", name)]
        group[0] += ticks - ticks0
        group[1] += switches - switches0
    rows = [(name, ticks * CLOCK_TICK_US / requests, switches / requests)
            for name, (ticks, switches) in groups.items()]
    return sorted(rows, key=lambda row: -row[1])


def main(argv):
    command, pid, path = argv[1:4]
    if command == "snap":
        with open(path, "w") as f:
            json.dump(threads(pid), f)
        return
    with open(path) as f:
        before = json.load(f)
    requests = max(int(argv[4]), 1)
    rows = per_group(before, threads(pid), requests)
    print(", ".join(f"{name} {us:.1f} ({switches:.2f})" for name, us, switches in rows if us >= MIN_US))


if __name__ == "__main__":
    main(sys.argv)
