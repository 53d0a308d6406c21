//! Step-plan templates: the organisation's own version of the basisstappenplan.
//!
//! # Versions
//! A [`Template`] record is one **immutable version**. Editing never changes a version: the app
//! edits a copy of its [`TemplateContent`] and saves it with [`Template::revise`] as a new record
//! (same `lineage`, `version + 1`, `previous` = the edited version). A trajectory stores the id of
//! the version it started on, so its steps do not shift under it when the plan changes; new
//! trajectories start on [`latest`]. Immutable versions also make sync trivial: two locations
//! editing the same plan offline produce two versions and nothing is lost; [`latest`] picks one
//! deterministically and the other stays readable.
//!
//! # Steps
//! A step is identified by a stable [`StepKey`] (kept across renames and reorders, so history
//! entries keep pointing at the right step). Its [`FormKind`] says what the step *is* for the
//! engine (a plan of approach, an evaluation, an escalation…), whatever the organisation calls it.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::consent::ConsentKind;
use super::{at_most, invalid, text, unique, PlanError, Role};
use crate::id::Id;
use crate::record::{Kind, Record};
use crate::view::{expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_STEPS: usize = 40;
pub const MAX_CHECKLIST: usize = 20;
pub const MAX_TEMPLATE_NAME: usize = 80;
pub const MAX_STEP_NAME: usize = 80;
pub const MAX_PURPOSE: usize = 600;
pub const MAX_CHECK_ITEM: usize = 200;
pub const MAX_STEP_KEY: usize = 24;

/// Text in Dutch and English. Organisations usually edit only one language; [`Localized::get`]
/// falls back to the other so a renamed step never shows a blank label.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Localized {
    #[serde(default)]
    pub nl: String,
    #[serde(default)]
    pub en: String,
}

impl Localized {
    pub fn new(nl: impl Into<String>, en: impl Into<String>) -> Self {
        Localized {
            nl: nl.into(),
            en: en.into(),
        }
    }

    /// The text for `lang` (`"en"` or anything else for Dutch), or the other language if empty.
    pub fn get(&self, lang: &str) -> &str {
        let (first, second) = if lang == "en" {
            (&self.en, &self.nl)
        } else {
            (&self.nl, &self.en)
        };
        if first.trim().is_empty() {
            second
        } else {
            first
        }
    }

    pub fn is_blank(&self) -> bool {
        self.nl.trim().is_empty() && self.en.trim().is_empty()
    }

    fn check(&self, field: &'static str, required: bool, max: usize) -> Result<(), PlanError> {
        if required && self.is_blank() {
            return text(field, "", true, max);
        }
        text(field, &self.nl, false, max)?;
        text(field, &self.en, false, max)
    }
}

/// A step's stable identifier inside a template: 1–24 of `a-z`, `0-9`, `-`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct StepKey(String);

