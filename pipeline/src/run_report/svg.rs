//! Inline SVG charts: histogram, bar chart, line chart, DAG, funnel. Each is
//! an `<svg class="chart">` with a `<title>`; drawn marks carry the class
//! `mark` (the browser test checks that every chart has some with a size).

use std::fmt::Write;

use super::{Histogram, StageFacts};
use crate::report::thousands;

pub const BLUE: &str = "#3b6fb6";
pub const GREY: &str = "#c5cbd3";
pub const RED: &str = "#c0392b";
pub const ORANGE: &str = "#e08a1e";
pub const GREEN: &str = "#2e8b57";

pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A number in at most ~4 significant digits, without exponent for the
/// usual ranges.
pub fn num(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e7).contains(&a) {
        return format!("{v:.2e}");
    }
    if a >= 1000.0 {
        if v.fract() == 0.0 || a >= 1e5 {
            let sign = if v < 0.0 { "-" } else { "" };
            return format!("{sign}{}", thousands(a.round() as u64));
        }
        return format!("{v:.1}");
    }
    if v.fract() == 0.0 {
        return format!("{v:.0}");
    }
    let s = if a >= 100.0 {
        format!("{v:.1}")
    } else if a >= 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    };
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn open(out: &mut String, w: f64, h: f64, title: &str) {
    let _ = write!(
        out,
        r#"<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img"><title>{}</title>"#,
        esc(title)
    );
}

fn text(out: &mut String, x: f64, y: f64, anchor: &str, class: &str, s: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" class="{class}">{}</text>"#,
        esc(s)
    );
}

/// A vertical threshold line on a histogram.
pub struct Mark {
    pub value: f64,
    pub label: String,
    /// Values on this side are kept: `>`/`>=` keep the right side.
    pub keeps_right: Option<bool>,
}

