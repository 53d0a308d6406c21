//! The parent page's words ([`signaal_core::parent_words`]): Dutch and English are in the page,
//! the other languages arrive with [`load`] before the page shows them. The app's preview
//! (feature `all-words`) carries every language and loads nothing.

use signaal_core::lang::ParentLang;
pub use signaal_core::parent_words::Key;

pub trait Words {
    /// The word in `lang`; Dutch if `lang`'s words have not been [`load`]ed (the page only
    /// switches to a language once they are).
    fn text(self, lang: ParentLang) -> &'static str;
}

impl Words for Key {
    fn text(self, lang: ParentLang) -> &'static str {
        self.built_in(lang)
            .or_else(|| fetched(lang).map(|table| table[self.index()]))
            .unwrap_or_else(|| self.built_in(ParentLang::Nl).unwrap_or_default())
    }
}

#[cfg(feature = "all-words")]
fn fetched(lang: ParentLang) -> Option<&'static [&'static str]> {
    use signaal_core::parent_words::{fetched_slot, FETCHED};
    fetched_slot(lang).map(|slot| FETCHED[slot])
}

/// Makes `lang`'s words available; false if they could not be fetched (offline before the
/// service worker kept them, or a file of another build).
#[cfg(feature = "all-words")]
pub async fn load(_lang: ParentLang) -> bool {
    true
}

#[cfg(not(feature = "all-words"))]
pub use fetch::{fetched, load};

#[cfg(not(feature = "all-words"))]
mod fetch {
    use js_sys::{Array, JSON};
    use signaal_core::lang::ParentLang;
    use signaal_core::parent_words::{fetched_slot, file, COUNT, FETCHED_LANGS};
    use std::cell::Cell;
    use wasm_bindgen::JsCast;

    type Table = &'static [&'static str];

    thread_local! {
        // Kept for the page's life: a parent switches languages a few times at most, so each
        // table is leaked once rather than owned by a signal.
        static LOADED: [Cell<Option<Table>>; FETCHED_LANGS.len()] = Default::default();
    }

    pub fn fetched(lang: ParentLang) -> Option<Table> {
        let slot = fetched_slot(lang)?;
        LOADED.with(|loaded| loaded[slot].get())
    }

    pub async fn load(lang: ParentLang) -> bool {
        let (Some(slot), Some(path)) = (fetched_slot(lang), file(lang)) else {
            return true;
        };
        if fetched(lang).is_some() {
            return true;
        }
        let Some(table) = fetch_table(&path).await else {
            return false;
        };
        LOADED.with(|loaded| loaded[slot].set(Some(table)));
        true
    }

    async fn fetch_table(path: &str) -> Option<Table> {
        let reply = signaal_web::http::send("GET", path, None, None)
            .await
            .ok()
            .filter(|r| r.ok())?;
        let words: Array = JSON::parse(&reply.body).ok()?.dyn_into().ok()?;
        if words.length() as usize != COUNT {
            return None;
        }
        let words: Option<Vec<&'static str>> = words
            .iter()
            .map(|word| word.as_string().map(|w| &*Box::leak(w.into_boxed_str())))
            .collect();
        Some(Box::leak(words?.into_boxed_slice()))
    }
}
