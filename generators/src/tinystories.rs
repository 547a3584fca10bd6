//! The TinyStories recipe (Eldan & Li, 2023): each prompt asks for a short
//! story in words a 3-4 year old knows, using one sampled verb, noun and
//! adjective from a ~1,500-word vocabulary and a random subset of story
//! features. Sampling is seeded by (seed, prompt index), so a run is
//! reproducible and a resumed run asks the same prompts.
//!
//! Validation of a story: the three words appear (any inflection), the word
//! count is within bounds, generation did not stop at `max_tokens`, the text
//! looks English (share of English function words), and the share of words
//! outside the allowed vocabulary is bounded.

use std::collections::HashSet;

use anyhow::{Context, Result};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// The default prompt template (minijinja).
pub const DEFAULT_TEMPLATE: &str = include_str!("../templates/tinystories.jinja");
/// The default vocabulary (see its `source` field).
pub const DEFAULT_VOCABULARY: &str = include_str!("../data/tinystories_vocab.json");

/// Story features, with the wording the template receives.
pub const FEATURES: [(&str, &str); 6] = [
    ("dialogue", "the story should contain at least one dialogue"),
    ("bad_ending", "the story has a bad ending"),
    ("moral_value", "the story has a moral value"),
    (
        "plot_twist",
        "something unexpected happens / there is a plot twist",
    ),
    (
        "foreshadowing",
        "the narrative uses foreshadowing or setup and payoff",
    ),
    ("conflict", "the story has some sort of conflict"),
];

#[derive(Debug, Clone, Deserialize)]
pub struct Vocabulary {
    #[serde(default)]
    pub source: String,
    pub verbs: Vec<String>,
    pub nouns: Vec<String>,
    pub adjectives: Vec<String>,
}

impl Vocabulary {
    pub fn parse(json: &str) -> Result<Vocabulary> {
        let v: Vocabulary = serde_json::from_str(json).context("parsing vocabulary JSON")?;
        anyhow::ensure!(
            !v.verbs.is_empty() && !v.nouns.is_empty() && !v.adjectives.is_empty(),
            "vocabulary needs non-empty verbs, nouns and adjectives"
        );
        Ok(v)
    }

