//! The report page: one HTML file with inline CSS and SVG, no script and
//! nothing to fetch. Numbers that come from a manifest carry
//! `data-m="STAGE/KEY"` (`rows_in`, `rows_out`, `dropped`, `shards`,
//! `drops/REASON`) so a test can compare the page with the manifests.

use std::collections::HashMap;
use std::fmt::Write;

use super::svg::{self, esc, num, Mark, Series};
use super::{Counts, Distribution, Report, StageFacts, Teacher, Threshold};
use crate::report::{human_bytes, thousands};

const CSS: &str = r#"
body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;margin:0;color:#1d2430;background:#f6f7f9;font-size:14px}
header{background:#1f3550;color:#fff;padding:14px 24px}
header h1{margin:0;font-size:21px}
header p{margin:4px 0 0;color:#c9d6e6;font-size:13px}
nav{padding:6px 24px;background:#e6ebf1;font-size:13px}
nav a{margin-right:14px;color:#1f3550}
main{padding:8px 24px 40px}
section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:10px 16px 14px;margin:14px 0}
h2{font-size:17px;margin:4px 0 10px}
h3{font-size:14px;margin:12px 0 6px}
table{border-collapse:collapse;font-size:13px}
th,td{padding:3px 9px;border-bottom:1px solid #e6e9ee;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.problem td{background:#fdecea}
.problem{color:#9b2418}
.problems{background:#fdecea;border-color:#e6a29a}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{border:1px solid #e1e5ea;border-radius:5px;padding:6px 8px;background:#fcfcfd}
.card h4{margin:0 0 2px;font-size:13px}
.stats{font-size:11.5px;color:#4b5563;max-width:380px}
.ex{font-size:12.5px;margin:3px 0 8px 0;padding:4px 8px;border-left:3px solid #c5cbd3;background:#fafbfc}
.ex .meta{color:#6b7280;font-size:11.5px}
.muted{color:#6b7280}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:2px 14px;margin:0}
dl.facts dt{color:#6b7280}
dl.facts dd{margin:0;font-variant-numeric:tabular-nums}
code{font-size:12.5px;background:#eef1f5;padding:0 3px;border-radius:3px}
svg.chart{display:block;font-family:inherit;max-width:100%;height:auto}
svg .axis{stroke:#9aa3ad;stroke-width:1}
svg .grid{stroke:#eceff3;stroke-width:1}
svg .tick{font-size:10.5px;fill:#4b5563}
svg .thr{font-size:10.5px;fill:#c0392b;font-weight:bold}
svg .node-name{font-size:13px;font-weight:bold;fill:#1d2430}
svg .node-kind{font-size:11px;fill:#4b5563}
svg .node-rows{font-size:11.5px;fill:#1d2430}
svg .node-bad{font-size:11px;fill:#c0392b;font-weight:bold}
blockquote{margin:6px 0;padding:6px 10px;background:#f3f5f8;border-left:3px solid #3b6fb6;font-size:13px}
"#;

fn m(stage: &str, key: &str, v: u64) -> String {
    format!(
        r#"<span data-m="{}/{}">{}</span>"#,
        esc(stage),
        esc(key),
        thousands(v)
    )
}

fn workflow_name(r: &Report) -> String {
    if let Some(n) = r.run.name.as_deref().filter(|n| !n.is_empty()) {
        return n.to_string();
    }
    let from = r.run.workflow.as_deref().unwrap_or(&r.output);
    std::path::Path::new(from)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| from.to_string())
}

/// Render the report page.
pub fn render_html(r: &Report) -> String {
    let mut o = String::with_capacity(64 * 1024);
    let name = workflow_name(r);
    let _ = write!(
        o,
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>curate report: {}</title><style>{CSS}</style></head><body>"#,
        esc(&name)
    );
    let _ = write!(
        o,
        r#"<header><h1>curate report: {}</h1><p>{} · report by curate {} in {:.2}s</p></header>"#,
        esc(&name),
        esc(&r.output),
        esc(&r.report_version),
        r.report_seconds
    );
    let has = |f: &dyn Fn(&StageFacts) -> bool| r.stages.iter().any(f);
    let mut nav = vec![("facts", "run"), ("stages", "stages"), ("funnel", "funnel")];
    if has(&|s| s.counts.as_ref().is_some_and(|c| !c.drops.is_empty())) {
        nav.push(("drops", "drops"));
    }
    if has(&|s| !s.distributions.is_empty() || s.clusters.is_some()) {
        nav.push(("scores", "scores"));
    }
    if has(&|s| s.teacher.is_some()) {
        nav.push(("teacher", "teacher"));
    }
    if has(&|s| s.training.is_some() || s.classifier.is_some() || !s.tokens.is_empty()) {
        nav.push(("models", "models"));
    }
    if has(&|s| !s.evaluation.is_empty()) {
        nav.push(("evaluation", "evaluation"));
    }
    if has(&|s| !s.notes.is_empty()) {
        nav.push(("notes", "notes"));
    }
    o.push_str("<nav>");
    for (id, label) in &nav {
        let _ = write!(o, r##"<a href="#{id}">{label}</a>"##);
    }
    o.push_str("</nav><main>");
    problems(&mut o, r);
    facts(&mut o, r);
    stages(&mut o, r);
    funnel(&mut o, r);
    drops(&mut o, r);
    scores(&mut o, r);
    teacher(&mut o, r);
    models(&mut o, r);
    evaluation(&mut o, r);
    notes(&mut o, r);
    o.push_str("</main></body></html>\n");
    o
}

fn problems(o: &mut String, r: &Report) {
    let bad: Vec<&StageFacts> = r.stages.iter().filter(|s| s.problem.is_some()).collect();
    if bad.is_empty() && r.problems.is_empty() {
        return;
    }
    o.push_str(r#"<section class="problems" id="problems"><h2 class="problem">Problems</h2><ul>"#);
    for p in &r.problems {
        let _ = write!(o, r#"<li class="problem">{}</li>"#, esc(p));
    }
    for s in bad {
        let _ = write!(
            o,
            r#"<li class="problem" data-problem-stage="{0}">stage <b>{0}</b> ({1}): {2}{3}</li>"#,
            esc(&s.name),
            esc(&s.status),
            esc(s.problem.as_deref().unwrap_or("")),
            if s.counts_from.as_deref() == Some("run.json") {
                "; its counts below are from run.json"
            } else {
                ""
            }
        );
    }
    o.push_str("</ul></section>");
}

/// Unix seconds as `YYYY-MM-DD HH:MM:SS UTC` (days to a civil date as in
/// Howard Hinnant's `civil_from_days`).
fn utc(unix: f64) -> String {
    let secs = unix.max(0.0) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn facts(o: &mut String, r: &Report) {
    let run = &r.run;
    o.push_str(r#"<section id="facts"><h2>Run</h2><dl class="facts">"#);
    let mut row = |k: &str, v: String| {
        let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", esc(k), v);
    };
    if let Some(n) = &run.name {
        row("workflow", esc(n));
    }
    row("output", format!("<code>{}</code>", esc(&r.output)));
    if let Some(w) = &run.workflow {
        row("workflow file", format!("<code>{}</code>", esc(w)));
    }
    if let Some(h) = &run.workflow_xxh3 {
        let from = match run.workflow_hash_from.as_deref() {
            Some("now") => " (hashed now: the run did not record it)",
            _ => "",
        };
        row(
            "workflow xxh3-128",
            format!("<code>{}</code>{from}", esc(h)),
        );
    }
    row(
        "curate version",
        esc(run.curate_version.as_deref().unwrap_or("not recorded")),
    );
    if let Some(t) = run.started_unix {
        row("started", utc(t));
    }
    if let Some(w) = run.wall_seconds {
        row("wall time", format!("{w:.2} s"));
    }
    row(
        "peak memory (RSS)",
        run.peak_rss_bytes
            .map(human_bytes)
            .unwrap_or_else(|| "not recorded".into()),
    );
    if let Some(t) = run.threads {
        row("threads", t.to_string());
    }
    if let Some(e) = &run.error {
        row(
            "run error",
            format!(r#"<span class="problem">{}</span>"#, esc(e)),
        );
    }
    let total: f64 = r.stages.iter().filter_map(|s| s.wall_seconds).sum();
    row("stage time (sum)", format!("{total:.2} s"));
    o.push_str("</dl></section>");
}

fn stages(o: &mut String, r: &Report) {
    o.push_str(r#"<section id="stages"><h2>Stages</h2>"#);
    o.push_str(&svg::dag(&r.stages));
    o.push_str(r#"<table><tr><th>stage</th><th>kind</th><th>status</th><th class="n">rows in</th><th class="n">rows out</th><th class="n">dropped</th><th class="n">shards</th><th class="n">bytes out</th><th class="n">wall</th><th class="n">rows/s</th></tr>"#);
    for s in &r.stages {
        let cls = if s.problem.is_some() {
            r#" class="problem""#
        } else {
            ""
        };
        let _ = write!(
            o,
            r#"<tr id="stage-{0}"{cls}><td><b>{0}</b></td><td>{1}</td><td>{2}</td>"#,
            esc(&s.name),
            esc(&s.kind),
            esc(&s.status)
        );
        match &s.counts {
            Some(c) => {
                let wall = s.wall_seconds.unwrap_or(0.0);
                let _ = write!(
                    o,
                    r#"<td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{}</td><td class="n">{wall:.2} s</td><td class="n">{}</td>"#,
                    m(&s.name, "rows_in", c.rows_in),
                    m(&s.name, "rows_out", c.rows_out),
                    m(&s.name, "dropped", c.dropped),
                    s.shards
                        .map(|n| m(&s.name, "shards", n as u64))
                        .unwrap_or_else(|| "–".into()),
                    human_bytes(c.bytes_out),
                    if wall > 0.0 {
                        thousands((c.rows_in as f64 / wall) as u64)
                    } else {
                        "–".into()
                    }
                );
            }
            None => o.push_str(r#"<td class="n" colspan="7">–</td>"#),
        }
        o.push_str("</tr>");
        if let Some(p) = &s.problem {
            let _ = write!(
                o,
                r#"<tr class="problem"><td></td><td colspan="9" data-problem="{0}">{1}</td></tr>"#,
                esc(&s.name),
                esc(p)
            );
        }
    }
    o.push_str("</table></section>");
}

fn funnel(o: &mut String, r: &Report) {
    o.push_str(r#"<section id="funnel"><h2>Funnel</h2>"#);
    if r.funnel.is_empty() {
        o.push_str(r#"<p class="muted">No chain of document tables with counts.</p></section>"#);
        return;
    }
    let steps: Vec<(String, u64, String)> = r
        .funnel
        .iter()
        .map(|f| {
            let label = if f.side == "in" {
                format!("into {}", f.stage)
            } else {
                f.stage.clone()
            };
            let key = format!("{}/rows_{}", f.stage, f.side);
            (label, f.rows, key)
        })
        .collect();
    o.push_str(r#"<p class="muted">Documents along the main chain (the largest document input of each stage, back from the last <code>write</code>).</p>"#);
    o.push_str(&svg::funnel(&steps));
    o.push_str("</section>");
}

fn drops(o: &mut String, r: &Report) {
    let with: Vec<(&StageFacts, &Counts)> = r
        .stages
        .iter()
        .filter_map(|s| s.counts.as_ref().map(|c| (s, c)))
        .filter(|(_, c)| !c.drops.is_empty())
        .collect();
    if with.is_empty() {
        return;
    }
    o.push_str(r#"<section id="drops"><h2>Drops per stage and reason</h2>"#);
    for (s, c) in with {
        let _ = write!(
            o,
            r#"<h3>{} <span class="muted">({}): {} of {} rows dropped</span></h3>"#,
            esc(&s.name),
            esc(&s.kind),
            m(&s.name, "dropped", c.dropped),
            m(&s.name, "rows_in", c.rows_in)
        );
        let mut d: Vec<(&String, &u64)> = c.drops.iter().collect();
        d.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let items: Vec<(String, u64, bool)> =
            d.iter().map(|(k, v)| ((*k).clone(), **v, false)).collect();
        o.push_str(&svg::bars(&items, &format!("{}: drops per reason", s.name)));
        o.push_str(r#"<table><tr><th>reason</th><th class="n">rows</th><th class="n">share of rows in</th></tr>"#);
        for (reason, n) in &d {
            let _ = write!(
                o,
                r#"<tr><td><code>{}</code></td><td class="n">{}</td><td class="n">{:.1}%</td></tr>"#,
                esc(reason),
                m(&s.name, &format!("drops/{reason}"), **n),
                100.0 * **n as f64 / c.rows_in.max(1) as f64
            );
        }
        o.push_str("</table>");
        if !s.examples.is_empty() {
            o.push_str("<h3>Examples</h3>");
            let mut last = "";
            for e in &s.examples {
                if e.reason != last {
                    let _ = write!(o, r#"<div><b><code>{}</code></b></div>"#, esc(&e.reason));
                    last = &e.reason;
                }
                let mut meta = format!(
                    r#"<a href="{}">{}</a> row {}"#,
                    esc(&e.file),
                    esc(&e.file),
                    e.row
                );
                if let Some(src) = &e.source {
                    let _ = write!(meta, " · from <code>{}</code>", esc(src));
                    if let Some(rec) = e.source_record {
                        let _ = write!(meta, ":{rec}");
                    }
                }
                if let Some(id) = &e.doc_id {
                    let _ = write!(meta, " · doc <code>{}</code>", esc(id));
                }
                let _ = write!(
                    o,
                    r#"<div class="ex"><div class="meta">{meta}</div>{}</div>"#,
                    if e.excerpt.is_empty() {
                        "<i>(empty)</i>".to_string()
                    } else {
                        esc(&e.excerpt)
                    }
                );
            }
        }
    }
    o.push_str("</section>");
}

fn marks_for(col: &str, th: &HashMap<String, Vec<Threshold>>) -> Vec<Mark> {
    th.get(col)
        .into_iter()
        .flatten()
        .filter_map(|t| {
            let v = t.value.as_f64()?;
            Some(Mark {
                value: v,
                label: format!("{}: {}", t.stage, t.term),
                keeps_right: match t.op.as_str() {
                    ">" | ">=" => Some(true),
                    "<" | "<=" => Some(false),
                    _ => None,
                },
            })
        })
        .collect()
}

/// Whether a filter keeps a category (string or boolean) value.
fn kept_value(col: &str, value: &str, th: &HashMap<String, Vec<Threshold>>) -> bool {
    th.get(col).into_iter().flatten().any(|t| {
        let tv = match &t.value {
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        match t.op.as_str() {
            "=" => tv == value,
            "<>" => tv != value,
            _ => false,
        }
    })
}

fn stat_line(s: &StageFacts, d: &Distribution) -> String {
    let n = if d.nulls == 0 && s.counts.as_ref().is_some_and(|c| c.rows_out == d.count) {
        m(&s.name, "rows_out", d.count)
    } else {
        thousands(d.count)
    };
    let mut out = format!("n {n}");
    if d.nulls > 0 {
        let _ = write!(out, " · null {}", thousands(d.nulls));
    }
    if let Some(x) = &d.numeric {
        let _ = write!(
            out,
            " · min {} · p50 {} · p90 {} · p99 {} · max {} · mean {}",
            num(x.min),
            num(x.p50),
            num(x.p90),
            num(x.p99),
            num(x.max),
            num(x.mean)
        );
    }
    if let Some(t) = d.true_count {
        let _ = write!(
            out,
            " · true {} ({:.1}%)",
            thousands(t),
            100.0 * t as f64 / d.count.max(1) as f64
        );
    }
    if let Some(k) = d.distinct {
        let _ = write!(out, " · ~{} distinct", thousands(k));
    }
    out
}

fn scores(o: &mut String, r: &Report) {
    let mut th: HashMap<String, Vec<Threshold>> = HashMap::new();
    for s in &r.stages {
        for t in &s.thresholds {
            th.entry(t.column.clone()).or_default().push(t.clone());
        }
    }
    let with: Vec<&StageFacts> = r
        .stages
        .iter()
        .filter(|s| !s.distributions.is_empty() || s.clusters.is_some())
        .collect();
    if with.is_empty() {
        return;
    }
    o.push_str(r#"<section id="scores"><h2>Score distributions</h2><p class="muted">Columns each stage added, over all its output rows; red dashed lines are filter thresholds (grey bins fail them, orange is the tail above p99). Percentiles from a 4,096-bin histogram.</p>"#);
    for s in with {
        let _ = write!(
            o,
            r#"<h3>{} <span class="muted">({})</span></h3><div class="cards">"#,
            esc(&s.name),
            esc(&s.kind)
        );
        for d in &s.distributions {
            let chart = if let Some(x) = &d.numeric {
                svg::histogram(
                    &x.histogram,
                    &marks_for(&d.column, &th),
                    &format!("{}: histogram of {}", s.name, d.column),
                )
            } else if let Some(t) = d.true_count {
                let items = vec![
                    ("true".to_string(), t, kept_value(&d.column, "true", &th)),
                    (
                        "false".to_string(),
                        d.count - t,
                        kept_value(&d.column, "false", &th),
                    ),
                ];
                svg::bars(&items, &format!("{}: {}", s.name, d.column))
            } else if !d.top.is_empty() {
                let items: Vec<(String, u64, bool)> = d
                    .top
                    .iter()
                    .map(|(k, v)| (k.clone(), *v, kept_value(&d.column, k, &th)))
                    .collect();
                svg::bars(&items, &format!("{}: top values of {}", s.name, d.column))
            } else {
                continue;
            };
            let _ = write!(
                o,
                r#"<div class="card"><h4>{} <span class="muted">{}</span></h4>{chart}<div class="stats">{}</div></div>"#,
                esc(&d.column),
                esc(&d.data_type),
                stat_line(s, d)
            );
        }
        if let Some(h) = &s.clusters {
            let clusters: u64 = h.counts.iter().sum::<u64>() + h.overflow;
            if clusters > 0 {
                let _ = write!(
                    o,
                    r#"<div class="card"><h4>near-duplicate cluster size <span class="muted">documents per cluster</span></h4>{}<div class="stats">{} clusters</div></div>"#,
                    svg::histogram(h, &[], &format!("{}: near-duplicate cluster sizes", s.name)),
                    thousands(clusters)
                );
            } else {
                o.push_str(r#"<div class="card"><h4>near-duplicate clusters</h4><div class="stats">none found</div></div>"#);
            }
        }
        o.push_str("</div>");
    }
    o.push_str("</section>");
}

fn teacher(o: &mut String, r: &Report) {
    let with: Vec<(&StageFacts, &Teacher)> = r
        .stages
        .iter()
        .filter_map(|s| s.teacher.as_ref().map(|t| (s, t)))
        .collect();
    if with.is_empty() {
        return;
    }
    o.push_str(r#"<section id="teacher"><h2>Teacher</h2>"#);
    for (s, t) in with {
        let _ = write!(
            o,
            r#"<h3>{} <span class="muted">({})</span></h3><dl class="facts">"#,
            esc(&s.name),
            esc(&s.kind)
        );
        let mut row = |k: &str, v: String| {
            let _ = write!(o, "<dt>{}</dt><dd>{}</dd>", esc(k), v);
        };
        row("model", esc(t.model.as_deref().unwrap_or("unknown")));
        row("prompts", thousands(t.prompts));
        if let Some(n) = t.requests {
            row(
                "requests sent",
                format!(
                    "{} ({} answers from the journal)",
                    thousands(n),
                    thousands(t.from_journal.unwrap_or(0))
                ),
            );
        }
        row("answers recorded", thousands(t.answers));
        row(
            "passed validation",
            format!(
                "{} ({})",
                m(&s.name, "rows_out", t.passed),
                t.pass_rate
                    .map(|p| format!("{:.1}%", 100.0 * p))
                    .unwrap_or_else(|| "–".into())
            ),
        );
        let failures = if t.failures.is_empty() {
            "none".to_string()
        } else {
            t.failures
                .iter()
                .map(|(k, v)| format!("{} {}", esc(k), thousands(*v)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        row("request failures (retried)", failures);
        if t.prompt_tokens + t.completion_tokens > 0 {
            row(
                "tokens",
                format!(
                    "{} prompt + {} completion",
                    thousands(t.prompt_tokens),
                    thousands(t.completion_tokens)
                ),
            );
        }
        if let (Some(a), Some(b), Some(c)) = (t.latency_ms_p50, t.latency_ms_p90, t.latency_ms_p99)
        {
            row(
                "latency",
                format!("p50 {} ms · p90 {} ms · p99 {} ms", num(a), num(b), num(c)),
            );
        }
        row(
            "cost",
            t.cost_usd
                .map(|c| format!("${c:.4}"))
                .unwrap_or_else(|| "no price set".into()),
        );
        o.push_str("</dl><div class=\"cards\">");
        if !t.validation_failures.is_empty() {
            let items: Vec<(String, u64, bool)> = t
                .validation_failures
                .iter()
                .map(|(k, v)| (k.clone(), *v, false))
                .collect();
            let _ = write!(
                o,
                r#"<div class="card"><h4>failed validation, by check <span class="muted">all answers</span></h4>{}</div>"#,
                svg::bars(&items, &format!("{}: failed validation checks", s.name))
            );
        }
        if !t.finish_reasons.is_empty() {
            let items: Vec<(String, u64, bool)> = t
                .finish_reasons
                .iter()
                .map(|(k, v)| (k.clone(), *v, false))
                .collect();
            let _ = write!(
                o,
                r#"<div class="card"><h4>finish reason</h4>{}</div>"#,
                svg::bars(&items, &format!("{}: finish reasons", s.name))
            );
        }
        o.push_str("</div>");
    }
    o.push_str("</section>");
}

fn models(o: &mut String, r: &Report) {
    let with: Vec<&StageFacts> = r
        .stages
        .iter()
        .filter(|s| s.training.is_some() || s.classifier.is_some() || !s.tokens.is_empty())
        .collect();
    if with.is_empty() {
        return;
    }
    o.push_str(r#"<section id="models"><h2>Tokens and models</h2>"#);
    for s in with {
        let _ = write!(
            o,
            r#"<h3>{} <span class="muted">({})</span></h3>"#,
            esc(&s.name),
            esc(&s.kind)
        );
        if !s.tokens.is_empty() {
            o.push_str(r#"<dl class="facts">"#);
            for (split, n) in &s.tokens {
                let _ = write!(
                    o,
                    "<dt>{} tokens</dt><dd>{}</dd>",
                    esc(split),
                    thousands(*n)
                );
            }
            o.push_str("</dl>");
        }
        if let Some(t) = &s.training {
            let _ = write!(o, r#"<dl class="facts">"#);
            if let Some(p) = t.parameters {
                let _ = write!(o, "<dt>parameters</dt><dd>{}</dd>", thousands(p));
            }
            if let Some(last) = t.steps.last() {
                let _ = write!(o, "<dt>steps</dt><dd>{}</dd>", thousands(*last));
            }
            if let Some(v) = t.val_loss.iter().rev().flatten().next() {
                let _ = write!(o, "<dt>last val loss</dt><dd>{} nats/token</dd>", num(*v));
            }
            if let Some(e) = t.unigram_entropy {
                let _ = write!(o, "<dt>unigram entropy</dt><dd>{} nats/token</dd>", num(e));
            }
            if let Some(x) = t.mean_tokens_per_s {
                let _ = write!(o, "<dt>tokens/s (mean)</dt><dd>{}</dd>", num(x));
            }
            o.push_str("</dl>");
            let steps: Vec<f64> = t.steps.iter().map(|&s| s as f64).collect();
            let train: Vec<(f64, f64)> = steps
                .iter()
                .copied()
                .zip(t.train_loss.iter().copied())
                .collect();
            let val: Vec<(f64, f64)> = steps
                .iter()
                .zip(&t.val_loss)
                .filter_map(|(s, v)| v.map(|v| (*s, v)))
                .collect();
            let refs: Vec<(String, f64)> = t
                .unigram_entropy
                .map(|e| ("unigram entropy".to_string(), e))
                .into_iter()
                .collect();
            o.push_str(r#"<div class="cards"><div class="card"><h4>loss <span class="muted">nats/token</span></h4>"#);
            o.push_str(&svg::lines(
                &[
                    Series {
                        name: "train",
                        color: svg::BLUE,
                        points: train,
                        dashed: false,
                    },
                    Series {
                        name: "val",
                        color: svg::ORANGE,
                        points: val,
                        dashed: false,
                    },
                ],
                &refs,
                "step",
                &format!("{}: loss curves", s.name),
            ));
            o.push_str("</div>");
            let tps: Vec<(f64, f64)> = steps
                .iter()
                .copied()
                .zip(t.tokens_per_s.iter().copied())
                .collect();
            if tps.iter().any(|p| p.1.is_finite()) {
                o.push_str(
                    r#"<div class="card"><h4>throughput <span class="muted">tokens/s</span></h4>"#,
                );
                o.push_str(&svg::lines(
                    &[Series {
                        name: "tokens/s",
                        color: svg::GREEN,
                        points: tps,
                        dashed: false,
                    }],
                    &[],
                    "step",
                    &format!("{}: tokens per second", s.name),
                ));
                o.push_str("</div>");
            }
            o.push_str("</div>");
            if let Some(sample) = &t.sample {
                let _ = write!(o, "<h4>sample</h4><blockquote>{}</blockquote>", esc(sample));
            }
        }
        if let Some(c) = &s.classifier {
            classifier(o, c);
        }
    }
    o.push_str("</section>");
}

fn classifier(o: &mut String, c: &serde_json::Value) {
    o.push_str(r#"<dl class="facts">"#);
    if let Some(obj) = c.as_object() {
        for (k, v) in obj {
            let shown = match v {
                serde_json::Value::Number(n) => n.as_f64().map(num).unwrap_or_default(),
                serde_json::Value::String(s) => esc(s),
                serde_json::Value::Bool(b) => b.to_string(),
                _ => continue,
            };
            let _ = write!(o, "<dt>{}</dt><dd>{shown}</dd>", esc(k));
        }
    }
    o.push_str("</dl>");
    let labels: Vec<String> = c
        .get("labels")
        .and_then(|l| l.as_array())
        .map(|a| {
            a.iter()
                .map(|x| {
                    x.as_str()
                        .map(String::from)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(rows) = c.get("confusion").and_then(|x| x.as_array()) {
        o.push_str(r#"<h4>confusion <span class="muted">(rows: true label, columns: predicted)</span></h4><table><tr><th></th>"#);
        for l in &labels {
            let _ = write!(o, r#"<th class="n">{}</th>"#, esc(l));
        }
        o.push_str("</tr>");
        for (i, row) in rows.iter().enumerate() {
            let _ = write!(
                o,
                "<tr><th>{}</th>",
                esc(labels.get(i).map(String::as_str).unwrap_or("?"))
            );
            for v in row.as_array().into_iter().flatten() {
                let _ = write!(o, r#"<td class="n">{}</td>"#, v);
            }
            o.push_str("</tr>");
        }
        o.push_str("</table>");
    }
}

/// `evaluate` stages: their metrics table as written (`data-eval` carries
/// `STAGE/SCORE/METRIC` for tests).
fn evaluation(o: &mut String, r: &Report) {
    let with: Vec<&StageFacts> = r
        .stages
        .iter()
        .filter(|s| !s.evaluation.is_empty())
        .collect();
    if with.is_empty() {
        return;
    }
    o.push_str(r#"<section id="evaluation"><h2>Evaluation</h2>"#);
    let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
    for s in with {
        let _ = write!(
            o,
            r#"<h3>{} <span class="muted">({})</span></h3><table><tr><th>score</th><th>metric</th><th class="n">value</th><th class="n">95% interval</th></tr>"#,
            esc(&s.name),
            esc(&s.kind)
        );
        for e in &s.evaluation {
            let ci = match (e.ci_low, e.ci_high) {
                (Some(a), Some(b)) => format!("{} … {}", num(a), num(b)),
                _ => String::new(),
            };
            let _ = write!(
                o,
                r#"<tr><td>{}</td><td>{}</td><td class="n" data-eval="{}/{}/{}">{}</td><td class="n">{ci}</td></tr>"#,
                esc(&e.score),
                esc(&e.metric),
                esc(&s.name),
                esc(&e.score),
                esc(&e.metric),
                opt(e.value)
            );
        }
        o.push_str("</table>");
    }
    o.push_str("</section>");
}

fn notes(o: &mut String, r: &Report) {
    let with: Vec<&StageFacts> = r.stages.iter().filter(|s| !s.notes.is_empty()).collect();
    if with.is_empty() {
        return;
    }
    o.push_str(r#"<section id="notes"><h2>Stage results</h2><table>"#);
    for s in with {
        for (i, n) in s.notes.iter().enumerate() {
            let _ = write!(
                o,
                "<tr><td>{}</td><td><code>{}</code></td></tr>",
                if i == 0 {
                    format!("<b>{}</b>", esc(&s.name))
                } else {
                    String::new()
                },
                esc(n)
            );
        }
    }
    o.push_str("</table></section>");
}

#[cfg(test)]
mod tests {
    use super::utc;

    #[test]
    fn utc_dates() {
        assert_eq!(utc(0.0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc(951_782_400.0), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc(1_796_160_787.9), "2026-12-01 21:33:07 UTC");
        assert_eq!(utc(1_709_251_199.0), "2024-02-29 23:59:59 UTC");
    }
}