impl StepKey {
    pub fn new(key: &str) -> Result<Self, PlanError> {
        let ok = !key.is_empty()
            && key.len() <= MAX_STEP_KEY
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if ok {
            Ok(StepKey(key.to_owned()))
        } else {
            Err(PlanError::InvalidStepKey(key.chars().take(40).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StepKey {
    type Error = PlanError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        StepKey::new(&s)
    }
}

impl From<StepKey> for String {
    fn from(k: StepKey) -> String {
        k.0
    }
}

impl fmt::Display for StepKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Which form a step uses, and so what the step means to the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// Ongoing notebook (step 0, and the "watch" status of a grey child).
    Follow,
    /// A concern is raised; look back for similar moments.
    Signal,
    TeamDiscussion,
    ChildConversation,
    ParentConversation,
    Observation,
    SchoolContact,
    /// Plan of approach: SMART goals, actions, review date.
    Plan,
    /// Carrying out the plan: notebook moments linked to goals; free notes.
    Execution,
    Evaluation,
    /// Calling in the manager, pedagogue, care team or coach on the job.
    Escalation,
    /// External referral (CJG, youth care, BSO-plus, …).
    Referral,
    /// An expert's advice for a group (group flow).
    Advice,
    /// Closing or handover note.
    Closing,
    /// A step an organisation added that needs only notes.
    Notes,
}

impl FormKind {
    /// Steps that call in people outside the team: the engine wants the team's own plan first.
    pub const fn calls_in_expert(self) -> bool {
        matches!(self, FormKind::Escalation | FormKind::Referral)
    }
}

/// One step of a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub key: StepKey,
    pub name: Localized,
    #[serde(default)]
    pub purpose: Localized,
    #[serde(default)]
    pub checklist: Vec<Localized>,
    pub form: FormKind,
    /// Who takes part (shown on the step).
    #[serde(default)]
    pub involved: Vec<Role>,
    /// Who may take (start or record) the step; empty means anyone on the team.
    #[serde(default)]
    pub may_take: Vec<Role>,
    /// Consents that must be active before the step can be taken.
    #[serde(default)]
    pub consents: Vec<ConsentKind>,
    /// "Eerst eigen plan geëvalueerd": the step waits until the team ran and evaluated its own
    /// plan (unless the trajectory is urgent). `None` keeps the default of the step's form
    /// ([`FormKind::calls_in_expert`]); an organisation sets it either way per step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_plan_first: Option<bool>,
    /// A handover to the school in this step may happen without the parents' school-contact
    /// consent (Hellendoorn allows a handover talk without it). Off by default: a progress talk
    /// and, unless set, a handover need the consent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub handover_without_consent: bool,
}

impl Step {
    pub fn new(key: StepKey, name: Localized, form: FormKind) -> Self {
        Step {
            key,
            name,
            purpose: Localized::default(),
            checklist: Vec::new(),
            form,
            involved: Vec::new(),
            may_take: Vec::new(),
            consents: Vec::new(),
            own_plan_first: None,
            handover_without_consent: false,
        }
    }

    /// Whether this step waits for the team's own plan to be run and evaluated.
    pub fn needs_own_plan(&self) -> bool {
        self.own_plan_first
            .unwrap_or_else(|| self.form.calls_in_expert())
    }

    /// Whether someone with `roles` may take this step.
    pub fn allows(&self, roles: &[Role]) -> bool {
        self.may_take.is_empty() || roles.iter().any(|r| self.may_take.contains(r))
    }

    fn check(&self) -> Result<(), PlanError> {
        self.name.check("step name", true, MAX_STEP_NAME)?;
        self.purpose.check("purpose", false, MAX_PURPOSE)?;
        at_most("checklist", &self.checklist, MAX_CHECKLIST)?;
        for item in &self.checklist {
            item.check("checklist item", true, MAX_CHECK_ITEM)?;
        }
        unique("involved", &self.involved)?;
        unique("may_take", &self.may_take)?;
        unique("consents", &self.consents)
    }
}

/// Whether a template is for one child or for a group concern (noise, restlessness, transitions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Child,
    Group,
}

/// The rhythms of a plan. Evaluations every 2–4 months (the pilots' range); the child
/// discussion in the team meeting monthly by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rhythm {
    pub evaluation_months: u8,
    pub discussion_months: u8,
}

impl Rhythm {
    pub const EVALUATION_MONTHS: std::ops::RangeInclusive<u8> = 2..=4;
    pub const DISCUSSION_MONTHS: std::ops::RangeInclusive<u8> = 1..=3;

    fn check(&self) -> Result<(), PlanError> {
        for (field, value, range) in [
            (
                "evaluation_months",
                self.evaluation_months,
                Rhythm::EVALUATION_MONTHS,
            ),
            (
                "discussion_months",
                self.discussion_months,
                Rhythm::DISCUSSION_MONTHS,
            ),
        ] {
            if !range.contains(&value) {
                return Err(PlanError::OutOfRange {
                    field,
                    value: value.into(),
                    min: (*range.start()).into(),
                    max: (*range.end()).into(),
                });
            }
        }
        Ok(())
    }
}

impl Default for Rhythm {
    fn default() -> Self {
        Rhythm {
            evaluation_months: 3,
            discussion_months: 1,
        }
    }
}

/// What an organisation edits: everything of a template except its version bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateContent {
    pub name: String,
    pub scope: Scope,
    #[serde(default)]
    pub rhythm: Rhythm,
    pub steps: Vec<Step>,
    /// Who may mark a trajectory urgent (skipping the own-plan rule); empty means anyone on the
    /// team. Templates saved before this setting get the default.
    #[serde(default = "TemplateContent::default_urgent_roles")]
    pub urgent_roles: Vec<Role>,
}

impl TemplateContent {
    /// By default the people who carry the care structure decide urgency: pedagogue, manager and
    /// care coordinator, not a practitioner alone.
    pub fn default_urgent_roles() -> Vec<Role> {
        vec![Role::Manager, Role::Pedagogue, Role::CareCoordinator]
    }

