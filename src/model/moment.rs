//! Moments: a premiere or an episode at a known time, in the time zone it was announced in,
//! and the clock that says what day it is where the user is.
//!
//! A moment is kept as the origin's wall-clock time and zone, `2025-01-17 21:00
//! America/New_York`, so that the file reads as the announcement did and daylight saving is
//! the zone database's business (chrono-tz), not a stored offset's. A day without a time is
//! never a moment: it stays the origin's day, in every zone.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A time zone of the IANA database.
pub type Zone = Tz;

/// Short names people type for a zone, and the zone whose wall clock they mean: `ET` is New
/// York's time, summer or winter. (Names the database has itself, such as `UTC`, `CET` or
/// `Japan`, need no entry.)
const ALIASES: [(&str, &str); 19] = [
    ("et", "America/New_York"),
    ("est", "America/New_York"),
    ("edt", "America/New_York"),
    ("eastern", "America/New_York"),
    ("ct", "America/Chicago"),
    ("cst", "America/Chicago"),
    ("cdt", "America/Chicago"),
    ("mt", "America/Denver"),
    ("mst", "America/Denver"),
    ("mdt", "America/Denver"),
    ("pt", "America/Los_Angeles"),
    ("pst", "America/Los_Angeles"),
    ("pdt", "America/Los_Angeles"),
    ("pacific", "America/Los_Angeles"),
    ("bst", "Europe/London"),
    ("uk", "Europe/London"),
    ("jst", "Asia/Tokyo"),
    ("aest", "Australia/Sydney"),
    ("z", "UTC"),
];

/// The names a zone can be given by, for completion: the short names people type (`ET`),
/// with the zone they stand for as help, then every IANA name of the database.
pub fn zone_names() -> Vec<(String, Option<String>)> {
    let short = ALIASES
        .iter()
        .filter(|(alias, _)| alias.len() > 1)
        .map(|(alias, iana)| {
            // `ET`, `AEST`, `UK` are written in capitals; `Eastern`, `Pacific` are words.
            let name = match alias.len() {
                ..=4 => alias.to_ascii_uppercase(),
                _ => alias[..1].to_ascii_uppercase() + &alias[1..],
            };
            (name, Some(format!("{iana}'s clock")))
        });
    let iana = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|zone| (zone.name().to_string(), None));
    short.chain(iana).collect()
}

/// The zone `name` names: an IANA name in any letter case (`America/New_York`,
/// `europe/berlin`), or a short name of [`ALIASES`].
pub fn zone(name: &str) -> Result<Zone, String> {
    let name = name.trim();
    let name = name.strip_prefix(':').unwrap_or(name);
    if let Some((_, iana)) = ALIASES
        .iter()
        .find(|(alias, _)| alias.eq_ignore_ascii_case(name))
    {
        return Ok(iana
            .parse()
            .expect("the aliases name zones of the database"));
    }
    if let Ok(zone) = name.parse::<Tz>() {
        return Ok(zone);
    }
    let found = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|z| z.name().eq_ignore_ascii_case(name));
    found.copied().ok_or_else(|| {
        format!(
            "unknown time zone \"{}\"; give an IANA name such as America/New_York or \
             Europe/Berlin, or ET, CT, MT, PT, UTC",
            crate::term::excerpt(name, 60)
        )
    })
}

/// A time in a zone: what an announcement says ("Friday 21:00 Eastern").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Moment {
    /// The origin's wall-clock time.
    pub local: NaiveDateTime,
    pub zone: Zone,
}

impl Moment {
    /// The moment `instant` is, told in `zone`'s wall-clock time.
    pub fn from_instant(instant: DateTime<Utc>, zone: Zone) -> Moment {
        Moment {
            local: instant.with_timezone(&zone).naive_local(),
            zone,
        }
    }

    /// When it is, the same everywhere. A wall-clock time a zone repeats (the hour daylight
    /// saving gives back) is its first; one it skips (the hour it takes) is read an hour
    /// later, as clocks that spring forward show it.
    pub fn instant(&self) -> DateTime<Utc> {
        match self.zone.from_local_datetime(&self.local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
            LocalResult::None => {
                let later = self.local + Duration::hours(1);
                match self.zone.from_local_datetime(&later) {
                    LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
                    LocalResult::None => Utc.from_utc_datetime(&self.local),
                }
            }
        }
    }

    /// The moment as a clock in `zone` shows it.
    pub fn in_zone(&self, zone: Zone) -> DateTime<Zone> {
        self.instant().with_timezone(&zone)
    }

    /// The origin's day: the day of the announcement.
    pub fn day(&self) -> NaiveDate {
        self.local.date()
    }

