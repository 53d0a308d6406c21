//! `/stappenplan/sjabloon`: the team's step-plan template. Steps are renamed, reordered, added
//! and removed on a working copy (kept on this device as a draft, so a reload loses nothing);
//! "save" turns the copy into a new version and running trajectories keep theirs. The template
//! can be exported as a file and a file imported as a new version. When a newer version arrives
//! (by sync, or an import on another device) after a draft began, the editor says so and offers
//! to drop the draft or carry its edits over onto the newest version. Every rule is in
//! `signaal_core::plan::template` and `plan::file`; this module only edits, asks and saves.

use crate::components::PageHeader;
use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::labels::role_key;
use crate::plan_data::{child_template, team_template};
use crate::platform::{download, file_text, new_id};
use crate::state::use_state;
use crate::store::draft::{self, TemplateDraft};
use leptos::prelude::*;
use leptos::task::spawn_local;
use signaal_core::id::Id;
use signaal_core::plan::consent::ConsentKind;
use signaal_core::plan::file::{self, ImportError};
use signaal_core::plan::template::{
    draft_state, DraftState, FormKind, Localized, Scope, Step, StepKey, Template, TemplateContent,
};
use signaal_core::plan::{PlanError, Role};
use signaal_core::view::ValidationError;
use wasm_bindgen::JsCast;

/// A template rule broken by an edit, in words.
fn edit_error(err: &PlanError) -> Key {
    match err {
        PlanError::StepNeeded(_) => Key::ErrStepNeeded,
        PlanError::NoSteps => Key::ErrNoSteps,
        PlanError::TooManySteps { .. } => Key::ErrTooManySteps,
        PlanError::TooManyItems { .. } => Key::ErrTooManyItems,
        PlanError::Text(inner) => match **inner {
            ValidationError::Empty { field: "step name" } => Key::ErrStepNameEmpty,
            ValidationError::Empty { .. } => Key::ErrTextEmpty,
            ValidationError::TooLong { .. } => Key::ErrTooLong,
            _ => Key::ErrPlan,
        },
        _ => Key::ErrPlan,
    }
}

/// Why a file cannot be imported, in words; a broken template rule names the rule too.
fn import_error(err: &ImportError) -> Vec<Key> {
    match err {
        ImportError::TooLarge { .. } => vec![Key::ErrTemplateTooLarge],
        ImportError::Json(_) => vec![Key::ErrTemplateNotJson],
        ImportError::NotATemplate => vec![Key::ErrTemplateNotTemplate],
        ImportError::UnsupportedVersion { .. } => vec![Key::ErrTemplateNewer],
        ImportError::Shape(_) => vec![Key::ErrTemplateShape],
        ImportError::Invalid(e) => vec![Key::ErrTemplateRules, edit_error(e)],
    }
}

/// The working copy and where its errors go; `Copy`, so every row can edit it.
#[derive(Clone, Copy)]
struct Editor {
    saved: Memo<Option<Template>>,
    /// The version the working copy began on; a newer `saved` means someone else saved since.
    base: RwSignal<Option<Id>>,
    content: RwSignal<TemplateContent>,
    /// Set while the draft began on a version older than the newest: (that version, if this
    /// device has it; the newest version).
    outdated: Memo<Option<(Option<u32>, u32)>>,
    /// The last refused edit: the step it was on (`None`: the whole template) and why.
    error: RwSignal<Option<(Option<StepKey>, Key)>>,
}

impl Editor {
    /// Runs one core edit on the copy; a refused edit leaves it as it was and says why where it
    /// happened. Every accepted edit is kept as the device's draft at once.
    fn apply(
        self,
        at: Option<&StepKey>,
        f: impl FnOnce(&mut TemplateContent) -> Result<(), PlanError>,
    ) {
        let mut copy = self.content.get_untracked();
        match f(&mut copy) {
            Ok(()) => {
                let base = self
                    .base
                    .get_untracked()
                    .map(|id| id.to_string())
                    .unwrap_or_default();
                // A full device only loses the draft, not the edit on screen.
                let _ = draft::save_template(&TemplateDraft {
                    base,
                    content: copy.clone(),
                });
                self.content.set(copy);
                self.error.set(None);
            }
            Err(e) => self.error.set(Some((at.cloned(), edit_error(&e)))),
        }
    }

    fn dirty(self) -> bool {
        let current = self.content.get();
        self.saved
            .with(|t| t.as_ref().is_some_and(|t| t.content != current))
    }

