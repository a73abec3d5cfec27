//! The quickest way to read a watchlist: a reader made for the TOML that watchlists are
//! written in — comments, `version`, `[[show]]` and `[[show.history]]` tables, keys with
//! string, integer, boolean and array values, and dates — that reads it in one pass over the
//! bytes.
//!
//! It is a shortcut for the first read after the file changed, and it answers `None` at the
//! first thing it does not handle or doubts (a quoted key, a float, another table, a date with
//! a time, a key written twice, a control character); the caller then reads the file with
//! `toml` and serde, and if need be the strict way, which explains every problem. So this
//! path only makes valid files quicker to read, and never changes what a file means.

use std::collections::HashSet;

use super::decode::VERSION;
use super::fast::{self, DateText, RawEntry, RawShow};
use super::layout::{Layout, Segment};
use crate::model::{Show, title_key};

/// Reads `text`, handing each show to `each` in file order, and answers the file's layout;
/// `None` when the reader is not sure of the file, in which case the shows `each` was given
/// must be forgotten.
pub fn read(text: &str, mut each: impl FnMut(Show)) -> Option<Layout> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        text,
        at: 0,
    };
    if reader.bytes.starts_with(b"\xEF\xBB\xBF") {
        return None;
    }
    let mut version: Option<i64> = None;
    let mut root_keys: Vec<&str> = Vec::new();
    // Titles are told apart by a hash of their key, which takes little memory; two titles
    // with the same hash send the file to serde, which compares them properly.
    let mut titles = HashSet::new();
    let mut show: Option<RawShow> = None;
    let mut finish = |show: Option<RawShow>| -> Option<()> {
        if let Some(raw) = show {
            let show = fast::convert(raw)?;
            if !titles.insert(xxhash_rust::xxh3::xxh3_64(
                title_key(&show.title).as_bytes(),
            )) {
                return None;
            }
            each(show);
        }
        Some(())
    };
    // Where keys go: the root table, the current show, or its last history entry.
    let mut table = Table::Root;
    let mut seen = Seen::default();
    // As `layout::scan` has it: where the blank and comment lines before a header begin, and
    // each show's prefix and header; a show ends where the next one's prefix begins.
    let mut block: Option<usize> = None;
    let mut headers: Vec<(usize, usize)> = Vec::new();
    loop {
        let line = reader.at;
        reader.blanks();
        let Some(byte) = reader.peek() else {
            if reader.at > line {
                block.get_or_insert(line);
            }
            break;
        };
        match byte {
            b'\n' | b'\r' | b'#' => {
                block.get_or_insert(line);
                reader.end_of_line()?;
            }
            b'[' => {
                let rest = &reader.bytes[reader.at..];
                if rest.starts_with(b"[[show]]") {
                    reader.at += 8;
                    if version.is_some_and(|v| v != VERSION) {
                        return None;
                    }
                    finish(show.replace(RawShow::default()))?;
                    headers.push((block.take().unwrap_or(line), line));
                    table = Table::Show;
                } else if rest.starts_with(b"[[show.history]]") {
                    reader.at += 16;
                    show.as_mut()?.history.push(RawEntry::default());
                    block = None;
                    table = Table::Entry;
                } else {
                    return None;
                }
                seen = Seen::default();
                reader.end_of_line()?;
            }
            _ => {
                block = None;
                let key = reader.key()?;
                match table {
                    Table::Root => match key {
                        "version" => set(&mut version, reader.integer()?)?,
                        "show" => return None,
                        _ => {
                            if root_keys.contains(&key) {
                                return None;
                            }
                            root_keys.push(key);
                            reader.skip_value()?;
                        }
                    },
                    Table::Show => reader.show_value(show.as_mut()?, key, &mut seen)?,
                    Table::Entry => {
                        let entry = show.as_mut()?.history.last_mut()?;
                        reader.entry_value(entry, key, &mut seen)?;
                    }
                }
                reader.end_of_line()?;
            }
        }
    }
    if version.is_some_and(|v| v != VERSION) {
        return None;
    }
    finish(show)?;
    let tail = block.unwrap_or(text.len());
    let ends = headers.iter().skip(1).map(|h| h.0).chain([tail]);
    let shows = headers
        .iter()
        .zip(ends)
        .map(|(&(prefix, header), end)| Segment {
            prefix,
            header,
            end,
        })
        .collect();
    Some(Layout { shows, tail })
}

