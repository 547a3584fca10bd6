#!/usr/bin/env python3
"""Load a curate `train_model` checkpoint with transformers' LlamaForCausalLM and compare
its logits with curate's own (from `curate logits`).

    curate logits --model out/tinystories_model/gpt/model "Once upon a time" > ours.json
    python3 scripts/check_hf_logits.py out/tinystories_model/gpt/model ours.json

Needs torch and transformers (the GPU machine has both; CPU is enough). Exits 1 when the
maximum relative error (max |a-b| / max |b|) exceeds 1e-4.
"""
import json
import sys

import torch
from transformers import LlamaForCausalLM, PreTrainedTokenizerFast

model_dir, ours_file = sys.argv[1], sys.argv[2]
ours = json.load(open(ours_file))
model = LlamaForCausalLM.from_pretrained(model_dir, torch_dtype=torch.float32).eval()
tok = PreTrainedTokenizerFast(tokenizer_file=f"{model_dir}/tokenizer.json")
ids = ours["ids"]
assert tok(tok.decode(ids), add_special_tokens=False)["input_ids"] == ids, "tokenizer ids differ"
with torch.no_grad():
    logits = model(torch.tensor([ids])).logits[0].double()
mine = torch.tensor(ours["logits"], dtype=torch.float64)
abs_err = (logits - mine).abs().max().item()
rel = abs_err / logits.abs().max().item()
res = {
    "tokens": len(ids),
    "max_abs_err": abs_err,
    "max_rel_err": rel,
    "argmax_agree": float((logits.argmax(-1) == mine.argmax(-1)).double().mean()),
    "transformers_params": sum(p.numel() for p in model.parameters()),
}
print(json.dumps(res))
sys.exit(0 if rel <= 1e-4 else 1)
