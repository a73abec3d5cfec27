//! Changing shows in the user's text, byte for byte, and proving the result before it lands.
//!
//! An edit never re-serialises the document: it splices the text where the parser's spans (the
//! [`Layout`]) put a changed show's tables. A changed value's bytes are replaced (its comment
//! stays), a cleared key's line goes, a new key's line follows the show's last key, new history
//! entries follow its last table (or go before the old entry they come before, which keeps its
//! bytes), a new show the last show; a removed show takes the comment
//! lines above its tables. New lines use the file's line ending; every other byte stays.
//!
//! [`Editor::finish`] then proves the bytes: the real parser must read them as exactly the
//! intended shows, with every unchanged show's tables and every other table byte for byte as
//! before, and the changed shows' unknown keys kept. Anything else is a bug: nothing is written.

use std::ops::Range;

use anyhow::{Result, bail};
use serde_json::Value as Json;
use toml_edit::{Document, Item};

use super::read::{self, Layout, ListKey, Parsed, Segment};
use crate::model::{KeyValues, NoMatch, SHOW_KEYS, Show, find_show, title_key};

/// The watchlist opened for a change.
pub struct Editor {
    pub(super) text: String,
    layout: Layout,
    /// The shows as read.
    before: Vec<Show>,
    /// The shows as they are to be, each with the index of the show it was (`None` for new).
    shows: Vec<(Option<usize>, Show)>,
    /// Whether the shows and layout as read came from the cache.
    pub(super) cached: bool,
    /// Whether `text` is the file's (else there was no file, and `text` is a new one's).
    pub(super) existed: bool,
}

impl Editor {
    pub(super) fn new(text: String, shows: Vec<Show>, layout: Layout, cached: bool) -> Self {
        Editor {
            shows: shows
                .iter()
                .cloned()
                .enumerate()
                .map(|(i, s)| (Some(i), s))
                .collect(),
            before: shows,
            text,
            layout,
            cached,
            existed: true,
        }
    }

    /// The watchlist `text` opened for a change made in memory (a merge, a test): nothing is
    /// locked or written. An invalid text is refused with its problems.
    pub fn open(text: &str) -> Result<Editor, Vec<read::Problem>> {
        let parsed = read::parse(text)?;
        Ok(Editor::new(
            text.to_string(),
            parsed.shows,
            parsed.layout,
            false,
        ))
    }

    /// The changed text, proven like every write (see [`Editor::finish`]); the text as it was
    /// when nothing changed.
    pub fn into_text(self) -> Result<String> {
        if !self.changed() {
            return Ok(self.text);
        }
        Ok(self.finish()?.0)
    }

    /// Takes the layout of a fresh parse of the text instead of the cached one, provided the
    /// parse gives the shows the change was made to; false when it does not.
    pub(super) fn rebase(&mut self, parsed: Parsed) -> bool {
        if parsed.shows != self.before {
            return false;
        }
        self.layout = parsed.layout;
        self.cached = false;
        true
    }

    /// The titles of the shows, in file order.
    pub fn titles(&self) -> Vec<&str> {
        self.shows.iter().map(|(_, s)| s.title.as_str()).collect()
    }

    /// The shows as they are to be, in file order (new ones last).
    pub fn shows(&self) -> impl Iterator<Item = &Show> {
        self.shows.iter().map(|(_, s)| s)
    }

    /// The show at `index`.
    pub fn show(&self, index: usize) -> Show {
        self.shows[index].1.clone()
    }

    /// The index of the show `query` names (see [`find_show`]).
    pub fn find(&self, query: &str) -> Result<usize, NoMatch> {
        find_show(&self.titles(), query)
    }

    /// The index of the show whose title is `title` (after normalisation and case folding),
    /// and no other: for a show the user already confirmed.
    pub fn find_exact(&self, title: &str) -> Option<usize> {
        let key = title_key(title);
        self.shows
            .iter()
            .position(|(_, s)| title_key(&s.title) == key)
    }