    /// Whether someone with `roles` may mark a trajectory urgent.
    pub fn may_mark_urgent(&self, roles: &[Role]) -> bool {
        self.urgent_roles.is_empty() || roles.iter().any(|r| self.urgent_roles.contains(r))
    }

    /// All rules: at least one step, unique valid keys, texts within limits, rhythm in range,
    /// and no consents in a group flow (consent is given per child).
    pub fn check(&self) -> Result<(), PlanError> {
        text("name", &self.name, true, MAX_TEMPLATE_NAME)?;
        self.rhythm.check()?;
        unique("urgent_roles", &self.urgent_roles)?;
        if self.steps.is_empty() {
            return Err(PlanError::NoSteps);
        }
        if self.steps.len() > MAX_STEPS {
            return Err(PlanError::TooManySteps {
                count: self.steps.len(),
                max: MAX_STEPS,
            });
        }
        for (i, step) in self.steps.iter().enumerate() {
            if self.steps[..i].iter().any(|s| s.key == step.key) {
                return Err(PlanError::DuplicateStepKey(step.key.0.clone()));
            }
            step.check()?;
            if self.scope == Scope::Group {
                if let Some(kind) = step.consents.first() {
                    return Err(PlanError::ConsentInGroupFlow(*kind));
                }
            }
        }
        Ok(())
    }

    pub fn step(&self, key: &StepKey) -> Option<&Step> {
        self.steps.iter().find(|s| &s.key == key)
    }

    pub fn index_of(&self, key: &StepKey) -> Option<usize> {
        self.steps.iter().position(|s| &s.key == key)
    }

    /// The first step using `form`, if the organisation kept one.
    pub fn first_with(&self, form: FormKind) -> Option<&Step> {
        self.steps.iter().find(|s| s.form == form)
    }

    /// Runs an edit on a copy and keeps it only if the result is valid, so a failed edit
    /// leaves the content untouched.
    fn edit(
        &mut self,
        f: impl FnOnce(&mut TemplateContent) -> Result<(), PlanError>,
    ) -> Result<(), PlanError> {
        let mut copy = self.clone();
        f(&mut copy)?;
        copy.check()?;
        *self = copy;
        Ok(())
    }

    fn step_mut(&mut self, key: &StepKey) -> Result<&mut Step, PlanError> {
        self.steps
            .iter_mut()
            .find(|s| &s.key == key)
            .ok_or_else(|| PlanError::UnknownStep(key.0.clone()))
    }

    pub fn rename_step(&mut self, key: &StepKey, name: Localized) -> Result<(), PlanError> {
        self.edit(|c| {
            c.step_mut(key)?.name = name;
            Ok(())
        })
    }

    /// Moves a step to position `to` (0-based, in the order after removal).
    pub fn move_step(&mut self, key: &StepKey, to: usize) -> Result<(), PlanError> {
        self.edit(|c| {
            let from = c
                .index_of(key)
                .ok_or_else(|| PlanError::UnknownStep(key.0.clone()))?;
            if to >= c.steps.len() {
                return Err(PlanError::IndexOutOfRange {
                    index: to,
                    len: c.steps.len(),
                });
            }
            let step = c.steps.remove(from);
            c.steps.insert(to, step);
            Ok(())
        })
    }

    /// Inserts a step at position `at` (`at == len` appends).
    pub fn add_step(&mut self, at: usize, step: Step) -> Result<(), PlanError> {
        self.edit(|c| {
            if at > c.steps.len() {
                return Err(PlanError::IndexOutOfRange {
                    index: at,
                    len: c.steps.len() + 1,
                });
            }
            c.steps.insert(at, step);
            Ok(())
        })
    }

    /// Removes a step. The signal step cannot go: [`super::engine::start`] puts every new
    /// trajectory there, and a plan that silently starts somewhere else confuses the team.
    pub fn remove_step(&mut self, key: &StepKey) -> Result<(), PlanError> {
        self.edit(|c| {
            let i = c
                .index_of(key)
                .ok_or_else(|| PlanError::UnknownStep(key.0.clone()))?;
            let removed = c.steps.remove(i);
            if removed.form == FormKind::Signal && c.first_with(FormKind::Signal).is_none() {
                return Err(PlanError::StepNeeded(FormKind::Signal));
            }
            Ok(())
        })
    }

