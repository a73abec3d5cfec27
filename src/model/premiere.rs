//! The premiere date of a season: often only partly known.
//!
//! A premiere is an exact day or a window (a month, quarter, season, half year, third of a year
//! or year), or `TBA`.
//! Every form has one canonical spelling, which is what the watchlist stores, and a window of
//! days (first and last) that drives sorting, countdowns and filtering.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A premiere date, as precisely as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Premiere {
    /// Nothing announced yet.
    #[default]
    Tba,
    Year(i32),
    /// First (1) or second (2) half of a year.
    Half(i32, u8),
    Quarter(i32, u8),
    /// A season: spring (Mar–May), summer (Jun–Aug), fall (Sep–Nov), or winter, which
    /// begins in December of the year before (the winter whose January is in the year).
    Season(i32, Season),
    /// Early (Jan–Apr), mid (May–Aug) or late (Sep–Dec) in the year: 1, 2 or 3.
    Third(i32, u8),
    Month(i32, u32),
    Day(NaiveDate),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    const ALL: [Season; 4] = [Season::Spring, Season::Summer, Season::Fall, Season::Winter];

    fn name(self) -> &'static str {
        match self {
            Season::Spring => "spring",
            Season::Summer => "summer",
            Season::Fall => "fall",
            Season::Winter => "winter",
        }
    }

    fn named(word: &str) -> Option<Season> {
        let word = if word == "autumn" { "fall" } else { word };
        Season::ALL.into_iter().find(|s| s.name() == word)
    }
}

const THIRDS: [&str; 3] = ["early", "mid", "late"];

/// Years outside this range are almost certainly typos, and chrono cannot represent all of them.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The forms a user may type, for error messages.
pub const FORMS: &str = "2025-01-17, Jan 17 2025, Jan 17, 2025-01, Jan 2025, Q1 2025, fall 2025, \
                         H2 2025, early 2025, 2025 or TBA";

impl Premiere {
    /// The first and last day of the window, or `None` for `TBA`.
    pub fn window(&self) -> Option<(NaiveDate, NaiveDate)> {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("validated on construction");
        let month_end = |y, m| last_day_of_month(y, m).expect("validated on construction");
        match *self {
            Premiere::Tba => None,
            Premiere::Year(y) => Some((ymd(y, 1, 1), ymd(y, 12, 31))),
            Premiere::Half(y, h) => {
                let first = (h as u32 - 1) * 6 + 1;
                Some((ymd(y, first, 1), month_end(y, first + 5)))
            }
            Premiere::Quarter(y, q) => {
                let first = (q as u32 - 1) * 3 + 1;
                Some((ymd(y, first, 1), month_end(y, first + 2)))
            }
            Premiere::Season(y, Season::Winter) => Some((ymd(y - 1, 12, 1), month_end(y, 2))),
            Premiere::Season(y, season) => {
                let first = 3 + 3 * season as u32;
                Some((ymd(y, first, 1), month_end(y, first + 2)))
            }
            Premiere::Third(y, t) => {
                let first = (t as u32 - 1) * 4 + 1;
                Some((ymd(y, first, 1), month_end(y, first + 3)))
            }
            Premiere::Month(y, m) => Some((ymd(y, m, 1), month_end(y, m))),
            Premiere::Day(d) => Some((d, d)),
        }
    }

    pub fn start(&self) -> Option<NaiveDate> {
        self.window().map(|(start, _)| start)
    }

    pub fn end(&self) -> Option<NaiveDate> {
        self.window().map(|(_, end)| end)
    }

    pub fn is_tba(&self) -> bool {
        matches!(self, Premiere::Tba)
    }

    /// True for an exact day, false for a window or `TBA`.
    pub fn is_day(&self) -> bool {
        matches!(self, Premiere::Day(_))
    }

    /// What kind of window this is, in words ("day", "month", …).
    pub fn precision(&self) -> &'static str {
        match self {
            Premiere::Tba => "unknown",
            Premiere::Year(_) => "year",
            Premiere::Half(..) => "half",
            Premiere::Quarter(..) => "quarter",
            Premiere::Season(..) => "season",
            Premiere::Third(..) => "third",
            Premiere::Month(..) => "month",
            Premiere::Day(_) => "day",
        }
    }
}

/// The first premiere of the same kind as `premiere`, a year or more later, that has not
/// ended by `today` (winter 2026 for a passed winter 2025; the same day of a later year).
pub fn next_of_kind(premiere: Premiere, today: NaiveDate) -> Option<Premiere> {
    let later = |years: i32| -> Option<Premiere> {
        Some(match premiere {
            Premiere::Tba => return None,
            Premiere::Year(y) => Premiere::Year(y + years),
            Premiere::Half(y, h) => Premiere::Half(y + years, h),
            Premiere::Quarter(y, q) => Premiere::Quarter(y + years, q),
            Premiere::Season(y, s) => Premiere::Season(y + years, s),
            Premiere::Third(y, t) => Premiere::Third(y + years, t),
            Premiere::Month(y, m) => Premiere::Month(y + years, m),
            Premiere::Day(d) => Premiere::Day(d.with_year(d.year() + years)?),
        })
    };
    (1..=10)
        .filter_map(later)
        .filter(|p| p.start().is_some_and(|s| YEARS.contains(&s.year())))
        .find(|p| p.end().is_some_and(|end| end >= today))
}

fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

