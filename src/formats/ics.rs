//! iCalendar (RFC 5545) export of premieres, for calendar apps.
//!
//! Each show with an exact premiere day is an all-day event; with `windows`, a month, quarter,
//! half or year window is an all-day span marked tentative. `TBA` is never exported. The
//! output is deterministic: the same watchlist gives the same bytes, and each event's `UID`
//! comes from the title and season only, so a calendar that subscribes updates its events
//! instead of adding new ones when other fields change.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::model::premiere::Premiere;
use crate::model::{Show, title_key};

/// The calendar for `shows`. `today` stamps events that have no dated history.
/// How a calendar is made: with windows, with finales, and how often apps should fetch it.
pub struct Options<'a> {
    pub windows: bool,
    pub finales: bool,
    /// An ISO 8601 duration, such as `PT12H`.
    pub refresh: &'a str,
}

pub fn calendar(shows: &[&Show], today: NaiveDate, options: &Options) -> String {
    let mut out = String::new();
    let windows = options.windows;
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        concat!(
            "PRODID:-//airdate//airdate ",
            env!("CARGO_PKG_VERSION"),
            "//EN"
        ),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:airdate premieres",
        "X-WR-CALNAME:airdate premieres",
    ] {
        push_line(&mut out, line);
    }
    // RFC 7986, and the older name some apps read: fetch the calendar again this often.
    push_line(
        &mut out,
        &format!("REFRESH-INTERVAL;VALUE=DURATION:{}", options.refresh),
    );
    push_line(&mut out, &format!("X-PUBLISHED-TTL:{}", options.refresh));
    for show in shows {
        for season in show.seasons_view() {
            let current = season.number == show.season;
            if let Premiere::Day(day) = season.premiere
                && !current
            {
                day_event(
                    &mut out,
                    show,
                    (season.number, "premiere"),
                    day,
                    true,
                    today,
                );
            }
            if let Some(finale) = season.finale.filter(|_| options.finales) {
                let which = (season.number, "finale");
                day_event(
                    &mut out,
                    show,
                    which,
                    finale,
                    season.finale_confirmed,
                    today,
                );
            }
        }
        let Some((start, end)) = show.premiere.window() else {
            continue;
        };
        let exact = show.premiere.is_day();
        if !exact && !windows {
            continue;
        }
        let summary = match show.season {
            Some(season) => format!("{} — season {season} premiere", show.title),
            None => format!("{} premiere", show.title),
        };
        let mut description = format!(
            "Network: {}\nStatus: {}",
            show.network.as_deref().unwrap_or("unknown"),
            show.status_on(today)
        );
        if !exact {
            let _ = write!(
                description,
                "\nPremiere: {} (date not yet set)",
                show.premiere
            );
        }
        if let Some(reason) = &show.hiatus_reason {
            let _ = write!(description, "\nHiatus: {reason}");
        }
        if let Some(notes) = &show.notes {
            let _ = write!(description, "\n{notes}");
        }
        let stamp = stamp(show, today);
        push_line(&mut out, "BEGIN:VEVENT");
        push_line(&mut out, &format!("UID:{}", uid(show)));
        push_line(
            &mut out,
            &format!("DTSTAMP:{}T000000Z", stamp.format("%Y%m%d")),
        );
        push_line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", start.format("%Y%m%d")),
        );
        let after = end.succ_opt().unwrap_or(end);
        push_line(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", after.format("%Y%m%d")),
        );
        push_line(&mut out, &format!("SUMMARY:{}", escape(&summary)));
        push_line(&mut out, &format!("DESCRIPTION:{}", escape(&description)));
        if let Some(url) = page(show) {
            push_line(&mut out, &format!("URL:{url}"));
        }
        if !show.tags.is_empty() {
            let tags: Vec<String> = show.tags.iter().map(|t| escape(t)).collect();
            push_line(&mut out, &format!("CATEGORIES:{}", tags.join(",")));
        }
        push_line(
            &mut out,
            if exact {
                "STATUS:CONFIRMED"
            } else {
                "STATUS:TENTATIVE"
            },
        );
        push_line(&mut out, "TRANSP:TRANSPARENT");
        push_line(&mut out, "END:VEVENT");
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// Stable for a title (in any letter case) and season, whatever else changes.
pub fn uid(show: &Show) -> String {
    season_uid(show, show.season)
}

