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
            Input::Premiere(premiere) => Ok(premiere),
            Input::NoYear { .. } => Err(PremiereError {
                input: input.to_string(),
                reason: "give the year too, such as \"Jan 17 2026\"".into(),
            }),
        }
    }
}

/// A premiere as typed on the command line: a day without a year is the next such day, which
/// only today can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Premiere(Premiere),
    NoYear { month: u32, day: u32 },
}

impl Input {
    /// Any of the premiere forms, in any letter case and spacing.
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
        let words = words(input);
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let unknown = || fail(unknown_reason(&words));
        let premiere = match words.as_slice() {
            [] | ["tba" | "tbd" | "tbc" | "unknown"] => Premiere::Tba,
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
        Ok(Input::Premiere(premiere))
    }

    /// The premiere, taking a day without a year as the next such day from `today` (today
    /// itself included); with the year taken, when one was.
    pub fn on(self, today: NaiveDate) -> (Premiere, Option<i32>) {
        match self {
            Input::Premiere(premiere) => (premiere, None),
            Input::NoYear { month, day } => {
                let next = (today.year()..)
                    .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
                    .find(|d| *d >= today)
                    .expect("every day of the year comes again within four years");
                (Premiere::Day(next), Some(next.year()))
            }
        }
    }
}

/// The words of a premiere: lower case, without commas, with ordinals (`17th`) as numbers and
/// phrases (`second half of 2026`, `mid-2026`) as the short forms (`h2 2026`, `mid 2026`).
fn words(input: &str) -> Vec<String> {
    let text = format!(" {} ", input.trim().to_lowercase().replace(',', " "));
    let text = text.replace(" the ", " ").replace(" of ", " ");
    let mut text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for (phrase, short) in [
        ("first half", "h1"),
        ("second half", "h2"),
        ("first quarter", "q1"),
        ("second quarter", "q2"),
        ("third quarter", "q3"),
        ("fourth quarter", "q4"),
    ] {
        text = text.replace(phrase, short);
    }
    text.split_whitespace()
        .flat_map(|word| match word.split_once('-') {
            Some((part, y)) if year(y).is_some() && part_of_year(part).is_some() => vec![part, y],
            _ => vec![word],
        })
        .map(|word| {
            let ordinal = ["st", "nd", "rd", "th"]
                .iter()
                .filter_map(|suffix| word.strip_suffix(suffix))
                .find(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
            ordinal.unwrap_or(word).to_string()
        })
        .collect()
}

/// Why words are no premiere: the list of forms, and the one that was probably meant.
fn unknown_reason(words: &[&str]) -> String {
    let mut reason = format!("expected one of {FORMS}");
    if let [a, b] = words {
        let (word, y) = if year(b).is_some() { (a, b) } else { (b, a) };
        let known = MONTHS
            .iter()
            .copied()
            .chain(Season::ALL.map(Season::name))
            .chain(THIRDS)
            .chain(["q1", "q2", "q3", "q4", "h1", "h2"]);
        if year(y).is_some()
            && let Some(near) = crate::model::suggest::closest(word, known).first()
            && let Ok(premiere) = format!("{near} {y}").parse::<Premiere>()
        {
            reason = format!("did you mean \"{near} {y}\" ({premiere})? Or {reason}");
        }
    }
    reason
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
#[derive(Debug, Clone, Copy)]
enum Part {
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
    fn plain_days_are_iso_only() {
        assert_eq!(parse_day("2024-12-01"), Ok(d("2024-12-01")));
        assert!(parse_day("2024-12").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_day("2024-02-30").unwrap_err().contains("no day 30"));
        assert!(parse_day("Dec 1 2024").is_err());
    }
}
