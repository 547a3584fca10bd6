#!/usr/bin/env python3
"""Run datatrove's four heuristic filters over a JSONL corpus, single process/core.

    python scripts/bench/datatrove_heuristics.py INPUT.jsonl OUTPUT.jsonl
        [--summary SUMMARY.json] [--dump-words WORDS.jsonl] [--limit N]

Each filter (default arguments, English) runs independently on the *original* text of
every document, in its own timed pass over the corpus (wall-clock and thread CPU time) (the way a datatrove pipeline
would run it; C4QualityFilter rewrites `doc.text`, so every pass gets fresh Documents,
built outside the timed region). Writes per-doc verdicts
`{"id", "gopher_quality", "gopher_repetition", "c4", "fineweb"}` with the drop reason
or null, like bench_heuristics does.

datatrove's English word tokenizer is `spacy.blank("en")` + `sentencizer`: it needs the
`spacy` package but no model download and no NLTK data, so this runs offline.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from datatrove.data import Document  # noqa: E402
from datatrove.pipeline.filters import (  # noqa: E402
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)

SETS = ["gopher_quality", "gopher_repetition", "c4", "fineweb"]


def make_filters():
    return {
        "gopher_quality": GopherQualityFilter(),
        "gopher_repetition": GopherRepetitionFilter(),
        "c4": C4QualityFilter(),
        "fineweb": FineWebQualityFilter(),
    }


def verdict(res):
    """filter() result -> None (kept) or the drop reason."""
    if isinstance(res, tuple):
        ok, reason = res
        return None if ok else (reason or "dropped")
    return None if res else "dropped"


def run_filter(f, doc):
    try:
        return verdict(f.filter(doc))
    except Exception as e:  # datatrove would crash the pipeline; record it
        return f"error:{type(e).__name__}"


def load(path, limit=None):
    docs = []
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if not line.strip():
                continue
            d = json.loads(line)
            docs.append((d.get("id", i), d["text"]))
            if limit and len(docs) >= limit:
                break
    return docs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--summary")
    ap.add_argument("--dump-words")
    ap.add_argument("--limit", type=int)
    a = ap.parse_args()

    t_total = time.perf_counter()
    docs = load(a.input, a.limit)
    n_bytes = sum(len(t.encode("utf-8")) for _, t in docs)
    filters = make_filters()
    # warm-up: load spaCy and compile regexes outside the timed region
    for f in filters.values():
        run_filter(f, Document(text="Warm up. The tokenizer is loaded here.", id="w"))

    verdicts = {s: [None] * len(docs) for s in SETS}
    seconds, cpu_seconds = {}, {}
    for s in SETS:
        f = filters[s]
        batch = [Document(text=t, id=str(i)) for i, t in docs]
        t0, c0 = time.perf_counter(), time.thread_time()
        out = verdicts[s]
        for k, doc in enumerate(batch):
            out[k] = run_filter(f, doc)
        seconds[s] = time.perf_counter() - t0
        cpu_seconds[s] = time.thread_time() - c0
        print(
            f"datatrove: {s:<18} {seconds[s]:.2f} s wall / {cpu_seconds[s]:.2f} s CPU "
            f"({len(docs) / cpu_seconds[s]:.0f} docs/s per core)",
            flush=True,
        )

    with open(a.output, "w", encoding="utf-8") as fh:
        for k, (i, _) in enumerate(docs):
            fh.write(json.dumps({"id": i, **{s: verdicts[s][k] for s in SETS}}) + "\n")

    if a.dump_words:
        from datatrove.utils.text import split_into_words

        with open(a.dump_words, "w", encoding="utf-8") as fh:
            for i, t in docs:
                fh.write(json.dumps({"id": i, "words": split_into_words(t)}, ensure_ascii=False) + "\n")

    total = time.perf_counter() - t_total
    print(f"datatrove: {len(docs)} docs, {n_bytes / 1e6:.1f} MB, filters {sum(seconds.values()):.1f} s, total {total:.1f} s")
    if a.summary:
        with open(a.summary, "w") as fh:
            json.dump(
                {
                    "docs": len(docs),
                    "bytes": n_bytes,
                    "per_set_seconds": seconds,
                    "per_set_cpu_seconds": cpu_seconds,
                    "total_seconds": total,
                    "loadavg_end": " ".join(f"{x:.2f}" for x in os.getloadavg()),
                },
                fh,
            )


if __name__ == "__main__":
    sys.exit(main())
