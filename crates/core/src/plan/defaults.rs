//! The plans Signaal ships with: the basisstappenplan of the Alert4you pilots (13 steps, 0 Volgen
//! … 12 Afgerond/overgedragen) and the shortened flow for group-level concerns. Organisations
//! start from these and adapt them to their own care structure.
//!
//! Consents per step follow the rule "outside the team only with parental consent": school
//! contact and external referral need it at step level. Consents that depend on *how* a step is
//! done (an outside expert observing, video, a coach on the job) are checked on the step's form
//! instead (see [`super::form::FormData::required_consents`]), so a team's own observation is
//! never blocked.

use super::consent::ConsentKind;
use super::template::{FormKind, Localized, Rhythm, Scope, Step, StepKey, TemplateContent};
use super::Role;

/// The arguments of one default step, kept as plain data so the plan reads like the paper one.
struct Def {
    key: &'static str,
    name: (&'static str, &'static str),
    form: FormKind,
    purpose: (&'static str, &'static str),
    checklist: &'static [(&'static str, &'static str)],
    involved: &'static [Role],
    may_take: &'static [Role],
    consents: &'static [ConsentKind],
}

fn build(name: &str, scope: Scope, defs: &[Def]) -> TemplateContent {
    let l = |(nl, en): (&str, &str)| Localized::new(nl, en);
    TemplateContent {
        name: name.to_owned(),
        scope,
        rhythm: Rhythm::default(),
        urgent_roles: TemplateContent::default_urgent_roles(),
        steps: defs
            .iter()
            .filter_map(|d| {
                // Keys are literals below and valid; `filter_map` rather than `unwrap` keeps the
                // no-panic rule (a bad literal fails the tests, which check the step count).
                let key = StepKey::new(d.key).ok()?;
                Some(Step {
                    key,
                    name: l(d.name),
                    purpose: l(d.purpose),
                    checklist: d.checklist.iter().map(|c| l(*c)).collect(),
                    form: d.form,
                    involved: d.involved.to_vec(),
                    may_take: d.may_take.to_vec(),
                    consents: d.consents.to_vec(),
                    own_plan_first: None,
                    handover_without_consent: false,
                })
            })
            .collect(),
    }
}

use ConsentKind as C;
use Role as R;

const TEAM: &[Role] = &[R::Practitioner, R::SeniorPractitioner];
/// Who may start an external referral by default; regions differ (in one only the youth nurse
/// and the parents may), so organisations edit this.
const REFERRERS: &[Role] = &[
    R::Manager,
    R::Pedagogue,
    R::CareCoordinator,
    R::YouthNurse,
    R::Parent,
];

