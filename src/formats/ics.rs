//! iCalendar (RFC 5545) export of premieres, finales and episodes, for calendar apps.
//!
//! A premiere, finale or episode whose moment is known is a timed event: `DTSTART` and
//! `DTEND` in UTC, as long as the episode's runtime (an hour when it is not known), so that
//! every subscriber's app shows it at their own local time. A day without a time is a floating
//! all-day event, the same day in every zone; with `windows`, a month, quarter, half or year
//! window is an all-day span marked tentative. `TBA` is never exported. With `all_day`, a
//! moment is an all-day event too, on the user's day of it (the day the views show); such a
//! calendar is right for readers in the zone it was exported in (`--tz`).
//!
//! The output is deterministic: the same watchlist gives the same bytes, and each event's
//! `UID` comes from the show's title and season (and an episode's number) only, so a calendar
//! that subscribes updates its events instead of adding new ones when other fields change.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::model::episode::{AgendaKind, Episode, SeasonEpisode, Sight, season_episodes};
use crate::model::moment::{Clock, Moment, origin_words};
use crate::model::premiere::Premiere;
use crate::model::{Show, title_key};

/// How a calendar is made: with windows, finales and episodes, timed or all-day, and how often
/// apps should fetch it.
pub struct Options<'a> {
    pub windows: bool,
    pub finales: bool,
    /// Every event all-day, also those whose moment is known.
    pub all_day: bool,
    /// The tracked season's episodes too, as the watchlist knows them.
    pub episodes: bool,
    /// An ISO 8601 duration, such as `PT12H`.
    pub refresh: &'a str,
}

/// How long a timed event lasts when its runtime is not known: an hour, in minutes.
const DEFAULT_MINUTES: u32 = 60;

/// When an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Span {
    /// From the first day to the last: floating all-day, the same days in every zone.
    Days(NaiveDate, NaiveDate),
    /// A moment, and how many minutes it lasts.
    At(Moment, u32),
}

/// One event, as the calendar writes it.
struct Event<'a> {
    uid: String,
    stamp: NaiveDate,
    span: Span,
    summary: String,
    description: Option<String>,
    url: Option<String>,
    categories: &'a [String],
    confirmed: bool,
}

/// The calendar for `shows` (as the user sees them, see [`Clock::localise`]) where `sight`
/// stands: its clock's day stamps events that have no dated history, and its episodes time
/// premieres and finales and are the episodes `options.episodes` adds.
pub fn calendar(shows: &[&Show], sight: &Sight, options: &Options) -> String {
    let mut out = String::new();
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
        let episodes = season_episodes(show, sight.listings.of(show));
        let events = Events {
            show,
            episodes: &episodes,
            clock: &sight.clock,
            options,
        };
        for event in events.all() {
            push_event(&mut out, &event);
        }
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// The events of one show: its seasons' days, its premiere, and its episodes.
struct Events<'a> {
    show: &'a Show,
    /// The tracked season's episodes (see [`season_episodes`]).
    episodes: &'a [SeasonEpisode],
    clock: &'a Clock,
    options: &'a Options<'a>,
}

