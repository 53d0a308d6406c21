//! The parent answers: under the summary, a short text and, when a next talk is proposed,
//! "I'll come" / "another time" with a note. Sealed on the phone with the key from the link's
//! secret and posted with the link's reply token; what was sent stays on the phone (readable
//! offline) and says "received by the team" once a team device has fetched it.

use crate::store;
use crate::text::{Key, Words};
use chrono::Timelike;
use leptos::prelude::*;
use leptos::task::spawn_local;
use signaal_core::lang::{format_parent_date, ParentLang};
use signaal_core::reply::{
    ParentReply, ReplyError, TalkAnswer, MAX_REPLY_CHARS, MAX_TALK_NOTE_CHARS, REPLY_ID_BYTES,
};
use signaal_web::base64::encode_url;
use signaal_web::crypto::random_bytes;
use signaal_web::time::local_at;
use signaal_web::{http, reply};

/// One reply sent from this phone.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub id: String,
    pub reply: ParentReply,
    pub delivered: bool,
}

/// Why a reply did not go; each has its own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SendError {
    Empty,
    TooLong,
    Offline,
    /// 410: the link was revoked or expired.
    Gone,
    /// 403: a link published before replies existed (or a damaged secret).
    NotAccepted,
    Busy,
    Broken,
}

impl SendError {
    fn words(self) -> Key {
        match self {
            SendError::Empty => Key::ReplyEmpty,
            SendError::TooLong => Key::ReplyTooLong,
            SendError::Offline => Key::ReplyOffline,
            SendError::Gone => Key::ReplyGone,
            SendError::NotAccepted => Key::ReplyNotAccepted,
            SendError::Busy => Key::BusyBody,
            SendError::Broken => Key::ReplyBroken,
        }
    }
}

impl From<ReplyError> for SendError {
    fn from(err: ReplyError) -> Self {
        match err {
            ReplyError::Empty => SendError::Empty,
            ReplyError::Text(_) => SendError::TooLong,
            _ => SendError::Broken,
        }
    }
}

async fn send(link_id: &str, secret: &str, reply: &ParentReply) -> Result<Sent, SendError> {
    reply.check()?;
    let id = encode_url(&random_bytes::<REPLY_ID_BYTES>().map_err(|_| SendError::Broken)?);
    let body = reply::seal(link_id, secret, &id, reply)
        .await
        .map_err(|_| SendError::Broken)?;
    let token = reply::token(secret)
        .await
        .map_err(|_| SendError::NotAccepted)?;
    let json = js_sys::JSON::stringify(&body_object(&body))
        .ok()
        .and_then(|s| s.as_string())
        .ok_or(SendError::Broken)?;
    let answer = http::send(
        "POST",
        &format!("/api/shares/{link_id}/replies"),
        Some(&token),
        Some(json),
    )
    .await
    .map_err(|_| SendError::Offline)?;
    match answer.status {
        200..=299 => Ok(Sent {
            id,
            reply: reply.clone(),
            delivered: false,
        }),
        410 => Err(SendError::Gone),
        403 => Err(SendError::NotAccepted),
        429 => Err(SendError::Busy),
        _ => Err(SendError::Broken),
    }
}

fn body_object(body: &signaal_core::wire::PostReplyRequest) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (name, value) in [
        ("reply_id", &body.reply_id),
        ("nonce", &body.nonce),
        ("ciphertext", &body.ciphertext),
    ] {
        let _ = js_sys::Reflect::set(&object, &name.into(), &value.as_str().into());
    }
    object
}

/// Asks whether the team has the replies still marked as sent; keeps what it learns.
async fn check_delivered(link_id: String, secret: String, sent: RwSignal<Vec<Sent>>) {
    let Ok(token) = reply::token(&secret).await else {
        return;
    };
    let waiting: Vec<String> = sent.with_untracked(|list| {
        list.iter()
            .filter(|s| !s.delivered)
            .map(|s| s.id.clone())
            .collect()
    });
    for id in waiting {
        let path = format!("/api/shares/{link_id}/replies/{id}");
        let Ok(answer) = http::send("GET", &path, Some(&token), None).await else {
            return;
        };
        let delivered = answer.ok()
            && js_sys::JSON::parse(&answer.body)
                .ok()
                .and_then(|v| js_sys::Reflect::get(&v, &"delivered".into()).ok())
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
        if delivered {
            sent.update(|list| {
                if let Some(s) = list.iter_mut().find(|s| s.id == id) {
                    s.delivered = true;
                }
            });
            store::keep_sent(&link_id, &sent.get_untracked());
        }
    }
}