enum Table {
    Root,
    Show,
    Entry,
}

/// Keys of the current table that `None` cannot tell apart from absent ones: the arrays and
/// any keys airdate does not know.
#[derive(Default)]
struct Seen<'a> {
    creators: bool,
    cast: bool,
    tags: bool,
    others: Vec<&'a str>,
}

/// Stores a key's value, or fails when the key was already given.
fn set<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

fn set_once(flag: &mut bool) -> Option<()> {
    if *flag {
        return None;
    }
    *flag = true;
    Some(())
}

struct Reader<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
}

/// Characters no TOML comment or string may hold: controls other than tab.
const fn is_control(byte: u8) -> bool {
    (byte < 0x20 && byte != b'\t') || byte == 0x7f
}

/// The bytes a string's text stops at: its own `stops` and the control characters.
const fn special(stops: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = is_control(byte as u8);
        byte += 1;
    }
    let mut i = 0;
    while i < stops.len() {
        table[stops[i] as usize] = true;
        i += 1;
    }
    table
}

const BASIC: [bool; 256] = special(b"\"\\");
const LITERAL: [bool; 256] = special(b"'");

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Skips spaces and tabs.
    fn blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.at += 1;
        }
    }

    /// A line break: `\n` or `\r\n`.
    fn newline(&mut self) -> Option<()> {
        match self.peek()? {
            b'\n' => self.at += 1,
            b'\r' if self.bytes.get(self.at + 1) == Some(&b'\n') => self.at += 2,
            _ => return None,
        }
        Some(())
    }

    /// A comment, up to its line break.
    fn comment(&mut self) -> Option<()> {
        self.at += 1;
        while let Some(byte) = self.peek() {
            if byte == b'\n' || byte == b'\r' {
                return Some(());
            }
            if is_control(byte) {
                return None;
            }
            self.at += 1;
        }
        Some(())
    }

    /// What may follow a value or header: blanks, a comment, and the line's end.
    fn end_of_line(&mut self) -> Option<()> {
        self.blanks();
        match self.peek() {
            None => Some(()),
            Some(b'#') => {
                self.comment()?;
                match self.peek() {
                    None => Some(()),
                    Some(_) => self.newline(),
                }
            }
            Some(b'\n' | b'\r') => self.newline(),
            Some(_) => None,
        }
    }

    /// A bare key and its `=`.
    fn key(&mut self) -> Option<&'a str> {
        let start = self.at;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
        ) {
            self.at += 1;
        }
        if self.at == start {
            return None;
        }
        let key = &self.text[start..self.at];
        self.blanks();
        if self.peek()? != b'=' {
            return None;
        }
        self.at += 1;
        self.blanks();
        Some(key)
    }

    fn show_value(&mut self, show: &mut RawShow, key: &'a str, seen: &mut Seen<'a>) -> Option<()> {
        match key {
            "title" => set(&mut show.title, self.string()?),
            "network" => set(&mut show.network, self.string()?),
            "season" => set(&mut show.season, self.integer()?),
            "status" => set(&mut show.status, self.string()?),
            "premiere" => set(&mut show.premiere, self.date()?),
            "hiatus_reason" => set(&mut show.hiatus_reason, self.string()?),
            "creators" => self.list(&mut seen.creators, &mut show.creators),
            "cast" => self.list(&mut seen.cast, &mut show.cast),
            "tags" => self.list(&mut seen.tags, &mut show.tags),
            "notes" => set(&mut show.notes, self.string()?),
            "added" => set(&mut show.added, self.date()?),
            "history" => None,
            _ => self.other(key, seen),
        }
    }

    /// An array of strings into `list`, unless `seen` says it was given already.
    fn list(&mut self, seen: &mut bool, list: &mut Vec<String>) -> Option<()> {
        set_once(seen)?;
        *list = self.strings()?;
        Some(())
    }

    fn entry_value(
        &mut self,
        entry: &mut RawEntry,
        key: &'a str,
        seen: &mut Seen<'a>,
    ) -> Option<()> {
        match key {
            "date" => set(&mut entry.date, self.date()?),
            "status" => set(&mut entry.status, self.string()?),
            "season" => set(&mut entry.season, self.integer()?),
            "premiere" => set(&mut entry.premiere, self.date()?),
            "note" => set(&mut entry.note, self.string()?),
            _ => self.other(key, seen),
        }
    }

    /// A date: a string, or a TOML local date (`2025-03-04`), which reads as its text. A date
    /// with a time is left to serde.
    fn date(&mut self) -> Option<DateText> {
        let rest = &self.bytes[self.at..];
        let shaped = rest.len() >= 10
            && rest[..10].iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shaped {
            return self.string().map(DateText::Text);
        }
        if !matches!(
            rest.get(10),
            None | Some(b' ' | b'\t' | b'\r' | b'\n' | b'#')
        ) {
            return None;
        }
        self.at += 10;
        Some(DateText::Text(self.text[self.at - 10..self.at].to_string()))
    }

    /// A key airdate does not read: its value is checked and skipped.
    fn other(&mut self, key: &'a str, seen: &mut Seen<'a>) -> Option<()> {
        if seen.others.contains(&key) {
            return None;
        }
        seen.others.push(key);
        self.skip_value()
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' | b'\'' => self.string().map(drop),
            b'[' => self.array(|reader| reader.skip_value()),
            b't' if self.bytes[self.at..].starts_with(b"true") => {
                self.at += 4;
                Some(())
            }
            b'f' if self.bytes[self.at..].starts_with(b"false") => {
                self.at += 5;
                Some(())
            }
            _ => self.integer().map(drop),
        }
    }

    /// A decimal integer: digits with an optional `+`, single underscores between digits, and
    /// no leading zero. Anything else, negative numbers included, is left to serde.
    fn integer(&mut self) -> Option<i64> {
        if self.peek()? == b'+' {
            self.at += 1;
        }
        let start = self.at;
        let mut value: i64 = 0;
        let mut digit_before = false;
        while let Some(byte) = self.peek() {
            match byte {
                b'0'..=b'9' => {
                    value = value.checked_mul(10)?.checked_add(i64::from(byte - b'0'))?;
                    digit_before = true;
                }
                b'_' if digit_before => digit_before = false,
                _ => break,
            }
            self.at += 1;
        }
        let digits = &self.bytes[start..self.at];
        if !digit_before || (digits[0] == b'0' && digits.len() > 1) {
            return None;
        }
        // A number must end where a value ends; `1.5`, `1e3` or `2024-01-01` are not ours.
        match self.peek() {
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'#' | b',' | b']') => Some(value),
            Some(_) => None,
        }
    }

    /// An array, each item read by `item`; blank lines, comments and a trailing comma allowed.
    fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.at += 1;
        loop {
            self.gaps()?;
            if self.peek()? == b']' {
                self.at += 1;
                return Some(());
            }
            item(self)?;
            self.gaps()?;
            match self.peek()? {
                b',' => self.at += 1,
                b']' => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Blanks, line breaks and comments, as arrays allow between their items.
    fn gaps(&mut self) -> Option<()> {
        loop {
            self.blanks();
            match self.peek()? {
                b'\n' | b'\r' => self.newline()?,
                b'#' => self.comment()?,
                _ => return Some(()),
            }
        }
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        if self.peek()? != b'[' {
            return None;
        }
        let mut items = Vec::new();
        self.array(|reader| {
            items.push(reader.string()?);
            Some(())
        })?;
        Some(items)
    }

    /// A string in any of TOML's four forms.
    fn string(&mut self) -> Option<String> {
        let rest = &self.bytes[self.at..];
        if rest.starts_with(b"\"\"\"") {
            self.at += 3;
            self.multi_line_basic()
        } else if rest.starts_with(b"'''") {
            self.at += 3;
            self.multi_line_literal()
        } else if rest.starts_with(b"\"") {
            self.at += 1;
            self.basic()
        } else if rest.starts_with(b"'") {
            self.at += 1;
            self.literal()
        } else {
            None
        }
    }

    /// The text up to the next byte of `stops`, which must come; line breaks may be part of
    /// it when `lines`, other control characters never. `special` marks the stops and the
    /// control characters, so that plain text is passed over quickly.
    fn run(&mut self, special: &[bool; 256], stops: &[u8], lines: bool) -> Option<&'a str> {
        let start = self.at;
        loop {
            let skip = self.bytes[self.at..]
                .iter()
                .position(|b| special[usize::from(*b)])?;
            self.at += skip;
            match self.bytes[self.at] {
                byte if stops.contains(&byte) => return Some(&self.text[start..self.at]),
                b'\n' if lines => self.at += 1,
                b'\r' if lines && self.bytes.get(self.at + 1) == Some(&b'\n') => self.at += 2,
                _ => return None,
            }
        }
    }

    fn literal(&mut self) -> Option<String> {
        let value = self.run(&LITERAL, b"'", false)?.to_string();
        self.at += 1;
        Some(value)
    }

    fn basic(&mut self) -> Option<String> {
        let mut value = self.run(&BASIC, b"\"\\", false)?.to_string();
        while self.peek()? == b'\\' {
            self.escape(&mut value)?;
            value.push_str(self.run(&BASIC, b"\"\\", false)?);
        }
        self.at += 1;
        Some(value)
    }

    /// The escape at a backslash, appended to `value`.
    fn escape(&mut self, value: &mut String) -> Option<()> {
        self.at += 1;
        let byte = self.peek()?;
        self.at += 1;
        let c = match byte {
            b'b' => '\u{8}',
            b't' => '\t',
            b'n' => '\n',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'"' => '"',
            b'\\' => '\\',
            b'u' => self.unicode(4)?,
            b'U' => self.unicode(8)?,
            _ => return None,
        };
        value.push(c);
        Some(())
    }

    fn unicode(&mut self, digits: usize) -> Option<char> {
        let hex = self.bytes.get(self.at..self.at + digits)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let code = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
        self.at += digits;
        char::from_u32(code)
    }

    /// After `"""`: a newline right after the delimiter is dropped, a backslash at a line's
    /// end joins it to the next non-blank character, and up to two quotes may end the text.
    fn multi_line_basic(&mut self) -> Option<String> {
        self.opening_newline();
        let mut value = String::new();
        loop {
            value.push_str(self.run(&BASIC, b"\"\\", true)?);
            if self.peek()? == b'"' {
                if self.closing(b'"', &mut value)? {
                    return Some(value);
                }
                continue;
            }
            // A backslash: a line-ending one, or an escape.
            let mut after = self.at + 1;
            while matches!(self.bytes.get(after), Some(b' ' | b'\t')) {
                after += 1;
            }
            if matches!(self.bytes.get(after), Some(b'\n' | b'\r')) {
                self.at = after;
                loop {
                    match self.peek()? {
                        b' ' | b'\t' => self.at += 1,
                        b'\n' | b'\r' => self.newline()?,
                        _ => break,
                    }
                }
            } else {
                self.escape(&mut value)?;
            }
        }
    }

    fn multi_line_literal(&mut self) -> Option<String> {
        self.opening_newline();
        let mut value = String::new();
        loop {
            value.push_str(self.run(&LITERAL, b"'", true)?);
            if self.closing(b'\'', &mut value)? {
                return Some(value);
            }
        }
    }

    fn opening_newline(&mut self) {
        if self.peek() == Some(b'\n') {
            self.at += 1;
        } else if self.bytes[self.at..].starts_with(b"\r\n") {
            self.at += 2;
        }
    }

    /// At a quote in a multi-line string: `true` past the closing delimiter (up to two quotes
    /// before it belong to the text), `false` past quotes that are text; either way the text's
    /// quotes are added to `value`. More than five quotes in a row are not valid.
    fn closing(&mut self, quote: u8, value: &mut String) -> Option<bool> {
        let run = self.bytes[self.at..]
            .iter()
            .take_while(|b| **b == quote)
            .count();
        if run > 5 {
            return None;
        }
        let text = if run >= 3 { run - 3 } else { run };
        value.extend(std::iter::repeat_n(quote as char, text));
        self.at += run;
        Some(run >= 3)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shows(text: &str) -> Option<Vec<Show>> {
        let mut shows = Vec::new();
        read(text, |show| shows.push(show)).map(|_| shows)
    }

    /// Both readers agree, and the quick one is sure; the layouts agree too.
    fn same(text: &str) -> Vec<Show> {
        let quick = shows(text).expect("the quick reader reads it");
        let plain = fast::read(text).expect("serde reads it");
        assert_eq!(quick, plain);
        assert_eq!(read(text, drop), super::super::layout::scan(text));
        quick
    }

    #[test]
    fn reads_what_serde_reads() {
        let shows = same(
            "# mine\r\nversion = 1\nowner = \"me\" # unknown, kept\n\n[[show]]\n\
             title = \"Sev\\u00e9rance \\\"S\\\"\"\nnetwork = 'Apple TV+'\nseason = +2\n\
             status = \"on-hiatus\"  # why\nhiatus_reason = \"\"\"\nWGA \\\n   strike\"\"\"\n\
             premiere = \"2025-Q1\"\ncast = [\n  \"Adam Scott\", # lead\n  'Britt Lower',\n]\n\
             tags=[]\nnotes = '''\nline one\nit's \"quoted\"'''\nrating = [1, [true, false], \"x\"]\n\
             added = \"2024-01-02\"\n\n[[show.history]]\ndate = 2024-01-02 # a TOML date\nnote = \"added\"\n\
             extra = 1_000\n\n[[show]]\ntitle = \"The Bear\"\n",
        );
        assert_eq!(shows.len(), 2);
        assert_eq!(shows[0].title, "Sevérance \"S\"");
        assert_eq!(shows[0].hiatus_reason.as_deref(), Some("WGA strike"));
        assert_eq!(shows[0].notes.as_deref(), Some("line one\nit's \"quoted\""));
    }

    #[test]
    fn reads_the_example_watchlist() {
        let text = include_str!("../../examples/watchlist.toml");
        assert_eq!(same(text).len(), 17);
    }

    /// Strings as airdate writes them (through `toml_edit`) are read the quick way.
    #[test]
    fn reads_strings_as_airdate_writes_them() {
        let texts = [
            "plain",
            "it's",
            "say \"hi\"",
            "both ' and \"",
            "line\nbreak",
            "tab\tand \\ backslash",
            "control \u{1}",
            "''' and \"\"\" and more",
            "Shōgun 進撃 🎬",
        ];
        let mut shows = toml_edit::ArrayOfTables::new();
        for (n, text) in texts.iter().enumerate() {
            let mut show = toml_edit::Table::new();
            show.insert("title", toml_edit::value(format!("{n}: {text}")));
            show.insert("notes", toml_edit::value(*text));
            shows.push(show);
        }
        let mut doc = toml_edit::DocumentMut::new();
        doc.insert("show", toml_edit::Item::ArrayOfTables(shows));
        let read = same(&doc.to_string());
        let notes: Vec<&str> = read.iter().filter_map(|s| s.notes.as_deref()).collect();
        assert_eq!(notes, texts);
    }

    #[test]
    fn quotes_closing_multi_line_strings() {
        same("[[show]]\ntitle = \"\"\"A \"\"B\"\"\"\"\"\nnotes = '''x''''\n");
        same("[[show]]\ntitle = \"A\"\nnotes = \"\"\"\\\n\n  \\\n  x\\t\"\"\"\n");
    }

    #[test]
    fn doubts_are_left_to_serde() {
        for text in [
            "\u{feff}version = 1\n",
            "version = 1\nversion = 1\n",
            "version = 1.0\n",
            "show = []\n",
            "[settings]\n",
            "[[show]]\ntitle = \"A\"\ntitle = \"B\"\n",
            "[[show]]\ntitle = \"A\"\ncast = []\ncast = []\n",
            "[[show]]\ntitle = \"A\"\nx = 1\nx = 2\n",
            "[[show]]\n\"title\" = \"A\"\n",
            "[[show]]\ntitle.x = \"A\"\n",
            "[[show]]\ntitle = \"A\"\nadded = 2024-01-01T10:00:00\n",
            "[[show]]\ntitle = \"A\"\nadded = 2024-01-01 10:00:00\n",
            "[[show]]\ntitle = \"A\"\nadded = 2024-02-30\n",
            "[[show]]\ntitle = \"A\"\nseason = 02\n",
            "[[show]]\ntitle = \"A\"\nseason = 1__0\n",
            "[[show]]\ntitle = \"A\"\nseason = -1\n",
            "[[show]]\ntitle = \"A\"\nx = inf\n",
            "[[show]]\ntitle = \"A\\e\"\n",
            "[[show]]\ntitle = \"A\tB\u{1}\"\n",
            "[[show]]\ntitle = \"A\" # \u{7f}\n",
            "[[show]]\ntitle = \"A\" x\n",
            "[[show]]\ntitle = \"A\"\r\r\n",
            "[[show]]\ntitle = \"A\"\ncast = [\"a\" \"b\"]\n",
            "[[show]]\ntitle = \"A\"\ncast = [1]\n",
            "[[show]]\ntitle = \"A\"\nhistory = []\n",
            "[[show.history]]\ndate = \"2024-01-01\"\n",
            "[[show]]\ntitle = \"A\"\n[[show]]\ntitle = \"a\"\n",
            "[[show]]\ntitle = \"A\"\nnotes = \"\"\"x\"\"\"\"\"\"\n",
            "[[ show ]]\ntitle = \"A\"\n",
        ] {
            assert_eq!(shows(text), None, "{text:?}");
        }
    }

    use proptest::prelude::*;

    /// Text that strings are made of: quotes, backslashes, line breaks, tabs, controls and
    /// letters beyond ASCII among plain words.
    fn words() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                4 => "[a-zA-Z0-9 ]{0,6}",
                1 => Just("\"".to_string()),
                1 => Just("'".to_string()),
                1 => Just("\\".to_string()),
                1 => Just("\n".to_string()),
                1 => Just("\t".to_string()),
                1 => Just("\u{1}".to_string()),
                1 => Just("é漢🎬".to_string()),
                1 => Just("\"\"\"".to_string()),
                1 => Just("'''".to_string()),
            ],
            0..5,
        )
        .prop_map(|parts| parts.concat())
    }

    /// `text` as a TOML string in one of its forms, chosen by `form` where it can hold it.
    fn quoted(text: &str, form: u8) -> String {
        let plain = !text.contains(['\'', '\n', '\u{1}']);
        match form % 4 {
            1 if plain => format!("'{text}'"),
            2 if !text.contains("''") && !text.ends_with('\'') && !text.contains('\u{1}') => {
                format!("'''\n{text}'''")
            }
            3 => {
                let mut out = String::from("\"\"\"\\\n   ");
                for c in text.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\u{1}' => out.push_str("\\u0001"),
                        '\t' => out.push_str("\\t"),
                        c => out.push(c),
                    }
                }
                out.push_str("\"\"\"");
                out
            }
            _ => {
                let mut out = String::from("\"");
                for c in text.chars() {
                    match c {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        '\u{1}' => out.push_str("\\U00000001"),
                        c => out.push(c),
                    }
                }
                out.push('"');
                out
            }
        }
    }

    type Entry = (u8, String, u8);
    type Raw = (
        String,
        u8,
        String,
        u8,
        u8,
        i64,
        Vec<(String, u8)>,
        bool,
        Vec<Entry>,
    );

    fn raw_show() -> impl Strategy<Value = Raw> {
        (
            words(),
            any::<u8>(),
            words(),
            any::<u8>(),
            0..4u8,
            1..20i64,
            proptest::collection::vec((words(), any::<u8>()), 0..3),
            any::<bool>(),
            proptest::collection::vec((0..5u8, words(), any::<u8>()), 0..3),
        )
    }

    /// A watchlist written by hand: every string form, comments, blank lines, CRLF, arrays
    /// over several lines, unknown keys.
    fn document() -> impl Strategy<Value = String> {
        (proptest::collection::vec(raw_show(), 0..6), any::<bool>()).prop_map(|(shows, crlf)| {
            let mut out = String::from("# comment\nversion = 1\nowner = 'me'\n");
            for (n, show) in shows.into_iter().enumerate() {
                let (title, tf, notes, nf, status, season, cast, flag, history) = show;
                out.push_str(if flag { "\n# about the show\n" } else { "\n" });
                out.push_str("[[show]] # a show\n");
                out.push_str(&format!(
                    "title = {}\n",
                    quoted(&format!("{n} {title}"), tf)
                ));
                out.push_str(&format!("notes = {}  # notes\n", quoted(&notes, nf)));
                let status = ["announced", "on-hiatus", "airing", "ended"][status as usize];
                out.push_str(&format!("status = \"{status}\"\nseason = {season}\n"));
                out.push_str("premiere = '2025-Q1'\n");
                if flag {
                    out.push_str("cast = [\n  # the cast\n");
                    for (name, form) in &cast {
                        out.push_str(&format!("  {},\n", quoted(name, *form)));
                    }
                    out.push_str("]\nrating = [1, true, [\"x\"]]\n");
                } else {
                    let names: Vec<String> = cast.iter().map(|(n, f)| quoted(n, *f)).collect();
                    out.push_str(&format!("cast = [{}]\n", names.join(", ")));
                }
                for (day, note, form) in history {
                    // Dates as strings and as TOML dates.
                    let date = format!("2024-01-{:02}", day + 1);
                    let date = if form % 2 == 0 {
                        format!("\"{date}\"")
                    } else {
                        date
                    };
                    out.push_str(&format!(
                        "\n[[show.history]]\ndate = {date}\nnote = {}\n",
                        quoted(&note, form)
                    ));
                }
            }
            if crlf {
                out = out.replace('\n', "\r\n");
            }
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// What the quick reader reads, serde reads the same; what it is written for, it reads.
        #[test]
        fn agrees_with_serde(text in document()) {
            prop_assert!(fast::read(&text).is_some(), "serde reads {:?}", text);
            let quick = shows(&text);
            prop_assert!(quick.is_some(), "the quick reader reads {:?}", text);
            prop_assert_eq!(quick, fast::read(&text));
            prop_assert_eq!(read(&text, drop), super::super::layout::scan(&text));
        }

        /// Damaged, the text is read the same by both readers, or left to serde.
        #[test]
        fn never_reads_what_serde_would_not(
            text in document(),
            at in any::<prop::sample::Index>(),
            cut in 0..4usize,
            insert in prop_oneof![
                Just(""), Just("\""), Just("'"), Just("\\"), Just("\n"), Just("#"), Just("["),
                Just("]"), Just(","), Just("="), Just("\r"), Just("x"), Just("\u{7f}"),
            ],
        ) {
            let mut damaged = text.clone();
            let mut start = at.index(damaged.len() + 1);
            while !damaged.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (start + cut).min(damaged.len());
            while !damaged.is_char_boundary(end) {
                end += 1;
            }
            damaged.replace_range(start..end, insert);
            if let Some(quick) = shows(&damaged) {
                prop_assert_eq!(Some(quick), fast::read(&damaged), "{:?}", damaged);
                prop_assert_eq!(read(&damaged, drop), super::super::layout::scan(&damaged));
            }
        }
    }
}
