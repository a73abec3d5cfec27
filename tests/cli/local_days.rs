//! Days where the user lives: a premiere's moment on the user's day and clock (`--tz`), the
//! agenda (`week`), the episodes of a season that airs, and the options that type them.

use crate::common::{Run, TestEnv, json};
use insta::assert_snapshot;

/// A US network premiere at 21:00 Eastern, a weekly show typed by hand, and a floating day.
const WATCHLIST: &str = r#"version = 1

[[show]]
title = "Severance"
network = "Apple TV+"
season = 2
status = "scheduled"
premiere = "2025-01-17"
premiere_at = "2025-01-17 21:00 America/New_York"

[[show]]
title = "Floating"
network = "Netflix"
season = 1
status = "scheduled"
premiere = "2025-01-18"
"#;

/// The moment runs see as now: noon UTC on the premiere's day.
const NOW: &str = "2025-01-17T12:00:00Z";

/// The test's watchlist, on the premiere's day.
fn env(text: &str) -> TestEnv {
    let mut env = TestEnv::with_file(text);
    env.today = "2025-01-17".to_string();
    env
}

/// Runs airdate at [`NOW`].
fn run(env: &TestEnv, args: &[&str]) -> Run {
    Run::from(
        env.command(args)
            .env("AIRDATE_NOW", NOW)
            .output()
            .expect("airdate runs"),
    )
}

