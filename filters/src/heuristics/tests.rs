//! One tripping and one passing text for every failure reason of every rule set.
//! Run with `cargo test -p curate-filters heuristics`.
//!
//! Expected verdicts follow datatrove 0.10.1; see `rec` for re-checking them against
//! datatrove itself.

use super::*;

/// A realistic clean English text (passes all four sets).
const CLEAN: &str = "The history of the river valley goes back thousands of years. Early farmers settled \
along its banks because the soil was rich and the water supply was steady throughout the year.\n\n\
Over the centuries, small villages grew into market towns. Merchants traded grain, wool and pottery \
with neighbouring regions, and the river became an important route for transport. Bridges were built \
of timber at first, and later of stone.\n\n\
Today the valley is known for its orchards and vineyards. Visitors come in spring to see the blossom, \
while walkers follow the old towpath that runs beside the water for nearly forty miles. Local museums \
describe how people lived and worked here in earlier times.";

fn cfg() -> HeuristicsConfig {
    HeuristicsConfig::default()
}

/// Unique lowercase pseudo-word `<p><5 letters>` for index `i`.
fn uw(p: char, i: usize) -> String {
    let mut s = String::from(p);
    let mut x = i;
    for _ in 0..5 {
        s.push((b'a' + (x % 26) as u8) as char);
        x /= 26;
    }
    s
}

fn words(p: char, from: usize, n: usize) -> Vec<String> {
    (from..from + n).map(|i| uw(p, i)).collect()
}

/// With `HEURISTICS_DUMP=<file>` set, every default-config verdict computed by the tests
/// is appended to `<file>` as JSONL (`{"set","text","rust"}`) so that
/// `scripts/bench/check_unit_cases.py` can re-check the expectations against datatrove.
fn rec(set: &str, text: &str, r: Option<&'static str>) -> Option<&'static str> {
    if let Ok(path) = std::env::var("HEURISTICS_DUMP") {
        use std::io::Write;
        static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _g = LOCK.lock().unwrap();
        let line = serde_json::json!({"set": set, "text": text, "rust": r});
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .unwrap();
        writeln!(f, "{line}").unwrap();
    }
    r
}

fn gq(t: &str) -> Option<&'static str> {
    rec(
        "gopher_quality",
        t,
        gopher_quality(t, &cfg().gopher_quality),
    )
}
fn gr(t: &str) -> Option<&'static str> {
    rec(
        "gopher_repetition",
        t,
        gopher_repetition(t, &cfg().gopher_repetition),
    )
}
fn c4v(t: &str) -> Option<&'static str> {
    rec("c4", t, c4(t, &cfg().c4))
}
fn fw(t: &str) -> Option<&'static str> {
    rec("fineweb", t, fineweb(t, &cfg().fineweb))
}

#[test]
fn heuristics_clean_paragraph_passes_all() {
    let r = score(CLEAN, &cfg());
    assert_eq!(r.gopher_quality, None);
    assert_eq!(r.gopher_repetition, None);
    assert_eq!(r.c4, None);
    assert_eq!(r.fineweb, None);
    assert!(r.keep());
    assert_eq!(r.drop_reason(), None);
    assert!(r.word_count > 100);
    // per-set functions agree with score()
    assert_eq!(gq(CLEAN), None);
    assert_eq!(gr(CLEAN), None);
    assert_eq!(c4v(CLEAN), None);
    assert_eq!(fw(CLEAN), None);
}

#[test]
fn heuristics_drop_reason_order() {
    let r = score("Hello world.", &cfg());
    assert_eq!(
        r.drop_reason().as_deref(),
        Some("gopher_quality:gopher_short_doc")
    );
    let r = HeuristicsResult {
        c4: Some("curly_bracket"),
        fineweb: Some("list_ratio"),
        ..Default::default()
    };
    assert_eq!(r.drop_reason().as_deref(), Some("c4:curly_bracket"));
}

// ---------------------------------------------------------------- gopher quality

#[test]
fn heuristics_gopher_short_doc() {
    assert_eq!(gq("Hello world, this is short."), Some("gopher_short_doc"));
    // symbol-only words do not count towards the 50
    let t = format!(
        "{} {}",
        words('q', 0, 49).join(" "),
        "- - - , , . . ! ! ? ?"
    );
    assert_eq!(gq(&t), Some("gopher_short_doc"));
    assert_eq!(gq(CLEAN), None);
}

