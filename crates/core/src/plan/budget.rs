//! The coach hour budget and the hourly rate of a location for a year or a quarter, shared by
//! the team: every device shows the same hours used and left.
//!
//! A location is the whole team's location ("alle groepen") or one of its groups (the app's
//! groups are a location's rooms; a team syncs one location). One record per location and
//! period, with an id derived from both ([`BudgetKey::id`]), so two devices that set the budget
//! write to the same record and the ordinary merge applies: last writer wins per field, hours
//! and rate each on their own.
//!
//! # Telling a lost offline setting
//! Last-writer-wins silently drops the other device's value when two devices set different
//! budgets offline. So that the team notices, every write also leaves a note under a field of
//! the writing device (`h<device>` / `r<device>`): the value and the stamp of the value it
//! replaced, i.e. the newest one that device had seen. A device's value that is newer than what
//! the winning write had seen, and differs from it, was never seen by the winner: that is a
//! [`Conflict`], shown until someone sets the field again (having seen both).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::clock::{DeviceId, Hlc};
use crate::id::Id;
use crate::monitor::{figures, Input, Period, Scope};
use crate::plan::coaching::Totals;
use crate::record::{FieldName, Kind, Record};
use crate::view::DecodeError;

/// The largest budget a form accepts (a year of full-time work is about 1,650 hours).
pub const MAX_HOURS: u32 = 10_000;

/// A budget's period: a calendar year or one of its quarters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BudgetPeriod {
    Year(i32),
    /// Quarter 1 is January to March.
    Quarter(i32, u8),
}

impl BudgetPeriod {
    pub fn year(&self) -> i32 {
        match self {
            BudgetPeriod::Year(y) | BudgetPeriod::Quarter(y, _) => *y,
        }
    }

    pub fn period(&self) -> Option<Period> {
        match self {
            BudgetPeriod::Year(y) => Period::year(*y).ok(),
            BudgetPeriod::Quarter(y, q) => Period::quarter(*y, u32::from(*q)).ok(),
        }
    }

    /// "2026" or "2026-q1": stored in the record and used in forms.
    pub fn code(&self) -> String {
        match self {
            BudgetPeriod::Year(y) => y.to_string(),
            BudgetPeriod::Quarter(y, q) => format!("{y}-q{q}"),
        }
    }

    pub fn parse(code: &str) -> Option<BudgetPeriod> {
        let p = match code.trim().split_once("-q") {
            None => BudgetPeriod::Year(code.trim().parse().ok()?),
            Some((y, q)) => BudgetPeriod::Quarter(y.parse().ok()?, q.parse().ok()?),
        };
        p.period().map(|_| p)
    }
}

/// Which location and period a budget is for. `location` is `None` for the whole location.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BudgetKey {
    pub location: Option<Id>,
    pub period: BudgetPeriod,
}

impl BudgetKey {
    pub fn new(scope: Scope, period: BudgetPeriod) -> BudgetKey {
        BudgetKey {
            location: match scope {
                Scope::All => None,
                Scope::Group(g) => Some(g),
            },
            period,
        }
    }

    pub fn scope(&self) -> Scope {
        self.location.map_or(Scope::All, Scope::Group)
    }

    /// The same id on every device, so their settings meet in one record. Two FNV-1a hashes of
    /// the key's text with different offsets fill the 16 bytes; a clash with a random id would
    /// need a 2⁻¹²² chance.
    pub fn id(&self) -> Id {
        let text = format!(
            "coach-budget/{}/{}",
            self.location.map(|g| g.to_string()).unwrap_or_default(),
            self.period.code()
        );
        let hash = |offset: u64| {
            text.bytes().fold(offset, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
            })
        };
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&hash(0xcbf2_9ce4_8422_2325).to_le_bytes());
        bytes[8..].copy_from_slice(&hash(0x84222325_cbf29ce4).to_le_bytes());
        Id::from_random(bytes)
    }
}

/// Which setting of a budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setting {
    Hours,
    /// Euro cents per hour.
    Rate,
}

impl Setting {
    const fn code(self) -> &'static str {
        match self {
            Setting::Hours => "h",
            Setting::Rate => "r",
        }
    }
}

/// Two devices set a different value offline; the later one is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub setting: Setting,
    pub kept: Option<u32>,
    pub kept_by: String,
    pub lost: Option<u32>,
    pub lost_by: String,
}

