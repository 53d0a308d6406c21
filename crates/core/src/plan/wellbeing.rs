//! The wellbeing list (lijst welbevinden): a periodic observation of *all* children of a group,
//! including quiet, internalising ones who never show up in the notebook. Three domains, four
//! levels; a child scoring poor or moderate anywhere stands out and can become a signal in one
//! tap ([`super::engine::start`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{invalid, text};
use crate::id::Id;
use crate::record::{Kind, Record};
use crate::view::{expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_NOTE: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Poor,
    Moderate,
    Good,
    Excellent,
}

impl Level {
    /// Worst to best, the order of the paper list.
    pub const ALL: [Level; 4] = [Level::Poor, Level::Moderate, Level::Good, Level::Excellent];

    /// 1 (poor) to 4 (excellent), for trends.
    pub const fn score(self) -> u8 {
        match self {
            Level::Poor => 1,
            Level::Moderate => 2,
            Level::Good => 3,
            Level::Excellent => 4,
        }
    }

    pub const fn needs_attention(self) -> bool {
        matches!(self, Level::Poor | Level::Moderate)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Domain {
    /// The child itself (comfortable, relaxed, self-confident).
    Itself,
    WithPractitioner,
    WithChildren,
}

impl Domain {
    /// The order of the paper list.
    pub const ALL: [Domain; 3] = [
        Domain::Itself,
        Domain::WithPractitioner,
        Domain::WithChildren,
    ];
}

const CHILD: &str = "c";
const GROUP: &str = "g";
const DATE: &str = "d";
const SELF: &str = "s";
const PRACTITIONER: &str = "p";
const CHILDREN: &str = "k";
const NOTE: &str = "n";

/// One child's wellbeing on one date, filled for the whole group in one sitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WellbeingObservation {
    pub id: Id,
    pub child_id: Id,
    pub group_id: Id,
    pub date: NaiveDate,
    pub itself: Level,
    pub with_practitioner: Level,
    pub with_children: Level,
    pub note: String,
}

impl WellbeingObservation {
    pub fn level(&self, domain: Domain) -> Level {
        match domain {
            Domain::Itself => self.itself,
            Domain::WithPractitioner => self.with_practitioner,
            Domain::WithChildren => self.with_children,
        }
    }

    pub fn levels(&self) -> [(Domain, Level); 3] {
        [
            (Domain::Itself, self.itself),
            (Domain::WithPractitioner, self.with_practitioner),
            (Domain::WithChildren, self.with_children),
        ]
    }

    /// Any domain poor or moderate.
    pub fn needs_attention(&self) -> bool {
        self.levels().iter().any(|(_, l)| l.needs_attention())
    }

    /// The domains that stand out, for the "why" next to the child's name.
    pub fn attention_domains(&self) -> Vec<Domain> {
        self.levels()
            .into_iter()
            .filter(|(_, l)| l.needs_attention())
            .map(|(d, _)| d)
            .collect()
    }

    /// Sum of the three scores, 3–12.
    pub fn score(&self) -> u8 {
        self.levels().iter().map(|(_, l)| l.score()).sum()
    }
}

impl View for WellbeingObservation {
    const KIND: Kind = Kind::WellbeingObservation;
    const FIELDS: &'static [&'static str] =
        &[CHILD, GROUP, DATE, SELF, PRACTITIONER, CHILDREN, NOTE];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        text("note", &self.note, false, MAX_NOTE).map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .id(CHILD, Some(self.child_id))
            .id(GROUP, Some(self.group_id))
            .date(DATE, Some(self.date))
            .json(SELF, Some(&self.itself))
            .json(PRACTITIONER, Some(&self.with_practitioner))
            .json(CHILDREN, Some(&self.with_children))
            .text(NOTE, &self.note)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::WellbeingObservation)?;
        let f = Fields(record);
        Ok(WellbeingObservation {
            id: record.id(),
            child_id: f.required_id(CHILD)?,
            group_id: f.required_id(GROUP)?,
            date: f.required_date(DATE)?,
            itself: f.required_json(SELF)?,
            with_practitioner: f.required_json(PRACTITIONER)?,
            with_children: f.required_json(CHILDREN)?,
            note: f.str(NOTE)?,
        })
    }
}

