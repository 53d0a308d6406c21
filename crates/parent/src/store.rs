//! What the parent page keeps on the phone, in the browser's plain localStorage: its language;
//! per link the last encrypted summary as the server sent it (so it opens again offline), the
//! highest publish version shown (so an older summary put back is refused), and the link's
//! secret; the replies sent from here (so the parent can reread them offline); and which link
//! was opened last. The secret is the summary's key: whoever can read
//! this phone's storage (the browser's profile, a backup of the phone, anyone using it) can read
//! the summary, as they could from the browser's history before. The page takes the secret out
//! of the address bar once it is kept here. The README's threat model says so.

use crate::reply::Sent;
use signaal_core::lang::ParentLang;
use signaal_core::wire::{ShareEnvelope, UnixMillis};
use signaal_web::reply;
use signaal_web::share::envelope;
use wasm_bindgen::JsValue;

const PREFIX: &str = "signaal-parent/";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn link_key(link_id: &str) -> String {
    format!("{PREFIX}link/{link_id}")
}

fn secret_key(link_id: &str) -> String {
    format!("{PREFIX}secret/{link_id}")
}

fn seen_key(link_id: &str) -> String {
    format!("{PREFIX}seen/{link_id}")
}

/// The highest publish version of the link this phone has shown.
pub fn seen(link_id: &str) -> Option<u64> {
    storage()?
        .get_item(&seen_key(link_id))
        .ok()
        .flatten()?
        .parse()
        .ok()
}

/// Records that `version` was shown. Kept even when the link goes (410): a server answering
/// 410 once cannot make the page forget what it saw and accept an older summary after.
pub fn saw(link_id: &str, version: u64) {
    if seen(link_id).is_some_and(|seen| seen >= version) {
        return;
    }
    if let Some(s) = storage() {
        let _ = s.set_item(&seen_key(link_id), &version.to_string());
    }
}

/// The secret of a link opened on this phone before.
pub fn secret(link_id: &str) -> Option<String> {
    storage()?.get_item(&secret_key(link_id)).ok().flatten()
}

/// The language the parent chose on this phone, if they did: it wins over the one the team
/// marked in the summary.
pub fn lang() -> Option<ParentLang> {
    let stored = storage().and_then(|s| s.get_item(&format!("{PREFIX}lang")).ok().flatten())?;
    ParentLang::from_code(&stored)
}

pub fn set_lang(lang: ParentLang) {
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

/// Keeps the link's secret, and the link as the last opened one, so the home-screen icon (which
/// starts at `/p/`, without a fragment) and `/p/<id>` without its fragment open it again.
/// Whether both were stored (a full or refusing storage keeps nothing).
pub fn remember(link_id: &str, secret: &str) -> bool {
    let Some(s) = storage() else { return false };
    s.set_item(&format!("{PREFIX}last"), &format!("{link_id}#{secret}"))
        .is_ok()
        && s.set_item(&secret_key(link_id), secret).is_ok()
}

pub fn last() -> Option<(String, String)> {
    let raw = storage()?
        .get_item(&format!("{PREFIX}last"))
        .ok()
        .flatten()?;
    let (id, secret) = raw.split_once('#')?;
    Some((id.to_owned(), secret.to_owned()))
}

/// Forgets a link's copy, and the link itself if it was the last opened one. The version seen
/// stays (see [`saw`]), and so does the secret: the page opened from `/p/<id>` can then still
/// say the link is gone, and the secret opens nothing once the server has deleted the summary
/// (ids are never reused).
pub fn forget(link_id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&link_key(link_id));
        if last().is_some_and(|(id, _)| id == link_id) {
            let _ = s.remove_item(&format!("{PREFIX}last"));
        }
    }
}

fn sent_key(link_id: &str) -> String {
    format!("{PREFIX}replies/{link_id}")
}

/// The replies sent from this phone for the link, oldest first (a damaged entry is skipped:
/// it is the parent's own copy, the team has the reply).
pub fn sent(link_id: &str) -> Vec<Sent> {
    let Some(raw) = storage().and_then(|s| s.get_item(&sent_key(link_id)).ok().flatten()) else {
        return Vec::new();
    };
    let Ok(list) = js_sys::JSON::parse(&raw) else {
        return Vec::new();
    };
    if !js_sys::Array::is_array(&list) {
        return Vec::new();
    }
    let get = |item: &JsValue, name: &str| js_sys::Reflect::get(item, &name.into()).ok();
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|item| {
            Some(Sent {
                id: get(&item, "id")?.as_string()?,
                delivered: get(&item, "delivered")?.as_bool()?,
                reply: reply::from_json(&get(&item, "reply")?.as_string()?).ok()?,
            })
        })
        .collect()
}

/// Keeps what was sent. A full phone only loses the copy: the reply reached the server.
pub fn keep_sent(link_id: &str, sent: &[Sent]) {
    let list = js_sys::Array::new();
    for s in sent {
        let item = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&item, &"id".into(), &s.id.as_str().into());
        let _ = js_sys::Reflect::set(&item, &"delivered".into(), &s.delivered.into());
        let _ = js_sys::Reflect::set(&item, &"reply".into(), &reply::to_json(&s.reply).into());
        list.push(&item);
    }
    if let (Some(s), Some(text)) = (
        storage(),
        js_sys::JSON::stringify(&list)
            .ok()
            .and_then(|t| t.as_string()),
    ) {
        let _ = s.set_item(&sent_key(link_id), &text);
    }
}
