//! TVmaze through the binary, against a TVmaze of the tests' own on 127.0.0.1 (see
//! `common/tvmaze.rs`): finding, adding, linking and refreshing shows, what the user knows
//! better, and every way the network fails.

use std::fmt::Write as _;
use std::time::Duration;

use crate::common::tvmaze::{FakeTvmaze, Reply};
use crate::common::{TestEnv, json};

/// A watchlist with a comment and a key airdate does not know, and a test TVmaze.
fn env(server: &FakeTvmaze, text: &str) -> TestEnv {
    let mut env = TestEnv::with_file(&format!("# mine\nversion = 1\n{text}"));
    env.tvmaze = Some(server.url());
    env.today = "2025-06-01".into();
    env
}

#[test]
fn search_lists_candidates_with_the_credit() {
    let server = FakeTvmaze::start();
    let env = env(&server, "");
    let out = env.ok(&["search", "The Office"]);
    assert_eq!(
        out,
        "TVmaze  Name        Year  Network  Status\n\
         ─────────────────────────────────────────\n   \
            526  The Office        NBC      Ended\n  \
           2049  The Office        BBC Two  Ended\n\
         Data from TVmaze (tvmaze.com), CC BY-SA 4.0.\n"
    );
}

#[test]
fn search_as_json() {
    let server = FakeTvmaze::start();
    let env = env(&server, "");
    let found = json(&env.ok(&["search", "Severance", "--json"]));
    assert_eq!(found[0]["tvmaze"], 44933);
    assert_eq!(found[0]["network"], "Apple TV");
    assert_eq!(found[0]["imdb"], "tt11280740");
    assert_eq!(server.requests(), ["/search/shows?q=Severance"]);
}

#[test]
fn add_fills_in_the_show_from_tvmaze() {
    let server = FakeTvmaze::start();
    let env = env(&server, "\n[[show]]\ntitle = \"Andor\"\nrating = 9\n");
    let out = env.ok(&["add", "Severance", "--lookup"]);
    assert!(
        out.starts_with(
            "Added Severance (season 3): announced, premiere TBA\n(TVmaze show 44933, Apple TV;"
        ),
        "{out}"
    );
    let file = env.read();
    assert!(
        file.starts_with("# mine\nversion = 1\n\n[[show]]\ntitle = \"Andor\"\nrating = 9\n"),
        "{file}"
    );
    assert!(
        file.contains(
            "\n[[show]]\ntitle = \"Severance\"\nnetwork = \"Apple TV\"\nseason = 3\nstatus = \"announced\"\n\
             premiere = \"TBA\"\nadded = \"2025-06-01\"\ntvmaze = 44933\nimdb = \"tt11280740\"\n\
             tvmaze_updated = 1700000100\n"
        ),
        "{file}"
    );
    // By TVmaze id, with TVmaze's title, a dated season and its finale.
    let mut env = env;
    env.today = "2025-01-01".into();
    let _ = env.ok(&["add", "--tvmaze", "46562"]);
    let show = json(&env.ok(&["show", "last of us", "--json"]));
    assert_eq!(
        (
            show["status"].as_str(),
            show["premiere"].as_str(),
            show["network"].as_str()
        ),
        (Some("scheduled"), Some("2025-04-13"), Some("HBO"))
    );
    assert!(env.read().contains("finale = \"2025-05-25\""));
    // By IMDb id: the lookup's redirect is followed.
    let other = self::env(&server, "");
    let _ = other.ok(&["add", "--imdb", "tt11280740", "Severance (mine)"]);
    assert!(
        other
            .read()
            .contains("title = \"Severance (mine)\"\nnetwork = \"Apple TV\"")
    );
    assert!(
        server
            .requests()
            .contains(&"/lookup/shows?imdb=tt11280740".to_string())
    );
}

