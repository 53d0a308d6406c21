use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::moment::Moment;

/// Earlier moments of the same child that look like `target`, with the reason why, so the team
/// sees a pattern instead of having to remember it.
#[component]
pub fn SimilarMoments(#[prop(into)] target: Signal<Option<Moment>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let similar = Memo::new(move |_| {
        let target = target.get()?;
        state.repo.with(|repo| {
            let found = repo.notebook().similar(&target, 5);
            Some(
                found
                    .into_iter()
                    .filter_map(|s| repo.notebook().get(s.id).map(|m| (s, m.note.clone())))
                    .collect::<Vec<_>>(),
            )
        })
    });
    view! {
        <section class="card similar" aria-labelledby="similar-title">
            <h2 id="similar-title">{i18n.tr(Key::SimilarTitle)}</h2>
            {move || match similar.get() {
                Some(list) if !list.is_empty() => view! {
                    <ul class="similar-list">
                        {list.into_iter().map(|(s, note)| {
                            let date = s.occurred_at.date();
                            let tags = s.shared_tags.iter().map(|t| labels::tag(i18n, t)).collect::<Vec<_>>().join(", ");
                            let words = s.shared_words.join(", ");
                            view! {
                                <li>
                                    <a href=format!("/schriftje/{}", s.id)>
                                        <strong>{move || format_date(i18n.lang.get(), date)}</strong>
                                        <span class="moment-note">{note}</span>
                                        <span class="reason">
                                            {(!tags.is_empty()).then(|| view! { <span>{i18n.tr(Key::SharedTags)}": "{tags.clone()}</span> })}
                                            {(!words.is_empty()).then(|| view! { <span>{i18n.tr(Key::SharedWords)}": "{words.clone()}</span> })}
                                        </span>
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                _ => view! { <p class="muted">{i18n.tr(Key::SimilarNone)}</p> }.into_any(),
            }}
        </section>
    }
}
