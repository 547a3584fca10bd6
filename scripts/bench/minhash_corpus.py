#!/usr/bin/env python3
"""Build the near-dedup benchmark corpus (deterministic, seeded).

Takes the first N documents with >= 50 words from a source JSONL (default:
bench-data/corpus.jsonl, the heuristics benchmark's corpus), and adds planted
near duplicates of a fraction of them: exact copies and copies with 1-3% of
the words replaced by words from the corpus vocabulary. Everything is
shuffled; each line gets "id" = "d<line number>" (1-based) so both tools'
outputs can be matched, and planted.jsonl records (copy id, original id).

usage: minhash_corpus.py SOURCE OUT_DIR [--docs N] [--dup-frac F] [--seed S]
"""
import argparse
import json
import os
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source")
    ap.add_argument("out_dir")
    ap.add_argument("--docs", type=int, default=20000)
    ap.add_argument("--dup-frac", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=1234)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    base = []
    with open(a.source, encoding="utf-8") as f:
        for line in f:
            t = json.loads(line).get("text", "")
            if len(t.split()) >= 50:
                base.append(t)
            if len(base) >= a.docs:
                break
    vocab = sorted({w for t in base[:2000] for w in t.split()})
    docs = [(t, i, None) for i, t in enumerate(base)]  # (text, key, original key)
    n_dup = int(len(base) * a.dup_frac)
    for k, i in enumerate(rng.sample(range(len(base)), n_dup)):
        words = base[i].split()
        frac = [0.0, 0.01, 0.02, 0.03][k % 4]
        for _ in range(int(len(words) * frac)):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        docs.append((" ".join(words), len(base) + k, i))
    rng.shuffle(docs)
    os.makedirs(os.path.join(a.out_dir, "in"), exist_ok=True)
    ids = {}
    with open(os.path.join(a.out_dir, "in", "corpus.jsonl"), "w", encoding="utf-8") as f:
        for n, (t, key, _) in enumerate(docs, 1):
            ids[key] = f"d{n}"
            f.write(json.dumps({"id": f"d{n}", "text": t}) + "\n")
    with open(os.path.join(a.out_dir, "planted.jsonl"), "w") as f:
        for t, key, orig in docs:
            if orig is not None:
                f.write(json.dumps({"copy": ids[key], "original": ids[orig]}) + "\n")
    print(f"{len(docs)} docs ({n_dup} planted near duplicates) -> {a.out_dir}/in/corpus.jsonl")


if __name__ == "__main__":
    main()
