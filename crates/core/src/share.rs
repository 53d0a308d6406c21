//! Parent links: the curated summary a parent reads, and the team's record of each link.
//!
//! A practitioner composes a [`Draft`]: positive moments picked from the notebook (reworded
//! where needed), what the child is working on and what the team does, tips for home, the next
//! talk and a personal message. [`Draft::summary`] turns it into the [`ParentSummary`] that is
//! published; only what was picked ends up in it, with no ids or notes of the team.
//!
//! The summary travels encrypted: the app seals its JSON with a key derived from the link's
//! random secret, which lives only in the URL fragment (`/p/<link id>#<secret>`), so neither
//! the server nor its logs ever see it. The [`ParentShare`] record (synced to the team, under
//! the team key) keeps the link, its secret and the draft so any team device can update or
//! revoke it.
//!
//! # What the seal binds
//! Each publish of a link counts up the record's [`ParentShare::version`]. The sealed summary
//! ([`frame`]) starts with that version in the clear (8 bytes, big-endian), and the associated
//! data ([`summary_aad`]) binds the link id, the version and the expiry the server reports: a
//! server cannot pass one link's summary off as another's, change the expiry the parent reads,
//! or put an older summary of the link back without the parent page noticing
//! ([`check_not_older`]: it keeps the highest version it has seen per link). Summaries sealed
//! before this format ([`SEAL_INFO_V1`], the link id alone as associated data) still open, as
//! version 0, so a page that has seen a newer one refuses them too.

use crate::id::Id;
use crate::lang::ParentLang;
use crate::plan::consent::{ConsentKind, ConsentRegister};
use crate::record::{Kind, Record};
use crate::view::{check_text, expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};
use crate::wire::limits::{MAX_SHARE_DAYS, SHARE_ID_MIN_BYTES};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// A new link is valid this long unless the practitioner picks another date.
pub const DEFAULT_EXPIRY_DAYS: u64 = 30;
/// Bytes of the link secret (the AES key is derived from it with HKDF-SHA256).
pub const SECRET_BYTES: usize = 32;
/// Bytes of a new link id (the server accepts 16–32).
pub const LINK_ID_BYTES: usize = SHARE_ID_MIN_BYTES;
/// HKDF `info` of the current seal (key from the link's secret): versioned, so each format gets
/// its own key from the same secret.
pub const SEAL_INFO: &[u8] = b"signaal parent summary v2";
/// HKDF `info` of summaries published before the version and expiry were bound.
pub const SEAL_INFO_V1: &[u8] = b"signaal parent summary v1";
/// Bytes of the clear version in front of a sealed summary.
pub const VERSION_BYTES: usize = 8;

/// Associated data of a sealed summary: link id, publish version and expiry (Unix ms), each
/// field fixed in place so no two triples give the same bytes.
pub fn summary_aad(link_id: &str, version: u64, expires_at: i64) -> Vec<u8> {
    let mut aad = Vec::with_capacity(SEAL_INFO.len() + 17 + link_id.len());
    aad.extend_from_slice(SEAL_INFO);
    aad.extend_from_slice(&version.to_be_bytes());
    aad.extend_from_slice(&expires_at.to_be_bytes());
    aad.push(b'|');
    aad.extend_from_slice(link_id.as_bytes());
    aad
}

/// The bytes sent as the ciphertext: the version in the clear, then AES-GCM's output.
pub fn frame(version: u64, ciphertext: &[u8]) -> Vec<u8> {
    let mut out = version.to_be_bytes().to_vec();
    out.extend_from_slice(ciphertext);
    out
}

/// The version and AES-GCM's output of a [`frame`]d summary.
pub fn unframe(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let (version, rest) = bytes.split_at_checked(VERSION_BYTES)?;
    Some((u64::from_be_bytes(version.try_into().ok()?), rest))
}

/// The parent page refuses a summary older than one it has already shown for the link: a
/// server (or anyone answering in its place) putting back an earlier summary.
pub fn check_not_older(seen: Option<u64>, got: u64) -> Result<(), ShareError> {
    match seen {
        Some(seen) if got < seen => Err(ShareError::OlderVersion { seen, got }),
        _ => Ok(()),
    }
}

/// Format version of [`ParentSummary`]; a parent page meeting a newer one says so.
pub const SUMMARY_VERSION: u8 = 1;
pub const MAX_ITEM_CHARS: usize = 600;
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// Per list: a summary a parent reads on a phone, not an archive.
pub const MAX_ITEMS: usize = 20;

