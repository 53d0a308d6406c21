//! Typed views over [`Record`]s and the edit path back into them.
//!
//! The app works with typed structs (`Child`, `Moment`, …); storage and sync work with generic
//! records. A [`View`] decodes itself from a record and lists its content fields; [`create`] and
//! [`apply`] turn a validated view into stamped writes, touching **only the fields whose value
//! changed**, so two practitioners editing different fields of one moment offline both keep their
//! edit after merge.
//!
//! Conventions shared by all views (so storage stays small and decoding lenient):
//! - a field at its default (empty text, `false`, `None`, empty list) is not written at creation;
//!   clearing a field later writes `null` (a deletion must be a stamped write to win a merge);
//! - a missing or `null` field reads as its default;
//! - fields a view does not know (written by a newer app version) are left untouched.

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::clock::Hlc;
use crate::id::Id;
use crate::record::{Kind, Record};

/// Why a record could not be read as a typed view. Messages are for developers and logs; the app
/// shows its own text ("this entry could not be read").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("expected a {expected} record, found a {found}")]
    WrongKind { expected: Kind, found: Kind },
    #[error("required field `{0}` is missing")]
    Missing(&'static str),
    #[error("field `{field}` should be {expected}")]
    WrongType {
        field: &'static str,
        expected: &'static str,
    },
    #[error("field `{field}` has an invalid value: {reason}")]
    Invalid { field: &'static str, reason: String },
}

/// Why a view may not be saved. `field` names the view's field (e.g. `display_name`), not the
/// short storage code. Messages are plain English for developers; the app maps variants to
/// translated user text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("{field} must not be empty")]
    Empty { field: &'static str },
    #[error("{field} is {len} characters long; at most {max} are allowed")]
    TooLong {
        field: &'static str,
        len: usize,
        max: usize,
    },
    #[error("birth year {year} is outside {min}..={max}")]
    BirthYearOutOfRange { year: u16, min: u16, max: u16 },
    #[error("a moment needs at least one child")]
    NoChildren,
    #[error("child {0} is listed twice")]
    DuplicateChild(Id),
    #[error("tag {0} is listed twice")]
    DuplicateTag(String),
    #[error("a moment needs a note, a tag, a rating or a structured field")]
    NothingRecorded,
    /// A value the app generates (a link id, say) that is not in its fixed form.
    #[error("{field} is not in the expected form")]
    Malformed { field: &'static str },
    /// Step plans, consents, coaching, wellbeing and contacts have richer rules; their own typed
    /// error keeps this enum from growing a variant per rule.
    #[error(transparent)]
    Plan(#[from] crate::plan::PlanError),
}

/// Why an edit could not be applied to a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    #[error("the view is for record {view} but was applied to {record}")]
    WrongRecord { view: Id, record: Id },
    #[error("expected a {expected} record, found a {found}")]
    WrongKind { expected: Kind, found: Kind },
    #[error("record {0} is erased and cannot be edited")]
    Erased(Id),
}

/// A typed view over one kind of record.
pub trait View: Sized {
    const KIND: Kind;
    /// Every content field the view reads and writes (short storage codes). Fields outside this
    /// list are never cleared by [`apply`].
    const FIELDS: &'static [&'static str];

    /// The record this view belongs to.
    fn id(&self) -> Id;
    fn validate(&self) -> Result<(), ValidationError>;
    /// The content fields that are not at their default, as `(code, value)`.
    fn to_fields(&self) -> Vec<(&'static str, Value)>;
    fn from_record(record: &Record) -> Result<Self, DecodeError>;
}

/// A new record for `view`, created by `author` at `stamp`.
pub fn create<V: View>(view: &V, author: &str, stamp: Hlc) -> Result<Record, ValidationError> {
    view.validate()?;
    let mut record = Record::create(view.id(), V::KIND, author, stamp);
    for (field, value) in view.to_fields() {
        record.set_known(field, value, stamp);
    }
    Ok(record)
}

/// Writes the fields of `view` that differ from `record`, stamped `stamp`, and records `author`
/// as the last editor when anything changed. Returns the names of the changed fields (empty: no
/// write, nothing to save or sync).
pub fn apply<V: View>(
    record: &mut Record,
    view: &V,
    author: &str,
    stamp: Hlc,
) -> Result<Vec<&'static str>, ApplyError> {
    view.validate()?;
    if record.kind() != V::KIND {
        return Err(ApplyError::WrongKind {
            expected: V::KIND,
            found: record.kind(),
        });
    }
    if record.id() != view.id() {
        return Err(ApplyError::WrongRecord {
            view: view.id(),
            record: record.id(),
        });
    }
    if record.is_erased() {
        return Err(ApplyError::Erased(record.id()));
    }
    let mut wanted = view.to_fields();
    let mut changed = Vec::new();
    for &field in V::FIELDS {
        let new = wanted
            .iter_mut()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| std::mem::take(v))
            .unwrap_or(Value::Null);
        let current = record.value(field).unwrap_or(&Value::Null);
        if *current != new && record.set_known(field, new, stamp) {
            changed.push(field);
        }
    }
    if !changed.is_empty() {
        record.touch(author, stamp);
    }
    Ok(changed)
}

