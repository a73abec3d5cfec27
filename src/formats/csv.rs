//! CSV and TSV: one row a show, with the JSON keys as columns (but `history`, which only JSON
//! carries), written as text for spreadsheets, and CSV read back by `import`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, Write};

use crate::model::episode::Sight;

use super::import::{
    Field, ImportError, ImportErrors, Imported, Records, Unknown, all_or_problems, fail, given,
    moment_in_zone, record,
};
use super::json::{DERIVED_KEYS, JsonShow};
use crate::model::{SHOW_KEYS, Show};
use crate::term;

/// The columns of CSV and TSV output: the JSON keys but `history`, which only JSON carries.
/// The premiere's moment comes last (`premiere_at`, RFC 3339 with the user's offset, and the
/// zone it was announced in), so that the columns before it keep their places.
pub const COLUMNS: [&str; 18] = [
    "title",
    "network",
    "season",
    "status",
    "premiere",
    "premiere_start",
    "premiere_end",
    "days_until",
    "slips",
    "hiatus_reason",
    "hiatus_since",
    "creators",
    "cast",
    "tags",
    "notes",
    "added",
    "premiere_at",
    "premiere_zone",
];

/// Lists inside one CSV or TSV field are joined with this.
pub const LIST_SEPARATOR: &str = "; ";

/// The columns that hold numbers (`season`, `days_until`, `slips`): their cells are written as
/// they are, never as text for spreadsheets (see [`as_text`]).
const NUMBER_COLUMNS: [&str; 3] = ["season", "days_until", "slips"];

/// The cells of one show's row, in the order of [`COLUMNS`], each as it is written for a
/// spreadsheet: a number as it is, text as [`as_text`] makes it.
fn cells(show: &Show, sight: &Sight) -> [String; COLUMNS.len()] {
    let r = JsonShow::new(show, sight);
    let text = |s: Option<&str>| s.unwrap_or_default().to_string();
    let shown = |v: Option<String>| v.unwrap_or_default();
    let cells = [
        r.title.to_string(),
        text(r.network),
        r.season.map(|n| n.to_string()).unwrap_or_default(),
        r.status.to_string(),
        r.premiere,
        shown(r.premiere_start),
        shown(r.premiere_end),
        r.days_until.map(|n| n.to_string()).unwrap_or_default(),
        r.slips.to_string(),
        text(r.hiatus_reason),
        shown(r.hiatus_since),
        r.creators.join(LIST_SEPARATOR),
        r.cast.join(LIST_SEPARATOR),
        r.tags.join(LIST_SEPARATOR),
        text(r.notes),
        shown(r.added),
        shown(r.premiere_at),
        text(r.premiere_zone),
    ];
    let mut column = COLUMNS.iter();
    cells.map(|cell| match column.next() {
        Some(name) if NUMBER_COLUMNS.contains(name) => cell,
        _ => as_text(&cell).into_owned(),
    })
}

/// RFC 4180 CSV with a header row and CRLF line ends. Its cells are written as text for
/// spreadsheets (see [`as_text`]); on a terminal, escaped too, their line breaks kept (the
/// quoting carries them).
pub fn write_csv(
    out: &mut dyn Write,
    shows: &[&Show],
    sight: &Sight,
    terminal: bool,
) -> io::Result<()> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    // The underlying I/O error is kept as it is, so that a closed pipe is seen as one.
    let io = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    };
    writer.write_record(COLUMNS).map_err(io)?;
    for show in shows {
        let cells = cells(show, sight).map(|cell| match terminal {
            true => term::clean_lines(&cell),
            false => cell,
        });
        writer.write_record(cells).map_err(io)?;
    }
    writer.flush()
}

/// Characters that make a spreadsheet read a cell as a formula (or, for `'`, that a reader
/// strips): a cell that starts with one gets a `'` in front, so that it is shown as text,
/// unless it is a number (see [`as_text`]). `import` takes the `'` off again.
pub const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// A CSV or TSV text cell a spreadsheet shows as text, never runs: one that starts like a
/// formula gets a `'` in front. Text that is a number, such as a title `-4`, stays as it is: a
/// spreadsheet reads it as the number it is, and nothing in it runs. (The number columns never
/// come here at all.)
fn as_text(cell: &str) -> Cow<'_, str> {
    match cell.starts_with(FORMULA_STARTS) && !is_number(cell) {
        true => Cow::Owned(format!("'{cell}")),
        false => Cow::Borrowed(cell),
    }
}

/// A whole number or a decimal, with a sign or not: `-4`, `+3`, `-1.5`.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// Tab-separated values with a header row; tabs, newlines and backslashes inside a field are
/// written as `\t`, `\n`, `\r` and `\\`. Cells are written as text for spreadsheets like
/// CSV's (see [`as_text`]); on a terminal, what else could change it is escaped too.
pub fn write_tsv(
    out: &mut dyn Write,
    shows: &[&Show],
    sight: &Sight,
    terminal: bool,
) -> io::Result<()> {
    let escape = |field: &str| {
        let field = field
            .replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('\r', "\\r");
        match terminal {
            true => term::clean(&field).into_owned(),
            false => field,
        }
    };
    writeln!(out, "{}", COLUMNS.join("\t"))?;
    for show in shows {
        let escaped: Vec<String> = cells(show, sight).iter().map(|f| escape(f)).collect();
        writeln!(out, "{}", escaped.join("\t"))?;
    }
    Ok(())
}