/// Why a summary may not be published, or why a parent page cannot show one. The app maps each
/// variant to plain words for the practitioner or the parent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error("nothing is chosen for the summary")]
    NothingChosen,
    #[error("{field} has {count} items; at most {max} are allowed")]
    TooManyItems {
        field: &'static str,
        count: usize,
        max: usize,
    },
    #[error(transparent)]
    Text(#[from] ValidationError),
    #[error("the expiry date {0} is not after today")]
    ExpiryNotAfterToday(NaiveDate),
    #[error("the expiry date {expires} is later than {latest}")]
    ExpiryTooLate {
        expires: NaiveDate,
        latest: NaiveDate,
    },
    #[error("no active consent to share a summary with the parents")]
    NoConsent,
    /// "Wie helpt mee" names the coach on the job: only with the parents' coach consent.
    #[error("no active coach consent, so the summary cannot say who helps")]
    NoCoachConsent,
    /// A diagnosis or problem word in a part written for parents.
    #[error("{field} uses the word {word:?}, which does not belong in a summary for parents")]
    ProblemWord {
        field: &'static str,
        word: &'static str,
    },
    #[error("the link is incomplete or altered")]
    BadLink,
    #[error("the summary could not be read")]
    Unreadable,
    #[error("the summary was made by a newer version of Signaal (format {0})")]
    NewerVersion(u8),
    #[error("an older summary (version {got}) than one already shown here (version {seen})")]
    OlderVersion { seen: u64, got: u64 },
}

/// One positive moment as the parent reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    pub date: NaiveDate,
    pub text: String,
}

/// Exactly what the parent's page shows. Positives come first on the page: they are what a
/// parent should hear first, and what keeps the conversation with the team warm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParentSummary {
    pub v: u8,
    /// The child's first name (the register holds no more).
    pub child: String,
    /// Who writes: the practitioner's or the team's name.
    pub from: String,
    pub written: NaiveDate,
    pub positives: Vec<Highlight>,
    pub working_on: Vec<String>,
    pub team_does: Vec<String>,
    pub tips: Vec<String>,
    pub next_talk: Option<NaiveDate>,
    pub message: String,
    /// "Wie helpt mee": who helps around the child (the coach on the job, a mentor or
    /// pedagogue), by role and first name, with a sentence on what they do. Only with the
    /// parents' coach consent ([`check_helpers`]). Left out of the JSON when empty, so
    /// summaries without it read as before.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub helpers: Vec<String>,
    /// "Sinds de vorige keer": plan actions completed since the last update, in words for parents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub since_last: Vec<String>,
    /// The language the team marked as the parents' own: the page opens in it unless the
    /// parent chose another on the phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<ParentLang>,
}

impl ParentSummary {
    pub fn to_json(&self) -> Vec<u8> {
        // Plain data of owned strings and dates: serialising cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }
}

/// A summary of a newer format is reported as such rather than half-shown.
pub fn check_version(v: f64) -> Result<(), ShareError> {
    match v {
        v if v == f64::from(SUMMARY_VERSION) => Ok(()),
        v if v > f64::from(SUMMARY_VERSION) && v <= f64::from(u8::MAX) => {
            Err(ShareError::NewerVersion(v as u8))
        }
        _ => Err(ShareError::Unreadable),
    }
}

/// A date as the summary's JSON writes it (`YYYY-MM-DD`). The parent page reads the JSON with
/// the browser's own parser and this, so its download carries no JSON or date-format parser.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let mut parts = text.splitn(3, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4
        || m.len() != 2
        || d.len() != 2
        || !text.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// A notebook moment picked for the summary, with the wording the parent will read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pick {
    pub moment: Id,
    pub date: NaiveDate,
    pub text: String,
}

/// The practitioner's composition. Kept in the [`ParentShare`] record so the summary can be
/// updated later under the same link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub positives: Vec<Pick>,
    pub working_on: Vec<String>,
    pub team_does: Vec<String>,
    pub tips: Vec<String>,
    pub next_talk: Option<NaiveDate>,
    pub message: String,
    pub helpers: Vec<String>,
    pub since_last: Vec<String>,
    pub lang: Option<ParentLang>,
}

