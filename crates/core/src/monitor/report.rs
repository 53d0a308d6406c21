//! "Rapportage voor gemeente/financier": the monitor's figures for one period and scope as a
//! report an organisation can hand to whoever pays for early signalling.
//!
//! A funder needs figures, not children. The report is built from [`Figures`] only, which hold
//! counts and no names, ids, dates of birth or free text; the per-step rows (step names are the
//! organisation's own text) are left out. Every count under 5 is shown as "<5" (small-cell
//! suppression), so a small location cannot be read back to one child; the report says so.
//!
//! Hours and costs fall under the same rule, counted in what they are made of: coach hours (and
//! their cost) from fewer than 5 sessions or activities are held back ([`Value::Hidden`], "*"),
//! since the hours of three sessions are one or two children's coaching. And no difference of
//! shown figures may give a held-back one away: where rows add up ([`Sum`]: referrals avoided
//! are two outcomes, the total coach hours are the sessions' and the activities'), a held-back
//! part holds back the other parts too, so the total minus the shown parts is never a hidden
//! figure ([`protect`]).

use super::export::{domain, hours, level, tr};
use super::Figures;
use crate::csv::{push_row, BOM};
use crate::plan::coaching::Totals;
use crate::plan::outcome::Outcome;
use crate::plan::wellbeing::{Domain, Level};

/// Counts below this are shown as "<5".
pub const SUPPRESS_BELOW: usize = 5;
/// How a held-back figure ([`Value::Hidden`]) reads.
pub const HIDDEN: &str = "*";

/// One value of the report, already suppressed where it is a small count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A count of 5 or more.
    Count(usize),
    /// A count under 5 (including 0): not shown.
    FewerThanFive,
    Hours(f64),
    /// An amount in euro cents.
    Cents(u64),
    /// Held back: hours or a cost made of fewer than 5 sessions and activities, or a total one
    /// of whose parts is not shown.
    Hidden,
}

impl Value {
    pub fn count(n: usize) -> Value {
        if n < SUPPRESS_BELOW {
            Value::FewerThanFive
        } else {
            Value::Count(n)
        }
    }

    /// Hours made of `items` sessions and activities, held back under 5 of them.
    pub fn hours(h: f64, items: usize) -> Value {
        if items < SUPPRESS_BELOW {
            Value::Hidden
        } else {
            Value::Hours(h)
        }
    }

    /// A cost made of `items` sessions and activities, held back under 5 of them.
    pub fn cents(c: u64, items: usize) -> Value {
        if items < SUPPRESS_BELOW {
            Value::Hidden
        } else {
            Value::Cents(c)
        }
    }

    /// Whether the figure is not shown (a small count or held back).
    pub fn is_hidden(&self) -> bool {
        matches!(self, Value::FewerThanFive | Value::Hidden)
    }

    /// The value for a table or a spreadsheet cell, in `lang`.
    pub fn text(&self, lang: &str) -> String {
        match self {
            Value::Count(n) => n.to_string(),
            Value::FewerThanFive => format!("<{SUPPRESS_BELOW}"),
            Value::Hidden => HIDDEN.to_owned(),
            Value::Hours(h) => hours(*h, lang),
            Value::Cents(c) => {
                let s = format!("{}.{:02}", c / 100, c % 100);
                if lang == "en" {
                    s
                } else {
                    s.replace('.', ",")
                }
            }
        }
    }

    /// The number to draw in a chart: a suppressed count draws nothing.
    pub fn chart(&self) -> Option<f64> {
        match self {
            Value::Count(n) => Some(*n as f64),
            Value::FewerThanFive | Value::Hidden => None,
            Value::Hours(h) => Some(*h),
            Value::Cents(c) => Some(*c as f64 / 100.0),
        }
    }
}

/// Why a typed amount is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an amount in euro (at most two decimals, below 100,000)")]
pub struct AmountError(pub String);

