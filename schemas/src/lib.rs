//! Arrow schemas of every table curate's stages exchange.
//!
//! This crate is the one place where a column name is defined. Every Parquet
//! file curate writes carries [`SCHEMA_VERSION`] under the key
//! [`SCHEMA_VERSION_KEY`] in its key-value metadata (and in the embedded
//! Arrow schema's metadata), together with the table name under
//! [`TABLE_KEY`].

use std::collections::HashMap;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};

/// Version of the table layouts below. Bump on any incompatible change.
pub const SCHEMA_VERSION: &str = "1";
/// Parquet / Arrow metadata key holding [`SCHEMA_VERSION`].
pub const SCHEMA_VERSION_KEY: &str = "curate.schema_version";
/// Parquet / Arrow metadata key holding the table name (see [`table`]).
pub const TABLE_KEY: &str = "curate.table";
/// Parquet / Arrow metadata key holding the stage that wrote the file.
pub const STAGE_KEY: &str = "curate.stage";
/// Arrow *field* metadata key: the Parquet encoding a writer should use for
/// the column (only [`DELTA`] so far).
pub const ENCODING_KEY: &str = "curate.parquet_encoding";
/// Value of [`ENCODING_KEY`]: DELTA_BINARY_PACKED, for integer columns that
/// rise slowly or repeat (ordinals, a constant band number, lengths).
pub const DELTA: &str = "delta";

/// `field` marked for delta encoding (see [`ENCODING_KEY`]).
pub fn delta(field: Field) -> Field {
    field.with_metadata(HashMap::from([(
        ENCODING_KEY.to_string(),
        DELTA.to_string(),
    )]))
}

/// Table names written under [`TABLE_KEY`].
pub mod table {
    pub const DOCUMENTS: &str = "documents";
    pub const REJECTED: &str = "rejected";
    pub const QUARANTINE: &str = "quarantine";
    /// `dedup_minhash` audit table: one row per removed near-duplicate.
    pub const DUPLICATES: &str = "duplicates";
    /// `dedup_minhash` work table (`_work/`): one row per (document, band).
    pub const MINHASH_BANDS: &str = "minhash_bands";
    /// `dedup_minhash` work table (`_work/`): one row per document.
    pub const MINHASH_DOCS: &str = "minhash_docs";
    /// `dedup_minhash` work table: the rows of buckets shared by two or
    /// more documents, per band, in datatrove's bucket order.
    pub const MINHASH_PAIRS: &str = "minhash_pairs";
    /// `dedup_minhash` work table: the documents a unit removes.
    pub const MINHASH_REMOVED: &str = "minhash_removed";
    /// `dedup_exact` work table: the normalized-text hash of every document.
    pub const EXACT_HASHES: &str = "exact_hashes";
    /// A work table of document ordinals (e.g. `dedup_exact`'s duplicates).
    pub const DOC_ORDS: &str = "doc_ords";
    /// `train_tokenizer` output: the vocabulary, one row per token.
    pub const VOCABULARY: &str = "vocabulary";
    /// `tokenize` output: the token shards manifest, one row per token file.
    pub const TOKEN_SHARDS: &str = "token_shards";
    /// `train_model` output: the training log, one row per evaluation.
    pub const TRAINING_LOG: &str = "training_log";
    /// `generate` output: synthetic documents with their prompts and checks.
    pub const SYNTHETIC: &str = "synthetic";
    /// Per-label held-out metrics of a `train_classifier` model.
    pub const CLASSIFIER_EVAL: &str = "classifier_eval";
    /// `train_regressor` output: its held-out rows with target and prediction.
    pub const REGRESSOR_HELDOUT: &str = "regressor_heldout";
    /// `evaluate` output: one row per (score, metric).
    pub const EVAL_METRICS: &str = "eval_metrics";
}

