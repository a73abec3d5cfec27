//! Changing shows inside the user's TOML document, in place.
//!
//! Only what changed is touched: an edited value keeps its comments and position, a new key is
//! added at the end of its show, a new show or history entry is appended after the last one.
//! Everything else in the file (comments, blank lines, key order, unknown keys and tables) is
//! left byte for byte as it was.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::index::{Index, Record};
use super::layout::{Layout, Segment};
use crate::model::{HistoryEntry, NoMatch, Show, find_show};

/// The watchlist opened for a change: its text and its shows, kept in step.
pub struct Editor {
    titles: Vec<String>,
    shows: Shows,
    target: Target,
    changed: bool,
}

/// The typed shows: all of them, or those of the index, read one by one as needed.
pub(super) enum Shows {
    Loaded(Vec<Show>),
    Indexed { base: Index, records: Vec<Record> },
}

/// How changes reach the text.
enum Target {
    /// The whole document, parsed: for files the layout scan could not map.
    Document(DocumentMut),
    /// The text itself, where each show's bytes are known: only the changed show is parsed
    /// and rewritten.
    Text { text: String, layout: Layout },
}

/// What an edit leaves for saving.
pub(super) struct Finished {
    pub text: String,
    /// Where the shows lie in `text`, when that is known without a scan.
    pub layout: Option<Layout>,
    pub shows: Shows,
}

impl Editor {
    pub(super) fn document(doc: DocumentMut, shows: Vec<Show>) -> Self {
        Editor {
            titles: shows.iter().map(|s| s.title.clone()).collect(),
            shows: Shows::Loaded(shows),
            target: Target::Document(doc),
            changed: false,
        }
    }

    /// An editor over `text`, whose index `base` (with its layout) matches it; the text back
    /// when the index cannot be used after all.
    pub(super) fn indexed(text: String, base: Index) -> Result<Self, String> {
        let Some(layout) = base.layout().cloned() else {
            return Err(text);
        };
        let Some(titles) = (0..base.len())
            .map(|i| base.title(i))
            .collect::<Option<Vec<String>>>()
        else {
            return Err(text);
        };
        let records = (0..base.len()).map(Record::Kept).collect();
        Ok(Editor {
            titles,
            shows: Shows::Indexed { base, records },
            target: Target::Text { text, layout },
            changed: false,
        })
    }

    /// The titles of the shows, in file order.
    pub fn titles(&self) -> &[String] {
        &self.titles
    }

    /// The show at `index`.
    pub fn show(&self, index: usize) -> Show {
        match &self.shows {
            Shows::Loaded(shows) => shows[index].clone(),
            Shows::Indexed { base, records } => match &records[index] {
                Record::Kept(i) => base.show(*i).expect("the index was checked when loaded"),
                Record::New(show) => Show::clone(show),
            },
        }
    }

    /// The index of the show `query` names (see [`find_show`]).
    pub fn find(&self, query: &str) -> Result<usize, NoMatch> {
        find_show(&self.titles, query)
    }

    pub(super) fn changed(&self) -> bool {
        self.changed
    }

    pub(super) fn finish(self) -> Finished {
        let (text, layout) = match self.target {
            Target::Document(doc) => (doc.to_string(), None),
            Target::Text { text, layout } => (text, Some(layout)),
        };
        Finished {
            text,
            layout,
            shows: self.shows,
        }
    }

    /// Appends a show after the last one.
    pub fn push(&mut self, show: Show) {
        let mut table = Table::new();
        table.decor_mut().set_prefix("\n");
        write_show(&mut table, None, &show);
        match &mut self.target {
            Target::Document(doc) => push_table(doc.as_table_mut(), table),
            Target::Text { text, layout } => {
                let mut doc = DocumentMut::new();
                push_table(doc.as_table_mut(), table);
                let mut new = doc.to_string();
                let at = layout.insertion_point();
                let mut prefix = at;
                if at > 0 && !text[..at].ends_with('\n') {
                    // A file that ends without a line break gets one: it ends the last line,
                    // which belongs to the show before (if that show ends the file).
                    new.insert(0, '\n');
                    prefix += 1;
                    if let Some(last) = layout.shows.last_mut().filter(|s| s.end == at) {
                        last.end += 1;
                    }
                }
                let header = at + new.find("[[show]]").expect("a new show has its header");
                text.insert_str(at, &new);
                // Nothing but the closing lines (or a table after the shows) follows the
                // insertion point.
                layout.tail += new.len();
                layout.shows.push(Segment {
                    prefix,
                    header,
                    end: at + new.len(),
                });
            }
        }
        self.titles.push(show.title.clone());
        match &mut self.shows {
            Shows::Loaded(shows) => shows.push(show),
            Shows::Indexed { records, .. } => records.push(Record::New(Box::new(show))),
        }
        self.changed = true;
    }

    /// Replaces the show at `index`, writing only the fields that differ.
    pub fn update(&mut self, index: usize, show: Show) {
        let old = self.show(index);
        if old == show {
            return;
        }
        match &mut self.target {
            Target::Document(doc) => {
                let table = show_table(doc, index);
                write_show(table, Some(&old), &show);
            }
            Target::Text { text, layout } => {
                let segment = layout.shows[index];
                let mut doc: DocumentMut = text[segment.header..segment.end]
                    .parse()
                    .expect("a show's bytes in a valid watchlist parse on their own");
                write_show(show_table(&mut doc, 0), Some(&old), &show);
                let new = doc.to_string();
                text.replace_range(segment.header..segment.end, &new);
                layout.shift(segment.header, segment.end, new.len());
                layout.shows[index].end = segment.header + new.len();
            }
        }
        self.titles[index] = show.title.clone();
        match &mut self.shows {
            Shows::Loaded(shows) => shows[index] = show,
            Shows::Indexed { records, .. } => records[index] = Record::New(Box::new(show)),
        }
        self.changed = true;
    }

