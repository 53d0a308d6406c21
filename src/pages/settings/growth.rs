//! `/instellingen/groei`: a practitioner's own growth — learning questions (which the coach's
//! activities can be about), the yearly self-rating on the four core skills, trainings
//! attended — and the team's average per year. One person's answers show only on a device
//! writing as that person or held by a manager; the rules are `signaal_core::growth`.

use crate::components::{Field, PageHeader, TeamGrowth};
use crate::i18n::{format_date, use_i18n, Key};
use crate::labels;
use crate::platform::{date_input, new_id, parse_date, today};
use crate::state::use_state;
use crate::store::repo::RepoError;
use chrono::Datelike;
use leptos::prelude::*;
use signaal_core::growth::{
    may_see, rating_of, same_person, LearningQuestion, SelfRating, Skill, Training, MAX_QUESTION,
    MAX_TITLE,
};
use signaal_core::plan::activity::{ActivitySubject, CoachActivity};
use signaal_core::plan::Role;
use signaal_core::view::ValidationError;

/// A failed save in words: a text rule names its own field, anything else as the repo says.
fn save_error(err: &RepoError, text: Key) -> Key {
    match err {
        RepoError::Invalid(ValidationError::Plan(_)) => Key::ErrGrowthScore,
        RepoError::Invalid(_) => text,
        other => labels::repo_error(other),
    }
}

/// Who this device writes as, and whether it may see everyone's answers.
#[derive(Clone, PartialEq)]
struct Viewer {
    name: String,
    roles: Vec<Role>,
}

impl Viewer {
    fn sees(&self, owner: &str) -> bool {
        may_see(&self.name, &self.roles, owner)
    }

    fn is_manager(&self) -> bool {
        self.roles.contains(&Role::Manager)
    }
}

#[component]
pub fn Growth() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let viewer = Memo::new(move |_| {
        state.repo.with(|r| Viewer {
            name: r.profile().author.trim().to_owned(),
            roles: r.profile().roles.clone(),
        })
    });
    view! {
        <PageHeader title=Key::GrowthTitle intro=Key::GrowthIntro/>
        {move || {
            let v = viewer.get();
            if v.name.is_empty() {
                view! {
                    <p class="card">{i18n.tr(Key::GrowthNoName)}" "<a href="/instellingen">{i18n.tr(Key::NavSettings)}</a></p>
                }.into_any()
            } else {
                view! {
                    <p class="muted">{i18n.tr(Key::GrowthAs)}" "<strong>{v.name.clone()}</strong></p>
                    <Questions name=v.name.clone()/>
                    <Rating name=v.name.clone()/>
                    <Trainings name=v.name.clone()/>
                }.into_any()
            }
        }}
        <TeamGrowth/>
        {move || viewer.get().is_manager().then(|| view! { <PerPerson viewer/> })}
    }
}