    /// Drops the draft and shows `template` (just saved, imported, or the newest version).
    fn reset(self, template: Option<Template>) {
        draft::clear_template();
        if let Some(t) = template {
            self.base.set(Some(t.id));
            self.content.set(t.content);
        }
        self.error.set(None);
    }
}

#[component]
pub fn Templates() -> impl IntoView {
    let state = use_state();
    // The first visit stores the shipped plan as version 1, as the first signal would.
    if state.repo.with_untracked(child_template).is_none() {
        let _ = state.repo.try_update(|r| team_template(r, Scope::Child));
    }
    let saved = Memo::new(move |_| state.repo.with(child_template));
    let (base, start) = match draft::load_template() {
        Some(d) => (d.base.parse::<Id>().ok(), d.content),
        None => saved
            .with_untracked(|t| t.as_ref().map(|t| (Some(t.id), t.content.clone())))
            .unwrap_or_else(|| (None, signaal_core::plan::defaults::child_plan())),
    };
    let (base, content) = (RwSignal::new(base), RwSignal::new(start));
    let outdated = Memo::new(move |_| {
        let newest = saved.get()?;
        let versions: Vec<Template> = state.repo.with(|r| r.all());
        match content.with(|c| draft_state(base.get(), c, &newest, &versions)) {
            DraftState::Outdated {
                started_from,
                newest,
            } => Some((started_from, newest)),
            DraftState::Current => None,
        }
    });
    let ed = Editor {
        saved,
        base,
        content,
        outdated,
        error: RwSignal::new(None),
    };
    // Without edits of its own, the copy simply follows the newest version as it arrives.
    Effect::new(move |_| {
        if let Some(t) = saved.get().filter(|_| draft::load_template().is_none()) {
            ed.base.set(Some(t.id));
            ed.content.set(t.content);
        }
    });
    view! {
        <PageHeader title=Key::TemplatesTitle intro=Key::TemplatesIntro/>
        <DraftWarning ed/>
        <VersionBar ed/>
        <StepList ed/>
        <AddStep ed/>
        <UrgentRoles ed/>
        <TemplateFile ed/>
    }
}

/// A newer version arrived after this device's draft began: saving now would silently undo it,
/// so the choice is asked first: drop the draft, or carry its edits over onto the newest version.
#[component]
fn DraftWarning(ed: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let discard = move |_| ed.reset(ed.saved.get_untracked());
    let carry_over = move |_| {
        let Some(newest) = ed.saved.get_untracked() else {
            return;
        };
        let base = ed.base.get_untracked();
        let versions: Vec<Template> = state.repo.with_untracked(|r| r.all());
        let started = versions
            .iter()
            .find(|t| Some(t.id) == base)
            .map_or(&newest.content, |t| &t.content);
        match ed.content.get_untracked().rebase(started, &newest.content) {
            Ok(content) => {
                ed.base.set(Some(newest.id));
                ed.apply(None, |c| {
                    *c = content;
                    Ok(())
                });
                state.notify(Key::DraftCarriedOver);
            }
            Err(e) => ed.error.set(Some((None, edit_error(&e)))),
        }
    };
    move || {
        ed.outdated.get().map(|(started, newest)| view! {
            <section class="card draft-outdated" role="alert">
                <h2>{i18n.tr(Key::DraftOutdatedTitle)}</h2>
                <p>
                    {i18n.tr(Key::DraftOutdatedNewest)}" "{newest}". "
                    {started.map(|v| view! { {i18n.tr(Key::DraftOutdatedStarted)}" "{v}". " })}
                    {i18n.tr(Key::DraftOutdatedChoose)}
                </p>
                <div class="form-actions">
                    <button type="button" class="button primary" on:click=carry_over>{i18n.tr(Key::DraftCarryOver)}" "{newest}</button>
                    <button type="button" class="button" on:click=discard>{i18n.tr(Key::DraftDiscardMine)}</button>
                </div>
            </section>
        })
    }
}

