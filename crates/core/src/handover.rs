//! Handovers to school or a partner, and the child's register of disclosures.
//!
//! A practitioner composes a [`Handover`] from a trajectory the way a parent summary is composed:
//! picked goals, what works (the approach), conclusions of observations and a contact person,
//! for one recipient. Giving it away (printing it, later a link) needs the consent that recipient
//! needs ([`basis`]); every time it is given away a [`Disclosure`] is recorded: what, to whom,
//! when, by whom and under which consent — the accountability a GDPR register asks for. The
//! disclosure holds the handover as it was given, so the register shows exactly what left the
//! BSO even if the trajectory changes later. Disclosures are records: they sync to the team, go
//! with the child when it is erased, and are in every backup.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::handover_link::{HandoverLink, Revocation};
use crate::id::Id;
use crate::plan::consent::{ConsentKind, ConsentRegister};
use crate::plan::template::Step;
use crate::plan::{at_most, invalid, text, PlanError};
use crate::record::{Kind, Record};
use crate::view::{expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_ITEMS: usize = 20;
pub const MAX_ITEM: usize = 1000;
pub const MAX_NAME: usize = 120;

/// Who receives a handover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// "Overdracht naar school": the written plan for the teacher.
    School,
    /// "Warme overdracht": handed over in a talk with the school, the written part to go with it.
    WarmHandover,
    /// CJG, youth care or another outside organisation.
    YouthCare,
}

impl Recipient {
    pub const ALL: [Recipient; 3] = [
        Recipient::School,
        Recipient::WarmHandover,
        Recipient::YouthCare,
    ];

    /// The consent this recipient needs.
    pub const fn consent(self) -> ConsentKind {
        match self {
            Recipient::School | Recipient::WarmHandover => ConsentKind::SchoolContact,
            Recipient::YouthCare => ConsentKind::Referral,
        }
    }

    const fn is_school(self) -> bool {
        matches!(self, Recipient::School | Recipient::WarmHandover)
    }
}

/// What a handover was given under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The parents' consent record with this id, active on the day.
    Consent(Id),
    /// The organisation's step plan lets a school handover in this step go without consent
    /// ([`Step::handover_without_consent`]); the step's key is kept.
    StepSetting(String),
}

/// Why a handover may not be given away.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HandoverError {
    #[error("a handover to this recipient needs consent {0:?}, which is not active")]
    ConsentMissing(ConsentKind),
    #[error("a handover needs the recipient's name")]
    NoRecipient,
    #[error("a handover needs at least one goal, approach or conclusion")]
    Empty,
    #[error("{0}")]
    Invalid(PlanError),
}

/// What the consent register and the trajectory's current step allow for `recipient` on `on`:
/// the basis to log, or why not. The step setting only covers the school, never youth care.
pub fn basis(
    recipient: Recipient,
    consents: &ConsentRegister,
    step: Option<&Step>,
    on: NaiveDate,
) -> Result<Basis, HandoverError> {
    let kind = recipient.consent();
    if let Some(c) = consents
        .history()
        .iter()
        .rev()
        .find(|c| c.kind == kind && c.is_active(on))
    {
        return Ok(Basis::Consent(c.id));
    }
    match step {
        Some(s) if recipient.is_school() && s.handover_without_consent => {
            Ok(Basis::StepSetting(s.key.to_string()))
        }
        _ => Err(HandoverError::ConsentMissing(kind)),
    }
}

/// The composed handover: only what was picked, worded for the recipient.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handover {
    pub trajectory_id: Option<Id>,
    /// School name and class, or the organisation ("De Regenboog, groep 5").
    pub recipient_name: String,
    /// Teacher or worker and how to reach them (free text: name, e-mail or phone).
    #[serde(default)]
    pub recipient_contact: String,
    #[serde(default)]
    pub goals: Vec<String>,
    /// What works: the approach that helps this child.
    #[serde(default)]
    pub approach: Vec<String>,
    /// Conclusions of observations.
    #[serde(default)]
    pub conclusions: Vec<String>,
    /// Who at the BSO the recipient can call.
    #[serde(default)]
    pub contact_person: String,
}

