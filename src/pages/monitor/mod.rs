//! `/overzicht`: the location manager's monitor. The manager picks a period (a month, a quarter
//! or their own dates) and a group; the figures, the comparison with the period before and both
//! CSV files come from `signaal_core::monitor`. This module only reads the records, draws the
//! figures and hands the files to the browser.

mod funder_report;

pub use funder_report::FunderReport;

use crate::components::{BarChart, Field, PageHeader, TeamGrowth, ROW_H};
use crate::i18n::{format_date, use_i18n, Key, Lang};
use crate::labels;
use crate::platform::{date_input, download, parse_date, today};
use crate::state::use_state;
use crate::store::repo::Repo;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::monitor::export::{figures_csv, trajectories_csv};
use signaal_core::monitor::report;
use signaal_core::monitor::{
    figures, Figures, Period, PeriodError, Records, Scope, StepCount, WellbeingCounts,
};
use signaal_core::plan::budget::Budgets;
use signaal_core::plan::outcome::Outcome;
use signaal_core::plan::wellbeing::{Domain, Level};
use signaal_core::reply::count_in;

const CSV: &str = "text/csv;charset=utf-8";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Span {
    Month,
    Quarter,
    Custom,
}

fn period_error(err: &PeriodError) -> Key {
    match err {
        PeriodError::Reversed { .. } => Key::MonitorErrReversed,
        PeriodError::Month(_) | PeriodError::Quarter(_) | PeriodError::Year(_) => Key::ErrDate,
    }
}

/// "2026-03" (as `<input type="month">` gives it) or "2026-1" (a quarter option's value).
fn year_and(text: &str) -> Result<(i32, u32), Key> {
    let (year, part) = text.trim().split_once('-').ok_or(Key::ErrDate)?;
    Ok((
        year.parse().map_err(|_| Key::ErrDate)?,
        part.parse().map_err(|_| Key::ErrDate)?,
    ))
}

fn quarter_of(date: NaiveDate) -> u32 {
    date.month0() / 3 + 1
}

/// The last three years of quarters, newest first: older ones are a custom period away.
fn recent_quarters(today: NaiveDate) -> Vec<(i32, u32)> {
    let mut at = (today.year(), quarter_of(today));
    let mut out = Vec::with_capacity(12);
    for _ in 0..12 {
        out.push(at);
        at = if at.1 == 1 {
            (at.0 - 1, 4)
        } else {
            (at.0, at.1 - 1)
        };
    }
    out
}

/// The period and its predecessor's figures, as the dashboard shows them.
#[derive(Clone, PartialEq)]
struct Shown {
    now: Figures,
    before: Option<Figures>,
}

