//! The two languages of the UI, and dates in words: chrono's own names are English only.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "nl")]
    Nl,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }

    /// Each language names itself, so a user who cannot read the current one still finds theirs.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Nl => "Nederlands",
            Lang::En => "English",
        }
    }
}

const WEEKDAYS_NL: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS_NL: [&str; 12] = [
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "ma 23 nov" / "Mon 23 Nov": chrono's own names are English only.
pub fn format_date(lang: Lang, date: NaiveDate) -> String {
    let (days, months) = match lang {
        Lang::Nl => (WEEKDAYS_NL, MONTHS_NL),
        Lang::En => (WEEKDAYS_EN, MONTHS_EN),
    };
    let weekday = days[date.weekday().num_days_from_monday() as usize];
    let month = months[date.month0() as usize];
    format!("{weekday} {} {month} {}", date.day(), date.year())
}

pub fn format_datetime(lang: Lang, at: NaiveDateTime) -> String {
    format!("{} {}", format_date(lang, at.date()), at.format("%H:%M"))
}

/// A translation table: `Key => "Dutch", "English";` lines become a `Key` enum whose
/// `text(lang)` has both, so a missing translation is a compile error, not a blank label.
#[macro_export]
macro_rules! translations {
    ($($key:ident => $nl:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key),* }

        impl Key {
            pub fn text(self, lang: $crate::lang::Lang) -> &'static str {
                match (self, lang) {
                    $((Key::$key, $crate::lang::Lang::Nl) => $nl, (Key::$key, $crate::lang::Lang::En) => $en,)*
                }
            }
        }
    };
}

const LONG_WEEKDAYS_NL: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];
const LONG_WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const LONG_MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const LONG_MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "maandag 2 november 2026" / "Monday 2 November 2026": for parents, who read a date once and
/// should not have to decode abbreviations.
pub fn format_date_long(lang: Lang, date: NaiveDate) -> String {
    let (days, months) = match lang {
        Lang::Nl => (LONG_WEEKDAYS_NL, LONG_MONTHS_NL),
        Lang::En => (LONG_WEEKDAYS_EN, LONG_MONTHS_EN),
    };
    let weekday = days[date.weekday().num_days_from_monday() as usize];
    format!(
        "{weekday} {} {} {}",
        date.day(),
        months[date.month0() as usize],
        date.year()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_words() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(format_date(Lang::Nl, d), "ma 2 nov 2026");
        assert_eq!(format_date(Lang::En, d), "Mon 2 Nov 2026");
        assert_eq!(format_date_long(Lang::Nl, d), "maandag 2 november 2026");
        assert_eq!(
            format_date_long(Lang::En, d.with_month(3).unwrap()),
            "Monday 2 March 2026"
        );
        assert_eq!(
            format_datetime(Lang::Nl, d.and_hms_opt(15, 7, 0).unwrap()),
            "ma 2 nov 2026 15:07"
        );
        assert_eq!(serde_json::to_string(&Lang::En).unwrap(), "\"en\"");
    }
}
