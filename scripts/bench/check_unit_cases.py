#!/usr/bin/env python3
"""Re-check the Rust unit-test expectations against datatrove itself.

    HEURISTICS_DUMP=/tmp/cases.jsonl cargo test -p curate-filters heuristics
    python scripts/bench/check_unit_cases.py /tmp/cases.jsonl

Every default-config verdict the Rust tests computed (and asserted) is re-run through
the corresponding datatrove filter; any difference is printed.
"""
import json
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from datatrove_heuristics import make_filters, run_filter  # noqa: E402
from datatrove.data import Document  # noqa: E402

filters = make_filters()
bad = 0
n = 0
for line in open(sys.argv[1], encoding="utf-8"):
    c = json.loads(line)
    n += 1
    dt = run_filter(filters[c["set"]], Document(text=c["text"], id="x"))
    if dt != c["rust"]:
        bad += 1
        print(f"MISMATCH {c['set']}: rust={c['rust']} datatrove={dt} text={c['text'][:150]!r}")
print(f"{n} cases, {bad} mismatches")
sys.exit(1 if bad else 0)
