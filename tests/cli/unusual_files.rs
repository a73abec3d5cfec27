//! Valid but unusual watchlists, generated: tables of other kinds between a show and its
//! history, sub-tables between history entries, odd header spelling, CRLF, comments, TOML
//! dates, inline history, no final line break. Every write on them must leave a file that means
//! exactly the intended change, keeps what airdate does not know and keeps the line endings;
//! with the cache warm or off.

use std::fmt::Write as _;
use std::fs;

use airdate::model::premiere::Premiere;
use airdate::model::{HistoryEntry, SHOW_KEYS, Show, Status};
use airdate::store::Store;
use proptest::prelude::*;

/// How one generated show is written.
#[derive(Debug, Clone)]
struct Shape {
    header: &'static str,
    literal_title: bool,
    season: Option<u32>,
    status: Option<&'static str>,
    premiere: Option<&'static str>,
    tags: Option<&'static str>,
    unknown: bool,
    comment_inside: bool,
    history: usize,
    inline_history: bool,
    /// A table of another kind between the show and its history.
    other_before_history: bool,
    /// `[show.links]` after the first history entry.
    links_between: bool,
}

fn shape() -> impl Strategy<Value = Shape> {
    (
        (
            prop::sample::select(vec![
                "[[show]]",
                "[[ show ]]",
                "[[show]]  # a show",
                "  [[show]]",
            ]),
            any::<bool>(),
            prop::option::of(1..9u32),
            prop::option::of(prop::sample::select(vec![
                "filming",
                "on-hiatus",
                "Scheduled",
                "ended",
            ])),
            prop::option::of(prop::sample::select(vec![
                "\"2025\"",
                "\"Q3 2025\"",
                "2025-06-25",
                "\"TBA\"",
            ])),
            prop::option::of(prop::sample::select(vec![
                "[\"drama\"]",
                "[\n  \"a\",\n  \"b\", # why\n]",
                "[]",
            ])),
        ),
        (
            any::<bool>(),
            any::<bool>(),
            0..3usize,
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (header, literal_title, season, status, premiere, tags),
                (
                    unknown,
                    comment_inside,
                    history,
                    inline_history,
                    other_before_history,
                    links_between,
                ),
            )| Shape {
                header,
                literal_title,
                season,
                status,
                premiere,
                tags,
                unknown,
                comment_inside,
                history,
                inline_history,
                other_before_history,
                links_between,
            },
        )
}

/// A watchlist of the shapes, with LF or CRLF line ends and with or without a final break.
fn file(shapes: &[Shape], crlf: bool, final_break: bool, head: bool) -> String {
    let mut out = String::new();
    if head {
        out.push_str("# my shows\nversion = 1\n");
    }
    for (i, s) in shapes.iter().enumerate() {
        let title = if s.literal_title {
            format!("'Show {i}'")
        } else {
            format!("\"Show {i}\"")
        };
        let _ = write!(out, "\n# show {i}\n{}\ntitle = {title}\n", s.header);
        if s.comment_inside {
            out.push_str("# a comment among the keys\n");
        }
        if let Some(season) = s.season {
            let _ = writeln!(out, "season = {season}");
        }
        if let Some(status) = s.status {
            let _ = writeln!(out, "status   =   \"{status}\"   # said so");
        }
        if let Some(premiere) = s.premiere {
            let _ = writeln!(out, "premiere = {premiere}");
        }
        if let Some(tags) = s.tags {
            let _ = writeln!(out, "tags = {tags}");
        }
        if s.unknown {
            let _ = writeln!(out, "rating = {i}\nsite.web = \"https://example.com/{i}\"");
        }
        let entry = |n: usize| format!("date = \"2024-0{}-01\"\nnote = \"entry {n}\"\n", n + 1);
        if s.inline_history && s.history > 0 {
            let entries: Vec<String> = (0..s.history)
                .map(|n| format!("{{ date = 2024-0{}-01, note = \"entry {n}\" }}", n + 1))
                .collect();
            let _ = writeln!(out, "history = [{}]", entries.join(", "));
        }
        if s.other_before_history {
            let _ = write!(out, "\n[other{i}]\nkept = true\n");
        }
        if !s.inline_history {
            for n in 0..s.history {
                let _ = write!(out, "\n[[show.history]]\n{}", entry(n));
                if n == 0 && s.links_between {
                    out.push_str("[show.links]\nimdb = \"tt1\"\n");
                }
            }
        }
    }
    out.push_str("\n# the end\n");
    if !final_break {
        out.truncate(out.len() - 1);
    }
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    out
}

