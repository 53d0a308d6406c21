use crate::i18n::{use_i18n, Key};
use crate::labels;
use leptos::prelude::*;
use signaal_core::moment::Tag;
use signaal_core::notebook::WeekCount;

const LABEL_W: f32 = 150.0;
const COL_W: f32 = 30.0;
const ROW_H: f32 = 34.0;
const TOP: f32 = 18.0;

/// Moments per week, one row per tag (small multiples share one scale), so a rise in one kind of
/// moment stands out. Drawn as plain SVG: no chart library in the download.
#[component]
pub fn WeeklyChart(#[prop(into)] weeks: Signal<Vec<WeekCount>>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Memo::new(move |_| {
        weeks.with(|weeks| {
            let mut tags: Vec<Tag> = weeks
                .iter()
                .flat_map(|w| w.per_tag.keys().cloned())
                .collect();
            tags.sort();
            tags.dedup();
            let mut rows: Vec<(Option<Tag>, Vec<u32>)> =
                vec![(None, weeks.iter().map(|w| w.total).collect())];
            rows.extend(tags.into_iter().map(|tag| {
                let counts = weeks
                    .iter()
                    .map(|w| w.per_tag.get(&tag).copied().unwrap_or(0))
                    .collect();
                (Some(tag), counts)
            }));
            rows
        })
    });
    let summary = move || {
        weeks.with(|weeks| {
            let parts: Vec<String> = weeks
                .iter()
                .map(|w| format!("wk {}: {}", w.iso_week, w.total))
                .collect();
            format!("{}. {}", i18n.t(Key::ChartTitle), parts.join(", "))
        })
    };
    view! {
        <figure class="card chart">
            <figcaption>{i18n.tr(Key::ChartTitle)}</figcaption>
            {move || {
                let rows = rows.get();
                let labels: Vec<u32> = weeks.with(|w| w.iter().map(|w| w.iso_week).collect());
                let max = rows.iter().flat_map(|(_, c)| c.iter().copied()).max().unwrap_or(0).max(1) as f32;
                let width = LABEL_W + COL_W * labels.len() as f32;
                let height = TOP + ROW_H * rows.len() as f32;
                view! {
                    <svg viewBox=format!("0 0 {width} {height}") role="img" aria-label=summary class="chart-svg">
                        {labels.iter().enumerate().map(|(i, week)| view! {
                            <text x=LABEL_W + COL_W * i as f32 + COL_W / 2.0 y="12" class="axis">{format!("{week}")}</text>
                        }).collect_view()}
                        {rows.into_iter().enumerate().map(|(r, (tag, counts))| {
                            let base = TOP + ROW_H * (r as f32 + 1.0) - 4.0;
                            let positive = tag == Some(Tag::Positive);
                            let name = match &tag {
                                Some(t) => labels::tag(i18n, t),
                                None => i18n.t(Key::Results).to_owned(),
                            };
                            view! {
                                <g class="chart-row" class:positive=positive class:total=tag.is_none()>
                                    <text x="0" y=base - 8.0 class="row-label">{name}</text>
                                    <line x1=LABEL_W x2=width y1=base y2=base class="baseline"/>
                                    {counts.into_iter().enumerate().filter(|(_, c)| *c > 0).map(|(i, c)| {
                                        let h = (ROW_H - 10.0) * c as f32 / max;
                                        let x = LABEL_W + COL_W * i as f32 + 5.0;
                                        view! {
                                            <rect x=x y=base - h width=COL_W - 10.0 height=h rx="2">
                                                <title>{format!("{c}")}</title>
                                            </rect>
                                        }
                                    }).collect_view()}
                                </g>
                            }
                        }).collect_view()}
                    </svg>
                }
            }}
        </figure>
    }
}