    pub fn len(&self) -> usize {
        self.verbs.len() + self.nouns.len() + self.adjectives.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What one prompt asks for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PromptSpec {
    pub index: u64,
    pub verb: String,
    pub noun: String,
    pub adjective: String,
    /// Feature names (see [`FEATURES`]).
    pub features: Vec<String>,
}

/// Draw prompt `index`: one verb, noun and adjective, each feature with
/// probability `feature_prob`.
pub fn sample(v: &Vocabulary, seed: u64, index: u64, feature_prob: f64) -> PromptSpec {
    let mut rng =
        StdRng::seed_from_u64(seed ^ index.wrapping_add(1).wrapping_mul(0x9E3779B97F4A7C15));
    let pick = |rng: &mut StdRng, l: &[String]| l[rng.random_range(0..l.len())].clone();
    let verb = pick(&mut rng, &v.verbs);
    let noun = pick(&mut rng, &v.nouns);
    let adjective = pick(&mut rng, &v.adjectives);
    let features = FEATURES
        .iter()
        .filter(|_| rng.random_bool(feature_prob.clamp(0.0, 1.0)))
        .map(|(n, _)| n.to_string())
        .collect();
    PromptSpec {
        index,
        verb,
        noun,
        adjective,
        features,
    }
}

/// A compiled prompt template.
pub struct Template {
    env: minijinja::Environment<'static>,
}

impl Template {
    pub fn new(source: &str) -> Result<Template> {
        let mut env = minijinja::Environment::new();
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.add_template_owned("prompt", source.to_string())
            .map_err(|e| anyhow::anyhow!("prompt template: {e}"))?;
        Ok(Template { env })
    }

    /// Render with `verb`, `noun`, `adjective`, `features` (descriptions) and
    /// `feature_names`.
    pub fn render(&self, p: &PromptSpec) -> Result<String> {
        let descs: Vec<&str> = p
            .features
            .iter()
            .filter_map(|f| FEATURES.iter().find(|(n, _)| n == f).map(|(_, d)| *d))
            .collect();
        let t = self.env.get_template("prompt")?;
        let s = t
            .render(minijinja::context! {
                verb => p.verb, noun => p.noun, adjective => p.adjective,
                features => descs, feature_names => p.features,
            })
            .map_err(|e| anyhow::anyhow!("rendering the prompt template: {e}"))?;
        Ok(s.trim().to_string())
    }
}

/// Validation thresholds.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    #[serde(default = "d_min_words")]
    pub min_words: usize,
    #[serde(default = "d_max_words")]
    pub max_words: usize,
    /// Largest allowed share of words outside the vocabulary (names excluded).
    #[serde(default = "d_oov")]
    pub max_oov_share: f64,
    /// Smallest share of English function words ("the", "and", "was", ...).
    #[serde(default = "d_english")]
    pub min_english_share: f64,
    /// A fastText language-ID model (e.g. models/lid.176.ftz, relative to the
    /// workflow): a story must also be `en` with at least `min_lang_score`.
    #[serde(default)]
    pub langid_model: Option<std::path::PathBuf>,
    #[serde(default = "d_lang_score")]
    pub min_lang_score: f64,
}

fn d_lang_score() -> f64 {
    0.5
}

fn d_min_words() -> usize {
    40
}
fn d_max_words() -> usize {
    600
}
fn d_oov() -> f64 {
    0.25
}
fn d_english() -> f64 {
    0.2
}

impl Default for Checks {
    fn default() -> Self {
        Checks {
            min_words: d_min_words(),
            max_words: d_max_words(),
            max_oov_share: d_oov(),
            min_english_share: d_english(),
            langid_model: None,
            min_lang_score: d_lang_score(),
        }
    }
}

/// Outcome of validating one story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub words: usize,
    pub oov_share: f64,
    pub english_share: f64,
    /// First failed check, `None` when the story passes.
    pub failure: Option<String>,
}

/// English function words and other words any story may use.
const FUNCTION_WORDS: &str = "a an the and or but so if then than because when while as at by for from in into of off on onto out over to up with without about after before under again all any both each few more most other some such no nor not only own same too very can will just don't should now i me my myself we our ours you your yours he him his himself she her hers herself it its itself they them their theirs what which who whom this that these those am is are was were be been being have has had having do does did doing would could shall may might must there here where why how yes oh okay ok one two three four five six seven eight nine ten first last next let's it's i'm he's she's that's there's can't didn't won't wasn't isn't aren't couldn't wouldn't don't doesn't i'll you're we're they're said says say mom mommy dad daddy day time way thing things lot lots much many also even ever never always still back down away together once upon";

pub struct Validator {
    allowed: HashSet<String>,
    function: HashSet<String>,
    checks: Checks,
}

impl Validator {
    pub fn new(v: &Vocabulary, checks: Checks) -> Validator {
        let function: HashSet<String> = FUNCTION_WORDS
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let mut allowed = function.clone();
        for w in v.verbs.iter().chain(&v.nouns).chain(&v.adjectives) {
            allowed.extend(inflections(w));
        }
        Validator {
            allowed,
            function,
            checks,
        }
    }

