//! The typed watchlist: shows, their production status and their history.

pub mod change;
pub mod episode;
pub mod links;
pub mod merge;
pub mod moment;
pub mod news;
pub mod premiere;
pub mod season;
pub mod suggest;

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::moment::{Moment, When};
use crate::model::premiere::Premiere;
pub use crate::model::season::{SEASON_KEYS, SeasonRecord};

/// Where a season is in its life, from renewal to the end of the series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Announced,
    InDevelopment,
    InProduction,
    OnHiatus,
    PostProduction,
    Scheduled,
    Airing,
    Finished,
    Ended,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::Announced,
        Status::InDevelopment,
        Status::InProduction,
        Status::OnHiatus,
        Status::PostProduction,
        Status::Scheduled,
        Status::Airing,
        Status::Finished,
        Status::Ended,
        Status::Cancelled,
    ];

    /// Other words users type for a status.
    pub const ALIASES: [(&'static str, Status); 14] = [
        ("renewed", Status::Announced),
        ("returning", Status::Announced),
        ("development", Status::InDevelopment),
        ("pre-production", Status::InDevelopment),
        ("writing", Status::InDevelopment),
        ("filming", Status::InProduction),
        ("shooting", Status::InProduction),
        ("production", Status::InProduction),
        ("hiatus", Status::OnHiatus),
        ("paused", Status::OnHiatus),
        ("post", Status::PostProduction),
        ("wrapped", Status::PostProduction),
        ("on-air", Status::Airing),
        ("canceled", Status::Cancelled),
    ];

    /// The canonical name, as stored in the watchlist.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Announced => "announced",
            Status::InDevelopment => "in-development",
            Status::InProduction => "in-production",
            Status::OnHiatus => "on-hiatus",
            Status::PostProduction => "post-production",
            Status::Scheduled => "scheduled",
            Status::Airing => "airing",
            Status::Finished => "finished",
            Status::Ended => "ended",
            Status::Cancelled => "cancelled",
        }
    }

    /// A short description, for help and completion.
    pub fn about(self) -> &'static str {
        match self {
            Status::Announced => "season ordered or renewed",
            Status::InDevelopment => "being written",
            Status::InProduction => "filming",
            Status::OnHiatus => "production paused",
            Status::PostProduction => "filming done, in editing",
            Status::Scheduled => "premiere set",
            Status::Airing => "on air now",
            Status::Finished => "season aired, future undecided",
            Status::Ended => "the series is over",
            Status::Cancelled => "cancelled",
        }
    }

    /// Series that are over: nothing is coming, whatever their premiere says.
    pub fn is_over(self) -> bool {
        matches!(self, Status::Ended | Status::Cancelled)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl FromStr for Status {
    type Err = String;

    /// Any letter case, canonical names and aliases; the error lists the valid names and the
    /// closest one.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        // The canonical names, as the watchlist stores them, need no copy.
        if let Some(status) = Status::ALL.iter().find(|s| s.as_str() == input) {
            return Ok(*status);
        }
        // Words may be joined by a hyphen, an underscore or spaces: `in production`.
        let wanted = input
            .trim()
            .to_lowercase()
            .split(|c: char| c == '_' || c == '-' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        if let Some(status) = Status::ALL.iter().find(|s| s.as_str() == wanted) {
            return Ok(*status);
        }
        if let Some((_, status)) = Status::ALIASES.iter().find(|(alias, _)| *alias == wanted) {
            return Ok(*status);
        }
        let names = Status::ALL.map(Status::as_str);
        let words = names
            .iter()
            .copied()
            .chain(Status::ALIASES.iter().map(|(alias, _)| *alias));
        let hint = match suggest::closest(&wanted, words).first() {
            Some(word) => {
                let status: Status = word.parse().expect("a listed word");
                format!(" (did you mean `{status}`?)")
            }
            None => String::new(),
        };
        Err(format!(
            "unknown status \"{input}\"{hint}; valid statuses: {}",
            names.join(", ")
        ))
    }
}

/// A field that `refresh` never changes while the show pins it (`set --pin`). The file keeps
/// the names in the show's `pinned` list, as strings: a name there that is no pin (a typo in a
/// hand-edited file) pins nothing, and `check` warns of it, but never makes the file invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pin {
    Network,
    Season,
    Status,
    Premiere,
    Finale,
}

