//! Compact JSON encoding of records and buckets.
//!
//! Local storage holds ~5 M UTF-16 code units and must fit 10,000 moments, so the format spends
//! characters carefully while staying JSON (readable in dev tools, parsed natively by the browser,
//! no extra dependency):
//!
//! ```text
//! bucket: {"v":1,"r":[record, …]}
//! record: [id, kind, [[stamp, {field: value, …}], …], deleted?, erased?]
//!          id      22-char base64url             kind   short code ("m", "c", …)
//!          stamp   HLC text "wall.counter.device" deleted [stamp, 0|1] or null
//!          erased  stamp (only when erased)
//! ```
//!
//! Fields are grouped by stamp: a record's fields are mostly written together (creation, one
//! edit), so each distinct stamp is written once instead of once per field. Trailing optional
//! items are omitted.
//!
//! Decoding never falls back to an empty default: a bucket that cannot be read is an error (the
//! app moves it to quarantine), and [`decode_bucket_partial`] separates the readable records from
//! the unreadable ones so one damaged record does not hide a month of notes.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::SCHEMA_VERSION;
use crate::clock::{Hlc, ParseHlcError};
use crate::id::{Id, ParseIdError};
use crate::record::{FieldName, InvalidFieldName, Kind, Record, Stamped, UnknownKind};

/// Why stored text could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("unexpected shape: {0}")]
    Shape(&'static str),
    #[error("schema version {0} is not supported")]
    UnsupportedVersion(u64),
    /// Written by a newer app version; leave it alone rather than overwrite it.
    #[error("schema version {found} is newer than this app's version {supported}")]
    FutureVersion { found: u64, supported: u32 },
    #[error("record {index}: {error}")]
    Record { index: usize, error: RecordError },
}

/// Why one encoded record could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    #[error("unexpected shape: {0}")]
    Shape(&'static str),
    #[error(transparent)]
    Id(#[from] ParseIdError),
    #[error(transparent)]
    Kind(#[from] UnknownKind),
    #[error(transparent)]
    Stamp(#[from] ParseHlcError),
    #[error(transparent)]
    FieldName(#[from] InvalidFieldName),
    #[error("field `{0}` appears under two stamps")]
    DuplicateField(String),
}

// ---- encoding ---------------------------------------------------------------------------------

struct RecordOut<'a>(&'a Record);

impl Serialize for RecordOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut groups: BTreeMap<Hlc, Vec<(&FieldName, &Value)>> = BTreeMap::new();
        for (name, stamped) in r.fields() {
            groups
                .entry(stamped.stamp)
                .or_default()
                .push((name, &stamped.value));
        }
        let len = match (r.deleted(), r.erased()) {
            (_, Some(_)) => 5,
            (Some(_), None) => 4,
            (None, None) => 3,
        };
        let mut seq = serializer.serialize_seq(Some(len))?;
        seq.serialize_element(&r.id())?;
        seq.serialize_element(&r.kind())?;
        seq.serialize_element(&GroupsOut(&groups))?;
        if len >= 4 {
            seq.serialize_element(&r.deleted().map(|d| (d.stamp, u8::from(d.value))))?;
        }
        if let Some(erased) = r.erased() {
            seq.serialize_element(&erased)?;
        }
        seq.end()
    }
}

struct GroupsOut<'a>(&'a BTreeMap<Hlc, Vec<(&'a FieldName, &'a Value)>>);

impl Serialize for GroupsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.0
                .iter()
                .map(|(stamp, fields)| (stamp, FieldsOut(fields))),
        )
    }
}

struct FieldsOut<'a>(&'a [(&'a FieldName, &'a Value)]);

impl Serialize for FieldsOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k.as_str(), v)))
    }
}

struct BucketOut<'a, R>(&'a [R]);

impl<R: Borrow<Record>> Serialize for BucketOut<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("v", &SCHEMA_VERSION)?;
        map.serialize_entry("r", &RecordsOut(self.0))?;
        map.end()
    }
}

