//! The rules of a merge, show by show: which show of one version is which of another, and
//! what a show becomes when two versions made from one base (or from none known) both changed
//! it. The text of the result is `store::merge`'s; here are only the facts.
//!
//! A field one side changed takes that change. A field both changed to different values is
//! settled by a rule, each settlement a [`Decision`]: the side that pins the field wins, then
//! the side whose history holds the later entry for it, then ours. Lists of names (tags, cast,
//! creators, pins) take what either side added and lose what either removed. Histories are
//! unioned. When the two sides wait for different seasons, the season and every fact of the
//! season waited for come from one side together, so that nothing of one season's dates lands
//! on another. Without a base, a value beats none, and lists of names are unioned. With a base
//! that is only likely ([`Trust::Guessed`]), a side's history can overrule what the base says.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde_json::{Map, Value as Json};

use super::{HistoryEntry, Pin, Show, title_key};

/// How one difference both sides made to a show was settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The show's title in the result.
    pub title: String,
    pub rule: Rule,
    /// What was kept and what was not, naming the sides: `premiere 2025-03-01 (pinned in the
    /// conflicted copy) over 2025-04-01`.
    pub message: String,
}

/// The rule that settled a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The side that pins the field wins.
    Pinned,
    /// The value whose history entry is later wins.
    Later,
    /// Nothing told the values apart: ours wins.
    Ours,
    /// A show removed on one side and changed on the other is kept.
    Kept,
    /// A show removed on one side, where the other only wrote comments, is removed, its
    /// comments with it.
    Removed,
}

/// Which version a value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Ours,
    Theirs,
}

/// The facts of the season being waited for: when the two sides wait for different seasons,
/// they come from one side together.
pub const SEASON_FACTS: [&str; 10] = [
    "season",
    "status",
    "hiatus_reason",
    "premiere",
    "premiere_at",
    "finale",
    "finale_provisional",
    "episodes",
    "aired",
    "next",
];

/// Keys settled together, the first naming the group: a moment belongs to its premiere, a
/// hiatus reason to its status, a finale's provisional mark to the finale.
const GROUPS: [&[&str]; 3] = [
    &["status", "hiatus_reason"],
    &["premiere", "premiere_at"],
    &["finale", "finale_provisional"],
];

/// Lists of names: merged item by item.
const NAMES: [&str; 4] = ["creators", "cast", "tags", "pinned"];

/// The show two versions of one show make, and how each clash was settled.
pub struct ShowMerge {
    pub show: Show,
    pub decisions: Vec<Decision>,
}

/// The names of the two sides, for messages: `["this device", "the conflicted copy"]`.
pub type Names<'a> = [&'a str; 2];

/// How far the base of a merge is to be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trust {
    /// The version both sides were made from (git's merge base, an edit's copy).
    Exact,
    /// A version airdate kept, chosen as the likely one (a sync tool's conflicted copy): a key
    /// that it says one side left alone, while that side's history records a later change of it
    /// than the other's, is settled by the rules instead.
    Guessed,
}

