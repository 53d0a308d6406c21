//! A notebook entry ("moment"): a notable moment about one or more children, jotted in seconds.
//!
//! Only the children, group and time are required; everything else is optional, because the
//! practitioner writes it with a group of children around them. The structured fields mirror the
//! paper notebooks seen in the pilots (situation, trigger, behaviour, response, the child's own
//! account, ending, PAD-style rating, group impact, told parents, handover, plan goal).

use std::fmt;

use chrono::{NaiveDateTime, NaiveTime, Timelike};
use serde_json::Value;

use crate::id::Id;
use crate::iso;
use crate::record::{Kind, Record};
use crate::view::{check_text, expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_NOTE: usize = 5000;
pub const MAX_DETAIL: usize = 2000;
pub const MAX_CUSTOM_TAG: usize = 40;

/// Built-in tags plus free custom tags. Built-ins have stable short codes so the app can
/// translate them and storage stays small; custom tags are stored as `#text` so they can never
/// collide with a built-in code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tag {
    Externalising,
    Internalising,
    Withdrawn,
    Conflict,
    Bullying,
    Rules,
    Wellbeing,
    /// Positive moments matter: parents see these first.
    Positive,
    Custom(String),
}

/// A tag code that is neither built in nor a `#custom` tag.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown tag code \"{0}\"")]
pub struct UnknownTag(pub String);

const CUSTOM_PREFIX: char = '#';

impl Tag {
    pub const BUILT_IN: [Tag; 8] = [
        Tag::Externalising,
        Tag::Internalising,
        Tag::Withdrawn,
        Tag::Conflict,
        Tag::Bullying,
        Tag::Rules,
        Tag::Wellbeing,
        Tag::Positive,
    ];

    /// Storage code: two letters for built-ins, `#text` for custom tags.
    pub fn code(&self) -> String {
        let short = match self {
            Tag::Externalising => "ex",
            Tag::Internalising => "in",
            Tag::Withdrawn => "wd",
            Tag::Conflict => "cf",
            Tag::Bullying => "bu",
            Tag::Rules => "ru",
            Tag::Wellbeing => "wb",
            Tag::Positive => "po",
            Tag::Custom(text) => return format!("{CUSTOM_PREFIX}{text}"),
        };
        short.to_owned()
    }

    pub fn from_code(code: &str) -> Result<Tag, UnknownTag> {
        if let Some(text) = code.strip_prefix(CUSTOM_PREFIX) {
            return Ok(Tag::Custom(text.to_owned()));
        }
        Tag::BUILT_IN
            .into_iter()
            .find(|t| t.code() == code)
            .ok_or_else(|| UnknownTag(code.to_owned()))
    }
}

impl fmt::Display for Tag {
    /// The code, for logs; the app shows translated names for built-ins.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code())
    }
}

/// PAD-style traffic-light rating of how the moment went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rating {
    Red,
    Orange,
    Green,
}

impl Rating {
    pub const fn code(self) -> &'static str {
        match self {
            Rating::Red => "r",
            Rating::Orange => "o",
            Rating::Green => "g",
        }
    }

    pub fn from_code(code: &str) -> Option<Rating> {
        [Rating::Red, Rating::Orange, Rating::Green]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// Part of the BSO day, derived from the time so nobody has to pick it. Boundaries follow the
/// BSO rhythm: mornings only happen on holidays and study days; children arrive from school
/// between 12:00 (Wednesday) and 15:00; the afternoon programme runs until 17:00; pick-up is from
/// 17:00 until closing (~18:30), the rushed moment when parents are told things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartOfDay {
    /// Before 12:00 (holidays, study days).
    Morning,
    /// 12:00–15:00: arrival from school, snack.
    Arrival,
    /// 15:00–17:00: play and activities.
    Afternoon,
    /// From 17:00: pick-up.
    Pickup,
}

impl PartOfDay {
    pub fn of(time: NaiveTime) -> PartOfDay {
        match time.hour() {
            0..=11 => PartOfDay::Morning,
            12..=14 => PartOfDay::Arrival,
            15..=16 => PartOfDay::Afternoon,
            _ => PartOfDay::Pickup,
        }
    }
}

const CHILDREN: &str = "c";
const GROUP: &str = "g";
const OCCURRED_AT: &str = "t";
const TAGS: &str = "tg";
const NOTE: &str = "n";
const SITUATION: &str = "si";
const TRIGGER: &str = "tr";
const BEHAVIOUR: &str = "be";
const RESPONSE: &str = "re";
const CHILD_ACCOUNT: &str = "ca";
const ENDING: &str = "en";
const RATING: &str = "ra";
const GROUP_IMPACT: &str = "gi";
const TOLD_PARENT: &str = "tp";
const FOR_HANDOVER: &str = "ho";
const GOAL: &str = "go";
const FROM_PARENT: &str = "fp";
const READ: &str = "rd";
const TALK: &str = "pt";

