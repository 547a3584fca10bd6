//! The resume fingerprint of a stage, and why a rerun recomputes one.
//!
//! A stage's fingerprint hashes its kind and the kind's code revision
//! ([`crate::stage::StageKind::revision`]), its parameters and settings, the
//! schema version, the **bytes** of every file its parameters name (models,
//! templates, tokenizers: [`crate::stage::Stage::param_files`]), the size
//! and version of its input files, and its input stages' fingerprints and
//! shard checksums (so a recomputed upstream recomputes everything
//! downstream). The parts are kept in the manifest ([`Provenance`]) so that
//! a later run, and `curate validate`, can say which part changed.
//!
//! File hashes (xxh3-128 of the content) are cached by canonical path, size
//! and modification time: in memory, and in `<output>/_file_hashes.json`
//! when the output is a local directory, so a large model is read once.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::shards::{self, Manifest};
use crate::stage::{lock, Input};
use crate::storage::Loc;
use crate::workflow::{Inputs, StageDecl, Workflow};

/// What a stage's fingerprint was computed from (in its manifest).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// The stage kind's code revision.
    pub revision: u32,
    pub params: serde_json::Value,
    /// `shard_size`, `zstd_level`, `on_error`.
    pub settings: BTreeMap<String, serde_json::Value>,
    pub schema_version: String,
    /// Files the parameters name: `key: path as written` -> content hash.
    pub files: BTreeMap<String, String>,
    /// Input files (`file <path>` -> `size/version`) and input stages
    /// (`stage <name>` -> fingerprint and a hash of its shard checksums).
    pub inputs: BTreeMap<String, String>,
}

/// The file that caches content hashes in a local output directory.
pub const HASH_CACHE: &str = "_file_hashes.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Cached {
    size: u64,
    mtime_ns: u128,
    xxh3: String,
}

type Cache = HashMap<String, Cached>;

/// Every cache this process has read or filled, by cache file (or `""` for
/// the in-memory cache of a remote output).
static CACHES: LazyLock<Mutex<HashMap<PathBuf, Cache>>> = LazyLock::new(Default::default);

/// xxh3-128 of a file's bytes, streamed.
pub fn hash_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f
            .read(&mut buf)
            .with_context(|| format!("reading {}", path.display()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:032x}", h.digest128()))
}

/// The content hash of `path`, from the cache when its size and
/// modification time are those cached.
pub fn file_hash(output: &Loc, path: &Path) -> Result<String> {
    let canon = path
        .canonicalize()
        .with_context(|| format!("file {} (named by a parameter)", path.display()))?;
    let meta = std::fs::metadata(&canon).with_context(|| format!("reading {}", canon.display()))?;
    let mtime_ns = crate::storage::mtime_ns(&meta);
    let key = canon.to_string_lossy().into_owned();
    let cache_file = output.as_path().map(|p| p.join(HASH_CACHE));
    let slot = cache_file.clone().unwrap_or_default();
    {
        let mut caches = lock(&CACHES);
        let cache = caches.entry(slot.clone()).or_insert_with(|| {
            cache_file
                .as_deref()
                .and_then(|f| std::fs::read(f).ok())
                .and_then(|b| serde_json::from_slice(&b).ok())
                .unwrap_or_default()
        });
        if let Some(c) = cache.get(&key) {
            if c.size == meta.len() && c.mtime_ns == mtime_ns {
                return Ok(c.xxh3.clone());
            }
        }
    }
    let xxh3 = hash_file(&canon)?;
    let mut caches = lock(&CACHES);
    let cache = caches.entry(slot).or_default();
    cache.insert(
        key,
        Cached {
            size: meta.len(),
            mtime_ns,
            xxh3: xxh3.clone(),
        },
    );
    if let Some(f) = cache_file {
        // A cache that cannot be written only costs a re-read next time.
        if f.parent().is_some_and(Path::exists) {
            let _ = Loc::local(&f).put(&serde_json::to_vec_pretty(&*cache)?);
        }
    }
    Ok(xxh3)
}

