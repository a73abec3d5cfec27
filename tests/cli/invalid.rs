//! A watchlist that does not parse or validate is refused, explained with its line and column,
//! and never rewritten.

use crate::common::TestEnv;
use insta::assert_snapshot;

/// Every write command against `text`: exit 1, the file and line named, the bytes unchanged.
fn refused_by_every_write(text: &str, expected_place: &str) -> String {
    let env = TestEnv::with_file(text);
    let writes: [&[&str]; 5] = [
        &["add", "New Show"],
        &["set", "Severance", "--status", "filming"],
        &["renew", "Severance"],
        &["remove", "Severance", "--yes"],
        &["set", "Severance", "--note", "x"],
    ];
    let mut first = None;
    for args in writes {
        let run = env.run(args);
        assert_eq!(run.code, 1, "{args:?}\n{run}");
        assert!(
            run.stdout.is_empty(),
            "{args:?}: errors never go to stdout\n{run}"
        );
        assert!(run.stderr.starts_with("error: "), "{run}");
        assert!(
            run.stderr
                .contains(&format!("[DIR]/watchlist.toml:{expected_place}")),
            "{args:?} must name the file, line and column:\n{run}"
        );
        assert_eq!(env.read(), text, "{args:?} changed the file");
        first.get_or_insert(run.stderr);
    }
    assert_eq!(env.files(), ["watchlist.toml", "watchlist.toml.lock"]);
    first.unwrap()
}