impl<'a> Events<'a> {
    /// Every event of the show, in the calendar's order: earlier seasons' premieres and each
    /// season's finale, the premiere waited for, then the episodes.
    fn all(&self) -> Vec<Event<'a>> {
        let mut events = self.season_days();
        events.extend(self.premiere());
        if self.options.episodes {
            events.extend(self.episode_events());
        }
        events
    }

    /// Earlier seasons' premiere days and (unless left out) every season's finale, each an
    /// event of its own; a finale that is the last episode listed so far is tentative. The
    /// current season's finale is timed when its episode's moment is known.
    fn season_days(&self) -> Vec<Event<'a>> {
        let show = self.show;
        let mut events = Vec::new();
        for season in show.seasons_view() {
            let current = season.number == show.season;
            if let Premiere::Day(day) = season.premiere
                && !current
            {
                let uid = season_uid(show, season.number);
                let summary = day_summary(show, season.number, "premiere", true);
                events.push(self.event(uid, Span::Days(day, day), summary, true));
            }
            if let Some(finale) = season.finale.filter(|_| self.options.finales) {
                let episode = self.finale_episode().filter(|_| current);
                let (at, runtime) = (episode.and_then(|e| e.at), episode.and_then(|e| e.runtime));
                let uid = format!("finale-{}", season_uid(show, season.number));
                let confirmed = season.finale_confirmed;
                let summary = day_summary(show, season.number, "finale", confirmed);
                let span = self.span(finale, at, runtime);
                events.push(self.event(uid, span, summary, confirmed));
            }
        }
        events
    }

    /// The premiere of the season waited for: a day (timed when its moment is known: the
    /// show's, else its first episode's), or with `windows` a tentative span.
    fn premiere(&self) -> Option<Event<'a>> {
        let show = self.show;
        let (start, end) = show.premiere.window()?;
        let exact = show.premiere.is_day();
        if !exact && !self.options.windows {
            return None;
        }
        let summary = match show.season {
            Some(season) => format!("{} — season {season} premiere", show.title),
            None => format!("{} premiere", show.title),
        };
        let episode = self.premiere_episode();
        let at = show.moment().or(episode.and_then(|e| e.at));
        let span = match exact {
            true => self.span(start, at, episode.and_then(|e| e.runtime)),
            false => Span::Days(start, end),
        };
        let mut description = format!(
            "Network: {}\nStatus: {}",
            show.network.as_deref().unwrap_or("unknown"),
            show.status_on(self.clock.today)
        );
        if let Some(at) = at.filter(|_| exact) {
            let _ = write!(description, "\nAirs: {}", origin_words(&at));
        }
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
        Some(Event {
            description: Some(description),
            categories: &show.tags,
            ..self.event(season_uid(show, show.season), span, summary, exact)
        })
    }

    /// The tracked season's dated episodes, but those the premiere or finale event already
    /// stands for: "Severance S2E5 “Woe's Hollow”", timed when the moment is known.
    fn episode_events(&self) -> Vec<Event<'a>> {
        let covered = [
            self.premiere_episode(),
            self.finale_episode().filter(|_| self.options.finales),
        ];
        let mut events = Vec::new();
        for SeasonEpisode { episode, .. } in self.episodes {
            let Some(day) = episode.day.or(episode.at.map(|m| m.day())) else {
                continue;
            };
            if covered.contains(&Some(episode)) {
                continue;
            }
            let span = self.span(day, episode.at, episode.runtime);
            let summary = episode_summary(self.show, episode);
            let mut description = format!(
                "Network: {}",
                self.show.network.as_deref().unwrap_or("unknown")
            );
            if let Some(at) = episode.at {
                let _ = write!(description, "\nAirs: {}", origin_words(&at));
            }
            events.push(Event {
                description: Some(description),
                categories: &self.show.tags,
                ..self.event(episode_uid(self.show, episode), span, summary, true)
            });
        }
        events
    }

    /// The listed episode the premiere is: episode 1, on the premiere's day where it airs.
    fn premiere_episode(&self) -> Option<&'a Episode> {
        let show = self.show;
        let day = match show.premiere {
            Premiere::Day(day) => show.moment().map_or(day, |m| m.day()),
            _ => return None,
        };
        self.of_kind(AgendaKind::Premiere, day)
    }

    /// The listed episode the tracked season's finale is: its last, on the finale's day.
    fn finale_episode(&self) -> Option<&'a Episode> {
        self.of_kind(AgendaKind::Finale, self.show.current_finale()?)
    }

    /// The episode of `kind` that airs on `day` where it airs, when listed: its broadcast day,
    /// or its moment's (a 04:00 show is dated the evening before).
    fn of_kind(&self, kind: AgendaKind, day: NaiveDate) -> Option<&'a Episode> {
        let on_day = |e: &Episode| e.day == Some(day) || e.at.is_some_and(|m| m.day() == day);
        let listed = self.episodes.iter();
        listed
            .filter(|e| e.kind == kind && on_day(&e.episode))
            .map(|e| &e.episode)
            .next()
    }

    /// When an event on `day` (where it airs) is, at `at` when its time is known, lasting
    /// `runtime` minutes (an hour when not known): timed, unless all-day events are asked
    /// for. A forced all-day event is on the user's day of the moment, which is the day every
    /// view shows it on; a day without a time is never shifted.
    fn span(&self, day: NaiveDate, at: Option<Moment>, runtime: Option<u32>) -> Span {
        match at {
            Some(at) if !self.options.all_day => Span::At(at, runtime.unwrap_or(DEFAULT_MINUTES)),
            Some(at) => {
                let day = self.clock.day_of(&at);
                Span::Days(day, day)
            }
            None => Span::Days(day, day),
        }
    }

    /// An event of the show with no description or categories, and the show's page.
    fn event(&self, uid: String, span: Span, summary: String, confirmed: bool) -> Event<'a> {
        Event {
            uid,
            stamp: stamp(self.show, self.clock.today),
            span,
            summary,
            description: None,
            url: page(self.show),
            categories: &[],
            confirmed,
        }
    }
}

