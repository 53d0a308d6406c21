//! Practitioners grow: what a practitioner wants to learn, how they rate themselves each year
//! on the four core skills the coaches work on (seed 002: knowledge of child development,
//! handling striking behaviour, asking for help in time, dealing with parents), and the trainings
//! they attended.
//!
//! Each is a synced record of its own, owned by the practitioner by name (the name the device
//! writes as its author; the app has no accounts). One person's answers are shown only to that
//! person and to a manager ([`may_see`]); the rest of the team sees the team's average per year,
//! and only when at least [`MIN_RATERS`] people rated that year, so no average can be read back
//! to one person (with two raters, each could work out the other's answers).
//!
//! This is a rule about what the app shows: the records travel encrypted with the team key like
//! every other record, so any device of the team holds them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::plan::{invalid, text, PlanError, Role};
use crate::record::{Kind, Record};
use crate::view::{expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_NAME: usize = 60;
pub const MAX_QUESTION: usize = 300;
pub const MAX_TITLE: usize = 120;
/// The fewest people whose ratings make a team average that is shown.
pub const MIN_RATERS: usize = 3;

/// The four core skills of seed 002.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Skill {
    /// Kennis van de ontwikkeling van kinderen.
    ChildDevelopment,
    /// Omgaan met opvallend gedrag.
    StrikingBehaviour,
    /// Op tijd hulp vragen.
    AskingForHelp,
    /// Omgaan met ouders.
    Parents,
}

impl Skill {
    pub const ALL: [Skill; 4] = [
        Skill::ChildDevelopment,
        Skill::StrikingBehaviour,
        Skill::AskingForHelp,
        Skill::Parents,
    ];
}

/// Whether a device whose author is `viewer` with `roles` may see what `owner` recorded about
/// their own growth: the person themself and a manager may. Names compare as people type them
/// (trimmed, case-insensitive).
pub fn may_see(viewer: &str, roles: &[Role], owner: &str) -> bool {
    roles.contains(&Role::Manager) || same_person(viewer, owner)
}

/// A learning question is also what the coach works on, so the coach sees it too (not the
/// ratings).
pub fn may_see_question(viewer: &str, roles: &[Role], owner: &str) -> bool {
    roles.contains(&Role::Coach) || may_see(viewer, roles, owner)
}

/// Whether two names are the same person's, as people type them.
pub fn same_person(a: &str, b: &str) -> bool {
    let a = a.trim();
    !a.is_empty() && a.to_lowercase() == b.trim().to_lowercase()
}

fn practitioner(name: &str) -> Result<(), PlanError> {
    text("practitioner", name, true, MAX_NAME)
}

const PRACTITIONER: &str = "p";
const QUESTION: &str = "q";
const ASKED_ON: &str = "ad";
const DONE_ON: &str = "dn";

/// "Hoe reageer ik op een kind dat dichtklapt?": what a practitioner wants to learn, which coach
/// activities can be about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearningQuestion {
    pub id: Id,
    pub practitioner: String,
    pub question: String,
    pub asked_on: NaiveDate,
    /// When the practitioner marked it learnt; `None` while it is open.
    pub done_on: Option<NaiveDate>,
}

impl LearningQuestion {
    pub fn check(&self) -> Result<(), PlanError> {
        practitioner(&self.practitioner)?;
        text("learning_question", &self.question, true, MAX_QUESTION)?;
        match self.done_on {
            Some(done) if done < self.asked_on => Err(PlanError::DateOrder {
                field: "done_on",
                date: done,
                other: "asked_on",
                other_date: self.asked_on,
            }),
            _ => Ok(()),
        }
    }
}

impl View for LearningQuestion {
    const KIND: Kind = Kind::LearningQuestion;
    const FIELDS: &'static [&'static str] = &[PRACTITIONER, QUESTION, ASKED_ON, DONE_ON];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .text(PRACTITIONER, &self.practitioner)
            .text(QUESTION, &self.question)
            .date(ASKED_ON, Some(self.asked_on))
            .date(DONE_ON, self.done_on)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::LearningQuestion)?;
        let f = Fields(record);
        Ok(LearningQuestion {
            id: record.id(),
            practitioner: f.required_str(PRACTITIONER)?,
            question: f.required_str(QUESTION)?,
            asked_on: f.required_date(ASKED_ON)?,
            done_on: f.opt_date(DONE_ON)?,
        })
    }
}

