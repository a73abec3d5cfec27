//! Where each `[[show]]` table lies in the watchlist's text, so that an edit can rewrite one
//! show's bytes and leave the rest of a large file untouched, without parsing it all.
//!
//! The scan is a small lexer that knows TOML's strings, comments and brackets well enough to
//! find the table headers at the start of lines. It answers `None` for anything it is not
//! sure of (a quoted header key, for instance), and the caller then edits the parsed document
//! instead. Segments follow `toml_edit`'s idea of what belongs to a table: the blank and
//! comment lines just above a header belong to it, and those at the end of the file belong
//! to the file.

/// One show's bytes: `prefix..header` are the blank and comment lines above its header,
/// `header..end` the table itself with its sub-tables (`[[show.history]]`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub prefix: usize,
    pub header: usize,
    pub end: usize,
}

/// The segments of every show, in file order, and where the file's closing blank and comment
/// lines begin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub shows: Vec<Segment>,
    pub tail: usize,
}

impl Layout {
    /// Where a new show goes: after the last one, else before the closing lines.
    pub fn insertion_point(&self) -> usize {
        self.shows.last().map_or(self.tail, |s| s.end)
    }

    /// Records that `start..end` was replaced by `len` bytes.
    pub fn shift(&mut self, start: usize, end: usize, len: usize) {
        let moved = |at: &mut usize| {
            if *at >= end {
                *at = *at - end + start + len;
            }
        };
        for segment in &mut self.shows {
            moved(&mut segment.prefix);
            moved(&mut segment.header);
            moved(&mut segment.end);
        }
        moved(&mut self.tail);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    Show,
    /// A table inside the current show, such as `[[show.history]]`.
    Within,
    Other,
}

/// The layout of `text`, or `None` when the scan is unsure.
pub fn scan(text: &str) -> Option<Layout> {
    let bytes = text.as_bytes();
    let mut headers: Vec<(usize, usize, Header)> = Vec::new();
    let mut block: Option<usize> = None;
    let mut at = 0;
    while at < bytes.len() {
        let line = at;
        let mut i = at;
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\r') {
            i += 1;
        }
        match bytes.get(i) {
            None => {
                block.get_or_insert(line);
                at = i;
            }
            Some(b'\n') => {
                block.get_or_insert(line);
                at = i + 1;
            }
            Some(b'#') => {
                block.get_or_insert(line);
                at = line_end(bytes, i);
            }
            Some(b'[') => {
                let end = line_end(bytes, i);
                let kind = header(&text[i..end])?;
                if kind == Header::Within && !headers.iter().any(|h| h.2 == Header::Show) {
                    return None;
                }
                headers.push((block.take().unwrap_or(line), line, kind));
                at = end;
            }
            Some(_) => {
                block = None;
                at = statement_end(bytes, i)?;
            }
        }
    }
    let tail = block.unwrap_or(bytes.len());
    let mut shows = Vec::new();
    for (n, &(prefix, header, kind)) in headers.iter().enumerate() {
        if kind != Header::Show {
            continue;
        }
        let end = headers[n + 1..]
            .iter()
            .find(|h| h.2 != Header::Within)
            .map_or(tail, |h| h.0);
        shows.push(Segment {
            prefix,
            header,
            end,
        });
    }
    Some(Layout { shows, tail })
}

/// The index just past the end of the line holding `i`.
fn line_end(bytes: &[u8], i: usize) -> usize {
    bytes[i..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |p| i + p + 1)
}

/// What a header line names; `None` for forms the scan does not handle.
fn header(line: &str) -> Option<Header> {
    let line = line.split('#').next()?.trim();
    if line.contains(['"', '\'']) {
        return None;
    }
    let (inner, array) = match line.strip_prefix("[[") {
        Some(rest) => (rest.strip_suffix("]]")?, true),
        None => (line.strip_prefix('[')?.strip_suffix(']')?, false),
    };
    let key: Vec<&str> = inner.split('.').map(str::trim).collect();
    match key.as_slice() {
        ["show"] if array => Some(Header::Show),
        ["show"] => None,
        ["show", ..] => Some(Header::Within),
        _ => Some(Header::Other),
    }
}

