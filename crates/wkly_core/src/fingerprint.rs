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

/// Simhash bits that may differ between two copies of one article (re-wrapped, a
/// corrected figure, a different sign-off).
pub const NEAR_DUPLICATE_BITS: u32 = 3;

/// Whether two simhashes belong to near-identical texts.
pub fn near_duplicate(a: u64, b: u64) -> bool {
    (a ^ b).count_ones() <= NEAR_DUPLICATE_BITS
}

/// A simhash cut into four 16-bit bands `(band, value)`. Two hashes within
/// [`NEAR_DUPLICATE_BITS`] of each other agree on at least one band (pigeonhole), so an
/// index on (band, value) finds every near-duplicate candidate.
pub fn simhash_bands(h: u64) -> [(i64, i64); 4] {
    [0, 1, 2, 3].map(|i| (i, ((h >> (16 * i)) & 0xffff) as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_duplicates_always_share_a_band() {
        let h = 0x0123_4567_89ab_cdefu64;
        let flipped = h ^ (1 << 3) ^ (1 << 20) ^ (1 << 40);
        assert!(near_duplicate(h, flipped));
        assert!(!near_duplicate(h, flipped ^ (1 << 60)));
        let shared = simhash_bands(h).iter().zip(simhash_bands(flipped)).filter(|(a, b)| **a == *b).count();
        assert!(shared >= 1);
    }

    #[test]
    fn whitespace_does_not_change_the_fingerprint_but_words_do() {
        assert_eq!(content_hash("a  b\n c"), content_hash("a b c"));
        assert_ne!(content_hash("a b c"), content_hash("a b d"));
        assert_eq!(content_hash(""), "cbf29ce484222325");
    }
}