/// The stage's fingerprint and what it was computed from.
pub fn compute(wf: &Workflow, s: &StageDecl, inputs: &[Input]) -> Result<(String, Provenance)> {
    let mut parts = vec![
        serde_json::json!(s.kind.name()),
        s.params.clone(),
        serde_json::json!([
            s.common.shard_size,
            s.common.zstd_level,
            s.common.quarantine
        ]),
        serde_json::json!(curate_schemas::SCHEMA_VERSION),
    ];
    let mut prov = Provenance {
        revision: s.kind.revision(),
        params: s.params.clone(),
        settings: [
            (
                "shard_size".to_string(),
                serde_json::json!(s.common.shard_size),
            ),
            (
                "zstd_level".to_string(),
                serde_json::json!(s.common.zstd_level),
            ),
            (
                "on_error".to_string(),
                serde_json::json!(if s.common.quarantine {
                    "quarantine"
                } else {
                    "fail"
                }),
            ),
        ]
        .into_iter()
        .collect(),
        schema_version: curate_schemas::SCHEMA_VERSION.into(),
        ..Default::default()
    };
    // Revision 1 adds nothing, so fingerprints of unchanged stages stay valid.
    if s.kind.revision() > 1 {
        parts.push(serde_json::json!({ "revision": s.kind.revision() }));
    }
    for (key, f) in s.stage.param_files() {
        let what = || format!("stage `{}`: `{}`", s.name, key.join("."));
        let h = match f.to_str().filter(|u| crate::storage::is_url(u)) {
            // An object (a model on object storage): its size and version,
            // as for input files.
            Some(url) => {
                let m = Loc::parse(url, &wf.base_dir)
                    .and_then(|l| l.head())
                    .with_context(what)?
                    .with_context(|| format!("{}: no object {url}", what()))?;
                format!("{}/{}", m.size, m.version)
            }
            None => file_hash(&wf.output, &wf.base_dir.join(&f)).with_context(what)?,
        };
        prov.files
            .insert(format!("{}: {}", key.join("."), f.display()), h);
    }
    // Stages without parameter files keep their earlier fingerprints.
    if !prov.files.is_empty() {
        parts.push(serde_json::json!({ "files": prov.files }));
    }
    for i in inputs {
        match i {
            Input::Files(files) => {
                for f in files {
                    let m = f
                        .head()?
                        .with_context(|| format!("input {f} no longer exists"))?;
                    parts.push(serde_json::json!([f.to_string(), m.size, m.version]));
                    prov.inputs
                        .insert(format!("file {f}"), format!("{}/{}", m.size, m.version));
                }
            }
            Input::Stage { name, manifest, .. } => {
                parts.push(serde_json::json!(manifest.fingerprint));
                let mut sums = String::new();
                for sh in manifest.shards.iter().chain(&manifest.artifacts) {
                    parts.push(serde_json::json!(sh.xxh3));
                    sums.push_str(&sh.xxh3);
                }
                prov.inputs.insert(
                    format!("stage {name}"),
                    format!(
                        "{} {:016x}",
                        manifest.fingerprint,
                        xxhash_rust::xxh3::xxh3_64(sums.as_bytes())
                    ),
                );
            }
        }
    }
    let bytes = serde_json::to_vec(&parts)?;
    Ok((
        format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&bytes)),
        prov,
    ))
}

