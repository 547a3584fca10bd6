# Sourced by the bench scripts: builds bench-data/corpus.jsonl with
# scripts/bench/make_corpus.py (seeded; rebuilt only when CORPUS_MB, SEED or the
# script change). Needs ROOT, OUT, CORPUS_MB, SEED, DATA; takes the python to run.
# Sets CORPUS.
ensure_corpus() {
    local py="$1"
    CORPUS="$OUT/corpus.jsonl"
    local stamp="$OUT/corpus.params"
    local params
    params="mb=$CORPUS_MB seed=$SEED $(sha1sum "$ROOT/scripts/bench/make_corpus.py" | cut -c1-12)"
    if [ ! -s "$CORPUS" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$params" ]; then
        "$py" "$ROOT/scripts/bench/make_corpus.py" "$CORPUS" --mb "$CORPUS_MB" --seed "$SEED" --data "$DATA"
        echo "$params" > "$stamp"
    else
        echo "reusing $CORPUS ($params)"
    fi
}
