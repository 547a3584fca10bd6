//! `dedup_minhash` through the binary: precision and recall against exact
//! Jaccard similarities computed by brute force, and the same output under a
//! tiny memory limit (the candidate query spills).
//!
//! Ground truth for the default `datatrove` scheme takes the shingle sets from
//! `curate_filters::minhash` (whose signatures equal datatrove's, see its unit
//! tests and `scripts/bench/minhash_parity.py`); for `scheme: fast` the
//! documented normalization is reimplemented here.

use super::*;
use curate_filters::minhash::{MinHashConfig, MinHasher};
use std::collections::{BTreeSet, HashMap, HashSet};

/// `scheme: fast` normalization as documented for `dedup_minhash`,
/// reimplemented here: lowercase, drop non-alphanumeric characters, split on
/// whitespace.
fn words_of(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(|c| c.to_lowercase())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

fn fast_shingle_set(text: &str) -> HashSet<String> {
    let w = words_of(text);
    if w.len() < 5 {
        return HashSet::from([w.join(" ")]);
    }
    w.windows(5).map(|s| s.join(" ")).collect()
}

/// Shingle sets of the default scheme (datatrove's).
fn datatrove_shingle_set(text: &str) -> HashSet<String> {
    thread_local! {
        static H: MinHasher = MinHasher::new(MinHashConfig::default());
    }
    H.with(|h| h.shingles(text).iter().map(|x| x.to_string()).collect())
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let inter = a.iter().filter(|x| b.contains(*x)).count();
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// A document of at least `min_words` words from random sentences.
fn base_words(rng: &mut Lcg, sents: &[String], min_words: usize) -> Vec<String> {
    let mut w: Vec<String> = vec![];
    while w.len() < min_words {
        w.extend(
            sents[rng.below(sents.len())]
                .split_whitespace()
                .map(String::from),
        );
    }
    w
}

/// Replace `k` distinct random words with other vocabulary words.
fn edit(rng: &mut Lcg, words: &[String], vocab: &[String], k: usize) -> Vec<String> {
    let mut out = words.to_vec();
    let mut done = HashSet::new();
    while done.len() < k.min(words.len()) {
        let i = rng.below(words.len());
        if !done.insert(i) {
            continue;
        }
        loop {
            let v = &vocab[rng.below(vocab.len())];
            if words_of(v) != words_of(&out[i]) {
                out[i] = v.clone();
                break;
            }
        }
    }
    out
}

fn vocabulary(sents: &[String]) -> Vec<String> {
    let set: BTreeSet<String> = sents
        .iter()
        .flat_map(|s| s.split_whitespace().map(String::from))
        .filter(|w| !words_of(w).is_empty())
        .collect();
    set.into_iter().collect()
}

/// Write `docs` shuffled into `files` JSONL files under `dir/in/`.
fn write_shuffled(dir: &Path, rng: &mut Lcg, mut docs: Vec<String>, files: usize) {
    for i in (1..docs.len()).rev() {
        let j = rng.below(i + 1);
        docs.swap(i, j);
    }
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let per = docs.len().div_ceil(files);
    for (f, chunk) in docs.chunks(per).enumerate() {
        let mut s = String::new();
        for d in chunk {
            s.push_str(&serde_json::json!({ "text": d }).to_string());
            s.push('\n');
        }
        std::fs::write(dir.join(format!("in/part{f:02}.jsonl")), s).unwrap();
    }
}

/// Base documents of ~200 words plus edited copies at known edit rates:
/// exact copies, 1-4 replaced words (Jaccard ~0.8-0.95), truncated and
/// extended copies, and far copies (10% and 20% replaced, Jaccard < 0.5).
fn precision_corpus(dir: &Path) -> usize {
    let sents = sentences();
    let vocab = vocabulary(&sents);
    let mut rng = Lcg(7);
    let mut docs = vec![];
    for b in 0..150 {
        let base = base_words(&mut rng, &sents, 200);
        let n = base.len();
        let mut copies: Vec<Vec<String>> = vec![];
        match b % 10 {
            2 => copies.push(base.clone()),
            3 => copies.push(edit(&mut rng, &base, &vocab, n / 100)),
            4 => {
                copies.push(edit(&mut rng, &base, &vocab, n / 100));
                copies.push(edit(&mut rng, &base, &vocab, 1));
            }
            5 => copies.push(edit(&mut rng, &base, &vocab, n / 10)),
            6 => {
                copies.push(edit(&mut rng, &base, &vocab, n / 5));
                copies.push(edit(&mut rng, &base, &vocab, n / 100));
            }
            7 => {
                copies.push(base[..n - n * 3 / 100].to_vec());
                let mut longer = base.clone();
                longer.extend(base_words(&mut rng, &sents, 10));
                copies.push(longer);
            }
            8 => copies.push(edit(&mut rng, &base, &vocab, n / 50)),
            // A few borderline copies (3% replaced: Jaccard ~0.75).
            9 if b % 30 == 9 => copies.push(edit(&mut rng, &base, &vocab, n * 3 / 100)),
            _ => {}
        }
        docs.push(base.join(" "));
        docs.extend(copies.into_iter().map(|c| c.join(" ")));
    }
    let n = docs.len();
    write_shuffled(dir, &mut rng, docs, 4);
    n
}

fn run_minhash(dir: &Path, params: &str, out: &str) -> std::process::Output {
    let wf = workflow(
        dir,
        &format!(
            r#"
name: minhash
threads: 2
stages:
  raw: {{uses: ingest, inputs: "in/*.jsonl"}}
  near: {{uses: dedup_minhash, inputs: [raw]{params}}}
"#
        ),
    );
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(dir.join(out)))
}

/// Ground truth: connected components of the "exact Jaccard of 5-gram
/// shingle sets >= 0.8" graph; in each component the longest text (then the
/// lowest doc_id) is kept, like the stage does, and every other member is a
/// near duplicate that should be removed.
fn truth(
    ids: &[String],
    texts: &[String],
    shingle_set: fn(&str) -> HashSet<String>,
) -> HashSet<String> {
    let sets: Vec<HashSet<String>> = texts.iter().map(|t| shingle_set(t)).collect();
    let n = ids.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for i in 0..n {
        for j in i + 1..n {
            // Cheap bound: Jaccard <= min/max of the set sizes.
            let (a, b) = (sets[i].len() as f64, sets[j].len() as f64);
            if a.min(b) / a.max(b) < 0.8 {
                continue;
            }
            if !sets[i].is_empty() && jaccard(&sets[i], &sets[j]) >= 0.8 {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
            }
        }
    }
    let mut comps: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        comps.entry(r).or_default().push(i);
    }
    let mut removed = HashSet::new();
    for members in comps.values().filter(|m| m.len() > 1) {
        let keep = *members
            .iter()
            .max_by(|&&a, &&b| {
                let ca = texts[a].chars().count();
                let cb = texts[b].chars().count();
                ca.cmp(&cb).then(ids[b].cmp(&ids[a]))
            })
            .unwrap();
        removed.extend(
            members
                .iter()
                .filter(|&&m| m != keep)
                .map(|&m| ids[m].clone()),
        );
    }
    removed
}

