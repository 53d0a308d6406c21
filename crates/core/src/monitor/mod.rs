//! The location manager's monitor: what an organisation reports per period and per group —
//! signals raised, children on watch, plans running per step, evaluations due and overdue,
//! escalations, external referrals, referrals avoided (only from the outcome answered at
//! closing, [`Outcomes`]), coaching sessions and hours, and the wellbeing list — computed from the records the team already keeps. [`export`] turns the
//! figures and the trajectories into CSV.
//!
//! # Reading a trajectory's course
//! A trajectory record holds only its current step. When the team moves it on, the app records a
//! [`StepEntry`] for the step it *leaves*, dated on the day of the move. So a step was entered on
//! the date of the entry just before its first entry (the start date for the first step), and
//! the current step on the date of the last entry; the monitor rebuilds that course once per
//! trajectory. What a step means (signal, escalation, referral, closing) comes from its [`FormKind`] in the
//! trajectory's own template version, never from its name or position, so an organisation that
//! renames "Extern" or reorders its plan is still counted correctly.
//!
//! No clock is read: the caller passes the period and `today`.

pub mod export;
pub mod report;

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};

use crate::child::Child;
use crate::group::Group;
use crate::id::Id;
use crate::plan::activity::{self, ActivitySubject, CoachActivity};
use crate::plan::coaching::{self, CoachSession, Totals};
use crate::plan::consent::ConsentRegister;
use crate::plan::engine::{due_items, Case, DueItem, DueKind};
use crate::plan::form::{FormData, ReferralKind, YesNoDoubt};
use crate::plan::outcome::{Outcome, FOLLOW_UP_MONTHS};
use crate::plan::template::{latest, FormKind, Localized, StepKey, Template};
use crate::plan::trajectory::{history, Status, StepEntry, Subject, Trajectory};
use crate::plan::wellbeing::{latest_per_child, Domain, Level, WellbeingObservation};

/// Why a period cannot be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("month {0} is outside 1..=12")]
    Month(u32),
    #[error("quarter {0} is outside 1..=4")]
    Quarter(u32),
    #[error("year {0} is outside the supported calendar")]
    Year(i32),
    #[error("the period starts on {from}, after its end on {to}")]
    Reversed { from: NaiveDate, to: NaiveDate },
}

/// A span of days, both ends included. The fields are private so `from <= to` always holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    pub fn month(year: i32, month: u32) -> Result<Period, PeriodError> {
        if !(1..=12).contains(&month) {
            return Err(PeriodError::Month(month));
        }
        Period::whole_months(year, month, 1)
    }

    /// A calendar year, for "this year against the last".
    pub fn year(year: i32) -> Result<Period, PeriodError> {
        Period::whole_months(year, 1, 12)
    }

    /// Quarter 1 is January to March.
    pub fn quarter(year: i32, quarter: u32) -> Result<Period, PeriodError> {
        if !(1..=4).contains(&quarter) {
            return Err(PeriodError::Quarter(quarter));
        }
        Period::whole_months(year, quarter * 3 - 2, 3)
    }

    pub fn custom(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if from > to {
            return Err(PeriodError::Reversed { from, to });
        }
        Ok(Period { from, to })
    }

    fn whole_months(year: i32, month: u32, count: u32) -> Result<Period, PeriodError> {
        let from = NaiveDate::from_ymd_opt(year, month, 1).ok_or(PeriodError::Year(year))?;
        let to = from
            .checked_add_months(Months::new(count))
            .and_then(|next| next.pred_opt())
            .ok_or(PeriodError::Year(year))?;
        Ok(Period { from, to })
    }

    pub fn from(&self) -> NaiveDate {
        self.from
    }

    pub fn to(&self) -> NaiveDate {
        self.to
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        (self.from..=self.to).contains(&date)
    }

    /// The period just before, for comparison. Whole calendar months step back by as many months
    /// (the month before March is all of February, not the 31 days before it); any other span by
    /// as many days. `None` before the start of the calendar.
    pub fn previous(&self) -> Option<Period> {
        let to = self.from.pred_opt()?;
        let from = match self.whole_month_count() {
            Some(months) => self.from.checked_sub_months(Months::new(months))?,
            None => {
                let span = u64::try_from((self.to - self.from).num_days()).ok()?;
                to.checked_sub_days(Days::new(span))?
            }
        };
        Some(Period { from, to })
    }

    /// How many calendar months the period spans, if it starts on a first and ends on a last day.
    fn whole_month_count(&self) -> Option<u32> {
        let next = self.to.succ_opt()?;
        if self.from.day() != 1 || next.day() != 1 {
            return None;
        }
        let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
        u32::try_from(index(next) - index(self.from)).ok()
    }
}

/// Which groups the figures cover. Children count with the group they belong to now; a
/// group-level trajectory, a wellbeing list and a coach session with their own group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    Group(Id),
}

impl Scope {
    /// `group` is `None` for a child no longer in the register: only "all groups" still counts it.
    fn covers(&self, group: Option<Id>) -> bool {
        match self {
            Scope::All => true,
            Scope::Group(g) => group == Some(*g),
        }
    }
}

/// The records the figures are computed from, as the device holds them (any order).
#[derive(Debug, Clone, Copy, Default)]
pub struct Input<'a> {
    pub children: &'a [Child],
    pub groups: &'a [Group],
    pub trajectories: &'a [Trajectory],
    pub entries: &'a [StepEntry],
    /// Every template version: a trajectory names the version it runs on.
    pub templates: &'a [Template],
    pub coach_sessions: &'a [CoachSession],
    pub wellbeing: &'a [WellbeingObservation],
    pub coach_activities: &'a [CoachActivity],
}

/// The same records owned, for a caller that keeps them (the app's screen, the tests) and lends
/// them out as an [`Input`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Records {
    pub children: Vec<Child>,
    pub groups: Vec<Group>,
    pub trajectories: Vec<Trajectory>,
    pub entries: Vec<StepEntry>,
    pub templates: Vec<Template>,
    pub coach_sessions: Vec<CoachSession>,
    pub wellbeing: Vec<WellbeingObservation>,
    pub coach_activities: Vec<CoachActivity>,
}

impl Records {
    pub fn input(&self) -> Input<'_> {
        Input {
            children: &self.children,
            groups: &self.groups,
            trajectories: &self.trajectories,
            entries: &self.entries,
            templates: &self.templates,
            coach_sessions: &self.coach_sessions,
            wellbeing: &self.wellbeing,
            coach_activities: &self.coach_activities,
        }
    }

    /// Nothing the monitor counts: every figure would be a zero that says nothing.
    pub fn is_empty(&self) -> bool {
        self.trajectories.is_empty()
            && self.coach_sessions.is_empty()
            && self.wellbeing.is_empty()
            && self.coach_activities.is_empty()
    }
}