impl Pin {
    pub const ALL: [Pin; 5] = [
        Pin::Network,
        Pin::Season,
        Pin::Status,
        Pin::Premiere,
        Pin::Finale,
    ];

    /// The field's key, as `pinned` holds it.
    pub fn as_str(self) -> &'static str {
        match self {
            Pin::Network => "network",
            Pin::Season => "season",
            Pin::Status => "status",
            Pin::Premiere => "premiere",
            Pin::Finale => "finale",
        }
    }

    /// The pin a misspelt name most likely meant.
    pub fn closest(name: &str) -> Option<Pin> {
        let names = Pin::ALL.map(Pin::as_str);
        let near = suggest::closest(name, names.into_iter())
            .into_iter()
            .next()?;
        near.parse().ok()
    }

    /// The names of every pin, for messages: "network, season, status, premiere, finale".
    pub fn names() -> String {
        Pin::ALL.map(Pin::as_str).join(", ")
    }
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Pin {
    type Err = String;

    /// A field's key in any letter case; the error lists the fields that can be pinned and the
    /// closest one.
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let wanted = input.trim().to_lowercase();
        if let Some(pin) = Pin::ALL.into_iter().find(|p| p.as_str() == wanted) {
            return Ok(pin);
        }
        let hint =
            Pin::closest(&wanted).map_or(String::new(), |p| format!(" (did you mean `{p}`?)"));
        Err(format!(
            "unknown pin \"{input}\"{hint}; the fields that can be pinned: {}",
            Pin::names()
        ))
    }
}

impl Serialize for Pin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Pin {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

// The on-disk shape of a show and a history entry is these two structs' serde form: the store
// writes new values and the cache keeps shows through it, and `store::read` checks a file's
// keys against it. A field added here is written, cached and exported without further work;
// only the validating reader (`store/read.rs`) needs a line for it.

/// One event in a show's life: a status change, a premiere change or a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub date: NaiveDate,
    /// The status from this day on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    /// The season the entry is about (see [`season`]: older entries name it only where the
    /// season changed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub season: Option<u32>,
    /// The premiere from this day on, when this entry changed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premiere: Option<Premiere>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl HistoryEntry {
    /// Whether this is the entry `add` (or `import`) writes first: what was known of the show
    /// when it was added. A fact recorded later but dated before it (with `--on`) comes first,
    /// and the added entry's status and premiere do not undo it.
    pub fn is_added(&self) -> bool {
        self.note.as_deref().is_some_and(|n| n.starts_with("added"))
    }
}

/// The keys of a history entry, in the order the file uses (a test holds it to the struct).
pub const HISTORY_KEYS: [&str; 5] = ["date", "status", "season", "premiere", "note"];

/// The keys of a show, in the order the file and the JSON output use (a test holds it to the
/// struct).
pub const SHOW_KEYS: [&str; 23] = [
    "title",
    "network",
    "season",
    "status",
    "premiere",
    "premiere_at",
    "hiatus_reason",
    "creators",
    "cast",
    "tags",
    "notes",
    "added",
    "finale",
    "finale_provisional",
    "episodes",
    "aired",
    "next",
    "tvmaze",
    "imdb",
    "tvmaze_updated",
    "pinned",
    "seasons",
    "history",
];

/// What kind of value each key of [`SHOW_KEYS`] holds, in the same order: what a reader of
/// another format (`import`) checks a value against before the show is made of it.
pub const SHOW_KEY_KINDS: [Kind; SHOW_KEYS.len()] = [
    Kind::Text,     // title
    Kind::Text,     // network
    Kind::Positive, // season
    Kind::Status,   // status
    Kind::Premiere, // premiere
    Kind::Moment,   // premiere_at
    Kind::Text,     // hiatus_reason
    Kind::List,     // creators
    Kind::List,     // cast
    Kind::List,     // tags
    Kind::Text,     // notes
    Kind::Day,      // added
    Kind::Day,      // finale
    Kind::Bool,     // finale_provisional
    Kind::Positive, // episodes
    Kind::Count,    // aired
    Kind::When,     // next
    Kind::Positive, // tvmaze
    Kind::Text,     // imdb
    Kind::Positive, // tvmaze_updated
    Kind::List,     // pinned
    Kind::Seasons,  // seasons
    Kind::History,  // history
];