/// A write: which show, and what.
#[derive(Debug, Clone)]
enum Op {
    Add,
    Status(usize, usize),
    Premiere(usize, i32),
    Season(usize, Option<u32>),
    Tags(usize, bool),
    Note(usize),
    RewriteHistory(usize),
    Remove(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let i = 0..8usize;
    prop_oneof![
        Just(Op::Add),
        (i.clone(), 0..Status::ALL.len()).prop_map(|(i, s)| Op::Status(i, s)),
        (i.clone(), 2024..2030i32).prop_map(|(i, y)| Op::Premiere(i, y)),
        (i.clone(), prop::option::of(1..20u32)).prop_map(|(i, s)| Op::Season(i, s)),
        (i.clone(), any::<bool>()).prop_map(|(i, t)| Op::Tags(i, t)),
        i.clone().prop_map(Op::Note),
        i.clone().prop_map(Op::RewriteHistory),
        i.prop_map(Op::Remove),
    ]
}

/// What an op did to the list.
enum Change {
    Added,
    Updated(usize),
    Removed(usize),
}

/// Applies `op` to the shows.
fn apply(op: &Op, shows: &mut Vec<Show>, added: &mut usize) -> Option<Change> {
    let day = chrono::NaiveDate::from_ymd_opt(2024, 12, 1).unwrap();
    let n = shows.len();
    let at = |i: usize| (n > 0).then(|| i % n);
    let i = match *op {
        Op::Add => {
            *added += 1;
            let mut show = Show::new(format!("New \"show\" {added}\u{7f}"));
            show.tags = vec!["new".into()];
            show.added = Some(day);
            shows.push(show);
            return Some(Change::Added);
        }
        Op::Remove(i) => {
            let i = at(i)?;
            shows.remove(i);
            return Some(Change::Removed(i));
        }
        Op::Status(i, _)
        | Op::Premiere(i, _)
        | Op::Season(i, _)
        | Op::Tags(i, _)
        | Op::Note(i)
        | Op::RewriteHistory(i) => at(i)?,
    };
    let show = &mut shows[i];
    match *op {
        Op::Status(_, s) => show.status = Status::ALL[s],
        Op::Premiere(_, y) => show.premiere = Premiere::Year(y),
        Op::Season(_, s) => show.season = s,
        Op::Tags(_, keep) => {
            show.tags = if keep {
                vec!["x".into(), "y\nz".into()]
            } else {
                Vec::new()
            }
        }
        Op::Note(_) => show.history.push(HistoryEntry {
            date: day,
            status: Some(show.status),
            season: None,
            premiere: None,
            note: Some("a note".into()),
        }),
        Op::RewriteHistory(_) => {
            show.history.reverse();
            show.history.truncate(1);
        }
        Op::Add | Op::Remove(_) => unreachable!(),
    }
    Some(Change::Updated(i))
}

/// What of a file airdate does not know: everything but the known keys of its shows (and of
/// their history entries), with the shows in order.
fn unknown(text: &str) -> toml::Table {
    let mut doc: toml::Table = toml::from_str(text).unwrap();
    if let Some(toml::Value::Array(shows)) = doc.get_mut("show") {
        for show in shows {
            let show = show.as_table_mut().unwrap();
            show.retain(|k, _| k == "history" || !SHOW_KEYS.contains(&k));
            if let Some(toml::Value::Array(entries)) = show.get_mut("history") {
                for entry in entries.iter_mut() {
                    entry.as_table_mut().unwrap().retain(|k, _| {
                        !["date", "status", "season", "premiere", "note"].contains(&k)
                    });
                }
                entries.retain(|e| !e.as_table().unwrap().is_empty());
                if entries.is_empty() {
                    show.remove("history");
                }
            }
        }
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn every_write_on_an_unusual_file_means_exactly_the_change(
        shapes in prop::collection::vec(shape(), 0..5),
        (crlf, final_break, head, warm) in (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        ops in prop::collection::vec(op(), 1..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("watchlist.toml");
        let text = file(&shapes, crlf, final_break, head);
        fs::write(&path, &text).unwrap();
        let cache = dir.path().join("cache");
        let store = Store::with_cache_dir(path.clone(), warm.then_some(cache.as_path()));
        let before = store.load().unwrap_or_else(|e| panic!("{e:#}\n{text}"));
        let expected = store.edit(|editor| {
            let mut shows: Vec<Show> = (0..editor.titles().len()).map(|i| editor.show(i)).collect();
            let mut added = 0;
            for op in &ops {
                match apply(op, &mut shows, &mut added) {
                    Some(Change::Added) => editor.push(shows.last().unwrap().clone()),
                    Some(Change::Updated(i)) => editor.update(i, shows[i].clone()),
                    Some(Change::Removed(i)) => drop(editor.remove(i)),
                    None => {}
                }
            }
            Ok(shows)
        }).unwrap_or_else(|e| panic!("{e:#}\n{text:?}\n{ops:?}"));

        let written = fs::read_to_string(&path).unwrap();
        prop_assert_eq!(&Store::with_cache_dir(path.clone(), None).load().unwrap(), &expected, "{:?}", written);
        if crlf {
            prop_assert!(!written.replace("\r\n", "").contains('\n'), "{:?}", written);
        } else {
            prop_assert!(!written.contains('\r'), "{:?}", written);
        }
        prop_assert_eq!(written.ends_with('\n'), final_break || text.is_empty(), "{:?}", written);
        // What airdate does not know is kept: the whole file less the known keys, show by
        // show (a removed show takes its own with it, a new one has none).
        let old = unknown(&text);
        let new = unknown(&written);
        let strip = |doc: &toml::Table| {
            let mut doc = doc.clone();
            doc.remove("show");
            doc
        };
        prop_assert_eq!(strip(&new), strip(&old));
        let shows = |doc: &toml::Table| -> Vec<(String, toml::Value)> {
            doc.get("show").and_then(|s| s.as_array()).into_iter().flatten().enumerate().map(|(i, s)| (i.to_string(), s.clone())).collect()
        };
        let old_by_title: Vec<(String, toml::Value)> = before.iter().zip(shows(&old)).map(|(s, (_, v))| (s.title.clone(), v)).collect();
        for (show, (_, value)) in expected.iter().zip(shows(&new)) {
            let was = old_by_title.iter().find(|(t, _)| *t == show.title).map(|(_, v)| v.clone());
            let empty = toml::Value::Table(toml::Table::new());
            let was = was.unwrap_or(empty);
            // A rewritten history keeps no entry's own keys; the generated entries have none.
            prop_assert_eq!(&value, &was, "{}: {:?}", show.title, written);
        }
    }
}
