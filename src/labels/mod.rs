//! Words for domain values and errors, through the translation table.

mod plan;

pub use plan::{
    blocker_key, blocker_text, decision_key, escalation_key, goal_status_key, plan_error, role_key,
    session_kind_key, status_key, step_name, totals_text, REFERRALS,
};

use crate::i18n::{I18n, Key};
use crate::lock::LockError;
use crate::store::repo::RepoError;
use crate::store::SaveError;
use leptos::prelude::GetUntracked;
use signaal_core::growth::Skill;
use signaal_core::handover::{HandoverError, Recipient};
use signaal_core::lock::PinError;
use signaal_core::moment::{Moment, PartOfDay, Rating, Tag};
use signaal_core::plan::consent::ConsentKind;
use signaal_core::plan::outcome::Outcome;
use signaal_core::plan::wellbeing::{Direction, Domain, Level};
use signaal_core::reply::TalkAnswer;
use signaal_core::view::ValidationError;
use signaal_web::crypto::CryptoError;

/// One decimal with the decimal mark of the language ("2,5" in Dutch), for hours and averages.
pub fn one_decimal(i18n: I18n, value: f64) -> String {
    let text = format!("{value:.1}");
    if i18n.lang.get_untracked() == crate::i18n::Lang::Nl {
        text.replace('.', ",")
    } else {
        text
    }
}

pub fn skill(s: Skill) -> Key {
    match s {
        Skill::ChildDevelopment => Key::SkillChildDevelopment,
        Skill::StrikingBehaviour => Key::SkillStrikingBehaviour,
        Skill::AskingForHelp => Key::SkillAskingForHelp,
        Skill::Parents => Key::SkillParents,
    }
}

pub fn tag(i18n: I18n, tag: &Tag) -> String {
    let key = match tag {
        Tag::Externalising => Key::TagExternalising,
        Tag::Internalising => Key::TagInternalising,
        Tag::Withdrawn => Key::TagWithdrawn,
        Tag::Conflict => Key::TagConflict,
        Tag::Bullying => Key::TagBullying,
        Tag::Rules => Key::TagRules,
        Tag::Wellbeing => Key::TagWellbeing,
        Tag::Positive => Key::TagPositive,
        Tag::Custom(text) => return text.clone(),
    };
    i18n.t(key).to_owned()
}

/// A moment's structured fields that were filled in, labelled, in the form's order.
pub fn structured_fields(m: &Moment) -> Vec<(Key, String)> {
    [
        (Key::Situation, &m.situation),
        (Key::Trigger, &m.trigger),
        (Key::Behaviour, &m.behaviour),
        (Key::Response, &m.response),
        (Key::ChildAccount, &m.child_account),
        (Key::Ending, &m.ending),
        (Key::GroupImpact, &m.group_impact),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| (k, v.clone()))
    .collect()
}

pub fn rating(rating: Rating) -> Key {
    match rating {
        Rating::Red => Key::RatingRed,
        Rating::Orange => Key::RatingOrange,
        Rating::Green => Key::RatingGreen,
    }
}

pub fn talk_answer(answer: TalkAnswer) -> Key {
    match answer {
        TalkAnswer::Coming => Key::ParentTalkComing,
        TalkAnswer::OtherTime => Key::ParentTalkOther,
    }
}

pub fn part_of_day(part: PartOfDay) -> Key {
    match part {
        PartOfDay::Morning => Key::PartMorning,
        PartOfDay::Arrival => Key::PartArrival,
        PartOfDay::Afternoon => Key::PartAfternoon,
        PartOfDay::Pickup => Key::PartPickup,
    }
}

pub fn save_error(err: &SaveError) -> Key {
    match err {
        SaveError::QuotaExceeded => Key::ErrQuota,
        SaveError::Unavailable(_) => Key::ErrUnavailable,
    }
}

pub fn repo_error(err: &RepoError) -> Key {
    match err {
        RepoError::Save(e) => save_error(e),
        RepoError::NotFound => Key::ErrNotFound,
        RepoError::Erased => Key::ErrErased,
        RepoError::Budget(_) => Key::ErrBudgetHours,
        RepoError::Invalid(e) => match e {
            ValidationError::Empty { .. } => Key::ErrEmptyName,
            ValidationError::TooLong { .. } => Key::ErrTooLong,
            ValidationError::BirthYearOutOfRange { .. } => Key::ErrBirthYear,
            ValidationError::NoChildren => Key::ChooseChildFirst,
            ValidationError::DuplicateChild(_) | ValidationError::DuplicateTag(_) => {
                Key::ErrDuplicate
            }
            ValidationError::NothingRecorded => Key::ErrNothingRecorded,
            ValidationError::Plan(_) => Key::ErrPlan,
            ValidationError::Malformed { .. } => Key::ErrShareBroken,
        },
    }
}

