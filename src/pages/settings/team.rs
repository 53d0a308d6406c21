//! Team setup and sync: start or join a team, invite devices, see and remove devices, leave.
//! The work is done by `crate::sync`; these components only collect input and show outcomes.

use crate::components::{act, status_text, Field, LinkBox, PageHeader};
use crate::i18n::{format_date, use_i18n, Key};
use crate::share::{links_to_reissue, reissue_all, sender, ReissueError};
use crate::state::use_state;
use crate::sync::config::Invite;
use crate::sync::{use_sync, SyncError};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use signaal_core::wire::DeviceList;
use signaal_web::time::local_at;

#[component]
fn ErrorText(error: RwSignal<Option<SyncError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|err| view! {
        <p class="error" role="alert">{move || format!("{} {}", i18n.t(Key::SyncError), i18n.t(err.words()))}</p>
    })
    }
}

fn label_of(label: RwSignal<String>) -> Option<String> {
    Some(label.get_untracked().trim().to_owned()).filter(|l| !l.is_empty())
}

#[component]
fn DeviceLabelField(label: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span>{i18n.tr(Key::DeviceLabel)}</span>
            <input type="text" maxlength="64" autocomplete="off" bind:value=label/>
            <small>{i18n.tr(Key::DeviceLabelHelp)}</small>
        </label>
    }
}

#[component]
pub fn Team() -> impl IntoView {
    let sync = use_sync();
    // A memo: the config changes with every pulled page, the view only when joining or leaving.
    let in_team = Memo::new(move |_| sync.in_team());
    view! {
        <PageHeader title=Key::TeamTitle intro=Key::TeamIntro/>
        {move || if in_team.get() {
            // The device list, shared by the cards: who is admin decides what they offer.
            let list = RwSignal::new(None::<DeviceList>);
            view! { <SyncCard/><InviteCard list/><Devices list/><ReissueLinks/><LeaveTeam/> }.into_any()
        } else {
            view! { <SetUp/> }.into_any()
        }}
    }
}

#[component]
fn SetUp() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let state = use_state();
    let label = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());
    // Shown once the server said that starting a team needs its sign-up code.
    let code = RwSignal::new(String::new());
    let needs_code = RwSignal::new(false);
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None));
    let start = move |_| {
        act(busy, error, async move {
            let given = Some(code.get_untracked().trim().to_owned()).filter(|c| !c.is_empty());
            let started = sync.start_team(label_of(label), given).await;
            if matches!(
                started,
                Err(SyncError::SignupCodeNeeded | SyncError::SignupCodeWrong)
            ) {
                let _ = needs_code.try_set(true);
            }
            started?;
            state.notify(Key::TeamStarted);
            Ok(())
        })
    };
    let join = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        act(busy, error, async move {
            sync.join(Invite::parse(&link.get_untracked())?, label_of(label))
                .await?;
            state.notify(Key::TeamJoined);
            Ok(())
        })
    };
    view! {
        <section class="card">
            <p>{i18n.tr(Key::TeamNone)}</p>
            <DeviceLabelField label/>
            <ErrorText error/>
        </section>
        <section class="card">
            <h2>{i18n.tr(Key::TeamStartTitle)}</h2>
            <p>{i18n.tr(Key::TeamStartHelp)}</p>
            <Show when=move || needs_code.get()>
                <label class="field">
                    <span>{i18n.tr(Key::SignupCodeLabel)}</span>
                    <input type="text" name="signup-code" autocomplete="off" bind:value=code/>
                    <small>{i18n.tr(Key::SignupCodeHelp)}</small>
                </label>
            </Show>
            <button class="button primary" disabled=busy on:click=start>{i18n.tr(Key::TeamStartButton)}</button>
        </section>
        <form class="card" on:submit=join novalidate>
            <h2>{i18n.tr(Key::TeamJoinTitle)}</h2>
            <p>{i18n.tr(Key::TeamJoinHelp)}</p>
            <Field label=Key::PasteInviteLabel><input type="url" autocomplete="off" bind:value=link/></Field>
            <button type="submit" class="button primary" disabled=busy>{i18n.tr(Key::TeamJoinButton)}</button>
        </form>
    }
}

#[component]
fn SyncCard() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::SyncStatusLabel)}</h2>
            <p role="status" class="sync-status">{move || status_text(i18n, &sync.status())}</p>
            <Show when=move || { sync.unreadable() > 0 }>
                <p class="error">{move || format!("{} {}", i18n.t(Key::SyncUnreadable), sync.unreadable())}</p>
            </Show>
            <button class="button primary" on:click=move |_| sync.sync_now()>{i18n.tr(Key::SyncNow)}</button>
        </section>
    }
}

/// Whether this device is an admin of the team, by the last device list.
fn is_admin(list: &Option<DeviceList>) -> bool {
    list.as_ref()
        .is_some_and(|l| l.devices.iter().any(|d| d.this_device && d.is_admin))
}

