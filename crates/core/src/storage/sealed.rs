//! Stored values sealed with AES-256-GCM, for a device with an app-lock PIN: the notes are
//! unreadable in the browser's storage without the key, and the key comes only from the PIN.
//!
//! # Envelope
//! ```text
//! U+E000 '1' packed(nonce[12] || ciphertext || tag[16])
//! ```
//! The private-use marker never starts a plain value (those are JSON), so sealed and plain values
//! are told apart by their first character: a device that was sealing or unsealing when the
//! browser stopped still reads every value, and finishes the job later.
//!
//! Local storage counts UTF-16 code units, and a notebook of 10,000 moments uses about three
//! quarters of it in plain form, so base64 (4 units per 3 bytes) would not fit. Instead the bytes
//! are packed 15 bits to a code unit (U+1000 + v, never a surrogate); a last group of at most
//! 7 bits takes one unit from a second range (U+0F80 + v), which is what tells the decoder
//! whether the last byte is real. That is 0.53 units per byte: a sealed value of mostly ASCII
//! text is about half the size of the plain one.
//!
//! The storage key is the associated data, so a value moved to another key does not open. The
//! nonce (96 random bits) comes from the caller, like all randomness in this crate.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

use crate::wire::limits::NONCE_BYTES;

/// Length of an AES-256 key.
pub const KEY_BYTES: usize = 32;
const TAG_BYTES: usize = 16;
/// The first unit of every sealed value, of any version.
pub const MARKER: &str = "\u{E000}";
const VERSION: char = '1';
/// 15-bit groups: U+1000..=U+8FFF.
const WIDE: u32 = 0x1000;
/// A last group of at most 7 bits: U+0F80..=U+0FFF.
const NARROW: u32 = 0x0F80;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("the value is not sealed")]
    NotSealed,
    #[error("sealed with an unknown format version \"{0}\"")]
    UnknownVersion(char),
    #[error("the sealed value is damaged")]
    Damaged,
    /// AES-GCM cannot tell these apart, by design.
    #[error("the sealed value does not open: another key, or altered, or moved from another key")]
    WrongKey,
}

/// A 256-bit key. Debug output never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SealKey([u8; KEY_BYTES]);

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealKey(…)")
    }
}

impl SealKey {
    pub fn new(bytes: [u8; KEY_BYTES]) -> Self {
        SealKey(bytes)
    }

    pub fn bytes(&self) -> &[u8; KEY_BYTES] {
        &self.0
    }

    fn cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new(&self.0.into())
    }

    /// Seals `plaintext` under `aad` (the storage key) with a nonce the caller drew at random.
    pub fn seal(&self, aad: &[u8], nonce: [u8; NONCE_BYTES], plaintext: &[u8]) -> String {
        let ciphertext = self
            .cipher()
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            // Only inputs beyond 64 GiB are refused; nothing in local storage comes near.
            .expect("AES-GCM encrypts any value that fits in local storage");
        let mut bytes = Vec::with_capacity(NONCE_BYTES + ciphertext.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&ciphertext);
        let mut out = String::with_capacity(2 + (bytes.len() * 8).div_ceil(15) * 3);
        out.push_str(MARKER);
        out.push(VERSION);
        pack(&bytes, &mut out);
        out
    }

    pub fn open(&self, aad: &[u8], sealed: &str) -> Result<Vec<u8>, SealError> {
        let mut chars = sealed
            .strip_prefix(MARKER)
            .ok_or(SealError::NotSealed)?
            .chars();
        match chars.next() {
            Some(VERSION) => {}
            Some(other) => return Err(SealError::UnknownVersion(other)),
            None => return Err(SealError::Damaged),
        }
        let bytes = unpack(chars.as_str())?;
        if bytes.len() < NONCE_BYTES + TAG_BYTES {
            return Err(SealError::Damaged);
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        self.cipher()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map_err(|_| SealError::WrongKey)
    }
}

/// Whether a stored value is a sealed envelope (of any version, intact or not).
pub fn is_sealed(raw: &str) -> bool {
    raw.starts_with(MARKER)
}

fn unit(base: u32, value: u32) -> char {
    // Both ranges lie below the surrogates (U+D800), so every value is a char.
    char::from_u32(base + value).expect("packed units avoid the surrogate range")
}

fn pack(bytes: &[u8], out: &mut String) {
    let (mut acc, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        acc = (acc << 8) | u32::from(byte);
        bits += 8;
        if bits >= 15 {
            bits -= 15;
            out.push(unit(WIDE, acc >> bits));
            acc &= (1 << bits) - 1;
        }
    }
    match bits {
        0 => {}
        1..=7 => out.push(unit(NARROW, acc << (7 - bits))),
        _ => out.push(unit(WIDE, acc << (15 - bits))),
    }
}

