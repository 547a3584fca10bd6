#!/usr/bin/env python3
"""The saturating-load side of scripts/bench_teacher.sh.

  load:      send the prompts a curate `generate` run sent (read back from its
             output Parquet), same request bodies, from C threads with keep-alive
             connections, as fast as the server answers; prints one JSON line.
  summarize: requests, token counts and CPU of one curate run.
  row / mean-prompt / report: the tables of scripts/bench_teacher.sh.
  batched:   parse llama-batched-bench's table into JSON lines.
"""
import argparse
import glob
import http.client
import json
import os
import sys
import threading
import time

import pyarrow.parquet as pq


def rows(stage):
    out = []
    for d in (stage, os.path.join(stage, "rejected")):
        for f in sorted(glob.glob(os.path.join(d, "*.parquet"))):
            t = pq.read_table(f, columns=["prompt", "prompt_index", "attempt", "prompt_tokens", "completion_tokens"])
            out.extend(t.to_pylist())
    out.sort(key=lambda r: (r["prompt_index"], r["attempt"]))
    return out


def summarize(a):
    rs = rows(a.stage)
    user, system, rss_kb = a.time.split()
    print(json.dumps({
        "requests": len(rs),
        "seconds": a.t1 - a.t0,
        "prompt_tokens": sum(r["prompt_tokens"] for r in rs),
        "completion_tokens": sum(r["completion_tokens"] for r in rs),
        "cpu_s": float(user) + float(system),
        "rss_mb": int(rss_kb) / 1024,
    }))


def totals(runs):
    n = sum(r["requests"] for r in runs)
    s = sum(r["seconds"] for r in runs)
    return {"rps": n / s, "tps": sum(r["completion_tokens"] for r in runs) / s,
            "cpu_ms": 1000 * sum(r["cpu_s"] for r in runs) / n, "n": n,
            "runs_rps": [r["requests"] / r["seconds"] for r in runs],
            "rss_mb": max(r.get("rss_mb", 0) for r in runs),
            "prompt_tokens": sum(r["prompt_tokens"] for r in runs) / n}


def levels(path):
    return [json.loads(l) for l in open(path) if l.strip()]


def row(a):
    r = levels(a.results)[-1]
    c, l = totals(r["curate"]), totals(r["load"])
    print(f"C={r['c']}: curate {c['rps']:.2f} req/s (runs {', '.join(f'{x:.2f}' for x in c['runs_rps'])}), "
          f"load {l['rps']:.2f} req/s (runs {', '.join(f'{x:.2f}' for x in l['runs_rps'])}): {c['rps'] / l['rps']:.3f}x")


def mean_prompt(a):
    rs = levels(a.results)
    print(round(sum(totals(r["curate"])["prompt_tokens"] for r in rs) / len(rs)))


