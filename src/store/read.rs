//! Reading the watchlist's text: the real TOML parser (`toml_edit`, which keeps spans) reads
//! it, and this module turns the document into typed shows, every problem with its place, and
//! the [`Layout`] of the shows' tables, which edits splice.
//!
//! Validation is strict: a watchlist with any error is refused whole, so that a command never
//! acts on half of a file. Keys the program does not know are not errors (they are kept through
//! every edit); one that looks like a typo of a known key is reported as a warning.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml_edit::{Document, Item, Table, Value};

use crate::model::links::Links;
use crate::model::premiere::{self, Premiere, PremiereError};
use crate::model::suggest;
use crate::model::{
    HISTORY_KEYS, HistoryEntry, Pin, SEASON_KEYS, SHOW_KEYS, SeasonRecord, Show, Status,
    is_visible, title_key,
};

/// The file format version this program reads and writes.
pub const VERSION: i64 = 1;

const ROOT_KEYS: [&str; 2] = ["version", "show"];

/// A watchlist's text as the parser read it: its shows in file order, its warnings, and where
/// each show's tables lie.
#[derive(Debug)]
pub struct Parsed {
    pub shows: Vec<Show>,
    pub layout: Layout,
    pub warnings: Vec<Problem>,
}

/// Parses and validates `text`; an error carries every problem found.
pub fn parse(text: &str) -> Result<Parsed, Vec<Problem>> {
    let doc = match Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => return Err(refused(text, e)),
    };
    let (shows, problems) = decode(doc.as_table());
    if problems.iter().any(Problem::is_error) {
        return Err(problems);
    }
    Ok(Parsed {
        shows,
        layout: Layout::of(text, doc.as_table()),
        warnings: problems,
    })
}

/// How many keys given twice one run reports.
const MAX_DUPLICATE_KEYS: usize = 100;

/// Every problem the parser and then the decoder can find in `text`, which the parser refused
/// with `error`. A syntax error ends the search; a key given twice does not: the second is
/// renamed (in a copy, to a name of the same length, so that every place stays where it is)
/// and the copy parsed again, so that the field problems, the other keys given twice and the
/// titles given twice are found in the same run. The value of a key given twice is the first
/// one's, as far as those problems go. Problems are in file order.
fn refused(text: &str, mut error: toml_edit::TomlError) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut copy = text.to_string();
    let mut renamed: Vec<Range<usize>> = Vec::new();
    // The names handed out so far: a name may meet another key (one of one letter has few to
    // choose from), and then the key is renamed again with the next.
    let mut names = 0;
    loop {
        let duplicate = error.message().contains("duplicate key");
        let span = error.span();
        // A key given twice only because of a name handed out here is no problem of the file's.
        let ours = duplicate && span.as_ref().is_some_and(|span| renamed.contains(span));
        if !ours {
            let mut message = format!("not valid TOML: {}", error.message().trim_end());
            // The parser points at the key it means; the message names it too.
            let key = span.clone().and_then(|span| text.get(span));
            if let Some(key) = key.filter(|_| duplicate) {
                message.push_str(&format!(" (at `{key}`)"));
            }
            problems.push(Problem::error(span.clone(), message));
        }
        let Some(span) = span.filter(|_| duplicate) else {
            break;
        };
        if (!ours && renamed.len() >= MAX_DUPLICATE_KEYS)
            || names >= 4 * MAX_DUPLICATE_KEYS
            || !rename(&mut copy, &span, names)
        {
            break;
        }
        names += 1;
        if !ours {
            renamed.push(span);
        }
        match Document::parse(&copy) {
            Ok(doc) => {
                let (_, found) = decode(doc.as_table());
                let elsewhere = |p: &Problem| {
                    p.span.as_ref().is_none_or(|at| {
                        !renamed.iter().any(|r| at.start < r.end && r.start < at.end)
                    })
                };
                problems.extend(found.into_iter().filter(elsewhere));
                break;
            }
            Err(e) => error = e,
        }
    }
    problems.sort_by_key(|p| p.span.as_ref().map_or(usize::MAX, |s| s.start));
    problems
}

