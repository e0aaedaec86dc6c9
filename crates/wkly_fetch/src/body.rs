//! Reading a response body under two caps: bytes on the wire and bytes after decoding.
//!
//! The body is read chunk by chunk; each chunk is counted, then fed to a streaming
//! decoder (gzip, deflate in its zlib or raw form, brotli) that writes into a
//! [`CappedSink`]. The sink refuses the first byte past the cap, which stops the decoder
//! at once: a gzip bomb costs us the cap, never its full size. We ask for compression
//! ourselves (`Accept-Encoding`) instead of letting reqwest decompress, because only here
//! can both caps be counted.
//!
//! Not here: charset decoding (see `charset`) and timeouts (reqwest's read timeout and
//! the fetcher's total timeout wrap this).

use std::io::{self, Write};

use brotli_decompressor::DecompressorWriter;
use flate2::write::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use crate::FetchError;

/// What we send as `Accept-Encoding`: exactly the codings [`Decoder`] understands.
pub(crate) const ACCEPTED_ENCODINGS: &str = "gzip, deflate, br";

/// What to do with a body that does not fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overflow {
    /// Fail with [`FetchError::TooLarge`].
    Refuse,
    /// Keep what fits and stop reading (robots.txt: RFC 9309 allows a parse limit).
    Truncate,
}

/// The caps for one body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyLimits {
    pub(crate) wire: usize,
    pub(crate) decoded: usize,
    pub(crate) overflow: Overflow,
}

/// A content coding we can decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coding {
    Identity,
    Gzip,
    Deflate,
    Brotli,
}

impl Coding {
    /// Reads a `Content-Encoding` value; a coding we did not ask for is an error.
    pub(crate) fn from_header(value: Option<&str>) -> Result<Coding, FetchError> {
        let Some(value) = value else {
            return Ok(Coding::Identity);
        };
        let codings: Vec<String> = value
            .split(',')
            .map(|coding| coding.trim().to_ascii_lowercase())
            .filter(|coding| !coding.is_empty() && coding != "identity")
            .collect();
        match codings.as_slice() {
            [] => Ok(Coding::Identity),
            [one] => match one.as_str() {
                "gzip" | "x-gzip" => Ok(Coding::Gzip),
                "deflate" => Ok(Coding::Deflate),
                "br" => Ok(Coding::Brotli),
                other => Err(FetchError::Undecodable {
                    reason: format!("the server used the content coding {other:?}, which we did not ask for"),
                }),
            },
            _ => {
                Err(FetchError::Undecodable { reason: format!("the server stacked several content codings ({value})") })
            }
        }
    }
}

/// A `Vec` that refuses to grow past its cap.
#[derive(Debug)]
pub(crate) struct CappedSink {
    bytes: Vec<u8>,
    cap: usize,
    overflowed: bool,
}

impl CappedSink {
    fn new(cap: usize) -> Self {
        CappedSink { bytes: Vec::new(), cap, overflowed: false }
    }
}

