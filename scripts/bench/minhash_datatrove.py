#!/usr/bin/env python3
"""datatrove's 4-step MinHash dedup (FineWeb settings: 5-grams, 14 buckets x 8
hashes) on one JSONL file, single process, one task per step (the bucket step
needs one task per bucket: 14, run one after the other).

usage: minhash_datatrove.py CORPUS_DIR WORK_DIR
writes WORK_DIR/result.json: removed ids, clustered ids (docs in a cluster of
size > 1), seconds per step.
"""
import json
import os
import sys
import time

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup.minhash import (
    MinhashConfig,
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
    MinhashDedupSignature,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter


def main():
    corpus, work = sys.argv[1], sys.argv[2]
    cfg = MinhashConfig()  # 5-grams, 14 x 8, 64-bit hashes, seed 1
    s = f"{work}/dt"
    logs = f"{work}/dt_logs"
    timings = {}

    def run(name, pipeline, tasks=1):
        t = time.time()
        LocalPipelineExecutor(
            pipeline=pipeline, tasks=tasks, workers=1, logging_dir=f"{logs}/{name}"
        ).run()
        timings[name] = time.time() - t

    run("signatures", [JsonlReader(corpus), MinhashDedupSignature(output_folder=f"{s}/sigs", config=cfg)])
    run("buckets", [MinhashDedupBuckets(input_folder=f"{s}/sigs", output_folder=f"{s}/buckets", config=cfg)],
        tasks=cfg.num_buckets)
    run("cluster", [MinhashDedupCluster(input_folder=f"{s}/buckets", output_folder=f"{s}/remove_ids",
                                        config=cfg, save_cluster_id=True)])
    run("filter", [
        JsonlReader(corpus),
        MinhashDedupFilter(input_folder=f"{s}/remove_ids", load_cluster_ids=True,
                           exclusion_writer=JsonlWriter(f"{s}/removed", compression=None)),
        JsonlWriter(f"{s}/kept", compression=None),
    ])
    removed, clustered = [], []
    for sub, out in (("removed", removed), ("kept", None)):
        d = f"{s}/{sub}"
        for fn in sorted(os.listdir(d)):
            with open(os.path.join(d, fn)) as f:
                for line in f:
                    r = json.loads(line)
                    if out is not None:
                        out.append(r["id"])
                    if r.get("metadata", {}).get("minhash_cluster_id", -1) != -1:
                        clustered.append(r["id"])
    with open(f"{work}/result.json", "w") as f:
        json.dump({"removed": removed, "clustered": clustered, "seconds": timings}, f)
    print(f"datatrove: {len(removed)} removed, {len(clustered)} docs in clusters, {timings}")


if __name__ == "__main__":
    main()
