//! The contact scheme: who to call for what (manager, pedagogue, coach, CJG, meldcode contact),
//! with tap-to-call and tap-to-mail links.
//!
//! The child-abuse reporting code (meldcode) is a separate, restricted route that this app does
//! **not** run: the scheme only points to the organisation's own protocol (a link or a note) and
//! the person to call. [`meldcode`] finds that pointer.

use serde::{Deserialize, Serialize};

use super::{invalid, text, PlanError};
use crate::id::Id;
use crate::record::{Kind, Record};
use crate::view::{expect_kind, DecodeError, Fields, FieldsOut, ValidationError, View};

pub const MAX_NAME: usize = 80;
pub const MAX_PHONE: usize = 30;
pub const MAX_EMAIL: usize = 120;
pub const MAX_LINK: usize = 500;
pub const MAX_NOTE: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactRole {
    Manager,
    Pedagogue,
    Coach,
    CareCoordinator,
    YouthNurse,
    Cjg,
    School,
    /// The meldcode contact (aandachtsfunctionaris) and the protocol pointer.
    Meldcode,
    Other,
}

impl ContactRole {
    /// Every role, in the scheme's display order (the order of [`scheme`]).
    pub const ALL: [ContactRole; 9] = [
        ContactRole::Manager,
        ContactRole::Pedagogue,
        ContactRole::Coach,
        ContactRole::CareCoordinator,
        ContactRole::YouthNurse,
        ContactRole::Cjg,
        ContactRole::School,
        ContactRole::Meldcode,
        ContactRole::Other,
    ];
}

const ROLE: &str = "r";
const NAME: &str = "n";
const PHONE: &str = "ph";
const EMAIL: &str = "em";
const LINK: &str = "ln";
const NOTE: &str = "no";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: Id,
    pub role: ContactRole,
    /// Person or organisation ("Helen (pedagoog)", "CJG Zuid").
    pub name: String,
    pub phone: String,
    pub email: String,
    /// A link, e.g. to the organisation's meldcode protocol.
    pub link: String,
    /// What to call them for; for the meldcode, where the protocol is kept.
    pub note: String,
}

impl Contact {
    pub fn new(id: Id, role: ContactRole, name: impl Into<String>) -> Self {
        Contact {
            id,
            role,
            name: name.into(),
            phone: String::new(),
            email: String::new(),
            link: String::new(),
            note: String::new(),
        }
    }

    /// `tel:` link with spaces, dashes, dots and brackets removed ("+31 6-12 34" → `tel:+316…`);
    /// `None` when no digits are left.
    pub fn tel_href(&self) -> Option<String> {
        let mut digits = String::new();
        for (i, c) in self.phone.trim().chars().enumerate() {
            if c.is_ascii_digit() || (c == '+' && i == 0) {
                digits.push(c);
            }
        }
        digits
            .chars()
            .any(|c| c.is_ascii_digit())
            .then(|| format!("tel:{digits}"))
    }

    pub fn mailto_href(&self) -> Option<String> {
        let e = self.email.trim();
        (!e.is_empty()).then(|| format!("mailto:{e}"))
    }

    /// The link if it is a web address; anything else (a `javascript:` URL pasted by mistake or
    /// malice) is not offered as a link.
    pub fn safe_link(&self) -> Option<&str> {
        let l = self.link.trim();
        let lower = l.to_ascii_lowercase();
        (lower.starts_with("https://") || lower.starts_with("http://")).then_some(l)
    }

    pub fn check(&self) -> Result<(), PlanError> {
        text("name", &self.name, true, MAX_NAME)?;
        text("phone", &self.phone, false, MAX_PHONE)?;
        text("email", &self.email, false, MAX_EMAIL)?;
        text("link", &self.link, false, MAX_LINK)?;
        text("note", &self.note, false, MAX_NOTE)?;
        if !self.email.trim().is_empty() && !self.email.contains('@') {
            return Err(PlanError::InvalidEmail(self.email.clone()));
        }
        // The meldcode entry exists to point at the protocol: a link or a note is required.
        if self.role == ContactRole::Meldcode
            && self.link.trim().is_empty()
            && self.note.trim().is_empty()
        {
            return text("link", "", true, MAX_LINK);
        }
        Ok(())
    }
}

