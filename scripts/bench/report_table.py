#!/usr/bin/env python3
"""Write a curate output directory with a generated N-row scored table, for
timing `curate report` / `curate stats --json` at scale (README, Report).

    python3 scripts/bench/report_table.py OUT_DIR [ROWS]   (default 10,000,000)

Stages (as a real run lays them out, with manifest.json, run.json and
run_facts.json):
  scored  every score column curate's stages add: word_count, the four
          heuristic verdicts, drop_reason, lang, lang_score, edu_score,
          edu_int, toxicity, identity_mentions (7 axes); short texts
  good    a filter `word_count >= 50 AND lang_score >= 0.65 AND toxicity < 0.9`:
          kept rows in its shards, the others in rejected/ with their reason
Values are drawn from seeded distributions shaped like real ones (log-normal
lengths, skewed language mix, beta-distributed probabilities).
"""
import json
import os
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

AXES = ["gender", "race_ethnicity", "religion", "nationality", "age", "disability",
        "sexual_orientation"]
LANGS = ["en", "de", "fr", "es", "ru", "ja", "it", "pt", "zh", "nl", "pl", "sv", "tr",
         "ar", "cs", "fi", "ko", "uk", "da", "hu", "el", "ro", "no", "he", "vi", "id",
         "fa", "th", "hi", "bg"]
REASONS = ["gopher_quality:gopher_short_doc", "gopher_quality:gopher_below_avg_threshold",
           "gopher_repetition:dup_line_frac", "fineweb:line_punct_ratio",
           "c4:c4_too_few_sentences", "gopher_quality:gopher_enough_stop_words"]
SHARD_ROWS = 1_000_000
META = {b"curate.schema_version": b"1", b"curate.table": b"documents"}


def words(rng):
    base = ("the a little girl dog went to park and saw big red ball she was happy "
            "they played all day sun came out boy said hello friend tree bird").split()
    sents = [" ".join(rng.choice(base, size=rng.integers(4, 12))) + "." for _ in range(2000)]
    return pa.array(sents, pa.string())


def scored_batch(rng, start, n, texts):
    wc = np.minimum(rng.lognormal(np.log(220), 1.1, n), 200_000).astype(np.uint32)
    p = np.array([0.55] + [0.45 / (len(LANGS) - 1)] * (len(LANGS) - 1))
    lang_idx = rng.choice(len(LANGS), size=n, p=p).astype(np.int32)
    lang = pa.DictionaryArray.from_arrays(pa.array(lang_idx), pa.array(LANGS)).cast(pa.string())
    lang_score = rng.beta(6, 1.3, n).astype(np.float32)
    toxicity = rng.beta(1.1, 7, n).astype(np.float32)
    edu = np.clip(rng.normal(1.8, 1.1, n), 0, 5).astype(np.float32)
    gq = wc >= 50
    gr = rng.random(n) > 0.04
    c4 = rng.random(n) > 0.2
    fw = rng.random(n) > 0.08
    ok = gq & gr & fw & c4
    reason_idx = rng.integers(0, len(REASONS), n).astype(np.int32)
    reasons = pa.DictionaryArray.from_arrays(pa.array(reason_idx), pa.array(REASONS)).cast(pa.string())
    reasons = pc.if_else(pa.array(ok), pa.nulls(n, pa.string()), reasons)
    ids = pa.array([f"{start + i:032x}" for i in range(n)], pa.string())
    text = pc.take(texts, pa.array(rng.integers(0, len(texts), n)))
    ident = pa.StructArray.from_arrays(
        [pa.array(rng.poisson(lam, n).astype(np.uint32))
         for lam in [2.0, 0.15, 0.1, 0.2, 0.25, 0.03, 0.02]], names=AXES)
    return pa.table({
        "doc_id": ids,
        "text": text,
        "source": pa.array(np.full(n, "generated.jsonl")),
        "source_record": pa.array(np.arange(start + 1, start + n + 1, dtype=np.uint64)),
        "url": pa.nulls(n, pa.string()),
        "word_count": pa.array(wc),
        "gopher_quality_ok": pa.array(gq),
        "gopher_repetition_ok": pa.array(gr),
        "c4_ok": pa.array(c4),
        "fineweb_ok": pa.array(fw),
        "drop_reason": reasons,
        "lang": lang,
        "lang_score": pa.array(lang_score),
        "edu_score": pa.array(edu),
        "edu_int": pa.array(np.round(edu).astype(np.uint8)),
        "toxicity": pa.array(toxicity),
        "identity_mentions": ident,
    })


