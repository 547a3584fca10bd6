//! Token files in the llm.c format that nanoGPT-style training code reads:
//! a header of 256 little-endian int32 (`[0]` magic 20240520, `[1]` version,
//! `[2]` token count), then the tokens: version 1 = uint16 (vocabularies up to
//! 65,536), version 2 = uint32. Every document is preceded by the end-of-text
//! token, as llm.c's data scripts do, so a file starts with EOT.
//!
//! Read in Python: `np.memmap(path, dtype=np.uint16, mode="r", offset=1024)`.
//! Training reads them the same way: [`Tokens`] memory-maps the files and
//! copies only the windows a batch needs, so a corpus larger than RAM trains.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

pub const MAGIC: i32 = 20240520;
pub const HEADER_INTS: usize = 256;
pub const HEADER_BYTES: u64 = (HEADER_INTS * 4) as u64;

/// Token width of a file, chosen from the vocabulary size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    U16,
    U32,
}

impl Width {
    pub fn for_vocab(vocab_size: usize) -> Width {
        if vocab_size <= 1 << 16 {
            Width::U16
        } else {
            Width::U32
        }
    }
    pub fn version(self) -> i32 {
        match self {
            Width::U16 => 1,
            Width::U32 => 2,
        }
    }
    pub fn bytes(self) -> usize {
        match self {
            Width::U16 => 2,
            Width::U32 => 4,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Width::U16 => "uint16",
            Width::U32 => "uint32",
        }
    }
}

/// Streams tokens into `<path>.tmp`; [`TokenWriter::finish`] writes the
/// header's count and renames the file into place.
pub struct TokenWriter {
    path: PathBuf,
    tmp: PathBuf,
    out: BufWriter<File>,
    width: Width,
    pub tokens: u64,
    pub documents: u64,
}

impl TokenWriter {
    pub fn create(path: &Path, width: Width) -> Result<Self> {
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d)?;
        }
        let tmp = path.with_extension("bin.tmp");
        let f = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        let mut out = BufWriter::with_capacity(1 << 20, f);
        out.write_all(&[0u8; HEADER_BYTES as usize])?;
        Ok(TokenWriter {
            path: path.to_path_buf(),
            tmp,
            out,
            width,
            tokens: 0,
            documents: 0,
        })
    }

    /// Append one document: EOT, then its tokens.
    pub fn document(&mut self, eot: u32, ids: &[u32]) -> Result<()> {
        self.push(eot)?;
        for &t in ids {
            self.push(t)?;
        }
        self.documents += 1;
        Ok(())
    }

    fn push(&mut self, t: u32) -> Result<()> {
        match self.width {
            Width::U16 => {
                let v = u16::try_from(t).context("token id does not fit uint16")?;
                self.out.write_all(&v.to_le_bytes())?;
            }
            Width::U32 => self.out.write_all(&t.to_le_bytes())?,
        }
        self.tokens += 1;
        Ok(())
    }

    /// Write the header, fsync and rename; returns the final path.
    pub fn finish(mut self) -> Result<PathBuf> {
        let mut header = [0i32; HEADER_INTS];
        header[0] = MAGIC;
        header[1] = self.width.version();
        header[2] = i32::try_from(self.tokens).context("more than 2^31 tokens in one file")?;
        self.out.flush()?;
        let mut f = self.out.into_inner().map_err(|e| e.into_error())?;
        f.seek(SeekFrom::Start(0))?;
        let bytes: Vec<u8> = header.iter().flat_map(|h| h.to_le_bytes()).collect();
        f.write_all(&bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&self.tmp, &self.path)?;
        Ok(self.path)
    }
}

/// Parse and check a file header against the file's length; returns the
/// width and the token count.
fn parse_header(path: &Path, h: &[u8], file_len: u64) -> Result<(Width, usize)> {
    if h.len() < HEADER_BYTES as usize {
        bail!("{}: shorter than the 1024-byte header", path.display());
    }
    let int = |i: usize| i32::from_le_bytes(h[i * 4..i * 4 + 4].try_into().unwrap());
    if int(0) != MAGIC {
        bail!("{}: bad magic {} (want {MAGIC})", path.display(), int(0));
    }
    let width = match int(1) {
        1 => Width::U16,
        2 => Width::U32,
        v => bail!("{}: unsupported version {v}", path.display()),
    };
    if int(2) < 0 {
        bail!("{}: negative token count {}", path.display(), int(2));
    }
    let n = int(2) as usize;
    let body = file_len - HEADER_BYTES;
    if body != (n * width.bytes()) as u64 {
        bail!(
            "{}: header says {n} tokens but the file holds {body} bytes of tokens",
            path.display()
        );
    }
    Ok((width, n))
}

enum Store {
    Map {
        path: PathBuf,
        map: memmap2::Mmap,
        width: Width,
    },
    Mem(Vec<u32>),
}

