//! Deadlines: every due item of a trajectory, the open actions, and the team's overview.

use super::Case;
use crate::id::Id;
use crate::plan::form::{Action, FormData};
use crate::plan::template::{FormKind, StepKey};
use crate::plan::trajectory::{Status, StepEntry, Subject};
use chrono::{Days, Months, NaiveDate};

/// What a due item is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DueKind {
    /// The current step (its owner and due date).
    Step(StepKey),
    /// The plan's review date, or the next evaluation by the template's rhythm.
    Evaluation,
    /// The monthly child discussion in the team meeting.
    ChildDiscussion,
    /// An open action of the current plan.
    Action { what: String },
    /// The follow-up `months` after closing: is the child still at the regular BSO?
    FollowUp { months: u8 },
}

/// One deadline with its one owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub trajectory: Id,
    pub subject: Subject,
    pub kind: DueKind,
    pub owner: String,
    pub date: NaiveDate,
}

fn add_months(date: NaiveDate, months: u8) -> NaiveDate {
    // Clamps to the month's end (31 Jan + 1 month = 28/29 Feb); beyond chrono's range the
    // deadline is simply "never".
    date.checked_add_months(Months::new(months.into()))
        .unwrap_or(NaiveDate::MAX)
}

/// Every deadline of one trajectory: its current step, the evaluation (review date or rhythm),
/// the monthly child discussion and the open actions of the latest plan. Closed trajectories
/// have only their unanswered follow-ups; a watched child only its watch step. Deadlines the current step already covers
/// (evaluation while at the evaluation step, …) are not listed twice.
pub fn due_items(case: &Case) -> Vec<DueItem> {
    let traj = case.trajectory;
    let item = |kind, owner: &str, date| DueItem {
        trajectory: traj.id,
        subject: traj.subject,
        kind,
        owner: owner.to_owned(),
        date,
    };
    let mut out = Vec::new();
    if traj.status == Status::Closed {
        // Only the follow-ups not answered yet; the owner of the last step asks them.
        out.extend(
            traj.follow_ups()
                .into_iter()
                .filter(|(_, _, answer)| answer.is_none())
                .map(|(months, date, _)| item(DueKind::FollowUp { months }, &traj.owner, date)),
        );
        return out;
    }
    out.push(item(
        DueKind::Step(traj.step.clone()),
        &traj.owner,
        traj.due,
    ));
    if traj.status == Status::Watch {
        return out;
    }
    let current_form = case.current_step().map(|s| s.form);
    let rhythm = case.template.content.rhythm;

    let plan = case.current_plan();
    if let Some(plan_entry) = plan {
        let last_eval = case
            .latest(|f| matches!(f, FormData::Evaluation(_)))
            .filter(|e| e.date >= plan_entry.date);
        let (owner, date) = match (last_eval, &plan_entry.form) {
            (Some(e), _) => {
                let next = match &e.form {
                    Some(FormData::Evaluation(f)) => f.next_evaluation,
                    _ => None,
                };
                (
                    &e.owner,
                    next.unwrap_or_else(|| add_months(e.date, rhythm.evaluation_months)),
                )
            }
            (None, Some(FormData::Plan(p))) => (&plan_entry.owner, p.review_date),
            (None, _) => (
                &plan_entry.owner,
                add_months(plan_entry.date, rhythm.evaluation_months),
            ),
        };
        if current_form != Some(FormKind::Evaluation) {
            out.push(item(DueKind::Evaluation, owner, date));
        }
    }
    out.extend(open_actions(case).into_iter().map(|a| {
        item(
            DueKind::Action {
                what: a.action.what.clone(),
            },
            &a.action.owner,
            a.action.due,
        )
    }));

    if current_form != Some(FormKind::TeamDiscussion) {
        let anchor = case
            .latest(|f| matches!(f, FormData::TeamDiscussion(_)))
            .map_or(traj.started_on, |e| e.date);
        out.push(item(
            DueKind::ChildDiscussion,
            &traj.owner,
            add_months(anchor, rhythm.discussion_months),
        ));
    }
    out
}

/// An action still to be done, and the entry it is written in (to mark it done there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenAction<'a> {
    pub entry: &'a StepEntry,
    /// Its place in [`FormData::actions`] of the entry's form.
    pub index: usize,
    pub action: &'a Action,
}