fn strings(v: Vec<Option<String>>) -> Vec<String> {
    v.into_iter().map(|x| x.unwrap()).collect()
}

#[test]
fn minhash_precision_and_recall_against_exact_jaccard() {
    let tmp = tempfile::tempdir().unwrap();
    let n = precision_corpus(tmp.path());
    let o = run_minhash(tmp.path(), "", "out");
    let out = tmp.path().join("out");
    let ids = strings(column(&out.join("raw"), "doc_id"));
    let texts = strings(column(&out.join("raw"), "text"));
    assert_eq!(ids.len(), n);

    let near = out.join("near");
    let kept = strings(column(&near, "doc_id"));
    let rejected = strings(column(&near.join("rejected"), "doc_id"));
    assert_eq!(kept.len() + rejected.len(), n);
    let reasons = count_by(&column(&near.join("rejected"), "rejected_reason"));
    assert_eq!(reasons.keys().collect::<Vec<_>>(), ["near_duplicate"]);
    let m = manifest(&near);
    assert_eq!(
        m["counts"]["drops"]["near_duplicate"].as_u64(),
        Some(rejected.len() as u64)
    );
    assert!(stdout(&o).contains("near_duplicate"), "{}", stdout(&o));

    // The audit table: one row per removed document, pointing at a kept one.
    let dups = strings(column(&near.join("duplicates"), "doc_id"));
    let kept_for = strings(column(&near.join("duplicates"), "kept_doc_id"));
    assert_eq!(
        dups.iter().collect::<BTreeSet<_>>(),
        rejected.iter().collect::<BTreeSet<_>>()
    );
    let kept_set: HashSet<&String> = kept.iter().collect();
    assert!(kept_for.iter().all(|k| kept_set.contains(k)));
    let stats: serde_json::Value =
        serde_json::from_slice(&std::fs::read(near.join("duplicates/_stats.json")).unwrap())
            .unwrap();
    assert_eq!(stats["removed"].as_u64(), Some(rejected.len() as u64));
    assert!(!near.join("_work").exists(), "work files are removed");

    let expected = truth(&ids, &texts, datatrove_shingle_set);
    let removed: HashSet<String> = rejected.into_iter().collect();
    check_precision_recall("datatrove", n, &removed, &expected);

    // `scheme: fast`, against its own documented normalization.
    run_minhash(tmp.path(), ", scheme: fast", "fast");
    let fast: HashSet<String> = strings(column(&tmp.path().join("fast/near/rejected"), "doc_id"))
        .into_iter()
        .collect();
    check_precision_recall("fast", n, &fast, &truth(&ids, &texts, fast_shingle_set));

    // Rerun: committed, skipped.
    let again = run_minhash(tmp.path(), "", "out");
    assert!(stdout(&again).contains("skipped"), "{}", stdout(&again));

    // `keep: first`: same clusters, the earliest member (input order) kept.
    run_minhash(tmp.path(), ", keep: first", "first");
    let first = tmp.path().join("first/near");
    let removed_first = strings(column(&first.join("rejected"), "doc_id"));
    assert_eq!(
        removed_first.len(),
        removed.len(),
        "same clusters, same count"
    );
    let pos: std::collections::HashMap<&String, usize> =
        ids.iter().enumerate().map(|(i, d)| (d, i)).collect();
    let d_ids = strings(column(&first.join("duplicates"), "doc_id"));
    let d_kept = strings(column(&first.join("duplicates"), "kept_doc_id"));
    for (d, k) in d_ids.iter().zip(&d_kept) {
        assert!(pos[k] < pos[d], "kept {k} must precede removed {d}");
    }
}