/// A sequence of tokens: token files memory-mapped (or a vector), seen as
/// their concatenation in the given order.
pub struct Tokens {
    parts: Vec<(Store, usize)>,
    /// Global index of each part's first token.
    starts: Vec<usize>,
    len: usize,
}

impl Tokens {
    /// Memory-map token files (headers and sizes checked).
    pub fn open(paths: &[PathBuf]) -> Result<Tokens> {
        let mut parts = vec![];
        for p in paths {
            let f = File::open(p).with_context(|| format!("opening {}", p.display()))?;
            let len = f.metadata()?.len();
            if len < HEADER_BYTES {
                bail!("{}: shorter than the 1024-byte header", p.display());
            }
            // SAFETY: token files are written once (tmp + rename) and not
            // modified while a stage reads them.
            let map = unsafe { memmap2::Mmap::map(&f) }
                .with_context(|| format!("memory-mapping {}", p.display()))?;
            let (width, n) = parse_header(p, &map[..HEADER_BYTES as usize], len)?;
            #[cfg(unix)]
            let _ = map.advise(memmap2::Advice::Random);
            parts.push((
                Store::Map {
                    path: p.clone(),
                    map,
                    width,
                },
                n,
            ));
        }
        Ok(Self::from_parts(parts))
    }

    /// Tokens held in memory.
    pub fn from_vec(v: Vec<u32>) -> Tokens {
        let n = v.len();
        Self::from_parts(vec![(Store::Mem(v), n)])
    }

    fn from_parts(parts: Vec<(Store, usize)>) -> Tokens {
        let mut starts = Vec::with_capacity(parts.len());
        let mut len = 0;
        for (_, n) in &parts {
            starts.push(len);
            len += n;
        }
        Tokens { parts, starts, len }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Copy tokens `start .. start + out.len()` of the concatenation.
    pub fn copy_to(&self, start: usize, out: &mut [u32]) {
        assert!(start + out.len() <= self.len, "token window out of range");
        let mut part = self.starts.partition_point(|&s| s <= start) - 1;
        let mut at = start - self.starts[part];
        let mut done = 0;
        while done < out.len() {
            let (store, n) = &self.parts[part];
            let take = (n - at).min(out.len() - done);
            let dst = &mut out[done..done + take];
            match store {
                Store::Mem(v) => dst.copy_from_slice(&v[at..at + take]),
                Store::Map { map, width, .. } => {
                    let body = &map[HEADER_BYTES as usize..];
                    match width {
                        Width::U16 => {
                            for (d, c) in dst
                                .iter_mut()
                                .zip(body[at * 2..(at + take) * 2].chunks_exact(2))
                            {
                                *d = u16::from_le_bytes([c[0], c[1]]) as u32;
                            }
                        }
                        Width::U32 => {
                            for (d, c) in dst
                                .iter_mut()
                                .zip(body[at * 4..(at + take) * 4].chunks_exact(4))
                            {
                                *d = u32::from_le_bytes(c.try_into().unwrap());
                            }
                        }
                    }
                }
            }
            done += take;
            part += 1;
            at = 0;
        }
    }

    /// Tokens `start .. end` as a vector.
    pub fn slice(&self, start: usize, end: usize) -> Vec<u32> {
        let mut v = vec![0; end - start];
        self.copy_to(start, &mut v);
        v
    }

    /// Visit every token in order, in chunks (a streaming pass over the files).
    pub fn for_each_chunk(&self, mut f: impl FnMut(usize, &[u32]) -> Result<()>) -> Result<()> {
        let mut buf = vec![0u32; 1 << 20];
        let mut at = 0;
        while at < self.len {
            let n = buf.len().min(self.len - at);
            self.copy_to(at, &mut buf[..n]);
            f(at, &buf[..n])?;
            at += n;
        }
        Ok(())
    }

    /// The file and offset (token index within it) of global token `i`.
    pub fn locate(&self, i: usize) -> String {
        let part = self.starts.partition_point(|&s| s <= i) - 1;
        let at = i - self.starts[part];
        match &self.parts[part].0 {
            Store::Map { path, .. } => format!("{} token {at}", path.display()),
            Store::Mem(_) => format!("token {at}"),
        }
    }

    /// Fails on the first token id >= `vocab`, naming its file and offset.
    pub fn check_vocab(&self, vocab: usize) -> Result<()> {
        self.for_each_chunk(|at, c| {
            if let Some(k) = c.iter().position(|&x| x as usize >= vocab) {
                bail!(
                    "token id {} is outside the model's vocabulary of {vocab} ({})",
                    c[k],
                    self.locate(at + k)
                );
            }
            Ok(())
        })
    }
}

/// Read a whole token file (header checked) into u32s.
pub fn read(path: &Path) -> Result<Vec<u32>> {
    let mut r =
        BufReader::new(File::open(path).with_context(|| format!("opening {}", path.display()))?);
    let mut h = [0u8; HEADER_BYTES as usize];
    r.read_exact(&mut h)
        .with_context(|| format!("{}: shorter than the 1024-byte header", path.display()))?;
    let int = |i: usize| i32::from_le_bytes(h[i * 4..i * 4 + 4].try_into().unwrap());
    if int(0) != MAGIC {
        bail!("{}: bad magic {} (want {MAGIC})", path.display(), int(0));
    }
    let width = match int(1) {
        1 => Width::U16,
        2 => Width::U32,
        v => bail!("{}: unsupported version {v}", path.display()),
    };
    let n = int(2) as usize;
    let mut body = Vec::with_capacity(n * width.bytes());
    r.read_to_end(&mut body)?;
    if body.len() != n * width.bytes() {
        bail!(
            "{}: header says {n} tokens but the file holds {} bytes of tokens",
            path.display(),
            body.len()
        );
    }
    Ok(match width {
        Width::U16 => body
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]) as u32)
            .collect(),
        Width::U32 => body
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
            .collect(),
    })
}