/// Column names. Nothing else in the workspace spells a column name.
pub mod col {
    // documents
    /// Stable document id: 128-bit xxh3 of (source, record index, text), hex.
    pub const DOC_ID: &str = "doc_id";
    pub const TEXT: &str = "text";
    /// Input file the document came from, as named in the workflow.
    pub const SOURCE: &str = "source";
    /// 1-based line (JSONL, text-per-line) or row (Parquet) or 0 (one doc per
    /// file); for WARC/WET the byte offset of the record (of its gzip member).
    pub const SOURCE_RECORD: &str = "source_record";
    pub const URL: &str = "url";

    // WARC / WET ingest (`format: warc`)
    /// `WARC-Date` of the record.
    pub const WARC_DATE: &str = "warc_date";
    /// `WARC-Record-ID` of the record.
    pub const WARC_RECORD_ID: &str = "warc_record_id";
    /// MIME type of the payload (HTTP `Content-Type` without parameters).
    pub const CONTENT_TYPE: &str = "content_type";
    /// Encoding the payload was decoded from (WHATWG name, e.g. `windows-1252`).
    pub const CHARSET: &str = "charset";

    // extract (HTML main text; the text column becomes the main text)
    /// Page title (`<title>`, else `og:title`, else the first `<h1>`).
    pub const TITLE: &str = "title";
    /// Language the page declares (`<html lang>`), as written.
    pub const HTML_LANG: &str = "html_lang";
    /// The HTML the text was extracted from (`keep_html: true`).
    pub const HTML: &str = "html";

    // heuristics scores
    pub const WORD_COUNT: &str = "word_count";
    pub const GOPHER_QUALITY_OK: &str = "gopher_quality_ok";
    pub const GOPHER_REPETITION_OK: &str = "gopher_repetition_ok";
    pub const C4_OK: &str = "c4_ok";
    pub const FINEWEB_OK: &str = "fineweb_ok";
    /// First failing heuristic rule, `<rule set>:<rule>`, NULL when all pass.
    pub const DROP_REASON: &str = "drop_reason";

    // pii (the text column is redacted in place)
    /// E-mail addresses replaced in the row's text.
    pub const PII_EMAIL: &str = "pii_email";
    /// IPv4/IPv6 addresses replaced.
    pub const PII_IP: &str = "pii_ip";
    /// Phone numbers replaced.
    pub const PII_PHONE: &str = "pii_phone";

    // model scores (fastText)
    /// Most likely language (ISO code, e.g. `en`) from `langid`.
    pub const LANG: &str = "lang";
    /// Its probability.
    pub const LANG_SCORE: &str = "lang_score";
    /// Expected educational score 0-5 from `edu_score`.
    pub const EDU_SCORE: &str = "edu_score";
    /// `edu_score` rounded, 0-5.
    pub const EDU_INT: &str = "edu_int";
    /// Probability of the toxic label, from `bias`.
    pub const TOXICITY: &str = "toxicity";
    /// Lexicon mentions per identity axis (a struct), from `bias`.
    pub const IDENTITY_MENTIONS: &str = "identity_mentions";
    /// Teacher-assigned educational score 0-5, from `annotate`.
    pub const EDU_LABEL: &str = "edu_label";
    /// The teacher's whole answer.
    pub const ANNOTATION: &str = "annotation";
    /// The teacher model.
    pub const ANNOTATOR: &str = "annotator";
    // classifier evaluation (train_classifier)
    pub const LABEL: &str = "label";
    pub const TRAIN_SUPPORT: &str = "train_support";
    pub const TEST_SUPPORT: &str = "test_support";
    pub const PRECISION: &str = "precision";
    pub const RECALL: &str = "recall";
    pub const F1: &str = "f1";
    /// Held-out rows of this label predicted as each label (confusion row).
    pub const PREDICTED: &str = "predicted";

    // regressor held-out rows (train_regressor; plus DOC_ID, SOURCE, SOURCE_RECORD)
    /// The training target of the row (its label after `label_offset`).
    pub const TARGET: &str = "target";
    /// The model's prediction for the row.
    pub const PREDICTION: &str = "prediction";