/// An amount typed in euro ("75", "82,50", "82.5", "€ 90") as cents; blank is `None`.
pub fn parse_euros(text: &str) -> Result<Option<u32>, AmountError> {
    let clean = text.trim().trim_start_matches('€').trim().replace(',', ".");
    if clean.is_empty() {
        return Ok(None);
    }
    let bad = || AmountError(text.chars().take(20).collect());
    let (whole, frac) = clean.split_once('.').unwrap_or((&clean, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || frac.len() > 2 || (!frac.is_empty() && !digits(frac)) || whole.len() > 5 {
        return Err(bad());
    }
    let euros: u32 = whole.parse().map_err(|_| bad())?;
    let cents: u32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(Some(euros * 100 + cents))
}

/// Which part of the report a row belongs to (a heading and, for outcomes, a chart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Signals,
    Outcomes,
    Coaching,
    Wellbeing,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Signals,
        Section::Outcomes,
        Section::Coaching,
        Section::Wellbeing,
    ];

    pub fn title(self, lang: &str) -> &'static str {
        match self {
            Section::Signals => tr(lang, "Signalen en trajecten", "Signals and trajectories"),
            Section::Outcomes => tr(lang, "Uitkomsten", "Outcomes"),
            Section::Coaching => tr(lang, "Inzet coach", "Coaching"),
            Section::Wellbeing => tr(lang, "Lijst welbevinden", "Wellbeing list"),
        }
    }
}

/// Rows that add up to another row of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sum {
    /// Referrals avoided: stays in the regular BSO + inside childcare.
    Avoided,
    /// Total coach hours: sessions + activities.
    CoachHours,
}

/// How a row takes part in a [`Sum`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Adds {
    Alone,
    PartOf(Sum),
    TotalOf(Sum),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub section: Section,
    pub label: String,
    /// The chosen period.
    pub now: Value,
    /// The period before it, for comparison.
    pub before: Value,
    pub adds: Adds,
}

/// Where a part of a sum is held back, holds back the sum's other parts too, per column: the
/// total stays (it passes the rule on its own), but subtracting shown parts from it can no
/// longer give the held-back one away. Holding back the total instead would hide what funders
/// ask for most.
pub fn protect(rows: &mut [Row]) {
    let columns: [fn(&mut Row) -> &mut Value; 2] = [|r| &mut r.now, |r| &mut r.before];
    for sum in [Sum::Avoided, Sum::CoachHours] {
        for column in columns {
            let part_hidden = rows
                .iter_mut()
                .any(|r| r.adds == Adds::PartOf(sum) && column(r).is_hidden());
            if part_hidden {
                for r in rows.iter_mut().filter(|r| r.adds == Adds::PartOf(sum)) {
                    if !column(r).is_hidden() {
                        *column(r) = Value::Hidden;
                    }
                }
            }
        }
    }
}