fn season_uid(show: &Show, season: Option<u32>) -> String {
    let key = title_key(&show.title);
    let hash = xxhash_rust::xxh3::xxh3_64(key.as_bytes());
    match season {
        Some(season) => format!("{hash:016x}-s{season}@airdate"),
        None => format!("{hash:016x}@airdate"),
    }
}

/// A day of a season (an earlier season's premiere, any season's finale), as an all-day event
/// of its own; tentative when the day is not confirmed (a finale that is the last episode
/// listed so far).
fn day_event(
    out: &mut String,
    show: &Show,
    (season, what): (Option<u32>, &str),
    day: NaiveDate,
    confirmed: bool,
    today: NaiveDate,
) {
    let provisional = if confirmed { "" } else { " (provisional)" };
    let summary = match season {
        Some(season) => format!("{} — season {season} {what}{provisional}", show.title),
        None => format!("{} {what}{provisional}", show.title),
    };
    // The current season's premiere keeps the UID it always had.
    let uid = match what {
        "premiere" => season_uid(show, season),
        _ => format!("{what}-{}", season_uid(show, season)),
    };
    let stamp = stamp(show, today);
    for line in [
        "BEGIN:VEVENT".to_string(),
        format!("UID:{uid}"),
        format!("DTSTAMP:{}T000000Z", stamp.format("%Y%m%d")),
        format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")),
        format!(
            "DTEND;VALUE=DATE:{}",
            day.succ_opt().unwrap_or(day).format("%Y%m%d")
        ),
        format!("SUMMARY:{}", escape(&summary)),
        page(show).map_or(String::new(), |url| format!("URL:{url}")),
        if confirmed {
            "STATUS:CONFIRMED"
        } else {
            "STATUS:TENTATIVE"
        }
        .to_string(),
        "TRANSP:TRANSPARENT".to_string(),
        "END:VEVENT".to_string(),
    ] {
        if !line.is_empty() {
            push_line(out, &line);
        }
    }
}

/// An event's `DTSTAMP`: the show's latest history date (or when it was added), else `today`,
/// so that the same watchlist always gives the same bytes.
fn stamp(show: &Show, today: NaiveDate) -> NaiveDate {
    let dates = show.history.iter().map(|e| e.date).chain(show.added);
    dates.max().unwrap_or(today)
}

/// The show's TVmaze page, when it is linked.
fn page(show: &Show) -> Option<String> {
    show.tvmaze
        .map(|id| format!("https://www.tvmaze.com/shows/{id}"))
}

/// TEXT escaping: backslash, semicolon, comma and newline; other control characters (which
/// RFC 5545 does not allow in TEXT) and bidirectional controls are left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if crate::term::unsafe_char(c) => {}
            _ => out.push(c),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (continuations start with a space), never
/// inside a UTF-8 character, ended by CRLF.
fn push_line(out: &mut String, line: &str) {
    let mut rest = line;
    let mut limit = 75;
    loop {
        if rest.len() <= limit {
            out.push_str(rest);
            out.push_str("\r\n");
            return;
        }
        let cut = rest.floor_char_boundary(limit);
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space of a continuation counts towards its 75 octets.
        limit = 74;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "東京".repeat(30));
        push_line(&mut out, &line);
        let lines: Vec<&str> = out.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| if i == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(
            escape("x\u{1b}]52;c;aGk=\u{7}\r\u{202e}y"),
            "x]52\\;c\\;aGk=y"
        );
    }
}