/// One location's budget for one period, as the team set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoachBudget {
    pub key: BudgetKey,
    pub hours: Option<u32>,
    pub rate_cents: Option<u32>,
    pub conflicts: Vec<Conflict>,
}

const LOCATION: &str = "l";
const PERIOD: &str = "p";

/// What a device notes about its own write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Note {
    #[serde(rename = "v")]
    value: Option<u32>,
    /// The stamp of the value this write replaced (text form); `None`: there was none.
    #[serde(rename = "s")]
    seen: Option<String>,
    #[serde(rename = "b")]
    by: String,
}

fn note_field(setting: Setting, device: DeviceId) -> Option<FieldName> {
    FieldName::new(&format!("{}{device}", setting.code())).ok()
}

fn number(record: &Record, field: &'static str) -> Result<Option<u32>, DecodeError> {
    match record.value(field) {
        None => Ok(None),
        Some(v) => v
            .as_u64()
            .and_then(|n| u32::try_from(n).ok())
            .map(Some)
            .ok_or(DecodeError::WrongType {
                field,
                expected: "a whole number",
            }),
    }
}

impl CoachBudget {
    pub fn from_record(record: &Record) -> Result<CoachBudget, DecodeError> {
        crate::view::expect_kind(record, Kind::CoachBudget)?;
        let f = crate::view::Fields(record);
        let period = f.required_str(PERIOD)?;
        let key = BudgetKey {
            location: f.opt_id(LOCATION)?,
            period: BudgetPeriod::parse(&period).ok_or(DecodeError::Invalid {
                field: PERIOD,
                reason: format!("not a year or quarter: {period:?}"),
            })?,
        };
        Ok(CoachBudget {
            key,
            hours: number(record, Setting::Hours.code())?,
            rate_cents: number(record, Setting::Rate.code())?,
            conflicts: [Setting::Hours, Setting::Rate]
                .into_iter()
                .filter_map(|s| conflict(record, s))
                .collect(),
        })
    }
}

/// The notes of every device about `setting`, with their stamps.
fn notes(record: &Record, setting: Setting) -> Vec<(Hlc, Note)> {
    record
        .fields()
        .filter(|(name, _)| {
            let n = name.as_str();
            n.len() > 1 && n.starts_with(setting.code()) && n[1..].parse::<DeviceId>().is_ok()
        })
        .filter_map(|(_, s)| Some((s.stamp, Note::deserialize(&s.value).ok()?)))
        .collect()
}

fn conflict(record: &Record, setting: Setting) -> Option<Conflict> {
    let current = record.get(setting.code())?;
    let all = notes(record, setting);
    // The note written with the winning value carries the same stamp.
    let (_, winner) = all.iter().find(|(stamp, _)| *stamp == current.stamp)?;
    let seen: Option<Hlc> = winner.seen.as_deref().and_then(|s| s.parse().ok());
    let kept = current.value.as_u64().and_then(|n| u32::try_from(n).ok());
    all.iter()
        .filter(|(stamp, note)| {
            *stamp < current.stamp && seen.is_none_or(|s| *stamp > s) && note.value != kept
        })
        .max_by_key(|(stamp, _)| *stamp)
        .map(|(_, lost)| Conflict {
            setting,
            kept,
            kept_by: winner.by.clone(),
            lost: lost.value,
            lost_by: lost.by.clone(),
        })
}

/// Why a budget cannot be set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    #[error("{0} hours is more than a budget can be ({MAX_HOURS} at most)")]
    TooManyHours(u32),
    #[error("record {0} is not this budget's")]
    WrongRecord(Id),
}

/// Sets `setting` of the budget `key` to `value` (`None` clears it) as `author` at `stamp`,
/// starting from the device's copy `existing` (if any). Setting the value it already has still
/// writes: that is how someone confirms the kept value of a [`Conflict`].
pub fn set(
    existing: Option<&Record>,
    key: BudgetKey,
    setting: Setting,
    value: Option<u32>,
    author: &str,
    stamp: Hlc,
) -> Result<Record, BudgetError> {
    if let (Setting::Hours, Some(h)) = (setting, value) {
        if h > MAX_HOURS {
            return Err(BudgetError::TooManyHours(h));
        }
    }
    let id = key.id();
    let mut record = match existing {
        Some(r) if r.id() != id || r.kind() != Kind::CoachBudget => {
            return Err(BudgetError::WrongRecord(r.id()))
        }
        Some(r) => r.clone(),
        None => {
            let mut r = Record::create(id, Kind::CoachBudget, author, stamp);
            r.set_known(PERIOD, Value::String(key.period.code()), stamp);
            if let Some(g) = key.location {
                r.set_known(LOCATION, Value::String(g.to_string()), stamp);
            }
            r
        }
    };
    let seen = record.get(setting.code()).map(|s| s.stamp.to_string());
    record.set_known(
        setting.code(),
        value.map_or(Value::Null, Value::from),
        stamp,
    );
    let note = Note {
        value,
        seen,
        by: author.to_owned(),
    };
    if let (Some(field), Ok(v)) = (
        note_field(setting, stamp.device),
        serde_json::to_value(note),
    ) {
        record.set(field, v, stamp);
    }
    record.touch(author, stamp);
    Ok(record)
}