const YEAR: &str = "y";
const SCORES: &str = "sc";

/// A practitioner's rating of themself, 1 (still learning) to 5 (confident), on the four
/// [`Skill`]s, once a year. The app keeps one per person and year: a second rating in the same
/// year edits the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfRating {
    pub id: Id,
    pub practitioner: String,
    pub year: i32,
    /// In the order of [`Skill::ALL`].
    pub scores: [u8; 4],
}

impl SelfRating {
    pub fn score(&self, skill: Skill) -> u8 {
        let i = Skill::ALL.iter().position(|s| *s == skill).unwrap_or(0);
        self.scores[i]
    }

    pub fn check(&self) -> Result<(), PlanError> {
        practitioner(&self.practitioner)?;
        if let Some(bad) = self.scores.iter().find(|s| !(1..=5).contains(*s)) {
            return Err(PlanError::OutOfRange {
                field: "score",
                value: (*bad).into(),
                min: 1,
                max: 5,
            });
        }
        Ok(())
    }
}

/// This person's rating of `year`, to edit rather than to add a second one. Two devices that
/// each added one offline both keep theirs; the one with the higher id is used, on every device.
pub fn rating_of<'a>(ratings: &'a [SelfRating], person: &str, year: i32) -> Option<&'a SelfRating> {
    ratings
        .iter()
        .filter(|r| r.year == year && same_person(&r.practitioner, person))
        .max_by_key(|r| r.id)
}

impl View for SelfRating {
    const KIND: Kind = Kind::SelfRating;
    const FIELDS: &'static [&'static str] = &[PRACTITIONER, YEAR, SCORES];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .text(PRACTITIONER, &self.practitioner)
            .json(YEAR, Some(&self.year))
            .json(SCORES, Some(&self.scores))
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::SelfRating)?;
        let f = Fields(record);
        Ok(SelfRating {
            id: record.id(),
            practitioner: f.required_str(PRACTITIONER)?,
            year: f.required_json(YEAR)?,
            scores: f.required_json(SCORES)?,
        })
    }
}

const DATE: &str = "d";
const TITLE: &str = "t";

/// A training, course or training evening a practitioner attended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    pub id: Id,
    pub practitioner: String,
    pub date: NaiveDate,
    pub title: String,
}

impl Training {
    pub fn check(&self) -> Result<(), PlanError> {
        practitioner(&self.practitioner)?;
        text("training", &self.title, true, MAX_TITLE)
    }
}

impl View for Training {
    const KIND: Kind = Kind::Training;
    const FIELDS: &'static [&'static str] = &[PRACTITIONER, DATE, TITLE];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .text(PRACTITIONER, &self.practitioner)
            .date(DATE, Some(self.date))
            .text(TITLE, &self.title)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::Training)?;
        let f = Fields(record);
        Ok(Training {
            id: record.id(),
            practitioner: f.required_str(PRACTITIONER)?,
            date: f.required_date(DATE)?,
            title: f.required_str(TITLE)?,
        })
    }
}

/// The team's self-rating of one year.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamAverage {
    pub year: i32,
    /// How many people rated themselves that year.
    pub people: usize,
    /// The average score per skill, in the order of [`Skill::ALL`]; `None` when fewer than
    /// [`MIN_RATERS`] people rated (then it would show someone's own answers).
    pub scores: Option<[f64; 4]>,
}

