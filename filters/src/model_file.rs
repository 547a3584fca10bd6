//! Model locations as the model functions take them: a path plus the
//! content hash of the file the client saw, `PATH#xxh3=HEX` (a 128-bit
//! xxh3 of the file's bytes, 32 hex digits).
//!
//! A query that calls `curate_langid(text, 'loc')` may run in another
//! process (a Ballista executor on another machine): that process opens the
//! path itself and checks the hash before it uses the file, so a model that
//! is missing there, or a different file at the same path, fails the query
//! with a message that says so, instead of scoring with another model. A
//! plain path (no `#xxh3=`) is opened unchecked.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use once_cell::sync::Lazy;

const TAG: &str = "#xxh3=";

/// The xxh3-128 of a file's bytes, as 32 hex digits.
pub fn content_hash(path: &Path) -> Result<String, String> {
    let mut f = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = f
            .read(&mut buf)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(format!("{:032x}", h.digest128()))
}

/// `PATH#xxh3=HEX` for the file at `path` (as the client sees it).
pub fn location(path: &Path) -> Result<String, String> {
    let p = path.to_str().ok_or("non-UTF-8 model path")?;
    Ok(format!("{p}{TAG}{}", content_hash(path)?))
}

/// A location's path and expected hash (none for a plain path).
pub fn parse(loc: &str) -> (&str, Option<&str>) {
    match loc.rsplit_once(TAG) {
        Some((p, h)) if h.len() == 32 && h.bytes().all(|b| b.is_ascii_hexdigit()) => (p, Some(h)),
        _ => (loc, None),
    }
}

/// Hashes computed in this process, by (canonical path, modification
/// time, length): a model is read for its hash once, not once per batch.
type FileVersion = (PathBuf, String, u64);
static HASHES: Lazy<Mutex<HashMap<FileVersion, String>>> = Lazy::new(Default::default);

/// The file a location names, opened and checked here: an error that says
/// the model cannot be opened in this process, or that its content differs
/// from the one the location was made from.
pub fn open(loc: &str) -> Result<PathBuf, String> {
    let (path, want) = parse(loc);
    let missing = |e: std::io::Error| {
        format!(
            "cannot open the model file {path} here ({e}); every process that runs the query \
             (each Ballista executor) must see the model at this path"
        )
    };
    let canon = Path::new(path).canonicalize().map_err(missing)?;
    let Some(want) = want else {
        return Ok(canon);
    };
    let meta = std::fs::metadata(&canon).map_err(missing)?;
    let mtime = meta
        .modified()
        .map(|t| format!("{t:?}"))
        .unwrap_or_default();
    let key = (canon.clone(), mtime, meta.len());
    let known = HASHES
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&key)
        .cloned();
    let got = match known {
        Some(h) => h,
        None => {
            let h = content_hash(&canon)?;
            HASHES
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(key, h.clone());
            h
        }
    };
    if !got.eq_ignore_ascii_case(want) {
        return Err(format!(
            "the model file {path} here is not the one the run was started with (content hash \
             xxh3 {got}, expected {want}); every process that runs the query (each Ballista \
             executor) must see the same model file"
        ));
    }
    Ok(canon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_is_checked_when_opened() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("m.bin");
        std::fs::write(&p, b"model one").unwrap();
        let loc = location(&p).unwrap();
        let (path, h) = parse(&loc);
        assert_eq!(path, p.to_str().unwrap());
        assert_eq!(h.map(str::len), Some(32));
        assert_eq!(open(&loc).unwrap(), p.canonicalize().unwrap());
        // A plain path is opened unchecked.
        assert_eq!(
            open(p.to_str().unwrap()).unwrap(),
            p.canonicalize().unwrap()
        );
        // Another file at the same path.
        std::fs::write(&p, b"model two, longer").unwrap();
        let e = open(&loc).unwrap_err();
        assert!(e.contains("is not the one the run was started with"), "{e}");
        // No file.
        std::fs::remove_file(&p).unwrap();
        let e = open(&loc).unwrap_err();
        assert!(e.contains("cannot open the model file"), "{e}");
        // `#` in a path that is not a hash stays part of the path.
        assert_eq!(parse("/a#xxh3=zz").0, "/a#xxh3=zz");
    }
}
