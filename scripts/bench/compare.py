#!/usr/bin/env python3
"""Compare Rust and datatrove verdicts (and timings) and write a markdown report.

    python scripts/bench/compare.py CORPUS.jsonl RUST.jsonl DATATROVE.jsonl
        [--rust-summary R.json] [--dt-summary D.json] [--report report.md]
        [--rust-words W1.jsonl --dt-words W2.jsonl]
"""
import argparse
import json
import os
import platform
import subprocess
from collections import Counter

SETS = ["gopher_quality", "gopher_repetition", "c4", "fineweb"]


def load(path):
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                out[str(d["id"])] = d
    return out


def cpu_name():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("rust")
    ap.add_argument("dt")
    ap.add_argument("--rust-summary")
    ap.add_argument("--dt-summary")
    ap.add_argument("--report")
    ap.add_argument("--rust-words")
    ap.add_argument("--dt-words")
    a = ap.parse_args()

    texts = {}
    with open(a.corpus, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if line.strip():
                d = json.loads(line)
                texts[str(d.get("id", i))] = d["text"]
    rust, dt = load(a.rust), load(a.dt)
    ids = [i for i in texts if i in rust and i in dt]
    n = len(ids)
    rs = json.load(open(a.rust_summary)) if a.rust_summary else None
    ds = json.load(open(a.dt_summary)) if a.dt_summary else None

    md = []
    p = md.append
    p("# Heuristic filters: curate (Rust) vs datatrove\n")
    p(f"- corpus: `{a.corpus}`: {n} docs, {sum(len(texts[i].encode()) for i in ids) / 1e6:.1f} MB of text")
    p(f"- machine: {cpu_name()}, {os.cpu_count()} cores; single thread / single process for both")
    if rs or ds:
        p(f"- load average at the end of each run (other jobs on the box slow both sides): "
          f"curate `{(rs or {}).get('loadavg_end', '?')}`, datatrove `{(ds or {}).get('loadavg_end', '?')}`")
    try:
        import datatrove  # noqa: F401
        from importlib.metadata import version

        p(f"- datatrove {version('datatrove')}, spaCy {version('spacy')} (`spacy.blank('en')` word tokenizer)")
    except Exception:
        pass
    p("")
    p("## Throughput (docs/s per core)\n")
    p("Each datatrove filter runs in its own pass over the corpus; the curate column times the")
    p("stand-alone function of the same rule set (each tokenizing on its own). docs/s per core")
    p("is computed from the thread's CPU time (the box is shared, so wall-clock time is also")
    p("shown; it includes time spent waiting for a core).\n")
    p("| rule set | datatrove docs/s | curate docs/s | speed-up | datatrove wall s | curate wall s |")
    p("|---|---:|---:|---:|---:|---:|")

    def secs(summary, s, cpu=True):
        if not summary:
            return None
        key = "per_set_cpu_seconds" if cpu else "per_set_seconds"
        return (summary.get(key) or summary.get("per_set_seconds") or {}).get(s)

    tot_dt = tot_rs = 0.0
    for s in SETS:
        dsec, rsec = secs(ds, s), secs(rs, s)
        tot_dt += dsec or 0.0
        tot_rs += rsec or 0.0
        d_dps = f"{n / dsec:,.0f}" if dsec else "n/a"
        r_dps = f"{n / rsec:,.0f}" if rsec else "n/a"
        ratio = f"**{dsec / rsec:,.0f}x**" if dsec and rsec else "n/a"
        dw, rw = secs(ds, s, False), secs(rs, s, False)
        p(f"| {s} | {d_dps} | {r_dps} | {ratio} | {dw or 0:,.1f} | {rw or 0:,.2f} |")
    if ds and rs:
        sc = rs.get("score_cpu_seconds", rs["score_seconds"])
        p(f"| all four (datatrove: sum of the 4 passes; curate: one `score()` per doc) | "
          f"{n / tot_dt:,.0f} | {n / sc:,.0f} | **{tot_dt / sc:,.0f}x** | "
          f"{sum(ds['per_set_seconds'].values()):,.1f} | {rs['score_seconds']:,.2f} |")
        p("")
        p(f"curate `score()`: {sc:.2f} s CPU for {rs['bytes'] / 1e6:.1f} MB ({rs['bytes'] / 1e6 / sc:.1f} MB/s per core); "
          f"datatrove's four passes: {tot_dt:.1f} s CPU ({ds['bytes'] / 1e6 / tot_dt:.2f} MB/s per core).")
    p("")
    p("## Agreement (keep/drop verdict per rule set)\n")
    p("| rule set | datatrove drops | curate drops | disagreements | agreement | same reason when both drop |")
    p("|---|---:|---:|---:|---:|---:|")
    examples = {}
    reasons = {}
    for s in SETS:
        dd = sum(1 for i in ids if dt[i][s] is not None)
        rd = sum(1 for i in ids if rust[i][s] is not None)
        dis = [i for i in ids if (dt[i][s] is None) != (rust[i][s] is None)]
        both = [i for i in ids if dt[i][s] is not None and rust[i][s] is not None]
        same = sum(1 for i in both if dt[i][s] == rust[i][s])
        examples[s] = dis
        reasons[s] = Counter(dt[i][s] for i in ids if dt[i][s] is not None)
        p(f"| {s} | {dd} ({dd / n:.1%}) | {rd} ({rd / n:.1%}) | {len(dis)} | {1 - len(dis) / n:.3%} | "
          f"{same}/{len(both)} |")
    p("")
    p("### datatrove drop reasons in the corpus\n")
    for s in SETS:
        p(f"- **{s}**: " + ", ".join(f"{k} {v}" for k, v in reasons[s].most_common()))
    p("")
    p("### Disagreements (up to 3 per rule set)\n")
    any_dis = False
    for s in SETS:
        for i in examples[s][:3]:
            any_dis = True
            t = texts[i]
            snippet = t[:160].replace("\n", "\\n").replace("|", "\\|")
            p(f"- {s} `{i}` ({len(t)} chars): datatrove=`{dt[i][s]}` curate=`{rust[i][s]}` -- `{snippet}`")
    if not any_dis:
        p("none")
    p("")
    if a.rust_words and a.dt_words:
        rw, dw = load(a.rust_words), load(a.dt_words)
        tok_ids = [i for i in ids if i in rw and i in dw]
        bad = [i for i in tok_ids if rw[i]["words"] != dw[i]["words"]]
        p("## Word tokenization\n")
        p(f"{len(tok_ids) - len(bad)}/{len(tok_ids)} documents tokenize to exactly the same word list as datatrove.\n")
        for i in bad[:5]:
            r, d = rw[i]["words"], dw[i]["words"]
            k = next((j for j in range(min(len(r), len(d))) if r[j] != d[j]), min(len(r), len(d)))
            p(f"- `{i}`: first difference at word {k}: curate `{r[k - 2:k + 3]}` vs datatrove `{d[k - 2:k + 3]}`")
        p("")
    out = "\n".join(md)
    print(out)
    if a.report:
        with open(a.report, "w", encoding="utf-8") as fh:
            fh.write(out + "\n")


if __name__ == "__main__":
    main()
