//! A hand-written watchlist keeps its comments, blank lines, key order and unknown keys and
//! tables through every edit: only the edited show's bytes change.

use std::fs;

use crate::common::TestEnv;

const HEAD: &str = r#"# My shows — hand-kept since 2021.
version = 1   # the file format

[settings]        # a table airdate does not know
theme = "dark"

"#;

const SEVERANCE: &str = r#"# Severance: the one I care about most
[[show]]
title = "Severance"   # inline comment on the title
network = "Apple TV+"
season = 2
status = "on-hiatus"  # paused
premiere = "TBA"
hiatus_reason = "WGA and SAG-AFTRA strikes"

rating = 9            # my own key
cast = [ "Adam Scott",   "Britt Lower" ]

[[show.history]]
date = "2023-05-02"
status = "on-hiatus"
note = "WGA strike"
"#;

const BEAR: &str = r#"
[[show]]
title = "The Bear"
network = "FX"
season = 4
status = "filming"    # an alias is fine in the file
premiere = 2025-06-25
watched = true

[show.extra]          # a sub-table airdate does not know
imdb = "tt14452776"
"#;

const ANDOR: &str = r#"
# Still deciding about these:
[[show]]
title = "Andor"
season = 2
"#;

/// A comment after the last key stays the file's last line.
const END: &str = "# end of file\n";

fn original() -> String {
    format!("{HEAD}{SEVERANCE}{BEAR}{ANDOR}{END}")
}

/// The watchlist after `steps`, run on a fresh copy of the original three times: without an
/// index, so that the whole document is parsed and edited; with one, so that only the edited
/// show's bytes are rewritten; and with none yet each time, so that each edit first indexes
/// the file with the quick reader. All three must give the same file.
fn after(steps: &[&[&str]]) -> String {
    let parsed = TestEnv::uncached(&original());
    let indexed = TestEnv::with_file(&original());
    let fresh = TestEnv::with_file(&original());
    for step in steps {
        let _ = parsed.ok(step);
        let _ = indexed.ok(&["list"]);
        let _ = indexed.ok(step);
        let _ = fs::remove_dir_all(fresh.cache());
        let _ = fresh.ok(step);
    }
    assert!(!parsed.cache().exists(), "no index without the cache");
    for env in [&indexed, &fresh] {
        assert_eq!(env.read(), parsed.read(), "the ways of editing differ");
    }
    parsed.read()
}

#[test]
fn set_changes_only_the_edited_values() {
    // "filming" is in-production already: only the premiere changes.
    let file = after(&[&[
        "set",
        "bear",
        "--status",
        "in-production",
        "--premiere",
        "2025-Q2",
    ]]);
    let bear = r#"
[[show]]
title = "The Bear"
network = "FX"
season = 4
status = "filming"    # an alias is fine in the file
premiere = "2025-Q2"
watched = true

[show.extra]          # a sub-table airdate does not know
imdb = "tt14452776"

[[show.history]]
date = "2024-12-01"
status = "in-production"
season = 4
premiere = "2025-Q2"
"#;
    assert_eq!(file, format!("{HEAD}{SEVERANCE}{bear}{ANDOR}{END}"));
}

#[test]
fn set_keeps_the_history_and_comments_of_the_show_it_edits() {
    let file = after(&[&[
        "set",
        "severance",
        "--status",
        "in-production",
        "--note",
        "back at work",
    ]]);
    let severance = r#"# Severance: the one I care about most
[[show]]
title = "Severance"   # inline comment on the title
network = "Apple TV+"
season = 2
status = "in-production"  # paused
premiere = "TBA"

rating = 9            # my own key
cast = [ "Adam Scott",   "Britt Lower" ]

[[show.history]]
date = "2023-05-02"
status = "on-hiatus"
note = "WGA strike"

[[show.history]]
date = "2024-12-01"
status = "in-production"
note = "back at work"
"#;
    assert_eq!(file, format!("{HEAD}{severance}{BEAR}{ANDOR}{END}"));
}

