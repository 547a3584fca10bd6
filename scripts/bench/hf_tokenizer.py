#!/usr/bin/env python3
"""The Hugging Face `tokenizers` (Python) side of scripts/bench_tokenizer.sh.

    python hf_tokenizer.py SHARDS_GLOB VOCAB CURATE_TOKENIZER_JSON OUT.json

Reads the `text` column of the same Parquet shards curate trained on (the output of
curate's ingest stage, so both see identical texts in identical order), trains the
same pipeline curate builds (ByteLevel pre-tokenizer without prefix space, BPE over the
256 byte symbols, min_frequency 2, `<|endoftext|>` as id 0), then batch-encodes every
text. Reports wall time of both (this process runs on the thread count that
RAYON_NUM_THREADS / RAYON_RS_NUM_THREADS allow), bytes per token of its own tokenizer
and of curate's tokenizer.json, and whether the two tokenizers encode identically.
"""
import glob
import json
import sys
import time

import pyarrow.parquet as pq
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

shards, vocab, curate_json, out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
files = sorted(glob.glob(shards))
texts = []
for f in files:
    texts.extend(pq.read_table(f, columns=["text"]).column("text").to_pylist())
nbytes = sum(len(t.encode("utf-8")) for t in texts)

tok = Tokenizer(models.BPE())
tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
tok.decoder = decoders.ByteLevel()
trainer = trainers.BpeTrainer(
    vocab_size=vocab,
    min_frequency=2,
    show_progress=False,
    special_tokens=["<|endoftext|>"],
    initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
)
t0 = time.perf_counter()
tok.train_from_iterator(texts, trainer=trainer)
train_s = time.perf_counter() - t0

t0 = time.perf_counter()
enc = tok.encode_batch_fast(texts) if hasattr(tok, "encode_batch_fast") else tok.encode_batch(texts)
encode_s = time.perf_counter() - t0
hf_tokens = sum(len(e.ids) for e in enc)

ours = Tokenizer.from_file(curate_json)
enc2 = ours.encode_batch(texts)
ours_tokens = sum(len(e.ids) for e in enc2)
same_vocab = ours.get_vocab() == tok.get_vocab()
sample = texts[: min(2000, len(texts))]
same_ids = all(a.ids == b.ids for a, b in zip(ours.encode_batch(sample), tok.encode_batch(sample)))

json.dump(
    {
        "docs": len(texts),
        "bytes": nbytes,
        "hf_train_s": train_s,
        "hf_encode_s": encode_s,
        "hf_tokens": hf_tokens,
        "hf_bytes_per_token": nbytes / hf_tokens,
        "curate_tokens_by_hf": ours_tokens,
        "curate_bytes_per_token": nbytes / ours_tokens,
        "same_vocab": same_vocab,
        "same_ids_first_2000_docs": same_ids,
    },
    open(out, "w"),
    indent=1,
)
