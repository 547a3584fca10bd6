#!/usr/bin/env python3
"""Differential fuzzing of the Rust spaCy-tokenizer port against datatrove/spaCy.

    python scripts/bench/fuzz_tokenizer.py gen FUZZ.jsonl [--n 20000] [--seed 7]
    python scripts/bench/fuzz_tokenizer.py expect FUZZ.jsonl EXPECTED.jsonl
    target/release/bench_heuristics FUZZ.jsonl /dev/null --dump-words RUST.jsonl
    python scripts/bench/fuzz_tokenizer.py diff EXPECTED.jsonl RUST.jsonl

`gen` writes short adversarial documents (contractions, abbreviations, every spaCy
special case, emoticons, URLs, numbers with units/currencies, quotes, dashes, many
scripts and whitespace kinds, glued together with or without spaces); `expect` records
datatrove's `split_into_words` and per-line `len(split_into_sentences)`.
"""
import json
import random
import sys

WORDS = "the cat sat on a mat and I saw it quickly because we were there with them".split()
CONTRACTIONS = ["don't", "I'm", "y'all", "'tis", "ain't", "can't", "won't", "it's", "He's", "we'd",
                "dont", "cannot", "gonna", "Let's", "o'clock", "rock'n'roll", "ma'am", "DON'T", "you’re"]
ABBREV = ["U.S.", "e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "a.m.", "p.m.", "Inc.", "Jan.", "vs.",
          "No.", "St.", "A.", "b.", "U.K.", "Ph.D.", "10a.m.", "3p.m."]
EMOTICONS = [":)", ":-)", ";)", ":(", ":D", "<3", ":P", "(:", "):", ":-/", "^_^", "-_-", "o.O", ":'(",
             "=)", "XD", ":3", ">:(", "(ಠ_ಠ)", "¯\\(ツ)/¯"]
NUMS = ["5km", "$10", "10$", "US$5", "3.5", "1,000", "10-20", "5°C.", "10+", "2^3", "5%", "£3", "100MB",
        "12:30", "3/4", "1.5m²", "-5", "+7", "2019", "No.1", "#1", "50kg.", "9mm", "4x4", "1st", "2nd"]
URLS = ["http://x.com/a?b=c", "www.example.org.", "user@mail.com", "10.0.0.1", "8.8.8.8", "192.168.0.1:80",
        "https://en.wikipedia.org/wiki/Foo_(bar)", "example.com/path", "ftp://a.b.co.uk/x", "a.b", "x.Y.z",
        "mailto:someone@host.de", "http://1.2.3.4/x", "foo.bar.BAZ", "t.co/abc"]
PUNCT = list("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~") + ["…", "...", "..", "....", "—", "–", "--", "---", "«", "»",
        "“", "”", "‘", "’", "¿", "¡", "「", "」", "、", "。", "！", "？", "·", "•", "°", "§", "©", "®", "™", "‚", "„",
        "''", "``", "\\n", "\\t", "C++", "<space>"]
UNI = ["日本語", "Москва", "العربية", "हिन्दी", "ਪੰਜਾਬੀ", "ελληνικά", "עברית", "한국어", "ไทย", "😀", "👍🏽",
       "👨‍👩‍👧", "🇫🇷", "Straße", "ÉCOLE", "naïve", "İstanbul", "ǅemal", "Ⅻ", "½", "²", "x\u0301", "\u200b",
       "\u00ad", "ﬁ", "Ａｂｃ", "١٢٣", "٫", "߹", "।", "꧈", "𝔘𝔫𝔦"]
SEPS = [" "] * 12 + [""] * 10 + ["  ", "\t", "\n", "\n\n", " \n ", "\u00a0", "\u3000", "\r\n", "\u2028", "\x0b", "\x1c", "\x85"]


def load_specials():
    try:
        import spacy

        return sorted(spacy.blank("en").tokenizer.rules)
    except Exception:
        return []


def gen(path, n, seed):
    r = random.Random(seed)
    specials = load_specials()
    pools = [WORDS, CONTRACTIONS, ABBREV, EMOTICONS, NUMS, URLS, PUNCT, UNI, specials or WORDS]
    weights = [10, 3, 3, 2, 3, 2, 8, 3, 3]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            parts = []
            for _ in range(r.randint(1, 40)):
                pool = r.choices(pools, weights)[0]
                parts.append(r.choice(pool))
                parts.append(r.choice(SEPS))
            fh.write(json.dumps({"id": f"fuzz-{i}", "text": "".join(parts)}, ensure_ascii=False) + "\n")


def expect(src, dst):
    from datatrove.utils.text import split_into_sentences, split_into_words

    with open(src, encoding="utf-8") as fi, open(dst, "w", encoding="utf-8") as fo:
        for line in fi:
            d = json.loads(line)
            t = d["text"]
            sents = [len(split_into_sentences(ln)) for ln in t.split("\n")]
            fo.write(json.dumps({"id": d["id"], "words": split_into_words(t), "sents": sents}, ensure_ascii=False) + "\n")


def diff(a, b):
    ea = {json.loads(l)["id"]: json.loads(l) for l in open(a, encoding="utf-8")}
    eb = {json.loads(l)["id"]: json.loads(l) for l in open(b, encoding="utf-8")}
    bad_w = bad_s = 0
    shown = 0
    for k, x in ea.items():
        y = eb.get(k)
        if y is None:
            continue
        if x["words"] != y["words"]:
            bad_w += 1
            if shown < 15:
                shown += 1
                w1, w2 = x["words"], y["words"]
                j = next((i for i in range(min(len(w1), len(w2))) if w1[i] != w2[i]), min(len(w1), len(w2)))
                print(f"WORDS {k}: spacy {w1[max(0, j - 2):j + 3]} rust {w2[max(0, j - 2):j + 3]}")
        if x["sents"] != y["sents"]:
            bad_s += 1
            if shown < 15:
                shown += 1
                print(f"SENTS {k}: spacy {x['sents']} rust {y['sents']}")
    print(f"{len(ea)} docs: {bad_w} word-list differences, {bad_s} sentence-count differences")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "gen":
        import argparse

        ap = argparse.ArgumentParser()
        ap.add_argument("cmd")
        ap.add_argument("out")
        ap.add_argument("--n", type=int, default=20000)
        ap.add_argument("--seed", type=int, default=7)
        a = ap.parse_args()
        gen(a.out, a.n, a.seed)
    elif cmd == "expect":
        expect(sys.argv[2], sys.argv[3])
    elif cmd == "diff":
        diff(sys.argv[2], sys.argv[3])
