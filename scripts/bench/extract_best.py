#!/usr/bin/env python3
"""Keep the fastest of several runs of one extractor.

    extract_best.py OUT.jsonl RUN1.jsonl RUN2.jsonl ...

Each RUN file is what bench_extract / extract_peer.py write: one JSON line
per page, then a `{"timing": {...}}` line. OUT gets the pages of the run with
the lowest `cpu_s` (the pages are the same in every run; this is checked) and
that run's timing, with `runs` and every run's `cpu_s` added so the spread
stays visible. The RUN files are removed.
"""
import json
import os
import sys


def load(path):
    pages, timing = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if "timing" in d:
                timing = d["timing"]
            else:
                pages.append(line)
    if timing is None:
        sys.exit(f"{path}: no timing line")
    return pages, timing


def main():
    out, runs = sys.argv[1], sys.argv[2:]
    if not runs:
        sys.exit("usage: extract_best.py OUT.jsonl RUN.jsonl...")
    loaded = [load(p) for p in runs]
    first = loaded[0][0]
    for p, (pages, _) in zip(runs, loaded):
        if pages != first:
            sys.exit(f"{p}: its pages differ from {runs[0]}'s (extraction is not deterministic)")
    best = min(loaded, key=lambda x: x[1]["cpu_s"])
    timing = dict(best[1])
    timing["runs"] = len(runs)
    timing["cpu_s_runs"] = [round(t["cpu_s"], 4) for _, t in loaded]
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(best[0])
        f.write(json.dumps({"timing": timing}) + "\n")
    for p in runs:
        os.remove(p)
    print(f"{out}: best cpu_s {timing['cpu_s']:.3f} of {timing['cpu_s_runs']}", file=sys.stderr)


if __name__ == "__main__":
    main()