#[test]
fn a_new_york_evening_premiere_is_tomorrow_in_berlin_and_tokyo_and_today_in_los_angeles() {
    let env = env(WATCHLIST);
    assert_snapshot!(run(&env, &["--tz", "Europe/Berlin", "upcoming"]), @r"
    Premiere          When      Title      Season  Network    Status
    ───────────────────────────────────────────────────────────────────
    2025-01-18 03:00  tomorrow  Severance       2  Apple TV+  scheduled
    2025-01-18        tomorrow  Floating        1  Netflix    scheduled
    [exit 0]
    ");
    assert_snapshot!(run(&env, &["--tz", "Asia/Tokyo", "upcoming"]), @r"
    Premiere          When      Title      Season  Network    Status
    ───────────────────────────────────────────────────────────────────
    2025-01-18 11:00  tomorrow  Severance       2  Apple TV+  scheduled
    2025-01-18        tomorrow  Floating        1  Netflix    scheduled
    [exit 0]
    ");
    assert_snapshot!(run(&env, &["--tz", "America/Los_Angeles", "upcoming"]), @r"
    Premiere          When      Title      Season  Network    Status
    ───────────────────────────────────────────────────────────────────
    2025-01-17 18:00  today     Severance       2  Apple TV+  airing*
    2025-01-18        tomorrow  Floating        1  Netflix    scheduled
    [exit 0]
    ");
    let shown = json(&run(&env, &["--tz", "Asia/Tokyo", "upcoming", "--json"]).stdout);
    let severance = shown
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == "Severance")
        .unwrap();
    assert_eq!(severance["premiere_at"], "2025-01-18T11:00:00+09:00");
    assert_eq!(severance["days_until"], 1);
}

#[test]
fn show_gives_both_clocks() {
    let env = env(WATCHLIST);
    let page = run(&env, &["--tz", "Europe/Berlin", "show", "Severance"]).stdout;
    assert!(
        page.contains("Premiere  2025-01-18 03:00 (tomorrow)\n"),
        "{page}"
    );
    assert!(
        page.contains("Airs      Sat 18 Jan 03:00 CET — Fri 17 Jan 21:00 EST, Apple TV+\n"),
        "{page}"
    );
    // Its day moved to the user's is no slip.
    assert!(!page.contains("slipped"), "{page}");
    let page = run(&env, &["--tz", "America/New_York", "show", "Severance"]).stdout;
    assert!(
        page.contains("Airs      Fri 17 Jan 21:00 EST, Apple TV+\n"),
        "{page}"
    );
}

#[test]
fn week_lists_by_local_day_in_every_zone() {
    let env = env(WATCHLIST);
    assert_snapshot!(run(&env, &["--tz", "Europe/Berlin", "week"]), @r"
    Day             Time   Show       What
    ─────────────────────────────────────────────
    Sat 2025-01-18  03:00  Severance  premiere S2
                           Floating   premiere S1
    [exit 0]
    ");
    assert_snapshot!(run(&env, &["--tz", "America/Los_Angeles", "week"]), @r"
    Day             Time   Show       What
    ─────────────────────────────────────────────
    Fri 2025-01-17  18:00  Severance  premiere S2
    Sat 2025-01-18         Floating   premiere S1
    [exit 0]
    ");
    assert_snapshot!(run(&env, &["--tz", "Asia/Tokyo", "week", "--json"]), @r#"
    [
      {
        "date": "2025-01-18",
        "at": "2025-01-18T11:00:00+09:00",
        "title": "Severance",
        "kind": "premiere",
        "season": 2,
        "episode": null,
        "name": null
      },
      {
        "date": "2025-01-18",
        "at": null,
        "title": "Floating",
        "kind": "premiere",
        "season": 1,
        "episode": null,
        "name": null
      }
    ]
    [exit 0]
    "#);
    assert_snapshot!(run(&env, &["week", "--days", "1"]), @r"
    [stderr]
    Nothing airs today; `airdate upcoming` lists the premieres to come.
    [exit 0]
    ");
    let run = run(&env, &["week", "--days", "0"]);
    assert_eq!(run.code, 2, "{run}");
}

#[test]
fn a_day_without_a_time_is_never_shifted() {
    let env = env(WATCHLIST);
    for zone in [
        "Pacific/Kiritimati",
        "Pacific/Pago_Pago",
        "Asia/Tokyo",
        "UTC",
    ] {
        let shown = json(&run(&env, &["--tz", zone, "show", "Floating", "--json"]).stdout);
        assert_eq!(shown["premiere_start"], "2025-01-18", "{zone}");
        assert_eq!(shown["premiere_at"], serde_json::Value::Null, "{zone}");
        let week = json(&run(&env, &["--tz", zone, "week", "--json"]).stdout);
        let floating: Vec<_> = week
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["title"] == "Floating")
            .collect();
        assert_eq!(floating[0]["date"], "2025-01-18", "{zone}");
        assert_eq!(floating[0]["at"], serde_json::Value::Null, "{zone}");
    }
}

#[test]
fn a_weekly_slot_across_a_daylight_saving_change() {
    // New York moves its clocks on 9 March, Berlin on 30 March: the 21:00 slot is at 03:00 in
    // Berlin one week and 02:00 the next.
    let env = env(WATCHLIST);
    let week = |next: &str| {
        let _ = env.ok(&["set", "Severance", "--status", "airing", "--next", next]);
        let week = json(
            &run(
                &env,
                &["--tz", "Europe/Berlin", "week", "--days", "366", "--json"],
            )
            .stdout,
        );
        week.as_array()
            .unwrap()
            .iter()
            .find(|i| i["kind"] == "episode")
            .map(|i| i["at"].clone())
    };
    assert_eq!(
        week("2025-03-07 21:00 America/New_York"),
        Some("2025-03-08T03:00:00+01:00".into())
    );
    assert_eq!(
        week("2025-03-14 21:00 America/New_York"),
        Some("2025-03-15T02:00:00+01:00".into())
    );
}

#[test]
fn a_show_typed_by_hand_carries_its_next_episode_and_count() {
    let env = env(WATCHLIST);
    assert_snapshot!(run(&env, &["add", "Hacks", "--season", "4", "--status", "airing",
        "--premiere", "2025-01-02", "--next", "2025-01-20 21:00 ET", "--aired", "4",
        "--episodes", "10"]), @r"
    Added Hacks (season 4): airing, premiere 2025-01-02
    [exit 0]
    ");
    assert_snapshot!(run(&env, &["set", "Hacks", "--aired", "5", "--next", "2025-01-19"]), @r#"
    Updated "Hacks":
      aired: 4 → 5
      next: 2025-01-20 21:00 America/New_York → 2025-01-19
    [exit 0]
    "#);
    let page = run(&env, &["--tz", "Europe/Berlin", "show", "Hacks"]).stdout;
    assert!(
        page.contains("Next      S4E6 — 2025-01-19 (in 2 days)\n"),
        "{page}"
    );
    assert!(page.contains("Episodes  5 of 10 (5 left)\n"), "{page}");
    let _ = env.ok(&["set", "Hacks", "--next", "2025-01-20 21:00 ET"]);
    assert_snapshot!(run(&env, &["--tz", "Europe/Berlin", "week"]), @r"
    Day             Time   Show       What
    ─────────────────────────────────────────────
    Sat 2025-01-18  03:00  Severance  premiere S2
                           Floating   premiere S1
    Tue 2025-01-21  03:00  Hacks      S4E6
    [exit 0]
    ");
    let page = run(&env, &["--tz", "Europe/Berlin", "show", "Hacks"]).stdout;
    assert!(
        page.contains("Next      S4E6 — Tue 21 Jan 03:00 CET (in 4 days)\n"),
        "{page}"
    );
    // The episodes listed have aired and more are ordered: a break.
    let _ = env.ok(&["set", "Hacks", "--next", "2025-01-10"]);
    let page = run(&env, &["show", "Hacks"]).stdout;
    assert!(
        page.contains("Break     on a break, returns TBA\n"),
        "{page}"
    );
    let list = run(&env, &["list"]).stdout;
    assert!(list.contains("airing (break)"), "{list}");
    let _ = env.ok(&["set", "Hacks", "--next", ""]);
    assert!(!env.read().contains("next ="), "{}", env.read());
}

#[test]
fn airs_times_a_premiere_day_and_nothing_else() {
    let env = env(WATCHLIST);
    let _ = env.ok(&["add", "Later", "--premiere", "2025-Q2"]);
    let before = env.read();
    assert_snapshot!(run(&env, &["set", "Later", "--airs", "21:00 ET"]), @r#"
    [stderr]
    error: --airs gives the time of a premiere day, and the premiere of "Later" is the window Q2 2025; set the day too: --premiere "2025-01-17 21:00 ET"
    [exit 2]
    "#);
    assert_snapshot!(run(&env, &["set", "Later", "--premiere", "2025-Q3 21:00"]), @r#"
    [stderr]
    error: a premiere with a time of day is a day, not the window Q3 2025; give the day and its time, such as --premiere "2025-01-17 21:00 ET"
    [exit 2]
    "#);
    assert_snapshot!(run(&env, &["set", "Later", "--airs", "25:00"]), @r#"
    [stderr]
    error: invalid value '25:00' for '--airs <TIME>': "25:00" is not a time of day; give it as HH:MM with a zone, such as "21:00 ET" or "21:00 America/New_York"

    For more information, try '--help'.
    [exit 2]
    "#);
    assert_snapshot!(run(&env, &["set", "Later", "--next", "2025-04"]), @r#"
    [stderr]
    error: --next takes the day of the next episode, with its time if known ("2025-02-07" or "2025-02-07 21:00 ET"), or "" to clear it; not Apr 2025
    [exit 2]
    "#);
    assert_eq!(env.read(), before);
    assert_snapshot!(run(&env, &["set", "Floating", "--airs", "9pm PT"]), @r#"
    Updated "Floating":
      premiere_at: - → 2025-01-18 21:00 America/Los_Angeles
    [exit 0]
    "#);
    assert!(
        env.read().contains(
            "premiere = \"2025-01-18\"\npremiere_at = \"2025-01-18 21:00 America/Los_Angeles\"\n"
        ),
        "{}",
        env.read()
    );
}

#[test]
fn a_premiere_typed_without_a_time_has_none() {
    let env = env(WATCHLIST);
    assert_snapshot!(run(&env, &["set", "Severance", "--premiere", "2025-01-24"]), @r#"
    Updated "Severance":
      premiere: 2025-01-17 → 2025-01-24
      premiere_at: 2025-01-17 21:00 America/New_York → -
    [exit 0]
    "#);
    let text = env.read();
    let severance = &text
        [text.find("title = \"Severance\"").unwrap()..text.find("title = \"Floating\"").unwrap()];
    assert!(severance.starts_with(
        "title = \"Severance\"\nnetwork = \"Apple TV+\"\nseason = 2\nstatus = \"scheduled\"\npremiere = \"2025-01-24\"\n\n"
    ), "{severance}");
    // A time without a zone is in the user's.
    let _ = env.ok(&[
        "--tz",
        "Europe/Berlin",
        "set",
        "Severance",
        "--premiere",
        "Jan 24 2025 9pm",
    ]);
    assert!(
        env.read()
            .contains("premiere_at = \"2025-01-24 21:00 Europe/Berlin\"\n")
    );
}

#[test]
fn news_puts_a_premiere_on_the_local_day() {
    let mut env = env(WATCHLIST);
    env.today = "2025-01-18".to_string();
    let news = |zone: &str| {
        let run = env
            .command(&["--tz", zone, "news", "--since", "2025-01-10", "--json"])
            .env("AIRDATE_NOW", "2025-01-18T12:00:00Z")
            .output()
            .unwrap();
        let events = json(&String::from_utf8(run.stdout).unwrap());
        events
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["title"] == "Severance" && e["kind"] == "premiere")
            .map(|e| e["date"].clone())
    };
    assert_eq!(news("Europe/Berlin"), Some("2025-01-18".into()));
    assert_eq!(news("America/Los_Angeles"), Some("2025-01-17".into()));
}

#[test]
fn tables_fit_80_columns() {
    let env = env(&format!(
        "{WATCHLIST}\n[[show]]\ntitle = \"A Very Long Title That Goes On And On For Ever And Ever\"\n\
         network = \"A Network With A Long Name\"\nseason = 12\nstatus = \"airing\"\n\
         premiere = \"2025-01-03\"\npremiere_at = \"2025-01-03 21:00 ET\"\nnext = \"2025-01-19 21:00 ET\"\naired = 2\n"
    ));
    for args in [&["week"][..], &["list"], &["upcoming", "--recent"]] {
        let shown = env
            .command(args)
            .env("AIRDATE_NOW", NOW)
            .env("COLUMNS", "80")
            .output()
            .unwrap();
        let shown = String::from_utf8(shown.stdout).unwrap();
        for line in shown.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= 80,
                "{args:?}:\n{shown}"
            );
        }
        assert!(shown.contains("A Very"), "{args:?}:\n{shown}");
    }
}

#[test]
fn csv_carries_the_premiere_moment_and_import_reads_it_back() {
    let env = env(WATCHLIST);
    let csv = run(
        &env,
        &["--tz", "Europe/Berlin", "export", "--format", "csv"],
    )
    .stdout;
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",added,premiere_at,premiere_zone"),
        "{header}"
    );
    assert!(
        csv.contains(",2025-01-18T03:00:00+01:00,America/New_York\r\n"),
        "{csv}"
    );
    let other = TestEnv::new();
    let path = other.dir().join("shows.csv");
    std::fs::write(&path, &csv).unwrap();
    let _ = other.ok(&["import", path.to_str().unwrap()]);
    assert!(
        other.read().contains(
            "premiere = \"2025-01-17\"\npremiere_at = \"2025-01-17 21:00 America/New_York\"\n"
        ),
        "{}",
        other.read()
    );
}

/// A linked show airing its second season, and the episodes a refresh kept of it: a
/// special, a three-week break before episode 3, a finale, and a name meant to take over the
/// terminal.
fn listed() -> (TestEnv, std::path::PathBuf) {
    let env = env(
        "version = 1\n\n[[show]]\ntitle = \"Listed\"\nnetwork = \"ABC\"\nseason = 2\n\
         status = \"airing\"\npremiere = \"2025-01-03\"\nepisodes = 4\ntvmaze = 77\n",
    );
    let state = env.dir().join("state");
    std::fs::create_dir_all(&state).unwrap();
    let episode = |number: Option<u32>, special: bool, at: &str, name: &str| {
        serde_json::json!({"season": 2, "number": number, "special": special, "name": name,
            "day": &at[..10], "at": at})
    };
    let episodes = serde_json::json!({
        "format": "airdate-episodes-1",
        "shows": {"77": {"updated": null, "season": 2, "episodes": [
            episode(Some(1), false, "2025-01-03 21:00 America/New_York", "One"),
            episode(Some(2), false, "2025-01-10 21:00 America/New_York", "Two"),
            episode(None, true, "2025-01-17 21:00 America/New_York", "Special"),
            episode(Some(3), false, "2025-02-07 21:00 America/New_York",
                "Three\u{1b}]0;owned\u{7}\u{202e}"),
            episode(Some(4), false, "2025-02-14 21:00 America/New_York", "Four"),
        ]}}
    });
    let file = airdate::store::episodes::file_in(&state, &env.file());
    std::fs::write(file, episodes.to_string()).unwrap();
    (env, state)
}

#[test]
fn kept_episodes_give_the_next_one_the_break_and_the_finale_escaped() {
    let (env, state) = listed();
    let run = |args: &[&str]| {
        Run::from(
            env.command(args)
                .env("AIRDATE_NOW", NOW)
                .env("AIRDATE_STATE_DIR", &state)
                .output()
                .unwrap(),
        )
    };
    let page = run(&["--tz", "Europe/Berlin", "show", "Listed"]).stdout;
    for line in [
        // The special is no next episode, and the name reaches the terminal escaped.
        "Next      S2E3 “Three\\u{1b}]0;owned\\u{7}\\u{202e}” — Sat 8 Feb 03:00 CET (in 22 days)\n",
        "Break     on a break, returns 2025-02-08\n",
        "Finale    S2E4 “Four” — Sat 15 Feb 03:00 CET (in 29 days)\n",
        "Episodes  2 of 4 (2 left)\n",
    ] {
        assert!(page.contains(line), "{line}\n{page}");
    }
    assert_snapshot!(run(&["--tz", "Europe/Berlin", "week", "--days", "30"]), @r"
    Day             Time   Show    What
    ──────────────────────────────────────────────────────────────────────
    Sat 2025-02-08  03:00  Listed  S2E3 “Three\u{1b}]0;owned\u{7}\u{202e}”
    Sat 2025-02-15  03:00  Listed  finale S2E4 “Four”
    [exit 0]
    ");
    let week = json(&run(&["week", "--days", "30", "--json"]).stdout);
    assert_eq!(week[0]["name"], "Three\u{1b}]0;owned\u{7}\u{202e}");
    assert_eq!(week.as_array().unwrap().len(), 2, "{week}");
}
