//! `dedup_minhash`: near-duplicate removal with MinHash LSH (see
//! `curate_filters::minhash` for normalization, shingles, hashing and the
//! S-curve of the band settings), in four phases that hand off through
//! `_work/` the way datatrove's MinHash steps do (signatures, buckets,
//! cluster, filter), each reading every row a bounded number of times:
//!
//! 1. **signatures**, one unit per input shard: the shard's band keys
//!    (`curate_minhash_signature`, then the hasher's band keys), per band
//!    sorted by key into `bands/BBB/`, row groups cut at key-range
//!    boundaries; and `docs/` (ordinal, text length, doc_id) in input order.
//! 2. **buckets**, one unit per (band, key range of ~256k rows): a query
//!    over the range's rows of every shard (other ranges skipped by
//!    row-group statistics), sorted by key; the rows of buckets holding two
//!    or more documents go to `pairs/` in (key, ordinal) order (with
//!    `--engine ballista`, written by an executor).
//! 3. **cluster**, one task (a union-find needs every pair): per band, the
//!    pairs (in that order for `keep: datatrove`, whose kept document
//!    depends on it; as written otherwise); consecutive members of a bucket are united
//!    (union by size over the documents that appear in a pair, found through
//!    a bitmap of n bits); then scans of `docs/` pick the kept document of
//!    each cluster (`keep: longest`: the longest texts, then the doc_ids of
//!    tied clusters only) and read the kept documents' doc_ids; the other
//!    members, in ordinal order (the bitmap's), go to `remove/` files, one
//!    per input shard. No sort: the phase holds the bitmap, the union-find
//!    (12 bytes per member, then 4), and per cluster its first and kept
//!    member, the kept doc_id and an 8-byte locator.
//! 4. **filter**, one unit per input shard: its `remove/` file says which
//!    rows go to `rejected/` (`near_duplicate`) and to `duplicates/`
//!    (doc_id, cluster_id, kept_doc_id).
//!
//! **Kept document** of a cluster: the longest text (in characters), then
//! the lowest `doc_id` (byte order), then the earliest in input order
//! (`keep: first`: the earliest; `keep: datatrove`: the root of datatrove's
//! union-find). `cluster_id` is the ordinal of the cluster's earliest
//! document. With `memory_limit`, the sorts of phase 2 run in a spilling
//! memory pool of that size, and phase 3's one sort (the pairs in
//! datatrove's order, `keep: datatrove` only) in what its member bitmap
//! (n bits) and union-find (12 bytes per member) leave of it, at least half
//! of it (and 4 MiB). Candidates are not verified against
//! their exact Jaccard similarity (as in datatrove/FineWeb): the band
//! settings decide.

use std::sync::Arc;

use anyhow::{anyhow, bail, Context, Result};
use curate_filters::minhash::{MinHashConfig, MinHasher, Scheme};
use curate_filters::udf::MinHashUdf;
use curate_schemas::{self as schemas, col};
use datafusion::arrow::array::{
    Array, ArrayBuilder, ArrayRef, ListArray, StringArray, StringBuilder, UInt32Array, UInt64Array,
    UInt64Builder,
};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, SchemaRef};
use datafusion::arrow::record_batch::RecordBatch;
use futures::StreamExt;
use serde::Deserialize;

use super::global::{self, key_range, Ordinals};
use super::{ident, shard_units};
use crate::functions::Functions;
use crate::stage::{
    params, perr, InputKind, ParamError, Phase, QueryOutput, Stage, StageCx, StageKind, Unit,
};
use crate::storage::Loc;

pub struct DedupMinhash;

pub const REASON: &str = "near_duplicate";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "super::default_text_column")]
    text_column: String,
    /// Words per shingle (5).
    #[serde(default = "default_ngram")]
    ngram: usize,
    /// Total hash functions; must equal `bands * rows` when all are given.
    num_hashes: Option<usize>,
    /// LSH bands (14).
    #[serde(default = "default_bands")]
    bands: usize,
    /// Values per band (8, or `num_hashes / bands`).
    rows: Option<usize>,
    /// Seed of the hash functions (1).
    seed: Option<u64>,
    /// Shingling scheme: `datatrove` (default; FineWeb's, signature for
    /// signature) or `fast`.
    #[serde(default)]
    scheme: SchemeParam,
    /// Memory for the candidate query (bytes or "64MB"); unlimited if absent.
    memory_limit: Option<serde_json::Value>,
    /// Rows per key range of the grouping phase (default 2^18 band rows for
    /// `dedup_minhash`, 2^19 documents for `dedup_exact`, at most 64 ranges):
    /// smaller ranges, more units and files, less memory per unit.
    partition_rows: Option<u64>,
    /// Which member of a cluster is kept: `longest` (default: longest text,
    /// then lowest doc_id), `first` (earliest in input order) or `datatrove`
    /// (the root of datatrove's union-find, to reproduce its removed set).
    #[serde(default)]
    keep: Keep,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Keep {
    #[default]
    Longest,
    First,
    Datatrove,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
enum SchemeParam {
    #[default]
    Datatrove,
    Fast,
}

fn default_ngram() -> usize {
    5
}
fn default_bands() -> usize {
    14
}

/// This kind's code revision, part of the resume fingerprint: bump it
/// when the output for the same parameters and inputs changes.
pub const REVISION: u32 = 3;

impl StageKind for DedupMinhash {
    fn revision(&self) -> u32 {
        REVISION
    }
    fn name(&self) -> &'static str {
        "dedup_minhash"
    }
    fn remote_work(&self) -> Option<&'static str> {
        Some("the signature query of each shard (phase 1), the bucket query of each band range (phase 2; executors write its pairs' work file) and, for `keep: datatrove`, the sort of candidate pairs (phase 3), and each shard's filter query (phase 4; executors write its shard); the union-find runs here")
    }
    fn summary(&self) -> &'static str {
        "drop near duplicates (MinHash LSH over word 5-grams), keeping the longest per cluster"
    }
    fn inputs(&self) -> InputKind {
        InputKind::Stages { min: 1, max: None }
    }
    /// 2: the default `scheme` became `datatrove`; 3: phased (work files
    /// partitioned by key range; `duplicates/` listed in the manifest).
    fn build(&self, v: &serde_json::Value) -> Result<Box<dyn Stage>, ParamError> {
        let p: Params = params(v)?;
        if p.partition_rows == Some(0) {
            return Err(perr("partition_rows", "must be at least 1"));
        }
        if p.ngram == 0 {
            return Err(perr("ngram", "must be at least 1"));
        }
        if p.bands == 0 {
            return Err(perr("bands", "must be at least 1"));
        }
        let rows = match (p.rows, p.num_hashes) {
            (Some(r), _) => r,
            (None, Some(n)) => n / p.bands,
            (None, None) => 8,
        };
        if rows == 0 {
            return Err(perr("rows", "must be at least 1"));
        }
        if let Some(n) = p.num_hashes {
            if n != p.bands * rows {
                return Err(perr(
                    "num_hashes",
                    format!(
                        "must equal bands * rows ({n} != {} * {rows}); set bands and rows instead",
                        p.bands
                    ),
                ));
            }
        }
        let memory_limit = global::memory_limit(p.memory_limit.as_ref())?;
        let cfg = MinHashConfig {
            ngram: p.ngram,
            bands: p.bands,
            rows,
            seed: p.seed.unwrap_or(MinHashConfig::default().seed),
            scheme: match p.scheme {
                SchemeParam::Datatrove => Scheme::Datatrove,
                SchemeParam::Fast => Scheme::Fast,
            },
        };
        Ok(Box::new(MinhashStage {
            p,
            hasher: MinHasher::new(cfg.clone()),
            cfg,
            memory_limit,
        }))
    }
}

