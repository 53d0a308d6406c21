mod activity_types;
mod backup;
mod coach_budget;
mod growth;
mod lock;
mod team;

pub use growth::Growth;
pub use team::{Join, Team};

use self::activity_types::ActivityTypes;
use self::backup::RestoreBackup;
use self::coach_budget::BudgetCard;
use self::lock::LockCard;
use crate::components::{PageHeader, Retention};
use crate::i18n::{use_i18n, I18n, Key, Lang};
use crate::labels;
use crate::labels::role_key;
use crate::platform::{download, today};
use crate::state::use_state;
use crate::store::device::{self, DeviceSettings};
use crate::store::repo::Repo;
use crate::store::{self, keys, WARN_AT};
use leptos::prelude::*;
use leptos_router::components::A;
use signaal_core::csv;
use signaal_core::id::Id;
use signaal_core::iso;
use signaal_core::notebook::Filter;
use signaal_core::plan::Role;
use signaal_core::storage::{Key as StorageKey, Profile, PREFIX};

#[component]
pub fn Settings() -> impl IntoView {
    view! {
        <PageHeader title=Key::SettingsTitle intro=Key::LanguageHelp/>
        <ProfileForm/>
        <GrowthCard/>
        <BudgetCard/>
        <ActivityTypes/>
        <TeamCard/>
        <InstallCard/>
        <LanguagePicker/>
        <StorageCard/>
        <LockCard/>
        <RestoreBackup/>
        <Retention/>
        <Problems/>
    }
}

#[component]
fn ProfileForm() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let current = state.repo.with_untracked(|r| r.profile().clone());
    let name = RwSignal::new(current.author.clone());
    let group = RwSignal::new(
        current
            .default_group
            .map(|g| g.to_string())
            .unwrap_or_default(),
    );
    let roles = RwSignal::new(current.roles.clone());
    let (message, set_message) = signal(None::<(bool, Key)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut profile = Profile {
            author: name.get_untracked().trim().to_owned(),
            default_group: group.get_untracked().parse::<Id>().ok(),
            ..state.repo.with_untracked(|r| r.profile().clone())
        };
        // Settings offers only team roles, so the one rule left to break is "at least one".
        if roles
            .with_untracked(|chosen| profile.set_roles(chosen))
            .is_err()
        {
            return set_message.set(Some((false, Key::ErrNoRole)));
        }
        match state.repo.try_update(|r| r.set_profile(profile)) {
            Some(Ok(())) => set_message.set(Some((true, Key::ProfileSaved))),
            Some(Err(err)) => set_message.set(Some((false, labels::save_error(&err)))),
            None => {}
        }
    };
    view! {
        <form class="card" on:submit=submit novalidate>
            <h2>{i18n.tr(Key::Profile)}</h2>
            <label class="field">
                <span>{i18n.tr(Key::YourName)}</span>
                <input type="text" autocomplete="name" maxlength="60" bind:value=name/>
                <small>{i18n.tr(Key::YourNameHelp)}</small>
            </label>
            <label class="field">
                <span>{i18n.tr(Key::DefaultGroup)}</span>
                <select on:change=move |ev| group.set(event_target_value(&ev))>
                    <option value="">{i18n.tr(Key::NoDefaultGroup)}</option>
                    {move || state.repo.with(|r| r.groups().values().map(|g| {
                        let id = g.id.to_string();
                        let selected = group.get_untracked() == id;
                        view! { <option value=id selected=selected>{g.name.clone()}</option> }
                    }).collect_view())}
                </select>
            </label>
            <RoleChoice roles/>
            {move || message.get().map(|(ok, key)| view! {
                <p class=if ok { "ok" } else { "error" } role="status">{i18n.tr(key)}</p>
            })}
            <button type="submit" class="button primary">{i18n.tr(Key::Save)}</button>
        </form>
    }
}

/// The roles of the person using this device, which decide the steps it may take; saved with
/// the rest of the profile.
#[component]
fn RoleChoice(roles: RwSignal<Vec<Role>>) -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |role: Role| {
        roles.update(|chosen| {
            if chosen.contains(&role) {
                chosen.retain(|r| *r != role);
            } else {
                chosen.push(role);
            }
        });
    };
    view! {
        <fieldset class="role-choices" aria-describedby="role-help">
            <legend>{i18n.tr(Key::MyRole)}</legend>
            <p id="role-help" class="muted">{i18n.tr(Key::MyRoleHelp)}</p>
            {Role::ALL.into_iter().filter(|r| r.is_staff()).map(|role| view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=move || roles.with(|r| r.contains(&role)) on:change=move |_| toggle(role)/>
                    {i18n.tr(role_key(role))}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// The way to a practitioner's own growth page.
#[component]
fn GrowthCard() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::GrowthTitle)}</h2>
            <p class="muted">{i18n.tr(Key::GrowthIntro)}</p>
            <A href="/instellingen/groei" attr:class="button">{i18n.tr(Key::GrowthLink)}</A>
        </section>
    }
}

