//! The team's self-rating per year (`signaal_core::growth::team_averages`): averages only, and
//! only from three people, so it can show on every device — the growth page and the monitor.

use crate::i18n::{use_i18n, Key};
use crate::labels;
use crate::state::use_state;
use leptos::prelude::*;
use signaal_core::growth::{team_averages, SelfRating, Skill};

#[component]
pub fn TeamGrowth() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let years = Memo::new(move |_| state.repo.with(|r| team_averages(&r.all::<SelfRating>())));
    view! {
        <section class="card growth-team" aria-labelledby="growth-team">
            <h2 id="growth-team">{i18n.tr(Key::GrowthTeam)}</h2>
            <p class="muted">{i18n.tr(Key::GrowthTeamHelp)}</p>
            {move || {
                let list = years.get();
                if list.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::GrowthTeamNone)}</p> }.into_any();
                }
                // Skills down, years across: the skill names need the width, a phone has little.
                let too_few = list.iter().any(|avg| avg.scores.is_none());
                let cell = move |scores: Option<[f64; 4]>, i: usize| {
                    scores.map_or_else(|| "–".to_owned(), |s| labels::one_decimal(i18n, s[i]))
                };
                view! {
                    <div class="table-scroll">
                        <table class="monitor-table">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.tr(Key::GrowthSkill)}</th>
                                    {list.iter().map(|avg| view! {
                                        <th scope="col">{avg.year}" ("{i18n.tr(Key::GrowthPeople)}" "{avg.people}")"</th>
                                    }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {Skill::ALL.into_iter().enumerate().map(|(i, s)| view! {
                                    <tr>
                                        <th scope="row">{i18n.tr(labels::skill(s))}</th>
                                        {list.iter().map(|avg| view! { <td>{cell(avg.scores, i)}</td> }).collect_view()}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {too_few.then(|| view! { <p class="muted">"– "{i18n.tr(Key::GrowthTooFew)}</p> })}
                }.into_any()
            }}
        </section>
    }
}
