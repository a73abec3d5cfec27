//! A hand-written watchlist keeps its comments, blank lines, key order and unknown keys and
//! tables through every edit: only the edited show's bytes change.

mod common;

use common::TestEnv;

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

#[test]
fn set_changes_only_the_edited_values() {
    let env = TestEnv::with_file(&original());
    // "filming" is in-production already: only the premiere changes.
    let _ = env.ok(&[
        "set",
        "bear",
        "--status",
        "in-production",
        "--premiere",
        "2025-Q2",
    ]);
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
premiere = "2025-Q2"
"#;
    assert_eq!(env.read(), format!("{HEAD}{SEVERANCE}{bear}{ANDOR}{END}"));
}

#[test]
fn set_keeps_the_history_and_comments_of_the_show_it_edits() {
    let env = TestEnv::with_file(&original());
    let _ = env.ok(&[
        "set",
        "severance",
        "--status",
        "in-production",
        "--note",
        "back at work",
    ]);
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
    assert_eq!(env.read(), format!("{HEAD}{severance}{BEAR}{ANDOR}{END}"));
}

#[test]
fn add_appends_after_the_last_show() {
    let env = TestEnv::with_file(&original());
    let _ = env.ok(&[
        "add",
        "Silo",
        "--network",
        "Apple TV+",
        "--season",
        "3",
        "--tag",
        "sci-fi",
    ]);
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
note = "added"
"#;
    assert_eq!(
        env.read(),
        format!("{HEAD}{SEVERANCE}{BEAR}{ANDOR}{silo}{END}")
    );
}

#[test]
fn renew_changes_only_the_renewed_show() {
    let env = TestEnv::with_file(&original());
    let _ = env.ok(&["renew", "andor", "--note", "surprise!"]);
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
    assert_eq!(env.read(), format!("{HEAD}{SEVERANCE}{BEAR}{andor}{END}"));
}

#[test]
fn remove_takes_out_only_the_removed_show() {
    let env = TestEnv::with_file(&original());
    let _ = env.ok(&["remove", "The Bear", "--yes"]);
    assert_eq!(env.read(), format!("{HEAD}{SEVERANCE}{ANDOR}{END}"));
    // The comment above a show's header goes with it, and so does the blank line above that.
    let _ = env.ok(&["remove", "Severance", "--yes"]);
    let head = HEAD.strip_suffix('\n').unwrap();
    assert_eq!(env.read(), format!("{head}{ANDOR}{END}"));
}