/// Merges `ours` and `theirs`, both made from `base` (`None`: no base is known). Each clash
/// settled is a decision, and a history note of `today` in the merged show.
pub fn merge_show(
    base: Option<&Show>,
    trust: Trust,
    ours: &Show,
    theirs: &Show,
    names: Names,
    today: NaiveDate,
) -> ShowMerge {
    let (o, t) = (ours.form(), theirs.form());
    let b = base.map(Show::form);
    let mut out = o.clone();
    // Each clash: its rule, the note for the history and the message for the report.
    let mut settled: Vec<(Rule, String, String)> = Vec::new();
    let mut done: HashSet<&str> = HashSet::new();
    // The side whose season was left behind for the other's, when they differ.
    let mut left_season: Option<&Show> = None;
    let sides = Sides {
        ours,
        theirs,
        names,
    };
    // Different seasons waited for: the season's facts come from one side.
    if o.get("season") != t.get("season") {
        let side = match changed_side(b.as_ref(), &o, &t, &["season"])
            .filter(|side| !(trust == Trust::Guessed && sides.belies(*side, "season")))
            .or_else(|| valued_side(b.as_ref(), &o, &t, &["season"]))
        {
            Some(side) => side,
            None => {
                let (side, rule, why) = sides.settle("season");
                settled.push(clash("season", &o, &t, side, rule, why));
                side
            }
        };
        if side == Side::Theirs {
            take(&mut out, &t, &SEASON_FACTS);
        }
        done.extend(SEASON_FACTS);
        left_season = Some(match side {
            Side::Ours => theirs,
            Side::Theirs => ours,
        });
    }
    for key in super::SHOW_KEYS {
        if done.contains(key) || key == "history" || key == "seasons" {
            continue;
        }
        let group: &[&str] = GROUPS
            .iter()
            .find(|g| g.contains(&key))
            .copied()
            .unwrap_or(std::slice::from_ref(&key));
        done.extend(group.iter().copied());
        if group.iter().all(|k| o.get(*k) == t.get(*k)) {
            continue;
        }
        if NAMES.contains(&key) {
            let merged = names_merged(b.as_ref().and_then(|b| b.get(key)), o.get(key), t.get(key));
            put(&mut out, key, merged);
            continue;
        }
        match key {
            // The day a show was first added, and TVmaze's last-change time: the earlier and
            // the later, whichever side has them.
            "added" => {
                let day = [o.get(key), t.get(key)]
                    .into_iter()
                    .flatten()
                    .min_by_key(|v| v.to_string());
                put(&mut out, key, day.cloned());
                continue;
            }
            "tvmaze_updated" => {
                let time = [o.get(key), t.get(key)]
                    .into_iter()
                    .flatten()
                    .max_by_key(|v| v.as_u64());
                put(&mut out, key, time.cloned());
                continue;
            }
            _ => {}
        }
        let side = match changed_side(b.as_ref(), &o, &t, group)
            .filter(|side| !(trust == Trust::Guessed && sides.belies(*side, key)))
            .or_else(|| valued_side(b.as_ref(), &o, &t, group))
        {
            Some(side) => side,
            None => {
                let (side, rule, why) = sides.settle(key);
                settled.push(clash(key, &o, &t, side, rule, why));
                side
            }
        };
        if side == Side::Theirs {
            take(&mut out, &t, group);
        }
    }
    let mut show = Show::from_form(out).expect("fields of two shows make a show");
    show.seasons = seasons_merged(base, ours, theirs);
    if let Some(left) = left_season {
        fill_record(&mut show.seasons, left);
    }
    show.history = history_merged(&ours.history, &theirs.history);
    let mut decisions = Vec::new();
    for (rule, text, message) in settled {
        note(&mut show, today, &text);
        decisions.push(Decision {
            title: show.title.clone(),
            rule,
            message,
        });
    }
    ShowMerge { show, decisions }
}

/// Records a merge's note in the history of `show`, dated `day`, unless it is there already (a
/// merge made again the same day notes nothing new).
pub fn note(show: &mut Show, day: NaiveDate, text: &str) {
    let entry = HistoryEntry {
        date: day,
        status: None,
        season: None,
        premiere: None,
        note: Some(text.to_string()),
    };
    if !show.history.contains(&entry) {
        // After the entries of its day, before any of a later day.
        let at = show
            .history
            .iter()
            .rposition(|e| e.date <= day)
            .map_or(0, |i| i + 1);
        show.history.insert(at, entry);
    }
}

/// A clash settled: its rule, its history note (`merged: premiere 2025-03-01 kept over
/// 2025-04-01 (pinned)`, without the names of the sides, which differ from one device to the
/// other) and its message (`premiere: kept 2025-03-01 (pinned in the conflicted copy) over
/// 2025-04-01`).
fn clash(
    key: &str,
    o: &Map<String, Json>,
    t: &Map<String, Json>,
    side: Side,
    rule: Rule,
    why: String,
) -> (Rule, String, String) {
    let (won, lost) = match side {
        Side::Ours => (shown(o.get(key)), shown(t.get(key))),
        Side::Theirs => (shown(t.get(key)), shown(o.get(key))),
    };
    let because = match rule {
        Rule::Pinned => "pinned",
        Rule::Later => "recorded later",
        Rule::Ours | Rule::Kept | Rule::Removed => "nothing told which is newer",
    };
    (
        rule,
        format!("merged: {key} {won} kept over {lost} ({because})"),
        format!("{key}: kept {won} ({why}) over {lost}"),
    )
}

/// The two sides of a clash, and what tells them apart.
struct Sides<'a> {
    ours: &'a Show,
    theirs: &'a Show,
    names: Names<'a>,
}