/// Direction of a child's wellbeing between its last two observations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Better,
    Same,
    Worse,
    /// Fewer than two observations.
    Unknown,
}

/// A child's wellbeing over time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// `(date, score 3–12)`, oldest first.
    pub points: Vec<(NaiveDate, u8)>,
    pub direction: Direction,
    /// The latest observation needs attention.
    pub attention_now: bool,
}

/// The trend of `child` from all observations (others are ignored). Two observations on one date
/// (two practitioners filled the list) count as one point: the lower score, so a worry is not
/// averaged away.
pub fn trend<'a>(
    child: Id,
    observations: impl IntoIterator<Item = &'a WellbeingObservation>,
) -> Trend {
    let mut own: Vec<&WellbeingObservation> = observations
        .into_iter()
        .filter(|o| o.child_id == child)
        .collect();
    own.sort_by_key(|o| (o.date, o.score()));
    let mut points: Vec<(NaiveDate, u8)> = Vec::new();
    let mut attention_now = false;
    for o in &own {
        match points.last() {
            Some((date, _)) if *date == o.date => attention_now |= o.needs_attention(),
            _ => {
                points.push((o.date, o.score()));
                attention_now = o.needs_attention();
            }
        }
    }
    let direction = match points.as_slice() {
        [.., (_, a), (_, b)] if b > a => Direction::Better,
        [.., (_, a), (_, b)] if b < a => Direction::Worse,
        [.., _, _] => Direction::Same,
        _ => Direction::Unknown,
    };
    Trend {
        points,
        direction,
        attention_now,
    }
}

/// The children needing attention in one round of the list (e.g. the group's observations of a
/// date), lowest score first so the most worrying child is on top.
pub fn needing_attention<'a>(
    observations: impl IntoIterator<Item = &'a WellbeingObservation>,
) -> Vec<&'a WellbeingObservation> {
    let mut out: Vec<_> = observations
        .into_iter()
        .filter(|o| o.needs_attention())
        .collect();
    out.sort_by_key(|o| (o.score(), o.child_id));
    out
}

/// A group whose wellbeing list is due: its period passed since the last list (or it never had
/// one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListDue {
    pub group_id: Id,
    /// The last day the group filled the list, if ever.
    pub last: Option<NaiveDate>,
    /// When the next list was (or is) due; `today` for a group that never filled one.
    pub due: NaiveDate,
}

/// The groups with a period set ([`crate::group::Group::wellbeing_every_weeks`]) whose list is
/// due on `today`, in the order of `groups`. Archived groups get no reminder.
pub fn lists_due<'a>(
    groups: impl IntoIterator<Item = &'a crate::group::Group>,
    observations: &[WellbeingObservation],
    today: NaiveDate,
) -> Vec<ListDue> {
    groups
        .into_iter()
        .filter(|g| !g.archived)
        .filter_map(|g| {
            let weeks = g.wellbeing_every_weeks?;
            let last = observations
                .iter()
                .filter(|o| o.group_id == g.id && o.date <= today)
                .map(|o| o.date)
                .max();
            let due = match last {
                Some(d) => d
                    .checked_add_days(chrono::Days::new(u64::from(weeks) * 7))
                    .unwrap_or(NaiveDate::MAX),
                None => today,
            };
            (due <= today).then_some(ListDue {
                group_id: g.id,
                last,
                due,
            })
        })
        .collect()
}