/// Which version is saved, whether there are unsaved edits, and saving them as a new version.
#[component]
fn VersionBar(ed: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let save = move |_| {
        let Some(base) = ed.saved.get_untracked() else {
            return;
        };
        let result = base
            .revise(new_id(), ed.content.get_untracked())
            .map_err(|e| edit_error(&e))
            .and_then(|next| match state.repo.try_update(|r| r.save(&next)) {
                Some(Ok(())) => Ok(next),
                Some(Err(e)) => Err(labels::repo_error(&e)),
                None => Err(Key::ErrNotFound),
            });
        match result {
            Ok(next) => {
                ed.reset(Some(next));
                state.notify(Key::TemplateSaved);
            }
            Err(key) => ed.error.set(Some((None, key))),
        }
    };
    let discard = move |_| ed.reset(ed.saved.get_untracked());
    view! {
        <section class="card tpl-version">
            <h2>{move || ed.saved.with(|t| t.as_ref().map(|t| format!("{} · {} {}", t.content.name, i18n.t(Key::TemplateVersion), t.version)))}</h2>
            <p class="muted">{i18n.tr(Key::TemplateKeptNote)}</p>
            <Show when=move || ed.dirty()>
                <p class="tpl-unsaved" role="status">{i18n.tr(Key::TemplateUnsaved)}</p>
            </Show>
            {move || ed.error.get().filter(|(at, _)| at.is_none()).map(|(_, key)| view! { <p class="error" role="alert">{i18n.tr(key)}</p> })}
            <div class="form-actions">
                // An outdated draft is resolved first (see DraftWarning), so nobody's version is lost.
                <button type="button" class="button primary" disabled=move || !ed.dirty() || ed.outdated.with(Option::is_some) on:click=save>{i18n.tr(Key::TemplateSave)}</button>
                <button type="button" class="button ghost" disabled=move || !ed.dirty() on:click=discard>{i18n.tr(Key::TemplateDiscard)}</button>
            </div>
        </section>
    }
}

#[component]
fn StepList(ed: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let keys = move || {
        ed.content
            .with(|c| c.steps.iter().map(|s| s.key.clone()).collect::<Vec<_>>())
    };
    view! {
        <section class="tpl-steps" aria-labelledby="tpl-steps-title">
            <h2 id="tpl-steps-title">{i18n.tr(Key::TemplateStepsTitle)}</h2>
            <ol class="tpl-step-list">
                <For each=keys key=|k| k.clone() let(key)>
                    <StepRow ed key/>
                </For>
            </ol>
        </section>
    }
}

/// Moving a row moves its DOM node, which drops keyboard focus; put it back on the same button
/// so up/down can be pressed again without hunting for it.
fn keep_focus(ev: &leptos::ev::MouseEvent) {
    if let Some(button) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    {
        request_animation_frame(move || {
            let _ = button.focus();
        });
    }
}