impl<'a> Input<'a> {
    fn child(&self, id: Id) -> Option<&'a Child> {
        self.children.iter().find(|c| c.id == id)
    }

    fn group(&self, id: Id) -> Option<&'a Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    fn group_of(&self, subject: Subject) -> Option<Id> {
        match subject {
            Subject::Child(c) => self.child(c).map(|c| c.group_id),
            Subject::Group(g) => Some(g),
        }
    }

    /// The trajectories in `scope`, each with its course.
    fn courses(&self, scope: &Scope) -> Vec<Course<'a>> {
        self.trajectories
            .iter()
            .filter(|t| scope.covers(self.group_of(t.subject)))
            .map(|t| Course::new(self, t))
            .collect()
    }
}

/// One stay of a trajectory at a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Visit {
    /// `None` when neither the template version on this device nor a form says what it was.
    form: Option<FormKind>,
    entered: NaiveDate,
}

/// A trajectory with its template version and the course rebuilt from its history.
struct Course<'a> {
    trajectory: &'a Trajectory,
    template: Option<&'a Template>,
    entries: &'a [StepEntry],
    visits: Vec<Visit>,
}

impl<'a> Course<'a> {
    fn new(input: &Input<'a>, trajectory: &'a Trajectory) -> Course<'a> {
        let template = input
            .templates
            .iter()
            .find(|t| t.id == trajectory.template_id);
        let form_of = |key: &StepKey| template.and_then(|t| t.step(key)).map(|s| s.form);
        let mut visits = Vec::new();
        let mut at: Option<&StepKey> = None;
        let mut entered = trajectory.started_on;
        for entry in history(trajectory.id, input.entries) {
            if at != Some(&entry.step) {
                let form = form_of(&entry.step).or(entry.form.as_ref().map(FormData::kind));
                visits.push(Visit { form, entered });
                at = Some(&entry.step);
            }
            // The entry of the step being left is dated on the day of the move, so whichever
            // step comes next was entered on this date.
            entered = entry.date;
        }
        if at != Some(&trajectory.step) {
            visits.push(Visit {
                form: form_of(&trajectory.step),
                entered,
            });
        }
        Course {
            trajectory,
            template,
            entries: input.entries,
            visits,
        }
    }

    fn reached_in(&self, form: FormKind, period: Period) -> bool {
        self.visits
            .iter()
            .any(|v| v.form == Some(form) && period.contains(v.entered))
    }

    /// Reached an external-referral step whose referral (if recorded) went outside childcare: a
    /// move to BSO-plus is the step *before* youth care and counts as inside childcare.
    fn referred(&self) -> bool {
        self.visits
            .iter()
            .any(|v| v.form == Some(FormKind::Referral))
            && !self.to_bso_plus()
    }

    /// Every recorded referral of this trajectory went to BSO-plus.
    fn to_bso_plus(&self) -> bool {
        let mut kinds = self.own_entries().filter_map(|e| match &e.form {
            Some(FormData::Referral(r)) => Some(r.to),
            _ => None,
        });
        let first = kinds.next();
        first == Some(ReferralKind::BsoPlus) && kinds.all(|k| k == ReferralKind::BsoPlus)
    }

    fn own_entries(&self) -> impl Iterator<Item = &'a StepEntry> + '_ {
        let id = self.trajectory.id;
        self.entries.iter().filter(move |e| e.trajectory_id == id)
    }

    /// When the concern became a full signal: its first step past watching. A watch ("grey
    /// child") that was stopped never became one.
    fn signalled_on(&self) -> Option<NaiveDate> {
        if self.trajectory.status == Status::Watch {
            return None;
        }
        self.visits
            .iter()
            .find(|v| !matches!(v.form, Some(FormKind::Follow | FormKind::Closing)))
            .map(|v| v.entered)
    }

    /// Watched as a grey child on `date`: started as a watch, and not yet signalled or stopped.
    fn watched_on(&self, date: NaiveDate) -> bool {
        let t = self.trajectory;
        let started_as_watch = t.status == Status::Watch
            || self
                .visits
                .first()
                .is_some_and(|v| v.form == Some(FormKind::Follow));
        let ended = self.signalled_on().or(t.closed_on);
        started_as_watch && t.started_on <= date && ended.is_none_or(|end| date < end)
    }

    /// The engine's deadlines; none without the template version (they depend on its steps).
    fn due_items(&self) -> Vec<DueItem> {
        let Some(template) = self.template else {
            return Vec::new();
        };
        // Deadlines do not depend on consents.
        let consents = ConsentRegister::empty();
        due_items(&Case {
            trajectory: self.trajectory,
            template,
            entries: self.entries,
            consents: &consents,
        })
    }

    /// The next evaluation: the plan's review date or the template's rhythm, or the due date of
    /// the evaluation step the trajectory stands at.
    fn evaluation_due(&self) -> Option<NaiveDate> {
        let is_evaluation = |kind: &DueKind| match kind {
            DueKind::Evaluation => true,
            DueKind::Step(key) => self
                .template
                .and_then(|t| t.step(key))
                .is_some_and(|s| s.form == FormKind::Evaluation),
            _ => false,
        };
        self.due_items()
            .into_iter()
            .find(|item| is_evaluation(&item.kind))
            .map(|item| item.date)
    }

    /// The earliest deadline of an open trajectory: its step, evaluation, child discussion or a
    /// plan action.
    fn next_due(&self) -> Option<NaiveDate> {
        let t = self.trajectory;
        self.due_items()
            .into_iter()
            .map(|item| item.date)
            .min()
            .or(t.is_open().then_some(t.due))
    }
}

/// Active trajectories standing at one step of one template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepCount {
    /// The template's name ("Basisstappenplan", "Groepsaanpak"); empty when its version is not
    /// on this device.
    pub template: String,
    pub step: StepKey,
    /// The step's name; its key in both languages when the template is not on this device.
    pub name: Localized,
    pub count: usize,
}

/// Active trajectories per step, template by template in step order. All versions of a template
/// share one row per step, named and ordered as in its newest version; a step the newest version
/// dropped comes last.
fn open_by_step(input: &Input, courses: &[Course]) -> Vec<StepCount> {
    let mut rows: BTreeMap<(String, Id, usize, StepKey), (Localized, usize)> = BTreeMap::new();
    for course in courses
        .iter()
        .filter(|c| c.trajectory.status == Status::Active)
    {
        let key = &course.trajectory.step;
        let (template, lineage, index, name) = match course.template {
            Some(own) => {
                let newest = latest(input.templates, own.lineage).unwrap_or(own);
                let (index, step) = match newest.content.index_of(key) {
                    Some(i) => (i, newest.content.steps.get(i)),
                    None => (usize::MAX, own.step(key)),
                };
                let name = step.map(|s| s.name.clone());
                (newest.content.name.clone(), own.lineage, index, name)
            }
            None => (
                String::new(),
                course.trajectory.template_id,
                usize::MAX,
                None,
            ),
        };
        let name = name.unwrap_or_else(|| Localized::new(key.as_str(), key.as_str()));
        rows.entry((template, lineage, index, key.clone()))
            .or_insert((name, 0))
            .1 += 1;
    }
    rows.into_iter()
        .map(|((template, _, _, step), (name, count))| StepCount {
            template,
            step,
            name,
            count,
        })
        .collect()
}