#[component]
fn Questions(name: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let text = RwSignal::new(String::new());
    let message = RwSignal::new(None::<(bool, Key)>);
    let owner = name.clone();
    let mine = Memo::new(move |_| {
        let viewer = owner.clone();
        state.repo.with(|r| {
            let activities: Vec<CoachActivity> = r.all();
            let mut list: Vec<(LearningQuestion, usize)> = r
                .all::<LearningQuestion>()
                .into_iter()
                .filter(|q| same_person(&q.practitioner, &viewer))
                .map(|q| {
                    let used = activities
                        .iter()
                        .filter(|a| a.subject == ActivitySubject::Question(q.id))
                        .count();
                    (q, used)
                })
                .collect();
            list.sort_by_key(|(q, _)| (q.done_on.is_some(), std::cmp::Reverse(q.asked_on), q.id));
            list
        })
    });
    let save = move |q: LearningQuestion, ok: Key| match state.repo.try_update(|r| r.save(&q)) {
        Some(Ok(())) => {
            message.set(Some((true, ok)));
            true
        }
        Some(Err(err)) => {
            message.set(Some((false, save_error(&err, Key::ErrGrowthQuestion))));
            false
        }
        None => false,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = LearningQuestion {
            id: new_id(),
            practitioner: name.clone(),
            question: text.get_untracked().trim().to_owned(),
            asked_on: today(),
            done_on: None,
        };
        if save(q, Key::GrowthQuestionSaved) {
            text.set(String::new());
        }
    };
    view! {
        <section class="card growth-questions" aria-labelledby="growth-questions">
            <h2 id="growth-questions">{i18n.tr(Key::GrowthQuestions)}</h2>
            {move || {
                let list = mine.get();
                if list.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::GrowthQuestionNone)}</p> }.into_any();
                }
                view! {
                    <ul class="question-list">
                        {list.into_iter().map(|(q, used)| {
                            let asked = q.asked_on;
                            let done = q.done_on;
                            let learnt = q.clone();
                            view! {
                                <li>
                                    <strong>{q.question.clone()}</strong>
                                    <span class="muted">
                                        " · "{i18n.tr(Key::GrowthQuestionAsked)}" "{move || format_date(i18n.lang.get(), asked)}
                                        " · "{used}" "{i18n.tr(Key::GrowthActivities)}
                                        {done.map(|d| view! { " · "{i18n.tr(Key::GrowthQuestionDoneOn)}" "{move || format_date(i18n.lang.get(), d)} })}
                                    </span>
                                    {done.is_none().then(|| view! {
                                        <button type="button" class="button" aria-label=format!("{}: {}", i18n.t(Key::GrowthQuestionDone), q.question)
                                            on:click=move |_| { save(LearningQuestion { done_on: Some(today().max(learnt.asked_on)), ..learnt.clone() }, Key::GrowthQuestionSaved); }>
                                            {i18n.tr(Key::GrowthQuestionDone)}
                                        </button>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form on:submit=submit novalidate>
                <label class="field">
                    <span>{i18n.tr(Key::GrowthQuestionNew)}</span>
                    <input type="text" maxlength=MAX_QUESTION.to_string() bind:value=text/>
                </label>
                {move || message.get().map(|(ok, key)| view! { <p class=if ok { "ok" } else { "error" } role="status">{i18n.tr(key)}</p> })}
                <button type="submit" class="button primary">{i18n.tr(Key::GrowthQuestionSave)}</button>
            </form>
        </section>
    }
}

#[component]
fn Rating(name: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let year = today().year();
    let existing = {
        let name = name.clone();
        state
            .repo
            .with_untracked(|r| rating_of(&r.all::<SelfRating>(), &name, year).cloned())
    };
    let scores = RwSignal::new(existing.as_ref().map_or([0u8; 4], |r| r.scores));
    let message = RwSignal::new(None::<(bool, Key)>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // A second rating in the same year edits the first.
        let current = state
            .repo
            .with_untracked(|r| rating_of(&r.all::<SelfRating>(), &name, year).cloned());
        let rating = SelfRating {
            id: current.map_or_else(new_id, |c| c.id),
            practitioner: name.clone(),
            year,
            scores: scores.get_untracked(),
        };
        match state.repo.try_update(|r| r.save(&rating)) {
            Some(Ok(())) => message.set(Some((true, Key::GrowthRatingSaved))),
            Some(Err(err)) => message.set(Some((false, save_error(&err, Key::ErrGrowthScore)))),
            None => {}
        }
    };
    view! {
        <form class="card growth-rating" on:submit=submit novalidate aria-labelledby="growth-rating">
            <h2 id="growth-rating">{i18n.tr(Key::GrowthRating)}" "{year}</h2>
            <p class="muted">{i18n.tr(Key::GrowthRatingHelp)}</p>
            {Skill::ALL.into_iter().enumerate().map(|(i, skill)| view! {
                <fieldset class="inline-choices score-choices">
                    <legend>{i18n.tr(labels::skill(skill))}</legend>
                    {(1u8..=5).map(|n| view! {
                        <label class="choice">
                            <input type="radio" name=format!("score-{i}") prop:checked=move || scores.get()[i] == n
                                on:change=move |_| scores.update(|s| s[i] = n)/>
                            <span>{n}</span>
                        </label>
                    }).collect_view()}
                </fieldset>
            }).collect_view()}
            {move || message.get().map(|(ok, key)| view! { <p class=if ok { "ok" } else { "error" } role="status">{i18n.tr(key)}</p> })}
            <button type="submit" class="button primary">{i18n.tr(Key::GrowthRatingSave)}</button>
        </form>
    }
}

#[component]
fn Trainings(name: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let title = RwSignal::new(String::new());
    let date = RwSignal::new(date_input(today()));
    let message = RwSignal::new(None::<(bool, Key)>);
    let owner = name.clone();
    let mine = Memo::new(move |_| {
        let viewer = owner.clone();
        let mut list: Vec<Training> = state.repo.with(|r| r.all());
        list.retain(|t| same_person(&t.practitioner, &viewer));
        list.sort_by_key(|t| (std::cmp::Reverse(t.date), t.id));
        list
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(on) = parse_date(&date.get_untracked()) else {
            return message.set(Some((false, Key::ErrDate)));
        };
        let t = Training {
            id: new_id(),
            practitioner: name.clone(),
            date: on,
            title: title.get_untracked().trim().to_owned(),
        };
        match state.repo.try_update(|r| r.save(&t)) {
            Some(Ok(())) => {
                title.set(String::new());
                message.set(Some((true, Key::GrowthTrainingSaved)));
            }
            Some(Err(err)) => message.set(Some((false, save_error(&err, Key::ErrGrowthTraining)))),
            None => {}
        }
    };
    view! {
        <section class="card growth-trainings" aria-labelledby="growth-trainings">
            <h2 id="growth-trainings">{i18n.tr(Key::GrowthTrainings)}</h2>
            {move || {
                let list = mine.get();
                if list.is_empty() {
                    return view! { <p class="muted">{i18n.tr(Key::GrowthTrainingNone)}</p> }.into_any();
                }
                view! {
                    <ul class="training-list">
                        {list.into_iter().map(|t| {
                            let day = t.date;
                            view! { <li>{t.title}" · "{move || format_date(i18n.lang.get(), day)}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <form on:submit=submit novalidate>
                <Field label=Key::GrowthTrainingTitle><input type="text" maxlength=MAX_TITLE.to_string() bind:value=title/></Field>
                <Field label=Key::ActivityDate><input type="date" bind:value=date/></Field>
                {move || message.get().map(|(ok, key)| view! { <p class=if ok { "ok" } else { "error" } role="status">{i18n.tr(key)}</p> })}
                <button type="submit" class="button primary">{i18n.tr(Key::GrowthTrainingSave)}</button>
            </form>
        </section>
    }
}

/// For a manager: each person's rating of this year, open learning questions and trainings.
#[component]
fn PerPerson(viewer: Memo<Viewer>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_state();
    let year = today().year();
    let people = Memo::new(move |_| {
        let v = viewer.get();
        state.repo.with(|r| {
            let ratings: Vec<SelfRating> = r.all();
            let questions: Vec<LearningQuestion> = r.all();
            let trainings: Vec<Training> = r.all();
            let mut names: Vec<String> = ratings
                .iter()
                .map(|x| x.practitioner.clone())
                .chain(questions.iter().map(|q| q.practitioner.clone()))
                .chain(trainings.iter().map(|t| t.practitioner.clone()))
                .filter(|n| v.sees(n))
                .collect();
            names.sort_by_key(|n| n.trim().to_lowercase());
            names.dedup_by_key(|n| n.trim().to_lowercase());
            names
                .into_iter()
                .map(|n| {
                    let same = |other: &str| same_person(other, &n);
                    let rating = rating_of(&ratings, &n, year).map(|r| r.scores);
                    let open: Vec<String> = questions
                        .iter()
                        .filter(|q| same(&q.practitioner) && q.done_on.is_none())
                        .map(|q| q.question.clone())
                        .collect();
                    let courses = trainings.iter().filter(|t| same(&t.practitioner)).count();
                    (n, rating, open, courses)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="card growth-people" aria-labelledby="growth-people">
            <h2 id="growth-people">{i18n.tr(Key::GrowthPerPerson)}" "{year}</h2>
            <div class="table-scroll">
                <table class="monitor-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.tr(Key::GrowthPerson)}</th>
                            {Skill::ALL.into_iter().map(|s| view! { <th scope="col">{i18n.tr(labels::skill(s))}</th> }).collect_view()}
                            <th scope="col">{i18n.tr(Key::GrowthOpenQuestions)}</th>
                            <th scope="col">{i18n.tr(Key::GrowthTrainingCount)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || people.get().into_iter().map(|(n, rating, open, courses)| view! {
                            <tr>
                                <th scope="row">{n}</th>
                                {match rating {
                                    Some(s) => s.into_iter().map(|v| view! { <td>{v}</td> }).collect_view().into_any(),
                                    None => view! { <td colspan="4" class="muted">"–"</td> }.into_any(),
                                }}
                                <td>{open.join("; ")}</td>
                                <td>{courses}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
