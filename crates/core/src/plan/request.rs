//! Requests for the coach: who asked, on what date, and when the coach made first contact, so a
//! manager sees the queue and the waiting time ("De uren … raken op": when hours run out, the
//! queue is where it shows first). A request is about a group or a question, never a child's
//! name: the coach hears the child's name only once the parents consented.

use chrono::{Datelike, NaiveDate};

use super::{invalid, text, PlanError};
use crate::id::Id;
use crate::record::{Kind, Record};
use crate::view::{expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_QUESTION: usize = 300;

const ASKED_ON: &str = "ad";
const ASKED_BY: &str = "ab";
const GROUP: &str = "g";
const QUESTION: &str = "q";
const FIRST_CONTACT: &str = "fc";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoachRequest {
    pub id: Id,
    pub asked_on: NaiveDate,
    /// The practitioner or team that asked.
    pub asked_by: String,
    pub group: Option<Id>,
    pub question: String,
    /// When the coach first made contact; `None` while the request waits.
    pub first_contact_on: Option<NaiveDate>,
}

impl CoachRequest {
    pub fn check(&self) -> Result<(), PlanError> {
        text("asked_by", &self.asked_by, true, 80)?;
        text("question", &self.question, true, MAX_QUESTION)?;
        match self.first_contact_on {
            Some(c) if c < self.asked_on => Err(PlanError::DateOrder {
                field: "first_contact_on",
                date: c,
                other: "asked_on",
                other_date: self.asked_on,
            }),
            _ => Ok(()),
        }
    }

    /// Days waited: until the first contact, or until `today` while it waits.
    pub fn waiting_days(&self, today: NaiveDate) -> i64 {
        let end = self.first_contact_on.unwrap_or(today);
        (end - self.asked_on).num_days().max(0)
    }

    /// The request with its first contact on `on`.
    pub fn contacted(&self, on: NaiveDate) -> Result<CoachRequest, PlanError> {
        let next = CoachRequest {
            first_contact_on: Some(on),
            ..self.clone()
        };
        next.check()?;
        Ok(next)
    }
}

/// The queue: waiting requests, longest waiting first; then the answered ones, newest first.
pub fn queue(requests: &[CoachRequest]) -> Vec<&CoachRequest> {
    let mut out: Vec<&CoachRequest> = requests.iter().collect();
    out.sort_by_key(|r| match r.first_contact_on {
        None => (0, r.asked_on.num_days_from_ce(), r.id),
        Some(c) => (1, -c.num_days_from_ce(), r.id),
    });
    out
}

impl View for CoachRequest {
    const KIND: Kind = Kind::CoachRequest;
    const FIELDS: &'static [&'static str] = &[ASKED_ON, ASKED_BY, GROUP, QUESTION, FIRST_CONTACT];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .date(ASKED_ON, Some(self.asked_on))
            .text(ASKED_BY, &self.asked_by)
            .id(GROUP, self.group)
            .text(QUESTION, &self.question)
            .date(FIRST_CONTACT, self.first_contact_on)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::CoachRequest)?;
        let f = Fields(record);
        Ok(CoachRequest {
            id: record.id(),
            asked_on: f.required_date(ASKED_ON)?,
            asked_by: f.str(ASKED_BY)?,
            group: f.opt_id(GROUP)?,
            question: f.str(QUESTION)?,
            first_contact_on: f.opt_date(FIRST_CONTACT)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::d;
    use crate::record::tests::h;
    use crate::view::create;

    fn request(n: u8, asked_on: NaiveDate, first: Option<NaiveDate>) -> CoachRequest {
        CoachRequest {
            id: Id::from_random([n; 16]),
            asked_on,
            asked_by: "Anouk (Bijen)".into(),
            group: Some(Id::from_random([9; 16])),
            question: "Onrust bij de overgang naar buiten".into(),
            first_contact_on: first,
        }
    }

    #[test]
    fn waiting_time_and_the_queue() {
        crate::view::assert_field_codes_valid(CoachRequest::FIELDS);
        let waiting = request(1, d(3, 1), None);
        let answered = waiting.contacted(d(3, 8)).unwrap();
        assert_eq!(waiting.waiting_days(d(3, 11)), 10);
        assert_eq!(answered.waiting_days(d(6, 1)), 7, "fixed once contacted");
        assert!(
            waiting.contacted(d(2, 28)).is_err(),
            "no contact before the request"
        );
        let older = request(2, d(2, 20), None);
        let all = [answered.clone(), waiting.clone(), older.clone()];
        let order: Vec<Id> = queue(&all).iter().map(|r| r.id).collect();
        assert_eq!(order, [older.id, waiting.id, answered.id]);
        let r = create(&answered, "AB", h(1, 1)).unwrap();
        assert_eq!(CoachRequest::from_record(&r).unwrap(), answered);
        assert!(request(3, d(3, 1), None)
            .contacted(d(3, 1))
            .is_ok_and(|r| r.waiting_days(d(3, 5)) == 0));
        let mut blank = waiting;
        blank.question = " ".into();
        assert!(blank.check().is_err());
    }
}
