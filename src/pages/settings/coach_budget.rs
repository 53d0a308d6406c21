//! The Settings card for the team's coach budget: hours and hourly rate per location (the whole
//! location or one group) and period (a year or a quarter). The values are a synced record
//! (`signaal_core::plan::budget`), so every device of the team shows the same used and left;
//! when two devices set a different value offline, the card says which one applies and which
//! was lost, until someone confirms or changes it.

use crate::i18n::{use_i18n, I18n, Key};
use crate::labels;
use crate::platform::today;
use crate::state::use_state;
use chrono::Datelike;
use leptos::prelude::*;
use signaal_core::id::Id;
use signaal_core::monitor::report;
use signaal_core::plan::budget::{standing, BudgetKey, BudgetPeriod, Conflict, Setting, Standing};

/// The periods offered: this year and next, and this year's quarters.
fn periods(year: i32) -> Vec<BudgetPeriod> {
    let mut out = vec![BudgetPeriod::Year(year), BudgetPeriod::Year(year + 1)];
    out.extend((1..=4).map(|q| BudgetPeriod::Quarter(year, q)));
    out
}

fn period_text(i18n: I18n, p: BudgetPeriod) -> String {
    match p {
        BudgetPeriod::Year(y) => format!("{} {y}", i18n.t(Key::BudgetYear)),
        BudgetPeriod::Quarter(y, q) => format!("{} {q}, {y}", i18n.t(Key::BudgetQuarter)),
    }
}

fn euros(i18n: I18n, cents: u32) -> String {
    report::Value::Cents(cents.into()).text(i18n.lang.get_untracked().code())
}

fn hours_text(i18n: I18n, minutes: i64) -> String {
    labels::one_decimal(i18n, minutes as f64 / 60.0)
}