    // decontaminate (appended to the documents)
    /// The first evaluation set sharing a word n-gram with the document.
    pub const CONTAMINATED_BY: &str = "contaminated_by";
    /// That n-gram (normalized words).
    pub const CONTAMINATED_NGRAM: &str = "contaminated_ngram";

    // evaluation metrics (evaluate)
    /// Which score the row is about (a model input's stage name or a SQL
    /// expression), or `A - B` for a paired difference.
    pub const SCORE: &str = "score";
    /// Metric name: `spearman`, `kendall`, `roc_auc`, `pr_auc`, `accuracy`,
    /// `macro_f1`, `f1_at_threshold`, `n`, ...
    pub const METRIC: &str = "metric";
    pub const VALUE: &str = "value";
    /// Bootstrap 95% interval (percentile), for the headline metric.
    pub const CI_LOW: &str = "ci_low";
    pub const CI_HIGH: &str = "ci_high";

    // rejected rows (filter, dedup): the document columns plus
    /// Why the row left the main output (e.g. `filter: word_count >= 50`, `exact_duplicate`).
    pub const REJECTED_REASON: &str = "rejected_reason";
    /// Stage that rejected the row.
    pub const REJECTED_BY: &str = "rejected_by";

    // quarantine rows (ingest)
    pub const FILE: &str = "file";
    /// 1-based line or row number of the bad record in `file`.
    pub const LINE: &str = "line";
    pub const REASON: &str = "reason";
    /// The first bytes of the bad record, lossily decoded, for inspection.
    pub const EXCERPT: &str = "excerpt";

    // dedup_minhash: duplicates/ audit table (plus DOC_ID)
    /// Input ordinal (0-based, upstream shard order then row order) of the
    /// cluster's earliest document.
    pub const CLUSTER_ID: &str = "cluster_id";
    /// doc_id of the document kept for the cluster.
    pub const KEPT_DOC_ID: &str = "kept_doc_id";
    // dedup_minhash work tables (plus DOC_ID)
    /// Input ordinal of a document (0-based, upstream shard order then row order).
    pub const DOC_ORD: &str = "doc_ord";
    /// LSH band index, 0-based.
    pub const BAND: &str = "band";
    /// LSH band key: u64 hash of the band index and its MinHash values.
    pub const BAND_KEY: &str = "band_key";
    /// First MinHash value of the band: with `band_key` it orders bands as
    /// datatrove sorts its bucket files (`keep: datatrove`).
    pub const BAND_HEAD: &str = "band_head";
    /// Text length in characters.
    pub const TEXT_CHARS: &str = "text_chars";
    // dedup_exact work tables (plus DOC_ORD)
    /// High 64 bits of the 128-bit hash of the normalized text.
    pub const HASH_HI: &str = "hash_hi";
    /// Low 64 bits of the 128-bit hash of the normalized text.
    pub const HASH_LO: &str = "hash_lo";

    // vocabulary
    pub const TOKEN_ID: &str = "token_id";
    /// The token as the tokenizer stores it (byte-level BPE: GPT-2's byte-to-char map).
    pub const TOKEN: &str = "token";
    /// True for special tokens such as `<|endoftext|>`.
    pub const SPECIAL: &str = "special";

    // token shards manifest (plus FILE)
    /// `train` or `val`.
    pub const SPLIT: &str = "split";
    /// Input shard the token file was encoded from.
    pub const SOURCE_SHARD: &str = "source_shard";
    pub const DOCUMENTS: &str = "documents";
    /// Tokens in the file, end-of-text separators included.
    pub const TOKENS: &str = "tokens";
    /// Token width on disk: `uint16` or `uint32`.
    pub const DTYPE: &str = "dtype";

