//! One record as an encrypted change on the wire, and back.

use super::config::SyncConfig;
use signaal_core::clock::Hlc;
use signaal_core::id::Id;
use signaal_core::record::Record;
use signaal_core::storage::codec::{decode_record, encode_record};
use signaal_core::wire::{Change, PulledChange};
use signaal_web::base64::{decode as from_base64, encode as base64};
use signaal_web::crypto::{sha256, AesKey as TeamKey, CryptoError};
use thiserror::Error;

/// Why a pulled change cannot be used. Reported and kept aside, never silently dropped.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum Unreadable {
    #[error("nonce or ciphertext is not valid base64")]
    Encoding,
    #[error(transparent)]
    Crypto(#[from] CryptoError),
    #[error("the decrypted change is not text")]
    NotText,
    /// E.g. a record kind from a newer app version; `text` is kept so nothing is lost.
    #[error("the decrypted record cannot be read: {error}")]
    Decode { error: String, text: String },
    #[error("the decrypted record does not match its record id or clock")]
    Mismatch,
}

/// `team_id | record_id | clock`: binds a ciphertext to its team, record and version, so the
/// server cannot replay it under another record or as another change.
fn associated_data(team_id: &str, record_id: &str, clock: &str) -> Vec<u8> {
    format!("{team_id}|{record_id}|{clock}").into_bytes()
}

/// The change id of `record` as of `clock`, pushed by this device. Deterministic, so a push
/// retried after a lost answer or a crash reuses it and the server stores it once. The device is
/// part of it because after a pull, a record's newest stamp may be another device's while its
/// content includes this device's unpushed edits: that is a different change.
async fn change_id(device_id: &str, record_id: &str, clock: &str) -> Result<Id, CryptoError> {
    let digest =
        sha256(format!("signaal/change|{device_id}|{record_id}|{clock}").as_bytes()).await?;
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    // A hash is as good as random bytes here; this only sets the UUID's version bits.
    Ok(Id::from_random(bytes))
}

/// The whole current record, encrypted. `None` for a record without any stamp (nothing to say).
pub async fn seal(
    config: &SyncConfig,
    key: &TeamKey,
    record: &Record,
) -> Result<Option<(Change, Hlc)>, super::SyncError> {
    let Some(clock) = record.updated() else {
        return Ok(None);
    };
    let record_id = record.id().as_uuid().to_string();
    let clock_text = clock.to_string();
    let plaintext = encode_record(record).map_err(|e| super::SyncError::Protocol(e.to_string()))?;
    let sealed = key
        .seal(
            &associated_data(&config.team_id, &record_id, &clock_text),
            plaintext.as_bytes(),
        )
        .await?;
    let change = Change {
        change_id: *change_id(&config.device_id, &record_id, &clock_text)
            .await?
            .as_uuid(),
        record_id: *record.id().as_uuid(),
        clock: clock_text,
        nonce: base64(&sealed.nonce),
        ciphertext: base64(&sealed.ciphertext),
        erased: record.is_erased(),
    };
    Ok(Some((change, clock)))
}

/// Decrypts and decodes a pulled change, and checks it is the record and version it claims.
pub async fn open(
    team_id: &str,
    key: &TeamKey,
    change: &PulledChange,
) -> Result<Record, Unreadable> {
    let nonce = from_base64(&change.nonce).ok_or(Unreadable::Encoding)?;
    let ciphertext = from_base64(&change.ciphertext).ok_or(Unreadable::Encoding)?;
    let record_id = change.record_id.to_string();
    let plaintext = key
        .open(
            &associated_data(team_id, &record_id, &change.clock),
            &nonce,
            &ciphertext,
        )
        .await?;
    let text = String::from_utf8(plaintext).map_err(|_| Unreadable::NotText)?;
    let record = match decode_record(&text) {
        Ok(record) => record,
        Err(e) => {
            return Err(Unreadable::Decode {
                error: e.to_string(),
                text,
            })
        }
    };
    let clock = record.updated().map(|c| c.to_string());
    if *record.id().as_uuid() != change.record_id || clock.as_deref() != Some(change.clock.as_str())
    {
        return Err(Unreadable::Mismatch);
    }
    Ok(record)
}