/// The inverse of [`pack`]; only the canonical packing is accepted (zero padding bits, a narrow
/// unit only at the end).
fn unpack(packed: &str) -> Result<Vec<u8>, SealError> {
    let mut out = Vec::with_capacity(packed.len() * 15 / 8 / 3 + 1);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut units = packed.chars().map(u32::from).peekable();
    while let Some(c) = units.next() {
        let (value, width) = match c {
            c if (WIDE..WIDE + (1 << 15)).contains(&c) => (c - WIDE, 15),
            c if (NARROW..NARROW + (1 << 7)).contains(&c) && units.peek().is_none() => {
                (c - NARROW, 7)
            }
            _ => return Err(SealError::Damaged),
        };
        acc = (acc << width) | value;
        bits += width;
        while bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if acc != 0 {
        return Err(SealError::Damaged);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::utf16_len;
    use proptest::prelude::*;

    const AAD: &[u8] = b"signaal/v1/moment/2026-11";

    fn key(n: u8) -> SealKey {
        SealKey::new([n; KEY_BYTES])
    }

    #[test]
    fn round_trips_and_is_recognised() {
        let sealed = key(1).seal(
            AAD,
            [7; NONCE_BYTES],
            "Sem huilde bij het ophalen".as_bytes(),
        );
        assert!(is_sealed(&sealed));
        assert!(!is_sealed(r#"{"v":1,"r":[]}"#));
        assert!(!sealed.contains("Sem"));
        assert_eq!(
            key(1).open(AAD, &sealed).unwrap(),
            "Sem huilde bij het ophalen".as_bytes()
        );
    }

    #[test]
    fn another_key_or_storage_key_does_not_open() {
        let sealed = key(1).seal(AAD, [7; NONCE_BYTES], b"note");
        assert_eq!(key(2).open(AAD, &sealed), Err(SealError::WrongKey));
        assert_eq!(
            key(1).open(b"signaal/v1/moment/2026-12", &sealed),
            Err(SealError::WrongKey)
        );
    }

    #[test]
    fn any_changed_unit_is_refused() {
        let sealed: Vec<char> = key(1)
            .seal(AAD, [7; NONCE_BYTES], b"a note of some length")
            .chars()
            .collect();
        for i in 2..sealed.len() {
            let mut altered = sealed.clone();
            altered[i] = char::from_u32(u32::from(altered[i]) ^ 1).unwrap();
            let altered: String = altered.into_iter().collect();
            assert!(
                matches!(
                    key(1).open(AAD, &altered),
                    Err(SealError::WrongKey | SealError::Damaged)
                ),
                "unit {i}"
            );
        }
    }

    #[test]
    fn malformed_envelopes_are_typed_errors() {
        let sealed = key(1).seal(AAD, [7; NONCE_BYTES], b"note");
        assert_eq!(key(1).open(AAD, "{\"v\":1}"), Err(SealError::NotSealed));
        assert_eq!(key(1).open(AAD, ""), Err(SealError::NotSealed));
        assert_eq!(key(1).open(AAD, "\u{E000}"), Err(SealError::Damaged));
        assert_eq!(
            key(1).open(AAD, &sealed.replacen('1', "2", 1)),
            Err(SealError::UnknownVersion('2'))
        );
        let cut: String = sealed.chars().take(10).collect();
        assert_eq!(
            key(1).open(AAD, &cut),
            Err(SealError::Damaged),
            "shorter than nonce and tag"
        );
        assert_eq!(
            key(1).open(AAD, &format!("{sealed}x")),
            Err(SealError::Damaged),
            "a unit outside both ranges"
        );
        let narrow_inside = format!(
            "\u{E000}1\u{0F80}{}",
            &sealed[sealed.char_indices().nth(2).unwrap().0..]
        );
        assert_eq!(
            key(1).open(AAD, &narrow_inside),
            Err(SealError::Damaged),
            "a narrow unit before the end"
        );
    }

    #[test]
    fn packing_round_trips_every_short_length() {
        for len in 0..=64usize {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let mut packed = String::new();
            pack(&bytes, &mut packed);
            assert_eq!(utf16_len(&packed), (len * 8).div_ceil(15), "len {len}");
            assert_eq!(unpack(&packed), Ok(bytes), "len {len}");
            assert!(packed
                .chars()
                .all(|c| !(0xD800..0xE000).contains(&u32::from(c))));
        }
    }

    #[test]
    fn the_last_unit_says_how_many_bits_it_carries() {
        let packed = |bytes: &[u8]| {
            let mut out = String::new();
            pack(bytes, &mut out);
            out
        };
        // 8 bits left: a wide unit with 7 zero bits of padding.
        assert_eq!(packed(&[0xFF]), unit(WIDE, 0x7F80).to_string());
        // 1 bit left: a narrow unit, so the decoder makes no third byte of the padding.
        assert_eq!(
            packed(&[0xFF, 0xFF]),
            format!("{}{}", unit(WIDE, 0x7FFF), unit(NARROW, 0x40))
        );
        // 15 bytes are exactly 8 units.
        assert_eq!(utf16_len(&packed(&[0xAB; 15])), 8);
        assert_eq!(
            unpack(&unit(WIDE, 0x7F81).to_string()),
            Err(SealError::Damaged),
            "padding bits set"
        );
    }

    #[test]
    fn a_moment_sized_value_seals_smaller_than_plain() {
        // 385 units: the average stored size of a realistic moment (see the codec benchmark).
        let plain = format!("{{\"v\":1,\"r\":[{}]}}", "x".repeat(371));
        assert_eq!(utf16_len(&plain), 385);
        let sealed = key(1).seal(AAD, [0; NONCE_BYTES], plain.as_bytes());
        let units = utf16_len(&sealed);
        // (12 + 385 + 16) bytes × 8 / 15 = 221 units, plus the two-unit head.
        assert_eq!(units, 223);
        assert!(units < 385);
    }

    proptest! {
        #[test]
        fn packing_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let mut packed = String::new();
            pack(&bytes, &mut packed);
            prop_assert_eq!(utf16_len(&packed), (bytes.len() * 8).div_ceil(15));
            prop_assert_eq!(unpack(&packed), Ok(bytes));
        }

        #[test]
        fn sealing_round_trips(text in ".{0,200}", nonce in any::<[u8; 12]>()) {
            let sealed = key(3).seal(AAD, nonce, text.as_bytes());
            prop_assert_eq!(key(3).open(AAD, &sealed), Ok(text.into_bytes()));
        }
    }
}