#[component]
pub fn BudgetCard() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let year = today().year();
    let location = RwSignal::new(String::new());
    let period = RwSignal::new(BudgetPeriod::Year(year).code());
    let hours = RwSignal::new(String::new());
    let rate = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, Key)>);
    let from_device = RwSignal::new(false);

    let key = Memo::new(move |_| BudgetKey {
        location: location.with(|l| l.parse::<Id>().ok()),
        period: period
            .with(|p| BudgetPeriod::parse(p))
            .unwrap_or(BudgetPeriod::Year(year)),
    });
    let budget = Memo::new(move |_| {
        let key = key.get();
        state.repo.with(|r| r.budgets().get(key).cloned())
    });
    let set_by = Memo::new(move |_| {
        let key = key.get();
        state.repo.with(|r| {
            r.record(key.id())
                .and_then(|rec| rec.updated_by().map(str::to_owned))
        })
    });
    let standing = Memo::new(move |_| {
        let key = key.get();
        state
            .repo
            .with(|r| standing(&r.budgets(), &r.monitor_records().input(), key))
    });
    // The form shows the chosen budget; a device that kept its own budget before the team
    // shared one offers it for the whole location's current year, so nothing typed is lost.
    Effect::new(move |_| {
        let key = key.get();
        let b = budget.get();
        let legacy = state.repo.with_untracked(|r| {
            let p = r.profile();
            (p.coach_budget_hours, p.coach_rate_cents)
        });
        let this_year = key.location.is_none() && key.period == BudgetPeriod::Year(year);
        let (h, r, old) = match (b, this_year) {
            (Some(b), _) => (b.hours, b.rate_cents, false),
            (None, true) if legacy != (None, None) => (legacy.0, legacy.1, true),
            (None, _) => (None, None, false),
        };
        hours.set(h.map(|h| h.to_string()).unwrap_or_default());
        rate.set(r.map(|c| euros(i18n, c)).unwrap_or_default());
        from_device.set(old);
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new_hours = match hours.get_untracked().trim() {
            "" => None,
            text => match text.parse::<u32>() {
                Ok(h) => Some(h),
                Err(_) => return message.set(Some((false, Key::ErrBudgetHours))),
            },
        };
        let Ok(new_rate) = report::parse_euros(&rate.get_untracked()) else {
            return message.set(Some((false, Key::ErrRate)));
        };
        let key = key.get_untracked();
        let current = budget.get_untracked();
        // Only what changed is written, so a device that sets the hours leaves the rate another
        // device set (last writer wins per field).
        let mut changes = Vec::new();
        if current.as_ref().and_then(|b| b.hours) != new_hours || current.is_none() {
            changes.push((Setting::Hours, new_hours));
        }
        if current.as_ref().and_then(|b| b.rate_cents) != new_rate {
            changes.push((Setting::Rate, new_rate));
        }
        let result = state.repo.try_update(|r| {
            changes
                .into_iter()
                .try_for_each(|(setting, value)| r.set_budget(key, setting, value))
        });
        match result {
            Some(Ok(())) => {
                from_device.set(false);
                message.set(Some((true, Key::BudgetSaved)));
            }
            Some(Err(err)) => message.set(Some((false, labels::repo_error(&err)))),
            None => {}
        }
    };
    let keep = move |c: &Conflict| {
        let (setting, value) = (c.setting, c.kept);
        let key = key.get_untracked();
        match state.repo.try_update(|r| r.set_budget(key, setting, value)) {
            Some(Ok(())) => message.set(Some((true, Key::BudgetConflictKept))),
            Some(Err(err)) => message.set(Some((false, labels::repo_error(&err)))),
            None => {}
        }
    };
    let shown = move |setting: Setting, value: Option<u32>| match (setting, value) {
        (_, None) => i18n.t(Key::BudgetNoneSet).to_owned(),
        (Setting::Hours, Some(h)) => format!("{h} {}", i18n.t(Key::HoursShort)),
        (Setting::Rate, Some(c)) => format!("€ {}", euros(i18n, c)),
    };

    view! {
        <form class="card budget-card" id="coach-budget" on:submit=submit novalidate aria-labelledby="budget-title">
            <h2 id="budget-title">{i18n.tr(Key::BudgetCardTitle)}</h2>
            <p class="muted">{i18n.tr(Key::BudgetCardHelp)}</p>
            <div class="monitor-fields">
                <div class="field">
                    <label for="budget-location">{i18n.tr(Key::BudgetLocation)}</label>
                    <select id="budget-location" on:change=move |ev| location.set(event_target_value(&ev))>
                        <option value="">{i18n.tr(Key::BudgetWholeLocation)}</option>
                        {move || state.repo.with(|r| r.groups().values().filter(|g| !g.archived).map(|g| {
                            let id = g.id.to_string();
                            let selected = location.get_untracked() == id;
                            view! { <option value=id selected=selected>{g.name.clone()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="budget-period">{i18n.tr(Key::BudgetPeriodLabel)}</label>
                    <select id="budget-period" on:change=move |ev| period.set(event_target_value(&ev))>
                        {periods(year).into_iter().map(|p| {
                            let code = p.code();
                            let selected = period.get_untracked() == code;
                            view! { <option value=code selected=selected>{move || period_text(i18n, p)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <label class="field">
                <span>{i18n.tr(Key::BudgetHours)}</span>
                <input type="number" inputmode="numeric" min="0" max="10000" step="1" bind:value=hours/>
            </label>
            <label class="field">
                <span>{i18n.tr(Key::CoachRate)}</span>
                <input type="text" inputmode="decimal" maxlength="12" bind:value=rate/>
                <small>{i18n.tr(Key::CoachRateHelp)}</small>
            </label>
            <Show when=move || from_device.get()>
                <p class="muted">{i18n.tr(Key::BudgetFromDevice)}</p>
            </Show>
            {move || standing.get().map(|s: Standing| view! {
                <dl class="fields budget-standing">
                    <dt>{i18n.tr(Key::BudgetUsed)}</dt>
                    <dd class="budget-used">{hours_text(i18n, s.used.minutes.into())}" "{i18n.tr(Key::HoursShort)}</dd>
                    {s.left_minutes().map(|left| view! {
                        <dt>{i18n.tr(Key::BudgetLeft)}</dt>
                        <dd class="budget-left">{hours_text(i18n, left)}" "{i18n.tr(Key::HoursShort)}</dd>
                    })}
                    {move || set_by.get().filter(|_| budget.with(Option::is_some)).map(|who| view! {
                        <dt>{i18n.tr(Key::BudgetSetBy)}</dt><dd>{who}</dd>
                    })}
                </dl>
            })}
            {move || budget.get().map(|b| b.conflicts).unwrap_or_default().into_iter().map(|c| {
                let what = match c.setting {
                    Setting::Hours => Key::BudgetHoursLabel,
                    Setting::Rate => Key::BudgetRateLabel,
                };
                let text = format!(
                    "{} {} ({}); {} {} ({})",
                    i18n.t(what),
                    shown(c.setting, c.kept),
                    c.kept_by,
                    i18n.t(Key::BudgetConflictLost),
                    shown(c.setting, c.lost),
                    c.lost_by,
                );
                view! {
                    <div class="banner warn budget-conflict" role="alert">
                        <p>{i18n.tr(Key::BudgetConflict)}" "{text}</p>
                        <button type="button" class="button" on:click=move |_| keep(&c)>{i18n.tr(Key::BudgetConflictKeep)}</button>
                    </div>
                }
            }).collect_view()}
            {move || message.get().map(|(ok, key)| view! {
                <p class=if ok { "ok" } else { "error" } role="status">{i18n.tr(key)}</p>
            })}
            <button type="submit" class="button primary">{i18n.tr(Key::BudgetSave)}</button>
        </form>
    }
}