/// Where the device stands with its team; setup itself is on its own page.
#[component]
fn TeamCard() -> impl IntoView {
    let i18n = use_i18n();
    let sync = crate::sync::use_sync();
    let in_team = Memo::new(move |_| sync.in_team());
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::TeamTitle)}</h2>
            <p>{move || crate::components::status_text(i18n, &sync.status())}</p>
            <A href="/instellingen/team" attr:class="button">
                {move || i18n.t(if in_team.get() { Key::TeamManage } else { Key::TeamOpen })}
            </A>
        </section>
    }
}

/// Chromium hands the app its install dialog (`beforeinstallprompt`); Safari and Firefox have
/// none to call, so there the card says where the browser keeps it. Gone once installed.
#[component]
fn InstallCard() -> impl IntoView {
    let i18n = use_i18n();
    let pwa = expect_context::<crate::pwa::Pwa>();
    let how = if crate::platform::is_webkit() {
        Key::InstallHowSafari
    } else {
        Key::InstallHowMenu
    };
    view! {
        <Show when=move || pwa.can_install() || !crate::platform::installed()>
            <section class="card">
                <h2>{i18n.tr(Key::InstallTitle)}</h2>
                <p>{i18n.tr(Key::InstallHelp)}</p>
                <Show when=move || pwa.can_install() fallback=move || view! { <p>{i18n.tr(how)}</p> }>
                    <button class="button primary" on:click=move |_| pwa.install()>{i18n.tr(Key::InstallButton)}</button>
                </Show>
            </section>
        </Show>
    }
}

#[component]
fn LanguagePicker() -> impl IntoView {
    let i18n = use_i18n();
    let settings = expect_context::<RwSignal<DeviceSettings>>();
    let (error, set_error) = signal(None::<Key>);
    let choose = move |lang: Lang| {
        i18n.lang.set(lang);
        settings.update(|s| s.lang = lang);
        set_error.set(
            settings
                .with_untracked(device::save)
                .err()
                .map(|e| labels::save_error(&e)),
        );
    };
    view! {
        <fieldset class="card">
            <legend>{i18n.tr(Key::Language)}</legend>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <label class="choice">
                            <input
                                type="radio"
                                name="lang"
                                value=lang.code()
                                prop:checked=move || i18n.lang.get() == lang
                                on:change=move |_| choose(lang)
                            />
                            <span lang=lang.code()>{lang.native_name()}</span>
                        </label>
                    }
                })
                .collect_view()}
            {move || error.get().map(|key| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })}
        </fieldset>
    }
}

#[component]
fn StorageCard() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    // Re-measured whenever the records change, and when a PIN seals or unseals everything.
    let lock = crate::lock::use_lock();
    let used = Memo::new(move |_| {
        state.repo.track();
        lock.settings.track();
        store::usage()
    });
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::StorageTitle)}</h2>
            <p>
                <meter min="0" max="1" low=WARN_AT high="0.95" optimum="0" value=move || used.get()></meter>
                " "<strong>{move || format!("{:.1} %", used.get() * 100.0)}</strong>" "{i18n.tr(Key::StorageUsed)}
            </p>
            <Show when=move || { used.get() >= WARN_AT }>
                <p class="banner warn" role="alert">{i18n.tr(Key::StorageWarning)}</p>
            </Show>
            <div class="form-actions">
                <button class="button" on:click=move |_| export()>{i18n.tr(Key::Export)}</button>
                <button class="button" on:click=move |_| state.repo.with_untracked(|r| export_csv(i18n, r))>{i18n.tr(Key::ExportCsv)}</button>
            </div>
        </section>
    }
}