#[test]
fn heuristics_gopher_long_doc() {
    let mut t = String::from("the and ");
    t.push_str(&words('q', 0, 100_001).join(" "));
    assert_eq!(gq(&t), Some("gopher_long_doc"));
    let mut t = String::from("the and ");
    t.push_str(&words('q', 0, 99_990).join(" "));
    assert_eq!(gq(&t), None);
}

#[test]
fn heuristics_gopher_avg_word_length() {
    assert_eq!(
        gq(&"to be or no go ".repeat(20)),
        Some("gopher_below_avg_threshold")
    );
    let t = format!("the and {}", "internationalization ".repeat(60));
    assert_eq!(gq(&t), Some("gopher_above_avg_threshold"));
    // exactly 3.0 and exactly 10.0 pass
    assert_eq!(gq(&"the and cat dog ".repeat(20)), None);
    let t = format!("{} the and", "abcdefghij ".repeat(80));
    assert_eq!(gq(&t), None); // (800 + 6) / 82 < 10
}

#[test]
fn heuristics_gopher_hashes_and_ellipsis() {
    let t = format!("{CLEAN} {}", "#topic ".repeat(40));
    assert_eq!(gq(&t), Some("gopher_too_many_hashes"));
    let t = format!("{CLEAN} {}", "#topic ".repeat(5));
    assert_eq!(gq(&t), None);
    let t = format!("{CLEAN} {}", "wait... ".repeat(40));
    assert_eq!(gq(&t), Some("gopher_too_many_ellipsis"));
    let t = format!("{CLEAN} {}", "wait\u{2026} ".repeat(40));
    assert_eq!(gq(&t), Some("gopher_too_many_ellipsis"));
    let t = format!("{CLEAN} {}", "wait... ".repeat(5));
    assert_eq!(gq(&t), None);
}

#[test]
fn heuristics_gopher_bullets_and_end_ellipsis() {
    let line = "- the river valley has many orchards and vineyards with blossom";
    let t = [line; 10].join("\n");
    assert_eq!(gq(&t), Some("gopher_too_many_bullets"));
    let t = format!("{}\nA normal closing line here.", [line; 9].join("\n"));
    assert_eq!(gq(&t), None); // 9/10 = 0.9 is not > 0.9
    let t =
        ["\u{2022} the river valley has many orchards and vineyards with blossom"; 10].join("\n");
    assert_eq!(gq(&t), Some("gopher_too_many_bullets"));

    let eline = "the river valley has many orchards and vineyards with blossom in spring...";
    let t = format!("{}\n{}", [eline; 4].join("\n"), CLEAN.replace('\n', " "));
    assert_eq!(gq(&t), Some("gopher_too_many_end_ellipsis"));
    let t = format!(
        "{eline}\n{}\n{}\nok then fine.",
        CLEAN.replace('\n', " "),
        CLEAN.replace('\n', " ")
    );
    assert_eq!(gq(&t), None); // 1/4 lines
}

#[test]
fn heuristics_gopher_alpha_and_stop_words() {
    let t = format!("the and {}", "river 12345 67890 ".repeat(30));
    assert_eq!(gq(&t), Some("gopher_below_alpha_threshold"));
    let t = format!("the and {}", "river water lake 12345 valley ".repeat(20));
    assert_eq!(gq(&t), None); // (2 + 80) / 102 alpha words: exactly 0.8 is not < 0.8
    let no_stop = "Farmers planted barley near quiet streams while merchants sold wool pottery \
        grain in busy markets Visitors admire blossom during spring while walkers follow towpaths \
        beside canals Museums describe earlier lives Orchards produce apples pears plums Vineyards \
        grow grapes on sunny slopes Bridges span rivers Towns grew slowly Markets opened weekly \
        Craftsmen built carts Children played games outside near old stone walls.";
    assert_eq!(gq(no_stop), Some("gopher_enough_stop_words"));
    // stop words are case-sensitive and must be two distinct ones
    assert_eq!(
        gq(&format!("{no_stop} The The the")),
        Some("gopher_enough_stop_words")
    );
    assert_eq!(gq(&format!("{no_stop} the with")), None);
}