/// One step: its place (with up/down) and, folded away, everything about it that can change.
#[component]
fn StepRow(ed: Editor, key: StepKey) -> impl IntoView {
    let i18n = use_i18n();
    let step = Memo::new({
        let key = key.clone();
        move |_| ed.content.with(|c| c.step(&key).cloned())
    });
    let pos = Memo::new({
        let key = key.clone();
        move |_| {
            ed.content
                .with(|c| (c.index_of(&key).unwrap_or(0), c.steps.len()))
        }
    });
    let lang = move || i18n.lang.get().code();
    let name = move || {
        step.with(|s| {
            s.as_ref()
                .map(|s| s.name.get(lang()).to_owned())
                .unwrap_or_default()
        })
    };
    let shift = {
        let key = key.clone();
        move |up: bool| ed.apply(Some(&key), |c| c.shift_step(&key, up))
    };
    let (up, down) = (shift.clone(), shift);
    let remove = {
        let key = key.clone();
        move |_| ed.apply(Some(&key), |c| c.remove_step(&key))
    };
    let error = {
        let key = key.clone();
        move || {
            ed.error
                .get()
                .filter(|(at, _)| at.as_ref() == Some(&key))
                .map(|(_, k)| view! { <p class="error" role="alert">{i18n.tr(k)}</p> })
        }
    };
    let consents = move || {
        step.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.consents
                        .iter()
                        .map(|k| i18n.t(labels::consent(*k)))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        })
    };
    let takers = move || {
        step.with(|s| {
            s.as_ref()
                .map(|s| {
                    s.may_take
                        .iter()
                        .map(|r| i18n.t(role_key(*r)))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default()
        })
    };
    view! {
        <li class="card tpl-step">
            <h3>{move || format!("{}. {}", pos.get().0 + 1, name())}</h3>
            {move || (!consents().is_empty()).then(|| view! { <p class="muted">{i18n.tr(Key::StepConsents)}": "{consents()}</p> })}
            {move || (!takers().is_empty()).then(|| view! { <p class="muted">{i18n.tr(Key::BlockRole)}" "{takers()}</p> })}
            <div class="tpl-moves">
                <button type="button" class="button" aria-label=move || format!("{}: {}", i18n.t(Key::StepUp), name())
                    disabled=move || pos.get().0 == 0 on:click=move |ev| { up(true); keep_focus(&ev) }>"↑ "{i18n.tr(Key::StepUp)}</button>
                <button type="button" class="button" aria-label=move || format!("{}: {}", i18n.t(Key::StepDown), name())
                    disabled=move || { let (i, n) = pos.get(); i + 1 >= n } on:click=move |ev| { down(false); keep_focus(&ev) }>"↓ "{i18n.tr(Key::StepDown)}</button>
            </div>
            {error}
            <details class="details tpl-edit">
                <summary>{i18n.tr(Key::StepEdit)}</summary>
                <StepFields ed key=key.clone() step/>
                <Checklist ed key=key.clone() step/>
                <StepChoice ed key=key.clone() step legend=Key::StepConsents list=|s| s.consents.clone() set=TemplateContent::set_consents
                    options=ConsentKind::ALL.into_iter().map(|k| (k, labels::consent(k))).collect()/>
                <StepChoice ed key=key.clone() step legend=Key::StepMayTake list=|s| s.may_take.clone() set=TemplateContent::set_may_take
                    options=Role::ALL.into_iter().filter(|r| *r != Role::Child).map(|r| (r, role_key(r))).collect()/>
                <StepRules ed key=key.clone() step/>
                <button type="button" class="button ghost danger" on:click=remove>{i18n.tr(Key::StepRemove)}</button>
            </details>
        </li>
    }
}

/// Name and purpose in both languages (organisations usually fill in only Dutch).
#[component]
fn StepFields(ed: Editor, key: StepKey, step: Memo<Option<Step>>) -> impl IntoView {
    let text = move |f: fn(&Step) -> &Localized, en: bool| {
        move || {
            step.with(|s| {
                s.as_ref()
                    .map(|s| if en { f(s).en.clone() } else { f(s).nl.clone() })
                    .unwrap_or_default()
            })
        }
    };
    let set = move |key: StepKey, purpose: bool, en: bool| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            let Some(mut s) = step.get_untracked() else {
                return;
            };
            let target = if purpose { &mut s.purpose } else { &mut s.name };
            if en {
                target.en = value
            } else {
                target.nl = value
            }
            ed.apply(Some(&key), |c| c.replace_step(s));
        }
    };
    view! {
        <label class="field"><span>{use_i18n().tr(Key::StepNameNl)}</span>
            <input type="text" maxlength="80" prop:value=text(|s| &s.name, false) on:input=set(key.clone(), false, false)/></label>
        <label class="field"><span>{use_i18n().tr(Key::StepNameEn)}</span>
            <input type="text" maxlength="80" prop:value=text(|s| &s.name, true) on:input=set(key.clone(), false, true)/></label>
        <label class="field"><span>{use_i18n().tr(Key::StepPurposeNl)}</span>
            <textarea rows="2" maxlength="600" prop:value=text(|s| &s.purpose, false) on:input=set(key.clone(), true, false)></textarea></label>
        <label class="field"><span>{use_i18n().tr(Key::StepPurposeEn)}</span>
            <textarea rows="2" maxlength="600" prop:value=text(|s| &s.purpose, true) on:input=set(key, true, true)></textarea></label>
    }
}

