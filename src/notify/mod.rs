//! What `notify` sends: the news events of a period (see [`crate::model::news`]) and the
//! reminders due before what airs (see [`crate::model::episode::agenda`]), each with a
//! stable id, made into messages: one digest, or one message per event. Pure: shows, a clock
//! and settings in, items and messages out. [`channel`] sends them, [`state`] remembers what
//! was sent.
//!
//! Each event reaches a channel once, none is lost: a message is recorded as pending before
//! it is sent, carrying its id, and its events become sent once the channel acknowledged it. A
//! pending message left by a run that was killed is settled by the next run: ntfy is asked
//! whether it has the message (found: it was sent, and is never sent again; not found: it is
//! sent again; ntfy out of reach: the channel waits for a later run). A command is given a
//! pending message again: it may see a message twice if a run is killed between the
//! command's exit and the record, which `AIRDATE_MESSAGE_ID` lets a script notice.

pub mod channel;
pub mod state;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use xxhash_rust::xxh3::xxh3_64;

use crate::model::episode::{AgendaItem, AgendaKind};
use crate::model::moment::{Clock, Moment};
use crate::model::news::Event;
use crate::model::{Show, title_key};
use crate::settings::{REMINDER, Remind};

/// A channel's window of news reaches back this many days before its last successful run, so
/// that a change recorded late (`set --on`) is still sent.
pub const OVERLAP_DAYS: u64 = 7;

/// Reminders look this many days ahead.
pub const AHEAD_DAYS: u32 = 30;

/// One thing to tell: a news event or a reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Stable across runs: the same event has the same id.
    pub id: String,
    /// A news kind's name, or `reminder`.
    pub kind: &'static str,
    /// The show's title.
    pub show: String,
    /// The show's TVmaze id, when linked.
    pub tvmaze: Option<u32>,
    /// The day the event is dated (a reminder: today).
    pub date: NaiveDate,
    /// The event in one line: "Severance: season 3 premiere date announced: 2025-01-17".
    pub line: String,
    /// Ids recorded as sent with this one: a reminder's wider spans, due too, that it says
    /// for them.
    pub covers: Vec<String>,
}

fn id_of(parts: &[&str]) -> String {
    format!("{:016x}", xxh3_64(parts.join("\u{1f}").as_bytes()))
}

/// Who an item is about, in its id: a linked show by its TVmaze id, so that renaming it sends
/// nothing again; else by its title.
fn identity(tvmaze: Option<u32>, title: &str) -> String {
    match tvmaze {
        Some(id) => format!("tvmaze {id}"),
        None => title_key(title),
    }
}

/// The news events as items, with their shows' TVmaze ids.
pub fn news_items(events: &[Event], shows: &[Show]) -> Vec<Item> {
    events
        .iter()
        .map(|event| {
            let key = title_key(&event.title);
            let words = event.words();
            let season = event.season.map_or(String::new(), |s| s.to_string());
            let tvmaze = shows
                .iter()
                .find(|s| title_key(&s.title) == key)
                .and_then(|s| s.tvmaze);
            Item {
                id: id_of(&[
                    &identity(tvmaze, &event.title),
                    event.kind.as_str(),
                    &season,
                    &event.date.to_string(),
                    &words,
                ]),
                kind: event.kind.as_str(),
                show: event.title.clone(),
                tvmaze,
                date: event.date,
                line: format!("{}: {words}", event.title),
                covers: Vec::new(),
            }
        })
        .collect()
}

/// When an agenda item is: its moment, else the first moment of its day where the user is.
fn moment_of(item: &AgendaItem, clock: &Clock) -> DateTime<Utc> {
    match item.at {
        Some(at) => at.instant(),
        None => Moment::on(item.date, NaiveTime::MIN, clock.zone).instant(),
    }
}

/// "today at 03:00", "tomorrow", "on Sat 18 Jan at 03:00", on the user's clock.
fn when_words(item: &AgendaItem, clock: &Clock) -> String {
    let day = match (item.date - clock.today).num_days() {
        0 => "today".to_string(),
        1 => "tomorrow".to_string(),
        _ => format!("on {}", item.date.format("%a %-d %b")),
    };
    match item.at {
        Some(at) => format!("{day} at {}", clock.local_time(&at)),
        None => day,
    }
}

/// "Severance season 3 premieres tomorrow at 03:00".
pub fn reminder_words(item: &AgendaItem, clock: &Clock) -> String {
    let title = &item.show.title;
    let season = item
        .season
        .map_or(String::new(), |n| format!(" season {n}"));
    let when = when_words(item, clock);
    match item.kind {
        AgendaKind::Premiere => format!("{title}{season} premieres {when}"),
        AgendaKind::Finale => format!("{title}{season} finale airs {when}"),
        AgendaKind::Episode => {
            let code = match (item.season, item.episode) {
                (Some(s), Some(e)) => format!(" S{s}E{e}"),
                (Some(s), None) => format!(" season {s} episode"),
                _ => " episode".to_string(),
            };
            format!("{title}{code} airs {when}")
        }
    }
}

