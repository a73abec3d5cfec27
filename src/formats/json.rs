//! JSON: the shows as views and `export` write them (every key always present, `null` where
//! unknown), and read back by `import`. Every string is written so that it is safe on a
//! terminal, and means the same to any JSON reader.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;
use serde_json::ser::{Formatter, PrettyFormatter};

use super::import::{
    Field, ImportError, ImportErrors, Imported, Records, Unknown, all_or_problems, fail,
    moment_in_zone, record,
};
use crate::model::episode::{AgendaItem, Episode, Sight};
use crate::model::moment::Clock;
use crate::model::premiere::{days_between, iso_day};
use crate::model::{HistoryEntry, SHOW_KEYS, Show, Status};
use crate::term::unsafe_char;

/// The JSON form of a show: every key always present, `null` where unknown. It carries every
/// key of the file (`SHOW_KEYS`, in their order) with the same values, so that `import` takes
/// back what `export` wrote, and the [`DERIVED_KEYS`] among them.
#[derive(Debug, Serialize)]
pub struct JsonShow<'a> {
    pub title: &'a str,
    pub network: Option<&'a str>,
    pub season: Option<u32>,
    pub status: &'static str,
    pub status_implied: bool,
    pub recorded_status: &'static str,
    pub premiere: String,
    /// The premiere's moment, RFC 3339 with the user's offset.
    pub premiere_at: Option<String>,
    /// The zone the premiere's moment was announced in.
    pub premiere_zone: Option<&'static str>,
    pub premiere_start: Option<String>,
    pub premiere_end: Option<String>,
    pub days_until: Option<i64>,
    pub slips: usize,
    pub hiatus_reason: Option<&'a str>,
    pub hiatus_since: Option<String>,
    pub creators: &'a [String],
    pub cast: &'a [String],
    pub tags: &'a [String],
    pub notes: Option<&'a str>,
    pub added: Option<String>,
    pub finale: Option<String>,
    pub finale_provisional: bool,
    pub episodes: Option<u32>,
    pub aired: Option<u32>,
    /// The next episode as typed, in the file's form.
    pub next: Option<String>,
    /// The next regular episode, from TVmaze's episodes or the typed one.
    pub next_episode: Option<JsonEpisode>,
    pub tvmaze: Option<u32>,
    pub imdb: Option<&'a str>,
    pub tvmaze_updated: Option<u32>,
    pub pinned: &'a [String],
    pub seasons: Vec<JsonSeason>,
    pub history: Vec<JsonEntry<'a>>,
}

/// A season as JSON gives it: every season airdate knows of, oldest first, the one being
/// waited for last (`import` keeps the others as records).
#[derive(Debug, Serialize)]
pub struct JsonSeason {
    pub number: Option<u32>,
    pub premiere: String,
    pub finale: Option<String>,
    pub finale_confirmed: bool,
    pub episodes: Option<u32>,
    pub slips: usize,
}

/// An episode as JSON gives it: `date` the user's day, `at` its moment (RFC 3339 with the
/// user's offset) when the time is known.
#[derive(Debug, Serialize)]
pub struct JsonEpisode {
    pub season: u32,
    pub episode: Option<u32>,
    pub name: Option<String>,
    pub date: Option<String>,
    pub at: Option<String>,
}

impl JsonEpisode {
    pub fn new(episode: &Episode, clock: &Clock) -> Self {
        JsonEpisode {
            season: episode.season,
            episode: episode.number,
            name: episode.name.clone(),
            date: episode.local_day(clock).map(iso_day),
            at: episode.at.map(|m| m.rfc3339(clock.zone)),
        }
    }
}

/// The keys of the JSON form that the file does not have: worked out from the show's fields for
/// people and scripts, and quietly ignored by `import` (`premiere_zone` but tells it the zone
/// of `premiere_at`).
pub const DERIVED_KEYS: [&str; 9] = [
    "status_implied",
    "recorded_status",
    "premiere_zone",
    "next_episode",
    "premiere_start",
    "premiere_end",
    "days_until",
    "slips",
    "hiatus_since",
];