/// Why a stage committed as `old` must be recomputed now that its
/// fingerprint parts are `new`: one line per changed part.
pub fn reasons(kind: &str, old: Option<&Provenance>, new: &Provenance) -> Vec<String> {
    let Some(old) = old else {
        return vec![
            "fingerprint changed (its manifest, from an older curate, records no parts)".into(),
        ];
    };
    let mut out = vec![];
    if old.revision != new.revision {
        out.push(format!(
            "code of stage kind `{kind}` changed (revision {} -> {})",
            old.revision, new.revision
        ));
    }
    if old.schema_version != new.schema_version {
        out.push(format!(
            "schema version changed ({} -> {})",
            old.schema_version, new.schema_version
        ));
    }
    let (po, pn) = (object(&old.params), object(&new.params));
    for k in keys(&po, &pn) {
        match (po.get(&k), pn.get(&k)) {
            (Some(a), Some(b)) if a != b => out.push(format!("parameter `{k}` changed")),
            (None, Some(_)) => out.push(format!("parameter `{k}` added")),
            (Some(_), None) => out.push(format!("parameter `{k}` removed")),
            _ => {}
        }
    }
    for k in keys(&old.settings, &new.settings) {
        if old.settings.get(&k) != new.settings.get(&k) {
            out.push(format!("setting `{k}` changed"));
        }
    }
    for k in keys(&old.files, &new.files) {
        let (key, path) = k.split_once(": ").unwrap_or((&k, ""));
        let what = file_word(key);
        match (old.files.get(&k), new.files.get(&k)) {
            (Some(a), Some(b)) if a != b => out.push(format!("{what} {path} changed")),
            (None, Some(_)) => out.push(format!("{what} {path} is new (`{key}`)")),
            (Some(_), None) => out.push(format!("{what} {path} no longer used (`{key}`)")),
            _ => {}
        }
    }
    for k in keys(&old.inputs, &new.inputs) {
        let (what, name) = k.split_once(' ').unwrap_or(("input", &k));
        let label = match what {
            "stage" => format!("upstream `{name}` output"),
            _ => format!("input file {name}"),
        };
        match (old.inputs.get(&k), new.inputs.get(&k)) {
            (Some(a), Some(b)) if a != b => out.push(format!("{label} changed")),
            (None, Some(_)) => out.push(format!("{label} added")),
            (Some(_), None) => out.push(format!("{label} removed")),
            _ => {}
        }
    }
    if out.is_empty() {
        out.push("fingerprint changed".into());
    }
    out
}

/// "model file", "template file", ... for a parameter key.
fn file_word(key: &str) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    if last.contains("model") {
        "model file".into()
    } else {
        format!("{last} file")
    }
}

fn object(v: &serde_json::Value) -> BTreeMap<String, serde_json::Value> {
    match v {
        serde_json::Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        serde_json::Value::Null => BTreeMap::new(),
        other => [(String::new(), other.clone())].into_iter().collect(),
    }
}

fn keys<V>(a: &BTreeMap<String, V>, b: &BTreeMap<String, V>) -> Vec<String> {
    let mut k: Vec<String> = a.keys().chain(b.keys()).cloned().collect();
    k.sort();
    k.dedup();
    k
}

/// What a rerun will do with one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Committed with the same fingerprint, output intact.
    Skip,
    /// Never committed (no manifest, no committed unit).
    New,
    /// Interrupted: some units committed with this fingerprint are kept.
    Resume(usize),
    /// Committed, but something it depends on changed.
    Recompute(Vec<String>),
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Verdict::Skip => write!(f, "skip (committed, unchanged)"),
            Verdict::New => write!(f, "run (new)"),
            Verdict::Resume(n) => write!(f, "resume ({n} unit(s) committed by an interrupted run)"),
            Verdict::Recompute(r) => write!(f, "recompute: {}", r.join("; ")),
        }
    }
}