/// The kinds of value a show's keys hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    Text,
    /// A list of strings.
    List,
    /// A whole number from 1.
    Positive,
    Status,
    Premiere,
    /// A day, `YYYY-MM-DD`.
    Day,
    /// `true` or `false`.
    Bool,
    /// A whole number from 0.
    Count,
    /// A time in a zone (see [`moment::Moment`]).
    Moment,
    /// A day, or a time in a zone.
    When,
    /// The records of earlier seasons.
    Seasons,
    /// The history entries.
    History,
}

/// The kind of value the show key `key` holds.
pub fn kind_of(key: &str) -> Option<Kind> {
    SHOW_KEYS
        .iter()
        .position(|k| *k == key)
        .map(|i| SHOW_KEY_KINDS[i])
}

/// A show and the season being waited for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Show {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub season: Option<u32>,
    #[serde(default = "announced")]
    pub status: Status,
    #[serde(default)]
    pub premiere: Premiere,
    /// The premiere's moment, when its time is known: it holds while `premiere` is its day
    /// (see [`Show::moment`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub premiere_at: Option<Moment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hiatus_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub creators: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cast: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<NaiveDate>,
    /// The tracked season's last episode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finale: Option<NaiveDate>,
    /// The finale is the last episode listed so far (TVmaze's `endDate` before every ordered
    /// episode is listed), not a confirmed one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub finale_provisional: bool,
    /// The tracked season's episode count, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episodes: Option<u32>,
    /// How many of the tracked season's episodes have aired, as typed (`set --aired`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aired: Option<u32>,
    /// When the tracked season's next episode airs, as typed (`set --next`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<When>,
    /// The show's id on TVmaze, when it is linked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tvmaze: Option<u32>,
    /// The show's IMDb id, `tt…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imdb: Option<String>,
    /// TVmaze's last-change time (Unix seconds) of the data last fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tvmaze_updated: Option<u32>,
    /// Fields that a TVmaze refresh never overwrites.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pinned: Vec<String>,
    /// The records of the seasons before the one being waited for, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seasons: Vec<SeasonRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEntry>,
}

/// Keys and values of a show or history entry, in the order the file writes them.
pub type KeyValues = Vec<(&'static str, serde_json::Value)>;

impl Show {
    /// Takes the fields `keys` (file keys) from `from`, whatever they are, through the serde
    /// form, so that every key of the file is covered. A status taken without a hiatus reason
    /// follows the status rule ([`Show::set_status`]).
    pub fn take_fields(&mut self, from: &Show, keys: &[&str]) {
        let (mut fields, new) = (self.form(), from.form());
        for key in keys {
            match new.get(*key) {
                Some(value) => fields.insert(key.to_string(), value.clone()),
                None => fields.remove(*key),
            };
        }
        *self = Show::from_form(fields).expect("fields of two shows make a show");
        if keys.contains(&"status") && !keys.contains(&"hiatus_reason") {
            self.set_status(self.status);
        }
    }

    /// The show's serde form, key by key (keys with nothing in them left out).
    pub fn form(&self) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(map)) => map,
            _ => unreachable!("a show is a JSON object"),
        }
    }

    /// The show a serde form holds (missing keys take their defaults).
    pub fn from_form(
        form: serde_json::Map<String, serde_json::Value>,
    ) -> Result<Show, serde_json::Error> {
        serde_json::from_value(serde_json::Value::Object(form))
    }
}

