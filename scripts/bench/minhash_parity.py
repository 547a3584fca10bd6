#!/usr/bin/env python3
"""Parity of curate's MinHash signatures (scheme: datatrove) with datatrove's
MinhashDedupSignature, document by document.

usage: minhash_parity.py DOCS.jsonl SIGS.txt
SIGS.txt is `minhash_sigs < DOCS.jsonl` (filters/src/bin/minhash_sigs.rs).
Prints the number of documents whose shingle count or signature differs, and
the first few with datatrove's simplified text and words.
"""
import json
import sys

from datatrove.pipeline.dedup.minhash import MinhashDedupSignature
from datatrove.utils.text import simplify_text


def main():
    docs, sigs = sys.argv[1], sys.argv[2]
    m = MinhashDedupSignature(output_folder="/tmp/minhash_parity_unused")
    n = bad = 0
    with open(docs, encoding="utf-8") as fd, open(sigs) as fs:
        for i, (line, ours) in enumerate(zip(fd, fs), 1):
            text = json.loads(line).get("text", "")
            sh = m.get_shingles(text)
            want = [str(len(set(sh.ravel().tolist())))]
            if sh.size:
                want += [str(x) for b in m.get_signature(sh) for x in b]
            n += 1
            if ours.split() != want:
                bad += 1
                if bad <= 5:
                    simple = simplify_text(text)
                    print(f"doc {i}: ours {ours.split()[:3]} datatrove {want[:3]}")
                    print(f"  simplified: {simple[:300]!r}")
                    print(f"  words: {m.word_tokenizer.word_tokenize(simple)[:40]}")
    print(json.dumps({"documents": n, "differ": bad}))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