/// Gives the key at `span` of `text` a name of the same length no other key has (the `n`th
/// such name), or says it cannot (the span is not one key's on one line).
fn rename(text: &mut String, span: &Range<usize>, n: usize) -> bool {
    let Some(key) = text.get(span.clone()) else {
        return false;
    };
    if key.is_empty() || key.contains(['\n', '\r', '[', ']', '=']) {
        return false;
    }
    // `_` then `n` in base 36 at the end: bare-key characters only. A key of one letter
    // has only that letter: `n` in base 36.
    let mut name = vec![b'_'; key.len()];
    let mut rest = n;
    let first = usize::from(name.len() > 1);
    for at in (first..name.len()).rev() {
        name[at] = b"0123456789abcdefghijklmnopqrstuvwxyz"[rest % 36];
        rest /= 36;
    }
    let name = String::from_utf8(name).expect("ASCII");
    text.replace_range(span.clone(), &name);
    true
}

/// Where a table of the file lies: `start..end` are its header line and the lines of its keys
/// (to the end of the line of its last value), `gap..start` the blank and comment lines above
/// it, which go with it when it is removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub gap: usize,
    pub start: usize,
    pub end: usize,
    /// A table of one of a show's lists: `[[show.history]]`, `[[show.seasons]]`.
    pub list: Option<ListKey>,
}

/// The lists of tables a show holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ListKey {
    History,
    Seasons,
}

impl ListKey {
    pub const ALL: [ListKey; 2] = [ListKey::History, ListKey::Seasons];

    /// The show's key that holds the list.
    pub fn key(self) -> &'static str {
        match self {
            ListKey::History => "history",
            ListKey::Seasons => "seasons",
        }
    }

    /// The keys of one of its tables that airdate knows.
    pub fn known(self) -> &'static [&'static str] {
        match self {
            ListKey::History => &HISTORY_KEYS,
            ListKey::Seasons => &SEASON_KEYS,
        }
    }

    fn of(key: &str) -> Option<ListKey> {
        ListKey::ALL.into_iter().find(|l| l.key() == key)
    }
}

/// Where every table of a valid watchlist lies, from the parser's spans: for each show its
/// `[[show]]` table first, then its sub-tables in file order (which other tables may sit
/// between); and the rest, which belongs to no show: first the keys before the first table,
/// then the other tables.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    pub shows: Vec<Vec<Segment>>,
    pub others: Vec<Segment>,
}

/// A table header met while walking the document: where it starts, where its keys end, and
/// the show it belongs to.
struct Header {
    start: usize,
    content_end: usize,
    owner: Option<usize>,
    list: Option<ListKey>,
}

impl Layout {
    fn of(text: &str, root: &Table) -> Layout {
        let mut headers = Vec::new();
        let mut root_end = 0;
        for (key, item) in root.iter() {
            let owner = |i| (key == "show").then_some(i);
            match item {
                Item::ArrayOfTables(tables) => {
                    for (i, table) in tables.iter().enumerate() {
                        header(table, owner(i), owner(i).is_some(), None, &mut headers);
                    }
                }
                Item::Table(table) if table.is_dotted() => {
                    headed_within(table, None, None, &mut headers);
                    root_end = root_end.max(content_end(root, key));
                }
                Item::Table(table) => header(table, None, false, None, &mut headers),
                _ => root_end = root_end.max(content_end(root, key)),
            }
        }
        headers.sort_by_key(|h| h.start);
        let root_end = line_end(text, root_end);
        let root = Segment {
            gap: 0,
            start: 0,
            end: root_end,
            list: None,
        };
        let mut layout = Layout {
            shows: Vec::new(),
            others: vec![root],
        };
        let mut previous = root_end;
        for h in headers {
            let start = line_start(text, h.start);
            let segment = Segment {
                gap: previous.min(start),
                start,
                end: line_end(text, h.content_end),
                list: h.list,
            };
            previous = segment.end;
            match h.owner {
                Some(i) => {
                    if layout.shows.len() <= i {
                        layout.shows.resize(i + 1, Vec::new());
                    }
                    layout.shows[i].push(segment);
                }
                None => layout.others.push(segment),
            }
        }
        layout
    }

