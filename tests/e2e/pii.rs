//! `pii` through the binary: known e-mail, IP and phone numbers are replaced
//! by placeholders, counted per row and in the summary; text outside the
//! matches and rows without PII come out byte-identical.

use super::*;
use arrow_array::UInt32Array;

#[test]
fn pii_redacts_counts_and_leaves_the_rest() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = [
        (
            "Write to jane.doe@example.org or ops@mail.example.co.uk, or call (415) 555-0132 ünïcode.",
            "Write to |||EMAIL_ADDRESS||| or |||EMAIL_ADDRESS|||, or call |||PHONE_NUMBER||| ünïcode.",
            [2, 0, 1],
        ),
        (
            "Our server 192.168.10.4 and 2001:db8::1 answer; London +44 20 7946 0958.",
            "Our server |||IP_ADDRESS||| and |||IP_ADDRESS||| answer; London |||PHONE_NUMBER|||.",
            [0, 2, 1],
        ),
        (
            "Version 1.2.3.4.5 shipped at 12:30:45, order 5551234567, std::vector.",
            "Version 1.2.3.4.5 shipped at 12:30:45, order 5551234567, std::vector.",
            [0, 0, 0],
        ),
    ];
    let corpus = tmp.path().join("docs.jsonl");
    let lines: Vec<String> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| {
            serde_json::json!({"url": format!("https://example.org/{i}"), "text": d.0}).to_string()
        })
        .collect();
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let wf = workflow(
        tmp.path(),
        &format!(
            "name: pii\noutput: {}\nstages:\n  raw:\n    uses: ingest\n    inputs: {}\n  clean:\n    uses: pii\n    inputs: [raw]\n",
            tmp.path().join("out").display(),
            corpus.display()
        ),
    );
    let summary = stdout(&run_ok(curate().arg("run").arg(&wf)));
    assert!(
        summary.contains(
            "pii: 2 e-mail addresses in 1 rows, 2 IP addresses in 1 rows, 2 phone numbers in 2 rows (of 3 rows)"
        ),
        "{summary}"
    );
    let out = tmp.path().join("out/clean");
    let texts = column(&out, "text");
    let mut counts = vec![];
    for b in read_batches(&out) {
        let get = |n: &str| {
            b.column_by_name(n)
                .unwrap()
                .as_any()
                .downcast_ref::<UInt32Array>()
                .unwrap()
                .values()
                .to_vec()
        };
        let (e, i, p) = (get("pii_email"), get("pii_ip"), get("pii_phone"));
        for r in 0..b.num_rows() {
            counts.push([e[r], i[r], p[r]]);
        }
    }
    let mut got: Vec<(String, [u32; 3])> =
        texts.into_iter().map(Option::unwrap).zip(counts).collect();
    got.sort();
    let mut want: Vec<(String, [u32; 3])> = docs.iter().map(|d| (d.1.to_string(), d.2)).collect();
    want.sort();
    assert_eq!(got, want);
    // The other columns pass through.
    let mut urls: Vec<String> = column(&out, "url")
        .into_iter()
        .map(Option::unwrap)
        .collect();
    urls.sort();
    assert_eq!(
        urls,
        [
            "https://example.org/0",
            "https://example.org/1",
            "https://example.org/2"
        ]
    );
}