#[test]
fn an_ambiguous_or_unknown_lookup_adds_nothing() {
    let server = FakeTvmaze::start();
    let env = env(&server, "");
    let before = env.read();
    let run = env.run(&["add", "The Office", "--lookup"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains("The Office (NBC, TVmaze 526); The Office (BBC Two, TVmaze 2049)"),
        "{run}"
    );
    let run = env.run(&["add", "Nothing Like It", "--lookup"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains("TVmaze knows no show called \"Nothing Like It\""),
        "{run}"
    );
    let run = env.run(&["add", "--tvmaze", "999"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (1, "error: TVmaze show 999: not found on TVmaze\n")
    );
    assert_eq!(env.read(), before);
}

#[test]
fn refresh_applies_changes_once_and_says_so() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance\"\nnetwork = \"Apple TV\"\nseason = 3\nstatus = \"announced\"\ntvmaze = 44933\nrating = 9 # mine\n",
    );
    // Nothing new yet: one line, and the fetch time is kept.
    assert_eq!(
        env.ok(&["refresh"]),
        "No changes from TVmaze (1 linked, 1 fetched).\n"
    );
    assert!(env.read().contains("tvmaze_updated = 1700000100"));
    // TVmaze dates season 3.
    let dated = FakeTvmaze::show_json(
        44933,
        "Severance",
        "Running",
        None,
        Some("Apple TV"),
        Some("tt11280740"),
        1_700_000_999,
        &[
            (2, Some("2025-01-17"), Some("2025-03-21")),
            (3, Some("2026-01-16"), None),
        ],
    );
    server.route(
        "/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(dated),
    );
    server.route(
        "/updates/shows",
        Reply::Json(r#"{"44933": 1700000999}"#.into()),
    );
    let before = env.read();
    let dry = env.ok(&["refresh", "--dry-run"]);
    assert!(
        dry.contains("Severance  premiere  TBA → 2026-01-16"),
        "{dry}"
    );
    assert!(
        dry.contains("Severance  status    announced → scheduled"),
        "{dry}"
    );
    assert!(dry.contains("Nothing was written (--dry-run)."), "{dry}");
    assert_eq!(env.read(), before);
    let out = env.ok(&["refresh", "--quiet"]);
    assert_eq!(out, dry.replace("Nothing was written (--dry-run).\n", ""));
    let file = env.read();
    assert!(file.contains("rating = 9 # mine"), "{file}");
    assert!(file.ends_with("[[show.history]]\ndate = \"2025-06-01\"\nstatus = \"scheduled\"\nseason = 3\npremiere = \"2026-01-16\"\nnote = \"TVmaze\"\n"), "{file}");
    // Unchanged on TVmaze since: nothing is fetched, and --quiet prints nothing.
    let seen = server.requests().len();
    assert_eq!(env.ok(&["refresh", "--quiet"]), "");
    assert_eq!(server.requests()[seen..], ["/updates/shows"]);
    // --all fetches anyway; naming a show fetches only it.
    let _ = env.ok(&["refresh", "--all"]);
    assert_eq!(
        server.requests().last().unwrap(),
        "/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"
    );
    let _ = env.ok(&["refresh", "sev", "--all"]);
    let run = env.run(&["refresh", "nothing"]);
    assert_eq!(run.code, 1);
}

#[test]
fn a_show_named_is_fetched_though_tvmaze_lists_no_change() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance\"\nnetwork = \"Apple TV\"\nseason = 3\ntvmaze = 44933\ntvmaze_updated = 1700000100\n\n\
         [[show]]\ntitle = \"Kaos\"\ntvmaze = 62567\ntvmaze_updated = 1700000300\n",
    );
    // Unchanged by TVmaze's list of updates: a refresh of all asks for the list only.
    let seen = server.requests().len();
    assert_eq!(
        env.ok(&["refresh"]),
        "No changes from TVmaze (2 linked, 0 fetched).\n"
    );
    assert_eq!(server.requests()[seen..], ["/updates/shows"]);
    // Named, it is fetched (and the list of updates is not asked for).
    let seen = server.requests().len();
    let run = env.run(&["refresh", "sev"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "No changes from TVmaze (1 linked, 1 fetched).\n", "")
    );
    assert_eq!(
        server.requests()[seen..],
        ["/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"]
    );
}

