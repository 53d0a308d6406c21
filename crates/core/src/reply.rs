//! A parent's answer to a summary: a short text ("what do you see at home, what should we pay
//! attention to") and, when the summary proposes a next talk, whether they will come.
//!
//! # Crypto
//! The link's secret (only in the URL fragment) yields two things with HKDF-SHA256, each with its
//! own `info` so neither can be computed from the other: the key a reply is sealed with
//! ([`REPLY_INFO`]) and the token that lets a link holder post one ([`AUTH_INFO`], Firefox Send
//! style). At publish time the team device gives the server only the SHA-256 of that token; the
//! parent's page presents the token. The server so stores a hash it cannot turn back into the
//! token, and ciphertext it cannot read. The associated data ([`reply_aad`]) binds the link and
//! the reply id, so the server cannot move a reply to another link or replay it as another.
//!
//! # In the team
//! The team device that fetches a reply stores it as a [`Moment`] marked from the parent (its
//! author is [`PARENT_AUTHOR`], never a staff name) and unread; it stays in Today's handover until
//! a practitioner marks it read. Its record id is derived from the link and reply id (the app
//! hashes [`record_seed`]), so two devices fetching the same reply make the same record, and a
//! parent choosing a reply id cannot aim it at an existing record.

use chrono::NaiveDateTime;

use crate::id::Id;
use crate::moment::Moment;
use crate::monitor::Period;
use crate::view::{check_text, ValidationError};

/// HKDF `info` of the key replies are sealed with.
pub const REPLY_INFO: &[u8] = b"signaal parent reply v1";
/// HKDF `info` of the token a parent presents to post a reply.
pub const AUTH_INFO: &[u8] = b"signaal parent reply auth v1";
/// Format version of a [`ParentReply`].
pub const REPLY_VERSION: u8 = 1;
/// What a parent can type: a short answer on a phone, not a letter.
pub const MAX_REPLY_CHARS: usize = 1000;
pub const MAX_TALK_NOTE_CHARS: usize = 300;
pub use crate::wire::limits::REPLY_ID_BYTES;
/// The creator stored on a reply's moment: not a person's name, and the same on every device.
pub const PARENT_AUTHOR: &str = "ouder";

/// The answer to the proposed next talk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TalkAnswer {
    /// "Ik kom".
    Coming,
    /// "Liever een ander moment".
    OtherTime,
}

impl TalkAnswer {
    pub const ALL: [TalkAnswer; 2] = [TalkAnswer::Coming, TalkAnswer::OtherTime];