    /// Moves a step one place up (`up`) or down: what the editor's arrow buttons do.
    pub fn shift_step(&mut self, key: &StepKey, up: bool) -> Result<(), PlanError> {
        let i = self
            .index_of(key)
            .ok_or_else(|| PlanError::UnknownStep(key.0.clone()))?;
        let to = if up {
            i.checked_sub(1).ok_or(PlanError::IndexOutOfRange {
                index: 0,
                len: self.steps.len(),
            })?
        } else {
            i + 1
        };
        self.move_step(key, to)
    }

    /// A key no step uses yet, for a step the organisation adds (`stap-1`, `stap-2`, …): keys
    /// are internal, so people only ever type names.
    pub fn free_key(&self) -> StepKey {
        (1..)
            .map(|n| StepKey(format!("stap-{n}")))
            .find(|k| self.step(k).is_none())
            .unwrap_or_else(|| StepKey("stap".into()))
    }

    /// Replaces checklist item `index` of a step (an edit in place).
    pub fn set_check_item(
        &mut self,
        key: &StepKey,
        index: usize,
        item: Localized,
    ) -> Result<(), PlanError> {
        self.edit(|c| {
            let list = &mut c.step_mut(key)?.checklist;
            let len = list.len();
            let slot = list
                .get_mut(index)
                .ok_or(PlanError::IndexOutOfRange { index, len })?;
            *slot = item;
            Ok(())
        })
    }

    pub fn set_consents(
        &mut self,
        key: &StepKey,
        consents: Vec<ConsentKind>,
    ) -> Result<(), PlanError> {
        self.edit(|c| {
            c.step_mut(key)?.consents = consents;
            Ok(())
        })
    }

    pub fn set_may_take(&mut self, key: &StepKey, roles: Vec<Role>) -> Result<(), PlanError> {
        self.edit(|c| {
            c.step_mut(key)?.may_take = roles;
            Ok(())
        })
    }

    pub fn add_check_item(&mut self, key: &StepKey, item: Localized) -> Result<(), PlanError> {
        self.edit(|c| {
            c.step_mut(key)?.checklist.push(item);
            Ok(())
        })
    }

    pub fn remove_check_item(&mut self, key: &StepKey, index: usize) -> Result<(), PlanError> {
        self.edit(|c| {
            let list = &mut c.step_mut(key)?.checklist;
            if index >= list.len() {
                return Err(PlanError::IndexOutOfRange {
                    index,
                    len: list.len(),
                });
            }
            list.remove(index);
            Ok(())
        })
    }

    pub fn set_urgent_roles(&mut self, roles: Vec<Role>) -> Result<(), PlanError> {
        self.edit(|c| {
            c.urgent_roles = roles;
            Ok(())
        })
    }

    /// Replaces a step wholesale (purpose, form, roles …); the key must stay the same.
    pub fn replace_step(&mut self, step: Step) -> Result<(), PlanError> {
        self.edit(|c| {
            let key = step.key.clone();
            *c.step_mut(&key)? = step;
            Ok(())
        })
    }
}

/// What became of a device's unsaved edit (its draft) once other versions arrived, by sync or
/// import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftState {
    /// Started from the newest version, or already equal to it: saving makes the next version.
    Current,
    /// A newer version was saved after the edit began. `started_from` is the version the edit
    /// began on, when this device still has it.
    Outdated {
        started_from: Option<u32>,
        newest: u32,
    },
}

/// Where a draft that began on version `base` stands against `newest`, given the versions this
/// device has.
pub fn draft_state(
    base: Option<Id>,
    draft: &TemplateContent,
    newest: &Template,
    versions: &[Template],
) -> DraftState {
    if base == Some(newest.id) || *draft == newest.content {
        return DraftState::Current;
    }
    DraftState::Outdated {
        started_from: base
            .and_then(|b| versions.iter().find(|t| t.id == b))
            .map(|t| t.version),
        newest: newest.version,
    }
}