struct MinhashStage {
    p: Params,
    cfg: MinHashConfig,
    hasher: MinHasher,
    memory_limit: Option<u64>,
}

const PHASES: [Phase; 4] = [
    Phase::parallel(
        "signatures",
        "one unit per input shard: band keys sorted by key",
    ),
    Phase::parallel(
        "buckets",
        "one unit per (band, key range of ~256k rows): shared buckets",
    ),
    Phase::single(
        "cluster",
        "union-find over every candidate pair; kept document per cluster",
    ),
    Phase::parallel(
        "filter",
        "one unit per input shard: near duplicates -> rejected/, duplicates/",
    ),
];

/// Heap in use and mapped, MB (debug log of the cluster phase).
fn heap_mb() -> String {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallinfo2 only reads the allocator's counters.
        let m = unsafe { libc::mallinfo2() };
        format!(
            "heap {} MB in use of {} MB, mapped {} MB",
            m.uordblks >> 20,
            m.arena >> 20,
            m.hblkhd >> 20
        )
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    String::new()
}

/// Band rows per key range of the `buckets` phase.
const SLICE_ROWS: u64 = 1 << 18;
const STATS: &str = "_stats.json";
/// The smallest pool the cluster phase's sorts get under `memory_limit`.
const CLUSTER_MIN_MEMORY: u64 = 4 << 20;
const DUPLICATES: &str = "duplicates";

/// Union-find over dense indices (union by size, path halving), with the
/// lowest index of each set.
struct Dsu {
    parent: Vec<u32>,
    size: Vec<u32>,
    min: Vec<u32>,
}

impl Dsu {
    fn new(n: usize) -> Self {
        Dsu {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
            min: (0..n as u32).collect(),
        }
    }
    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }
    /// Heap bytes held.
    fn bytes(&self) -> u64 {
        (self.parent.capacity() + self.size.capacity() + self.min.capacity()) as u64 * 4
    }
    /// Unite; `a`'s root wins ties (datatrove's rule). True if they were apart.
    fn union(&mut self, a: u32, b: u32) -> bool {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
        self.min[a as usize] = self.min[a as usize].min(self.min[b as usize]);
        true
    }
}

/// The clusters of a finished union-find, compact: each member's cluster
/// number (clusters numbered in the member order of their roots), and per
/// cluster its lowest member and its root.
struct Clusters {
    of: Vec<u32>,
    first: Vec<u32>,
    root: Vec<u32>,
}

impl Dsu {
    /// The union-find's 12 bytes per member become 4 (plus 8 per cluster).
    /// The roots are kept only `with_root` (`keep: datatrove`).
    fn into_clusters(mut self, with_root: bool) -> Clusters {
        for x in 0..self.parent.len() as u32 {
            let r = self.find(x);
            self.parent[x as usize] = r;
        }
        let (mut first, mut root) = (vec![], vec![]);
        for x in 0..self.parent.len() {
            if self.parent[x] == x as u32 {
                self.size[x] = first.len() as u32;
                first.push(self.min[x]);
                if with_root {
                    root.push(x as u32);
                }
            }
        }
        let Dsu {
            parent: mut of,
            size: number,
            ..
        } = self;
        for r in of.iter_mut() {
            *r = number[*r as usize];
        }
        first.shrink_to_fit();
        root.shrink_to_fit();
        Clusters { of, first, root }
    }
}

impl Clusters {
    fn count(&self) -> usize {
        self.first.len()
    }
    /// Heap bytes held.
    fn bytes(&self) -> u64 {
        (self.of.capacity() + self.first.capacity() + self.root.capacity()) as u64 * 4
    }
}

/// Strings in 1 MiB chunks (no reallocation of one large buffer), each
/// found by a packed locator ([`Arena::push`]).
#[derive(Default)]
struct Arena {
    chunks: Vec<String>,
    /// Bytes of strings no longer referred to.
    dead: usize,
    live: usize,
    /// The last chunk takes more strings (not one string's own).
    open: bool,
}

impl Arena {
    const CHUNK: usize = 1 << 20;
    /// Locator: chunk (24 bits), offset in it (20 bits), length (20 bits;
    /// [`Self::WHOLE`] for a string of a chunk of its own, at offset 0).
    const WHOLE: u64 = (1 << 20) - 1;

    fn push(&mut self, s: &str) -> u64 {
        self.live += s.len();
        if s.len() >= Self::WHOLE as usize {
            self.chunks.push(s.to_owned());
            self.open = false;
            return ((self.chunks.len() as u64 - 1) << 40) | Self::WHOLE;
        }
        // Offsets stay below 2^20.
        if !self.open
            || self
                .chunks
                .last()
                .is_none_or(|c| c.len() + s.len() >= Self::CHUNK)
        {
            self.chunks.push(String::with_capacity(Self::CHUNK));
            self.open = true;
        }
        let n = self.chunks.len() - 1;
        let c = &mut self.chunks[n];
        let at = c.len();
        c.push_str(s);
        ((n as u64) << 40) | ((at as u64) << 20) | s.len() as u64
    }
    fn get(&self, loc: u64) -> &str {
        let c = &self.chunks[(loc >> 40) as usize];
        let len = loc & Self::WHOLE;
        if len == Self::WHOLE {
            return c;
        }
        let at = ((loc >> 20) & Self::WHOLE) as usize;
        &c[at..at + len as usize]
    }
    fn forget(&mut self, loc: u64) {
        let len = self.get(loc).len();
        self.dead += len;
        self.live -= len;
    }
    fn bytes(&self) -> u64 {
        self.chunks.iter().map(|c| c.capacity() as u64).sum()
    }
}