#[test]
fn heuristics_gopher_quality_config_overrides() {
    let mut c = cfg().gopher_quality;
    c.max_doc_words = Some(60);
    assert_eq!(gopher_quality(CLEAN, &c), Some("gopher_long_doc"));
    c.max_doc_words = None;
    c.min_doc_words = Some(0); // 0 disables, like Python truthiness
    assert_eq!(gopher_quality("the and cats", &c), None);
}

// ---------------------------------------------------------------- gopher repetition

#[test]
fn heuristics_gopher_repetition_empty() {
    assert_eq!(gr(""), Some("empty"));
    assert_eq!(gr(CLEAN), None);
}

#[test]
fn heuristics_gopher_dup_paragraphs() {
    let p = "Same short paragraph.";
    let t = format!("{p}\n\n{p}\n\n{p}\n\n{CLEAN}");
    assert_eq!(gr(&t), Some("dup_para_frac"));
    // 2 of 6 paragraphs duplicated (0.33 > 0.3) vs 1 of 5 with little text
    let t = format!("{p}\n\n{p}\n\n{CLEAN}");
    assert_eq!(gr(&t), None);
    // few but long duplicated paragraphs: count fraction ok, char fraction too high
    let long = CLEAN.replace("\n\n", " ");
    let t = format!(
        "{long}\n\n{long}\n\nOne.\n\nTwo.\n\nThree.\n\nFour.\n\nFive.\n\nSix.\n\nSeven.\n\nEight."
    );
    assert_eq!(gr(&t), Some("dup_para_char_frac"));
}

#[test]
fn heuristics_gopher_dup_lines() {
    // single newlines only: paragraphs are unique (one paragraph)
    let t = format!("ok\nok\nok\nok\n{}", CLEAN.replace("\n\n", "\n"));
    assert_eq!(gr(&t), Some("dup_line_frac"));
    let long = CLEAN.replace("\n\n", " ");
    let t = format!("{long}\n{long}\nOne.\nTwo.\nThree.\nFour.\nFive.\nSix.\nSeven.\nEight.");
    assert_eq!(gr(&t), Some("dup_line_char_frac"));
    let t = format!("ok\nok\n{}", CLEAN.replace("\n\n", "\n"));
    assert_eq!(gr(&t), None);
}

/// `k` occurrences of `phrase` each followed by unique filler words, filler sized so
/// that the text has about `target_len` chars.
fn repeated_phrase(phrase: &str, k: usize, target_len: usize) -> String {
    let per = (target_len.saturating_sub(k * (phrase.len() + 1))) / 7 / k;
    let mut parts = vec![];
    for i in 0..k {
        parts.push(phrase.to_string());
        parts.extend(words('z', i * per, per.max(1)));
    }
    parts.join(" ")
}

fn frac_ok(text: &str, chars: usize, lo: f64, hi: f64) -> bool {
    let r = chars as f64 / text.chars().count() as f64;
    r > lo && r <= hi
}

#[test]
fn heuristics_gopher_top_ngrams() {
    // "aaaa bbbb": 9 chars x 40 occurrences
    let t = repeated_phrase("aaaa bbbb", 40, 1000);
    assert_eq!(gr(&t), Some("top_2_gram"));
    // 3-gram trips (22 chars) while its 2-grams (9 and 17 chars) do not
    let t = repeated_phrase("aaaa bbbb cccccccccccc", 10, 1000);
    assert!(frac_ok(&t, 220, 0.18, 1.0) && frac_ok(&t, 170, 0.0, 0.2));
    assert_eq!(gr(&t), Some("top_3_gram"));
    // 4-gram (30 chars) trips, 3-grams (25) and 2-grams (20) do not
    let t = repeated_phrase("aaaa bbbb cccc ddddddddddddddd", 10, 1600);
    assert!(frac_ok(&t, 300, 0.16, 1.0) && frac_ok(&t, 250, 0.0, 0.18));
    assert_eq!(gr(&t), Some("top_4_gram"));
    // below every threshold
    let t = repeated_phrase("aaaa bbbb cccc ddddddddddddddd", 3, 1600);
    assert_eq!(gr(&t), None);
}

