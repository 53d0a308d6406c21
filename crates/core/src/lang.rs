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
    format!("{} {}", format_date(lang, at.date()), crate::iso::clock(at))
}

/// A translation table: `Key => "Dutch", "English";` lines become a `Key` enum whose
/// `text(lang)` has both, so a missing translation is a compile error, not a blank label.
///
/// Lines inside `/// what it is` `mod name { … }` after the always-present ones (the doc comment
/// is required: it is what tells the two apart) are a part's own words: only
/// `name::load()` names them, so when a part of the app is a wasm chunk of its own and calls
/// its `load()` before showing anything, its words download with it instead of with the start
/// screen. Until its `load()` ran, such a key reads as "".
#[macro_export]
macro_rules! translations {
    (
        $($key:ident => $nl:literal, $en:literal;)*
        $($(#[$doc:meta])+ mod $part:ident {
            $first:ident => $first_nl:literal, $first_en:literal;
            $($part_key:ident => $part_nl:literal, $part_en:literal;)*
        })*
    ) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key,)* $($first, $($part_key,)*)* }

        $($(#[$doc])+ pub mod $part {
            /// This part's words, once `load` ran: Dutch, English.
            pub(super) static WORDS: ::std::sync::OnceLock<[&'static [&'static str]; 2]> =
                ::std::sync::OnceLock::new();
            pub(super) const FIRST: usize = super::Key::$first as usize;

            pub fn load() {
                WORDS.get_or_init(|| {
                    [
                        &[$first_nl, $($part_nl),*],
                        &[$first_en, $($part_en),*],
                    ]
                });
            }
        })*

        /// Where each part's keys start, in the order of the enum.
        static PARTS: &[(
            usize,
            &::std::sync::OnceLock<[&'static [&'static str]; 2]>,
        )] = &[$(($part::FIRST, &$part::WORDS)),*];

        impl Key {
            pub fn text(self, lang: $crate::lang::Lang) -> &'static str {
                // One table per language, indexed by the key: a `match` over every (key,
                // language) pair compiled to 30 KB of wasm code in the app's start-up module.
                const NL: &[&str] = &[$($nl),*];
                const EN: &[&str] = &[$($en),*];
                let lang = match lang {
                    $crate::lang::Lang::Nl => 0,
                    $crate::lang::Lang::En => 1,
                };
                let index = self as usize;
                if index < NL.len() {
                    return [NL, EN][lang][index];
                }
                let Some((first, words)) = PARTS.iter().rev().find(|(first, _)| index >= *first)
                else {
                    unreachable!("a key past the always-present ones is in a part")
                };
                match words.get() {
                    Some(words) => words[lang][index - first],
                    None => {
                        debug_assert!(false, "{self:?} is shown before its part's words loaded");
                        ""
                    }
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

/// The languages of the parent page: Dutch and English like the app, and the languages many
/// parents at Dutch BSOs read best (Turkish, Arabic, Polish). Only the page's own words change;
/// what the team wrote stays as written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ParentLang {
    #[default]
    #[serde(rename = "nl")]
    Nl,
    #[serde(rename = "en")]
    En,
    #[serde(rename = "tr")]
    Tr,
    #[serde(rename = "ar")]
    Ar,
    #[serde(rename = "pl")]
    Pl,
}

impl ParentLang {
    pub const ALL: [ParentLang; 5] = [
        ParentLang::Nl,
        ParentLang::En,
        ParentLang::Tr,
        ParentLang::Ar,
        ParentLang::Pl,
    ];

    pub fn code(self) -> &'static str {
        ["nl", "en", "tr", "ar", "pl"][self.index()]
    }

    pub fn from_code(code: &str) -> Option<ParentLang> {
        ParentLang::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Each language names itself, so a parent who cannot read the current one finds theirs.
    pub fn native_name(self) -> &'static str {
        ["Nederlands", "English", "Türkçe", "العربية", "Polski"][self.index()]
    }

    /// Written right to left: the page turns its layout around.
    pub fn is_rtl(self) -> bool {
        self == ParentLang::Ar
    }

    /// Position in [`ParentLang::ALL`] (and in each row of the parent page's word table).
    pub fn index(self) -> usize {
        self as usize
    }
}

impl From<Lang> for ParentLang {
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Nl => ParentLang::Nl,
            Lang::En => ParentLang::En,
        }
    }
}

