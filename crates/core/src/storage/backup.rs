//! The backup file: every stored value of the app as one JSON document, and reading it back.
//!
//! A backup holds the raw stored strings (so even data the app could not read leaves a device
//! intact). Restoring reads the record buckets out of it; device settings, drafts and the
//! outbox stay with the device they belong to. What cannot be read is reported, key by key.

use super::codec::decode_bucket_partial;
use super::Key;
use crate::record::Record;
use serde_json::{Map, Value};

pub const FORMAT: &str = "signaal-backup";
pub const VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("the file is not JSON")]
    NotJson,
    #[error("the file is not a Signaal backup")]
    NotABackup,
    #[error("the backup was made by a newer version of Signaal (format {0})")]
    NewerVersion(u64),
}

/// Part of a backup that could not be read, and why (in English, for the report's details).
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub key: String,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Restored {
    pub records: Vec<Record>,
    pub unreadable: Vec<Unreadable>,
}

/// The backup document for `entries` (storage key → stored string).
pub fn write(entries: impl IntoIterator<Item = (String, String)>) -> String {
    let entries: Map<String, Value> = entries
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    serde_json::json!({ "format": FORMAT, "version": VERSION, "entries": entries }).to_string()
}

pub fn read(text: &str) -> Result<Restored, BackupError> {
    let doc: Value = serde_json::from_str(text).map_err(|_| BackupError::NotJson)?;
    if doc.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(BackupError::NotABackup);
    }
    match doc.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(newer) if newer > VERSION => return Err(BackupError::NewerVersion(newer)),
        _ => return Err(BackupError::NotABackup),
    }
    let entries = doc
        .get("entries")
        .and_then(Value::as_object)
        .ok_or(BackupError::NotABackup)?;
    let mut out = Restored::default();
    for (key, value) in entries {
        let unreadable = |reason: String| Unreadable {
            key: key.clone(),
            reason,
        };
        match (Key::parse(key), value.as_str()) {
            (Ok(Key::Bucket(_)), Some(raw)) => match decode_bucket_partial(raw) {
                Ok(bucket) => {
                    out.records.extend(bucket.records);
                    out.unreadable.extend(
                        bucket
                            .rejected
                            .into_iter()
                            .map(|r| unreadable(format!("record {}: {}", r.index, r.error))),
                    );
                }
                Err(err) => out.unreadable.push(unreadable(err.to_string())),
            },
            (Ok(Key::Bucket(_)), None) => out
                .unreadable
                .push(unreadable("not a stored string".into())),
            (Ok(Key::Quarantine { .. }), _) => {
                out.unreadable.push(unreadable(
                    "already set aside as unreadable on the device it came from".into(),
                ));
            }
            // Settings, drafts and the outbox belong to the device they were made on.
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::child::Child;
    use crate::id::Id;
    use crate::record::tests::h;
    use crate::storage::codec::encode_bucket;
    use crate::view::{create, View};

    fn bucket(names: &[&str]) -> String {
        let records: Vec<Record> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                create(
                    &Child::new(
                        Id::from_random([i as u8 + 1; 16]),
                        *n,
                        Id::from_random([9; 16]),
                    ),
                    "AB",
                    h(1, 1),
                )
                .unwrap()
            })
            .collect();
        encode_bucket(&records).unwrap()
    }

    #[test]
    fn records_come_back_and_device_entries_stay_out() {
        let text = write([
            (
                "signaal/v1/child/all".to_owned(),
                bucket(&["Sem B.", "Noor K."]),
            ),
            ("signaal/v1/meta".to_owned(), "{\"schema\":1}".to_owned()),
            ("signaal/v1/draft".to_owned(), "{}".to_owned()),
            ("signaal/v1/outbox".to_owned(), "[]".to_owned()),
        ]);
        let restored = read(&text).unwrap();
        assert_eq!(restored.records.len(), 2);
        assert_eq!(restored.unreadable, vec![]);
        let names: Vec<String> = restored
            .records
            .iter()
            .map(|r| Child::from_record(r).unwrap().display_name)
            .collect();
        assert_eq!(names, ["Sem B.", "Noor K."]);
    }

    #[test]
    fn damaged_parts_are_reported_and_the_rest_restored() {
        let text = write([
            ("signaal/v1/child/all".to_owned(), bucket(&["Sem B."])),
            (
                "signaal/v1/moment/2026-11".to_owned(),
                "{not json".to_owned(),
            ),
            (
                "signaal/v1/quarantine/moment/2026-10@17".to_owned(),
                "???".to_owned(),
            ),
        ]);
        let restored = read(&text).unwrap();
        assert_eq!(restored.records.len(), 1);
        let keys: Vec<&str> = restored.unreadable.iter().map(|u| u.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "signaal/v1/moment/2026-11",
                "signaal/v1/quarantine/moment/2026-10@17"
            ]
        );
    }

    #[test]
    fn other_files_are_refused_with_the_reason() {
        assert_eq!(read("hello"), Err(BackupError::NotJson));
        assert_eq!(
            read("{\"format\":\"other\",\"version\":1,\"entries\":{}}"),
            Err(BackupError::NotABackup)
        );
        assert_eq!(
            read("{\"format\":\"signaal-backup\",\"version\":2,\"entries\":{}}"),
            Err(BackupError::NewerVersion(2))
        );
        assert_eq!(
            read("{\"format\":\"signaal-backup\",\"version\":1}"),
            Err(BackupError::NotABackup)
        );
    }
}
