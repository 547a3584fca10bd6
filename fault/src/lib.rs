//! Deterministic fault injection for tests: `CURATE_FAULT=stage:unit:point`
//! kills the process (SIGKILL, as a node failure would) when unit `unit` of
//! stage `stage` reaches `point`; `*` matches any stage or unit. Points:
//! - `after-shards`: the unit's Parquet shards are published, its marker is not written;
//! - `before-marker`: every file of the unit is published, just before its commit;
//! - `after-marker`: the unit is committed, the next unit not started;
//! - `before-manifest`: every unit is committed, the manifest not written;
//! - `after-manifest`: the stage's manifest is written, its work files not
//!   removed and the next stage not started;
//! - `journal-torn`: half of a teacher journal line is written (and synced),
//!   the rest never will be: the torn tail a kill mid-`write` leaves;
//! - `journal-after-write`: a whole journal line is written, not fsynced;
//! - `journal-after-sync`: the line is fsynced, the answer not yet used;
//! - `ckpt-weights-tmp`: a training checkpoint's weights are in their
//!   temporary file, not renamed; unit = the training step;
//! - `ckpt-after-weights`: the weights file is renamed into place, the state
//!   file (which names the weights to resume from) still the old one;
//! - `ckpt-after-state`: the new state file is renamed into place, the older
//!   weights not yet deleted.
//!
//! The journal points take the stage and unit of the unit that runs them,
//! the checkpoint points the stage and the step: both from the [`Scope`] the
//! pipeline enters around each unit on the thread that runs it.
//!
//! `point#n` (e.g. `near:0:after-marker#3`) kills only the n-th time a
//! matching point is reached (a multi-phase stage passes a unit's points
//! once per phase).
//!
//! `CURATE_PAUSE=stage:unit:point:millis` sleeps there instead: tests use it
//! to make two tasks reach the same commit at the same time.
//! `CURATE_PAUSE_FN=function:millis:marker` sleeps in every call of a
//! curate SQL function of that name ([`function_called`]: once per batch),
//! after appending a line to the file `marker`: set on one Ballista
//! executor only, it holds that executor's task while a test kills it or
//! changes what it will read, and the marker says the task is there.
//! `CURATE_FAULT_TRACE=<file>` appends `stage:unit:point` to `<file>` at every
//! point reached, so a test can list the points a workflow passes through
//! and kill at each.
//!
//! Unset (the normal case), every check is one load of an initialized cell.

use std::cell::RefCell;
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// How many times a point matching `CURATE_FAULT` was reached so far.
static HITS: AtomicUsize = AtomicUsize::new(0);

struct Fault {
    stage: String,
    unit: Option<usize>,
    point: String,
    /// `point#n`: only the n-th (1-based) time a matching point is reached
    /// in this process (a multi-phase stage passes a unit's points once per
    /// phase).
    nth: Option<usize>,
}

