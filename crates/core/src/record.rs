//! The generic, sync-ready record and its merge.
//!
//! All data (children, moments, plans, …) is stored as [`Record`]s: an id, a [`Kind`] and a map of
//! fields, where each field carries the [`Hlc`] stamp of its last write. Keeping the stamps per
//! field (not per record) means two practitioners who edit different fields of the same moment
//! offline both keep their edit. Typed views (`Child`, `Moment`, …) are decoded from records and
//! write back only the fields that changed (see [`crate::view`]).
//!
//! # Merge semantics
//! [`merge`] is a join on a semilattice, so devices converge whatever order or how often they
//! receive changes (commutative, associative, idempotent; property-tested below):
//! - **Fields**: last writer wins on the stamp. Equal stamps with different values cannot come
//!   from well-behaved devices (the device id is part of the stamp), but corrupted or replayed data
//!   must still converge, so the tie is broken by a canonical order on the values.
//! - **Delete / restore**: `deleted` is itself a last-writer-wins flag. A delete therefore beats
//!   every older edit and the record stays deleted even if an edit with a newer stamp arrives
//!   later (edits do not resurrect); only an explicit restore (the "undo" of a delete, `false`
//!   with a newer stamp) brings it back. Edits made in between are merged into the fields
//!   normally, so an undo shows the latest content.
//! - **Erase**: the privacy erasure (GDPR/AVG "right to erasure", retention) is final: once any
//!   replica has seen an erase stamp, the record has no fields at all, and merging in an old copy
//!   cannot bring the text back. Only the id, kind and stamp remain as a tombstone so that sync
//!   keeps deleting it everywhere.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::clock::Hlc;
use crate::id::Id;

/// Field holding the name/initials of whoever created the record (set once by
/// [`Record::create`]). Stored, like all fields, under a short name to save space.
pub const CREATED_BY: &str = "cb";
/// Field holding who changed the record last (absent until the first change after creation).
pub const CHANGED_BY: &str = "ub";

/// What a record represents. The short codes are what storage and the wire carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Group,
    Child,
    Moment,
    Template,
    Trajectory,
    StepEntry,
    Goal,
    Consent,
    CoachSession,
    WellbeingObservation,
    Contact,
    ParentShare,
    CoachActivity,
    CoachRequest,
    /// An entry of a child's register of disclosures (a handover given to school or a partner).
    Disclosure,
    /// A practitioner's learning question (see [`crate::growth`]).
    LearningQuestion,
    /// A practitioner's yearly self-rating on the four core skills.
    SelfRating,
    /// A training a practitioner attended.
    Training,
    /// The coach hours and rate of a location for a year or quarter, shared by the team.
    CoachBudget,
    /// An organisation's own type of coach activity, managed in Settings.
    ActivityType,
}

/// Why a string is not a [`Kind`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown record kind \"{0}\"")]
pub struct UnknownKind(pub String);

impl Kind {
    pub const ALL: [Kind; 20] = [
        Kind::Group,
        Kind::Child,
        Kind::Moment,
        Kind::Template,
        Kind::Trajectory,
        Kind::StepEntry,
        Kind::Goal,
        Kind::Consent,
        Kind::CoachSession,
        Kind::WellbeingObservation,
        Kind::Contact,
        Kind::ParentShare,
        Kind::CoachActivity,
        Kind::CoachRequest,
        Kind::Disclosure,
        Kind::LearningQuestion,
        Kind::SelfRating,
        Kind::Training,
        Kind::CoachBudget,
        Kind::ActivityType,
    ];

