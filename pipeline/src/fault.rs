//! Deterministic fault injection for tests: `CURATE_FAULT=stage:unit:point`
//! kills the process (SIGKILL, as a node failure would) when unit `unit` of
//! stage `stage` reaches `point`; `*` matches any stage or unit. Points:
//! - `after-shards`: the unit's Parquet shards are published, its marker is not written;
//! - `before-marker`: every file of the unit is published, just before its commit;
//! - `after-marker`: the unit is committed, the next unit not started;
//! - `before-manifest`: every unit is committed, the manifest not written.
//!
//! `CURATE_PAUSE=stage:unit:point:millis` sleeps there instead: tests use it
//! to make two tasks reach the same commit at the same time.
//!
//! Unset (the normal case), every check is one relaxed load.

use std::sync::OnceLock;

struct Fault {
    stage: String,
    unit: Option<usize>,
    point: String,
}

impl Fault {
    fn parse(v: &str) -> Option<(Fault, Option<u64>)> {
        let mut parts = v.splitn(4, ':');
        let (stage, unit, point) = (parts.next()?, parts.next()?, parts.next()?);
        let millis = parts.next().and_then(|m| m.parse().ok());
        Some((
            Fault {
                stage: stage.to_string(),
                unit: if unit == "*" { None } else { unit.parse().ok() },
                point: point.to_string(),
            },
            millis,
        ))
    }

    fn matches(&self, stage: &str, unit: usize, point: &str) -> bool {
        (self.stage == "*" || self.stage == stage)
            && self.unit.is_none_or(|u| u == unit)
            && self.point == point
    }
}

fn fault() -> Option<&'static Fault> {
    static F: OnceLock<Option<Fault>> = OnceLock::new();
    F.get_or_init(|| Fault::parse(&std::env::var("CURATE_FAULT").ok()?).map(|f| f.0))
        .as_ref()
}

fn pause() -> Option<&'static (Fault, Option<u64>)> {
    static P: OnceLock<Option<(Fault, Option<u64>)>> = OnceLock::new();
    P.get_or_init(|| Fault::parse(&std::env::var("CURATE_PAUSE").ok()?))
        .as_ref()
}

/// Kill the process here if `CURATE_FAULT` names this stage, unit and point.
pub fn point(stage: &str, unit: usize, point: &str) {
    if let Some((p, ms)) = pause() {
        if p.matches(stage, unit, point) {
            std::thread::sleep(std::time::Duration::from_millis(ms.unwrap_or(1000)));
        }
    }
    if let Some(f) = fault() {
        if f.matches(stage, unit, point) {
            eprintln!("CURATE_FAULT: killing the process at {stage}:{unit}:{point}");
            // SAFETY: sends SIGKILL to this process; nothing after it runs.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
            std::process::abort();
        }
    }
}