    pub fn validate(&self, text: &str, p: &PromptSpec, finish_reason: &str) -> Verdict {
        let words = words(text);
        let n = words.len();
        let mut names = 0usize;
        let mut oov = 0usize;
        let mut english = 0usize;
        for (w, starts) in &words {
            let lower = w.to_lowercase();
            let capital = w.chars().next().is_some_and(char::is_uppercase);
            if self.function.contains(&lower) {
                english += 1;
            }
            if !self.allowed.contains(&lower) {
                // A capitalized word inside a sentence is a name.
                if capital && !*starts {
                    names += 1;
                } else {
                    oov += 1;
                }
            }
        }
        let oov_share = oov as f64 / (n - names).max(1) as f64;
        let english_share = english as f64 / n.max(1) as f64;
        let lowered: HashSet<String> = words.iter().map(|(w, _)| w.to_lowercase()).collect();
        let has = |base: &str| inflections(base).iter().any(|f| lowered.contains(f));
        let failure = if finish_reason == "length" {
            Some("truncated: finish_reason length".to_string())
        } else if n < self.checks.min_words {
            Some(format!("too short: {n} words < {}", self.checks.min_words))
        } else if n > self.checks.max_words {
            Some(format!("too long: {n} words > {}", self.checks.max_words))
        } else if english_share < self.checks.min_english_share {
            Some(format!(
                "not English: function-word share {english_share:.2}"
            ))
        } else if !has(&p.verb) {
            Some(format!("missing verb `{}`", p.verb))
        } else if !has(&p.noun) {
            Some(format!("missing noun `{}`", p.noun))
        } else if !has(&p.adjective) {
            Some(format!("missing adjective `{}`", p.adjective))
        } else if oov_share > self.checks.max_oov_share {
            Some(format!(
                "vocabulary: {:.0}% of words outside it",
                100.0 * oov_share
            ))
        } else {
            None
        };
        Verdict {
            words: n,
            oov_share,
            english_share,
            failure,
        }
    }
}

/// Words (letters and inner apostrophes), each with whether it may start a
/// sentence (text start, after `.`, `!`, `?`, a line break, a quote or `:`).
fn words(text: &str) -> Vec<(String, bool)> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut start_pending = true;
    let mut cur_starts = true;
    for ch in text.chars().chain(std::iter::once(' ')) {
        let ch = if ch == '\u{2019}' { '\'' } else { ch };
        if ch.is_alphabetic() || (ch == '\'' && !cur.is_empty()) {
            if cur.is_empty() {
                cur_starts = start_pending;
                start_pending = false;
            }
            cur.push(ch);
            continue;
        }
        if !cur.is_empty() {
            out.push((cur.trim_end_matches('\'').to_string(), cur_starts));
            cur.clear();
        }
        if matches!(ch, '.' | '!' | '?' | '\n' | '"' | '\u{201C}' | ':') {
            start_pending = true;
        }
    }
    out
}