#[derive(Debug, Serialize)]
pub struct JsonEntry<'a> {
    pub date: String,
    pub status: Option<&'static str>,
    pub season: Option<u32>,
    pub premiere: Option<String>,
    pub note: Option<&'a str>,
}

impl<'a> JsonShow<'a> {
    pub fn new(show: &'a Show, sight: &Sight) -> Self {
        let (clock, today) = (&sight.clock, sight.clock.today);
        let window = show.premiere.window();
        let moment = show.moment();
        let next = sight.progress(show).and_then(|p| p.next);
        let implied = show.implied_status(today);
        let seasons = show.seasons_view().into_iter().map(|s| JsonSeason {
            number: s.number,
            premiere: s.premiere.to_string(),
            finale: s.finale.map(iso_day),
            finale_confirmed: s.finale_confirmed,
            episodes: s.episodes,
            slips: s.slips,
        });
        JsonShow {
            title: &show.title,
            network: show.network.as_deref(),
            season: show.season,
            status: implied.unwrap_or(show.status).as_str(),
            status_implied: implied.is_some(),
            recorded_status: show.status.as_str(),
            premiere: show.premiere.to_string(),
            premiere_at: moment.map(|m| m.rfc3339(clock.zone)),
            premiere_zone: moment.map(|m| m.zone.name()),
            premiere_start: window.map(|(start, _)| iso_day(start)),
            premiere_end: window.map(|(_, end)| iso_day(end)),
            days_until: window.map(|(start, _)| days_between(today, start)),
            slips: show.slips(),
            hiatus_reason: show.hiatus_reason.as_deref(),
            hiatus_since: show.hiatus_since().map(iso_day),
            creators: &show.creators,
            cast: &show.cast,
            tags: &show.tags,
            notes: show.notes.as_deref(),
            added: show.added.map(iso_day),
            finale: show.finale.map(iso_day),
            finale_provisional: show.finale_provisional,
            episodes: show.episodes,
            aired: show.aired,
            next: show.next.map(|n| n.to_string()),
            next_episode: next.map(|e| JsonEpisode::new(&e, clock)),
            tvmaze: show.tvmaze,
            imdb: show.imdb.as_deref(),
            tvmaze_updated: show.tvmaze_updated,
            pinned: &show.pinned,
            seasons: seasons.collect(),
            history: show.history.iter().map(JsonEntry::new).collect(),
        }
    }
}

impl<'a> JsonEntry<'a> {
    fn new(entry: &'a HistoryEntry) -> Self {
        JsonEntry {
            date: iso_day(entry.date),
            status: entry.status.map(Status::as_str),
            season: entry.season,
            premiere: entry.premiere.map(|p| p.to_string()),
            note: entry.note.as_deref(),
        }
    }
}

/// A JSON array of shows, pretty-printed with a final newline (see [`term::json`]).
pub fn json_array(out: &mut dyn Write, shows: &[&Show], sight: &Sight) -> io::Result<()> {
    let records: Vec<JsonShow> = shows.iter().map(|s| JsonShow::new(s, sight)).collect();
    write(out, &records)
}

/// One line of the agenda (`week --json`): `date` the user's day, `at` the moment with the
/// user's offset when the time is known, `kind` premiere, episode or finale.
#[derive(Debug, Serialize)]
pub struct JsonAgendaItem<'a> {
    pub date: String,
    pub at: Option<String>,
    pub title: &'a str,
    pub kind: &'static str,
    pub season: Option<u32>,
    pub episode: Option<u32>,
    pub name: Option<&'a str>,
}

