//! Batch clusters: the workflow's `cluster:` block, and the jobs that run it
//! as array tasks, one job per phase (see [`crate::exec::phases`]).
//!
//! - **Slurm** (`curate submit --slurm`): one `sbatch --array=0-(N-1)` job per
//!   phase (`--array=0` for a phase that runs in one task), each after the
//!   previous one with `--dependency=afterok:<id>`; every task runs
//!   `curate run --phase <stage:phase>` and reads its index from
//!   `SLURM_ARRAY_TASK_ID`. Stages already committed are not submitted.
//! - **Kubernetes** (`curate plan --k8s DIR`): one Indexed Job per phase
//!   (`completionMode: Indexed`, index in `JOB_COMPLETION_INDEX`). Phases are
//!   chained without an operator: each Job's pods start with an init
//!   container running `curate wait --phase <previous phase>`, which
//!   returns once that phase is complete, so `kubectl apply -f DIR` submits
//!   them all at once and they run in order.
//!
//! ```yaml
//! cluster:
//!   tasks: 8               # array tasks per parallel phase
//!   cpus_per_task: 4       # also curate's --threads
//!   mem: 16G
//!   time: "02:00:00"       # Slurm time limit
//!   partition: batch       # Slurm partition
//!   account: myproject     # Slurm account (optional)
//!   image: ghcr.io/acme/curate:0.1   # Kubernetes container image
//!   namespace: data        # Kubernetes namespace
//!   binary: /opt/curate/bin/curate    # curate on the cluster (default: this executable)
//!   env: {AWS_REGION: us-east-1}      # extra environment of every task (no secrets here)
//!   env_from_secret: s3-credentials   # Kubernetes secret with the credentials
//!   phases:                # per-phase overrides
//!     near:cluster: {mem: 64G, time: "04:00:00"}
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Deserialize;

use crate::exec::PhaseRef;
use crate::workflow::Workflow;

/// Resources of one phase's tasks.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Resources {
    pub tasks: Option<usize>,
    pub cpus_per_task: Option<usize>,
    pub mem: Option<String>,
    pub time: Option<String>,
    pub partition: Option<String>,
}

/// The `cluster:` block of a workflow.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Cluster {
    #[serde(default = "one")]
    pub tasks: usize,
    #[serde(default = "one")]
    pub cpus_per_task: usize,
    #[serde(default)]
    pub mem: Option<String>,
    #[serde(default)]
    pub time: Option<String>,
    #[serde(default)]
    pub partition: Option<String>,
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub namespace: Option<String>,
    #[serde(default)]
    pub binary: Option<String>,
    #[serde(default)]
    pub env: BTreeMap<String, String>,
    #[serde(default)]
    pub env_from_secret: Option<String>,
    #[serde(default)]
    pub phases: BTreeMap<String, Resources>,
}

fn one() -> usize {
    1
}

impl Default for Cluster {
    fn default() -> Self {
        Cluster {
            tasks: 1,
            cpus_per_task: 1,
            mem: None,
            time: None,
            partition: None,
            account: None,
            image: None,
            namespace: None,
            binary: None,
            env: BTreeMap::new(),
            env_from_secret: None,
            phases: BTreeMap::new(),
        }
    }
}

