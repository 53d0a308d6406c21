//! CSV of the monitor for a spreadsheet: the figures of one period, and the trajectories, one
//! row each. Labels follow the app's language (`"en"`, anything else Dutch, as
//! [`crate::plan::template::Localized::get`]). Every cell goes through [`push_row`], which
//! defuses formulas: names and notes are other people's text.

use std::cmp::Reverse;

use chrono::NaiveDate;

use super::{Figures, Input, Scope};
use crate::csv::{push_row, BOM};
use crate::plan::trajectory::{RaisedBy, Status, Subject};
use crate::plan::wellbeing::{Domain, Level};

pub(super) fn tr(lang: &str, nl: &'static str, en: &'static str) -> &'static str {
    if lang == "en" {
        en
    } else {
        nl
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// One decimal, with the decimal comma Dutch spreadsheets expect (the comma is why the
/// separator is `;`).
pub(super) fn hours(h: f64, lang: &str) -> String {
    let s = format!("{h:.1}");
    if lang == "en" {
        s
    } else {
        s.replace('.', ",")
    }
}

/// The wording of the paper list.
pub(super) fn domain(lang: &str, d: Domain) -> &'static str {
    match d {
        Domain::Itself => tr(lang, "het kind zelf", "the child itself"),
        Domain::WithPractitioner => tr(
            lang,
            "in relatie tot de pedagogisch medewerker",
            "with the practitioner",
        ),
        Domain::WithChildren => tr(
            lang,
            "in relatie tot andere kinderen",
            "with other children",
        ),
    }
}

pub(super) fn level(lang: &str, l: Level) -> &'static str {
    match l {
        Level::Poor => tr(lang, "slecht", "poor"),
        Level::Moderate => tr(lang, "matig", "moderate"),
        Level::Good => tr(lang, "goed", "good"),
        Level::Excellent => tr(lang, "uitstekend", "excellent"),
    }
}

/// The figures, one row each: a label in `lang` and the value.
pub fn figures_csv(figures: &Figures, lang: &str) -> String {
    let f = figures;
    let t = |nl, en| tr(lang, nl, en).to_owned();
    let n = |count: usize| count.to_string();
    let mut rows = vec![
        (t("Periode van", "Period from"), f.period.from().to_string()),
        (
            t("Periode tot en met", "Period to"),
            f.period.to().to_string(),
        ),
        (t("Peildatum", "As of"), f.as_of.to_string()),
        (
            t("Signalen afgegeven", "Signals raised"),
            n(f.signals_raised),
        ),
        (
            t(
                "Kinderen gevolgd (grijs kind) op de laatste dag",
                "Children on watch (grey child) on the last day",
            ),
            n(f.children_on_watch),
        ),
        (
            t("Lopende trajecten (nu)", "Active trajectories (now)"),
            n(f.active()),
        ),
    ];
    rows.extend(f.open_by_step.iter().map(|s| {
        let template = if s.template.is_empty() {
            String::new()
        } else {
            format!("{} – ", s.template)
        };
        let label = tr(lang, "Lopend bij stap", "Active at step");
        (
            format!("{label}: {template}{}", s.name.get(lang)),
            n(s.count),
        )
    }));
    rows.extend([
        (
            t(
                "Evaluaties gepland in de periode",
                "Evaluations due in the period",
            ),
            n(f.evaluations_due),
        ),
        (
            t(
                "Evaluaties over datum op de peildatum",
                "Evaluations overdue as of",
            ),
            n(f.evaluations_overdue),
        ),
        (t("Opgeschaald", "Escalations"), n(f.escalations)),
        (t("Extern verwezen", "External referrals"), n(f.referrals)),
        (
            t(
                "Afgesloten zonder externe verwijzingsstap",
                "Closed without an external-referral step",
            ),
            n(f.closed_without_referral),
        ),
        (
            t(
                "Verwijzing voorkomen (volgens de uitkomst bij afsluiten)",
                "Referral avoided (from the outcome at closing)",
            ),
            n(f.outcomes.referrals_avoided()),
        ),
        (
            t(
                "Afgesloten na externe verwijzing",
                "Closed after external referral",
            ),
            n(f.closed_with_referral),
        ),
        (t("Coachsessies", "Coach sessions"), n(f.coaching.sessions)),
        (
            t("Coachuren", "Coach hours"),
            hours(f.coaching.hours(), lang),
        ),
        (
            t(
                "Kinderen met een lijst welbevinden",
                "Children with a wellbeing list",
            ),
            n(f.wellbeing.children),
        ),
    ]);
    for d in Domain::ALL {
        for l in Level::ALL {
            let label = format!(
                "{} – {} – {}",
                tr(lang, "Welbevinden", "Wellbeing"),
                domain(lang, d),
                level(lang, l)
            );
            rows.push((label, n(f.wellbeing.count(d, l))));
        }
    }
    let mut out = String::from(BOM);
    push_row(&mut out, &[t("Cijfer", "Figure"), t("Waarde", "Value")]);
    for (label, value) in rows {
        push_row(&mut out, &[label, value]);
    }
    out
}

