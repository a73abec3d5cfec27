//! Seasons that roll over: each fact belongs to the season it is about, when one season ends
//! and the next begins — by `renew`, `set --season`, `refresh` and `import` — in `show`,
//! `upcoming`, `news` (text and JSON) and the calendar. TVmaze's answers are shaped like real
//! ones: seasons listed with null dates, `network: null` with a web channel for streaming
//! services, episode orders, `endDate` only the last episode listed so far.

use crate::common::tvmaze::{FakeTvmaze, Reply};
use crate::common::{TestEnv, json};

/// A season as TVmaze lists it: number, premiereDate, endDate, episodeOrder.
type Season<'a> = (u32, Option<&'a str>, Option<&'a str>, Option<u32>);

/// A show as TVmaze answers `/shows/ID?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode`: on a network (`Some`), else on a web
/// channel, as streaming services are.
fn answer(id: u32, name: &str, status: &str, network: Option<&str>, seasons: &[Season]) -> String {
    let opt = |v: Option<&str>| v.map_or("null".to_string(), |v| format!("\"{v}\""));
    let seasons: Vec<String> = seasons
        .iter()
        .map(|(n, start, end, order)| {
            format!(
                r#"{{"id": {}, "url": "https://example.com/seasons/{n}", "number": {n}, "name": "",
                    "episodeOrder": {}, "premiereDate": {}, "endDate": {},
                    "network": null, "webChannel": null, "image": null, "summary": null}}"#,
                id * 100 + n,
                order.map_or("null".to_string(), |o| o.to_string()),
                opt(*start),
                opt(*end)
            )
        })
        .collect();
    let channel = r#"{"id": 1, "name": "NAME", "country": {"name": "United States", "code": "US", "timezone": "America/New_York"}}"#;
    let (network, web) = match network {
        Some(name) => (channel.replace("NAME", name), "null".to_string()),
        None => ("null".to_string(), channel.replace("NAME", "Netflix")),
    };
    format!(
        r#"{{"id": {id}, "url": "https://example.com/shows/{id}", "name": "{name}", "type": "Scripted",
            "language": "English", "status": "{status}", "runtime": 60, "premiered": "2014-10-07",
            "ended": null, "schedule": {{"time": "20:00", "days": ["Tuesday"]}},
            "network": {network}, "webChannel": {web}, "updated": 1700000000,
            "externals": {{"tvrage": null, "thetvdb": 1, "imdb": null}},
            "_embedded": {{"seasons": [{}]}}}}"#,
        seasons.join(", ")
    )
}

/// `count` regular episodes of a season, and a special, as `/seasons/ID/episodes` lists them.
fn episodes(count: u32) -> String {
    let mut list: Vec<String> = (1..=count)
        .map(|n| format!(r#"{{"id": {n}, "number": {n}, "type": "regular", "airdate": "", "airtime": "", "airstamp": null}}"#))
        .collect();
    list.push(r#"{"id": 999, "number": null, "type": "significant_special", "airdate": "", "airtime": "", "airstamp": null}"#.into());
    format!("[{}]", list.join(", "))
}

fn env(server: &FakeTvmaze, today: &str, text: &str) -> TestEnv {
    let mut env = TestEnv::with_file(&format!("version = 1\n{text}"));
    env.tvmaze = Some(server.url());
    env.today = today.into();
    env
}

/// The calendar's events as (SUMMARY, DTSTART, STATUS), unfolded.
fn events(ics: &str) -> Vec<(String, String, String)> {
    let unfolded = ics.replace("\r\n ", "");
    unfolded
        .split("BEGIN:VEVENT")
        .skip(1)
        .map(|event| {
            let get = |key: &str| {
                event
                    .lines()
                    .find_map(|l| l.strip_prefix(key))
                    .unwrap_or_default()
                    .to_string()
            };
            (get("SUMMARY:"), get("DTSTART;VALUE=DATE:"), get("STATUS:"))
        })
        .collect()
}

/// `news --json` as (date, kind, season, from, to).
fn news(env: &TestEnv, since: &str) -> Vec<(String, String, Option<u64>, String, String)> {
    let out = json(&env.ok(&["news", "--since", since, "--json"]));
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
    out.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                text(&e["date"]),
                text(&e["kind"]),
                e["season"].as_u64(),
                text(&e["from"]),
                text(&e["to"]),
            )
        })
        .collect()
}