#[test]
fn what_the_user_knows_better_wins_on_refresh() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance\"\nseason = 3\nstatus = \"filming\"\npremiere = \"2026\"\ntvmaze = 44933\n\n\
         [[show]]\ntitle = \"Kaos\"\nstatus = \"cancelled\"\ntvmaze = 62567\n\n\
         [[show]]\ntitle = \"The Last of Us\"\nstatus = \"announced\"\npremiere = \"2025-Q2\"\ntvmaze = 46562\npinned = [\"premiere\"]\n",
    );
    let mut env = env;
    env.today = "2025-05-01".into();
    let _ = env.ok(&["refresh"]);
    let shows = json(&env.ok(&["list", "--json"]));
    let get = |title: &str, key: &str| {
        shows
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["title"] == title)
            .unwrap()[key]
            .clone()
    };
    assert_eq!(
        get("Severance", "status"),
        "in-production",
        "a production status stays while TVmaze has no date"
    );
    assert_eq!(
        get("Severance", "premiere"),
        "2026",
        "TBA never replaces a window"
    );
    assert_eq!(
        get("Kaos", "status"),
        "cancelled",
        "the user's cancelled stays"
    );
    assert_eq!(
        get("The Last of Us", "premiere"),
        "2025-Q2",
        "a pinned premiere is never changed"
    );
    assert_eq!(
        get("The Last of Us", "status"),
        "airing",
        "on 2025-05-01 season 2 is on air"
    );
    // Pins are set and unset by `set`.
    let _ = env.ok(&[
        "set",
        "last of us",
        "--unpin",
        "premiere",
        "--pin",
        "status",
    ]);
    assert!(env.read().contains("pinned = [\"status\"]"));
    let run = env.run(&["set", "kaos", "--pin", "title"]);
    assert_eq!(run.code, 2, "{run}");
}

#[test]
fn a_pin_holds_in_any_letter_case_and_a_misspelt_one_pins_nothing() {
    let server = FakeTvmaze::start();
    let mut env = env(
        &server,
        "\n[[show]]\ntitle = \"The Last of Us\"\nnetwork = \"Max\"\nseason = 2\n\
         premiere = \"2025-Q2\"\ntvmaze = 46562\npinned = [\"Network\", \"premier\"]\n",
    );
    env.today = "2025-05-01".into();
    let _ = env.ok(&["refresh"]);
    let show = json(&env.ok(&["show", "last of us", "--json"]));
    assert_eq!(show["network"], "Max", "pinned as `Network`");
    assert_eq!(show["premiere"], "2025-04-13", "`premier` pins nothing");
    assert_eq!(show["pinned"], serde_json::json!(["Network", "premier"]));
    // `set` finds the pin whatever its letter case, and leaves the misspelt name alone.
    let _ = env.ok(&["set", "last of us", "--unpin", "network", "--pin", "finale"]);
    assert!(
        env.read().contains("pinned = [\"premier\", \"finale\"]\n"),
        "{}",
        env.read()
    );
    let run = env.run(&["set", "last of us", "--pin", "premier"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("[possible values: network, season, status, premiere, finale]"),
        "{run}"
    );
}

#[test]
fn a_failing_show_is_named_and_the_others_land() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance\"\ntvmaze = 44933\n\n[[show]]\ntitle = \"Gone\"\ntvmaze = 5\n\n\
         [[show]]\ntitle = \"Broken\"\ntvmaze = 6\n",
    );
    server.route(
        "/shows/6?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json("{\"id\": 6, \"name\": ".into()),
    );
    let run = env.run(&["refresh", "--all"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains("error: \"Gone\" was not refreshed: not found on TVmaze"),
        "{run}"
    );
    assert!(run.stderr.contains(&format!("error: \"Broken\" was not refreshed: TVmaze's answer is not the JSON expected ({}/shows/6)", server.url())), "{run}");
    assert!(
        run.stderr.contains("2 of 3 shows could not be refreshed"),
        "{run}"
    );
    assert!(
        env.read()
            .contains("title = \"Severance\"\ntvmaze = 44933\nnetwork = \"Apple TV\""),
        "{}",
        env.read()
    );
}

#[test]
fn rate_limits_and_slow_answers() {
    let server = FakeTvmaze::start();
    let mut env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance\"\ntvmaze = 44933\n",
    );
    server.once(
        "/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::TooMany(Some(1)),
    );
    server.once(
        "/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::TooMany(None),
    );
    let started = std::time::Instant::now();
    let _ = env.ok(&["refresh", "--all"]);
    assert!(
        started.elapsed() >= Duration::from_secs(3),
        "waited as Retry-After said, then 2 s"
    );
    for _ in 0..4 {
        server.once(
            "/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
            Reply::TooMany(Some(0)),
        );
    }
    let run = env.run(&["refresh", "--all"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("too many requests"), "{run}");
    // Past the timeout, a request gives up.
    let slow = FakeTvmaze::show_json(44933, "Severance", "Running", None, None, None, 1, &[]);
    server.once(
        "/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Slow(Duration::from_secs(3), slow),
    );
    env.cached = true;
    let run = crate::common::Run::from(
        env.command(&["refresh", "--all"])
            .env("AIRDATE_HTTP_TIMEOUT", "0.5")
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with("error: cannot reach TVmaze"),
        "{run}"
    );
}