impl Sides<'_> {
    /// Whether the other side's history records a change of `key` later than any `side`'s
    /// records (each among the entries the other lacks): then a base that says the other side
    /// left it alone is wrong.
    fn belies(&self, side: Side, key: &str) -> bool {
        let (o, t) = (
            latest(&self.ours.history, &self.theirs.history, key),
            latest(&self.theirs.history, &self.ours.history, key),
        );
        let (chosen, other) = match side {
            Side::Ours => (o, t),
            Side::Theirs => (t, o),
        };
        other.is_some_and(|other| chosen.is_none_or(|chosen| other > chosen))
    }

    /// Who wins a clash on `key`, by which rule, and why in words.
    fn settle(&self, key: &str) -> (Side, Rule, String) {
        if let Ok(pin) = key.parse::<Pin>() {
            match (self.ours.is_pinned(pin), self.theirs.is_pinned(pin)) {
                (true, false) => {
                    return (
                        Side::Ours,
                        Rule::Pinned,
                        format!("pinned in {}", self.names[0]),
                    );
                }
                (false, true) => {
                    return (
                        Side::Theirs,
                        Rule::Pinned,
                        format!("pinned in {}", self.names[1]),
                    );
                }
                _ => {}
            }
        }
        let (o, t) = (
            latest(&self.ours.history, &self.theirs.history, key),
            latest(&self.theirs.history, &self.ours.history, key),
        );
        match (o, t) {
            (Some(o), t) if t.is_none_or(|t| o > t) => (
                Side::Ours,
                Rule::Later,
                format!("recorded {o} in {}", self.names[0]),
            ),
            (o, Some(t)) if o.is_none_or(|o| t > o) => (
                Side::Theirs,
                Rule::Later,
                format!("recorded {t} in {}", self.names[1]),
            ),
            _ => (
                Side::Ours,
                Rule::Ours,
                format!("{}'s, as nothing tells which is newer", self.names[0]),
            ),
        }
    }
}

/// The day of the latest entry of `history` that sets `key` (status, season or premiere) and
/// that `other` does not hold: the evidence of when that side changed it.
fn latest(history: &[HistoryEntry], other: &[HistoryEntry], key: &str) -> Option<NaiveDate> {
    let sets = |e: &HistoryEntry| match key {
        "status" => e.status.is_some(),
        "season" => e.season.is_some(),
        "premiere" => e.premiere.is_some(),
        _ => false,
    };
    history
        .iter()
        .filter(|e| sets(e) && !other.contains(e))
        .map(|e| e.date)
        .max()
}

