//! A horizontal bar chart with a label above each bar and its value beside it: the monitor's
//! trajectories per step and the funder report's outcomes.

use leptos::prelude::*;

/// Rows are laid out in pixels and bars in percent, so labels stay readable at any width without
/// a viewBox scaling the text down on a phone.
pub const ROW_H: u32 = 46;
/// The longest bar leaves room for its value.
const BAR_MAX_PCT: f64 = 85.0;

/// One row: its label, the number to draw (`None`: no bar, e.g. a suppressed count) and the text
/// beside the bar. `summary` is the chart in words for a screen reader.
#[component]
pub fn BarChart(rows: Vec<(String, Option<f64>, String)>, summary: String) -> impl IntoView {
    let max = rows
        .iter()
        .filter_map(|(_, v, _)| *v)
        .fold(1.0_f64, f64::max);
    let height = ROW_H * rows.len() as u32;
    view! {
        <svg class="bar-chart" width="100%" height=height role="img" aria-label=summary>
            {rows.into_iter().enumerate().map(|(i, (label, value, text))| {
                let top = ROW_H * i as u32;
                let pct = BAR_MAX_PCT * value.unwrap_or(0.0) / max;
                view! {
                    <g class="bar-row">
                        <text x="0" y=top + 15 class="bar-label">{label}</text>
                        <rect x="0" y=top + 21 width=format!("{pct}%") height="18" rx="3"/>
                        <text x=format!("{pct}%") dx="6" y=top + 35 class="bar-value">{text}</text>
                    </g>
                }
            }).collect_view()}
        </svg>
    }
}
