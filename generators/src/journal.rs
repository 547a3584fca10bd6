//! The request journal: one JSON line per answered prompt (key -> the
//! completion), appended and fsynced as soon as the answer arrives. A rerun
//! after a kill or crash loads it and sends no prompt that already has an
//! answer, so no answer is paid for twice and none is lost. A torn last line
//! (kill mid-write) is dropped on open.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::client::Completion;

#[derive(Serialize, Deserialize)]
struct Line {
    key: String,
    #[serde(flatten)]
    completion: Completion,
}

pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
    answers: Mutex<HashMap<String, Completion>>,
}

/// Load the whole lines of a journal file into `answers`; returns the
/// length of its good prefix (a torn last line is not counted).
fn load(path: &Path, answers: &mut HashMap<String, Completion>) -> Result<u64> {
    let mut good_len = 0u64;
    if path.exists() {
        let mut r = BufReader::new(File::open(path)?);
        let mut buf = String::new();
        loop {
            buf.clear();
            let n = r.read_line(&mut buf)?;
            if n == 0 || !buf.ends_with('\n') {
                break;
            }
            match serde_json::from_str::<Line>(&buf) {
                Ok(l) => {
                    answers.insert(l.key, l.completion);
                    good_len += n as u64;
                }
                Err(_) => break,
            }
        }
    }
    Ok(good_len)
}

impl Journal {
    /// Open (or create) the journal at `path`, loading its answers.
    pub fn open(path: &Path) -> Result<Journal> {
        Self::open_with(path, HashMap::new())
    }

    /// Open the journal `dir/name` of one array task, also loading (read
    /// only) the answers in every other `*.jsonl` journal of `dir`: other
    /// tasks' answers are reused whatever the task count, and each task
    /// appends to its own file only.
    pub fn open_shared(dir: &Path, name: &str) -> Result<Journal> {
        let mut answers = HashMap::new();
        if dir.is_dir() {
            let mut others: Vec<PathBuf> = std::fs::read_dir(dir)?
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|x| x == "jsonl")
                        && p.file_name().is_some_and(|n| n != name)
                })
                .collect();
            others.sort();
            for p in others {
                load(&p, &mut answers)?;
            }
        }
        Self::open_with(&dir.join(name), answers)
    }

    fn open_with(path: &Path, mut answers: HashMap<String, Completion>) -> Result<Journal> {
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d)?;
        }
        let good_len = load(path, &mut answers)?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .with_context(|| format!("opening journal {}", path.display()))?;
        // Drop a torn tail so appends start on a line boundary.
        file.set_len(good_len)?;
        let mut file = file;
        use std::io::Seek;
        file.seek(std::io::SeekFrom::End(0))?;
        Ok(Journal {
            path: path.to_path_buf(),
            file: Mutex::new(file),
            answers: Mutex::new(answers),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn get(&self, key: &str) -> Option<Completion> {
        self.answers.lock().unwrap().get(key).cloned()
    }

    pub fn len(&self) -> usize {
        self.answers.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Record an answer durably (write + fsync) before it is used.
    pub fn record(&self, key: &str, c: &Completion) -> Result<()> {
        let mut line = serde_json::to_vec(&Line {
            key: key.to_string(),
            completion: c.clone(),
        })?;
        line.push(b'\n');
        {
            let mut f = self.file.lock().unwrap();
            if curate_fault::armed_here(None, "journal-torn") {
                f.write_all(&line[..line.len() / 2])?;
                f.sync_data()?;
            }
            // Traced always; kills (after the half line) when armed.
            curate_fault::here(None, "journal-torn");
            f.write_all(&line)?;
            curate_fault::here(None, "journal-after-write");
            f.sync_data()?;
            curate_fault::here(None, "journal-after-sync");
        }
        self.answers
            .lock()
            .unwrap()
            .insert(key.to_string(), c.clone());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(t: &str) -> Completion {
        Completion {
            text: t.into(),
            finish_reason: "stop".into(),
            prompt_tokens: 3,
            completion_tokens: 5,
            latency_ms: 1.5,
            attempts: 1,
        }
    }

    #[test]
    fn survives_reopen_and_a_torn_tail() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("j/journal.jsonl");
        {
            let j = Journal::open(&p).unwrap();
            j.record("a", &c("one")).unwrap();
            j.record("b", &c("two\nlines")).unwrap();
        }
        // a kill mid-write leaves half a line
        let mut f = OpenOptions::new().append(true).open(&p).unwrap();
        f.write_all(b"{\"key\":\"c\",\"te").unwrap();
        drop(f);
        let j = Journal::open(&p).unwrap();
        assert_eq!(j.len(), 2);
        assert_eq!(j.get("b").unwrap().text, "two\nlines");
        assert!(j.get("c").is_none());
        j.record("c", &c("three")).unwrap();
        drop(j);
        let j = Journal::open(&p).unwrap();
        assert_eq!(j.len(), 3);
        assert_eq!(j.get("c").unwrap().text, "three");
    }

    #[test]
    fn tasks_share_answers_and_write_their_own_file() {
        let d = tempfile::tempdir().unwrap();
        let dir = d.path().join("j");
        Journal::open_shared(&dir, "journal-t0.jsonl")
            .unwrap()
            .record("a", &c("from task 0"))
            .unwrap();
        let j1 = Journal::open_shared(&dir, "journal-t1.jsonl").unwrap();
        assert_eq!(j1.get("a").unwrap().text, "from task 0");
        j1.record("b", &c("from task 1")).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("journal-t0.jsonl"))
                .unwrap()
                .lines()
                .count(),
            1
        );
        assert_eq!(
            Journal::open_shared(&dir, "journal.jsonl").unwrap().len(),
            2
        );
    }
}