impl fmt::Display for Premiere {
    /// The canonical form, as stored in the watchlist.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Premiere::Tba => f.write_str("TBA"),
            Premiere::Year(y) => write!(f, "{y}"),
            Premiere::Half(y, h) => write!(f, "{y}-H{h}"),
            Premiere::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Premiere::Season(y, s) => write!(f, "{y}-{}", s.name()),
            Premiere::Third(y, t) => write!(f, "{y}-{}", THIRDS[usize::from(*t) - 1]),
            Premiere::Month(y, m) => write!(f, "{y}-{m:02}"),
            Premiere::Day(d) => write!(f, "{}", iso_day(*d)),
        }
    }
}

impl serde::Serialize for Premiere {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Premiere {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// `day` as `YYYY-MM-DD`.
pub fn iso_day(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

impl Premiere {
    /// A key that sorts as premieres do, cheap to compare: work out once per show when
    /// sorting many. The last day the premiere can fall on comes first, so that an exact day
    /// is never listed below a window that may end after it; then the narrower window.
    pub fn sort_key(&self) -> (bool, NaiveDate, i64) {
        match self.window() {
            None => (true, NaiveDate::MIN, 0),
            Some((start, end)) => (false, end, (end - start).num_days()),
        }
    }

    /// The premiere in words a person reads: `Jan 2025`, `Q1 2025`, `fall 2026`, `2026`;
    /// a day in its ISO form.
    pub fn label(&self) -> String {
        match self {
            Premiere::Month(y, m) => {
                let name = &MONTHS[*m as usize - 1][..3];
                format!("{}{} {y}", name[..1].to_uppercase(), &name[1..])
            }
            Premiere::Quarter(y, q) => format!("Q{q} {y}"),
            Premiere::Half(y, h) => format!("H{h} {y}"),
            Premiere::Season(y, s) => format!("{} {y}", s.name()),
            Premiere::Third(y, t) => format!("{} {y}", THIRDS[usize::from(*t) - 1]),
            other => other.to_string(),
        }
    }
}

/// Ordering: by the last day of the window, then the narrower window first; `TBA` last.
impl Ord for Premiere {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Premiere {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Why a premiere could not be read. The message quotes the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PremiereError {
    pub input: String,
    pub reason: String,
}

impl fmt::Display for PremiereError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid premiere date \"{}\": {}",
            self.input, self.reason
        )
    }
}

impl std::error::Error for PremiereError {}

impl FromStr for Premiere {
    type Err = PremiereError;

    /// Any premiere form with its year (a day without a year needs today: see [`Input`]).
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        match Input::parse(input)? {
            Input::Premiere(premiere)
            | Input::Later {
                later: premiere, ..
            } => Ok(premiere),
            Input::NoYear { .. } | Input::This(_) => Err(PremiereError {
                input: input.to_string(),
                reason: "give the year too, such as \"Jan 17 2026\"".into(),
            }),
        }
    }
}

/// A premiere as typed on the command line: a day without a year is the next such day, and
/// "this fall" the next fall not yet over, which only today can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Premiere(Premiere),
    NoYear {
        month: u32,
        day: u32,
    },
    /// "this fall", "this year": the first such window (of this year or the next) that has
    /// not ended.
    This(Option<Part>),
    /// "late 2026 or early 2027": two windows no canonical window covers (they are in two
    /// years), stored as the later one, whose end is the last day the premiere can fall on.
    Later {
        later: Premiere,
        earlier: Premiere,
    },
}

impl Input {
    /// Any of the premiere forms, in any letter case and spacing, and the wordings articles
    /// use ("sometime in 2026", "Fall 2025.", "Q1 '26", "Wednesday, March 4, 2026", "late
    /// 2026 or early 2027").
    pub fn parse(input: &str) -> Result<Input, PremiereError> {
        // The canonical forms the watchlist stores (`TBA`, `2025-Q1`, `2025-01-17`) are one
        // word, read without taking phrases apart: the cache holds thousands of them.
        let trimmed = input.trim();
        if trimmed.eq_ignore_ascii_case("tba") {
            return Ok(Input::Premiere(Premiere::Tba));
        }
        if !trimmed.contains(|c: char| c.is_whitespace() || c == ',' || c == '/')
            && let Ok(Some(premiere)) = parse_numeric(&trimmed.to_ascii_lowercase())
        {
            return Ok(Input::Premiere(premiere));
        }
        let fail = |reason: String| PremiereError {
            input: input.to_string(),
            reason,
        };
        let lower = format!(" {} ", trimmed.to_lowercase());
        if let Some((a, b)) = lower.split_once(" or ") {
            return either(a, b).map_err(fail);
        }
        let mut words = words(input);
        let weekday = match words.first().and_then(|w| weekday(w)) {
            Some(weekday) if words.len() > 1 => {
                words.remove(0);
                Some(weekday)
            }
            _ => None,
        };
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let unknown = || fail(unknown_reason(&words));
        let premiere = match words.as_slice() {
            [] | ["tba" | "tbd" | "tbc" | "unknown"] => Premiere::Tba,
            ["this", "year"] => return Ok(Input::This(None)),
            ["this", part] => match part_of_year(part) {
                Some(part) => {
                    part_window(part, 2024).map_err(fail)?;
                    return Ok(Input::This(Some(part)));
                }
                None => return Err(unknown()),
            },
            [one] if one.contains('/') => return Err(fail(slashed(one))),
            [one] => parse_numeric(one).map_err(fail)?.ok_or_else(unknown)?,
            [a, b] => match (month_number(a), month_number(b)) {
                (Some(month), None) if year(b).is_some() => {
                    Premiere::Month(year(b).unwrap(), month)
                }
                (Some(month), None) => return no_year(month, b).map_err(fail),
                (None, Some(month)) => return no_year(month, a).map_err(fail),
                _ => {
                    let (part, year) = match (part_of_year(a), part_of_year(b)) {
                        (Some(part), None) => (part, year(b)),
                        (None, Some(part)) => (part, year(a)),
                        _ => return Err(unknown()),
                    };
                    part_window(part, year.ok_or_else(unknown)?).map_err(fail)?
                }
            },
            [a, b, c] => {
                let (month, day) = match (month_number(a), month_number(b)) {
                    (Some(m), None) => (m, b),
                    (None, Some(m)) => (m, a),
                    _ => return Err(unknown()),
                };
                let day: u32 = day.parse().map_err(|_| unknown())?;
                let year = year(c).ok_or_else(unknown)?;
                day_of(year, month, day).map_err(fail)?
            }
            _ => return Err(unknown()),
        };
        if let Some(named) = weekday {
            match premiere {
                Premiere::Day(day) if day.weekday() != named => {
                    return Err(fail(format!(
                        "{} is a {}, not a {}",
                        iso_day(day),
                        weekday_name(day.weekday()),
                        weekday_name(named)
                    )));
                }
                Premiere::Day(_) => {}
                _ => {
                    return Err(fail(format!(
                        "understood {} and the weekday {}, which needs a day of the month \
                         (such as \"Wednesday, March 4, 2026\")",
                        premiere.label(),
                        weekday_name(named)
                    )));
                }
            }
        }
        Ok(Input::Premiere(premiere))
    }

