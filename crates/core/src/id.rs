//! Record identifiers.
//!
//! Every record (child, moment, plan, …) is named by a UUID so that devices can create records
//! offline without asking anyone for a number. The crate has no randomness source of its own (it
//! must build for wasm without pulling in `getrandom`), so the caller passes 16 random bytes from
//! `crypto.getRandomValues` in the browser or the OS on the server.
//!
//! Ids are stored many times per record (its own id, child ids, group id, goal id), and the
//! browser's local storage holds only ~5 M UTF-16 code units, so the text form is the 22-character
//! unpadded base64url of the 16 bytes instead of the 36-character hyphenated UUID. Parsing also
//! accepts the hyphenated form so ids pasted from logs or other tools still work.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use uuid::Uuid;

/// Length of the compact text form (16 bytes in unpadded base64url).
pub const ID_TEXT_LEN: usize = 22;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A record identifier (a UUID, normally version 4).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(Uuid);

/// Why a string is not an [`Id`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseIdError {
    #[error("an id is 22 characters of base64url or a 36-character UUID, got {0} characters")]
    Length(usize),
    #[error("invalid character \"{0}\" in id")]
    InvalidChar(char),
    /// The last base64url character carries only 2 bits; other values would give one id two
    /// spellings, which would break equality of ids compared as text (e.g. in storage keys).
    #[error("id is not in canonical base64url form")]
    NonCanonical,
    #[error("invalid UUID: {0}")]
    Uuid(String),
}

impl Id {
    /// Builds a version-4 (random) id from caller-provided random bytes; the version and variant
    /// bits are overwritten as RFC 9562 requires, leaving 122 random bits.
    pub fn from_random(bytes: [u8; 16]) -> Self {
        Id(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }

    /// Wraps an existing UUID (e.g. a v7 from the server).
    pub const fn from_uuid(uuid: Uuid) -> Self {
        Id(uuid)
    }

    pub const fn as_uuid(&self) -> &Uuid {
        &self.0
    }

    pub const fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }

    /// The 22-character compact form (what `Display` and serde use).
    pub fn to_compact(&self) -> String {
        let bytes = self.0.as_bytes();
        let mut out = String::with_capacity(ID_TEXT_LEN);
        // 5 groups of 3 bytes -> 20 chars, then 1 byte -> 2 chars.
        for chunk in bytes[..15].chunks_exact(3) {
            let n = (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]);
            for shift in [18, 12, 6, 0] {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            }
        }
        let last = bytes[15];
        out.push(char::from(ALPHABET[usize::from(last >> 2)]));
        out.push(char::from(ALPHABET[usize::from(last & 3) << 4]));
        out
    }

    fn parse_compact(s: &str) -> Result<Self, ParseIdError> {
        let mut sextets = [0u8; ID_TEXT_LEN];
        for (slot, c) in sextets.iter_mut().zip(s.chars()) {
            *slot = sextet(c).ok_or(ParseIdError::InvalidChar(c))?;
        }
        let mut bytes = [0u8; 16];
        for (i, quad) in sextets[..20].chunks_exact(4).enumerate() {
            let n = (u32::from(quad[0]) << 18)
                | (u32::from(quad[1]) << 12)
                | (u32::from(quad[2]) << 6)
                | u32::from(quad[3]);
            bytes[i * 3] = (n >> 16) as u8;
            bytes[i * 3 + 1] = (n >> 8) as u8;
            bytes[i * 3 + 2] = n as u8;
        }
        if sextets[21] & 0x0f != 0 {
            return Err(ParseIdError::NonCanonical);
        }
        bytes[15] = (sextets[20] << 2) | (sextets[21] >> 4);
        Ok(Id(Uuid::from_bytes(bytes)))
    }
}

fn sextet(c: char) -> Option<u8> {
    let v = match c {
        'A'..='Z' => c as u32 - 'A' as u32,
        'a'..='z' => c as u32 - 'a' as u32 + 26,
        '0'..='9' => c as u32 - '0' as u32 + 52,
        '-' => 62,
        '_' => 63,
        _ => return None,
    };
    Some(v as u8)
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_compact())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.to_compact())
    }
}

impl FromStr for Id {
    type Err = ParseIdError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.len() {
            ID_TEXT_LEN => Id::parse_compact(s),
            // Hyphenated (36) or simple hex (32) UUIDs, for interoperability.
            32 | 36 => Uuid::try_parse(s)
                .map(Id)
                .map_err(|e| ParseIdError::Uuid(e.to_string())),
            _ => Err(ParseIdError::Length(s.chars().count())),
        }
    }
}

impl From<Uuid> for Id {
    fn from(uuid: Uuid) -> Self {
        Id(uuid)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_compact())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Borrowing would fail for JSON strings with escapes, so take an owned-or-borrowed Cow.
        let s = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn from_random_sets_version_4_and_rfc_variant() {
        let id = Id::from_random([0xff; 16]);
        assert_eq!(id.as_uuid().get_version_num(), 4);
        assert_eq!(id.as_uuid().get_variant(), uuid::Variant::RFC4122);
        let id = Id::from_random([0; 16]);
        assert_eq!(id.as_uuid().get_version_num(), 4);
    }

    #[test]
    fn compact_form_is_22_url_safe_chars() {
        let id = Id::from_random([0xfb; 16]);
        let s = id.to_string();
        assert_eq!(s.len(), ID_TEXT_LEN);
        assert!(s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }

    #[test]
    fn parses_hyphenated_uuid() {
        let id: Id = "67e55044-10b1-426f-9247-bb680e5fe0c8".parse().unwrap();
        assert_eq!(
            id.as_uuid().to_string(),
            "67e55044-10b1-426f-9247-bb680e5fe0c8"
        );
        let again: Id = id.to_string().parse().unwrap();
        assert_eq!(again, id);
    }

    #[test]
    fn rejects_bad_text() {
        assert_eq!("abc".parse::<Id>(), Err(ParseIdError::Length(3)));
        assert_eq!(
            "AAAAAAAAAAAAAAAAAAAA!A".parse::<Id>(),
            Err(ParseIdError::InvalidChar('!'))
        );
        // Last char 'B' sets one of the 4 padding bits.
        assert_eq!(
            "AAAAAAAAAAAAAAAAAAAAAB".parse::<Id>(),
            Err(ParseIdError::NonCanonical)
        );
        assert!(matches!(
            "zze55044-10b1-426f-9247-bb680e5fe0c8".parse::<Id>(),
            Err(ParseIdError::Uuid(_))
        ));
        // Multi-byte characters must not be mistaken for a 22-byte string.
        assert!("ééééééééééé".parse::<Id>().is_err());
    }

    #[test]
    fn serde_uses_compact_string() {
        let id = Id::from_random([7; 16]);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json.len(), ID_TEXT_LEN + 2);
        assert_eq!(serde_json::from_str::<Id>(&json).unwrap(), id);
        assert!(serde_json::from_str::<Id>("\"nope\"").is_err());
        assert!(serde_json::from_str::<Id>("42").is_err());
    }

    proptest! {
        #[test]
        fn text_roundtrip(bytes in any::<[u8; 16]>()) {
            let id = Id::from_uuid(Uuid::from_bytes(bytes));
            prop_assert_eq!(id.to_string().parse::<Id>().unwrap(), id);
            prop_assert_eq!(id.as_uuid().to_string().parse::<Id>().unwrap(), id);
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,40}") {
            let _ = s.parse::<Id>();
        }
    }
}
