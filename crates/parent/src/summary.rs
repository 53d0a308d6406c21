//! The summary as a parent reads it. Positives come first; empty parts are left out.

use crate::text::{Key, Words};
use leptos::prelude::*;
use signaal_core::lang::{format_parent_date, ParentLang};
use signaal_core::share::ParentSummary;

fn list(items: Vec<String>) -> impl IntoView {
    view! { <ul>{items.into_iter().map(|item| view! { <li>{item}</li> }).collect_view()}</ul> }
}

/// A section with a heading, shown only when it has content.
fn section(
    lang: ParentLang,
    heading: Key,
    class: &'static str,
    body: Option<AnyView>,
) -> impl IntoView {
    body.map(|body| {
        view! {
            <section class=format!("ps-section {class}")>
                <h2>{heading.text(lang)}</h2>
                {body}
            </section>
        }
    })
}

#[component]
pub fn SummaryView(
    summary: ParentSummary,
    #[prop(into)] lang: Signal<ParentLang>,
) -> impl IntoView {
    move || {
        let lang = lang.get();
        let s = summary.clone();
        let date = move |d| format_parent_date(lang, d);
        let positives = (!s.positives.is_empty()).then(|| {
            view! {
                <ul>
                    {s.positives.iter().map(|h| view! {
                        <li><span class="ps-date">{date(h.date)}</span>{h.text.clone()}</li>
                    }).collect_view()}
                </ul>
            }
            .into_any()
        });
        let listed = |items: Vec<String>| (!items.is_empty()).then(|| list(items).into_any());
        let next_talk = s.next_talk.map(|d| view! { <p>{date(d)}</p> }.into_any());
        let message = (!s.message.is_empty()).then(|| {
            view! {
                <p>{s.message.clone()}</p>
                <p class="ps-sign">"— "{s.from.clone()}</p>
            }
            .into_any()
        });
        view! {
            <article class="ps">
                <header class="ps-head">
                    <p class="ps-kicker">{Key::Kicker.text(lang)}</p>
                    <h1>{s.child.clone()}</h1>
                    <p class="ps-meta">{Key::From.text(lang)}" "{s.from.clone()}" · "{date(s.written)}</p>
                </header>
                {section(lang, Key::GoingWell, "ps-good", positives)}
                {section(lang, Key::SinceLast, "", listed(s.since_last.clone()))}
                {section(lang, Key::WorkingOn, "", listed(s.working_on.clone()))}
                {section(lang, Key::TeamDoes, "", listed(s.team_does.clone()))}
                {section(lang, Key::Helpers, "", listed(s.helpers.clone()))}
                {section(lang, Key::Tips, "", listed(s.tips.clone()))}
                {section(lang, Key::NextTalk, "", next_talk)}
                {section(lang, Key::Message, "ps-message", message)}
            </article>
        }
    }
}
