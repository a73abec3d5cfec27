//! Seasons: which season each fact and each history entry is about, the record an earlier
//! season keeps, the clean start of a new one, and the statuses that dates imply.
//!
//! The show's own `season`, `premiere`, `finale`, `finale_provisional` and `episodes` are the
//! season being waited for (or airing). Each earlier season keeps a `[[show.seasons]]` record.
//! A history entry's `season` is the season it is about; entries written before seasons were
//! recorded name one only where the season changed (the first entry aside), so an entry
//! without one is about the season of the entry before it. Files of either kind read alike.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::premiere::Premiere;
use super::{HistoryEntry, Pin, Show, Status, is_slip};

/// What an earlier season keeps: its number, premiere, finale and episode count, as far as
/// they are known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeasonRecord {
    pub number: u32,
    #[serde(default, skip_serializing_if = "Premiere::is_tba")]
    pub premiere: Premiere,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finale: Option<NaiveDate>,
    /// The finale is the last episode listed so far, not a confirmed one.
    #[serde(default, skip_serializing_if = "is_false")]
    pub finale_provisional: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub episodes: Option<u32>,
}

fn is_false(value: &bool) -> bool {
    !value
}

/// The keys of a season record, in the order the file uses (a test holds it to the struct).
pub const SEASON_KEYS: [&str; 5] = [
    "number",
    "premiere",
    "finale",
    "finale_provisional",
    "episodes",
];

/// One season as views and JSON show it: a record, or the season being waited for, with the
/// premiere slips counted within it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonView {
    pub number: Option<u32>,
    pub premiere: Premiere,
    pub finale: Option<NaiveDate>,
    pub finale_confirmed: bool,
    pub episodes: Option<u32>,
    pub slips: usize,
    /// The premieres announced for it, oldest first.
    pub path: Vec<Premiere>,
}

/// A history entry with the season it is about (`None` when nothing tells).
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    pub entry: &'a HistoryEntry,
    pub season: Option<u32>,
    /// The entry moved the show to another season (a renewal, a rollover).
    pub changed: bool,
}

impl Show {
    /// The history in date order, each entry with its season. An entry names its season, or
    /// is about the season of the entry before it; a named season that differs from the one
    /// before is a season change. Entries before the first change that names no season are
    /// about the current season when the show never changed season, else unknown.
    pub fn placed_history(&self) -> Vec<Placed<'_>> {
        let entries = self.history_by_date();
        let any_change = entries.iter().skip(1).any(|e| e.season.is_some());
        let mut season = match entries.first() {
            Some(first) if first.season.is_some() => first.season,
            _ if !any_change => self.season,
            _ => None,
        };
        let mut placed = Vec::with_capacity(entries.len());
        for (i, entry) in entries.into_iter().enumerate() {
            let changed = i > 0 && entry.season.is_some() && entry.season != season;
            if entry.season.is_some() {
                season = entry.season;
            }
            placed.push(Placed {
                entry,
                season,
                changed,
            });
        }
        placed
    }

    /// The day the season being waited for began to be waited for: the latest season change.
    pub fn season_since(&self) -> Option<NaiveDate> {
        self.placed_history()
            .iter()
            .rev()
            .find(|p| p.changed)
            .map(|p| p.entry.date)
    }

    /// The current season's finale: the show's `finale`, unless it is dated before the season
    /// began and before its premiere day (a file from before seasons were recorded kept the old
    /// season's finale). A
    /// provisional finale is always the current season's: only a refresh of this release writes
    /// one, and a season change clears it (TVmaze's last episode listed so far may be dated
    /// before the show moved on to its season, over a mid-season break).
    pub fn current_finale(&self) -> Option<NaiveDate> {
        let finale = self.finale?;
        if self.finale_provisional {
            return Some(finale);
        }
        // A finale on or after the season's own premiere day is the season's, even when the
        // show moved on to the season only after it aired (a season TVmaze listed late).
        let own = self.premiere.is_day() && self.premiere.start().is_some_and(|p| p <= finale);
        match self.season_since() {
            Some(since) if finale < since && !own => None,
            _ => Some(finale),
        }
    }

    /// Whether the current season's finale is confirmed (typed, or every ordered episode
    /// listed), rather than the last episode listed so far.
    pub fn finale_confirmed(&self) -> bool {
        self.current_finale().is_some() && !self.finale_provisional
    }
}

