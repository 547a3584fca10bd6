//! Where data lives: a local path or an object-store URL (`s3://`, `gs://`,
//! `az://`), behind one type, [`Loc`], so the engine commits the same way on
//! both.
//!
//! - **Atomic writes.** A file appears whole or not at all: locally it is
//!   written under a unique temporary name and renamed; an object-store PUT
//!   is atomic by itself (large files go up as one multipart upload, which
//!   is invisible until completed).
//! - **Create-if-absent** ([`Loc::put_if_absent`]) is the commit primitive
//!   (unit markers, manifests): locally a hard link of the finished
//!   temporary file, which fails if the name exists; on S3 a conditional PUT
//!   (`If-None-Match: *`, `object_store`'s `PutMode::Create`). Of two tasks
//!   racing to commit one unit, exactly one succeeds.
//! - **Credentials** come from the standard environment variables of each
//!   service (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`,
//!   `AWS_ENDPOINT_URL`, `AWS_ALLOW_HTTP`; `GOOGLE_SERVICE_ACCOUNT`, ...;
//!   `AZURE_STORAGE_ACCOUNT_NAME`, ...) through `object_store`'s
//!   `from_env()` builders, and are never logged.
//! - Object-store requests run on one I/O runtime of their own, so they can
//!   be made from plain threads, from inside DataFusion's runtime, and by
//!   DataFusion itself (the stores are registered in every session).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::{anyhow, bail, Context, Result};
use futures::StreamExt;
use object_store::path::Path as OPath;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload, WriteMultipart};

/// A file or directory: local, or a key (prefix) in an object store.
#[derive(Clone)]
pub enum Loc {
    Local(PathBuf),
    Remote(Remote),
}

#[derive(Clone)]
pub struct Remote {
    store: Arc<dyn ObjectStore>,
    /// `scheme://bucket` (no trailing slash).
    base: String,
    path: OPath,
}

/// What [`Loc::head`] tells about a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub size: u64,
    /// Changes when the content is replaced: the mtime locally, the ETag
    /// (or last-modified time) in an object store.
    pub version: String,
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loc::Local(p) => write!(f, "{}", p.display()),
            Loc::Remote(r) => write!(f, "{}", r.url()),
        }
    }
}

impl fmt::Debug for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Loc({self})")
    }
}

impl PartialEq for Loc {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Remote {
    fn url(&self) -> String {
        if self.path.as_ref().is_empty() {
            format!("{}/", self.base)
        } else {
            format!("{}/{}", self.base, self.path)
        }
    }
}

/// True for `scheme://...` strings that name an object store.
pub fn is_url(s: &str) -> bool {
    s.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric())
    })
}