/// U1 SEG U2 SEG U3 with a 2520-word segment (a multiple of 5..=10, so every
/// `find_all_duplicate(words, n)` counts exactly the second segment), sized so that
/// the repeated fraction is `r`.
fn dup_segment_text(r: f64) -> String {
    let seg = words('s', 0, 2520);
    let seg_chars: usize = seg.iter().map(|w| w.len()).sum();
    let seg_text = seg.join(" ");
    let total = (seg_chars as f64 / r) as usize;
    let filler_chars = total - 2 * (seg_text.len() + 1);
    let nf = filler_chars / 7;
    let f = words('f', 0, nf);
    let a = nf / 3;
    let b = 2 * nf / 3;
    let t = format!(
        "{} {} {} {} {}",
        f[..a].join(" "),
        seg_text,
        f[a..b].join(" "),
        seg_text,
        f[b..].join(" ")
    );
    let real = seg_chars as f64 / t.chars().count() as f64;
    assert!((real - r).abs() < 0.002, "{real} vs {r}");
    t
}

#[test]
fn heuristics_gopher_duplicated_ngrams() {
    // threshold for n is 0.15 - 0.01 * (n - 5); the first n whose threshold is below
    // the repeated fraction fails
    assert_eq!(gr(&dup_segment_text(0.20)), Some("duplicated_5_n_grams"));
    assert_eq!(gr(&dup_segment_text(0.145)), Some("duplicated_6_n_grams"));
    assert_eq!(gr(&dup_segment_text(0.135)), Some("duplicated_7_n_grams"));
    assert_eq!(gr(&dup_segment_text(0.125)), Some("duplicated_8_n_grams"));
    assert_eq!(gr(&dup_segment_text(0.115)), Some("duplicated_9_n_grams"));
    assert_eq!(gr(&dup_segment_text(0.105)), Some("duplicated_10_n_grams"));
    assert_eq!(gr(&dup_segment_text(0.095)), None);
}

#[test]
fn heuristics_gopher_dup_ngrams_concatenation_semantics() {
    // "".join(): ["ab","c",...] and ["a","bc",...] are the same 5-gram string
    let mut c = cfg().gopher_repetition;
    c.top_n_grams.clear();
    c.dup_n_grams = vec![(2, 0.01)];
    assert_eq!(
        gopher_repetition("xy ab c zw a bc", &c),
        Some("duplicated_2_n_grams")
    );
    assert_eq!(gopher_repetition("xy ab c zw a bd", &c), None);
}

// ---------------------------------------------------------------- C4

#[test]
fn heuristics_c4_rules() {
    assert_eq!(c4v(CLEAN), None);
    assert_eq!(c4v("Short text here."), Some("too_few_sentences"));
    // four sentences are not enough, five are
    assert_eq!(
        c4v("One is here. Two is here. Three is here. Four is here."),
        Some("too_few_sentences")
    );
    assert_eq!(
        c4v("One is here. Two is here. Three is here. Four is here. Five is here."),
        None
    );
    // lines without terminal punctuation, with ellipsis or < 3 words don't count
    assert_eq!(
        c4v("One is here. Two is here. Three is here. Four is here\nFive.\nSix is here...\nSeven is here"),
        Some("too_few_sentences")
    );
    assert_eq!(
        c4v(&format!("{CLEAN}\nLorem ipsum dolor sit amet.")),
        Some("lorem_ipsum")
    );
    assert_eq!(
        c4v(&format!("{CLEAN}\nLOREM IPSUM dolor sit amet.")),
        Some("lorem_ipsum")
    );
    // a line that is dropped anyway (no punctuation) cannot trigger lorem ipsum
    assert_eq!(c4v(&format!("{CLEAN}\nLorem ipsum dolor sit amet")), None);
    assert_eq!(
        c4v(&format!("{CLEAN}\nThe set {{1, 2, 3}} is finite.")),
        Some("curly_bracket")
    );
    // javascript lines are removed before the curly bracket check
    assert_eq!(
        c4v(&format!("{CLEAN}\nPlease enable JavaScript {{now}} here.")),
        None
    );
    // citations are removed before the punctuation check
    assert_eq!(
        c4v("One is here. Two is here. Three is here. Four is here. Five is here.[1]"),
        None
    );
    assert_eq!(
        c4v("One is here. Two is here. Three is here. Four is here. Five is here[1]"),
        Some("too_few_sentences")
    );
    // policy lines do not count
    assert_eq!(
        c4v("One is here. Two is here. Three is here. Four is here.\nRead our privacy policy. It is here."),
        Some("too_few_sentences")
    );
    // a word longer than 1000 chars drops the line
    let long = "x".repeat(1001);
    assert_eq!(
        c4v(&format!(
            "One is here. Two is here. Three is here. Four is here. Five {long} here."
        )),
        Some("too_few_sentences")
    );
}

