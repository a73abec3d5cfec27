//! The user's time zone: where it comes from (`--tz`, `AIRDATE_TZ`, `TZ`, the system's), what
//! a zone that is none does, and which days move with it (a moment's) and which never do (a
//! day without a time).

use crate::common::{Run, TestEnv, json};

/// A US network premiere at 21:00 New York time (02:00 UTC the next day), and a streaming one
/// with a day and no time.
const WATCHLIST: &str = r#"version = 1

[[show]]
title = "Night Court"
network = "NBC"
season = 3
status = "scheduled"
premiere = "2025-01-17"
premiere_at = "2025-01-17 21:00 America/New_York"

[[show]]
title = "Kaos"
network = "Netflix"
season = 2
status = "scheduled"
premiere = "2025-01-17"
"#;

fn env() -> TestEnv {
    let mut env = TestEnv::with_file(WATCHLIST);
    env.today = "2025-01-10".into();
    env
}

/// airdate with `vars` set too.
fn run_with(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut cmd = env.command(args);
    for (name, value) in vars {
        cmd.env(name, value);
    }
    Run::from(cmd.output().expect("airdate runs"))
}

/// The `premiere_start` of each show in `list --json`, in title order.
fn starts(run: &Run) -> Vec<String> {
    assert_eq!(run.code, 0, "{run}");
    let mut shows: Vec<(String, String)> = json(&run.stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["title"].as_str().unwrap().to_string(),
                s["premiere_start"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    shows.sort();
    shows.into_iter().map(|(t, d)| format!("{t} {d}")).collect()
}

/// Night Court's object in a JSON array of shows.
fn night_court(shows: &serde_json::Value) -> &serde_json::Value {
    shows
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == "Night Court")
        .expect("Night Court is listed")
}

#[test]
fn the_zone_is_tz_flag_then_airdate_tz_then_tz() {
    let env = env();
    let list = ["list", "--json"];
    // The harness runs in UTC: 02:00 on the 18th.
    assert_eq!(
        starts(&env.run(&list)),
        ["Kaos 2025-01-17", "Night Court 2025-01-18"]
    );
    let la = [("TZ", "America/Los_Angeles")];
    assert_eq!(
        starts(&run_with(&env, &list, &la)),
        ["Kaos 2025-01-17", "Night Court 2025-01-17"]
    );
    let tokyo_over_la = [("TZ", "America/Los_Angeles"), ("AIRDATE_TZ", "Asia/Tokyo")];
    assert_eq!(
        starts(&run_with(&env, &list, &tokyo_over_la)),
        ["Kaos 2025-01-17", "Night Court 2025-01-18"]
    );
    let flag = ["list", "--json", "--tz", "pt"];
    assert_eq!(
        starts(&run_with(&env, &flag, &tokyo_over_la)),
        ["Kaos 2025-01-17", "Night Court 2025-01-17"]
    );
    // The moment, with the user's offset, and the zone it was announced in.
    let shows = json(&env.ok(&["list", "--json", "--tz", "Europe/Berlin"]));
    let night = night_court(&shows);
    assert_eq!(night["premiere_at"], "2025-01-18T03:00:00+01:00");
    assert_eq!(night["premiere_zone"], "America/New_York");
    assert_eq!(night["premiere"], "2025-01-18");
    assert_eq!(night["days_until"], 8);
}

#[test]
fn a_day_without_a_time_is_never_shifted_in_any_zone() {
    let env = env();
    for zone in [
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Asia/Kathmandu",
        "UTC",
    ] {
        let run = env.run(&["list", "--json", "--tz", zone]);
        assert!(
            starts(&run).contains(&"Kaos 2025-01-17".to_string()),
            "{zone}: {run}"
        );
    }
}

#[test]
fn a_zone_that_is_none_is_a_usage_error_from_the_flag_and_passed_over_from_tz() {
    let env = env();
    let run = env.run(&["list", "--tz", "Mars/Olympus"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("unknown time zone \"Mars/Olympus\""),
        "{run}"
    );
    assert!(
        run.stderr.contains("America/New_York"),
        "says what a zone looks like: {run}"
    );
    let run = run_with(&env, &["list"], &[("AIRDATE_TZ", "Nowhere")]);
    assert_eq!(run.code, 2, "{run}");
    // A POSIX rule in TZ is no zone name: the system's zone is taken, and nothing fails.
    let run = run_with(&env, &["list"], &[("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(run.stderr, "");
}

#[test]
fn airdate_now_fixes_the_moment_and_a_bad_one_is_an_error() {
    let env = env();
    let run = run_with(&env, &["list"], &[("AIRDATE_NOW", "next tuesday")]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains("AIRDATE_NOW must be an RFC 3339 moment"),
        "{run}"
    );
    // Without AIRDATE_TODAY, today is the day of AIRDATE_NOW where the user is.
    let mut cmd = env.command(&["list", "--json", "--tz", "Asia/Tokyo"]);
    cmd.env_remove("AIRDATE_TODAY")
        .env("AIRDATE_NOW", "2025-01-17T20:00:00Z");
    let run = Run::from(cmd.output().unwrap());
    let shows = json(&run.stdout);
    // 05:00 on the 18th in Tokyo: the Tokyo day of the premiere, so 0 days.
    let night = night_court(&shows);
    assert_eq!(night["days_until"], 0, "{run}");
}

#[test]
fn check_says_when_premiere_at_is_not_on_the_premiere_day_and_views_leave_it_out() {
    let env = TestEnv::with_file(&WATCHLIST.replace(
        "premiere = \"2025-01-17\"\npremiere_at",
        "premiere = \"2025-02-01\"\npremiere_at",
    ));
    let run = env.run(&["check"]);
    assert!(
        run.stderr.contains(
            "`premiere_at` 2025-01-17 21:00 America/New_York is not on the premiere day \
             (2025-02-01)"
        ),
        "{run}"
    );
    assert!(
        run.stderr.contains("watchlist.toml:9:"),
        "with its line: {run}"
    );
    let shows = json(&env.ok(&["list", "--json"]));
    let night = night_court(&shows);
    assert_eq!(night["premiere_at"], serde_json::Value::Null);
    assert_eq!(night["premiere_start"], "2025-02-01");
}

#[test]
fn a_moment_that_does_not_read_is_an_error_with_its_line() {
    let env = TestEnv::with_file(&WATCHLIST.replace(
        "2025-01-17 21:00 America/New_York",
        "2025-01-17 21:00 Mars/Olympus",
    ));
    let before = env.read();
    let run = env.run(&["check"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("watchlist.toml:9:"), "{run}");
    assert!(
        run.stderr.contains("unknown time zone \"Mars/Olympus\""),
        "{run}"
    );
    let run = env.run(&["set", "night", "--status", "airing"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        env.read(),
        before,
        "an invalid watchlist is never rewritten"
    );
}