impl Write for CappedSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = self.cap.saturating_sub(self.bytes.len());
        if buf.len() > room {
            // Keep what fits: a truncating reader wants it; a refusing one discards it.
            self.bytes.extend_from_slice(&buf[..room]);
            self.overflowed = true;
            return Err(io::Error::other("the decoded body reached its cap"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The decompressor state for one body.
enum Decoder {
    Identity(CappedSink),
    Gzip(MultiGzDecoder<CappedSink>),
    /// `deflate` is zlib-wrapped by the standard and raw in some servers; we look at the
    /// first two bytes before choosing.
    DeflateUndecided(Vec<u8>, CappedSink),
    Zlib(ZlibDecoder<CappedSink>),
    RawDeflate(DeflateDecoder<CappedSink>),
    Brotli(Box<DecompressorWriter<CappedSink>>),
    /// Transient state while switching variants.
    Switching,
}

/// The result of feeding a decoder: go on, or stop because the decoded cap was reached.
enum Fed {
    More,
    Full,
}

impl Decoder {
    fn new(coding: Coding, cap: usize) -> Decoder {
        let sink = CappedSink::new(cap);
        match coding {
            Coding::Identity => Decoder::Identity(sink),
            Coding::Gzip => Decoder::Gzip(MultiGzDecoder::new(sink)),
            Coding::Deflate => Decoder::DeflateUndecided(Vec::new(), sink),
            Coding::Brotli => Decoder::Brotli(Box::new(DecompressorWriter::new(sink, 32 * 1024))),
        }
    }

    fn sink(&self) -> Option<&CappedSink> {
        match self {
            Decoder::Identity(sink) | Decoder::DeflateUndecided(_, sink) => Some(sink),
            Decoder::Gzip(d) => Some(d.get_ref()),
            Decoder::Zlib(d) => Some(d.get_ref()),
            Decoder::RawDeflate(d) => Some(d.get_ref()),
            Decoder::Brotli(d) => Some(d.get_ref()),
            Decoder::Switching => None,
        }
    }

    fn sink_mut(&mut self) -> Option<&mut CappedSink> {
        match self {
            Decoder::Identity(sink) | Decoder::DeflateUndecided(_, sink) => Some(sink),
            Decoder::Gzip(d) => Some(d.get_mut()),
            Decoder::Zlib(d) => Some(d.get_mut()),
            Decoder::RawDeflate(d) => Some(d.get_mut()),
            Decoder::Brotli(d) => Some(d.get_mut()),
            Decoder::Switching => None,
        }
    }

    fn overflowed(&self) -> bool {
        self.sink().is_some_and(|sink| sink.overflowed)
    }

    fn feed(&mut self, chunk: &[u8]) -> Result<Fed, FetchError> {
        let written = match self {
            Decoder::Identity(sink) => sink.write_all(chunk),
            Decoder::Gzip(d) => d.write_all(chunk),
            Decoder::Zlib(d) => d.write_all(chunk),
            Decoder::RawDeflate(d) => d.write_all(chunk),
            Decoder::Brotli(d) => d.write_all(chunk),
            Decoder::DeflateUndecided(head, _) => {
                head.extend_from_slice(chunk);
                if head.len() < 2 {
                    return Ok(Fed::More);
                }
                let Decoder::DeflateUndecided(head, sink) = std::mem::replace(self, Decoder::Switching) else {
                    return Err(internal("deflate state lost"));
                };
                *self = if looks_like_zlib(&head) {
                    Decoder::Zlib(ZlibDecoder::new(sink))
                } else {
                    Decoder::RawDeflate(DeflateDecoder::new(sink))
                };
                return self.feed(&head);
            }
            Decoder::Switching => return Err(internal("decoder used while switching")),
        };
        self.settle(written)
    }

    fn settle(&self, result: io::Result<()>) -> Result<Fed, FetchError> {
        match result {
            Ok(()) => Ok(Fed::More),
            Err(_) if self.overflowed() => Ok(Fed::Full),
            Err(error) => Err(FetchError::Undecodable { reason: format!("the compressed data is corrupt ({error})") }),
        }
    }

    /// Flushes the decoder; `Full` if the tail did not fit either.
    fn finish(&mut self) -> Result<Fed, FetchError> {
        let finished = match self {
            Decoder::Identity(_) => Ok(()),
            Decoder::Gzip(d) => d.try_finish(),
            Decoder::Zlib(d) => d.try_finish(),
            Decoder::RawDeflate(d) => d.try_finish(),
            Decoder::Brotli(d) => d.close(),
            Decoder::DeflateUndecided(head, _) if head.is_empty() => Ok(()),
            Decoder::DeflateUndecided(..) => Err(io::Error::other("the body ended after one byte")),
            Decoder::Switching => Err(io::Error::other("decoder used while switching")),
        };
        self.settle(finished)
    }

    fn take_bytes(&mut self) -> Vec<u8> {
        self.sink_mut().map(|sink| std::mem::take(&mut sink.bytes)).unwrap_or_default()
    }
}

/// RFC 1950: compression method 8, a window of at most 32 KiB, and a header checksum.
fn looks_like_zlib(head: &[u8]) -> bool {
    match head {
        [cmf, flg, ..] => cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

fn internal(what: &str) -> FetchError {
    FetchError::Undecodable { reason: format!("internal decoder error: {what}") }
}

/// Reads the whole body of `response` under `limits`, decoding `coding`.
pub(crate) async fn read_body(
    response: &mut reqwest::Response,
    coding: Coding,
    limits: BodyLimits,
    map_error: impl Fn(reqwest::Error) -> FetchError,
) -> Result<Vec<u8>, FetchError> {
    let refuse = limits.overflow == Overflow::Refuse;
    if refuse && response.content_length().is_some_and(|length| length > limits.wire as u64) {
        return Err(FetchError::TooLarge { limit: limits.wire });
    }
    let mut decoder = Decoder::new(coding, limits.decoded);
    let mut on_wire = 0usize;
    while let Some(chunk) = response.chunk().await.map_err(&map_error)? {
        let room = limits.wire - on_wire;
        let wire_full = chunk.len() > room;
        if wire_full && refuse {
            return Err(FetchError::TooLarge { limit: limits.wire });
        }
        let usable = &chunk[..chunk.len().min(room)];
        on_wire += usable.len();
        match decoder.feed(usable)? {
            Fed::Full if refuse => {
                return Err(FetchError::TooLarge { limit: limits.decoded });
            }
            Fed::Full => return Ok(decoder.take_bytes()),
            Fed::More if wire_full => return Ok(decoder.take_bytes()),
            Fed::More => {}
        }
    }
    match decoder.finish()? {
        Fed::Full if refuse => Err(FetchError::TooLarge { limit: limits.decoded }),
        Fed::Full | Fed::More => Ok(decoder.take_bytes()),
    }
}
