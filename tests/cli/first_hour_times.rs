//! The first hour of a fan in Berlin following US shows, as they see it: times typed the ways
//! people type them, what airdate says back, the order of a day's premieres, the messages of
//! options given wrong, and the zones `--tz` completes.

use std::process::Command;

use crate::common::{Run, TestEnv};

/// A fresh watchlist on Friday 10 January 2025, in an 80-column terminal.
fn env() -> TestEnv {
    let mut env = TestEnv::with_file("version = 1\n");
    env.today = "2025-01-10".into();
    env
}

/// airdate at 80 columns in Berlin.
fn berlin(env: &TestEnv, args: &[&str]) -> Run {
    let mut cmd = env.command(args);
    cmd.env("COLUMNS", "80").env("AIRDATE_TZ", "Europe/Berlin");
    Run::from(cmd.output().expect("airdate runs"))
}

#[test]
fn a_premiere_typed_as_iso_8601_with_a_t_is_a_day_and_its_time() {
    let env = env();
    // As calendars and web pages write it, and as `date -Iminutes` prints it.
    let run = berlin(&env, &["add", "Hacks", "--premiere", "2025-01-17T21:00"]);
    insta::assert_snapshot!(run, @r"
    Added Hacks: announced, premiere 2025-01-17 21:00 Europe/Berlin
    [exit 0]
    ");
    let run = berlin(&env, &["set", "Hacks", "--premiere", "2025-01-17T21:00 ET"]);
    insta::assert_snapshot!(run, @r#"
    Updated "Hacks":
      premiere_at: 2025-01-17 21:00 Europe/Berlin → 2025-01-17 21:00 America/New_York
    [exit 0]
    "#);
    let run = berlin(&env, &["set", "Hacks", "--next", "2025-01-24T21:00 ET"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        env.read()
            .contains("next = \"2025-01-24 21:00 America/New_York\""),
        "{}",
        env.read()
    );
}

#[test]
fn add_says_back_the_time_and_zone_it_understood() {
    let env = env();
    // "9pm ET" said back as New York's 21:00: a zone taken wrongly shows at once.
    let run = berlin(
        &env,
        &[
            "add",
            "Severance",
            "--season",
            "2",
            "--premiere",
            "Jan 17 2025 9pm ET",
        ],
    );
    insta::assert_snapshot!(run, @r"
    Added Severance (season 2): announced, premiere 2025-01-17 21:00 America/New_York
    [exit 0]
    ");
    // Without a time, as before.
    let run = berlin(&env, &["add", "Kaos", "--premiere", "2025-01-17"]);
    insta::assert_snapshot!(run, @r"
    Added Kaos: announced, premiere 2025-01-17
    [exit 0]
    ");
}

#[test]
fn upcoming_and_list_give_a_days_premieres_in_the_order_of_their_times() {
    let env = env();
    env.write(
        r#"version = 1

[[show]]
title = "Alpha Late"
status = "scheduled"
premiere = "2025-01-17"
premiere_at = "2025-01-17 21:00 America/New_York"

[[show]]
title = "Zulu Early"
status = "scheduled"
premiere = "2025-01-17"
premiere_at = "2025-01-17 15:00 America/New_York"

[[show]]
title = "Middle Untimed"
status = "scheduled"
premiere = "2025-01-18"
"#,
    );
    // In Tokyo both are on Saturday the 18th: 05:00 before 11:00, then the day without a time.
    let mut cmd = env.command(&["upcoming", "--tz", "Asia/Tokyo"]);
    cmd.env("COLUMNS", "80");
    let run = Run::from(cmd.output().unwrap());
    insta::assert_snapshot!(run, @r"
    Premiere          When       Title           Season  Network  Status
    ───────────────────────────────────────────────────────────────────────
    2025-01-18 05:00  in 8 days  Zulu Early                       scheduled
    2025-01-18 11:00  in 8 days  Alpha Late                       scheduled
    2025-01-18        in 8 days  Middle Untimed                   scheduled
    [exit 0]
    ");
    let mut cmd = env.command(&["list", "--sort", "premiere", "--tz", "Asia/Tokyo"]);
    cmd.env("COLUMNS", "80");
    let run = Run::from(cmd.output().unwrap());
    let order: Vec<&str> = run
        .stdout
        .lines()
        .skip(2)
        .filter_map(|l| l.split("  ").next())
        .collect();
    assert_eq!(
        order,
        ["Zulu Early", "Alpha Late", "Middle Untimed"],
        "{run}"
    );
}

#[test]
fn week_days_out_of_range_says_what_to_give() {
    let env = env();
    for days in ["0", "367"] {
        let run = berlin(&env, &["week", "--days", days]);
        assert_eq!(run.code, 2, "{run}");
        assert!(
            run.stderr.contains(&format!(
                "\"{days}\" is no count of days: give a whole number from 1 (today only) to 366 \
                 (a year), such as --days 14"
            )),
            "{run}"
        );
        // Not Rust's range syntax.
        assert!(!run.stderr.contains("1..=366"), "{run}");
    }
}

/// What the completion engine offers for the line `words` (fish's protocol: one candidate a
/// line, a tab before its help).
fn candidates(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_airdate"))
        .env_clear()
        .env("COMPLETE", "fish")
        .env("AIRDATE_FILE", env.file())
        .env("HOME", env.dir())
        .arg("--")
        .args(words)
        .output()
        .expect("airdate runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn tz_completes_zone_names_and_the_short_ones() {
    let env = env();
    assert_eq!(
        candidates(&env, &["airdate", "week", "--tz", "Europe/Ber"]),
        ["Europe/Berlin"]
    );
    // Found by a later part of its name too, in any letter case.
    assert_eq!(
        candidates(&env, &["airdate", "--tz", "new_y"]),
        ["America/New_York"]
    );
    let short = candidates(&env, &["airdate", "upcoming", "--tz", "E"]);
    assert!(
        short.contains(&"ET\tAmerica/New_York's clock".to_string()),
        "{short:?}"
    );
    assert!(
        short.contains(&"Eastern\tAmerica/New_York's clock".to_string()),
        "{short:?}"
    );
}

#[test]
fn a_next_episode_typed_that_no_view_shows_is_warned_of() {
    let env = env();
    let run = berlin(
        &env,
        &[
            "add",
            "Hacks",
            "--season",
            "4",
            "--status",
            "airing",
            "--aired",
            "4",
            "--episodes",
            "10",
            "--next",
            "2025-01-16 21:00 ET",
        ],
    );
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.is_empty(), "{run}");
    // A day in the past, typed by mistake for the next one: show would say "returns TBA".
    let run = berlin(&env, &["set", "Hacks", "--next", "2025-01-05 21:00 ET"]);
    insta::assert_snapshot!(run, @r#"
    Updated "Hacks":
      next: 2025-01-16 21:00 America/New_York → 2025-01-05 21:00 America/New_York
    [stderr]
    warning: the next episode typed, 2025-01-05 21:00 America/New_York, has already aired (today is 2025-01-10); it is no next episode: type the one after it (`airdate set "Hacks" --next DAY`)
    [exit 0]
    "#);
    // Without a season, the episode is numbered nowhere.
    let run = berlin(
        &env,
        &["add", "Kaos", "--status", "airing", "--next", "2025-01-16"],
    );
    insta::assert_snapshot!(run, @r#"
    Added Kaos: airing, premiere TBA
    [stderr]
    warning: "Kaos" has no season, so its next episode is shown nowhere; give it one with it: `airdate set "Kaos" --season N --next "2025-01-16"`
    [exit 0]
    "#);
}

#[test]
fn tz_help_names_zones_to_give() {
    let env = env();
    let run = berlin(&env, &["week", "--help"]);
    assert_eq!(run.code, 0, "{run}");
    let help: String = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains(
            "--tz <ZONE> The time zone days and times are shown in: an IANA name \
             (Europe/Berlin, Asia/Tokyo) or ET, CT, MT, PT, UTC"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_time_after_no_day_is_told_where_a_time_goes() {
    let env = env();
    let run = berlin(&env, &["add", "Hacks", "--premiere", "Friday 9pm"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("; a time goes after a day: \"2025-01-17 21:00 ET\", \"Jan 17 9pm ET\""),
        "{run}"
    );
    assert_eq!(env.read(), "version = 1\n");
}