/// The reminders due now: for each item of the agenda whose moment is still to come and at
/// most one of the spans away, one reminder. Its id is the nearest due span's, and it covers
/// the wider ones due too, so that each span reminds once and two never say the same.
pub fn reminders(agenda: &[AgendaItem], clock: &Clock, spans: &[Remind]) -> Vec<Item> {
    let mut spans = spans.to_vec();
    spans.sort_by_key(|s| s.0);
    spans.dedup();
    let mut out = Vec::new();
    for item in agenda {
        let at = moment_of(item, clock);
        let season = item.season.map_or(String::new(), |s| s.to_string());
        let episode = item.episode.map_or(String::new(), |e| e.to_string());
        let ids: Vec<String> = spans
            .iter()
            .filter(|span| {
                chrono::Duration::from_std(span.0)
                    .is_ok_and(|span| clock.now >= at - span && clock.now < at)
            })
            .map(|span| {
                id_of(&[
                    &identity(item.show.tvmaze, &item.show.title),
                    REMINDER,
                    item.kind.as_str(),
                    &season,
                    &episode,
                    &at.to_rfc3339(),
                    &span.label(),
                ])
            })
            .collect();
        let Some((id, covers)) = ids.split_first() else {
            continue;
        };
        out.push(Item {
            id: id.clone(),
            kind: REMINDER,
            show: item.show.title.clone(),
            tvmaze: item.show.tvmaze,
            date: clock.today,
            line: reminder_words(item, clock),
            covers: covers.to_vec(),
        });
    }
    out
}

/// One message to a channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// Carried to the channel, so that a run after a kill can ask whether it arrived.
    pub id: String,
    pub title: String,
    pub lines: Vec<String>,
    /// The kinds of its events, each once, in order.
    pub kinds: Vec<&'static str>,
    /// The show's TVmaze page, when the message is about one linked show.
    pub click: Option<String>,
    /// The ids of its events.
    pub events: Vec<String>,
}

impl Message {
    /// The text: one line per event.
    pub fn body(&self) -> String {
        let mut body = self.lines.join("\n");
        body.push('\n');
        body
    }
}

/// `text` on one line: a line break in a title (`"A\r\nB"` is a valid TOML string) would
/// make a line of its own in the message, or a header of its own in a mail subject.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ")
        .replace(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'], " ")
}

/// The items as messages: one digest ("airdate: 3 updates"), or with `each` one per item.
/// `nonce` makes the ids of messages sent at different times differ.
pub fn messages(items: &[&Item], each: bool, nonce: i64) -> Vec<Message> {
    if items.is_empty() {
        return Vec::new();
    }
    let groups: Vec<Vec<&Item>> = if each {
        items.iter().map(|i| vec![*i]).collect()
    } else {
        vec![items.to_vec()]
    };
    groups
        .into_iter()
        .map(|group| {
            let mut kinds = Vec::new();
            for item in &group {
                if !kinds.contains(&item.kind) {
                    kinds.push(item.kind);
                }
            }
            let title = match group.as_slice() {
                [one] if each => format!("airdate: {}", one_line(&one.show)),
                [_] => "airdate: 1 update".to_string(),
                many => format!("airdate: {} updates", many.len()),
            };
            let first = group[0];
            let one_show = group
                .iter()
                .all(|i| title_key(&i.show) == title_key(&first.show));
            let click = first
                .tvmaze
                .filter(|_| one_show)
                .map(|id| format!("https://www.tvmaze.com/shows/{id}"));
            let events: Vec<String> = group
                .iter()
                .flat_map(|i| std::iter::once(&i.id).chain(&i.covers))
                .cloned()
                .collect();
            let mut key = events.join(",");
            key.push_str(&nonce.to_string());
            Message {
                id: format!("{:016x}", xxh3_64(key.as_bytes())),
                title,
                lines: group.iter().map(|i| one_line(&i.line)).collect(),
                kinds,
                click,
                events,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(id: &str, show: &str, tvmaze: Option<u32>) -> Item {
        Item {
            id: id.into(),
            kind: "premiere",
            show: show.into(),
            tvmaze,
            date: NaiveDate::from_ymd_opt(2025, 1, 17).unwrap(),
            line: format!("{show}: season 2 premiere"),
            covers: Vec::new(),
        }
    }

    #[test]
    fn a_digest_links_its_show_only_when_it_has_one() {
        let a = item("a", "Severance", Some(44933));
        let b = item("b", "Andor", Some(1));
        let one = messages(&[&a], false, 0);
        assert_eq!(one[0].title, "airdate: 1 update");
        assert_eq!(
            one[0].click.as_deref(),
            Some("https://www.tvmaze.com/shows/44933")
        );
        let both = messages(&[&a, &b], false, 0);
        assert_eq!(both.len(), 1);
        assert_eq!(both[0].title, "airdate: 2 updates");
        assert_eq!(both[0].click, None);
        let each = messages(&[&a, &b], true, 0);
        assert_eq!(each.len(), 2);
        assert_eq!(each[1].title, "airdate: Andor");
        assert_ne!(messages(&[&a], false, 1)[0].id, one[0].id);
    }
}