#[component]
pub fn Monitor() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let start = today();
    let span = RwSignal::new(Span::Month);
    let month = RwSignal::new(signaal_core::iso::month(start));
    let quarter = RwSignal::new(format!("{}-{}", start.year(), quarter_of(start)));
    let from = RwSignal::new(date_input(start.with_day(1).unwrap_or(start)));
    let to = RwSignal::new(date_input(start));
    let group = RwSignal::new(String::new());

    let records = Memo::new(move |_| state.repo.with(Repo::monitor_records));
    let budgets = Memo::new(move |_| state.repo.with(Repo::budgets));
    let has_data = Memo::new(move |_| records.with(|r| !r.is_empty()));
    let period = Memo::new(move |_| -> Result<Period, Key> {
        match span.get() {
            Span::Month => month
                .with(|m| year_and(m))
                .and_then(|(y, m)| Period::month(y, m).map_err(|e| period_error(&e))),
            Span::Quarter => quarter
                .with(|q| year_and(q))
                .and_then(|(y, q)| Period::quarter(y, q).map_err(|e| period_error(&e))),
            Span::Custom => {
                let from = from.with(|f| parse_date(f)).ok_or(Key::ErrDate)?;
                let to = to.with(|t| parse_date(t)).ok_or(Key::ErrDate)?;
                Period::custom(from, to).map_err(|e| period_error(&e))
            }
        }
    });
    // An id that is not a group (or no longer one) falls back to all groups rather than to zeros.
    let scope = Memo::new(move |_| {
        let id = group.with(|g| g.parse::<Id>().ok());
        match id {
            Some(id) if records.with(|r| r.groups.iter().any(|g| g.id == id)) => Scope::Group(id),
            _ => Scope::All,
        }
    });
    let shown = Memo::new(move |_| -> Result<Shown, Key> {
        let period = period.get()?;
        let scope = scope.get();
        let day = today();
        Ok(records.with(|r| {
            let input = r.input();
            Shown {
                now: figures(&input, period, &scope, day),
                before: period.previous().map(|p| figures(&input, p, &scope, day)),
            }
        }))
    });

    view! {
        <PageHeader title=Key::MonitorTitle intro=Key::MonitorIntro/>
        <Show when=move || has_data.get() fallback=move || view! { <p class="empty">{i18n.tr(Key::MonitorEmpty)}</p> }>
            <PeriodPicker span month quarter from to group records/>
            {move || {
                let lang = i18n.lang.get();
                match shown.get() {
                    Err(key) => view! { <p class="error" role="alert">{i18n.tr(key)}</p> }.into_any(),
                    Ok(s) => view! {
                        <PeriodLine now=s.now.period before=s.before.as_ref().map(|b| b.period) lang/>
                        <Tiles now=s.now.clone() before=s.before.clone() lang/>
                        <ParentReplies now=s.now.period before=s.before.as_ref().map(|b| b.period) scope=scope.get() lang/>
                        <p class="monitor-how">{i18n.tr(Key::MonitorAvoidedHow)}</p>
                        <OutcomePanel now=s.now.clone() lang/>
                        <StepChart steps=s.now.open_by_step lang/>
                        <WellbeingPanel counts=s.now.wellbeing lang/>
                    }.into_any(),
                }
            }}
            <YearCompare records scope budgets/>
            <TeamGrowth/>
            <ExportCard records shown scope/>
        </Show>
    }
}