fn check_precision_recall(
    scheme: &str,
    n: usize,
    removed: &HashSet<String>,
    expected: &HashSet<String>,
) {
    let tp = removed.intersection(expected).count() as f64;
    let precision = tp / removed.len().max(1) as f64;
    let recall = tp / expected.len().max(1) as f64;
    eprintln!(
        "minhash ({scheme}): {n} docs, {} removed, {} expected, precision {precision:.4}, recall {recall:.4}",
        removed.len(),
        expected.len()
    );
    assert!(expected.len() >= 80, "corpus has too few near duplicates");
    assert!(precision >= 0.95, "{scheme}: precision {precision}");
    assert!(recall >= 0.95, "{scheme}: recall {recall}");
}

/// Many short documents with near-duplicate copies.
fn bulk_corpus(dir: &Path, n_base: usize) {
    let sents = sentences();
    let vocab = vocabulary(&sents);
    let mut rng = Lcg(11);
    let mut docs = vec![];
    for b in 0..n_base {
        let len = 40 + rng.below(40);
        let base = base_words(&mut rng, &sents, len);
        docs.push(base.join(" "));
        if b % 3 == 0 {
            docs.push(edit(&mut rng, &base, &vocab, 1).join(" "));
        }
        if b % 5 == 0 {
            docs.push(base.join(" "));
        }
    }
    write_shuffled(dir, &mut rng, docs, 6);
}

fn spills(o: &std::process::Output) -> u64 {
    let err = stderr(o);
    let i = err
        .find("candidate query spilled ")
        .expect("no spill log line")
        + 24;
    err[i..].split_whitespace().next().unwrap().parse().unwrap()
}

#[test]
fn minhash_memory_limit_gives_same_output() {
    let tmp = tempfile::tempdir().unwrap();
    bulk_corpus(tmp.path(), 4000);
    // 14 band rows of 20 bytes per document: ~1.5 MB of band keys.
    let free = run_minhash(tmp.path(), "", "free");
    let tight = run_minhash(tmp.path(), ", memory_limit: 128KiB", "tight");
    assert_eq!(spills(&free), 0);
    let spilled = spills(&tight);
    eprintln!("minhash: memory_limit 128KiB, candidate query spilled {spilled} times");
    assert!(spilled > 0, "{}", stderr(&tight));
    for sub in ["near", "near/rejected", "near/duplicates"] {
        let a = column(&tmp.path().join("free").join(sub), "doc_id");
        let b = column(&tmp.path().join("tight").join(sub), "doc_id");
        assert_eq!(a, b, "{sub}");
    }
    let a = column(&tmp.path().join("free/near/duplicates"), "kept_doc_id");
    let b = column(&tmp.path().join("tight/near/duplicates"), "kept_doc_id");
    assert_eq!(a, b);
    assert!(a.len() > 1000, "{} duplicates", a.len());
}