    /// Short code used inside encoded records (stored thousands of times, so 1–2 chars).
    pub const fn code(self) -> &'static str {
        match self {
            Kind::Group => "g",
            Kind::Child => "c",
            Kind::Moment => "m",
            Kind::Template => "tp",
            Kind::Trajectory => "tj",
            Kind::StepEntry => "se",
            Kind::Goal => "go",
            Kind::Consent => "cs",
            Kind::CoachSession => "co",
            Kind::WellbeingObservation => "wb",
            Kind::Contact => "ct",
            Kind::ParentShare => "ps",
            Kind::CoachActivity => "ca",
            Kind::CoachRequest => "cr",
            Kind::Disclosure => "dl",
            Kind::LearningQuestion => "lq",
            Kind::SelfRating => "sr",
            Kind::Training => "tr",
            Kind::CoachBudget => "bu",
            Kind::ActivityType => "at",
        }
    }

    /// Readable name used in storage keys (`signaal/v1/moment/2026-11`), where it appears once per
    /// bucket and helps anyone inspecting storage by hand.
    pub const fn key_name(self) -> &'static str {
        match self {
            Kind::Group => "group",
            Kind::Child => "child",
            Kind::Moment => "moment",
            Kind::Template => "template",
            Kind::Trajectory => "trajectory",
            Kind::StepEntry => "step-entry",
            Kind::Goal => "goal",
            Kind::Consent => "consent",
            Kind::CoachSession => "coach-session",
            Kind::WellbeingObservation => "wellbeing",
            Kind::Contact => "contact",
            Kind::ParentShare => "parent-share",
            Kind::CoachActivity => "coach-activity",
            Kind::CoachRequest => "coach-request",
            Kind::Disclosure => "disclosure",
            Kind::LearningQuestion => "learning-question",
            Kind::SelfRating => "self-rating",
            Kind::Training => "training",
            Kind::CoachBudget => "coach-budget",
            Kind::ActivityType => "activity-type",
        }
    }

    pub fn from_code(code: &str) -> Result<Kind, UnknownKind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| UnknownKind(code.to_owned()))
    }

    pub fn from_key_name(name: &str) -> Result<Kind, UnknownKind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.key_name() == name)
            .ok_or_else(|| UnknownKind(name.to_owned()))
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key_name())
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Kind::from_code(&s).map_err(serde::de::Error::custom)
    }
}

/// Longest field name accepted; names are short codes chosen by the views, so anything longer is
/// corrupt data rather than a real field.
pub const MAX_FIELD_NAME_LEN: usize = 16;

/// A field name: 1–16 ASCII alphanumerics or `_`. Short because it is stored with every value.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FieldName(String);

/// Why a string is not a [`FieldName`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid field name \"{0}\": expected 1-16 ASCII letters, digits or '_'")]
pub struct InvalidFieldName(pub String);