/// Histogram with optional threshold lines; bins on the side a threshold
/// drops are grey.
pub fn histogram(h: &Histogram, marks: &[Mark], title: &str) -> String {
    let (w, hgt) = (380.0, 170.0);
    let (ml, mr, mt, mb) = (46.0, 12.0, 22.0, 30.0);
    let pw = w - ml - mr - if h.overflow > 0 { 22.0 } else { 0.0 };
    let ph = hgt - mt - mb;
    let mut out = String::new();
    open(&mut out, w, hgt, title);
    let n = h.counts.len().max(1);
    let (lo, hi) = (
        h.edges.first().copied().unwrap_or(0.0),
        h.edges.last().copied().unwrap_or(1.0),
    );
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = |v: f64| ml + (v - lo) / span * pw;
    let maxc = h
        .counts
        .iter()
        .copied()
        .chain([h.overflow])
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let y = |c: f64| mt + ph - c / maxc * ph;
    // Axes.
    let _ = write!(
        out,
        r#"<line x1="{ml}" y1="{0}" x2="{1}" y2="{0}" class="axis"/><line x1="{ml}" y1="{mt}" x2="{ml}" y2="{0}" class="axis"/>"#,
        mt + ph,
        w - mr
    );
    text(
        &mut out,
        ml - 4.0,
        mt + 4.0,
        "end",
        "tick",
        &thousands(maxc as u64),
    );
    text(&mut out, ml - 4.0, mt + ph, "end", "tick", "0");
    let dropped = |mid: f64| {
        marks.iter().any(|m| match m.keeps_right {
            Some(true) => mid < m.value,
            Some(false) => mid > m.value,
            None => false,
        })
    };
    for (i, &c) in h.counts.iter().enumerate() {
        let (a, b) = (h.edges[i], h.edges.get(i + 1).copied().unwrap_or(hi));
        let bx = x(a) + 0.5;
        let bw = (x(b) - x(a) - 1.0).max(0.8);
        let by = y(c as f64);
        let label = if h.integer && b - a == 1.0 {
            format!("{}: {}", num(a), thousands(c))
        } else {
            let close = if i + 1 == n { "]" } else { ")" };
            format!("[{}, {}{close}: {}", num(a), num(b), thousands(c))
        };
        let fill = if dropped((a + b) / 2.0) { GREY } else { BLUE };
        let _ = write!(
            out,
            r#"<rect class="mark bar" x="{bx:.1}" y="{by:.1}" width="{bw:.1}" height="{:.1}" fill="{fill}"><title>{}</title></rect>"#,
            (mt + ph - by).max(if c > 0 { 1.0 } else { 0.0 }),
            esc(&label)
        );
    }
    if h.overflow > 0 {
        let bx = ml + pw + 6.0;
        let by = y(h.overflow as f64);
        let _ = write!(
            out,
            r#"<rect class="mark bar" x="{bx:.1}" y="{by:.1}" width="14" height="{:.1}" fill="{ORANGE}"><title>{}</title></rect>"#,
            (mt + ph - by).max(1.0),
            esc(&format!("above {}: {}", num(hi), thousands(h.overflow)))
        );
        text(
            &mut out,
            bx + 7.0,
            mt + ph + 13.0,
            "middle",
            "tick",
            &format!(">{}", num(hi)),
        );
    }
    // X labels: every bin of a few whole-number bins, else the ends and middle.
    if h.integer && n <= 12 && h.edges.len() > 1 && h.edges[1] - h.edges[0] == 1.0 {
        for (i, e) in h.edges.iter().take(n).enumerate() {
            let _ = i;
            text(
                &mut out,
                x(e + 0.5),
                mt + ph + 13.0,
                "middle",
                "tick",
                &num(*e),
            );
        }
    } else {
        text(&mut out, x(lo), mt + ph + 13.0, "start", "tick", &num(lo));
        text(
            &mut out,
            x((lo + hi) / 2.0),
            mt + ph + 13.0,
            "middle",
            "tick",
            &num((lo + hi) / 2.0),
        );
        text(&mut out, x(hi), mt + ph + 13.0, "end", "tick", &num(hi));
    }
    for (k, m) in marks.iter().enumerate() {
        let mx = x(m.value.clamp(lo, hi));
        let _ = write!(
            out,
            r#"<line class="threshold" x1="{mx:.1}" y1="{}" x2="{mx:.1}" y2="{}" stroke="{RED}" stroke-width="2" stroke-dasharray="4 2"><title>{}</title></line>"#,
            mt - 4.0,
            mt + ph,
            esc(&m.label)
        );
        let anchor = if mx > ml + pw * 0.6 { "end" } else { "start" };
        let dx = if anchor == "end" { -3.0 } else { 3.0 };
        text(
            &mut out,
            mx + dx,
            mt - 8.0 + 11.0 * k as f64,
            anchor,
            "thr",
            &m.label,
        );
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars: `(label, value, highlighted)`.
pub fn bars(items: &[(String, u64, bool)], title: &str) -> String {
    let row = 17.0;
    let (w, ml, mr) = (380.0, 130.0, 60.0);
    let h = 8.0 + row * items.len().max(1) as f64;
    let mut out = String::new();
    open(&mut out, w, h, title);
    let max = items.iter().map(|i| i.1).max().unwrap_or(1).max(1) as f64;
    for (i, (label, v, hl)) in items.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let bw = (*v as f64 / max * (w - ml - mr)).max(1.0);
        let short: String = if label.chars().count() > 20 {
            label.chars().take(19).collect::<String>() + "…"
        } else {
            label.clone()
        };
        text(&mut out, ml - 5.0, y + 12.0, "end", "tick", &short);
        let _ = write!(
            out,
            r#"<rect class="mark bar" x="{ml}" y="{y:.1}" width="{bw:.1}" height="{:.1}" fill="{}"><title>{}</title></rect>"#,
            row - 4.0,
            if *hl { GREEN } else { BLUE },
            esc(&format!("{label}: {}", thousands(*v)))
        );
        text(
            &mut out,
            ml + bw + 4.0,
            y + 12.0,
            "start",
            "tick",
            &thousands(*v),
        );
    }
    out.push_str("</svg>");
    out
}

fn nice_ticks(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let span = (hi - lo).max(1e-12);
    let raw = span / n as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let mut t = (lo / step).ceil() * step;
    let mut out = vec![];
    while t <= hi + step * 1e-9 {
        out.push(t);
        t += step;
    }
    out
}

/// A line series: name, colour, points (None breaks nothing, it is skipped).
pub struct Series<'a> {
    pub name: &'a str,
    pub color: &'a str,
    pub points: Vec<(f64, f64)>,
    pub dashed: bool,
}