#[test]
fn malformed_toml() {
    let text = "version = 1\n\n[[show]]\ntitle = \"Severance\nseason = 2\n";
    assert_snapshot!(refused_by_every_write(text, "4:19"), @r#"
    error: [DIR]/watchlist.toml:4:19: not valid TOML: invalid basic string, expected `"`
    the file was left as it was; fix it, then run `airdate check` to see every problem
    "#);
}

#[test]
fn unknown_status() {
    let text = "version = 1\n\n[[show]]\ntitle = \"Severance\"\nstatus = \"filmin\"\n";
    assert_snapshot!(refused_by_every_write(text, "5:10"), @r#"
    error: [DIR]/watchlist.toml:5:10: unknown status "filmin" (did you mean `in-production`?); valid statuses: announced, in-development, in-production, on-hiatus, post-production, scheduled, airing, finished, ended, cancelled
    the file was left as it was; fix it, then run `airdate check` to see every problem
    "#);
}

#[test]
fn duplicate_title() {
    let text = "[[show]]\ntitle = \"Severance\"\n\n[[show]]\ntitle = \"  severance \"\n";
    assert_snapshot!(refused_by_every_write(text, "5:9"), @r#"
    error: [DIR]/watchlist.toml:5:9: duplicate title "  severance ": "Severance" is already in the watchlist (titles are unique in any letter case)
    the file was left as it was; fix it, then run `airdate check` to see every problem
    "#);
}

#[test]
fn newer_version() {
    let text = "version = 2\n\n[[show]]\ntitle = \"Severance\"\n";
    assert_snapshot!(refused_by_every_write(text, "1:11"), @r"
    error: [DIR]/watchlist.toml:1:11: this watchlist is version 2, made by a newer airdate; this one reads version 1: upgrade airdate to use it
    the file was left as it was; fix it, then run `airdate check` to see every problem
    ");
}

#[test]
fn impossible_date_and_wrong_types() {
    let text = "[[show]]\ntitle = \"Severance\"\nseason = \"two\"\npremiere = \"2025-02-30\"\n";
    assert_snapshot!(refused_by_every_write(text, "3:10"), @r#"
    error: [DIR]/watchlist.toml:3:10: `season` must be a whole number of 1 or more, not the string "two"
    (and 1 more problems)
    the file was left as it was; fix it, then run `airdate check` to see every problem
    "#);
}

#[test]
fn read_commands_refuse_too() {
    let env = TestEnv::with_file("[[show]]\ntitle = \"Severance\"\nstatus = \"paused?\"\n");
    for args in [
        &["list"][..],
        &["upcoming"],
        &["hiatus"],
        &["show", "sev"],
        &[],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 1, "{args:?}\n{run}");
        assert!(
            run.stderr.contains("watchlist.toml:3:10: unknown status"),
            "{run}"
        );
    }
}

#[test]
fn check_lists_every_problem() {
    let env = TestEnv::with_file(
        r#"version = 1
[[show]]
title = "Severance"
season = 0
netwrok = "Apple TV+"
premiere = "2025-13"
tags = ["drama", 3]

[[show]]
network = "HBO"

[[show.history]]
status = "on-hiatus"
"#,
    );
    assert_snapshot!(env.run(&["check"]), @r#"
    [stderr]
    error: [DIR]/watchlist.toml:4:10: `season` must be a whole number of 1 or more, not 0
    error: [DIR]/watchlist.toml:6:12: invalid premiere date "2025-13": there is no month 13; months are 01 to 12
    error: [DIR]/watchlist.toml:7:18: `tags` must be a list of strings such as ["a", "b"], not the number 3
    warning: [DIR]/watchlist.toml:5:1: unknown key `show.netwrok` (did you mean `network`?); it is kept as it is
    error: [DIR]/watchlist.toml:9:1: this show has no `title`; every [[show]] needs one
    error: [DIR]/watchlist.toml:12:1: this history entry has no `date`
    error: `[DIR]/watchlist.toml` has 5 problems; fix them and run `airdate check` again
    [exit 1]
    "#);
    env.write("version = 1\n[[show]]\ntitle = \"Severance\"\nnetwrok = \"Apple TV+\"\n");
    assert_snapshot!(env.run(&["check"]), @r"
    `[DIR]/watchlist.toml`: 1 show, no problems
    [stderr]
    warning: [DIR]/watchlist.toml:4:1: unknown key `show.netwrok` (did you mean `network`?); it is kept as it is
    [exit 0]
    ");
}

#[test]
fn check_warns_of_a_pin_that_names_no_field() {
    let env = TestEnv::with_file(
        "version = 1\n[[show]]\ntitle = \"Severance\"\npinned = [\"premiere\", \"premier\",\n  \"title\", \"STATUS\"]\n",
    );
    assert_snapshot!(env.run(&["check"]), @r"
    `[DIR]/watchlist.toml`: 1 show, no problems
    [stderr]
    warning: [DIR]/watchlist.toml:4:23: `pinned` names `premier`, which is no field that can be pinned (did you mean `premiere`?); it does nothing
    warning: [DIR]/watchlist.toml:5:3: `pinned` names `title`, which is no field that can be pinned (those are network, season, status, premiere, finale); it does nothing
    [exit 0]
    ");
    let _ = env.ok(&["set", "severance", "--network", "Apple TV+"]);
    assert!(
        env.read()
            .contains("pinned = [\"premiere\", \"premier\",\n  \"title\", \"STATUS\"]\n"),
        "the names are kept as they are:\n{}",
        env.read()
    );
}

#[test]
fn a_missing_file_is_an_empty_watchlist_that_reads_do_not_create() {
    let env = TestEnv::new();
    assert_snapshot!(env.run(&["list"]), @r"
    [stderr]
    The watchlist `[DIR]/watchlist.toml` is empty; add a show with `airdate add TITLE`.
    [exit 0]
    ");
    assert_eq!(env.ok(&["list", "--json"]), "[]\n");
    assert_eq!(
        env.ok(&["check"]),
        "`[DIR]/watchlist.toml`: 0 shows, no problems\n"
    );
    assert!(env.files().is_empty(), "reads created {:?}", env.files());
}

#[test]
fn the_first_write_creates_the_file_and_its_folders() {
    let env = TestEnv::new();
    let nested = env.dir().join("a/b/shows.toml");
    let run = env
        .command(&["add", "Severance"])
        .env("AIRDATE_FILE", &nested)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    let text = std::fs::read_to_string(&nested).unwrap();
    assert!(text.starts_with("# My shows"), "{text}");
    assert!(
        text.contains("version = 1\n\n[[show]]\ntitle = \"Severance\"\n"),
        "{text}"
    );
}
