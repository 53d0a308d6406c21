//! `/stappenplan/contacten`: the contact scheme (who to call for what, one tap to call or mail)
//! and the pointer to the organisation's own meldcode protocol, which this app does not run.

use crate::components::{ErrorLine, Field, PageHeader};
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::platform::new_id;
use crate::state::{use_state, Toast};
use crate::store::repo::RepoError;
use leptos::prelude::*;
use signaal_core::plan::contact::{meldcode, scheme, Contact, ContactRole};
use signaal_core::plan::PlanError;
use signaal_core::view::ValidationError;

fn role_key(role: ContactRole) -> Key {
    match role {
        ContactRole::Manager => Key::RoleManager,
        ContactRole::Pedagogue => Key::RolePedagogue,
        ContactRole::Coach => Key::RoleCoach,
        ContactRole::CareCoordinator => Key::RoleCareCoordinator,
        ContactRole::YouthNurse => Key::RoleYouthNurse,
        ContactRole::Cjg => Key::ContactRoleCjg,
        ContactRole::School => Key::RoleSchool,
        ContactRole::Meldcode => Key::ContactRoleMeldcode,
        ContactRole::Other => Key::ContactRoleOther,
    }
}

/// The contact's own mistakes in words; anything else as any save error.
fn save_error(err: &RepoError) -> Key {
    match err {
        RepoError::Invalid(ValidationError::Plan(PlanError::InvalidEmail(_))) => Key::ErrEmail,
        RepoError::Invalid(ValidationError::Empty { field: "link" }) => Key::ErrMeldcodePointer,
        other => labels::repo_error(other),
    }
}

#[component]
pub fn Contacts() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let list = Memo::new(move |_| {
        state.repo.with(|r| {
            let all: Vec<Contact> = r.all();
            scheme(&all).into_iter().cloned().collect::<Vec<_>>()
        })
    });
    let editing = RwSignal::new(None::<Contact>);
    view! {
        <PageHeader title=Key::ContactsTitle intro=Key::ContactsIntro/>
        <Meldcode list/>
        {move || {
            let contacts = list.get();
            if contacts.is_empty() {
                return view! { <p class="empty">{i18n.tr(Key::ContactsEmpty)}</p> }.into_any();
            }
            view! {
                <ul class="contact-list">
                    {contacts.into_iter().map(|c| view! { <ContactCard contact=c editing/> }).collect_view()}
                </ul>
            }.into_any()
        }}
        // Rebuilt when another contact is picked, so the fields start from that contact.
        {move || view! { <ContactForm contact=editing.get() editing/> }}
    }
}