/// The step's checklist, edited in the language the app is shown in (the other one stays).
#[component]
fn Checklist(ed: Editor, key: StepKey, step: Memo<Option<Step>>) -> impl IntoView {
    let i18n = use_i18n();
    let en = move || i18n.lang.get_untracked().code() == "en";
    let count = move || step.with(|s| s.as_ref().map_or(0, |s| s.checklist.len()));
    let item = move |i: usize| {
        step.with(|s| {
            s.as_ref()
                .and_then(|s| s.checklist.get(i).cloned())
                .unwrap_or_default()
        })
    };
    let new_item = RwSignal::new(String::new());
    let add = {
        let key = key.clone();
        move |_| {
            let text = new_item.get_untracked().trim().to_owned();
            let item = if en() {
                Localized::new("", text)
            } else {
                Localized::new(text, "")
            };
            ed.apply(Some(&key), |c| c.add_check_item(&key, item));
            if ed.error.with_untracked(Option::is_none) {
                new_item.set(String::new());
            }
        }
    };
    view! {
        <fieldset class="tpl-checklist">
            <legend>{i18n.tr(Key::StepChecklist)}</legend>
            <For each=move || 0..count() key=|i| *i children={ let key = key.clone(); move |i| { let key = key.clone(); view! {
                <div class="inline-field">
                    <label class="field"><span>{move || format!("{} {}", i18n.t(Key::CheckItem), i + 1)}</span>
                        <input type="text" maxlength="200" prop:value=move || item(i).get(i18n.lang.get().code()).to_owned()
                            on:input={
                                let key = key.clone();
                                move |ev| {
                                    let mut it = item(i);
                                    if en() { it.en = event_target_value(&ev) } else { it.nl = event_target_value(&ev) }
                                    ed.apply(Some(&key), |c| c.set_check_item(&key, i, it));
                                }
                            }/></label>
                    <button type="button" class="button ghost" aria-label=move || format!("{} {}", i18n.t(Key::CheckItemRemove), i + 1)
                        on:click={
                            let key = key.clone();
                            move |_| ed.apply(Some(&key), |c| c.remove_check_item(&key, i))
                        }>"✕"</button>
                </div>
            } } }/>
            <div class="inline-field">
                <label class="field"><span>{i18n.tr(Key::CheckItemNew)}</span>
                    <input type="text" maxlength="200" bind:value=new_item/></label>
                <button type="button" class="button" on:click=add>{i18n.tr(Key::CheckItemAdd)}</button>
            </div>
        </fieldset>
    }
}

/// One of a step's lists as checkboxes: the parents' consents that must be active before the step
/// can be taken, or who may take it (none ticked: anyone on the team).
#[component]
fn StepChoice<T: Copy + PartialEq + Send + Sync + 'static>(
    ed: Editor,
    key: StepKey,
    step: Memo<Option<Step>>,
    legend: Key,
    options: Vec<(T, Key)>,
    list: fn(&Step) -> Vec<T>,
    set: fn(&mut TemplateContent, &StepKey, Vec<T>) -> Result<(), PlanError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let has = move |item: T| step.with(|s| s.as_ref().is_some_and(|s| list(s).contains(&item)));
    let toggle = move |key: StepKey, item: T| {
        move |_| {
            let mut chosen = step.with_untracked(|s| s.as_ref().map(list).unwrap_or_default());
            if chosen.contains(&item) {
                chosen.retain(|k| *k != item);
            } else {
                chosen.push(item);
            }
            ed.apply(Some(&key), |c| set(c, &key, chosen));
        }
    };
    view! {
        <fieldset class="tpl-consents">
            <legend>{i18n.tr(legend)}</legend>
            {options.into_iter().map(|(item, label)| view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=move || has(item) on:change=toggle(key.clone(), item)/>
                    {i18n.tr(label)}
                </label>
            }).collect_view()}
        </fieldset>
    }
}

/// The step's own rules: whether it waits for the team's own plan to be run and evaluated, and,
/// for a school-contact step, whether a handover may go without the parents' consent.
#[component]
fn StepRules(ed: Editor, key: StepKey, step: Memo<Option<Step>>) -> impl IntoView {
    let i18n = use_i18n();
    let edit = move |key: StepKey, f: fn(&mut Step, bool)| {
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            let Some(mut s) = step.get_untracked() else {
                return;
            };
            f(&mut s, on);
            ed.apply(Some(&key), |c| c.replace_step(s));
        }
    };
    let own_plan = move || step.with(|s| s.as_ref().is_some_and(Step::needs_own_plan));
    let school = move || {
        step.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.form == FormKind::SchoolContact)
        })
    };
    let without = move || step.with(|s| s.as_ref().is_some_and(|s| s.handover_without_consent));
    view! {
        <fieldset class="tpl-consents">
            <legend>{i18n.tr(Key::StepRules)}</legend>
            <label class="choice">
                <input type="checkbox" prop:checked=own_plan on:change=edit(key.clone(), |s, on| s.own_plan_first = Some(on))/>
                {i18n.tr(Key::StepOwnPlanFirst)}
            </label>
            {move || school().then(|| view! {
                <label class="choice">
                    <input type="checkbox" prop:checked=without on:change=edit(key.clone(), |s, on| s.handover_without_consent = on)/>
                    {i18n.tr(Key::StepHandoverWithoutConsent)}
                </label>
            })}
        </fieldset>
    }
}