/// `keep: longest`: the longest text of each cluster (first scan of
/// `docs/`), and the clusters in which two or more members have that
/// length (ties), which alone need doc_ids ([`Ties`]).
struct Longest {
    member: Vec<u32>,
    chars: Vec<u32>,
    tied: Members,
}

impl Longest {
    const NONE: u32 = u32::MAX;

    fn new(clusters: usize) -> Self {
        Longest {
            member: vec![Self::NONE; clusters],
            chars: vec![0; clusters],
            tied: Members::new(clusters as u64),
        }
    }

    /// Member `x` of cluster `c` has a text of `chars` characters. Any order.
    fn offer(&mut self, c: usize, x: u32, chars: u32) {
        if self.member[c] == Self::NONE || chars > self.chars[c] {
            self.member[c] = x;
            self.chars[c] = chars;
            self.tied.remove(c as u64);
        } else if chars == self.chars[c] {
            self.tied.insert(c as u64);
        }
    }

    /// Heap bytes held.
    fn bytes(&self) -> u64 {
        (self.member.capacity() * 4 + self.chars.capacity() * 4) as u64 + self.tied.bytes()
    }
}

/// The tied clusters of [`Longest`]: among their longest members, the
/// lowest doc_id, then the earliest (second scan, any order). Their doc_ids
/// sit in an [`Arena`], compacted when replaced ones pile up.
struct Ties {
    member: Vec<u32>,
    id: Vec<u64>,
    ids: Arena,
}

impl Ties {
    fn new(n: usize) -> Self {
        Ties {
            member: vec![Longest::NONE; n],
            id: vec![0; n],
            ids: Arena::default(),
        }
    }

    fn id(&self, t: usize) -> &str {
        self.ids.get(self.id[t])
    }

    /// A longest member `x` of tied cluster `t`.
    fn offer(&mut self, t: usize, x: u32, id: &str) {
        let cur = self.member[t];
        if cur != Longest::NONE {
            if (id, x) >= (self.id(t), cur) {
                return;
            }
            self.ids.forget(self.id[t]);
        }
        self.member[t] = x;
        self.id[t] = self.ids.push(id);
        if self.ids.dead > Arena::CHUNK && self.ids.dead > self.ids.live {
            let mut ids = Arena::default();
            for t in 0..self.member.len() {
                if self.member[t] != Longest::NONE {
                    self.id[t] = ids.push(self.ids.get(self.id[t]));
                }
            }
            self.ids = ids;
        }
    }

    /// Heap bytes held.
    fn bytes(&self) -> u64 {
        (self.member.capacity() * 4 + self.id.capacity() * 8) as u64 + self.ids.bytes()
    }
}

/// The doc_ids of the kept documents, found by the kept member's rank
/// among the kept members (a bitmap over the members with a rank index):
/// one scan of `docs/`, in any order.
struct KeptIds {
    kept: Members,
    id: Vec<u64>,
    ids: Arena,
}

impl KeptIds {
    /// `kept`: the kept member of every cluster.
    fn new(members: usize, kept: &[u32]) -> Self {
        let mut bits = Members::new(members as u64);
        for &x in kept {
            bits.insert(x as u64);
        }
        let n = bits.seal();
        KeptIds {
            kept: bits,
            id: vec![u64::MAX; n],
            ids: Arena::default(),
        }
    }
    /// Member `x`'s doc_id, if `x` is kept.
    fn offer(&mut self, x: u32, id: &str) {
        if self.kept.contains(x as u64) {
            let r = self.kept.index(x as u64) as usize;
            if self.id[r] == u64::MAX {
                self.id[r] = self.ids.push(id);
            }
        }
    }
    fn complete(&self) -> bool {
        !self.id.contains(&u64::MAX)
    }
    /// The doc_id of kept member `x`.
    fn get(&self, x: u32) -> &str {
        self.ids.get(self.id[self.kept.index(x as u64) as usize])
    }
    /// Heap bytes held.
    fn bytes(&self) -> u64 {
        self.kept.bytes() + self.id.capacity() as u64 * 8 + self.ids.bytes()
    }
}

/// A set of document ordinals as a bitmap (n bits) with a rank index, so
/// the documents that appear in some pair get dense indices 0..m.
struct Members {
    bits: Vec<u64>,
    /// Set bits before each word.
    rank: Vec<u32>,
}

impl Members {
    fn new(n: u64) -> Self {
        Members {
            bits: vec![0; n.div_ceil(64) as usize],
            rank: vec![],
        }
    }
    fn insert(&mut self, ord: u64) {
        self.bits[(ord / 64) as usize] |= 1 << (ord % 64);
    }
    fn remove(&mut self, ord: u64) {
        self.bits[(ord / 64) as usize] &= !(1 << (ord % 64));
    }
    fn contains(&self, ord: u64) -> bool {
        self.bits[(ord / 64) as usize] & (1 << (ord % 64)) != 0
    }
    /// Heap bytes held.
    fn bytes(&self) -> u64 {
        (self.bits.capacity() * 8 + self.rank.capacity() * 4) as u64
    }
    /// Build the rank index; returns the member count.
    fn seal(&mut self) -> usize {
        let mut r = 0u32;
        self.rank = self
            .bits
            .iter()
            .map(|w| {
                let before = r;
                r += w.count_ones();
                before
            })
            .collect();
        r as usize
    }
    /// The ordinal of the member with dense index `i` (the inverse of
    /// [`Self::index`]): the word by binary search over the rank index,
    /// then the bit within it.
    fn ord(&self, i: u32) -> u64 {
        let w = self.rank.partition_point(|&r| r <= i) - 1;
        let mut b = self.bits[w];
        for _ in 0..i - self.rank[w] {
            b &= b - 1;
        }
        w as u64 * 64 + b.trailing_zeros() as u64
    }

    /// Dense index of a member.
    fn index(&self, ord: u64) -> u32 {
        let w = (ord / 64) as usize;
        let below = self.bits[w] & ((1u64 << (ord % 64)) - 1);
        self.rank[w] + below.count_ones()
    }
}

fn band_dir(band: usize) -> String {
    format!("bands/{band:03}/")
}