/// "Severance — season 2 finale", "Severance — season 2 finale (provisional)".
fn day_summary(show: &Show, season: Option<u32>, what: &str, confirmed: bool) -> String {
    let provisional = if confirmed { "" } else { " (provisional)" };
    match season {
        Some(season) => format!("{} — season {season} {what}{provisional}", show.title),
        None => format!("{} {what}{provisional}", show.title),
    }
}

/// "Severance S2E5 “Woe's Hollow”", "Severance S2 special “Inside Lumon”": a special is
/// titled as one, never as the finale.
fn episode_summary(show: &Show, episode: &Episode) -> String {
    match &episode.name {
        Some(name) => format!("{} {} “{name}”", show.title, episode.code()),
        None => format!("{} {}", show.title, episode.code()),
    }
}

/// Stable for a title (in any letter case) and season, whatever else changes.
pub fn uid(show: &Show) -> String {
    season_uid(show, show.season)
}

/// The show's part of every UID: a hash of its title, in any letter case.
fn show_key(show: &Show) -> String {
    let key = title_key(&show.title);
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()))
}

fn season_uid(show: &Show, season: Option<u32>) -> String {
    let key = show_key(show);
    match season {
        Some(season) => format!("{key}-s{season}@airdate"),
        None => format!("{key}@airdate"),
    }
}

/// An episode's UID: the show, the season and the episode's number, so that a moved or renamed
/// episode is the same event. A special, which has no number, is known by its name (else its
/// day); a next episode typed without the count aired is the season's "next" one, whichever
/// day it moves to.
fn episode_uid(show: &Show, episode: &Episode) -> String {
    let key = show_key(show);
    let season = episode.season;
    match episode.number {
        _ if episode.special => {
            let name = match (&episode.name, episode.day) {
                (Some(name), _) => title_key(name),
                (None, day) => day.map_or(String::new(), |d| d.to_string()),
            };
            let hash = xxhash_rust::xxh3::xxh3_64(name.as_bytes());
            format!("{key}-s{season}-special-{hash:016x}@airdate")
        }
        Some(number) => format!("{key}-s{season}e{number}@airdate"),
        None => format!("{key}-s{season}-next@airdate"),
    }
}

/// Appends `event` as a `VEVENT`.
fn push_event(out: &mut String, event: &Event) {
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", event.uid));
    push_line(
        out,
        &format!("DTSTAMP:{}T000000Z", event.stamp.format("%Y%m%d")),
    );
    match event.span {
        Span::Days(first, last) => {
            let after = last.succ_opt().unwrap_or(last);
            push_line(
                out,
                &format!("DTSTART;VALUE=DATE:{}", first.format("%Y%m%d")),
            );
            push_line(out, &format!("DTEND;VALUE=DATE:{}", after.format("%Y%m%d")));
        }
        Span::At(at, minutes) => {
            let start = at.instant();
            let end = start + chrono::Duration::minutes(i64::from(minutes));
            push_line(out, &format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ")));
            push_line(out, &format!("DTEND:{}", end.format("%Y%m%dT%H%M%SZ")));
        }
    }
    push_line(out, &format!("SUMMARY:{}", escape(&event.summary)));
    if let Some(description) = &event.description {
        push_line(out, &format!("DESCRIPTION:{}", escape(description)));
    }
    if let Some(url) = &event.url {
        push_line(out, &format!("URL:{url}"));
    }
    if !event.categories.is_empty() {
        let tags: Vec<String> = event.categories.iter().map(|t| escape(t)).collect();
        push_line(out, &format!("CATEGORIES:{}", tags.join(",")));
    }
    push_line(
        out,
        if event.confirmed {
            "STATUS:CONFIRMED"
        } else {
            "STATUS:TENTATIVE"
        },
    );
    push_line(out, "TRANSP:TRANSPARENT");
    push_line(out, "END:VEVENT");
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