/// The team average per year, newest year first. One rating per person and year counts (the one
/// [`rating_of`] picks), so a person who rated twice does not weigh double.
pub fn team_averages(ratings: &[SelfRating]) -> Vec<TeamAverage> {
    let mut years: Vec<i32> = ratings.iter().map(|r| r.year).collect();
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
        .into_iter()
        .map(|year| {
            let mut people: Vec<&SelfRating> = Vec::new();
            for r in ratings.iter().filter(|r| r.year == year) {
                if let Some(picked) = rating_of(ratings, &r.practitioner, year) {
                    if !people.iter().any(|p| p.id == picked.id) {
                        people.push(picked);
                    }
                }
            }
            let scores = (people.len() >= MIN_RATERS).then(|| {
                let n = people.len() as f64;
                std::array::from_fn(|i| {
                    people.iter().map(|p| f64::from(p.scores[i])).sum::<f64>() / n
                })
            });
            TeamAverage {
                year,
                people: people.len(),
                scores,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::d;
    use crate::record::tests::h;
    use crate::view::create;

    fn rating(n: u8, who: &str, year: i32, scores: [u8; 4]) -> SelfRating {
        SelfRating {
            id: Id::from_random([n; 16]),
            practitioner: who.into(),
            year,
            scores,
        }
    }

    #[test]
    fn records_round_trip() {
        for fields in [
            LearningQuestion::FIELDS,
            SelfRating::FIELDS,
            Training::FIELDS,
        ] {
            crate::view::assert_field_codes_valid(fields);
        }
        let q = LearningQuestion {
            id: Id::from_random([1; 16]),
            practitioner: "Anna".into(),
            question: "Hoe reageer ik als een kind dichtklapt?".into(),
            asked_on: d(2, 3),
            done_on: Some(d(5, 1)),
        };
        let r = create(&q, "Anna", h(1, 1)).unwrap();
        assert_eq!(LearningQuestion::from_record(&r).unwrap(), q);
        let s = rating(2, "Anna", 2026, [3, 2, 4, 5]);
        let r = create(&s, "Anna", h(1, 1)).unwrap();
        assert_eq!(SelfRating::from_record(&r).unwrap(), s);
        assert_eq!(s.score(Skill::Parents), 5);
        let t = Training {
            id: Id::from_random([3; 16]),
            practitioner: "Anna".into(),
            date: d(3, 12),
            title: "Trainingsavond opvallend gedrag".into(),
        };
        let r = create(&t, "Anna", h(1, 1)).unwrap();
        assert_eq!(Training::from_record(&r).unwrap(), t);
    }

    #[test]
    fn validation() {
        assert!(rating(1, "Anna", 2026, [0, 3, 3, 3]).check().is_err());
        assert!(rating(1, "Anna", 2026, [3, 3, 3, 6]).check().is_err());
        assert!(rating(1, " ", 2026, [3, 3, 3, 3]).check().is_err());
        assert!(rating(1, "Anna", 2026, [1, 5, 3, 3]).check().is_ok());
        let q = LearningQuestion {
            id: Id::from_random([1; 16]),
            practitioner: "Anna".into(),
            question: "".into(),
            asked_on: d(2, 3),
            done_on: None,
        };
        assert!(q.check().is_err());
        let early = LearningQuestion {
            question: "Grenzen stellen".into(),
            done_on: Some(d(1, 1)),
            ..q
        };
        assert!(matches!(early.check(), Err(PlanError::DateOrder { .. })));
    }

    #[test]
    fn own_answers_only_for_the_person_and_a_manager() {
        let practitioner = [Role::Practitioner];
        assert!(may_see(" anna ", &practitioner, "Anna"));
        assert!(!may_see("Bram", &practitioner, "Anna"));
        assert!(!may_see("", &practitioner, ""));
        assert!(may_see(
            "Bram",
            &[Role::Practitioner, Role::Manager],
            "Anna"
        ));
        assert!(!may_see("Manon", &[Role::Coach], "Anna"));
        assert!(may_see_question("Manon", &[Role::Coach], "Anna"));
        assert!(!may_see_question("Bram", &practitioner, "Anna"));
    }

    #[test]
    fn team_average_needs_three_people_and_counts_each_once() {
        let two = [
            rating(1, "Anna", 2026, [2, 2, 2, 2]),
            rating(2, "Bram", 2026, [4, 4, 4, 4]),
        ];
        let avg = team_averages(&two);
        assert_eq!((avg[0].people, avg[0].scores), (2, None));
        let mut three = two.to_vec();
        three.push(rating(3, "Cem", 2026, [3, 5, 1, 4]));
        // Anna rated twice (two devices offline): only one of hers counts, the same everywhere.
        three.push(rating(9, "anna", 2026, [5, 5, 5, 5]));
        three.push(rating(4, "Anna", 2025, [1, 1, 1, 1]));
        let avg = team_averages(&three);
        assert_eq!(avg.iter().map(|a| a.year).collect::<Vec<_>>(), [2026, 2025]);
        assert_eq!(avg[0].people, 3);
        assert_eq!(
            avg[0].scores,
            Some([4.0, 14.0 / 3.0, 10.0 / 3.0, 13.0 / 3.0])
        );
        assert_eq!(avg[1].scores, None);
        assert_eq!(
            rating_of(&three, "ANNA", 2026).unwrap().id,
            Id::from_random([9; 16])
        );
        assert!(rating_of(&three, "Dirk", 2026).is_none());
    }
}