/// The wellbeing list over a period: per domain and level, how many children had that level at
/// their latest observation in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WellbeingCounts {
    /// Children observed in the period.
    pub children: usize,
    counts: [[usize; 4]; 3],
}

impl WellbeingCounts {
    pub fn count(&self, domain: Domain, level: Level) -> usize {
        let (d, l) = WellbeingCounts::slot(domain, level);
        self.counts[d][l]
    }

    fn slot(domain: Domain, level: Level) -> (usize, usize) {
        let d = match domain {
            Domain::Itself => 0,
            Domain::WithPractitioner => 1,
            Domain::WithChildren => 2,
        };
        (d, usize::from(level.score() - 1))
    }

    fn of(input: &Input, period: Period, scope: &Scope) -> WellbeingCounts {
        let latest = latest_per_child(
            input
                .wellbeing
                .iter()
                .filter(|o| period.contains(o.date) && scope.covers(Some(o.group_id))),
        );
        let mut out = WellbeingCounts {
            children: latest.len(),
            ..WellbeingCounts::default()
        };
        for (domain, level) in latest.iter().flat_map(|o| o.levels()) {
            let (d, l) = WellbeingCounts::slot(domain, level);
            out.counts[d][l] += 1;
        }
        out
    }
}

/// How the child trajectories closed in a period ended, counted only from the answers asked at
/// closing (see [`crate::plan::outcome`]), and the follow-ups answered in the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Outcomes {
    /// Per [`Outcome`], in the order of [`Outcome::ALL`].
    counts: [usize; 6],
    /// Closed child signals without an outcome answer (closed before the question existed, or
    /// on a device that did not ask it): counted in no outcome.
    pub unknown: usize,
    /// "Zorgmijdend gezin bereikt": yes answers.
    pub care_avoiding_reached: usize,
    /// Follow-ups answered in the period: still at the regular BSO, and not.
    pub follow_up_still_regular: usize,
    pub follow_up_not_regular: usize,
    /// Answers to the placement question in evaluations of the period: yes, no, doubt.
    pub placement: [usize; 3],
}

impl Outcomes {
    pub fn count(&self, outcome: Outcome) -> usize {
        Outcome::ALL
            .iter()
            .position(|o| *o == outcome)
            .map_or(0, |i| self.counts[i])
    }

    /// Referrals avoided: the child stayed in the regular BSO or got extra support inside
    /// childcare (BSO-plus). Nothing else counts, however the trajectory ran.
    pub fn referrals_avoided(&self) -> usize {
        Outcome::ALL
            .iter()
            .filter(|o| o.avoids_referral())
            .map(|o| self.count(*o))
            .sum()
    }

    /// Referred to care outside childcare (CJG/wijkteam, youth care/GGZ).
    pub fn referred_out(&self) -> usize {
        Outcome::ALL
            .iter()
            .filter(|o| o.is_referral())
            .map(|o| self.count(*o))
            .sum()
    }

    fn of(courses: &[Course], period: Period) -> Outcomes {
        let mut out = Outcomes::default();
        for c in courses {
            let t = c.trajectory;
            if t.child_id().is_none() {
                continue;
            }
            let closed_in = t.status == Status::Closed
                && t.closed_on.is_some_and(|d| period.contains(d))
                && c.signalled_on().is_some();
            if closed_in {
                match t
                    .outcome
                    .and_then(|o| Outcome::ALL.iter().position(|a| *a == o))
                {
                    Some(i) => out.counts[i] += 1,
                    None => out.unknown += 1,
                }
                if t.care_avoiding_reached == Some(true) {
                    out.care_avoiding_reached += 1;
                }
            }
            for answer in FOLLOW_UP_MONTHS.iter().filter_map(|m| t.follow_up(*m)) {
                if period.contains(answer.answered_on) {
                    if answer.still_regular {
                        out.follow_up_still_regular += 1;
                    } else {
                        out.follow_up_not_regular += 1;
                    }
                }
            }
            for e in c.own_entries().filter(|e| period.contains(e.date)) {
                if let Some(FormData::Evaluation(f)) = &e.form {
                    let slot = match f.regular_placement {
                        Some(YesNoDoubt::Yes) => 0,
                        Some(YesNoDoubt::No) => 1,
                        Some(YesNoDoubt::Doubt) => 2,
                        None => continue,
                    };
                    out.placement[slot] += 1;
                }
            }
        }
        out
    }
}

/// The monitor of one period and scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figures {
    pub period: Period,
    /// The `today` the figures were computed on (for "overdue" and "now").
    pub as_of: NaiveDate,
    /// Concerns that became a full signal in the period: trajectories started as a signal, and
    /// watched children raised to one. A watch alone is not a signal.
    pub signals_raised: usize,
    /// Children watched as a "grey child" on the last day of the period.
    pub children_on_watch: usize,
    /// Active trajectories per current step, as they stand now: a trajectory keeps only its
    /// current step, so past periods show today's state too.
    pub open_by_step: Vec<StepCount>,
    /// Open trajectories whose next evaluation falls in the period.
    pub evaluations_due: usize,
    /// Open trajectories whose next evaluation was due before `as_of`.
    pub evaluations_overdue: usize,
    /// Trajectories that entered an escalation step in the period.
    pub escalations: usize,
    /// Trajectories that entered an external-referral step in the period, except referrals to
    /// BSO-plus (counted in `inside_childcare_referrals`).
    pub referrals: usize,
    /// Trajectories that entered a referral step in the period to go to BSO-plus: extra support
    /// inside childcare, the step before youth care.
    pub inside_childcare_referrals: usize,
    /// Signals closed in the period without reaching an external-referral step. Not a
    /// "referral avoided": a concern may have resolved itself or the child left (see
    /// [`Outcomes::referrals_avoided`]). Stopped watches count in neither closed figure.
    pub closed_without_referral: usize,
    /// Signals closed in the period after an external referral.
    pub closed_with_referral: usize,
    pub coaching: Totals,
    /// The coach deployment register: activities not tied to a session about one child (group
    /// visits, consultations, training …). Those about a learning question or nothing count
    /// only for all groups.
    pub coach_activities: Totals,
    pub wellbeing: WellbeingCounts,
    pub outcomes: Outcomes,
}