/// The serde form of `value` as keys and values in the order of `keys`, without the keys it
/// leaves out (an empty list, a missing value).
fn fields_in_order(value: impl Serialize, keys: &[&'static str]) -> KeyValues {
    let Ok(serde_json::Value::Object(mut map)) = serde_json::to_value(value) else {
        unreachable!("shows and history entries serialise to objects")
    };
    let fields = keys
        .iter()
        .filter_map(|k| map.remove(*k).map(|v| (*k, v)))
        .collect();
    debug_assert!(
        map.is_empty(),
        "keys missing from the model's key list: {map:?}"
    );
    fields
}

impl Show {
    /// The fields the show pins: the names in `pinned` that are pins, each once, in their
    /// order. A name that is none pins nothing.
    pub fn pins(&self) -> Vec<Pin> {
        let mut pins = Vec::new();
        for pin in self.pinned.iter().filter_map(|name| name.parse().ok()) {
            if !pins.contains(&pin) {
                pins.push(pin);
            }
        }
        pins
    }

    /// Whether `refresh` must leave the field `pin` as it is.
    pub fn is_pinned(&self, pin: Pin) -> bool {
        self.pinned.iter().any(|name| name.parse() == Ok(pin))
    }
}

impl Show {
    /// The show's fields as the file writes them, in `SHOW_KEYS` order.
    pub fn fields(&self) -> KeyValues {
        fields_in_order(self, &SHOW_KEYS)
    }
}

impl HistoryEntry {
    /// The entry's fields as the file writes them, in `HISTORY_KEYS` order.
    pub fn fields(&self) -> KeyValues {
        fields_in_order(self, &HISTORY_KEYS)
    }
}

fn announced() -> Status {
    Status::Announced
}

impl Show {
    pub fn new(title: impl Into<String>) -> Self {
        Show {
            title: title.into(),
            network: None,
            season: None,
            status: Status::Announced,
            premiere: Premiere::Tba,
            premiere_at: None,
            hiatus_reason: None,
            creators: Vec::new(),
            cast: Vec::new(),
            tags: Vec::new(),
            notes: None,
            added: None,
            finale: None,
            finale_provisional: false,
            episodes: None,
            aired: None,
            next: None,
            tvmaze: None,
            imdb: None,
            tvmaze_updated: None,
            pinned: Vec::new(),
            seasons: Vec::new(),
            history: Vec::new(),
        }
    }

    /// The premiere's moment: `premiere_at` while `premiere` is its day, or the day before or
    /// after (a view's show has its premiere on the user's day of the moment, see
    /// [`moment::Clock::localise`]). A `premiere_at` a hand edit left beside another premiere
    /// is no moment of it: `check` says so.
    pub fn moment(&self) -> Option<Moment> {
        let at = self.premiere_at?;
        match self.premiere {
            Premiere::Day(day) if (day - at.day()).num_days().abs() <= 1 => Some(at),
            _ => None,
        }
    }

    /// A key that sorts premieres as lists show them: as [`Premiere::sort_key`], then, on one
    /// day, those with a moment first, by their instant (a 05:00 premiere before an 11:00
    /// one, whatever their titles).
    pub fn premiere_order(&self) -> ((bool, NaiveDate, i64), bool, Option<DateTime<Utc>>) {
        let at = self.moment().map(|m| m.instant());
        (self.premiere.sort_key(), at.is_none(), at)
    }

    /// The premiere as the file keeps it: a premiere with a moment is on the origin's day of
    /// it, whatever day a view has moved it to (see [`moment::Clock::localise`]).
    pub fn file_premiere(&self) -> Premiere {
        self.moment()
            .map_or(self.premiere, |m| Premiere::Day(m.day()))
    }

    /// The history in date order (entries of one day keep their file order).
    pub fn history_by_date(&self) -> Vec<&HistoryEntry> {
        let mut entries: Vec<&HistoryEntry> = self.history.iter().collect();
        entries.sort_by_key(|e| e.date);
        entries
    }

    /// Calls `f` with each history entry in `history_by_date` order, without sorting a copy
    /// when the history is in order already, as it usually is.
    fn each_by_date(&self, f: impl FnMut(&HistoryEntry)) {
        if self.history.is_sorted_by_key(|e| e.date) {
            self.history.iter().for_each(f);
        } else {
            self.history_by_date().into_iter().for_each(f);
        }
    }

    /// The day the show last went on hiatus: the latest history entry that moved it into
    /// `on-hiatus` from another status. `None` when it is not on hiatus or nobody recorded it.
    pub fn hiatus_since(&self) -> Option<NaiveDate> {
        if self.status != Status::OnHiatus {
            return None;
        }
        let mut previous = None;
        let mut since = None;
        self.each_by_date(|entry| {
            let Some(status) = entry.status else { return };
            // What was known when the show was added does not undo an earlier fact.
            if entry.is_added() && previous.is_some() {
                return;
            }
            if status == Status::OnHiatus && previous != Some(Status::OnHiatus) {
                since = Some(entry.date);
            }
            previous = Some(status);
        });
        since
    }
}

impl Show {
    /// What is stale about the show on `today`: a status its premiere contradicts (scheduled or
    /// announced with a premiere that has passed, airing with one still to come), and the
    /// command that would fix it.
    pub fn stale(&self, today: NaiveDate) -> Option<String> {
        let (start, end) = self.premiere.window()?;
        // A status the dates imply is shown as such, not as a contradiction.
        if self.implied_status(today).is_some() {
            return None;
        }
        let fix = |status: Status| format!("`airdate set \"{}\" --status {status}`", self.title);
        match self.status {
            Status::Scheduled | Status::Announced if end < today => Some(format!(
                "\"{}\" is {}, but its premiere {} has passed; if it is on air, run {}, or if \
                 the date slipped: `airdate set \"{}\" --premiere …`",
                self.title,
                self.status,
                self.premiere,
                fix(Status::Airing),
                self.title
            )),
            Status::Airing if start > today => Some(format!(
                "\"{}\" is airing, but its premiere {} is still to come; if it is set, run {}",
                self.title,
                self.premiere,
                fix(Status::Scheduled)
            )),
            _ => None,
        }
    }
}

/// A premiere change is a slip when the new window ends later than the old one did, or when a
/// date is withdrawn to TBA. A change from TBA, or one that narrows the window or moves it
/// earlier, is not.
pub fn is_slip(old: Premiere, new: Premiere) -> bool {
    match (old.end(), new.end()) {
        (Some(_), None) => true,
        (Some(old), Some(new)) => new > old,
        (None, _) => false,
    }
}

impl Show {
    /// The premieres announced for the season being waited for, oldest first, ending with the
    /// current one.
    pub fn premiere_path(&self) -> Vec<Premiere> {
        self.season_path(self.season)
    }

    /// The slips of the season being waited for.
    pub fn slips(&self) -> usize {
        let path = self.premiere_path();
        path.windows(2).filter(|w| is_slip(w[0], w[1])).count()
    }
}

/// The key by which titles are unique: trimmed, in Unicode normal form (NFC), any letter
/// case. "Pokémon" typed with a combining accent is the same title as with a composed one.
pub fn title_key(title: &str) -> String {
    title.trim().nfc().collect::<String>().to_lowercase()
}

/// Whether a title has something to see: not only white space, control or zero-width
/// characters.
pub fn is_visible(title: &str) -> bool {
    title.chars().any(|c| {
        !c.is_whitespace()
            && !c.is_control()
            && !matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
    })
}

/// The key by which a SHOW argument matches a title: without accents and other marks, any
/// letter case, `&` read as `and`, punctuation as spaces, and runs of spaces as one.
/// "shogun" matches "Shōgun", "mr and mrs smith" matches "Mr. & Mrs. Smith".
pub fn match_key(text: &str) -> String {
    let plain: String = text
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '&' => '+',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    plain
        .replace('+', " and ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Why a SHOW argument did not name exactly one show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoMatch {
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
    Unknown {
        query: String,
        closest: Vec<String>,
    },
}

impl fmt::Display for NoMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoMatch::Ambiguous { query, candidates } => write!(
                f,
                "\"{query}\" matches {} shows: {}; type more of the title",
                candidates.len(),
                quoted_list(candidates)
            ),
            NoMatch::Unknown { query, closest } if closest.is_empty() => write!(
                f,
                "no show matches \"{query}\"; `airdate list` shows every title"
            ),
            NoMatch::Unknown { query, closest } => write!(
                f,
                "no show matches \"{query}\"; did you mean {}?",
                quoted_list(closest)
            ),
        }
    }
}