impl TemplateContent {
    /// This draft's own edits (what it changed against `base`, the version it began on) carried
    /// over onto `newest`, so continuing keeps both: steps the draft renamed, edited, added or
    /// removed are taken from the draft, every other step as the newest version has it. Where
    /// both changed the same step, the draft wins (it is what the person on this device sees).
    /// A reorder in the draft wins over the newest version's order; steps only the newest
    /// version has stay after the step they follow there. Without the base version on this
    /// device, pass `newest` as `base`: the whole draft then wins.
    pub fn rebase(
        &self,
        base: &TemplateContent,
        newest: &TemplateContent,
    ) -> Result<TemplateContent, PlanError> {
        let mut out = newest.clone();
        if self.name != base.name {
            out.name = self.name.clone();
        }
        if self.rhythm != base.rhythm {
            out.rhythm = self.rhythm;
        }
        out.steps
            .retain(|s| self.step(&s.key).is_some() || base.step(&s.key).is_none());
        // The draft's steps under the keys they end up with (a clash gets a fresh key).
        let mut keys: Vec<StepKey> = Vec::with_capacity(self.steps.len());
        for step in &self.steps {
            let before = base.step(&step.key);
            if before == Some(step) {
                keys.push(step.key.clone());
                continue;
            }
            let mut step = step.clone();
            if before.is_none() && out.step(&step.key).is_some() {
                // Both added a step under the same free key: two different steps.
                step.key = out.free_key();
            }
            match out.index_of(&step.key) {
                Some(i) => out.steps[i] = step.clone(),
                None => {
                    let at = keys
                        .iter()
                        .rev()
                        .find_map(|k| out.index_of(k))
                        .map_or(0, |i| i + 1);
                    out.steps.insert(at, step.clone());
                }
            }
            keys.push(step.key);
        }
        let shared = |a: &TemplateContent, b: &TemplateContent| -> Vec<StepKey> {
            a.steps
                .iter()
                .filter(|s| b.step(&s.key).is_some())
                .map(|s| s.key.clone())
                .collect()
        };
        if shared(self, base) != shared(base, self) {
            let mut ordered: Vec<Step> = keys.iter().filter_map(|k| out.step(k).cloned()).collect();
            for (i, s) in out.steps.iter().enumerate() {
                if keys.contains(&s.key) {
                    continue;
                }
                let at = out.steps[..i]
                    .iter()
                    .rev()
                    .find_map(|p| ordered.iter().position(|o| o.key == p.key))
                    .map_or(0, |p| p + 1);
                ordered.insert(at, s.clone());
            }
            out.steps = ordered;
        }
        out.check()?;
        Ok(out)
    }
}

const LINEAGE: &str = "l";
const VERSION: &str = "v";
const PREVIOUS: &str = "p";
const NAME: &str = "n";
const SCOPE: &str = "sc";
const RHYTHM: &str = "r";
const STEPS: &str = "s";
const URGENT_ROLES: &str = "ur";

/// One immutable version of a template (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// This version's record id (what a trajectory refers to).
    pub id: Id,
    /// Shared by all versions of one template: the id of its first version.
    pub lineage: Id,
    /// 1 for the first version, +1 per edit.
    pub version: u32,
    /// The version this one was edited from.
    pub previous: Option<Id>,
    pub content: TemplateContent,
}

impl Template {
    /// The first version of a new template (also used for an imported file).
    pub fn first(id: Id, content: TemplateContent) -> Result<Template, PlanError> {
        content.check()?;
        Ok(Template {
            id,
            lineage: id,
            version: 1,
            previous: None,
            content,
        })
    }

    /// A new version with edited `content`; `self` is left as it is for running trajectories.
    pub fn revise(&self, new_id: Id, content: TemplateContent) -> Result<Template, PlanError> {
        content.check()?;
        Ok(Template {
            id: new_id,
            lineage: self.lineage,
            version: self.version.saturating_add(1),
            previous: Some(self.id),
            content,
        })
    }

    pub fn step(&self, key: &StepKey) -> Option<&Step> {
        self.content.step(key)
    }

    pub fn steps(&self) -> &[Step] {
        &self.content.steps
    }
}

/// The newest version of `lineage`: the highest version number; concurrent edits that produced
/// the same number are ordered by id so every device picks the same one.
pub fn latest<'a>(
    versions: impl IntoIterator<Item = &'a Template>,
    lineage: Id,
) -> Option<&'a Template> {
    versions
        .into_iter()
        .filter(|t| t.lineage == lineage)
        .max_by_key(|t| (t.version, t.id))
}

/// The newest version of every template, for the template picker.
pub fn current<'a>(versions: impl IntoIterator<Item = &'a Template> + Clone) -> Vec<&'a Template> {
    let mut lineages: Vec<Id> = versions.clone().into_iter().map(|t| t.lineage).collect();
    lineages.sort();
    lineages.dedup();
    lineages
        .into_iter()
        .filter_map(|l| latest(versions.clone(), l))
        .collect()
}