impl View for Contact {
    const KIND: Kind = Kind::Contact;
    const FIELDS: &'static [&'static str] = &[ROLE, NAME, PHONE, EMAIL, LINK, NOTE];

    fn id(&self) -> Id {
        self.id
    }

    fn validate(&self) -> Result<(), ValidationError> {
        self.check().map_err(invalid)
    }

    fn to_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        FieldsOut::default()
            .json(ROLE, Some(&self.role))
            .text(NAME, &self.name)
            .text(PHONE, &self.phone)
            .text(EMAIL, &self.email)
            .text(LINK, &self.link)
            .text(NOTE, &self.note)
            .finish()
    }

    fn from_record(record: &Record) -> Result<Self, DecodeError> {
        expect_kind(record, Kind::Contact)?;
        let f = Fields(record);
        Ok(Contact {
            id: record.id(),
            role: f.required_json(ROLE)?,
            name: f.required_str(NAME)?,
            phone: f.str(PHONE)?,
            email: f.str(EMAIL)?,
            link: f.str(LINK)?,
            note: f.str(NOTE)?,
        })
    }
}

/// The meldcode pointer(s): contacts with the meldcode role, in name order.
pub fn meldcode<'a>(contacts: impl IntoIterator<Item = &'a Contact>) -> Vec<&'a Contact> {
    let mut out: Vec<_> = contacts
        .into_iter()
        .filter(|c| c.role == ContactRole::Meldcode)
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The scheme grouped for display: by role (in [`ContactRole`] order), then name.
pub fn scheme<'a>(contacts: impl IntoIterator<Item = &'a Contact>) -> Vec<&'a Contact> {
    let mut out: Vec<_> = contacts.into_iter().collect();
    out.sort_by(|a, b| (a.role, &a.name).cmp(&(b.role, &b.name)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::tests::h;
    use crate::view::{assert_field_codes_valid, create};

    fn contact(n: u8, role: ContactRole, name: &str) -> Contact {
        Contact::new(Id::from_random([n; 16]), role, name)
    }

    #[test]
    fn roundtrip_links_and_validation() {
        assert_field_codes_valid(Contact::FIELDS);
        let mut c = contact(1, ContactRole::Cjg, "CJG Zuid");
        c.phone = "+31 (0)6-12 34.56 78".into();
        c.email = "zuid@cjg.example".into();
        let r = create(&c, "AB", h(1, 1)).unwrap();
        assert_eq!(Contact::from_record(&r).unwrap(), c);
        assert_eq!(c.tel_href().as_deref(), Some("tel:+310612345678"));
        assert_eq!(c.mailto_href().as_deref(), Some("mailto:zuid@cjg.example"));
        assert_eq!(contact(2, ContactRole::Other, "x").tel_href(), None);
        c.email = "geen".into();
        assert_eq!(
            c.validate(),
            Err(ValidationError::Plan(PlanError::InvalidEmail(
                "geen".into()
            )))
        );

        let mut m = contact(3, ContactRole::Meldcode, "Helen (aandachtsfunctionaris)");
        assert_eq!(m.validate(), Err(ValidationError::Empty { field: "link" }));
        m.link = "javascript:alert(1)".into();
        assert_eq!(m.validate(), Ok(()));
        assert_eq!(m.safe_link(), None);
        m.link = "https://intranet.example/meldcode".into();
        assert_eq!(m.safe_link(), Some("https://intranet.example/meldcode"));
    }

    #[test]
    fn meldcode_pointer_and_scheme_order() {
        let mut m = contact(3, ContactRole::Meldcode, "Helen");
        m.note = "Protocol in de map op kantoor".into();
        let list = [
            contact(1, ContactRole::Cjg, "CJG"),
            m.clone(),
            contact(2, ContactRole::Manager, "Ilse"),
        ];
        assert_eq!(meldcode(&list), vec![&m]);
        let names: Vec<_> = scheme(&list).iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Ilse", "CJG", "Helen"]);
        assert!(ContactRole::ALL.windows(2).all(|w| w[0] < w[1]));
    }
}
