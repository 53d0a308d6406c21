//! A handover from a trajectory to the school or a partner: pick goals, what works and the
//! conclusions of observations, see exactly what the recipient gets, then print it on A4 or share
//! it as an encrypted link (`crate::handover_link`). Both are refused, with the reason, without
//! the consent the recipient needs; every print and link is logged in the child's register of
//! disclosures. The rules live in `signaal_core::handover`.

use crate::components::{DisclosureRegister, ExpiryField, HandoverLinkCard};
use crate::handover_link;
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::platform::{new_id, parse_date, today};
use crate::share::sender;
use crate::state::use_state;
use crate::sync::use_sync;
use leptos::prelude::*;
use leptos::task::spawn_local;
use signaal_core::handover::{basis, Channel, Disclosure, Handover, Recipient};
use signaal_core::id::Id;
use signaal_core::plan::consent::{Consent, ConsentRegister};
use signaal_core::plan::form::FormData;
use signaal_core::plan::template::{Step, Template};
use signaal_core::plan::trajectory::{Goal, StepEntry, Trajectory};
use signaal_core::share::default_expiry;
use signaal_core::view::View;

#[component]
pub fn HandoverPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let route = crate::platform::route_id();
    let found = Memo::new(move |_| {
        let id = route.get()?;
        state.repo.with(|r| {
            let t = Trajectory::from_record(r.record(id)?).ok()?;
            let child = t.child_id()?;
            let name = r.children().get(&child)?.display_name.clone();
            Some((t, child, name))
        })
    });
    move || match found.get() {
        Some((t, child, name)) => view! { <Composer t child name/> }.into_any(),
        None => view! { <p class="empty">{i18n.tr(Key::ChildNotFound)}</p> }.into_any(),
    }
}

/// What the trajectory offers to pick from: goals, plan actions, observation findings.
fn candidates(r: &crate::store::repo::Repo, t: &Trajectory) -> [Vec<String>; 3] {
    let goals = r
        .all::<Goal>()
        .into_iter()
        .filter(|g| g.trajectory_id == t.id)
        .map(|g| g.description)
        .collect();
    let entries: Vec<StepEntry> = r
        .all::<StepEntry>()
        .into_iter()
        .filter(|e| e.trajectory_id == t.id)
        .collect();
    let forms = || entries.iter().filter_map(|e| e.form.as_ref());
    let actions = forms()
        .flat_map(FormData::actions)
        .map(|a| a.what.clone())
        .collect();
    let findings = forms()
        .filter_map(|f| match f {
            FormData::Observation(o) if !o.findings.trim().is_empty() => Some(o.findings.clone()),
            _ => None,
        })
        .collect();
    [goals, actions, findings]
}

fn current_step(r: &crate::store::repo::Repo, t: &Trajectory) -> Option<Step> {
    let template = Template::from_record(r.record(t.template_id)?).ok()?;
    template.step(&t.step).cloned()
}

fn lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
}

/// One part of the handover: tick lines from the trajectory, add your own.
#[derive(Clone, Copy)]
struct Part {
    picked: RwSignal<Vec<String>>,
    own: RwSignal<String>,
}

impl Part {
    fn new() -> Self {
        Part {
            picked: RwSignal::new(Vec::new()),
            own: RwSignal::new(String::new()),
        }
    }

    fn items(self) -> Vec<String> {
        let mut out = self.picked.get();
        out.extend(lines(&self.own.get()));
        out
    }
}