impl View for Template {
    const KIND: Kind = Kind::Template;
    const FIELDS: &'static [&'static str] = &[
        LINEAGE,
        VERSION,
        PREVIOUS,
        NAME,
        SCOPE,
        RHYTHM,
        STEPS,
        URGENT_ROLES,
    ];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.content.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .id(LINEAGE, Some(self.lineage))
            .json(VERSION, Some(&self.version))
            .id(PREVIOUS, self.previous)
            .text(NAME, &self.content.name)
            .json(SCOPE, Some(&self.content.scope))
            .json(RHYTHM, Some(&self.content.rhythm))
            .json(STEPS, Some(&self.content.steps))
            .json(URGENT_ROLES, Some(&self.content.urgent_roles))
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::Template)?;
        let f = Fields(record);
        let content = TemplateContent {
            name: f.required_str(NAME)?,
            scope: f.required_json(SCOPE)?,
            rhythm: f.json(RHYTHM)?.unwrap_or_default(),
            steps: f.required_json(STEPS)?,
            urgent_roles: f
                .json(URGENT_ROLES)?
                .unwrap_or_else(TemplateContent::default_urgent_roles),
        };
        // Stored templates were valid when written; re-checking catches corrupt or forged data
        // (duplicate keys would make step lookups ambiguous).
        content.check().map_err(|e| DecodeError::Invalid {
            field: STEPS,
            reason: e.to_string(),
        })?;
        Ok(Template {
            id: record.id(),
            lineage: f.required_id(LINEAGE)?,
            version: f.required_json(VERSION)?,
            previous: f.opt_id(PREVIOUS)?,
            content,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::defaults;
    use super::*;
    use crate::record::tests::h;
    use crate::view::{assert_field_codes_valid, create};

    fn key(s: &str) -> StepKey {
        StepKey::new(s).unwrap()
    }

    #[test]
    fn default_plans_are_valid_and_roundtrip() {
        assert_field_codes_valid(Template::FIELDS);
        for content in [defaults::child_plan(), defaults::group_flow()] {
            content.check().unwrap();
            let t = Template::first(Id::from_random([1; 16]), content).unwrap();
            let r = create(&t, "AB", h(1, 1)).unwrap();
            assert_eq!(Template::from_record(&r).unwrap(), t);
        }
    }

    #[test]
    fn editing_creates_a_new_version_and_keeps_the_old_one() {
        let v1 = Template::first(Id::from_random([1; 16]), defaults::child_plan()).unwrap();
        let mut content = v1.content.clone();
        content
            .rename_step(&key("kindgesprek"), Localized::new("Gesprek met kind", ""))
            .unwrap();
        content.remove_step(&key("schoolcontact")).unwrap();
        let v2 = v1.revise(Id::from_random([2; 16]), content).unwrap();
        assert_eq!(
            (v2.version, v2.lineage, v2.previous),
            (2, v1.id, Some(v1.id))
        );
        assert_eq!(v1.steps().len(), 13);
        assert_eq!(v2.steps().len(), 12);
        assert_eq!(
            v2.step(&key("kindgesprek")).unwrap().name.get("en"),
            "Gesprek met kind",
            "falls back to Dutch when English is blank"
        );
        let other = Template::first(Id::from_random([3; 16]), defaults::group_flow()).unwrap();
        let all = [v2.clone(), v1.clone(), other.clone()];
        assert_eq!(latest(&all, v1.lineage), Some(&v2));
        assert_eq!(current(&all).len(), 2);
        // Concurrent edits of v1 on two devices: both are version 2; the larger id wins everywhere.
        let v2b = v1
            .revise(Id::from_random([9; 16]), v1.content.clone())
            .unwrap();
        let winner = if v2b.id > v2.id { &v2b } else { &v2 };
        assert_eq!(latest(&[v2.clone(), v2b.clone()], v1.lineage), Some(winner));
        assert_eq!(latest(&[v2b.clone(), v2.clone()], v1.lineage), Some(winner));
    }

    #[test]
    fn edits_reorder_add_and_reject_bad_results() {
        let mut c = defaults::child_plan();
        c.move_step(&key("schoolcontact"), 2).unwrap();
        assert_eq!(c.steps[2].key, key("schoolcontact"));
        let extra = Step::new(
            key("huisbezoek"),
            Localized::new("Huisbezoek", "Home visit"),
            FormKind::Notes,
        );
        c.add_step(c.steps.len(), extra.clone()).unwrap();
        assert_eq!(
            c.add_step(0, extra),
            Err(PlanError::DuplicateStepKey("huisbezoek".into()))
        );
        c.add_check_item(&key("huisbezoek"), Localized::new("Afspraak maken", ""))
            .unwrap();
        assert_eq!(c.step(&key("huisbezoek")).unwrap().checklist.len(), 1);
        c.remove_check_item(&key("huisbezoek"), 0).unwrap();
        assert!(matches!(
            c.remove_check_item(&key("huisbezoek"), 0),
            Err(PlanError::IndexOutOfRange { .. })
        ));
        c.set_consents(&key("observatie"), vec![ConsentKind::Video])
            .unwrap();
        assert_eq!(
            c.set_consents(&key("nope"), vec![]),
            Err(PlanError::UnknownStep("nope".into()))
        );
        let before = c.clone();
        assert!(matches!(
            c.rename_step(&key("signaal"), Localized::default()),
            Err(PlanError::Text(_))
        ));
        assert_eq!(c, before, "a failed edit changes nothing");
        let mut g = defaults::group_flow();
        assert_eq!(
            g.set_consents(&key("observatie"), vec![ConsentKind::Video]),
            Err(PlanError::ConsentInGroupFlow(ConsentKind::Video))
        );
        g.rhythm.evaluation_months = 6;
        assert!(matches!(g.check(), Err(PlanError::OutOfRange { .. })));
        let mut one = defaults::group_flow();
        one.steps.truncate(1);
        let only = one.steps[0].key.clone();
        assert_eq!(one.remove_step(&only), Err(PlanError::NoSteps));
    }

    #[test]
    fn editor_helpers_shift_add_keys_edit_items_and_keep_the_signal_step() {
        let mut c = defaults::child_plan();
        let first = c.steps[0].key.clone();
        let second = c.steps[1].key.clone();
        assert!(matches!(
            c.shift_step(&first, true),
            Err(PlanError::IndexOutOfRange { .. })
        ));
        c.shift_step(&first, false).unwrap();
        assert_eq!((&c.steps[0].key, &c.steps[1].key), (&second, &first));
        c.shift_step(&first, true).unwrap();
        assert_eq!(c.steps[0].key, first);
        let last = c.steps[c.steps.len() - 1].key.clone();
        assert!(
            c.shift_step(&last, false).is_err(),
            "the last step cannot go down"
        );

        let k1 = c.free_key();
        assert_eq!(k1.as_str(), "stap-1");
        c.add_step(
            c.steps.len(),
            Step::new(k1.clone(), Localized::new("Extra", ""), FormKind::Notes),
        )
        .unwrap();
        assert_eq!(c.free_key().as_str(), "stap-2");

        c.add_check_item(&k1, Localized::new("Bellen", "")).unwrap();
        c.set_check_item(&k1, 0, Localized::new("Mailen", ""))
            .unwrap();
        assert_eq!(c.step(&k1).unwrap().checklist[0].nl, "Mailen");
        assert!(c.set_check_item(&k1, 0, Localized::default()).is_err());
        assert!(matches!(
            c.set_check_item(&k1, 5, Localized::new("x", "")),
            Err(PlanError::IndexOutOfRange { .. })
        ));

        assert_eq!(
            c.remove_step(&key("signaal")),
            Err(PlanError::StepNeeded(FormKind::Signal))
        );
        c.remove_step(&k1).unwrap();
    }

    #[test]
    fn step_keys_and_roles() {
        assert!(StepKey::new("plan-2").is_ok());
        for bad in ["", "Plan", "plan van aanpak", &"x".repeat(25)] {
            assert!(StepKey::new(bad).is_err(), "{bad}");
        }
        let c = defaults::child_plan();
        let extern_step = c.first_with(FormKind::Referral).unwrap();
        assert!(extern_step.allows(&[Role::Manager]));
        assert!(!extern_step.allows(&[Role::Practitioner]));
        assert!(c.first_with(FormKind::Signal).unwrap().allows(&[]));
    }

    fn names(c: &TemplateContent) -> Vec<String> {
        c.steps.iter().map(|s| s.name.nl.clone()).collect()
    }

    fn renamed(c: &TemplateContent, k: &str, name: &str) -> TemplateContent {
        let mut c = c.clone();
        c.rename_step(&key(k), Localized::new(name, "")).unwrap();
        c
    }

    #[test]
    fn a_draft_knows_when_a_newer_version_arrived() {
        let v1 = Template::first(Id::from_random([1; 16]), defaults::child_plan()).unwrap();
        let draft = renamed(&v1.content, "signaal", "Zorg");
        assert_eq!(
            draft_state(Some(v1.id), &draft, &v1, &[v1.clone()]),
            DraftState::Current
        );
        let v2 = v1
            .revise(
                Id::from_random([2; 16]),
                renamed(&v1.content, "observatie", "Kijken"),
            )
            .unwrap();
        let all = [v1.clone(), v2.clone()];
        assert_eq!(
            draft_state(Some(v1.id), &draft, &v2, &all),
            DraftState::Outdated {
                started_from: Some(1),
                newest: 2
            }
        );
        assert_eq!(
            draft_state(Some(Id::from_random([9; 16])), &draft, &v2, &all),
            DraftState::Outdated {
                started_from: None,
                newest: 2
            }
        );
        // A draft that already equals the newest version has nothing to lose.
        assert_eq!(
            draft_state(Some(v1.id), &v2.content, &v2, &all),
            DraftState::Current
        );
    }

    #[test]
    fn rebase_keeps_the_drafts_edits_and_the_newer_versions_edits() {
        let base = defaults::child_plan();
        // The draft: renames the signal step, removes "kindgesprek", adds a step after "signaal".
        let mut draft = renamed(&base, "signaal", "Zorg melden");
        draft.remove_step(&key("kindgesprek")).unwrap();
        let added = Step::new(
            draft.free_key(),
            Localized::new("Huisbezoek", ""),
            FormKind::Notes,
        );
        draft.add_step(2, added).unwrap();
        draft.rhythm.evaluation_months = 2;
        // Meanwhile another device renamed "observatie", added its own "stap-1" at the end and
        // renamed the template.
        let mut newest = renamed(&base, "observatie", "Kijken in de groep");
        let theirs = Step::new(
            newest.free_key(),
            Localized::new("Nazorg", ""),
            FormKind::Notes,
        );
        newest.add_step(newest.steps.len(), theirs).unwrap();
        newest.name = "Ons stappenplan".into();

        let out = draft.rebase(&base, &newest).unwrap();
        let n = names(&out);
        assert_eq!(&n[1..4], ["Zorg melden", "Huisbezoek", "Teambespreking"]);
        assert!(n.contains(&"Kijken in de groep".to_owned()));
        assert!(!n.contains(&"Kindgesprek".to_owned()));
        assert_eq!(n.last().unwrap(), "Nazorg");
        assert_eq!(
            (out.name.as_str(), out.rhythm.evaluation_months),
            ("Ons stappenplan", 2)
        );
        // Both added "stap-1": the draft's got a fresh key, the other device's kept its own.
        assert_eq!(out.step(&key("stap-1")).unwrap().name.nl, "Nazorg");
        assert_eq!(out.step(&key("stap-2")).unwrap().name.nl, "Huisbezoek");

        // The same step changed on both sides: the draft's edit wins.
        let mine = renamed(&base, "observatie", "Observeren (video)");
        let out = mine.rebase(&base, &newest).unwrap();
        assert_eq!(
            out.step(&key("observatie")).unwrap().name.nl,
            "Observeren (video)"
        );
        // Without the base on this device the whole draft wins.
        assert_eq!(draft.rebase(&newest, &newest).unwrap(), draft);
    }

    #[test]
    fn rebase_keeps_the_drafts_order_and_places_the_newer_versions_steps() {
        let base = defaults::child_plan();
        let mut draft = base.clone();
        draft.move_step(&key("schoolcontact"), 3).unwrap();
        let mut newest = base.clone();
        let theirs = Step::new(
            newest.free_key(),
            Localized::new("Nazorg", ""),
            FormKind::Notes,
        );
        let after_observation = newest.index_of(&key("observatie")).unwrap() + 1;
        newest.add_step(after_observation, theirs).unwrap();
        let out = draft.rebase(&base, &newest).unwrap();
        let keys: Vec<&str> = out.steps.iter().map(|s| s.key.as_str()).collect();
        let at = |k: &str| keys.iter().position(|x| *x == k).unwrap();
        assert_eq!(at("schoolcontact"), 3, "the draft's reorder wins");
        assert_eq!(
            at("stap-1"),
            at("observatie") + 1,
            "their step stays after observation"
        );
        // Without a reorder in the draft, the newest version's order stands.
        let mut reordered = base.clone();
        reordered.move_step(&key("plan"), 2).unwrap();
        let out = renamed(&base, "signaal", "Zorg")
            .rebase(&base, &reordered)
            .unwrap();
        assert_eq!(out.steps[2].key.as_str(), "plan");
        assert_eq!(out.steps[1].name.nl, "Zorg");
    }
}