/// Problems with a `cluster:` block: (key path, message).
pub fn check(c: &Cluster, phase_ids: &[String]) -> Vec<(Vec<String>, String)> {
    let mut out = vec![];
    let err = |out: &mut Vec<(Vec<String>, String)>, path: &[&str], m: String| {
        out.push((path.iter().map(|s| s.to_string()).collect(), m));
    };
    if c.tasks == 0 {
        err(&mut out, &["tasks"], "tasks must be at least 1".into());
    }
    if c.cpus_per_task == 0 {
        err(
            &mut out,
            &["cpus_per_task"],
            "cpus_per_task must be at least 1".into(),
        );
    }
    let check_mem = |out: &mut Vec<(Vec<String>, String)>, path: &[&str], m: &Option<String>| {
        if let Some(m) = m {
            if mem_mb(m).is_none() {
                out.push((
                    path.iter().map(|s| s.to_string()).collect(),
                    format!("mem `{m}`: give a size such as 4G, 512M or 16000M"),
                ));
            }
        }
    };
    let check_time = |out: &mut Vec<(Vec<String>, String)>, path: &[&str], t: &Option<String>| {
        if let Some(t) = t {
            if !valid_time(t) {
                out.push((
                    path.iter().map(|s| s.to_string()).collect(),
                    format!("time `{t}`: give Slurm's form, e.g. 30, 02:00:00 or 1-00:00:00"),
                ));
            }
        }
    };
    check_mem(&mut out, &["mem"], &c.mem);
    check_time(&mut out, &["time"], &c.time);
    for (name, key) in c.env.keys().map(|k| (k, k.as_str())) {
        if key.is_empty()
            || !key
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_')
        {
            err(
                &mut out,
                &["env", name],
                format!("environment variable name `{name}` must be letters, digits and _"),
            );
        }
    }
    for (id, r) in &c.phases {
        if !phase_ids.contains(id) {
            err(
                &mut out,
                &["phases", id],
                format!(
                    "no phase `{id}` in this workflow (phases: {})",
                    phase_ids.join(", ")
                ),
            );
        }
        if r.tasks == Some(0) {
            err(
                &mut out,
                &["phases", id, "tasks"],
                "tasks must be at least 1".into(),
            );
        }
        if r.cpus_per_task == Some(0) {
            err(
                &mut out,
                &["phases", id, "cpus_per_task"],
                "cpus_per_task must be at least 1".into(),
            );
        }
        check_mem(&mut out, &["phases", id, "mem"], &r.mem);
        check_time(&mut out, &["phases", id, "time"], &r.time);
    }
    out
}

/// Megabytes of a Slurm-style memory size (`16G`, `512M`, `2048`).
pub fn mem_mb(m: &str) -> Option<u64> {
    let m = m.trim();
    let (num, unit) = m.split_at(m.find(|c: char| !c.is_ascii_digit()).unwrap_or(m.len()));
    let n: u64 = num.parse().ok()?;
    let mult = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "M" | "MB" | "MI" | "MIB" => 1,
        "G" | "GB" | "GI" | "GIB" => 1024,
        "T" | "TB" | "TI" | "TIB" => 1024 * 1024,
        _ => return None,
    };
    (n > 0).then_some(n * mult)
}

fn valid_time(t: &str) -> bool {
    let (days, rest) = match t.split_once('-') {
        Some((d, r)) => (Some(d), r),
        None => (None, t),
    };
    if days.is_some_and(|d| d.parse::<u32>().is_err()) {
        return false;
    }
    let parts: Vec<&str> = rest.split(':').collect();
    !parts.is_empty()
        && parts.len() <= 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.parse::<u32>().is_ok())
}

/// What one phase's job asks for.
#[derive(Debug, Clone)]
pub struct JobSpec {
    pub phase: PhaseRef,
    pub tasks: usize,
    pub cpus: usize,
    pub mem: Option<String>,
    pub time: Option<String>,
    pub partition: Option<String>,
}

/// The jobs of a workflow's phases, with the cluster block's resources.
pub fn jobs(c: &Cluster, phases: &[PhaseRef]) -> Vec<JobSpec> {
    phases
        .iter()
        .map(|p| {
            let o = c.phases.get(&p.id());
            let tasks = o.and_then(|o| o.tasks).unwrap_or(c.tasks);
            JobSpec {
                phase: p.clone(),
                tasks: if p.phase.single { 1 } else { tasks },
                cpus: o.and_then(|o| o.cpus_per_task).unwrap_or(c.cpus_per_task),
                mem: o.and_then(|o| o.mem.clone()).or_else(|| c.mem.clone()),
                time: o.and_then(|o| o.time.clone()).or_else(|| c.time.clone()),
                partition: o
                    .and_then(|o| o.partition.clone())
                    .or_else(|| c.partition.clone()),
            }
        })
        .collect()
}

/// How a task invokes curate: the binary, the workflow, the output override.
#[derive(Debug, Clone)]
pub struct Invocation {
    pub binary: String,
    pub workflow: PathBuf,
    pub output: Option<String>,
    /// Directory the tasks start in (relative paths of the workflow resolve
    /// from it); `None`: the image's own (Kubernetes, where the workflow is
    /// mounted from a ConfigMap).
    pub workdir: Option<PathBuf>,
}

fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// `curate run --phase ...` as a task runs it.
fn run_args(inv: &Invocation, j: &JobSpec) -> Vec<String> {
    let mut a = vec![
        inv.binary.clone(),
        "run".into(),
        "--phase".into(),
        j.phase.id(),
        "--threads".into(),
        j.cpus.to_string(),
    ];
    if let Some(o) = &inv.output {
        a.push("--output".into());
        a.push(o.clone());
    }
    a.push(inv.workflow.to_string_lossy().into_owned());
    a
}