#[component]
fn InviteCard(list: RwSignal<Option<DeviceList>>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let admin = Memo::new(move |_| list.with(is_admin));
    // The link this device knows is stale once the team's invite has another expiry (renewed
    // elsewhere, or replaced when a device was removed).
    let stale = Memo::new(move |_| {
        let ours = sync.invite_expires_at();
        let team = list.with(|l| l.as_ref().and_then(|l| l.invite_expires_at));
        matches!((ours, team), (Some(a), Some(b)) if a != b)
    });
    let link = Memo::new(move |_| sync.invite_link().filter(|_| !stale.get()));
    let expires = Memo::new(move |_| {
        if stale.get() {
            None
        } else {
            sync.invite_expires_at()
        }
    });
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None));
    let renew = move |_| {
        act(busy, error, async move {
            sync.new_invite().await?;
            let expires = sync.invite_expires_at();
            let _ = list.try_update(|l| {
                if let Some(l) = l {
                    l.invite_expires_at = expires
                }
            });
            Ok(())
        })
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::InviteTitle)}</h2>
            {move || match link.get() {
                Some(_) if expires.get().is_some_and(|at| at <= crate::platform::now_ms() as i64) => view! {
                    <p class="invite-expiry">{i18n.tr(Key::InviteExpiredNote)}</p>
                }.into_any(),
                Some(link) => view! {
                    <p>{i18n.tr(Key::InviteHelp)}</p>
                    <LinkBox link label=Key::InviteLinkLabel qr_label=Key::InviteQr/>
                    {move || expires.get().map(|at| {
                        let day = local_at(at).date();
                        view! { <p class="invite-expiry">{i18n.tr(Key::InviteValidUntil)}" "{move || format_date(i18n.lang.get(), day)}"."</p> }
                    })}
                }.into_any(),
                None if stale.get() => view! { <p>{i18n.tr(Key::InviteStale)}</p> }.into_any(),
                None => view! { <p>{i18n.tr(Key::InviteUnknown)}</p> }.into_any(),
            }}
            {move || if admin.get() {
                view! {
                    <p>
                        <button class="button" disabled=busy on:click=renew>{i18n.tr(Key::NewInvite)}</button>
                        " "<small class="muted">{i18n.tr(Key::NewInviteHelp)}</small>
                    </p>
                }.into_any()
            } else {
                view! { <p class="muted">{i18n.tr(Key::InviteAdminOnly)}</p> }.into_any()
            }}
            <ErrorText error/>
        </section>
    }
}

