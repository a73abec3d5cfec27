//! The premiere date of a season: often only partly known.
//!
//! A premiere is an exact day or a window (a month, quarter, half year or year), or `TBA`.
//! Every form has one canonical spelling, which is what the watchlist stores, and a window of
//! days (first and last) that drives sorting, countdowns and filtering.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

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
    Month(i32, u32),
    Day(NaiveDate),
}

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
pub const FORMS: &str = "2025-01-17, Jan 17 2025, 2025-01, Jan 2025, Q1 2025, H2 2025, 2025 or TBA";

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
    /// sorting many.
    pub fn sort_key(&self) -> (bool, NaiveDate, NaiveDate) {
        match self.window() {
            None => (true, NaiveDate::MIN, NaiveDate::MIN),
            Some((start, end)) => (false, start, end),
        }
    }
}

/// Ordering: by window start, then the narrower window first; `TBA` last.
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

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        general(input)
    }
}

/// Any of the premiere forms, in any letter case and spacing.
fn general(input: &str) -> Result<Premiere, PremiereError> {
    let fail = |reason: String| PremiereError {
        input: input.to_string(),
        reason,
    };
    let lower = input.trim().to_lowercase().replace(',', " ");
    let tokens: Vec<&str> = lower.split_whitespace().collect();
    let unknown = || fail(format!("expected one of {FORMS}"));
    match tokens.as_slice() {
        [] | ["tba" | "tbd" | "unknown"] => Ok(Premiere::Tba),
        [one] => parse_numeric(one).map_err(fail)?.ok_or_else(unknown),
        [a, b] => {
            if let Some(month) = month_number(a) {
                let year = year(b).ok_or_else(unknown)?;
                return Ok(Premiere::Month(year, month));
            }
            let (part, year) = match (part_of_year(a), part_of_year(b)) {
                (Some(part), None) => (part, year(b)),
                (None, Some(part)) => (part, year(a)),
                _ => return Err(unknown()),
            };
            let year = year.ok_or_else(unknown)?;
            part_window(part, year).map_err(fail)
        }
        [a, b, c] => {
            let (month, day) = match (month_number(a), month_number(b)) {
                (Some(m), None) => (m, b),
                (None, Some(m)) => (m, a),
                _ => return Err(unknown()),
            };
            let day: u32 = day.parse().map_err(|_| unknown())?;
            let year = year(c).ok_or_else(unknown)?;
            day_of(year, month, day).map_err(fail)
        }
        _ => Err(unknown()),
    }
}

/// `2025`, `2025-01`, `2025-01-17`, `2025-q1`, `2025-h2`; `Ok(None)` when it is none of them.
fn parse_numeric(token: &str) -> Result<Option<Premiere>, String> {
    let parts: Vec<&str> = token.split('-').collect();
    let Some(year) = year(parts[0]) else {
        return Ok(None);
    };
    let number = |s: &str, width: usize| {
        (s.len() == width && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [_] => Ok(Some(Premiere::Year(year))),
        [_, second] => {
            if let Some(part) = part_of_year(second) {
                return part_window(part, year).map(Some);
            }
            let Some(month) = number(second, 2) else {
                return Ok(None);
            };
            check_month(month)?;
            Ok(Some(Premiere::Month(year, month)))
        }
        [_, month, day] => {
            let (Some(month), Some(day)) = (number(month, 2), number(day, 2)) else {
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

/// `q3` → ('q', 3), `h1` → ('h', 1); the number is checked later so that `Q5` gets its own
/// message.
fn part_of_year(token: &str) -> Option<(char, u32)> {
    let mut chars = token.chars();
    let kind = chars.next().filter(|c| *c == 'q' || *c == 'h')?;
    let rest = chars.as_str();
    if rest.is_empty() || rest.len() > 2 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((kind, rest.parse().ok()?))
}

fn part_window((kind, n): (char, u32), year: i32) -> Result<Premiere, String> {
    match kind {
        'q' if (1..=4).contains(&n) => Ok(Premiere::Quarter(year, n as u8)),
        'q' => Err(format!("there is no quarter Q{n}; quarters are Q1 to Q4")),
        _ if (1..=2).contains(&n) => Ok(Premiere::Half(year, n as u8)),
        _ => Err(format!("there is no half H{n}; halves are H1 and H2")),
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
        for (input, canonical, start, end) in cases {
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
            ("2025-1-1", "expected one of"),
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
    fn ordering_is_by_start_then_narrower_then_tba_last() {
        let mut all = [
            p("TBA"),
            p("2025"),
            p("2025-H1"),
            p("2025-Q1"),
            p("2025-01"),
            p("2025-01-01"),
            p("2024-12-31"),
            p("2025-01-02"),
        ];
        all.sort();
        let names: Vec<String> = all.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            names,
            [
                "2024-12-31",
                "2025-01-01",
                "2025-01",
                "2025-Q1",
                "2025-H1",
                "2025",
                "2025-01-02",
                "TBA"
            ]
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