fn kept(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn check_list(field: &'static str, items: &[String]) -> Result<(), ShareError> {
    if items.len() > MAX_ITEMS {
        return Err(ShareError::TooManyItems {
            field,
            count: items.len(),
            max: MAX_ITEMS,
        });
    }
    items
        .iter()
        .try_for_each(|item| check_text(field, item, false, MAX_ITEM_CHARS))?;
    Ok(())
}

impl Draft {
    pub fn pick(&mut self, moment: Id, date: NaiveDate, text: impl Into<String>) {
        if !self.is_picked(moment) {
            self.positives.push(Pick {
                moment,
                date,
                text: text.into(),
            });
        }
    }

    pub fn unpick(&mut self, moment: Id) {
        self.positives.retain(|p| p.moment != moment);
    }

    pub fn is_picked(&self, moment: Id) -> bool {
        self.positives.iter().any(|p| p.moment == moment)
    }

    /// The summary as published: blank items dropped, text trimmed, positives newest first.
    pub fn summary(&self, child: &str, from: &str, written: NaiveDate) -> ParentSummary {
        let mut positives: Vec<Highlight> = self
            .positives
            .iter()
            .filter(|p| !p.text.trim().is_empty())
            .map(|p| Highlight {
                date: p.date,
                text: p.text.trim().to_owned(),
            })
            .collect();
        positives.sort_by(|a, b| b.date.cmp(&a.date));
        ParentSummary {
            v: SUMMARY_VERSION,
            child: child.trim().to_owned(),
            from: from.trim().to_owned(),
            written,
            positives,
            working_on: kept(&self.working_on),
            team_does: kept(&self.team_does),
            tips: kept(&self.tips),
            next_talk: self.next_talk,
            message: self.message.trim().to_owned(),
            helpers: kept(&self.helpers),
            since_last: kept(&self.since_last),
            lang: self.lang,
        }
    }

    /// Limits, and that something was chosen at all: an empty page would only worry a parent.
    pub fn check(&self) -> Result<(), ShareError> {
        let texts: Vec<String> = self.positives.iter().map(|p| p.text.clone()).collect();
        check_list("positives", &texts)?;
        check_list("working_on", &self.working_on)?;
        check_list("team_does", &self.team_does)?;
        check_list("tips", &self.tips)?;
        check_list("helpers", &self.helpers)?;
        check_list("since_last", &self.since_last)?;
        check_text("message", &self.message, false, MAX_MESSAGE_CHARS)?;
        let s = self.summary("", "", NaiveDate::MIN);
        let empty = s.positives.is_empty()
            && s.working_on.is_empty()
            && s.team_does.is_empty()
            && s.tips.is_empty()
            && s.next_talk.is_none()
            && s.message.is_empty()
            && s.helpers.is_empty()
            && s.since_last.is_empty();
        if empty {
            return Err(ShareError::NothingChosen);
        }
        Ok(())
    }
}

pub fn default_expiry(today: NaiveDate) -> NaiveDate {
    today + Days::new(DEFAULT_EXPIRY_DAYS)
}

pub fn latest_expiry(today: NaiveDate) -> NaiveDate {
    today + Days::new(MAX_SHARE_DAYS.unsigned_abs())
}

pub fn check_expiry(expires: NaiveDate, today: NaiveDate) -> Result<(), ShareError> {
    let latest = latest_expiry(today);
    if expires <= today {
        Err(ShareError::ExpiryNotAfterToday(expires))
    } else if expires > latest {
        Err(ShareError::ExpiryTooLate { expires, latest })
    } else {
        Ok(())
    }
}

/// Sharing a summary needs the parents' recorded, not withdrawn, consent on the day.
pub fn check_consent(consents: &ConsentRegister, today: NaiveDate) -> Result<(), ShareError> {
    if consents.is_active(ConsentKind::ShareSummary, today) {
        Ok(())
    } else {
        Err(ShareError::NoConsent)
    }
}

/// "Wie helpt mee" only with the parents' recorded, not withdrawn, coach consent: the coach
/// works with the team about this child because the parents agreed to it.
pub fn check_helpers(
    draft: &Draft,
    consents: &ConsentRegister,
    today: NaiveDate,
) -> Result<(), ShareError> {
    if kept(&draft.helpers).is_empty() || consents.is_active(ConsentKind::Coach, today) {
        Ok(())
    } else {
        Err(ShareError::NoCoachConsent)
    }
}

/// Stems of diagnoses and problem words (accent-folded, lower case). A summary tells parents
/// what goes well and what everyone does, not what is "wrong": a label belongs in a talk, with
/// an expert, not in a link.
const PROBLEM_WORDS: &[&str] = &[
    "diagnos",
    "stoornis",
    "probleem",
    "problemen",
    "adhd",
    "autis",
    "pdd-nos",
    "agressi",
    "gedragsmoeilijk",
    "achterstand",
];

/// The first problem word in the parts of the summary this checks (who helps, since last
/// time), if any.
pub fn check_tone(draft: &Draft) -> Result<(), ShareError> {
    for (field, items) in [
        ("helpers", &draft.helpers),
        ("since_last", &draft.since_last),
    ] {
        for item in items {
            let folded = crate::text::normalize(item);
            if let Some(word) = PROBLEM_WORDS.iter().find(|w| folded.contains(*w)) {
                return Err(ShareError::ProblemWord { field, word });
            }
        }
    }
    Ok(())
}

/// The plan actions done after `since` (all done ones when `None`: nothing was shared yet),
/// oldest first: what "Sinds de vorige keer" suggests, for the practitioner to reword.
pub fn done_since<'a>(
    actions: impl IntoIterator<Item = &'a crate::plan::form::Action>,
    since: Option<NaiveDate>,
) -> Vec<&'a crate::plan::form::Action> {
    let mut done: Vec<_> = actions
        .into_iter()
        .filter(|a| a.done_on.is_some_and(|d| since.is_none_or(|s| d > s)))
        .collect();
    done.sort_by_key(|a| a.done_on);
    done
}

/// The name a parent reads: the register's "Sem B." without the initial the team adds to tell
/// two Sems apart.
pub fn parent_name(display_name: &str) -> &str {
    let name = display_name.trim();
    match name.rsplit_once(' ') {
        Some((first, initial)) if initial.ends_with('.') && initial.chars().count() <= 3 => {
            first.trim_end()
        }
        _ => name,
    }
}

/// Length of unpadded base64url for `bytes` bytes.
const fn base64url_len(bytes: usize) -> usize {
    (bytes * 4).div_ceil(3)
}

