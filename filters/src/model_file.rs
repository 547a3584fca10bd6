//! Model locations as the model functions take them: a path or an
//! object-store URL plus the content hash of the file the client saw,
//! `LOCATION#xxh3=HEX` (a 128-bit xxh3 of the file's bytes, 32 hex digits).
//!
//! A query that calls `curate_langid(text, 'loc')` may run in another
//! process (a Ballista executor on another machine): that process opens the
//! path itself, or fetches the URL (`s3://`, `gs://`, `az://`, `http(s)://`)
//! into a local cache through the fetcher the binary installs
//! ([`set_fetcher`]), and checks the hash before it uses the file, so a
//! model that is missing there, or a different file at the same location,
//! fails the query with a message that says so, instead of scoring with
//! another model. A plain path (no `#xxh3=`) is opened unchecked.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

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

/// `LOCATION#xxh3=HEX` for a file at `loc` (a path or URL) whose bytes
/// are `bytes` (written by this process).
pub fn bytes_location(loc: &str, bytes: &[u8]) -> String {
    format!("{loc}{TAG}{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// `URL#xxh3=HEX` for the object at `url`, whose bytes the client has in
/// `copy` (fetched).
pub fn url_location(url: &str, copy: &Path) -> Result<String, String> {
    Ok(format!("{url}{TAG}{}", content_hash(copy)?))
}

/// Whether a model location is a URL (`scheme://...`) rather than a path.
pub fn is_url(loc: &str) -> bool {
    // As `curate_pipeline::storage::is_url`.
    loc.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric())
    })
}

/// Fetches a model URL into a local file (the binary installs one that
/// speaks object storage with the environment's credentials).
pub type Fetcher = dyn Fn(&str) -> Result<PathBuf, String> + Send + Sync;
static FETCHER: OnceLock<Box<Fetcher>> = OnceLock::new();

/// Install the process's URL fetcher (the first one installed stays).
pub fn set_fetcher(f: Box<Fetcher>) {
    let _ = FETCHER.set(f);
}

/// URL locations fetched and checked in this process: the local copy. A
/// location with a hash names one content, so it is fetched once.
static FETCHED: Lazy<Mutex<HashMap<String, PathBuf>>> = Lazy::new(Default::default);

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
    if is_url(path) {
        return open_url(loc, path, want);
    }
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
    check(path, &canon, want)?;
    Ok(canon)
}

/// [`open`] of a URL: its local copy, fetched once per location and checked.
fn open_url(loc: &str, url: &str, want: Option<&str>) -> Result<PathBuf, String> {
    let known = FETCHED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(loc)
        .cloned();
    if let Some(p) = known.filter(|p| p.is_file()) {
        return Ok(p);
    }
    let fetch = FETCHER.get().ok_or_else(|| {
        format!("cannot open the model {url} here: this process cannot read object storage")
    })?;
    let local = fetch(url).map_err(|e| {
        format!(
            "cannot open the model {url} here ({e}); every process that runs the query \
             (each Ballista executor) must reach it, with its object-store credentials"
        )
    })?;
    if let Some(want) = want {
        check(url, &local, want)?;
    }
    FETCHED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(loc.to_string(), local.clone());
    Ok(local)
}

/// The file at `canon` (the model `shown` names) has content hash `want`.
fn check(shown: &str, canon: &Path, want: &str) -> Result<(), String> {
    let missing = |e: std::io::Error| {
        format!(
            "cannot open the model file {shown} here ({e}); every process that runs the query \
             (each Ballista executor) must see the model"
        )
    };
    let meta = std::fs::metadata(canon).map_err(missing)?;
    let mtime = meta
        .modified()
        .map(|t| format!("{t:?}"))
        .unwrap_or_default();
    let key = (canon.to_path_buf(), mtime, meta.len());
    let known = HASHES
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&key)
        .cloned();
    let got = match known {
        Some(h) => h,
        None => {
            let h = content_hash(canon)?;
            HASHES
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(key, h.clone());
            h
        }
    };
    if !got.eq_ignore_ascii_case(want) {
        return Err(format!(
            "the model file {shown} here is not the one the run was started with (content hash \
             xxh3 {got}, expected {want}); every process that runs the query (each Ballista \
             executor) must see the same model file"
        ));
    }
    Ok(())
}

/// Files loaded once per process, by canonical path and modification time
/// (a rewritten file is loaded again): the model functions' models and
/// `curate_contamination`'s index.
pub type Loaded<T> = once_cell::sync::Lazy<Mutex<HashMap<PathBuf, std::sync::Arc<T>>>>;

/// `load` the file at `path` through `cache` ([`Loaded`]).
pub fn load_once<T>(
    cache: &Mutex<HashMap<PathBuf, std::sync::Arc<T>>>,
    path: &Path,
    load: impl FnOnce(&Path) -> Result<T, String>,
) -> Result<std::sync::Arc<T>, String> {
    let canon = path
        .canonicalize()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let mtime = std::fs::metadata(&canon)
        .and_then(|m| m.modified())
        .map(|t| format!("{t:?}"))
        .unwrap_or_default();
    let key = canon.join(mtime);
    // A panic elsewhere cannot leave the map half-updated (one insert).
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(c) = cache.get(&key) {
        return Ok(c.clone());
    }
    let c = std::sync::Arc::new(load(&canon)?);
    cache.insert(key, c.clone());
    Ok(c)
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

    #[test]
    fn url_locations_are_fetched_once_and_checked() {
        assert!(is_url("s3://b/m.bin") && is_url("gs://b/m") && is_url("https://h/m"));
        assert!(!is_url("/models/m.bin") && !is_url("m.bin") && !is_url("a/b://c"));
        // A fetcher that serves `test://NAME` from a directory and counts calls.
        let d = tempfile::tempdir().unwrap().keep();
        static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let served = d.join("served");
        std::fs::create_dir_all(&served).unwrap();
        let root = served.clone();
        set_fetcher(Box::new(move |url: &str| {
            CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let name = url.strip_prefix("test://").ok_or("not a test URL")?;
            let p = root.join(name);
            if p.is_file() {
                Ok(p)
            } else {
                Err(format!("{url}: no such object"))
            }
        }));
        std::fs::write(served.join("m.bin"), b"model one").unwrap();
        let loc = url_location("test://m.bin", &served.join("m.bin")).unwrap();
        assert_eq!(parse(&loc).0, "test://m.bin");
        assert_eq!(open(&loc).unwrap(), served.join("m.bin"));
        assert_eq!(open(&loc).unwrap(), served.join("m.bin"));
        assert_eq!(
            CALLS.load(std::sync::atomic::Ordering::SeqCst),
            1,
            "fetched once"
        );
        // Another object under the URL than the one the location was made from.
        let other = url_location("test://o.bin", &served.join("m.bin")).unwrap();
        std::fs::write(served.join("o.bin"), b"model two").unwrap();
        let e = open(&other).unwrap_err();
        assert!(e.contains("is not the one the run was started with"), "{e}");
        assert!(e.contains("test://o.bin"), "{e}");
        // No such object.
        let e = open(&format!("test://none.bin{TAG}{}", "0".repeat(32))).unwrap_err();
        assert!(
            e.contains("cannot open the model test://none.bin here"),
            "{e}"
        );
        assert!(e.contains("no such object"), "{e}");
    }
}
