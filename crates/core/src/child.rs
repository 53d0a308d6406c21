//! A child in the register. Deliberately minimal (first name + initial, group, optional birth
//! year): the app holds special personal data about children and stores no more than the team
//! needs to recognise a child. No photos, no full birth date.

use crate::id::Id;
use crate::record::{Kind, Record};
use crate::view::{check_text, expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_DISPLAY_NAME: usize = 60;
pub const MAX_CHILD_NOTES: usize = 2000;
/// Sanity bounds for a birth year. The crate has no clock, so these are fixed; they catch typos
/// such as `201` or `20155`, not children who are too old for the BSO.
pub const MIN_BIRTH_YEAR: u16 = 2000;
pub const MAX_BIRTH_YEAR: u16 = 2100;

const NAME: &str = "n";
const GROUP: &str = "g";
const BIRTH_YEAR: &str = "by";
const NOTES: &str = "no";
const ARCHIVED: &str = "ar";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub id: Id,
    /// First name plus initial is enough ("Sem B.").
    pub display_name: String,
    pub group_id: Id,
    pub birth_year: Option<u16>,
    pub notes: String,
    /// Archived children (left the BSO) keep their history but leave pickers.
    pub archived: bool,
}

impl Child {
    pub fn new(id: Id, display_name: impl Into<String>, group_id: Id) -> Self {
        Child {
            id,
            display_name: display_name.into(),
            group_id,
            birth_year: None,
            notes: String::new(),
            archived: false,
        }
    }

    /// Age reached during `year` (the app passes the current year), if the birth year is known.
    pub fn age_in(&self, year: i32) -> Option<i32> {
        self.birth_year.map(|b| year - i32::from(b))
    }
}

/// The day an archived child was archived (it left the BSO), from the stamp of that write;
/// `None` while the child attends.
pub fn left_on(record: &Record) -> Option<chrono::NaiveDate> {
    let stamped = record
        .get(ARCHIVED)
        .filter(|s| s.value == serde_json::Value::Bool(true))?;
    let at = chrono::DateTime::from_timestamp_millis(i64::try_from(stamped.stamp.wall_ms).ok()?)?;
    Some(at.date_naive())
}