fn talk_words(answer: TalkAnswer) -> Key {
    match answer {
        TalkAnswer::Coming => Key::TalkComing,
        TalkAnswer::OtherTime => Key::TalkOtherTime,
    }
}

#[component]
pub fn ReplyBox(
    link_id: String,
    secret: String,
    /// A next talk is proposed: the parent can say whether they come.
    talk_proposed: bool,
    #[prop(into)] lang: Signal<ParentLang>,
) -> impl IntoView {
    let t = move |key: Key| move || key.text(lang.get());
    let sent = RwSignal::new(store::sent(&link_id));
    let text = RwSignal::new(String::new());
    let talk = RwSignal::new(None::<TalkAnswer>);
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    // The last send's outcome: `Ok` says it went, `Err` why not.
    let outcome = RwSignal::new(None::<Result<(), SendError>>);
    spawn_local(check_delivered(link_id.clone(), secret.clone(), sent));
    let submit = {
        let (link_id, secret) = (link_id.clone(), secret.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            let reply = ParentReply {
                text: text.get_untracked(),
                talk: talk.get_untracked(),
                talk_note: note.get_untracked(),
                sent_at: js_sys::Date::now() as i64,
            };
            let (link_id, secret) = (link_id.clone(), secret.clone());
            busy.set(true);
            outcome.set(None);
            spawn_local(async move {
                match send(&link_id, &secret, &reply).await {
                    Ok(new) => {
                        sent.update(|list| list.push(new));
                        store::keep_sent(&link_id, &sent.get_untracked());
                        text.set(String::new());
                        note.set(String::new());
                        talk.set(None);
                        outcome.set(Some(Ok(())));
                    }
                    Err(err) => outcome.set(Some(Err(err))),
                }
                busy.set(false);
            });
        }
    };
    let choice = move |answer: TalkAnswer| {
        view! {
            <label class="pp-choice">
                <input type="radio" name="talk" prop:checked=move || talk.get() == Some(answer)
                    on:change=move |_| talk.set(Some(answer))/>
                {t(talk_words(answer))}
            </label>
        }
    };
    view! {
        <section class="pp-reply" aria-labelledby="pp-reply-title">
            <h2 id="pp-reply-title">{t(Key::ReplyTitle)}</h2>
            <p class="pp-muted">{t(Key::ReplyHelp)}</p>
            <form on:submit=submit>
                <label class="pp-field">
                    <span>{t(Key::ReplyLabel)}</span>
                    <textarea rows="4" maxlength=MAX_REPLY_CHARS.to_string()
                        prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </label>
                {talk_proposed.then(|| view! {
                    <fieldset class="pp-talk">
                        <legend>{t(Key::TalkQuestion)}</legend>
                        {choice(TalkAnswer::Coming)}
                        {choice(TalkAnswer::OtherTime)}
                        <label class="pp-field">
                            <span>{t(Key::TalkNote)}</span>
                            <input type="text" maxlength=MAX_TALK_NOTE_CHARS.to_string()
                                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                        </label>
                    </fieldset>
                })}
                {move || outcome.get().map(|result| match result {
                    Ok(()) => view! { <p class="pp-done" role="status">{t(Key::ReplySent)}</p> }.into_any(),
                    Err(err) => view! { <p class="pp-error" role="alert">{t(err.words())}</p> }.into_any(),
                })}
                <button type="submit" class="pp-retry" disabled=move || busy.get()>{t(Key::ReplySend)}</button>
            </form>
            {move || {
                let list = sent.get();
                (!list.is_empty()).then(|| view! {
                <h3>{t(Key::SentTitle)}</h3>
                <ul class="pp-sent">
                    {list.into_iter().rev().map(|s| {
                        let at = local_at(s.reply.sent_at);
                        view! {
                            <li>
                                <span class="ps-date">{move || format!("{} {:02}:{:02}", format_parent_date(lang.get(), at.date()), at.hour(), at.minute())}</span>
                                {(!s.reply.text.is_empty()).then(|| view! { <p>{s.reply.text.clone()}</p> })}
                                {s.reply.talk.map(|a| view! { <p>{t(talk_words(a))}</p> })}
                                {(!s.reply.talk_note.is_empty()).then(|| view! { <p>{s.reply.talk_note.clone()}</p> })}
                                <p class="pp-status">{t(if s.delivered { Key::Delivered } else { Key::NotYetDelivered })}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                })
            }}
        </section>
    }
}