/// Storage code of the time field, for the storage layer's month buckets.
pub(crate) const OCCURRED_AT_FIELD: &str = OCCURRED_AT;

/// A notebook entry. Empty strings mean "not filled in" (and are not stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moment {
    pub id: Id,
    /// Who wrote it: read from the record's creator, so it is not stored twice. Ignored when
    /// saving (the author is passed to [`crate::view::create`]).
    pub author: String,
    pub child_ids: Vec<Id>,
    pub group_id: Id,
    /// Local wall time of the moment (the BSO's time zone; no offset is needed for a notebook).
    pub occurred_at: NaiveDateTime,
    pub tags: Vec<Tag>,
    pub note: String,
    pub situation: String,
    pub trigger: String,
    pub behaviour: String,
    pub response: String,
    pub child_account: String,
    pub ending: String,
    pub rating: Option<Rating>,
    pub group_impact: String,
    pub told_parent: bool,
    pub for_handover: bool,
    pub goal_id: Option<Id>,
    /// A parent's reply from their link (`crate::reply`), not a staff observation.
    pub from_parent: bool,
    /// A practitioner marked the parent's reply read: it leaves Today's handover.
    pub read: bool,
    /// The parent's answer to the proposed next talk.
    pub talk: Option<crate::reply::TalkAnswer>,
}

impl Moment {
    /// Tagged positive or rated green: what a parent summary offers first.
    pub fn is_positive(&self) -> bool {
        self.tags.contains(&Tag::Positive) || self.rating == Some(Rating::Green)
    }

    /// A moment with only the required fields set.
    pub fn new(
        id: Id,
        author: impl Into<String>,
        child_ids: Vec<Id>,
        group_id: Id,
        occurred_at: NaiveDateTime,
    ) -> Self {
        Moment {
            id,
            author: author.into(),
            child_ids,
            group_id,
            occurred_at,
            tags: Vec::new(),
            note: String::new(),
            situation: String::new(),
            trigger: String::new(),
            behaviour: String::new(),
            response: String::new(),
            child_account: String::new(),
            ending: String::new(),
            rating: None,
            group_impact: String::new(),
            told_parent: false,
            for_handover: false,
            goal_id: None,
            from_parent: false,
            read: false,
            talk: None,
        }
    }

    pub fn part_of_day(&self) -> PartOfDay {
        PartOfDay::of(self.occurred_at.time())
    }

