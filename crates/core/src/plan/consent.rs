//! The consent register: what parents agreed to, when, and when they withdrew it.
//!
//! A consent is one record per "yes" (child, kind, given by whom, on which date). Withdrawing
//! sets its withdrawal date; giving it again later is a new record, so the history of what was
//! allowed when stays readable. Withdrawal takes effect on the day it is recorded: on that date
//! the consent is no longer active, and any step relying on it is blocked at once.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{invalid, text, PlanError};
use crate::id::Id;
use crate::record::{Kind, Record};
use crate::view::{expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_GIVEN_BY: usize = 80;
pub const MAX_CONSENT_NOTE: usize = 1000;

/// What parents can agree to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// Contact with the child's school (handover or progress talk).
    SchoolContact,
    /// Coaching on the job about this child by a youth-care expert.
    Coach,
    /// An observation of this child by an outside expert (youth nurse, youth-care worker); must be
    /// asked **before** the observation.
    ExpertObservation,
    /// Video recording for video interaction guidance.
    Video,
    /// Sharing a curated summary with the parents through a link.
    ShareSummary,
    /// Sharing information with an outside organisation for a referral (CJG, youth care, …).
    Referral,
}

impl ConsentKind {
    pub const ALL: [ConsentKind; 6] = [
        ConsentKind::SchoolContact,
        ConsentKind::Coach,
        ConsentKind::ExpertObservation,
        ConsentKind::Video,
        ConsentKind::ShareSummary,
        ConsentKind::Referral,
    ];
}

const CHILD: &str = "c";
const KIND: &str = "k";
const GIVEN_BY: &str = "gb";
const GIVEN_ON: &str = "gd";
const WITHDRAWN_ON: &str = "wd";
const NOTE: &str = "n";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: Id,
    pub child_id: Id,
    pub kind: ConsentKind,
    /// The parent or carer who agreed ("moeder", "Sanne de Vries").
    pub given_by: String,
    pub given_on: NaiveDate,
    pub withdrawn_on: Option<NaiveDate>,
    /// Scope or conditions ("alleen de juf van groep 5").
    pub note: String,
}

impl Consent {
    pub fn new(
        id: Id,
        child_id: Id,
        kind: ConsentKind,
        given_by: impl Into<String>,
        given_on: NaiveDate,
    ) -> Self {
        Consent {
            id,
            child_id,
            kind,
            given_by: given_by.into(),
            given_on,
            withdrawn_on: None,
            note: String::new(),
        }
    }

    /// Active from the day it was given up to (not including) the day it was withdrawn.
    pub fn is_active(&self, on: NaiveDate) -> bool {
        self.given_on <= on && self.withdrawn_on.is_none_or(|w| on < w)
    }

    pub fn check(&self) -> Result<(), PlanError> {
        text("given_by", &self.given_by, true, MAX_GIVEN_BY)?;
        text("note", &self.note, false, MAX_CONSENT_NOTE)?;
        match self.withdrawn_on {
            Some(w) if w < self.given_on => Err(PlanError::DateOrder {
                field: "withdrawn_on",
                date: w,
                other: "given_on",
                other_date: self.given_on,
            }),
            _ => Ok(()),
        }
    }
}

impl View for Consent {
    const KIND: Kind = Kind::Consent;
    const FIELDS: &'static [&'static str] = &[CHILD, KIND, GIVEN_BY, GIVEN_ON, WITHDRAWN_ON, NOTE];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .id(CHILD, Some(self.child_id))
            .json(KIND, Some(&self.kind))
            .text(GIVEN_BY, &self.given_by)
            .date(GIVEN_ON, Some(self.given_on))
            .date(WITHDRAWN_ON, self.withdrawn_on)
            .text(NOTE, &self.note)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::Consent)?;
        let f = Fields(record);
        Ok(Consent {
            id: record.id(),
            child_id: f.required_id(CHILD)?,
            kind: f.required_json(KIND)?,
            given_by: f.str(GIVEN_BY)?,
            given_on: f.required_date(GIVEN_ON)?,
            withdrawn_on: f.opt_date(WITHDRAWN_ON)?,
            note: f.str(NOTE)?,
        })
    }
}

/// The consents of one child, for checks. Group trajectories use [`ConsentRegister::empty`]:
/// consents are per child.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentRegister {
    consents: Vec<Consent>,
}

impl ConsentRegister {
    pub fn empty() -> Self {
        ConsentRegister::default()
    }