impl FieldName {
    pub fn new(name: &str) -> Result<Self, InvalidFieldName> {
        let ok = !name.is_empty()
            && name.len() <= MAX_FIELD_NAME_LEN
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if ok {
            Ok(FieldName(name.to_owned()))
        } else {
            Err(InvalidFieldName(name.chars().take(40).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for FieldName {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for FieldName {
    type Err = InvalidFieldName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FieldName::new(s)
    }
}

/// A value with the stamp of the write that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamped<T> {
    pub value: T,
    pub stamp: Hlc,
}

impl<T> Stamped<T> {
    pub fn new(value: T, stamp: Hlc) -> Self {
        Stamped { value, stamp }
    }
}

/// Values that can break a tie between two writes with the same stamp. It must be a total order
/// so the winner does not depend on which side is "local".
trait TieBreak {
    fn tie_cmp(&self, other: &Self) -> Ordering;
}

impl TieBreak for bool {
    fn tie_cmp(&self, other: &Self) -> Ordering {
        // `true` (deleted) wins a tie: losing a delete is worse than a needless one (undo exists).
        self.cmp(other)
    }
}

impl TieBreak for Value {
    fn tie_cmp(&self, other: &Self) -> Ordering {
        canonical_cmp(self, other)
    }
}

/// A total order on JSON values that does not depend on serde_json's map ordering feature:
/// type rank first, then content; objects compare as sorted key/value lists.
fn canonical_cmp(a: &Value, b: &Value) -> Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::Array(_) => 4,
            Value::Object(_) => 5,
        }
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        // Number's text form is deterministic and distinguishes 1 from 1.0.
        (Value::Number(x), Value::Number(y)) => x.to_string().cmp(&y.to_string()),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Array(x), Value::Array(y)) => x
            .iter()
            .zip(y)
            .map(|(p, q)| canonical_cmp(p, q))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| x.len().cmp(&y.len())),
        (Value::Object(x), Value::Object(y)) => {
            let mut xs: Vec<_> = x.iter().collect();
            let mut ys: Vec<_> = y.iter().collect();
            xs.sort_by(|p, q| p.0.cmp(q.0));
            ys.sort_by(|p, q| p.0.cmp(q.0));
            xs.iter()
                .zip(&ys)
                .map(|((ka, va), (kb, vb))| ka.cmp(kb).then_with(|| canonical_cmp(va, vb)))
                .find(|o| o.is_ne())
                .unwrap_or_else(|| xs.len().cmp(&ys.len()))
        }
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Whether `incoming` should replace `current` under last-writer-wins.
fn wins<T: TieBreak>(incoming: &Stamped<T>, current: &Stamped<T>) -> bool {
    match incoming.stamp.cmp(&current.stamp) {
        Ordering::Greater => true,
        Ordering::Less => false,
        Ordering::Equal => incoming.value.tie_cmp(&current.value) == Ordering::Greater,
    }
}

/// Merges an optional stamped value in place; returns whether `current` changed.
fn merge_slot<T: TieBreak + Clone>(
    current: &mut Option<Stamped<T>>,
    incoming: Option<&Stamped<T>>,
) -> bool {
    match (current.as_ref(), incoming) {
        (_, None) => false,
        (Some(cur), Some(inc)) if !wins(inc, cur) => false,
        (_, Some(inc)) => {
            *current = Some(inc.clone());
            true
        }
    }
}

/// Why two records cannot be merged. Ids are random, so either case means corrupt or forged
/// data; the caller should keep the incoming copy aside rather than guess.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("cannot merge different records {0} and {1}")]
    IdMismatch(Id, Id),
    #[error("record {id} is a {local} here but a {remote} in the incoming copy")]
    KindMismatch { id: Id, local: Kind, remote: Kind },
    /// The incoming copy carries a stamp too far in the future; kept aside, not merged.
    #[error("record {id}: {ahead}")]
    ClockAhead {
        id: Id,
        ahead: crate::clock::ClockAhead,
    },
}

/// A sync-ready record. Fields are private so the erase invariant (an erased record has no
/// fields) always holds; read them with [`Record::get`] / [`Record::fields`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    id: Id,
    kind: Kind,
    fields: BTreeMap<FieldName, Stamped<Value>>,
    deleted: Option<Stamped<bool>>,
    erased: Option<Hlc>,
}

impl Record {
    /// An empty record: no fields, never deleted. Used for decoding and for building deltas;
    /// new app records should use [`Record::create`] so the author is recorded.
    pub fn new(id: Id, kind: Kind) -> Self {
        Record {
            id,
            kind,
            fields: BTreeMap::new(),
            deleted: None,
            erased: None,
        }
    }

    /// A new record created by `author` at `stamp`.
    pub fn create(id: Id, kind: Kind, author: &str, stamp: Hlc) -> Self {
        let mut r = Record::new(id, kind);
        r.set_str(CREATED_BY, author, stamp);
        r
    }