/// What a rerun of the workflow will do with each stage, in run order,
/// reading the committed manifests in the output directory.
pub fn rerun_plan(wf: &Workflow) -> Result<Vec<(String, Verdict)>> {
    let mut done: HashMap<String, Manifest> = HashMap::new();
    let mut verdicts: HashMap<String, Verdict> = HashMap::new();
    let mut out = vec![];
    for s in &wf.stages {
        let dir = crate::exec::stage_dir(wf, s)?;
        let committed = shards::read_manifest(&dir)?;
        let upstream: Vec<&String> = match &s.inputs {
            Inputs::Stages(ins) => ins
                .iter()
                .filter(|i| verdicts.get(*i) != Some(&Verdict::Skip))
                .collect(),
            Inputs::Files(_) => vec![],
        };
        let v = if !upstream.is_empty() {
            match committed {
                None => Verdict::New,
                Some(_) => Verdict::Recompute(
                    upstream
                        .iter()
                        .map(|u| format!("upstream `{u}` recomputed"))
                        .collect(),
                ),
            }
        } else {
            let inputs = inputs_from(s, &done);
            let (fp, prov) = compute(wf, s, &inputs)?;
            match committed {
                Some(m) if m.fingerprint == fp => {
                    if shards::verify_manifest(&dir, &m, false)? {
                        done.insert(s.name.clone(), m);
                        Verdict::Skip
                    } else {
                        Verdict::Recompute(
                            vec!["its committed files are missing or changed".into()],
                        )
                    }
                }
                Some(m) => Verdict::Recompute(reasons(s.kind.name(), m.provenance.as_ref(), &prov)),
                None => {
                    let units = dir
                        .join(shards::UNITS_DIR)
                        .list()
                        .map(|l| l.len())
                        .unwrap_or(0);
                    if units > 0 {
                        Verdict::Resume(units)
                    } else {
                        Verdict::New
                    }
                }
            }
        };
        verdicts.insert(s.name.clone(), v.clone());
        out.push((s.name.clone(), v));
    }
    Ok(out)
}

fn inputs_from(s: &StageDecl, done: &HashMap<String, Manifest>) -> Vec<Input> {
    match &s.inputs {
        Inputs::Files(f) => vec![Input::Files(f.clone())],
        Inputs::Stages(names) => names
            .iter()
            .filter_map(|n| {
                let m = done.get(n)?;
                Some(Input::Stage {
                    name: n.clone(),
                    dir: Loc::local(""),
                    manifest: Box::new(m.clone()),
                })
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prov() -> Provenance {
        Provenance {
            revision: 1,
            params: serde_json::json!({"model": "m.ftz", "min": 3}),
            settings: [("shard_size".to_string(), serde_json::json!(1))]
                .into_iter()
                .collect(),
            schema_version: "1".into(),
            files: [("model: m.ftz".to_string(), "aa".to_string())]
                .into_iter()
                .collect(),
            inputs: [("stage raw".to_string(), "f1".to_string())]
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn reasons_name_each_changed_part() {
        let old = prov();
        let mut new = prov();
        assert_eq!(
            reasons("langid", Some(&old), &new),
            vec!["fingerprint changed"]
        );
        new.files.insert("model: m.ftz".into(), "bb".into());
        assert_eq!(
            reasons("langid", Some(&old), &new),
            vec!["model file m.ftz changed"]
        );
        new = prov();
        new.revision = 2;
        new.params["min"] = serde_json::json!(4);
        new.inputs.insert("stage raw".into(), "f2".into());
        assert_eq!(
            reasons("langid", Some(&old), &new),
            vec![
                "code of stage kind `langid` changed (revision 1 -> 2)",
                "parameter `min` changed",
                "upstream `raw` output changed"
            ]
        );
        assert_eq!(file_word("checks.langid_model"), "model file");
        assert_eq!(file_word("template"), "template file");
        assert_eq!(file_word("tokenizer"), "tokenizer file");
    }

    #[test]
    fn file_hash_follows_content_and_is_cached() {
        let d = tempfile::tempdir().unwrap();
        let out = Loc::local(d.path());
        let f = d.path().join("m.bin");
        std::fs::write(&f, b"one").unwrap();
        let a = file_hash(&out, &f).unwrap();
        assert_eq!(a, hash_file(&f).unwrap());
        assert!(d.path().join(HASH_CACHE).is_file());
        // Same size, new content, new mtime: a new hash.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&f, b"two").unwrap();
        let b = file_hash(&out, &f).unwrap();
        assert_ne!(a, b);
        assert_eq!(b, hash_file(&f).unwrap());
        assert!(file_hash(&out, &d.path().join("missing")).is_err());
    }
}