/// Checks the record kind before decoding a view.
pub(crate) fn expect_kind(record: &Record, expected: Kind) -> Result<(), DecodeError> {
    if record.kind() == expected {
        Ok(())
    } else {
        Err(DecodeError::WrongKind {
            expected,
            found: record.kind(),
        })
    }
}

/// Typed, lenient field readers shared by the views: absent/`null` gives the default, a value of
/// the wrong type is an error (never silently dropped).
pub(crate) struct Fields<'a>(pub &'a Record);

impl Fields<'_> {
    pub fn opt_str(&self, field: &'static str) -> Result<Option<String>, DecodeError> {
        match self.0.value(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(DecodeError::WrongType {
                field,
                expected: "a string",
            }),
        }
    }

    pub fn str(&self, field: &'static str) -> Result<String, DecodeError> {
        Ok(self.opt_str(field)?.unwrap_or_default())
    }

    pub fn required_str(&self, field: &'static str) -> Result<String, DecodeError> {
        self.opt_str(field)?.ok_or(DecodeError::Missing(field))
    }

    pub fn bool(&self, field: &'static str) -> Result<bool, DecodeError> {
        match self.0.value(field) {
            None => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(DecodeError::WrongType {
                field,
                expected: "a boolean",
            }),
        }
    }

    pub fn opt_u16(&self, field: &'static str) -> Result<Option<u16>, DecodeError> {
        match self.0.value(field) {
            None => Ok(None),
            Some(v) => v
                .as_u64()
                .and_then(|n| u16::try_from(n).ok())
                .map(Some)
                .ok_or(DecodeError::WrongType {
                    field,
                    expected: "a whole number 0-65535",
                }),
        }
    }

    pub fn opt_id(&self, field: &'static str) -> Result<Option<Id>, DecodeError> {
        self.opt_str(field)?
            .map(|s| parse_id(field, &s))
            .transpose()
    }

    pub fn required_id(&self, field: &'static str) -> Result<Id, DecodeError> {
        self.opt_id(field)?.ok_or(DecodeError::Missing(field))
    }

    pub fn str_list(&self, field: &'static str) -> Result<Vec<String>, DecodeError> {
        match self.0.value(field) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str().map(str::to_owned).ok_or(DecodeError::WrongType {
                        field,
                        expected: "a list of strings",
                    })
                })
                .collect(),
            Some(_) => Err(DecodeError::WrongType {
                field,
                expected: "a list of strings",
            }),
        }
    }

    pub fn id_list(&self, field: &'static str) -> Result<Vec<Id>, DecodeError> {
        self.str_list(field)?
            .iter()
            .map(|s| parse_id(field, s))
            .collect()
    }

    /// A structured value (enum code, nested form) decoded with serde; absent/`null` is `None`.
    pub fn json<T: DeserializeOwned>(&self, field: &'static str) -> Result<Option<T>, DecodeError> {
        self.0
            .value(field)
            .map(|v| {
                T::deserialize(v).map_err(|e| DecodeError::Invalid {
                    field,
                    reason: e.to_string(),
                })
            })
            .transpose()
    }

    pub fn required_json<T: DeserializeOwned>(
        &self,
        field: &'static str,
    ) -> Result<T, DecodeError> {
        self.json(field)?.ok_or(DecodeError::Missing(field))
    }

    /// A calendar date stored as `YYYY-MM-DD`.
    pub fn opt_date(&self, field: &'static str) -> Result<Option<NaiveDate>, DecodeError> {
        self.opt_str(field)?
            .map(|s| {
                crate::iso::parse_date(&s).ok_or_else(|| DecodeError::Invalid {
                    field,
                    reason: format!("not a date: \"{s}\""),
                })
            })
            .transpose()
    }

    pub fn required_date(&self, field: &'static str) -> Result<NaiveDate, DecodeError> {
        self.opt_date(field)?.ok_or(DecodeError::Missing(field))
    }
}

