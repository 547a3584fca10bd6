//! `workflow.yaml` -> validated DAG.
//!
//! ```yaml
//! name: quickstart            # default: the file's stem
//! output: out/quickstart      # default: out/<name>, relative to the current directory
//! threads: 2                  # default: all cores
//! on_error: quarantine        # default for every stage: fail | quarantine
//! stages:
//!   raw:
//!     uses: ingest
//!     inputs: [corpus/*.jsonl.gz]   # paths/globs relative to this file
//!   scored: {uses: heuristics, inputs: [raw]}
//!   good:
//!     uses: filter
//!     inputs: [scored]
//!     where: "gopher_quality_ok AND word_count >= 50"
//! ```
//! Every stage also takes `shard_size` (bytes or "256MB"), `zstd_level` and
//! `on_error`. Everything is checked before anything runs; each problem is
//! reported as `file:line:col: message`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use datafusion::arrow::datatypes::SchemaRef;
use serde_json::Value;

use crate::functions::Functions;
use crate::stage::{InputKind, Stage, StageKind};
use crate::stages;
use crate::storage::{self, Loc};
use crate::yaml::{self, Kind, Node, Pos};

/// One validation problem.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub file: String,
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.pos, self.message)
    }
}

/// All problems found in a workflow file.
#[derive(Debug)]
pub struct Invalid(pub Vec<Diagnostic>);

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

/// Settings every stage accepts, besides its own parameters.
#[derive(Debug, Clone)]
pub struct Common {
    pub quarantine: bool,
    pub shard_size: u64,
    pub zstd_level: i32,
}

pub enum Inputs {
    /// Local paths or object-store URLs.
    Files(Vec<Loc>),
    Stages(Vec<String>),
}

pub struct StageDecl {
    pub name: String,
    pub pos: Pos,
    pub kind: &'static dyn StageKind,
    pub inputs: Inputs,
    pub stage: Box<dyn Stage>,
    /// The stage's own parameters (for fingerprints and reports).
    pub params: Value,
    pub common: Common,
    pub output_schema: SchemaRef,
}

pub struct Workflow {
    pub name: String,
    pub file: PathBuf,
    /// Directory of the workflow file: input paths are relative to it.
    pub base_dir: PathBuf,
    /// Where stage directories go: a local directory or a URL.
    pub output: Loc,
    pub threads: usize,
    /// `report: true`: `curate run` writes `<output>/report.html` at the end.
    pub report: bool,
    /// Stages in a topological order (ties in declaration order).
    pub stages: Vec<StageDecl>,
    /// Resources of batch jobs (`curate submit`, `curate plan --k8s`).
    pub cluster: Option<crate::cluster::Cluster>,
}

impl fmt::Debug for Workflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.stages.iter().map(|s| s.name.as_str()).collect();
        f.debug_struct("Workflow")
            .field("name", &self.name)
            .field("stages", &names)
            .finish()
    }
}

impl Workflow {
    pub fn stage(&self, name: &str) -> Option<&StageDecl> {
        self.stages.iter().find(|s| s.name == name)
    }

    /// Input schemas of a stage, in `inputs:` order.
    pub fn input_schemas(&self, s: &StageDecl) -> Vec<SchemaRef> {
        match &s.inputs {
            Inputs::Files(_) => vec![],
            Inputs::Stages(names) => names
                .iter()
                // ok-unwrap: validation checked that every input stage exists.
                .map(|n| self.stage(n).unwrap().output_schema.clone())
                .collect(),
        }
    }
}

const COMMON_KEYS: [&str; 5] = ["uses", "inputs", "on_error", "shard_size", "zstd_level"];
const TOP_KEYS: [&str; 8] = [
    "name",
    "description",
    "output",
    "threads",
    "on_error",
    "cluster",
    "report",
    "stages",
];

struct Ctx {
    file: String,
    diags: Vec<Diagnostic>,
}

impl Ctx {
    fn err(&mut self, pos: Pos, message: impl Into<String>) {
        self.diags.push(Diagnostic {
            file: self.file.clone(),
            pos,
            message: message.into(),
        });
    }
}