fn is_base64url(text: &str, bytes: usize) -> bool {
    text.len() == base64url_len(bytes)
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The path and fragment of a parent link; the page's origin is added by the app.
pub fn link(link_id: &str, secret: &str) -> String {
    format!("/p/{link_id}#{secret}")
}

/// Splits a parent page's `location.pathname` and `location.hash` into link id and secret,
/// checking their form so a truncated link (a chat app cutting it off, say) is reported
/// instead of asked of the server.
pub fn parse_link(path: &str, hash: &str) -> Result<(String, String), ShareError> {
    parse_link_under("/p/", path, hash)
}

/// [`parse_link`] for a link whose path starts with `prefix` (a handover link is `/o/…`).
pub fn parse_link_under(
    prefix: &str,
    path: &str,
    hash: &str,
) -> Result<(String, String), ShareError> {
    let id = path
        .strip_prefix(prefix)
        .ok_or(ShareError::BadLink)?
        .trim_end_matches('/');
    let secret = hash.strip_prefix('#').unwrap_or(hash);
    if is_base64url(id, LINK_ID_BYTES) && is_base64url(secret, SECRET_BYTES) {
        Ok((id.to_owned(), secret.to_owned()))
    } else {
        Err(ShareError::BadLink)
    }
}

const CHILD: &str = "c";
const LINK_ID: &str = "l";
const SECRET: &str = "k";
const DRAFT: &str = "d";
const EXPIRES: &str = "e";
const PUBLISHED: &str = "p";
const REVOKED: &str = "r";
const VERSION: &str = "n";

/// The team's record of one parent link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentShare {
    pub id: Id,
    pub child_id: Id,
    /// Base64url of [`LINK_ID_BYTES`] random bytes: the id the server knows.
    pub link_id: String,
    /// Base64url of [`SECRET_BYTES`] random bytes; never sent to the server in the clear.
    pub secret: String,
    pub draft: Draft,
    pub expires: NaiveDate,
    /// Unix ms of the last successful publish; `None` while the summary is only a draft.
    pub published_at: Option<i64>,
    pub revoked: bool,
    /// Counts the publishes of this link (the first is 1): sealed into each summary, so a
    /// parent's page can refuse an older one ([`check_not_older`]).
    pub version: u64,
}

impl ParentShare {
    pub fn new(id: Id, child_id: Id, link_id: String, secret: String, today: NaiveDate) -> Self {
        ParentShare {
            id,
            child_id,
            link_id,
            secret,
            draft: Draft::default(),
            expires: default_expiry(today),
            published_at: None,
            revoked: false,
            version: 0,
        }
    }

    /// The version the next publish seals (and stores before sending).
    pub fn next_version(&self) -> u64 {
        self.version.saturating_add(1)
    }

    /// Published, not revoked and not past its expiry: a parent can open it.
    pub fn is_live(&self, today: NaiveDate) -> bool {
        self.published_at.is_some() && !self.revoked && self.expires >= today
    }

    pub fn link(&self) -> String {
        link(&self.link_id, &self.secret)
    }

    /// The same summary under a new link id and secret, not yet published: what replaces this
    /// link when a device that knew its secret left the team.
    pub fn reissued(&self, id: Id, link_id: String, secret: String) -> ParentShare {
        ParentShare {
            draft: self.draft.clone(),
            expires: self.expires,
            ..ParentShare::new(id, self.child_id, link_id, secret, self.expires)
        }
    }
}

/// What re-issuing after a device removal at `removed_at` (Unix ms) still has to do, per live
/// link published before then: the removed device may know its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reissue<'a> {
    /// Publish a new link for the child, then revoke this one.
    Replace(&'a ParentShare),
    /// The child already has a new link (an earlier run stopped halfway): only revoke this one.
    Revoke(&'a ParentShare),
}

/// The links a device removed at `removed_at` may know, oldest first, with what each needs.
/// Running it again after a partial run never makes a second new link for a child.
pub fn to_reissue<'a>(
    shares: &'a [ParentShare],
    removed_at: i64,
    today: NaiveDate,
) -> Vec<Reissue<'a>> {
    let known =
        |s: &ParentShare| s.is_live(today) && s.published_at.is_some_and(|at| at <= removed_at);
    let mut out: Vec<_> = shares
        .iter()
        .filter(|s| known(s))
        .map(|old| {
            let replaced = shares.iter().any(|s| {
                s.child_id == old.child_id
                    && s.is_live(today)
                    && s.published_at.is_some_and(|at| at > removed_at)
            });
            if replaced {
                Reissue::Revoke(old)
            } else {
                Reissue::Replace(old)
            }
        })
        .collect();
    out.sort_by_key(|r| match r {
        Reissue::Replace(s) | Reissue::Revoke(s) => s.published_at,
    });
    out
}

/// The link of a child that is still in use, if any: a child has one live link at a time, so
/// a parent keeps the same bookmark while the team updates it.
pub fn current_for<'a>(
    child: Id,
    shares: impl IntoIterator<Item = &'a ParentShare>,
) -> Option<&'a ParentShare> {
    shares
        .into_iter()
        .filter(|s| s.child_id == child && !s.revoked)
        .max_by_key(|s| s.published_at)
}

