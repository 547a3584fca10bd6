#!/usr/bin/env python3
"""The peer for `curate_extract`: trafilatura's `extract()` with its default
settings on every page of a list, one process, timed.

    python extract_peer.py pages.txt out.jsonl [--rounds 3]

`pages.txt` lists one HTML file per line (the same list the Rust side reads).
Each page is handed to trafilatura as the raw bytes of the file (trafilatura
decodes them itself), and `out.jsonl` gets one line per page:
`{"page": path, "text": ..., "title": ...}` (text "" when trafilatura returns
None). The last line is `{"timing": {...}}`: CPU seconds of this process for
the best of `--rounds` passes over all pages (extraction only; reading the
files is outside the timed part), so docs/s per core = pages / cpu_s.
"""

import argparse
import json
import sys
import time

import trafilatura


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pages")
    ap.add_argument("out")
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    paths = [p.strip() for p in open(a.pages, encoding="utf-8") if p.strip()]
    pages = [open(p, "rb").read() for p in paths]

    texts = None
    best_cpu, best_wall = float("inf"), float("inf")
    for r in range(a.rounds):
        c0, w0 = time.process_time(), time.perf_counter()
        out = [trafilatura.extract(h) for h in pages]
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        print(f"trafilatura round {r + 1}/{a.rounds}: {len(pages)} pages, {cpu:.2f} CPU s, "
              f"{len(pages) / cpu:.1f} docs/s per core", file=sys.stderr)
        best_cpu, best_wall = min(best_cpu, cpu), min(best_wall, wall)
        texts = out
    titles = []
    for h in pages:
        m = trafilatura.extract_metadata(h)
        titles.append(m.title if m is not None else None)

    with open(a.out, "w", encoding="utf-8") as f:
        for p, t, title in zip(paths, texts, titles):
            f.write(json.dumps({"page": p, "text": t or "", "title": title}, ensure_ascii=False) + "\n")
        f.write(json.dumps({"timing": {
            "tool": f"trafilatura {trafilatura.__version__}",
            "pages": len(pages),
            "bytes": sum(len(h) for h in pages),
            "rounds": a.rounds,
            "cpu_s": best_cpu,
            "wall_s": best_wall,
        }}) + "\n")


if __name__ == "__main__":
    main()