    // training log
    /// Optimizer steps completed.
    pub const STEP: &str = "step";
    pub const LR: &str = "lr";
    /// Mean training loss (nats/token) since the previous row.
    pub const TRAIN_LOSS: &str = "train_loss";
    /// Validation loss (nats/token) at this step.
    pub const VAL_LOSS: &str = "val_loss";
    pub const TOKENS_SEEN: &str = "tokens_seen";
    pub const TOKENS_PER_S: &str = "tokens_per_s";

    // synthetic records (plus DOC_ID, TEXT)
    /// The prompt sent to the teacher.
    pub const PROMPT: &str = "prompt";
    /// 0-based index of the prompt in the run (seeds its sampling).
    pub const PROMPT_INDEX: &str = "prompt_index";
    /// 0 for the first try of a prompt, 1.. for validation retries.
    pub const ATTEMPT: &str = "attempt";
    pub const VERB: &str = "verb";
    pub const NOUN: &str = "noun";
    pub const ADJECTIVE: &str = "adjective";
    /// Story features requested (list of names).
    pub const FEATURES: &str = "features";
    pub const MODEL: &str = "model";
    pub const FINISH_REASON: &str = "finish_reason";
    pub const PROMPT_TOKENS: &str = "prompt_tokens";
    pub const COMPLETION_TOKENS: &str = "completion_tokens";
    /// Latency of the answering request, ms (as journaled).
    pub const LATENCY_MS: &str = "latency_ms";
    pub const WORDS: &str = "words";
    /// Share of words outside the allowed vocabulary (names excluded).
    pub const OOV_SHARE: &str = "oov_share";
    /// Share of English function words.
    pub const ENGLISH_SHARE: &str = "english_share";
    /// First failed validation check; NULL when the story passed.
    pub const VALIDATION: &str = "validation";
}

fn with_meta(fields: Vec<Field>, table_name: &str) -> SchemaRef {
    Arc::new(Schema::new_with_metadata(fields, metadata(table_name)))
}

/// Metadata map written into every schema of the given table.
pub fn metadata(table_name: &str) -> HashMap<String, String> {
    HashMap::from([
        (SCHEMA_VERSION_KEY.to_string(), SCHEMA_VERSION.to_string()),
        (TABLE_KEY.to_string(), table_name.to_string()),
    ])
}

/// Re-stamp a schema (e.g. one DataFusion derived) with curate's metadata.
pub fn stamp(schema: &Schema, table_name: &str) -> SchemaRef {
    Arc::new(Schema::new_with_metadata(
        schema.fields().clone(),
        metadata(table_name),
    ))
}

/// The documents table that `ingest` writes and every text stage reads.
pub fn documents() -> SchemaRef {
    with_meta(document_fields(), table::DOCUMENTS)
}

fn document_fields() -> Vec<Field> {
    vec![
        Field::new(col::DOC_ID, DataType::Utf8, false),
        Field::new(col::TEXT, DataType::Utf8, false),
        Field::new(col::SOURCE, DataType::Utf8, false),
        Field::new(col::SOURCE_RECORD, DataType::UInt64, false),
        Field::new(col::URL, DataType::Utf8, true),
    ]
}

/// Columns `ingest` appends to the documents table for WARC/WET input.
pub fn warc_fields() -> Vec<Field> {
    vec![
        Field::new(col::WARC_DATE, DataType::Utf8, true),
        Field::new(col::WARC_RECORD_ID, DataType::Utf8, true),
        Field::new(col::CONTENT_TYPE, DataType::Utf8, true),
        Field::new(col::CHARSET, DataType::Utf8, true),
    ]
}

/// The struct `curate_extract` returns (and the columns `extract` writes:
/// `text` replaced, the others appended). All NULL for a NULL html.
pub fn extract_fields() -> Vec<Field> {
    vec![
        Field::new(col::TEXT, DataType::Utf8, true),
        Field::new(col::TITLE, DataType::Utf8, true),
        Field::new(col::HTML_LANG, DataType::Utf8, true),
    ]
}