impl Show {
    /// Every season airdate knows of, oldest first: the records, the seasons the history
    /// tells of without one, and the season being waited for last.
    pub fn seasons_view(&self) -> Vec<SeasonView> {
        let placed = self.placed_history();
        let mut out: Vec<SeasonView> = Vec::new();
        let mut numbers: Vec<Option<u32>> = self.seasons.iter().map(|r| Some(r.number)).collect();
        for p in &placed {
            // An entry of no known season, in a show that names its season, is of an earlier
            // one the file does not name.
            let named = p.season.is_some() || self.season.is_some();
            if named && !numbers.contains(&p.season) {
                numbers.push(p.season);
            }
        }
        if !numbers.contains(&self.season) {
            numbers.push(self.season);
        }
        // A season the history does not name (before the first change it records) came first.
        numbers.sort_by_key(|n| n.unwrap_or(0));
        for number in numbers {
            let path = premiere_path(&placed, number, self);
            let slips = path.windows(2).filter(|w| is_slip(w[0], w[1])).count();
            let view = if number == self.season {
                SeasonView {
                    number,
                    premiere: self.premiere,
                    finale: self.current_finale(),
                    finale_confirmed: self.finale_confirmed(),
                    episodes: self.episodes,
                    slips,
                    path,
                }
            } else {
                let record = self.seasons.iter().find(|r| Some(r.number) == number);
                let premiere = record
                    .map(|r| r.premiere)
                    .filter(|p| !p.is_tba())
                    .or_else(|| path.last().copied())
                    .unwrap_or_default();
                let old_finale = self.finale.filter(|_| self.current_finale().is_none());
                let finale = record.and_then(|r| r.finale).or_else(|| {
                    // The finale an older file kept: the season just before the current one's.
                    old_finale.filter(|_| next_of(&placed, number) == self.season)
                });
                SeasonView {
                    number,
                    premiere,
                    finale,
                    finale_confirmed: finale.is_some()
                        && !record.is_some_and(|r| r.finale_provisional),
                    episodes: record.and_then(|r| r.episodes),
                    slips,
                    path,
                }
            };
            out.push(view);
        }
        out
    }
}

impl Show {
    /// The premieres announced for season `number`, oldest first.
    pub fn season_path(&self, number: Option<u32>) -> Vec<Premiere> {
        premiere_path(&self.placed_history(), number, self)
    }
}

impl Show {
    /// Drops the records that say no more than the history does (a season's record as views
    /// give it, read back by `import`, is kept only where it adds to what is derived).
    pub fn drop_derivable_records(&mut self) {
        if self.seasons.is_empty() {
            return;
        }
        let views = self.seasons_view();
        let mut i = 0;
        while i < self.seasons.len() {
            let mut without = self.clone();
            let record = without.seasons.remove(i);
            let view = |views: &[SeasonView]| {
                views
                    .iter()
                    .find(|v| v.number == Some(record.number))
                    .cloned()
            };
            if view(&without.seasons_view()) == view(&views) {
                self.seasons.remove(i);
            } else {
                i += 1;
            }
        }
    }
}

impl Show {
    /// Keeps as a record the finale that `old` (this show before a change) gave an earlier
    /// season from its own `finale` key (an older file kept the season before the current
    /// one's finale there), when this show no longer gives it: a change of `finale` or of the
    /// season would otherwise lose it. A season the file does not name cannot keep a record.
    pub fn keep_earlier_finale(&mut self, old: &Show) {
        let Some(finale) = old.finale.filter(|_| old.current_finale().is_none()) else {
            return;
        };
        let now = self.seasons_view();
        for view in old.seasons_view() {
            let Some(number) = view.number else { continue };
            if Some(number) == old.season || view.finale != Some(finale) {
                continue;
            }
            if now
                .iter()
                .any(|v| v.number == Some(number) && v.finale == Some(finale))
            {
                continue;
            }
            match self.seasons.iter_mut().find(|r| r.number == number) {
                Some(have) => have.finale = Some(finale),
                None => {
                    let at = self.seasons.iter().position(|r| r.number > number);
                    let record = SeasonRecord {
                        number,
                        premiere: view.premiere,
                        finale: Some(finale),
                        finale_provisional: false,
                        episodes: None,
                    };
                    self.seasons
                        .insert(at.unwrap_or(self.seasons.len()), record);
                }
            }
        }
    }
}

/// The season the history moved to from season `number`.
fn next_of(placed: &[Placed], number: Option<u32>) -> Option<u32> {
    let mut was = None;
    for p in placed {
        if p.changed && was == number {
            return p.season;
        }
        was = p.season;
    }
    None
}

