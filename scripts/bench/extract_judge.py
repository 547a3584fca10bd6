#!/usr/bin/env python3
"""Judge extracted texts against per-page expectations: strings that must be in
the main text and strings that must not (boilerplate).

    python extract_judge.py expectations.json peer.jsonl ours.jsonl [ours2.jsonl ...] \
        --report judge.md [--json judge.json]

`expectations.json` is `{"_source": "...", "pages": {"FILE.html": {"in": [...],
"out": [...]}}}`, keyed by the page's file name. The expectations used by
`scripts/bench_extract.sh` are those of trafilatura's own real-world tests
(tests/realworld_tests.py in its git repository, `test_extract`, for the pages
of its tests/cache = ../shared/data/web/trafilatura-cache). That file is not in
trafilatura's PyPI sdist; see the README's web section for where the JSON comes
from. The expectations were written by trafilatura's authors while tuning
trafilatura on these pages (and with comment sections extracted), so they favour
trafilatura: read the numbers as "how often we fail a check trafilatura's
authors wrote for their own tool", not as a neutral gold standard.

The JSONL files are those of extract_compare.py (`{"page", "text"}` lines, a
last `{"timing": ...}` line). A string counts as present when it is a substring
of the text after both are NFC-normalised and every run of whitespace is one
space (so a line break in our output matches a space in the expectation).

Per tool: `in` found / expected, `out` wrongly kept / expected absent, and the
pages where the tool fails any check; per page, the checks each tool fails.
"""

import argparse
import json
import os
import re
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import extract_compare  # noqa: E402  (same folder)

_WS = re.compile(r"\s+")


def norm(s):
    return _WS.sub(" ", unicodedata.normalize("NFC", s)).strip()


def norm_key(s):
    return unicodedata.normalize("NFC", s)


def load(path):
    """extract_compare's reader, keyed by the NFC file name of each page."""
    rows, timing = extract_compare.load(path)
    if timing is None:
        sys.exit(f"{path}: no timing line (not an extract_compare JSONL?)")
    return {norm_key(os.path.basename(p)): d["text"] for p, d in rows.items()}, timing


def judge(text, exp):
    t = norm(text)
    missing = [s for s in exp["in"] if norm(s) not in t]
    kept = [s for s in exp["out"] if norm(s) and norm(s) in t]
    return missing, kept


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("expectations")
    ap.add_argument("runs", nargs="+", help="peer JSONL first, then ours")
    ap.add_argument("--report", required=True)
    ap.add_argument("--json")
    a = ap.parse_args()

    spec = json.load(open(a.expectations, encoding="utf-8"))
    exp = {norm_key(k): v for k, v in spec["pages"].items()}
    tools = []
    for path in a.runs:
        rows, timing = load(path)
        absent = sorted(set(exp) - set(rows))
        if absent:
            sys.exit(f"{path}: no text for {len(absent)} judged pages, e.g. {absent[0]}")
        per = {p: judge(rows[p], e) for p, e in exp.items()}
        tools.append({"tool": timing["tool"], "file": path, "pages": per})

    n_in = sum(len(e["in"]) for e in exp.values())
    n_out = sum(len(e["out"]) for e in exp.values())
    lines = [
        "# Judge: trafilatura's own real-world test expectations",
        "",
        f"{len(exp)} pages of the shared set have expectations: {n_in} strings that must be "
        f"in the text, {n_out} that must not (boilerplate). Source: {spec.get('_source', '?')}",
        "",
        "These checks were written by trafilatura's authors for trafilatura (tuned on these pages, "
        "comment sections included), so they favour it; a failed check is still a concrete, "
        "readable error of the tool that fails it.",
        "",
        "| tool | main-text strings found | boilerplate strings kept | checks failed | pages failing any check |",
        "|---|---:|---:|---:|---:|",
    ]
    summary = []
    for t in tools:
        found = n_in - sum(len(m) for m, _ in t["pages"].values())
        kept = sum(len(k) for _, k in t["pages"].values())
        bad = sum(1 for m, k in t["pages"].values() if m or k)
        t.update(found=found, kept=kept, failing=bad)
        summary.append({k: t[k] for k in ("tool", "found", "kept", "failing")})
        lines.append(f"| {t['tool']} | {found}/{n_in} ({found / n_in:.1%}) | {kept}/{n_out} ({kept / n_out:.1%}) "
                     f"| {(n_in - found) + kept} | {bad} |")
    lines += ["", "## Pages where any tool fails a check", "",
              "`-` = expected main text missing, `+` = boilerplate kept.", "",
              "| page | " + " | ".join(t["tool"] for t in tools) + " |",
              "|---|" + "---|" * len(tools)]
    for p in sorted(exp):
        cells = []
        for t in tools:
            m, k = t["pages"][p]
            cells.append("<br>".join([f"- {s}" for s in m] + [f"+ {s}" for s in k]) or "ok")
        if any(c != "ok" for c in cells):
            lines.append(f"| {p} | " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    open(a.report, "w", encoding="utf-8").write("\n".join(lines) + "\n")
    if a.json:
        json.dump({"pages": len(exp), "in": n_in, "out": n_out, "tools": summary,
                   "per_page": {t["tool"]: {p: {"missing": m, "kept": k} for p, (m, k) in t["pages"].items()}
                                for t in tools}},
                  open(a.json, "w", encoding="utf-8"), indent=1, ensure_ascii=False)
    print("\n".join(lines[6:8 + len(tools)]))


if __name__ == "__main__":
    main()
