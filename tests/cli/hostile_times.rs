//! Air times from hostile input: hand edits of the typed episode keys, and TVmaze answers
//! shaped as real ones but odd (unknown zones, impossible air times, episodes of another
//! season, duplicates, a failing episode list).

use crate::common::tvmaze::{FakeTvmaze, Reply};
use crate::common::{TestEnv, json};

const HAND: &str = "version = 1\n[[show]]\ntitle = \"Hacks\"\nseason = 4\nstatus = \"airing\"\n\
                    premiere = \"2025-01-10\"\n";

#[test]
fn a_toml_date_is_a_next_day_as_it_is_a_premiere_and_a_time_without_a_zone_is_said_to_be_one() {
    let env = TestEnv::with_file(&format!("{HAND}next = 2025-02-07\naired = 4\n"));
    let run = env.run(&["check", "--today", "2025-02-01"]);
    assert_eq!(run.code, 0, "{run}");
    let shown = env.run(&["show", "Hacks", "--json", "--today", "2025-02-01"]);
    assert_eq!(shown.code, 0, "{shown}");
    assert_eq!(json(&shown.stdout)["next"], "2025-02-07");

    let env = TestEnv::with_file(&format!("{HAND}premiere_at = 2025-01-10T21:00:00\n"));
    let run = env.run(&["check"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains(":7:15: `premiere_at`: 2025-01-10T21:00:00 has no time zone"),
        "{run}"
    );
    assert!(!run.stderr.contains("panicked"), "{run}");
}

#[test]
fn more_episodes_aired_than_ordered_is_refused_when_typed_and_warned_when_hand_edited() {
    let text = format!("{HAND}aired = 3\nepisodes = 10\n");
    let env = TestEnv::with_file(&text);
    let run = env.run(&["set", "Hacks", "--aired", "12"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("12 episodes aired of 10 ordered"),
        "{run}"
    );
    assert_eq!(env.read(), text);
    let run = env.run(&["set", "Hacks", "--episodes", "2"]);
    assert_eq!(run.code, 2, "{run}");
    assert_eq!(env.read(), text);
    // Both at once, consistent: taken.
    let run = env.run(&["set", "Hacks", "--aired", "12", "--episodes", "12"]);
    assert_eq!(run.code, 0, "{run}");

    let env = TestEnv::with_file(&format!("{HAND}aired = 12\nepisodes = 10\n"));
    let run = env.run(&["check", "--today", "2025-02-01"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr
            .contains(":7:9: `aired` is 12, more than the 10 `episodes` ordered"),
        "{run}"
    );
}

/// A show of a network whose zone TVmaze names oddly, with a season 1 of ten episodes.
fn odd_show(server: &FakeTvmaze, zone: &str, next: Option<&str>) {
    let channel = format!(
        r#"{{"id": 1, "name": "Odd TV", "country": {{"name": "X", "code": "XX", "timezone": "{zone}"}}, "officialSite": null}}"#
    );
    let json = FakeTvmaze::aired_show_json(
        90901,
        "Odd Hours",
        &channel,
        "null",
        100,
        &[(1, Some("2025-01-03"), Some("2025-03-07"), Some(10))],
        next,
        None,
    );
    server.route(&FakeTvmaze::show_path(90901), Reply::Json(json));
    server.route("/updates/shows", Reply::Json(r#"{"90901": 100}"#.into()));
}

fn odd_env(server: &FakeTvmaze) -> TestEnv {
    let mut env = TestEnv::with_file(
        "version = 1\n[[show]]\ntitle = \"Odd Hours\"\nseason = 1\nstatus = \"airing\"\n\
         premiere = \"2025-01-03\"\ntvmaze = 90901\ntvmaze_updated = 1\n",
    );
    env.tvmaze = Some(server.url());
    env.today = "2025-01-27".into();
    env
}

#[test]
fn an_episode_list_that_fails_leaves_the_show_refreshed_and_is_asked_for_again() {
    let server = FakeTvmaze::start();
    odd_show(&server, "America/New_York", None);
    server.route("/seasons/9090101/episodes", Reply::Status(500));
    let env = odd_env(&server);
    let run = env.run(&["refresh"]);
    assert!(!run.stderr.contains("panicked"), "{run}");
    assert_eq!(run.code, 0, "{run}");
    assert!(env.read().contains("tvmaze_updated = 100"), "{run}");
    let run = env.run(&["refresh"]);
    assert!(
        server
            .requests()
            .iter()
            .filter(|r| r.starts_with("/seasons/"))
            .count()
            >= 2,
        "{run}\n{:?}",
        server.requests()
    );
}

#[test]
fn hostile_episodes_give_no_panic_no_invented_time_and_the_right_next_episode() {
    let server = FakeTvmaze::start();
    odd_show(&server, "Mars/Olympus", None);
    let ep = FakeTvmaze::episode_json;
    let listed = [
        // A special first, then episodes of another season, a duplicate, impossible times.
        ep(
            1,
            None,
            "2025-01-02",
            "21:00",
            Some("2025-01-03T02:00:00+00:00"),
        ),
        ep(
            1,
            Some(1),
            "2025-01-03",
            "21:00",
            Some("2025-01-04T02:00:00+00:00"),
        ),
        ep(
            1,
            Some(1),
            "2025-01-03",
            "21:00",
            Some("2025-01-04T02:00:00+00:00"),
        ),
        ep(
            2,
            Some(2),
            "2025-01-10",
            "21:00",
            Some("2025-01-11T02:00:00+00:00"),
        ),
        ep(
            1,
            Some(2),
            "2025-01-31",
            "25:99",
            Some("2025-02-01T02:00:00+00:00"),
        ),
        ep(1, Some(3), "2025-02-07", "21:00", None),
        ep(
            1,
            Some(4),
            "2025-02-14",
            "21:00",
            Some("2025-02-15T02:00:00+14:00"),
        ),
    ];
    server.route(
        "/seasons/9090101/episodes",
        Reply::Json(format!("[{}]", listed.join(","))),
    );
    let env = odd_env(&server);
    let run = env
        .command(&["refresh"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let run = crate::common::Run::from(run);
    assert!(!run.stderr.contains("panicked"), "{run}");
    assert_eq!(run.code, 0, "{run}");
    let shown = env
        .command(&["show", "Odd Hours", "--json", "--tz", "Europe/Berlin"])
        .env("AIRDATE_NOW", "2025-01-27T12:00:00Z")
        .output()
        .unwrap();
    let shown = crate::common::Run::from(shown);
    assert_eq!(shown.code, 0, "{shown}");
    let value = json(&shown.stdout);
    eprintln!("{:#}", value);
    // E2's air time is no time: it is on its day, untimed.
    assert_eq!(value["next_episode"]["episode"], 2, "{value:#}");
}

#[test]
fn an_import_whose_premiere_zone_is_none_is_refused_rather_than_moved_to_utc() {
    let env = TestEnv::with_file("version = 1\n");
    let before = env.read();
    let csv = env.dir().join("h.csv");
    std::fs::write(
        &csv,
        "title,premiere,premiere_at,premiere_zone\n\
         X,2025-01-17,2025-01-18T03:00:00+01:00,Mars/Olympus\n",
    )
    .unwrap();
    let run = env.run(&["import", csv.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains("`premiere_zone`: unknown time zone \"Mars/Olympus\""),
        "{run}"
    );
    assert_eq!(env.read(), before, "nothing imported");
    let json = env.dir().join("h.json");
    std::fs::write(
        &json,
        r#"[{"title": "X", "premiere": "2025-01-18", "premiere_at": "2025-01-18T03:00:00+01:00",
             "premiere_zone": "Mars/Olympus"}]"#,
    )
    .unwrap();
    let run = env.run(&["import", json.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("record 1"), "{run}");
    assert_eq!(env.read(), before, "nothing imported");
}
