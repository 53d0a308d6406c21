//! A group (a BSO group or location's room) that children belong to.

use crate::id::Id;
use crate::record::{Kind, Record};
use crate::view::{check_text, expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

/// Longest group name; a group name is a label on a chip, not a description.
pub const MAX_GROUP_NAME: usize = 80;

const NAME: &str = "n";
const ARCHIVED: &str = "ar";
const WELLBEING_WEEKS: &str = "ww";

/// The longest period between two wellbeing lists a group can set (a school year).
pub const MAX_WELLBEING_WEEKS: u8 = 52;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: Id,
    pub name: String,
    /// Archived groups keep their history but are hidden from pickers.
    pub archived: bool,
    /// Every how many weeks the group fills the wellbeing list; `None`: no reminder.
    pub wellbeing_every_weeks: Option<u8>,
}

impl Group {
    pub fn new(id: Id, name: impl Into<String>) -> Self {
        Group {
            id,
            name: name.into(),
            archived: false,
            wellbeing_every_weeks: None,
        }
    }
}

impl View for Group {
    const KIND: Kind = Kind::Group;
    const FIELDS: &'static [&'static str] = &[NAME, ARCHIVED, WELLBEING_WEEKS];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        check_text("name", &self.name, true, MAX_GROUP_NAME)?;
        match self.wellbeing_every_weeks {
            Some(w) if w == 0 || w > MAX_WELLBEING_WEEKS => {
                Err(ValidationError::Plan(crate::plan::PlanError::OutOfRange {
                    field: "wellbeing_every_weeks",
                    value: w.into(),
                    min: 1,
                    max: MAX_WELLBEING_WEEKS.into(),
                }))
            }
            _ => Ok(()),
        }
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .text(NAME, &self.name)
            .flag(ARCHIVED, self.archived)
            .json(WELLBEING_WEEKS, self.wellbeing_every_weeks.as_ref())
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::Group)?;
        let f = Fields(record);
        Ok(Group {
            id: record.id(),
            name: f.required_str(NAME)?,
            archived: f.bool(ARCHIVED)?,
            wellbeing_every_weeks: f.json(WELLBEING_WEEKS)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::tests::h;
    use crate::view::{apply, assert_field_codes_valid, create};

    #[test]
    fn roundtrip_and_archive() {
        assert_field_codes_valid(Group::FIELDS);
        let g = Group::new(Id::from_random([3; 16]), "De Vlinders");
        let mut r = create(&g, "AB", h(1, 1)).unwrap();
        assert_eq!(Group::from_record(&r).unwrap(), g);
        let archived = Group {
            archived: true,
            ..g.clone()
        };
        assert_eq!(
            apply(&mut r, &archived, "CD", h(2, 1)).unwrap(),
            vec![ARCHIVED]
        );
        assert_eq!(Group::from_record(&r).unwrap(), archived);
        assert_eq!(r.updated_by(), Some("CD"));
        // Un-archiving clears the field with a stamped null.
        assert_eq!(apply(&mut r, &g, "CD", h(3, 1)).unwrap(), vec![ARCHIVED]);
        assert!(!Group::from_record(&r).unwrap().archived);
    }

    #[test]
    fn validation() {
        let id = Id::from_random([3; 16]);
        assert_eq!(
            create(&Group::new(id, "  "), "AB", h(1, 1)),
            Err(ValidationError::Empty { field: "name" })
        );
        let long = "x".repeat(MAX_GROUP_NAME + 1);
        assert!(matches!(
            Group::new(id, long).validate(),
            Err(ValidationError::TooLong {
                field: "name",
                len: 81,
                max: 80
            })
        ));
    }

    #[test]
    fn decode_errors() {
        let id = Id::from_random([3; 16]);
        let r = Record::create(id, Kind::Group, "AB", h(1, 1));
        assert_eq!(Group::from_record(&r), Err(DecodeError::Missing("n")));
        let r = Record::create(id, Kind::Child, "AB", h(1, 1));
        assert!(matches!(
            Group::from_record(&r),
            Err(DecodeError::WrongKind { .. })
        ));
    }
}
