//! Erasing a child completely: which records go, which stay without the child, and which parent
//! links must be revoked first. Erasure is final (`Record::erase` drops every field and keeps a
//! stamped tombstone), and the tombstones sync, so the team's other devices erase too.

use crate::child::Child;
use crate::handover::Disclosure;
use crate::id::Id;
use crate::moment::Moment;
use crate::plan::activity::CoachActivity;
use crate::plan::coaching::CoachSession;
use crate::plan::consent::Consent;
use crate::plan::trajectory::{Goal, StepEntry, Subject, Trajectory};
use crate::plan::wellbeing::WellbeingObservation;
use crate::record::{Kind, Record};
use crate::share::ParentShare;
use crate::view::View;
use chrono::{Months, NaiveDate};
use std::collections::BTreeSet;

/// Suggest erasure this long after a child left or its last trajectory closed, unless the
/// organisation sets another period.
pub const DEFAULT_RETENTION_MONTHS: u32 = 24;

/// What erasing one child does, computed before anything is changed so the practitioner can
/// be told exactly, and asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erasure {
    /// Records to erase for good: the child, moments about only this child, trajectories with
    /// their step entries and goals, consents, coach sessions, wellbeing observations, links,
    /// the register of disclosures.
    pub erase: Vec<Id>,
    /// Moments about this child and others: they stay, without this child.
    pub unlink: Vec<Moment>,
    /// Published, unrevoked parent links (ids the server knows) to revoke before erasing.
    pub revoke: Vec<String>,
    pub counts: Counts,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub moments: usize,
    pub shared_moments: usize,
    pub trajectories: usize,
    /// Step entries and goals of those trajectories.
    pub plan_records: usize,
    pub consents: usize,
    pub coach_sessions: usize,
    pub wellbeing: usize,
    pub parent_links: usize,
    /// Entries of the register of disclosures.
    pub disclosures: usize,
}

fn view<V: View>(record: &Record) -> Option<V> {
    (record.kind() == V::KIND && !record.is_erased())
        .then(|| V::from_record(record).ok())
        .flatten()
}

/// Deleted (not yet erased) records are included: a deletion can be undone, so their content
/// is still there. A record that does not decode is left alone: what it is about is unknown.
pub fn plan<'a>(child: Id, records: impl IntoIterator<Item = &'a Record>) -> Erasure {
    let records: Vec<&Record> = records.into_iter().filter(|r| !r.is_erased()).collect();
    let mut out = Erasure::default();
    let trajectories: BTreeSet<Id> = records
        .iter()
        .filter_map(|r| view::<Trajectory>(r))
        .filter(|t| t.subject == Subject::Child(child))
        .map(|t| t.id)
        .collect();
    for record in records {
        let c = &mut out.counts;
        let erase = match record.kind() {
            Kind::Child => record.id() == child,
            Kind::Moment => match view::<Moment>(record) {
                Some(m) if m.child_ids == [child] => {
                    c.moments += 1;
                    true
                }
                Some(mut m) if m.child_ids.contains(&child) => {
                    c.shared_moments += 1;
                    m.child_ids.retain(|&id| id != child);
                    out.unlink.push(m);
                    false
                }
                _ => false,
            },
            Kind::Trajectory => {
                trajectories.contains(&record.id()) && {
                    c.trajectories += 1;
                    true
                }
            }
            Kind::StepEntry => {
                view::<StepEntry>(record).is_some_and(|e| trajectories.contains(&e.trajectory_id))
                    && {
                        c.plan_records += 1;
                        true
                    }
            }
            Kind::Goal => {
                view::<Goal>(record).is_some_and(|g| trajectories.contains(&g.trajectory_id)) && {
                    c.plan_records += 1;
                    true
                }
            }
            Kind::Consent => {
                view::<Consent>(record).is_some_and(|x| x.child_id == child) && {
                    c.consents += 1;
                    true
                }
            }
            Kind::CoachSession => {
                view::<CoachSession>(record).is_some_and(|s| s.child_id == child) && {
                    c.coach_sessions += 1;
                    true
                }
            }
            Kind::WellbeingObservation => {
                view::<WellbeingObservation>(record).is_some_and(|w| w.child_id == child) && {
                    c.wellbeing += 1;
                    true
                }
            }
            Kind::ParentShare => match view::<ParentShare>(record) {
                Some(s) if s.child_id == child => {
                    c.parent_links += 1;
                    if s.published_at.is_some() && !s.revoked {
                        out.revoke.push(s.link_id);
                    }
                    true
                }
                _ => false,
            },
            // An activity about the child goes with it, counted with its coaching.
            Kind::CoachActivity => {
                view::<CoachActivity>(record).is_some_and(|a| a.child_id() == Some(child)) && {
                    c.coach_sessions += 1;
                    true
                }
            }
            Kind::Disclosure => {
                view::<Disclosure>(record).is_some_and(|d| d.child_id == child) && {
                    c.disclosures += 1;
                    true
                }
            }
            // A request names a group and a question, never a child; a practitioner's growth,
            // the budget and the activity types are about the team.
            Kind::Group
            | Kind::Template
            | Kind::Contact
            | Kind::CoachRequest
            | Kind::LearningQuestion
            | Kind::SelfRating
            | Kind::Training
            | Kind::CoachBudget
            | Kind::ActivityType => false,
        };
        if erase {
            out.erase.push(record.id());
        }
    }
    out
}