impl View for Child {
    const KIND: Kind = Kind::Child;
    const FIELDS: &'static [&'static str] = &[NAME, GROUP, BIRTH_YEAR, NOTES, ARCHIVED];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        check_text("display_name", &self.display_name, true, MAX_DISPLAY_NAME)?;
        check_text("notes", &self.notes, false, MAX_CHILD_NOTES)?;
        match self.birth_year {
            Some(year) if !(MIN_BIRTH_YEAR..=MAX_BIRTH_YEAR).contains(&year) => {
                Err(ValidationError::BirthYearOutOfRange {
                    year,
                    min: MIN_BIRTH_YEAR,
                    max: MAX_BIRTH_YEAR,
                })
            }
            _ => Ok(()),
        }
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .text(NAME, &self.display_name)
            .id(GROUP, Some(self.group_id))
            .value(BIRTH_YEAR, self.birth_year.map(serde_json::Value::from))
            .text(NOTES, &self.notes)
            .flag(ARCHIVED, self.archived)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::Child)?;
        let f = Fields(record);
        Ok(Child {
            id: record.id(),
            display_name: f.required_str(NAME)?,
            group_id: f.required_id(GROUP)?,
            birth_year: f.opt_u16(BIRTH_YEAR)?,
            notes: f.str(NOTES)?,
            archived: f.bool(ARCHIVED)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::tests::h;
    use crate::record::{merge, FieldName};
    use crate::view::{apply, assert_field_codes_valid, create};
    use serde_json::json;

    fn child() -> Child {
        let mut c = Child::new(Id::from_random([4; 16]), "Sem B.", Id::from_random([5; 16]));
        c.birth_year = Some(2017);
        c
    }

    #[test]
    fn left_on_is_the_day_of_archiving() {
        let mut c = child();
        let mut r = create(&c, "AB", h(1_790_000_000_000, 1)).unwrap();
        assert_eq!(left_on(&r), None);
        c.archived = true;
        apply(&mut r, &c, "AB", h(1_795_000_000_000, 1)).unwrap();
        assert_eq!(left_on(&r), chrono::NaiveDate::from_ymd_opt(2026, 11, 18));
    }

    #[test]
    fn roundtrip() {
        assert_field_codes_valid(Child::FIELDS);
        let c = child();
        let r = create(&c, "AB", h(1, 1)).unwrap();
        assert_eq!(Child::from_record(&r).unwrap(), c);
        assert_eq!(r.created_by(), Some("AB"));
        assert_eq!(c.age_in(2026), Some(9));
    }

    #[test]
    fn concurrent_edits_of_different_fields_both_survive() {
        let c = child();
        let base = create(&c, "AB", h(1, 1)).unwrap();
        let mut on_a = base.clone();
        apply(
            &mut on_a,
            &Child {
                notes: "Allergisch voor noten".into(),
                ..c.clone()
            },
            "AB",
            h(5, 1),
        )
        .unwrap();
        let mut on_b = base.clone();
        apply(
            &mut on_b,
            &Child {
                birth_year: Some(2016),
                ..c.clone()
            },
            "CD",
            h(6, 2),
        )
        .unwrap();
        let merged = Child::from_record(&merge(&on_a, &on_b).unwrap()).unwrap();
        assert_eq!(merged.notes, "Allergisch voor noten");
        assert_eq!(merged.birth_year, Some(2016));
    }

    #[test]
    fn unchanged_save_writes_nothing_and_unknown_fields_survive() {
        let c = child();
        let mut r = create(&c, "AB", h(1, 1)).unwrap();
        r.set(FieldName::new("future").unwrap(), json!("kept"), h(2, 1));
        let before = r.clone();
        assert!(apply(&mut r, &c, "CD", h(3, 1)).unwrap().is_empty());
        assert_eq!(r, before);
        apply(
            &mut r,
            &Child {
                birth_year: None,
                ..c
            },
            "CD",
            h(4, 1),
        )
        .unwrap();
        assert_eq!(r.value("future"), Some(&json!("kept")));
        assert_eq!(Child::from_record(&r).unwrap().birth_year, None);
    }

    #[test]
    fn validation() {
        let mut c = child();
        c.birth_year = Some(201);
        assert_eq!(
            c.validate(),
            Err(ValidationError::BirthYearOutOfRange {
                year: 201,
                min: 2000,
                max: 2100
            })
        );
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "birth year 201 is outside 2000..=2100"
        );
        let c = Child {
            display_name: String::new(),
            ..child()
        };
        assert_eq!(
            c.validate(),
            Err(ValidationError::Empty {
                field: "display_name"
            })
        );
        let c = Child {
            display_name: "é".repeat(MAX_DISPLAY_NAME),
            ..child()
        };
        assert_eq!(c.validate(), Ok(()));
    }

    #[test]
    fn wrong_types_are_errors_not_defaults() {
        let c = child();
        let mut r = create(&c, "AB", h(1, 1)).unwrap();
        r.set(FieldName::new("by").unwrap(), json!("2017"), h(2, 1));
        assert!(matches!(
            Child::from_record(&r),
            Err(DecodeError::WrongType { field: "by", .. })
        ));
        let mut r = create(&c, "AB", h(1, 1)).unwrap();
        r.set(FieldName::new("g").unwrap(), json!("not-an-id"), h(2, 1));
        assert!(matches!(
            Child::from_record(&r),
            Err(DecodeError::Invalid { field: "g", .. })
        ));
    }

    #[test]
    fn apply_checks_record_identity() {
        let c = child();
        let mut r = create(&c, "AB", h(1, 1)).unwrap();
        let other = Child {
            id: Id::from_random([9; 16]),
            ..c.clone()
        };
        assert!(matches!(
            apply(&mut r, &other, "AB", h(2, 1)),
            Err(crate::view::ApplyError::WrongRecord { .. })
        ));
        r.erase(h(3, 1));
        assert!(matches!(
            apply(&mut r, &c, "AB", h(4, 1)),
            Err(crate::view::ApplyError::Erased(_))
        ));
    }
}