const FLASH: &str = r#"
[[show]]
title = "The Flash"
network = "The CW"
season = 3
status = "airing"
premiere = "2016-10-04"
finale = "2017-05-23"
tvmaze = 13

[[show.history]]
date = "2016-09-01"
status = "scheduled"
season = 3
premiere = "2016-10-04"
note = "added from TVmaze"
"#;

/// A: the day after season 3 ended, TVmaze lists season 4 without a date.
#[test]
fn a_season_that_ended_with_the_next_undated_starts_it_clean() {
    let server = FakeTvmaze::start();
    let seasons = [
        (1, Some("2014-10-07"), Some("2015-05-19"), Some(23)),
        (2, Some("2015-10-06"), Some("2016-05-24"), Some(23)),
        (3, Some("2016-10-04"), Some("2017-05-23"), Some(23)),
        (4, None, None, None),
    ];
    server.route(
        "/shows/13?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(answer(13, "The Flash", "Running", Some("The CW"), &seasons)),
    );
    server.route("/seasons/1303/episodes", Reply::Json(episodes(23)));
    let env = env(&server, "2017-06-01", FLASH);
    let out = env.ok(&["refresh", "--all"]);
    assert!(out.contains("season    3 → 4"), "{out}");
    assert!(out.contains("status    airing → announced"), "{out}");
    let file = env.read();
    assert!(
        file.contains(
            "season = 4\nstatus = \"announced\"\npremiere = \"TBA\"\ntvmaze = 13\n\
             tvmaze_updated = 1700000000\n\n[[show.history]]"
        ),
        "{file}"
    );
    assert!(!file.contains("finale = \"2017-05-23\"\ntvmaze"), "{file}");
    assert!(
        file.contains(
            "\n[[show.seasons]]\nnumber = 3\npremiere = \"2016-10-04\"\nfinale = \"2017-05-23\"\n"
        ),
        "{file}"
    );
    let show = env.ok(&["show", "flash"]);
    assert!(show.contains("Premiere  TBA\n"), "{show}");
    assert!(!show.contains("\nFinale "), "{show}");
    assert!(!show.contains("Stale"), "{show}");
    assert!(
        show.contains("     3  2016-10-04  2017-05-23"),
        "season 3 keeps its dates:\n{show}"
    );
    let tba = env.ok(&["upcoming", "--tba"]);
    assert!(tba.contains("The Flash"), "{tba}");
    let ics = events(&env.ok(&["export", "--format", "ics"]));
    assert!(!ics.iter().any(|(s, ..)| s.contains("season 4")), "{ics:?}");
    assert!(ics.contains(&(
        "The Flash — season 3 finale".into(),
        "20170523".into(),
        "CONFIRMED".into()
    )));
    assert!(ics.contains(&(
        "The Flash — season 3 premiere".into(),
        "20161004".into(),
        "CONFIRMED".into()
    )));
    let news = news(&env, "2016-01-01");
    assert!(
        news.contains(&(
            "2017-06-01".into(),
            "renewed".into(),
            Some(4),
            "3".into(),
            "4".into()
        )),
        "{news:?}"
    );
    assert!(
        news.contains(&(
            "2017-05-23".into(),
            "finale".into(),
            Some(3),
            "-".into(),
            "2017-05-23".into()
        )),
        "{news:?}"
    );
    assert!(
        !news.iter().any(|e| e.2 == Some(4) && e.1 != "renewed"),
        "{news:?}"
    );
    let text = env.ok(&["news", "--since", "2016-01-01"]);
    assert!(
        text.contains("2017-05-23  The Flash  season 3 finale\n"),
        "{text}"
    );
    let _ = env.ok(&["check"]);
}