    pub fn remove(&mut self, index: usize) -> Show {
        let removed = self.show(index);
        match &mut self.target {
            Target::Document(doc) => {
                if let Some(tables) = doc.get_mut("show").and_then(Item::as_array_of_tables_mut) {
                    tables.remove(index);
                }
            }
            Target::Text { text, layout } => {
                let segment = layout.shows.remove(index);
                text.replace_range(segment.prefix..segment.end, "");
                layout.shift(segment.prefix, segment.end, 0);
            }
        }
        self.titles.remove(index);
        match &mut self.shows {
            Shows::Loaded(shows) => {
                shows.remove(index);
            }
            Shows::Indexed { records, .. } => {
                records.remove(index);
            }
        }
        self.changed = true;
        removed
    }
}

fn push_table(root: &mut Table, table: Table) {
    match root.get_mut("show") {
        Some(Item::ArrayOfTables(tables)) => tables.push(table),
        _ => {
            let mut tables = ArrayOfTables::new();
            tables.push(table);
            root.insert("show", Item::ArrayOfTables(tables));
        }
    }
}

fn show_table(doc: &mut DocumentMut, index: usize) -> &mut Table {
    doc.get_mut("show")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|tables| tables.get_mut(index))
        .expect("the typed shows mirror the document's [[show]] tables")
}

/// Reads one of a show's lists.
type ListOf = fn(&Show) -> &Vec<String>;

/// Writes `new` into `table`, which holds `old` (or nothing, for a new show).
fn write_show(table: &mut Table, old: Option<&Show>, new: &Show) {
    let same = |f: &dyn Fn(&Show) -> bool| old.is_some_and(f);
    if !same(&|o| o.title == new.title) {
        set(table, "title", Some(new.title.as_str().into()));
    }
    if !same(&|o| o.network == new.network) {
        set(table, "network", new.network.as_deref().map(Value::from));
    }
    if !same(&|o| o.season == new.season) {
        set(
            table,
            "season",
            new.season.map(|n| Value::from(i64::from(n))),
        );
    }
    if !same(&|o| o.status == new.status) {
        set(table, "status", Some(new.status.as_str().into()));
    }
    if !same(&|o| o.premiere == new.premiere) {
        set(table, "premiere", Some(new.premiere.to_string().into()));
    }
    if !same(&|o| o.hiatus_reason == new.hiatus_reason) {
        set(
            table,
            "hiatus_reason",
            new.hiatus_reason.as_deref().map(Value::from),
        );
    }
    let lists: [(&str, ListOf); 3] = [
        ("creators", |s| &s.creators),
        ("cast", |s| &s.cast),
        ("tags", |s| &s.tags),
    ];
    for (key, list_of) in lists {
        let list = list_of(new);
        if old.map(list_of) != Some(list) {
            let value = (!list.is_empty()).then(|| Value::Array(list.iter().collect::<Array>()));
            set(table, key, value);
        }
    }
    if !same(&|o| o.notes == new.notes) {
        set(table, "notes", new.notes.as_deref().map(Value::from));
    }
    if !same(&|o| o.added == new.added) {
        set(
            table,
            "added",
            new.added.map(|d| Value::from(d.to_string())),
        );
    }
    let old_history = old.map(|o| o.history.as_slice()).unwrap_or_default();
    if old_history != new.history {
        write_history(table, old_history, &new.history);
    }
}

/// Sets `key` to `value` (or removes it for `None`), keeping the comments around an existing
/// value.
fn set(table: &mut Table, key: &str, value: Option<Value>) {
    let Some(mut value) = value else {
        table.remove(key);
        return;
    };
    match table.get_mut(key) {
        Some(Item::Value(existing)) => {
            *value.decor_mut() = existing.decor().clone();
            *existing = value;
        }
        _ => {
            table.insert(key, Item::Value(value));
        }
    }
}

/// Appends the entries that are new; history is only ever appended to by commands, so any
/// other difference rewrites the list.
fn write_history(table: &mut Table, old: &[HistoryEntry], new: &[HistoryEntry]) {
    let appended = new.starts_with(old);
    if !appended {
        table.remove("history");
    }
    let fresh = if appended { &new[old.len()..] } else { new };
    match table.get_mut("history") {
        Some(Item::Value(Value::Array(array))) => {
            for entry in fresh {
                array.push(history_table(entry).into_inline_table());
            }
        }
        Some(Item::ArrayOfTables(tables)) => {
            for entry in fresh {
                tables.push(history_table(entry));
            }
        }
        _ => {
            let mut tables = ArrayOfTables::new();
            for entry in fresh {
                tables.push(history_table(entry));
            }
            table.insert("history", Item::ArrayOfTables(tables));
        }
    }
}

fn history_table(entry: &HistoryEntry) -> Table {
    let mut table = Table::new();
    table.decor_mut().set_prefix("\n");
    table.insert("date", toml_edit::value(entry.date.to_string()));
    if let Some(status) = entry.status {
        table.insert("status", toml_edit::value(status.as_str()));
    }
    if let Some(season) = entry.season {
        table.insert("season", toml_edit::value(i64::from(season)));
    }
    if let Some(premiere) = entry.premiere {
        table.insert("premiere", toml_edit::value(premiere.to_string()));
    }
    if let Some(note) = &entry.note {
        table.insert("note", toml_edit::value(note.as_str()));
    }
    table
}