    /// The premiere, taking a day without a year as the next such day from `today` (today
    /// itself included), and "this fall" as the first fall from this year on that has not
    /// ended; with the year taken, when one was.
    pub fn on(self, today: NaiveDate) -> (Premiere, Option<i32>) {
        match self {
            Input::Premiere(premiere)
            | Input::Later {
                later: premiere, ..
            } => (premiere, None),
            Input::NoYear { month, day } => {
                let next = (today.year()..)
                    .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
                    .find(|d| *d >= today)
                    .expect("every day of the year comes again within four years");
                (Premiere::Day(next), Some(next.year()))
            }
            Input::This(part) => {
                let of = |y: i32| match part {
                    None => Premiere::Year(y),
                    Some(part) => part_window(part, y).expect("checked when parsed"),
                };
                let this = (today.year()..=today.year() + 1)
                    .map(of)
                    .find(|p| p.end().is_some_and(|end| end >= today))
                    .expect("next year's window ends after today");
                (this, this.start().map(|d| d.year()))
            }
        }
    }
}

/// The day a change happened, as `--on` takes it: a day in any day form, or one counted back
/// from today (`today`, `yesterday`, `3 days ago`, `2 weeks ago`, `last friday`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnDay {
    /// A day with its year, or without one (the last such day up to today).
    Day(Input),
    DaysAgo(u32),
    /// The last such weekday before today.
    Last(chrono::Weekday),
}

/// The forms `--on` takes, for error messages.
pub const ON_FORMS: &str = "2023-05-02, \"May 2 2023\", \"May 2\", today, yesterday, \
                            \"3 days ago\", \"2 weeks ago\" or \"last friday\"";

impl OnDay {
    pub fn parse(input: &str) -> Result<OnDay, String> {
        let text = input.trim().to_lowercase();
        let words: Vec<&str> = text.split_whitespace().collect();
        let count = |n: &str| match n {
            "a" | "one" => Some(1),
            n => n.parse::<u32>().ok(),
        };
        let relative = match words.as_slice() {
            ["today"] => Some(OnDay::DaysAgo(0)),
            ["yesterday"] => Some(OnDay::DaysAgo(1)),
            [n, "day" | "days", "ago"] => count(n).map(OnDay::DaysAgo),
            [n, "week" | "weeks", "ago"] => {
                count(n).and_then(|n| n.checked_mul(7)).map(OnDay::DaysAgo)
            }
            ["last", day] => weekday(day).map(OnDay::Last),
            _ => None,
        };
        if let Some(relative) = relative {
            return Ok(relative);
        }
        let refuse = |why: Option<String>| {
            let why = why.map_or(String::new(), |why| format!("{why}; "));
            format!("invalid day \"{input}\": {why}--on takes a day: {ON_FORMS}")
        };
        match Input::parse(input) {
            Ok(day @ (Input::Premiere(Premiere::Day(_)) | Input::NoYear { .. })) => {
                Ok(OnDay::Day(day))
            }
            Ok(Input::Premiere(window)) => {
                Err(refuse(Some(format!("{} is not one day", window.label()))))
            }
            Ok(_) => Err(refuse(None)),
            // An impossible day says why; anything else gets the forms `--on` takes.
            Err(e) if e.reason.contains("has no day") || e.reason.contains("no month") => {
                Err(refuse(Some(e.reason)))
            }
            Err(_) => Err(refuse(None)),
        }
    }

    /// The day, counted from `today`; a day without a year is the last such day up to today.
    /// `None` when a count of days back leaves the calendar.
    pub fn day(self, today: NaiveDate) -> Option<NaiveDate> {
        Some(match self {
            OnDay::DaysAgo(n) => today.checked_sub_days(chrono::Days::new(n.into()))?,
            OnDay::Last(weekday) => (1..=7)
                .map(|n| today - chrono::Days::new(n))
                .find(|d| d.weekday() == weekday)
                .expect("every weekday comes within a week"),
            OnDay::Day(Input::NoYear { month, day }) => (0..=8)
                .filter_map(|back| NaiveDate::from_ymd_opt(today.year() - back, month, day))
                .find(|d| *d <= today)
                .expect("every day of the year comes within eight years"),
            OnDay::Day(input) => match input.on(today).0 {
                Premiere::Day(day) => day,
                _ => unreachable!("parsed as a day"),
            },
        })
    }
}