impl Loc {
    /// A path or URL as written in a workflow or on the command line;
    /// relative paths are taken relative to `base`.
    pub fn parse(s: &str, base: &Path) -> Result<Loc> {
        if let Some(rest) = s.strip_prefix("file://") {
            return Ok(Loc::Local(PathBuf::from(rest)));
        }
        if is_url(s) {
            let url = url::Url::parse(s).with_context(|| format!("bad storage URL `{s}`"))?;
            let store = store_for(&url)?;
            let base = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default());
            let path = OPath::from_url_path(url.path())
                .with_context(|| format!("bad object path in `{s}`"))?;
            return Ok(Loc::Remote(Remote { store, base, path }));
        }
        Ok(Loc::Local(base.join(s)))
    }

    pub fn local(p: impl Into<PathBuf>) -> Loc {
        Loc::Local(p.into())
    }

    pub fn is_remote(&self) -> bool {
        matches!(self, Loc::Remote(_))
    }

    /// The local path, if this is local.
    pub fn as_path(&self) -> Option<&Path> {
        match self {
            Loc::Local(p) => Some(p),
            Loc::Remote(_) => None,
        }
    }

    /// `rel` (with `/` separators) below this location.
    pub fn join(&self, rel: &str) -> Loc {
        match self {
            Loc::Local(p) => Loc::Local(if rel.is_empty() {
                p.clone()
            } else {
                p.join(rel)
            }),
            Loc::Remote(r) => {
                let mut path = r.path.clone();
                for part in rel.split('/').filter(|s| !s.is_empty()) {
                    path = path.clone().join(part);
                }
                Loc::Remote(Remote {
                    store: r.store.clone(),
                    base: r.base.clone(),
                    path,
                })
            }
        }
    }

    /// The last component of the path.
    pub fn file_name(&self) -> String {
        match self {
            Loc::Local(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            Loc::Remote(r) => r.path.filename().unwrap_or_default().to_string(),
        }
    }

    /// The object store's URL (`file://` or `s3://bucket`) and the path in
    /// it, as DataFusion's file scans address a file.
    pub fn store_and_path(&self) -> Result<(String, String)> {
        match self {
            Loc::Local(p) => {
                let abs =
                    std::path::absolute(p).with_context(|| format!("resolving {}", p.display()))?;
                let op = OPath::from_absolute_path(&abs)
                    .with_context(|| format!("{} as an object path", abs.display()))?;
                Ok(("file://".into(), op.to_string()))
            }
            Loc::Remote(r) => Ok((r.base.clone(), r.path.to_string())),
        }
    }

    /// What DataFusion reads: a local path or the object-store URL (the
    /// store is registered in every session, see [`register_stores`]).
    pub fn df_url(&self) -> String {
        self.to_string()
    }

    /// Bytes of a file, or `None` when it does not exist.
    pub fn read_opt(&self) -> Result<Option<Vec<u8>>> {
        match self {
            Loc::Local(p) => match std::fs::read(p) {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e).with_context(|| format!("reading {}", p.display())),
            },
            Loc::Remote(r) => {
                let (store, path) = (r.store.clone(), r.path.clone());
                let got = block(async move {
                    match store.get(&path).await {
                        Ok(g) => g.bytes().await.map(|b| Some(b.to_vec())),
                        Err(object_store::Error::NotFound { .. }) => Ok(None),
                        Err(e) => Err(e),
                    }
                })?;
                got.with_context(|| format!("reading {}", r.url()))
            }
        }
    }

    pub fn read(&self) -> Result<Vec<u8>> {
        self.read_opt()?
            .ok_or_else(|| anyhow!("{self}: no such file"))
    }

    pub fn exists(&self) -> Result<bool> {
        Ok(self.head()?.is_some())
    }

    /// Size and version of a file; `None` when it does not exist.
    pub fn head(&self) -> Result<Option<Meta>> {
        match self {
            Loc::Local(p) => match std::fs::metadata(p) {
                Ok(m) if m.is_file() => {
                    let mtime = mtime_ns(&m);
                    Ok(Some(Meta {
                        size: m.len(),
                        version: mtime.to_string(),
                    }))
                }
                Ok(_) => Ok(None),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e).with_context(|| format!("reading {}", p.display())),
            },
            Loc::Remote(r) => {
                let (store, path) = (r.store.clone(), r.path.clone());
                let got = block(async move {
                    match store.head(&path).await {
                        Ok(m) => Ok(Some(Meta {
                            size: m.size,
                            version: m
                                .e_tag
                                .clone()
                                .unwrap_or_else(|| m.last_modified.to_rfc3339()),
                        })),
                        Err(object_store::Error::NotFound { .. }) => Ok(None),
                        Err(e) => Err(e),
                    }
                })?;
                got.with_context(|| format!("reading {}", r.url()))
            }
        }
    }

    /// Write `bytes` atomically, replacing what is there.
    pub fn put(&self, bytes: &[u8]) -> Result<()> {
        match self {
            Loc::Local(p) => {
                let tmp = write_tmp(p, bytes)?;
                std::fs::rename(&tmp, p).with_context(|| format!("writing {}", p.display()))?;
                Ok(())
            }
            Loc::Remote(r) => {
                let (store, path) = (r.store.clone(), r.path.clone());
                let payload = PutPayload::from(bytes.to_vec());
                block(async move { store.put(&path, payload).await })?
                    .with_context(|| format!("writing {}", r.url()))?;
                Ok(())
            }
        }
    }

    /// Write `bytes` only if nothing exists at this location; `false` if
    /// something does (another task committed first).
    pub fn put_if_absent(&self, bytes: &[u8]) -> Result<bool> {
        match self {
            Loc::Local(p) => {
                let tmp = write_tmp(p, bytes)?;
                let r = std::fs::hard_link(&tmp, p);
                std::fs::remove_file(&tmp).ok();
                match r {
                    Ok(()) => {
                        sync_dir(p);
                        Ok(true)
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
                    Err(e) => Err(e).with_context(|| format!("creating {}", p.display())),
                }
            }
            Loc::Remote(r) => {
                // S3 answers 409 (which object_store reports as AlreadyExists)
                // while another conditional write of the key is in flight; if
                // that write then fails, nobody owns the key: look, and try again.
                for attempt in 0..5 {
                    let (store, path) = (r.store.clone(), r.path.clone());
                    let payload = PutPayload::from(bytes.to_vec());
                    let res = block(async move {
                        store
                            .put_opts(&path, payload, PutOptions::from(PutMode::Create))
                            .await
                    })?;
                    match res {
                        Ok(_) => return Ok(true),
                        Err(object_store::Error::AlreadyExists { .. }) => {
                            if self.exists()? {
                                return Ok(false);
                            }
                            std::thread::sleep(std::time::Duration::from_millis(100 << attempt));
                        }
                        Err(e) => {
                            return Err(e).with_context(|| {
                                format!(
                                    "creating {} (a conditional PUT, If-None-Match: *; the store must support it)",
                                    r.url()
                                )
                            })
                        }
                    }
                }
                bail!(
                    "creating {}: the store kept reporting a conflict but holds no object",
                    r.url()
                )
            }
        }
    }

    /// Where to write a file that [`Loc::publish`] will move here: beside
    /// the destination (same file system, so the rename is atomic) when
    /// local, in `scratch` when remote. The name is unique to this process
    /// and call, and starts with `.` + the destination's name, so cleanup
    /// can tell whose it is.
    pub fn staging_path(&self, scratch: &Path) -> Result<PathBuf> {
        let name = format!(".{}.{}.tmp", self.file_name(), unique());
        let dir = match self {
            Loc::Local(p) => p.parent().map(Path::to_path_buf).unwrap_or_default(),
            Loc::Remote(_) => scratch.to_path_buf(),
        };
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(dir.join(name))
    }

    /// Move a finished local file to this location atomically (a rename,
    /// or an upload followed by removing the local file).
    pub fn publish(&self, tmp: &Path) -> Result<()> {
        match self {
            Loc::Local(p) => {
                if let Some(d) = p.parent() {
                    std::fs::create_dir_all(d)?;
                }
                std::fs::rename(tmp, p)
                    .with_context(|| format!("renaming {} to {}", tmp.display(), p.display()))
            }
            Loc::Remote(_) => {
                self.upload(tmp)?;
                std::fs::remove_file(tmp).ok();
                Ok(())
            }
        }
    }

    /// Copy a local file here (whole or not at all), keeping the local one.
    pub fn upload(&self, local: &Path) -> Result<()> {
        match self {
            Loc::Local(p) => {
                let tmp = self.staging_path(Path::new("."))?;
                std::fs::copy(local, &tmp)
                    .with_context(|| format!("copying {} to {}", local.display(), p.display()))?;
                std::fs::rename(&tmp, p)?;
                Ok(())
            }
            Loc::Remote(r) => {
                const PART: usize = 16 << 20;
                let size = std::fs::metadata(local)?.len() as usize;
                let (store, path) = (r.store.clone(), r.path.clone());
                if size <= PART {
                    let bytes = std::fs::read(local)?;
                    block(async move { store.put(&path, PutPayload::from(bytes)).await })?
                        .with_context(|| format!("uploading {}", r.url()))?;
                    return Ok(());
                }
                let local = local.to_path_buf();
                block(async move {
                    let upload = store.put_multipart(&path).await?;
                    let mut w = WriteMultipart::new_with_chunk_size(upload, PART);
                    let mut f =
                        std::fs::File::open(&local).map_err(|e| object_store::Error::Generic {
                            store: "local",
                            source: Box::new(e),
                        })?;
                    let mut buf = vec![0u8; PART];
                    loop {
                        let n = f.read(&mut buf).map_err(|e| object_store::Error::Generic {
                            store: "local",
                            source: Box::new(e),
                        })?;
                        if n == 0 {
                            break;
                        }
                        w.wait_for_capacity(4).await?;
                        w.write(&buf[..n]);
                    }
                    w.finish().await.map(|_| ())
                })?
                .with_context(|| format!("uploading {}", r.url()))
            }
        }
    }

    /// xxh3-64 of the file's bytes, hex ([`crate::shards::checksum`]),
    /// streamed.
    pub fn checksum(&self) -> Result<String> {
        match self {
            Loc::Local(p) => crate::shards::checksum(p),
            Loc::Remote(r) => {
                let (store, path) = (r.store.clone(), r.path.clone());
                block(async move {
                    let mut h = xxhash_rust::xxh3::Xxh3::new();
                    let mut s = store.get(&path).await?.into_stream();
                    while let Some(chunk) = s.next().await {
                        h.update(&chunk?);
                    }
                    anyhow::Ok(format!("{:016x}", h.digest()))
                })?
                .with_context(|| format!("reading {}", r.url()))
            }
        }
    }

    /// A local path with this file's bytes: the file itself when local,
    /// else a copy downloaded (streamed) into `cache`, reused while the
    /// object's size and version are unchanged.
    pub fn fetch(&self, cache: &Path) -> Result<PathBuf> {
        match self {
            Loc::Local(p) => Ok(p.clone()),
            Loc::Remote(r) => self
                .fetch_if_exists(cache)?
                .ok_or_else(|| anyhow!("{}: no such object", r.url())),
        }
    }

    /// [`Self::fetch`], or `None` when there is no such file (one HEAD
    /// request for an object).
    pub fn fetch_if_exists(&self, cache: &Path) -> Result<Option<PathBuf>> {
        match self {
            Loc::Local(p) => Ok(self.head()?.map(|_| p.clone())),
            Loc::Remote(r) => {
                let Some(meta) = self.head()? else {
                    return Ok(None);
                };
                let key = xxhash_rust::xxh3::xxh3_64(
                    format!("{}\n{}\n{}", r.url(), meta.size, meta.version).as_bytes(),
                );
                std::fs::create_dir_all(cache)?;
                let dst = cache.join(format!("{key:016x}-{}", self.file_name()));
                if std::fs::metadata(&dst).is_ok_and(|m| m.len() == meta.size) {
                    return Ok(Some(dst));
                }
                let tmp = cache.join(format!(".{key:016x}.{}.tmp", unique()));
                let (store, path, tmp2) = (r.store.clone(), r.path.clone(), tmp.clone());
                block(async move {
                    let mut f = std::fs::File::create(&tmp2)?;
                    let mut s = store.get(&path).await?.into_stream();
                    while let Some(chunk) = s.next().await {
                        f.write_all(&chunk?)?;
                    }
                    f.sync_all()?;
                    anyhow::Ok(())
                })?
                .with_context(|| format!("downloading {}", r.url()))?;
                std::fs::rename(&tmp, &dst)?;
                Ok(Some(dst))
            }
        }
    }

    /// Every file below this location (recursively): (path relative to
    /// it with `/` separators, size). Missing directory: empty.
    pub fn list(&self) -> Result<Vec<(String, u64)>> {
        match self {
            Loc::Local(p) => {
                let mut out = vec![];
                list_local(p, "", &mut out).with_context(|| format!("listing {}", p.display()))?;
                out.sort();
                Ok(out)
            }
            Loc::Remote(r) => {
                let (store, path) = (r.store.clone(), r.path.clone());
                let prefix = path.clone();
                let metas = block(async move {
                    let p = (!prefix.as_ref().is_empty()).then_some(&prefix);
                    let v: Vec<_> = store.list(p).collect().await;
                    v.into_iter().collect::<Result<Vec<_>, _>>()
                })?
                .with_context(|| format!("listing {}", r.url()))?;
                let base = path.as_ref().to_string();
                let mut out: Vec<(String, u64)> = metas
                    .into_iter()
                    .filter_map(|m| {
                        let full = m.location.as_ref().to_string();
                        let rel = if base.is_empty() {
                            full
                        } else {
                            full.strip_prefix(&base)?.strip_prefix('/')?.to_string()
                        };
                        Some((rel, m.size))
                    })
                    .collect();
                out.sort();
                Ok(out)
            }
        }
    }

    /// Remove one file; a missing file is fine.
    pub fn delete(&self) -> Result<()> {
        match self {
            Loc::Local(p) => match std::fs::remove_file(p) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(e).with_context(|| format!("removing {}", p.display()))
                }
                _ => Ok(()),
            },
            Loc::Remote(r) => {
                let (store, path) = (r.store.clone(), r.path.clone());
                match block(async move { store.delete(&path).await })? {
                    Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                    Err(e) => Err(e).with_context(|| format!("removing {}", r.url())),
                }
            }
        }
    }

    /// Remove everything below this location.
    pub fn delete_all(&self) -> Result<()> {
        match self {
            Loc::Local(p) => match std::fs::remove_dir_all(p) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(e).with_context(|| format!("removing {}", p.display()))
                }
                _ => Ok(()),
            },
            Loc::Remote(_) => {
                for (rel, _) in self.list()? {
                    self.join(&rel).delete()?;
                }
                Ok(())
            }
        }
    }

    /// Create the directory (local only; object stores have none).
    pub fn ensure_dir(&self) -> Result<()> {
        if let Loc::Local(p) = self {
            std::fs::create_dir_all(p).with_context(|| format!("creating {}", p.display()))?;
        }
        Ok(())
    }

    /// A local directory that stands for this location while a stage
    /// writes: the directory itself when local, else a folder in the
    /// scratch space named after the URL.
    pub fn work_dir(&self) -> PathBuf {
        match self {
            Loc::Local(p) => p.clone(),
            Loc::Remote(r) => scratch_root().join(format!(
                "{:016x}",
                xxhash_rust::xxh3::xxh3_64(r.url().as_bytes())
            )),
        }
    }
}