#[test]
fn add_appends_after_the_last_show() {
    let file = after(&[&[
        "add",
        "Silo",
        "--network",
        "Apple TV+",
        "--season",
        "3",
        "--tag",
        "sci-fi",
    ]]);
    let silo = r#"
[[show]]
title = "Silo"
network = "Apple TV+"
season = 3
status = "announced"
premiere = "TBA"
tags = ["sci-fi"]
added = "2024-12-01"

[[show.history]]
date = "2024-12-01"
status = "announced"
season = 3
note = "added"
"#;
    assert_eq!(file, format!("{HEAD}{SEVERANCE}{BEAR}{ANDOR}{silo}{END}"));
}

#[test]
fn renew_changes_only_the_renewed_show() {
    let file = after(&[&["renew", "andor", "--note", "surprise!"]]);
    // Announced and TBA are what the show had already (by default): they are not written.
    let andor = r#"
# Still deciding about these:
[[show]]
title = "Andor"
season = 3

[[show.history]]
date = "2024-12-01"
status = "announced"
season = 3
note = "surprise!"
"#;
    assert_eq!(file, format!("{HEAD}{SEVERANCE}{BEAR}{andor}{END}"));
}

#[test]
fn remove_takes_out_only_the_removed_show() {
    let bear = ["remove", "The Bear", "--yes"];
    assert_eq!(after(&[&bear]), format!("{HEAD}{SEVERANCE}{ANDOR}{END}"));
    // The comment above a show's header goes with it, and so does the blank line above that.
    let head = HEAD.strip_suffix('\n').unwrap();
    assert_eq!(
        after(&[&bear, &["remove", "Severance", "--yes"]]),
        format!("{head}{ANDOR}{END}")
    );
    assert_eq!(
        after(&[
            &bear,
            &["remove", "Severance", "--yes"],
            &["remove", "Andor", "--yes"]
        ]),
        format!("{head}{END}")
    );
}

#[test]
fn many_edits_in_a_row_agree_both_ways() {
    let file = after(&[
        &["add", "Silo", "--season", "3"],
        &[
            "set",
            "andor",
            "--season",
            "3",
            "--note",
            "the show before the new one",
        ],
        &["set", "silo", "--status", "hiatus", "--reason", "strike"],
        &["add", "Andor II"],
        &["remove", "severance", "--yes"],
        &[
            "set",
            "andor ii",
            "--title",
            "Andor: the sequel",
            "--cast",
            "Diego Luna",
        ],
        &["renew", "silo"],
        &["remove", "bear", "--yes"],
        &["set", "andor", "--premiere", "2025-04-22"],
    ]);
    assert!(file.starts_with(HEAD), "{file}");
    assert!(file.ends_with(END), "{file}");
    assert!(file.contains("title = \"Andor: the sequel\""), "{file}");
}

#[test]
fn a_new_show_goes_after_the_last_show_even_before_other_tables() {
    let text = "[[show]]\ntitle = \"A\"\n\n# settings\n[settings]\nx = 1\n";
    let parsed = TestEnv::uncached(text);
    let indexed = TestEnv::with_file(text);
    let _ = indexed.ok(&["list"]);
    for env in [&parsed, &indexed] {
        let _ = env.ok(&["add", "B"]);
    }
    assert_eq!(indexed.read(), parsed.read());
    assert!(
        parsed
            .read()
            .starts_with("[[show]]\ntitle = \"A\"\n\n[[show]]\ntitle = \"B\"\n"),
        "{}",
        parsed.read()
    );
    assert!(parsed.read().ends_with("\n# settings\n[settings]\nx = 1\n"));
}

#[test]
fn a_file_without_a_final_line_break_takes_new_shows_and_later_edits() {
    for text in ["[[show]]\ntitle = \"A\"", "version = 1", "# only a comment"] {
        let parsed = TestEnv::uncached(text);
        let indexed = TestEnv::with_file(text);
        let _ = indexed.ok(&["list"]);
        for env in [&parsed, &indexed] {
            let _ = env.ok(&["add", "B"]);
            let _ = env.ok(&["set", "b", "--season", "2"]);
            let _ = env.ok(&["add", "C"]);
        }
        assert_eq!(indexed.read(), parsed.read(), "{text:?}");
        // The text is kept (a closing comment stays the file's last line).
        assert!(parsed.read().contains(text), "{}", parsed.read());
    }
}