#[component]
fn Meldcode(list: Memo<Vec<Contact>>) -> impl IntoView {
    let i18n = use_i18n();
    let pointers = move || list.with(|l| meldcode(l).into_iter().cloned().collect::<Vec<_>>());
    view! {
        <section class="card meldcode" aria-labelledby="meldcode-title">
            <h2 id="meldcode-title">{i18n.tr(Key::MeldcodeTitle)}</h2>
            {move || {
                let found = pointers();
                if found.is_empty() {
                    return view! { <p>{i18n.tr(Key::MeldcodeMissing)}</p> }.into_any();
                }
                view! {
                    <p>{i18n.tr(Key::MeldcodeIntro)}</p>
                    <ul class="meldcode-list">
                        {found.into_iter().map(|c| view! {
                            <li>
                                <strong>{c.name.clone()}</strong>
                                {(!c.note.is_empty()).then(|| view! { <p class="contact-note">{c.note.clone()}</p> })}
                                <ContactLinks contact=c/>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// Call, mail and the protocol link, each a full-size tap target.
#[component]
fn ContactLinks(contact: Contact) -> impl IntoView {
    let i18n = use_i18n();
    let link = contact.safe_link().map(str::to_owned);
    view! {
        <div class="contact-actions">
            {contact.tel_href().map(|href| view! {
                <a class="button" href=href><span aria-hidden="true">"☎ "</span>{i18n.tr(Key::ContactCall)}" "{contact.phone.clone()}</a>
            })}
            {contact.mailto_href().map(|href| view! {
                <a class="button" href=href><span aria-hidden="true">"✉ "</span>{i18n.tr(Key::ContactMail)}" "{contact.email.clone()}</a>
            })}
            {link.map(|href| view! {
                <a class="button" href=href target="_blank" rel="noopener noreferrer">{i18n.tr(Key::ContactOpenLink)}</a>
            })}
        </div>
    }
}

#[component]
fn ContactCard(contact: Contact, editing: RwSignal<Option<Contact>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let id = contact.id;
    let name = contact.name.clone();
    let (error, set_error) = signal(None::<Key>);
    let edit = {
        let contact = contact.clone();
        move |_| editing.set(Some(contact.clone()))
    };
    let remove = move |_| match state.repo.try_update(|r| r.set_deleted(id, true)) {
        Some(Ok(())) => {
            if editing.with_untracked(|e| e.as_ref().is_some_and(|e| e.id == id)) {
                editing.set(None);
            }
            state.toast.set(Some(Toast {
                text: Key::ContactRemoved,
                undo: Some(id),
            }));
        }
        Some(Err(err)) => set_error.set(Some(labels::repo_error(&err))),
        None => {}
    };
    view! {
        <li class="card contact">
            <p class="contact-head">
                <strong>{contact.name.clone()}</strong>
                <span class="muted">{i18n.tr(role_key(contact.role))}</span>
            </p>
            {(!contact.note.is_empty()).then(|| view! { <p class="contact-note">{contact.note.clone()}</p> })}
            <ContactLinks contact=contact.clone()/>
            <div class="form-actions">
                <button type="button" class="button ghost" on:click=edit aria-label=format!("{} – {name}", i18n.t(Key::Edit))>{i18n.tr(Key::Edit)}</button>
                <button type="button" class="button ghost" on:click=remove aria-label=format!("{} – {name}", i18n.t(Key::Delete))>{i18n.tr(Key::Delete)}</button>
            </div>
            <ErrorLine error/>
        </li>
    }
}

/// Adds a contact (`contact: None`) or edits one.
#[component]
fn ContactForm(contact: Option<Contact>, editing: RwSignal<Option<Contact>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let is_edit = contact.is_some();
    let start = contact
        .clone()
        .unwrap_or_else(|| Contact::new(new_id(), ContactRole::Manager, ""));
    let role = RwSignal::new(start.role);
    let name = RwSignal::new(start.name.clone());
    let phone = RwSignal::new(start.phone.clone());
    let email = RwSignal::new(start.email.clone());
    let link = RwSignal::new(start.link.clone());
    let note = RwSignal::new(start.note.clone());
    let (error, set_error) = signal(None::<Key>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = Contact {
            id: contact.as_ref().map_or_else(new_id, |c| c.id),
            role: role.get_untracked(),
            name: name.get_untracked().trim().to_owned(),
            phone: phone.get_untracked().trim().to_owned(),
            email: email.get_untracked().trim().to_owned(),
            link: link.get_untracked().trim().to_owned(),
            note: note.get_untracked().trim().to_owned(),
        };
        match state.repo.try_update(|r| r.save(&c)) {
            Some(Ok(())) => {
                state.notify(Key::ContactSaved);
                if is_edit {
                    editing.set(None);
                } else {
                    set_error.set(None);
                    for field in [name, phone, email, link, note] {
                        field.set(String::new());
                    }
                }
            }
            Some(Err(err)) => set_error.set(Some(save_error(&err))),
            None => {}
        }
    };
    let pick_role = move |ev: leptos::ev::Event| {
        let i = event_target_value(&ev).parse::<usize>().unwrap_or(0);
        role.set(
            ContactRole::ALL
                .get(i)
                .copied()
                .unwrap_or(ContactRole::Other),
        );
    };
    view! {
        <form class="card contact-form" on:submit=submit novalidate>
            <h2>{i18n.tr(if is_edit { Key::ContactEditTitle } else { Key::ContactAdd })}</h2>
            <div class="field">
                <label for="contact-role">{i18n.tr(Key::ContactRoleLabel)}</label>
                <select id="contact-role" on:change=pick_role>
                    {ContactRole::ALL.into_iter().enumerate().map(|(i, r)| view! {
                        <option value=i.to_string() selected=role.get_untracked() == r>{i18n.tr(role_key(r))}</option>
                    }).collect_view()}
                </select>
            </div>
            <Field label=Key::ContactName><input type="text" maxlength="80" autocomplete="off" bind:value=name/></Field>
            <Field label=Key::ContactPhone><input type="tel" maxlength="30" autocomplete="off" bind:value=phone/></Field>
            <Field label=Key::ContactEmail><input type="email" maxlength="120" autocomplete="off" bind:value=email/></Field>
            <Field label=Key::ContactLinkField><input type="url" maxlength="500" autocomplete="off" bind:value=link/></Field>
            <label class="field">
                <span>{i18n.tr(Key::ContactNote)}</span>
                <textarea rows="2" maxlength="1000" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </label>
            <ErrorLine error/>
            <div class="form-actions">
                <button type="submit" class="button primary">{i18n.tr(if is_edit { Key::Save } else { Key::ContactAdd })}</button>
                {is_edit.then(|| view! {
                    <button type="button" class="button ghost" on:click=move |_| editing.set(None)>{i18n.tr(Key::Cancel)}</button>
                })}
            </div>
        </form>
    }
}