/// Every budget the team set, for looking one up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Budgets(pub Vec<CoachBudget>);

impl Budgets {
    pub fn get(&self, key: BudgetKey) -> Option<&CoachBudget> {
        self.0.iter().find(|b| b.key == key)
    }

    /// The hours of `key`. A year without hours of its own has the sum of its quarters' hours,
    /// if any quarter has some.
    pub fn hours(&self, key: BudgetKey) -> Option<u32> {
        if let Some(h) = self.get(key).and_then(|b| b.hours) {
            return Some(h);
        }
        let BudgetPeriod::Year(y) = key.period else {
            return None;
        };
        let quarters: Vec<u32> = (1..=4)
            .filter_map(|q| {
                self.hours_of(BudgetKey {
                    period: BudgetPeriod::Quarter(y, q),
                    ..key
                })
            })
            .collect();
        (!quarters.is_empty()).then(|| quarters.iter().sum())
    }

    fn hours_of(&self, key: BudgetKey) -> Option<u32> {
        self.get(key).and_then(|b| b.hours)
    }

    /// The rate that applies to `key`: its own, else its year's (for a quarter), else the whole
    /// location's for the same period or year. A rate is what an hour costs, so it carries over
    /// where hours do not.
    pub fn rate(&self, key: BudgetKey) -> Option<u32> {
        let year = BudgetKey {
            period: BudgetPeriod::Year(key.period.year()),
            ..key
        };
        let whole = |k: BudgetKey| BudgetKey {
            location: None,
            ..k
        };
        [key, year, whole(key), whole(year)]
            .into_iter()
            .find_map(|k| self.get(k).and_then(|b| b.rate_cents))
    }

    /// The rate for a monitor period: that of the quarter or year it is exactly, else of the year
    /// it starts in.
    pub fn rate_for(&self, scope: Scope, period: Period) -> Option<u32> {
        self.rate(BudgetKey::new(scope, budget_period_of(period)))
    }

    /// The hours for a monitor period that is exactly a quarter or a year.
    pub fn hours_for(&self, scope: Scope, period: Period) -> Option<u32> {
        let p = budget_period_of(period);
        (p.period() == Some(period))
            .then(|| self.hours(BudgetKey::new(scope, p)))
            .flatten()
    }
}

/// A budget against what was used of it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    /// The budget in minutes; `None` when none is set.
    pub budget_minutes: Option<u32>,
    /// All the coach's time in the location and period: sessions about a child and activities.
    pub used: Totals,
}

impl Standing {
    /// Minutes left (negative when the budget is overspent); `None` without a budget.
    pub fn left_minutes(&self) -> Option<i64> {
        self.budget_minutes
            .map(|b| i64::from(b) - i64::from(self.used.minutes))
    }
}

/// How the budget `key` stands: the coach's time counts where the monitor counts it (a group's
/// own sessions and activities; everything for the whole location).
pub fn standing(budgets: &Budgets, input: &Input, key: BudgetKey) -> Option<Standing> {
    let period = key.period.period()?;
    let used = figures(input, period, &key.scope(), period.to()).coach_total();
    Some(Standing {
        budget_minutes: budgets.hours(key).map(|h| h.saturating_mul(60)),
        used,
    })
}