    pub fn id(&self) -> Id {
        self.id
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// The current value of a field, with its stamp.
    pub fn get(&self, field: &str) -> Option<&Stamped<Value>> {
        self.fields.get(field)
    }

    /// The current value of a field; a stored `null` reads as absent (that is how a field is
    /// cleared, since clearing must itself be a stamped write).
    pub fn value(&self, field: &str) -> Option<&Value> {
        self.fields
            .get(field)
            .map(|s| &s.value)
            .filter(|v| !v.is_null())
    }

    pub fn fields(&self) -> impl Iterator<Item = (&FieldName, &Stamped<Value>)> {
        self.fields.iter()
    }

    /// Writes a field if `stamp` wins over the stored write (a stale write is ignored, exactly as
    /// if it had arrived through sync). Returns whether the record changed. Writes to an erased
    /// record are ignored: erasure is final.
    pub fn set(&mut self, field: FieldName, value: Value, stamp: Hlc) -> bool {
        if self.erased.is_some() {
            return false;
        }
        let incoming = Stamped::new(value, stamp);
        match self.fields.get_mut(&field) {
            Some(cur) if !wins(&incoming, cur) => false,
            Some(cur) => {
                *cur = incoming;
                true
            }
            None => {
                self.fields.insert(field, incoming);
                true
            }
        }
    }

    /// [`Record::set`] for the crate's own constant field names, which are valid by construction.
    pub(crate) fn set_known(&mut self, field: &'static str, value: Value, stamp: Hlc) -> bool {
        match FieldName::new(field) {
            Ok(name) => self.set(name, value, stamp),
            Err(_) => {
                debug_assert!(false, "invalid built-in field name {field}");
                false
            }
        }
    }

    fn set_str(&mut self, field: &'static str, value: &str, stamp: Hlc) -> bool {
        self.set_known(field, Value::String(value.to_owned()), stamp)
    }

    /// Records that `author` changed the record at `stamp` (call once per edit).
    pub fn touch(&mut self, author: &str, stamp: Hlc) {
        self.set_str(CHANGED_BY, author, stamp);
    }

    /// Soft delete (reversible with [`Record::restore`]).
    pub fn delete(&mut self, author: &str, stamp: Hlc) {
        self.set_deleted(true, author, stamp);
    }

    /// Undo of a delete: a restore stamp newer than the delete brings the record back.
    pub fn restore(&mut self, author: &str, stamp: Hlc) {
        self.set_deleted(false, author, stamp);
    }

    fn set_deleted(&mut self, deleted: bool, author: &str, stamp: Hlc) {
        if self.erased.is_some() {
            return;
        }
        if merge_slot(&mut self.deleted, Some(&Stamped::new(deleted, stamp))) {
            self.touch(author, stamp);
        }
    }

    /// Final, privacy-driven erasure: drops every field (including author names) for good.
    pub fn erase(&mut self, stamp: Hlc) {
        self.erased = Some(self.erased.map_or(stamp, |e| e.max(stamp)));
        self.fields.clear();
    }

    pub fn is_deleted(&self) -> bool {
        self.erased.is_some() || self.deleted.as_ref().is_some_and(|d| d.value)
    }

    pub fn is_erased(&self) -> bool {
        self.erased.is_some()
    }

    /// The delete/restore flag with its stamp (`None`: never deleted).
    pub fn deleted(&self) -> Option<&Stamped<bool>> {
        self.deleted.as_ref()
    }

    pub fn erased(&self) -> Option<Hlc> {
        self.erased
    }

    /// When the record was created: the stamp of its creator field, or else its oldest stamp.
    pub fn created(&self) -> Option<Hlc> {
        self.fields
            .get(CREATED_BY)
            .map(|s| s.stamp)
            .or_else(|| self.stamps().min())
    }

    pub fn created_by(&self) -> Option<&str> {
        self.value(CREATED_BY).and_then(Value::as_str)
    }

    /// When the record last changed: its newest stamp (fields, delete flag or erasure).
    pub fn updated(&self) -> Option<Hlc> {
        self.stamps().max()
    }

    /// Who changed it last; falls back to the creator for a record never edited.
    pub fn updated_by(&self) -> Option<&str> {
        self.value(CHANGED_BY)
            .and_then(Value::as_str)
            .or_else(|| self.created_by())
    }

    /// Refuses an incoming copy whose newest stamp is too far ahead of the receiver's clock
    /// ([`crate::clock::check_skew`]); the receiver keeps it aside instead of merging it.
    pub fn check_skew(&self, now_ms: u64) -> Result<(), MergeError> {
        match self.updated() {
            Some(stamp) => crate::clock::check_skew(stamp, now_ms)
                .map_err(|ahead| MergeError::ClockAhead { id: self.id, ahead }),
            None => Ok(()),
        }
    }

    /// Every stamp in the record; the sync client feeds the maximum to [`crate::clock::Clock::observe`].
    pub fn stamps(&self) -> impl Iterator<Item = Hlc> + '_ {
        self.fields
            .values()
            .map(|s| s.stamp)
            .chain(self.deleted.as_ref().map(|d| d.stamp))
            .chain(self.erased)
    }