/// Local scratch space for remote outputs (staging before upload, downloaded
/// inputs): `$CURATE_SCRATCH`, else the system temp dir.
pub fn scratch_root() -> PathBuf {
    std::env::var_os("CURATE_SCRATCH")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("curate-scratch"))
}

fn list_local(dir: &Path, rel: &str, out: &mut Vec<(String, u64)>) -> std::io::Result<()> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for e in rd {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        let r = if rel.is_empty() {
            name.clone()
        } else {
            format!("{rel}/{name}")
        };
        // Other tasks publish (rename) and remove files while this one
        // lists: a file gone since `read_dir` named it is simply not there.
        let gone = |e: &std::io::Error| e.kind() == std::io::ErrorKind::NotFound;
        let ft = match e.file_type() {
            Ok(ft) => ft,
            Err(e) if gone(&e) => continue,
            Err(e) => return Err(e),
        };
        if ft.is_dir() {
            list_local(&e.path(), &r, out)?;
        } else if ft.is_file() {
            match e.metadata() {
                Ok(m) => out.push((r, m.len())),
                Err(e) if gone(&e) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// A name part unique to this process and call: `<host>~<pid>~<n>`, so a
/// cleanup can tell a staging file of a live process from a leftover.
fn unique() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "{}~{}~{}",
        host_name(),
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

pub(crate) fn host_name() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at most that.
        let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
        let name = if rc == 0 {
            let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
            String::from_utf8_lossy(&buf[..end]).into_owned()
        } else {
            String::new()
        };
        name.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    })
}