/// "A or B": the smallest canonical window that covers both, else (in two years) the later.
fn either(a: &str, b: &str) -> Result<Input, String> {
    let side = |text: &str| match Input::parse(text) {
        Ok(Input::Premiere(premiere)) if !premiere.is_tba() => Ok(premiere),
        Ok(_) => Err(format!(
            "each side of \"or\" needs a date with its year, and \"{}\" has none",
            text.trim()
        )),
        Err(e) => Err(format!("in \"{}\": {}", text.trim(), e.reason)),
    };
    // "spring or summer 2026": the year said once is both sides'.
    let b_year = b.split_whitespace().last().filter(|w| year(w).is_some());
    let a = side(a).or_else(|e| match b_year {
        Some(y) => side(&format!("{a} {y}")).map_err(|_| e),
        None => Err(e),
    })?;
    let b = side(b)?;
    let (a_start, a_end) = a.window().expect("not TBA");
    let (b_start, b_end) = b.window().expect("not TBA");
    let (start, end) = (a_start.min(b_start), a_end.max(b_end));
    if let Some(cover) = covering(start, end) {
        return Ok(Input::Premiere(cover));
    }
    let (earlier, later) = if (a_end, b_start) <= (b_end, a_start) {
        (a, b)
    } else {
        (b, a)
    };
    Ok(Input::Later { later, earlier })
}

/// The narrowest canonical window from `start` to `end` or wider, if one holds them both.
fn covering(start: NaiveDate, end: NaiveDate) -> Option<Premiere> {
    let mut candidates = Vec::new();
    for y in [start.year(), start.year() + 1] {
        candidates.push(Premiere::Year(y));
        candidates.extend((1..=2).map(|h| Premiere::Half(y, h)));
        candidates.extend((1..=4).map(|q| Premiere::Quarter(y, q)));
        candidates.extend((1..=3).map(|t| Premiere::Third(y, t)));
        candidates.extend(Season::ALL.map(|s| Premiere::Season(y, s)));
        candidates.extend((1..=12).map(|m| Premiere::Month(y, m)));
    }
    if start == end {
        candidates.push(Premiere::Day(start));
    }
    candidates
        .into_iter()
        .filter(|p| p.window().is_some_and(|(s, e)| s <= start && end <= e))
        .min_by_key(|p| p.sort_key().2)
}

/// Weekday names and their abbreviations (`wed`, `wed.`).
fn weekday(word: &str) -> Option<chrono::Weekday> {
    let word = word.trim_end_matches('.');
    if word.len() < 3 {
        return None;
    }
    WEEKDAYS
        .iter()
        .position(|name| *name == word || (name.starts_with(word) && word.len() <= 4))
        .and_then(|i| chrono::Weekday::try_from(i as u8).ok())
}

fn weekday_name(day: chrono::Weekday) -> &'static str {
    let name = WEEKDAYS[day.num_days_from_monday() as usize];
    match name {
        "monday" => "Monday",
        "tuesday" => "Tuesday",
        "wednesday" => "Wednesday",
        "thursday" => "Thursday",
        "friday" => "Friday",
        "saturday" => "Saturday",
        _ => "Sunday",
    }
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The words of a premiere: lower case, without commas, filler ("sometime in") or a final
/// period or question mark, with ordinals (`17th`) as numbers, `'26` as 2026, and phrases
/// (`second half of 2026`, `mid-2026`, `end of 2025`, `1Q 2026`, `holiday 2025`) as the short
/// forms (`h2 2026`, `mid 2026`, `late 2025`, `q1 2026`, `q4 2025`).
fn words(input: &str) -> Vec<String> {
    let lower = input
        .trim()
        .to_lowercase()
        .replace(['\u{2018}', '\u{2019}'], "'");
    let lower = lower.trim_end_matches(['.', '?', '!']);
    let text = format!(" {} ", lower.replace(',', " "));
    let text = text.replace(" the ", " ").replace(" of ", " ");
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (phrase, short) in [
        ("first half", "h1"),
        ("second half", "h2"),
        ("first quarter", "q1"),
        ("second quarter", "q2"),
        ("third quarter", "q3"),
        ("fourth quarter", "q4"),
        ("holiday season", "holiday"),
        ("some time", "sometime"),
    ] {
        text = text.replace(phrase, short);
    }
    text.split_whitespace()
        .flat_map(|word| match word.split_once('-') {
            Some((part, y)) if year(y).is_some() && part_of_year(part).is_some() => vec![part, y],
            _ => vec![word],
        })
        .filter(|word| !FILLER.contains(word))
        .map(|word| {
            let ordinal = ["st", "nd", "rd", "th"]
                .iter()
                .filter_map(|suffix| word.strip_suffix(suffix))
                .find(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            let word = ordinal.unwrap_or(word);
            match word {
                "end" => return "late".to_string(),
                "start" | "beginning" => return "early".to_string(),
                "middle" => return "mid".to_string(),
                "holiday" | "holidays" => return "q4".to_string(),
                _ => {}
            }
            // `'26`: a year of this century.
            if let Some(yy) = word.strip_prefix('\'')
                && yy.len() == 2
                && yy.bytes().all(|b| b.is_ascii_digit())
            {
                return format!("20{yy}");
            }
            // `1Q`, `2H`: the quarter or half, number first.
            if let [n @ b'1'..=b'4', kind @ (b'q' | b'h')] = word.as_bytes() {
                return format!("{}{}", *kind as char, *n as char);
            }
            word.to_string()
        })
        .collect()
}

/// Words that say nothing of when: "sometime in 2026" is 2026.
const FILLER: [&str; 6] = ["sometime", "in", "around", "during", "expected", "circa"];

/// Why words are no premiere: what was understood of them, the premiere that was probably
/// meant (only for a small slip of spelling, so never a window of another part of the year),
/// and the list of forms.
fn unknown_reason(words: &[&str]) -> String {
    let mut reason = format!("expected one of {FORMS}");
    if let [a, b] = words {
        let (word, y) = if year(b).is_some() { (a, b) } else { (b, a) };
        let known = MONTHS
            .iter()
            .copied()
            .chain(Season::ALL.map(Season::name))
            .chain(THIRDS);
        if year(y).is_some()
            && let Some(near) = near_word(word, known)
            && let Ok(premiere) = format!("{near} {y}").parse::<Premiere>()
        {
            reason = format!("did you mean \"{near} {y}\" ({premiere})? Or {reason}");
        }
    }
    format!("{}; {reason}", understood(words))
}

/// The one word of `candidates` that `word` is a slip of spelling of: one letter off for a
/// short word, two for a longer one.
fn near_word<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if word.chars().count() <= 4 { 1 } else { 2 };
    let mut near: Vec<(usize, &str)> = candidates
        .map(|c| (strsim::levenshtein(word, c), c))
        .filter(|(d, c)| *d <= limit && word.len().abs_diff(c.len()) <= 1)
        .collect();
    near.sort();
    match near.as_slice() {
        [(d, only)] => (*d > 0).then_some(*only),
        [(d, first), (e, _), ..] if d < e => Some(*first),
        _ => None,
    }
}