// ---------------------------------------------------------------- FineWeb

#[test]
fn heuristics_fineweb_rules() {
    assert_eq!(fw(CLEAN), None);
    assert_eq!(fw(""), Some("empty"));
    assert_eq!(fw(" \n\t\n"), Some("empty"));
    assert_eq!(
        fw("Home\nAbout us\nContact\nServices\nBlog\nLogin\nNews\nShop\nCart\nHelp\nA sentence."),
        Some("line_punct_ratio")
    );
    // exactly 1 of 8 lines = 0.125 >= 0.12 passes that rule (but lines are short)
    assert_eq!(
        fw("Home page of the river valley\nAbout us and our long history\nContact the people who work here\n\
            Services for visitors in spring\nBlog posts about the orchards\nLogin to your account page here\n\
            Register as a member of the club\nA sentence that ends properly here."),
        None
    );
    assert_eq!(fw("Yes.\nNo.\nMaybe.\nSure.\n"), Some("short_line_ratio"));
    let dup = "This is a fairly long line of text that ends right here.";
    assert_eq!(
        fw(&format!("{dup}\n{CLEAN}\n{dup}")),
        Some("char_dup_ratio")
    );
    let list: Vec<String> = (0..20)
        .map(|i| format!("Supercalifragilistic{} extraordinarily.", uw('q', i)))
        .collect();
    assert_eq!(fw(&list.join("\n")), Some("list_ratio"));
    let list: Vec<String> = (0..20)
        .map(|i| {
            format!(
                "Supercalifragilistic{} extraordinarily unbelievable.",
                uw('q', i)
            )
        })
        .collect();
    assert_eq!(fw(&list.join("\n")), None); // 19 newlines / 80 words
}

// ---------------------------------------------------------------- robustness

#[test]
fn heuristics_arbitrary_unicode_does_not_panic() {
    let samples = [
        "\u{0}\u{1}\u{7f}\u{85}\u{a0}\u{2028}\u{2029}\u{3000}",
        "日本語のテキストです。これはテストです。",
        "Ελληνικά κείμενα. Русский текст! عربى؟ हिन्दी।",
        "emoji 😀👍🏽 ZWJ 👨‍👩‍👧 flags 🇫🇷",
        "\r\n\r\n\r\r\n",
        "((((((((((((((((((((((((((((((((((",
        "http://user:pass@10.0.0.1:8080/path?x=1 www.ex-ample.co.uk. 192.168.1.1 8.8.8.8",
        "a.B.c.D... --- ~~~ ::: <<>> ==// +++ ^^^ ,,,,",
        "İstanbul KELVIN \u{212a} LOREM İPSUM.",
    ];
    for s in samples {
        let _ = score(s, &cfg());
        let _ = split_into_words(s);
    }
}

#[test]
fn heuristics_huge_document_is_linear() {
    // ~12 MB: must finish quickly even in debug builds (no quadratic behaviour)
    let para = format!("{CLEAN}\n\n");
    let t = para.repeat(12_000_000 / para.len());
    let start = std::time::Instant::now();
    let r = score(&t, &cfg());
    assert_eq!(r.gopher_quality, Some("gopher_long_doc"));
    assert_eq!(r.gopher_repetition, Some("dup_para_frac"));
    assert!(start.elapsed().as_secs() < 60);
    // one giant token
    let t = "x".repeat(5_000_000);
    let r = score(&t, &cfg());
    assert_eq!(r.gopher_quality, Some("gopher_short_doc"));
    // giant chunks that peel one affix at a time / split into many infixes
    for t in [
        "(".repeat(300_000) + "x" + &")".repeat(300_000),
        "a.B".repeat(200_000),
        "1-".repeat(300_000),
    ] {
        let start = std::time::Instant::now();
        let r = score(&t, &cfg());
        assert!(r.word_count > 100_000);
        assert!(start.elapsed().as_secs() < 30, "{}", &t[..10]);
    }
}