#[component]
fn Devices(list: RwSignal<Option<DeviceList>>) -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let state = use_state();
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None));
    let reload = move || async move {
        let devices = sync.devices().await?;
        let _ = list.try_set(Some(devices));
        Ok::<(), SyncError>(())
    };
    act(busy, error, reload());
    let admin = Memo::new(move |_| list.with(is_admin));
    let admins = Memo::new(move |_| {
        list.with(|l| {
            l.as_ref()
                .map_or(0, |l| l.devices.iter().filter(|d| d.is_admin).count())
        })
    });
    let remove = move |device_id: String| {
        act(busy, error, async move {
            sync.remove_device(device_id).await?;
            state.notify(Key::DeviceRemoved);
            reload().await
        })
    };
    let set_admin = move |device_id: String, make: bool| {
        act(busy, error, async move {
            sync.set_admin(device_id, make).await?;
            state.notify(if make {
                Key::MadeAdmin
            } else {
                Key::AdminRevoked
            });
            reload().await
        })
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::DevicesTitle)}</h2>
            <p class="muted">{i18n.tr(Key::AdminHelp)}</p>
            <ul class="devices">
                {move || list.get().map(|l| l.devices).unwrap_or_default().into_iter().map(|device| {
                    let name = device.label.clone();
                    let since = local_at(device.created_at).date();
                    let id = device.device_id.to_string();
                    let (remove_id, admin_id) = (id.clone(), id.clone());
                    let is_admin = device.is_admin;
                    // What only an admin device offers; the last admin keeps its role.
                    let may_remove = admin.get() && !device.this_device;
                    let may_promote = admin.get() && !is_admin;
                    let may_demote = admin.get() && is_admin && admins.get() > 1;
                    view! {
                        <li data-device=id>
                            <strong>{move || name.clone().unwrap_or_else(|| i18n.t(Key::UnnamedDevice).to_owned())}</strong>
                            {device.this_device.then(|| view! { " ("{i18n.tr(Key::ThisDevice)}")" })}
                            {is_admin.then(|| view! { " "<span class="badge admin-badge">{i18n.tr(Key::AdminBadge)}</span> })}
                            " · "{i18n.tr(Key::DeviceSince)}" "{move || format_date(i18n.lang.get(), since)}
                            {may_promote.then(|| {
                                let admin_id = admin_id.clone();
                                view! {
                                    " "<button class="button make-admin" disabled=busy on:click=move |_| set_admin(admin_id.clone(), true)>
                                        {i18n.tr(Key::MakeAdmin)}
                                    </button>
                                }
                            })}
                            {may_demote.then(|| view! {
                                " "<button class="button revoke-admin" disabled=busy on:click=move |_| set_admin(admin_id.clone(), false)>
                                    {i18n.tr(Key::RevokeAdmin)}
                                </button>
                            })}
                            {may_remove.then(|| view! {
                                " "<button class="button danger" disabled=busy on:click=move |_| remove(remove_id.clone())>
                                    {i18n.tr(Key::RemoveDevice)}
                                </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ErrorText error/>
        </section>
    }
}

/// After this device removed another one: the parent links that device may know, and the one
/// tap that gives each a new secret (parents then need the new link).
#[component]
fn ReissueLinks() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let state = use_state();
    let pending = Memo::new(move |_| links_to_reissue(state, sync));
    let reissued = RwSignal::new(Vec::new());
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None::<ReissueError>));
    let reissue = move |_| {
        let from = sender(state, i18n);
        act(busy, error, async move {
            let children = reissue_all(state, sync, from).await?;
            let _ = reissued.try_update(|done| done.extend(children));
            state.notify(Key::ReissueDone);
            Ok(())
        })
    };
    let name_of = move |child| {
        state.repo.with(|r| {
            r.children()
                .get(&child)
                .map(|c| c.display_name.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <Show when=move || !pending.with(Vec::is_empty) || !reissued.with(Vec::is_empty)>
            <section class="card reissue">
                <h2>{i18n.tr(Key::ReissueTitle)}</h2>
                <Show when=move || !pending.with(Vec::is_empty)>
                    <p class="banner warn">{i18n.tr(Key::ReissueHelp)}</p>
                    <ul>
                        {move || pending.get().into_iter().map(|s| view! { <li>{name_of(s.child_id)}</li> }).collect_view()}
                    </ul>
                    <button class="button primary" disabled=busy on:click=reissue>{i18n.tr(Key::ReissueButton)}</button>
                </Show>
                <Show when=move || !reissued.with(Vec::is_empty)>
                    <p role="status">{i18n.tr(Key::ReissueGiveNew)}</p>
                    <ul>
                        {move || reissued.get().into_iter().map(|child| view! {
                            <li><a href=format!("/kinderen/{child}/ouders")>{i18n.tr(Key::ReissueNewLinkFor)}" "{name_of(child)}</a></li>
                        }).collect_view()}
                    </ul>
                </Show>
                {move || error.get().map(|err| view! {
                    <p class="error" role="alert">
                        {format!("{} {}. {} {}", i18n.t(Key::ReissueStopped), err.done, i18n.t(err.error.words()), i18n.t(Key::ReissueRetry))}
                    </p>
                })}
            </section>
        </Show>
    }
}

#[component]
fn LeaveTeam() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let state = use_state();
    let confirming = RwSignal::new(false);
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None));
    let leave = move |_| {
        act(busy, error, async move {
            sync.leave().await?;
            state.notify(Key::LeftTeam);
            Ok(())
        })
    };
    view! {
        <section class="card">
            <h2>{i18n.tr(Key::LeaveTeam)}</h2>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button class="button danger" on:click=move |_| confirming.set(true)>{i18n.tr(Key::LeaveTeam)}</button>
                }
            >
                <p class="banner warn" role="alert">{i18n.tr(Key::LeaveWarning)}</p>
                <button class="button danger" disabled=busy on:click=leave>{i18n.tr(Key::LeaveConfirm)}</button>
                " "<button class="button" on:click=move |_| confirming.set(false)>{i18n.tr(Key::Cancel)}</button>
            </Show>
            <ErrorText error/>
        </section>
    }
}

/// `/join#t=…&k=…&i=…`: the invite link opened on the new device.
#[component]
pub fn Join() -> impl IntoView {
    let i18n = use_i18n();
    let sync = use_sync();
    let state = use_state();
    let navigate = use_navigate();
    let invite = Invite::parse(&window().location().hash().unwrap_or_default());
    // Read once, held in this page's memory only: the team key leaves the address bar (and
    // what a screenshot or a shared screen would show) at once, not only after joining.
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/join"));
    }
    let valid = invite.is_ok();
    let label = RwSignal::new(String::new());
    let (busy, error) = (RwSignal::new(false), RwSignal::new(None));
    let join = move |_| {
        let Ok(invite) = invite.clone() else { return };
        let navigate = navigate.clone();
        act(busy, error, async move {
            sync.join(invite, label_of(label)).await?;
            state.notify(Key::TeamJoined);
            // Replace the history entry: the link with the team key should not linger there.
            navigate(
                "/instellingen/team",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
            Ok(())
        })
    };
    view! {
        <PageHeader title=Key::JoinTitle intro=Key::JoinIntro/>
        <section class="card">
            {move || if sync.in_team() {
                view! {
                    <p>{i18n.tr(Key::AlreadyInTeam)}</p>
                    <A href="/instellingen/team">{i18n.tr(Key::TeamManage)}</A>
                }.into_any()
            } else if !valid {
                view! { <p class="error" role="alert">{move || format!("{} {}", i18n.t(Key::SyncError), i18n.t(Key::ErrSyncBadInvite))}</p> }.into_any()
            } else {
                view! {
                    <DeviceLabelField label/>
                    <button class="button primary" disabled=busy on:click=join.clone()>{i18n.tr(Key::TeamJoinButton)}</button>
                }.into_any()
            }}
            <ErrorText error/>
        </section>
    }
}