struct RecordsOut<'a, R>(&'a [R]);

impl<R: Borrow<Record>> Serialize for RecordsOut<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|r| RecordOut(r.borrow())))
    }
}

fn to_json<T: Serialize>(value: &T) -> Result<String, CodecError> {
    serde_json::to_string(value).map_err(|e| CodecError::Json(e.to_string()))
}

/// Encodes one bucket (accepts `&[Record]` or `&[&Record]`). Serialising these types cannot
/// actually fail, but the error is returned rather than unwrapped: the caller must never write a
/// half or empty value over a bucket.
pub fn encode_bucket<R: Borrow<Record>>(records: &[R]) -> Result<String, CodecError> {
    to_json(&BucketOut(records))
}

/// Encodes one record in the bucket format (e.g. as the plaintext of a sync change).
pub fn encode_record(record: &Record) -> Result<String, CodecError> {
    to_json(&RecordOut(record))
}

// ---- decoding ---------------------------------------------------------------------------------

/// A bucket decoded record by record.
#[derive(Debug, Clone, PartialEq)]
pub struct PartialBucket {
    pub records: Vec<Record>,
    /// Records that could not be read, with their raw JSON to keep aside.
    pub rejected: Vec<Rejected>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    /// Position in the bucket.
    pub index: usize,
    pub raw: String,
    pub error: RecordError,
}

/// Decodes a bucket; any unreadable record fails the whole bucket.
pub fn decode_bucket(raw: &str) -> Result<Vec<Record>, CodecError> {
    let partial = decode_bucket_partial(raw)?;
    match partial.rejected.into_iter().next() {
        Some(Rejected { index, error, .. }) => Err(CodecError::Record { index, error }),
        None => Ok(partial.records),
    }
}

/// Decodes a bucket, keeping the readable records and listing the unreadable ones. Fails only
/// when the bucket as a whole is unreadable (not JSON, wrong shape, unsupported version).
pub fn decode_bucket_partial(raw: &str) -> Result<PartialBucket, CodecError> {
    let value: Value = serde_json::from_str(raw).map_err(|e| CodecError::Json(e.to_string()))?;
    let version = value
        .get("v")
        .and_then(Value::as_u64)
        .ok_or(CodecError::Shape(
            "a bucket is an object with a numeric \"v\"",
        ))?;
    let version = u32::try_from(version).map_err(|_| CodecError::FutureVersion {
        found: version,
        supported: SCHEMA_VERSION,
    })?;
    let value = migrate(version, value)?;
    let items = value
        .get("r")
        .and_then(Value::as_array)
        .ok_or(CodecError::Shape(
            "a bucket has a list of records under \"r\"",
        ))?;
    let mut out = PartialBucket {
        records: Vec::with_capacity(items.len()),
        rejected: Vec::new(),
    };
    for (index, item) in items.iter().enumerate() {
        match record_from_value(item) {
            Ok(record) => out.records.push(record),
            Err(error) => out.rejected.push(Rejected {
                index,
                // `to_string` on a Value is its Display, which carries a pretty printer as well;
                // a Value always serializes, so nothing of the item is dropped here.
                raw: serde_json::to_string(item).unwrap_or_default(),
                error,
            }),
        }
    }
    Ok(out)
}

/// Decodes one record written by [`encode_record`].
pub fn decode_record(raw: &str) -> Result<Record, CodecError> {
    let value: Value = serde_json::from_str(raw).map_err(|e| CodecError::Json(e.to_string()))?;
    record_from_value(&value).map_err(|error| CodecError::Record { index: 0, error })
}

fn stamp(v: &Value) -> Result<Hlc, RecordError> {
    Ok(v.as_str()
        .ok_or(RecordError::Shape("a stamp is a string"))?
        .parse()?)
}