const IRREGULAR: &[(&str, &[&str])] = &[
    ("be", &["is", "are", "was", "were", "been", "am"]),
    ("go", &["went", "gone", "goes"]),
    ("run", &["ran"]),
    ("eat", &["ate", "eaten"]),
    ("see", &["saw", "seen"]),
    ("come", &["came"]),
    ("give", &["gave", "given"]),
    ("take", &["took", "taken"]),
    ("make", &["made"]),
    ("find", &["found"]),
    ("think", &["thought"]),
    ("feel", &["felt"]),
    ("get", &["got", "gotten"]),
    ("sit", &["sat"]),
    ("sing", &["sang", "sung"]),
    ("swim", &["swam", "swum"]),
    ("drink", &["drank", "drunk"]),
    ("fly", &["flew", "flown", "flies"]),
    ("fall", &["fell", "fallen"]),
    ("hold", &["held"]),
    ("tell", &["told"]),
    ("say", &["said"]),
    ("hear", &["heard"]),
    ("know", &["knew", "known"]),
    ("grow", &["grew", "grown"]),
    ("throw", &["threw", "thrown"]),
    ("draw", &["drew", "drawn"]),
    ("write", &["wrote", "written"]),
    ("ride", &["rode", "ridden"]),
    ("hide", &["hid", "hidden"]),
    ("bite", &["bit", "bitten"]),
    ("break", &["broke", "broken"]),
    ("wake", &["woke", "woken"]),
    ("buy", &["bought"]),
    ("bring", &["brought"]),
    ("catch", &["caught"]),
    ("teach", &["taught"]),
    ("build", &["built"]),
    ("sleep", &["slept"]),
    ("keep", &["kept"]),
    ("leave", &["left"]),
    ("lose", &["lost"]),
    ("meet", &["met"]),
    ("send", &["sent"]),
    ("spend", &["spent"]),
    ("stand", &["stood"]),
    ("understand", &["understood"]),
    ("win", &["won"]),
    ("shine", &["shone"]),
    ("dig", &["dug"]),
    ("hang", &["hung"]),
    ("blow", &["blew", "blown"]),
    ("wear", &["wore", "worn"]),
    ("tear", &["tore", "torn"]),
    ("begin", &["began", "begun"]),
    ("forget", &["forgot", "forgotten"]),
    ("shake", &["shook", "shaken"]),
    ("choose", &["chose", "chosen"]),
    ("freeze", &["froze", "frozen"]),
    ("steal", &["stole", "stolen"]),
    ("speak", &["spoke", "spoken"]),
    ("feed", &["fed"]),
    ("lead", &["led"]),
    ("light", &["lit"]),
    ("slide", &["slid"]),
    ("spin", &["spun"]),
    ("stick", &["stuck"]),
    ("swing", &["swung"]),
    ("do", &["did", "done", "does"]),
    ("have", &["has", "had"]),
    ("child", &["children"]),
    ("mouse", &["mice"]),
    ("foot", &["feet"]),
    ("tooth", &["teeth"]),
    ("man", &["men"]),
    ("woman", &["women"]),
    ("sheep", &["sheep"]),
    ("fish", &["fish"]),
    ("good", &["better", "best"]),
    ("bad", &["worse", "worst"]),
];

fn is_vowel(c: char) -> bool {
    "aeiou".contains(c)
}