#[test]
fn a_change_recorded_on_an_earlier_day_goes_among_the_history_keeping_its_comments() {
    let file = r#"version = 1

[[show]]
title = "Andor"
status = "announced"
premiere = "TBA"

[[show.history]]
date = "2024-01-10"
status = "announced"
note = "added"

# the day the trailer came out
[[show.history]]
# a comment inside the entry
date = "2024-06-01"   # a Saturday
status = "announced"
note = "trailer"

[[show.history]]
date = "2024-09-01"
status = "announced"
note = "first look"
"#;
    let entry = |day: &str, what: &str| {
        format!("\n[[show.history]]\ndate = \"{day}\"\nstatus = \"announced\"\n{what}\n")
    };
    // Two changes recorded late, one between the first entries and one between the last: each
    // goes in date order among the others, whose every byte stays.
    let want = file
        .replace("premiere = \"TBA\"", "premiere = \"2025\"")
        .replace(
            "note = \"added\"\n",
            &format!(
                "note = \"added\"\n{}",
                entry("2024-03-01", "premiere = \"2025\"")
            ),
        )
        .replace(
            "note = \"trailer\"\n",
            &format!(
                "note = \"trailer\"\n{}",
                entry("2024-07-04", "note = \"casting news\"")
            ),
        );
    assert_eq!(
        both_ways(
            file,
            &[
                &["set", "andor", "--premiere", "2025", "--on", "2024-03-01"],
                &[
                    "set",
                    "andor",
                    "--note",
                    "casting news",
                    "--on",
                    "2024-07-04"
                ]
            ]
        ),
        want
    );
}

#[test]
fn a_change_recorded_on_an_earlier_day_goes_before_an_entry_with_keys_airdate_does_not_know() {
    let file = r#"version = 1

[[show]]
title = "Andor"
status = "announced"
premiere = "TBA"

[[show.history]]
date = "2024-01-10"
status = "announced"
note = "added"

[[show.history]]
date = "2024-06-01"
status = "announced"
note = "trailer"
source = "youtube"   # my own key
"#;
    // The new entry goes before the one with the key airdate does not know, which keeps it:
    // nothing of it is written again.
    let want = file.replace(
        "note = \"added\"\n",
        "note = \"added\"\n\n[[show.history]]\ndate = \"2024-03-01\"\nstatus = \"announced\"\n\
         note = \"casting news\"\n",
    );
    assert_eq!(
        both_ways(
            file,
            &[&[
                "set",
                "andor",
                "--note",
                "casting news",
                "--on",
                "2024-03-01"
            ]]
        ),
        want
    );
}

#[test]
fn a_premiere_recorded_before_the_day_a_show_was_added_keeps_each_comment_on_its_entry() {
    let file = r#"version = 1

[[show]]
title = "Andor"
status = "announced"
premiere = "TBA"

# when I added it
[[show.history]]
date = "2024-01-10"
status = "announced"
premiere = "TBA"
note = "added"

# the trailer
[[show.history]]
# a comment inside the entry
date = "2024-06-01"   # a Saturday
status = "announced"
note = "trailer"
"#;
    // The new entry goes first; the entry of the day the show was added now says the new
    // premiere, written again where it was; the trailer's entry keeps every byte.
    let want = file
        .replace("premiere = \"TBA\"", "premiere = \"2025\"")
        .replace(
            "\n# when I added it\n",
            "\n[[show.history]]\ndate = \"2024-01-05\"\nstatus = \"announced\"\n\
         premiere = \"2025\"\n\n# when I added it\n",
        );
    assert_eq!(
        both_ways(
            file,
            &[&["set", "andor", "--premiere", "2025", "--on", "2024-01-05"]]
        ),
        want
    );
}

/// The watchlist `file` after `steps`, run once with the index cache and once without: both
/// ways must give the same bytes.
fn both_ways(file: &str, steps: &[&[&str]]) -> String {
    let [cached, uncached] = [TestEnv::with_file(file), TestEnv::uncached(file)];
    for step in steps {
        let _ = cached.ok(step);
        let _ = uncached.ok(step);
    }
    assert_eq!(cached.read(), uncached.read(), "the ways of editing differ");
    cached.read()
}