/// The report of `now` against `before` (the period before it), in `lang`. `rate_cents` is the
/// coaching rate per hour from Settings; without one the cost row is left out.
pub fn rows(now: &Figures, before: &Figures, rate_cents: Option<u32>, lang: &str) -> Vec<Row> {
    let t = |nl, en| tr(lang, nl, en).to_owned();
    let count = |section, label: String, f: &dyn Fn(&Figures) -> usize| Row {
        section,
        label,
        now: Value::count(f(now)),
        before: Value::count(f(before)),
        adds: Adds::Alone,
    };
    let adds = |row: Row, adds: Adds| Row { adds, ..row };
    use Section::*;
    let mut out = vec![
        count(Signals, t("Signalen afgegeven", "Signals raised"), &|f| {
            f.signals_raised
        }),
        count(
            Signals,
            t(
                "Kinderen gevolgd (grijs kind) op de laatste dag",
                "Children on watch (grey child) on the last day",
            ),
            &|f| f.children_on_watch,
        ),
        count(
            Signals,
            t(
                "Opgeschaald binnen de organisatie",
                "Escalated within the organisation",
            ),
            &|f| f.escalations,
        ),
        count(
            Signals,
            t(
                "Extern verwezen (buiten de kinderopvang)",
                "Referred outside childcare",
            ),
            &|f| f.referrals,
        ),
        count(
            Signals,
            t(
                "Naar BSO-plus of extra ondersteuning (binnen de kinderopvang)",
                "To BSO-plus or extra support (inside childcare)",
            ),
            &|f| f.inside_childcare_referrals,
        ),
    ];
    out.extend(Outcome::ALL.into_iter().map(|o| {
        let row = count(Outcomes, outcome_label(lang, o).to_owned(), &move |f| {
            f.outcomes.count(o)
        });
        if o.avoids_referral() {
            adds(row, Adds::PartOf(Sum::Avoided))
        } else {
            row
        }
    }));
    out.extend([
        count(
            Outcomes,
            t(
                "Afgesloten zonder uitkomst ingevuld",
                "Closed without an outcome answered",
            ),
            &|f| f.outcomes.unknown,
        ),
        adds(
            count(
                Outcomes,
                t(
                    "Verwijzing voorkomen (bleef op de BSO of binnen de kinderopvang)",
                    "Referral avoided (stayed at the BSO or inside childcare)",
                ),
                &|f| f.outcomes.referrals_avoided(),
            ),
            Adds::TotalOf(Sum::Avoided),
        ),
        count(
            Outcomes,
            t("Zorgmijdend gezin bereikt", "Care-avoiding family reached"),
            &|f| f.outcomes.care_avoiding_reached,
        ),
        count(
            Outcomes,
            t(
                "Nazorg: nog op de reguliere BSO",
                "Follow-up: still at the regular BSO",
            ),
            &|f| f.outcomes.follow_up_still_regular,
        ),
        count(
            Outcomes,
            t(
                "Nazorg: niet meer op de reguliere BSO",
                "Follow-up: no longer at the regular BSO",
            ),
            &|f| f.outcomes.follow_up_not_regular,
        ),
    ]);
    for (i, (nl, en)) in [
        (
            "Reguliere plaatsing passend: ja",
            "Regular placement fits: yes",
        ),
        (
            "Reguliere plaatsing passend: nee",
            "Regular placement fits: no",
        ),
        (
            "Reguliere plaatsing passend: twijfel",
            "Regular placement fits: doubt",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        out.push(count(Outcomes, t(nl, en), &move |f| {
            f.outcomes.placement[i]
        }));
    }
    out.push(count(Coaching, t("Coachsessies", "Coach sessions"), &|f| {
        f.coaching.sessions
    }));
    out.push(count(
        Coaching,
        t(
            "Coachactiviteiten (groepsbezoek, consultatie, training …)",
            "Coach activities (group visit, consultation, training …)",
        ),
        &|f| f.coach_activities.sessions,
    ));
    let hours_row = |label: String, f: fn(&Figures) -> Totals, adds: Adds| Row {
        section: Coaching,
        label,
        now: Value::hours(f(now).hours(), f(now).sessions),
        before: Value::hours(f(before).hours(), f(before).sessions),
        adds,
    };
    out.push(hours_row(
        t("Coachuren sessies", "Coach hours, sessions"),
        |f| f.coaching,
        Adds::PartOf(Sum::CoachHours),
    ));
    out.push(hours_row(
        t("Coachuren activiteiten", "Coach hours, activities"),
        |f| f.coach_activities,
        Adds::PartOf(Sum::CoachHours),
    ));
    out.push(hours_row(
        t("Coachuren totaal", "Coach hours, total"),
        Figures::coach_total,
        Adds::TotalOf(Sum::CoachHours),
    ));
    if let Some(rate) = rate_cents {
        let cost = |f: &Figures| {
            let total = f.coach_total();
            Value::cents(total.cost_cents(rate), total.sessions)
        };
        out.push(Row {
            section: Coaching,
            label: t(
                "Kosten coaching (uren × tarief, euro)",
                "Coaching cost (hours × rate, euro)",
            ),
            now: cost(now),
            before: cost(before),
            adds: Adds::Alone,
        });
    }
    out.push(count(
        Wellbeing,
        t(
            "Kinderen met een lijst welbevinden",
            "Children with a wellbeing list",
        ),
        &|f| f.wellbeing.children,
    ));
    for d in Domain::ALL {
        for l in [Level::Poor, Level::Moderate] {
            let label = format!("{} – {}", domain(lang, d), level(lang, l));
            out.push(count(Wellbeing, label, &move |f| f.wellbeing.count(d, l)));
        }
    }
    protect(&mut out);
    out
}

pub fn outcome_label(lang: &str, o: Outcome) -> &'static str {
    match o {
        Outcome::RegularBso => tr(
            lang,
            "Blijft op de reguliere BSO",
            "Stays in the regular BSO",
        ),
        Outcome::InsideChildcare => tr(
            lang,
            "BSO-plus of extra ondersteuning binnen de kinderopvang",
            "BSO-plus or extra support inside childcare",
        ),
        Outcome::CjgOrWijkteam => tr(lang, "CJG of wijkteam", "CJG or neighbourhood team"),
        Outcome::YouthCareOrGgz => tr(lang, "Jeugdhulp of GGZ", "Youth care or mental health care"),
        Outcome::LeftBso => tr(lang, "Heeft de BSO verlaten", "Left the BSO"),
        Outcome::School => tr(lang, "Overgedragen aan school", "Handed over to school"),
    }
}