    /// Whether this layout is the one the parser gives `text`, as far as the lines show without
    /// parsing: the tables tile the text in order (the keys before the first table at its
    /// start, each table's gap beginning where the one before ends); every gap and the tail
    /// hold only blank and comment lines; every table starts at a header line (`[`) and ends
    /// with the line of a value, not a comment or a blank line; every boundary is at a line
    /// start. A layout from the cache must pass this before an edit splices by it: then no
    /// comment or blank line can be taken for a table's or moved (the parser of the new text
    /// proves the rest). A multi-line string that ends on a `#` line fails it, which only costs
    /// a parse.
    pub fn fits(&self, text: &[u8]) -> bool {
        let mut segments: Vec<&Segment> = self.shows.iter().flatten().chain(&self.others).collect();
        segments.sort_by_key(|s| (s.start, s.end));
        let at_line = |at: usize| at == 0 || at == text.len() || text.get(at - 1) == Some(&b'\n');
        let lines = |range: Range<usize>| {
            text[range]
                .split_inclusive(|b| *b == b'\n')
                .map(|l| l.trim_ascii())
                .collect::<Vec<_>>()
        };
        let quiet = |l: &&[u8]| l.is_empty() || l.starts_with(b"#");
        let Some(root) = segments.first() else {
            return false;
        };
        if (root.gap, root.start) != (0, 0) || root.list.is_some() {
            return false;
        }
        let mut previous = 0;
        for (i, s) in segments.iter().enumerate() {
            let root = i == 0;
            let ordered = s.gap == previous && s.gap <= s.start && s.start <= s.end;
            if !ordered || s.end > text.len() || ![s.gap, s.start, s.end].into_iter().all(at_line) {
                return false;
            }
            let content = lines(s.start..s.end);
            let ends_on_value = content.last().is_none_or(|l| !quiet(l));
            let header = root || content.first().is_some_and(|l| l.starts_with(b"["));
            if !ends_on_value || !header || !lines(s.gap..s.start).iter().all(quiet) {
                return false;
            }
            previous = s.end;
        }
        lines(previous..text.len()).iter().all(quiet) && self.owners_fit(text)
    }

    /// Whether every table is given to the show TOML gives it to: a show's first table is its
    /// `[[show]]`, and each of its other tables is a `show.` table between that and the next
    /// show's; no other table is a show's.
    fn owners_fit(&self, text: &[u8]) -> bool {
        let header = |s: &Segment| {
            let line = text[s.start..s.end]
                .split(|b| *b == b'\n')
                .next()
                .unwrap_or(&[]);
            show_header(line)
        };
        let firsts: Vec<usize> = self.shows.iter().map(|s| s[0].start).collect();
        let shows_fit = self.shows.iter().enumerate().all(|(i, segments)| {
            let next = firsts.get(i + 1).copied().unwrap_or(usize::MAX);
            header(&segments[0]) == Some(ShowHeader::Show)
                && segments[1..].iter().all(|s| {
                    s.start > firsts[i] && s.start < next && header(s) == Some(ShowHeader::Part)
                })
        });
        shows_fit && self.others[1..].iter().all(|s| header(s).is_none())
    }

    /// Where the content of the file ends: after it come only blank and comment lines.
    pub fn tail(&self) -> usize {
        self.shows
            .iter()
            .flatten()
            .chain(&self.others)
            .map(|s| s.end)
            .max()
            .unwrap_or(0)
    }
}

/// What a header line says of its table.
#[derive(PartialEq, Eq)]
enum ShowHeader {
    /// `[[show]]`: a show.
    Show,
    /// `[show.…]` or `[[show.…]]`: a part of the show before it.
    Part,
}

/// What the header line `line` makes its table, when it is a show's (spaces and tabs aside; a
/// quoted spelling such as `[["show"]]` is taken for none, which only costs a parse).
fn show_header(line: &[u8]) -> Option<ShowHeader> {
    let squeezed: Vec<u8> = line
        .iter()
        .copied()
        .take_while(|b| *b != b'#')
        .filter(|b| !matches!(b, b' ' | b'\t' | b'\r'))
        .collect();
    let name = squeezed
        .strip_prefix(b"[[")
        .or_else(|| squeezed.strip_prefix(b"["))?;
    if name == b"show]]" {
        Some(ShowHeader::Show)
    } else if name.starts_with(b"show.") {
        Some(ShowHeader::Part)
    } else {
        None
    }
}