#[test]
fn offline_is_one_clear_line_and_nothing_written() {
    let mut env = TestEnv::with_file("[[show]]\ntitle = \"Severance\"\ntvmaze = 44933\n");
    env.tvmaze = Some("http://127.0.0.1:9".into());
    let before = env.read();
    let run = env.run(&["refresh"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(run.stderr.lines().count(), 1, "{run}");
    assert!(
        run.stderr
            .starts_with("error: cannot reach TVmaze (http://127.0.0.1:9/updates/shows)"),
        "{run}"
    );
    assert_eq!(env.read(), before);
}

#[test]
fn a_daily_refresh_of_fifty_shows_asks_only_for_what_changed() {
    let server = FakeTvmaze::start();
    let mut text = String::new();
    let mut updates = Vec::new();
    for i in 0..50u32 {
        let id = 1000 + i;
        let _ = write!(
            text,
            "\n[[show]]\ntitle = \"Show {i}\"\ntvmaze = {id}\ntvmaze_updated = 100\n"
        );
        let changed = i % 17 == 0;
        updates.push(format!("\"{id}\": {}", if changed { 200 } else { 100 }));
        if changed {
            let json = FakeTvmaze::show_json(
                id,
                &format!("Show {i}"),
                "Running",
                Some("FX"),
                None,
                None,
                200,
                &[(1, Some("2026-01-01"), None)],
            );
            server.route(
                &format!("/shows/{id}?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"),
                Reply::Json(json),
            );
        }
    }
    server.route(
        "/updates/shows",
        Reply::Json(format!("{{{}}}", updates.join(", "))),
    );
    let env = env(&server, &text);
    let out = env.ok(&["refresh", "--quiet"]);
    assert_eq!(
        out.lines().filter(|l| l.contains("premiere")).count(),
        3,
        "{out}"
    );
    assert_eq!(server.requests().len(), 4, "{:?}", server.requests());
}

#[test]
fn a_server_that_dies_half_way_loses_nothing() {
    let server = FakeTvmaze::start();
    let mut text = String::new();
    for i in 0..5u32 {
        let id = 2000 + i;
        let _ = write!(text, "\n[[show]]\ntitle = \"Show {i}\"\ntvmaze = {id}\n");
        let json = FakeTvmaze::show_json(
            id,
            &format!("Show {i}"),
            "Running",
            Some("FX"),
            None,
            None,
            300,
            &[(1, Some("2026-01-01"), None)],
        );
        server.route(
            &format!("/shows/{id}?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"),
            Reply::Json(json),
        );
    }
    // The updates and two shows are answered; then the server is gone.
    server.stop_after(3);
    let env = env(&server, &text);
    let run = env.run(&["refresh"]);
    assert_eq!(run.code, 1, "{run}");
    for i in 2..5 {
        assert!(
            run.stderr.contains(&format!(
                "error: \"Show {i}\" was not refreshed: cannot reach TVmaze"
            )),
            "{run}"
        );
    }
    let shows = json(&env.ok(&["list", "--json"]));
    let premieres: Vec<&str> = shows
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["premiere"].as_str().unwrap())
        .collect();
    assert_eq!(premieres, ["2026-01-01", "2026-01-01", "TBA", "TBA", "TBA"]);
    let _ = env.ok(&["check"]);
}

#[test]
fn no_ten_seconds_see_more_than_twenty_requests() {
    let server = FakeTvmaze::start();
    let mut text = String::new();
    for i in 0..22u32 {
        let _ = write!(text, "\n[[show]]\ntitle = \"Show {i}\"\ntvmaze = 44933\n");
    }
    let env = env(&server, &text);
    let started = std::time::Instant::now();
    let _ = env.ok(&["refresh", "--all", "--quiet"]);
    assert_eq!(server.requests().len(), 22);
    assert!(
        server.busiest_ten_seconds() <= 20,
        "{}",
        server.busiest_ten_seconds()
    );
    assert!(started.elapsed() >= Duration::from_secs(9));
}

#[test]
fn ctrl_c_during_the_fetches_writes_nothing() {
    let server = FakeTvmaze::start();
    let slow = FakeTvmaze::show_json(
        44933,
        "Severance",
        "Running",
        None,
        Some("Apple TV"),
        None,
        5,
        &[(3, Some("2026-01-16"), None)],
    );
    server.route(
        "/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Slow(Duration::from_secs(3), slow),
    );
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance\"\ntvmaze = 44933\n",
    );
    let before = env.read();
    let mut cmd = env.command(&["refresh", "--all"]);
    // A test run started in the background ignores SIGINT, and its children would inherit
    // that: airdate gets the default, as a terminal gives it.
    // SAFETY: signal(2) is async-signal-safe, as pre_exec requires.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut cmd, || {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            Ok(())
        });
    }
    let child = cmd.spawn().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    // SAFETY: kill(2) on our own child's pid.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let status = child.wait_with_output().unwrap().status;
    assert!(!status.success());
    assert_eq!(env.read(), before);
}

