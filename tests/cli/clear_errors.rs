//! Everyday slips answered with what to do: a title of several words without quotes, `set`
//! with nothing to set, a `--within` that leaves everything out, a wrong answer at a choice;
//! `check` telling every problem of a file in one run; CSV that keeps numbers numbers, takes
//! headers in any letter case and tells every bad value of a record.

use crate::common::TestEnv;
use crate::common::tvmaze::FakeTvmaze;
use insta::assert_snapshot;

const SEVERANCE: &str = "version = 1\n\n[[show]]\ntitle = \"Severance\"\n";

#[test]
fn a_title_of_several_words_without_quotes_gets_the_command_line_with_quotes() {
    let env = TestEnv::with_file(SEVERANCE);
    assert_snapshot!(env.run(&["add", "The", "Chair", "Company", "--network", "HBO"]), @r#"
    [stderr]
    error: unexpected argument 'Chair' found

      tip: a title with spaces goes in quotes: airdate add "The Chair Company" --network HBO

    Usage: airdate add [OPTIONS] [TITLE]

    For more information, try '--help'.
    [exit 2]
    "#);
    let tip = |args: &[&str]| {
        let run = env.run(args);
        assert_eq!((run.code, run.stdout.as_str()), (2, ""), "{run}");
        let line = run.stderr.lines().find(|l| l.contains("tip: a title"));
        line.unwrap_or_else(|| panic!("{run}")).trim().to_string()
    };
    assert_eq!(
        tip(&["show", "Only", "Murders", "--json"]),
        "tip: a title with spaces goes in quotes: airdate show \"Only Murders\" --json"
    );
    assert_eq!(
        tip(&["set", "--status", "ended", "Mr.", "Robot"]),
        "tip: a title with spaces goes in quotes: airdate set --status ended \"Mr. Robot\""
    );
    assert_eq!(
        tip(&["remove", "Bob's", "Burgers", "--yes"]),
        "tip: a title with spaces goes in quotes: airdate remove \"Bob's Burgers\" --yes"
    );
    assert_eq!(
        tip(&["--file", "my list.toml", "add", "Mr", "&", "Mrs", "Smith"]),
        "tip: a title with spaces goes in quotes: airdate --file \"my list.toml\" add \
         \"Mr & Mrs Smith\""
    );
    // A mistyped option is not a title.
    let run = env.run(&["add", "Andor", "--netwrk", "HBO"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(!run.stderr.contains("in quotes"), "{run}");
    assert_eq!(env.read(), SEVERANCE);
}

#[test]
fn set_with_nothing_to_set_says_nothing_changes_and_names_the_common_options() {
    let env = TestEnv::with_file(SEVERANCE);
    assert_snapshot!(env.run(&["set", "sev"]), @r"
    [stderr]
    error: nothing to change: `airdate set SHOW` needs at least one option, such as --status, --premiere, --season, --network, --reason, --note; `airdate set --help` lists them all

    Usage: airdate set <SHOW> <OPTION>...

    For more information, try '--help'.
    [exit 2]
    ");
    let run = env.run(&["set"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .starts_with("error: `airdate set` needs a show and what to change in it, such as"),
        "{run}"
    );
    assert_eq!(env.read(), SEVERANCE);
}

#[test]
fn a_span_that_leaves_every_premiere_out_says_how_many_are_beyond_it() {
    let mut env = TestEnv::new();
    env.today = "2025-07-01".into();
    let _ = env.ok(&["add", "Severance", "--premiere", "2025-08-20"]);
    let _ = env.ok(&["add", "Andor", "--premiere", "2026-Q1"]);
    let _ = env.ok(&["add", "Euphoria"]);
    assert_snapshot!(env.run(&["upcoming", "--within", "5d"]), @r"
    [stderr]
    No premieres sure to come within the next 5 days; 2 premieres are dated after that: `airdate upcoming --within 3m` lists the first.
    [exit 0]
    ");
    let run = env.run(&["upcoming", "--within", "3m", "--json"]);
    assert_eq!(crate::common::titles(&run.stdout), ["Severance"], "{run}");
    let run = env.run(&["upcoming", "--within", "1w"]);
    assert!(
        run.stderr
            .starts_with("No premieres sure to come within the next week; "),
        "{run}"
    );
    let _ = env.ok(&["remove", "Severance", "--yes"]);
    let run = env.run(&["upcoming", "--within", "2 weeks"]);
    assert_eq!(
        run.stderr,
        "No premieres sure to come within the next 2 weeks; 1 premiere is dated after that: \
         `airdate upcoming --within 1y` lists it.\n"
    );
}

/// A watchlist with "The Office" not linked, and the test TVmaze, which has two of them.
fn office(server: &FakeTvmaze) -> TestEnv {
    let mut env = TestEnv::with_file("version = 1\n\n[[show]]\ntitle = \"The Office\"\n");
    env.tvmaze = Some(server.url());
    env.today = "2025-06-01".into();
    env
}

#[test]
fn a_wrong_answer_at_a_choice_is_asked_again() {
    let server = FakeTvmaze::start();
    let env = office(&server);
    let (code, screen) = env.answer_on_terminal("link", "[1-2] ", || (), "3\n2\n");
    assert_eq!(code, 0, "{screen}");
    // The terminal echoes both answers at once, as they were typed ahead.
    assert!(
        screen.contains(
            "\"3\" is not one of them: answer a number from 1 to 2, or nothing for none\n\
             Which \"The Office\"? [1-2] "
        ),
        "{screen}"
    );
    assert_eq!(
        screen.matches("Which \"The Office\"? [1-2] ").count(),
        2,
        "{screen}"
    );
    assert!(
        screen.contains("Linked \"The Office\" to TVmaze 2049 (BBC Two)\n"),
        "{screen}"
    );
    assert!(env.read().contains("tvmaze = 2049\n"));
}

#[test]
fn a_choice_gives_up_after_three_wrong_answers_or_at_the_end_of_the_input() {
    let server = FakeTvmaze::start();
    let env = office(&server);
    let before = env.read();
    let (code, screen) = env.answer_on_terminal("link", "[1-2] ", || (), "3\nboth\n0\n");
    assert_eq!(code, 0, "{screen}");
    assert_eq!(
        screen.matches("Which \"The Office\"? [1-2] ").count(),
        3,
        "{screen}"
    );
    assert!(
        screen.contains("\"0\" is not one of them either; no answer after 3 tries\n"),
        "{screen}"
    );
    assert!(screen.contains("none was chosen"), "{screen}");
    assert_eq!(env.read(), before);
    let (code, screen) = env.answer_on_terminal("link", "[1-2] ", || (), "");
    assert_eq!(code, 0, "{screen}");
    assert_eq!(
        screen.matches("Which \"The Office\"? [1-2] ").count(),
        1,
        "{screen}"
    );
    assert!(screen.contains("none was chosen"), "{screen}");
    assert_eq!(env.read(), before);
}

#[test]
fn check_reports_the_duplicate_keys_field_problems_and_duplicate_titles_in_one_run() {
    let text = r#"version = 1

[[show]]
title = "Severance"
network = "Apple TV+"
network = "Apple"
season = 0

[[show]]
title = "Andor"
status = "filmin"
status = "paused"
premiere = "2025-13"

[[show]]
title = "severance"
"#;
    let env = TestEnv::with_file(text);
    assert_snapshot!(env.run(&["check"]), @r#"
    [stderr]
    error: [DIR]/watchlist.toml:6:1: not valid TOML: duplicate key (at `network`)
    error: [DIR]/watchlist.toml:7:10: `season` must be a whole number of 1 or more, not 0
    error: [DIR]/watchlist.toml:11:10: unknown status "filmin" (did you mean `in-production`?); valid statuses: announced, in-development, in-production, on-hiatus, post-production, scheduled, airing, finished, ended, cancelled
    error: [DIR]/watchlist.toml:12:1: not valid TOML: duplicate key (at `status`)
    error: [DIR]/watchlist.toml:13:12: invalid premiere date "2025-13": there is no month 13; months are 01 to 12
    error: [DIR]/watchlist.toml:16:9: duplicate title "severance": "Severance" is already in the watchlist (titles are unique in any letter case)
    error: `[DIR]/watchlist.toml` has 6 problems; fix them and run `airdate check` again
    [exit 1]
    "#);
    // A write names the first and counts the rest; the file is left as it was.
    let run = env.run(&["add", "Andor 2"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with(
            "error: [DIR]/watchlist.toml:6:1: not valid TOML: duplicate key (at `network`)\n\
             (and 5 more problems)\n"
        ),
        "{run}"
    );
    assert_eq!(env.read(), text);
}

#[test]
fn check_stops_at_a_syntax_error_but_tells_the_duplicate_keys_before_it() {
    let env = TestEnv::with_file(
        "version = 1\n[[show]]\ntitle = \"A\"\n\"title\" = \"B\"\nseason = 0\nnotes = \"open\n",
    );
    assert_snapshot!(env.run(&["check"]), @r#"
    [stderr]
    error: [DIR]/watchlist.toml:4:1: not valid TOML: duplicate key (at `"title"`)
    error: [DIR]/watchlist.toml:6:14: not valid TOML: invalid basic string, expected `"`
    error: `[DIR]/watchlist.toml` has 2 problems; fix them and run `airdate check` again
    [exit 1]
    "#);
}

#[test]
fn csv_and_tsv_write_numbers_as_numbers_on_a_terminal_or_not() {
    let mut env = TestEnv::new();
    env.today = "2025-09-05".into();
    let _ = env.ok(&[
        "add",
        "Severance",
        "--season",
        "2",
        "--premiere",
        "2025-09-01",
    ]);
    let _ = env.ok(&["add", "--note", "=1+1", "--", "-1"]);
    let csv = env.ok(&["list", "--format", "csv"]);
    assert_eq!(
        csv,
        "title,network,season,status,premiere,premiere_start,premiere_end,days_until,slips,\
         hiatus_reason,hiatus_since,creators,cast,tags,notes,added,premiere_at,premiere_zone\r\n\
         -1,,,announced,TBA,,,,0,,,,,,'=1+1,2025-09-05,,\r\n\
         Severance,,2,announced,2025-09-01,2025-09-01,2025-09-01,-4,0,,,,,,,2025-09-05,,\r\n"
    );
    let tsv = env.ok(&["list", "--format", "tsv"]);
    assert!(
        tsv.contains("\nSeverance\t\t2\tannounced\t2025-09-01\t2025-09-01\t2025-09-01\t-4\t0\t"),
        "{tsv}"
    );
    for format in ["csv", "tsv"] {
        let Some(run) = env.on_terminal(&["list", "--format", format]) else {
            return;
        };
        assert!(run.stdout.contains("-4"), "{run}");
        assert!(!run.stdout.contains("'-4"), "{run}");
        assert!(run.stdout.contains("'=1+1"), "{run}");
    }
}

#[test]
fn csv_headers_match_in_any_letter_case_and_a_record_tells_every_bad_value() {
    let env = TestEnv::with_file(SEVERANCE);
    let file = env.dir().join("shows.csv");
    std::fs::write(
        &file,
        "Title, Network ,SEASON,Status,Premiere,Rating\n\
         The Chair Company,HBO,1,announced,2025-10,9\n",
    )
    .unwrap();
    let run = env.run(&["import", &file.to_string_lossy()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr
            .contains("the key `Rating` (first in record 1 on line 2)"),
        "an unknown column keeps its name: {run}"
    );
    let shown = env.ok(&["show", "chair", "--json"]);
    let show = crate::common::json(&shown);
    assert_eq!(
        (&show["network"], &show["season"], &show["premiere"]),
        (&"HBO".into(), &1.into(), &"2025-10".into())
    );
    let before = env.read();
    std::fs::write(
        &file,
        "title,season,status,premiere\nAndor,2,announced,2026\nBad,zero,filmin,2025-13\n",
    )
    .unwrap();
    let run = env.run(&["import", &file.to_string_lossy()]);
    assert_snapshot!(run, @r#"
    [stderr]
    error: `[DIR]/shows.csv`, record 2 on line 3 ("Bad"): `season` must be a whole number of 1 or more
    `[DIR]/shows.csv`, record 2 on line 3 ("Bad"): unknown status "filmin" (did you mean `in-production`?); valid statuses: announced, in-development, in-production, on-hiatus, post-production, scheduled, airing, finished, ended, cancelled
    `[DIR]/shows.csv`, record 2 on line 3 ("Bad"): invalid premiere date "2025-13": there is no month 13; months are 01 to 12; nothing was imported
    [exit 1]
    "#);
    assert_eq!(env.read(), before);
}

#[test]
fn check_tells_one_letter_keys_given_twice_once_each_and_goes_on() {
    // Renamed in a copy to a name of one letter, the second `x` must not meet the second `y`
    // (nor the file's own `0`), which told `y` twice and hid the field problem after it.
    let text = "version = 1\n\n[[show]]\ntitle = \"A\"\n0 = 0\nx = 1\nx = 2\ny = 1\ny = 2\nseason = \"two\"\n";
    let env = TestEnv::with_file(text);
    let run = env.run(&["check"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(run.stdout, "", "{run}");
    assert_eq!(
        run.stderr,
        "error: [DIR]/watchlist.toml:7:1: not valid TOML: duplicate key (at `x`)\n\
         error: [DIR]/watchlist.toml:9:1: not valid TOML: duplicate key (at `y`)\n\
         error: [DIR]/watchlist.toml:10:10: `season` must be a whole number of 1 or more, not the string \"two\"\n\
         error: `[DIR]/watchlist.toml` has 3 problems; fix them and run `airdate check` again\n"
    );
    assert_eq!(env.read(), text);
}