/// The quarter or year `period` is exactly, else the year it starts in.
pub fn budget_period_of(period: Period) -> BudgetPeriod {
    use chrono::Datelike;
    let from = period.from();
    let quarter = BudgetPeriod::Quarter(from.year(), (from.month0() / 3 + 1) as u8);
    if quarter.period() == Some(period) {
        quarter
    } else {
        BudgetPeriod::Year(from.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(wall: u64, device: u64) -> Hlc {
        Hlc::new(wall, 0, DeviceId(device))
    }

    fn key() -> BudgetKey {
        BudgetKey {
            location: None,
            period: BudgetPeriod::Year(2026),
        }
    }

    fn read(r: &Record) -> CoachBudget {
        CoachBudget::from_record(r).unwrap()
    }

    #[test]
    fn periods_and_keys() {
        assert_eq!(BudgetPeriod::parse("2026"), Some(BudgetPeriod::Year(2026)));
        assert_eq!(
            BudgetPeriod::parse("2026-q3"),
            Some(BudgetPeriod::Quarter(2026, 3))
        );
        assert_eq!(BudgetPeriod::parse("2026-q5"), None);
        assert_eq!(BudgetPeriod::parse("x"), None);
        let group = Id::from_random([4; 16]);
        let q1 = BudgetKey {
            location: Some(group),
            period: BudgetPeriod::Quarter(2026, 1),
        };
        assert_eq!(q1.id(), q1.id());
        assert_ne!(q1.id(), key().id());
        assert_ne!(
            q1.id(),
            BudgetKey {
                period: BudgetPeriod::Quarter(2026, 2),
                ..q1
            }
            .id()
        );
        assert_eq!(q1.scope(), Scope::Group(group));
        let p = Period::quarter(2026, 2).unwrap();
        assert_eq!(budget_period_of(p), BudgetPeriod::Quarter(2026, 2));
        assert_eq!(
            budget_period_of(Period::month(2026, 5).unwrap()),
            BudgetPeriod::Year(2026)
        );
    }

    #[test]
    fn a_budget_set_on_one_device_reads_the_same_on_another() {
        let a = set(None, key(), Setting::Hours, Some(120), "Anna", stamp(10, 1)).unwrap();
        let a = set(
            Some(&a),
            key(),
            Setting::Rate,
            Some(8250),
            "Anna",
            stamp(11, 1),
        )
        .unwrap();
        let mut other = Record::new(key().id(), Kind::CoachBudget);
        other.merge_from(&a).unwrap();
        let b = read(&other);
        assert_eq!(
            (b.hours, b.rate_cents, b.key),
            (Some(120), Some(8250), key())
        );
        assert!(b.conflicts.is_empty());
        assert_eq!(
            set(
                Some(&a),
                key(),
                Setting::Hours,
                Some(MAX_HOURS + 1),
                "A",
                stamp(12, 1)
            ),
            Err(BudgetError::TooManyHours(MAX_HOURS + 1))
        );
        let wrong = BudgetKey {
            period: BudgetPeriod::Year(2025),
            ..key()
        };
        assert!(set(Some(&a), wrong, Setting::Hours, None, "A", stamp(12, 1)).is_err());
    }

    #[test]
    fn two_devices_setting_different_budgets_offline_is_told_and_the_later_wins() {
        let base = set(None, key(), Setting::Hours, Some(100), "Anna", stamp(10, 1)).unwrap();
        // Both devices have the base, then go offline and each sets the hours; B also the rate.
        let a = set(
            Some(&base),
            key(),
            Setting::Hours,
            Some(120),
            "Anna",
            stamp(20, 1),
        )
        .unwrap();
        let b = set(
            Some(&base),
            key(),
            Setting::Hours,
            Some(150),
            "Bram",
            stamp(30, 2),
        )
        .unwrap();
        let b = set(
            Some(&b),
            key(),
            Setting::Rate,
            Some(9000),
            "Bram",
            stamp(31, 2),
        )
        .unwrap();
        let (mut on_a, mut on_b) = (a.clone(), b.clone());
        on_a.merge_from(&b).unwrap();
        on_b.merge_from(&a).unwrap();
        assert_eq!(on_a, on_b);
        let merged = read(&on_a);
        assert_eq!((merged.hours, merged.rate_cents), (Some(150), Some(9000)));
        assert_eq!(
            merged.conflicts,
            [Conflict {
                setting: Setting::Hours,
                kept: Some(150),
                kept_by: "Bram".into(),
                lost: Some(120),
                lost_by: "Anna".into(),
            }]
        );
        // Stored and read back (the device notes have field names of their own), the same.
        let stored = crate::storage::codec::encode_record(&on_a).unwrap();
        assert_eq!(crate::storage::codec::decode_record(&stored).unwrap(), on_a);
        // Setting it again, having seen both, settles it.
        let settled = set(
            Some(&on_a),
            key(),
            Setting::Hours,
            Some(150),
            "Anna",
            stamp(40, 1),
        )
        .unwrap();
        assert!(read(&settled).conflicts.is_empty());
    }

    #[test]
    fn a_change_made_after_seeing_the_other_is_no_conflict() {
        let a = set(None, key(), Setting::Hours, Some(100), "Anna", stamp(10, 1)).unwrap();
        let mut b = a.clone();
        b = set(
            Some(&b),
            key(),
            Setting::Hours,
            Some(80),
            "Bram",
            stamp(20, 2),
        )
        .unwrap();
        assert!(read(&b).conflicts.is_empty());
        // The same value set on both devices offline is no conflict either.
        let a2 = set(
            Some(&a),
            key(),
            Setting::Hours,
            Some(80),
            "Anna",
            stamp(15, 1),
        )
        .unwrap();
        let mut both = a2.clone();
        both.merge_from(&b).unwrap();
        assert!(read(&both).conflicts.is_empty());
    }

    #[test]
    fn the_standing_counts_sessions_and_activities_of_the_location_and_period() {
        use crate::monitor::tests::{act, d, id, World, BIJEN, LOTTE, SEM};
        use crate::plan::activity::ActivitySubject;
        let mut w = World::new();
        w.session(40, SEM, d(2, 1), 60);
        w.session(41, LOTTE, d(5, 1), 30);
        w.coach_activities = vec![
            act(42, ActivitySubject::Group(id(BIJEN, 0)), 90),
            act(43, ActivitySubject::Question(id(44, 0)), 30),
        ];
        let q1 = BudgetKey {
            location: None,
            period: BudgetPeriod::Quarter(2026, 1),
        };
        let budgets = Budgets(vec![CoachBudget {
            key: q1,
            hours: Some(2),
            rate_cents: None,
            conflicts: Vec::new(),
        }]);
        let input = w.input();
        let s = standing(&budgets, &input, q1).unwrap();
        assert_eq!((s.used.minutes, s.left_minutes()), (180, Some(-60)));
        let year = standing(
            &budgets,
            &input,
            BudgetKey {
                period: BudgetPeriod::Year(2026),
                ..q1
            },
        );
        assert_eq!(
            year.map(|s| (s.used.minutes, s.left_minutes())),
            Some((210, Some(-90)))
        );
        let bijen = BudgetKey {
            location: Some(id(BIJEN, 0)),
            ..q1
        };
        let s = standing(&budgets, &input, bijen).unwrap();
        assert_eq!(
            (s.used.minutes, s.left_minutes()),
            (90 + 60, None),
            "Sem is in de Bijen"
        );
    }

    #[test]
    fn lookups_fall_back_where_it_makes_sense() {
        let group = Id::from_random([4; 16]);
        let at = |location, period| BudgetKey { location, period };
        let make = |k: BudgetKey, hours, rate| CoachBudget {
            key: k,
            hours,
            rate_cents: rate,
            conflicts: Vec::new(),
        };
        let budgets = Budgets(vec![
            make(at(None, BudgetPeriod::Year(2026)), Some(200), Some(8000)),
            make(
                at(Some(group), BudgetPeriod::Quarter(2026, 1)),
                Some(20),
                None,
            ),
            make(
                at(Some(group), BudgetPeriod::Quarter(2026, 2)),
                Some(30),
                Some(9000),
            ),
        ]);
        let g = |p| at(Some(group), p);
        assert_eq!(budgets.hours(g(BudgetPeriod::Year(2026))), Some(50));
        assert_eq!(budgets.hours(g(BudgetPeriod::Quarter(2026, 3))), None);
        assert_eq!(budgets.hours(at(None, BudgetPeriod::Year(2026))), Some(200));
        assert_eq!(budgets.rate(g(BudgetPeriod::Quarter(2026, 1))), Some(8000));
        assert_eq!(budgets.rate(g(BudgetPeriod::Quarter(2026, 2))), Some(9000));
        assert_eq!(budgets.rate(g(BudgetPeriod::Year(2025))), None);
        let q2 = Period::quarter(2026, 2).unwrap();
        assert_eq!(budgets.hours_for(Scope::Group(group), q2), Some(30));
        let may = Period::month(2026, 5).unwrap();
        assert_eq!(budgets.hours_for(Scope::Group(group), may), None);
        assert_eq!(budgets.rate_for(Scope::Group(group), may), Some(8000));
    }
}