    /// RFC 3339 with `zone`'s offset: `2025-01-18T03:00:00+01:00`.
    pub fn rfc3339(&self, zone: Zone) -> String {
        self.in_zone(zone)
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    /// The moment on `day` at the time of day `time`, in `zone`.
    pub fn on(day: NaiveDate, time: NaiveTime, zone: Zone) -> Moment {
        Moment {
            local: day.and_time(time),
            zone,
        }
    }
}

impl fmt::Display for Moment {
    /// `2025-01-17 21:00 America/New_York`, as the file keeps it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}",
            self.local.format("%Y-%m-%d %H:%M"),
            self.zone.name()
        )
    }
}

/// A time of day: `21:00`, `9:05`, `21.00`, `9pm`, `9:30 pm`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim().to_ascii_lowercase();
    let (text, half) = if let Some(t) = text.strip_suffix("pm") {
        (t.trim_end(), Some(12))
    } else if let Some(t) = text.strip_suffix("am") {
        (t.trim_end(), Some(0))
    } else {
        (text.as_str(), None)
    };
    let (hours, minutes) = match text.split_once([':', '.']) {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None if half.is_some() => (text, "00"),
        None => return None,
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || !digits(minutes) {
        return None;
    }
    let (mut hours, minutes): (u32, u32) = (hours.parse().ok()?, minutes.parse().ok()?);
    if let Some(half) = half {
        if !(1..=12).contains(&hours) {
            return None;
        }
        hours = hours % 12 + half;
    }
    NaiveTime::from_hms_opt(hours, minutes, 0)
}

/// A time of day with an optional zone after it: `21:00 ET`, `9pm America/New_York`, `21:00`.
/// Without a zone, `default` is taken.
pub fn parse_airs(text: &str, default: Zone) -> Result<(NaiveTime, Zone), String> {
    let airs = parse_air_time(text)?;
    Ok((airs.time, airs.zone.unwrap_or(default)))
}

/// A time of day as typed, and the zone typed after it, if any: the zone is the user's
/// business to default (their own zone, where the command knows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AirTime {
    pub time: NaiveTime,
    pub zone: Option<Zone>,
}

impl AirTime {
    /// The moment of this time on `day`, in the zone typed, else in `default`.
    pub fn on(self, day: NaiveDate, default: Zone) -> Moment {
        Moment::on(day, self.time, self.zone.unwrap_or(default))
    }
}

/// A time of day with an optional zone after it: `21:00 ET`, `9pm America/New_York`, `21:00`.
pub fn parse_air_time(text: &str) -> Result<AirTime, String> {
    let text = text.trim();
    let bad = || {
        format!(
            "\"{}\" is not a time of day; give it as HH:MM with a zone, such as \"21:00 ET\" or \
             \"21:00 America/New_York\"",
            crate::term::excerpt(text, 60)
        )
    };
    if let Some(time) = parse_time(text) {
        return Ok(AirTime { time, zone: None });
    }
    let (time, zone_name) = text.split_once(char::is_whitespace).ok_or_else(bad)?;
    // "9 pm ET": the half of the day is a word of the time.
    let (time, zone_name) = match zone_name.trim().split_once(char::is_whitespace) {
        Some((half, rest)) if ["am", "pm"].contains(&half.to_ascii_lowercase().as_str()) => {
            (format!("{time} {half}"), rest)
        }
        _ if ["am", "pm"].contains(&zone_name.trim().to_ascii_lowercase().as_str()) => {
            (format!("{time} {}", zone_name.trim()), "")
        }
        _ => (time.to_string(), zone_name),
    };
    let time = parse_time(&time).ok_or_else(bad)?;
    let zone = match zone_name.trim() {
        "" => None,
        name => Some(zone(name)?),
    };
    Ok(AirTime { time, zone })
}

/// Text that ends in a time of day and an optional zone, split there: `2025-01-17 21:00
/// America/New_York` is `("2025-01-17", 21:00, New York)`, `Jan 17 2025 9 pm` is `("Jan 17
/// 2025", 21:00, none)`. `Ok(None)` when no word after the first is a time of day; an error
/// when the words after the time are not a zone.
pub fn split_time(text: &str) -> Result<Option<(String, AirTime)>, String> {
    let words: Vec<&str> = text.split_whitespace().flat_map(iso_words).collect();
    for at in 1..words.len() {
        let half = words
            .get(at + 1)
            .is_some_and(|w| ["am", "pm"].contains(&w.to_ascii_lowercase().as_str()));
        let time_words = if half { 2 } else { 1 };
        if parse_time(&words[at..at + time_words].join(" ")).is_none() {
            continue;
        }
        let airs = parse_air_time(&words[at..].join(" "))?;
        return Ok(Some((words[..at].join(" "), airs)));
    }
    Ok(None)
}

