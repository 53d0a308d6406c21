//! `/overzicht/rapportage`: "Rapportage voor gemeente/financier". The monitor's figures for a
//! chosen year or quarter and group, against the period before, with a chart of the outcomes;
//! printed on A4 (style/print.css) or downloaded as CSV. What it shows and what it suppresses
//! is `signaal_core::monitor::report`: no names, ids, dates of birth or free text, counts under
//! 5 as "<5".

use crate::components::{BarChart, PageHeader};
use crate::i18n::{use_i18n, Key, Lang};
use crate::platform::{download, today};
use crate::state::use_state;
use crate::store::repo::Repo;
use chrono::Datelike;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::monitor::report::{self, Row, Section};
use signaal_core::monitor::{figures, Period, Scope};
use signaal_core::plan::outcome::Outcome;

/// The periods offered: this year and the last two, then the last eight quarters.
fn choices(year: i32, quarter: u32) -> Vec<(String, Period)> {
    let mut out: Vec<(String, Period)> = (0..3)
        .filter_map(|back| {
            let y = year - back;
            Period::year(y).ok().map(|p| (format!("{y}"), p))
        })
        .collect();
    let (mut y, mut q) = (year, quarter);
    for _ in 0..8 {
        if let Ok(p) = Period::quarter(y, q) {
            out.push((format!("Q{q} {y}"), p));
        }
        (y, q) = if q == 1 { (y - 1, 4) } else { (y, q - 1) };
    }
    out
}

#[component]
pub fn FunderReport() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let day = today();
    let options = choices(day.year(), day.month0() / 3 + 1);
    let picked = RwSignal::new(0usize);
    let group = RwSignal::new(String::new());
    let records = Memo::new(move |_| state.repo.with(Repo::monitor_records));
    let groups = Memo::new(move |_| {
        records.with(|r| {
            let mut list: Vec<(Id, String)> =
                r.groups.iter().map(|g| (g.id, g.name.clone())).collect();
            list.sort_by_key(|(_, n)| n.to_lowercase());
            list
        })
    });
    let period = {
        let options = options.clone();
        Memo::new(move |_| options.get(picked.get()).map(|(_, p)| *p))
    };
    // (scope, its name for the report): an unknown group falls back to all groups.
    let scope = Memo::new(move |_| {
        let id = group.with(|g| g.parse::<Id>().ok());
        let lang = i18n.lang.get();
        match groups.with(|gs| gs.iter().find(|(g, _)| Some(*g) == id).cloned()) {
            Some((g, name)) => (Scope::Group(g), name),
            None => (Scope::All, Key::AllGroups.text(lang).to_owned()),
        }
    });
    // The team's rate for the location and period (see `signaal_core::plan::budget`).
    let rate = Memo::new(move |_| {
        let p = period.get()?;
        let (scope, _) = scope.get();
        state.repo.with(|r| r.budgets().rate_for(scope, p))
    });
    let pair = Memo::new(move |_| {
        let p = period.get()?;
        let before = p.previous()?;
        let (scope, _) = scope.get();
        Some(records.with(|r| {
            let input = r.input();
            (
                figures(&input, p, &scope, day),
                figures(&input, before, &scope, day),
            )
        }))
    });
    let export = move |_| {
        let lang = i18n.lang.get_untracked().code();
        if let Some((now, before)) = pair.get_untracked() {
            let body = report::csv(
                &now,
                &before,
                rate.get_untracked(),
                &scope.get_untracked().1,
                lang,
            );
            download(
                &format!(
                    "signaal-rapportage-{}-{}.csv",
                    now.period.from(),
                    now.period.to()
                ),
                "text/csv;charset=utf-8",
                body,
            );
        }
    };
    view! {
        <PageHeader title=Key::ReportTitle intro=Key::ReportIntro/>
        <section class="card report-picker">
            <div class="monitor-fields">
                <div class="field">
                    <label for="report-period">{i18n.tr(Key::ReportPeriod)}</label>
                    <select id="report-period" on:change=move |ev| picked.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {options.iter().enumerate().map(|(i, (label, _))| view! {
                            <option value=i.to_string() selected=i == 0>{label.clone()}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="report-group">{i18n.tr(Key::Group)}</label>
                    <select id="report-group" on:change=move |ev| group.set(event_target_value(&ev))>
                        <option value="">{i18n.tr(Key::AllGroups)}</option>
                        {move || groups.get().into_iter().map(|(id, name)| view! {
                            <option value=id.to_string()>{name}</option>
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="form-actions">
                <button type="button" class="button primary" on:click=|_| { let _ = window().print(); }>{i18n.tr(Key::ReportPrint)}</button>
                <button type="button" class="button" on:click=export>{i18n.tr(Key::ReportCsv)}</button>
            </div>
        </section>
        {move || pair.get().map(|(now, before)| {
            let lang = i18n.lang.get();
            let rows = report::rows(&now, &before, rate.get(), lang.code());
            let span = |p: Period| format!("{} – {}", p.from(), p.to());
            view! {
                <article class="funder-report">
                    <h2>{i18n.tr(Key::ReportTitle)}</h2>
                    <p class="report-meta">
                        {i18n.tr(Key::ReportPeriod)}": "<strong>{span(now.period)}</strong>
                        " · "{i18n.tr(Key::Group)}": "{scope.get().1}
                        " · "{i18n.tr(Key::ReportPrevious)}": "{span(before.period)}
                    </p>
                    <p class="report-notice">{report::notice(lang.code())}</p>
                    <OutcomeChart rows=rows.clone() lang/>
                    {Section::ALL.into_iter().map(|section| {
                        let list: Vec<Row> = rows.iter().filter(|r| r.section == section).cloned().collect();
                        view! { <ReportTable section list lang now=span(now.period) before=span(before.period)/> }
                    }).collect_view()}
                </article>
            }
        })}
    }
}

#[component]
fn ReportTable(
    section: Section,
    list: Vec<Row>,
    lang: Lang,
    now: String,
    before: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = lang.code();
    view! {
        <section class="card report-section">
            <h3>{section.title(code)}</h3>
            <div class="table-scroll">
                <table class="monitor-table report-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Key::MonitorFigure)}</th>
                            <th scope="col">{now}</th>
                            <th scope="col">{before}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {list.into_iter().map(|r| view! {
                            <tr>
                                <th scope="row">{r.label}</th>
                                <td>{r.now.text(code)}</td>
                                <td>{r.before.text(code)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The outcomes at closing as bars; a suppressed count draws no bar and says "<5".
#[component]
fn OutcomeChart(rows: Vec<Row>, lang: Lang) -> impl IntoView {
    let i18n = use_i18n();
    let code = lang.code();
    let bars: Vec<(String, Option<f64>, String)> = rows
        .into_iter()
        .filter(|r| r.section == Section::Outcomes)
        .take(Outcome::ALL.len())
        .map(|r| (r.label, r.now.chart(), r.now.text(code)))
        .collect();
    let summary = bars
        .iter()
        .map(|(l, _, t)| format!("{l} {t}"))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <figure class="card chart report-chart">
            <figcaption>{i18n.tr(Key::ReportChart)}</figcaption>
            <BarChart rows=bars summary/>
        </figure>
    }
}