    /// The title of the show, other than the one at `except`, that `title` would clash with
    /// (titles are unique after normalisation and case folding).
    pub fn title_taken(&self, title: &str, except: Option<usize>) -> Option<&str> {
        let key = title_key(title);
        self.shows
            .iter()
            .enumerate()
            .find(|(i, (_, s))| Some(*i) != except && title_key(&s.title) == key)
            .map(|(_, (_, s))| s.title.as_str())
    }

    /// Appends a show after the last one.
    pub fn push(&mut self, show: Show) {
        self.shows.push((None, show));
    }

    /// Replaces the show at `index`; an earlier season's finale that only the old show's
    /// `finale` key held is kept as that season's record.
    pub fn update(&mut self, index: usize, mut show: Show) {
        show.keep_earlier_finale(&self.shows[index].1);
        self.shows[index].1 = show;
    }

    pub fn remove(&mut self, index: usize) -> Show {
        self.shows.remove(index).1
    }

    /// Whether the shows differ from those read.
    /// The shows as read, before any change.
    pub(super) fn before(&self) -> &[Show] {
        &self.before
    }

    pub(super) fn changed(&self) -> bool {
        let now = self.shows.iter().map(|(was, show)| (*was, show));
        !now.eq(self
            .before
            .iter()
            .enumerate()
            .map(|(i, show)| (Some(i), show)))
    }