    /// Only what changed at or after `since`: a small delta to push. Merging it into any replica
    /// has the same effect as merging the whole record, provided older changes were pushed before.
    pub fn changes_since(&self, since: Hlc) -> Record {
        Record {
            id: self.id,
            kind: self.kind,
            fields: self
                .fields
                .iter()
                .filter(|(_, s)| s.stamp >= since)
                .map(|(k, s)| (k.clone(), s.clone()))
                .collect(),
            deleted: self.deleted.clone().filter(|d| d.stamp >= since),
            erased: self.erased.filter(|e| *e >= since),
        }
    }

    /// Merges `other` into `self` (see the module docs). Returns whether `self` changed, so the
    /// caller knows whether to save and re-render.
    pub fn merge_from(&mut self, other: &Record) -> Result<bool, MergeError> {
        if self.id != other.id {
            return Err(MergeError::IdMismatch(self.id, other.id));
        }
        if self.kind != other.kind {
            return Err(MergeError::KindMismatch {
                id: self.id,
                local: self.kind,
                remote: other.kind,
            });
        }
        let mut changed = merge_slot(&mut self.deleted, other.deleted.as_ref());
        if let Some(e) = other.erased {
            if self.erased.is_none_or(|mine| e > mine) {
                self.erased = Some(e);
                changed = true;
            }
        }
        if self.erased.is_some() {
            changed |= !self.fields.is_empty();
            self.fields.clear();
            return Ok(changed);
        }
        for (name, incoming) in &other.fields {
            match self.fields.get_mut(name) {
                Some(cur) if !wins(incoming, cur) => {}
                Some(cur) => {
                    *cur = incoming.clone();
                    changed = true;
                }
                None => {
                    self.fields.insert(name.clone(), incoming.clone());
                    changed = true;
                }
            }
        }
        Ok(changed)
    }

    /// Rebuilds a record from decoded parts, restoring the erase invariant. For the storage codec.
    pub(crate) fn from_parts(
        id: Id,
        kind: Kind,
        fields: BTreeMap<FieldName, Stamped<Value>>,
        deleted: Option<Stamped<bool>>,
        erased: Option<Hlc>,
    ) -> Record {
        let fields = if erased.is_some() {
            BTreeMap::new()
        } else {
            fields
        };
        Record {
            id,
            kind,
            fields,
            deleted,
            erased,
        }
    }
}