/// Everything under the app's prefix as one JSON object: the stored values, opened if sealed (the
/// backup must restore on another device, without this one's PIN), and raw where even that
/// fails, so even data the app could not read leaves the device intact. The team's key and this
/// device's token stay out: a backup file travels further than a tablet, and a restored device
/// joins by invite. The app lock's wrapped key and wrong-PIN count stay too: they belong to this device.
fn export() {
    let (secrets, lock, wait) = (keys::sync_config(), keys::lock(), keys::lock_wait());
    let entries = store::keys()
        .into_iter()
        .filter(|k| *k != secrets && *k != lock && *k != wait)
        .filter_map(|k| {
            store::read_checked(&k).map(|v| (k, v.unwrap_or_else(|unopened| unopened.raw)))
        });
    let body = signaal_core::storage::backup::write(entries);
    download(
        &format!("signaal-backup-{}.json", today()),
        "application/json",
        body,
    );
}

/// All moments, newest first, one row each, for a spreadsheet; headers and tags in the UI's
/// language.
fn export_csv(i18n: I18n, repo: &Repo) {
    let t = |key| i18n.t(key);
    let mut out = String::from(csv::BOM);
    let headers = [
        Key::When,
        Key::FilterChild,
        Key::Group,
        Key::Tags,
        Key::WhatHappened,
        Key::Situation,
        Key::Trigger,
        Key::Behaviour,
        Key::Response,
        Key::ChildAccount,
        Key::Ending,
        Key::GroupImpact,
        Key::RatingLabel,
        Key::ToldParent,
        Key::ForHandover,
        Key::WrittenBy,
    ];
    csv::push_row(&mut out, &headers.map(t));
    let yes = |flag: bool| if flag { "✓" } else { "" };
    for m in repo.notebook().timeline(&Filter::default()) {
        let names: Vec<&str> = m
            .child_ids
            .iter()
            .filter_map(|id| repo.children().get(id))
            .map(|c| c.display_name.as_str())
            .collect();
        let group = repo
            .groups()
            .get(&m.group_id)
            .map_or("", |g| g.name.as_str());
        let tags: Vec<String> = m.tags.iter().map(|tag| labels::tag(i18n, tag)).collect();
        csv::push_row(
            &mut out,
            &[
                format!(
                    "{} {}",
                    iso::date(m.occurred_at.date()),
                    iso::clock(m.occurred_at)
                ),
                names.join(", "),
                group.to_owned(),
                tags.join(", "),
                m.note.clone(),
                m.situation.clone(),
                m.trigger.clone(),
                m.behaviour.clone(),
                m.response.clone(),
                m.child_account.clone(),
                m.ending.clone(),
                m.group_impact.clone(),
                m.rating
                    .map_or(String::new(), |r| t(labels::rating(r)).to_owned()),
                yes(m.told_parent).to_owned(),
                yes(m.for_handover).to_owned(),
                m.author.clone(),
            ],
        );
    }
    download(
        &format!("signaal-momenten-{}.csv", today()),
        "text/csv;charset=utf-8",
        out,
    );
}

/// Data set aside because it could not be read: listed from storage (not just from this start-up),
/// so it stays visible until someone has exported and discarded it.
#[component]
fn Problems() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let (aside, set_aside) = signal(quarantined());
    let details = move || state.repo.with(|r| r.problems().to_vec());
    let discard = move |key: String| {
        store::remove(&key);
        set_aside.set(quarantined());
    };
    view! {
        <Show when=move || !aside.with(Vec::is_empty) || !details().is_empty()>
            <section class="card">
                <h2>{i18n.tr(Key::ProblemsTitle)}</h2>
                <p>{i18n.tr(Key::ProblemsHelp)}</p>
                <ul class="problems">
                    {move || details().into_iter().filter(|p| p.kept_at.is_none()).map(|p| view! {
                        <li><code>{p.key.clone()}</code>": "{p.detail.clone()}" — "{i18n.tr(Key::ProblemLeft)}</li>
                    }).collect_view()}
                    {move || aside.get().into_iter().map(|(key, original)| {
                        let label = key.strip_prefix(PREFIX).unwrap_or(&key).to_owned();
                        view! {
                            <li>
                                <code>{label}</code>" ("{original}")"
                                <button class="button danger" on:click=move |_| discard(key.clone())>{i18n.tr(Key::Discard)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// Quarantine keys in storage with the key their data came from.
fn quarantined() -> Vec<(String, String)> {
    store::keys()
        .into_iter()
        .filter_map(|k| match StorageKey::parse(&k) {
            Ok(StorageKey::Quarantine { original, .. }) => Some((k, original)),
            _ => None,
        })
        .collect()
}