/// What of `words` was understood, and what not: `understood the year 2026, not "maybe"`.
fn understood(words: &[&str]) -> String {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for word in words {
        if let Some(y) = year(word) {
            known.push(format!("the year {y}"));
        } else if let Some(m) = month_number(word) {
            let label = Premiere::Month(2024, m).label();
            known.push(format!("the month {}", &label[..3]));
        } else if let Some(part) = part_of_year(word) {
            let name = match part {
                Part::Season(season) => season.name().to_string(),
                Part::Third(t) => THIRDS[usize::from(t) - 1].to_string(),
                Part::Numbered(kind, n) => format!("{}{n}", kind.to_ascii_uppercase()),
            };
            known.push(format!("\"{name}\""));
        } else if let Some(day) = weekday(word) {
            known.push(format!("the weekday {}", weekday_name(day)));
        } else if word.bytes().all(|b| b.is_ascii_digit()) {
            known.push(format!("the number {word}"));
        } else {
            unknown.push(format!("\"{word}\""));
        }
    }
    match (known.is_empty(), unknown.is_empty()) {
        (true, _) => "understood no date in it".to_string(),
        (false, true) => format!("understood {}, but not as a date", known.join(" and ")),
        (false, false) => format!(
            "understood {}, not {}",
            known.join(" and "),
            unknown.join(" or ")
        ),
    }
}

/// A `17/01/2025`-style date, which could mean either order: the ISO forms it could mean.
fn slashed(word: &str) -> String {
    let parts: Vec<u32> = word.split('/').filter_map(|p| p.parse().ok()).collect();
    let meant: Vec<String> = match parts.as_slice() {
        [a, b, y] => [(*a, *b), (*b, *a)]
            .into_iter()
            .filter_map(|(m, d)| NaiveDate::from_ymd_opt(*y as i32, m, d))
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect(),
        _ => Vec::new(),
    };
    let mut meant = meant;
    meant.dedup();
    match meant.as_slice() {
        [] => format!("dates with slashes are not read; write YYYY-MM-DD; expected one of {FORMS}"),
        [one] => format!(
            "dates with slashes are not read, since the day and the month could be either way round; write {one}"
        ),
        [a, b] => format!(
            "dates with slashes are not read, since the day and the month could be either way round; write {a} or {b}"
        ),
        _ => unreachable!("two orders at most"),
    }
}

/// A day and month without a year.
fn no_year(month: u32, day: &str) -> Result<Input, String> {
    let day: u32 = day
        .parse()
        .map_err(|_| format!("expected one of {FORMS}"))?;
    // Any leap year tells whether the day exists at all.
    day_of(2024, month, day).map(|_| Input::NoYear { month, day })
}

/// `2025`, `2025-01`, `2025-01-17` (or unpadded, `2025-1-7`), `2025-q1`, `2025-h2`,
/// `2025-fall`, `2025-early`; `Ok(None)` when it is none of them.
fn parse_numeric(token: &str) -> Result<Option<Premiere>, String> {
    let parts: Vec<&str> = token.split('-').collect();
    let Some(year) = year(parts[0]) else {
        return Ok(None);
    };
    let number = |s: &str| {
        ((1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [_] => Ok(Some(Premiere::Year(year))),
        [_, second] => {
            if let Some(part) = part_of_year(second) {
                return part_window(part, year).map(Some);
            }
            let Some(month) = number(second) else {
                return Ok(None);
            };
            check_month(month)?;
            Ok(Some(Premiere::Month(year, month)))
        }
        [_, month, day] => {
            let (Some(month), Some(day)) = (number(month), number(day)) else {
                return Ok(None);
            };
            day_of(year, month, day).map(Some)
        }
        _ => Ok(None),
    }
}

fn year(token: &str) -> Option<i32> {
    if token.len() != 4 || !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    token.parse().ok().filter(|y| YEARS.contains(y))
}

/// A part of a year: `q3`, `h1` (the number is checked later, so that `Q5` gets its own
/// message), a season or a third.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Numbered(char, u32),
    Season(Season),
    Third(u8),
}

fn part_of_year(token: &str) -> Option<Part> {
    if let Some(season) = Season::named(token) {
        return Some(Part::Season(season));
    }
    if let Some(i) = THIRDS.iter().position(|t| *t == token) {
        return Some(Part::Third(i as u8 + 1));
    }
    let mut chars = token.chars();
    let kind = chars.next().filter(|c| *c == 'q' || *c == 'h')?;
    let rest = chars.as_str();
    if rest.is_empty() || rest.len() > 2 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Part::Numbered(kind, rest.parse().ok()?))
}

