//! The typed form of each step, stored as one JSON value in a step entry.
//!
//! Forms are filled in and saved as a whole (on a tablet, after a talk), so last-writer-wins on
//! the whole form is the right merge granularity. Optional fields carry `#[serde(default)]` so a
//! form saved by an older app version still reads.
//!
//! Texts here are team-internal. What parents see is a separate, curated summary: these forms may
//! hold problem words; the parent summary must not.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::consent::ConsentKind;
use super::template::FormKind;
use super::{at_most, text, unique, PlanError};
use crate::id::Id;

pub const MAX_FORM_TEXT: usize = 4000;
pub const MAX_SHORT: usize = 120;
pub const MAX_LIST: usize = 30;

/// Do the parents recognise the signal?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recognition {
    Yes,
    Partly,
    No,
}

/// Answer to the evaluation's fixed question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YesNoDoubt {
    Yes,
    No,
    Doubt,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignalForm {
    /// What worries us, in observable terms.
    #[serde(default)]
    pub concern: String,
    /// Earlier similar moments found when looking back in the notebook.
    #[serde(default)]
    pub similar_moments: Vec<Id>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamDecision {
    Continue,
    Stop,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamDiscussionForm {
    #[serde(default)]
    pub participants: Vec<String>,
    #[serde(default)]
    pub notes: String,
    pub decision: TeamDecision,
}

/// The eye-form ("oogformulier") questions the child answers, in Dutch and English. The child
/// fills it in or answers in conversation; its own words matter most.
pub const EYE_FORM_QUESTIONS: [(&str, &str); 5] = [
    (
        "Wat vind je leuk op de BSO?",
        "What do you like at the BSO?",
    ),
    (
        "Wat vind je moeilijk of niet leuk?",
        "What is hard or not nice?",
    ),
    ("Met wie speel je graag?", "Who do you like to play with?"),
    (
        "Wat zou je willen veranderen?",
        "What would you like to change?",
    ),
    (
        "Wat kunnen wij doen om je te helpen?",
        "What can we do to help you?",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EyeAnswer {
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildConversationForm {
    /// The child's own view, in its own words.
    #[serde(default)]
    pub child_view: String,
    #[serde(default)]
    pub answers: Vec<EyeAnswer>,
    /// What was agreed with the child (the child is told).
    #[serde(default)]
    pub agreed: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentConversationForm {
    /// Who took part ("moeder, mentor, locatiemanager").
    #[serde(default)]
    pub participants: Vec<String>,
    pub recognises: Recognition,
    /// Does it happen at home too? `None`: not discussed.
    #[serde(default)]
    pub at_home: Option<bool>,
    /// Consents given in this talk; the app also records each in the register.
    #[serde(default)]
    pub consents_given: Vec<ConsentKind>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObservationSubject {
    Individual,
    Group,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObservationMode {
    Live,
    /// Video interaction guidance.
    Video,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservationForm {
    pub subject: ObservationSubject,
    /// Who asked for the observation, and the specific question.
    pub asked_by: String,
    pub question: String,
    #[serde(default)]
    pub observer: String,
    /// An outside expert (youth nurse, youth-care worker) rather than the team itself.
    #[serde(default)]
    pub outside_expert: bool,
    pub mode: ObservationMode,
    /// The consents this observation relies on (must cover [`ObservationForm::required_consents`]).
    #[serde(default)]
    pub consents: Vec<ConsentKind>,
    #[serde(default)]
    pub findings: String,
    /// Pre-talk and after-talks with parents are counted (one municipality allows up to five).
    #[serde(default)]
    pub follow_up_talks: u8,
}

impl ObservationForm {
    /// An outside expert observing one child needs the parents' consent beforehand; filming a
    /// child needs video consent. A team observing its own group needs nothing.
    pub fn required_consents(&self) -> Vec<ConsentKind> {
        let mut out = Vec::new();
        if self.subject == ObservationSubject::Individual {
            if self.outside_expert {
                out.push(ConsentKind::ExpertObservation);
            }
            if self.mode == ObservationMode::Video {
                out.push(ConsentKind::Video);
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolContactKind {
    /// Warm handover (overdracht): information passes to the school.
    Handover,
    /// Progress talk: aligning one shared approach at BSO, home and school.
    Progress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolContactForm {
    pub kind: SchoolContactKind,
    #[serde(default)]
    pub school: String,
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub notes: String,
}

/// One action of a plan: exactly one named owner and a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    pub what: String,
    pub owner: String,
    pub due: NaiveDate,
    /// The goal it serves (none for a group's advice actions).
    #[serde(default)]
    pub goal: Option<Id>,
    #[serde(default)]
    pub done_on: Option<NaiveDate>,
}

/// The plan of approach. Goals are their own records ([`super::trajectory::Goal`]) so notebook
/// moments can link to them; the plan lists which goals it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    pub goals: Vec<Id>,
    #[serde(default)]
    pub actions: Vec<Action>,
    /// When the plan is evaluated.
    pub review_date: NaiveDate,
    /// Parents got a copy (printed or shared).
    #[serde(default)]
    pub parents_copy: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationDecision {
    Continue,
    Adjust,
    Close,
    Escalate,
}

/// The fixed evaluation question, in Dutch and English.
pub const PLACEMENT_QUESTION: (&str, &str) = (
    "Is een reguliere plaatsing in het belang van dit kind en van de groep?",
    "Is a regular placement in the interest of this child and the group?",
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationForm {
    #[serde(default)]
    pub participants: Vec<String>,
    pub decision: EvaluationDecision,
    /// The answer to [`PLACEMENT_QUESTION`]: always asked about a child (the engine refuses a
    /// child's evaluation without it); a group concern has no placement, so `None`.
    #[serde(default)]
    pub regular_placement: Option<YesNoDoubt>,
    #[serde(default)]
    pub notes: String,
    /// Next evaluation if agreed; otherwise the template's rhythm sets it.
    #[serde(default)]
    pub next_evaluation: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationTarget {
    Manager,
    Pedagogue,
    CareTeam,
    CoachOnTheJob,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationForm {
    pub to: EscalationTarget,
    #[serde(default)]
    pub person: String,
    /// Why the team calls someone in.
    #[serde(default)]
    pub reason: String,
    /// The next step agreed with whoever was called in: like a plan action, one owner and a
    /// date, so it shows in the "due" overview and nobody has to ask who picks it up.
    #[serde(default)]
    pub next_step: Option<Action>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralKind {
    Cjg,
    YouthCare,
    BsoPlus,
    Audiology,
    SpeechTherapist,
    Physiotherapist,
    PlayTherapist,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralForm {
    pub to: ReferralKind,
    /// The organisation's name; required for [`ReferralKind::Other`].
    #[serde(default)]
    pub organisation: String,
    /// Who made the referral (may be the parents or the youth nurse).
    #[serde(default)]
    pub referred_by: String,
    /// What was handed over (the plan, the evaluation, observations …).
    #[serde(default)]
    pub handed_over: String,
    /// The parents know of the referral and agree with it. Sharing information needs the
    /// [`ConsentKind::Referral`] consent in the register on top of this.
    #[serde(default)]
    pub parents_agree: bool,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdviceForm {
    /// The coach or expert who gave the advice.
    #[serde(default)]
    pub advisor: String,
    /// The advice, one point per item ("start the afternoon with outdoor play").
    #[serde(default)]
    pub points: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosingOutcome {
    Closed,
    /// Handed over to the next group or the school.
    HandedOver,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosingForm {
    pub outcome: ClosingOutcome,
    #[serde(default)]
    pub handed_to: String,
    #[serde(default)]
    pub note: String,
}

/// The form data of one step entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum FormData {
    Signal(SignalForm),
    TeamDiscussion(TeamDiscussionForm),
    ChildConversation(ChildConversationForm),
    ParentConversation(ParentConversationForm),
    Observation(ObservationForm),
    SchoolContact(SchoolContactForm),
    Plan(PlanForm),
    Evaluation(EvaluationForm),
    Escalation(EscalationForm),
    Referral(ReferralForm),
    Advice(AdviceForm),
    Closing(ClosingForm),
}

impl FormData {
    pub fn kind(&self) -> FormKind {
        match self {
            FormData::Signal(_) => FormKind::Signal,
            FormData::TeamDiscussion(_) => FormKind::TeamDiscussion,
            FormData::ChildConversation(_) => FormKind::ChildConversation,
            FormData::ParentConversation(_) => FormKind::ParentConversation,
            FormData::Observation(_) => FormKind::Observation,
            FormData::SchoolContact(_) => FormKind::SchoolContact,
            FormData::Plan(_) => FormKind::Plan,
            FormData::Evaluation(_) => FormKind::Evaluation,
            FormData::Escalation(_) => FormKind::Escalation,
            FormData::Referral(_) => FormKind::Referral,
            FormData::Advice(_) => FormKind::Advice,
            FormData::Closing(_) => FormKind::Closing,
        }
    }

    /// The actions a form assigns (a plan's actions, an escalation's agreed next step), each
    /// with one owner and a date.
    pub fn actions(&self) -> &[Action] {
        match self {
            FormData::Plan(f) => &f.actions,
            FormData::Escalation(f) => f.next_step.as_slice(),
            _ => &[],
        }
    }

    fn actions_mut(&mut self) -> &mut [Action] {
        match self {
            FormData::Plan(f) => &mut f.actions,
            FormData::Escalation(f) => f.next_step.as_mut_slice(),
            _ => &mut [],
        }
    }

    /// Marks action `index` done on `on` (`None`: not done after all).
    pub fn set_action_done(
        &mut self,
        index: usize,
        on: Option<NaiveDate>,
    ) -> Result<(), PlanError> {
        let list = self.actions_mut();
        let len = list.len();
        let action = list
            .get_mut(index)
            .ok_or(PlanError::IndexOutOfRange { index, len })?;
        action.done_on = on;
        Ok(())
    }

    /// Consents that depend on how the step is done (on top of the template step's own).
    pub fn required_consents(&self) -> Vec<ConsentKind> {
        match self {
            FormData::Observation(o) => o.required_consents(),
            FormData::Escalation(e) if e.to == EscalationTarget::CoachOnTheJob => {
                vec![ConsentKind::Coach]
            }
            FormData::SchoolContact(_) => vec![ConsentKind::SchoolContact],
            FormData::Referral(_) => vec![ConsentKind::Referral],
            _ => Vec::new(),
        }
    }

    /// The form's own rules (texts, lists, one owner per action).
    pub fn check(&self) -> Result<(), PlanError> {
        let names = |list: &'static str, items: &[String]| -> Result<(), PlanError> {
            at_most(list, items, MAX_LIST)?;
            items
                .iter()
                .try_for_each(|p| text(list, p, true, MAX_SHORT))
        };
        match self {
            FormData::Signal(f) => {
                text("concern", &f.concern, false, MAX_FORM_TEXT)?;
                at_most("similar_moments", &f.similar_moments, 100)?;
                unique("similar_moments", &f.similar_moments)
            }
            FormData::TeamDiscussion(f) => {
                names("participants", &f.participants)?;
                text("notes", &f.notes, false, MAX_FORM_TEXT)
            }
            FormData::ChildConversation(f) => {
                text("child_view", &f.child_view, false, MAX_FORM_TEXT)?;
                text("agreed", &f.agreed, false, MAX_FORM_TEXT)?;
                at_most("answers", &f.answers, MAX_LIST)?;
                f.answers.iter().try_for_each(|a| {
                    text("question", &a.question, true, MAX_SHORT * 2)?;
                    text("answer", &a.answer, false, MAX_FORM_TEXT)
                })
            }
            FormData::ParentConversation(f) => {
                names("participants", &f.participants)?;
                unique("consents_given", &f.consents_given)?;
                text("notes", &f.notes, false, MAX_FORM_TEXT)
            }
            FormData::Observation(f) => {
                text("asked_by", &f.asked_by, true, MAX_SHORT)?;
                text("question", &f.question, true, MAX_FORM_TEXT)?;
                text("observer", &f.observer, false, MAX_SHORT)?;
                text("findings", &f.findings, false, MAX_FORM_TEXT)?;
                unique("consents", &f.consents)?;
                match f
                    .required_consents()
                    .into_iter()
                    .find(|k| !f.consents.contains(k))
                {
                    Some(k) => Err(PlanError::ConsentMissing("observation", k)),
                    None => Ok(()),
                }
            }
            FormData::SchoolContact(f) => {
                text("school", &f.school, false, MAX_SHORT)?;
                text("contact_person", &f.contact_person, false, MAX_SHORT)?;
                text("notes", &f.notes, false, MAX_FORM_TEXT)
            }
            FormData::Plan(f) => {
                if f.goals.is_empty() && f.actions.is_empty() {
                    return Err(PlanError::EmptyPlan);
                }
                unique("goals", &f.goals)?;
                at_most("goals", &f.goals, MAX_LIST)?;
                at_most("actions", &f.actions, MAX_LIST)?;
                f.actions.iter().try_for_each(check_action)
            }
            FormData::Evaluation(f) => {
                names("participants", &f.participants)?;
                text("notes", &f.notes, false, MAX_FORM_TEXT)
            }
            FormData::Escalation(f) => {
                text("person", &f.person, false, MAX_SHORT)?;
                text("reason", &f.reason, true, MAX_FORM_TEXT)?;
                check_action(f.next_step.as_ref().ok_or(PlanError::NextStepMissing)?)
            }
            FormData::Referral(f) => {
                let required = f.to == ReferralKind::Other;
                text("organisation", &f.organisation, required, MAX_SHORT)?;
                text("referred_by", &f.referred_by, false, MAX_SHORT)?;
                text("handed_over", &f.handed_over, false, MAX_FORM_TEXT)?;
                text("notes", &f.notes, false, MAX_FORM_TEXT)?;
                if f.parents_agree {
                    Ok(())
                } else {
                    Err(PlanError::ParentsDisagree)
                }
            }
            FormData::Advice(f) => {
                text("advisor", &f.advisor, false, MAX_SHORT)?;
                at_most("points", &f.points, MAX_LIST)?;
                f.points
                    .iter()
                    .try_for_each(|p| text("advice", p, true, MAX_FORM_TEXT))
            }
            FormData::Closing(f) => {
                let required = f.outcome == ClosingOutcome::HandedOver;
                text("handed_to", &f.handed_to, required, MAX_SHORT)?;
                text("note", &f.note, false, MAX_FORM_TEXT)
            }
        }
    }
}

/// One action: what, and exactly one named owner.
fn check_action(a: &Action) -> Result<(), PlanError> {
    text("action", &a.what, true, MAX_FORM_TEXT)?;
    text("owner", &a.owner, true, MAX_SHORT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::ValidationError;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn observation() -> ObservationForm {
        ObservationForm {
            subject: ObservationSubject::Individual,
            asked_by: "mentor".into(),
            question: "Wanneer loopt het mis bij de overgang naar buiten?".into(),
            observer: "jeugdverpleegkundige".into(),
            outside_expert: true,
            mode: ObservationMode::Video,
            consents: vec![],
            findings: String::new(),
            follow_up_talks: 0,
        }
    }

    #[test]
    fn observation_consents_depend_on_who_and_how() {
        let mut o = observation();
        assert_eq!(
            o.required_consents(),
            vec![ConsentKind::ExpertObservation, ConsentKind::Video]
        );
        assert_eq!(
            FormData::Observation(o.clone()).check(),
            Err(PlanError::ConsentMissing(
                "observation",
                ConsentKind::ExpertObservation
            ))
        );
        o.consents = vec![ConsentKind::ExpertObservation, ConsentKind::Video];
        assert_eq!(FormData::Observation(o.clone()).check(), Ok(()));
        o.subject = ObservationSubject::Group;
        assert!(o.required_consents().is_empty());
        let own = ObservationForm {
            outside_expert: false,
            mode: ObservationMode::Live,
            ..observation()
        };
        assert!(own.required_consents().is_empty());
    }

    #[test]
    fn plan_rules() {
        let empty = PlanForm {
            goals: vec![],
            actions: vec![],
            review_date: d(6, 1),
            parents_copy: false,
        };
        assert_eq!(
            FormData::Plan(empty.clone()).check(),
            Err(PlanError::EmptyPlan)
        );
        let no_owner = PlanForm {
            actions: vec![Action {
                what: "Buiten beginnen".into(),
                owner: " ".into(),
                due: d(4, 1),
                goal: None,
                done_on: None,
            }],
            ..empty
        };
        assert!(matches!(
            FormData::Plan(no_owner.clone()).check(),
            Err(PlanError::Text(e)) if *e == ValidationError::Empty { field: "owner" }
        ));
        let mut plan = FormData::Plan(no_owner);
        plan.set_action_done(0, Some(d(3, 20))).unwrap();
        assert_eq!(plan.actions()[0].done_on, Some(d(3, 20)));
        assert_eq!(
            plan.set_action_done(1, Some(d(3, 20))),
            Err(PlanError::IndexOutOfRange { index: 1, len: 1 })
        );
    }

    #[test]
    fn json_shape_is_tagged_and_lenient() {
        let f = FormData::Evaluation(EvaluationForm {
            participants: vec!["AB".into()],
            decision: EvaluationDecision::Adjust,
            regular_placement: Some(YesNoDoubt::Doubt),
            notes: String::new(),
            next_evaluation: None,
        });
        let v = serde_json::to_value(&f).unwrap();
        assert_eq!(v["form"], "evaluation");
        assert_eq!(v["regular_placement"], "doubt");
        assert_eq!(serde_json::from_value::<FormData>(v).unwrap(), f);
        // Older/minimal data: optional fields default.
        let minimal: FormData =
            serde_json::from_str(r#"{"form":"team_discussion","decision":"stop"}"#).unwrap();
        assert_eq!(minimal.kind(), FormKind::TeamDiscussion);
        assert!(serde_json::from_str::<FormData>(r#"{"form":"evaluation"}"#).is_err());
        // A group's evaluation has no placement question.
        let group: FormData =
            serde_json::from_str(r#"{"form":"evaluation","decision":"close"}"#).unwrap();
        assert!(matches!(
            group,
            FormData::Evaluation(EvaluationForm {
                regular_placement: None,
                ..
            })
        ));
        let referral = FormData::Referral(ReferralForm {
            to: ReferralKind::Other,
            organisation: String::new(),
            referred_by: String::new(),
            handed_over: String::new(),
            parents_agree: true,
            notes: String::new(),
        });
        assert!(referral.check().is_err());
        assert_eq!(referral.required_consents(), vec![ConsentKind::Referral]);
        let coach = FormData::Escalation(EscalationForm {
            to: EscalationTarget::CoachOnTheJob,
            person: String::new(),
            reason: "Vastgelopen".into(),
            next_step: None,
        });
        assert_eq!(coach.required_consents(), vec![ConsentKind::Coach]);
        // A referral or escalation stored before these fields existed still reads.
        let old: FormData = serde_json::from_str(r#"{"form":"referral","to":"cjg"}"#).unwrap();
        assert!(matches!(
            old,
            FormData::Referral(ReferralForm {
                parents_agree: false,
                ..
            })
        ));
        let old: FormData =
            serde_json::from_str(r#"{"form":"escalation","to":"manager"}"#).unwrap();
        assert_eq!(old.actions(), &[]);
    }

    fn next_step(owner: &str) -> Action {
        Action {
            what: "Zorgteam bespreekt Sem op 12 maart".into(),
            owner: owner.into(),
            due: d(3, 12),
            goal: None,
            done_on: None,
        }
    }

    #[test]
    fn escalation_needs_why_and_an_agreed_next_step_with_owner() {
        let mut f = EscalationForm {
            to: EscalationTarget::CareTeam,
            person: "Karin (zorgcoördinator)".into(),
            reason: String::new(),
            next_step: Some(next_step("Karin")),
        };
        assert!(matches!(
            FormData::Escalation(f.clone()).check(),
            Err(PlanError::Text(e)) if *e == ValidationError::Empty { field: "reason" }
        ));
        f.reason = "Geen vooruitgang na twee evaluaties".into();
        assert_eq!(FormData::Escalation(f.clone()).check(), Ok(()));
        assert!(FormData::Escalation(f.clone())
            .required_consents()
            .is_empty());
        f.next_step = Some(next_step(""));
        assert!(matches!(
            FormData::Escalation(f.clone()).check(),
            Err(PlanError::Text(e)) if *e == ValidationError::Empty { field: "owner" }
        ));
        f.next_step = None;
        assert_eq!(
            FormData::Escalation(f).check(),
            Err(PlanError::NextStepMissing)
        );
    }

    #[test]
    fn referral_needs_the_parents_agreement_and_says_what_was_handed_over() {
        let mut f = ReferralForm {
            to: ReferralKind::YouthCare,
            organisation: "Jeugdteam Noord".into(),
            referred_by: "jeugdverpleegkundige".into(),
            handed_over: "Plan van aanpak en evaluatie".into(),
            parents_agree: false,
            notes: String::new(),
        };
        assert_eq!(
            FormData::Referral(f.clone()).check(),
            Err(PlanError::ParentsDisagree)
        );
        f.parents_agree = true;
        assert_eq!(FormData::Referral(f.clone()).check(), Ok(()));
        f.handed_over = "x".repeat(MAX_FORM_TEXT + 1);
        assert!(FormData::Referral(f).check().is_err());
    }

    #[test]
    fn actions_of_a_plan_and_an_escalation_can_be_marked_done() {
        let mut esc = FormData::Escalation(EscalationForm {
            to: EscalationTarget::Manager,
            person: String::new(),
            reason: "Ouders willen niet verder".into(),
            next_step: Some(next_step("Karin")),
        });
        assert_eq!(esc.actions().len(), 1);
        esc.set_action_done(0, Some(d(3, 11))).unwrap();
        assert_eq!(esc.actions()[0].done_on, Some(d(3, 11)));
        assert_eq!(
            esc.set_action_done(1, Some(d(3, 11))),
            Err(PlanError::IndexOutOfRange { index: 1, len: 1 })
        );
        esc.set_action_done(0, None).unwrap();
        assert_eq!(esc.actions()[0].done_on, None);
        let mut team = FormData::TeamDiscussion(TeamDiscussionForm {
            participants: vec![],
            notes: String::new(),
            decision: TeamDecision::Continue,
        });
        assert!(team.actions().is_empty());
        assert!(team.set_action_done(0, Some(d(3, 1))).is_err());
    }
}