#[test]
fn linking_by_hand_and_a_show_in_development() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Dept. Q\"   # from the news\nnetwork = \"Netflix\"\n",
    );
    let out = env.ok(&["set", "dept q", "--tvmaze", "70001"]);
    assert_eq!(out, "Updated \"Dept. Q\":\n  tvmaze: - → 70001\n");
    assert!(
        env.read().ends_with(
            "title = \"Dept. Q\"   # from the news\nnetwork = \"Netflix\"\ntvmaze = 70001\n"
        ),
        "{}",
        env.read()
    );
    let out = env.ok(&["refresh"]);
    assert!(
        out.contains("Dept. Q  status  announced → in-development"),
        "{out}"
    );
    // New keys go after the show's last key; the comment stays.
    assert!(
        env.read().ends_with(
            "title = \"Dept. Q\"   # from the news\nnetwork = \"Netflix\"\ntvmaze = 70001\n\
             status = \"in-development\"\ntvmaze_updated = 1700000400\n\n[[show.history]]\n\
             date = \"2025-06-01\"\nstatus = \"in-development\"\nnote = \"TVmaze\"\n"
        ),
        "{}",
        env.read()
    );
    // --pin completes the fields it can pin.
    let mut cmd = env.command(&["--", "airdate", "set", "dept", "--pin", "pre"]);
    cmd.env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", "4")
        .env("_CLAP_IFS", "\n");
    let out = String::from_utf8(cmd.output().unwrap().stdout).unwrap();
    assert_eq!(out.trim(), "premiere");
}

/// "Odd Show" as TVmaze might give it: specials as season 0, no network but a web channel, and
/// `updated` and the dates of its seasons as given.
fn odd_show(updated: u32, seasons: &[(u32, Option<&str>, Option<&str>)]) -> String {
    FakeTvmaze::show_json(
        80001,
        "Odd Show",
        "Running",
        None,
        Some("Netflix"),
        None,
        updated,
        seasons,
    )
}