/// Records `table`'s header (when it has one) and those of the tables inside it, which belong
/// to the same show; `show` is true for a `[[show]]` table itself.
fn header(
    table: &Table,
    owner: Option<usize>,
    show: bool,
    list: Option<ListKey>,
    out: &mut Vec<Header>,
) {
    let mut end = 0;
    for (key, item) in table.iter() {
        let list = list.or(show.then(|| ListKey::of(key)).flatten());
        match item {
            Item::ArrayOfTables(tables) => {
                for t in tables.iter() {
                    header(t, owner, false, list, out);
                }
            }
            Item::Table(t) if !t.is_dotted() => header(t, owner, false, list, out),
            Item::Table(t) => {
                headed_within(t, owner, list, out);
                end = end.max(content_end(table, key));
            }
            _ => end = end.max(content_end(table, key)),
        }
    }
    if let Some(span) = table.span().filter(|_| !table.is_implicit()) {
        out.push(Header {
            start: span.start,
            content_end: end.max(span.end),
            owner,
            list,
        });
    }
}

/// Something wrong (or suspicious) in the file, at a byte range of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// An error, which makes the file unusable; else a warning.
    pub error: bool,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl Problem {
    fn error(span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        Problem {
            error: true,
            span,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.error
    }
}

/// Where the key `key` of `table` and its value end (for a dotted key, its last value; a
/// table with a header of its own inside a dotted one, such as `[ui.colors]` after
/// `ui.color = …`, is not part of it).
fn content_end(table: &Table, key: &str) -> usize {
    let key_end = table.key(key).and_then(|k| k.span()).map_or(0, |s| s.end);
    let value_end = match table.get(key) {
        Some(Item::Table(t)) => t
            .iter()
            .filter(|(_, item)| !headed(item))
            .map(|(k, _)| content_end(t, k))
            .max()
            .unwrap_or(0),
        Some(item) => item.span().map_or(0, |s| s.end),
        None => 0,
    };
    key_end.max(value_end)
}

/// Whether `item` is written under a header of its own (`[a.b]` or `[[a.b]]`).
fn headed(item: &Item) -> bool {
    match item {
        Item::ArrayOfTables(_) => true,
        Item::Table(t) => !t.is_dotted(),
        _ => false,
    }
}

/// Records the headers of the tables written with headers of their own inside the dotted
/// table `table` (which has none).
fn headed_within(
    table: &Table,
    owner: Option<usize>,
    list: Option<ListKey>,
    out: &mut Vec<Header>,
) {
    for (_, item) in table.iter() {
        match item {
            Item::ArrayOfTables(tables) => {
                for t in tables.iter() {
                    header(t, owner, false, list, out);
                }
            }
            Item::Table(t) if t.is_dotted() => headed_within(t, owner, list, out),
            Item::Table(t) => header(t, owner, false, list, out),
            _ => {}
        }
    }
}

/// Where the text that belongs to the table `segment` starts: the comment lines directly above
/// its header (no blank line between) and the blank lines above those, up to a comment or the
/// content before. A comment after a blank line (a section heading) is not the table's, nor is
/// the comment that opens the file. This is what goes when the table is removed.
pub fn attached_start(text: &str, segment: &Segment) -> usize {
    let gap = &text[segment.gap..segment.start];
    let mut start = segment.start;
    let mut attached = true;
    for line in gap.split_inclusive('\n').rev() {
        let blank = line.trim().is_empty();
        if blank {
            attached = false;
        } else if !attached {
            break;
        }
        start -= line.len();
    }
    let opens_file = segment.gap == 0 && !text[..segment.start].trim().is_empty();
    if start == 0 && opens_file {
        // The file's first comment block is its head.
        let head = gap
            .split_inclusive('\n')
            .take_while(|l| !l.trim().is_empty())
            .map(str::len)
            .sum::<usize>();
        return head.min(segment.start);
    }
    start
}

/// The start of the line holding `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Just past the end of the line holding `at` (its line break included); the text's end for
/// its last line.
fn line_end(text: &str, at: usize) -> usize {
    if at == 0 {
        return 0;
    }
    // `at` is an end: the line holding the byte before it.
    text[at - 1..]
        .find('\n')
        .map_or(text.len(), |i| at - 1 + i + 1)
}

/// The typed shows of a document, in file order, and what is wrong with it.
pub fn decode(root: &Table) -> (Vec<Show>, Vec<Problem>) {
    let mut problems = Vec::new();
    if let Some(item) = root.get("version") {
        match item.as_integer() {
            Some(VERSION) => {}
            Some(v) if v > VERSION => problems.push(Problem::error(
                item.span(),
                format!(
                    "this watchlist is version {v}, made by a newer airdate; this one reads \
                     version {VERSION}: upgrade airdate to use it"
                ),
            )),
            _ => problems.push(Problem::error(
                item.span(),
                format!("`version` must be {VERSION}"),
            )),
        }
    }
    unknown_keys(root, &ROOT_KEYS, "", &mut problems);

    let mut shows: Vec<Show> = Vec::new();
    match root.get("show") {
        None => {}
        Some(Item::ArrayOfTables(tables)) => {
            // The first title of each key, also of shows with other problems.
            let mut seen: HashMap<String, String> = HashMap::new();
            let mut links = Links::default();
            for table in tables.iter() {
                let (show, title_span) = decode_show(table, &mut problems);
                let title = match &show {
                    Ok(show) => Some(show.title.clone()),
                    Err(title) => title.clone(),
                };
                if let Some(title) = title.filter(|t| is_visible(t)) {
                    let key = title_key(&title);
                    if let Some(first) = seen.get(&key) {
                        problems.push(Problem::error(
                            title_span,
                            format!(
                                "duplicate title \"{title}\": \"{first}\" is already in the \
                                 watchlist (titles are unique in any letter case)"
                            ),
                        ));
                    }
                    seen.entry(key).or_insert(title);
                }
                let Ok(show) = show else {
                    continue;
                };
                // One id, one show: a second is kept (an older airdate wrote such files), and
                // said, since `refresh` would fetch the show for each.
                if let Some(taken) = links.taken(show.tvmaze, show.imdb.as_deref(), None) {
                    problems.push(Problem {
                        error: false,
                        span: table
                            .get("tvmaze")
                            .or(table.get("imdb"))
                            .and_then(Item::span),
                        message: format!(
                            "\"{}\" is linked to the same {} as \"{}\"; one id links one show",
                            show.title,
                            taken.what(),
                            shows[taken.owner()].title
                        ),
                    });
                }
                links.insert(shows.len(), show.tvmaze, show.imdb.as_deref());
                shows.push(show);
            }
        }
        Some(item) => problems.push(Problem::error(
            item.span(),
            "`show` must be written as [[show]] tables, one per show",
        )),
    }
    (shows, problems)
}

/// The show of `table`, or its title (when it has one) if it has errors; and where its title is.
fn decode_show(
    table: &Table,
    problems: &mut Vec<Problem>,
) -> (Result<Show, Option<String>>, Option<Range<usize>>) {
    let before = problems.len();
    let mut field = Keys { table, problems };
    let title = field.string("title");
    let title_span = table.get("title").and_then(Item::span);
    let problem = match &title {
        Some(t) if !is_visible(t) => Some((title_span.clone(), "`title` has no visible character")),
        None if !table.contains_key("title") => Some((
            table.span(),
            "this show has no `title`; every [[show]] needs one",
        )),
        _ => None,
    };
    if let Some((span, message)) = problem {
        field.problems.push(Problem::error(span, message));
    }
    let title = title.unwrap_or_default();
    let mut show = Show::new(title);
    show.network = field.string("network");
    show.season = field.positive("season");
    show.status = field.status("status").unwrap_or(Status::Announced);
    show.premiere = field.premiere("premiere").unwrap_or(Premiere::Tba);
    show.premiere_at = field.parsed(
        "premiere_at",
        "a moment such as \"2025-01-17 21:00 America/New_York\"",
    );
    show.hiatus_reason = field.string("hiatus_reason");
    show.creators = field.strings("creators");
    show.cast = field.strings("cast");
    show.tags = field.strings("tags");
    show.notes = field.string("notes");
    show.added = field.date("added");
    show.finale = field.date("finale");
    show.finale_provisional = field.flag("finale_provisional").unwrap_or(false);
    show.episodes = field.positive("episodes");
    show.aired = field.count("aired");
    show.next = field.parsed(
        "next",
        "a day or a moment such as \"2025-02-07 21:00 Europe/Berlin\"",
    );
    show.tvmaze = field.positive("tvmaze");
    show.imdb = field.string("imdb");
    show.tvmaze_updated = field.positive("tvmaze_updated");
    show.pinned = field.strings("pinned");
    no_such_pins(table.get("pinned"), field.problems);
    let spans;
    (show.seasons, spans) = decode_seasons(table.get("seasons"), field.problems);
    misplaced_records(&show, &spans, table, field.problems);
    stray_moment(&show, table, field.problems);
    aired_beyond_order(&show, table, field.problems);
    show.history = decode_history(table.get("history"), field.problems);
    unknown_keys(table, &SHOW_KEYS, "show.", problems);
    let ok = !problems[before..].iter().any(Problem::is_error);
    match ok {
        true => (Ok(show), title_span),
        false => (Err(Some(show.title).filter(|t| !t.is_empty())), title_span),
    }
}

/// A warning for a `premiere_at` that is no moment of the premiere (see [`Show::moment`]: a
/// hand edit changed one and not the other): views leave it out.
fn stray_moment(show: &Show, table: &Table, problems: &mut Vec<Problem>) {
    let Some(at) = show.premiere_at else { return };
    if show.moment().is_some() {
        return;
    }
    problems.push(Problem {
        error: false,
        span: table.get("premiere_at").and_then(Item::span),
        message: format!(
            "`premiere_at` {at} is not on the premiere day ({}); it is left out until one of them \
             is changed to match (`airdate set SHOW --premiere` gives both)",
            show.premiere
        ),
    });
}

/// A warning for more episodes `aired` than `episodes` ordered (a hand edit): `show` would
/// count "12 of 10".
fn aired_beyond_order(show: &Show, table: &Table, problems: &mut Vec<Problem>) {
    let (Some(aired), Some(episodes)) = (show.aired, show.episodes) else {
        return;
    };
    if aired <= episodes {
        return;
    }
    problems.push(Problem {
        error: false,
        span: table.get("aired").and_then(Item::span),
        message: format!(
            "`aired` is {aired}, more than the {episodes} `episodes` ordered; one of them is \
             wrong (`airdate set SHOW --aired N --episodes N` sets both)"
        ),
    });
}

fn decode_history(item: Option<&Item>, problems: &mut Vec<Problem>) -> Vec<HistoryEntry> {
    let mut entries = Vec::new();
    let example = "{ date = \"2024-01-10\", status = \"on-hiatus\" }";
    decode_list(ListKey::History, example, item, problems, |field, span| {
        let date = field.date("date");
        let status = field.status("status");
        let season = field.positive("season");
        let premiere = field.premiere("premiere");
        let note = field.string("note");
        if date.is_none() && !field.table.contains_key("date") {
            field
                .problems
                .push(Problem::error(span, "this history entry has no `date`"));
        }
        if let Some(date) = date {
            entries.push(HistoryEntry {
                date,
                status,
                season,
                premiere,
                note,
            });
        }
    });
    entries
}

/// The show's season records, and where each is in the file (for warnings about one).
fn decode_seasons(
    item: Option<&Item>,
    problems: &mut Vec<Problem>,
) -> (Vec<SeasonRecord>, Vec<Option<Range<usize>>>) {
    let mut records = Vec::new();
    let mut spans = Vec::new();
    let example = "{ number = 2, premiere = \"2025-01-17\", finale = \"2025-03-21\" }";
    decode_list(ListKey::Seasons, example, item, problems, |field, span| {
        let number = field.positive("number");
        let premiere = field.premiere("premiere");
        let finale = field.date("finale");
        let finale_provisional = field.flag("finale_provisional");
        let episodes = field.positive("episodes");
        if number.is_none() && !field.table.contains_key("number") {
            field
                .problems
                .push(Problem::error(span.clone(), "this season has no `number`"));
        }
        if let Some(number) = number {
            spans.push(span);
            records.push(SeasonRecord {
                number,
                premiere: premiere.unwrap_or_default(),
                finale,
                finale_provisional: finale_provisional.unwrap_or(false),
                episodes,
            });
        }
    });
    (records, spans)
}

/// A warning for each season record that is not of an earlier season than the show's, or
/// repeats one before it: views take the show's own keys, or the first record, for it.
/// `spans` are the records' own places in the file, where known.
fn misplaced_records(
    show: &Show,
    spans: &[Option<Range<usize>>],
    table: &Table,
    problems: &mut Vec<Problem>,
) {
    let span = table
        .get("seasons")
        .and_then(Item::span)
        .or_else(|| table.span());
    for (i, record) in show.seasons.iter().enumerate() {
        let span = spans.get(i).cloned().flatten().or_else(|| span.clone());
        let why = if show.season.is_some_and(|season| record.number >= season) {
            "is not of a season before the show's `season`; the show's own keys are that season's"
        } else if show.seasons[..i].iter().any(|r| r.number == record.number) {
            "repeats an earlier record of that season, which is the one used"
        } else {
            continue;
        };
        problems.push(Problem {
            error: false,
            span,
            message: format!(
                "the `[[show.seasons]]` record of season {} {why}",
                record.number
            ),
        });
    }
}

/// Reads each table of the show's list `list` (as `[[show.KEY]]` tables or inline tables in
/// `KEY = [...]`) with `add`, and reports its keys airdate does not know.
fn decode_list(
    list: ListKey,
    example: &str,
    item: Option<&Item>,
    problems: &mut Vec<Problem>,
    mut add: impl FnMut(&mut Keys<'_>, Option<Range<usize>>),
) {
    let key = list.key();
    // `span`: where the entry is (an inline table copied out of its array has lost its own).
    let mut one = |table: &Table, span: Option<Range<usize>>, problems: &mut Vec<Problem>| {
        add(&mut Keys { table, problems }, span);
        unknown_keys(table, list.known(), &format!("{key}."), problems);
    };
    match item {
        None => {}
        Some(Item::ArrayOfTables(tables)) => {
            for table in tables.iter() {
                one(table, table.span(), problems);
            }
        }
        Some(Item::Value(Value::Array(array))) => {
            for value in array.iter() {
                match value {
                    Value::InlineTable(inline) => {
                        one(&inline.clone().into_table(), inline.span(), problems);
                    }
                    other => problems.push(Problem::error(
                        other.span(),
                        format!("each `{key}` entry must be a table such as {example}"),
                    )),
                }
            }
        }
        Some(other) => problems.push(Problem::error(
            other.span(),
            format!("`{key}` must be written as [[show.{key}]] tables"),
        )),
    }
}

/// Typed access to the keys of one table, reporting wrong types and values as problems.
struct Keys<'a> {
    table: &'a Table,
    problems: &'a mut Vec<Problem>,
}

/// What a conversion made of a value: the typed value, or why not (`None`: it is of the wrong
/// type).
type Converted<T> = Result<T, Option<String>>;

impl<'a> Keys<'a> {
    /// The value of `key` as `convert` reads it (which may borrow from the table: `{ self.table }`
    /// copies it out of `self`); a problem when it is a table, or `convert` refuses it.
    fn get<T>(
        &mut self,
        key: &str,
        expected: &str,
        convert: impl Fn(&'a Value) -> Converted<T>,
    ) -> Option<T> {
        let (span, message) = match { self.table }.get(key)? {
            Item::Value(value) => match convert(value) {
                Ok(typed) => return Some(typed),
                Err(Some(message)) => (value.span(), message),
                Err(None) => (value.span(), not_a(key, expected, value)),
            },
            other => (
                other
                    .span()
                    .or_else(|| self.table.key(key).and_then(|k| k.span())),
                format!("`{key}` must be {expected}, not a table"),
            ),
        };
        self.problems.push(Problem::error(span, message));
        None
    }

    fn string(&mut self, key: &str) -> Option<String> {
        self.get(key, "a string", |v| {
            v.as_str().map(str::to_string).ok_or(None)
        })
    }

    /// A list of strings; each item that is not one is a problem of its own.
    fn strings(&mut self, key: &str) -> Vec<String> {
        let expected = "a list of strings such as [\"a\", \"b\"]";
        let array = self.get(key, expected, |v| v.as_array().ok_or(None));
        let mut out = Vec::new();
        for item in array.into_iter().flatten() {
            match item.as_str() {
                Some(s) => out.push(s.to_string()),
                None => self
                    .problems
                    .push(Problem::error(item.span(), not_a(key, expected, item))),
            }
        }
        out
    }

    fn positive(&mut self, key: &str) -> Option<u32> {
        let expected = "a whole number of 1 or more";
        self.get(key, expected, |v| match v.as_integer() {
            Some(n) => u32::try_from(n)
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(|| Some(format!("`{key}` must be {expected}, not {n}"))),
            None => Err(None),
        })
    }

    fn count(&mut self, key: &str) -> Option<u32> {
        let expected = "a whole number of 0 or more";
        self.get(key, expected, |v| match v.as_integer() {
            Some(n) => u32::try_from(n)
                .ok()
                .ok_or_else(|| Some(format!("`{key}` must be {expected}, not {n}"))),
            None => Err(None),
        })
    }

    /// A value written as a string (or a TOML date-time with an offset, read as RFC 3339),
    /// read by its type's own reader.
    fn parsed<T: std::str::FromStr<Err = String>>(
        &mut self,
        key: &str,
        expected: &str,
    ) -> Option<T> {
        self.get(key, expected, |v| match v {
            Value::String(s) => s
                .value()
                .parse()
                .map_err(|e: String| Some(format!("`{key}`: {e}"))),
            // A moment with an offset, or a day (`next = 2025-02-07`, as `premiere` takes
            // one): read as their text would be.
            Value::Datetime(dt) if dt.value().offset.is_some() || dt.value().time.is_none() => dt
                .value()
                .to_string()
                .parse()
                .map_err(|e: String| Some(format!("`{key}`: {e}"))),
            // A wall-clock time without an offset or zone names no moment: say so, not "the
            // date".
            Value::Datetime(dt) => Err(Some(format!(
                "`{key}`: {} has no time zone; write it as a moment such as \
                 \"2025-01-17 21:00 America/New_York\"",
                dt.value()
            ))),
            _ => Err(None),
        })
    }

    fn flag(&mut self, key: &str) -> Option<bool> {
        self.get(key, "true or false", |v| v.as_bool().ok_or(None))
    }

    fn status(&mut self, key: &str) -> Option<Status> {
        self.get(key, "a string", |v| match v.as_str() {
            Some(s) => s.parse().map_err(Some),
            None => Err(None),
        })
    }

    fn premiere(&mut self, key: &str) -> Option<Premiere> {
        let expected = "a date string such as \"2025-01-17\", \"Q1 2025\" or \"TBA\"";
        self.get(key, expected, |v| match v {
            Value::String(s) => s
                .value()
                .parse()
                .map_err(|e: PremiereError| Some(e.to_string())),
            Value::Datetime(dt) => toml_day(dt.value()).map(Premiere::Day).map_err(Some),
            _ => Err(None),
        })
    }

    fn date(&mut self, key: &str) -> Option<NaiveDate> {
        self.get(key, "a date such as \"2024-01-10\"", |v| match v {
            Value::String(s) => premiere::parse_day(s.value()).map_err(Some),
            Value::Datetime(dt) => toml_day(dt.value()).map_err(Some),
            _ => Err(None),
        })
    }
}

/// "`key` must be EXPECTED, not …" for a value of the wrong type.
fn not_a(key: &str, expected: &str, value: &Value) -> String {
    format!("`{key}` must be {expected}, not {}", describe(value))
}

/// A TOML date (`2025-01-17`, no time) as a day.
fn toml_day(value: &toml_edit::Datetime) -> Result<NaiveDate, String> {
    match (value.date, value.time, value.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                .ok_or_else(|| format!("invalid date {value}"))
        }
        _ => Err(format!("expected a day without a time, not {value}")),
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the string \"{}\"", s.value()),
        Value::Integer(i) => format!("the number {}", i.value()),
        Value::Float(f) => format!("the number {}", f.value()),
        Value::Boolean(b) => format!("{}", b.value()),
        Value::Datetime(d) => format!("the date {}", d.value()),
        Value::Array(_) => "a list".to_string(),
        Value::InlineTable(_) => "a table".to_string(),
    }
}