/// The sentence the report and its CSV carry about what it leaves out and how it counts.
pub fn notice(lang: &str) -> &'static str {
    tr(
        lang,
        "Aantallen onder de 5 staan als <5, zodat geen kind herkenbaar is. Uren en kosten uit minder dan 5 sessies of activiteiten staan als *; is één deel van een totaal verborgen, dan staan de andere delen ook als *, zodat geen verschil een verborgen getal verraadt. De rapportage bevat geen namen, id's, geboortedata of vrije tekst. Een verwijzing telt als voorkomen alleen als bij het afsluiten is ingevuld dat het kind op de reguliere BSO bleef of binnen de kinderopvang extra steun kreeg (zoals BSO-plus).",
        "Counts under 5 are shown as <5, so no child can be recognised. Hours and costs from fewer than 5 sessions or activities are shown as *; when one part of a total is hidden, its other parts are shown as * too, so that no difference gives a hidden figure away. The report holds no names, ids, dates of birth or free text. A referral counts as avoided only when closing recorded that the child stayed in the regular BSO or got extra support inside childcare (such as BSO-plus).",
    )
}

/// The report as CSV: a heading block (title, period, scope, notice), then one row per figure
/// with the chosen and the previous period. `scope` is "all groups" or a group's name.
pub fn csv(
    now: &Figures,
    before: &Figures,
    rate_cents: Option<u32>,
    scope: &str,
    lang: &str,
) -> String {
    let t = |nl, en| tr(lang, nl, en).to_owned();
    let period = |f: &Figures| format!("{} – {}", f.period.from(), f.period.to());
    let mut out = String::from(BOM);
    push_row(
        &mut out,
        &[
            t(
                "Rapportage voor gemeente/financier",
                "Report for municipality/funder",
            ),
            String::new(),
            String::new(),
        ],
    );
    push_row(
        &mut out,
        &[t("Groepen", "Groups"), scope.to_owned(), String::new()],
    );
    push_row(
        &mut out,
        &[
            t("Toelichting", "Note"),
            notice(lang).to_owned(),
            String::new(),
        ],
    );
    push_row(
        &mut out,
        &[t("Cijfer", "Figure"), period(now), period(before)],
    );
    for row in rows(now, before, rate_cents, lang) {
        push_row(
            &mut out,
            &[
                format!("{} – {}", row.section.title(lang), row.label),
                row.now.text(lang),
                row.before.text(lang),
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::super::{figures, Period, Scope};
    use super::*;
    use crate::child::Child;
    use crate::plan::trajectory::Status;
    use proptest::prelude::*;

    #[test]
    fn amounts_in_euro() {
        assert_eq!(parse_euros(" 75 "), Ok(Some(7500)));
        assert_eq!(parse_euros("82,5"), Ok(Some(8250)));
        assert_eq!(parse_euros("€ 90.05"), Ok(Some(9005)));
        assert_eq!(parse_euros(""), Ok(None));
        for bad in ["abc", "1,234", "-5", "1.2.3", "123456", ",5"] {
            assert!(parse_euros(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn small_counts_and_hours_and_costs_of_few_sessions_are_suppressed() {
        assert_eq!(Value::count(0).text("nl"), "<5");
        assert_eq!(Value::count(4).text("nl"), "<5");
        assert_eq!(Value::count(5).text("nl"), "5");
        assert_eq!(Value::Cents(12345).text("nl"), "123,45");
        assert_eq!(Value::Cents(5).text("en"), "0.05");
        assert_eq!(Value::count(3).chart(), None);
        let mut w = World::new();
        for n in 0..6 {
            w.session(40 + n, SEM, d(2, 1 + u32::from(n)), 90);
        }
        let now = w.figures(q1(), Scope::All, d(4, 1));
        let before = w.figures(q1().previous().unwrap(), Scope::All, d(4, 1));
        let list = rows(&now, &before, Some(7500), "nl");
        let get = |label: &str| list.iter().find(|r| r.label.starts_with(label)).unwrap();
        assert_eq!(get("Coachsessies").now, Value::Count(6));
        assert_eq!(get("Coachsessies").before, Value::FewerThanFive);
        assert_eq!(get("Coachuren totaal").now, Value::Hours(9.0));
        // No activities (a count under 5): the sessions' hours would be the total minus them.
        assert_eq!(get("Coachuren activiteiten").now, Value::Hidden);
        assert_eq!(get("Coachuren sessies").now, Value::Hidden);
        assert_eq!(get("Coachuren totaal").before, Value::Hidden);
        assert_eq!(get("Kosten coaching").now, Value::Cents(67_500));
        assert!(rows(&now, &before, None, "nl")
            .iter()
            .all(|r| !r.label.starts_with("Kosten")));
        let csv = csv(&now, &before, None, "Alle groepen", "nl");
        assert!(csv.contains("Coachsessies;6;<5\r\n"), "{csv}");
        assert!(csv.contains("2026-01-01 – 2026-03-31"));
        assert!(csv.contains("staan als <5"));
    }

    /// Random names (with a marker so they cannot occur in labels by chance), random courses,
    /// outcomes and sessions.
    fn world(names: &[String], walks: &[(u8, u8, u8, u8)]) -> World {
        let mut w = World::new();
        w.children = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let group = if i % 2 == 0 { BIJEN } else { VLINDERS };
                Child::new(id(60 + i as u8, 0), n, id(group, 0))
            })
            .collect();
        let paths: [&[&str]; 3] = [
            &["signaal", "plan", "evaluatie", "afgerond"],
            &["signaal", "extern", "afgerond"],
            &["volgen", "afgerond"],
        ];
        for (i, &(child, path, day, outcome)) in walks.iter().enumerate() {
            let path = paths[usize::from(path) % paths.len()];
            let dated: Vec<(&str, chrono::NaiveDate)> = path
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    (
                        *s,
                        d(1 + (u32::from(day) + k as u32) % 3, 1 + u32::from(day) % 27),
                    )
                })
                .collect();
            let mut dated = dated;
            dated.sort_by_key(|p| p.1);
            let child = 60 + child % names.len().max(1) as u8;
            let t = w.walk(
                100 + i as u8,
                crate::plan::trajectory::Subject::Child(id(child, 0)),
                CHILD_PLAN,
                &dated,
            );
            if outcome % 3 != 0 {
                let last = t.due;
                close(t, last);
                t.outcome = Outcome::ALL.get(usize::from(outcome) % 7).copied();
                t.care_avoiding_reached = Some(outcome % 2 == 0);
            } else {
                t.status = Status::Active;
            }
        }
        w
    }

    proptest! {
        /// Whatever the data, no cell of the report is a count under 5, no hours or cost are
        /// made of fewer than 5 sessions and activities, no difference of shown figures gives a
        /// hidden one away, and no child's name or id appears in it.
        #[test]
        fn the_report_never_shows_a_small_count_a_name_or_an_id(
            names in proptest::collection::vec("[A-Z][a-z]{2,8} Q[a-z]{0,4}", 1..8),
            walks in proptest::collection::vec((0u8..8, 0u8..3, 0u8..60, 0u8..9), 0..60),
            sessions in proptest::collection::vec((0u8..8, 1u16..200), 0..20),
            activities in proptest::collection::vec((0u8..3, 1u16..300, 0u8..2), 0..12),
        ) {
            use crate::plan::activity::{ActivityKind, ActivitySubject, CoachActivity};
            let mut w = world(&names, &walks);
            for (n, (child, minutes)) in sessions.iter().enumerate() {
                w.session(200 + n as u8, 60 + child % names.len() as u8, d(2, 1), *minutes);
            }
            w.coach_activities = activities
                .iter()
                .enumerate()
                .map(|(n, &(subject, minutes, month))| CoachActivity {
                    id: id(230 + n as u8, 0),
                    // January of this year or December of the last, so both columns get some.
                    date: if month == 0 { d(1, 9) } else { day(2025, 12, 9) },
                    coach: "Manon".into(),
                    minutes,
                    kind: ActivityKind::Consultation,
                    subject: match subject {
                        0 => ActivitySubject::Group(id(BIJEN, 0)),
                        1 => ActivitySubject::None,
                        _ => ActivitySubject::Question(id(240, 0)),
                    },
                    notes: String::new(),
                })
                .collect();
            let input = w.input();
            let now = figures(&input, q1(), &Scope::All, d(4, 1));
            let before = figures(&input, Period::quarter(2025, 4).unwrap(), &Scope::All, d(4, 1));
            let list = rows(&now, &before, Some(8000), "nl");
            for r in &list {
                for v in [r.now, r.before] {
                    if let Value::Count(n) = v {
                        prop_assert!(n >= SUPPRESS_BELOW);
                    }
                }
            }
            for (column, f) in [(0, &now), (1, &before)] {
                let cell = |r: &Row| if column == 0 { r.now } else { r.before };
                for (label, items) in [
                    ("Coachuren sessies", f.coaching.sessions),
                    ("Coachuren activiteiten", f.coach_activities.sessions),
                    ("Coachuren totaal", f.coach_total().sessions),
                    ("Kosten coaching", f.coach_total().sessions),
                ] {
                    let row = list.iter().find(|r| r.label.starts_with(label)).unwrap();
                    if !cell(row).is_hidden() {
                        prop_assert!(items >= SUPPRESS_BELOW, "{} from {} items", label, items);
                    }
                }
                for sum in [Sum::Avoided, Sum::CoachHours] {
                    let parts: Vec<Value> = list
                        .iter()
                        .filter(|r| r.adds == Adds::PartOf(sum))
                        .map(cell)
                        .collect();
                    prop_assert_eq!(parts.len(), 2);
                    let total = list.iter().find(|r| r.adds == Adds::TotalOf(sum)).map(cell).unwrap();
                    // Exactly one part hidden next to a shown total would be that total minus
                    // the shown parts.
                    let hidden = parts.iter().filter(|v| v.is_hidden()).count();
                    prop_assert!(total.is_hidden() || hidden != 1, "{:?}: {:?} of {:?}", sum, parts, total);
                    // And where everything shows, the parts really add up to the total.
                    match (total, parts[0], parts[1]) {
                        (Value::Count(t), Value::Count(a), Value::Count(b)) => prop_assert_eq!(t, a + b),
                        // Each is rounded to a tenth on its own.
                        (Value::Hours(t), Value::Hours(a), Value::Hours(b)) => prop_assert!((t - a - b).abs() < 0.1 + 1e-9),
                        _ => {}
                    }
                }
            }
            let out = csv(&now, &before, Some(8000), "Alle groepen", "nl");
            for c in &w.children {
                prop_assert!(!out.contains(&c.display_name), "name {}", c.display_name);
                prop_assert!(!out.contains(&c.id.to_string()));
            }
            for t in &w.trajectories {
                prop_assert!(!out.contains(&t.id.to_string()));
            }
            for line in out.split("\r\n").skip(4).filter(|l| !l.is_empty()) {
                let cells: Vec<&str> = line.split(';').collect();
                prop_assert_eq!(cells.len(), 3, "{}", line);
                for cell in &cells[1..] {
                    let plain: Result<usize, _> = cell.parse();
                    if let Ok(n) = plain {
                        prop_assert!(n >= SUPPRESS_BELOW, "{}", line);
                    }
                }
            }
        }
    }
}