/// The trajectories in `scope`, newest first, one row each.
pub fn trajectories_csv(input: &Input, scope: &Scope, lang: &str) -> String {
    let t = |nl, en| tr(lang, nl, en);
    let mut out = String::from(BOM);
    push_row(
        &mut out,
        &[
            t("Kind of groep", "Child or group"),
            t("Groep", "Group"),
            t("Status", "Status"),
            t("Huidige stap", "Current step"),
            t("Gestart op", "Started on"),
            t("Signaal van", "Raised by"),
            t("Naam melder", "Raised by (name)"),
            t("Eigenaar", "Owner"),
            t("Volgende deadline", "Next due"),
            t("Gekoppelde momenten", "Linked moments"),
            t("Afgesloten op", "Closed on"),
            t("Uitkomst", "Outcome"),
        ],
    );
    let mut courses = input.courses(scope);
    courses.sort_by_key(|c| (Reverse(c.trajectory.started_on), c.trajectory.id));
    for c in &courses {
        let traj = c.trajectory;
        let (name, group) = match traj.subject {
            Subject::Child(id) => {
                let child = input.child(id);
                let group = child.and_then(|c| input.group(c.group_id));
                (child.map(|c| c.display_name.as_str()), group)
            }
            Subject::Group(id) => {
                let group = input.group(id);
                (group.map(|g| g.name.as_str()), group)
            }
        };
        let step = c
            .template
            .and_then(|t| t.step(&traj.step))
            .map_or(traj.step.as_str(), |s| s.name.get(lang));
        let status = match traj.status {
            Status::Watch => t("Wordt gevolgd (grijs kind)", "Being watched (grey child)"),
            Status::Active => t("Lopend traject", "Active trajectory"),
            Status::Closed => t("Afgesloten", "Closed"),
        };
        let raised_by = match traj.raised_by {
            Some(RaisedBy::Parent) => t("Ouder", "Parent"),
            Some(RaisedBy::Practitioner) => t("Pedagogisch medewerker", "Practitioner"),
            None => "",
        };
        // The outcome answered at closing; before that question existed, what the steps show.
        let outcome = match (traj.status, c.signalled_on(), c.referred()) {
            (Status::Closed, _, _) if traj.outcome.is_some() => traj
                .outcome
                .map_or("", |o| super::report::outcome_label(lang, o)),
            (Status::Closed, None, _) => t("Gestopt met volgen", "Stopped watching"),
            (Status::Closed, Some(_), true) => t("Extern verwezen", "Referred externally"),
            (Status::Closed, Some(_), false) => {
                t("Afgerond zonder verwijzing", "Closed without referral")
            }
            _ => "",
        };
        let started = traj.started_on.to_string();
        let next_due = date(c.next_due());
        let moments = traj.moments.len().to_string();
        let closed = date(traj.closed_on);
        push_row(
            &mut out,
            &[
                name.unwrap_or_default(),
                group.map_or("", |g| g.name.as_str()),
                status,
                step,
                &started,
                raised_by,
                &traj.raised_by_name,
                &traj.owner,
                &next_due,
                &moments,
                &closed,
                outcome,
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::*;
    use super::super::{Period, Scope};
    use super::*;
    use crate::id::Id;

    #[test]
    fn figures_one_row_each_in_dutch_and_english() {
        let mut w = World::new();
        w.walk(
            30,
            child(SEM),
            CHILD_PLAN,
            &[("signaal", d(1, 5)), ("kindgesprek", d(2, 1))],
        );
        let own_plan = [
            ("signaal", d(1, 5)),
            ("plan", d(1, 20)),
            ("afgerond", d(2, 1)),
        ];
        close(w.walk(31, child(LOTTE), CHILD_PLAN, &own_plan), d(2, 1));
        w.session(40, SEM, d(3, 1), 90);
        w.session(41, SEM, d(3, 8), 60);
        w.observe(
            50,
            (SEM, BIJEN),
            d(3, 2),
            [Level::Poor, Level::Good, Level::Good],
        );
        let f = w.figures(q1(), Scope::All, d(4, 1));

        let nl = figures_csv(&f, "nl");
        let lines: Vec<&str> = nl.split("\r\n").collect();
        assert_eq!(lines[0], "\u{feff}Cijfer;Waarde");
        assert_eq!(
            &lines[1..8],
            [
                "Periode van;2026-01-01",
                "Periode tot en met;2026-03-31",
                "Peildatum;2026-04-01",
                "Signalen afgegeven;2",
                "Kinderen gevolgd (grijs kind) op de laatste dag;0",
                "Lopende trajecten (nu);1",
                "Lopend bij stap: Basisstappenplan – Kindgesprek;1",
            ]
        );
        for row in [
            "Afgesloten zonder externe verwijzingsstap;1",
            // Lotte's trajectory has no outcome answered: not a referral avoided.
            "Verwijzing voorkomen (volgens de uitkomst bij afsluiten);0",
            "Afgesloten na externe verwijzing;0",
            "Coachsessies;2",
            // Quoted because of the comma; spreadsheets still read a number.
            "Coachuren;\"2,5\"",
            "Kinderen met een lijst welbevinden;1",
            "Welbevinden – het kind zelf – slecht;1",
            "Welbevinden – in relatie tot andere kinderen – goed;1",
            "Welbevinden – in relatie tot andere kinderen – uitstekend;0",
        ] {
            assert!(lines.contains(&row), "{row}");
        }
        // Header, 6 general rows, 1 step, 10 more figures, 3 × 4 wellbeing rows, final newline.
        assert_eq!(lines.len(), 1 + 6 + 1 + 10 + 12 + 1);
        assert_eq!(lines.last(), Some(&""));

        let en = figures_csv(&f, "en");
        assert!(en.starts_with("\u{feff}Figure;Value\r\n"));
        assert!(en.contains("\r\nActive at step: Basisstappenplan – Child conversation;1\r\n"));
        assert!(en.contains("\r\nCoach hours;2.5\r\n"));
        assert!(en.contains("\r\nWellbeing – with the practitioner – good;1\r\n"));
    }

    #[test]
    fn trajectories_one_row_each_newest_first() {
        let mut w = World::new();
        w.children[0].display_name = "=cmd".into();
        let sem = w.walk(
            30,
            child(SEM),
            CHILD_PLAN,
            &[("signaal", d(1, 5)), ("kindgesprek", d(2, 1))],
        );
        sem.moments = vec![Id::from_random([60; 16]), Id::from_random([61; 16])];
        let referred = [
            ("signaal", d(1, 10)),
            ("extern", d(2, 1)),
            ("afgerond", d(3, 1)),
        ];
        let lotte = w.walk(31, child(LOTTE), CHILD_PLAN, &referred);
        close(lotte, d(3, 1));
        lotte.outcome = Some(crate::plan::outcome::Outcome::YouthCareOrGgz);
        lotte.raised_by = Some(RaisedBy::Parent);
        lotte.raised_by_name = "moeder".into();
        let group_flow = [("teambespreking", d(1, 20)), ("evaluatie", d(2, 5))];
        close(w.walk(32, group(BIJEN), GROUP_FLOW, &group_flow), d(3, 1));
        let stopped = [("volgen", d(1, 2)), ("afgerond", d(1, 30))];
        close(w.walk(33, child(NOOR), CHILD_PLAN, &stopped), d(1, 30));
        let gone = w.walk(34, child(GONE), CHILD_PLAN, &[("volgen", d(1, 1))]);
        gone.status = Status::Watch;
        gone.raised_by = None;
        gone.raised_by_name = String::new();

        let csv = trajectories_csv(&w.input(), &Scope::All, "nl");
        let expected = [
            "\u{feff}Kind of groep;Groep;Status;Huidige stap;Gestart op;Signaal van;Naam melder;Eigenaar;Volgende deadline;Gekoppelde momenten;Afgesloten op;Uitkomst",
            "Bijen;Bijen;Afgesloten;Evaluatie;2026-01-20;Pedagogisch medewerker;Anouk;Anouk;;0;2026-03-01;Afgerond zonder verwijzing",
            "Lotte V.;Vlinders;Afgesloten;Afgerond / overgedragen;2026-01-10;Ouder;moeder;Anouk;2026-09-01;0;2026-03-01;Jeugdhulp of GGZ",
            "\"'=cmd\";Bijen;Lopend traject;Kindgesprek;2026-01-05;Pedagogisch medewerker;Anouk;Anouk;2026-02-01;2;;",
            "Noor K.;Bijen;Afgesloten;Afgerond / overgedragen;2026-01-02;Pedagogisch medewerker;Anouk;Anouk;;0;2026-01-30;Gestopt met volgen",
            ";;Wordt gevolgd (grijs kind);Volgen;2026-01-01;;;Anouk;2026-01-01;0;;",
            "",
        ];
        assert_eq!(csv.split("\r\n").collect::<Vec<_>>(), expected);

        let vlinders = trajectories_csv(&w.input(), &Scope::Group(id(VLINDERS, 0)), "en");
        assert_eq!(
            vlinders.split("\r\n").collect::<Vec<_>>(),
            [
                "\u{feff}Child or group;Group;Status;Current step;Started on;Raised by;Raised by (name);Owner;Next due;Linked moments;Closed on;Outcome",
                "Lotte V.;Vlinders;Closed;Closed / handed over;2026-01-10;Parent;moeder;Anouk;2026-09-01;0;2026-03-01;Youth care or mental health care",
                "",
            ]
        );
    }

    #[test]
    fn empty_input_gives_headers_and_zero_rows() {
        let period = Period::month(2026, 12).unwrap();
        let f = super::super::figures(&Input::default(), period, &Scope::All, d(12, 31));
        let csv = figures_csv(&f, "en");
        assert!(csv.contains("\r\nPeriod from;2026-12-01\r\nPeriod to;2026-12-31\r\n"));
        assert!(csv.contains("\r\nCoach hours;0.0\r\n"));
        assert_eq!(csv.split("\r\n").count(), 1 + 6 + 10 + 12 + 1);
        assert_eq!(
            trajectories_csv(&Input::default(), &Scope::All, "nl")
                .split("\r\n")
                .count(),
            2,
            "header and the final newline"
        );
    }
}