impl MinhashStage {
    /// The signature query: the stage's MinHash settings are a literal
    /// argument of the registry's function (see [`MinHashUdf`]).
    fn sig_sql(&self) -> String {
        let t = ident(&self.p.text_column);
        format!(
            "SELECT {}({t}, {}) AS signature, character_length({t}) AS {}, {} FROM input",
            MinHashUdf::SIGNATURE_NAME,
            super::literal(&self.cfg.spec()),
            ident(col::TEXT_CHARS),
            ident(col::DOC_ID)
        )
    }

    /// Phase 2: the rows of one band's key range whose bucket (key) holds
    /// two or more documents, in key order: those whose neighbour in (key,
    /// ordinal) order has their key.
    fn bucket_sql(lo: u64, hi: u64) -> String {
        let (k, o, h) = (
            ident(col::BAND_KEY),
            ident(col::DOC_ORD),
            ident(col::BAND_HEAD),
        );
        let w = format!("OVER (ORDER BY {k}, {o})");
        format!(
            "SELECT {h}, {k}, {o} FROM (SELECT {h}, {k}, {o}, lag({k}) {w} AS pk, lead({k}) {w} AS nk FROM bands WHERE {k} >= arrow_cast({lo}, 'UInt64') AND {k} <= arrow_cast({hi}, 'UInt64')) AS b WHERE pk = {k} OR nk = {k} ORDER BY {k}, {o}"
        )
    }

    /// Phase 3: one band's shared-bucket rows, each bucket's rows together.
    /// `keep: datatrove` unites them in datatrove's bucket order (first band
    /// value, key, ordinal: a sort over the band's range files), because its
    /// kept document is the root that order makes. The other rules do not
    /// depend on the order of unions, so they read the range files as they
    /// are (in key order, each bucket's rows together, one bucket never in
    /// two files): no sort.
    fn pairs_sql(&self) -> String {
        let (k, o, h) = (
            ident(col::BAND_KEY),
            ident(col::DOC_ORD),
            ident(col::BAND_HEAD),
        );
        match self.p.keep {
            Keep::Datatrove => format!("SELECT {k}, {o} FROM pairs ORDER BY {h}, {k}, {o}"),
            Keep::Longest | Keep::First => format!("SELECT {k}, {o} FROM pairs"),
        }
    }

    fn session(&self, cx: &StageCx) -> Result<datafusion::prelude::SessionContext> {
        global::session(cx, 1, self.memory_limit, &cx.dir.join("_spill"))
    }
}

/// Phase 3's counts, kept in its commit for the summary.
#[derive(Debug, Default, serde::Serialize, Deserialize)]
struct Stats {
    documents: u64,
    candidate_edges: u64,
    clusters: u64,
    removed: u64,
}

