//! Local wall time through the browser's `Date`: the BSO speaks its own clock, the server and
//! the wire speak Unix milliseconds.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

fn of(d: &js_sys::Date) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .and_then(|day| day.and_hms_opt(d.get_hours(), d.get_minutes(), d.get_seconds()))
        .unwrap_or_default()
}

pub fn local_now() -> NaiveDateTime {
    of(&js_sys::Date::new_0())
}

/// The local time of a Unix-ms instant.
pub fn local_at(ms: i64) -> NaiveDateTime {
    of(&js_sys::Date::new(&(ms as f64).into()))
}

/// The last millisecond of `day` in local time: a link "valid until" a day works all that day.
pub fn end_of_day_ms(day: NaiveDate) -> i64 {
    let d = js_sys::Date::new_with_year_month_day_hr_min_sec_milli(
        day.year() as u32,
        day.month0() as i32,
        day.day() as i32,
        23,
        59,
        59,
        999,
    );
    d.get_time() as i64
}