#[component]
fn Composer(t: Trajectory, child: Id, name: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let trajectory_id = t.id;
    let offered = Memo::new({
        let t = t.clone();
        move |_| state.repo.with(|r| candidates(r, &t))
    });
    let recipient = RwSignal::new(Recipient::School);
    let recipient_name = RwSignal::new(String::new());
    let recipient_contact = RwSignal::new(String::new());
    let parts = [Part::new(), Part::new(), Part::new()];
    let contact_person = RwSignal::new(sender(state, i18n));
    let composed = Memo::new(move |_| {
        let [goals, approach, conclusions] = parts.map(Part::items);
        Handover {
            trajectory_id: Some(trajectory_id),
            recipient_name: recipient_name.get(),
            recipient_contact: recipient_contact.get(),
            goals,
            approach,
            conclusions,
            contact_person: contact_person.get(),
        }
    });
    let step = {
        let t = t.clone();
        move || state.repo.with(|r| current_step(r, &t))
    };
    let blocked = {
        let step = step.clone();
        move || {
            let consents = state
                .repo
                .with(|r| ConsentRegister::for_child(child, &r.all::<Consent>()));
            basis(recipient.get(), &consents, step().as_ref(), today()).err()
        }
    };
    let error = RwSignal::new(None::<Key>);
    // The consent is checked at the moment of giving, whichever way it is given.
    let give = move |channel| {
        let consents = state
            .repo
            .with_untracked(|r| ConsentRegister::for_child(child, &r.all::<Consent>()));
        Disclosure::give(
            new_id(),
            child,
            recipient.get_untracked(),
            composed.get_untracked(),
            &consents,
            step().as_ref(),
            channel,
            sender(state, i18n),
            today(),
        )
    };
    let print = {
        let give = give.clone();
        move |_| {
            let given = give(Channel::Print)
                .map_err(|e| labels::handover_error(&e))
                .and_then(|d| match state.repo.try_update(|r| r.save(&d)) {
                    Some(Ok(())) => Ok(()),
                    Some(Err(e)) => Err(labels::repo_error(&e)),
                    None => Err(Key::ErrNotFound),
                });
            error.set(given.err());
            if error.get_untracked().is_none() {
                state.notify(Key::HandoverLogged);
                let _ = window().print();
            }
        }
    };
    let sync = use_sync();
    let published = RwSignal::new(None::<Id>);
    let busy = RwSignal::new(false);
    let expires = RwSignal::new(default_expiry(today()).to_string());
    let publish = {
        let name = name.clone();
        move |_| {
            if busy.get_untracked() {
                return;
            }
            let given = give(Channel::Link).map_err(handover_link::LinkError::from);
            let name = name.clone();
            busy.set(true);
            error.set(None);
            spawn_local(async move {
                let result = async {
                    let today = today();
                    // An unreadable date is refused like one out of bounds.
                    let last_day = parse_date(&expires.get_untracked()).unwrap_or(today);
                    let given = Disclosure {
                        link: Some(handover_link::new_link(today, last_day)?),
                        ..given?
                    };
                    handover_link::publish(state, sync, &given, &name).await?;
                    Ok::<_, handover_link::LinkError>(given.id)
                };
                let result = result.await;
                let _ = busy.try_set(false);
                match result {
                    Ok(id) => {
                        let _ = published.try_set(Some(id));
                        state.notify(Key::HandoverPublished);
                    }
                    Err(err) => {
                        let _ = error.try_set(Some(err.words()));
                    }
                }
            });
        }
    };
    let child_name = name.clone();
    Effect::new(move |_| {
        document().set_title(&format!(
            "{} · {} · {}",
            i18n.t(Key::HandoverPageTitle),
            child_name,
            i18n.t(Key::AppName)
        ))
    });
    let pick = |title, help, part, n: usize| {
        let options = Signal::derive(move || offered.with(|o| o[n].clone()));
        view! { <PartPicker title help options part/> }
    };
    let [goals, approach, conclusions] = parts;
    view! {
        <header class="page-header handover-composer">
            <h1>{i18n.tr(Key::HandoverPageTitle)}" · "{name.clone()}</h1>
            <p class="intro">{i18n.tr(Key::HandoverIntro)}</p>
        </header>
        <section class="card handover-composer">
            <h2>{i18n.tr(Key::HandoverRecipient)}</h2>
            <label class="field">
                <span>{i18n.tr(Key::HandoverRecipientKind)}</span>
                <select on:change=move |ev| {
                    let i: usize = event_target_value(&ev).parse().unwrap_or(0);
                    recipient.set(Recipient::ALL.get(i).copied().unwrap_or(Recipient::School));
                }>
                    {Recipient::ALL.into_iter().enumerate().map(|(i, r)| view! {
                        <option value=i.to_string() prop:selected=move || recipient.get() == r>{i18n.tr(labels::recipient(r))}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>{i18n.tr(Key::HandoverRecipientName)}</span>
                <input type="text" maxlength="120" bind:value=recipient_name/>
            </label>
            <label class="field">
                <span>{i18n.tr(Key::HandoverRecipientContact)}</span>
                <input type="text" maxlength="120" bind:value=recipient_contact/>
            </label>
        </section>
        {pick(Key::HandoverGoals, Key::HandoverGoalsHelp, goals, 0)}
        {pick(Key::HandoverApproach, Key::HandoverApproachHelp, approach, 1)}
        {pick(Key::HandoverConclusions, Key::HandoverConclusionsHelp, conclusions, 2)}
        <section class="card handover-composer">
            <label class="field">
                <span>{i18n.tr(Key::HandoverContactPerson)}</span>
                <input type="text" maxlength="120" bind:value=contact_person/>
            </label>
        </section>
        {move || blocked().map(|err| view! {
            <p class="banner warn" role="status">
                {i18n.tr(labels::handover_error(&err))}" "
                <a href=format!("/kinderen/{child}")>{i18n.tr(Key::HandoverRecordConsent)}</a>
            </p>
        })}
        {move || error.get().map(|key| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })}
        <section class="card handover-composer">
            <ExpiryField expires/>
        </section>
        <p class="form-actions handover-composer">
            <button type="button" class="button primary" on:click=print>{i18n.tr(Key::HandoverPrint)}</button>
            <button type="button" class="button" disabled=busy on:click=publish>{i18n.tr(Key::HandoverPublish)}</button>
            <a class="button" href=format!("/stappenplan/{trajectory_id}")>{i18n.tr(Key::PlansTitle)}</a>
        </p>
        {move || published.get().map(|id| view! { <HandoverLinkCard id/> })}
        <section class="card handover-doc" aria-labelledby="handover-preview-title">
            <p class="muted handover-composer" id="handover-preview-title">{i18n.tr(Key::HandoverPreview)}</p>
            {move || view! { <HandoverDoc handover=composed.get() recipient=recipient.get() child=name.clone()/> }}
        </section>
        <div class="handover-composer">
            <DisclosureRegister child/>
        </div>
    }
}

/// The ticks and own lines of one part.
#[component]
fn PartPicker(title: Key, help: Key, options: Signal<Vec<String>>, part: Part) -> impl IntoView {
    let i18n = use_i18n();
    let toggle = move |line: String, on: bool| {
        part.picked.update(|p| {
            p.retain(|x| *x != line);
            if on {
                p.push(line);
            }
        })
    };
    view! {
        <section class="card handover-composer">
            <h2>{i18n.tr(title)}</h2>
            <p class="muted">{i18n.tr(help)}</p>
            <ul class="pick-list">
                <Show when=move || options.with(Vec::is_empty)>
                    <li class="muted">{i18n.tr(Key::HandoverNothingToPick)}</li>
                </Show>
                {move || options.get().into_iter().map(|line| {
                    let (shown, checked) = (line.clone(), line.clone());
                    view! {
                        <li><label class="choice">
                            <input type="checkbox"
                                prop:checked=move || part.picked.with_untracked(|p| p.contains(&checked))
                                on:change=move |ev| toggle(line.clone(), event_target_checked(&ev))/>
                            {shown}
                        </label></li>
                    }
                }).collect_view()}
            </ul>
            <label class="field">
                <span>{i18n.tr(Key::HandoverOwnLines)}</span>
                <textarea rows="3" maxlength="4000" aria-label=move || format!("{}: {}", i18n.t(title), i18n.t(Key::HandoverOwnLines))
                    prop:value=move || part.own.get() on:input=move |ev| part.own.set(event_target_value(&ev))></textarea>
            </label>
        </section>
    }
}

/// What the recipient gets, as printed.
#[component]
fn HandoverDoc(handover: Handover, recipient: Recipient, child: String) -> impl IntoView {
    let i18n = use_i18n();
    let Handover {
        recipient_name,
        recipient_contact,
        goals,
        approach,
        conclusions,
        contact_person,
        ..
    } = handover;
    let to = [recipient_name, recipient_contact]
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let part = |title: Key, items: Vec<String>| {
        (!items.is_empty()).then(|| {
            view! {
                <h3>{i18n.tr(title)}</h3>
                <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
            }
        })
    };
    view! {
        <h2>{i18n.tr(Key::HandoverDocTitle)}": "{i18n.tr(labels::recipient(recipient))}</h2>
        <dl class="fields">
            <dt>{i18n.tr(Key::HandoverAbout)}</dt><dd>{child}</dd>
            <dt>{i18n.tr(Key::HandoverRecipient)}</dt><dd>{to}</dd>
            <dt>{i18n.tr(Key::HandoverDate)}</dt><dd>{move || format_date(i18n.lang.get(), today())}</dd>
            <dt>{i18n.tr(Key::HandoverContactPerson)}</dt><dd>{contact_person}</dd>
        </dl>
        {part(Key::HandoverGoals, goals)}
        {part(Key::HandoverApproach, approach)}
        {part(Key::HandoverConclusions, conclusions)}
    }
}