pub fn domain(domain: Domain) -> Key {
    match domain {
        Domain::Itself => Key::DomainItself,
        Domain::WithPractitioner => Key::DomainPractitioner,
        Domain::WithChildren => Key::DomainChildren,
    }
}

pub fn level(level: Level) -> Key {
    match level {
        Level::Poor => Key::LevelPoor,
        Level::Moderate => Key::LevelModerate,
        Level::Good => Key::LevelGood,
        Level::Excellent => Key::LevelExcellent,
    }
}

/// The word and an arrow for the trend; the arrow is decoration, the word carries the meaning.
pub fn direction(direction: Direction) -> (Key, &'static str) {
    match direction {
        Direction::Better => (Key::TrendBetter, "↑"),
        Direction::Worse => (Key::TrendWorse, "↓"),
        Direction::Same => (Key::TrendSame, "→"),
        Direction::Unknown => (Key::TrendFirst, "·"),
    }
}

/// Where a child went when the trajectory closed, as the closing form asks it.
pub fn outcome(o: Outcome) -> Key {
    match o {
        Outcome::RegularBso => Key::OutcomeRegular,
        Outcome::InsideChildcare => Key::OutcomeInside,
        Outcome::CjgOrWijkteam => Key::OutcomeCjg,
        Outcome::YouthCareOrGgz => Key::OutcomeYouthCare,
        Outcome::LeftBso => Key::OutcomeLeft,
        Outcome::School => Key::OutcomeSchool,
    }
}

pub fn consent(kind: ConsentKind) -> Key {
    match kind {
        ConsentKind::SchoolContact => Key::ConsentSchool,
        ConsentKind::Coach => Key::ConsentCoach,
        ConsentKind::ExpertObservation => Key::ConsentExpert,
        ConsentKind::Video => Key::ConsentVideo,
        ConsentKind::ShareSummary => Key::ConsentShare,
        ConsentKind::Referral => Key::ConsentReferral,
    }
}

pub fn recipient(r: Recipient) -> Key {
    match r {
        Recipient::School => Key::RecipientSchool,
        Recipient::WarmHandover => Key::RecipientWarm,
        Recipient::YouthCare => Key::RecipientYouthCare,
    }
}

/// Why a handover cannot be printed or shared, in words for the practitioner.
pub fn handover_error(err: &HandoverError) -> Key {
    match err {
        HandoverError::ConsentMissing(ConsentKind::Referral) => Key::HandoverBlockedReferral,
        HandoverError::ConsentMissing(_) => Key::HandoverBlockedSchool,
        HandoverError::NoRecipient => Key::HandoverNoRecipient,
        HandoverError::Empty => Key::HandoverEmpty,
        HandoverError::Invalid(_) => Key::HandoverTooLong,
    }
}

pub fn lock_error(i18n: I18n, err: &LockError) -> String {
    match err {
        LockError::Pin(PinError::Form) => i18n.t(Key::ErrPinForm).to_owned(),
        LockError::Pin(PinError::Mismatch) => i18n.t(Key::ErrPinMismatch).to_owned(),
        LockError::Pin(PinError::Minutes) => i18n.t(Key::ErrPinMinutes).to_owned(),
        LockError::Wrong => i18n.t(Key::ErrPinWrong).to_owned(),
        LockError::Wait(seconds) => format!("{} {seconds} s.", i18n.t(Key::ErrPinWait)),
        LockError::Crypto(CryptoError::NoRandomness(_)) => i18n.t(Key::ErrNoRandom).to_owned(),
        LockError::Crypto(_) => i18n.t(Key::ErrPinCrypto).to_owned(),
        LockError::Save(err) => i18n.t(save_error(err)).to_owned(),
        LockError::NoRoomToUnseal => i18n.t(Key::ErrNoRoomToUnseal).to_owned(),
        LockError::NoRoomToSeal => i18n.t(Key::ErrNoRoomToSeal).to_owned(),
    }
}