/// Deterministic train/validation split by document: a document goes to
/// validation when the 64-bit hash of (seed, doc_id) falls below the fraction.
pub fn is_validation(doc_id: &str, seed: u64, fraction: f64) -> bool {
    if fraction <= 0.0 {
        return false;
    }
    let mut h: u64 = 0xcbf29ce484222325 ^ seed.wrapping_mul(0x9E3779B97F4A7C15);
    for b in doc_id.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    // finalize (splitmix64) so nearby ids spread
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58476d1ce4e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d049bb133111eb);
    h ^= h >> 31;
    (h as f64) < fraction * (u64::MAX as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_both_widths() {
        let d = tempfile::tempdir().unwrap();
        for (w, big) in [(Width::U16, 65535u32), (Width::U32, 70000u32)] {
            let p = d.path().join(format!("{}.bin", w.name()));
            let mut tw = TokenWriter::create(&p, w).unwrap();
            tw.document(0, &[5, 6, big]).unwrap();
            tw.document(0, &[7]).unwrap();
            assert_eq!(tw.tokens, 6);
            tw.finish().unwrap();
            assert_eq!(read(&p).unwrap(), vec![0, 5, 6, big, 0, 7]);
            let len = std::fs::metadata(&p).unwrap().len();
            assert_eq!(len, HEADER_BYTES + 6 * w.bytes() as u64);
        }
        let mut tw = TokenWriter::create(&d.path().join("x.bin"), Width::U16).unwrap();
        assert!(tw.document(0, &[70000]).is_err());
    }

    #[test]
    fn mapped_files_read_as_one_sequence_and_name_bad_ids() {
        let d = tempfile::tempdir().unwrap();
        let write = |name: &str, w: Width, docs: &[&[u32]]| {
            let p = d.path().join(name);
            let mut tw = TokenWriter::create(&p, w).unwrap();
            for doc in docs {
                tw.document(0, doc).unwrap();
            }
            tw.finish().unwrap()
        };
        let a = write("a.bin", Width::U16, &[&[5, 6, 7]]);
        let b = write("b.bin", Width::U32, &[&[8], &[70000]]);
        let t = Tokens::open(&[a.clone(), b.clone()]).unwrap();
        assert_eq!(t.len(), 8);
        assert_eq!(t.slice(0, 8), vec![0, 5, 6, 7, 0, 8, 0, 70000]);
        // a window across the file boundary
        let mut w = [0u32; 3];
        t.copy_to(3, &mut w);
        assert_eq!(w, [7, 0, 8]);
        assert_eq!(
            t.slice(0, 8),
            Tokens::from_vec(vec![0, 5, 6, 7, 0, 8, 0, 70000]).slice(0, 8)
        );
        let e = t.check_vocab(70000).unwrap_err().to_string();
        assert!(e.contains("70000") && e.contains("b.bin token 3"), "{e}");
        t.check_vocab(70001).unwrap();
        // a file cut short is refused with its name
        let bytes = std::fs::read(&a).unwrap();
        let cut = d.path().join("cut.bin");
        std::fs::write(&cut, &bytes[..bytes.len() - 1]).unwrap();
        let e = Tokens::open(&[cut]).err().unwrap().to_string();
        assert!(
            e.contains("cut.bin") && e.contains("header says 4 tokens"),
            "{e}"
        );
    }

    #[test]
    fn split_is_deterministic_and_near_fraction() {
        let n = 20_000;
        let val = (0..n)
            .filter(|i| is_validation(&format!("doc{i}"), 7, 0.1))
            .count();
        assert!((1_700..2_300).contains(&val), "{val}");
        assert_eq!(is_validation("abc", 7, 0.1), is_validation("abc", 7, 0.1));
        assert!(!is_validation("abc", 7, 0.0));
    }
}