    /// The optional free-text details with their view names, in form order (for validation,
    /// search indexing and display).
    pub fn details(&self) -> [(&'static str, &str); 7] {
        [
            ("situation", &self.situation),
            ("trigger", &self.trigger),
            ("behaviour", &self.behaviour),
            ("response", &self.response),
            ("child_account", &self.child_account),
            ("ending", &self.ending),
            ("group_impact", &self.group_impact),
        ]
    }

    fn detail_codes() -> [&'static str; 7] {
        [
            SITUATION,
            TRIGGER,
            BEHAVIOUR,
            RESPONSE,
            CHILD_ACCOUNT,
            ENDING,
            GROUP_IMPACT,
        ]
    }
}

impl View for Moment {
    const KIND: Kind = Kind::Moment;
    const FIELDS: &'static [&'static str] = &[
        CHILDREN,
        GROUP,
        OCCURRED_AT,
        TAGS,
        NOTE,
        SITUATION,
        TRIGGER,
        BEHAVIOUR,
        RESPONSE,
        CHILD_ACCOUNT,
        ENDING,
        RATING,
        GROUP_IMPACT,
        TOLD_PARENT,
        FOR_HANDOVER,
        GOAL,
        FROM_PARENT,
        READ,
        TALK,
    ];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        if self.child_ids.is_empty() {
            return Err(ValidationError::NoChildren);
        }
        for (i, child) in self.child_ids.iter().enumerate() {
            if self.child_ids[..i].contains(child) {
                return Err(ValidationError::DuplicateChild(*child));
            }
        }
        for (i, tag) in self.tags.iter().enumerate() {
            if let Tag::Custom(text) = tag {
                check_text("tag", text, true, MAX_CUSTOM_TAG)?;
            }
            if self.tags[..i].contains(tag) {
                return Err(ValidationError::DuplicateTag(tag.code()));
            }
        }
        check_text("note", &self.note, false, MAX_NOTE)?;
        for (field, text) in self.details() {
            check_text(field, text, false, MAX_DETAIL)?;
        }
        let has_text = !self.note.trim().is_empty()
            || self.details().iter().any(|(_, t)| !t.trim().is_empty());
        if !has_text && self.tags.is_empty() && self.rating.is_none() && self.talk.is_none() {
            return Err(ValidationError::NothingRecorded);
        }
        Ok(())
    }

    fn to_fields(&self) -> Vec<(&'static str, Value)> {
        let mut out = FieldsOut::default();
        out.list(CHILDREN, self.child_ids.iter().map(Id::to_string))
            .id(GROUP, Some(self.group_id))
            .text(OCCURRED_AT, &iso::time(self.occurred_at))
            .list(TAGS, self.tags.iter().map(Tag::code))
            .text(NOTE, &self.note);
        for (code, (_, text)) in Moment::detail_codes().into_iter().zip(self.details()) {
            out.text(code, text);
        }
        out.value(RATING, self.rating.map(|r| Value::from(r.code())))
            .flag(TOLD_PARENT, self.told_parent)
            .flag(FOR_HANDOVER, self.for_handover)
            .id(GOAL, self.goal_id)
            .flag(FROM_PARENT, self.from_parent)
            .flag(READ, self.read)
            .value(TALK, self.talk.map(|t| Value::from(t.code())))
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::Moment)?;
        let f = Fields(record);
        let time = f.required_str(OCCURRED_AT)?;
        let occurred_at = iso::parse_time(&time).ok_or_else(|| DecodeError::Invalid {
            field: OCCURRED_AT,
            reason: format!("not a local date-time: \"{time}\""),
        })?;
        let tags = f
            .str_list(TAGS)?
            .iter()
            .map(|code| Tag::from_code(code))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| DecodeError::Invalid {
                field: TAGS,
                reason: e.to_string(),
            })?;
        let rating = f
            .opt_str(RATING)?
            .map(|code| {
                Rating::from_code(&code).ok_or_else(|| DecodeError::Invalid {
                    field: RATING,
                    reason: format!("unknown rating \"{code}\""),
                })
            })
            .transpose()?;
        let child_ids = f.id_list(CHILDREN)?;
        if child_ids.is_empty() {
            return Err(DecodeError::Missing(CHILDREN));
        }
        Ok(Moment {
            id: record.id(),
            author: record.created_by().unwrap_or_default().to_owned(),
            child_ids,
            group_id: f.required_id(GROUP)?,
            occurred_at,
            tags,
            note: f.str(NOTE)?,
            situation: f.str(SITUATION)?,
            trigger: f.str(TRIGGER)?,
            behaviour: f.str(BEHAVIOUR)?,
            response: f.str(RESPONSE)?,
            child_account: f.str(CHILD_ACCOUNT)?,
            ending: f.str(ENDING)?,
            rating,
            group_impact: f.str(GROUP_IMPACT)?,
            told_parent: f.bool(TOLD_PARENT)?,
            for_handover: f.bool(FOR_HANDOVER)?,
            goal_id: f.opt_id(GOAL)?,
            from_parent: f.bool(FROM_PARENT)?,
            read: f.bool(READ)?,
            talk: f
                .opt_str(TALK)?
                .map(|code| {
                    crate::reply::TalkAnswer::from_code(&code).ok_or_else(|| DecodeError::Invalid {
                        field: TALK,
                        reason: format!("unknown talk answer \"{code}\""),
                    })
                })
                .transpose()?,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::record::tests::h;
    use crate::record::FieldName;
    use crate::view::{apply, assert_field_codes_valid, create};
    use chrono::NaiveDate;
    use serde_json::json;

    pub(crate) fn at(d: u32, hh: u32, mm: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(hh, mm, 0)
            .unwrap()
    }

    fn moment() -> Moment {
        let mut m = Moment::new(
            Id::from_random([1; 16]),
            "AB",
            vec![Id::from_random([2; 16])],
            Id::from_random([3; 16]),
            at(3, 15, 42),
        );
        m.tags = vec![Tag::Conflict, Tag::Custom("buitenspel".into())];
        m.note = "Duwde Daan bij de glijbaan.".into();
        m
    }

    #[test]
    fn roundtrip_minimal_and_full() {
        assert_field_codes_valid(Moment::FIELDS);
        let m = moment();
        let r = create(&m, "AB", h(1, 1)).unwrap();
        assert_eq!(Moment::from_record(&r).unwrap(), m);

        let mut full = moment();
        full.child_ids.push(Id::from_random([8; 16]));
        full.occurred_at = at(3, 15, 42)
            .with_second(7)
            .unwrap()
            .with_nanosecond(5_000_000)
            .unwrap();
        full.situation = "buitenspel".into();
        full.trigger = "beurt bij de schommel".into();
        full.behaviour = "duwen".into();
        full.response = "apart genomen".into();
        full.child_account = "Hij was eerst".into();
        full.ending = "samen verder gespeeld".into();
        full.rating = Some(Rating::Orange);
        full.group_impact = "onrustig".into();
        full.told_parent = true;
        full.for_handover = true;
        full.goal_id = Some(Id::from_random([6; 16]));
        let r = create(&full, "AB", h(1, 1)).unwrap();
        assert_eq!(Moment::from_record(&r).unwrap(), full);
    }

    #[test]
    fn positive_means_tagged_positive_or_rated_green() {
        let mut m = moment();
        assert!(!m.is_positive());
        m.rating = Some(Rating::Green);
        assert!(m.is_positive());
        m.rating = Some(Rating::Orange);
        m.tags.push(Tag::Positive);
        assert!(m.is_positive());
    }

    #[test]
    fn defaults_are_not_stored() {
        let r = create(&moment(), "AB", h(1, 1)).unwrap();
        let names: Vec<_> = r.fields().map(|(k, _)| k.as_str().to_owned()).collect();
        assert_eq!(names, ["c", "cb", "g", "n", "t", "tg"]);
        assert_eq!(r.value("t"), Some(&json!("2026-11-03T15:42")));
        assert_eq!(r.value("tg"), Some(&json!(["cf", "#buitenspel"])));
    }

    #[test]
    fn part_of_day_boundaries() {
        let p = |hh, mm| PartOfDay::of(NaiveTime::from_hms_opt(hh, mm, 0).unwrap());
        assert_eq!(p(8, 30), PartOfDay::Morning);
        assert_eq!(p(11, 59), PartOfDay::Morning);
        assert_eq!(p(12, 0), PartOfDay::Arrival);
        assert_eq!(p(14, 59), PartOfDay::Arrival);
        assert_eq!(p(15, 0), PartOfDay::Afternoon);
        assert_eq!(p(17, 0), PartOfDay::Pickup);
        assert_eq!(moment().part_of_day(), PartOfDay::Afternoon);
    }

    #[test]
    fn tag_codes() {
        for t in Tag::BUILT_IN {
            assert_eq!(Tag::from_code(&t.code()), Ok(t.clone()));
            assert_eq!(t.code().len(), 2);
        }
        // A custom tag named like a code stays custom.
        assert_eq!(Tag::from_code("#ex"), Ok(Tag::Custom("ex".into())));
        assert_eq!(Tag::Custom("ex".into()).code(), "#ex");
        assert!(Tag::from_code("zz").is_err());
    }

    #[test]
    fn validation() {
        let mut m = moment();
        m.child_ids.clear();
        assert_eq!(m.validate(), Err(ValidationError::NoChildren));
        let mut m = moment();
        m.child_ids.push(m.child_ids[0]);
        assert!(matches!(
            m.validate(),
            Err(ValidationError::DuplicateChild(_))
        ));
        let mut m = moment();
        m.tags.push(Tag::Conflict);
        assert_eq!(
            m.validate(),
            Err(ValidationError::DuplicateTag("cf".into()))
        );
        let mut m = moment();
        m.tags = vec![Tag::Custom(" ".into())];
        assert_eq!(m.validate(), Err(ValidationError::Empty { field: "tag" }));
        let mut m = moment();
        m.behaviour = "x".repeat(MAX_DETAIL + 1);
        assert!(matches!(
            m.validate(),
            Err(ValidationError::TooLong {
                field: "behaviour",
                ..
            })
        ));
        let mut m = moment();
        m.tags.clear();
        m.note = "   ".into();
        assert_eq!(m.validate(), Err(ValidationError::NothingRecorded));
        m.tags.push(Tag::Positive);
        assert_eq!(m.validate(), Ok(()));
    }

    #[test]
    fn edit_touches_only_changed_fields() {
        let m = moment();
        let mut r = create(&m, "AB", h(1, 1)).unwrap();
        let mut edited = m.clone();
        edited.for_handover = true;
        edited.note.push_str(" Daarna rustig.");
        let changed = apply(&mut r, &edited, "CD", h(2, 2)).unwrap();
        assert_eq!(changed, vec![NOTE, FOR_HANDOVER]);
        let back = Moment::from_record(&r).unwrap();
        assert_eq!(back.author, "AB");
        assert_eq!(r.updated_by(), Some("CD"));
        assert!(back.for_handover);
    }

    #[test]
    fn bad_stored_values_are_reported() {
        let r0 = create(&moment(), "AB", h(1, 1)).unwrap();
        let cases = [
            ("t", json!("yesterday"), "t"),
            ("tg", json!(["zz"]), "tg"),
            ("ra", json!("purple"), "ra"),
            ("c", json!([]), "c"),
        ];
        for (field, value, expect) in cases {
            let mut r = r0.clone();
            r.set(FieldName::new(field).unwrap(), value, h(2, 1));
            let err = Moment::from_record(&r).unwrap_err();
            let named = match err {
                DecodeError::Invalid { field, .. }
                | DecodeError::Missing(field)
                | DecodeError::WrongType { field, .. } => field,
                DecodeError::WrongKind { .. } => "",
            };
            assert_eq!(named, expect);
        }
    }
}
