//! Compressed inputs (`.gz`, `.zst`) whose bytes are checked before they are
//! trusted.
//!
//! A gzip member's CRC-32 (and a zstd frame's checksum) sits at its end: a
//! byte changed inside a member can inflate into other, valid-looking records
//! that a streaming reader hands on before the check fails. With
//! `on_error: fail` the failed check stops the run, so nothing decoded is kept.
//! With `on_error: quarantine` the file is first decoded once without being
//! parsed ([`verified_prefix`]), member by member (frame by frame), to find
//! how many decompressed bytes come from members whose checks passed; the
//! reading pass then stops there with an `unreadable input` error naming
//! the member that failed. Records of a member that failed its check are never
//! kept; the members before it are. Costs one more decompression of each
//! compressed file, in quarantine mode only.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use super::Counting;

/// What a checking pass over a compressed file found.
#[derive(Debug, PartialEq)]
pub struct Verified {
    /// Decompressed bytes from members (frames) whose checks passed, from
    /// the start of the file up to the first one that failed.
    pub bytes: u64,
    /// The first failure: where and why, for the quarantine row.
    pub failure: Option<String>,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Codec {
    Gzip,
    Zstd,
}

/// A file name in lowercase without its compression suffix (`.gz` or
/// `.zst`, one layer, as [`codec_of`] decodes it): what the content is.
pub fn plain_name(name: &str) -> String {
    let name = name.to_lowercase();
    match name
        .strip_suffix(".gz")
        .or_else(|| name.strip_suffix(".zst"))
    {
        Some(base) => base.to_string(),
        None => name,
    }
}

pub fn codec_of(path: &Path) -> Option<Codec> {
    let name = path.to_string_lossy().to_lowercase();
    if name.ends_with(".gz") {
        Some(Codec::Gzip)
    } else if name.ends_with(".zst") {
        Some(Codec::Zstd)
    } else {
        None
    }
}

/// Decode `path` member by member (gzip) or frame by frame (zstd) without
/// keeping anything; see the module docs.
pub fn verified_prefix(path: &Path, codec: Codec) -> io::Result<Verified> {
    let f = File::open(path)?;
    let mut r = Counting {
        inner: BufReader::with_capacity(1 << 20, f),
        pos: 0,
    };
    let (what, unit) = match codec {
        Codec::Gzip => ("gzip", "member"),
        Codec::Zstd => ("zstd", "frame"),
    };
    let mut bytes = 0u64;
    let mut member = 0u64;
    loop {
        if r.fill_buf()?.is_empty() {
            return Ok(Verified {
                bytes,
                failure: None,
            });
        }
        member += 1;
        let at = r.pos;
        let res = match codec {
            Codec::Gzip => io::copy(
                &mut flate2::bufread::GzDecoder::new(&mut r),
                &mut io::sink(),
            ),
            Codec::Zstd => match zstd::stream::read::Decoder::with_buffer(&mut r) {
                Ok(d) => io::copy(&mut d.single_frame(), &mut io::sink()),
                Err(e) => Err(e),
            },
        };
        match res {
            Ok(n) => bytes += n,
            Err(e) => {
                return Ok(Verified {
                    bytes,
                    failure: Some(format!(
                        "{what} {unit} {member} (at byte {at} of the file) failed its check: {e}; \
                         none of its records are kept, and the file is not read past it"
                    )),
                })
            }
        }
    }
}

/// The decompressed stream cut at the end of the last member that passed
/// its check, then `failure` as an error.
pub struct UpToFailure<R> {
    inner: io::Take<R>,
    failure: String,
}

impl<R: Read> Read for UpToFailure<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && !buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                self.failure.clone(),
            ));
        }
        Ok(n)
    }
}

impl<R: Read> UpToFailure<R> {
    pub fn new(inner: R, v: Verified) -> Result<UpToFailure<R>, R> {
        match v.failure {
            Some(failure) => Ok(UpToFailure {
                inner: inner.take(v.bytes),
                failure,
            }),
            None => Err(inner),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(b: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    fn zst(b: &[u8]) -> Vec<u8> {
        let mut e = zstd::Encoder::new(Vec::new(), 3).unwrap();
        e.include_checksum(true).unwrap();
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    fn check(bytes: &[u8], name: &str, codec: Codec) -> Verified {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        verified_prefix(&p, codec).unwrap()
    }

    #[test]
    fn members_before_a_failed_check_are_verified_and_the_failed_one_is_not() {
        for codec in [Codec::Gzip, Codec::Zstd] {
            let enc = |b: &[u8]| if codec == Codec::Gzip { gz(b) } else { zst(b) };
            let a = b"{\"text\": \"first member\"}\n".repeat(50);
            let b = b"{\"text\": \"second member\"}\n".repeat(50);
            let mut good = enc(&a);
            good.extend(enc(&b));
            let v = check(&good, "x", codec);
            assert_eq!(v.bytes, (a.len() + b.len()) as u64);
            assert_eq!(v.failure, None);
            // Corrupt the checksum at the end of the second member.
            let mut bad = good.clone();
            let l = bad.len();
            bad[l - 6] ^= 0x55;
            let v = check(&bad, "x", codec);
            assert_eq!(v.bytes, a.len() as u64, "only the first member is verified");
            let f = v.failure.unwrap();
            assert!(f.contains(" 2 (at byte "), "{f}");
            // The reading pass stops where the verified bytes end.
            let mut r = UpToFailure::new(
                &good[..],
                Verified {
                    bytes: 7,
                    failure: Some("x".into()),
                },
            )
            .ok()
            .unwrap();
            let mut out = vec![];
            let e = r.read_to_end(&mut out).unwrap_err();
            assert_eq!(out, &good[..7]);
            assert_eq!(e.to_string(), "x");
        }
        // An empty file has no members and nothing to fail.
        assert_eq!(
            check(b"", "e.gz", Codec::Gzip),
            Verified {
                bytes: 0,
                failure: None
            }
        );
    }
}