impl Handover {
    pub fn check(&self) -> Result<(), HandoverError> {
        if self.recipient_name.trim().is_empty() {
            return Err(HandoverError::NoRecipient);
        }
        if self.goals.is_empty() && self.approach.is_empty() && self.conclusions.is_empty() {
            return Err(HandoverError::Empty);
        }
        let plan = |r: Result<(), PlanError>| r.map_err(HandoverError::Invalid);
        plan(text("recipient_name", &self.recipient_name, true, MAX_NAME))?;
        plan(text(
            "recipient_contact",
            &self.recipient_contact,
            false,
            MAX_NAME,
        ))?;
        plan(text(
            "contact_person",
            &self.contact_person,
            false,
            MAX_NAME,
        ))?;
        for (field, list) in [
            ("goals", &self.goals),
            ("approach", &self.approach),
            ("conclusions", &self.conclusions),
        ] {
            plan(at_most(field, list, MAX_ITEMS))?;
            for item in list {
                plan(text(field, item, true, MAX_ITEM))?;
            }
        }
        Ok(())
    }
}

/// How the handover left the BSO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Print,
    Link,
}

const CHILD: &str = "c";
const RECIPIENT: &str = "r";
const HANDOVER: &str = "h";
const ON: &str = "d";
const BY: &str = "by";
const BASIS: &str = "b";
const CHANNEL: &str = "ch";
const LINK: &str = "l";
const REVOKED: &str = "rv";

/// One entry of the child's register of disclosures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    pub id: Id,
    pub child_id: Id,
    pub recipient: Recipient,
    /// What was given, as it was given (to whom is its recipient name and contact).
    pub handover: Handover,
    pub on: NaiveDate,
    /// The practitioner who gave it.
    pub by: String,
    pub basis: Basis,
    pub channel: Channel,
    /// The recipient's link, for a handover given as a link ([`crate::handover_link`]).
    pub link: Option<HandoverLink>,
    /// Who took the link back and when: logged in the same entry of the register.
    pub revoked: Option<Revocation>,
}

impl Disclosure {
    /// Checks the handover and the consent, then makes the register entry. The consent is
    /// checked here, at the moment of giving, so a withdrawn consent blocks at once.
    #[allow(clippy::too_many_arguments)]
    pub fn give(
        id: Id,
        child_id: Id,
        recipient: Recipient,
        handover: Handover,
        consents: &ConsentRegister,
        step: Option<&Step>,
        channel: Channel,
        by: impl Into<String>,
        on: NaiveDate,
    ) -> Result<Disclosure, HandoverError> {
        handover.check()?;
        let basis = basis(recipient, consents, step, on)?;
        Ok(Disclosure {
            id,
            child_id,
            recipient,
            handover,
            on,
            by: by.into(),
            basis,
            channel,
            link: None,
            revoked: None,
        })
    }
}

/// The child's register, newest first.
pub fn register<'a>(
    child: Id,
    all: impl IntoIterator<Item = &'a Disclosure>,
) -> Vec<&'a Disclosure> {
    let mut list: Vec<&Disclosure> = all.into_iter().filter(|d| d.child_id == child).collect();
    list.sort_by(|a, b| b.on.cmp(&a.on).then(b.id.cmp(&a.id)));
    list
}

