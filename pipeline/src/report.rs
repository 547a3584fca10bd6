//! The end-of-run summary and `curate stats`.

use std::path::Path;

use anyhow::{bail, Result};

use crate::exec::{RunRecord, StageReport, RUN_RECORD};
use crate::shards::{self};

/// Bytes in B, KB, MB, ... (powers of 1000, one decimal).
pub fn human_bytes(b: u64) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"];
    let mut v = b as f64;
    let mut i = 0;
    while v >= 1000.0 && i < units.len() - 1 {
        v /= 1000.0;
        i += 1;
    }
    if i == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", units[i])
    }
}

/// An integer with `,` between thousands.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The summary table: per stage rows in/out, drops per reason, bytes, time.
pub fn summary(reports: &[StageReport]) -> String {
    let header = [
        "stage",
        "kind",
        "status",
        "rows in",
        "rows out",
        "dropped",
        "bytes in",
        "bytes out",
        "wall",
        "docs/s",
    ];
    let mut rows: Vec<Vec<String>> = vec![];
    for r in reports {
        let c = &r.manifest.counts;
        let dropped: u64 = c.drops.values().sum();
        let wall = r.manifest.wall_seconds;
        let rate = if wall > 0.0 {
            c.rows_in as f64 / wall
        } else {
            0.0
        };
        rows.push(vec![
            r.name.clone(),
            r.kind.clone(),
            r.status.clone(),
            thousands(c.rows_in),
            thousands(c.rows_out),
            thousands(dropped),
            human_bytes(c.bytes_in),
            human_bytes(c.bytes_out),
            format!("{wall:.2}s"),
            thousands(rate as u64),
        ]);
    }
    let mut widths: Vec<usize> = header.iter().map(|h| h.len()).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.len());
        }
    }
    let fmt_row = |cells: Vec<String>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < 3 {
                    format!("{c:<w$}", w = widths[i])
                } else {
                    format!("{c:>w$}", w = widths[i])
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
    };
    let mut out = fmt_row(header.iter().map(|s| s.to_string()).collect());
    out.push('\n');
    out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
    out.push('\n');
    for r in rows {
        out.push_str(&fmt_row(r));
        out.push('\n');
    }
    let mut any = false;
    for r in reports {
        let c = &r.manifest.counts;
        if c.drops.is_empty() {
            continue;
        }
        if !any {
            out.push_str("\ndrops per reason:\n");
            any = true;
        }
        let mut drops: Vec<_> = c.drops.iter().collect();
        drops.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (reason, n) in drops {
            let share = 100.0 * *n as f64 / c.rows_in.max(1) as f64;
            out.push_str(&format!(
                "  {:<14} {:>10}  {:>5.1}%  {}\n",
                r.name,
                thousands(*n),
                share,
                reason
            ));
        }
    }
    let noted: Vec<&StageReport> = reports
        .iter()
        .filter(|r| !r.manifest.notes.is_empty())
        .collect();
    if !noted.is_empty() {
        out.push_str("\nresults:\n");
        for r in noted {
            for n in &r.manifest.notes {
                out.push_str(&format!("  {:<14} {}\n", r.name, n));
            }
        }
    }
    out
}

/// Reports for an existing output: a run directory (with `run.json` or
/// stage subdirectories) or one stage directory.
pub fn load_reports(dir: &Path) -> Result<Vec<StageReport>> {
    let run = dir.join(RUN_RECORD);
    if run.exists() {
        let rec: RunRecord = serde_json::from_slice(&std::fs::read(&run)?)?;
        return Ok(rec.stages);
    }
    let to_report = |d: &Path, m: shards::Manifest| StageReport {
        name: m.stage.clone(),
        kind: m.kind.clone(),
        status: "committed".into(),
        dir: d.to_path_buf(),
        manifest: m,
    };
    if let Some(m) = shards::read_manifest(&crate::storage::Loc::local(dir))? {
        return Ok(vec![to_report(dir, m)]);
    }
    let mut out = vec![];
    let mut subdirs: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    subdirs.sort();
    for d in subdirs {
        if let Some(m) = shards::read_manifest(&crate::storage::Loc::local(&d))? {
            out.push(to_report(&d, m));
        }
    }
    if out.is_empty() {
        bail!(
            "{}: no manifest.json or run.json here: not a curate output (or the stage has not finished)",
            dir.display()
        );
    }
    Ok(out)
}