const LONG_WEEKDAYS_TR: [&str; 7] = [
    "Pazartesi",
    "Salı",
    "Çarşamba",
    "Perşembe",
    "Cuma",
    "Cumartesi",
    "Pazar",
];
const LONG_MONTHS_TR: [&str; 12] = [
    "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim",
    "Kasım", "Aralık",
];
const LONG_WEEKDAYS_AR: [&str; 7] = [
    "الاثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
    "الأحد",
];
const LONG_MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
const LONG_WEEKDAYS_PL: [&str; 7] = [
    "poniedziałek",
    "wtorek",
    "środa",
    "czwartek",
    "piątek",
    "sobota",
    "niedziela",
];
/// Genitive, as a date is written ("2 listopada").
const LONG_MONTHS_PL: [&str; 12] = [
    "stycznia",
    "lutego",
    "marca",
    "kwietnia",
    "maja",
    "czerwca",
    "lipca",
    "sierpnia",
    "września",
    "października",
    "listopada",
    "grudnia",
];

/// A date in words on the parent page, in each language's own order: "maandag 2 november
/// 2026", "2 Kasım 2026 Pazartesi", "poniedziałek, 2 listopada 2026".
pub fn format_parent_date(lang: ParentLang, date: NaiveDate) -> String {
    let weekday = date.weekday().num_days_from_monday() as usize;
    let (day, month, year) = (date.day(), date.month0() as usize, date.year());
    match lang {
        ParentLang::Nl => format_date_long(Lang::Nl, date),
        ParentLang::En => format_date_long(Lang::En, date),
        ParentLang::Tr => format!(
            "{day} {} {year} {}",
            LONG_MONTHS_TR[month], LONG_WEEKDAYS_TR[weekday]
        ),
        ParentLang::Ar => format!(
            "{} {day} {} {year}",
            LONG_WEEKDAYS_AR[weekday], LONG_MONTHS_AR[month]
        ),
        ParentLang::Pl => format!(
            "{}, {day} {} {year}",
            LONG_WEEKDAYS_PL[weekday], LONG_MONTHS_PL[month]
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod table {
        crate::translations! {
            First => "eerste", "first";
            Second => "tweede", "second";
            Last => "laatste", "last";
        }
    }

    #[test]
    fn a_translation_table_gives_each_key_its_own_text_per_language() {
        use table::Key;
        assert_eq!(Key::First.text(Lang::Nl), "eerste");
        assert_eq!(Key::Second.text(Lang::En), "second");
        assert_eq!(Key::Last.text(Lang::Nl), "laatste");
        assert_eq!(Key::Last.text(Lang::En), "last");
    }

    mod parts {
        // The cellar's `load` is never called: that is what its test is about.
        #![allow(dead_code)]
        crate::translations! {
            Save => "Opslaan", "Save";
            /// Outside.
            mod garden {
                Tree => "boom", "tree";
                Flower => "bloem", "flower";
            }
            /// Inside.
            mod kitchen {
                Spoon => "lepel", "spoon";
            }
            /// Never loaded.
            mod cellar {
                Jar => "pot", "jar";
            }
        }
    }

    #[test]
    fn a_part_s_words_read_once_its_load_ran_and_the_others_not_before() {
        use parts::{garden, kitchen, Key};
        assert_eq!(Key::Save.text(Lang::Nl), "Opslaan");
        garden::load();
        assert_eq!(Key::Tree.text(Lang::Nl), "boom");
        assert_eq!(Key::Flower.text(Lang::Nl), "bloem");
        assert_eq!(Key::Flower.text(Lang::En), "flower");
        kitchen::load();
        kitchen::load();
        assert_eq!(Key::Spoon.text(Lang::En), "spoon");
        assert_eq!(Key::Spoon.text(Lang::Nl), "lepel");
        assert_eq!(Key::Tree.text(Lang::En), "tree");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "Jar is shown before its part's words loaded")]
    fn a_debug_build_stops_at_a_word_shown_before_its_part_loaded() {
        parts::Key::Jar.text(Lang::Nl);
    }

    #[test]
    fn parent_languages_have_codes_names_direction_and_dates() {
        for lang in ParentLang::ALL {
            assert_eq!(ParentLang::from_code(lang.code()), Some(lang));
            assert_eq!(ParentLang::ALL[lang.index()], lang);
        }
        assert_eq!(ParentLang::from_code("de"), None);
        assert!(ParentLang::Ar.is_rtl() && !ParentLang::Tr.is_rtl());
        assert_eq!(ParentLang::from(Lang::En), ParentLang::En);
        let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(
            format_parent_date(ParentLang::Nl, d),
            "maandag 2 november 2026"
        );
        assert_eq!(
            format_parent_date(ParentLang::Tr, d),
            "2 Kasım 2026 Pazartesi"
        );
        assert_eq!(
            format_parent_date(ParentLang::Pl, d),
            "poniedziałek, 2 listopada 2026"
        );
        assert_eq!(
            format_parent_date(ParentLang::Ar, d),
            "الاثنين 2 نوفمبر 2026"
        );
        assert_eq!(serde_json::to_string(&ParentLang::Ar).unwrap(), "\"ar\"");
    }

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
