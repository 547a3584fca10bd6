#!/usr/bin/env python3
"""Compare extracted texts with trafilatura's: word 4-gram shingle precision,
recall and F1 per page, speed as docs/s per core, and a Markdown report.

    python extract_compare.py peer.jsonl ours.jsonl [ours2.jsonl ...] \
        --report report.md [--json result.json] [--name SET]

Each JSONL has one `{"page", "text"}` line per page and a final
`{"timing": {"tool", "pages", "cpu_s", ...}}` line (extract_peer.py and
`bench_extract` write them). Pages are matched by `page`.

Shingles: the text is cut into words: runs of letters/digits (Unicode), where
every character of a script written without spaces (Han, Hiragana, Katakana,
Hangul is spaced so it is not, Thai, Lao, Khmer, Myanmar, Tibetan) is a word
of its own; words are lowercased. A shingle is 4 consecutive words (a text of
1-3 words is one shingle). P = |ours & theirs| / |ours|, R = |ours & theirs| /
|theirs| over the sets of shingles. Two empty texts agree (F1 = 1); one empty
text gives F1 = 0.
"""

import argparse
import json
import re
import statistics
import sys
import unicodedata

# Scripts written without spaces between words: each character is a token.
_NOSPACE = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3100, 0x31BF),  # Bopomofo
    (0x3400, 0x4DBF),  # CJK ext A
    (0x4E00, 0x9FFF),  # CJK unified
    (0xF900, 0xFAFF),  # CJK compatibility
    (0x20000, 0x2FFFF),
)
_WORD = re.compile(r"\w+", re.UNICODE)


def _nospace(c):
    o = ord(c)
    return any(a <= o <= b for a, b in _NOSPACE)


def words(text):
    out = []
    for m in _WORD.finditer(unicodedata.normalize("NFC", text).lower()):
        w = m.group(0)
        if any(_nospace(c) for c in w):
            run = []
            for c in w:
                if _nospace(c):
                    if run:
                        out.append("".join(run))
                        run = []
                    out.append(c)
                else:
                    run.append(c)
            if run:
                out.append("".join(run))
        else:
            out.append(w)
    return out


def shingles(text, n=4):
    w = words(text)
    if not w:
        return set()
    if len(w) < n:
        return {tuple(w)}
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def prf(ours, theirs):
    a, b = shingles(ours), shingles(theirs)
    if not a and not b:
        return 1.0, 1.0, 1.0
    if not a or not b:
        return (0.0 if a else 1.0), (0.0 if b else 1.0), 0.0
    inter = len(a & b)
    p, r = inter / len(a), inter / len(b)
    f = 0.0 if inter == 0 else 2 * p * r / (p + r)
    return p, r, f


def load(path):
    rows, timing = {}, None
    for line in open(path, encoding="utf-8"):
        d = json.loads(line)
        if "timing" in d:
            timing = d["timing"]
        else:
            rows[d["page"]] = d
    return rows, timing


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("peer")
    ap.add_argument("ours", nargs="+")
    ap.add_argument("--report", required=True)
    ap.add_argument("--json")
    ap.add_argument("--name", default="pages")
    ap.add_argument("--low", type=float, default=0.8)
    a = ap.parse_args()

    peer, pt = load(a.peer)
    result = {"set": a.name, "peer": pt, "tools": []}
    lines = [f"# Extraction vs trafilatura: {a.name}", ""]
    summary = []
    for path in a.ours:
        ours, ot = load(path)
        missing = sorted(set(peer) - set(ours))
        if missing:
            sys.exit(f"{path}: no result for {len(missing)} pages, e.g. {missing[0]}")
        per = []
        for page, d in peer.items():
            p, r, f = prf(ours[page]["text"], d["text"])
            per.append({
                "page": page, "p": p, "r": r, "f1": f,
                "ours_chars": len(ours[page]["text"]), "peer_chars": len(d["text"]),
            })
        mean = lambda k: statistics.fmean(x[k] for x in per)
        tool = {
            "tool": ot["tool"], "timing": ot,
            "mean_p": mean("p"), "mean_r": mean("r"), "mean_f1": mean("f1"),
            "median_f1": statistics.median(x["f1"] for x in per),
            "below": sum(1 for x in per if x["f1"] < a.low),
            "docs_per_cpu_s": ot["pages"] / ot["cpu_s"],
            "speedup": (ot["pages"] / ot["cpu_s"]) / (pt["pages"] / pt["cpu_s"]),
            "pages": per,
        }
        result["tools"].append(tool)
        summary.append(tool)

    pd = pt["pages"] / pt["cpu_s"]
    lines += [
        f"{pt['pages']} pages, {pt.get('bytes', 0) / 1e6:.1f} MB of HTML. Peer: {pt['tool']}, "
        f"`extract()` with default settings: {pd:.1f} docs/s per core ({pt['cpu_s']:.2f} CPU s, best of {pt['rounds']}).",
        "",
        "| tool | mean P | mean R | mean F1 | median F1 | pages F1 < %.1f | docs/s per core | vs trafilatura |" % a.low,
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for t in summary:
        lines.append(
            f"| {t['tool']} | {t['mean_p']:.3f} | {t['mean_r']:.3f} | {t['mean_f1']:.3f} | {t['median_f1']:.3f} "
            f"| {t['below']} | {t['docs_per_cpu_s']:.1f} | {t['speedup']:.1f}x |")
    for t in summary:
        lines += ["", f"## {t['tool']}: pages with F1 < {a.low}", "",
                  "| page | P | R | F1 | our chars | trafilatura chars |", "|---|---:|---:|---:|---:|---:|"]
        for x in sorted(t["pages"], key=lambda x: x["f1"]):
            if x["f1"] < a.low:
                name = x["page"].rsplit("/", 1)[-1]
                lines.append(f"| {name} | {x['p']:.2f} | {x['r']:.2f} | {x['f1']:.2f} | {x['ours_chars']} | {x['peer_chars']} |")
    open(a.report, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    if a.json:
        json.dump(result, open(a.json, "w"), indent=1)
    print("\n".join(lines[:6 + len(summary)]))


if __name__ == "__main__":
    main()
