use super::RevokeLink;
use crate::i18n::{format_date, use_i18n, I18n, Key};
use crate::labels;
use crate::platform::today;
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::handover::{register, Basis, Channel, Disclosure};
use signaal_core::handover_link::is_live;
use signaal_core::id::Id;
use signaal_core::plan::consent::Consent;
use signaal_core::view::View;

/// A child's register of disclosures: what was given to whom, when, by whom and under which
/// consent. Shown in the child file (printed with it) and under the handover composer.
#[component]
pub fn DisclosureRegister(child: Id) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let entries = Memo::new(move |_| {
        state.repo.with(|r| {
            let all = r.all::<Disclosure>();
            let consents = r.all::<Consent>();
            register(child, &all)
                .into_iter()
                .map(|d| {
                    let basis = basis_text(i18n, d, &consents);
                    (d.clone(), basis)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card disclosures" aria-labelledby="disclosures-title">
            <h2 id="disclosures-title">{i18n.tr(Key::DisclosuresTitle)}</h2>
            <Show when=move || entries.with(Vec::is_empty)>
                <p class="muted">{i18n.tr(Key::DisclosuresNone)}</p>
            </Show>
            <ul class="disclosure-list">
                {move || entries.get().into_iter().map(|(d, basis)| view! { <li><Entry d basis/></li> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Entry(d: Disclosure, basis: String) -> impl IntoView {
    let i18n = use_i18n();
    let link = link_state(i18n, &d);
    let h = d.handover;
    let to = if h.recipient_contact.is_empty() {
        h.recipient_name.clone()
    } else {
        format!("{} ({})", h.recipient_name, h.recipient_contact)
    };
    let channel = match d.channel {
        Channel::Print => Key::DisclosurePrinted,
        Channel::Link => Key::DisclosureLinked,
    };
    let what: Vec<(Key, String)> = [
        (Key::HandoverGoals, &h.goals),
        (Key::HandoverApproach, &h.approach),
        (Key::HandoverConclusions, &h.conclusions),
    ]
    .into_iter()
    .filter(|(_, list)| !list.is_empty())
    .map(|(key, list)| (key, list.join("; ")))
    .collect();
    view! {
        <p class="disclosure-head">
            <strong>{move || format_date(i18n.lang.get(), d.on)}" · "{i18n.tr(labels::recipient(d.recipient))}</strong>
            " · "{to}" · "{i18n.tr(Key::DisclosureBy)}" "{d.by}" · "{i18n.tr(channel)}
        </p>
        <dl class="fields">
            {what.into_iter().map(|(k, v)| view! { <dt>{i18n.tr(k)}</dt><dd>{v}</dd> }).collect_view()}
            <dt>{i18n.tr(Key::DisclosureUnder)}</dt><dd>{basis}</dd>
        </dl>
        {link}
    }
}

/// Whether a linked handover still works, expired, or was taken back (by whom, when); a live
/// one can be revoked from here.
fn link_state(i18n: I18n, d: &Disclosure) -> Option<impl IntoView> {
    let link = d.link.as_ref()?;
    let lang = i18n.lang.get_untracked();
    let (text, live) = match &d.revoked {
        Some(r) => (
            format!(
                "{} {} {} {}",
                i18n.t(Key::DisclosureRevokedOn),
                format_date(lang, r.on),
                i18n.t(Key::DisclosureBy),
                r.by
            ),
            false,
        ),
        None if is_live(d, today()) => (
            format!(
                "{} {}",
                i18n.t(Key::HandoverLinkUntil),
                format_date(lang, link.expires)
            ),
            true,
        ),
        None => (
            format!(
                "{} {}",
                i18n.t(Key::DisclosureLinkExpired),
                format_date(lang, link.expires)
            ),
            false,
        ),
    };
    let given = d.clone();
    Some(view! {
        <p class="disclosure-link">{text}</p>
        {live.then(|| view! { <RevokeLink given/> })}
    })
}

/// "Contact met school: moeder, 2 mrt 2026", or the step that allowed it without consent.
fn basis_text(i18n: I18n, d: &Disclosure, consents: &[Consent]) -> String {
    let lang = i18n.lang.get();
    match &d.basis {
        Basis::Consent(id) => consents.iter().find(|c| c.id() == *id).map_or_else(
            || i18n.t(Key::DisclosureConsentGone).to_owned(),
            |c| {
                format!(
                    "{}: {}, {}",
                    i18n.t(labels::consent(c.kind)),
                    c.given_by,
                    format_date(lang, c.given_on)
                )
            },
        ),
        Basis::StepSetting(step) => format!("{} {step}", i18n.t(Key::DisclosureStepSetting)),
    }
}