    /// The new text, proven to mean exactly the change, and what it parses to.
    pub(super) fn finish(&self) -> Result<(String, Parsed)> {
        let splices = self.splices()?;
        let mut text = spliced(&self.text, &splices);
        // A file that ended without a line break still does.
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            let kept = text.trim_end_matches(['\r', '\n']).len();
            text.truncate(kept);
        }
        let parsed = self.prove(&text)?;
        Ok((text, parsed))
    }

    /// The line ending the file uses: that of its first line, else a line feed.
    fn eol(&self) -> &'static str {
        match self.text.find('\n') {
            Some(i) if self.text[..i].ends_with('\r') => "\r\n",
            _ => "\n",
        }
    }

    /// What must change in the text, in order, none overlapping.
    fn splices(&self) -> Result<Vec<Splice>> {
        let eol = self.eol();
        let mut splices = Vec::new();
        let mut kept = vec![None; self.before.len()];
        for (now, (was, _)) in self.shows.iter().enumerate() {
            if let Some(was) = was {
                kept[*was] = Some(now);
            }
        }
        for (was, old) in self.before.iter().enumerate() {
            let segments = &self.layout.shows[was];
            match kept[was] {
                None => {
                    for s in segments {
                        splices.push(Splice(self.removal_start(s)..s.end, String::new()));
                    }
                }
                Some(now) if self.shows[now].1 != *old => {
                    self.update_splices(segments, old, &self.shows[now].1, eol, &mut splices)?;
                }
                Some(_) => {}
            }
        }
        let new: String = self
            .shows
            .iter()
            .filter(|(was, _)| was.is_none())
            .map(|(_, show)| show_text(show, eol))
            .collect();
        if !new.is_empty() {
            let at = self
                .layout
                .shows
                .last()
                .and_then(|s| s.iter().map(|s| s.end).max())
                .unwrap_or_else(|| self.layout.tail());
            splices.push(Splice(at..at, new));
        }
        // Lines added at the end of a file without a final line break begin with one (and
        // `finish` takes the last one away again).
        let len = self.text.len();
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            let first = splices.iter_mut().find(|s| s.0 == (len..len));
            if let Some(first) = first {
                first.1.insert_str(0, eol);
            }
        }
        // An insertion goes before a removal that starts where it is.
        splices.sort_by_key(|s| (s.0.start, s.0.end));
        for pair in splices.windows(2) {
            if pair[1].0.start < pair[0].0.end {
                bail!("two changes overlap at byte {}", pair[1].0.start);
            }
        }
        Ok(splices)
    }

    /// Where the removal of the table `segment` starts (see [`read::attached_start`]).
    fn removal_start(&self, segment: &Segment) -> usize {
        read::attached_start(&self.text, segment)
    }

    /// Where a history table that is written again starts, with the blank lines above it: its
    /// comments stay where they are.
    fn blank_start(&self, segment: &Segment) -> usize {
        let gap = &self.text[segment.gap..segment.start];
        let blank: usize = gap
            .split_inclusive('\n')
            .rev()
            .take_while(|l| l.trim().is_empty())
            .map(str::len)
            .sum();
        segment.start - blank
    }

    /// Refuses to write the tables of the list `list` of `show` again when they hold keys
    /// airdate does not know, which writing them again would lose.
    fn rewritable(
        &self,
        main: Segment,
        tables: &[Segment],
        title: &str,
        list: ListKey,
    ) -> Result<()> {
        if tables.is_empty() {
            return Ok(());
        }
        let key = list.key();
        let mut alone = vec![main];
        alone.extend(tables);
        if unknown(&self.text, &alone)?.get("show").is_some_and(|s| {
            s.as_array()
                .and_then(|a| a.first())
                .and_then(toml::Value::as_table)
                .is_some_and(|t| t.contains_key(key))
        }) {
            return Err(Unsupported(format!(
                "the {key} of \"{}\" has entries with keys airdate does not know, and this \
                 change would have to write them again, which would lose them; remove those keys \
                 (or make the change by hand with `airdate edit`) and try again",
                title
            ))
            .into());
        }
        Ok(())
    }

    /// The splices that turn the show `old`, whose tables are `segments`, into `new`.
    fn update_splices(
        &self,
        segments: &[Segment],
        old: &Show,
        new: &Show,
        eol: &str,
        out: &mut Vec<Splice>,
    ) -> Result<()> {
        let main = segments[0];
        let main_text = &self.text[main.start..main.end];
        let doc = Document::parse(main_text)
            .map_err(|e| anyhow::anyhow!("the show \"{}\" cannot be read alone: {e}", old.title))?;
        let table = doc
            .get("show")
            .and_then(Item::as_array_of_tables)
            .and_then(|t| t.get(0))
            .ok_or_else(|| anyhow::anyhow!("the show \"{}\" has no [[show]] table", old.title))?;
        let (old_fields, new_fields) = (old.fields(), new.fields());
        let mut added = String::new();
        let gone = old_fields
            .iter()
            .filter(|(k, _)| get(&new_fields, k).is_none());
        for (key, _) in new_fields.iter().chain(gone) {
            let key = *key;
            if get(&old_fields, key) == get(&new_fields, key) {
                continue;
            }
            let value = table.get(key).and_then(Item::as_value);
            let span = value.and_then(|v| v.span());
            let key_span = table.key(key).and_then(|k| k.span());
            if ListKey::ALL.iter().any(|l| l.key() == key) {
                continue;
            }
            let new_value = get(&new_fields, key);
            match (new_value, span, key_span) {
                (Some(json), Some(span), _) => out.push(Splice(
                    main.start + span.start..main.start + span.end,
                    respelled(json, value, main_text),
                )),
                (None, Some(span), Some(key_span)) => {
                    let start =
                        main.start + main_text[..key_span.start].rfind('\n').map_or(0, |i| i + 1);
                    let end = line_end(&self.text, main.start + span.end);
                    out.push(Splice(start..end, String::new()));
                }
                (Some(json), None, None) => {
                    added.push_str(&format!("{key} = {}{eol}", toml_value(json)));
                }
                _ => bail!(
                    "the key `{key}` of \"{}\" is not where it was expected",
                    old.title
                ),
            }
        }
        if !added.is_empty() {
            out.push(Splice(main.end..main.end, added));
        }
        for list in ListKey::ALL {
            let key = list.key();
            let (old_items, new_items) = (items(&old_fields, list), items(&new_fields, list));
            if old_items == new_items {
                continue;
            }
            let change = ListChange {
                list,
                old: &old_items,
                new: &new_items,
                title: &old.title,
            };
            match table
                .get(key)
                .and_then(Item::as_value)
                .and_then(toml_edit::Value::as_array)
            {
                Some(array) => change.inline(array, main.start, out)?,
                None => self.list_splices(&change, segments, main.end, eol, out)?,
            }
        }
        Ok(())
    }

    /// The splices that give the list of `change` its new tables: appended after the show's
    /// last table when the old ones are kept, put in among them when they are kept in order
    /// with new ones between, else written again where they were.
    fn list_splices(
        &self,
        change: &ListChange,
        segments: &[Segment],
        main_end: usize,
        eol: &str,
        out: &mut Vec<Splice>,
    ) -> Result<()> {
        let tables: Vec<Segment> = segments
            .iter()
            .filter(|s| s.list == Some(change.list))
            .copied()
            .collect();
        let appended = change.new.starts_with(change.old);
        // Entries put in among the old ones (a change recorded on an earlier day, a merge's
        // history): each new table goes before the old one it comes before, and the old
        // tables keep every byte, comments in them included; an old one changed where it is
        // (the entry of the day the show was added, which a fact recorded before it changes)
        // is written again in its place, under its own comments.
        if let Some(at) = (!appended && tables.len() == change.old.len())
            .then(|| aligned(change.old, change.new))
            .flatten()
        {
            let changed: Vec<usize> = (0..tables.len())
                .filter(|&i| change.old[i] != change.new[at[i]])
                .collect();
            let check: Vec<Segment> = changed.iter().map(|&i| tables[i]).collect();
            self.rewritable(segments[0], &check, change.title, change.list)?;
            for i in changed {
                let table = list_table(change.list, &change.new[at[i]], eol);
                out.push(Splice(
                    tables[i].start..tables[i].end,
                    table[eol.len()..].to_string(),
                ));
            }
            let mut trailing = String::new();
            let mut next = 0;
            for (j, entry) in change.new.iter().enumerate() {
                if at.get(next) == Some(&j) {
                    next += 1;
                    continue;
                }
                let table = list_table(change.list, entry, eol);
                match tables.get(next) {
                    Some(before) => {
                        let pos = read::attached_start(&self.text, before);
                        out.push(Splice(pos..pos, table));
                    }
                    None => trailing.push_str(&table),
                }
            }
            if !trailing.is_empty() {
                let last = segments.iter().map(|s| s.end).max().unwrap_or(main_end);
                out.push(Splice(last..last, trailing));
            }
            return Ok(());
        }
        // Tables changed where they are (a season record a season change completes): only
        // those are written again, where they were; the others keep every byte.
        let in_place =
            !appended && tables.len() == change.old.len() && change.new.len() >= change.old.len();
        let fresh = if appended {
            &change.new[change.old.len()..]
        } else if in_place {
            let changed: Vec<usize> = (0..tables.len())
                .filter(|&i| change.old[i] != change.new[i])
                .collect();
            let check: Vec<Segment> = changed.iter().map(|&i| tables[i]).collect();
            self.rewritable(segments[0], &check, change.title, change.list)?;
            for i in changed {
                let table = list_table(change.list, &change.new[i], eol);
                out.push(Splice(
                    tables[i].start..tables[i].end,
                    table[eol.len()..].to_string(),
                ));
            }
            &change.new[change.old.len()..]
        } else {
            self.rewritable(segments[0], &tables, change.title, change.list)?;
            for s in &tables {
                out.push(Splice(self.blank_start(s)..s.end, String::new()));
            }
            change.new
        };
        let last = segments
            .iter()
            .filter(|s| appended || in_place || s.list != Some(change.list))
            .map(|s| s.end)
            .max()
            .unwrap_or(main_end);
        let text: String = fresh
            .iter()
            .map(|e| list_table(change.list, e, eol))
            .collect();
        if !text.is_empty() {
            out.push(Splice(last..last, text));
        }
        Ok(())
    }

    /// Reads `text` back with the real parser and checks that it means exactly the change:
    /// the intended shows, unchanged shows' tables and every other table byte for byte, and
    /// the keys airdate does not know kept in the changed shows.
    fn prove(&self, text: &str) -> Result<Parsed> {
        let parsed = match read::parse(text) {
            Ok(parsed) => parsed,
            Err(problems) => bail!(
                "the changed file would not be valid ({})",
                problems
                    .iter()
                    .find(|p| p.is_error())
                    .map_or("", |p| p.message.as_str())
            ),
        };
        if parsed.shows.len() != self.shows.len()
            || parsed
                .shows
                .iter()
                .zip(&self.shows)
                .any(|(a, (_, b))| a != b)
        {
            bail!("the changed file would not read back as the intended shows");
        }
        // A table that ended the file without a line break may have been given one.
        let bytes = |text: &str, segments: &[Segment]| -> Vec<String> {
            let lines = |s: &Segment| text[s.start..s.end].trim_end_matches(['\r', '\n']);
            segments.iter().map(|s| lines(s).to_string()).collect()
        };
        let new = &parsed.layout;
        if bytes(text, &new.others) != bytes(&self.text, &self.layout.others) {
            bail!("the changed file would change tables outside the shows");
        }
        for (now, (was, show)) in self.shows.iter().enumerate() {
            let Some(was) = *was else { continue };
            let (old_segments, new_segments) = (&self.layout.shows[was], &new.shows[now]);
            if *show == self.before[was] {
                if bytes(&self.text, old_segments) != bytes(text, new_segments) {
                    bail!("the changed file would change the show \"{}\"", show.title);
                }
            } else if !same_table(
                &unknown(&self.text, old_segments)?,
                &unknown(text, new_segments)?,
            ) {
                bail!("the changed file would lose keys of \"{}\"", show.title);
            }
        }
        Ok(parsed)
    }
}