/// Whether `name` is a staging file ([`Loc::staging_path`]) that no live
/// process will publish: written on this host by a process that has
/// exited. Staging files of live processes (a racing task) and of other
/// hosts are left alone.
pub fn abandoned_staging(name: &str) -> bool {
    let Some(rest) = name.strip_suffix(".tmp") else {
        return false;
    };
    if !name.starts_with('.') {
        return false;
    }
    let Some((_, id)) = rest.rsplit_once('.') else {
        return false;
    };
    let mut parts = id.rsplitn(3, '~');
    let (Some(_n), Some(pid), Some(host)) = (parts.next(), parts.next(), parts.next()) else {
        // An older name without a host: treat it as this host's.
        return id
            .split_once('-')
            .and_then(|(p, _)| p.parse::<i32>().ok())
            .is_some_and(|p| !alive(p));
    };
    host == host_name() && pid.parse::<i32>().is_ok_and(|p| !alive(p))
}

fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 only checks that the process exists.
    pid == std::process::id() as i32
        || unsafe { libc::kill(pid, 0) } == 0
        || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

fn write_tmp(p: &Path, bytes: &[u8]) -> Result<PathBuf> {
    let dir = p.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = p.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.tmp", unique()));
    let mut f =
        std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(tmp)
}

fn sync_dir(p: &Path) {
    if let Some(d) = p.parent() {
        if let Ok(f) = std::fs::File::open(d) {
            f.sync_all().ok();
        }
    }
}