/// Line chart with horizontal reference lines `(label, y)`.
pub fn lines(series: &[Series], refs: &[(String, f64)], xlabel: &str, title: &str) -> String {
    let (w, h) = (560.0, 240.0);
    let (ml, mr, mt, mb) = (52.0, 14.0, 26.0, 34.0);
    let (pw, ph) = (w - ml - mr, h - mt - mb);
    let xs: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .collect();
    let ys: Vec<f64> = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1))
        .chain(refs.iter().map(|r| r.1))
        .filter(|v| v.is_finite())
        .collect();
    let mut out = String::new();
    open(&mut out, w, h, title);
    if xs.is_empty() || ys.is_empty() {
        out.push_str("</svg>");
        return out;
    }
    let (x0, x1) = (
        xs.iter().cloned().fold(f64::INFINITY, f64::min),
        xs.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
    );
    let (mut y0, mut y1) = (
        ys.iter().cloned().fold(f64::INFINITY, f64::min),
        ys.iter().cloned().fold(f64::NEG_INFINITY, f64::max),
    );
    let pad = ((y1 - y0) * 0.06).max(1e-6);
    y0 -= pad;
    y1 += pad;
    let xspan = if x1 > x0 { x1 - x0 } else { 1.0 };
    let x = |v: f64| ml + (v - x0) / xspan * pw;
    let y = |v: f64| mt + ph - (v - y0) / (y1 - y0) * ph;
    let _ = write!(
        out,
        r#"<line x1="{ml}" y1="{0}" x2="{1}" y2="{0}" class="axis"/><line x1="{ml}" y1="{mt}" x2="{ml}" y2="{0}" class="axis"/>"#,
        mt + ph,
        w - mr
    );
    for t in nice_ticks(y0, y1, 5) {
        let _ = write!(
            out,
            r#"<line x1="{ml}" y1="{0:.1}" x2="{1}" y2="{0:.1}" class="grid"/>"#,
            y(t),
            w - mr
        );
        text(&mut out, ml - 4.0, y(t) + 4.0, "end", "tick", &num(t));
    }
    for t in nice_ticks(x0, x1, 6) {
        text(&mut out, x(t), mt + ph + 14.0, "middle", "tick", &num(t));
    }
    text(&mut out, ml + pw / 2.0, h - 4.0, "middle", "tick", xlabel);
    for (label, v) in refs {
        let _ = write!(
            out,
            r#"<line class="mark ref" x1="{ml}" y1="{0:.1}" x2="{1}" y2="{0:.1}" stroke="{GREY}" stroke-width="2" stroke-dasharray="6 3"><title>{2}</title></line>"#,
            y(*v),
            w - mr,
            esc(&format!("{label}: {}", num(*v)))
        );
        text(&mut out, w - mr - 2.0, y(*v) - 4.0, "end", "tick", label);
    }
    let mut lx = ml + 8.0;
    for s in series {
        if s.points.is_empty() {
            continue;
        }
        let pts: Vec<String> = s
            .points
            .iter()
            .filter(|p| p.1.is_finite())
            .map(|p| format!("{:.1},{:.1}", x(p.0), y(p.1)))
            .collect();
        let dash = if s.dashed {
            r#" stroke-dasharray="5 3""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<polyline class="mark line" points="{}" fill="none" stroke="{}" stroke-width="2"{dash}><title>{}</title></polyline>"#,
            pts.join(" "),
            s.color,
            esc(s.name)
        );
        if s.points.len() <= 30 {
            for p in s.points.iter().filter(|p| p.1.is_finite()) {
                let _ = write!(
                    out,
                    r#"<circle cx="{:.1}" cy="{:.1}" r="2.5" fill="{}"><title>{}</title></circle>"#,
                    x(p.0),
                    y(p.1),
                    s.color,
                    esc(&format!("{} at {}: {}", s.name, num(p.0), num(p.1)))
                );
            }
        }
        let _ = write!(
            out,
            r#"<rect x="{lx:.1}" y="8" width="14" height="4" fill="{}"/>"#,
            s.color
        );
        text(&mut out, lx + 18.0, 14.0, "start", "tick", s.name);
        lx += 26.0 + 7.0 * s.name.len() as f64;
    }
    out.push_str("</svg>");
    out
}

