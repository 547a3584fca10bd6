//! FineWeb-Edu annotation: the additive 0-5 educational-value prompt
//! (`templates/fineweb_edu.jinja`, the prompt FineWeb-Edu gave Llama-3-70B)
//! and a robust parser of the teacher's answer.

use anyhow::Result;
use once_cell::sync::Lazy;
use regex::Regex;

/// The FineWeb-Edu prompt; `{{ text }}` is the document.
pub const DEFAULT_TEMPLATE: &str = include_str!("../templates/fineweb_edu.jinja");

/// A compiled annotation template; renders with `text`.
pub struct EduTemplate {
    env: minijinja::Environment<'static>,
}

impl EduTemplate {
    pub fn new(source: &str) -> Result<EduTemplate> {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_template_owned("prompt", source.to_string())
            .map_err(|e| anyhow::anyhow!("annotation template: {e}"))?;
        // Fail now, not on the first document, if it needs other variables.
        let t = EduTemplate { env };
        t.render("x", 10)?;
        Ok(t)
    }

    /// The prompt for a document cut to at most `max_chars` characters.
    pub fn render(&self, text: &str, max_chars: usize) -> Result<String> {
        let cut: String = match text.char_indices().nth(max_chars) {
            Some((i, _)) => text[..i].to_string(),
            None => text.to_string(),
        };
        let t = self.env.get_template("prompt")?;
        Ok(t.render(minijinja::context! { text => cut })
            .map_err(|e| anyhow::anyhow!("rendering the annotation template: {e}"))?
            .trim()
            .to_string())
    }
}

static EXACT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)educational\s+(?:value\s+)?score\s*(?:is|of|=|:)?\s*[*_`]*\s*(?:is\s*)?[*_`]*\s*([0-5])(?:\s*(?:/|out\s+of)\s*5)?\b").unwrap()
});
static OUT_OF: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)\b([0-5])\s*(?:/|out\s+of)\s*5\b").unwrap());
static SCORE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(?:total\s+)?(?:score|points?)\s*(?:is|of|=|:)\s*[*_`]*\s*([0-5])\b")
        .unwrap()
});

/// The 0-5 score in a teacher's answer: the last `Educational score: N`
/// (markdown emphasis, "N/5" and "N out of 5" allowed), else the last
/// "N/5" or "N out of 5", else the last "score: N" / "total points: N";
/// `None` when there is none (an unparseable answer).
pub fn parse_score(answer: &str) -> Option<u8> {
    for re in [&*EXACT, &*OUT_OF, &*SCORE] {
        if let Some(c) = re.captures_iter(answer).last() {
            return c[1].parse().ok();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_formats_teachers_use() {
        for (a, want) in [
            ("The extract is basic.\nEducational score: 2", Some(2)),
            ("Justification...\n\n**Educational score: 4**", Some(4)),
            ("Educational Score: **3**", Some(3)),
            ("educational score = 5/5", Some(5)),
            (
                "I'd give 1 point, then another. Educational score: 1 (out of 5)",
                Some(1),
            ),
            ("Points: 2 first, then Educational score: 0", Some(0)),
            ("This deserves 3 out of 5.", Some(3)),
            ("Total points: 4", Some(4)),
            // A restatement: the last one counts.
            (
                "Educational score: 2 ... on reflection, Educational score: 3",
                Some(3),
            ),
            ("It is a page about cars with 7 photos.", None),
            ("Educational score: 7", None),
            ("", None),
        ] {
            assert_eq!(parse_score(a), want, "{a:?}");
        }
    }

    #[test]
    fn renders_and_truncates() {
        let t = EduTemplate::new(DEFAULT_TEMPLATE).unwrap();
        let p = t.render("ab€cd", 3).unwrap();
        assert!(p.contains("The extract:\nab€\n"));
        assert!(p.ends_with("\"Educational score: <total points>\""));
        assert!(EduTemplate::new("{{ txt }}").is_err());
    }
}