fn part_window(part: Part, year: i32) -> Result<Premiere, String> {
    match part {
        Part::Season(season) => Ok(Premiere::Season(year, season)),
        Part::Third(t) => Ok(Premiere::Third(year, t)),
        Part::Numbered('q', n) if (1..=4).contains(&n) => Ok(Premiere::Quarter(year, n as u8)),
        Part::Numbered('q', n) => Err(format!("there is no quarter Q{n}; quarters are Q1 to Q4")),
        Part::Numbered(_, n) if (1..=2).contains(&n) => Ok(Premiere::Half(year, n as u8)),
        Part::Numbered(_, n) => Err(format!("there is no half H{n}; halves are H1 and H2")),
    }
}
fn month_number(token: &str) -> Option<u32> {
    let token = token.trim_end_matches('.');
    if token.len() < 3 {
        return None;
    }
    if token == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|name| *name == token || (token.len() == 3 && name.starts_with(token)))
        .map(|i| i as u32 + 1)
}

fn check_month(month: u32) -> Result<(), String> {
    if (1..=12).contains(&month) {
        Ok(())
    } else {
        Err(format!("there is no month {month}; months are 01 to 12"))
    }
}

fn day_of(year: i32, month: u32, day: u32) -> Result<Premiere, String> {
    check_month(month)?;
    NaiveDate::from_ymd_opt(year, month, day)
        .map(Premiere::Day)
        .ok_or_else(|| {
            let name = MONTHS[month as usize - 1];
            let mut name = name.to_string();
            name[..1].make_ascii_uppercase();
            format!("{name} {year} has no day {day}")
        })
}

/// A plain calendar day in ISO form (`YYYY-MM-DD`), as `--today` and history dates take it.
pub fn parse_day(input: &str) -> Result<NaiveDate, String> {
    let text = input.trim();
    let iso_shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !iso_shaped {
        return Err(format!("invalid date \"{input}\": expected YYYY-MM-DD"));
    }
    match text.parse::<Premiere>() {
        Ok(Premiere::Day(day)) => Ok(day),
        Err(e) => Err(format!("invalid date \"{input}\": {}", e.reason)),
        Ok(_) => unreachable!("a YYYY-MM-DD string is a day"),
    }
}