/// The merge of two replicas of the same record (see the module docs for the rules).
pub fn merge(a: &Record, b: &Record) -> Result<Record, MergeError> {
    let mut out = a.clone();
    out.merge_from(b)?;
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::clock::{DeviceId, MAX_SKEW_MS};
    use proptest::prelude::*;
    use serde_json::json;

    pub(crate) fn h(wall: u64, dev: u64) -> Hlc {
        Hlc::new(wall, 0, DeviceId(dev))
    }

    fn f(name: &str) -> FieldName {
        FieldName::new(name).unwrap()
    }

    fn rec() -> Record {
        Record::create(Id::from_random([1; 16]), Kind::Moment, "AB", h(10, 1))
    }

    #[test]
    fn kind_codes_roundtrip_and_are_unique() {
        for k in Kind::ALL {
            assert_eq!(Kind::from_code(k.code()), Ok(k));
            assert_eq!(Kind::from_key_name(k.key_name()), Ok(k));
            assert!(!k.key_name().contains('/'));
        }
        let mut codes: Vec<_> = Kind::ALL.iter().map(|k| k.code()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), Kind::ALL.len());
        assert!(Kind::from_code("zz").is_err());
    }

    #[test]
    fn field_names_are_validated() {
        assert!(FieldName::new("n").is_ok());
        assert!(FieldName::new("").is_err());
        assert!(FieldName::new("with space").is_err());
        assert!(FieldName::new("abcdefghijklmnopq").is_err());
    }

    #[test]
    fn newer_write_wins_older_is_ignored() {
        let mut r = rec();
        assert!(r.set(f("n"), json!("two"), h(20, 1)));
        assert!(!r.set(f("n"), json!("one"), h(15, 2)));
        assert_eq!(r.value("n"), Some(&json!("two")));
        assert!(r.set(f("n"), Value::Null, h(21, 1)));
        assert_eq!(r.value("n"), None);
    }

    #[test]
    fn created_and_updated_come_from_stamps() {
        let mut r = rec();
        assert_eq!(r.created(), Some(h(10, 1)));
        assert_eq!(r.updated_by(), Some("AB"));
        r.set(f("n"), json!("x"), h(30, 2));
        r.touch("CD", h(30, 2));
        assert_eq!(r.created(), Some(h(10, 1)));
        assert_eq!(r.created_by(), Some("AB"));
        assert_eq!(r.updated(), Some(h(30, 2)));
        assert_eq!(r.updated_by(), Some("CD"));
    }

    #[test]
    fn delete_beats_older_edit_and_newer_edit_does_not_resurrect() {
        let mut deleted = rec();
        deleted.delete("AB", h(50, 1));
        let mut old_edit = rec();
        old_edit.set(f("n"), json!("old"), h(40, 2));
        let mut new_edit = rec();
        new_edit.set(f("n"), json!("new"), h(60, 2));

        let m = merge(&merge(&deleted, &old_edit).unwrap(), &new_edit).unwrap();
        assert!(m.is_deleted());
        // The newer edit is kept, so an undo shows the latest text.
        assert_eq!(m.value("n"), Some(&json!("new")));
        assert_eq!(m.updated_by(), Some("AB"));
    }

    #[test]
    fn undo_is_a_newer_restore() {
        let mut r = rec();
        r.delete("AB", h(50, 1));
        let mut other = r.clone();
        r.restore("AB", h(51, 1));
        assert!(!r.is_deleted());
        // A replica that only saw the delete converges on the restore.
        assert!(other.merge_from(&r).unwrap());
        assert!(!other.is_deleted());
        // An older delete arriving late does not undo the undo.
        let mut late = rec();
        late.delete("CD", h(45, 2));
        assert!(!merge(&r, &late).unwrap().is_deleted());
    }

    #[test]
    fn erase_is_final_and_drops_text() {
        let mut r = rec();
        r.set(f("n"), json!("sensitive"), h(20, 1));
        let copy = r.clone();
        r.erase(h(30, 1));
        assert!(r.is_erased() && r.is_deleted());
        assert_eq!(r.fields().count(), 0);
        let m = merge(&copy, &r).unwrap();
        assert_eq!(m.fields().count(), 0);
        assert!(!r.clone().set(f("n"), json!("back"), h(99, 1)));
        r.restore("AB", h(99, 1));
        assert!(r.is_deleted());
    }

    #[test]
    fn identical_stamps_resolve_deterministically() {
        let mut a = rec();
        a.set(f("n"), json!("apple"), h(20, 1));
        let mut b = rec();
        b.set(f("n"), json!("pear"), h(20, 1));
        assert_eq!(merge(&a, &b).unwrap(), merge(&b, &a).unwrap());
        assert_eq!(merge(&a, &b).unwrap().value("n"), Some(&json!("pear")));
    }

    #[test]
    fn merge_rejects_other_records() {
        let a = rec();
        let b = Record::new(Id::from_random([2; 16]), Kind::Moment);
        assert!(matches!(merge(&a, &b), Err(MergeError::IdMismatch(..))));
        let c = Record::new(a.id(), Kind::Child);
        assert!(matches!(
            merge(&a, &c),
            Err(MergeError::KindMismatch { .. })
        ));
    }

    #[test]
    fn changes_since_is_a_mergeable_delta() {
        let mut r = rec();
        r.set(f("n"), json!("a"), h(20, 1));
        let base = r.clone();
        r.set(f("x"), json!(1), h(30, 1));
        r.delete("AB", h(31, 1));
        let delta = r.changes_since(h(30, 0));
        // The new field and the "changed by" of the delete; not the older note.
        assert_eq!(delta.fields().count(), 2);
        assert!(delta.get("n").is_none());
        assert_eq!(merge(&base, &delta).unwrap(), r);
    }

    #[test]
    fn canonical_order_is_total_over_types() {
        let vals = [
            json!(null),
            json!(false),
            json!(1),
            json!(1.0),
            json!("a"),
            json!([1]),
            json!({"a": 1}),
        ];
        for (i, a) in vals.iter().enumerate() {
            for (j, b) in vals.iter().enumerate() {
                assert_eq!(canonical_cmp(a, b), canonical_cmp(b, a).reverse());
                assert_eq!(canonical_cmp(a, b) == Ordering::Equal, i == j, "{a} {b}");
            }
        }
    }

    // ---- property tests -------------------------------------------------------------------

    /// Few field names, stamps and values so that collisions (equal stamps, same fields) are
    /// frequent: that is where merge bugs hide.
    fn arb_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (0i64..3).prop_map(|n| json!(n)),
            "[a-c]{0,2}".prop_map(Value::String),
            proptest::collection::vec(0i64..2, 0..2).prop_map(|v| json!(v)),
            (0i64..2).prop_map(|n| json!({"k": n})),
        ]
    }

    fn arb_stamp() -> impl Strategy<Value = Hlc> {
        (0u64..4, 0u32..2, 0u64..2).prop_map(|(w, c, d)| Hlc::new(w, c, DeviceId(d)))
    }

    /// Replicas of one record (same id and kind), as merge requires.
    pub(crate) fn arb_replica(id: Id, kind: Kind) -> impl Strategy<Value = Record> {
        (
            proptest::collection::btree_map("[a-d]", (arb_value(), arb_stamp()), 0..4),
            proptest::option::of((any::<bool>(), arb_stamp())),
            proptest::option::weighted(0.15, arb_stamp()),
        )
            .prop_map(move |(fields, deleted, erased)| {
                Record::from_parts(
                    id,
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

    /// `r` with every stamp moved `by` milliseconds later.
    fn shifted(r: &Record, by: u64) -> Record {
        let later = |s: Hlc| Hlc::new(s.wall_ms + by, s.counter, s.device);
        Record::from_parts(
            r.id,
            r.kind,
            r.fields
                .iter()
                .map(|(k, v)| (k.clone(), Stamped::new(v.value.clone(), later(v.stamp))))
                .collect(),
            r.deleted
                .as_ref()
                .map(|d| Stamped::new(d.value, later(d.stamp))),
            r.erased.map(later),
        )
    }

    #[test]
    fn a_copy_stamped_more_than_a_day_ahead_is_refused() {
        let now = 5 * MAX_SKEW_MS;
        let mut record = Record::new(Id::from_random([3; 16]), Kind::Moment);
        record.set(
            f("note"),
            Value::from("x"),
            Hlc::new(now + MAX_SKEW_MS, 0, DeviceId(1)),
        );
        assert_eq!(
            record.check_skew(now),
            Ok(()),
            "exactly a day ahead is allowed"
        );
        record.set(
            f("note"),
            Value::from("y"),
            Hlc::new(now + MAX_SKEW_MS + 1, 0, DeviceId(1)),
        );
        assert!(
            matches!(record.check_skew(now), Err(MergeError::ClockAhead { ahead, .. }) if ahead.ahead_ms == MAX_SKEW_MS + 1)
        );
    }

    fn replica() -> impl Strategy<Value = Record> {
        arb_replica(Id::from_random([9; 16]), Kind::Moment)
    }

    fn m(a: &Record, b: &Record) -> Record {
        merge(a, b).expect("same id and kind")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn merge_is_commutative(a in replica(), b in replica()) {
            prop_assert_eq!(m(&a, &b), m(&b, &a));
        }

        /// A receiver that refuses copies stamped too far ahead of its clock and merges the
        /// rest ends in the same state whatever order they arrive in, and that state holds no
        /// stamp beyond the allowed skew.
        #[test]
        fn refusing_far_future_copies_keeps_merge_order_free(
            versions in proptest::collection::vec((replica(), 0u64..3), 1..6),
            rotate in any::<proptest::sample::Index>(),
        ) {
            let now = 10 * MAX_SKEW_MS;
            // Shifts of 0, 1 and 2 skews ahead of `now`, one millisecond past the bound each.
            let versions: Vec<Record> = versions.iter().map(|(r, days)| shifted(r, now - 4 + days * (MAX_SKEW_MS + 1))).collect();
            let receive = |order: &[Record]| {
                order.iter().filter(|r| r.check_skew(now).is_ok()).fold(None::<Record>, |acc, r| {
                    Some(acc.map_or_else(|| r.clone(), |acc| m(&acc, r)))
                })
            };
            let mut other = versions.clone();
            other.rotate_left(rotate.index(versions.len()));
            other.reverse();
            let merged = receive(&versions);
            prop_assert_eq!(&merged, &receive(&other));
            if let Some(stamp) = merged.and_then(|r| r.updated()) {
                prop_assert!(crate::clock::check_skew(stamp, now).is_ok());
            }
        }

        #[test]
        fn merge_is_associative(a in replica(), b in replica(), c in replica()) {
            prop_assert_eq!(m(&m(&a, &b), &c), m(&a, &m(&b, &c)));
        }

        #[test]
        fn merge_is_idempotent(a in replica(), b in replica()) {
            prop_assert_eq!(m(&a, &a), a.clone());
            let ab = m(&a, &b);
            prop_assert_eq!(m(&ab, &b), ab.clone());
        }

        /// Devices receiving the same set of versions in any order, some of them several times,
        /// end in the same state.
        #[test]
        fn any_order_and_duplication_converges(
            versions in proptest::collection::vec(replica(), 1..6),
            picks in proptest::collection::vec((any::<proptest::sample::Index>(), 1usize..3), 0..10),
            seed in any::<u64>(),
        ) {
            let reference = versions.iter().skip(1).fold(versions[0].clone(), |acc, v| m(&acc, v));

            // Every version at least once, plus random duplicates, shuffled deterministically.
            let mut delivery: Vec<&Record> = versions.iter().collect();
            for (ix, times) in picks {
                for _ in 0..times {
                    delivery.push(&versions[ix.index(versions.len())]);
                }
            }
            let mut state = seed | 1;
            for i in (1..delivery.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                delivery.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let mut replica = delivery[0].clone();
            for v in &delivery[1..] {
                replica.merge_from(v).expect("same id and kind");
            }
            prop_assert_eq!(replica, reference);
        }

        /// merge_from reports a change exactly when the state changed.
        #[test]
        fn merge_from_reports_changes(a in replica(), b in replica()) {
            let mut x = a.clone();
            let changed = x.merge_from(&b).expect("same id and kind");
            prop_assert_eq!(changed, x != a);
        }
    }
}