/// The premieres announced for season `number`, oldest first (the show's current premiere
/// last, for the season being waited for).
fn premiere_path(placed: &[Placed], number: Option<u32>, show: &Show) -> Vec<Premiere> {
    let mut path: Vec<Premiere> = Vec::new();
    let mut last: Option<Premiere> = None;
    for p in placed.iter().filter(|p| p.season == number) {
        if p.changed {
            // A season started again (renewed twice to the same number): afresh.
            path.clear();
            last = None;
        }
        // What was known when the show was added does not undo a premiere dated before it.
        if p.entry.is_added() && last.is_some() {
            continue;
        }
        if let Some(premiere) = p.entry.premiere
            && last != Some(premiere)
        {
            last = Some(premiere);
            path.push(premiere);
        }
    }
    // A view's show has its moment's day moved to the user's, which is no slip.
    let current = show.file_premiere();
    if number == show.season && last != Some(current) && !(last.is_none() && current.is_tba()) {
        path.push(current);
    }
    path
}

/// What a season change did besides the season: the pins it released.
#[derive(Debug, Default)]
pub struct Rollover {
    pub released: Vec<Pin>,
}

impl Rollover {
    /// "(the pins on premiere, finale were season 3's and are released)"; empty when none.
    pub fn words(&self, old: Option<u32>) -> String {
        if self.released.is_empty() {
            return String::new();
        }
        let names: Vec<&str> = self.released.iter().map(|p| p.as_str()).collect();
        let whose = old.map_or("the old season's".to_string(), |n| format!("season {n}'s"));
        format!(
            "(the pin on {} was {whose} and is released)",
            names.join(", ")
        )
    }
}

/// The pins that belong to a season, not to the show.
const SEASON_PINS: [Pin; 2] = [Pin::Premiere, Pin::Finale];

impl Show {
    /// Starts season `number` clean: the season being left keeps its premiere, finale and
    /// episode count as its record; the new one has premiere TBA (and no moment), no finale,
    /// no episodes aired or next, no hiatus reason; the pins on its season-bound fields are released. The status is the caller's.
    pub fn start_season(&mut self, number: u32) -> Rollover {
        if let Some(old) = self.season.filter(|old| *old != number) {
            let record = SeasonRecord {
                number: old,
                premiere: self.premiere,
                finale: self.current_finale(),
                finale_provisional: self.current_finale().is_some() && self.finale_provisional,
                episodes: self.episodes,
            };
            let known = !record.premiere.is_tba() || record.finale.is_some();
            match self.seasons.iter_mut().find(|r| r.number == old) {
                // A record of it written by hand keeps what the show's keys do not say.
                Some(have) => {
                    if !record.premiere.is_tba() {
                        have.premiere = record.premiere;
                    }
                    if record.finale.is_some() {
                        have.finale = record.finale;
                        have.finale_provisional = record.finale_provisional;
                    }
                    if record.episodes.is_some() {
                        have.episodes = record.episodes;
                    }
                }
                None if known => self.seasons.push(record),
                None => {}
            }
        }
        self.season = Some(number);
        self.premiere = Premiere::Tba;
        self.premiere_at = None;
        self.aired = None;
        self.next = None;
        self.finale = None;
        self.finale_provisional = false;
        self.episodes = None;
        self.hiatus_reason = None;
        let mut rollover = Rollover::default();
        for pin in SEASON_PINS {
            if self.is_pinned(pin) {
                rollover.released.push(pin);
            }
        }
        self.pinned
            .retain(|name| !name.parse().is_ok_and(|pin| SEASON_PINS.contains(&pin)));
        rollover
    }
}

impl Show {
    /// The status the dates imply on `today`, when it is not the recorded one: a scheduled
    /// season whose premiere day has come is airing; an airing (or scheduled) season the day
    /// after its confirmed finale is finished.
    pub fn implied_status(&self, today: NaiveDate) -> Option<Status> {
        // Views ask this of every row: only these two statuses can imply another, and the
        // history is walked (for the current finale) only for them.
        if !matches!(self.status, Status::Scheduled | Status::Airing) {
            return None;
        }
        let begun = matches!(self.premiere, Premiere::Day(day) if day <= today);
        let over = !self.finale_provisional && self.current_finale().is_some_and(|f| f < today);
        match self.status {
            Status::Scheduled | Status::Airing if begun && over => Some(Status::Finished),
            Status::Airing if over => Some(Status::Finished),
            Status::Scheduled if begun => Some(Status::Airing),
            _ => None,
        }
    }

    /// The status to show on `today`: the implied one when there is one, else the recorded.
    pub fn status_on(&self, today: NaiveDate) -> Status {
        self.implied_status(today).unwrap_or(self.status)
    }
}
