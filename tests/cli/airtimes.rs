//! Air times, episodes and the request budget, against the tests' own TVmaze (see
//! `common/tvmaze.rs`) with answers shaped as TVmaze's: network shows with their country's
//! zone, a streaming service without one, placeholder air stamps, broadcast days before the
//! moment, seasons whose listed episodes stop short of their order, specials.

use crate::common::tvmaze::{FakeTvmaze, Reply};
use crate::common::{Run, TestEnv, json};

const NEW_YORK: Option<&str> = Some("America/New_York");

/// A watchlist of `text` on `today`, talking to `server`.
fn env(server: &FakeTvmaze, today: &str, text: &str) -> TestEnv {
    let mut env = TestEnv::with_file(&format!("version = 1\n{text}"));
    env.tvmaze = Some(server.url());
    env.today = today.into();
    env
}

/// A linked show of the watchlist, fetched at TVmaze's change time 1.
fn linked(title: &str, id: u32, season: u32, status: &str, premiere: &str) -> String {
    format!(
        "\n[[show]]\ntitle = \"{title}\"\nseason = {season}\nstatus = \"{status}\"\n\
         premiere = \"{premiere}\"\ntvmaze = {id}\ntvmaze_updated = 1\n"
    )
}

/// Runs airdate at the moment `now` (RFC 3339) on the day `today`.
fn at(env: &TestEnv, now: &str, today: &str, args: &[&str]) -> Run {
    let output = env
        .command(args)
        .env("AIRDATE_NOW", now)
        .env("AIRDATE_TODAY", today)
        .output()
        .expect("airdate runs");
    Run::from(output)
}

/// The show `title`'s JSON at `now` on `today`, in `zone`.
fn seen(env: &TestEnv, title: &str, now: &str, today: &str, zone: &str) -> serde_json::Value {
    let run = at(env, now, today, &["show", title, "--json", "--tz", zone]);
    assert_eq!(run.code, 0, "{run}");
    json(&run.stdout)
}

