//! What the parent page keeps on the phone: its language, and per link the last encrypted
//! summary (ciphertext only — the key stays in the link), so it opens again offline.

use signaal_core::lang::Lang;
use signaal_core::wire::{ShareEnvelope, UnixMillis};
use signaal_web::share::envelope;

const PREFIX: &str = "signaal-parent/";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn link_key(link_id: &str) -> String {
    format!("{PREFIX}link/{link_id}")
}

pub fn lang() -> Lang {
    let stored = storage().and_then(|s| s.get_item(&format!("{PREFIX}lang")).ok().flatten());
    Lang::ALL.into_iter().find(|l| stored.as_deref() == Some(l.code())).unwrap_or_default()
}

pub fn set_lang(lang: Lang) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("{PREFIX}lang"), lang.code());
    }
}

/// Keeps the server's answer as it came. A full phone only costs the offline copy; the page
/// still shows the summary.
pub fn keep(link_id: &str, raw: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&link_key(link_id), raw);
    }
}

/// The kept copy, unless it has expired (then it is removed: the link would answer 410 too).
pub fn kept(link_id: &str, now: UnixMillis) -> Option<ShareEnvelope> {
    let raw = storage()?.get_item(&link_key(link_id)).ok().flatten()?;
    match envelope(&raw) {
        Ok(envelope) if envelope.expires_at > now => Some(envelope),
        _ => {
            forget(link_id);
            None
        }
    }
}

/// The link last opened on this phone, so the home-screen icon (which starts at `/p/`, without
/// a fragment) opens it again. The phone already holds the link in its browser history.
pub fn remember(link_id: &str, secret: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&format!("{PREFIX}last"), &format!("{link_id}#{secret}"));
    }
}

pub fn last() -> Option<(String, String)> {
    let raw = storage()?.get_item(&format!("{PREFIX}last")).ok().flatten()?;
    let (id, secret) = raw.split_once('#')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// Forgets a link's copy, and the link itself if it was the last opened one.
pub fn forget(link_id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&link_key(link_id));
        if last().is_some_and(|(id, _)| id == link_id) {
            let _ = s.remove_item(&format!("{PREFIX}last"));
        }
    }
}