/// Parse a size such as `268435456`, `"256MB"` or `"64 MiB"`.
pub fn parse_size(v: &Value) -> Option<u64> {
    if let Some(n) = v.as_u64() {
        return (n > 0).then_some(n);
    }
    let s = v.as_str()?.trim().to_ascii_lowercase();
    let split = s.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (num, unit) = s.split_at(split);
    let num: f64 = num.parse().ok()?;
    let mult: f64 = match unit.trim() {
        "b" => 1.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        "kib" | "k" => 1024.0,
        "mib" | "m" => 1024.0 * 1024.0,
        "gib" | "g" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let n = (num * mult) as u64;
    (n > 0).then_some(n)
}

fn closest<'a>(word: &str, options: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    options
        .map(|o| (edit_distance(word, o), o))
        .filter(|(d, o)| *d <= 2.max(o.len() / 3))
        .min()
        .map(|(_, o)| o)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn string_list(node: &Node, what: &str, cx: &mut Ctx) -> Vec<(String, Pos)> {
    match &node.kind {
        Kind::Scalar(s, _) => vec![(s.clone(), node.pos)],
        Kind::Seq(items) => items
            .iter()
            .filter_map(|i| match i.as_str() {
                Some(s) => Some((s.to_string(), i.pos)),
                None => {
                    cx.err(
                        i.pos,
                        format!("{what} must be strings, found {}", i.type_name()),
                    );
                    None
                }
            })
            .collect(),
        Kind::Map(_) => {
            cx.err(
                node.pos,
                format!("{what} must be a string or a list of strings"),
            );
            vec![]
        }
    }
}

fn on_error(node: &Node, cx: &mut Ctx) -> Option<bool> {
    match node.as_str() {
        Some("fail") => Some(false),
        Some("quarantine") => Some(true),
        _ => {
            cx.err(
                node.pos,
                "on_error must be `fail` (stop with an error naming file and line) or `quarantine` (keep bad records in quarantine/ and go on)",
            );
            None
        }
    }
}

/// Expand globs relative to `base` (or in an object store, for URLs),
/// sorted, de-duplicated.
fn expand(pattern: &str, base: &Path) -> Result<Vec<Loc>, String> {
    if storage::is_url(pattern) {
        return expand_url(pattern);
    }
    let full = if Path::new(pattern).is_absolute() {
        pattern.to_string()
    } else {
        base.join(pattern).to_string_lossy().into_owned()
    };
    let paths = glob::glob(&full).map_err(|e| format!("bad glob pattern '{pattern}': {e}"))?;
    let mut out: Vec<PathBuf> = paths
        .filter_map(|p| p.ok())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out.dedup();
    if out.is_empty() {
        return Err(format!(
            "input '{pattern}' matches no file (looked in {})",
            base.display()
        ));
    }
    Ok(out.into_iter().map(Loc::Local).collect())
}

/// `s3://bucket/dir/*.jsonl.gz`: list the prefix before the first glob
/// character and keep the keys the pattern matches.
fn expand_url(pattern: &str) -> Result<Vec<Loc>, String> {
    let glob_at = pattern.find(['*', '?', '[']).unwrap_or(pattern.len());
    let dir_end = pattern[..glob_at].rfind('/').unwrap_or(0);
    let (dir, rest) = (&pattern[..dir_end], &pattern[dir_end + 1..]);
    let root = Loc::parse(dir, Path::new("")).map_err(|e| format!("{e:#}"))?;
    let listing = root
        .list()
        .map_err(|e| format!("cannot list {dir}: {e:#}"))?;
    let pat = glob::Pattern::new(rest).map_err(|e| format!("bad glob pattern '{pattern}': {e}"))?;
    let opts = glob::MatchOptions {
        require_literal_separator: true,
        ..Default::default()
    };
    let out: Vec<Loc> = listing
        .iter()
        .filter(|(rel, _)| {
            if glob_at == pattern.len() {
                rel == rest
            } else {
                pat.matches_with(rel, opts)
            }
        })
        .map(|(rel, _)| root.join(rel))
        .collect();
    if out.is_empty() {
        return Err(format!("input '{pattern}' matches no object"));
    }
    Ok(out)
}

/// Load and validate a workflow. `output` overrides the file's `output:`.
pub fn load(path: &Path, output: Option<&str>) -> Result<Workflow, Invalid> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Invalid(vec![Diagnostic {
            file: file.clone(),
            pos: Pos { line: 0, col: 0 },
            message: format!("cannot read workflow: {e}"),
        }])
    })?;
    let base_dir = path
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .unwrap_or(Path::new("."));
    // Inputs resolve against the workflow's directory as an absolute path,
    // so a stage's fingerprint does not depend on the directory `curate`
    // is started from (a relative path made a rerun redo `ingest`).
    let base_dir = base_dir.canonicalize().map_err(|e| {
        Invalid(vec![Diagnostic {
            file: file.clone(),
            pos: Pos { line: 0, col: 0 },
            message: format!(
                "cannot resolve the workflow's directory {}: {e}",
                base_dir.display()
            ),
        }])
    })?;
    parse(&text, &file, &base_dir, output)
}