/// The basisstappenplan for one child.
pub fn child_plan() -> TemplateContent {
    build(
        "Basisstappenplan",
        Scope::Child,
        &[
            Def {
                key: "volgen",
                name: ("Volgen", "Follow"),
                form: FormKind::Follow,
                purpose: (
                    "Schriftje bijhouden en periodiek het welbevinden van alle kinderen observeren, ook van stille kinderen.",
                    "Keep the notebook and periodically observe the wellbeing of all children, including quiet ones.",
                ),
                checklist: &[
                    ("Opvallende momenten kort noteren", "Jot notable moments briefly"),
                    ("Lijst welbevinden invullen voor de hele groep", "Fill in the wellbeing list for the whole group"),
                ],
                involved: TEAM,
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "signaal",
                name: ("Signaal", "Signal"),
                form: FormKind::Signal,
                purpose: (
                    "Een zorg benoemen. Terugkijken: waren er eerder soortgelijke momenten?",
                    "Raise a concern. Look back: were there similar moments before?",
                ),
                checklist: &[
                    ("Terugkijken in het schriftje", "Look back in the notebook"),
                    ("Vastleggen wie het signaal gaf", "Record who raised the signal"),
                ],
                involved: &[R::Practitioner, R::Parent],
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "teambespreking",
                name: ("Teambespreking", "Team discussion"),
                form: FormKind::TeamDiscussion,
                purpose: (
                    "Het signaal in het team bespreken en besluiten of we verdergaan.",
                    "Discuss the signal in the team and decide whether to continue.",
                ),
                checklist: &[
                    ("Herkennen collega's het?", "Do colleagues recognise it?"),
                    ("Besluit: doorgaan of stoppen", "Decision: continue or stop"),
                ],
                involved: &[R::Practitioner, R::SeniorPractitioner, R::Pedagogue],
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "kindgesprek",
                name: ("Kindgesprek", "Child conversation"),
                form: FormKind::ChildConversation,
                purpose: (
                    "Met het kind praten en zijn eigen kijk vastleggen (oogformulier).",
                    "Talk with the child and record its own view (eye form).",
                ),
                checklist: &[
                    ("Oogformulier samen invullen", "Fill in the eye form together"),
                    ("Vertellen wat er is afgesproken", "Tell the child what was agreed"),
                ],
                involved: &[R::Practitioner, R::Child],
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "oudergesprek",
                name: ("Oudergesprek", "Parent conversation"),
                form: FormKind::ParentConversation,
                purpose: (
                    "Herkennen ouders het? Gebeurt het thuis ook? Toestemmingen vastleggen.",
                    "Do parents recognise it? Does it happen at home too? Record consents.",
                ),
                checklist: &[
                    ("Eerst wat goed gaat", "Start with what goes well"),
                    ("Toestemmingen vragen (school, coach, observatie, video)", "Ask for consents (school, coach, observation, video)"),
                    ("Niet alleen: leidinggevende kan meedoen", "Not alone: the manager may co-host"),
                ],
                involved: &[R::Practitioner, R::Parent, R::Manager, R::FamilyAdviser],
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "observatie",
                name: ("Observatie", "Observation"),
                form: FormKind::Observation,
                purpose: (
                    "Gericht observeren met het observatieformulier, eventueel met video-interactiebegeleiding.",
                    "Structured observation, optionally with video interaction guidance.",
                ),
                checklist: &[
                    ("Vraag scherp: wat willen we weten?", "Sharpen the question: what do we want to know?"),
                    ("Externe observatie: vooraf toestemming ouders", "Outside expert: parents' consent beforehand"),
                    ("Voorgesprek, observatie, nagesprek", "Pre-talk, observation, after-talk"),
                ],
                involved: &[R::Practitioner, R::Coach, R::YouthNurse],
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "schoolcontact",
                name: ("Schoolcontact", "School contact"),
                form: FormKind::SchoolContact,
                purpose: (
                    "Afstemmen met school, alleen met toestemming van ouders.",
                    "Align with the school, only with the parents' consent.",
                ),
                checklist: &[
                    ("Toestemming gecontroleerd", "Consent checked"),
                    ("Overdracht of voortgangsgesprek?", "Handover or progress talk?"),
                ],
                involved: &[R::Practitioner, R::School],
                may_take: &[],
                consents: &[C::SchoolContact],
            },
            Def {
                key: "plan",
                name: ("Plan van aanpak", "Plan of approach"),
                form: FormKind::Plan,
                purpose: (
                    "SMART-doelen, acties, wie doet wat, evaluatiedatum. Ouders krijgen een kopie.",
                    "SMART goals, actions, who does what, review date. Parents get a copy.",
                ),
                checklist: &[
                    ("Doelen met 'hoe zien we dat het lukt'", "Goals with 'how we see it works'"),
                    ("Elke actie één eigenaar en een datum", "Every action one owner and a date"),
                    ("Kopie voor ouders", "Copy for the parents"),
                ],
                involved: &[R::Practitioner, R::Parent, R::Child, R::Pedagogue],
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "uitvoering",
                name: ("Uitvoering", "Carrying out"),
                form: FormKind::Execution,
                purpose: (
                    "Het plan uitvoeren; momenten in het schriftje koppelen aan de doelen.",
                    "Carry out the plan; link notebook moments to the goals.",
                ),
                checklist: &[
                    ("Momenten koppelen aan doelen", "Link moments to goals"),
                    ("Maandelijks kindbespreking", "Monthly child discussion"),
                ],
                involved: TEAM,
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "evaluatie",
                name: ("Tussenevaluatie", "Interim evaluation"),
                form: FormKind::Evaluation,
                purpose: (
                    "Met collega's, ouders en kind: doorgaan, bijstellen, afsluiten of opschalen.",
                    "With colleagues, parents and child: continue, adjust, close or escalate.",
                ),
                checklist: &[
                    ("Doelen langslopen", "Go through the goals"),
                    ("Is reguliere opvang in het belang van dit kind en de groep?", "Is a regular placement in the interest of this child and the group?"),
                ],
                involved: &[R::Practitioner, R::Parent, R::Child, R::Manager],
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "opgeschaald",
                name: ("Opgeschaald", "Escalated"),
                form: FormKind::Escalation,
                purpose: (
                    "Leidinggevende, pedagoog, zorgteam of coach on the job inschakelen.",
                    "Call in the manager, pedagogue, care team or coach on the job.",
                ),
                checklist: &[
                    ("Eerst eigen plan geprobeerd en geëvalueerd", "Own plan tried and evaluated first"),
                    ("Coach: afstemmingsgesprek, leerdoelen, 3-4 sessies, evaluatieverslag", "Coach: alignment talk, learning goals, 3-4 sessions, evaluation report"),
                ],
                involved: &[R::Practitioner, R::Manager, R::Pedagogue, R::CareCoordinator, R::Coach],
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "extern",
                name: ("Extern", "External"),
                form: FormKind::Referral,
                purpose: (
                    "Doorverwijzen naar CJG, jeugdhulp of BSO-plus / extra ondersteuning.",
                    "Refer to the CJG, youth care or BSO-plus / extra support.",
                ),
                checklist: &[
                    ("Samen met ouders", "Together with the parents"),
                    ("Wie meldt aan?", "Who makes the referral?"),
                ],
                involved: &[R::Manager, R::Pedagogue, R::Parent, R::YouthNurse],
                may_take: REFERRERS,
                consents: &[C::Referral],
            },
            Def {
                key: "afgerond",
                name: ("Afgerond / overgedragen", "Closed / handed over"),
                form: FormKind::Closing,
                purpose: (
                    "Afsluiten, of overdragen aan de volgende groep of school.",
                    "Close, or hand over to the next group or school.",
                ),
                checklist: &[
                    ("Afsluitend gesprek met ouders", "Closing talk with the parents"),
                    ("Overdracht vastgelegd", "Handover recorded"),
                ],
                involved: &[R::Practitioner, R::Parent],
                may_take: &[],
                consents: &[],
            },
        ],
    )
}

