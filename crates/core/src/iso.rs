//! Dates and times as ISO text (`2026-11-03`, `2026-11-03T15:42`), the way records store them
//! and `<input type="date">` / `datetime-local` give and take them. Written out by hand: chrono's
//! strftime formatter and parser cost ≈ 11 KB of wasm in the app's start-up module for these few
//! fixed shapes.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// `2026-11-03`
pub fn date(d: NaiveDate) -> String {
    format!("{}-{:02}-{:02}", year(d.year()), d.month(), d.day())
}

/// `2026-11`: a month, as storage buckets and `<input type="month">` name it.
pub fn month(d: impl Datelike) -> String {
    format!("{}-{:02}", year(d.year()), d.month())
}

/// `15:42`
pub fn clock(t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `2026-11-03T15:42`: minute precision, what the app records and `datetime-local` takes.
pub fn minute(t: NaiveDateTime) -> String {
    format!("{}T{}", date(t.date()), clock(t))
}

/// Minute precision when that is all there is, else seconds and the fraction's significant
/// digits in groups of three (`2026-11-03T15:42:07.250`), so the text is lossless.
pub fn time(t: NaiveDateTime) -> String {
    let nanos = t.nanosecond();
    if t.second() == 0 && nanos == 0 {
        return minute(t);
    }
    let fraction = match nanos {
        0 => String::new(),
        n if n % 1_000_000 == 0 => format!(".{:03}", n / 1_000_000),
        n if n % 1_000 == 0 => format!(".{:06}", n / 1_000),
        n => format!(".{n:09}"),
    };
    format!("{}:{:02}{fraction}", minute(t), t.second())
}

/// Reads what [`date`] writes; anything else (other separators, a day that does not exist) is
/// `None`.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let (y, rest) = s.split_once('-')?;
    let (m, d) = rest.split_once('-')?;
    let y = y.strip_prefix('+').unwrap_or(y);
    if y.len() < 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(number(y)?, number(m)?, number(d)?)
}

/// Reads what [`minute`] writes, and only that.
pub fn parse_minute(s: &str) -> Option<NaiveDateTime> {
    let (d, t) = s.split_once('T')?;
    let (h, m) = t.split_once(':')?;
    at(parse_date(d)?, h, m, 0, 0)
}