#[test]
fn add_leaves_out_what_the_file_cannot_hold_and_says_so() {
    let server = FakeTvmaze::start();
    // A premiere in year 999: a typing slip on TVmaze's side.
    let odd = odd_show(
        1_700_000_500,
        &[(0, Some("2024-12-24"), None), (1, Some("0999-05-01"), None)],
    );
    server.route(
        "/search/shows?q=Odd Show",
        Reply::Json(format!("[{{\"score\": 12.0, \"show\": {odd}}}]")),
    );
    server.route(
        "/shows/80001?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(odd),
    );
    let env = env(&server, "");
    let run = env.run(&["add", "Odd Show", "--lookup"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stderr,
        "warning: \"Odd Show\": TVmaze's `season` 0 was left out: the watchlist holds whole \
         numbers from 1\n\
         warning: \"Odd Show\": TVmaze's `premiere` \"0999-05-01\" (season 1) was left out: the \
         watchlist holds days as YYYY-MM-DD, from year 1000 to 9999\n",
        "{run}"
    );
    assert!(
        run.stdout
            .starts_with("Added Odd Show (season 1): announced, premiere TBA\n"),
        "{run}"
    );
    assert_eq!(
        env.read(),
        "# mine\nversion = 1\n\n[[show]]\ntitle = \"Odd Show\"\nnetwork = \"Netflix\"\nseason = 1\n\
         status = \"announced\"\npremiere = \"TBA\"\nadded = \"2025-06-01\"\ntvmaze = 80001\n\
         tvmaze_updated = 1700000500\n\n[[show.history]]\ndate = \"2025-06-01\"\n\
         status = \"announced\"\nseason = 1\nnote = \"added from TVmaze\"\n"
    );
    let _ = env.ok(&["check"]);
}

#[test]
fn one_show_with_values_the_file_cannot_hold_never_stops_the_others() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance\"\nseason = 3\nstatus = \"announced\"\ntvmaze = 44933\n\n\
         [[show]]\ntitle = \"Odd Show\"\nseason = 2\nstatus = \"announced\"\ntvmaze = 80001\n",
    );
    let dated = FakeTvmaze::show_json(
        44933,
        "Severance",
        "Running",
        None,
        Some("Apple TV"),
        Some("tt11280740"),
        1_700_000_999,
        &[
            (2, Some("2025-01-17"), Some("2025-03-21")),
            (3, Some("2026-01-16"), None),
        ],
    );
    server.route(
        "/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(dated),
    );
    // Specials as season 0, not ended; and no last-change time (0).
    let odd = odd_show(
        0,
        &[
            (0, Some("2024-12-24"), None),
            (1, Some("2024-01-05"), Some("2024-02-09")),
            (2, Some("2025-09-05"), None),
        ],
    );
    server.route(
        "/shows/80001?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(odd),
    );
    let run = env.run(&["refresh", "--all"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stderr,
        "warning: \"Odd Show\": TVmaze's `tvmaze_updated` 0 was left out: the watchlist holds \
         whole numbers from 1\n\
         warning: \"Odd Show\": TVmaze's `season` 0 was left out: the watchlist holds whole \
         numbers from 1\n",
        "{run}"
    );
    assert!(
        run.stdout.contains("Odd Show   premiere  TBA → 2025-09-05"),
        "{run}"
    );
    assert!(
        run.stdout.contains("Severance  premiere  TBA → 2026-01-16"),
        "{run}"
    );
    let file = env.read();
    assert!(
        file.contains(
            "title = \"Odd Show\"\nseason = 2\nstatus = \"scheduled\"\ntvmaze = 80001\n\
             network = \"Netflix\"\npremiere = \"2025-09-05\"\n\n[[show.history]]\n\
             date = \"2025-06-01\"\nstatus = \"scheduled\"\nseason = 2\npremiere = \"2025-09-05\"\n\
             note = \"TVmaze\"\n"
        ),
        "{file}"
    );
    assert!(file.contains("premiere = \"2026-01-16\""), "{file}");
    let _ = env.ok(&["check"]);
}

#[test]
fn a_long_retry_after_gives_up_at_once_and_says_when_to_try_again() {
    let server = FakeTvmaze::start();
    server.once("/search/shows?q=Severance", Reply::TooMany(Some(120)));
    let env = env(&server, "");
    let started = std::time::Instant::now();
    let run = env.run(&["search", "Severance"]);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "did not wait the 120 s out"
    );
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        run.stderr,
        format!(
            "error: TVmaze asks to wait 120 s before the next request ({}/search/shows); \
             try again in 2 minutes\n",
            server.url()
        )
    );
    assert_eq!(server.requests().len(), 1, "asked once, not again");

    // A refresh keeps what it fetched, and asks for no more.
    let env = self::env(
        &server,
        "\n[[show]]\ntitle = \"Severance\"\ntvmaze = 44933\n\n[[show]]\ntitle = \"Kaos\"\n\
         tvmaze = 62567\n\n[[show]]\ntitle = \"Dept. Q\"\ntvmaze = 70001\n",
    );
    server.once(
        "/shows/62567?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::TooMany(Some(600)),
    );
    let seen = server.requests().len();
    let started = std::time::Instant::now();
    let run = env.run(&["refresh", "--all"]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        server.requests()[seen..],
        [
            "/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
            "/shows/62567?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"
        ]
    );
    assert!(
        run.stderr.ends_with(&format!(
            "error: \"Kaos\" was not refreshed: TVmaze asks to wait 600 s before the next request \
             ({}/shows/62567); try again in 10 minutes\n\
             error: 1 more shows were not asked for, as TVmaze asked to wait\n\
             error: 2 of 3 shows could not be refreshed, and were left as they were; the others \
             were saved\n",
            server.url()
        )),
        "{run}"
    );
    let file = env.read();
    assert!(
        file.contains("title = \"Severance\"\ntvmaze = 44933\nnetwork = \"Apple TV\""),
        "{file}"
    );
    assert!(
        file.ends_with(
            "title = \"Kaos\"\ntvmaze = 62567\n\n[[show]]\ntitle = \"Dept. Q\"\ntvmaze = 70001\n"
        ),
        "{file}"
    );
}

