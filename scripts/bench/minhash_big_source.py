#!/usr/bin/env python3
"""A large seeded source corpus for the corpus-scale MinHash benchmark: N
paragraph-sized documents (>= 60 whitespace words, or 30 sentences) of real
sentences from ../shared/data: the Leipzig/lingua sentences of 75 languages,
Jigsaw comments and TinyStories stories. Each document joins random sentences
of one source (one language), so two documents share a sentence now and then
but are near duplicates only by rare chance: ~14 MB of real text recombined
into a corpus of any size. scripts/bench/minhash_corpus.py then plants the
known near duplicates.

usage: minhash_big_source.py OUT.jsonl [--docs 1000000] [--seed 1] [--data ../shared/data]
"""
import argparse
import csv
import glob
import json
import os
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "../../../shared/data"))
    a = ap.parse_args()
    sources = []
    for f in sorted(glob.glob(os.path.join(a.data, "langid", "*.txt"))):
        with open(f, encoding="utf-8") as fh:
            sources.append([l.strip() for l in fh if l.strip()])
    with open(os.path.join(a.data, "toxicity", "jigsaw_test_balanced.csv"), encoding="utf-8") as fh:
        sources.append([row[0].replace("\n", " ").strip() for row in csv.reader(fh) if row and row[0].strip()])
    with open(os.path.join(a.data, "tinystories", "tinystories_val_prefix.txt"), encoding="utf-8") as fh:
        stories = fh.read().replace("<|endoftext|>", "\n\n").split("\n\n")
        sources.append([s.strip().replace("\n", " ") for s in stories if s.strip()])
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8") as out:
        for i in range(a.docs):
            src = sources[rng.randrange(len(sources))]
            parts, words = [], 0
            while words < 60 and len(parts) < 30:
                s = src[rng.randrange(len(src))]
                parts.append(s)
                words += len(s.split())
            out.write(json.dumps({"id": f"s{i}", "text": " ".join(parts)}, ensure_ascii=False) + "\n")
    print(f"{a.docs} documents -> {a.out} ({os.path.getsize(a.out) / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