/// A word as ISO 8601 writes a day and its time, `2025-01-17T21:00` (as calendars and web
/// pages give it), split into the day and the time; any other word as it is.
fn iso_words(word: &str) -> Vec<&str> {
    match word.split_once(['T', 't']) {
        Some((day, time))
            if day.starts_with(|c: char| c.is_ascii_digit())
                && day.bytes().all(|b| b.is_ascii_digit() || b == b'-')
                && parse_time(time).is_some() =>
        {
            vec![day, time]
        }
        _ => vec![word],
    }
}

impl FromStr for Moment {
    type Err = String;

    /// `2025-01-17 21:00 America/New_York` (the file's form), or RFC 3339
    /// (`2025-01-17T21:00:00-05:00`, kept in UTC, since an offset names no zone).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Ok(Moment::from_instant(t.with_timezone(&Utc), Tz::UTC));
        }
        let bad = || {
            format!(
                "\"{}\" is not a moment; write it as YYYY-MM-DD HH:MM ZONE, such as \
                 \"2025-01-17 21:00 America/New_York\"",
                crate::term::excerpt(text, 60)
            )
        };
        let mut words = text.split_whitespace();
        let (Some(day), Some(time), Some(zone_name), None) =
            (words.next(), words.next(), words.next(), words.next())
        else {
            return Err(bad());
        };
        let day = super::premiere::parse_day(day).map_err(|_| bad())?;
        let time = parse_time(time).ok_or_else(bad)?;
        Ok(Moment::on(day, time, zone(zone_name)?))
    }
}

impl Serialize for Moment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Moment {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// A day, or a moment when the time is known: when the next episode airs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum When {
    Day(NaiveDate),
    At(Moment),
}

impl When {
    /// The moment, when the time is known.
    pub fn moment(&self) -> Option<Moment> {
        match self {
            When::At(m) => Some(*m),
            When::Day(_) => None,
        }
    }
}

impl fmt::Display for When {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            When::Day(day) => write!(f, "{day}"),
            When::At(m) => write!(f, "{m}"),
        }
    }
}

impl FromStr for When {
    type Err = String;

    /// A day (`2025-02-07`) or a moment (see [`Moment`]).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match super::premiere::parse_day(text.trim()) {
            Ok(day) => Ok(When::Day(day)),
            Err(_) => text.parse().map(When::At),
        }
    }
}

impl Serialize for When {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Where and when the user is: the zone their days are counted in, now, and today there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub zone: Zone,
    pub now: DateTime<Utc>,
    /// The local day: the day of `now` in `zone`, unless told otherwise (`--today`).
    pub today: NaiveDate,
}

impl Clock {
    /// The clock at `now` in `zone`; `today` (when given) is the day, and `now` its first
    /// moment unless given too.
    pub fn new(zone: Zone, now: Option<DateTime<Utc>>, today: Option<NaiveDate>) -> Clock {
        let now = match (now, today) {
            (Some(now), _) => now,
            (None, Some(day)) => Moment::on(day, NaiveTime::MIN, zone).instant(),
            (None, None) => Utc::now(),
        };
        let today = today.unwrap_or_else(|| now.with_timezone(&zone).date_naive());
        Clock { zone, now, today }
    }

    /// The same clock, its days counted in `zone`.
    pub fn with_zone(self, zone: Zone) -> Clock {
        Clock { zone, ..self }
    }

    /// A clock for `today` in UTC: for code that has only a day to go on.
    pub fn on(today: NaiveDate) -> Clock {
        Clock::new(Tz::UTC, None, Some(today))
    }

    /// `show` as the user sees it: a premiere with a moment is on the user's day of it. Only
    /// views take such a show: the file keeps the origin's day.
    pub fn localise(&self, show: &mut super::Show) {
        if let Some(moment) = show.moment() {
            show.premiere = super::premiere::Premiere::Day(self.day_of(&moment));
        }
    }

    /// The user's day of `moment`.
    pub fn day_of(&self, moment: &Moment) -> NaiveDate {
        moment.in_zone(self.zone).date_naive()
    }

    /// The user's day of `when`: a day is never shifted.
    pub fn day_of_when(&self, when: &When) -> NaiveDate {
        match when {
            When::Day(day) => *day,
            When::At(m) => self.day_of(m),
        }
    }

    /// `Sat 18 Jan 03:00 CET`: the moment on the user's clock.
    pub fn local_words(&self, moment: &Moment) -> String {
        moment
            .in_zone(self.zone)
            .format("%a %-d %b %H:%M %Z")
            .to_string()
    }

    /// `03:00`: the moment's time of day on the user's clock.
    pub fn local_time(&self, moment: &Moment) -> String {
        moment.in_zone(self.zone).format("%H:%M").to_string()
    }

    /// Whether `moment` is still to come.
    pub fn to_come(&self, moment: &Moment) -> bool {
        moment.instant() >= self.now
    }
}