/// The stage DAG, laid out in columns by depth, with rows in/out per stage.
pub fn dag(stages: &[StageFacts]) -> String {
    let idx = |n: &str| stages.iter().position(|s| s.name == n);
    let mut depth = vec![0usize; stages.len()];
    for _ in 0..stages.len() {
        for (i, s) in stages.iter().enumerate() {
            for inp in &s.inputs {
                if let Some(j) = idx(inp) {
                    depth[i] = depth[i].max(depth[j] + 1);
                }
            }
        }
    }
    let cols = depth.iter().max().copied().unwrap_or(0) + 1;
    let mut row_in_col = vec![0usize; cols];
    let mut pos = vec![(0usize, 0usize); stages.len()];
    for (i, d) in depth.iter().enumerate() {
        pos[i] = (*d, row_in_col[*d]);
        row_in_col[*d] += 1;
    }
    let rows = row_in_col.iter().max().copied().unwrap_or(1);
    // Wide enough for the longest line of any box (11.5 px text: about 7 px
    // a character; name and kind share the first line).
    let longest = stages
        .iter()
        .map(|s| {
            let rows = s
                .counts
                .as_ref()
                .map(|c| thousands(c.rows_in).len() + thousands(c.rows_out).len() + 10)
                .unwrap_or(0);
            rows.max(s.name.chars().count() + s.kind.chars().count() + 2)
        })
        .max()
        .unwrap_or(0);
    let bw = (16.0 + 7.0 * longest as f64).max(172.0);
    let (bh, gx, gy, m) = (62.0, 46.0, 16.0, 8.0);
    let w = m * 2.0 + cols as f64 * (bw + gx) - gx;
    let h = m * 2.0 + rows as f64 * (bh + gy) - gy;
    let at = |i: usize| {
        let (c, r) = pos[i];
        (m + c as f64 * (bw + gx), m + r as f64 * (bh + gy))
    };
    let mut out = String::new();
    open(&mut out, w, h, "stages and rows in / out");
    out.push_str(r##"<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#7a8594"/></marker></defs>"##);
    for (i, s) in stages.iter().enumerate() {
        for inp in &s.inputs {
            if let Some(j) = idx(inp) {
                let (x1, y1) = at(j);
                let (x2, y2) = at(i);
                let (ax, ay, bx, by) = (x1 + bw, y1 + bh / 2.0, x2, y2 + bh / 2.0);
                let _ = write!(
                    out,
                    r##"<path class="mark edge" d="M{ax:.1},{ay:.1} C{:.1},{ay:.1} {:.1},{by:.1} {bx:.1},{by:.1}" fill="none" stroke="#7a8594" stroke-width="1.5" marker-end="url(#arrow)"/>"##,
                    ax + gx / 2.0,
                    bx - gx / 2.0
                );
            }
        }
    }
    for (i, s) in stages.iter().enumerate() {
        let (x, y) = at(i);
        let bad = s.problem.is_some();
        let (fill, stroke, dash) = if bad {
            ("#fdecea", RED, r#" stroke-dasharray="5 3""#)
        } else {
            ("#eef3fa", BLUE, "")
        };
        let _ = write!(
            out,
            r##"<a href="#stage-{0}"><rect class="mark node" x="{x:.1}" y="{y:.1}" width="{bw}" height="{bh}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.5"{dash}><title>{1}</title></rect>"##,
            esc(&s.name),
            esc(&match &s.problem {
                Some(p) => format!("{} ({}): {}", s.name, s.kind, p),
                None => format!("{} ({})", s.name, s.kind),
            })
        );
        text(&mut out, x + 8.0, y + 17.0, "start", "node-name", &s.name);
        text(
            &mut out,
            x + bw - 8.0,
            y + 17.0,
            "end",
            "node-kind",
            &s.kind,
        );
        match (&s.counts, bad) {
            (Some(c), _) => {
                let _ = write!(
                    out,
                    r#"<text x="{tx:.1}" y="{ty:.1}" class="node-rows">in <tspan data-m="{n}/rows_in">{i}</tspan> → out <tspan data-m="{n}/rows_out">{o}</tspan></text>"#,
                    tx = x + 8.0,
                    ty = y + 36.0,
                    n = esc(&s.name),
                    i = thousands(c.rows_in),
                    o = thousands(c.rows_out)
                );
                let status = if bad {
                    s.status.clone()
                } else if c.dropped > 0 {
                    format!("dropped {}", thousands(c.dropped))
                } else {
                    s.status.clone()
                };
                text(
                    &mut out,
                    x + 8.0,
                    y + 53.0,
                    "start",
                    if bad { "node-bad" } else { "node-kind" },
                    &status,
                );
            }
            (None, _) => {
                text(&mut out, x + 8.0, y + 36.0, "start", "node-bad", &s.status);
                text(
                    &mut out,
                    x + 8.0,
                    y + 53.0,
                    "start",
                    "node-kind",
                    "no counts",
                );
            }
        }
        out.push_str("</a>");
    }
    out.push_str("</svg>");
    out
}

/// Funnel bars: `(label, rows, data-m key)`; widths relative to the first.
pub fn funnel(steps: &[(String, u64, String)]) -> String {
    let row = 26.0;
    let (w, ml) = (620.0, 170.0);
    let h = 8.0 + row * steps.len() as f64;
    let mut out = String::new();
    open(&mut out, w, h, "documents kept, stage by stage");
    let first = steps.first().map(|s| s.1).unwrap_or(1).max(1) as f64;
    let maxw = w - ml - 150.0;
    for (i, (label, rows, key)) in steps.iter().enumerate() {
        let y = 4.0 + row * i as f64;
        let bw = (*rows as f64 / first * maxw).clamp(1.0, maxw * 1.5);
        text(&mut out, ml - 6.0, y + 16.0, "end", "tick", label);
        let _ = write!(
            out,
            r#"<rect class="mark bar" x="{ml}" y="{y:.1}" width="{bw:.1}" height="{:.1}" fill="{BLUE}" opacity="{:.2}"><title>{}</title></rect>"#,
            row - 6.0,
            1.0 - 0.5 * i as f64 / steps.len().max(1) as f64,
            esc(&format!("{label}: {}", thousands(*rows)))
        );
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="tick"><tspan data-m="{}">{}</tspan> ({:.1}%)</text>"#,
            ml + bw + 6.0,
            y + 16.0,
            esc(key),
            thousands(*rows),
            100.0 * *rows as f64 / first
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(num(0.65), "0.65");
        assert_eq!(num(50.0), "50");
        assert_eq!(num(1234.0), "1,234");
        assert_eq!(num(-1234.0), "-1,234");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(123.456), "123.5");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(esc("<a & 'b'>"), "&lt;a &amp; &#39;b&#39;&gt;");
    }
}