/// The latest observation of every child among `observations` (filter them by group or period
/// first), one per child in child-id order: what a list looks like now, even when a child was
/// missed in the last round. Two observations on one date (two practitioners) count as the lower
/// one, as in [`trend`]; the id only makes the choice the same on every device.
pub fn latest_per_child<'a>(
    observations: impl IntoIterator<Item = &'a WellbeingObservation>,
) -> Vec<&'a WellbeingObservation> {
    let rank = |o: &WellbeingObservation| (o.date, std::cmp::Reverse(o.score()), o.id);
    let mut latest: std::collections::BTreeMap<Id, &WellbeingObservation> = Default::default();
    for o in observations {
        latest
            .entry(o.child_id)
            .and_modify(|old| {
                if rank(o) > rank(old) {
                    *old = o;
                }
            })
            .or_insert(o);
    }
    latest.into_values().collect()
}

/// The observation this list already holds for `child` on `date`, so saving the list again
/// (a correction) edits it instead of adding a second point for the same afternoon.
pub fn existing<'a>(
    child: Id,
    group: Id,
    date: NaiveDate,
    observations: impl IntoIterator<Item = &'a WellbeingObservation>,
) -> Option<&'a WellbeingObservation> {
    observations
        .into_iter()
        .filter(|o| o.child_id == child && o.group_id == group && o.date == date)
        .min_by_key(|o| o.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::d;
    use crate::record::tests::h;
    use crate::view::{assert_field_codes_valid, create};
    use proptest::prelude::*;

    fn obs(n: u8, child: u8, date: NaiveDate, l: [Level; 3]) -> WellbeingObservation {
        WellbeingObservation {
            id: Id::from_random([n; 16]),
            child_id: Id::from_random([child; 16]),
            group_id: Id::from_random([99; 16]),
            date,
            itself: l[0],
            with_practitioner: l[1],
            with_children: l[2],
            note: String::new(),
        }
    }

    use Level::*;

    #[test]
    fn a_groups_list_is_due_once_its_period_has_passed() {
        use crate::group::Group;
        let blue = Group {
            wellbeing_every_weeks: Some(6),
            ..Group::new(Id::from_random([99; 16]), "Blauw")
        };
        let green = Group {
            wellbeing_every_weeks: Some(4),
            ..Group::new(Id::from_random([98; 16]), "Groen")
        };
        let none = Group::new(Id::from_random([97; 16]), "Geel");
        let archived = Group {
            archived: true,
            ..green.clone()
        };
        let list = [
            obs(1, 1, d(2, 1), [Good, Good, Good]),
            obs(2, 2, d(1, 5), [Good, Good, Good]),
        ];
        let groups = [blue.clone(), green.clone(), none.clone()];
        assert_eq!(
            lists_due(&groups, &list, d(3, 14)),
            vec![ListDue {
                group_id: green.id,
                last: None,
                due: d(3, 14)
            }],
            "blue: six weeks from 1 Feb is 15 Mar"
        );
        let due = lists_due(&groups, &list, d(3, 15));
        assert_eq!(
            due.iter()
                .map(|l| (l.group_id, l.last, l.due))
                .collect::<Vec<_>>(),
            vec![
                (blue.id, Some(d(2, 1)), d(3, 15)),
                (green.id, None, d(3, 15))
            ]
        );
        assert!(lists_due(&[archived, none], &list, d(12, 1)).is_empty());
        let mut bad = blue;
        bad.wellbeing_every_weeks = Some(0);
        assert!(bad.validate().is_err());
    }

    #[test]
    fn roundtrip_and_attention() {
        assert_field_codes_valid(WellbeingObservation::FIELDS);
        let o = obs(1, 1, d(3, 1), [Good, Excellent, Moderate]);
        let r = create(&o, "AB", h(1, 1)).unwrap();
        assert_eq!(WellbeingObservation::from_record(&r).unwrap(), o);
        assert!(o.needs_attention());
        assert_eq!(o.attention_domains(), vec![Domain::WithChildren]);
        assert_eq!(o.level(Domain::WithPractitioner), Excellent);
        assert!(!obs(2, 2, d(3, 1), [Good, Good, Excellent]).needs_attention());
    }

    #[test]
    fn a_group_of_fifteen() {
        let list: Vec<_> = (0..15u8)
            .map(|i| {
                let l = match i {
                    3 => [Poor, Moderate, Good],
                    7 => [Good, Good, Moderate],
                    _ => [Good, Excellent, Good],
                };
                obs(i, i, d(3, 1), l)
            })
            .collect();
        let flagged: Vec<_> = needing_attention(&list)
            .iter()
            .map(|o| o.child_id)
            .collect();
        assert_eq!(
            flagged,
            vec![Id::from_random([3; 16]), Id::from_random([7; 16])]
        );
    }

    #[test]
    fn trend_per_child() {
        let c = Id::from_random([1; 16]);
        let list = [
            obs(1, 1, d(1, 10), [Good, Good, Good]),
            obs(2, 1, d(4, 10), [Moderate, Good, Poor]),
            obs(3, 2, d(4, 10), [Poor, Poor, Poor]),
            obs(4, 1, d(4, 10), [Good, Good, Good]),
        ];
        let t = trend(c, &list);
        assert_eq!(t.points, vec![(d(1, 10), 9), (d(4, 10), 6)]);
        assert_eq!(t.direction, Direction::Worse);
        assert!(t.attention_now);
        let t = trend(c, &list[..1]);
        assert_eq!((t.direction, t.attention_now), (Direction::Unknown, false));
        let better = [list[1].clone(), obs(5, 1, d(6, 1), [Good, Excellent, Good])];
        assert_eq!(trend(c, &better).direction, Direction::Better);
    }

    #[test]
    fn latest_per_child_of_a_group() {
        let other_group = |mut o: WellbeingObservation| {
            o.group_id = Id::from_random([98; 16]);
            o
        };
        let list = [
            obs(1, 1, d(1, 10), [Good, Good, Good]),
            obs(2, 1, d(4, 10), [Good, Excellent, Good]),
            obs(3, 1, d(4, 10), [Moderate, Good, Good]),
            obs(4, 2, d(1, 10), [Poor, Good, Good]),
            other_group(obs(5, 3, d(5, 10), [Good, Good, Good])),
        ];
        let group = Id::from_random([99; 16]);
        let latest: Vec<u8> = latest_per_child(list.iter().filter(|o| o.group_id == group))
            .iter()
            .map(|o| o.score())
            .collect();
        // Child 1: the worrying one of 4 October; child 2: its only one; child 3 is elsewhere.
        assert_eq!(latest, vec![8, 7]);
        let c1 = Id::from_random([1; 16]);
        assert_eq!(existing(c1, group, d(1, 10), &list), Some(&list[0]));
        assert_eq!(existing(c1, group, d(2, 10), &list), None);
        assert_eq!(
            existing(Id::from_random([3; 16]), group, d(5, 10), &list),
            None
        );
    }

    fn level() -> impl Strategy<Value = Level> {
        prop_oneof![Just(Poor), Just(Moderate), Just(Good), Just(Excellent)]
    }

    proptest! {
        /// Attention is exactly "some domain below good", and the trend has one point per date.
        #[test]
        fn attention_and_trend_laws(
            rows in proptest::collection::vec((1u32..28, level(), level(), level()), 0..20),
        ) {
            let list: Vec<_> = rows
                .iter()
                .enumerate()
                .map(|(i, (day, a, b, c))| obs(i as u8, 1, d(2, *day), [*a, *b, *c]))
                .collect();
            for o in &list {
                prop_assert_eq!(o.needs_attention(), o.levels().iter().any(|(_, l)| *l < Good));
                prop_assert!((3..=12).contains(&o.score()));
            }
            let t = trend(Id::from_random([1; 16]), &list);
            let mut dates: Vec<_> = list.iter().map(|o| o.date).collect();
            dates.sort();
            dates.dedup();
            prop_assert_eq!(t.points.iter().map(|p| p.0).collect::<Vec<_>>(), dates);
        }
    }
}