/// The records of a CSV file with a header row, as `airdate export --format csv` writes (see
/// [`read_all`] for the columns it did not know too).
pub fn read(text: &str) -> Result<Vec<Imported>, ImportErrors> {
    read_all(text).map(|read| read.records)
}

/// The records of a CSV file with a header row, and the columns airdate does not know (each
/// with the first record that has a value in it).
pub fn read_all(text: &str) -> Result<Records, ImportErrors> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    // A column is named in any letter case, with spaces around or not (`Title`, ` network`);
    // one airdate does not know keeps the name it has, for the warning.
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(text, &e))?
        .iter()
        .map(|h| {
            let h = h.trim();
            let known = SHOW_KEYS.iter().chain(&DERIVED_KEYS);
            known
                .copied()
                .find(|key| key.eq_ignore_ascii_case(h))
                .unwrap_or(h)
                .to_string()
        })
        .collect();
    if !header.iter().any(|h| h == "title") {
        return Err(ImportError::new("line 1", "the header row has no `title` column").into());
    }
    let mut unknown = Unknown::default();
    let mut records = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| csv_error(text, &e))?;
        let line = row.position().map_or(0, |p| line_at(text, p));
        let place = format!("record {} on line {line}", i + 1);
        let cells = || {
            header
                .iter()
                .zip(row.iter())
                .filter(|(_, v)| given(&Field::Text(v)))
        };
        for (key, _) in cells() {
            unknown.met(key, &place);
        }
        // The premiere's moment in the zone it was announced in, as the file keeps it.
        let cell = |key: &str| cells().find(|(k, _)| *k == key).map(|(_, v)| v);
        let at = match moment_in_zone(cell("premiere_at"), cell("premiere_zone")) {
            Ok(at) => at,
            Err(message) => {
                records.push(fail(&place, message));
                continue;
            }
        };
        let fields: HashMap<&str, Field> = cells()
            .filter_map(|(k, v)| {
                if let (Some(at), "premiere_at") = (&at, k.as_str()) {
                    return Some(("premiere_at", Field::Text(at)));
                }
                // A cell written as text for spreadsheets (see [`write_csv`]) is read as it was.
                let v = v
                    .strip_prefix('\'')
                    .filter(|rest| rest.starts_with(FORMULA_STARTS))
                    .unwrap_or(v);
                Some((*SHOW_KEYS.iter().find(|key| *key == k)?, Field::Text(v)))
            })
            .collect();
        if fields.contains_key("history") {
            records.push(fail(&place, "CSV cannot carry `history`; use JSON for it"));
            continue;
        }
        records.push(record(&place, fields));
    }
    all_or_problems(records).map(|records| unknown.with(records))
}

/// The line of `text` a record starts on, from its position. The csv crate's own line count is
/// one short after each CRLF (<https://github.com/BurntSushi/rust-csv/issues/395>), and CRLF is
/// what `export` writes; its byte offset is right, but may point at the line break before the
/// record.
fn line_at(text: &str, position: &csv::Position) -> usize {
    let at = usize::try_from(position.byte()).map_or(text.len(), |at| at.min(text.len()));
    let rest = text.as_bytes()[at..].iter();
    let breaks = rest.take_while(|b| matches!(b, b'\r' | b'\n')).count();
    text.as_bytes()[..at + breaks]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn csv_error(text: &str, e: &csv::Error) -> ImportError {
    let place = match e.position() {
        Some(p) => format!("line {}", line_at(text, p)),
        None => "the file".to_string(),
    };
    ImportError {
        place,
        message: format!("not valid CSV: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_named_by_their_line_with_crlf_or_lf_line_ends() {
        for end in ["\n", "\r\n"] {
            let text = ["title,status", "A,announced", "", "B,filmin", "C,"].join(end);
            let ImportErrors(errors) = read(&text).unwrap_err();
            assert_eq!(errors[0].place, "record 2 on line 4 (\"B\")", "{end:?}");
            let ragged = ["title,status", "A,announced", "B,announced,extra"].join(end);
            let ImportErrors(errors) = read(&ragged).unwrap_err();
            assert_eq!(errors[0].place, "line 3", "{end:?}");
        }
    }

    #[test]
    fn cells_that_would_run_are_text_and_numbers_stay_numbers() {
        for (cell, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+2", "'+1+2"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("'quoted", "''quoted"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("-4", "-4"),
            ("+3", "+3"),
            ("-1.5", "-1.5"),
            ("12", "12"),
            ("Severance", "Severance"),
        ] {
            assert_eq!(as_text(cell), written, "{cell}");
        }
    }
}