/// Validate workflow text; `base_dir` resolves input paths.
pub fn parse(
    text: &str,
    file: &str,
    base_dir: &Path,
    output: Option<&str>,
) -> Result<Workflow, Invalid> {
    let mut cx = Ctx {
        file: file.to_string(),
        diags: vec![],
    };
    let root = yaml::parse(text).map_err(|e| {
        Invalid(vec![Diagnostic {
            file: file.to_string(),
            pos: e.pos,
            message: format!("YAML syntax: {}", e.message),
        }])
    })?;
    let Some(top) = root.as_map() else {
        cx.err(root.pos, "a workflow is a mapping with a `stages:` key");
        return Err(Invalid(cx.diags));
    };
    for (k, _) in top {
        let key = k.as_str().unwrap_or_default();
        if !TOP_KEYS.contains(&key) {
            let hint = closest(key, TOP_KEYS.iter().copied())
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            cx.err(k.pos, format!("unknown key `{key}`{hint}"));
        }
    }
    let name = match root.get("name") {
        Some((_, v)) => v.as_str().unwrap_or_default().to_string(),
        None => Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "workflow".into()),
    };
    let output_text = match (output, root.get("output")) {
        (Some(o), _) => o.to_string(),
        (None, Some((_, v))) => v.as_str().unwrap_or("out").to_string(),
        (None, None) => format!("out/{name}"),
    };
    let output = match Loc::parse(&output_text, Path::new("")) {
        Ok(l) => l,
        Err(e) => {
            let pos = root.get("output").map(|(_, v)| v.pos).unwrap_or(root.pos);
            cx.err(pos, format!("output: {e:#}"));
            return Err(Invalid(cx.diags));
        }
    };
    let threads = match root.get("threads") {
        Some((_, v)) => match v.to_json().as_u64() {
            Some(n) if n > 0 => n as usize,
            _ => {
                cx.err(v.pos, "threads must be a positive integer");
                1
            }
        },
        None => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
    };
    let report = match root.get("report") {
        Some((_, v)) => v.to_json().as_bool().unwrap_or_else(|| {
            cx.err(v.pos, "report must be true or false");
            false
        }),
        None => false,
    };
    let default_quarantine = match root.get("on_error") {
        Some((_, v)) => on_error(v, &mut cx).unwrap_or(false),
        None => false,
    };
    let Some((stages_key, stages_node)) = root.get("stages") else {
        cx.err(
            root.pos,
            "missing `stages:` (a mapping of stage name to stage)",
        );
        return Err(Invalid(cx.diags));
    };
    let Some(stage_entries) = stages_node.as_map() else {
        cx.err(
            stages_key.pos,
            "`stages:` must be a mapping of stage name to stage",
        );
        return Err(Invalid(cx.diags));
    };
    let fx = Functions::default();
    let declared: Vec<String> = stage_entries
        .iter()
        .filter_map(|(k, _)| k.as_str().map(str::to_string))
        .collect();
    let mut seen = HashSet::new();
    struct Pending {
        name: String,
        pos: Pos,
        kind: &'static dyn StageKind,
        inputs: Inputs,
        input_pos: Vec<Pos>,
        stage: Box<dyn Stage>,
        params: Value,
        common: Common,
    }
    let mut pending: Vec<Pending> = vec![];
    for (k, v) in stage_entries {
        let name = k.as_str().unwrap_or_default().to_string();
        if !seen.insert(name.clone()) {
            cx.err(k.pos, format!("stage `{name}` is declared twice"));
            continue;
        }
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            cx.err(
                k.pos,
                format!("stage name `{name}` must be letters, digits, `_` or `-`"),
            );
            continue;
        }
        if v.as_map().is_none() {
            cx.err(
                v.pos,
                format!("stage `{name}` must be a mapping with `uses:`"),
            );
            continue;
        }
        let Some((_, uses)) = v.get("uses") else {
            cx.err(
                k.pos,
                format!(
                    "stage `{name}` has no `uses:` (one of: {})",
                    stages::kind_names().join(", ")
                ),
            );
            continue;
        };
        let kind_name = uses.as_str().unwrap_or_default();
        let Some(kind) = stages::kind(kind_name) else {
            let hint = closest(kind_name, stages::KINDS.iter().map(|k| k.name()))
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            cx.err(
                uses.pos,
                format!(
                    "unknown stage kind `{kind_name}`; {hint}known kinds: {}",
                    stages::kind_names().join(", ")
                ),
            );
            continue;
        };
        // Inputs.
        let raw_inputs = match v.get("inputs") {
            Some((_, n)) => string_list(n, "inputs", &mut cx),
            None => {
                cx.err(k.pos, format!("stage `{name}` has no `inputs:`"));
                vec![]
            }
        };
        let input_pos: Vec<Pos> = raw_inputs.iter().map(|(_, p)| *p).collect();
        let inputs = match kind.inputs() {
            InputKind::Paths => {
                let mut files = vec![];
                for (pat, pos) in &raw_inputs {
                    if declared.contains(pat) {
                        cx.err(
                            *pos,
                            format!("`{kind_name}` reads files, but `{pat}` is a stage"),
                        );
                        continue;
                    }
                    match expand(pat, base_dir) {
                        Ok(f) => files.extend(f),
                        Err(e) => cx.err(*pos, e),
                    }
                }
                Inputs::Files(files)
            }
            InputKind::Stages { min, max } => {
                for (inp, pos) in &raw_inputs {
                    if !declared.contains(inp) {
                        let hint = closest(inp, declared.iter().map(String::as_str))
                            .map(|c| format!("; did you mean `{c}`?"))
                            .unwrap_or_default();
                        cx.err(
                            *pos,
                            format!(
                                "input `{inp}` is not a stage of this workflow{hint} (stages: {})",
                                declared.join(", ")
                            ),
                        );
                    }
                }
                let n = raw_inputs.len();
                if n < min || max.is_some_and(|m| n > m) {
                    let want = match max {
                        Some(m) if m == min => format!("exactly {min}"),
                        Some(m) => format!("{min} to {m}"),
                        None => format!("at least {min}"),
                    };
                    cx.err(
                        k.pos,
                        format!("`{kind_name}` takes {want} input stage(s), got {n}"),
                    );
                }
                Inputs::Stages(raw_inputs.iter().map(|(s, _)| s.clone()).collect())
            }
        };
        // Common settings.
        let mut common = Common {
            quarantine: default_quarantine,
            shard_size: crate::shards::DEFAULT_SHARD_BYTES,
            zstd_level: 3,
        };
        if let Some((_, n)) = v.get("on_error") {
            if let Some(q) = on_error(n, &mut cx) {
                common.quarantine = q;
            }
        }
        if let Some((_, n)) = v.get("shard_size") {
            match parse_size(&n.to_json()) {
                Some(s) => common.shard_size = s,
                None => cx.err(
                    n.pos,
                    "shard_size must be a positive size in bytes, e.g. 268435456 or \"256MB\"",
                ),
            }
        }
        if let Some((_, n)) = v.get("zstd_level") {
            match n.to_json().as_i64() {
                Some(l) if (1..=22).contains(&l) => common.zstd_level = l as i32,
                _ => cx.err(n.pos, "zstd_level must be an integer from 1 to 22"),
            }
        }
        // Stage parameters: everything else.
        let mut params = serde_json::Map::new();
        // ok-unwrap: checked to be a map above.
        for (pk, pv) in v.as_map().unwrap() {
            let key = pk.as_str().unwrap_or_default();
            if !COMMON_KEYS.contains(&key) {
                params.insert(key.to_string(), pv.to_json());
            }
        }
        let params = Value::Object(params);
        let stage = match kind.build(&params) {
            Ok(s) => s,
            Err(e) => {
                let pos = v.locate(&e.path);
                let at = if e.path.is_empty() {
                    String::new()
                } else {
                    format!(" `{}`", e.path.join("."))
                };
                let mut msg = format!("stage `{name}` ({kind_name}):{at} {}", e.message);
                if let Some(field) = e.message.strip_prefix("unknown field `") {
                    let _ = field;
                    msg.push_str(&format!(
                        " (settings every stage takes: {})",
                        COMMON_KEYS[2..].join(", ")
                    ));
                }
                cx.err(pos, msg);
                continue;
            }
        };
        for (key, f) in stage.param_files() {
            // An object-store URL (where the stage takes one) is checked
            // when the run starts: its fingerprint reads the object's size
            // and version.
            if f.to_str().is_some_and(crate::storage::is_url) {
                if !stage.param_url_ok(&key) {
                    let path: Vec<String> = key.iter().map(|k| k.to_string()).collect();
                    cx.err(
                        v.locate(&path),
                        format!(
                            "stage `{name}` ({kind_name}): `{}`: {} is a URL; this parameter takes a local path",
                            key.join("."),
                            f.display()
                        ),
                    );
                }
                continue;
            }
            let full = base_dir.join(&f);
            if !full.is_file() {
                let path: Vec<String> = key.iter().map(|k| k.to_string()).collect();
                cx.err(
                    v.locate(&path),
                    format!(
                        "stage `{name}` ({kind_name}): `{}`: no file {} (looked in {})",
                        key.join("."),
                        f.display(),
                        full.display()
                    ),
                );
            }
        }
        pending.push(Pending {
            name,
            pos: k.pos,
            kind,
            inputs,
            input_pos,
            stage,
            params,
            common,
        });
    }
    if pending.is_empty() && cx.diags.is_empty() {
        cx.err(stages_node.pos, "the workflow has no stages");
    }
    if !cx.diags.is_empty() {
        return Err(Invalid(cx.diags));
    }
    // Topological order; stable in declaration order.
    let index: HashMap<String, usize> = pending
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.clone(), i))
        .collect();
    let deps: Vec<Vec<usize>> = pending
        .iter()
        .map(|p| match &p.inputs {
            Inputs::Stages(s) => s.iter().filter_map(|n| index.get(n).copied()).collect(),
            Inputs::Files(_) => vec![],
        })
        .collect();
    let mut order = vec![];
    let mut done = vec![false; pending.len()];
    while order.len() < pending.len() {
        let ready = (0..pending.len()).find(|&i| !done[i] && deps[i].iter().all(|&d| done[d]));
        match ready {
            Some(i) => {
                done[i] = true;
                order.push(i);
            }
            None => {
                // Report one cycle, starting from the first stage left.
                // ok-unwrap: no stage was ready, so some stage is not done.
                let start = (0..pending.len()).find(|&i| !done[i]).unwrap();
                let mut path = vec![start];
                let mut cur = start;
                loop {
                    // ok-unwrap: a stage left over waits on another left over.
                    let next = deps[cur].iter().copied().find(|&d| !done[d]).unwrap();
                    if let Some(at) = path.iter().position(|&p| p == next) {
                        let names: Vec<&str> = path[at..]
                            .iter()
                            .chain(std::iter::once(&next))
                            .map(|&i| pending[i].name.as_str())
                            .collect();
                        let first = &pending[path[at]];
                        cx.err(
                            first.pos,
                            format!("cycle between stages: {}", names.join(" -> ")),
                        );
                        break;
                    }
                    path.push(next);
                    cur = next;
                }
                return Err(Invalid(cx.diags));
            }
        }
    }
    // Schemas, in order: catches bad predicates and column names before running.
    let mut schemas: HashMap<String, SchemaRef> = HashMap::new();
    let mut decls = vec![];
    let mut slots: Vec<Option<Pending>> = pending.into_iter().map(Some).collect();
    for i in order {
        // ok-unwrap: `order` is a permutation of the slots.
        let p = slots[i].take().unwrap();
        let input_schemas: Vec<SchemaRef> = match &p.inputs {
            Inputs::Stages(s) => s.iter().map(|n| schemas[n].clone()).collect(),
            Inputs::Files(_) => vec![],
        };
        if let (Some(first), false) = (input_schemas.first(), p.kind.mixed_inputs()) {
            for (j, s) in input_schemas.iter().enumerate().skip(1) {
                if s.fields() != first.fields() {
                    cx.err(
                        p.input_pos[j],
                        "all inputs of a stage must have the same columns",
                    );
                }
            }
        }
        match p.stage.output_schema(&input_schemas, &fx) {
            Ok(schema) => {
                schemas.insert(p.name.clone(), schema.clone());
                decls.push(StageDecl {
                    name: p.name,
                    pos: p.pos,
                    kind: p.kind,
                    inputs: p.inputs,
                    stage: p.stage,
                    params: p.params,
                    common: p.common,
                    output_schema: schema,
                });
            }
            Err(e) => {
                cx.err(
                    p.pos,
                    format!("stage `{}` ({}): {e:#}", p.name, p.kind.name()),
                );
                return Err(Invalid(cx.diags));
            }
        }
    }
    if !cx.diags.is_empty() {
        return Err(Invalid(cx.diags));
    }
    let mut wf = Workflow {
        name,
        file: PathBuf::from(file),
        base_dir: base_dir.to_path_buf(),
        output,
        threads,
        report,
        stages: decls,
        cluster: None,
    };
    if let Some((_, node)) = root.get("cluster") {
        match crate::stage::params::<crate::cluster::Cluster>(&node.to_json()) {
            Ok(c) => {
                let ids: Vec<String> = crate::exec::phases(&wf).iter().map(|p| p.id()).collect();
                for (path, msg) in crate::cluster::check(&c, &ids) {
                    cx.err(node.locate(&path), format!("cluster: {msg}"));
                }
                wf.cluster = Some(c);
            }
            Err(e) => {
                let at = if e.path.is_empty() {
                    String::new()
                } else {
                    format!(" `{}`", e.path.join("."))
                };
                cx.err(node.locate(&e.path), format!("cluster:{at} {}", e.message));
            }
        }
    }
    if !cx.diags.is_empty() {
        return Err(Invalid(cx.diags));
    }
    Ok(wf)
}