/// Columns the `heuristics` stage appends to its input.
pub fn heuristics_fields() -> Vec<Field> {
    vec![
        Field::new(col::WORD_COUNT, DataType::UInt32, false),
        Field::new(col::GOPHER_QUALITY_OK, DataType::Boolean, false),
        Field::new(col::GOPHER_REPETITION_OK, DataType::Boolean, false),
        Field::new(col::C4_OK, DataType::Boolean, false),
        Field::new(col::FINEWEB_OK, DataType::Boolean, false),
        Field::new(col::DROP_REASON, DataType::Utf8, true),
    ]
}

/// Counts the `pii` stage appends to its input (its text column is redacted
/// in place).
pub fn pii_fields() -> Vec<Field> {
    vec![
        Field::new(col::PII_EMAIL, DataType::UInt32, false),
        Field::new(col::PII_IP, DataType::UInt32, false),
        Field::new(col::PII_PHONE, DataType::UInt32, false),
    ]
}

/// Columns `langid` appends.
pub fn langid_fields() -> Vec<Field> {
    vec![
        Field::new(col::LANG, DataType::Utf8, false),
        Field::new(col::LANG_SCORE, DataType::Float32, false),
    ]
}

/// Columns `edu_score` appends.
pub fn edu_fields() -> Vec<Field> {
    vec![
        Field::new(col::EDU_SCORE, DataType::Float32, false),
        Field::new(col::EDU_INT, DataType::UInt8, false),
    ]
}

/// The identity axes of `identity_mentions`, in order.
pub const IDENTITY_AXES: [&str; 7] = [
    "gender",
    "race_ethnicity",
    "religion",
    "nationality",
    "age",
    "disability",
    "sexual_orientation",
];

/// The `identity_mentions` struct: one count per axis.
pub fn identity_type() -> DataType {
    DataType::Struct(
        IDENTITY_AXES
            .iter()
            .map(|a| Field::new(*a, DataType::UInt32, false))
            .collect(),
    )
}

/// Columns `bias` appends.
pub fn bias_fields() -> Vec<Field> {
    vec![
        Field::new(col::TOXICITY, DataType::Float32, false),
        Field::new(col::IDENTITY_MENTIONS, identity_type(), false),
    ]
}

/// Columns `decontaminate` appends (NULL: no shared n-gram).
pub fn contamination_fields() -> Vec<Field> {
    vec![
        Field::new(col::CONTAMINATED_BY, DataType::Utf8, true),
        Field::new(col::CONTAMINATED_NGRAM, DataType::Utf8, true),
    ]
}

/// Columns `annotate` appends.
pub fn annotation_fields() -> Vec<Field> {
    vec![
        Field::new(col::EDU_LABEL, DataType::UInt8, true),
        Field::new(col::ANNOTATION, DataType::Utf8, false),
        Field::new(col::ANNOTATOR, DataType::Utf8, false),
    ]
}

/// Per-label held-out metrics of a `train_classifier` model.
pub fn classifier_eval() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::LABEL, DataType::Utf8, false),
            Field::new(col::TRAIN_SUPPORT, DataType::UInt64, false),
            Field::new(col::TEST_SUPPORT, DataType::UInt64, false),
            Field::new(col::PRECISION, DataType::Float64, false),
            Field::new(col::RECALL, DataType::Float64, false),
            Field::new(col::F1, DataType::Float64, false),
            Field::new(
                col::PREDICTED,
                DataType::List(Arc::new(Field::new("item", DataType::UInt64, true))),
                false,
            ),
        ],
        table::CLASSIFIER_EVAL,
    )
}

/// Held-out rows of a `train_regressor` model.
pub fn regressor_heldout() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::DOC_ID, DataType::Utf8, true),
            Field::new(col::SOURCE, DataType::Utf8, true),
            Field::new(col::SOURCE_RECORD, DataType::UInt64, true),
            Field::new(col::TARGET, DataType::Float64, false),
            Field::new(col::PREDICTION, DataType::Float64, false),
        ],
        table::REGRESSOR_HELDOUT,
    )
}