/// A stage interrupted after some units resumes to the same output.
#[test]
fn minhash_resumes_to_same_output() {
    let tmp = tempfile::tempdir().unwrap();
    bulk_corpus(tmp.path(), 600);
    run_minhash(tmp.path(), "", "out");
    let near = tmp.path().join("out/near");
    let before: Vec<_> = ["", "rejected", "duplicates"]
        .iter()
        .map(|s| column(&near.join(s), "doc_id"))
        .collect();
    // Forget two committed units and the manifest, as if killed mid-stage.
    std::fs::remove_file(near.join("manifest.json")).unwrap();
    std::fs::remove_file(near.join("_units/00001.json")).unwrap();
    std::fs::remove_file(near.join("_units/00004.json")).unwrap();
    let o = run_minhash(tmp.path(), "", "out");
    assert!(stdout(&o).contains("resumed"), "{}", stdout(&o));
    let after: Vec<_> = ["", "rejected", "duplicates"]
        .iter()
        .map(|s| column(&near.join(s), "doc_id"))
        .collect();
    assert_eq!(before, after);
}

/// With `keep: datatrove` the stage removes exactly the documents datatrove's
/// 4-step MinHash pipeline (datatrove 0.10.1, FineWeb settings) removes, on
/// real multilingual text with planted near duplicates and on the synthetic
/// corpora above.
#[test]
fn minhash_matches_datatrove() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Synthetic near duplicates (in/part*.jsonl) ...
    precision_corpus(dir);
    let mut texts: Vec<String> = vec![];
    for f in 0..4 {
        let p = dir.join(format!("in/part{f:02}.jsonl"));
        for line in std::fs::read_to_string(&p).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            texts.push(v["text"].as_str().unwrap().to_string());
        }
        std::fs::remove_file(p).unwrap();
    }
    // ... plus paragraphs of real sentences in 75 languages, some copied with
    // digits, punctuation, case and accents changed (which datatrove's
    // simplify_text undoes) or with a word replaced.
    let mut rng = Lcg(3);
    let mut langs: Vec<PathBuf> = std::fs::read_dir(shared_data().join("langid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    langs.sort();
    for (i, f) in langs.iter().enumerate() {
        let lines: Vec<String> = std::fs::read_to_string(f)
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        for k in 0..6 {
            let para = lines[k * 8..k * 8 + 8].join(" ");
            match (i + k) % 5 {
                0 => texts.push(para.to_uppercase().replace(['.', ','], " ; ")),
                1 => {
                    let mut w: Vec<&str> = para.split(' ').collect();
                    let j = rng.below(w.len());
                    w[j] = "zzz";
                    texts.push(w.join(" "));
                }
                2 => texts.push(format!("{para} 2024")),
                _ => {}
            }
            texts.push(para);
        }
    }
    for i in (1..texts.len()).rev() {
        let j = rng.below(i + 1);
        texts.swap(i, j);
    }
    let mut corpus = String::new();
    for (n, t) in texts.iter().enumerate() {
        corpus.push_str(&serde_json::json!({"id": format!("d{}", n + 1), "text": t}).to_string());
        corpus.push('\n');
    }
    std::fs::write(dir.join("in/corpus.jsonl"), corpus).unwrap();

    let wf = workflow(
        dir,
        r#"
name: minhash_dt
threads: 2
stages:
  raw: {uses: ingest, inputs: in/corpus.jsonl, fields: [id]}
  near: {uses: dedup_minhash, inputs: [raw], keep: datatrove}
"#,
    );
    run_ok(curate().arg("run").arg(&wf).arg("-o").arg(dir.join("out")));
    let out = dir.join("out");
    let id_of: HashMap<String, String> = strings(column(&out.join("raw"), "doc_id"))
        .into_iter()
        .zip(strings(column(&out.join("raw"), "id")))
        .collect();
    let ours: BTreeSet<String> = strings(column(&out.join("near/rejected"), "doc_id"))
        .iter()
        .map(|d| id_of[d].clone())
        .collect();

    let o = Command::new("python3")
        .arg(repo().join("scripts/bench/minhash_datatrove.py"))
        .arg(dir.join("in"))
        .arg(dir)
        .output()
        .expect("python3");
    assert!(
        o.status.success(),
        "datatrove failed (scripts/test.sh installs datatrove and spacy): {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let r: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("result.json")).unwrap()).unwrap();
    let theirs: BTreeSet<String> = r["removed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    eprintln!(
        "minhash vs datatrove: {} docs, curate removed {}, datatrove removed {}, in both {}",
        texts.len(),
        ours.len(),
        theirs.len(),
        ours.intersection(&theirs).count()
    );
    assert!(
        theirs.len() >= 150,
        "too few near duplicates: {}",
        theirs.len()
    );
    assert_eq!(ours, theirs);
}