impl View for ParentShare {
    const KIND: Kind = Kind::ParentShare;
    const FIELDS: &'static [&'static str] = &[
        CHILD, LINK_ID, SECRET, DRAFT, EXPIRES, PUBLISHED, REVOKED, VERSION,
    ];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        if !is_base64url(&self.link_id, LINK_ID_BYTES) {
            return Err(ValidationError::Malformed { field: "link_id" });
        }
        if !is_base64url(&self.secret, SECRET_BYTES) {
            return Err(ValidationError::Malformed { field: "secret" });
        }
        self.draft.check().or_else(|e| match e {
            // A draft may be saved before anything is chosen; only publishing needs content.
            ShareError::NothingChosen => Ok(()),
            ShareError::Text(e) => Err(e),
            _ => Err(ValidationError::Malformed { field: "draft" }),
        })
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .id(CHILD, Some(self.child_id))
            .text(LINK_ID, &self.link_id)
            .text(SECRET, &self.secret)
            .json(DRAFT, Some(&self.draft))
            .date(EXPIRES, Some(self.expires))
            .json(PUBLISHED, self.published_at.as_ref())
            .flag(REVOKED, self.revoked)
            .json(VERSION, (self.version > 0).then_some(&self.version))
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::ParentShare)?;
        let f = Fields(record);
        Ok(ParentShare {
            id: record.id(),
            child_id: f.required_id(CHILD)?,
            link_id: f.required_str(LINK_ID)?,
            secret: f.required_str(SECRET)?,
            draft: f.json(DRAFT)?.unwrap_or_default(),
            expires: f.required_date(EXPIRES)?,
            published_at: f.json(PUBLISHED)?,
            revoked: f.bool(REVOKED)?,
            version: f.json(VERSION)?.unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::consent::Consent;
    use crate::record::tests::h;
    use crate::view::{apply, assert_field_codes_valid, create};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const LINK_ID: &str = "AAAAAAAAAAAAAAAAAAAAAA";
    const SECRET: &str = "abcdefghijklmnopqrstuvwxyz-_ABCDEFGHIJKLMNO";

    fn share() -> ParentShare {
        ParentShare::new(
            Id::from_random([1; 16]),
            Id::from_random([2; 16]),
            LINK_ID.into(),
            SECRET.into(),
            d(2026, 11, 23),
        )
    }

    #[test]
    fn only_what_was_picked_is_in_the_summary() {
        let mut draft = Draft::default();
        draft.pick(
            Id::from_random([3; 16]),
            d(2026, 11, 2),
            "  Hielp een jonger kind met de puzzel. ",
        );
        draft.pick(Id::from_random([4; 16]), d(2026, 11, 9), "Ruimde zelf op");
        // Picking twice keeps one; an emptied wording is left out rather than shown blank.
        draft.pick(Id::from_random([4; 16]), d(2026, 11, 9), "dubbel");
        draft.pick(Id::from_random([5; 16]), d(2026, 11, 10), "   ");
        draft.tips = vec!["Vraag naar één leuk moment".into(), " ".into()];
        let s = draft.summary(" Sem ", "Team Vlinders", d(2026, 11, 23));
        assert_eq!(s.child, "Sem");
        assert_eq!(
            s.positives,
            vec![
                Highlight {
                    date: d(2026, 11, 9),
                    text: "Ruimde zelf op".into()
                },
                Highlight {
                    date: d(2026, 11, 2),
                    text: "Hielp een jonger kind met de puzzel.".into()
                },
            ]
        );
        assert_eq!(s.tips, vec!["Vraag naar één leuk moment".to_string()]);
        assert!(s.working_on.is_empty() && s.team_does.is_empty() && s.message.is_empty());
        assert_eq!(s.next_talk, None);
        // No ids of the team's records travel to the parent.
        let json = String::from_utf8(s.to_json()).unwrap();
        assert!(!json.contains(&Id::from_random([3; 16]).to_string()));
    }

    #[test]
    fn who_helps_needs_the_coach_consent_and_both_parts_keep_the_tone() {
        let draft = Draft {
            helpers: vec!["Helen, coach in de groep: kijkt mee en geeft ons tips.".into()],
            since_last: vec!["We hebben een rustig hoekje ingericht.".into()],
            ..Draft::default()
        };
        let today = d(2026, 11, 23);
        let none = ConsentRegister::default();
        assert_eq!(
            check_helpers(&draft, &none, today),
            Err(ShareError::NoCoachConsent)
        );
        let coach = Consent::new(
            Id::from_random([7; 16]),
            Id::from_random([2; 16]),
            ConsentKind::Coach,
            "moeder",
            d(2026, 11, 1),
        );
        let given = ConsentRegister::for_child(Id::from_random([2; 16]), &[coach]);
        assert_eq!(check_helpers(&draft, &given, today), Ok(()));
        // Without anyone named, no coach consent is needed.
        assert_eq!(check_helpers(&Draft::default(), &none, today), Ok(()));

        assert_eq!(check_tone(&draft), Ok(()));
        let labelled = Draft {
            since_last: vec!["Onderzoek naar ADHD gestart".into()],
            ..draft.clone()
        };
        assert_eq!(
            check_tone(&labelled),
            Err(ShareError::ProblemWord {
                field: "since_last",
                word: "adhd"
            })
        );
        let problem = Draft {
            helpers: vec!["Helen helpt bij de gedragsproblemen".into()],
            ..draft.clone()
        };
        assert!(matches!(
            check_tone(&problem),
            Err(ShareError::ProblemWord {
                field: "helpers",
                ..
            })
        ));

        // Both parts reach the summary, trimmed; empty ones stay out of its JSON.
        let s = draft.summary("Sem", "Anna", today);
        assert_eq!(s.helpers, draft.helpers);
        assert_eq!(s.since_last, draft.since_last);
        let plain = Draft {
            message: "Hoi".into(),
            ..Draft::default()
        }
        .summary("Sem", "Anna", today);
        let json = String::from_utf8(plain.to_json()).unwrap();
        assert!(!json.contains("helpers") && !json.contains("since_last"));
        assert_eq!(
            Draft {
                helpers: vec![" ".into()],
                ..Draft::default()
            }
            .check(),
            Err(ShareError::NothingChosen)
        );
    }

    #[test]
    fn since_last_time_offers_the_actions_done_after_the_last_update() {
        use crate::plan::form::Action;
        let action = |what: &str, done_on| Action {
            what: what.into(),
            owner: "Anna".into(),
            due: d(2026, 11, 30),
            goal: None,
            done_on,
        };
        let actions = [
            action("Rustig hoekje", Some(d(2026, 11, 20))),
            action("Dagritme op kaartjes", Some(d(2026, 11, 5))),
            action("Gesprek met school", None),
        ];
        let whats = |since| {
            done_since(&actions, since)
                .iter()
                .map(|a| a.what.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(whats(None), ["Dagritme op kaartjes", "Rustig hoekje"]);
        assert_eq!(whats(Some(d(2026, 11, 10))), ["Rustig hoekje"]);
        assert!(whats(Some(d(2026, 11, 20))).is_empty());
    }

    #[test]
    fn parents_read_the_name_without_the_teams_initial() {
        assert_eq!(parent_name("Sem B."), "Sem");
        assert_eq!(parent_name(" Anne Sophie V. "), "Anne Sophie");
        assert_eq!(parent_name("Noah"), "Noah");
        assert_eq!(parent_name("Mo van Dijk"), "Mo van Dijk");
    }

    #[test]
    fn unpick_removes_the_moment() {
        let mut draft = Draft::default();
        let m = Id::from_random([3; 16]);
        draft.pick(m, d(2026, 11, 2), "x");
        assert!(draft.is_picked(m));
        draft.unpick(m);
        assert!(!draft.is_picked(m));
        assert_eq!(draft.check(), Err(ShareError::NothingChosen));
    }

    #[test]
    fn check_refuses_empty_and_oversized_drafts() {
        let mut draft = Draft {
            working_on: vec!["  ".into()],
            ..Draft::default()
        };
        assert_eq!(draft.check(), Err(ShareError::NothingChosen));
        draft.next_talk = Some(d(2026, 12, 1));
        assert_eq!(draft.check(), Ok(()));
        draft.tips = vec!["tip".into(); MAX_ITEMS + 1];
        assert_eq!(
            draft.check(),
            Err(ShareError::TooManyItems {
                field: "tips",
                count: MAX_ITEMS + 1,
                max: MAX_ITEMS
            })
        );
        draft.tips.clear();
        draft.message = "x".repeat(MAX_MESSAGE_CHARS + 1);
        assert!(matches!(
            draft.check(),
            Err(ShareError::Text(ValidationError::TooLong {
                field: "message",
                ..
            }))
        ));
    }

    #[test]
    fn summary_json_has_the_shape_the_parent_page_reads() {
        let mut draft = Draft {
            message: "Fijn dat we samen optrekken.".into(),
            next_talk: Some(d(2026, 12, 3)),
            ..Draft::default()
        };
        draft.pick(Id::from_random([3; 16]), d(2026, 11, 2), "Ruimde op");
        let json: serde_json::Value =
            serde_json::from_slice(&draft.summary("Sem", "Anna", d(2026, 11, 23)).to_json())
                .unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "v": 1, "child": "Sem", "from": "Anna", "written": "2026-11-23",
                "positives": [{ "date": "2026-11-02", "text": "Ruimde op" }],
                "working_on": [], "team_does": [], "tips": [],
                "next_talk": "2026-12-03", "message": "Fijn dat we samen optrekken."
            })
        );
        let none = Draft::default()
            .summary("Sem", "Anna", d(2026, 11, 23))
            .to_json();
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&none).unwrap()["next_talk"],
            serde_json::Value::Null
        );
    }

    #[test]
    fn versions_and_days_are_checked() {
        assert_eq!(check_version(1.0), Ok(()));
        assert_eq!(check_version(2.0), Err(ShareError::NewerVersion(2)));
        assert_eq!(check_version(0.0), Err(ShareError::Unreadable));
        assert_eq!(check_version(f64::NAN), Err(ShareError::Unreadable));
        assert_eq!(check_version(1e9), Err(ShareError::Unreadable));
        assert_eq!(parse_day("2026-11-02"), Some(d(2026, 11, 2)));
        for bad in [
            "2026-11-2",
            "2026-13-01",
            "2026-02-30",
            "26-11-02",
            "2026-11-02T10",
            "+026-11-02",
            "",
        ] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn expiry_is_after_today_and_within_the_servers_limit() {
        let today = d(2026, 11, 23);
        assert_eq!(default_expiry(today), d(2026, 12, 23));
        assert_eq!(check_expiry(default_expiry(today), today), Ok(()));
        assert_eq!(
            check_expiry(today, today),
            Err(ShareError::ExpiryNotAfterToday(today))
        );
        assert_eq!(check_expiry(latest_expiry(today), today), Ok(()));
        let too_late = latest_expiry(today) + Days::new(1);
        assert_eq!(
            check_expiry(too_late, today),
            Err(ShareError::ExpiryTooLate {
                expires: too_late,
                latest: latest_expiry(today)
            })
        );
    }

    #[test]
    fn consent_is_needed_and_withdrawal_counts_at_once() {
        let child = Id::from_random([2; 16]);
        let today = d(2026, 11, 23);
        assert_eq!(
            check_consent(&ConsentRegister::empty(), today),
            Err(ShareError::NoConsent)
        );
        let mut consent = Consent::new(
            Id::from_random([6; 16]),
            child,
            ConsentKind::ShareSummary,
            "moeder",
            d(2026, 11, 1),
        );
        let given = ConsentRegister::for_child(child, [&consent]);
        assert_eq!(check_consent(&given, today), Ok(()));
        consent.withdrawn_on = Some(today);
        let withdrawn = ConsentRegister::for_child(child, [&consent]);
        assert_eq!(check_consent(&withdrawn, today), Err(ShareError::NoConsent));
    }

    #[test]
    fn links_parse_back_and_damaged_links_are_refused() {
        let s = share();
        assert_eq!(s.link(), format!("/p/{LINK_ID}#{SECRET}"));
        assert_eq!(
            parse_link(&format!("/p/{LINK_ID}"), &format!("#{SECRET}")),
            Ok((LINK_ID.into(), SECRET.into()))
        );
        assert_eq!(
            parse_link(&format!("/p/{LINK_ID}/"), SECRET),
            Ok((LINK_ID.into(), SECRET.into()))
        );
        // Cut off by a chat app, a missing fragment, a foreign character, another path.
        assert_eq!(
            parse_link(&format!("/p/{LINK_ID}"), &format!("#{}", &SECRET[..40])),
            Err(ShareError::BadLink)
        );
        assert_eq!(
            parse_link(&format!("/p/{LINK_ID}"), ""),
            Err(ShareError::BadLink)
        );
        assert_eq!(
            parse_link(&format!("/p/{LINK_ID}"), &format!("#{}+", &SECRET[..42])),
            Err(ShareError::BadLink)
        );
        assert_eq!(
            parse_link(&format!("/x/{LINK_ID}"), SECRET),
            Err(ShareError::BadLink)
        );
    }

    #[test]
    fn record_round_trips_and_updates_are_minimal() {
        assert_field_codes_valid(ParentShare::FIELDS);
        let mut s = share();
        s.draft.tips.push("Samen lezen".into());
        let r = create(&s, "AB", h(1, 1)).unwrap();
        assert_eq!(ParentShare::from_record(&r).unwrap(), s);
        let mut published = s.clone();
        published.published_at = Some(1_790_000_000_000);
        let mut r = r;
        let changed = apply(&mut r, &published, "AB", h(2, 1)).unwrap();
        assert_eq!(changed, vec![PUBLISHED]);
        assert_eq!(ParentShare::from_record(&r).unwrap(), published);
        assert!(published.is_live(d(2026, 11, 23)));
        assert!(!published.is_live(d(2026, 12, 24)));
        let mut bad = s.clone();
        bad.secret = "short".into();
        assert!(create(&bad, "AB", h(3, 1)).is_err());
    }

    #[test]
    fn the_seal_binds_link_version_and_expiry() {
        use crate::storage::sealed::{SealError, SealKey};
        let key = SealKey::new([4; 32]);
        let expires = 1_790_000_000_000;
        let sealed = key.seal(&summary_aad(LINK_ID, 3, expires), [1; 12], b"{}");
        assert_eq!(
            key.open(&summary_aad(LINK_ID, 3, expires), &sealed),
            Ok(b"{}".to_vec())
        );
        // Another expiry, version or link: it does not open.
        for aad in [
            summary_aad(LINK_ID, 3, expires + 86_400_000),
            summary_aad(LINK_ID, 2, expires),
            summary_aad("BAAAAAAAAAAAAAAAAAAAAA", 3, expires),
        ] {
            assert_eq!(key.open(&aad, &sealed), Err(SealError::WrongKey));
        }
        // Fields in fixed places: no two triples share their bytes.
        assert_ne!(summary_aad("a", 1, 2), summary_aad("a", 2, 1));
        assert_ne!(summary_aad("a", 256, 0), summary_aad("a", 1, 0));
    }

    #[test]
    fn the_version_travels_in_the_clear_and_older_ones_are_refused() {
        let framed = frame(7, b"ciphertext");
        assert_eq!(framed.len(), VERSION_BYTES + 10);
        assert_eq!(unframe(&framed), Some((7, &b"ciphertext"[..])));
        assert_eq!(unframe(b"short"), None);
        assert_eq!(check_not_older(None, 0), Ok(()));
        assert_eq!(
            check_not_older(Some(3), 3),
            Ok(()),
            "the same summary again"
        );
        assert_eq!(check_not_older(Some(3), 4), Ok(()));
        assert_eq!(
            check_not_older(Some(3), 2),
            Err(ShareError::OlderVersion { seen: 3, got: 2 })
        );
        // A summary of the first format counts as version 0.
        assert_eq!(
            check_not_older(Some(1), 0),
            Err(ShareError::OlderVersion { seen: 1, got: 0 })
        );
    }

    #[test]
    fn each_publish_counts_up_and_old_records_start_at_zero() {
        let s = share();
        assert_eq!((s.version, s.next_version()), (0, 1));
        let r = create(&s, "AB", h(1, 1)).unwrap();
        assert!(
            r.value(VERSION).is_none(),
            "records from before the counter read alike"
        );
        let mut published = ParentShare {
            version: 1,
            published_at: Some(1),
            ..s
        };
        let mut r2 = r.clone();
        assert_eq!(
            apply(&mut r2, &published, "AB", h(2, 1)).unwrap(),
            vec![PUBLISHED, VERSION]
        );
        assert_eq!(ParentShare::from_record(&r2).unwrap().version, 1);
        published.version = published.next_version();
        assert_eq!(published.version, 2);
    }

    #[test]
    fn current_link_is_the_last_published_unrevoked_one() {
        let a = ParentShare {
            published_at: Some(1),
            ..share()
        };
        let b = ParentShare {
            id: Id::from_random([9; 16]),
            published_at: Some(2),
            revoked: true,
            ..share()
        };
        let other_child = ParentShare {
            child_id: Id::from_random([7; 16]),
            published_at: Some(3),
            ..share()
        };
        let shares = [a.clone(), b, other_child];
        assert_eq!(current_for(a.child_id, &shares), Some(&a));
        assert_eq!(current_for(Id::from_random([8; 16]), &shares), None);
    }

    #[test]
    fn a_reissued_link_keeps_the_summary_under_a_new_secret() {
        let mut old = share();
        old.draft.tips.push("Samen lezen".into());
        old.published_at = Some(10);
        old.version = 3;
        let new = old.reissued(Id::from_random([9; 16]), "B".repeat(22), "c".repeat(43));
        assert_eq!(
            (new.child_id, &new.draft, new.expires),
            (old.child_id, &old.draft, old.expires)
        );
        assert_ne!((&new.link_id, &new.secret), (&old.link_id, &old.secret));
        assert_eq!(
            (new.published_at, new.revoked, new.version),
            (None, false, 0)
        );
    }

    #[test]
    fn only_live_links_published_before_the_removal_are_reissued_and_a_rerun_only_revokes() {
        let today = d(2026, 11, 23);
        let live = |seed: u8, child: u8, at: i64| ParentShare {
            published_at: Some(at),
            ..ParentShare::new(
                Id::from_random([seed; 16]),
                Id::from_random([child; 16]),
                LINK_ID.into(),
                SECRET.into(),
                today,
            )
        };
        let old_a = live(1, 10, 100);
        let old_b = live(2, 11, 50);
        let revoked = ParentShare {
            revoked: true,
            ..live(3, 12, 60)
        };
        let expired = ParentShare {
            expires: d(2026, 11, 22),
            ..live(4, 13, 70)
        };
        let draft = ParentShare {
            published_at: None,
            ..live(5, 14, 0)
        };
        let after = live(6, 15, 300);
        let mut shares = vec![old_a.clone(), old_b.clone(), revoked, expired, draft, after];
        assert_eq!(
            to_reissue(&shares, 200, today),
            vec![Reissue::Replace(&old_b), Reissue::Replace(&old_a)]
        );
        // A run that published Sem's new link but stopped before revoking the old one.
        shares.push(old_a.reissued(Id::from_random([7; 16]), "N".repeat(22), "s".repeat(43)));
        shares.last_mut().unwrap().published_at = Some(250);
        assert_eq!(
            to_reissue(&shares, 200, today),
            vec![Reissue::Replace(&old_b), Reissue::Revoke(&old_a)]
        );
        assert!(
            to_reissue(&shares, 10, today).is_empty(),
            "nothing was live before then"
        );
    }
}