/// Regular inflections of a base word (noun plural, verb forms, comparison),
/// plus irregular forms from a small table. Over-generation is harmless: the
/// set is only used to recognise words.
pub fn inflections(base: &str) -> Vec<String> {
    let b = base.to_lowercase();
    let mut v = vec![b.clone()];
    let chars: Vec<char> = b.chars().collect();
    let n = chars.len();
    for suf in ["s", "ed", "ing", "er", "est", "d", "r", "st", "ly"] {
        v.push(format!("{b}{suf}"));
    }
    if b.ends_with(['s', 'x', 'z']) || b.ends_with("ch") || b.ends_with("sh") || b.ends_with('o') {
        v.push(format!("{b}es"));
    }
    if n >= 2 && chars[n - 1] == 'y' && !is_vowel(chars[n - 2]) {
        let stem: String = chars[..n - 1].iter().collect();
        for suf in ["ies", "ied", "ier", "iest", "ily"] {
            v.push(format!("{stem}{suf}"));
        }
    }
    if n >= 2 && chars[n - 1] == 'e' {
        let stem: String = chars[..n - 1].iter().collect();
        v.push(format!("{stem}ing"));
    }
    if n >= 3
        && !is_vowel(chars[n - 1])
        && is_vowel(chars[n - 2])
        && !is_vowel(chars[n - 3])
        && !"wxy".contains(chars[n - 1])
    {
        let last = chars[n - 1];
        for suf in ["ed", "ing", "er", "est", "y"] {
            v.push(format!("{b}{last}{suf}"));
        }
    }
    if b.ends_with('f') {
        v.push(format!("{}ves", &b[..b.len() - 1]));
    }
    if b.ends_with("fe") {
        v.push(format!("{}ves", &b[..b.len() - 2]));
    }
    if let Some((_, forms)) = IRREGULAR.iter().find(|(w, _)| *w == b) {
        v.extend(forms.iter().map(|s| s.to_string()));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary::parse(DEFAULT_VOCABULARY).unwrap()
    }

    #[test]
    fn default_vocabulary_has_the_recipe_size() {
        let v = vocab();
        assert!(v.len() >= 1200, "{}", v.len());
        assert!(v.verbs.len() >= 300 && v.nouns.len() >= 400 && v.adjectives.len() >= 250);
    }

    #[test]
    fn sampling_is_seeded_and_renders() {
        let v = vocab();
        let a = sample(&v, 7, 3, 0.5);
        assert_eq!(a, sample(&v, 7, 3, 0.5));
        assert_ne!(a, sample(&v, 7, 4, 0.5));
        let t = Template::new(DEFAULT_TEMPLATE).unwrap();
        let s = t.render(&a).unwrap();
        assert!(s.contains(&format!("\"{}\"", a.verb)) && s.contains(&a.noun));
        let none = PromptSpec {
            features: vec![],
            ..a.clone()
        };
        assert!(!t.render(&none).unwrap().contains("following features"));
        // feature share near the probability
        let n: usize = (0..2000)
            .map(|i| sample(&v, 1, i, 0.3).features.len())
            .sum();
        let share = n as f64 / (2000.0 * 6.0);
        assert!((0.27..0.33).contains(&share), "{share}");
        assert!(Template::new("{{ nope }").is_err());
        assert!(Template::new("{{ nope }}").unwrap().render(&a).is_err());
    }

    #[test]
    fn inflections_cover_common_forms() {
        let has = |b: &str, f: &str| inflections(b).contains(&f.to_string());
        assert!(has("jump", "jumped") && has("jump", "jumping") && has("jump", "jumps"));
        assert!(has("hop", "hopped") && has("hop", "hopping"));
        assert!(has("smile", "smiling") && has("smile", "smiled"));
        assert!(has("cry", "cried") && has("puppy", "puppies"));
        assert!(has("run", "ran") && has("big", "bigger") && has("happy", "happily"));
        assert!(has("box", "boxes") && has("leaf", "leaves"));
    }

    #[test]
    fn validation_checks_each_rule() {
        let v = Vocabulary {
            source: String::new(),
            verbs: vec!["jump".into(), "play".into(), "like".into()],
            nouns: vec!["ball".into(), "dog".into(), "park".into()],
            adjectives: vec!["red".into(), "happy".into(), "big".into()],
        };
        let checks = Checks {
            min_words: 10,
            ..Default::default()
        };
        let val = Validator::new(&v, checks);
        let p = PromptSpec {
            index: 0,
            verb: "jump".into(),
            noun: "ball".into(),
            adjective: "red".into(),
            features: vec![],
        };
        let good = "Once upon a time, Lily had a red ball. She jumped and played with her dog in the park. The dog was happy. They played all day.";
        let ok = val.validate(good, &p, "stop");
        assert_eq!(ok.failure, None, "{ok:?}");
        assert!(ok.oov_share < 0.1);
        let f = |t: &str, r: &str| val.validate(t, &p, r).failure.unwrap();
        assert!(f(good, "length").starts_with("truncated"));
        assert!(f("The red ball jumped.", "stop").starts_with("too short"));
        assert!(f(&good.replace("jumped", "sat"), "stop").contains("missing verb"));
        assert!(f(&good.replace("ball", "kite"), "stop").contains("missing noun"));
        assert!(f(&good.replace("red", "blue"), "stop").contains("missing adjective"));
        let fr = "Il était une fois un chien rouge qui jouait avec une balle dans le parc avec ses amis.";
        assert!(f(fr, "stop").starts_with("not English"));
        let hard = "Once upon a time, a red ball jumped. The quantum epistemology of ontological hermeneutics notwithstanding, philosophical dialectics undermined the ball.";
        assert!(f(hard, "stop").starts_with("vocabulary"));
    }
}