fn record_from_value(v: &Value) -> Result<Record, RecordError> {
    let items = v
        .as_array()
        .filter(|a| (3..=5).contains(&a.len()))
        .ok_or(RecordError::Shape("a record is a list of 3 to 5 items"))?;
    let id: Id = items[0]
        .as_str()
        .ok_or(RecordError::Shape("the id is a string"))?
        .parse()?;
    let kind = Kind::from_code(
        items[1]
            .as_str()
            .ok_or(RecordError::Shape("the kind is a string"))?,
    )?;
    let groups = items[2]
        .as_array()
        .ok_or(RecordError::Shape("fields are a list of stamp groups"))?;
    let mut fields = BTreeMap::new();
    for group in groups {
        let (Some(s), Some(Value::Object(map)), 2) = (
            group.get(0),
            group.get(1),
            group.as_array().map_or(0, Vec::len),
        ) else {
            return Err(RecordError::Shape("a stamp group is [stamp, {fields}]"));
        };
        let s = stamp(s)?;
        for (name, value) in map {
            let name = FieldName::new(name)?;
            if fields.contains_key(&name) {
                return Err(RecordError::DuplicateField(name.to_string()));
            }
            fields.insert(name, Stamped::new(value.clone(), s));
        }
    }
    let deleted = match items.get(3) {
        None | Some(Value::Null) => None,
        Some(d) => {
            let (Some(s), Some(flag), 2) = (
                d.get(0),
                d.get(1).and_then(Value::as_u64),
                d.as_array().map_or(0, Vec::len),
            ) else {
                return Err(RecordError::Shape("the delete flag is [stamp, 0|1]"));
            };
            if flag > 1 {
                return Err(RecordError::Shape("the delete flag is [stamp, 0|1]"));
            }
            Some(Stamped::new(flag == 1, stamp(s)?))
        }
    };
    let erased = items.get(4).map(stamp).transpose()?;
    Ok(Record::from_parts(id, kind, fields, deleted, erased))
}

// ---- migrations -------------------------------------------------------------------------------

type Migration = fn(Value) -> Result<Value, CodecError>;

/// `MIGRATIONS[i]` upgrades a bucket from version `i + 1` to `i + 2` and sets its `"v"`. Empty
/// while only version 1 exists; a test keeps its length in step with [`SCHEMA_VERSION`].
const MIGRATIONS: &[Migration] = &[];