    /// The register of `child` out of all consents the device holds.
    pub fn for_child<'a>(child: Id, all: impl IntoIterator<Item = &'a Consent>) -> Self {
        let mut consents: Vec<Consent> = all
            .into_iter()
            .filter(|c| c.child_id == child)
            .cloned()
            .collect();
        consents.sort_by_key(|c| (c.given_on, c.id));
        ConsentRegister { consents }
    }

    /// Whether any consent of `kind` is active on `on` (one that was withdrawn and given again
    /// later counts from the new date).
    pub fn is_active(&self, kind: ConsentKind, on: NaiveDate) -> bool {
        self.consents
            .iter()
            .any(|c| c.kind == kind && c.is_active(on))
    }

    /// The kinds active on `on`, in [`ConsentKind::ALL`] order.
    pub fn active_on(&self, on: NaiveDate) -> Vec<ConsentKind> {
        ConsentKind::ALL
            .into_iter()
            .filter(|k| self.is_active(*k, on))
            .collect()
    }

    /// Which of `needed` are not active on `on`, in the order asked.
    pub fn missing(&self, needed: &[ConsentKind], on: NaiveDate) -> Vec<ConsentKind> {
        needed
            .iter()
            .copied()
            .filter(|k| !self.is_active(*k, on))
            .collect()
    }

    /// The whole history, oldest first (for the consent screen).
    pub fn history(&self) -> &[Consent] {
        &self.consents
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::record::tests::h;
    use crate::view::{apply, assert_field_codes_valid, create};

    pub(crate) fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    pub(crate) fn child() -> Id {
        Id::from_random([40; 16])
    }

    pub(crate) fn consent(n: u8, kind: ConsentKind, on: NaiveDate) -> Consent {
        Consent::new(Id::from_random([n; 16]), child(), kind, "moeder", on)
    }

    #[test]
    fn roundtrip_and_withdraw_edit() {
        assert_field_codes_valid(Consent::FIELDS);
        let c = consent(1, ConsentKind::SchoolContact, d(3, 2));
        let mut r = create(&c, "AB", h(1, 1)).unwrap();
        assert_eq!(Consent::from_record(&r).unwrap(), c);
        let withdrawn = Consent {
            withdrawn_on: Some(d(4, 1)),
            ..c.clone()
        };
        assert_eq!(
            apply(&mut r, &withdrawn, "CD", h(2, 1)).unwrap(),
            vec![WITHDRAWN_ON]
        );
        assert_eq!(Consent::from_record(&r).unwrap(), withdrawn);
    }

    #[test]
    fn active_window_and_immediate_withdrawal() {
        let mut c = consent(1, ConsentKind::Coach, d(3, 2));
        assert!(!c.is_active(d(3, 1)));
        assert!(c.is_active(d(3, 2)));
        c.withdrawn_on = Some(d(3, 10));
        assert!(c.is_active(d(3, 9)));
        assert!(!c.is_active(d(3, 10)), "withdrawal counts on its own day");
        let again = consent(2, ConsentKind::Coach, d(5, 1));
        let other_child = Consent {
            child_id: Id::from_random([41; 16]),
            ..consent(3, ConsentKind::Video, d(1, 1))
        };
        let reg = ConsentRegister::for_child(child(), [&again, &c, &other_child]);
        assert_eq!(reg.history().len(), 2);
        assert!(reg.is_active(ConsentKind::Coach, d(3, 5)));
        assert!(!reg.is_active(ConsentKind::Coach, d(4, 1)));
        assert!(reg.is_active(ConsentKind::Coach, d(5, 1)));
        assert!(!reg.is_active(ConsentKind::Video, d(5, 1)));
        assert_eq!(reg.active_on(d(5, 1)), vec![ConsentKind::Coach]);
        assert_eq!(
            reg.missing(&[ConsentKind::Video, ConsentKind::Coach], d(4, 1)),
            vec![ConsentKind::Video, ConsentKind::Coach]
        );
    }

    #[test]
    fn validation_and_bad_kind() {
        let mut c = consent(1, ConsentKind::Video, d(3, 2));
        c.withdrawn_on = Some(d(3, 1));
        assert!(matches!(
            c.validate(),
            Err(ValidationError::Plan(PlanError::DateOrder { .. }))
        ));
        c.withdrawn_on = None;
        c.given_by = " ".into();
        assert_eq!(
            c.validate(),
            Err(ValidationError::Empty { field: "given_by" })
        );
        let mut r = create(&consent(1, ConsentKind::Video, d(3, 2)), "AB", h(1, 1)).unwrap();
        r.set(
            crate::record::FieldName::new(KIND).unwrap(),
            serde_json::json!("tattoo"),
            h(2, 1),
        );
        assert!(matches!(
            Consent::from_record(&r),
            Err(DecodeError::Invalid { field: "k", .. })
        ));
    }
}