/// A warning for each name in `pinned` that is no field that can be pinned (a typo pins nothing,
/// and is kept as it is), at that name.
fn no_such_pins(pinned: Option<&Item>, problems: &mut Vec<Problem>) {
    let names = pinned.and_then(Item::as_array).into_iter().flatten();
    for (name, span) in names.filter_map(|v| Some((v.as_str()?, v.span()))) {
        if name.parse::<Pin>().is_ok() {
            continue;
        }
        let hint = match Pin::closest(name) {
            Some(pin) => format!("did you mean `{pin}`?"),
            None => format!("those are {}", Pin::names()),
        };
        problems.push(Problem {
            error: false,
            span,
            message: format!(
                "`pinned` names `{name}`, which is no field that can be pinned ({hint}); it does \
                 nothing"
            ),
        });
    }
}

fn unknown_keys(table: &Table, known: &[&str], prefix: &str, problems: &mut Vec<Problem>) {
    for (key, _) in table.iter() {
        if known.contains(&key) {
            continue;
        }
        if let Some(near) = suggest::closest(key, known.iter().copied()).first() {
            problems.push(Problem {
                error: false,
                span: table.key(key).and_then(|k| k.span()),
                message: format!(
                    "unknown key `{prefix}{key}` (did you mean `{near}`?); it is kept as it is"
                ),
            });
        }
    }
}