/// The actions of an open trajectory that are not done: those of the latest plan of approach
/// (an adjusted plan replaces the earlier one) and the next step agreed in every escalation;
/// soonest first.
pub fn open_actions<'a>(case: &Case<'a>) -> Vec<OpenAction<'a>> {
    if case.trajectory.status == Status::Closed {
        return Vec::new();
    }
    let plan = case.current_plan();
    let escalations = case
        .entries()
        .filter(|e| matches!(e.form, Some(FormData::Escalation(_))));
    let mut out: Vec<OpenAction> = plan
        .into_iter()
        .chain(escalations)
        .flat_map(|entry| {
            let actions = entry.form.as_ref().map_or(&[][..], FormData::actions);
            actions
                .iter()
                .enumerate()
                .filter(|(_, a)| a.done_on.is_none())
                .map(move |(index, action)| OpenAction {
                    entry,
                    index,
                    action,
                })
        })
        .collect();
    out.sort_by_key(|a| (a.action.due, a.entry.date, a.entry.id, a.index));
    out
}

/// The "due" overview across trajectories.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DueOverview {
    /// Due from today through the next six days (a rolling week, so on a Friday next Monday's
    /// talk already shows), soonest first.
    pub this_week: Vec<DueItem>,
    /// Due before today, most overdue first.
    pub overdue: Vec<DueItem>,
}