/// Text of `curate validate` / `--dry-run`: the DAG and every stage's plan.
/// Which stage's work runs on the remote engine `engine` and which in this
/// process, one line per stage (`curate validate --engine ballista`).
pub fn engine_plan(wf: &Workflow, engine: &str) -> String {
    let mut out = String::new();
    for s in &wf.stages {
        let line = match s.kind.remote_work() {
            Some(what) => {
                format!("on {engine}: {what}; each unit is committed here")
            }
            None => "here (not a per-shard query)".to_string(),
        };
        out.push_str(&format!("  {} ({}): {line}\n", s.name, s.kind.name()));
    }
    out
}

pub fn describe(wf: &Workflow, fx: &Functions) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "workflow `{}`: {} stages, output {}, {} threads\n",
        wf.name,
        wf.stages.len(),
        wf.output,
        wf.threads
    ));
    let mut downstream: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in &wf.stages {
        if let Inputs::Stages(ins) = &s.inputs {
            for i in ins {
                downstream.entry(i.as_str()).or_default().push(&s.name);
            }
        }
    }
    for (n, s) in wf.stages.iter().enumerate() {
        let inputs = match &s.inputs {
            Inputs::Files(f) => format!("{} file(s)", f.len()),
            Inputs::Stages(ins) => ins.join(", "),
        };
        let next = downstream
            .get(s.name.as_str())
            .map(|d| d.join(", "))
            .unwrap_or_else(|| "(final)".into());
        out.push_str(&format!(
            "\n[{}] {} ({}) <- {} -> {}\n",
            n + 1,
            s.name,
            s.kind.name(),
            inputs,
            next
        ));
        out.push_str(&format!(
            "    output: {}\n",
            s.output_schema
                .fields()
                .iter()
                .map(|f| f.name().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let phases = s.stage.phases();
        if phases.len() > 1 || phases[0].single {
            out.push_str("    phases:\n");
            for p in &phases {
                out.push_str(&format!(
                    "      {}:{} ({}) {}\n",
                    s.name,
                    p.name,
                    if p.single {
                        "one task: needs all its data in one process"
                    } else {
                        "parallel over tasks"
                    },
                    p.what
                ));
            }
        }
        match s.stage.explain(&wf.input_schemas(s), fx) {
            Ok(plan) => {
                for line in plan.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
            Err(e) => out.push_str(&format!("    (plan unavailable: {e})\n")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(yaml: &str) -> Result<Workflow, Invalid> {
        parse(yaml, "wf.yaml", Path::new("."), None)
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size(&Value::from(10)), Some(10));
        assert_eq!(parse_size(&Value::from("256MB")), Some(256_000_000));
        assert_eq!(parse_size(&Value::from("1 MiB")), Some(1 << 20));
        assert_eq!(parse_size(&Value::from("lots")), None);
    }

    #[test]
    fn unknown_kind_is_reported_with_position() {
        let e = check("stages:\n  a:\n    uses: ingest\n    inputs: Cargo.toml\n    format: text\n  b:\n    uses: heuristic\n    inputs: [a]\n")
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("wf.yaml:7:11: unknown stage kind `heuristic`"),
            "{msg}"
        );
        assert!(msg.contains("did you mean `heuristics`"), "{msg}");
    }

    #[test]
    fn missing_input_stage_and_cycle() {
        let e = check("stages:\n  a: {uses: heuristics, inputs: [nope]}\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("wf.yaml:2:34: input `nope` is not a stage"),
            "{e}"
        );
        let e = check(
            "stages:\n  a: {uses: heuristics, inputs: [b]}\n  b: {uses: heuristics, inputs: [a]}\n",
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("cycle between stages: a -> b -> a"),
            "{e}"
        );
    }

    #[test]
    fn bad_parameter_type_names_the_key() {
        let e = check(
            "stages:\n  a:\n    uses: ingest\n    inputs: Cargo.toml\n    max_doc_bytes: lots\n",
        )
        .unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("wf.yaml:5:20:"), "{msg}");
        assert!(msg.contains("max_doc_bytes"), "{msg}");
    }

    #[test]
    fn missing_files_and_unknown_top_key() {
        let e = check("stage:\n  a: 1\n").unwrap_err();
        assert!(
            e.to_string()
                .contains("unknown key `stage`; did you mean `stages`?"),
            "{e}"
        );
        let e = check("stages:\n  a: {uses: ingest, inputs: [no/such/*.jsonl]}\n").unwrap_err();
        assert!(e.to_string().contains("matches no file"), "{e}");
    }

    #[test]
    fn report_key() {
        let stages = "stages:\n  a: {uses: ingest, inputs: Cargo.toml, format: text}\n";
        assert!(!check(stages).unwrap().report);
        assert!(check(&format!("report: true\n{stages}")).unwrap().report);
        let e = check(&format!("report: yes please\n{stages}")).unwrap_err();
        assert!(
            e.to_string()
                .contains("wf.yaml:1:9: report must be true or false"),
            "{e}"
        );
    }

    #[test]
    fn bad_predicate_is_caught_before_running() {
        let e = check("stages:\n  a: {uses: ingest, inputs: Cargo.toml, format: text}\n  f: {uses: filter, inputs: [a], where: \"no_such_column > 3\"}\n")
            .unwrap_err();
        assert!(
            e.to_string().contains("wf.yaml:3:3: stage `f` (filter)"),
            "{e}"
        );
        assert!(e.to_string().contains("no_such_column"), "{e}");
    }
}
