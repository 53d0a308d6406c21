use crate::i18n::{format_datetime, use_i18n, Key};
use crate::labels;
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::moment::{Moment, Tag};

/// One notebook entry in a list: when, who about, tags, the note; the whole card opens it.
#[component]
pub fn MomentCard(moment: Moment) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let names = state.repo.with_untracked(|repo| {
        moment
            .child_ids
            .iter()
            .filter_map(|id| repo.children().get(id).map(|c| c.display_name.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    });
    let href = format!("/schriftje/{}", moment.id);
    let at = moment.occurred_at;
    let part = moment.part_of_day();
    let positive = moment.tags.contains(&Tag::Positive);
    let rating = moment.rating.map(|r| (r.code(), labels::rating(r)));
    let tags = moment.tags.clone();
    let note = moment.note.clone();
    // A parent's reply says so instead of naming an author.
    let from_parent = moment.from_parent;
    let unread = from_parent && !moment.read;
    let author = (!from_parent).then(|| moment.author.clone());
    view! {
        <li class="moment-card" class:positive=positive class:from-parent=from_parent>
            <a href=href>
                <span class="moment-meta">
                    <time datetime=signaal_core::iso::minute(at)>
                        {move || format_datetime(i18n.lang.get(), at)}
                    </time>
                    " · "
                    {move || i18n.t(labels::part_of_day(part))}
                    {rating.map(|(code, key)| view! {
                        <span class=format!("rating rating-{code}")>{i18n.tr(key)}</span>
                    })}
                </span>
                <strong class="moment-children">{names}</strong>
                <span class="tag-list">
                    {from_parent.then(|| view! { <span class="tag tag-parent">{i18n.tr(Key::FromParent)}</span> })}
                    {unread.then(|| view! { <span class="unread">{i18n.tr(Key::ParentReplyUnread)}</span> })}
                    {tags.into_iter().map(|tag| {
                        let positive = tag == Tag::Positive;
                        view! { <span class="tag" class:tag-positive=positive>{move || labels::tag(i18n, &tag)}</span> }
                    }).collect_view()}
                </span>
                <span class="moment-note">{note}</span>
                <span class="moment-author">{author}</span>
            </a>
        </li>
    }
}