/// The shortened flow for a concern about a group (noise, restlessness, transitions): the
/// expert's advice is recorded as actions for the group.
pub fn group_flow() -> TemplateContent {
    build(
        "Groepsaanpak",
        Scope::Group,
        &[
            Def {
                key: "teambespreking",
                name: ("Teambespreking", "Team discussion"),
                form: FormKind::TeamDiscussion,
                purpose: (
                    "Wat zien we in de groep en wanneer (drukte, overgangen, geluid)?",
                    "What do we see in the group, and when (noise, transitions, restlessness)?",
                ),
                checklist: &[(
                    "Vraag voor de observatie formuleren",
                    "Phrase the question for the observation",
                )],
                involved: TEAM,
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "observatie",
                name: ("Groepsobservatie", "Group observation"),
                form: FormKind::Observation,
                purpose: (
                    "De groep observeren, zelf of door de coach.",
                    "Observe the group, yourselves or by the coach.",
                ),
                checklist: &[("Wie vroeg wat?", "Who asked what?")],
                involved: &[R::Practitioner, R::Coach],
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "advies",
                name: ("Advies", "Advice"),
                form: FormKind::Advice,
                purpose: (
                    "Het advies voor de groep vastleggen.",
                    "Record the advice for the group.",
                ),
                checklist: &[],
                involved: &[R::Coach, R::Pedagogue],
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "acties",
                name: ("Acties", "Actions"),
                form: FormKind::Plan,
                purpose: (
                    "Het advies omzetten in acties, elk met één eigenaar en een datum.",
                    "Turn the advice into actions, each with one owner and a date.",
                ),
                checklist: &[],
                involved: TEAM,
                may_take: &[],
                consents: &[],
            },
            Def {
                key: "evaluatie",
                name: ("Evaluatie", "Evaluation"),
                form: FormKind::Evaluation,
                purpose: (
                    "Werkt het? Doorgaan, bijstellen of afsluiten.",
                    "Does it work? Continue, adjust or close.",
                ),
                checklist: &[],
                involved: &[R::Practitioner, R::Coach],
                may_take: &[],
                consents: &[],
            },
        ],
    )
}