/// Reads what [`time`] writes: minutes, or seconds with an optional fraction of up to nine
/// digits.
pub fn parse_time(s: &str) -> Option<NaiveDateTime> {
    let (d, t) = s.split_once('T')?;
    let d = parse_date(d)?;
    let mut parts = t.splitn(3, ':');
    let (h, m) = (parts.next()?, parts.next()?);
    let Some(seconds) = parts.next() else {
        return at(d, h, m, 0, 0);
    };
    let (sec, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let nanos = match fraction.len() {
        0 if !seconds.contains('.') => 0,
        1..=9 => number::<u32>(fraction)? * 10u32.pow(9 - fraction.len() as u32),
        _ => return None,
    };
    if sec.len() != 2 {
        return None;
    }
    at(d, h, m, number(sec)?, nanos)
}

fn at(d: NaiveDate, h: &str, m: &str, sec: u32, nanos: u32) -> Option<NaiveDateTime> {
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let time = NaiveTime::from_hms_nano_opt(number(h)?, number(m)?, sec, nanos)?;
    Some(d.and_time(time))
}

/// Digits only: `str::parse` alone would also take a sign.
fn number<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Four digits at least; a year past 9999 keeps its digits (ISO 8601's expanded form).
fn year(y: i32) -> String {
    format!("{y:04}")
}

/// Serde for a date field as [`date`] writes it, the same text chrono's own impls write and read
/// for these dates. For the stored structs the app decodes at start-up (a trajectory's follow-up
/// answers, for the capture screen's goals): chrono's Deserialize goes through its general
/// parser, ≈ 10 KB of wasm in the start-up module.
pub mod date_text {
    use chrono::NaiveDate;
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::date(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_date(&text).ok_or_else(|| D::Error::custom(format!("not a date: \"{text}\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, nanos: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_nano_opt(h, mi, s, nanos)
            .unwrap()
    }

    #[test]
    fn writes_what_chrono_s_strftime_wrote() {
        let samples = [
            t(2026, 11, 3, 15, 42, 0, 0),
            t(2026, 1, 9, 0, 5, 7, 0),
            t(2026, 12, 31, 23, 59, 59, 250_000_000),
            t(987, 2, 28, 8, 0, 1, 1_500),
            t(2027, 6, 1, 9, 30, 0, 123_456_789),
        ];
        for s in samples {
            assert_eq!(date(s.date()), s.format("%Y-%m-%d").to_string());
            assert_eq!(month(s), s.format("%Y-%m").to_string());
            assert_eq!(clock(s), s.format("%H:%M").to_string());
            assert_eq!(minute(s), s.format("%Y-%m-%dT%H:%M").to_string());
            let chrono = if s.second() == 0 && s.nanosecond() == 0 {
                s.format("%Y-%m-%dT%H:%M").to_string()
            } else {
                s.format("%Y-%m-%dT%H:%M:%S%.f").to_string()
            };
            assert_eq!(time(s), chrono);
            assert_eq!(parse_time(&time(s)), Some(s));
            assert_eq!(parse_date(&date(s.date())), Some(s.date()));
        }
        assert_eq!(time(t(2026, 11, 3, 15, 42, 7, 0)), "2026-11-03T15:42:07");
        assert_eq!(
            time(t(2026, 11, 3, 15, 42, 0, 5_000_000)),
            "2026-11-03T15:42:00.005"
        );
    }

    #[test]
    fn date_fields_keep_chrono_s_serde_text() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Chrono(NaiveDate);
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Ours(#[serde(with = "date_text")] NaiveDate);
        let mut d = NaiveDate::from_ymd_opt(1999, 12, 25).unwrap();
        // Every day of some thirty years, leap days and year ends among them.
        while d.year() < 2030 {
            let text = serde_json::to_string(&Chrono(d)).unwrap();
            assert_eq!(serde_json::to_string(&Ours(d)).unwrap(), text);
            assert_eq!(serde_json::from_str::<Ours>(&text).unwrap(), Ours(d));
            d = d.succ_opt().unwrap();
        }
        let err = serde_json::from_str::<Ours>("\"2026-02-30\"").unwrap_err();
        assert!(
            err.to_string().contains("not a date: \"2026-02-30\""),
            "{err}"
        );
        assert!(serde_json::from_str::<Ours>("20260228").is_err());
    }

    #[test]
    fn reads_input_values_and_stored_times() {
        assert_eq!(
            parse_date("2026-02-28"),
            NaiveDate::from_ymd_opt(2026, 2, 28)
        );
        assert_eq!(
            parse_minute("2026-11-03T15:42"),
            Some(t(2026, 11, 3, 15, 42, 0, 0))
        );
        assert_eq!(
            parse_time("2026-11-03T15:42:07.5"),
            Some(t(2026, 11, 3, 15, 42, 7, 500_000_000))
        );
        assert_eq!(
            parse_time("2026-11-03T15:42"),
            Some(t(2026, 11, 3, 15, 42, 0, 0))
        );
    }

    #[test]
    fn refuses_what_is_not_one_of_these_shapes() {
        for s in [
            "",
            "2026-2-28",
            "2026-02-30",
            "26-02-28",
            "2026/02/28",
            "2026-02-28x",
            "-2026-02-28",
            "2026-+2-28",
            "2026-02- 8",
        ] {
            assert_eq!(parse_date(s), None, "{s:?}");
        }
        // A time with a bad date, clock or fraction is neither a minute nor a stored time.
        for s in [
            "2026-11-03 15:42",
            "2026-02-30T15:42",
            "2026-11-03T15:4",
            "2026-11-03T24:00",
            "2026-11-03T1:42",
            "2026-11-03T15:42:7",
            "2026-11-03T15:42:07.",
            "2026-11-03T15:42:07.1234567890",
            "2026-11-03T15:42:61",
            "2026-11-03T15:42:07:00",
        ] {
            assert_eq!(parse_minute(s), None, "{s:?}");
            assert_eq!(parse_time(s), None, "{s:?}");
        }
        // Seconds are for stored times; an input's minute has none.
        assert_eq!(parse_minute("2026-11-03T15:42:07"), None);
    }
}