    pub const fn code(self) -> &'static str {
        match self {
            TalkAnswer::Coming => "yes",
            TalkAnswer::OtherTime => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<TalkAnswer> {
        TalkAnswer::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// Why a reply cannot be sent or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    #[error("the reply is empty")]
    Empty,
    #[error(transparent)]
    Text(#[from] ValidationError),
    #[error("the reply could not be read")]
    Unreadable,
    #[error("the reply was made by a newer version of Signaal (format {0})")]
    NewerVersion(u8),
}

/// What a parent sends, exactly as sealed (JSON `{v, text, talk, talk_note, sent_at}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParentReply {
    pub text: String,
    pub talk: Option<TalkAnswer>,
    pub talk_note: String,
    /// Unix ms on the parent's phone.
    pub sent_at: i64,
}

impl ParentReply {
    /// Trimmed, and something said at all.
    pub fn check(&self) -> Result<(), ReplyError> {
        check_text("reply", &self.text, false, MAX_REPLY_CHARS)?;
        check_text("talk_note", &self.talk_note, false, MAX_TALK_NOTE_CHARS)?;
        if self.text.trim().is_empty() && self.talk.is_none() && self.talk_note.trim().is_empty() {
            return Err(ReplyError::Empty);
        }
        Ok(())
    }

    /// The note the team reads: the text, then the note on the talk as its own paragraph.
    pub fn note(&self) -> String {
        [self.text.trim(), self.talk_note.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// The reply as a moment about `child` (in `group`), unread, at the parent's local time.
    pub fn moment(&self, id: Id, child: Id, group: Id, at: NaiveDateTime) -> Moment {
        let mut moment = Moment::new(id, PARENT_AUTHOR, vec![child], group, at);
        moment.note = self.note();
        moment.from_parent = true;
        moment.talk = self.talk;
        moment
    }
}

/// A reply of a newer format is reported as such rather than half-shown.
pub fn check_version(v: f64) -> Result<(), ReplyError> {
    match v {
        v if v == f64::from(REPLY_VERSION) => Ok(()),
        v if v > f64::from(REPLY_VERSION) && v <= f64::from(u8::MAX) => {
            Err(ReplyError::NewerVersion(v as u8))
        }
        _ => Err(ReplyError::Unreadable),
    }
}

/// Associated data of a sealed reply: the format, the link id and the reply id.
pub fn reply_aad(link_id: &str, reply_id: &str) -> Vec<u8> {
    [
        REPLY_INFO,
        b"|",
        link_id.as_bytes(),
        b"|",
        reply_id.as_bytes(),
    ]
    .concat()
}

/// What the app hashes (SHA-256, first 16 bytes) into the id of a reply's moment.
pub fn record_seed(link_id: &str, reply_id: &str) -> Vec<u8> {
    [
        b"signaal parent reply record|".as_slice(),
        link_id.as_bytes(),
        b"|",
        reply_id.as_bytes(),
    ]
    .concat()
}

/// Replies from parents among `moments` that arrived in `period`, of `group` if one is given
/// (the monitor's count).
pub fn count_in<'a>(
    moments: impl IntoIterator<Item = &'a Moment>,
    period: Period,
    group: Option<Id>,
) -> usize {
    moments
        .into_iter()
        .filter(|m| m.from_parent && period.contains(m.occurred_at.date()))
        .filter(|m| group.is_none_or(|g| m.group_id == g))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moment::tests::at;
    use crate::notebook::handover;
    use crate::view::{create, View};

    fn reply() -> ParentReply {
        ParentReply {
            text: "  Thuis slaapt hij slecht. ".into(),
            talk: Some(TalkAnswer::OtherTime),
            talk_note: "Liever op woensdag".into(),
            sent_at: 0,
        }
    }

    #[test]
    fn a_reply_needs_something_and_stays_short() {
        assert_eq!(reply().check(), Ok(()));
        let empty = ParentReply {
            text: "  ".into(),
            talk: None,
            talk_note: String::new(),
            sent_at: 0,
        };
        assert_eq!(empty.check(), Err(ReplyError::Empty));
        let talk_only = ParentReply {
            talk: Some(TalkAnswer::Coming),
            ..empty.clone()
        };
        assert_eq!(talk_only.check(), Ok(()));
        let long = ParentReply {
            text: "x".repeat(MAX_REPLY_CHARS + 1),
            ..empty
        };
        assert!(matches!(
            long.check(),
            Err(ReplyError::Text(ValidationError::TooLong {
                field: "reply",
                ..
            }))
        ));
    }

    #[test]
    fn the_moment_is_from_the_parent_unread_and_in_the_handover() {
        let (id, child, group) = (
            Id::from_random([1; 16]),
            Id::from_random([2; 16]),
            Id::from_random([3; 16]),
        );
        let m = reply().moment(id, child, group, at(3, 20, 15));
        assert_eq!(m.note, "Thuis slaapt hij slecht.\n\nLiever op woensdag");
        assert!(m.from_parent && !m.read);
        assert_eq!(m.talk, Some(TalkAnswer::OtherTime));
        let record = create(&m, PARENT_AUTHOR, crate::record::tests::h(1, 1)).unwrap();
        let back = Moment::from_record(&record).unwrap();
        assert_eq!(
            back,
            Moment {
                author: PARENT_AUTHOR.into(),
                ..m.clone()
            }
        );
        // Unread replies wait in the handover on any later day, until marked read.
        let later = at(9, 12, 0).date();
        assert_eq!(handover([&back], later)[0].moment_ids, vec![id]);
        let read = Moment { read: true, ..back };
        assert!(handover([&read], later).is_empty());
        // A talk answer alone is a moment worth keeping.
        let talk_only = ParentReply {
            text: String::new(),
            talk: Some(TalkAnswer::Coming),
            talk_note: String::new(),
            sent_at: 0,
        };
        assert_eq!(
            talk_only.moment(id, child, group, at(3, 1, 0)).validate(),
            Ok(())
        );
    }

    #[test]
    fn seals_bind_link_and_reply_and_seeds_differ() {
        assert_ne!(reply_aad("a", "bc"), reply_aad("ab", "c"));
        assert_ne!(record_seed("l", "r1"), record_seed("l", "r2"));
        assert_ne!(REPLY_INFO, AUTH_INFO);
        assert_eq!(check_version(1.0), Ok(()));
        assert_eq!(check_version(2.0), Err(ReplyError::NewerVersion(2)));
        assert_eq!(check_version(0.5), Err(ReplyError::Unreadable));
        for a in TalkAnswer::ALL {
            assert_eq!(TalkAnswer::from_code(a.code()), Some(a));
        }
    }

    #[test]
    fn the_monitor_counts_replies_in_the_period() {
        let child = Id::from_random([2; 16]);
        let group = Id::from_random([3; 16]);
        let a = reply().moment(Id::from_random([1; 16]), child, group, at(3, 10, 0));
        let b = reply().moment(Id::from_random([4; 16]), child, group, at(20, 10, 0));
        let staff = Moment::new(
            Id::from_random([5; 16]),
            "AB",
            vec![child],
            group,
            at(4, 9, 0),
        );
        let other = reply().moment(
            Id::from_random([6; 16]),
            child,
            Id::from_random([7; 16]),
            at(5, 9, 0),
        );
        let all = [a, b, staff, other];
        let early = Period::custom(at(1, 0, 0).date(), at(10, 0, 0).date()).unwrap();
        let month = Period::month(2026, 11).unwrap();
        assert_eq!(count_in(&all, early, Some(group)), 1);
        assert_eq!(count_in(&all, month, Some(group)), 2);
        assert_eq!(count_in(&all, month, None), 3);
    }
}