impl std::error::Error for NoMatch {}

fn quoted_list(titles: &[String]) -> String {
    let quoted: Vec<String> = titles.iter().map(|t| format!("\"{t}\"")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Finds the one show a SHOW argument names: the exact title (any letter case), else the one
/// title it matches ignoring accents and punctuation (see [`match_key`]), else the only title
/// it begins, else the only title it is part of.
pub fn find_show<T: AsRef<str>>(titles: &[T], query: &str) -> Result<usize, NoMatch> {
    let exact = title_key(query);
    if let Some(i) = titles.iter().position(|t| title_key(t.as_ref()) == exact) {
        return Ok(i);
    }
    let wanted = match_key(query);
    let keys: Vec<String> = titles.iter().map(|t| match_key(t.as_ref())).collect();
    if let [i] = keys
        .iter()
        .enumerate()
        .filter(|(_, k)| **k == wanted)
        .map(|(i, _)| i)
        .collect::<Vec<_>>()[..]
    {
        return Ok(i);
    }
    let rules: [&dyn Fn(&str) -> bool; 2] = [&|key| key.starts_with(&wanted), &|key| {
        key.contains(&wanted)
    }];
    for rule in rules {
        let hits: Vec<usize> = (0..titles.len()).filter(|&i| rule(&keys[i])).collect();
        match hits.as_slice() {
            [] => continue,
            [one] => return Ok(*one),
            many => {
                let mut candidates: Vec<String> = many
                    .iter()
                    .map(|&i| titles[i].as_ref().to_string())
                    .collect();
                candidates.sort_by_key(|t| title_key(t));
                return Err(NoMatch::Ambiguous {
                    query: query.to_string(),
                    candidates,
                });
            }
        }
    }
    let closest = suggest::closest(&wanted, titles.iter().map(|t| t.as_ref()))
        .into_iter()
        .map(str::to_string)
        .collect();
    Err(NoMatch::Unknown {
        query: query.to_string(),
        closest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_its_kind() {
        assert_eq!(kind_of("title"), Some(Kind::Text));
        assert_eq!(kind_of("history"), Some(Kind::History));
        assert_eq!(kind_of("pinned"), Some(Kind::List));
        assert_eq!(kind_of("added"), Some(Kind::Day));
        assert_eq!(kind_of("rating"), None);
    }

    #[test]
    fn the_key_lists_are_the_fields_of_the_serde_form() {
        let entry = HistoryEntry {
            date: "2024-01-01".parse().unwrap(),
            status: Some(Status::Airing),
            season: Some(2),
            premiere: Some(Premiere::Year(2025)),
            note: Some("n".into()),
        };
        let mut show = Show::new("t");
        show.network = Some("n".into());
        show.season = Some(1);
        show.hiatus_reason = Some("r".into());
        (show.creators, show.cast, show.tags) =
            (vec!["c".into()], vec!["c".into()], vec!["t".into()]);
        show.notes = Some("n".into());
        show.added = entry.date.into();
        (show.finale, show.tvmaze, show.imdb) = (entry.date.into(), Some(1), Some("tt1".into()));
        (show.tvmaze_updated, show.pinned) = (Some(1), vec!["premiere".into()]);
        (show.finale_provisional, show.episodes) = (true, Some(10));
        show.premiere = Premiere::Day("2025-01-17".parse().unwrap());
        show.premiere_at = "2025-01-17 21:00 America/New_York".parse().ok();
        (show.aired, show.next) = (Some(4), "2025-02-07".parse().ok());
        let record = SeasonRecord {
            number: 1,
            premiere: Premiere::Year(2022),
            finale: entry.date.into(),
            finale_provisional: true,
            episodes: Some(9),
        };
        show.seasons = vec![record.clone()];
        show.history = vec![entry.clone()];
        let keys = |value: serde_json::Value| -> Vec<String> {
            let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            keys
        };
        let sorted = |list: &[&str]| {
            let mut list: Vec<String> = list.iter().map(|k| k.to_string()).collect();
            list.sort();
            list
        };
        assert_eq!(
            keys(serde_json::to_value(&show).unwrap()),
            sorted(&SHOW_KEYS)
        );
        assert_eq!(
            keys(serde_json::to_value(&entry).unwrap()),
            sorted(&HISTORY_KEYS)
        );
        assert_eq!(
            keys(serde_json::to_value(&record).unwrap()),
            sorted(&SEASON_KEYS)
        );
    }

    #[test]
    fn pins_read_in_any_case_and_a_name_that_is_none_pins_nothing() {
        for pin in Pin::ALL {
            assert_eq!(pin.as_str().parse(), Ok(pin));
            assert_eq!(pin.as_str().to_uppercase().parse(), Ok(pin));
            let json = serde_json::to_string(&pin).unwrap();
            assert_eq!(json, format!("\"{pin}\""));
            assert_eq!(serde_json::from_str::<Pin>(&json).unwrap(), pin);
        }
        assert_eq!(
            "premier".parse::<Pin>(),
            Err(
                "unknown pin \"premier\" (did you mean `premiere`?); the fields that can be \
                 pinned: network, season, status, premiere, finale"
                    .into()
            )
        );
        let err = "title".parse::<Pin>().unwrap_err();
        assert!(!err.contains("did you mean"), "{err}");
        assert!(serde_json::from_str::<Pin>("\"title\"").is_err());

        let mut show = Show::new("Severance");
        show.pinned = ["Premiere", "premier", "status", "premiere", ""]
            .map(String::from)
            .to_vec();
        assert_eq!(show.pins(), [Pin::Premiere, Pin::Status]);
        assert!(show.is_pinned(Pin::Premiere) && show.is_pinned(Pin::Status));
        assert!(!show.is_pinned(Pin::Network) && !show.is_pinned(Pin::Finale));
    }

    #[test]
    fn statuses_read_in_any_case_and_by_alias() {
        for status in Status::ALL {
            assert_eq!(status.as_str().parse(), Ok(status));
            assert_eq!(status.as_str().to_uppercase().parse(), Ok(status));
        }
        for (alias, status) in Status::ALIASES {
            assert_eq!(alias.parse(), Ok(status));
        }
        assert_eq!("Filming".parse(), Ok(Status::InProduction));
        assert_eq!(" HIATUS ".parse(), Ok(Status::OnHiatus));
        assert_eq!("in production".parse(), Ok(Status::InProduction));
        assert_eq!("On  Hiatus".parse(), Ok(Status::OnHiatus));
        assert_eq!("post production".parse(), Ok(Status::PostProduction));
        assert_eq!("pre_production".parse(), Ok(Status::InDevelopment));
    }

    #[test]
    fn an_unknown_status_lists_the_valid_ones_and_the_closest() {
        let err = "filmin".parse::<Status>().unwrap_err();
        assert!(err.contains("unknown status \"filmin\""), "{err}");
        assert!(err.contains("did you mean `in-production`?"), "{err}");
        assert!(err.contains("announced, in-development, in-production, on-hiatus"));
        let err = "xyzzy".parse::<Status>().unwrap_err();
        assert!(!err.contains("did you mean"), "{err}");
    }

    #[test]
    fn titles_match_exactly_then_by_prefix_then_by_substring() {
        let list = ["Severance", "The Bear", "The Boys", "Bear Grylls", "Andor"];
        assert_eq!(find_show(&list, "the bear"), Ok(1));
        assert_eq!(find_show(&list, "sev"), Ok(0));
        assert_eq!(find_show(&list, "bear g"), Ok(3));
        assert_eq!(find_show(&list, "ndo"), Ok(4));
        assert_eq!(find_show(&list, "oys"), Ok(2));
        assert_eq!(
            find_show(&list, "the b"),
            Err(NoMatch::Ambiguous {
                query: "the b".into(),
                candidates: vec!["The Bear".into(), "The Boys".into()]
            })
        );
        assert_eq!(
            find_show(&list, "Severence"),
            Err(NoMatch::Unknown {
                query: "Severence".into(),
                closest: vec!["Severance".into()]
            })
        );
    }

    fn premiere_change(date: &str, premiere: &str) -> HistoryEntry {
        HistoryEntry {
            date: date.parse().unwrap(),
            status: None,
            season: None,
            premiere: Some(premiere.parse().unwrap()),
            note: None,
        }
    }

    #[test]
    fn the_slip_rule() {
        let slip = |old: &str, new: &str| is_slip(old.parse().unwrap(), new.parse().unwrap());
        assert!(slip("2025-01-17", "2025-01-24"), "later");
        assert!(!slip("2025-01-24", "2025-01-17"), "earlier");
        assert!(!slip("2025-Q1", "2025-01-17"), "narrower");
        assert!(!slip("2025", "2025-Q4"), "narrower, ending on the same day");
        assert!(slip("2025-Q1", "2025-H1"), "wider, ending later");
        assert!(
            slip("2025-06-30", "2025-H2"),
            "from a day to a later window"
        );
        assert!(slip("2025-Q1", "TBA"), "withdrawn");
        assert!(!slip("TBA", "2027"), "from TBA");
        assert!(!slip("TBA", "TBA"));
        assert!(!slip("2025-03", "2025-03"), "unchanged");
    }

    #[test]
    fn a_premiere_path_counts_its_slips_within_the_season() {
        // `slips` walks the path without collecting it; both must count alike.
        let counted = |show: &Show| {
            let path = show.premiere_path();
            let slips = path.windows(2).filter(|p| is_slip(p[0], p[1])).count();
            assert_eq!(show.slips(), slips);
            slips
        };
        let mut show = Show::new("Severance");
        show.history = vec![
            premiere_change("2023-01-01", "2024"),
            premiere_change("2024-03-01", "2025-Q1"),
            premiere_change("2024-07-09", "2025-01-17"),
        ];
        show.premiere = "2025-01-17".parse().unwrap();
        let path: Vec<String> = show.premiere_path().iter().map(|p| p.to_string()).collect();
        assert_eq!(path, ["2024", "2025-Q1", "2025-01-17"]);
        assert_eq!(counted(&show), 1);

        // Withdrawn, then dated again: one more slip, none for leaving TBA.
        show.history.push(premiere_change("2024-08-01", "TBA"));
        show.history
            .push(premiere_change("2024-09-01", "2025-02-01"));
        show.premiere = "2025-02-01".parse().unwrap();
        assert_eq!(counted(&show), 2);

        // A renewal starts the next season's path afresh.
        show.history.push(HistoryEntry {
            date: "2025-03-21".parse().unwrap(),
            status: Some(Status::Announced),
            season: Some(3),
            premiere: None,
            note: None,
        });
        (show.premiere, show.season) = (Premiere::Tba, Some(3));
        assert!(show.premiere_path().is_empty());
        assert_eq!(counted(&show), 0);
        show.premiere = "2026".parse().unwrap();
        assert_eq!(counted(&show), 0);
        show.history.swap(0, 3);
        counted(&show);
    }

    #[test]
    fn hiatus_since_is_the_latest_move_into_hiatus() {
        let mut show = Show::new("Severance");
        show.status = Status::OnHiatus;
        let entry = |date: &str, status| HistoryEntry {
            date: date.parse().unwrap(),
            status: Some(status),
            season: None,
            premiere: None,
            note: None,
        };
        show.history = vec![
            entry("2023-01-01", Status::InProduction),
            entry("2023-05-02", Status::OnHiatus),
            entry("2023-06-01", Status::OnHiatus),
            entry("2023-11-10", Status::InProduction),
            entry("2024-02-01", Status::OnHiatus),
            entry("2024-03-01", Status::OnHiatus),
        ];
        assert_eq!(show.hiatus_since(), "2024-02-01".parse().ok());
        show.status = Status::InProduction;
        assert_eq!(show.hiatus_since(), None);
    }
}