def report(a):
    rs = levels(os.path.join(a.out, "results.jsonl"))
    bb = {r["batch"]: r for r in map(json.loads, open(os.path.join(a.out, "batched.jsonl")))}
    print("# Teacher throughput: curate `generate` vs the server's ceiling\n")
    print(f"SmolLM2-135M-Instruct Q4_1 on llama.cpp's llama-server (64 slots, continuous batching, "
          f"{a.threads} threads); {a.gen} completion tokens per request (`ignore_eos`); client and server "
          f"share the cores. curate binary: {a.curate_bin}. Per level: curate, load, load, curate; rates are "
          f"answers / seconds over both runs of a side; curate's seconds are its whole process (start, "
          f"DataFusion session, validation, journal, Parquet written).\n")
    print("| C | prompts/run | curate req/s | curate tok/s | load req/s | load tok/s | curate/load | "
          "batched-bench req/s | curate/batched | curate CPU ms/req | load CPU ms/req | curate peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rs:
        c, l = totals(r["curate"]), totals(r["load"])
        b = bb.get(r["c"])
        bcol = f"{b['requests_per_s']:.2f} | {c['rps'] / b['requests_per_s']:.2f}x" if b else "- | -"
        print(f"| {r['c']} | {c['n'] // 2} | {c['rps']:.2f} | {c['tps']:.0f} | {l['rps']:.2f} | {l['tps']:.0f} | "
              f"{c['rps'] / l['rps']:.2f}x | {bcol} | {c['cpu_ms']:.1f} | {l['cpu_ms']:.1f} | {c['rss_mb']:.0f} |")


def load(a):
    rs = rows(a.stage)
    extra = json.loads(a.extra_body)
    bodies = []
    for r in rs:
        msgs = []
        if a.system:
            msgs.append({"role": "system", "content": a.system})
        msgs.append({"role": "user", "content": r["prompt"]})
        b = {"model": a.model, "messages": msgs, "max_tokens": a.max_tokens,
             "temperature": a.temperature, "seed": r["prompt_index"] * 16 + r["attempt"]}
        b.update(extra)
        bodies.append(json.dumps(b).encode())
    lock = threading.Lock()
    state = {"next": 0, "prompt": 0, "completion": 0, "errors": 0}

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=600)
        while True:
            with lock:
                i = state["next"]
                state["next"] += 1
            if i >= len(bodies):
                conn.close()
                return
            try:
                conn.request("POST", "/v1/chat/completions", bodies[i], {"Content-Type": "application/json"})
                resp = conn.getresponse()
                data = resp.read()
                u = json.loads(data)["usage"] if resp.status == 200 else None
            except Exception:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=600)
                u = None
            with lock:
                if u is None:
                    state["errors"] += 1
                else:
                    state["prompt"] += u["prompt_tokens"]
                    state["completion"] += u["completion_tokens"]

    t0 = time.perf_counter()
    cpu0 = time.process_time()
    ts = [threading.Thread(target=worker) for _ in range(a.concurrency)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    secs = time.perf_counter() - t0
    cpu = time.process_time() - cpu0
    print(json.dumps({"requests": len(bodies), "seconds": secs, "prompt_tokens": state["prompt"],
                      "completion_tokens": state["completion"], "errors": state["errors"], "cpu_s": cpu}))


def batched(a):
    # | PP | TG | B | N_KV | T_PP s | S_PP t/s | T_TG s | S_TG t/s | T s | S t/s |
    for line in open(a.log):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 10 and cells[0].isdigit():
            pp, tg, b = int(cells[0]), int(cells[1]), int(cells[2])
            t = float(cells[8])
            print(json.dumps({"pp": pp, "tg": tg, "batch": b, "seconds": t,
                              "requests_per_s": b / t, "completion_tokens_per_s": b * tg / t}))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("summarize")
    s.add_argument("stage")
    s.add_argument("--t0", type=float, required=True)
    s.add_argument("--t1", type=float, required=True)
    s.add_argument("--time", required=True, help="GNU time's '%%U %%S %%M'")
    s.set_defaults(f=summarize)
    for name, f in [("row", row), ("mean-prompt", mean_prompt)]:
        x = sub.add_parser(name)
        x.add_argument("results")
        x.set_defaults(f=f)
    x = sub.add_parser("report")
    x.add_argument("out")
    x.add_argument("--gen", required=True)
    x.add_argument("--threads", required=True)
    x.add_argument("--curate-bin", required=True)
    x.set_defaults(f=report)
    l = sub.add_parser("load")
    l.add_argument("stage")
    l.add_argument("--port", type=int, required=True)
    l.add_argument("--concurrency", type=int, required=True)
    l.add_argument("--model", default="teacher")
    l.add_argument("--system", default="")
    l.add_argument("--max-tokens", type=int, required=True)
    l.add_argument("--temperature", type=float, default=0.8)
    l.add_argument("--extra-body", default="{}")
    l.set_defaults(f=load)
    b = sub.add_parser("batched")
    b.add_argument("log")
    b.set_defaults(f=batched)
    a = ap.parse_args()
    a.f(a)


if __name__ == "__main__":
    sys.exit(main())