/// The runtime every object-store request runs on.
fn io_runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("curate-io")
            .enable_all()
            .build()
            // ok-unwrap: only fails when the OS cannot start threads at all.
            .expect("starting the I/O runtime")
    })
}

/// Run `f` on the I/O runtime and wait for it, from any thread (inside a
/// runtime's worker, the wait is marked as blocking).
fn block<F>(f: F) -> Result<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let h = io_runtime().spawn(f);
    let wait = || futures::executor::block_on(h);
    let r = match tokio::runtime::Handle::try_current() {
        Ok(cur) if cur.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(wait)
        }
        _ => wait(),
    };
    r.map_err(|e| anyhow!("storage request failed: {e}"))
}

fn stores() -> &'static Mutex<HashMap<String, Arc<dyn ObjectStore>>> {
    static S: OnceLock<Mutex<HashMap<String, Arc<dyn ObjectStore>>>> = OnceLock::new();
    S.get_or_init(Default::default)
}

/// The client of one bucket (made once per process, from the environment).
fn store_for(url: &url::Url) -> Result<Arc<dyn ObjectStore>> {
    let bucket = url.host_str().unwrap_or_default();
    if bucket.is_empty() {
        bail!("`{url}` names no bucket");
    }
    let key = format!("{}://{bucket}", url.scheme());
    let mut map = stores().lock().unwrap_or_else(|p| p.into_inner());
    if let Some(s) = map.get(&key) {
        return Ok(s.clone());
    }
    let io = object_store::client::SpawnedReqwestConnector::new(io_runtime().handle().clone());
    // object_store's default retries for up to 3 minutes; CURATE_STORAGE_RETRY_S shortens it.
    let retry = object_store::RetryConfig {
        retry_timeout: std::time::Duration::from_secs(
            std::env::var("CURATE_STORAGE_RETRY_S")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(180),
        ),
        ..Default::default()
    };
    let store: Arc<dyn ObjectStore> = match url.scheme() {
        "s3" | "s3a" => Arc::new(
            object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(bucket)
                .with_http_connector(io)
                .with_retry(retry)
                .build()
                .with_context(|| format!("configuring S3 for {key}"))?,
        ),
        "gs" => Arc::new(
            object_store::gcp::GoogleCloudStorageBuilder::from_env()
                .with_bucket_name(bucket)
                .with_http_connector(io)
                .with_retry(retry)
                .build()
                .with_context(|| format!("configuring Google Cloud Storage for {key}"))?,
        ),
        "az" | "abfs" | "abfss" | "azure" => Arc::new(
            object_store::azure::MicrosoftAzureBuilder::from_env()
                .with_container_name(bucket)
                .with_http_connector(io)
                .with_retry(retry)
                .build()
                .with_context(|| format!("configuring Azure Blob Storage for {key}"))?,
        ),
        other => bail!(
            "unsupported storage scheme `{other}://` (use s3://, gs://, az:// or a local path)"
        ),
    };
    map.insert(key, store.clone());
    Ok(store)
}