#[component]
fn PeriodPicker(
    span: RwSignal<Span>,
    month: RwSignal<String>,
    quarter: RwSignal<String>,
    from: RwSignal<String>,
    to: RwSignal<String>,
    group: RwSignal<String>,
    records: Memo<Records>,
) -> impl IntoView {
    let i18n = use_i18n();
    let groups = Memo::new(move |_| {
        records.with(|r| {
            let mut list: Vec<(String, String)> = r
                .groups
                .iter()
                .map(|g| (g.id.to_string(), g.name.clone()))
                .collect();
            list.sort_by_key(|(_, name)| name.to_lowercase());
            list
        })
    });
    let quarters = recent_quarters(today());
    view! {
        <section class="card monitor-picker">
            <h2>{i18n.tr(Key::MonitorPick)}</h2>
            <fieldset class="inline-choices">
                <legend>{i18n.tr(Key::MonitorPeriodKind)}</legend>
                {[(Span::Month, Key::MonitorMonth), (Span::Quarter, Key::MonitorQuarter), (Span::Custom, Key::MonitorCustom)]
                    .into_iter()
                    .map(|(choice, key)| view! {
                        <label class="choice">
                            <input type="radio" name="monitor-span" prop:checked=move || span.get() == choice on:change=move |_| span.set(choice)/>
                            <span>{i18n.tr(key)}</span>
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            <div class="monitor-fields">
                {move || match span.get() {
                    Span::Month => view! {
                        <Field label=Key::MonitorMonth><input type="month" bind:value=month/></Field>
                    }.into_any(),
                    Span::Quarter => {
                        let options = quarters.clone();
                        view! {
                            // A label wrapping a select would take the chosen option into its name.
                            <div class="field">
                                <label for="monitor-quarter">{i18n.tr(Key::MonitorQuarter)}</label>
                                <select id="monitor-quarter" on:change=move |ev| quarter.set(event_target_value(&ev))>
                                    {options.into_iter().map(|(y, q)| {
                                        let value = format!("{y}-{q}");
                                        let selected = quarter.get_untracked() == value;
                                        view! { <option value=value selected=selected>{move || format!("{} {q}, {y}", i18n.t(Key::MonitorQuarter))}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                        }.into_any()
                    }
                    Span::Custom => view! {
                        <Field label=Key::MonitorFrom><input type="date" bind:value=from/></Field>
                        <Field label=Key::MonitorTo><input type="date" bind:value=to/></Field>
                    }.into_any(),
                }}
                <div class="field">
                    <label for="monitor-group">{i18n.tr(Key::Group)}</label>
                    <select id="monitor-group" on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="">{i18n.tr(Key::AllGroups)}</option>
                        {move || groups.get().into_iter().map(|(id, name)| {
                            let selected = group.get_untracked() == id;
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
        </section>
    }
}

/// Which period the figures are of, and which one they are compared with.
#[component]
fn PeriodLine(now: Period, before: Option<Period>, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let span = |p: Period| {
        format!(
            "{} – {}",
            format_date(lang, p.from()),
            format_date(lang, p.to())
        )
    };
    view! {
        <p class="monitor-period" role="status">
            {i18n.tr(Key::MonitorShowing)}" "<strong>{span(now)}</strong>
            {before.map(|b| view! { ", "{i18n.tr(Key::MonitorComparedWith)}" "{span(b)} })}
        </p>
    }
}

/// What a tile's figure is measured against.
#[derive(Clone, Copy)]
enum Basis {
    /// Counted inside the period: the previous period's value is a fair comparison.
    Period,
    /// A state on the period's last day; the previous period's last day compares.
    LastDay,
    /// Today's state, the same whatever period is picked: comparing would mislead.
    Today,
}

type Value = fn(&Figures, Lang) -> String;

/// One decimal with the decimal mark of the language, as in the CSV.
fn one_decimal(value: f64, lang: Lang) -> String {
    let text = format!("{value:.1}");
    if lang == Lang::Nl {
        text.replace('.', ",")
    } else {
        text
    }
}

/// All the coach's time: sessions about a child and the deployment register's activities.
fn hours(f: &Figures, lang: Lang) -> String {
    one_decimal(f.coach_total().hours(), lang)
}

const TILES: [(Key, Basis, Value); 14] = [
    (Key::MonitorSignals, Basis::Period, |f, _| {
        f.signals_raised.to_string()
    }),
    (Key::MonitorWatched, Basis::LastDay, |f, _| {
        f.children_on_watch.to_string()
    }),
    (Key::MonitorActive, Basis::Today, |f, _| {
        f.active().to_string()
    }),
    (Key::MonitorEvaluationsDue, Basis::Period, |f, _| {
        f.evaluations_due.to_string()
    }),
    (Key::MonitorEvaluationsOverdue, Basis::Today, |f, _| {
        f.evaluations_overdue.to_string()
    }),
    (Key::MonitorEscalations, Basis::Period, |f, _| {
        f.escalations.to_string()
    }),
    (Key::MonitorReferrals, Basis::Period, |f, _| {
        f.referrals.to_string()
    }),
    (Key::MonitorAvoided, Basis::Period, |f, _| {
        f.outcomes.referrals_avoided().to_string()
    }),
    (Key::MonitorInsideChildcare, Basis::Period, |f, _| {
        f.inside_childcare_referrals.to_string()
    }),
    (Key::CareAvoiding, Basis::Period, |f, _| {
        f.outcomes.care_avoiding_reached.to_string()
    }),
    (Key::MonitorClosedNoReferral, Basis::Period, |f, _| {
        f.closed_without_referral.to_string()
    }),
    (Key::MonitorClosedReferred, Basis::Period, |f, _| {
        f.closed_with_referral.to_string()
    }),
    (Key::MonitorCoachSessions, Basis::Period, |f, _| {
        f.coaching.sessions.to_string()
    }),
    (Key::MonitorCoachHours, Basis::Period, hours),
];

#[component]
fn Tiles(now: Figures, before: Option<Figures>, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="monitor-figures">
            <h2 id="monitor-figures">{i18n.tr(Key::MonitorFigures)}</h2>
            <dl class="tiles">
                {TILES.into_iter().map(|(key, basis, value)| {
                    let previous = before.as_ref().map(|b| value(b, lang));
                    let note = match (basis, previous) {
                        (Basis::Today, _) => Some(Key::MonitorAsOfToday.text(lang).to_owned()),
                        (Basis::LastDay, Some(p)) => Some(format!("{} · {} {p}", Key::MonitorOnLastDay.text(lang), Key::MonitorPrevious.text(lang))),
                        (Basis::LastDay, None) => Some(Key::MonitorOnLastDay.text(lang).to_owned()),
                        (Basis::Period, Some(p)) => Some(format!("{} {p}", Key::MonitorPrevious.text(lang))),
                        (Basis::Period, None) => None,
                    };
                    view! {
                        <div class="tile" class:highlight={key == Key::MonitorAvoided}>
                            <dt>{i18n.tr(key)}</dt>
                            <dd class="tile-value">{value(&now, lang)}</dd>
                            {note.map(|n| view! { <dd class="tile-note">{n}</dd> })}
                        </div>
                    }
                }).collect_view()}
            </dl>
        </section>
    }
}

/// How many messages parents sent through their links in the period (and the one before).
#[component]
fn ParentReplies(now: Period, before: Option<Period>, scope: Scope, lang: Lang) -> impl IntoView {
    let state = use_state();
    let group = match scope {
        Scope::All => None,
        Scope::Group(g) => Some(g),
    };
    let count = move |p: Period| state.repo.with(|r| count_in(r.notebook().iter(), p, group));
    let previous = before.map(|p| format!("{} {}", Key::MonitorPrevious.text(lang), count(p)));
    view! {
        <dl class="tiles">
            <div class="tile">
                <dt>{Key::MonitorParentReplies.text(lang)}</dt>
                <dd class="tile-value">{count(now)}</dd>
                {previous.map(|p| view! { <dd class="tile-note">{p}</dd> })}
            </div>
        </dl>
    }
}

#[component]
fn StepChart(steps: Vec<StepCount>, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let code = lang.code();
    // The template's name only matters when steps of different plans share the chart.
    let mut templates: Vec<&str> = steps.iter().map(|s| s.template.as_str()).collect();
    templates.dedup();
    let several = templates.len() > 1;
    let rows: Vec<(String, usize)> = steps
        .iter()
        .map(|s| {
            let name = s.name.get(code);
            let label = if several && !s.template.is_empty() {
                format!("{} – {name}", s.template)
            } else {
                name.to_owned()
            };
            (label, s.count)
        })
        .collect();
    let title = Key::MonitorByStep.text(lang);
    let summary = format!(
        "{title}: {}",
        rows.iter()
            .map(|(l, c)| format!("{l} {c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let bars: Vec<(String, Option<f64>, String)> = rows
        .into_iter()
        .map(|(label, count)| (label, Some(count as f64), count.to_string()))
        .collect();
    view! {
        <figure class="card chart monitor-steps">
            <figcaption>{i18n.tr(Key::MonitorByStep)}" "<span class="muted">"("{Key::MonitorAsOfToday.text(lang).to_lowercase()}")"</span></figcaption>
            {if bars.is_empty() {
                view! { <p class="muted">{i18n.tr(Key::MonitorNoneActive)}</p> }.into_any()
            } else {
                view! { <BarChart rows=bars summary/> }.into_any()
            }}
        </figure>
    }
}

fn domain_key(d: Domain) -> Key {
    match d {
        Domain::Itself => Key::MonitorItself,
        Domain::WithPractitioner => Key::MonitorWithPractitioner,
        Domain::WithChildren => Key::MonitorWithChildren,
    }
}

fn level_key(l: Level) -> Key {
    match l {
        Level::Poor => Key::MonitorPoor,
        Level::Moderate => Key::MonitorModerate,
        Level::Good => Key::MonitorGood,
        Level::Excellent => Key::MonitorExcellent,
    }
}

/// CSS class of a level's colour, shared by the bar segments and the table's legend swatches.
fn level_class(l: Level) -> &'static str {
    match l {
        Level::Poor => "level-poor",
        Level::Moderate => "level-moderate",
        Level::Good => "level-good",
        Level::Excellent => "level-excellent",
    }
}

/// The wellbeing list as one stacked bar per domain, with the table as its legend and its text.
#[component]
fn WellbeingPanel(counts: WellbeingCounts, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    if counts.children == 0 {
        return view! {
            <section class="card">
                <h2>{i18n.tr(Key::MonitorWellbeing)}</h2>
                <p class="muted">{i18n.tr(Key::MonitorNoWellbeing)}</p>
            </section>
        }
        .into_any();
    }
    let total = counts.children as f32;
    let summary = Domain::ALL
        .iter()
        .map(|&d| {
            let parts: Vec<String> = Level::ALL
                .iter()
                .map(|&l| format!("{} {}", level_key(l).text(lang), counts.count(d, l)))
                .collect();
            format!("{}: {}", domain_key(d).text(lang), parts.join(", "))
        })
        .collect::<Vec<_>>()
        .join("; ");
    view! {
        <section class="card monitor-wellbeing">
            <h2>{i18n.tr(Key::MonitorWellbeing)}</h2>
            <p>{i18n.tr(Key::MonitorWellbeingChildren)}" "<strong>{counts.children}</strong></p>
            <svg class="stack-chart" width="100%" height=ROW_H * 3 role="img" aria-label=summary>
                {Domain::ALL.into_iter().enumerate().map(|(i, d)| {
                    let top = ROW_H * i as u32;
                    let mut left = 0.0_f32;
                    view! {
                        <g>
                            <text x="0" y=top + 15 class="bar-label">{i18n.tr(domain_key(d))}</text>
                            {Level::ALL.into_iter().filter(|&l| counts.count(d, l) > 0).map(|l| {
                                let pct = 100.0 * counts.count(d, l) as f32 / total;
                                let x = left;
                                left += pct;
                                view! { <rect class=level_class(l) x=format!("{x}%") y=top + 21 width=format!("{pct}%") height="18"/> }
                            }).collect_view()}
                        </g>
                    }
                }).collect_view()}
            </svg>
            <div class="table-scroll">
                <table class="monitor-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Key::MonitorDomain)}</th>
                            {Level::ALL.into_iter().map(|l| view! {
                                <th scope="col"><span class=format!("swatch {}", level_class(l)) aria-hidden="true"></span>{i18n.tr(level_key(l))}</th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {Domain::ALL.into_iter().map(|d| view! {
                            <tr>
                                <th scope="row">{i18n.tr(domain_key(d))}</th>
                                {Level::ALL.into_iter().map(|l| view! { <td>{counts.count(d, l)}</td> }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn ExportCard(
    records: Memo<Records>,
    shown: Memo<Result<Shown, Key>>,
    scope: Memo<Scope>,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = move || i18n.lang.get_untracked().code();
    let export_figures = move |_| {
        if let Ok(s) = shown.get_untracked() {
            let p = s.now.period;
            download(
                &format!("signaal-intern-cijfers-{}-{}.csv", p.from(), p.to()),
                CSV,
                figures_csv(&s.now, lang()),
            );
        }
    };
    let export_trajectories = move |_| {
        let body = records
            .with_untracked(|r| trajectories_csv(&r.input(), &scope.get_untracked(), lang()));
        download(
            &format!("signaal-intern-trajecten-met-namen-{}.csv", today()),
            CSV,
            body,
        );
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::MonitorExport)}</h2>
            <p class="muted">{i18n.tr(Key::MonitorExportHelp)}</p>
            <div class="form-actions">
                <a class="button primary" href="/overzicht/rapportage">{i18n.tr(Key::ReportTitle)}</a>
                <button type="button" class="button" disabled=move || shown.with(Result::is_err) on:click=export_figures>{i18n.tr(Key::MonitorFiguresCsv)}</button>
                <button type="button" class="button" on:click=export_trajectories>{i18n.tr(Key::MonitorTrajectoriesCsv)}</button>
            </div>
        </section>
    }
}

/// How the child trajectories closed in the period ended, from the answers at closing, with the
/// follow-ups and the placement question's answers.
#[component]
fn OutcomePanel(now: Figures, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let o = now.outcomes;
    let mut rows: Vec<(String, usize)> = Outcome::ALL
        .into_iter()
        .map(|x| (labels::outcome(x).text(lang).to_owned(), o.count(x)))
        .collect();
    rows.push((Key::MonitorOutcomeUnknown.text(lang).to_owned(), o.unknown));
    let follow = [
        (Key::FollowUpYes, o.follow_up_still_regular),
        (Key::FollowUpNo, o.follow_up_not_regular),
    ];
    let placement = [
        (Key::PlacementYes, o.placement[0]),
        (Key::PlacementNo, o.placement[1]),
        (Key::PlacementDoubt, o.placement[2]),
    ];
    let table = move |caption: Key, rows: Vec<(String, usize)>| {
        view! {
            <table class="monitor-table">
                <caption>{i18n.tr(caption)}</caption>
                <tbody>
                    {rows.into_iter().map(|(label, n)| view! {
                        <tr><th scope="row">{label}</th><td>{n}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    let words = |list: &[(Key, usize)]| -> Vec<(String, usize)> {
        list.iter()
            .map(|(k, n)| (k.text(lang).to_owned(), *n))
            .collect()
    };
    view! {
        <section class="card monitor-outcomes">
            <h2>{i18n.tr(Key::MonitorOutcomes)}</h2>
            <div class="table-scroll">
                {table(Key::MonitorOutcomes, rows)}
                {table(Key::MonitorFollowUps, words(&follow))}
                {table(Key::MonitorPlacement, words(&placement))}
            </div>
        </section>
    }
}

/// This calendar year against the last, whatever period is picked above: what funders ask to
/// follow "in de komende jaren". Coaching cost is hours × the rate the team set in Settings for
/// the year and location, against its budget.
#[component]
fn YearCompare(
    records: Memo<Records>,
    scope: Memo<Scope>,
    budgets: Memo<Budgets>,
) -> impl IntoView {
    let i18n = use_i18n();
    let day = today();
    let years = Memo::new(move |_| {
        let scope = scope.get();
        records.with(|r| {
            let input = r.input();
            [day.year(), day.year() - 1].map(|y| {
                Period::year(y)
                    .ok()
                    .map(|p| (y, figures(&input, p, &scope, day)))
            })
        })
    });
    let rate = move |f: &Figures| budgets.with(|b| b.rate_for(scope.get(), f.period));
    let budget = move |f: &Figures| budgets.with(|b| b.hours_for(scope.get(), f.period));
    let euros = move |f: &Figures, lang: Lang| {
        rate(f)
            .map(|r| report::Value::Cents(f.coach_total().cost_cents(r)).text(lang.code()))
            .unwrap_or_else(|| "–".to_owned())
    };
    view! {
        <section class="card monitor-years">
            <h2>{i18n.tr(Key::MonitorYears)}</h2>
            {move || {
                let lang = i18n.lang.get();
                let cols: Vec<(i32, Figures)> = years.get().into_iter().flatten().collect();
                let line = |key: Key, value: &dyn Fn(&Figures) -> String| view! {
                    <tr>
                        <th scope="row">{key.text(lang)}</th>
                        {cols.iter().map(|(_, f)| view! { <td>{value(f)}</td> }).collect_view()}
                    </tr>
                };
                view! {
                    <div class="table-scroll">
                        <table class="monitor-table">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.tr(Key::MonitorFigure)}</th>
                                    {cols.iter().map(|(y, _)| view! { <th scope="col">{*y}</th> }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {line(Key::MonitorSignals, &|f| f.signals_raised.to_string())}
                                {line(Key::MonitorReferrals, &|f| f.referrals.to_string())}
                                {line(Key::MonitorInsideChildcare, &|f| f.inside_childcare_referrals.to_string())}
                                {line(Key::MonitorAvoided, &|f| f.outcomes.referrals_avoided().to_string())}
                                {line(Key::CareAvoiding, &|f| f.outcomes.care_avoiding_reached.to_string())}
                                {line(Key::MonitorCoachHours, &|f| hours(f, lang))}
                                {line(Key::MonitorBudgetUsed, &|f| one_decimal(f.coach_total().hours(), lang))}
                                {line(Key::MonitorBudgetLeft, &|f| budget(f).map_or_else(|| "–".to_owned(), |b| one_decimal(f64::from(b) - f.coach_total().hours(), lang)))}
                                {line(Key::MonitorCoachCost, &|f| euros(f, lang))}
                            </tbody>
                        </table>
                    </div>
                    {cols.iter().all(|(_, f)| rate(f).is_none()).then(|| view! { <p class="muted">{i18n.tr(Key::MonitorNoRate)}</p> })}
                }
            }}
        </section>
    }
}