/// A value in words, for a decision: a string as it is, none as "nothing".
fn shown(value: Option<&Json>) -> String {
    match value {
        None | Some(Json::Null) => "nothing".into(),
        Some(Json::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// The one side that changed `keys` from the base, when only one did (or both alike).
fn changed_side(
    base: Option<&Map<String, Json>>,
    o: &Map<String, Json>,
    t: &Map<String, Json>,
    keys: &[&str],
) -> Option<Side> {
    let base = base?;
    let same = |a: &Map<String, Json>| keys.iter().all(|k| a.get(*k) == base.get(*k));
    match (same(o), same(t)) {
        (_, true) => Some(Side::Ours),
        (true, false) => Some(Side::Theirs),
        (false, false) => None,
    }
}

/// Without a base, a value beats none: the side that has `keys` when the other has none.
fn valued_side(
    base: Option<&Map<String, Json>>,
    o: &Map<String, Json>,
    t: &Map<String, Json>,
    keys: &[&str],
) -> Option<Side> {
    match (base, has(o, keys), has(t, keys)) {
        (None, true, false) => Some(Side::Ours),
        (None, false, true) => Some(Side::Theirs),
        _ => None,
    }
}

fn has(form: &Map<String, Json>, keys: &[&str]) -> bool {
    keys.iter().any(|k| form.get(*k).is_some())
}

/// `keys` of `from` into `to`, present or not.
fn take(to: &mut Map<String, Json>, from: &Map<String, Json>, keys: &[&str]) {
    for key in keys {
        put(to, key, from.get(*key).cloned());
    }
}

fn put(to: &mut Map<String, Json>, key: &str, value: Option<Json>) {
    match value {
        Some(value) => to.insert(key.to_string(), value),
        None => to.remove(key),
    };
}

/// A list of names merged: ours, with what theirs added and without what theirs removed (from
/// the base; without one, every name of either side).
fn names_merged(base: Option<&Json>, o: Option<&Json>, t: Option<&Json>) -> Option<Json> {
    let items =
        |v: Option<&Json>| -> Vec<Json> { v.and_then(Json::as_array).cloned().unwrap_or_default() };
    let (b, o, t) = (items(base), items(o), items(t));
    let mut out: Vec<Json> = o
        .into_iter()
        .filter(|item| !b.contains(item) || t.contains(item))
        .collect();
    for item in t {
        if !out.contains(&item) && !b.contains(&item) {
            out.push(item);
        }
    }
    (!out.is_empty()).then_some(Json::Array(out))
}

/// The records of earlier seasons, by number: each side's, a record both changed differently
/// taken from ours.
fn seasons_merged(base: Option<&Show>, ours: &Show, theirs: &Show) -> Vec<super::SeasonRecord> {
    let mut out = ours.seasons.clone();
    for record in &theirs.seasons {
        let at = out.iter().position(|r| r.number == record.number);
        let in_base = base.and_then(|b| b.seasons.iter().find(|r| r.number == record.number));
        match at {
            None => out.push(record.clone()),
            // Ours left it as the base had it: theirs changed it.
            Some(i) if in_base == Some(&out[i]) => out[i] = record.clone(),
            Some(_) => {}
        }
    }
    out.sort_by_key(|r| r.number);
    out
}

/// What the side left behind knew of the season it waited for, in that season's record
/// where the record does not know it: the other side moved on before it learnt it.
fn fill_record(records: &mut [super::SeasonRecord], left: &Show) {
    let Some(record) = records.iter_mut().find(|r| Some(r.number) == left.season) else {
        return;
    };
    if record.premiere.is_tba() {
        record.premiere = left.premiere;
    }
    if record.finale.is_none() {
        record.finale = left.finale;
        record.finale_provisional = left.finale_provisional;
    }
    if record.episodes.is_none() {
        record.episodes = left.episodes;
    }
}

/// Both histories: ours, with each entry only theirs holds put after the entries of its day.
fn history_merged(ours: &[HistoryEntry], theirs: &[HistoryEntry]) -> Vec<HistoryEntry> {
    let mut out = ours.to_vec();
    for entry in theirs {
        if out.contains(entry) {
            continue;
        }
        let at = out
            .iter()
            .rposition(|e| e.date <= entry.date)
            .map_or(0, |i| i + 1);
        out.insert(at, entry.clone());
    }
    out
}

/// Which show of `b` is which show of `a`: by TVmaze id where both have one, else by title.
/// Each pair is (index in `a`, index in `b`); a show of either without a match is alone.
pub fn pair(a: &[&Show], b: &[&Show]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut of_a: Vec<Option<usize>> = vec![None; a.len()];
    let mut taken = vec![false; b.len()];
    // An id and a title both the same first: two shows of a side may share an id (a link
    // made by mistake, which `check` warns of), and the id alone would pair the wrong one.
    let mut by_both: HashMap<(u32, String), usize> = HashMap::new();
    for (j, show) in b.iter().enumerate().rev() {
        if let Some(id) = show.tvmaze {
            by_both.insert((id, title_key(&show.title)), j);
        }
    }
    for (i, show) in a.iter().enumerate() {
        let Some(id) = show.tvmaze else { continue };
        if let Some(j) = by_both.remove(&(id, title_key(&show.title))) {
            of_a[i] = Some(j);
            taken[j] = true;
        }
    }
    let mut by_id: HashMap<u32, Vec<usize>> = HashMap::new();
    for (j, show) in b.iter().enumerate().rev() {
        if let Some(id) = show.tvmaze.filter(|_| !taken[j]) {
            by_id.entry(id).or_default().push(j);
        }
    }
    for (i, show) in a.iter().enumerate() {
        let Some(id) = show.tvmaze.filter(|_| of_a[i].is_none()) else {
            continue;
        };
        if let Some(j) = by_id.get_mut(&id).and_then(Vec::pop) {
            of_a[i] = Some(j);
            taken[j] = true;
        }
    }
    // Titles are unique in a watchlist, so one title is one show even when the two sides
    // linked it differently.
    let mut by_title: HashMap<String, usize> = HashMap::new();
    for (j, show) in b.iter().enumerate() {
        if !taken[j] {
            by_title.entry(title_key(&show.title)).or_insert(j);
        }
    }
    for (i, show) in a.iter().enumerate() {
        if of_a[i].is_some() {
            continue;
        }
        if let Some(j) = by_title.remove(&title_key(&show.title)) {
            of_a[i] = Some(j);
            taken[j] = true;
        }
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> = of_a
        .into_iter()
        .enumerate()
        .map(|(i, j)| (Some(i), j))
        .collect();
    pairs.extend((0..b.len()).filter(|&j| !taken[j]).map(|j| (None, Some(j))));
    pairs
}