/// The index just past the statement (a key and its value) starting at `i`: to the end of its
/// last line, after any strings, arrays and inline tables that span lines.
fn statement_end(bytes: &[u8], mut i: usize) -> Option<usize> {
    let mut depth: usize = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' if depth == 0 => return Some(i + 1),
            b'#' => {
                // To the newline, which ends the statement when no bracket is open.
                match bytes[i..].iter().position(|b| *b == b'\n') {
                    Some(p) => i += p,
                    None => i = bytes.len(),
                }
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => depth = depth.checked_sub(1)?,
            b'"' if bytes[i..].starts_with(b"\"\"\"") => i = closing(bytes, i + 3, b'"', true)? - 1,
            b'\'' if bytes[i..].starts_with(b"'''") => i = closing(bytes, i + 3, b'\'', false)? - 1,
            b'"' => i = string_end(bytes, i + 1, b'"', true)? - 1,
            b'\'' => i = string_end(bytes, i + 1, b'\'', false)? - 1,
            _ => {}
        }
        i += 1;
    }
    (depth == 0).then_some(bytes.len())
}

/// Past the closing quote of a one-line string whose text starts at `i`.
fn string_end(bytes: &[u8], mut i: usize, quote: u8, escapes: bool) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if escapes => i += 1,
            b'\n' => return None,
            b if b == quote => return Some(i + 1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Past the closing delimiter of a multi-line string whose text starts at `i`; up to two more
/// quotes just before the delimiter belong to the string.
fn closing(bytes: &[u8], mut i: usize, quote: u8, escapes: bool) -> Option<usize> {
    while i < bytes.len() {
        if escapes && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote && bytes[i..].starts_with(&[quote; 3]) {
            let mut end = i + 3;
            while end < bytes.len() && bytes[end] == quote && end < i + 5 {
                end += 1;
            }
            return Some(end);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segments(text: &str) -> Vec<&str> {
        let layout = scan(text).expect("a layout");
        layout
            .shows
            .iter()
            .map(|s| &text[s.prefix..s.end])
            .collect()
    }

    #[test]
    fn segments_take_the_comments_above_their_header() {
        let text = "# mine\nversion = 1\n\n# first\n[[show]]\ntitle = \"A\" # [[show]]\n\n\
                    [[show.history]]\ndate = 2024-01-01\n\n[[show]]\ntitle = \"B\"\n\
                    notes = \"\"\"\n[[show]]\n\"\"\"\ncast = [\n  \"x\",\n  # [[show]]\n]\n\n\
                    [settings]\nx = 1\n\n# the end\n";
        assert_eq!(
            segments(text),
            [
                "\n# first\n[[show]]\ntitle = \"A\" # [[show]]\n\n[[show.history]]\ndate = 2024-01-01\n",
                "\n[[show]]\ntitle = \"B\"\nnotes = \"\"\"\n[[show]]\n\"\"\"\ncast = [\n  \"x\",\n  # [[show]]\n]\n",
            ]
        );
        let layout = scan(text).unwrap();
        assert_eq!(&text[layout.tail..], "\n# the end\n");
    }

    #[test]
    fn unsure_forms_give_up() {
        assert_eq!(scan("[[\"show\"]]\ntitle = \"A\"\n"), None);
        assert_eq!(scan("[show]\ntitle = \"A\"\n"), None);
        assert_eq!(scan("title = \"unclosed\n"), None);
        assert_eq!(scan("cast = [\"a\"\n"), None);
    }

    #[test]
    fn strings_with_quotes_and_escapes() {
        let text = "[[show]]\ntitle = \"a \\\" [[show]]\"\nnote = 'it is'\nx = \"\"\"a\"\"\"\"\"\n\n[[show]]\ntitle = \"B\"\n";
        assert_eq!(scan(text).unwrap().shows.len(), 2);
    }
}