fn parse_id(field: &'static str, s: &str) -> Result<Id, DecodeError> {
    s.parse()
        .map_err(|e: crate::id::ParseIdError| DecodeError::Invalid {
            field,
            reason: e.to_string(),
        })
}

/// Builds `to_fields` output while skipping defaults, so views read as a plain list of fields.
#[derive(Default)]
pub(crate) struct FieldsOut(pub Vec<(&'static str, Value)>);

impl FieldsOut {
    pub fn text(&mut self, field: &'static str, value: &str) -> &mut Self {
        if !value.is_empty() {
            self.0.push((field, Value::String(value.to_owned())));
        }
        self
    }

    pub fn flag(&mut self, field: &'static str, value: bool) -> &mut Self {
        if value {
            self.0.push((field, Value::Bool(true)));
        }
        self
    }

    pub fn value(&mut self, field: &'static str, value: Option<Value>) -> &mut Self {
        if let Some(v) = value {
            self.0.push((field, v));
        }
        self
    }

    pub fn id(&mut self, field: &'static str, value: Option<Id>) -> &mut Self {
        self.value(field, value.map(|id| Value::String(id.to_string())))
    }

    pub fn list<I: IntoIterator<Item = String>>(
        &mut self,
        field: &'static str,
        items: I,
    ) -> &mut Self {
        let items: Vec<Value> = items.into_iter().map(Value::String).collect();
        if !items.is_empty() {
            self.0.push((field, Value::Array(items)));
        }
        self
    }

    /// A structured value via serde; `None`, and values serde renders as `null`, are skipped.
    /// Serialising the crate's own plain data types cannot fail, so a failure is skipped too
    /// rather than panicking.
    pub fn json<T: Serialize>(&mut self, field: &'static str, value: Option<&T>) -> &mut Self {
        let v = value.and_then(|v| serde_json::to_value(v).ok());
        self.value(field, v.filter(|v| !v.is_null()))
    }

    pub fn date(&mut self, field: &'static str, value: Option<NaiveDate>) -> &mut Self {
        self.value(field, value.map(|d| Value::String(crate::iso::date(d))))
    }

    pub fn finish(&mut self) -> Vec<(&'static str, Value)> {
        std::mem::take(&mut self.0)
    }
}

/// Shared text checks: trimmed non-empty when required, and a length cap counted in characters
/// (what a user sees), not bytes.
pub(crate) fn check_text(
    field: &'static str,
    value: &str,
    required: bool,
    max: usize,
) -> Result<(), ValidationError> {
    if required && value.trim().is_empty() {
        return Err(ValidationError::Empty { field });
    }
    let len = value.chars().count();
    if len > max {
        return Err(ValidationError::TooLong { field, len, max });
    }
    Ok(())
}

/// Field names must be valid [`FieldName`]s; checked once in tests for every view.
#[cfg(test)]
pub(crate) fn assert_field_codes_valid(fields: &[&str]) {
    let mut seen = std::collections::BTreeSet::new();
    for f in fields {
        assert!(crate::record::FieldName::new(f).is_ok(), "{f}");
        assert!(seen.insert(*f), "duplicate field code {f}");
        assert!(
            ![crate::record::CREATED_BY, crate::record::CHANGED_BY].contains(f),
            "{f} is reserved"
        );
    }
}