/// A change to the text: a range of the old text, and what it becomes.
pub(super) struct Splice(pub Range<usize>, pub String);

/// Where each of `old` is in `new`, in order, when `new` is `old` with entries put in among
/// them, some of the old ones perhaps changed where they are (an entry changed keeps its first
/// key, the day of a history entry or the number of a season): the way with the fewest
/// changed, the first of equal entries matched first; else `None`.
fn aligned(old: &[KeyValues], new: &[KeyValues]) -> Option<Vec<usize>> {
    let (n, m) = (old.len(), new.len());
    if n > m {
        return None;
    }
    let cost = |a: &KeyValues, b: &KeyValues| {
        if a == b {
            Some(0)
        } else if !a.is_empty() && a.first() == b.first() {
            Some(1)
        } else {
            None
        }
    };
    // `best[i][d]`: the fewest changed when the first `i` old entries are among the first
    // `i + d` new ones (`d` at most the number put in, so that a long history costs little).
    let put = m - n;
    let mut best = vec![vec![None::<usize>; put + 1]; n + 1];
    best[0] = vec![Some(0); put + 1];
    for i in 1..=n {
        for d in 0..=put {
            let before = if d > 0 { best[i][d - 1] } else { None };
            let kept = best[i - 1][d]
                .zip(cost(&old[i - 1], &new[i - 1 + d]))
                .map(|(a, b)| a + b);
            best[i][d] = match (before, kept) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
    }
    best[n][put]?;
    let mut at = vec![0; n];
    let (mut i, mut d) = (n, put);
    while i > 0 {
        if d > 0 && best[i][d - 1].is_some() && best[i][d - 1] == best[i][d] {
            d -= 1;
        } else {
            at[i - 1] = i - 1 + d;
            i -= 1;
        }
    }
    Some(at)
}

/// `text` with `splices` made; they are in order and do not overlap.
pub(super) fn spliced(text: &str, splices: &[Splice]) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for Splice(range, with) in splices {
        out.push_str(&text[at..range.start]);
        out.push_str(with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Just past the line break that ends the line holding `at`, or the text's end.
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The value of `key` in `fields`.
fn get<'a>(fields: &'a KeyValues, key: &str) -> Option<&'a Json> {
    fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
}

/// A value in TOML. JSON's string escapes are all TOML's too; TOML also escapes DEL.
fn toml_value(value: &Json) -> String {
    match value {
        Json::String(_) => value.to_string().replace('\u{7f}', "\\u007F"),
        Json::Array(items) => {
            let items: Vec<String> = items.iter().map(toml_value).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

/// A changed value in TOML: a list keeps the spelling of each item it still holds (a
/// multi-line or literal string stays one), and only new items are written afresh.
fn respelled(json: &Json, old: Option<&toml_edit::Value>, text: &str) -> String {
    let (Json::Array(items), Some(toml_edit::Value::Array(old))) = (json, old) else {
        return toml_value(json);
    };
    let mut spare: Vec<(&str, &str)> = old
        .iter()
        .filter_map(|v| Some((v.as_str()?, text.get(v.span()?)?)))
        .collect();
    let items: Vec<String> = items
        .iter()
        .map(|item| {
            let same = spare
                .iter()
                .position(|(value, _)| Some(*value) == item.as_str());
            match same {
                Some(i) => spare.remove(i).1.to_string(),
                None => toml_value(item),
            }
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// A change to one of a show's lists: its tables as they were and as they are to be.
struct ListChange<'a> {
    list: ListKey,
    old: &'a [KeyValues],
    new: &'a [KeyValues],
    title: &'a str,
}

/// The tables of the list `list` in a show's fields, each as its keys and values in the
/// order the file writes them.
fn items(fields: &KeyValues, list: ListKey) -> Vec<KeyValues> {
    let Some(Json::Array(items)) = get(fields, list.key()) else {
        return Vec::new();
    };
    items
        .iter()
        .map(|item| {
            let Json::Object(map) = item else {
                unreachable!("lists of a show hold tables")
            };
            let keys = list.known().iter();
            keys.filter_map(|k| Some((*k, map.get(*k)?.clone())))
                .collect()
        })
        .collect()
}

impl ListChange<'_> {
    /// The splices that give a list written inline (`KEY = [...]`, at `offset` of the text)
    /// its new entries: appended inside the list, so that the entries there keep their
    /// spelling and their keys. Any other change to such a list would have to write it again,
    /// which would lose the keys airdate does not know: it is refused when there are any.
    fn inline(&self, array: &toml_edit::Array, offset: usize, out: &mut Vec<Splice>) -> Result<()> {
        let key = self.list.key();
        let span = array
            .span()
            .ok_or_else(|| anyhow::anyhow!("the {key} of \"{}\" has no place", self.title))?;
        if !self.new.starts_with(self.old) {
            let foreign = array
                .iter()
                .filter_map(toml_edit::Value::as_inline_table)
                .any(|t| t.iter().any(|(k, _)| !self.list.known().contains(&k)));
            if foreign {
                return Err(Unsupported(format!(
                    "the {key} of \"{}\" is written inline (`{key} = [...]`) with keys airdate \
                     does not know, and this change would have to write it again; write it as \
                     [[show.{key}]] tables (or drop those keys) and try again",
                    self.title
                ))
                .into());
            }
            let entries: Vec<String> = self.new.iter().map(inline_entry).collect();
            out.push(Splice(
                offset + span.start..offset + span.end,
                format!("[{}]", entries.join(", ")),
            ));
            return Ok(());
        }
        let fresh = self.new[self.old.len()..].iter().map(inline_entry);
        let (at, text) = match array.iter().filter_map(toml_edit::Value::span).last() {
            Some(last) => (last.end, fresh.map(|e| format!(", {e}")).collect()),
            // After the opening bracket.
            None => (span.start + 1, fresh.collect::<Vec<_>>().join(", ")),
        };
        out.push(Splice(offset + at..offset + at, text));
        Ok(())
    }
}

/// A table of a list as an inline table.
fn inline_entry(fields: &KeyValues) -> String {
    let fields: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k} = {}", toml_value(v)))
        .collect();
    format!("{{{}}}", fields.join(", "))
}

/// A change the editor will not make because it could not keep what the file holds; the
/// message says why and what to do. Not a bug, unlike every other failure to splice.
#[derive(Debug)]
pub struct Unsupported(String);

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unsupported {}

/// `fields` as lines of a table.
fn key_lines(fields: &KeyValues, eol: &str) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k} = {}{eol}", toml_value(v)))
        .collect()
}

/// A new show's tables, after a blank line.
fn show_text(show: &Show, eol: &str) -> String {
    let mut fields = show.fields();
    let lists: Vec<(ListKey, Vec<KeyValues>)> = ListKey::ALL
        .iter()
        .rev()
        .map(|l| (*l, items(&fields, *l)))
        .collect();
    fields.retain(|(k, _)| !ListKey::ALL.iter().any(|l| l.key() == *k));
    let mut text = format!("{eol}[[show]]{eol}{}", key_lines(&fields, eol));
    for (list, entries) in lists {
        for entry in &entries {
            text.push_str(&list_table(list, entry, eol));
        }
    }
    text
}

/// A new table of the list `list`, after a blank line.
fn list_table(list: ListKey, fields: &KeyValues, eol: &str) -> String {
    format!(
        "{eol}[[show.{}]]{eol}{}",
        list.key(),
        key_lines(fields, eol)
    )
}

/// Whether two tables hold the same values, a NaN being the same as a NaN (which `==` denies,
/// so that a file holding `score = nan` could never be proven).
fn same_table(a: &toml::Table, b: &toml::Table) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
}

fn same(a: &toml::Value, b: &toml::Value) -> bool {
    use toml::Value::{Array, Float, Table};
    match (a, b) {
        (Float(x), Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w)),
        (Table(x), Table(y)) => same_table(x, y),
        _ => a == b,
    }
}