def write(table, path, table_name=b"documents"):
    md = dict(META)
    md[b"curate.table"] = table_name
    table = table.replace_schema_metadata(md)
    pq.write_table(table, path, compression="zstd", row_group_size=131072)
    return {"path": os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
            if "/rejected/" in path else os.path.basename(path),
            "rows": table.num_rows, "bytes": os.path.getsize(path), "xxh3": "0" * 16}


def manifest(stage, kind, columns, shards, rejected, counts, wall):
    return {"stage": stage, "kind": kind, "schema_version": "1", "fingerprint": "0" * 32,
            "columns": columns, "units": len(shards), "shards": shards, "rejected": rejected,
            "quarantine": [], "counts": counts, "wall_seconds": wall, "resumed_units": 0,
            "artifacts": [], "notes": []}


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000_000
    rng = np.random.default_rng(7)
    texts = words(rng)
    for d in ["scored", "good", "good/rejected"]:
        os.makedirs(os.path.join(out, d), exist_ok=True)
    t0 = time.time()
    scored, kept, rej = [], [], []
    counts_scored = {"rows_in": rows, "rows_out": rows, "bytes_in": 0, "bytes_out": 0, "drops": {}}
    drops = {}
    columns = None
    for u, start in enumerate(range(0, rows, SHARD_ROWS)):
        n = min(SHARD_ROWS, rows - start)
        t = scored_batch(rng, start, n, texts)
        columns = [f"{f.name}: {f.type}" for f in t.schema]
        scored.append(write(t, os.path.join(out, "scored", f"part-{u:05}-000.parquet")))
        wc, ls, tox = t["word_count"], t["lang_score"], t["toxicity"]
        c1 = pc.greater_equal(wc, 50)
        c2 = pc.greater_equal(ls, 0.65)
        c3 = pc.less(tox, 0.9)
        keep = pc.and_(pc.and_(c1, c2), c3)
        reason = pc.if_else(pc.invert(c1), "filter: word_count >= 50",
                            pc.if_else(pc.invert(c2), "filter: lang_score >= 0.65",
                                       "filter: toxicity < 0.9"))
        k = t.filter(keep)
        kept.append(write(k, os.path.join(out, "good", f"part-{u:05}-000.parquet")))
        r = t.filter(pc.invert(keep))
        rr = reason.filter(pc.invert(keep))
        r = r.append_column("rejected_reason", rr).append_column(
            "rejected_by", pa.array(np.full(r.num_rows, "good")))
        rej.append(write(r, os.path.join(out, "good", "rejected", f"part-{u:05}-000.parquet"),
                         b"rejected"))
        for vc in pc.value_counts(rr).to_pylist():
            drops[vc["values"]] = drops.get(vc["values"], 0) + vc["counts"]
        print(f"  {start + n:,} rows", file=sys.stderr)
    kept_rows = sum(s["rows"] for s in kept)
    with open(os.path.join(out, "scored", "manifest.json"), "w") as f:
        json.dump(manifest("scored", "heuristics", columns, scored, [], counts_scored, 0.0), f)
    with open(os.path.join(out, "good", "manifest.json"), "w") as f:
        json.dump(manifest("good", "filter", columns, kept, rej,
                           {"rows_in": rows, "rows_out": kept_rows, "bytes_in": 0,
                            "bytes_out": 0, "drops": drops}, 0.0), f)
    where = "word_count >= 50 AND lang_score >= 0.65 AND toxicity < 0.9"
    facts = {"workflow": "generated", "workflow_xxh3": "", "curate_version": "bench",
             "started_unix": t0, "wall_seconds": 0.0, "peak_rss_bytes": None, "threads": 2,
             "error": None, "stages": [
                 {"name": "scored", "kind": "heuristics", "inputs": [], "files": [],
                  "dir": os.path.abspath(os.path.join(out, "scored")), "params": {}},
                 {"name": "good", "kind": "filter", "inputs": ["scored"], "files": [],
                  "dir": os.path.abspath(os.path.join(out, "good")), "params": {"where": where}}]}
    with open(os.path.join(out, "run_facts.json"), "w") as f:
        json.dump(facts, f)
    size = sum(s["bytes"] for s in scored + kept + rej)
    print(f"wrote {rows:,} rows ({kept_rows:,} kept), {size / 1e6:.0f} MB of Parquet in "
          f"{time.time() - t0:.0f}s to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