/// The client of a URL's bucket, made as every curate store is (from the
/// environment, once per process): for engines that open files by URL
/// themselves (Ballista executors).
pub fn object_store_for(url: &url::Url) -> Result<Arc<dyn ObjectStore>> {
    store_for(url)
}

/// Register every object store this process uses in a DataFusion session,
/// so plans can read `s3://...` (and `gs://`, `az://`) URLs.
pub fn register_stores(ctx: &datafusion::prelude::SessionContext) {
    let map = stores().lock().unwrap_or_else(|p| p.into_inner());
    for (key, store) in map.iter() {
        if let Ok(u) = url::Url::parse(&format!("{key}/")) {
            ctx.register_object_store(&u, store.clone());
        }
    }
}

/// A local file's modification time in nanoseconds since the epoch (0 where
/// the platform has none): with its size, the version of a local file.
pub(crate) fn mtime_ns(meta: &std::fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_put_if_absent_commits_once() {
        let d = tempfile::tempdir().unwrap();
        let l = Loc::local(d.path()).join("_units/00001.json");
        assert!(l.put_if_absent(b"a").unwrap());
        assert!(!l.put_if_absent(b"b").unwrap());
        assert_eq!(l.read().unwrap(), b"a");
        // No temporary file is left behind.
        let names: Vec<String> = Loc::local(d.path())
            .list()
            .unwrap()
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(names, vec!["_units/00001.json"]);
    }

    #[test]
    fn racing_creates_have_one_winner() {
        let d = tempfile::tempdir().unwrap();
        let l = Loc::local(d.path()).join("m.json");
        let wins: usize = std::thread::scope(|s| {
            let hs: Vec<_> = (0..8)
                .map(|i| {
                    let l = l.clone();
                    s.spawn(move || l.put_if_absent(format!("{i}").as_bytes()).unwrap() as usize)
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(wins, 1);
    }

    #[test]
    fn publish_list_delete() {
        let d = tempfile::tempdir().unwrap();
        let root = Loc::local(d.path());
        let dst = root.join("a/b/part-00000-000.parquet");
        let tmp = dst.staging_path(d.path()).unwrap();
        assert!(tmp
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(".part-00000-000.parquet."));
        std::fs::write(&tmp, b"xyz").unwrap();
        dst.publish(&tmp).unwrap();
        assert_eq!(
            root.list().unwrap(),
            vec![("a/b/part-00000-000.parquet".to_string(), 3)]
        );
        assert_eq!(dst.head().unwrap().unwrap().size, 3);
        root.join("a").delete_all().unwrap();
        assert!(root.list().unwrap().is_empty());
        assert!(root.join("nope").head().unwrap().is_none());
    }

    #[test]
    fn parses_paths_and_urls() {
        assert!(is_url("s3://bucket/x"));
        assert!(!is_url("dir/x.jsonl"));
        assert!(!is_url("C:/x"));
        let l = Loc::parse("out/x", Path::new("/base")).unwrap();
        assert_eq!(l.as_path(), Some(Path::new("/base/out/x")));
        let e = Loc::parse("ftp://h/x", Path::new(".")).err().unwrap();
        assert!(e.to_string().contains("unsupported storage scheme"), "{e}");
    }
}