/// `evaluate`'s metrics table.
pub fn eval_metrics() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::SCORE, DataType::Utf8, false),
            Field::new(col::METRIC, DataType::Utf8, false),
            Field::new(col::VALUE, DataType::Float64, true),
            Field::new(col::CI_LOW, DataType::Float64, true),
            Field::new(col::CI_HIGH, DataType::Float64, true),
        ],
        table::EVAL_METRICS,
    )
}

/// Columns appended to a stage's input schema in its `rejected/` output.
pub fn rejected_fields() -> Vec<Field> {
    vec![
        Field::new(col::REJECTED_REASON, DataType::Utf8, false),
        Field::new(col::REJECTED_BY, DataType::Utf8, false),
    ]
}

/// Rejected table for a stage whose kept rows have schema `input`.
pub fn rejected(input: &Schema) -> SchemaRef {
    let mut fields: Vec<Field> = input.fields().iter().map(|f| f.as_ref().clone()).collect();
    fields.extend(rejected_fields());
    with_meta(fields, table::REJECTED)
}

/// Input records that could not be read (bad UTF-8, malformed JSON, corrupt
/// compression, over-long records), kept instead of crashing the run.
pub fn quarantine() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::FILE, DataType::Utf8, false),
            Field::new(col::LINE, DataType::UInt64, false),
            Field::new(col::REASON, DataType::Utf8, false),
            Field::new(col::EXCERPT, DataType::Utf8, false),
        ],
        table::QUARANTINE,
    )
}

/// `dedup_minhash`'s `duplicates/` table: every removed near-duplicate,
/// its cluster and the document kept for it.
pub fn duplicates() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::DOC_ID, DataType::Utf8, false),
            Field::new(col::CLUSTER_ID, DataType::UInt64, false),
            Field::new(col::KEPT_DOC_ID, DataType::Utf8, false),
        ],
        table::DUPLICATES,
    )
}

/// `dedup_minhash` work table: the LSH band keys of every document.
pub fn minhash_bands() -> SchemaRef {
    with_meta(
        vec![
            delta(Field::new(col::DOC_ORD, DataType::UInt64, false)),
            delta(Field::new(col::BAND, DataType::UInt32, false)),
            Field::new(col::BAND_KEY, DataType::UInt64, false),
            Field::new(col::BAND_HEAD, DataType::UInt64, false),
        ],
        table::MINHASH_BANDS,
    )
}

/// `dedup_minhash` work table: what picks the kept document of a cluster.
pub fn minhash_docs() -> SchemaRef {
    with_meta(
        vec![
            delta(Field::new(col::DOC_ORD, DataType::UInt64, false)),
            delta(Field::new(col::TEXT_CHARS, DataType::UInt64, false)),
            Field::new(col::DOC_ID, DataType::Utf8, false),
        ],
        table::MINHASH_DOCS,
    )
}

/// `dedup_minhash` work table: rows of shared buckets of one band.
pub fn minhash_pairs() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::BAND_HEAD, DataType::UInt64, false),
            Field::new(col::BAND_KEY, DataType::UInt64, false),
            Field::new(col::DOC_ORD, DataType::UInt64, false),
        ],
        table::MINHASH_PAIRS,
    )
}

/// `dedup_minhash` work table: documents removed from one input shard, in
/// input order, with their cluster and kept document.
pub fn minhash_removed() -> SchemaRef {
    with_meta(
        vec![
            delta(Field::new(col::DOC_ORD, DataType::UInt64, false)),
            Field::new(col::CLUSTER_ID, DataType::UInt64, false),
            Field::new(col::KEPT_DOC_ID, DataType::Utf8, false),
        ],
        table::MINHASH_REMOVED,
    )
}

/// `dedup_exact` work table: one row per document, sorted by hash.
pub fn exact_hashes() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::HASH_HI, DataType::UInt64, false),
            Field::new(col::HASH_LO, DataType::UInt64, false),
            Field::new(col::DOC_ORD, DataType::UInt64, false),
        ],
        table::EXACT_HASHES,
    )
}