/// A job name Slurm and Kubernetes both accept.
fn job_name(wf: &Workflow, n: usize, j: &JobSpec) -> String {
    let raw = format!(
        "curate-{}-{n:02}-{}-{}",
        wf.name, j.phase.stage, j.phase.phase.name
    );
    let mut s: String = raw
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    s.truncate(63);
    s.trim_end_matches('-').to_string()
}

/// The sbatch script of phase `n`.
pub fn sbatch_script(
    wf: &Workflow,
    c: &Cluster,
    inv: &Invocation,
    n: usize,
    j: &JobSpec,
    logs: &Path,
) -> String {
    let mut s = String::from("#!/bin/bash\n");
    let _ = writeln!(s, "#SBATCH --job-name={}", job_name(wf, n, j));
    if j.tasks == 1 {
        let _ = writeln!(s, "#SBATCH --array=0");
    } else {
        let _ = writeln!(s, "#SBATCH --array=0-{}", j.tasks - 1);
    }
    let _ = writeln!(s, "#SBATCH --cpus-per-task={}", j.cpus);
    let _ = writeln!(s, "#SBATCH --ntasks=1");
    if let Some(m) = &j.mem {
        let _ = writeln!(s, "#SBATCH --mem={}M", mem_mb(m).unwrap_or(1024));
    }
    if let Some(t) = &j.time {
        let _ = writeln!(s, "#SBATCH --time={t}");
    }
    if let Some(p) = &j.partition {
        let _ = writeln!(s, "#SBATCH --partition={p}");
    }
    if let Some(a) = &c.account {
        let _ = writeln!(s, "#SBATCH --account={a}");
    }
    let _ = writeln!(s, "#SBATCH --output={}/%x-%a.log", logs.to_string_lossy());
    let _ = writeln!(
        s,
        "# phase {} of workflow `{}`: {} ({})",
        j.phase.id(),
        wf.name,
        j.phase.phase.what,
        if j.phase.phase.single {
            "one task"
        } else {
            "array tasks"
        }
    );
    s.push_str("set -euo pipefail\n");
    if let Some(d) = &inv.workdir {
        let _ = writeln!(s, "cd {}", shell_quote(&d.to_string_lossy()));
    }
    for (k, v) in &c.env {
        let _ = writeln!(s, "export {k}={}", shell_quote(v));
    }
    s.push_str("export CURATE_PROGRESS=plain\n");
    let args: Vec<String> = run_args(inv, j).iter().map(|a| shell_quote(a)).collect();
    let _ = writeln!(s, "exec {}", args.join(" "));
    s
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// The Indexed Job manifest of phase `n`; `previous` is the phase its pods
/// wait for (init container).
pub fn k8s_job(
    wf: &Workflow,
    c: &Cluster,
    inv: &Invocation,
    n: usize,
    j: &JobSpec,
    previous: Option<&JobSpec>,
) -> Result<String> {
    let image = c
        .image
        .as_deref()
        .context("cluster.image is needed for Kubernetes jobs")?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# phase {} of workflow `{}`: {}",
        j.phase.id(),
        wf.name,
        j.phase.phase.what
    );
    s.push_str("apiVersion: batch/v1\nkind: Job\nmetadata:\n");
    let _ = writeln!(s, "  name: {}", job_name(wf, n, j));
    if let Some(ns) = &c.namespace {
        let _ = writeln!(s, "  namespace: {ns}");
    }
    let _ = writeln!(
        s,
        "  labels: {{app: curate, workflow: {}}}",
        yaml_str(&wf.name)
    );
    s.push_str("spec:\n  completionMode: Indexed\n");
    let _ = writeln!(s, "  completions: {}\n  parallelism: {}", j.tasks, j.tasks);
    s.push_str("  backoffLimitPerIndex: 3\n  maxFailedIndexes: 0\n");
    s.push_str("  template:\n    spec:\n      restartPolicy: Never\n");
    let env = {
        let mut e = String::new();
        let _ = writeln!(e, "        env:");
        let _ = writeln!(e, "        - {{name: CURATE_PROGRESS, value: plain}}");
        let _ = writeln!(
            e,
            "        - {{name: CURATE_TASK_COUNT, value: {}}}",
            yaml_str(&j.tasks.to_string())
        );
        for (k, v) in &c.env {
            let _ = writeln!(e, "        - {{name: {k}, value: {}}}", yaml_str(v));
        }
        if let Some(sec) = &c.env_from_secret {
            let _ = writeln!(
                e,
                "        envFrom:\n        - secretRef: {{name: {}}}",
                yaml_str(sec)
            );
        }
        e
    };
    let resources = {
        let mut r = String::from("        resources:\n          requests:\n");
        let _ = writeln!(r, "            cpu: {}", yaml_str(&j.cpus.to_string()));
        if let Some(m) = &j.mem {
            let _ = writeln!(r, "            memory: {}Mi", mem_mb(m).unwrap_or(1024));
        }
        r
    };
    let list = |args: &[String]| -> String {
        args.iter()
            .map(|a| yaml_str(a))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(p) = previous {
        let mut wait = vec![
            inv.binary.clone(),
            "wait".into(),
            "--phase".into(),
            p.phase.id(),
        ];
        if let Some(o) = &inv.output {
            wait.push("--output".into());
            wait.push(o.clone());
        }
        wait.push(inv.workflow.to_string_lossy().into_owned());
        s.push_str("      initContainers:\n      - name: wait-for-previous-phase\n");
        let _ = writeln!(s, "        image: {}", yaml_str(image));
        let _ = writeln!(s, "        command: [{}]", list(&wait));
        s.push_str(&env);
        s.push_str(MOUNT);
    }
    s.push_str("      containers:\n      - name: curate\n");
    let _ = writeln!(s, "        image: {}", yaml_str(image));
    let _ = writeln!(s, "        command: [{}]", list(&run_args(inv, j)));
    s.push_str(&env);
    s.push_str(&resources);
    s.push_str(MOUNT);
    let _ = writeln!(
        s,
        "      volumes:\n      - name: workflow\n        configMap: {{name: {}}}",
        yaml_str(&config_map_name(wf))
    );
    Ok(s)
}

/// Where Kubernetes pods find the workflow file (from the ConfigMap).
pub const K8S_WORKFLOW_DIR: &str = "/etc/curate";

const MOUNT: &str =
    "        volumeMounts:\n        - {name: workflow, mountPath: /etc/curate, readOnly: true}\n";

fn config_map_name(wf: &Workflow) -> String {
    let name: String = wf
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("curate-{}-workflow", name.trim_matches('-'))
}

/// The ConfigMap holding the workflow file that every Job mounts at
/// [`K8S_WORKFLOW_DIR`]: the pods need no copy of the repository.
pub fn k8s_config_map(wf: &Workflow, c: &Cluster, file_name: &str, text: &str) -> String {
    let mut s = format!(
        "# the workflow file, mounted by every Job at {K8S_WORKFLOW_DIR}/{file_name}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {}\n",
        config_map_name(wf)
    );
    if let Some(ns) = &c.namespace {
        let _ = writeln!(s, "  namespace: {ns}");
    }
    let _ = writeln!(s, "data:\n  {}: |", yaml_str(file_name));
    for line in text.lines() {
        if line.is_empty() {
            s.push('\n');
        } else {
            let _ = writeln!(s, "    {line}");
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_times() {
        assert_eq!(mem_mb("16G"), Some(16384));
        assert_eq!(mem_mb("512M"), Some(512));
        assert_eq!(mem_mb("2048"), Some(2048));
        assert_eq!(mem_mb("lots"), None);
        assert!(valid_time("30"));
        assert!(valid_time("02:00:00"));
        assert!(valid_time("1-00:00:00"));
        assert!(!valid_time("2h"));
    }

    #[test]
    fn checks_the_block() {
        let c = Cluster {
            tasks: 0,
            mem: Some("huge".into()),
            phases: [(
                "nope:x".to_string(),
                Resources {
                    tasks: None,
                    cpus_per_task: None,
                    mem: None,
                    time: Some("soon".into()),
                    partition: None,
                },
            )]
            .into(),
            ..Default::default()
        };
        let probs = check(&c, &["a:run".into()]);
        let paths: Vec<String> = probs.iter().map(|p| p.0.join(".")).collect();
        assert!(paths.contains(&"tasks".to_string()), "{probs:?}");
        assert!(paths.contains(&"mem".to_string()), "{probs:?}");
        assert!(paths.contains(&"phases.nope:x".to_string()), "{probs:?}");
        assert!(
            paths.contains(&"phases.nope:x.time".to_string()),
            "{probs:?}"
        );
    }
}
