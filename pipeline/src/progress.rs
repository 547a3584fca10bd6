//! Progress: indicatif bars on a terminal, plain `tracing` lines otherwise.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    /// Bars when stderr is a terminal (and `CURATE_PROGRESS` is not `plain`).
    pub fn auto() -> Self {
        let tty = std::io::stderr().is_terminal()
            && std::env::var("CURATE_PROGRESS").as_deref() != Ok("plain");
        Progress {
            multi: tty.then(MultiProgress::new),
        }
    }

    pub fn plain() -> Self {
        Progress { multi: None }
    }

    pub fn stage_bar(&self, stage: &str, units: u64) -> StageBar {
        let bar = self.multi.as_ref().map(|m| {
            let b = m.add(ProgressBar::new(units));
            b.set_style(
                ProgressStyle::with_template(
                    "{prefix:>14.bold} [{bar:30.cyan/blue}] {pos}/{len} units {msg} ({elapsed})",
                )
                // ok-unwrap: a constant template (every run shows it).
                .unwrap()
                .progress_chars("=> "),
            );
            b.set_prefix(stage.to_string());
            b
        });
        StageBar {
            bar,
            stage: stage.to_string(),
            total: units,
            done: AtomicU64::new(0),
            rows: AtomicU64::new(0),
            started: Instant::now(),
        }
    }
}

pub struct StageBar {
    bar: Option<ProgressBar>,
    stage: String,
    total: u64,
    done: AtomicU64,
    rows: AtomicU64,
    started: Instant,
}

impl StageBar {
    pub fn set_position(&self, n: u64) {
        self.done.store(n, Ordering::SeqCst);
        if let Some(b) = &self.bar {
            b.set_position(n);
        }
    }

    pub fn inc(&self, n: u64, label: &str, rows: u64) {
        let done = self.done.fetch_add(n, Ordering::SeqCst) + n;
        let rows = self.rows.fetch_add(rows, Ordering::SeqCst) + rows;
        let rate = rows as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        match &self.bar {
            Some(b) => {
                b.inc(n);
                b.set_message(format!("{rows} rows, {rate:.0} rows/s"));
            }
            None => tracing::info!(
                "{}: unit {done}/{} done ({label}), {rows} rows so far, {rate:.0} rows/s",
                self.stage,
                self.total
            ),
        }
    }

    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish();
        }
    }

    pub fn abandon(&self) {
        if let Some(b) = &self.bar {
            b.abandon();
        }
    }
}