/// `Fri 17 Jan 21:00 EST`: the moment on the origin's clock.
pub fn origin_words(moment: &Moment) -> String {
    moment
        .in_zone(moment.zone)
        .format("%a %-d %b %H:%M %Z")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn berlin() -> Zone {
        zone("Europe/Berlin").unwrap()
    }

    #[test]
    fn a_new_york_evening_is_the_next_morning_in_berlin_and_the_same_day_in_los_angeles() {
        let m: Moment = "2025-01-17 21:00 America/New_York".parse().unwrap();
        let day = |z: &str| Clock::on(m.day()).with_zone(zone(z).unwrap()).day_of(&m);
        assert_eq!(day("Europe/Berlin").to_string(), "2025-01-18");
        assert_eq!(day("Asia/Tokyo").to_string(), "2025-01-18");
        assert_eq!(day("America/Los_Angeles").to_string(), "2025-01-17");
        assert_eq!(m.rfc3339(berlin()), "2025-01-18T03:00:00+01:00");
        assert_eq!(origin_words(&m), "Fri 17 Jan 21:00 EST");
        assert_eq!(m.to_string(), "2025-01-17 21:00 America/New_York");
    }

    #[test]
    fn daylight_saving_moves_the_utc_time_of_a_slot() {
        let winter: Moment = "2025-03-07 21:00 ET".parse().unwrap();
        let summer: Moment = "2025-03-14 21:00 ET".parse().unwrap();
        assert_eq!(winter.instant().to_rfc3339(), "2025-03-08T02:00:00+00:00");
        assert_eq!(summer.instant().to_rfc3339(), "2025-03-15T01:00:00+00:00");
        // In Berlin, which changes later, the slot is at 03:00 one week and 02:00 the next.
        assert_eq!(winter.rfc3339(berlin()), "2025-03-08T03:00:00+01:00");
        assert_eq!(summer.rfc3339(berlin()), "2025-03-15T02:00:00+01:00");
    }

    #[test]
    fn an_hour_the_clock_skips_is_read_an_hour_later() {
        let skipped: Moment = "2025-03-09 02:30 America/New_York".parse().unwrap();
        assert_eq!(skipped.instant().to_rfc3339(), "2025-03-09T07:30:00+00:00");
    }

    #[test]
    fn times_and_zones_read_as_people_type_them() {
        let t = |s: &str| parse_time(s).map(|t| t.format("%H:%M").to_string());
        assert_eq!(t("21:00").as_deref(), Some("21:00"));
        assert_eq!(t("9pm").as_deref(), Some("21:00"));
        assert_eq!(t("12 am").as_deref(), Some("00:00"));
        assert_eq!(t("9:30 PM").as_deref(), Some("21:30"));
        assert_eq!(t("21.15").as_deref(), Some("21:15"));
        assert_eq!(t("25:00"), None);
        assert_eq!(t("13pm"), None);
        assert_eq!(t("2100"), None);
        let (time, z) = parse_airs("21:00 ET", Tz::UTC).unwrap();
        assert_eq!(
            (time.to_string(), z.name()),
            ("21:00:00".into(), "America/New_York")
        );
        assert_eq!(parse_airs("21:00", berlin()).unwrap().1, berlin());
        assert!(
            parse_airs("21:00 Mars/Olympus", Tz::UTC)
                .unwrap_err()
                .contains("unknown time zone")
        );
        assert_eq!(zone("europe/berlin").unwrap(), berlin());
        let (day, airs) = split_time("2025-01-17 21:00 America/New_York")
            .unwrap()
            .unwrap();
        assert_eq!(day, "2025-01-17");
        assert_eq!(
            airs.on(day.parse().unwrap(), Tz::UTC).to_string(),
            "2025-01-17 21:00 America/New_York"
        );
        let (day, airs) = split_time("Jan 17 2025 9 pm").unwrap().unwrap();
        assert_eq!((day.as_str(), airs.zone), ("Jan 17 2025", None));
        assert_eq!(airs.time.to_string(), "21:00:00");
        assert_eq!(
            parse_air_time("9 pm ET").unwrap().zone.map(|z| z.name()),
            Some("America/New_York")
        );
        assert_eq!(split_time("2025-01-17"), Ok(None));
        assert_eq!(split_time("Jan 17 2025"), Ok(None));
        assert!(split_time("2025-01-17 21:00 Mars/Olympus").is_err());
        assert_eq!(zone(":Asia/Tokyo").unwrap().name(), "Asia/Tokyo");
    }

    #[test]
    fn rfc3339_is_read_and_kept_in_utc() {
        let m: Moment = "2025-01-17T21:00:00-05:00".parse().unwrap();
        assert_eq!(m.to_string(), "2025-01-18 02:00 UTC");
        let w: When = "2025-02-07".parse().unwrap();
        assert_eq!(w, When::Day("2025-02-07".parse().unwrap()));
        assert!("2025-02-07 21:00".parse::<When>().is_err());
    }
}
