#!/usr/bin/env python3
"""Side-by-side table (tokens/s, MFU, allocated GPU memory, ratios) of `curate gpu bench` and scripts/bench/torch_ref.py JSON lines.

    python3 scripts/bench/gpu_table.py results.jsonl [more.jsonl ...]
"""
import json
import sys

rows = []
for f in sys.argv[1:]:
    for line in open(f):
        line = line.strip()
        if line.startswith("{"):
            rows.append(json.loads(line))
by = {}
for r in rows:
    key = (r.get("preset"), r.get("impl"), r.get("gpus", 1), r.get("batch"), r.get("device", ""))
    by[key] = r
presets = sorted({r.get("preset") for r in rows}, key=lambda p: ["1m", "8m", "33m"].index(p) if p in ["1m", "8m", "33m"] else 9)
print("| model | params | implementation | GPUs | batch | step ms | tokens/s | MFU | GPU MiB | vs torch eager | vs torch.compile |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for p in presets:
    eager = next((r for k, r in by.items() if k[0] == p and k[1] == "torch-eager" and "error" not in r), None)
    comp = next((r for k, r in by.items() if k[0] == p and k[1] == "torch-compile" and "error" not in r), None)
    for k, r in sorted(by.items(), key=lambda kv: (str(kv[0][1]), kv[0][2])):
        if k[0] != p:
            continue
        if "error" in r:
            print(f"| {p} | | {k[1]} | | | | error: {r['error'][:80]} | | | | |")
            continue
        # allocated device memory: curate's buffers (all GPUs), torch's peak allocation
        mib = lambda r: f"{r.get('device_mib', r.get('peak_mib', 0)):,.0f}"
        ratio = lambda ref: f"{r['tokens_per_s'] / ref['tokens_per_s']:.2f}x" if ref else ""
        impl = r["impl"] + (f" ({r['device']})" if r["impl"] == "curate" and "device" in r else "")
        print(f"| {p} | {r['params']:,} | {impl} | {r.get('gpus', 1)} | {r['batch']} | {r['step_ms']:.1f} | "
              f"{r['tokens_per_s']:,.0f} | {100 * r['mfu']:.1f}% | {mib(r)} | {ratio(eager)} | {ratio(comp)} |")