pub fn due(cases: &[Case], today: NaiveDate) -> DueOverview {
    let week_end = today
        .checked_add_days(Days::new(6))
        .unwrap_or(NaiveDate::MAX);
    let mut overview = DueOverview::default();
    for item in cases.iter().flat_map(due_items) {
        if item.date < today {
            overview.overdue.push(item);
        } else if item.date <= week_end {
            overview.this_week.push(item);
        }
    }
    let order = |a: &DueItem, b: &DueItem| {
        (a.date, &a.owner, a.trajectory).cmp(&(b.date, &b.owner, b.trajectory))
    };
    overview.this_week.sort_by(order);
    overview.overdue.sort_by(order);
    overview
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::tests::d;
    use crate::plan::engine::fixtures::*;
    use crate::plan::engine::*;
    use crate::plan::form::*;

    #[test]
    fn due_dates_rhythms_actions_and_overdue() {
        let t = template();
        let reg = ConsentRegister::empty();
        let traj = Trajectory {
            owner: "Anouk".into(),
            due: d(3, 25),
            ..at(&started(&t, false), "uitvoering")
        };
        let team = entry(
            9,
            "teambespreking",
            d(2, 5),
            Some(FormData::TeamDiscussion(TeamDiscussionForm {
                participants: vec![],
                notes: String::new(),
                decision: TeamDecision::Continue,
            })),
        );
        let plan = plan_entry(10, d(3, 1), d(5, 15));
        let entries = [team, plan];
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &entries,
            consents: &reg,
        };
        let items = due_items(&case);
        let find = |k: &DueKind| {
            items
                .iter()
                .find(|i| &i.kind == k)
                .map(|i| (i.owner.as_str(), i.date))
        };
        assert_eq!(
            find(&DueKind::Step(key("uitvoering"))),
            Some(("Anouk", d(3, 25)))
        );
        assert_eq!(
            find(&DueKind::Evaluation),
            Some(("Anouk", d(5, 15))),
            "plan's review date"
        );
        assert_eq!(
            find(&DueKind::ChildDiscussion),
            Some(("Anouk", d(3, 5))),
            "monthly after the last team talk"
        );
        assert_eq!(
            find(&DueKind::Action {
                what: "Dagelijks kort check-in".into()
            }),
            Some(("Bram", d(3, 20)))
        );
        assert_eq!(items.len(), 4, "the done action is not listed");

        let overview = due(&[case], d(3, 19));
        let kinds = |v: &[DueItem]| v.iter().map(|i| i.kind.clone()).collect::<Vec<_>>();
        assert_eq!(kinds(&overview.overdue), vec![DueKind::ChildDiscussion]);
        assert_eq!(
            kinds(&overview.this_week),
            vec![
                DueKind::Action {
                    what: "Dagelijks kort check-in".into()
                },
                DueKind::Step(key("uitvoering")),
            ]
        );

        // After an evaluation, the next one follows the rhythm (default 3 months) or the
        // evaluation's own date; a newer plan resets to its review date.
        let mut entries = entries.to_vec();
        entries.push(evaluation(11, d(5, 15), EvaluationDecision::Continue));
        let case = Case {
            entries: &entries,
            ..case
        };
        let eval_due = |c: &Case| {
            due_items(c)
                .into_iter()
                .find(|i| i.kind == DueKind::Evaluation)
                .map(|i| i.date)
        };
        assert_eq!(eval_due(&case), Some(d(8, 15)));
        let mut four = t.clone();
        four.content.rhythm.evaluation_months = 4;
        let case4 = Case {
            template: &four,
            trajectory: &Trajectory {
                template_id: four.id,
                ..traj.clone()
            },
            ..case
        };
        assert_eq!(eval_due(&case4), Some(d(9, 15)));
        let mut replanned = entries.clone();
        replanned.push(plan_entry(12, d(5, 20), d(7, 1)));
        let case = Case {
            entries: &replanned,
            ..case
        };
        assert_eq!(eval_due(&case), Some(d(7, 1)));

        // At the evaluation step itself the step's own date covers it; closed: nothing due.
        let at_eval = at(&traj, "evaluatie");
        let case = Case {
            trajectory: &at_eval,
            ..case
        };
        assert!(due_items(&case)
            .iter()
            .all(|i| i.kind != DueKind::Evaluation));
        let closed = Trajectory {
            status: Status::Closed,
            ..traj.clone()
        };
        assert!(due_items(&Case {
            trajectory: &closed,
            ..case
        })
        .is_empty());
        let watched = Trajectory {
            status: Status::Watch,
            ..traj.clone()
        };
        assert_eq!(
            due_items(&Case {
                trajectory: &watched,
                ..case
            })
            .len(),
            1
        );
    }

    #[test]
    fn open_actions_of_the_latest_plan_and_every_escalation_are_due_with_their_owner() {
        let t = template();
        let reg = ConsentRegister::empty();
        let traj = at(&started(&t, false), "opgeschaald");
        let old_plan = plan_entry(10, d(2, 20), d(5, 1));
        let mut new_plan = plan_entry(11, d(3, 2), d(5, 15));
        let mut entries = vec![
            old_plan,
            escalation(12, d(3, 5), "Karin", d(3, 12)),
            escalation(13, d(3, 6), "Ilse", d(3, 9)),
        ];
        if let Some(FormData::Plan(p)) = &mut new_plan.form {
            p.actions[0].what = "Buiten starten met een maatje".into();
        }
        entries.push(new_plan);
        let case = Case {
            trajectory: &traj,
            template: &t,
            entries: &entries,
            consents: &reg,
        };
        let open: Vec<_> = open_actions(&case)
            .iter()
            .map(|a| (a.action.owner.as_str(), a.entry.id, a.index))
            .collect();
        assert_eq!(
            open,
            vec![
                ("Ilse", entries[2].id, 0),
                ("Karin", entries[1].id, 0),
                ("Bram", entries[3].id, 0),
            ],
            "soonest first; the replaced plan's actions and done ones are not listed"
        );
        assert_eq!(
            due_actions(&case),
            vec![
                ("Ilse".to_owned(), d(3, 9)),
                ("Karin".to_owned(), d(3, 12)),
                ("Bram".to_owned(), d(3, 20)),
            ]
        );

        // Marked done in its entry, the action leaves the list.
        let mut done = entries.clone();
        done[1]
            .form
            .as_mut()
            .unwrap()
            .set_action_done(0, Some(d(3, 10)))
            .unwrap();
        let case = Case {
            entries: &done,
            ..case
        };
        assert_eq!(open_actions(&case).len(), 2);
        let closed = Trajectory {
            status: Status::Closed,
            ..traj.clone()
        };
        assert!(open_actions(&Case {
            trajectory: &closed,
            ..case
        })
        .is_empty());
    }

    #[test]
    fn month_arithmetic_clamps() {
        assert_eq!(
            add_months(NaiveDate::from_ymd_opt(2026, 1, 31).unwrap(), 1),
            d(2, 28)
        );
        assert_eq!(add_months(NaiveDate::MAX, 3), NaiveDate::MAX);
    }
}
