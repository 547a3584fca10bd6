#!/usr/bin/env python3
"""Which phase of a run holds its memory: lines a PEAK_MEM_TRACE file
(`unix_time anon_kb file_kb`, from peak_mem.py) up with the run's log.

    phase_mem.py RUN.log RUN.trace

Each sample is charged to the phase named by the latest progress line
(`<stage>[:<phase>]: unit i/n done ...`) at or before it; prints per phase
the wall span and the largest anon / file RSS seen.
"""
import datetime as dt
import re
import sys

LINE = re.compile(r"^(\S+Z)\s+\w+\s+(?:\S+=\S+\s+)*([\w:-]+): unit \d+/\d+ done")


def main():
    log, trace = sys.argv[1], sys.argv[2]
    marks = []
    for line in open(log, errors="replace"):
        line = re.sub(r"\x1b\[[0-9;]*m", "", line)
        m = LINE.match(line)
        if m:
            t = dt.datetime.fromisoformat(m.group(1).replace("Z", "+00:00")).timestamp()
            marks.append((t, m.group(2)))
    samples = [tuple(map(float, l.split())) for l in open(trace) if l.strip()]
    if not samples:
        sys.exit("no samples")
    phases = {}
    order = []
    j = -1
    for t, anon, file in samples:
        while j + 1 < len(marks) and marks[j + 1][0] <= t:
            j += 1
        # Before a phase's first unit finishes, the sample belongs to it:
        # charge it to the next phase's label (the one running).
        name = marks[j + 1][1] if j + 1 < len(marks) else (marks[j][1] if j >= 0 else "start")
        if name not in phases:
            phases[name] = [t, t, 0, 0]
            order.append(name)
        p = phases[name]
        p[1] = t
        p[2] = max(p[2], anon)
        p[3] = max(p[3], file)
    print("| phase | wall s (sampled) | peak anon MB | peak file MB |")
    print("|---|---:|---:|---:|")
    for n in order:
        a, b, anon, file = phases[n]
        print(f"| {n} | {b - a:.0f} | {anon / 1024:.1f} | {file / 1024:.1f} |")


main()