impl Figures {
    /// All active trajectories ("plans running").
    pub fn active(&self) -> usize {
        self.open_by_step.iter().map(|s| s.count).sum()
    }

    /// All the coach's time: sessions about a child and the register's activities.
    pub fn coach_total(&self) -> Totals {
        Totals {
            sessions: self.coaching.sessions + self.coach_activities.sessions,
            minutes: self.coaching.minutes + self.coach_activities.minutes,
        }
    }
}

/// The figures of `period` for `scope`; "now" and "overdue" are relative to `today`.
pub fn figures(input: &Input, period: Period, scope: &Scope, today: NaiveDate) -> Figures {
    let courses = input.courses(scope);
    let count = |f: &dyn Fn(&Course) -> bool| courses.iter().filter(|c| f(c)).count();
    let closed_signal = |c: &Course| {
        c.trajectory.status == Status::Closed
            && c.trajectory.closed_on.is_some_and(|d| period.contains(d))
            && c.signalled_on().is_some()
    };
    let evaluations: Vec<NaiveDate> = courses.iter().filter_map(Course::evaluation_due).collect();
    let mut watched: Vec<Id> = courses
        .iter()
        .filter(|c| c.watched_on(period.to))
        .filter_map(|c| c.trajectory.child_id())
        .collect();
    watched.sort();
    watched.dedup();
    let sessions = input
        .coach_sessions
        .iter()
        .filter(|s| scope.covers(input.group_of(Subject::Child(s.child_id))));
    Figures {
        period,
        as_of: today,
        signals_raised: count(&|c| c.signalled_on().is_some_and(|d| period.contains(d))),
        children_on_watch: watched.len(),
        open_by_step: open_by_step(input, &courses),
        evaluations_due: evaluations.iter().filter(|d| period.contains(**d)).count(),
        evaluations_overdue: evaluations.iter().filter(|d| **d < today).count(),
        escalations: count(&|c| c.reached_in(FormKind::Escalation, period)),
        referrals: count(&|c| c.reached_in(FormKind::Referral, period) && !c.to_bso_plus()),
        inside_childcare_referrals: count(&|c| {
            c.reached_in(FormKind::Referral, period) && c.to_bso_plus()
        }),
        closed_without_referral: count(&|c| closed_signal(c) && !c.referred()),
        closed_with_referral: count(&|c| closed_signal(c) && c.referred()),
        coaching: coaching::totals(sessions, period.from, period.to),
        coach_activities: activity::totals(
            input.coach_activities.iter().filter(|a| {
                let group = match &a.subject {
                    ActivitySubject::Child(c) => input.group_of(Subject::Child(*c)),
                    ActivitySubject::Group(g) => Some(*g),
                    ActivitySubject::LearningQuestion(_)
                    | ActivitySubject::Question(_)
                    | ActivitySubject::None => None,
                };
                scope.covers(group)
            }),
            period.from,
            period.to,
        ),
        wellbeing: WellbeingCounts::of(input, period, scope),
        outcomes: Outcomes::of(&courses, period),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plan::coaching::SessionKind;
    use crate::plan::defaults;
    use crate::plan::form::{PlanForm, ReferralForm, ReferralKind};
    use crate::plan::template::Step;

    pub(crate) fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    pub(crate) fn d(m: u32, dd: u32) -> NaiveDate {
        day(2026, m, dd)
    }

    pub(crate) fn id(a: u8, b: u8) -> Id {
        let mut bytes = [a; 16];
        bytes[1] = b;
        Id::from_random(bytes)
    }

    fn key(s: &str) -> StepKey {
        StepKey::new(s).unwrap()
    }

    pub(crate) fn q1() -> Period {
        Period::quarter(2026, 1).unwrap()
    }

    pub(crate) const BIJEN: u8 = 1;
    pub(crate) const VLINDERS: u8 = 2;
    pub(crate) const SEM: u8 = 20;
    pub(crate) const LOTTE: u8 = 21;
    pub(crate) const NOOR: u8 = 22;
    pub(crate) const DAAN: u8 = 23;
    /// A child whose record is gone from the device.
    pub(crate) const GONE: u8 = 29;
    pub(crate) const CHILD_PLAN: u8 = 10;
    pub(crate) const GROUP_FLOW: u8 = 11;

    pub(crate) fn child(n: u8) -> Subject {
        Subject::Child(id(n, 0))
    }

    pub(crate) fn group(n: u8) -> Subject {
        Subject::Group(id(n, 0))
    }

    pub(crate) fn close(t: &mut Trajectory, on: NaiveDate) {
        t.status = Status::Closed;
        t.closed_on = Some(on);
    }

    /// Everything a device might hold, built up per test.
    pub(crate) type World = Records;

    impl World {
        pub(crate) fn new() -> World {
            let g = |n| id(n, 0);
            World {
                children: vec![
                    Child::new(g(SEM), "Sem B.", g(BIJEN)),
                    Child::new(g(LOTTE), "Lotte V.", g(VLINDERS)),
                    Child::new(g(NOOR), "Noor K.", g(BIJEN)),
                    Child::new(g(DAAN), "Daan S.", g(VLINDERS)),
                ],
                groups: vec![
                    Group::new(g(BIJEN), "Bijen"),
                    Group::new(g(VLINDERS), "Vlinders"),
                ],
                trajectories: Vec::new(),
                entries: Vec::new(),
                templates: vec![
                    Template::first(g(CHILD_PLAN), defaults::child_plan()).unwrap(),
                    Template::first(g(GROUP_FLOW), defaults::group_flow()).unwrap(),
                ],
                coach_sessions: Vec::new(),
                wellbeing: Vec::new(),
                coach_activities: Vec::new(),
            }
        }

        /// Trajectory `n` of `subject` on template version `template` along `path`: the first
        /// step is where it started, each next one a move on that date, for which the app
        /// records the step it leaves. Active, at the last step, due on the last date.
        pub(crate) fn walk(
            &mut self,
            n: u8,
            subject: Subject,
            template: u8,
            path: &[(&str, NaiveDate)],
        ) -> &mut Trajectory {
            let traj = id(n, 0);
            for (i, pair) in path.windows(2).enumerate() {
                self.entries.push(StepEntry {
                    id: id(n, 100 + i as u8),
                    trajectory_id: traj,
                    step: key(pair[0].0),
                    date: pair[1].1,
                    by: "Anouk".into(),
                    owner: "Anouk".into(),
                    notes: String::new(),
                    form: None,
                });
            }
            let (step, last) = path[path.len() - 1];
            self.trajectories.push(Trajectory {
                id: traj,
                subject,
                template_id: id(template, 0),
                status: Status::Active,
                step: key(step),
                due: last,
                started_on: path[0].1,
                closed_on: None,
                moments: Vec::new(),
                ..crate::plan::trajectory::tests::trajectory()
            });
            self.trajectories.last_mut().unwrap()
        }

        /// Puts `form` on trajectory `n`'s entry of `step`.
        pub(crate) fn form(&mut self, n: u8, step: &str, form: FormData) {
            let e = self
                .entries
                .iter_mut()
                .find(|e| e.trajectory_id == id(n, 0) && e.step == key(step))
                .unwrap();
            e.form = Some(form);
        }

        pub(crate) fn session(&mut self, n: u8, child: u8, date: NaiveDate, minutes: u16) {
            self.coach_sessions.push(CoachSession {
                id: id(n, 0),
                child_id: id(child, 0),
                trajectory_id: None,
                coach: "Jeroen (Lindenhout)".into(),
                date,
                minutes,
                kind: SessionKind::Session,
                learning_goals: Vec::new(),
                shared_notes: String::new(),
                report: String::new(),
            });
        }

        pub(crate) fn observe(
            &mut self,
            n: u8,
            (child, group): (u8, u8),
            date: NaiveDate,
            [itself, with_practitioner, with_children]: [Level; 3],
        ) {
            self.wellbeing.push(WellbeingObservation {
                id: id(n, 0),
                child_id: id(child, 0),
                group_id: id(group, 0),
                date,
                itself,
                with_practitioner,
                with_children,
                note: String::new(),
            });
        }

        pub(crate) fn figures(&self, period: Period, scope: Scope, today: NaiveDate) -> Figures {
            figures(&self.input(), period, &scope, today)
        }
    }

    fn plan(review: NaiveDate) -> FormData {
        FormData::Plan(PlanForm {
            goals: Vec::new(),
            actions: Vec::new(),
            review_date: review,
            parents_copy: true,
        })
    }

    #[test]
    fn months_quarters_and_rollovers() {
        let feb = Period::month(2026, 2).unwrap();
        assert_eq!((feb.from(), feb.to()), (d(2, 1), d(2, 28)));
        assert_eq!(Period::month(2028, 2).unwrap().to(), day(2028, 2, 29));
        let dec = Period::month(2026, 12).unwrap();
        assert_eq!((dec.from(), dec.to()), (d(12, 1), d(12, 31)));
        let q4 = Period::quarter(2026, 4).unwrap();
        assert_eq!((q4.from(), q4.to()), (d(10, 1), d(12, 31)));
        assert_eq!((q1().from(), q1().to()), (d(1, 1), d(3, 31)));

        assert_eq!(
            Period::month(2026, 1).unwrap().previous(),
            Some(Period::month(2025, 12).unwrap())
        );
        assert_eq!(
            Period::month(2026, 3).unwrap().previous(),
            Some(feb),
            "all of February, not the 31 days before March"
        );
        assert_eq!(q1().previous(), Period::quarter(2025, 4).ok());
        assert_eq!(
            Period::quarter(2026, 3).unwrap().previous(),
            Period::quarter(2026, 2).ok()
        );
        let year = Period::custom(d(1, 1), d(12, 31)).unwrap();
        assert_eq!(
            year.previous(),
            Period::custom(day(2025, 1, 1), day(2025, 12, 31)).ok()
        );
        let ten_days = Period::custom(d(3, 10), d(3, 19)).unwrap();
        assert_eq!(ten_days.previous(), Period::custom(d(2, 28), d(3, 9)).ok());
        let one_day = Period::custom(d(1, 1), d(1, 1)).unwrap();
        assert_eq!(
            one_day.previous(),
            Period::custom(day(2025, 12, 31), day(2025, 12, 31)).ok()
        );
        let at_start = Period::custom(NaiveDate::MIN, NaiveDate::MIN).unwrap();
        assert_eq!(at_start.previous(), None);
    }

    #[test]
    fn periods_include_both_ends_and_reject_nonsense() {
        let p = q1();
        assert!(p.contains(d(1, 1)) && p.contains(d(3, 31)));
        assert!(!p.contains(day(2025, 12, 31)) && !p.contains(d(4, 1)));
        assert_eq!(Period::month(2026, 13), Err(PeriodError::Month(13)));
        assert_eq!(Period::month(2026, 0), Err(PeriodError::Month(0)));
        assert_eq!(Period::quarter(2026, 0), Err(PeriodError::Quarter(0)));
        assert_eq!(Period::quarter(2026, 5), Err(PeriodError::Quarter(5)));
        assert_eq!(Period::month(i32::MAX, 1), Err(PeriodError::Year(i32::MAX)));
        assert_eq!(
            Period::custom(d(3, 2), d(3, 1)),
            Err(PeriodError::Reversed {
                from: d(3, 2),
                to: d(3, 1)
            })
        );
    }

    #[test]
    fn empty_input_gives_zeros() {
        let f = figures(&Input::default(), q1(), &Scope::All, d(2, 1));
        assert_eq!(
            f,
            Figures {
                period: q1(),
                as_of: d(2, 1),
                signals_raised: 0,
                children_on_watch: 0,
                open_by_step: Vec::new(),
                evaluations_due: 0,
                evaluations_overdue: 0,
                escalations: 0,
                referrals: 0,
                inside_childcare_referrals: 0,
                closed_without_referral: 0,
                closed_with_referral: 0,
                coaching: Totals::default(),
                coach_activities: Totals::default(),
                wellbeing: WellbeingCounts::default(),
                outcomes: Outcomes::default(),
            }
        );
        assert_eq!(f.active(), 0);
    }

    #[test]
    fn signals_raised_are_full_signals_in_the_period() {
        let mut w = World::new();
        w.walk(30, child(SEM), CHILD_PLAN, &[("signaal", d(1, 1))]);
        w.walk(31, child(LOTTE), CHILD_PLAN, &[("signaal", d(3, 31))]);
        w.walk(
            32,
            child(NOOR),
            CHILD_PLAN,
            &[("signaal", day(2025, 12, 31))],
        );
        w.walk(33, child(DAAN), CHILD_PLAN, &[("signaal", d(4, 1))]);
        w.walk(34, child(SEM), CHILD_PLAN, &[("volgen", d(1, 10))])
            .status = Status::Watch;
        // A watch from before the period, raised to a signal inside it.
        w.walk(
            35,
            child(LOTTE),
            CHILD_PLAN,
            &[("volgen", day(2025, 12, 1)), ("signaal", d(2, 10))],
        );
        // A watch that was stopped never became a signal.
        let stopped = w.walk(
            36,
            child(NOOR),
            CHILD_PLAN,
            &[("volgen", d(1, 5)), ("afgerond", d(2, 1))],
        );
        close(stopped, d(2, 1));
        w.walk(37, group(BIJEN), GROUP_FLOW, &[("teambespreking", d(2, 2))]);

        assert_eq!(w.figures(q1(), Scope::All, d(4, 2)).signals_raised, 4);
        let q4 = q1().previous().unwrap();
        assert_eq!(
            w.figures(q4, Scope::All, d(4, 2)).signals_raised,
            1,
            "only the signal of 31 December; the December watch was raised in February"
        );
    }

    #[test]
    fn children_on_watch_on_the_last_day() {
        let feb = Period::month(2026, 2).unwrap();
        let mut w = World::new();
        w.walk(30, child(SEM), CHILD_PLAN, &[("volgen", d(1, 10))])
            .status = Status::Watch;
        w.walk(31, child(SEM), CHILD_PLAN, &[("volgen", d(2, 1))])
            .status = Status::Watch;
        // Raised after the period: still watched on its last day.
        w.walk(
            32,
            child(LOTTE),
            CHILD_PLAN,
            &[("volgen", d(2, 1)), ("signaal", d(3, 5))],
        );
        // Raised inside the period.
        w.walk(
            33,
            child(NOOR),
            CHILD_PLAN,
            &[("volgen", d(2, 1)), ("signaal", d(2, 20))],
        );
        w.walk(34, child(DAAN), CHILD_PLAN, &[("volgen", d(3, 1))])
            .status = Status::Watch;
        // Stopped on the last day.
        let stopped = w.walk(
            35,
            child(DAAN),
            CHILD_PLAN,
            &[("volgen", d(1, 1)), ("afgerond", d(2, 28))],
        );
        close(stopped, d(2, 28));
        w.walk(36, group(BIJEN), GROUP_FLOW, &[("teambespreking", d(1, 1))])
            .status = Status::Watch;

        let f = w.figures(feb, Scope::All, d(3, 10));
        assert_eq!(f.children_on_watch, 2, "Sem (twice) and Lotte");
        assert_eq!(f.signals_raised, 1, "Noor");
        let jan = feb.previous().unwrap();
        assert_eq!(
            w.figures(jan, Scope::All, d(3, 10)).children_on_watch,
            2,
            "Sem and Daan"
        );
    }

    #[test]
    fn active_trajectories_per_current_step_in_template_order() {
        let mut w = World::new();
        let v1 = w.templates[0].clone();
        let mut content = v1.content.clone();
        content
            .rename_step(&key("kindgesprek"), Localized::new("Gesprek met kind", ""))
            .unwrap();
        w.templates.push(v1.revise(id(12, 0), content).unwrap());
        let started = [("signaal", d(1, 5))];
        w.walk(
            30,
            child(SEM),
            CHILD_PLAN,
            &[started[0], ("kindgesprek", d(2, 1))],
        );
        w.walk(
            31,
            child(LOTTE),
            CHILD_PLAN,
            &[started[0], ("kindgesprek", d(2, 1))],
        );
        w.walk(32, child(NOOR), 12, &[started[0], ("kindgesprek", d(2, 1))]);
        w.walk(
            33,
            child(DAAN),
            CHILD_PLAN,
            &[started[0], ("plan", d(2, 1))],
        );
        w.walk(34, child(SEM), CHILD_PLAN, &started);
        w.walk(
            35,
            group(BIJEN),
            GROUP_FLOW,
            &[("teambespreking", d(1, 5)), ("advies", d(2, 1))],
        );
        w.walk(36, child(LOTTE), CHILD_PLAN, &[("volgen", d(1, 5))])
            .status = Status::Watch;
        let done = w.walk(
            37,
            child(NOOR),
            CHILD_PLAN,
            &[started[0], ("afgerond", d(2, 1))],
        );
        close(done, d(2, 1));
        // Its template version is not on this device.
        w.walk(38, child(DAAN), 99, &[("stap-x", d(1, 5))]);

        let f = w.figures(q1(), Scope::All, d(3, 1));
        let rows: Vec<(&str, &str, &str, usize)> = f
            .open_by_step
            .iter()
            .map(|s| {
                (
                    s.template.as_str(),
                    s.step.as_str(),
                    s.name.get("nl"),
                    s.count,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("", "stap-x", "stap-x", 1),
                ("Basisstappenplan", "signaal", "Signaal", 1),
                ("Basisstappenplan", "kindgesprek", "Gesprek met kind", 3),
                ("Basisstappenplan", "plan", "Plan van aanpak", 1),
                ("Groepsaanpak", "advies", "Advies", 1),
            ]
        );
        assert_eq!(f.active(), 7);
    }

    #[test]
    fn evaluations_due_in_the_period_and_overdue_today() {
        let march = Period::month(2026, 3).unwrap();
        let mut w = World::new();
        let to_plan = |n: u32| {
            [
                ("signaal", d(1, 5)),
                ("plan", d(2, 1)),
                ("uitvoering", d(2, 10 + n)),
            ]
        };
        w.walk(30, child(SEM), CHILD_PLAN, &to_plan(0));
        w.form(30, "plan", plan(d(3, 15)));
        w.walk(31, child(LOTTE), CHILD_PLAN, &to_plan(1));
        w.form(31, "plan", plan(d(3, 25)));
        // Standing at the evaluation step: the step's own date is the evaluation's.
        w.walk(
            32,
            child(NOOR),
            CHILD_PLAN,
            &[("signaal", d(1, 5)), ("evaluatie", d(2, 1))],
        )
        .due = d(2, 10);
        w.walk(33, child(DAAN), CHILD_PLAN, &to_plan(3));
        w.form(33, "plan", plan(d(4, 10)));
        let done = w.walk(34, child(SEM), CHILD_PLAN, &to_plan(4));
        close(done, d(3, 1));
        w.form(34, "plan", plan(d(3, 10)));

        let f = w.figures(march, Scope::All, d(3, 20));
        assert_eq!((f.evaluations_due, f.evaluations_overdue), (2, 2));
        let later = w.figures(march, Scope::All, d(4, 11));
        assert_eq!((later.evaluations_due, later.evaluations_overdue), (2, 4));
    }

    #[test]
    fn escalations_and_referrals_count_the_step_entered_in_the_period() {
        let mut w = World::new();
        // Started before the period, escalated inside it (no entry at the escalation step yet).
        w.walk(
            30,
            child(SEM),
            CHILD_PLAN,
            &[
                ("signaal", day(2025, 11, 1)),
                ("plan", day(2025, 12, 1)),
                ("evaluatie", d(1, 10)),
                ("opgeschaald", d(2, 1)),
            ],
        );
        // Escalated before, referred inside.
        w.walk(
            31,
            child(LOTTE),
            CHILD_PLAN,
            &[
                ("signaal", day(2025, 10, 1)),
                ("opgeschaald", day(2025, 12, 15)),
                ("extern", d(1, 20)),
            ],
        );
        // Escalated on the last day, referred after the period.
        w.walk(
            32,
            child(NOOR),
            CHILD_PLAN,
            &[
                ("signaal", d(1, 2)),
                ("opgeschaald", d(3, 31)),
                ("extern", d(4, 2)),
            ],
        );
        // An organisation's own escalation step, under another key and name.
        let mut content = defaults::child_plan();
        content.remove_step(&key("opgeschaald")).unwrap();
        let zorgteam = Step::new(
            key("zorgteam"),
            Localized::new("Zorgteam", "Care team"),
            FormKind::Escalation,
        );
        content.add_step(9, zorgteam).unwrap();
        w.templates
            .push(Template::first(id(13, 0), content).unwrap());
        w.walk(
            33,
            child(DAAN),
            13,
            &[
                ("signaal", d(1, 2)),
                ("zorgteam", d(2, 2)),
                ("uitvoering", d(2, 20)),
            ],
        );
        // Template not on this device: the referral form still says what the step was.
        w.walk(
            34,
            child(SEM),
            99,
            &[
                ("signaal", d(1, 5)),
                ("extern", d(2, 1)),
                ("afgerond", d(3, 1)),
            ],
        );
        w.form(
            34,
            "extern",
            FormData::Referral(ReferralForm {
                to: ReferralKind::Cjg,
                organisation: String::new(),
                referred_by: "moeder".into(),
                handed_over: String::new(),
                parents_agree: true,
                notes: String::new(),
            }),
        );

        let f = w.figures(q1(), Scope::All, d(4, 5));
        assert_eq!(f.escalations, 3, "Sem, Noor, Daan");
        assert_eq!(f.referrals, 2, "Lotte, and Sem's second trajectory");
        let q2 = w.figures(Period::quarter(2026, 2).unwrap(), Scope::All, d(4, 5));
        assert_eq!((q2.escalations, q2.referrals), (0, 1));
    }

    /// A group visit of `minutes` on 10 February about `subject`.
    pub(crate) fn act(n: u8, subject: ActivitySubject, minutes: u16) -> CoachActivity {
        CoachActivity {
            id: id(n, 0),
            date: d(2, 10),
            coach: "Manon".into(),
            minutes,
            kind: crate::plan::activity::ActivityKind::GroupVisit,
            subject,
            notes: String::new(),
        }
    }

    #[test]
    fn coach_activities_count_with_their_group_and_in_the_coach_total() {
        let mut w = World::new();
        w.session(40, SEM, d(2, 1), 60);
        w.coach_activities = vec![
            act(41, ActivitySubject::Group(id(BIJEN, 0)), 90),
            act(
                42,
                ActivitySubject::LearningQuestion("Dichtklappen".into()),
                30,
            ),
            act(43, ActivitySubject::Child(id(LOTTE, 0)), 45),
        ];
        let all = w.figures(q1(), Scope::All, d(4, 1));
        assert_eq!(
            (all.coach_activities.sessions, all.coach_activities.minutes),
            (3, 165)
        );
        assert_eq!(all.coach_total().minutes, 225);
        let bijen = w.figures(q1(), Scope::Group(id(BIJEN, 0)), d(4, 1));
        assert_eq!(
            bijen.coach_activities.minutes, 90,
            "the learning question is not a group's"
        );
        let vlinders = w.figures(q1(), Scope::Group(id(VLINDERS, 0)), d(4, 1));
        assert_eq!(
            vlinders.coach_activities.minutes, 45,
            "Lotte is in the Vlinders"
        );
    }

    fn referral_to(to: ReferralKind) -> FormData {
        FormData::Referral(ReferralForm {
            to,
            organisation: String::new(),
            referred_by: String::new(),
            handed_over: String::new(),
            parents_agree: true,
            notes: String::new(),
        })
    }

    #[test]
    fn referrals_avoided_count_only_from_outcome_answers_with_bso_plus_inside() {
        use crate::plan::form::{EvaluationDecision, EvaluationForm};
        use crate::plan::outcome::FollowUpAnswer;
        let mut w = World::new();
        let own_plan = [
            ("signaal", d(1, 5)),
            ("evaluatie", d(1, 20)),
            ("afgerond", d(2, 1)),
        ];
        let to_bso_plus = [
            ("signaal", d(1, 5)),
            ("extern", d(2, 1)),
            ("afgerond", d(3, 1)),
        ];
        // Sem: own plan, stays in the regular BSO; a follow-up answered in the period.
        let sem = w.walk(30, child(SEM), CHILD_PLAN, &own_plan);
        close(sem, d(2, 1));
        sem.outcome = Some(Outcome::RegularBso);
        sem.care_avoiding_reached = Some(true);
        sem.follow_up_6 = Some(FollowUpAnswer {
            answered_on: d(3, 1),
            still_regular: false,
        });
        w.form(
            30,
            "evaluatie",
            FormData::Evaluation(EvaluationForm {
                participants: Vec::new(),
                decision: EvaluationDecision::Close,
                regular_placement: Some(YesNoDoubt::Doubt),
                notes: String::new(),
                next_evaluation: None,
            }),
        );
        // Lotte: referred to BSO-plus, inside childcare.
        let lotte = w.walk(31, child(LOTTE), CHILD_PLAN, &to_bso_plus);
        close(lotte, d(3, 1));
        lotte.outcome = Some(Outcome::InsideChildcare);
        w.form(31, "extern", referral_to(ReferralKind::BsoPlus));
        // Noor: closed without a referral, but she left the BSO: not a referral avoided.
        let noor = w.walk(32, child(NOOR), CHILD_PLAN, &own_plan);
        close(noor, d(2, 1));
        noor.outcome = Some(Outcome::LeftBso);
        // Daan: closed without any answer (an older device): counted as unknown, never avoided.
        close(w.walk(33, child(DAAN), CHILD_PLAN, &own_plan), d(2, 1));
        // A group concern has no outcome and counts in none of these.
        close(
            w.walk(
                34,
                group(BIJEN),
                GROUP_FLOW,
                &[("teambespreking", d(1, 5)), ("evaluatie", d(2, 1))],
            ),
            d(2, 1),
        );

        let f = w.figures(q1(), Scope::All, d(4, 1));
        let o = f.outcomes;
        assert_eq!(
            o.referrals_avoided(),
            2,
            "Sem and Lotte, from their answers"
        );
        assert_eq!(
            f.closed_without_referral, 5,
            "the old count claimed all five, Noor, Daan and the group included"
        );
        assert_eq!(
            (o.count(Outcome::LeftBso), o.unknown, o.referred_out()),
            (1, 1, 0)
        );
        assert_eq!((f.referrals, f.inside_childcare_referrals), (0, 1));
        assert_eq!(
            f.closed_with_referral, 0,
            "BSO-plus is not an external referral"
        );
        assert_eq!(o.care_avoiding_reached, 1);
        assert_eq!((o.follow_up_still_regular, o.follow_up_not_regular), (0, 1));
        assert_eq!(o.placement, [0, 0, 1]);
        let q2 = w.figures(Period::quarter(2026, 2).unwrap(), Scope::All, d(7, 1));
        assert_eq!(q2.outcomes, Outcomes::default());
        let year = Period::year(2026).unwrap();
        assert_eq!((year.from(), year.to()), (d(1, 1), d(12, 31)));
        assert_eq!(year.previous(), Period::year(2025).ok());
    }

    #[test]
    fn closed_with_and_without_referral() {
        let mut w = World::new();
        let own_plan = [
            ("signaal", d(1, 5)),
            ("plan", d(1, 20)),
            ("afgerond", d(2, 1)),
        ];
        close(w.walk(30, child(SEM), CHILD_PLAN, &own_plan), d(2, 1));
        let referred = [
            ("signaal", d(1, 5)),
            ("extern", d(2, 1)),
            ("afgerond", d(3, 31)),
        ];
        close(w.walk(31, child(LOTTE), CHILD_PLAN, &referred), d(3, 31));
        let before = [
            ("signaal", day(2025, 11, 5)),
            ("afgerond", day(2025, 12, 20)),
        ];
        close(
            w.walk(32, child(NOOR), CHILD_PLAN, &before),
            day(2025, 12, 20),
        );
        let stopped_watch = [("volgen", d(1, 5)), ("afgerond", d(2, 10))];
        close(
            w.walk(33, child(DAAN), CHILD_PLAN, &stopped_watch),
            d(2, 10),
        );
        let referred_long_ago = [
            ("signaal", day(2025, 9, 1)),
            ("extern", day(2025, 10, 1)),
            ("afgerond", d(1, 15)),
        ];
        close(
            w.walk(34, child(SEM), CHILD_PLAN, &referred_long_ago),
            d(1, 15),
        );
        w.walk(
            35,
            child(LOTTE),
            CHILD_PLAN,
            &[("signaal", d(1, 5)), ("extern", d(2, 1))],
        );
        // A group flow has no closing step: closing leaves it at its last step.
        let group_flow = [("teambespreking", d(1, 5)), ("evaluatie", d(2, 5))];
        close(w.walk(36, group(BIJEN), GROUP_FLOW, &group_flow), d(3, 1));

        let f = w.figures(q1(), Scope::All, d(4, 1));
        assert_eq!(f.closed_without_referral, 2, "Sem's own plan and the group");
        assert_eq!(
            f.closed_with_referral, 2,
            "Lotte on the last day, Sem's old referral"
        );
        let q4 = w.figures(q1().previous().unwrap(), Scope::All, d(4, 1));
        assert_eq!(
            (q4.closed_without_referral, q4.closed_with_referral),
            (1, 0)
        );
    }

    #[test]
    fn scope_follows_the_childs_group_or_the_groups_own() {
        let mut w = World::new();
        w.walk(30, child(SEM), CHILD_PLAN, &[("signaal", d(1, 5))]);
        w.walk(31, child(LOTTE), CHILD_PLAN, &[("signaal", d(1, 5))]);
        w.walk(32, group(BIJEN), GROUP_FLOW, &[("teambespreking", d(1, 5))]);
        w.walk(
            33,
            group(VLINDERS),
            GROUP_FLOW,
            &[("teambespreking", d(1, 5))],
        );
        w.walk(34, child(GONE), CHILD_PLAN, &[("signaal", d(1, 5))]);
        w.session(40, SEM, d(2, 1), 60);
        w.session(41, LOTTE, d(2, 1), 90);
        w.session(42, GONE, d(2, 1), 30);
        use Level::*;
        w.observe(50, (SEM, BIJEN), d(2, 1), [Good, Good, Good]);
        // Observed while still in the Bijen group, moved to the Vlinders since.
        w.observe(51, (LOTTE, BIJEN), d(2, 1), [Poor, Good, Good]);

        let bijen = w.figures(q1(), Scope::Group(id(BIJEN, 0)), d(4, 1));
        assert_eq!(bijen.signals_raised, 2);
        assert_eq!((bijen.coaching.sessions, bijen.coaching.minutes), (1, 60));
        assert_eq!(bijen.wellbeing.children, 2);
        assert_eq!(bijen.active(), 2);
        let vlinders = w.figures(q1(), Scope::Group(id(VLINDERS, 0)), d(4, 1));
        assert_eq!(vlinders.signals_raised, 2);
        assert_eq!(vlinders.coaching.minutes, 90);
        assert_eq!(vlinders.wellbeing.children, 0);
        let all = w.figures(q1(), Scope::All, d(4, 1));
        assert_eq!(
            all.signals_raised, 5,
            "the removed child still counts in the whole"
        );
        assert_eq!((all.coaching.sessions, all.coaching.minutes), (3, 180));
    }

    #[test]
    fn coaching_hours_in_the_period() {
        let march = Period::month(2026, 3).unwrap();
        let mut w = World::new();
        w.session(40, SEM, d(3, 1), 45);
        w.session(41, SEM, d(3, 31), 45);
        w.session(42, LOTTE, d(3, 15), 60);
        w.session(43, LOTTE, d(2, 28), 60);
        w.session(44, LOTTE, d(4, 1), 60);
        let f = w.figures(march, Scope::All, d(4, 1));
        assert_eq!((f.coaching.sessions, f.coaching.minutes), (3, 150));
        assert_eq!(f.coaching.hours(), 2.5);
    }

    #[test]
    fn wellbeing_counts_the_latest_list_per_child() {
        let march = Period::month(2026, 3).unwrap();
        let mut w = World::new();
        use Level::*;
        w.observe(50, (SEM, BIJEN), d(3, 2), [Poor, Poor, Poor]);
        w.observe(51, (SEM, BIJEN), d(3, 20), [Good, Excellent, Moderate]);
        // Two lists on one day: the lower one counts.
        w.observe(52, (LOTTE, VLINDERS), d(3, 10), [Good, Good, Good]);
        w.observe(53, (LOTTE, VLINDERS), d(3, 10), [Poor, Good, Good]);
        w.observe(
            54,
            (LOTTE, VLINDERS),
            d(4, 2),
            [Excellent, Excellent, Excellent],
        );
        w.observe(55, (NOOR, BIJEN), d(2, 27), [Poor, Poor, Poor]);

        let wb = w.figures(march, Scope::All, d(4, 5)).wellbeing;
        assert_eq!(wb.children, 2);
        let table: Vec<Vec<usize>> = Domain::ALL
            .iter()
            .map(|dm| Level::ALL.iter().map(|l| wb.count(*dm, *l)).collect())
            .collect();
        assert_eq!(
            table,
            vec![
                vec![1, 0, 1, 0], // the child itself: Lotte poor, Sem good
                vec![0, 0, 1, 1], // with the practitioner
                vec![0, 1, 1, 0], // with other children
            ]
        );
    }
}
