#!/usr/bin/env python3
"""A JSONL corpus of any size for the scale benchmark, written as it is read
(constant memory, unlike minhash_corpus.py, which shuffles in memory): every
document of SOURCE with >= 50 words, and after each one, with probability
DUP_FRAC, a planted copy of a random document among the last 100,000: half
exact copies (case and spacing changed, which dedup_exact normalizes away),
half near copies with 1-3% of the words replaced. Seeded and deterministic.

usage: scale_corpus.py SOURCE.jsonl OUT.jsonl [--docs N] [--dup-frac 0.1] [--seed 7]
"""
import argparse
import json
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--dup-frac", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    recent, n, planted = [], 0, 0
    with open(a.source, encoding="utf-8") as src, open(a.out, "w", encoding="utf-8") as out:
        for line in src:
            if n >= a.docs:
                break
            t = json.loads(line)["text"]
            words = t.split()
            if len(words) < 50:
                continue
            out.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
            n += 1
            if len(recent) < 100_000:
                recent.append(t)
            else:
                recent[rng.randrange(len(recent))] = t
            if rng.random() < a.dup_frac:
                o = recent[rng.randrange(len(recent))]
                if rng.random() < 0.5:
                    copy = "  " + o.upper() + " "
                else:
                    w = o.split()
                    for _ in range(max(1, int(len(w) * rng.uniform(0.01, 0.03)))):
                        w[rng.randrange(len(w))] = w[rng.randrange(len(w))]
                    copy = " ".join(w)
                out.write(json.dumps({"text": copy}, ensure_ascii=False) + "\n")
                planted += 1
    print(f"{n} documents + {planted} planted copies -> {a.out}")


if __name__ == "__main__":
    main()