impl Fault {
    fn parse(v: &str) -> Option<(Fault, Option<u64>)> {
        let mut parts = v.splitn(4, ':');
        let (stage, unit, point) = (parts.next()?, parts.next()?, parts.next()?);
        let millis = parts.next().and_then(|m| m.parse().ok());
        let (point, nth) = match point.split_once('#') {
            Some((p, n)) => (p, Some(n.parse().ok()?)),
            None => (point, None),
        };
        Some((
            Fault {
                stage: stage.to_string(),
                unit: if unit == "*" { None } else { unit.parse().ok() },
                point: point.to_string(),
                nth,
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

fn trace() -> Option<&'static Mutex<std::fs::File>> {
    static T: OnceLock<Option<Mutex<std::fs::File>>> = OnceLock::new();
    T.get_or_init(|| {
        let p = std::env::var_os("CURATE_FAULT_TRACE")?;
        match std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&p)
        {
            Ok(f) => Some(Mutex::new(f)),
            Err(e) => {
                // A test asked for the trace: not getting it must be loud.
                eprintln!("CURATE_FAULT_TRACE: cannot open {p:?}: {e}");
                std::process::exit(2);
            }
        }
    })
    .as_ref()
}

/// Whether `CURATE_FAULT` names this stage, unit and point (the process
/// will be killed when it reaches it): lets a caller leave the state a
/// real crash would (e.g. half a line) just before [`point`].
pub fn armed(stage: &str, unit: usize, point: &str) -> bool {
    fault().is_some_and(|f| {
        f.matches(stage, unit, point) && f.nth.is_none_or(|n| HITS.load(Ordering::SeqCst) + 1 == n)
    })
}

/// Kill the process here if `CURATE_FAULT` names this stage, unit and point.
pub fn point(stage: &str, unit: usize, point: &str) {
    if let Some(t) = trace() {
        // One write per line, appended: lines of concurrent units never mix.
        let line = format!("{stage}:{unit}:{point}\n");
        let mut f = t.lock().unwrap_or_else(|p| p.into_inner());
        let _ = f.write_all(line.as_bytes());
    }
    if let Some((p, ms)) = pause() {
        if p.matches(stage, unit, point) {
            std::thread::sleep(std::time::Duration::from_millis(ms.unwrap_or(1000)));
        }
    }
    if let Some(f) = fault() {
        if f.matches(stage, unit, point)
            && f.nth
                .is_none_or(|n| HITS.fetch_add(1, Ordering::SeqCst) + 1 == n)
        {
            eprintln!("CURATE_FAULT: killing the process at {stage}:{unit}:{point}");
            // SAFETY: sends SIGKILL to this process; nothing after it runs.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
            std::process::abort();
        }
    }
}

struct FnPause {
    function: String,
    millis: u64,
    marker: String,
}

fn fn_pause() -> Option<&'static FnPause> {
    static P: OnceLock<Option<FnPause>> = OnceLock::new();
    P.get_or_init(|| {
        let v = std::env::var("CURATE_PAUSE_FN").ok()?;
        let mut parts = v.splitn(3, ':');
        let (function, millis, marker) = (parts.next()?, parts.next()?, parts.next()?);
        Some(FnPause {
            function: function.to_string(),
            millis: millis.parse().ok()?,
            marker: marker.to_string(),
        })
    })
    .as_ref()
}

/// A curate SQL function was called (once per batch): pause here if
/// `CURATE_PAUSE_FN` names it.
pub fn function_called(function: &str) {
    let Some(p) = fn_pause() else {
        return;
    };
    if p.function != function {
        return;
    }
    let line = format!("{function} {}\n", std::process::id());
    match std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&p.marker)
    {
        Ok(mut f) => {
            let _ = f.write_all(line.as_bytes());
        }
        Err(e) => {
            // A test asked for the marker: not getting it must be loud.
            eprintln!("CURATE_PAUSE_FN: cannot open {:?}: {e}", p.marker);
            std::process::exit(2);
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(p.millis));
}

thread_local! {
    static SCOPE: RefCell<Option<(String, usize)>> = const { RefCell::new(None) };
}

/// The stage and unit the current thread works for, while the guard lives
/// (the pipeline enters one around each unit). Code below the pipeline (the
/// teacher journal, the trainer's checkpoints) names its points through it.
pub struct Scope {
    prev: Option<(String, usize)>,
}

impl Scope {
    pub fn enter(stage: &str, unit: usize) -> Scope {
        let prev = SCOPE.with(|s| s.replace(Some((stage.to_string(), unit))));
        Scope { prev }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        let prev = self.prev.take();
        SCOPE.with(|s| *s.borrow_mut() = prev);
    }
}

/// The current scope's stage (`?` outside any scope) and unit, or `unit`
/// when given (the checkpoint points pass the training step).
fn scoped(unit: Option<usize>) -> (String, usize) {
    SCOPE.with(|s| match &*s.borrow() {
        Some((st, u)) => (st.clone(), unit.unwrap_or(*u)),
        None => ("?".to_string(), unit.unwrap_or(0)),
    })
}

/// [`point`] for the current [`Scope`]'s stage and unit (or `unit`).
pub fn here(unit: Option<usize>, name: &str) {
    if fault().is_none() && pause().is_none() && trace().is_none() {
        return;
    }
    let (stage, u) = scoped(unit);
    point(&stage, u, name);
}

/// [`armed`] for the current [`Scope`]'s stage and unit (or `unit`).
pub fn armed_here(unit: Option<usize>, name: &str) -> bool {
    if fault().is_none() {
        return false;
    }
    let (stage, u) = scoped(unit);
    armed(&stage, u, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_matches() {
        let (f, ms) = Fault::parse("train:*:ckpt-after-weights").unwrap();
        assert!(ms.is_none());
        assert!(f.matches("train", 40, "ckpt-after-weights"));
        assert!(!f.matches("train", 40, "ckpt-after-state"));
        assert!(!f.matches("tok", 40, "ckpt-after-weights"));
        let (f, ms) = Fault::parse("*:3:after-marker:250").unwrap();
        assert_eq!(ms, Some(250));
        assert!(f.matches("raw", 3, "after-marker"));
        assert!(!f.matches("raw", 2, "after-marker"));
        let (f, _) = Fault::parse("near:0:after-marker#3").unwrap();
        assert_eq!(f.nth, Some(3));
        assert!(f.matches("near", 0, "after-marker"));
        assert!(Fault::parse("near:0:after-marker#x").is_none());
    }

    #[test]
    fn scope_nests_and_restores() {
        assert_eq!(scoped(None), ("?".to_string(), 0));
        {
            let _a = Scope::enter("gen", 2);
            assert_eq!(scoped(None), ("gen".to_string(), 2));
            assert_eq!(scoped(Some(40)), ("gen".to_string(), 40));
            {
                let _b = Scope::enter("train", 0);
                assert_eq!(scoped(None), ("train".to_string(), 0));
            }
            assert_eq!(scoped(None), ("gen".to_string(), 2));
        }
        assert_eq!(scoped(None), ("?".to_string(), 0));
    }
}