/// What of a show airdate does not know: its tables read alone by the real parser, less the
/// known keys of the show; of its lists, each entry that holds a key airdate does not know,
/// whole and in order (the others are dropped, so that an entry put anywhere among them changes
/// nothing here, while a key carried to another entry does).
pub(super) fn unknown(text: &str, segments: &[Segment]) -> Result<toml::Table> {
    let alone: String = segments
        .iter()
        .map(|s| &text[s.start..s.end])
        .collect::<Vec<_>>()
        .join("\n");
    let mut doc: toml::Table = toml::from_str(&alone)?;
    let Some(toml::Value::Array(shows)) = doc.get_mut("show") else {
        bail!("a show's tables read alone hold no show");
    };
    let Some(toml::Value::Table(show)) = shows.first_mut() else {
        bail!("a show's tables read alone hold no show");
    };
    let lists: Vec<(ListKey, Option<toml::Value>)> = ListKey::ALL
        .iter()
        .map(|l| (*l, show.remove(l.key())))
        .collect();
    show.retain(|k, _| !SHOW_KEYS.contains(&k));
    for (list, value) in lists {
        let Some(toml::Value::Array(mut entries)) = value else {
            continue;
        };
        entries.retain(|e| {
            e.as_table()
                .is_none_or(|t| t.keys().any(|k| !list.known().contains(&k.as_str())))
        });
        if !entries.is_empty() {
            show.insert(list.key().into(), toml::Value::Array(entries));
        }
    }
    Ok(doc)
}