/// Brings a raw bucket written with schema `version` up to [`SCHEMA_VERSION`], one version at a
/// time. Called by the decoder, so the app migrates lazily bucket by bucket and re-saves.
pub fn migrate(version: u32, raw: Value) -> Result<Value, CodecError> {
    if version > SCHEMA_VERSION {
        return Err(CodecError::FutureVersion {
            found: u64::from(version),
            supported: SCHEMA_VERSION,
        });
    }
    let steps = version
        .checked_sub(1)
        .and_then(|from| MIGRATIONS.get(from as usize..))
        .ok_or(CodecError::UnsupportedVersion(u64::from(version)))?;
    steps.iter().try_fold(raw, |value, step| step(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::DeviceId;
    use crate::record::tests::h;
    use crate::sample::Sample;
    use crate::storage::{bucket_of, utf16_len, BucketKey, Key};
    use proptest::prelude::*;
    use serde_json::json;

    fn f(n: &str) -> FieldName {
        FieldName::new(n).unwrap()
    }

    fn example() -> Record {
        let mut r = Record::create(Id::from_random([1; 16]), Kind::Moment, "AB", h(10, 1));
        r.set(f("n"), json!("Hallo \"daar\" é"), h(10, 1));
        r.set(f("x"), json!([1, {"a": null}]), h(12, 2));
        r
    }

    #[test]
    fn record_format_groups_fields_by_stamp() {
        let text = encode_record(&example()).unwrap();
        let id = Id::from_random([1; 16]);
        assert_eq!(
            text,
            format!(
                r#"["{id}","m",[["a.0.1",{{"cb":"AB","n":"Hallo \"daar\" é"}}],["c.0.2",{{"x":[1,{{"a":null}}]}}]]]"#
            )
        );
        assert_eq!(decode_record(&text).unwrap(), example());
    }

    #[test]
    fn deleted_and_erased_roundtrip() {
        let mut r = example();
        r.delete("CD", h(20, 2));
        let text = encode_record(&r).unwrap();
        assert!(text.ends_with(r#",["k.0.2",1]]"#), "{text}");
        assert_eq!(decode_record(&text).unwrap(), r);
        let mut e = Record::new(Id::from_random([1; 16]), Kind::Goal);
        e.erase(h(30, 2));
        let text = encode_record(&e).unwrap();
        assert!(text.ends_with(r#",[],null,"u.0.2"]"#), "{text}");
        assert_eq!(decode_record(&text).unwrap(), e);
    }

    #[test]
    fn bucket_roundtrip_and_partial_decode() {
        let records = vec![
            example(),
            Record::new(Id::from_random([2; 16]), Kind::Moment),
        ];
        let text = encode_bucket(&records).unwrap();
        assert!(text.starts_with(r#"{"v":1,"r":[["#));
        assert_eq!(decode_bucket(&text).unwrap(), records);
        let refs: Vec<&Record> = records.iter().collect();
        assert_eq!(encode_bucket(&refs).unwrap(), text);

        // Damage the second record only.
        let damaged = text.replace(r#""m",[]"#, r#""??",[]"#);
        let partial = decode_bucket_partial(&damaged).unwrap();
        assert_eq!(partial.records, vec![example()]);
        assert_eq!(partial.rejected.len(), 1);
        assert_eq!(partial.rejected[0].index, 1);
        assert!(matches!(partial.rejected[0].error, RecordError::Kind(_)));
        assert!(partial.rejected[0].raw.contains("??"));
        assert!(matches!(
            decode_bucket(&damaged),
            Err(CodecError::Record { index: 1, .. })
        ));
    }

    #[test]
    fn broken_buckets_are_errors_not_empty() {
        let cases = [
            ("", "json"),
            ("{\"v\":1,\"r\":[", "json"),
            ("[]", "shape"),
            ("{\"r\":[]}", "shape"),
            ("{\"v\":1}", "shape"),
            ("{\"v\":1,\"r\":{}}", "shape"),
            ("{\"v\":0,\"r\":[]}", "unsupported"),
            ("{\"v\":2,\"r\":[]}", "future"),
            ("{\"v\":99999999999,\"r\":[]}", "future"),
        ];
        for (raw, expect) in cases {
            let got = decode_bucket(raw).unwrap_err();
            let kind = match got {
                CodecError::Json(_) => "json",
                CodecError::Shape(_) => "shape",
                CodecError::UnsupportedVersion(_) => "unsupported",
                CodecError::FutureVersion { .. } => "future",
                CodecError::Record { .. } => "record",
            };
            assert_eq!(kind, expect, "{raw}");
        }
    }

    #[test]
    fn broken_records_are_typed_errors() {
        let id = Id::from_random([1; 16]);
        let cases = [
            (json!("x"), "shape"),
            (json!([id, "m"]), "shape"),
            (json!(["short", "m", []]), "id"),
            (json!([id, "zz", []]), "kind"),
            (json!([id, "m", [["a.0.1"]]]), "shape"),
            (json!([id, "m", [["nope", {}]]]), "stamp"),
            (json!([id, "m", [["a.0.1", {"bad name": 1}]]]), "field"),
            (
                json!([id, "m", [["a.0.1", {"n": 1}], ["b.0.1", {"n": 2}]]]),
                "duplicate",
            ),
            (json!([id, "m", [], ["a.0.1", 2]]), "shape"),
            (json!([id, "m", [], ["a.0.1"]]), "shape"),
            (json!([id, "m", [], null, 5]), "shape"),
        ];
        for (value, expect) in cases {
            let err = record_from_value(&value).unwrap_err();
            let kind = match err {
                RecordError::Shape(_) => "shape",
                RecordError::Id(_) => "id",
                RecordError::Kind(_) => "kind",
                RecordError::Stamp(_) => "stamp",
                RecordError::FieldName(_) => "field",
                RecordError::DuplicateField(_) => "duplicate",
            };
            assert_eq!(kind, expect, "{value}");
        }
    }

    #[test]
    fn migrate_hook() {
        assert_eq!(MIGRATIONS.len(), SCHEMA_VERSION as usize - 1);
        let raw = json!({"v": 1, "r": []});
        assert_eq!(migrate(1, raw.clone()), Ok(raw.clone()));
        assert_eq!(
            migrate(0, raw.clone()),
            Err(CodecError::UnsupportedVersion(0))
        );
        assert!(matches!(
            migrate(2, raw),
            Err(CodecError::FutureVersion { found: 2, .. })
        ));
    }

    /// The capacity budget: 10,000 realistic moments (plus the groups and children they refer
    /// to), bucketed as the app stores them, within 4.5 M UTF-16 code units (of ~5 M available).
    #[test]
    fn ten_thousand_moments_fit_the_budget() {
        let records = Sample::generate(10_000, 42).records();
        let mut buckets: BTreeMap<BucketKey, Vec<&Record>> = BTreeMap::new();
        for r in &records {
            buckets.entry(bucket_of(r)).or_default().push(r);
        }
        let mut total = 0;
        let mut moment_units = 0;
        let mut decoded = 0;
        for (key, list) in &buckets {
            let value = encode_bucket(list).unwrap();
            let units = utf16_len(&Key::Bucket(key.clone()).to_string()) + utf16_len(&value);
            total += units;
            if key.kind == Kind::Moment {
                moment_units += units;
            }
            let back = decode_bucket(&value).unwrap();
            assert!(back.iter().zip(list).all(|(a, b)| a == *b));
            decoded += back.len();
        }
        assert_eq!(decoded, records.len());
        println!(
            "10,000 moments: {total} UTF-16 units in {} buckets; {:.0} units per moment",
            buckets.len(),
            moment_units as f64 / 10_000.0
        );
        assert!(total <= 4_500_000, "{total} UTF-16 units");
    }

    // ---- property tests -------------------------------------------------------------------

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            "\\PC{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map("\\PC{0,6}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn arb_hlc() -> impl Strategy<Value = Hlc> {
        (any::<u64>(), any::<u32>(), any::<u64>()).prop_map(|(w, c, d)| Hlc::new(w, c, DeviceId(d)))
    }

    fn arb_record() -> impl Strategy<Value = Record> {
        (
            any::<[u8; 16]>(),
            proptest::sample::select(Kind::ALL.to_vec()),
            proptest::collection::btree_map(
                "[a-zA-Z0-9_]{1,16}",
                (arb_json(), prop_oneof![arb_hlc(), Just(Hlc::default())]),
                0..6,
            ),
            proptest::option::of((any::<bool>(), arb_hlc())),
            proptest::option::weighted(0.2, arb_hlc()),
        )
            .prop_map(|(id, kind, fields, deleted, erased)| {
                Record::from_parts(
                    Id::from_uuid(uuid::Uuid::from_bytes(id)),
                    kind,
                    fields
                        .into_iter()
                        .map(|(k, (v, s))| (f(&k), Stamped::new(v, s)))
                        .collect(),
                    deleted.map(|(d, s)| Stamped::new(d, s)),
                    erased,
                )
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn record_roundtrip(r in arb_record()) {
            let text = encode_record(&r).unwrap();
            prop_assert_eq!(decode_record(&text).unwrap(), r);
        }

        #[test]
        fn bucket_roundtrip(records in proptest::collection::vec(arb_record(), 0..5)) {
            let text = encode_bucket(&records).unwrap();
            prop_assert_eq!(decode_bucket(&text).unwrap(), records);
        }

        #[test]
        fn arbitrary_text_never_panics(raw in "\\PC{0,80}") {
            let _ = decode_bucket_partial(&raw);
            let _ = decode_record(&raw);
        }
    }
}