/// Who may mark a trajectory of this template urgent (none ticked: anyone on the team).
#[component]
fn UrgentRoles(ed: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let has = move |r: Role| ed.content.with(|c| c.urgent_roles.contains(&r));
    let toggle = move |r: Role| {
        move |_| {
            let mut roles = ed.content.with_untracked(|c| c.urgent_roles.clone());
            if roles.contains(&r) {
                roles.retain(|x| *x != r);
            } else {
                roles.push(r);
            }
            ed.apply(None, |c| c.set_urgent_roles(roles));
        }
    };
    view! {
        <section class="card">
            <fieldset class="tpl-consents">
                <legend>{i18n.tr(Key::TemplateUrgentRoles)}</legend>
                {Role::ALL.into_iter().filter(|r| r.is_staff()).map(|r| view! {
                    <label class="choice">
                        <input type="checkbox" prop:checked=move || has(r) on:change=toggle(r)/>
                        {i18n.tr(role_key(r))}
                    </label>
                }).collect_view()}
            </fieldset>
        </section>
    }
}

/// Adds a notes-only step at the end; the organisation moves it into place.
#[component]
fn AddStep(ed: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = name.get_untracked().trim().to_owned();
        let label = if i18n.lang.get_untracked().code() == "en" {
            Localized::new("", text)
        } else {
            Localized::new(text, "")
        };
        ed.apply(None, |c| {
            let step = Step::new(c.free_key(), label, FormKind::Notes);
            c.add_step(c.steps.len(), step)
        });
        if ed.error.with_untracked(Option::is_none) {
            name.set(String::new());
        }
    };
    view! {
        <form class="card" on:submit=add novalidate>
            <label class="field"><span>{i18n.tr(Key::StepNew)}</span>
                <input type="text" maxlength="80" bind:value=name/></label>
            <button type="submit" class="button">{i18n.tr(Key::StepAdd)}</button>
        </form>
    }
}

/// Export of the saved version, import of a file as the next version.
#[component]
fn TemplateFile(ed: Editor) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let outcome = RwSignal::new(None::<Result<u32, Vec<Key>>>);
    let export = move |_| {
        if let Some(t) = ed.saved.get_untracked() {
            download(
                &format!("signaal-sjabloon-versie-{}.json", t.version),
                "application/json",
                file::export(&t),
            );
        }
    };
    let chosen = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        spawn_local(async move {
            let text = file_text(&input).await.unwrap_or_default();
            // The same file may be chosen again after a fix.
            input.set_value("");
            let result = file::import(&text)
                .map_err(|e| import_error(&e))
                .and_then(|imported| {
                    let base = ed
                        .saved
                        .get_untracked()
                        .ok_or_else(|| vec![Key::ErrNotFound])?;
                    if imported.content.scope != base.content.scope {
                        return Err(vec![Key::ErrTemplateScope]);
                    }
                    let next = base
                        .revise(new_id(), imported.content)
                        .map_err(|e| vec![Key::ErrTemplateRules, edit_error(&e)])?;
                    match state.repo.try_update(|r| r.save(&next)) {
                        Some(Ok(())) => Ok(next),
                        Some(Err(e)) => Err(vec![labels::repo_error(&e)]),
                        None => Err(vec![Key::ErrNotFound]),
                    }
                });
            let shown = result.map(|next| {
                let version = next.version;
                ed.reset(Some(next));
                version
            });
            let _ = outcome.try_set(Some(shown));
        });
    };
    view! {
        <section class="card tpl-file">
            <h2>{i18n.tr(Key::TemplateFileTitle)}</h2>
            <p class="muted">{i18n.tr(Key::TemplateFileHelp)}</p>
            <button type="button" class="button" on:click=export>{i18n.tr(Key::TemplateExport)}</button>
            <label class="field">
                <span>{i18n.tr(Key::TemplateImport)}</span>
                <input type="file" accept=".json,application/json" on:change=chosen/>
            </label>
            {move || outcome.get().map(|o| match o {
                Ok(version) => view! { <p class="ok" role="status">{i18n.tr(Key::TemplateImported)}" "{version}</p> }.into_any(),
                Err(keys) => view! {
                    <p class="error" role="alert">{keys.into_iter().map(|k| i18n.t(k)).collect::<Vec<_>>().join(" ")}</p>
                }.into_any(),
            })}
        </section>
    }
}