impl View for Disclosure {
    const KIND: Kind = Kind::Disclosure;
    const FIELDS: &'static [&'static str] = &[
        CHILD, RECIPIENT, HANDOVER, ON, BY, BASIS, CHANNEL, LINK, REVOKED,
    ];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        text("by", &self.by, true, MAX_NAME).map_err(invalid)?;
        if (self.channel == Channel::Link) != self.link.is_some() {
            return Err(ValidationError::Empty { field: "link" });
        }
        self.handover.check().map_err(|e| match e {
            HandoverError::Invalid(p) => invalid(p),
            HandoverError::NoRecipient => ValidationError::Empty {
                field: "recipient_name",
            },
            HandoverError::Empty => ValidationError::Empty { field: "handover" },
            HandoverError::ConsentMissing(k) => invalid(PlanError::ConsentMissing("handover", k)),
        })
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .id(CHILD, Some(self.child_id))
            .json(RECIPIENT, Some(&self.recipient))
            .json(HANDOVER, Some(&self.handover))
            .date(ON, Some(self.on))
            .text(BY, &self.by)
            .json(BASIS, Some(&self.basis))
            .json(CHANNEL, Some(&self.channel))
            .json(LINK, self.link.as_ref())
            .json(REVOKED, self.revoked.as_ref())
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::Disclosure)?;
        let f = Fields(record);
        Ok(Disclosure {
            id: record.id(),
            child_id: f.required_id(CHILD)?,
            recipient: f.required_json(RECIPIENT)?,
            handover: f.required_json(HANDOVER)?,
            on: f.required_date(ON)?,
            by: f.str(BY)?,
            basis: f.required_json(BASIS)?,
            channel: f.required_json(CHANNEL)?,
            link: f.json(LINK)?,
            revoked: f.json(REVOKED)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::{child, consent, d};
    use crate::plan::consent::Consent;
    use crate::plan::template::{FormKind, Localized, StepKey};
    use crate::record::tests::h;
    use crate::view::{assert_field_codes_valid, create};

    fn handover() -> Handover {
        Handover {
            trajectory_id: Some(Id::from_random([9; 16])),
            recipient_name: "De Regenboog, groep 5".into(),
            goals: vec!["Samen spelen met twee kinderen".into()],
            approach: vec!["Vooraf vertellen wat er gaat gebeuren".into()],
            ..Handover::default()
        }
    }

    fn step(without: bool) -> Step {
        let mut s = Step::new(
            StepKey::new("overdracht").unwrap(),
            Localized::default(),
            FormKind::SchoolContact,
        );
        s.handover_without_consent = without;
        s
    }

    fn give(
        recipient: Recipient,
        reg: &ConsentRegister,
        step: Option<&Step>,
        on: NaiveDate,
    ) -> Result<Disclosure, HandoverError> {
        Disclosure::give(
            Id::from_random([7; 16]),
            child(),
            recipient,
            handover(),
            reg,
            step,
            Channel::Print,
            "Anna",
            on,
        )
    }

    #[test]
    fn a_school_handover_needs_the_school_consent_and_logs_which_one() {
        let none = ConsentRegister::empty();
        assert_eq!(
            give(Recipient::School, &none, None, d(3, 5)),
            Err(HandoverError::ConsentMissing(ConsentKind::SchoolContact))
        );
        let mut school = consent(1, ConsentKind::SchoolContact, d(3, 2));
        let reg = ConsentRegister::for_child(child(), [&school]);
        let given = give(Recipient::WarmHandover, &reg, None, d(3, 5)).unwrap();
        assert_eq!(given.basis, Basis::Consent(school.id));
        assert_eq!(given.by, "Anna");
        // Withdrawn: blocked from that day on.
        school.withdrawn_on = Some(d(3, 5));
        let reg = ConsentRegister::for_child(child(), [&school]);
        assert!(give(Recipient::School, &reg, None, d(3, 5)).is_err());
        assert!(give(Recipient::School, &reg, None, d(3, 4)).is_ok());
    }

    #[test]
    fn youth_care_needs_the_referral_consent_whatever_the_step_says() {
        let school = consent(1, ConsentKind::SchoolContact, d(3, 2));
        let reg = ConsentRegister::for_child(child(), [&school]);
        assert_eq!(
            give(Recipient::YouthCare, &reg, Some(&step(true)), d(3, 5)),
            Err(HandoverError::ConsentMissing(ConsentKind::Referral))
        );
        let referral = consent(2, ConsentKind::Referral, d(3, 3));
        let reg = ConsentRegister::for_child(child(), [&school, &referral]);
        assert_eq!(
            give(Recipient::YouthCare, &reg, None, d(3, 5))
                .unwrap()
                .basis,
            Basis::Consent(referral.id)
        );
    }

    #[test]
    fn the_step_setting_lets_a_school_handover_go_without_consent() {
        let none = ConsentRegister::empty();
        assert!(give(Recipient::School, &none, Some(&step(false)), d(3, 5)).is_err());
        assert_eq!(
            give(Recipient::School, &none, Some(&step(true)), d(3, 5))
                .unwrap()
                .basis,
            Basis::StepSetting("overdracht".into())
        );
        // A recorded consent is still the basis when there is one.
        let c: Consent = consent(1, ConsentKind::SchoolContact, d(3, 2));
        let reg = ConsentRegister::for_child(child(), [&c]);
        assert_eq!(
            give(Recipient::School, &reg, Some(&step(true)), d(3, 5))
                .unwrap()
                .basis,
            Basis::Consent(c.id)
        );
    }

    #[test]
    fn an_empty_or_unaddressed_handover_is_refused() {
        let c = consent(1, ConsentKind::SchoolContact, d(3, 2));
        let reg = ConsentRegister::for_child(child(), [&c]);
        let mut h = handover();
        h.recipient_name = " ".into();
        assert_eq!(h.check(), Err(HandoverError::NoRecipient));
        let empty = Handover {
            recipient_name: "School".into(),
            ..Handover::default()
        };
        assert_eq!(empty.check(), Err(HandoverError::Empty));
        let result = Disclosure::give(
            Id::from_random([7; 16]),
            child(),
            Recipient::School,
            empty,
            &reg,
            None,
            Channel::Print,
            "Anna",
            d(3, 5),
        );
        assert_eq!(result, Err(HandoverError::Empty));
        h.recipient_name = "School".into();
        h.goals = vec!["x".repeat(MAX_ITEM + 1)];
        assert!(matches!(h.check(), Err(HandoverError::Invalid(_))));
    }

    #[test]
    fn a_disclosure_roundtrips_and_the_register_is_the_childs_newest_first() {
        assert_field_codes_valid(Disclosure::FIELDS);
        let c = consent(1, ConsentKind::SchoolContact, d(3, 2));
        let reg = ConsentRegister::for_child(child(), [&c]);
        let first = give(Recipient::School, &reg, None, d(3, 5)).unwrap();
        let r = create(&first, "AB", h(1, 1)).unwrap();
        assert_eq!(Disclosure::from_record(&r).unwrap(), first);
        let later = Disclosure {
            id: Id::from_random([8; 16]),
            on: d(4, 1),
            ..first.clone()
        };
        let other = Disclosure {
            id: Id::from_random([6; 16]),
            child_id: Id::from_random([41; 16]),
            ..first.clone()
        };
        let list = register(child(), [&first, &other, &later]);
        assert_eq!(list, vec![&later, &first]);
    }

    #[test]
    fn a_linked_disclosure_keeps_its_link_and_its_revocation() {
        let c = consent(1, ConsentKind::SchoolContact, d(3, 2));
        let reg = ConsentRegister::for_child(child(), [&c]);
        let mut given = give(Recipient::School, &reg, None, d(3, 5)).unwrap();
        given.channel = Channel::Link;
        // A link disclosure without its link (or a printed one with a link) is refused.
        assert!(given.validate().is_err());
        given.link = Some(HandoverLink {
            link_id: "AAAAAAAAAAAAAAAAAAAAAA".into(),
            secret: "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB".into(),
            expires: d(4, 4),
        });
        let r = create(&given, "AB", h(1, 1)).unwrap();
        assert_eq!(Disclosure::from_record(&r).unwrap(), given);
        given.revoked = Some(Revocation {
            on: d(3, 9),
            by: "Bram".into(),
        });
        let r = create(&given, "AB", h(1, 2)).unwrap();
        assert_eq!(Disclosure::from_record(&r).unwrap(), given);
        let printed = Disclosure {
            channel: Channel::Print,
            ..given
        };
        assert!(printed.validate().is_err());
    }
}