#[test]
fn an_answer_too_large_not_text_or_with_a_huge_string_is_said_briefly() {
    let server = FakeTvmaze::start();
    let env = env(&server, "");
    let before = env.read();
    let url = server.url();
    let add = |id: u32, reply: Reply| {
        server.route(
            &format!("/shows/{id}?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"),
            reply,
        );
        env.run(&["add", "--tvmaze", &id.to_string()])
    };

    let run = add(7, Reply::Huge((64 << 20) + 1));
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            format!(
                "error: TVmaze show 7: TVmaze's answer was larger than 64 MiB ({url}/shows/7)\n"
            )
            .as_str()
        )
    );
    // Exactly 64 MiB is read whole, and is only not the JSON expected, in a line.
    let run = add(8, Reply::Huge(64 << 20));
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with(&format!(
            "error: TVmaze show 8: TVmaze's answer is not the JSON expected ({url}/shows/8): \
             invalid type: string \"xxx"
        )),
        "{run}"
    );
    assert!(run.stderr.contains("xxx…xxx"), "{run}");
    assert!(
        run.stderr
            .ends_with("xxx\", expected u32 at line 1 column 67108863\n"),
        "{run}"
    );

    let run = add(
        9,
        Reply::Bytes(b"{\"id\": 9, \"name\": \"Caf\xe9\"}".to_vec()),
    );
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            format!("error: TVmaze show 9: TVmaze's answer was not UTF-8 text ({url}/shows/9)\n")
                .as_str()
        )
    );

    // A string of 50 MB where the id belongs: the message quotes a little of it, escaped.
    let huge = format!(
        "{{\"id\": \"\\u001b[2J{}\", \"name\": \"Big\"}}",
        "x".repeat(50 << 20)
    );
    let run = add(10, Reply::Json(huge));
    assert_eq!(run.code, 1, "{}", &run.stderr[..run.stderr.len().min(500)]);
    assert!(run.stderr.len() < 500, "{} bytes", run.stderr.len());
    assert!(
        run.stderr.starts_with(&format!(
            "error: TVmaze show 10: TVmaze's answer is not the JSON expected ({url}/shows/10): \
             invalid type: string \"\\u{{1b}}[2Jxxx"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("xxx…xxx"), "{}", run.stderr);
    assert!(!run.stderr.contains("cannot reach"), "{}", run.stderr);
    assert_eq!(env.read(), before);
}

#[test]
fn an_end_date_that_does_not_read_never_moves_a_show_back_a_season() {
    let server = FakeTvmaze::start();
    let text = "\n[[show]]\ntitle = \"Odd Show\"\nseason = 2\nstatus = \"airing\"\n\
                premiere = \"2025-05-02\"\ntvmaze = 80001\ntvmaze_updated = 1\n";
    let env = env(&server, text);
    // Season 1 ended on a day no calendar has; season 2 is on air.
    let odd = odd_show(
        2,
        &[
            (1, Some("2024-01-05"), Some("2024-02-30")),
            (2, Some("2025-05-02"), None),
        ],
    );
    server.route(
        "/shows/80001?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(odd),
    );
    // Season 2 airs: its episodes are asked for (none listed yet).
    server.route("/seasons/8000102/episodes", Reply::Json("[]".into()));
    let run = env.run(&["refresh", "--all"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        "Show      Field    Change\n──────────────────────────────\n\
         Odd Show  network  - → Netflix\nData from TVmaze (tvmaze.com), CC BY-SA 4.0.\n",
        "{run}"
    );
    assert_eq!(
        run.stderr,
        "warning: \"Odd Show\": TVmaze's `finale` \"2024-02-30\" (season 1) was left out: the \
         watchlist holds days as YYYY-MM-DD, from year 1000 to 9999\n"
    );
    assert_eq!(
        env.read(),
        format!(
            "# mine\nversion = 1\n{}network = \"Netflix\"\n",
            text.replace("tvmaze_updated = 1", "tvmaze_updated = 2")
        )
    );

    // TVmaze still lists season 1 as open, with nothing yet on season 2: no step back, to
    // season 1 or its dates.
    let stale = odd_show(3, &[(1, Some("2024-01-05"), None)]);
    server.route(
        "/shows/80001?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(stale),
    );
    let before = env.read();
    let run = env.run(&["refresh", "--all"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        (run.stdout.as_str(), run.stderr.as_str()),
        ("No changes from TVmaze (1 linked, 1 fetched).\n", "")
    );
    assert_eq!(
        env.read(),
        before.replace("tvmaze_updated = 2", "tvmaze_updated = 3")
    );
}

#[test]
fn a_tvmaze_id_of_zero_is_a_usage_error() {
    let env = TestEnv::with_file("[[show]]\ntitle = \"A\"\n");
    for args in [
        &["set", "a", "--tvmaze", "0"][..],
        &["add", "--tvmaze", "0"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 2, "{run}");
        assert!(
            run.stderr
                .contains("\"0\" is not a TVmaze id: an id is a whole number from 1"),
            "{run}"
        );
    }
    assert_eq!(env.read(), "[[show]]\ntitle = \"A\"\n");
}

/// TVmaze lists season 2 as airing with 8 of its 16 episodes so far, the last on 2024-11-22
/// (a mid-season break), and season 1 long over: a refresh on 2025-01-07 of a show waiting for
/// season 1 moves it on to season 2, whose provisional finale, dated before the move, stays
/// season 2's. (It was given to season 1, as a confirmed finale, in `show --json`, `news` and
/// the calendar, and dropped altogether by the next renewal.)
#[test]
fn a_provisional_finale_dated_before_the_rollover_stays_its_own_seasons() {
    let server = FakeTvmaze::start();
    let mut env = env(&server, "");
    env.today = "2024-09-01".into();
    let _ = env.ok(&["add", "Severance", "--season", "1"]);
    let _ = env.ok(&["set", "Severance", "--tvmaze", "44933"]);
    server.route(
        "/shows/44933?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(
            r#"{"id": 44933, "url": "https://example.com/shows/44933/severance", "name": "Severance",
                "status": "Running", "premiered": "2022-02-18", "ended": null, "network": null,
                "webChannel": {"id": 310, "name": "Apple TV", "country": null}, "updated": 1700000001,
                "externals": {"tvrage": null, "thetvdb": 371980, "imdb": "tt11280740"},
                "_embedded": {"seasons": [
                    {"id": 4493301, "number": 1, "name": "", "episodeOrder": 9,
                     "premiereDate": "2022-02-18", "endDate": "2022-04-15", "network": null, "image": null},
                    {"id": 4493302, "number": 2, "name": "", "episodeOrder": 16,
                     "premiereDate": "2024-10-04", "endDate": "2024-11-22", "network": null, "image": null}]}}"#
                .into(),
        ),
    );
    let episodes: Vec<String> = (0..8)
        .map(|i| {
            let day = chrono::NaiveDate::from_ymd_opt(2024, 10, 4).unwrap() + chrono::Days::new(7 * i);
            format!(
                r#"{{"id": {}, "season": 2, "number": {}, "type": "regular", "airdate": "{day}"}}"#,
                449330200 + i,
                i + 1
            )
        })
        .chain([r#"{"id": 449330299, "season": 2, "number": null, "type": "significant_special", "airdate": "2024-11-22"}"#.to_string()])
        .collect();
    server.route(
        "/seasons/4493302/episodes",
        Reply::Json(format!("[{}]", episodes.join(", "))),
    );
    env.today = "2025-01-07".into();
    let _ = env.ok(&["refresh", "--all"]);
    let shown = json(&env.ok(&["show", "Severance", "--json"]));
    assert_eq!(shown["season"], 2);
    let season = |n: usize| {
        let s = &shown["seasons"][n];
        (
            s["number"].clone(),
            s["finale"].clone(),
            s["finale_confirmed"].clone(),
        )
    };
    assert_eq!(season(0), (1.into(), serde_json::Value::Null, false.into()));
    assert_eq!(season(1), (2.into(), "2024-11-22".into(), false.into()));
    let news = env.ok(&["news", "--since", "2024-09-01"]);
    assert!(
        news.contains("2024-11-22  Severance  season 2 finale"),
        "{news}"
    );
    assert!(!news.contains("season 1 finale"), "{news}");
    let ics = env.ok(&["export", "--format", "ics"]);
    assert!(ics.contains("SUMMARY:Severance — season 2 finale"), "{ics}");
    assert!(!ics.contains("season 1 finale"), "{ics}");
    // Renewed: season 2 keeps its dates.
    env.today = "2025-02-01".into();
    let _ = env.ok(&["renew", "Severance"]);
    let shown = json(&env.ok(&["show", "Severance", "--json"]));
    assert_eq!(shown["seasons"][1]["finale"], "2024-11-22", "{shown}");
}