/// B: the next season is already dated when the old one is left.
#[test]
fn a_next_season_already_dated_is_announced_never_a_slip() {
    let server = FakeTvmaze::start();
    let seasons = [
        (5, Some("2018-10-09"), Some("2019-05-14"), None),
        (6, Some("2019-10-08"), None, None),
    ];
    server.route(
        "/shows/13?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(answer(13, "The Flash", "Running", Some("The CW"), &seasons)),
    );
    let text = FLASH
        .replace("season = 3", "season = 5")
        .replace("2016-10-04", "2018-10-09")
        .replace("2017-05-23", "2019-05-14");
    let env = env(&server, "2019-06-01", &text);
    let _ = env.ok(&["refresh", "--all"]);
    let show = json(&env.ok(&["show", "flash", "--json"]));
    assert_eq!(show["season"], 6);
    assert_eq!(show["status"], "scheduled");
    assert_eq!(show["premiere"], "2019-10-08");
    assert_eq!(show["finale"], serde_json::Value::Null);
    assert_eq!(show["slips"], 0);
    let seasons: Vec<(u64, String, u64)> = show["seasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["number"].as_u64().unwrap(),
                s["premiere"].as_str().unwrap().to_string(),
                s["slips"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seasons,
        [(5, "2018-10-09".into(), 0), (6, "2019-10-08".into(), 0)]
    );
    let text = env.ok(&["news", "--since", "2019-06-01"]);
    assert_eq!(
        text.lines().skip(2).collect::<Vec<_>>(),
        [
            "2019-06-01  The Flash  renewed for season 6 (TVmaze)",
            "2019-06-01  The Flash  season 6 premiere date announced: TBA → 2019-10-08 (TVmaze)",
        ],
        "{text}"
    );
    assert!(
        !news(&env, "2019-01-01")
            .iter()
            .any(|e| e.1 == "date-slipped")
    );
}

const SEVERANCE: &str = r#"
[[show]]
title = "Severance"
network = "Apple TV+"
season = 2
status = "airing"
premiere = "2025-01-17"

[[show.history]]
date = "2024-07-09"
status = "scheduled"
season = 2
premiere = "2025-01-17"
note = "added"
"#;

/// C: `renew` and `set --season` by hand leave the old season's finale and pins behind.
#[test]
fn renew_and_set_season_by_hand_start_the_season_clean() {
    let server = FakeTvmaze::start();
    let mut env = env(&server, "2025-03-21", SEVERANCE);
    let _ = env.ok(&["set", "sev", "--finale", "2025-03-21", "--pin", "premiere"]);
    env.today = "2025-03-25".into();
    assert_eq!(
        env.ok(&["renew", "sev"]),
        "Renewed \"Severance\" for season 3\n\
         (season 2 keeps its premiere 2025-01-17 and finale 2025-03-21)\n\
         (the pin on premiere was season 2's and is released)\n"
    );
    let show = env.ok(&["show", "sev"]);
    assert!(show.contains("Season    3\n"), "{show}");
    assert!(!show.contains("\nFinale "), "{show}");
    assert!(!show.contains("Pinned"), "{show}");
    let text = env.ok(&["news", "--since", "2025-01-01"]);
    assert_eq!(
        text.lines().skip(2).collect::<Vec<_>>(),
        [
            "2025-03-25  Severance  renewed for season 3",
            "2025-03-21  Severance  season 2 finale",
            "2025-01-17  Severance  season 2 premiere",
        ],
        "{text}"
    );
    let ics = events(&env.ok(&["export", "--format", "ics"]));
    assert!(
        ics.iter()
            .any(|(s, d, _)| s == "Severance — season 2 finale" && d == "20250321")
    );
    assert!(!ics.iter().any(|(s, ..)| s.contains("season 3")), "{ics:?}");

    // By hand, with set: a new season, and never back.
    let _ = env.ok(&["set", "sev", "--premiere", "2026", "--pin", "finale"]);
    let out = env.ok(&["set", "sev", "--season", "4"]);
    assert!(out.contains("season: 3 → 4"), "{out}");
    assert!(out.contains("premiere: 2026 → TBA"), "{out}");
    assert!(
        out.contains("(the pin on finale was season 3's and is released)"),
        "{out}"
    );
    let before = env.read();
    let run = env.run(&["set", "sev", "--season", "3"]);
    assert_eq!(run.code, 2, "{run}");
    assert_eq!(
        run.stderr,
        "error: \"Severance\" is at season 4; a season never steps back (season 3 is over)\n"
    );
    assert_eq!(env.read(), before);
    let show = json(&env.ok(&["show", "sev", "--json"]));
    let numbers: Vec<u64> = show["seasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [2, 3, 4]);
    assert_eq!(show["seasons"][1]["premiere"], "2026");
    assert_eq!(show["seasons"][0]["finale"], "2025-03-21");
}

/// D: a renewal TVmaze does not list yet is the user's knowledge: refresh keeps it.
#[test]
fn a_user_ahead_of_tvmaze_keeps_the_renewal() {
    let server = FakeTvmaze::start();
    let seasons = [
        (3, Some("2024-06-26"), Some("2024-06-26"), Some(10)),
        (4, Some("2025-06-25"), Some("2025-06-25"), Some(10)),
    ];
    server.route(
        "/shows/47215?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(answer(47215, "The Bear", "Running", Some("FX"), &seasons)),
    );
    server.route("/seasons/4721504/episodes", Reply::Json(episodes(10)));
    let text = "\n[[show]]\ntitle = \"The Bear\"\nnetwork = \"FX\"\nseason = 5\nstatus = \"announced\"\n\
                premiere = \"2026\"\ntvmaze = 47215\n";
    let mut env = env(&server, "2025-09-01", text);
    for today in ["2025-09-01", "2025-10-01"] {
        env.today = today.into();
        let _ = env.ok(&["refresh", "--all"]);
    }
    let show = json(&env.ok(&["show", "bear", "--json"]));
    assert_eq!(
        (&show["season"], &show["status"], &show["premiere"]),
        (&5.into(), &"announced".into(), &"2026".into())
    );
    let news = news(&env, "2025-01-01");
    assert!(
        !news.iter().any(|e| e.1 == "status" || e.1 == "renewed"),
        "{news:?}"
    );
}

/// E: TVmaze ends a show the watchlist has on hiatus; a user's `cancelled` and a pinned
/// status stay.
#[test]
fn an_ended_series_is_never_missed() {
    let server = FakeTvmaze::start();
    let seasons = [(1, Some("2023-03-01"), Some("2023-04-19"), None)];
    for id in [1, 2, 3] {
        server.route(
            &format!("/shows/{id}?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"),
            Reply::Json(answer(id, "Show", "Ended", None, &seasons)),
        );
    }
    let text = "\n[[show]]\ntitle = \"Paused\"\nseason = 2\nstatus = \"on-hiatus\"\nhiatus_reason = \"strike\"\ntvmaze = 1\n\
                \n[[show]]\ntitle = \"Axed\"\nseason = 2\nstatus = \"cancelled\"\ntvmaze = 2\n\
                \n[[show]]\ntitle = \"Mine\"\nseason = 2\nstatus = \"in-production\"\ntvmaze = 3\npinned = [\"status\"]\n";
    let env = env(&server, "2025-06-01", text);
    let out = env.ok(&["refresh", "--all"]);
    assert!(
        out.contains("Paused  status         on-hiatus → ended"),
        "{out}"
    );
    assert!(out.contains("Paused  hiatus_reason  strike → -"), "{out}");
    let status = |title: &str| json(&env.ok(&["show", title, "--json"]))["status"].clone();
    assert_eq!(status("Paused"), "ended");
    assert_eq!(status("Axed"), "cancelled");
    assert_eq!(status("Mine"), "in-production");
    let text = env.ok(&["news"]);
    assert!(text.contains("Paused  the series ended (TVmaze)"), "{text}");
}

/// F: TVmaze's `endDate` is the last episode it lists; with fewer listed than ordered it is
/// a provisional finale, and the season has not ended when that day has passed.
#[test]
fn a_provisional_finale_is_shown_as_such_and_the_season_goes_on() {
    let server = FakeTvmaze::start();
    let seasons = [
        (1, Some("2023-01-09"), Some("2023-05-01"), Some(22)),
        (2, Some("2025-01-06"), Some("2025-04-07"), Some(22)),
    ];
    server.route(
        "/shows/5?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(answer(5, "Long Order", "Running", Some("NBC"), &seasons)),
    );
    server.route("/seasons/502/episodes", Reply::Json(episodes(13)));
    let text =
        "\n[[show]]\ntitle = \"Long Order\"\nseason = 2\nstatus = \"scheduled\"\ntvmaze = 5\n";
    let mut env = env(&server, "2025-02-01", text);
    let _ = env.ok(&["refresh", "--all"]);
    let show = env.ok(&["show", "long"]);
    assert!(
        show.contains("Finale    2025-04-07 (provisional: the last episode listed so far)"),
        "{show}"
    );
    assert!(show.contains("Episodes  22"), "{show}");
    let ics = events(&env.ok(&["export", "--format", "ics"]));
    assert!(ics.contains(&(
        "Long Order — season 2 finale (provisional)".into(),
        "20250407".into(),
        "TENTATIVE".into()
    )));
    // Past that day the season is still airing: nine episodes are still to be listed.
    env.today = "2025-04-20".into();
    let _ = env.ok(&["refresh", "--all"]);
    let show = json(&env.ok(&["show", "long", "--json"]));
    assert_eq!(
        (&show["season"], &show["status"], &show["status_implied"]),
        (&2.into(), &"airing".into(), &false.into())
    );
    assert_eq!(show["seasons"][0]["finale_confirmed"], false);

    // Every ordered episode listed: the finale is confirmed.
    server.route("/seasons/502/episodes", Reply::Json(episodes(22)));
    let _ = env.ok(&["refresh", "--all"]);
    let show = json(&env.ok(&["show", "long", "--json"]));
    assert_eq!(show["seasons"][0]["finale_confirmed"], true);
    assert_eq!(show["finale_provisional"], false);
}

/// F: the statuses that dates imply, on and after the right days, in every view; the file
/// changes only when a command writes it.
#[test]
fn statuses_the_dates_imply_on_the_right_days() {
    let text = "\n[[show]]\ntitle = \"Andor\"\nseason = 2\nstatus = \"scheduled\"\npremiere = \"2025-04-22\"\n\
                finale = \"2025-05-13\"\n";
    let mut env = TestEnv::with_file(&format!("version = 1\n{text}"));
    let before = env.read();
    let status = |env: &TestEnv| {
        let show = json(&env.ok(&["show", "andor", "--json"]));
        (
            show["status"].as_str().unwrap().to_string(),
            show["status_implied"].as_bool().unwrap(),
        )
    };
    env.today = "2025-04-21".into();
    assert_eq!(status(&env), ("scheduled".into(), false));
    env.today = "2025-04-22".into();
    assert_eq!(status(&env), ("airing".into(), true));
    let list = env.run(&["list", "--status", "airing"]);
    assert!(list.stdout.contains("airing*"), "{list}");
    assert!(
        list.stderr.contains("* the status its dates imply"),
        "{list}"
    );
    env.today = "2025-05-13".into();
    assert_eq!(
        status(&env),
        ("airing".into(), true),
        "the finale's own day"
    );
    env.today = "2025-05-14".into();
    assert_eq!(status(&env), ("finished".into(), true));
    let show = env.ok(&["show", "andor"]);
    assert!(
        show.contains("Status    finished (implied by its dates; recorded: scheduled)"),
        "{show}"
    );
    assert!(env.ok(&["list", "--status", "finished"]).contains("Andor"));
    assert!(!env.ok(&["list", "--status", "scheduled"]).contains("Andor"));
    let csv = env.ok(&["list", "--format", "csv"]);
    assert!(csv.contains(",finished,"), "{csv}");
    assert_eq!(env.read(), before, "views never write");
}

/// G: `add` and `import` record what was known when a show was added, and no "announced";
/// a note alone is news; so is an ending.
#[test]
fn news_says_what_a_fan_wants_once() {
    let mut env = TestEnv::with_file("version = 1\n");
    env.today = "2025-06-01".into();
    let _ = env.ok(&[
        "add",
        "Severance",
        "--season",
        "3",
        "--premiere",
        "Q1 2026",
        "--status",
        "filming",
    ]);
    let import = env.dir().join("shows.csv");
    std::fs::write(
        &import,
        "title,season,premiere\nSilo,3,2026\nAndor,2,2025-04-22\nFallout,2,TBA\n",
    )
    .unwrap();
    let _ = env.ok(&["import", import.to_str().unwrap()]);
    env.today = "2025-06-03".into();
    let _ = env.ok(&["set", "sev", "--note", "first look released"]);
    let _ = env.ok(&[
        "set",
        "silo",
        "--status",
        "cancelled",
        "--note",
        "Apple ended it",
    ]);
    let text = env.ok(&["news", "--since", "2025-06-01"]);
    assert_eq!(
        text.lines().skip(2).collect::<Vec<_>>(),
        [
            "2025-06-03  Severance  first look released",
            "2025-06-03  Silo       cancelled (Apple ended it)",
            "2025-06-01  Andor      added to the watchlist: season 2, announced, premiere 2025-04-22",
            "2025-06-01  Fallout    added to the watchlist: season 2, announced",
            "2025-06-01  Severance  added to the watchlist: season 3, in-production, premiere 2026-Q1",
            "2025-06-01  Silo       added to the watchlist: season 3, announced, premiere 2026",
        ],
        "{text}"
    );
    let kinds: Vec<String> = news(&env, "2025-06-01").into_iter().map(|e| e.1).collect();
    assert!(!kinds.contains(&"date-announced".to_string()), "{kinds:?}");
    assert!(kinds.contains(&"note".to_string()), "{kinds:?}");
}

/// A file written before seasons were recorded (a history whose entries name a season only
/// where it changed, and a finale kept from the season before) reads without losing or
/// inventing a fact, and is upgraded by the next season change.
#[test]
fn a_file_from_before_seasons_reads_and_upgrades() {
    let old = r#"
[[show]]
title = "Severance"
network = "Apple TV+"
season = 3
status = "announced"
premiere = "TBA"
finale = "2025-03-21"
added = "2022-04-06"

[[show.history]]
date = "2022-04-06"
status = "announced"
note = "added"

[[show.history]]
date = "2024-05-20"
status = "post-production"
premiere = "2025-Q1"

[[show.history]]
date = "2024-07-09"
status = "scheduled"
premiere = "2025-01-17"

[[show.history]]
date = "2025-03-25"
status = "announced"
season = 3
note = "renewed for season 3"
"#;
    let mut env = TestEnv::with_file(&format!("version = 1\n{old}"));
    env.today = "2025-04-01".into();
    let show = json(&env.ok(&["show", "sev", "--json"]));
    assert_eq!(show["finale"], "2025-03-21", "the file's value, as it is");
    let seasons = &show["seasons"];
    assert_eq!(
        seasons,
        &serde_json::json!([
            {"number": null, "premiere": "2025-01-17", "finale": "2025-03-21", "finale_confirmed": true, "episodes": null, "slips": 0},
            {"number": 3, "premiere": "TBA", "finale": null, "finale_confirmed": false, "episodes": null, "slips": 0},
        ]),
        "the season before the renewal is not named in the file: its number is not invented"
    );
    let text = env.ok(&["news", "--since", "2022-01-01"]);
    assert!(text.contains("2025-03-21  Severance  finale\n"), "{text}");
    assert!(text.contains("2025-01-17  Severance  premiere\n"), "{text}");
    assert!(
        text.contains("2025-03-25  Severance  renewed for season 3"),
        "{text}"
    );
    assert!(!text.contains("season 3 finale"), "{text}");
    let ics = events(&env.ok(&["export", "--format", "ics"]));
    assert!(!ics.iter().any(|(s, ..)| s.contains("season 3")), "{ics:?}");
    // A change keeps every byte of the old history, and names its season from now on.
    let _ = env.ok(&["set", "sev", "--status", "filming"]);
    let file = env.read();
    let history = &old[old.find("\n[[show.history]]").unwrap()..];
    assert!(file.contains(history), "{file}");
    assert!(
        file.ends_with("\n[[show.history]]\ndate = \"2025-04-01\"\nstatus = \"in-production\"\n"),
        "an older history goes on naming seasons only where they change:\n{file}"
    );
    // The next season change records the season left, as far as it is known.
    let _ = env.ok(&["set", "sev", "--premiere", "2026-01-16"]);
    let _ = env.ok(&["renew", "sev"]);
    let show = json(&env.ok(&["show", "sev", "--json"]));
    let numbers: Vec<serde_json::Value> = show["seasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["number"].clone())
        .collect();
    assert_eq!(numbers, [serde_json::Value::Null, 3.into(), 4.into()]);
    assert_eq!(show["seasons"][1]["premiere"], "2026-01-16");
    assert!(
        env.read()
            .contains("\n[[show.seasons]]\nnumber = 3\npremiere = \"2026-01-16\"\n")
    );
    let _ = env.ok(&["check"]);
}

/// `import --update` moves a show on to the record's later season, clean, and never back; a
/// hand-written record of the current season is a warning, not an error.
#[test]
fn import_starts_a_later_season_clean_and_never_goes_back() {
    let mut env = TestEnv::with_file(&format!("version = 1\n{SEVERANCE}"));
    env.today = "2025-04-01".into();
    let _ = env.ok(&["set", "sev", "--finale", "2025-03-21"]);
    let csv = env.dir().join("update.csv");
    std::fs::write(&csv, "title,season,status\nSeverance,3,in-production\n").unwrap();
    let _ = env.ok(&["import", "--update", csv.to_str().unwrap()]);
    let show = json(&env.ok(&["show", "sev", "--json"]));
    assert_eq!(
        (
            &show["season"],
            &show["status"],
            &show["premiere"],
            &show["finale"]
        ),
        (
            &3.into(),
            &"in-production".into(),
            &"TBA".into(),
            &serde_json::Value::Null
        )
    );
    assert_eq!(show["seasons"][0]["finale"], "2025-03-21");
    std::fs::write(&csv, "title,season,premiere\nSeverance,2,2025-01-17\n").unwrap();
    let before = env.read();
    let run = env.run(&["import", "--update", csv.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains(
            "warning: \"Severance\" was not updated: the record is of season 2, and the watchlist \
             is at season 3 (a season never steps back)"
        ),
        "{run}"
    );
    assert_eq!(env.read(), before);

    env.write(&format!(
        "{before}\n[[show.seasons]]\nnumber = 3\npremiere = \"2020\"\n"
    ));
    let run = env.run(&["check"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr
            .contains("the `[[show.seasons]]` record of season 3 is not of a season before"),
        "{run}"
    );
}

/// The episode count is a second request: when it fails, the show is refreshed all the same,
/// its finale provisional.
#[test]
fn a_failed_episode_count_leaves_the_finale_provisional() {
    let server = FakeTvmaze::start();
    let seasons = [(2, Some("2025-01-06"), Some("2025-04-07"), Some(10))];
    server.route(
        "/shows/5?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(answer(5, "Long Order", "Running", Some("NBC"), &seasons)),
    );
    server.route("/seasons/502/episodes", Reply::Status(500));
    let text =
        "\n[[show]]\ntitle = \"Long Order\"\nseason = 2\nstatus = \"scheduled\"\ntvmaze = 5\n";
    let env = env(&server, "2025-02-01", text);
    let run = env.run(&["refresh", "--all"]);
    assert_eq!(run.code, 0, "{run}");
    let show = json(&env.ok(&["show", "long", "--json"]));
    assert_eq!(
        (
            &show["status"],
            &show["finale"],
            &show["finale_provisional"]
        ),
        (&"airing".into(), &"2025-04-07".into(), &true.into())
    );
    assert!(
        server
            .requests()
            .contains(&"/seasons/502/episodes".to_string())
    );
}

/// `refresh` writes the status the dates imply, with its history entry, unless the status is
/// pinned.
#[test]
fn refresh_writes_the_implied_status_unless_pinned() {
    let server = FakeTvmaze::start();
    // A status TVmaze has no word for: only the dates speak.
    for id in [7, 8] {
        server.route(
            &format!("/shows/{id}?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"),
            Reply::Json(answer(id, "Show", "Something New", Some("HBO"), &[])),
        );
    }
    let text = "\n[[show]]\ntitle = \"Dated\"\nnetwork = \"HBO\"\nseason = 1\nstatus = \"scheduled\"\npremiere = \"2025-05-01\"\ntvmaze = 7\n\
                \n[[show]]\ntitle = \"Pinned\"\nnetwork = \"HBO\"\nseason = 1\nstatus = \"scheduled\"\npremiere = \"2025-05-01\"\ntvmaze = 8\npinned = [\"status\"]\n";
    let env = env(&server, "2025-05-02", text);
    let out = env.ok(&["refresh", "--all"]);
    assert!(out.contains("Dated  status  scheduled → airing"), "{out}");
    assert!(!out.contains("Pinned  status"), "{out}");
    let file = env.read();
    assert!(
        file.contains(
            "date = \"2025-05-02\"\nstatus = \"airing\"\nseason = 1\nnote = \"TVmaze\"\n"
        ),
        "{file}"
    );
    assert!(
        file.contains("title = \"Pinned\"\nnetwork = \"HBO\"\nseason = 1\nstatus = \"scheduled\"")
    );
}

/// A count that cannot be had decides nothing that hangs on it: an airing season past its
/// `endDate` stays airing; and an `endDate` before the premiere is no finale.
#[test]
fn an_uncounted_season_is_not_finished_and_an_end_before_the_start_is_no_finale() {
    let server = FakeTvmaze::start();
    let seasons = [(2, Some("2025-01-06"), Some("2025-03-21"), Some(10))];
    server.route(
        "/shows/5?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(answer(5, "Long Order", "Running", Some("NBC"), &seasons)),
    );
    server.route("/seasons/502/episodes", Reply::Status(404));
    let odd = [(3, Some("2025-09-01"), Some("2025-05-01"), None)];
    server.route(
        "/shows/6?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(answer(6, "Odd End", "Running", None, &odd)),
    );
    let text = "\n[[show]]\ntitle = \"Long Order\"\nseason = 2\nstatus = \"airing\"\ntvmaze = 5\n\
                \n[[show]]\ntitle = \"Odd End\"\nseason = 3\nstatus = \"announced\"\ntvmaze = 6\n";
    let env = env(&server, "2025-04-01", text);
    let run = env.run(&["refresh", "--all"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains(
            "warning: \"Odd End\": TVmaze's `finale` \"2025-05-01\" (season 3) was left out: it is \
             before the season's premiere"
        ),
        "{run}"
    );
    let show = json(&env.ok(&["show", "long", "--json"]));
    assert_eq!(
        (&show["season"], &show["status"]),
        (&2.into(), &"airing".into())
    );
    let odd = json(&env.ok(&["show", "odd", "--json"]));
    assert_eq!(odd["finale"], serde_json::Value::Null);
    assert!(!news(&env, "2025-01-01").iter().any(|e| e.1 == "status"));
}

/// A refresh that starts a new season says which pins it released, as `renew` does.
#[test]
fn a_refresh_that_starts_a_season_says_which_pins_it_released() {
    let server = FakeTvmaze::start();
    let seasons = [
        (3, Some("2016-10-04"), Some("2017-05-23"), None),
        (4, None, None, None),
    ];
    server.route(
        "/shows/13?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(answer(13, "The Flash", "Running", Some("The CW"), &seasons)),
    );
    let text = FLASH.replace(
        "tvmaze = 13\n",
        "tvmaze = 13\npinned = [\"finale\", \"network\"]\n",
    );
    let env = env(&server, "2017-06-01", &text);
    let run = env.run(&["refresh", "--all"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr
            .contains("\"The Flash\": (the pin on finale was season 3's and is released)"),
        "{run}"
    );
    assert!(env.read().contains("pinned = [\"network\"]"));
}

#[test]
fn naming_the_season_of_a_show_that_had_none_keeps_what_it_holds() {
    let env = TestEnv::with_file(
        "version = 1\n\n[[show]]\ntitle = \"Y\"\nstatus = \"airing\"\npremiere = \"2025-01-03\"\n\
         premiere_at = \"2025-01-03 21:00 America/New_York\"\nepisodes = 8\naired = 3\n\
         next = \"2025-01-15\"\n",
    );
    let out = env.ok(&["set", "Y", "--season", "1", "--today", "2025-01-10"]);
    assert_eq!(out, "Updated \"Y\":\n  season: - → 1\n");
    let text = env.read();
    for kept in [
        "status = \"airing\"",
        "premiere = \"2025-01-03\"",
        "premiere_at = \"2025-01-03 21:00 America/New_York\"",
        "episodes = 8",
        "aired = 3",
        "next = \"2025-01-15\"",
        "season = 1",
    ] {
        assert!(text.contains(kept), "{kept} in:\n{text}");
    }
    // A season after it does start clean.
    let out = env.ok(&["set", "Y", "--season", "2", "--today", "2025-01-10"]);
    assert!(out.contains("premiere: 2025-01-03 → TBA"), "{out}");
    assert!(!env.read().contains("premiere_at"), "{}", env.read());
}