/// The number of whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The same day `months` months later, clamped to the end of a shorter month.
pub fn add_months(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_add_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Premiere {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// Each (input, canonical form, first day, last day): the input reads as the canonical
    /// form with that window, and the canonical form reads back the same.
    fn check_forms(cases: &[(&str, &str, &str, &str)]) {
        for &(input, canonical, start, end) in cases {
            let premiere = p(input);
            assert_eq!(premiere.to_string(), canonical, "{input}");
            assert_eq!(premiere.window(), Some((d(start), d(end))), "{input}");
            assert_eq!(
                p(canonical),
                premiere,
                "canonical form of {input} reads back"
            );
        }
    }

    #[test]
    fn every_form_has_its_canonical_spelling_and_window() {
        let cases = [
            ("2025-01-17", "2025-01-17", "2025-01-17", "2025-01-17"),
            ("Jan 17 2025", "2025-01-17", "2025-01-17", "2025-01-17"),
            ("January 17, 2025", "2025-01-17", "2025-01-17", "2025-01-17"),
            ("17 Jan 2025", "2025-01-17", "2025-01-17", "2025-01-17"),
            ("2024-02-29", "2024-02-29", "2024-02-29", "2024-02-29"),
            ("2025-01", "2025-01", "2025-01-01", "2025-01-31"),
            ("Jan 2025", "2025-01", "2025-01-01", "2025-01-31"),
            ("January 2025", "2025-01", "2025-01-01", "2025-01-31"),
            ("feb 2024", "2024-02", "2024-02-01", "2024-02-29"),
            ("2025-Q1", "2025-Q1", "2025-01-01", "2025-03-31"),
            ("Q1 2025", "2025-Q1", "2025-01-01", "2025-03-31"),
            ("2025 Q1", "2025-Q1", "2025-01-01", "2025-03-31"),
            ("q4 2025", "2025-Q4", "2025-10-01", "2025-12-31"),
            ("2025-H2", "2025-H2", "2025-07-01", "2025-12-31"),
            ("H2 2025", "2025-H2", "2025-07-01", "2025-12-31"),
            ("h1 2025", "2025-H1", "2025-01-01", "2025-06-30"),
            ("2025", "2025", "2025-01-01", "2025-12-31"),
        ];
        check_forms(&cases);
    }

    #[test]
    fn tba_has_no_window() {
        for input in ["TBA", "tba", "TBD", "unknown", "Unknown", "", "  "] {
            assert_eq!(p(input), Premiere::Tba, "{input:?}");
        }
        assert_eq!(Premiere::Tba.to_string(), "TBA");
        assert_eq!(Premiere::Tba.window(), None);
    }

    #[test]
    fn impossible_dates_are_rejected_with_the_input_quoted() {
        for (input, reason) in [
            ("2025-02-30", "February 2025 has no day 30"),
            ("2025-13", "there is no month 13"),
            ("2025-Q5", "there is no quarter Q5"),
            ("H3 2025", "there is no half H3"),
            ("Feb 30 2025", "February 2025 has no day 30"),
            ("2025-00-10", "there is no month 0"),
            ("next spring", "expected one of"),
            ("2025-1-32", "January 2025 has no day 32"),
            ("Feb 30", "February 2024 has no day 30"),
            ("17/01/2025", "write 2025-01-17"),
            ("01/02/2025", "write 2025-01-02 or 2025-02-01"),
            ("fal 2026", "did you mean \"fall 2026\" (2026-fall)?"),
            ("erly 2026", "did you mean \"early 2026\" (2026-early)?"),
            ("12345", "expected one of"),
            ("Smarch 2025", "expected one of"),
            ("Q1 Q2", "expected one of"),
        ] {
            let err = input.parse::<Premiere>().unwrap_err();
            let message = err.to_string();
            assert!(
                message.contains(&format!("\"{input}\"")),
                "{input}: {message}"
            );
            assert!(message.contains(reason), "{input}: {message}");
        }
    }

    #[test]
    fn ordering_is_by_the_last_possible_day_then_narrower_then_tba_last() {
        let mut all = [
            p("TBA"),
            p("2025"),
            p("2025-H1"),
            p("2025-Q1"),
            p("2025-01"),
            p("2025-01-01"),
            p("2024-12-31"),
            p("2025-01-02"),
            p("2025-winter"),
            p("2025-early"),
            p("2025-12-31"),
        ];
        all.sort();
        let names: Vec<String> = all.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            names,
            [
                "2024-12-31",
                "2025-01-01",
                "2025-01-02",
                "2025-01",
                "2025-winter",
                "2025-Q1",
                "2025-early",
                "2025-H1",
                "2025-12-31",
                "2025",
                "TBA"
            ]
        );
    }

    #[test]
    fn the_forms_news_articles_use() {
        let cases = [
            ("fall 2026", "2026-fall", "2026-09-01", "2026-11-30"),
            ("Autumn 2026", "2026-fall", "2026-09-01", "2026-11-30"),
            ("summer 2026", "2026-summer", "2026-06-01", "2026-08-31"),
            ("spring 2027", "2027-spring", "2027-03-01", "2027-05-31"),
            ("winter 2026", "2026-winter", "2025-12-01", "2026-02-28"),
            ("2024-winter", "2024-winter", "2023-12-01", "2024-02-29"),
            ("early 2026", "2026-early", "2026-01-01", "2026-04-30"),
            ("mid-2026", "2026-mid", "2026-05-01", "2026-08-31"),
            ("Mid 2026", "2026-mid", "2026-05-01", "2026-08-31"),
            ("late 2026", "2026-late", "2026-09-01", "2026-12-31"),
            ("second half of 2026", "2026-H2", "2026-07-01", "2026-12-31"),
            (
                "the first half of 2026",
                "2026-H1",
                "2026-01-01",
                "2026-06-30",
            ),
            (
                "first quarter of 2026",
                "2026-Q1",
                "2026-01-01",
                "2026-03-31",
            ),
            (
                "fourth quarter of 2026",
                "2026-Q4",
                "2026-10-01",
                "2026-12-31",
            ),
            (
                "January 17th, 2025",
                "2025-01-17",
                "2025-01-17",
                "2025-01-17",
            ),
            ("Jan. 17, 2025", "2025-01-17", "2025-01-17", "2025-01-17"),
            ("1st Feb 2025", "2025-02-01", "2025-02-01", "2025-02-01"),
            ("2025-1-17", "2025-01-17", "2025-01-17", "2025-01-17"),
            ("2025-3", "2025-03", "2025-03-01", "2025-03-31"),
            ("Sept. 2025", "2025-09", "2025-09-01", "2025-09-30"),
        ];
        check_forms(&cases);
        assert_eq!(p("TBC"), Premiere::Tba);
    }

    #[test]
    fn a_day_without_a_year_is_the_next_such_day() {
        let today = d("2025-11-20");
        for (input, day) in [
            ("Jan 17", "2026-01-17"),
            ("17 January", "2026-01-17"),
            ("Nov 20", "2025-11-20"),
            ("Nov 21st", "2025-11-21"),
            ("Feb 29", "2028-02-29"),
        ] {
            let parsed = Input::parse(input).unwrap();
            let (premiere, year) = parsed.on(today);
            assert_eq!(premiere, Premiere::Day(d(day)), "{input}");
            assert_eq!(year, Some(d(day).year()), "{input}");
        }
        assert!(
            "Jan 17"
                .parse::<Premiere>()
                .unwrap_err()
                .to_string()
                .contains("give the year")
        );
    }

    #[test]
    fn the_wordings_articles_use() {
        let cases = [
            ("sometime in 2026", "2026", "2026-01-01", "2026-12-31"),
            ("in 2026", "2026", "2026-01-01", "2026-12-31"),
            ("2026?", "2026", "2026-01-01", "2026-12-31"),
            ("Fall 2025.", "2025-fall", "2025-09-01", "2025-11-30"),
            ("holiday 2025", "2025-Q4", "2025-10-01", "2025-12-31"),
            (
                "the 2025 holiday season",
                "2025-Q4",
                "2025-10-01",
                "2025-12-31",
            ),
            ("Q1 '26", "2026-Q1", "2026-01-01", "2026-03-31"),
            ("Q1 \u{2019}26", "2026-Q1", "2026-01-01", "2026-03-31"),
            ("1Q 2026", "2026-Q1", "2026-01-01", "2026-03-31"),
            ("2H 2026", "2026-H2", "2026-07-01", "2026-12-31"),
            ("end of 2025", "2025-late", "2025-09-01", "2025-12-31"),
            (
                "the beginning of 2026",
                "2026-early",
                "2026-01-01",
                "2026-04-30",
            ),
            (
                "Wednesday, March 4, 2026",
                "2026-03-04",
                "2026-03-04",
                "2026-03-04",
            ),
            ("Wed. Mar. 4 2026", "2026-03-04", "2026-03-04", "2026-03-04"),
            ("spring or summer 2026", "2026", "2026-01-01", "2026-12-31"),
            (
                "January or February 2026",
                "2026-Q1",
                "2026-01-01",
                "2026-03-31",
            ),
            ("Q3 or Q4 2026", "2026-H2", "2026-07-01", "2026-12-31"),
            (
                "March or April 2026",
                "2026-spring",
                "2026-03-01",
                "2026-05-31",
            ),
            ("fall 2026 or 2027", "2027", "2027-01-01", "2027-12-31"),
        ];
        check_forms(&cases);
    }

    #[test]
    fn either_of_two_years_is_the_later_one() {
        let input = Input::parse("late 2026 or early 2027").unwrap();
        assert_eq!(
            input,
            Input::Later {
                later: p("2027-early"),
                earlier: p("2026-late")
            }
        );
        assert_eq!(input.on(d("2025-01-01")).0, p("2027-early"));
        assert_eq!(p("early 2027 or late 2026"), p("2027-early"));
    }

    #[test]
    fn this_fall_is_the_next_fall_not_over() {
        for (input, today, premiere) in [
            ("this fall", "2025-07-01", "2025-fall"),
            ("this fall", "2025-10-15", "2025-fall"),
            ("this fall", "2025-12-02", "2026-fall"),
            ("this winter", "2025-11-20", "2026-winter"),
            ("this winter", "2026-01-20", "2026-winter"),
            ("this year", "2025-03-01", "2025"),
            ("this holiday season", "2025-03-01", "2025-Q4"),
        ] {
            let (got, year) = Input::parse(input).unwrap().on(d(today));
            assert_eq!(got, p(premiere), "{input} on {today}");
            assert!(year.is_some());
        }
        assert!("this fall".parse::<Premiere>().is_err());
    }

    #[test]
    fn refusals_say_what_was_understood_and_suggest_only_near_meanings() {
        let reason = |input: &str| input.parse::<Premiere>().unwrap_err().reason;
        assert!(
            reason("sometime in 2026 maybe").contains("understood the year 2026, not \"maybe\""),
            "{}",
            reason("sometime in 2026 maybe")
        );
        assert!(
            reason("Thursday, March 4, 2026").contains("2026-03-04 is a Wednesday, not a Thursday")
        );
        assert!(
            reason("Wednesday March 2026")
                .contains("understood Mar 2026 and the weekday Wednesday")
        );
        // A word two letters from another part of the year is no typo of it.
        for input in ["end 2025x", "whenever 2026", "next spring"] {
            assert!(
                !reason(input).contains("did you mean"),
                "{input}: {}",
                reason(input)
            );
        }
        assert!(reason("lat 2026").contains("did you mean \"late 2026\" (2026-late)?"));
        assert!(reason("summr 2026").contains("did you mean \"summer 2026\" (2026-summer)?"));
        assert!(reason("next spring").contains("understood \"spring\", not \"next\""));
        assert!(reason("fall 2026 or TBA").contains("\"tba\" has none"));
    }

    #[test]
    fn a_passed_premiere_has_a_next_one_of_its_kind() {
        let today = d("2025-07-01");
        assert_eq!(
            next_of_kind(p("2025-winter"), today),
            Some(p("2026-winter"))
        );
        assert_eq!(next_of_kind(p("2024-Q1"), today), Some(p("2026-Q1")));
        assert_eq!(next_of_kind(p("2025-03-04"), today), Some(p("2026-03-04")));
        assert_eq!(next_of_kind(p("2025-H1"), today), Some(p("2026-H1")));
        assert_eq!(next_of_kind(Premiere::Tba, today), None);
    }

    #[test]
    fn on_takes_days_counted_back_from_today() {
        let today = d("2025-07-02"); // a Wednesday
        for (input, day) in [
            ("today", "2025-07-02"),
            ("Yesterday", "2025-07-01"),
            ("3 days ago", "2025-06-29"),
            ("a day ago", "2025-07-01"),
            ("2 weeks ago", "2025-06-18"),
            ("last friday", "2025-06-27"),
            ("last wednesday", "2025-06-25"),
            ("last Wed", "2025-06-25"),
            ("2023-05-02", "2023-05-02"),
            ("May 2 2023", "2023-05-02"),
            ("Jul 3", "2024-07-03"),
            ("Jul 2", "2025-07-02"),
        ] {
            assert_eq!(
                OnDay::parse(input).unwrap().day(today),
                Some(d(day)),
                "{input}"
            );
        }
        for (input, why) in [
            ("yesterdy", "--on takes a day: 2023-05-02"),
            ("fall 2025", "fall 2025 is not one day"),
            ("Feb 30 2025", "February 2025 has no day 30"),
        ] {
            let err = OnDay::parse(input).unwrap_err();
            assert!(err.contains(why), "{input}: {err}");
            assert!(err.contains("\"3 days ago\""), "{input}: {err}");
            assert!(
                !err.contains("H2 2025"),
                "{input}: the premiere forms: {err}"
            );
        }
    }

    #[test]
    fn plain_days_are_iso_only() {
        assert_eq!(parse_day("2024-12-01"), Ok(d("2024-12-01")));
        assert!(parse_day("2024-12").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_day("2024-02-30").unwrap_err().contains("no day 30"));
        assert!(parse_day("Dec 1 2024").is_err());
    }
}