/// Harbor Lights (90001, a US network show): season 2 premieres Friday 17 January 2025 at
/// 21:00 in New York, 02:00 UTC on the 18th; three of its ten episodes are listed.
fn harbor(server: &FakeTvmaze) {
    let e1 = FakeTvmaze::episode_json(
        2,
        Some(1),
        "2025-01-17",
        "21:00",
        Some("2025-01-18T02:00:00+00:00"),
    );
    let listed = [
        e1.clone(),
        FakeTvmaze::episode_json(
            2,
            Some(2),
            "2025-01-24",
            "21:00",
            Some("2025-01-25T02:00:00+00:00"),
        ),
        FakeTvmaze::episode_json(
            2,
            Some(3),
            "2025-01-31",
            "21:00",
            Some("2025-02-01T02:00:00+00:00"),
        ),
    ];
    // An older answer: the previous episode's stamp carries New York's offset.
    let previous = FakeTvmaze::episode_json(
        1,
        Some(10),
        "2024-03-15",
        "21:00",
        Some("2024-03-15T21:00:00-04:00"),
    );
    let json = FakeTvmaze::aired_show_json(
        90001,
        "Harbor Lights",
        &FakeTvmaze::channel_json("ABC", NEW_YORK),
        "null",
        100,
        &[
            (1, Some("2024-01-05"), Some("2024-03-15"), Some(10)),
            (2, Some("2025-01-17"), Some("2025-01-31"), Some(10)),
        ],
        Some(&e1),
        Some(&previous),
    );
    server.route(&FakeTvmaze::show_path(90001), Reply::Json(json));
    server.route(
        "/seasons/9000102/episodes",
        Reply::Json(format!("[{}]", listed.join(","))),
    );
    server.route("/updates/shows", Reply::Json(r#"{"90001": 100}"#.into()));
}

#[test]
fn a_new_york_premiere_is_on_each_users_own_day_and_the_file_keeps_new_yorks() {
    let server = FakeTvmaze::start();
    harbor(&server);
    let env = env(
        &server,
        "2025-01-10",
        &linked("Harbor Lights", 90001, 2, "announced", "TBA"),
    );
    let run = env.run(&["refresh"]);
    assert_eq!(run.code, 0, "{run}");
    // The updates, the show, and season 2's episodes once: counted and kept from one answer.
    assert_eq!(
        server.requests(),
        [
            "/updates/shows",
            &FakeTvmaze::show_path(90001),
            "/seasons/9000102/episodes"
        ]
    );
    let file = env.read();
    assert_eq!(
        file,
        "version = 1\n\n[[show]]\ntitle = \"Harbor Lights\"\nseason = 2\nstatus = \"scheduled\"\n\
         premiere = \"2025-01-17\"\ntvmaze = 90001\ntvmaze_updated = 100\nnetwork = \"ABC\"\n\
         premiere_at = \"2025-01-17 21:00 America/New_York\"\nfinale = \"2025-01-31\"\n\
         finale_provisional = true\nepisodes = 10\n\n[[show.history]]\ndate = \"2025-01-10\"\n\
         status = \"scheduled\"\nseason = 2\npremiere = \"2025-01-17\"\nnote = \"TVmaze\"\n"
    );
    let now = "2025-01-10T12:00:00Z";
    for (zone, at, day, days) in [
        (
            "Europe/Berlin",
            "2025-01-18T03:00:00+01:00",
            "2025-01-18",
            8,
        ),
        ("Asia/Tokyo", "2025-01-18T11:00:00+09:00", "2025-01-18", 8),
        (
            "America/Los_Angeles",
            "2025-01-17T18:00:00-08:00",
            "2025-01-17",
            7,
        ),
        (
            "America/New_York",
            "2025-01-17T21:00:00-05:00",
            "2025-01-17",
            7,
        ),
    ] {
        let show = seen(&env, "Harbor Lights", now, "2025-01-10", zone);
        assert_eq!(show["premiere_at"], at, "{zone}");
        assert_eq!(show["premiere_zone"], "America/New_York", "{zone}");
        assert_eq!(show["premiere_start"], day, "{zone}");
        assert_eq!(show["days_until"], days, "{zone}");
        assert_eq!(show["next_episode"]["at"], at, "{zone}");
    }
    // The premiere's local time beside its day.
    let table = |when: &str, days: u32| {
        format!(
            "Premiere          When       Title          Season  Network  Status\n{}\n\
             {when}  in {days} days  Harbor Lights       2  ABC      scheduled\n",
            "─".repeat(70)
        )
    };
    // Berlin's day is no slip of New York's.
    for (zone, when, days) in [
        ("Europe/Berlin", "2025-01-18 03:00", 8),
        ("America/Los_Angeles", "2025-01-17 18:00", 7),
    ] {
        let upcoming = at(&env, now, "2025-01-10", &["upcoming", "--tz", zone]);
        assert_eq!(upcoming.code, 0, "{upcoming}");
        assert_eq!(upcoming.stdout, table(when, days), "{zone}");
    }
    // Every subscriber's calendar has the one instant, whoever exported it.
    for zone in ["Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles"] {
        let ics = at(
            &env,
            now,
            "2025-01-10",
            &["export", "--format", "ics", "--tz", zone],
        );
        assert_eq!(ics.code, 0, "{ics}");
        let mut parser = ical::IcalParser::new(ics.stdout.as_bytes());
        let calendar = parser.next().expect("a calendar").expect("it parses");
        let starts: Vec<String> = calendar
            .events
            .iter()
            .flat_map(|e| &e.properties)
            .filter(|p| p.name == "DTSTART")
            .filter_map(|p| p.value.clone())
            .collect();
        assert!(
            starts.contains(&"20250118T020000Z".to_string()),
            "{zone}: {starts:?}"
        );
    }
    // Views never write: the file still has New York's day.
    assert_eq!(env.read(), file);
}

#[test]
fn a_four_oclock_show_is_on_the_day_of_its_moment_not_its_broadcast_day() {
    let server = FakeTvmaze::start();
    // Broadcast on TVmaze's Monday 3 February, at 04:00 on Tuesday morning in New York.
    let e1 = FakeTvmaze::episode_json(
        1,
        Some(1),
        "2025-02-03",
        "04:00",
        Some("2025-02-04T09:00:00+00:00"),
    );
    let json = FakeTvmaze::aired_show_json(
        90002,
        "Morning Brew",
        &FakeTvmaze::channel_json("NBC", NEW_YORK),
        "null",
        5,
        &[(1, Some("2025-02-03"), Some("2025-02-03"), None)],
        Some(&e1),
        None,
    );
    server.route(&FakeTvmaze::show_path(90002), Reply::Json(json));
    let env = env(&server, "2025-01-20", "");
    let run = env.run(&["add", "--tvmaze", "90002"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(server.requests(), [FakeTvmaze::show_path(90002)]);
    let file = env.read();
    assert!(
        file.contains(
            "premiere = \"2025-02-04\"\npremiere_at = \"2025-02-04 04:00 America/New_York\"\n"
        ),
        "{file}"
    );
    let show = seen(
        &env,
        "Morning Brew",
        "2025-01-20T12:00:00Z",
        "2025-01-20",
        "Europe/Berlin",
    );
    assert_eq!(show["premiere_at"], "2025-02-04T10:00:00+01:00");
    assert_eq!(show["premiere_start"], "2025-02-04");
    assert_eq!(show["days_until"], 15);
}

#[test]
fn a_streaming_show_without_an_air_time_is_a_floating_day_and_its_placeholder_is_never_shown() {
    let server = FakeTvmaze::start();
    // Netflix's placeholder: noon UTC, with no air time.
    let e1 = FakeTvmaze::episode_json(
        1,
        Some(1),
        "2025-03-20",
        "",
        Some("2025-03-20T12:00:00+00:00"),
    );
    let e2 = FakeTvmaze::episode_json(
        1,
        Some(2),
        "2025-03-20",
        "",
        Some("2025-03-20T12:00:00+00:00"),
    );
    let json = FakeTvmaze::aired_show_json(
        90003,
        "Glass Harbor",
        "null",
        &FakeTvmaze::channel_json("Netflix", None),
        7,
        &[(1, Some("2025-03-20"), Some("2025-03-20"), Some(2))],
        Some(&e1),
        None,
    );
    server.route(&FakeTvmaze::show_path(90003), Reply::Json(json));
    server.route(
        "/seasons/9000301/episodes",
        Reply::Json(format!("[{e1},{e2}]")),
    );
    server.route("/updates/shows", Reply::Json(r#"{"90003": 7}"#.into()));
    let env = env(
        &server,
        "2025-03-10",
        &linked("Glass Harbor", 90003, 1, "announced", "TBA"),
    );
    let run = env.run(&["refresh"]);
    assert_eq!(run.code, 0, "{run}");
    let file = env.read();
    assert!(file.contains("premiere = \"2025-03-20\"\n"), "{file}");
    assert!(!file.contains("premiere_at"), "{file}");
    for zone in ["Asia/Tokyo", "America/Los_Angeles", "Pacific/Kiritimati"] {
        let show = seen(
            &env,
            "Glass Harbor",
            "2025-03-10T12:00:00Z",
            "2025-03-10",
            zone,
        );
        assert_eq!(show["premiere_at"], serde_json::Value::Null, "{zone}");
        assert_eq!(show["premiere_start"], "2025-03-20", "{zone}");
        assert_eq!(show["days_until"], 10, "{zone}");
        assert_eq!(show["next_episode"]["date"], "2025-03-20", "{zone}");
        assert_eq!(
            show["next_episode"]["at"],
            serde_json::Value::Null,
            "{zone}"
        );
        let upcoming = at(
            &env,
            "2025-03-10T12:00:00Z",
            "2025-03-10",
            &["upcoming", "--tz", zone],
        );
        assert!(upcoming.stdout.contains("2025-03-20"), "{upcoming}");
        assert!(!upcoming.stdout.contains(":00"), "{upcoming}");
        let page = at(
            &env,
            "2025-03-10T12:00:00Z",
            "2025-03-10",
            &["show", "Glass Harbor", "--tz", zone],
        );
        assert!(
            !page.stdout.contains("12:00") && !page.stdout.contains("21:00"),
            "{page}"
        );
    }
}

/// Weekly at 21:00 in New York, on Fridays across the change to summer time (9 March in the
/// US, 30 March in Europe): 03:00 in Berlin, then 02:00.
#[test]
fn a_weekly_show_across_daylight_saving_keeps_new_yorks_time_and_moves_berlins() {
    let server = FakeTvmaze::start();
    let listed = [
        FakeTvmaze::episode_json(
            4,
            Some(1),
            "2025-02-28",
            "21:00",
            Some("2025-03-01T02:00:00+00:00"),
        ),
        FakeTvmaze::episode_json(
            4,
            Some(2),
            "2025-03-07",
            "21:00",
            Some("2025-03-07T21:00:00-05:00"),
        ),
        FakeTvmaze::episode_json(
            4,
            Some(3),
            "2025-03-14",
            "21:00",
            Some("2025-03-14T21:00:00-04:00"),
        ),
    ];
    let json = FakeTvmaze::aired_show_json(
        90004,
        "Tidewater",
        &FakeTvmaze::channel_json("CBS", NEW_YORK),
        "null",
        9,
        &[(4, Some("2025-02-28"), Some("2025-03-14"), Some(3))],
        Some(&listed[1]),
        Some(&listed[0]),
    );
    server.route(&FakeTvmaze::show_path(90004), Reply::Json(json));
    server.route(
        "/seasons/9000404/episodes",
        Reply::Json(format!("[{}]", listed.join(","))),
    );
    server.route("/updates/shows", Reply::Json(r#"{"90004": 9}"#.into()));
    let env = env(
        &server,
        "2025-03-03",
        &linked("Tidewater", 90004, 4, "airing", "2025-02-28"),
    );
    assert_eq!(
        at(&env, "2025-03-03T12:00:00Z", "2025-03-03", &["refresh"]).code,
        0
    );
    let asked = server.requests().len();
    for (now, today, berlin, new_york) in [
        (
            "2025-03-03T12:00:00Z",
            "2025-03-03",
            "2025-03-08T03:00:00+01:00",
            "2025-03-07T21:00:00-05:00",
        ),
        (
            "2025-03-10T12:00:00Z",
            "2025-03-10",
            "2025-03-15T02:00:00+01:00",
            "2025-03-14T21:00:00-04:00",
        ),
    ] {
        let show = seen(&env, "Tidewater", now, today, "Europe/Berlin");
        assert_eq!(show["next_episode"]["at"], berlin, "{now}");
        let show = seen(&env, "Tidewater", now, today, "America/New_York");
        assert_eq!(show["next_episode"]["at"], new_york, "{now}");
    }
    assert_eq!(server.requests().len(), asked, "views ask TVmaze nothing");
}

/// Long Haul (90005): season 3 of 10 ordered, weekly on Fridays, a special between episodes 2
/// and 3, four weeks off after episode 3, and only five episodes listed.
fn long_haul(server: &FakeTvmaze) {
    let ep = |n: u32, day: &str, stamp: &str| {
        FakeTvmaze::episode_json(3, Some(n), day, "21:00", Some(stamp))
    };
    // An HBO-style special without an air time: its 17:00 UTC is a placeholder.
    let special = FakeTvmaze::episode_json(3, None, "2025-01-12", "", Some("2025-01-12T17:00:00Z"));
    let listed = [
        ep(1, "2025-01-03", "2025-01-04T02:00:00+00:00"),
        ep(2, "2025-01-10", "2025-01-11T02:00:00+00:00"),
        special,
        ep(3, "2025-01-17", "2025-01-18T02:00:00+00:00"),
        ep(4, "2025-02-14", "2025-02-15T02:00:00+00:00"),
        ep(5, "2025-02-21", "2025-02-22T02:00:00+00:00"),
    ];
    let json = FakeTvmaze::aired_show_json(
        90005,
        "Long Haul",
        &FakeTvmaze::channel_json("FX", NEW_YORK),
        "null",
        20,
        &[(3, Some("2025-01-03"), Some("2025-02-21"), Some(10))],
        Some(&listed[2]),
        Some(&listed[1]),
    );
    server.route(&FakeTvmaze::show_path(90005), Reply::Json(json));
    server.route(
        "/seasons/9000503/episodes",
        Reply::Json(format!("[{}]", listed.join(","))),
    );
    server.route("/updates/shows", Reply::Json(r#"{"90005": 20}"#.into()));
}

#[test]
fn the_next_episode_skips_specials_returns_after_a_break_and_is_none_past_the_listed_ones() {
    let server = FakeTvmaze::start();
    long_haul(&server);
    let env = env(
        &server,
        "2025-01-11",
        &linked("Long Haul", 90005, 3, "airing", "2025-01-03"),
    );
    let run = at(&env, "2025-01-11T12:00:00Z", "2025-01-11", &["refresh"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        server.requests(),
        [
            "/updates/shows",
            &FakeTvmaze::show_path(90005),
            "/seasons/9000503/episodes"
        ]
    );
    let file = env.read();
    assert!(file.contains("episodes = 10\n"), "{file}");
    assert!(
        file.contains("premiere_at = \"2025-01-03 21:00 America/New_York\"\n"),
        "{file}"
    );
    let next = |now: &str, today: &str| {
        seen(&env, "Long Haul", now, today, "America/New_York")["next_episode"].clone()
    };
    // After episode 2, on the day of the special: episode 3, never the special.
    let after_two = next("2025-01-12T18:00:00Z", "2025-01-12");
    assert_eq!(after_two["episode"], 3);
    assert_eq!(after_two["name"], "Chapter 3");
    assert_eq!(after_two["at"], "2025-01-17T21:00:00-05:00");
    // After episode 3, four weeks off: episode 4 is the return.
    let on_break = next("2025-01-20T12:00:00Z", "2025-01-20");
    assert_eq!(
        (on_break["episode"].clone(), on_break["date"].clone()),
        (4.into(), "2025-02-14".into())
    );
    // Every listed episode aired, five more ordered: no next episode known.
    let short = seen(
        &env,
        "Long Haul",
        "2025-02-25T12:00:00Z",
        "2025-02-25",
        "America/New_York",
    );
    assert_eq!(short["next_episode"], serde_json::Value::Null);
    assert_eq!(short["episodes"], 10);
}

/// A show of the budget's watchlist: `airing` ones have season 1 on air since 3 January with
/// ten episodes listed and ordered; the others finished it in 2020.
fn budget_show(id: u32, airing: bool, updated: u32) -> (String, String) {
    let name = format!("Show {id}");
    let listed: Vec<String> = (1..=10)
        .map(|n| {
            let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 3).unwrap()
                + chrono::Days::new(7 * (n - 1));
            let stamp = format!("{}T02:00:00+00:00", day + chrono::Days::new(1));
            FakeTvmaze::episode_json(1, Some(n as u32), &day.to_string(), "21:00", Some(&stamp))
        })
        .collect();
    let season = if airing {
        (1, Some("2025-01-03"), Some("2025-03-07"), Some(10))
    } else {
        (1, Some("2020-01-03"), Some("2020-03-06"), None)
    };
    let json = FakeTvmaze::aired_show_json(
        id,
        &name,
        &FakeTvmaze::channel_json("AMC", NEW_YORK),
        "null",
        updated,
        &[season],
        airing.then_some(listed[3].as_str()),
        airing.then_some(listed[2].as_str()),
    );
    (json, format!("[{}]", listed.join(",")))
}

#[test]
fn a_daily_refresh_of_fifty_shows_costs_one_request_plus_one_per_changed_show_and_episodes_for_those_airing()
 {
    let server = FakeTvmaze::start();
    let ids: Vec<u32> = (1000..1050).collect();
    let airing = |id: u32| id < 1010;
    let mut text = String::new();
    for &id in &ids {
        let (show, episodes) = budget_show(id, airing(id), 1);
        server.route(&FakeTvmaze::show_path(id), Reply::Json(show));
        server.route(
            &format!("/seasons/{}/episodes", id * 100 + 1),
            Reply::Json(episodes),
        );
        text.push_str(&if airing(id) {
            linked(&format!("Show {id}"), id, 1, "airing", "2025-01-03")
        } else {
            linked(&format!("Show {id}"), id, 1, "finished", "2020-01-03")
        });
    }
    let updates = |changed: &[u32]| {
        let entries: Vec<String> = ids
            .iter()
            .map(|id| format!("\"{id}\": {}", if changed.contains(id) { 2 } else { 1 }))
            .collect();
        Reply::Json(format!("{{{}}}", entries.join(", ")))
    };
    server.route("/updates/shows", updates(&[]));
    let env = env(&server, "2025-01-27", &text);
    let now = "2025-01-27T12:00:00Z";

    // The first refresh: nothing changed, but the ten airing shows have no episodes kept yet.
    let run = at(&env, now, "2025-01-27", &["refresh"]);
    assert_eq!(run.code, 0, "{run}");
    let first = server.requests();
    assert_eq!(first.len(), 1 + 10 * 2, "{first:#?}");
    // Once: the next day, with nothing changed, the updates are all there is to ask.
    assert_eq!(at(&env, now, "2025-01-27", &["refresh"]).code, 0);
    assert_eq!(server.requests().len(), first.len() + 1);

    // The daily one: three changed, two of them airing.
    let changed = [1000, 1001, 1040];
    for &id in &changed {
        let (show, _) = budget_show(id, airing(id), 2);
        server.route(&FakeTvmaze::show_path(id), Reply::Json(show));
    }
    server.route("/updates/shows", updates(&changed));
    let before = server.requests().len();
    let run = at(&env, "2025-01-28T12:00:00Z", "2025-01-28", &["refresh"]);
    assert_eq!(run.code, 0, "{run}");
    let mut daily = server.requests()[before..].to_vec();
    daily.sort();
    assert_eq!(
        daily,
        [
            "/seasons/100001/episodes".to_string(),
            "/seasons/100101/episodes".to_string(),
            FakeTvmaze::show_path(1000),
            FakeTvmaze::show_path(1001),
            FakeTvmaze::show_path(1040),
            "/updates/shows".to_string(),
        ],
        "1 + 3 + 2 requests"
    );
    // The eight airing shows TVmaze did not change still have their next episode, from the
    // episodes kept: on Tuesday 28 January, episode 5 (Friday 31 January).
    let list = at(
        &env,
        "2025-01-28T12:00:00Z",
        "2025-01-28",
        &["list", "--json", "--tz", "America/New_York"],
    );
    let shows = json(&list.stdout);
    for show in shows.as_array().unwrap() {
        let id = show["tvmaze"].as_u64().unwrap() as u32;
        if airing(id) {
            assert_eq!(show["next_episode"]["episode"], 5, "{id}");
            assert_eq!(
                show["next_episode"]["at"], "2025-01-31T21:00:00-05:00",
                "{id}"
            );
        } else {
            assert_eq!(show["next_episode"], serde_json::Value::Null, "{id}");
        }
    }
}

#[test]
fn a_lost_or_damaged_episode_store_is_fetched_again_once() {
    let server = FakeTvmaze::start();
    long_haul(&server);
    let env = env(
        &server,
        "2025-01-11",
        &linked("Long Haul", 90005, 3, "airing", "2025-01-03"),
    );
    let state = tempfile::tempdir().unwrap();
    let refresh = || {
        let output = env
            .command(&["refresh", "--quiet"])
            .env("AIRDATE_NOW", "2025-01-11T12:00:00Z")
            .env("AIRDATE_STATE_DIR", state.path())
            .output()
            .unwrap();
        let run = Run::from(output);
        assert_eq!(run.code, 0, "{run}");
        server.requests().len()
    };
    let whole = [
        "/updates/shows".to_string(),
        FakeTvmaze::show_path(90005),
        "/seasons/9000503/episodes".to_string(),
    ];
    assert_eq!(refresh(), 3);
    assert_eq!(refresh(), 4, "kept: only the updates are asked for");
    let stored: Vec<_> = std::fs::read_dir(state.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("episodes-"))
        .collect();
    assert_eq!(stored.len(), 1, "{stored:?}");
    std::fs::write(
        &stored[0],
        "{\"format\": \"airdate-episodes-1\", \"shows\": [",
    )
    .unwrap();
    assert_eq!(refresh(), 7, "damaged: fetched again");
    assert_eq!(server.requests()[4..], whole);
    std::fs::remove_file(&stored[0]).unwrap();
    assert_eq!(refresh(), 10, "deleted: fetched again");
    assert_eq!(refresh(), 11, "and then kept");
    let run = Run::from(
        env.command(&["show", "Long Haul", "--json"])
            .env("AIRDATE_NOW", "2025-01-11T12:00:00Z")
            .env("AIRDATE_STATE_DIR", state.path())
            .output()
            .unwrap(),
    );
    assert_eq!(json(&run.stdout)["next_episode"]["episode"], 3, "{run}");
}