impl Stage for MinhashStage {
    fn output_schema(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<SchemaRef> {
        let (s, _) = super::plan_on_schema(fx, &inputs[0], &self.sig_sql())?;
        let id = s.field(2).data_type();
        if !matches!(
            id,
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        ) {
            bail!("`{}` must be a string column; it is {id}", col::DOC_ID);
        }
        Ok(schemas::stamp(&inputs[0], schemas::table::DOCUMENTS))
    }

    fn explain(&self, inputs: &[SchemaRef], fx: &Functions) -> Result<String> {
        let (_, plan) = super::plan_on_schema(fx, &inputs[0], &self.sig_sql())?;
        let c = &self.cfg;
        Ok(format!(
            "minhash ({} scheme): {}-word shingles, {} hashes = {} bands x {} rows, seed {}; P(candidate | jaccard 0.8) = {:.3}\n\
             signatures per shard -> _work/.../signatures/bands/BBB (sorted by key), docs/: {}\n{plan}\n\
             buckets per (band, key range): {}\n  rows of buckets with 2+ documents -> pairs/ (memory limit: {})\n\
             cluster (one task): per band {}; consecutive members of a bucket united; then\n  one scan of docs/ picks each cluster's kept document (keep {}), and the other members\n  in ordinal order -> remove/ per input shard\n\
             filter per shard: others -> rejected/ ({REASON}), duplicates/ (doc_id, cluster_id, kept_doc_id)",
            c.scheme.name(),
            c.ngram,
            c.num_hashes(),
            c.bands,
            c.rows,
            c.seed,
            c.candidate_probability(0.8),
            self.sig_sql(),
            Self::bucket_sql(0, u64::MAX),
            self.memory_limit
                .map(|l| format!("{l} bytes"))
                .unwrap_or_else(|| "none".into()),
            self.pairs_sql(),
            match self.p.keep {
                Keep::Longest => "the longest text, then the lowest doc_id",
                Keep::First => "the earliest document in input order",
                Keep::Datatrove => "the root of datatrove's union-find (pairs in its bucket order)",
            },
        ))
    }

    fn phases(&self) -> Vec<Phase> {
        PHASES.to_vec()
    }

    fn run(&self, cx: &StageCx) -> Result<()> {
        let (shards, units) = shard_units(cx);
        let ords = Ordinals::of(cx)?;
        if ords.rows.len() != shards.len() {
            bail!("input shards and manifests disagree");
        }
        let n_docs = ords.total;
        if n_docs > u32::MAX as u64 {
            bail!("{n_docs} documents: more than dedup_minhash supports (2^32 - 1)");
        }
        let bands = self.cfg.bands;
        let parts = global::range_count(n_docs, self.p.partition_rows, SLICE_ROWS);
        let band_schema = schemas::minhash_bands();

        // 1. signatures: per shard, each band's (key, ordinal, head) sorted by key.
        let signed = cx.work_phase(PHASES[0].name, units.clone(), |unit, out| {
            let (start, _) = ords.range(unit.id);
            let mut per_band: Vec<Vec<(u64, u64, u64)>> = vec![vec![]; bands];
            let mut writers: Vec<crate::shards::ShardWriter> = (0..bands)
                .map(|j| out.writer(band_dir(j).trim_end_matches('/'), band_schema.clone()))
                .collect();
            let batch = |j: usize| {
                let band_schema = band_schema.clone();
                move |chunk: &[(u64, u64, u64)]| -> Result<RecordBatch> {
                    let cols: Vec<ArrayRef> = vec![
                        Arc::new(UInt64Array::from_iter_values(chunk.iter().map(|r| r.1))),
                        Arc::new(UInt32Array::from(vec![j as u32; chunk.len()])),
                        Arc::new(UInt64Array::from_iter_values(chunk.iter().map(|r| r.0))),
                        Arc::new(UInt64Array::from_iter_values(chunk.iter().map(|r| r.2))),
                    ];
                    Ok(RecordBatch::try_new(band_schema.clone(), cols)?)
                }
            };
            // Sorted runs of at most RUN_ROWS band rows in memory.
            let mut spill = |per_band: &mut Vec<Vec<(u64, u64, u64)>>, force: bool| -> Result<()> {
                if force || per_band.iter().map(Vec::len).sum::<usize>() >= global::RUN_ROWS {
                    for (j, rows) in per_band.iter_mut().enumerate() {
                        global::write_run(rows, |r| r.0, parts, &mut writers[j], batch(j))?;
                    }
                }
                Ok(())
            };
            let mut docs = out.writer("docs", schemas::minhash_docs());
            let mut n = 0u64;
            let shard = &shards[unit.id];
            cx.rt
                .block_on(async {
                    // On the cluster with `--engine ballista`.
                    let mut stream =
                        super::shard_query(cx, shard, &cx.input_schemas[0], &self.sig_sql())
                            .await?;
                    while let Some(b) = stream.next().await {
                        let b = b?;
                        let lists = b
                            .column(0)
                            .as_any()
                            .downcast_ref::<ListArray>()
                            .ok_or_else(|| anyhow!("band keys are not a list"))?;
                        // Text length (0 for a NULL text, which has no signature).
                        let chars = cast(b.column(1), &DataType::UInt64)?;
                        let chars = chars
                            .as_any()
                            .downcast_ref::<UInt64Array>()
                            .ok_or_else(|| anyhow!("text length is not a number"))?;
                        let ids = cast(b.column(2), &DataType::Utf8)?;
                        let ids = ids
                            .as_any()
                            .downcast_ref::<StringArray>()
                            .ok_or_else(|| anyhow!("doc_id is not text"))?;
                        let (mut dord, mut dchars, mut did) = (
                            UInt64Builder::new(),
                            UInt64Builder::new(),
                            StringBuilder::new(),
                        );
                        for i in 0..b.num_rows() {
                            let ord = start + n + i as u64;
                            if ids.is_null(i) {
                                bail!("{shard}: row {}: NULL {}", n + i as u64 + 1, col::DOC_ID);
                            }
                            dord.append_value(ord);
                            dchars.append_value(if chars.is_null(i) { 0 } else { chars.value(i) });
                            did.append_value(ids.value(i));
                            if lists.is_null(i) {
                                continue;
                            }
                            let sig = lists.value(i);
                            let sig = sig
                                .as_any()
                                .downcast_ref::<UInt64Array>()
                                .ok_or_else(|| anyhow!("signature is not UInt64"))?;
                            let sig = sig.values();
                            for (j, key) in self.hasher.band_keys(sig).into_iter().enumerate() {
                                per_band[j].push((key, ord, sig[j * self.cfg.rows]));
                            }
                        }
                        n += b.num_rows() as u64;
                        let cols: Vec<ArrayRef> = vec![
                            Arc::new(dord.finish()),
                            Arc::new(dchars.finish()),
                            Arc::new(did.finish()),
                        ];
                        docs.write(&RecordBatch::try_new(schemas::minhash_docs(), cols)?)?;
                        spill(&mut per_band, false)?;
                    }
                    Ok::<_, anyhow::Error>(())
                })
                .with_context(|| format!("minhash of {shard}"))?;
            spill(&mut per_band, true)?;
            ords.check(unit.id, n, shard)?;
            out.rows_in = n;
            out.keep(docs)?;
            for w in writers {
                out.keep(w)?;
            }
            Ok(())
        })?;

        // 2. buckets: per (band, key range), rows of buckets with 2+ documents.
        let bucket_units: Vec<Unit> = (0..bands * parts)
            .map(|u| Unit {
                id: u,
                label: format!("band {} range {}/{parts}", u / parts, u % parts + 1),
                bytes: 0,
            })
            .collect();
        let pairs_schema = schemas::minhash_pairs();
        let bucketed = cx.work_phase(PHASES[1].name, bucket_units, |unit, out| {
            let (band, p) = (unit.id / parts, unit.id % parts);
            let (lo, hi) = key_range(p, parts);
            let ctx = self.session(cx)?;
            let files = signed.files(&band_dir(band));
            // A query (a sort), written as it comes (key order; `keep:
            // datatrove`'s order is a sort of phase 3): on the cluster with
            // `--engine ballista`, whose executors write `pairs/`.
            let sql = Self::bucket_sql(lo, hi);
            let pairs = pairs_schema.clone();
            out.rows_in =
                out.write_query(&ctx, "pairs", "bands", &files, &band_schema, &sql, pairs)?;
            Ok(())
        })?;

        // 3. cluster: one task; union-find, kept documents, remove/ per shard.
        let cluster_unit = vec![Unit {
            id: 0,
            label: format!("{n_docs} documents"),
            bytes: 0,
        }];
        let clustered = cx.work_phase(PHASES[2].name, cluster_unit, |_, out| {
            // Collecting the members is a plain scan; the sorts come after.
            let ctx = global::session(cx, 1, None, &cx.dir.join("_spill"))?;
            let pair_files = |band: usize| -> Vec<Loc> {
                (0..parts)
                    .flat_map(|p| bucketed.unit_files(band * parts + p, "pairs/"))
                    .collect()
            };
            // The documents in some pair, then their union-find.
            let mut members = Members::new(n_docs);
            for band in 0..bands {
                global::query_files(
                    cx,
                    &ctx,
                    &mut out.spilled,
                    "pairs",
                    &pair_files(band),
                    &pairs_schema,
                    &format!("SELECT {} FROM pairs", ident(col::DOC_ORD)),
                    |b| {
                        for &o in global::u64s(b.column(0))?.values() {
                            if o >= n_docs {
                                bail!("document ordinal {o} out of range (of {n_docs}) in the work files");
                            }
                            members.insert(o);
                        }
                        Ok(())
                    },
                )?;
            }
            let m = members.seal();
            let mut dsu = Dsu::new(m);
            tracing::debug!("cluster: union-find allocated: {}", heap_mb());
            // `memory_limit` bounds the phase: its one sort (the pairs in
            // datatrove's order, `keep: datatrove` only) gets what the member
            // bitmap and the union-find leave of it, but never less than half
            // of it: the external merge needs memory per spill file, and a
            // small pool stops the query instead of spilling more; below a
            // few MB it always does.
            let held = members.bytes() + dsu.bytes();
            let limit = self
                .memory_limit
                .map(|l| l.saturating_sub(held).max(l / 2).max(CLUSTER_MIN_MEMORY));
            let ctx = global::session(cx, 1, limit, &cx.dir.join("_spill"))?;
            let mut stats = Stats {
                documents: n_docs,
                ..Default::default()
            };
            for band in 0..bands {
                let mut last: Option<(u64, u32)> = None;
                let sink = |b: RecordBatch| -> Result<()> {
                    let (k, o) = (global::u64s(b.column(0))?, global::u64s(b.column(1))?);
                    for i in 0..b.num_rows() {
                        let (key, x) = (k.value(i), members.index(o.value(i)));
                        if let Some((pk, px)) = last {
                            if pk == key {
                                // Consecutive members of a bucket, in datatrove's order.
                                dsu.union(px, x);
                                stats.candidate_edges += 1;
                            }
                        }
                        last = Some((key, x));
                    }
                    Ok(())
                };
                let (files, sql) = (pair_files(band), self.pairs_sql());
                if self.p.keep == Keep::Datatrove {
                    // A sort: on the cluster with `--engine ballista`.
                    global::query_files_on_engine(
                        cx, &ctx, &mut out.spilled, "pairs", &files, &pairs_schema, &sql, sink,
                    )?;
                } else {
                    // A plain scan, here: each range file's rows must arrive
                    // together (one bucket never spans two files).
                    global::query_files(
                        cx, &ctx, &mut out.spilled, "pairs", &files, &pairs_schema, &sql, sink,
                    )?;
                }
            }
            // The kept member of each cluster; for `keep: longest` from
            // docs/ (only the members' rows count): a first scan finds each
            // cluster's longest text, and only where two or more members
            // have it (ties) a second scan reads their doc_ids.
            let mut clusters = dsu.into_clusters(self.p.keep == Keep::Datatrove);
            let root = std::mem::take(&mut clusters.root);
            tracing::debug!("cluster: clusters: {}", heap_mb());
            stats.clusters = clusters.count() as u64;
            let docs = signed.files("docs/");
            let (o, c, d) = (
                ident(col::DOC_ORD),
                ident(col::TEXT_CHARS),
                ident(col::DOC_ID),
            );
            let member_of = |ords: &UInt64Array, i: usize| -> Result<Option<u32>> {
                let ord = ords.value(i);
                if ord >= n_docs {
                    bail!("document ordinal out of range in the work files");
                }
                Ok(members.contains(ord).then(|| members.index(ord)))
            };
            let doc_ids = |b: &RecordBatch, col: usize| -> Result<StringArray> {
                let ids = cast(b.column(col), &DataType::Utf8)?;
                Ok(ids
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .ok_or_else(|| anyhow!("doc_id is not text"))?
                    .clone())
            };
            let scan = |sql: String,
                            out: &mut crate::stage::WorkOut<'_>,
                            sink: &mut dyn FnMut(RecordBatch) -> Result<()>|
             -> Result<()> {
                global::query_files(
                    cx,
                    &ctx,
                    &mut out.spilled,
                    "docs",
                    &docs,
                    &schemas::minhash_docs(),
                    &sql,
                    sink,
                )
            };
            let kept: std::borrow::Cow<'_, [u32]> = match self.p.keep {
                Keep::First => clusters.first.as_slice().into(),
                Keep::Datatrove => root.into(),
                Keep::Longest => {
                    let mut longest = Longest::new(clusters.count());
                    scan(format!("SELECT {o}, {c} FROM docs"), out, &mut |b| {
                        let (ords, chars) = (global::u64s(b.column(0))?, global::u64s(b.column(1))?);
                        for i in 0..b.num_rows() {
                            if let Some(x) = member_of(&ords, i)? {
                                let chars = u32::try_from(chars.value(i)).map_err(|_| {
                                    anyhow!(
                                        "document {}: a text of more than 2^32 characters",
                                        ords.value(i)
                                    )
                                })?;
                                longest.offer(clusters.of[x as usize] as usize, x, chars);
                            }
                        }
                        Ok(())
                    })?;
                    let n_ties = longest.tied.seal();
                    tracing::debug!(
                        "cluster: longest texts ({n_ties} ties, {} bytes): {}",
                        longest.bytes(),
                        heap_mb()
                    );
                    if n_ties > 0 {
                        let mut ties = Ties::new(n_ties);
                        scan(format!("SELECT {o}, {c}, {d} FROM docs"), out, &mut |b| {
                            let (ords, chars) =
                                (global::u64s(b.column(0))?, global::u64s(b.column(1))?);
                            let ids = doc_ids(&b, 2)?;
                            for i in 0..b.num_rows() {
                                if let Some(x) = member_of(&ords, i)? {
                                    let cl = clusters.of[x as usize] as usize;
                                    if longest.tied.contains(cl as u64)
                                        && chars.value(i) == longest.chars[cl] as u64
                                    {
                                        ties.offer(
                                            longest.tied.index(cl as u64) as usize,
                                            x,
                                            ids.value(i),
                                        );
                                    }
                                }
                            }
                            Ok(())
                        })?;
                        tracing::debug!("cluster: ties ({} bytes): {}", ties.bytes(), heap_mb());
                        for cl in 0..clusters.count() {
                            if longest.tied.contains(cl as u64) {
                                let t = longest.tied.index(cl as u64) as usize;
                                if ties.member[t] == Longest::NONE {
                                    bail!("docs/ changed between the scans of the cluster phase");
                                }
                                longest.member[cl] = ties.member[t];
                            }
                        }
                    }
                    longest.member.into()
                }
            };
            if kept.contains(&Longest::NONE) {
                bail!("docs/ and the candidate pairs disagree: a cluster without documents");
            }
            // The kept documents' doc_ids, in one more scan.
            let mut ids = KeptIds::new(m, &kept);
            let mut seen = 0usize;
            scan(format!("SELECT {o}, {d} FROM docs"), out, &mut |b| {
                let ords = global::u64s(b.column(0))?;
                let id = doc_ids(&b, 1)?;
                for i in 0..b.num_rows() {
                    if let Some(x) = member_of(&ords, i)? {
                        ids.offer(x, id.value(i));
                        seen += 1;
                    }
                }
                Ok(())
            })?;
            if seen != m || !ids.complete() {
                bail!("docs/ and the candidate pairs disagree ({seen} of {m} clustered documents found)");
            }
            tracing::debug!(
                "cluster: {m} members, {} clusters; bitmap, clusters, kept members and doc_ids {} bytes",
                clusters.count(),
                members.bytes() + clusters.bytes() + kept.len() as u64 * 4 + ids.bytes()
            );
            // Every member but its cluster's kept one, in ordinal order (the
            // members' dense order) -> remove/ per input shard.
            let removed_schema = schemas::minhash_removed();
            let mut current: Option<(usize, crate::shards::ShardWriter)> = None;
            tracing::debug!("cluster: kept documents: {}", heap_mb());
            let (mut r_ord, mut r_first, mut r_kept) =
                (UInt64Builder::new(), UInt64Builder::new(), StringBuilder::new());
            let mut flush = |u: usize,
                             current: &mut Option<(usize, crate::shards::ShardWriter)>,
                             r_ord: &mut UInt64Builder,
                             r_first: &mut UInt64Builder,
                             r_kept: &mut StringBuilder|
             -> Result<()> {
                if r_ord.len() > 0 {
                    let cols: Vec<ArrayRef> = vec![
                        Arc::new(r_ord.finish()),
                        Arc::new(r_first.finish()),
                        Arc::new(r_kept.finish()),
                    ];
                    if current.as_ref().map(|c| c.0) != Some(u) {
                        // Close the previous shard's file now: an open writer
                        // buffers its rows, and there is one file per shard.
                        if let Some(c) = current.take() {
                            out.keep(c.1)?;
                        }
                        *current = Some((u, out.writer_for("remove", u, removed_schema.clone())));
                    }
                    let w = &mut current.as_mut().context("removed-rows writer not open")?.1;
                    w.write(&RecordBatch::try_new(removed_schema.clone(), cols)?)?;
                }
                Ok(())
            };
            let mut unit = 0usize;
            let mut x = 0u32;
            for (w, &bits) in members.bits.iter().enumerate() {
                let mut b = bits;
                while b != 0 {
                    let ord = w as u64 * 64 + b.trailing_zeros() as u64;
                    b &= b - 1;
                    let u = ords.unit_of(ord);
                    if u != unit || r_ord.len() >= crate::shards::WORK_ROW_GROUP_ROWS {
                        flush(unit, &mut current, &mut r_ord, &mut r_first, &mut r_kept)?;
                        unit = u;
                    }
                    let c = clusters.of[x as usize] as usize;
                    if kept[c] != x {
                        r_ord.append_value(ord);
                        r_first.append_value(members.ord(clusters.first[c]));
                        r_kept.append_value(ids.get(kept[c]));
                        stats.removed += 1;
                    }
                    x += 1;
                }
            }
            flush(unit, &mut current, &mut r_ord, &mut r_first, &mut r_kept)?;
            if let Some(c) = current {
                out.keep(c.1)?;
            }
            out.rows_in = n_docs;
            out.put_json(STATS, &stats)
        })?;
        // Read now: once the last phase completes, the task that writes the
        // manifest removes `_work/`.
        let stats: Stats = match clustered.units.get(&0).and_then(|r| {
            r.shards
                .iter()
                .find(|s| s.path == STATS)
                .map(|s| clustered.dir.join(&s.path))
        }) {
            Some(loc) => serde_json::from_slice(&loc.read()?)?,
            None => bail!("the cluster phase left no {STATS}"),
        };

        // 4. filter: per shard, its remove/ file.
        let removed_schema = schemas::minhash_removed();
        let sized = super::input_shards_sized(cx);
        cx.run_units(units, |unit, out| {
            let (start, end) = ords.range(unit.id);
            let ctx = self.session(cx)?;
            let files = clustered.files(&format!("remove/part-{:05}-", unit.id));
            let mut removed: Vec<(u64, u64, String)> = vec![];
            global::query_files(
                cx,
                &ctx,
                // A read of one shard's list: it does not spill.
                &mut (0, 0),
                "removed",
                &files,
                &removed_schema,
                "SELECT * FROM removed",
                |b| {
                    let (o, c) = (global::u64s(b.column(0))?, global::u64s(b.column(1))?);
                    let k = cast(b.column(2), &DataType::Utf8)?;
                    let k = k
                        .as_any()
                        .downcast_ref::<StringArray>()
                        .ok_or_else(|| anyhow!("kept doc_id is not text"))?;
                    for i in 0..b.num_rows() {
                        removed.push((o.value(i), c.value(i), k.value(i).to_string()));
                    }
                    Ok(())
                },
            )?;
            if removed.iter().any(|r| r.0 < start || r.0 >= end) {
                bail!(
                    "remove/ of unit {} lists documents of another shard",
                    unit.id
                );
            }
            removed.sort_by_key(|r| r.0);
            let positions: Vec<u64> = removed.iter().map(|r| r.0 - start).collect();
            let shard = &shards[unit.id];
            let input_schema = &cx.input_schemas[0];
            // The shard's rows, the removed ones to rejected/: a query (on
            // the cluster with `--engine ballista`, whose executors write).
            let sql = super::marked_rows_sql(input_schema, &positions, REASON);
            let how = QueryOutput::Split {
                reason: super::MARK_COLUMN,
                costly: false,
                only: Some(REASON),
            };
            let file = std::slice::from_ref(&sized[unit.id]);
            cx.write_unit_query(out, unit, file, input_schema, &sql, how)?;
            let dropped = out.counts.drops.get(REASON).copied().unwrap_or(0);
            if out.counts.rows_in != end - start || dropped != removed.len() as u64 {
                bail!(
                    "{shard}: changed between phases ({} rows, {dropped} removed; the signature phase saw {} rows, the cluster phase removed {})",
                    out.counts.rows_in,
                    end - start,
                    removed.len()
                );
            }
            // duplicates/: each removed document's id (a scan of the
            // shard's doc_id column for those rows), cluster and kept id.
            let mut dups = out.side_writer(DUPLICATES, schemas::duplicates());
            if !removed.is_empty() {
                let q = super::rows_at_sql(&ident(col::DOC_ID), &positions);
                let mut ids: Vec<String> = Vec::with_capacity(removed.len());
                cx.rt.block_on(async {
                    let mut st = super::shard_query(cx, shard, input_schema, &q).await?;
                    while let Some(b) = st.next().await {
                        let b = b?;
                        let c = cast(b.column(0), &DataType::Utf8)?;
                        let c = c
                            .as_any()
                            .downcast_ref::<StringArray>()
                            .ok_or_else(|| anyhow!("doc_id is not text"))?;
                        for v in c.iter() {
                            // (phase 1 refused a NULL doc_id: the shard changed)
                            let v = v.ok_or_else(|| {
                                anyhow!("{shard}: changed between phases (a removed row's doc_id is NULL)")
                            })?;
                            ids.push(v.to_string());
                        }
                    }
                    anyhow::Ok(())
                })?;
                if ids.len() != removed.len() {
                    bail!("{shard}: changed between phases ({} of {} removed rows found)", ids.len(), removed.len());
                }
                let mut d_id = StringBuilder::new();
                let mut d_cluster = UInt64Builder::new();
                let mut d_kept = StringBuilder::new();
                for (id, r) in ids.iter().zip(&removed) {
                    d_id.append_value(id);
                    d_cluster.append_value(r.1);
                    d_kept.append_value(&r.2);
                }
                let cols: Vec<ArrayRef> = vec![
                    Arc::new(d_id.finish()),
                    Arc::new(d_cluster.finish()),
                    Arc::new(d_kept.finish()),
                ];
                dups.write(&RecordBatch::try_new(schemas::duplicates(), cols)?)?;
            }
            out.keep(dups)
        })?;
        cx.out
            .join(&format!("{DUPLICATES}/{STATS}"))
            .put(&serde_json::to_vec_pretty(&stats)?)?;
        let spilled = {
            let (b, c) = (bucketed.spilled(), clustered.spilled());
            (b.0 + c.0, b.1 + c.1)
        };
        tracing::info!(
            stage = %cx.name,
            "minhash: {} documents, {} candidate edges, {} clusters, {} near duplicates; candidate query spilled {} times ({} bytes)",
            stats.documents,
            stats.candidate_edges,
            stats.clusters,
            stats.removed,
            spilled.0,
            spilled.1
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_find_clusters() {
        let mut d = Dsu::new(6);
        d.union(0, 3);
        d.union(4, 3);
        d.union(1, 2);
        assert_eq!(d.find(0), d.find(4));
        assert_eq!(d.find(1), d.find(2));
        assert_ne!(d.find(0), d.find(1));
        assert_eq!(d.find(5), 5);
        let r = d.find(0);
        assert_eq!(d.size[r as usize], 3);
        assert_eq!(d.min[r as usize], 0);
        // Ties: the first argument's root stays the root.
        let mut d = Dsu::new(2);
        d.union(1, 0);
        assert_eq!(d.find(0), 1);
    }

    #[test]
    fn members_rank() {
        let mut m = Members::new(200);
        for o in [3u64, 64, 65, 130, 199] {
            m.insert(o);
        }
        assert_eq!(m.seal(), 5);
        assert_eq!(
            [3u64, 64, 65, 130, 199].map(|o| m.index(o)),
            [0, 1, 2, 3, 4]
        );
        assert!(m.contains(130) && !m.contains(131));
        assert_eq!([0u32, 1, 2, 3, 4].map(|i| m.ord(i)), [3, 64, 65, 130, 199]);
    }

    #[test]
    fn params_are_checked() {
        let b = |v: serde_json::Value| DedupMinhash.build(&v).err().map(|e| e.path.join("."));
        assert_eq!(b(serde_json::json!({})), None);
        assert_eq!(b(serde_json::json!({"num_hashes": 128, "bands": 16})), None);
        assert_eq!(
            b(serde_json::json!({"num_hashes": 100, "bands": 14, "rows": 8})),
            Some("num_hashes".into())
        );
        assert_eq!(
            b(serde_json::json!({"memory_limit": "lots"})),
            Some("memory_limit".into())
        );
        assert_eq!(b(serde_json::json!({"memory_limit": "64MB"})), None);
        assert_eq!(b(serde_json::json!({"ngram": 0})), Some("ngram".into()));
    }

    #[test]
    fn clusters_are_numbered_by_member() {
        let mut d = Dsu::new(6);
        d.union(4, 3);
        d.union(0, 3);
        d.union(5, 1);
        let c = d.into_clusters(true);
        assert_eq!(c.count(), 3);
        assert_eq!(c.of, [1, 2, 0, 1, 1, 2]);
        assert_eq!(c.first, [2, 0, 1]);
        assert_eq!(c.root, [2, 4, 5]);
    }

    /// The kept document does not depend on the order of the scans, and the
    /// arena keeps the right doc_ids through replacements and compaction.
    #[test]
    fn kept_document_rules() {
        // One cluster of five members (member, chars, id).
        let rows = [
            (0u32, 5u32, "b"),
            (1, 9, "z"),
            (2, 9, "c"),
            (3, 9, "c"),
            (4, 2, "a"),
        ];
        for rev in [false, true] {
            let mut order: Vec<_> = rows.to_vec();
            if rev {
                order.reverse();
            }
            let mut l = Longest::new(1);
            for &(x, c, _) in &order {
                l.offer(0, x, c);
            }
            assert_eq!(l.tied.seal(), 1);
            let mut t = Ties::new(1);
            for &(x, c, id) in &order {
                if c == l.chars[0] {
                    t.offer(0, x, id);
                }
            }
            assert_eq!((t.member[0], t.id(0)), (2, "c"), "reversed {rev}");
            // A longer text after a tie ends the tie.
            l.offer(0, 4, 10);
            assert!(!l.tied.contains(0) && l.member[0] == 4);
        }
        // Equal lengths and falling doc_ids: every offer replaces the last.
        let n = 300_000u32;
        let mut t = Ties::new(3);
        for i in 0..n {
            t.offer((i % 3) as usize, i, &format!("doc-{:08}", n - i));
        }
        assert!(
            t.ids.bytes() <= 3 * Arena::CHUNK as u64,
            "arena never compacted: {}",
            t.ids.bytes()
        );
        for c in 0..3u32 {
            let m = (0..n).rev().find(|i| i % 3 == c).expect("member");
            assert_eq!(t.member[c as usize], m);
            assert_eq!(t.id(c as usize), format!("doc-{:08}", n - m));
        }
    }

    /// Kept doc_ids in any scan order, of any length (empty, and longer
    /// than a chunk's offsets reach).
    #[test]
    fn kept_ids_any_order_any_length() {
        let big = "x".repeat(Arena::CHUNK + 5);
        let edge = "y".repeat(Arena::WHOLE as usize);
        let names: Vec<String> = (0..5000)
            .map(|i| format!("id-{i}-{}", "z".repeat(i % 700)))
            .collect();
        let mut all: Vec<(u32, &str)> = names
            .iter()
            .enumerate()
            .map(|(i, s)| (i as u32, s.as_str()))
            .collect();
        all.push((5000, ""));
        all.push((5001, &big));
        all.push((5002, &edge));
        let kept: Vec<u32> = (0..5003).filter(|x| x % 2 == 0 || *x >= 5000).collect();
        let mut k = KeptIds::new(5003, &kept);
        for &(x, id) in all.iter().rev() {
            k.offer(x, id);
        }
        assert!(k.complete());
        for &x in &kept {
            assert_eq!(k.get(x), all[x as usize].1, "member {x}");
        }
    }
}
