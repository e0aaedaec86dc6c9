//! Content fingerprints for idempotent writes ("the same text is the same content").
//!
//! FNV-1a over the text with runs of whitespace folded to one space, so re-wrapping a
//! paragraph does not count as a change. Not cryptographic: it keys content, it does not
//! authenticate it.

/// A 16-hex-digit fingerprint of `text`, stable across platforms and releases.
pub fn content_hash(text: &str) -> String {
    format!("{:016x}", hash64(text))
}

/// The fingerprint as a number, for deterministic choices keyed by content.
pub fn hash64(text: &str) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut first = true;
    for word in text.split_whitespace() {
        if !first {
            hash = (hash ^ u64::from(b' ')).wrapping_mul(PRIME);
        }
        first = false;
        for b in word.bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_does_not_change_the_fingerprint_but_words_do() {
        assert_eq!(content_hash("a  b\n c"), content_hash("a b c"));
        assert_ne!(content_hash("a b c"), content_hash("a b d"));
        assert_eq!(content_hash(""), "cbf29ce484222325");
    }
}