/// The agenda as a JSON array, as `week --json` prints it.
pub fn agenda_array(out: &mut dyn Write, items: &[AgendaItem], clock: &Clock) -> io::Result<()> {
    let records: Vec<JsonAgendaItem> = items
        .iter()
        .map(|item| JsonAgendaItem {
            date: iso_day(item.date),
            at: item.at.map(|m| m.rfc3339(clock.zone)),
            title: &item.show.title,
            kind: item.kind.as_str(),
            season: item.season,
            episode: item.episode,
            name: item.name.as_deref(),
        })
        .collect();
    write(out, &records)
}

/// One show as a JSON object, as `show --json` prints it.
pub fn json_object(out: &mut dyn Write, show: &Show, sight: &Sight) -> io::Result<()> {
    write(out, &JsonShow::new(show, sight))
}

/// `value` as pretty-printed JSON with a final newline, every [`unsafe_char`] written as a
/// `\u` escape (see [`JsonFormatter`]): the same JSON value, safe to print on a terminal.
pub fn write(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *out, JsonFormatter(PrettyFormatter::new()));
    value.serialize(&mut serializer)?;
    out.write_all(b"\n")
}

/// serde_json's pretty layout, with more characters escaped: serde_json escapes only the C0
/// controls, and would write DEL, the C1 controls (a lone 0x9B is a CSI to many terminals) and
/// the bidirectional overrides as they are. Whether the output goes to a terminal does not
/// matter: the JSON is valid and means the same either way, so it is always written so.
struct JsonFormatter(PrettyFormatter<'static>);

impl Formatter for JsonFormatter {
    /// A run of a string that serde_json would write as it is: the characters in it that could change a terminal
    /// become `\uXXXX` (all of them are in the Basic Multilingual Plane, so one escape each).
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        while let Some((at, c)) = rest.char_indices().find(|(_, c)| unsafe_char(*c)) {
            writer.write_all(&rest.as_bytes()[..at])?;
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    // The layout is the pretty formatter's.

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_array(writer)
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object(writer)
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.0.end_object_value(writer)
    }
}

/// The records of a JSON array of shows (see [`read_all`] for the keys it did not know too).
pub fn read(text: &str) -> Result<Vec<Imported>, ImportErrors> {
    read_all(text).map(|read| read.records)
}

/// The records of a JSON array of shows, and the keys in them that airdate does not know.
pub fn read_all(text: &str) -> Result<Records, ImportErrors> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        ImportError {
            place: format!("line {}, column {}", e.line(), e.column()),
            message: format!("not valid JSON: {message}"),
        }
    })?;
    let Value::Array(items) = value else {
        return Err(ImportError::new(
            "the file",
            "expected a JSON array of shows, such as `airdate export --format json` writes",
        )
        .into());
    };
    let mut unknown = Unknown::default();
    let records: Vec<Result<Imported, ImportErrors>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let place = format!("record {}", i + 1);
            let Value::Object(object) = item else {
                return fail(&place, "expected an object with a \"title\"");
            };
            let given = |(_, v): &(&String, &Value)| !v.is_null();
            for (key, _) in object.iter().filter(given) {
                unknown.met(key, &place);
            }
            if let Some(Value::Array(entries)) = object.get("history") {
                for entry in entries.iter().filter_map(Value::as_object) {
                    for (key, _) in entry.iter().filter(given) {
                        unknown.met_in_history(key, &place);
                    }
                }
            }
            // The status the file held, when the one shown is what the dates imply.
            let recorded = object.get("recorded_status").filter(|v| !v.is_null());
            // The premiere's moment in the zone it was announced in, as the file keeps it.
            let text = |key: &str| object.get(key).and_then(Value::as_str);
            let at = match moment_in_zone(text("premiere_at"), text("premiere_zone")) {
                Ok(at) => at.map(Value::String),
                Err(message) => return fail(&place, message),
            };
            let fields: HashMap<&str, Field> = object
                .iter()
                .filter_map(|(k, v)| Some((SHOW_KEYS.iter().find(|key| *key == k)?, v)))
                .map(|(k, v)| match (*k, recorded, &at) {
                    ("status", Some(recorded), _) => (*k, Field::Json(recorded)),
                    ("premiere_at", _, Some(at)) => (*k, Field::Json(at)),
                    _ => (*k, Field::Json(v)),
                })
                .collect();
            record(&place, fields)
        })
        .collect();
    all_or_problems(records).map(|records| unknown.with(records))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A show with every field given, and a history entry with every key.
    fn full_show() -> Show {
        let day: chrono::NaiveDate = "2024-05-20".parse().unwrap();
        let mut show = Show::new("Severance");
        show.network = Some("Apple TV+".into());
        show.season = Some(2);
        show.status = Status::OnHiatus;
        show.premiere = "2025-Q1".parse().unwrap();
        show.hiatus_reason = Some("strikes".into());
        (show.creators, show.cast, show.tags) = (
            vec!["c".into()],
            vec!["a".into(), "b".into()],
            vec!["t".into()],
        );
        (show.notes, show.added, show.finale) = (Some("n".into()), Some(day), Some(day));
        (show.tvmaze, show.imdb) = (Some(44933), Some("tt11280740".into()));
        (show.tvmaze_updated, show.pinned) = (Some(1700000000), vec!["premiere".into()]);
        (show.finale_provisional, show.episodes) = (true, Some(10));
        (show.aired, show.next) = (Some(4), "2025-02-07 21:00 Europe/Berlin".parse().ok());
        show.seasons = vec![crate::model::SeasonRecord {
            number: 1,
            premiere: "2022-02-18".parse().unwrap(),
            finale: "2022-04-08".parse().ok(),
            finale_provisional: false,
            episodes: Some(9),
        }];
        show.history = vec![HistoryEntry {
            date: day,
            status: Some(Status::OnHiatus),
            season: Some(2),
            premiere: Some(show.premiere),
            note: Some("n".into()),
        }];
        show
    }

    #[test]
    fn the_json_form_is_the_files_keys_in_order_and_the_derived_ones() {
        let clock = Clock::on("2024-12-01".parse().unwrap());
        let listings = crate::model::episode::Listings::default();
        let sight = Sight {
            clock,
            listings: &listings,
        };
        for show in [full_show(), Show::new("Bare")] {
            let mut text = Vec::new();
            json_object(&mut text, &show, &sight).unwrap();
            let text = String::from_utf8(text).unwrap();
            let value: Value = serde_json::from_str(&text).unwrap();
            let mut keys: Vec<&str> = value
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
            let mut expected: Vec<&str> = SHOW_KEYS.iter().chain(&DERIVED_KEYS).copied().collect();
            keys.sort();
            expected.sort();
            assert_eq!(keys, expected);
            // In the file's order.
            let at = |key: &str| text.find(&format!("\n  \"{key}\": ")).unwrap();
            assert!(SHOW_KEYS.windows(2).all(|k| at(k[0]) < at(k[1])), "{text}");
            // With the file's values: the show reads back from it.
            let back = read(&format!("[{text}]")).unwrap();
            assert_eq!(back[0].show, show);
        }
    }

    #[test]
    fn json_escapes_what_serde_json_leaves_raw_and_means_the_same() {
        let text = "a\u{1b}]52;c;aGk=\u{7} \u{9b}31m \u{7f} \u{202e}b \u{2067}c \u{85}\"\\ Shōgun";
        let mut out = Vec::new();
        write(&mut out, &serde_json::json!({ "t\u{9b}": [text] })).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(
            out,
            "{\n  \"t\\u009b\": [\n    \"a\\u001b]52;c;aGk=\\u0007 \\u009b31m \\u007f \\u202eb \\u2067c \\u0085\\\"\\\\ Shōgun\"\n  ]\n}\n"
        );
        assert!(!out.chars().any(|c| unsafe_char(c) && c != '\n'));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, serde_json::json!({ "t\u{9b}": [text] }));
    }
}