/// Why a child is due for erasure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Left the BSO (archived) on this day.
    Left(NaiveDate),
    /// Its last trajectory closed on this day and none is open.
    Closed(NaiveDate),
}

/// Children whose retention period has passed: a suggestion for the team, never automatic.
/// `children` pairs each child with the day it left, if it did (see [`crate::child::left_on`]).
pub fn due_for_erasure<'a>(
    children: impl IntoIterator<Item = (&'a Child, Option<NaiveDate>)>,
    trajectories: &[Trajectory],
    months: u32,
    today: NaiveDate,
) -> Vec<(Id, Due)> {
    let passed = |day: NaiveDate| {
        day.checked_add_months(Months::new(months))
            .is_some_and(|end| end <= today)
    };
    children
        .into_iter()
        .filter_map(|(child, left)| {
            if let Some(day) = left.filter(|&d| child.archived && passed(d)) {
                return Some((child.id, Due::Left(day)));
            }
            let own: Vec<&Trajectory> = trajectories
                .iter()
                .filter(|t| t.subject == Subject::Child(child.id))
                .collect();
            if own.is_empty() || own.iter().any(|t| t.is_open()) {
                return None;
            }
            let closed = own.iter().filter_map(|t| t.closed_on).max()?;
            passed(closed).then_some((child.id, Due::Closed(closed)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::child::Child;
    use crate::handover::Disclosure;
    use crate::handover::{Basis, Channel, Handover, Recipient};
    use crate::plan::consent::ConsentKind;
    use crate::plan::template::StepKey;
    use crate::record::tests::h;
    use crate::view::create;
    use chrono::NaiveDate;

    fn id(n: u8) -> Id {
        Id::from_random([n; 16])
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn moment(n: u8, children: Vec<Id>) -> Moment {
        let mut m = Moment::new(
            id(n),
            "AB",
            children,
            id(90),
            day().and_hms_opt(15, 0, 0).unwrap(),
        );
        m.note = format!("moment {n}");
        m
    }

    fn trajectory(n: u8, subject: Subject) -> Trajectory {
        Trajectory {
            id: id(n),
            subject,
            ..crate::plan::trajectory::tests::trajectory()
        }
    }

    fn entry(n: u8, trajectory_id: Id) -> StepEntry {
        StepEntry {
            id: id(n),
            trajectory_id,
            step: StepKey::new("team").unwrap(),
            date: day(),
            by: "AB".into(),
            owner: "AB".into(),
            notes: "besproken".into(),
            form: None,
        }
    }

    fn session(n: u8, child: Id, trajectory_id: Option<Id>) -> CoachSession {
        CoachSession {
            id: id(n),
            child_id: child,
            trajectory_id,
            coach: "Manon".into(),
            date: day(),
            minutes: 60,
            kind: crate::plan::coaching::SessionKind::Session,
            learning_goals: vec!["Rustig grenzen stellen".into()],
            shared_notes: "Samen geoefend".into(),
            report: String::new(),
        }
    }

    fn disclosure(n: u8, child: Id) -> Disclosure {
        Disclosure {
            id: id(n),
            child_id: child,
            recipient: Recipient::School,
            handover: Handover {
                recipient_name: "De Regenboog".into(),
                goals: vec!["Om hulp vragen".into()],
                ..Handover::default()
            },
            on: day(),
            by: "Anna".into(),
            basis: Basis::Consent(id(33)),
            channel: Channel::Print,
            link: None,
            revoked: None,
        }
    }

    #[test]
    fn everything_about_the_child_goes_and_shared_moments_lose_only_the_child() {
        let (sem, noor) = (id(1), id(2));
        let sem_trajectory = trajectory(20, Subject::Child(sem));
        let noor_trajectory = trajectory(21, Subject::Child(noor));
        let mut link = ParentShare::new(id(40), sem, "A".repeat(22), "B".repeat(43), day());
        link.published_at = Some(1);
        let mut revoked = ParentShare::new(id(41), sem, "C".repeat(22), "D".repeat(43), day());
        revoked.published_at = Some(1);
        revoked.revoked = true;
        let mut deleted_moment = create(&moment(12, vec![sem]), "AB", h(1, 1)).unwrap();
        deleted_moment.delete("AB", h(2, 1));
        let mut erased_before = create(&moment(13, vec![sem]), "AB", h(1, 1)).unwrap();
        erased_before.erase(h(2, 1));
        let records = vec![
            create(&Child::new(sem, "Sem B.", id(90)), "AB", h(1, 1)).unwrap(),
            create(&Child::new(noor, "Noor K.", id(90)), "AB", h(1, 1)).unwrap(),
            create(&moment(10, vec![sem]), "AB", h(1, 1)).unwrap(),
            create(&moment(11, vec![sem, noor]), "AB", h(1, 1)).unwrap(),
            create(&moment(14, vec![noor]), "AB", h(1, 1)).unwrap(),
            deleted_moment,
            erased_before,
            create(&sem_trajectory, "AB", h(1, 1)).unwrap(),
            create(&noor_trajectory, "AB", h(1, 1)).unwrap(),
            create(&entry(30, sem_trajectory.id), "AB", h(1, 1)).unwrap(),
            create(&entry(31, noor_trajectory.id), "AB", h(1, 1)).unwrap(),
            create(
                &Goal::new(id(32), sem_trajectory.id, "Om hulp vragen"),
                "AB",
                h(1, 1),
            )
            .unwrap(),
            create(
                &Consent::new(id(33), sem, ConsentKind::ShareSummary, "moeder", day()),
                "AB",
                h(1, 1),
            )
            .unwrap(),
            create(
                &Consent::new(id(34), noor, ConsentKind::ShareSummary, "vader", day()),
                "AB",
                h(1, 1),
            )
            .unwrap(),
            create(&link, "AB", h(1, 1)).unwrap(),
            create(&revoked, "AB", h(1, 1)).unwrap(),
            create(&session(35, sem, Some(sem_trajectory.id)), "AB", h(1, 1)).unwrap(),
            create(&session(36, noor, Some(noor_trajectory.id)), "AB", h(1, 1)).unwrap(),
            create(&disclosure(37, sem), "AB", h(1, 1)).unwrap(),
            create(&disclosure(38, noor), "AB", h(1, 1)).unwrap(),
        ];
        let e = plan(sem, &records);
        let erased: BTreeSet<Id> = e.erase.iter().copied().collect();
        let expected: BTreeSet<Id> = [
            sem,
            id(10),
            id(12),
            id(20),
            id(30),
            id(32),
            id(33),
            id(35),
            id(37),
            id(40),
            id(41),
        ]
        .into();
        assert_eq!(erased, expected);
        assert_eq!(e.unlink.len(), 1);
        assert_eq!(
            (e.unlink[0].id, e.unlink[0].child_ids.clone()),
            (id(11), vec![noor])
        );
        assert_eq!(e.revoke, vec!["A".repeat(22)]);
        assert_eq!(
            e.counts,
            Counts {
                moments: 2,
                shared_moments: 1,
                trajectories: 1,
                plan_records: 2,
                consents: 1,
                coach_sessions: 1,
                wellbeing: 0,
                parent_links: 2,
                disclosures: 1,
            }
        );
    }

    #[test]
    fn retention_suggests_children_that_left_or_whose_plans_closed_long_enough_ago() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let today = d(2026, 11, 23);
        let mut left = Child::new(id(1), "Sem B.", id(90));
        left.archived = true;
        let mut left_recently = Child::new(id(2), "Noor K.", id(90));
        left_recently.archived = true;
        let closed = Child::new(id(3), "Mila T.", id(90));
        let still_open = Child::new(id(4), "Daan V.", id(90));
        let never = Child::new(id(5), "Lot P.", id(90));
        let mut old = trajectory(20, Subject::Child(closed.id));
        old.status = crate::plan::trajectory::Status::Closed;
        old.closed_on = Some(d(2024, 11, 23));
        let mut older = trajectory(21, Subject::Child(still_open.id));
        older.status = crate::plan::trajectory::Status::Closed;
        older.closed_on = Some(d(2023, 1, 1));
        let open = trajectory(22, Subject::Child(still_open.id));
        let children = [
            (&left, Some(d(2024, 10, 1))),
            (&left_recently, Some(d(2025, 12, 1))),
            (&closed, None),
            (&still_open, None),
            (&never, None),
        ];
        assert_eq!(
            due_for_erasure(children, &[old.clone(), older, open], 24, today),
            vec![
                (left.id, Due::Left(d(2024, 10, 1))),
                (closed.id, Due::Closed(d(2024, 11, 23)))
            ]
        );
        // One day short of the period: not yet.
        let mut newer = old;
        newer.closed_on = Some(d(2024, 11, 24));
        assert_eq!(
            due_for_erasure([(&closed, None)], &[newer], 24, today),
            vec![]
        );
    }

    #[test]
    fn an_unknown_child_erases_nothing() {
        let records = vec![create(&moment(10, vec![id(1)]), "AB", h(1, 1)).unwrap()];
        assert_eq!(plan(id(9), &records), Erasure::default());
    }
}