/// A work table of document ordinals, ascending.
pub fn doc_ords() -> SchemaRef {
    with_meta(
        vec![delta(Field::new(col::DOC_ORD, DataType::UInt64, false))],
        table::DOC_ORDS,
    )
}

/// `train_tokenizer`'s table: the vocabulary (the tokenizer itself is
/// `tokenizer.json` beside it).
pub fn vocabulary() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::TOKEN_ID, DataType::UInt32, false),
            Field::new(col::TOKEN, DataType::Utf8, false),
            Field::new(col::SPECIAL, DataType::Boolean, false),
        ],
        table::VOCABULARY,
    )
}

/// `tokenize`'s table: one row per llm.c-format token file it wrote.
pub fn token_shards() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::FILE, DataType::Utf8, false),
            Field::new(col::SPLIT, DataType::Utf8, false),
            Field::new(col::SOURCE_SHARD, DataType::Utf8, false),
            Field::new(col::DOCUMENTS, DataType::UInt64, false),
            Field::new(col::TOKENS, DataType::UInt64, false),
            Field::new(col::DTYPE, DataType::Utf8, false),
        ],
        table::TOKEN_SHARDS,
    )
}

/// `train_model`'s table: the loss curve.
pub fn training_log() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::STEP, DataType::UInt64, false),
            Field::new(col::LR, DataType::Float64, false),
            Field::new(col::TRAIN_LOSS, DataType::Float64, false),
            Field::new(col::VAL_LOSS, DataType::Float64, true),
            Field::new(col::TOKENS_SEEN, DataType::UInt64, false),
            Field::new(col::TOKENS_PER_S, DataType::Float64, false),
        ],
        table::TRAINING_LOG,
    )
}

/// `generate`'s table: one row per teacher answer.
pub fn synthetic() -> SchemaRef {
    with_meta(
        vec![
            Field::new(col::DOC_ID, DataType::Utf8, false),
            Field::new(col::TEXT, DataType::Utf8, false),
            Field::new(col::PROMPT, DataType::Utf8, false),
            Field::new(col::PROMPT_INDEX, DataType::UInt64, false),
            Field::new(col::ATTEMPT, DataType::UInt32, false),
            Field::new(col::VERB, DataType::Utf8, false),
            Field::new(col::NOUN, DataType::Utf8, false),
            Field::new(col::ADJECTIVE, DataType::Utf8, false),
            Field::new(
                col::FEATURES,
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
                false,
            ),
            Field::new(col::MODEL, DataType::Utf8, false),
            Field::new(col::FINISH_REASON, DataType::Utf8, false),
            Field::new(col::PROMPT_TOKENS, DataType::UInt64, false),
            Field::new(col::COMPLETION_TOKENS, DataType::UInt64, false),
            Field::new(col::LATENCY_MS, DataType::Float64, false),
            Field::new(col::WORDS, DataType::UInt64, false),
            Field::new(col::OOV_SHARE, DataType::Float64, false),
            Field::new(col::ENGLISH_SHARE, DataType::Float64, false),
            Field::new(col::VALIDATION, DataType::Utf8, true),
        ],
        table::SYNTHETIC,
    )
}

/// The `curate.table` name a schema carries, if any.
pub fn table_of(schema: &Schema) -> Option<&str> {
    schema.metadata().get(TABLE_KEY).map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_schema_is_versioned() {
        let s = documents();
        assert_eq!(s.metadata()[SCHEMA_VERSION_KEY], SCHEMA_VERSION);
        assert_eq!(s.metadata()[TABLE_KEY], table::DOCUMENTS);
        assert!(s.field_with_name(col::TEXT).is_ok());
    }

    #[test]
    fn rejected_extends_input() {
        let r = rejected(&documents());
        assert_eq!(r.fields().len(), documents().fields().len() + 2);
        assert_eq!(r.metadata()[TABLE_KEY], table::REJECTED);
    }
}
