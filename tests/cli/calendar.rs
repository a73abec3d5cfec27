//! A calendar to subscribe to: it tells apps how often to fetch it again, carries finales as
//! events of their own and each linked show's TVmaze page, and is the same bytes every time.
//! Premieres and episodes with an air time are timed events, right in every zone (checked by
//! the ical crate and by a real calendar program, khal); days without one are all-day.

use crate::common::TestEnv;

const WATCHLIST: &str = r#"
[[show]]
title = "Severance"
network = "Apple TV+"
season = 2
status = "scheduled"
premiere = "2025-01-17"
finale = "2025-03-21"
tvmaze = 44933

[[show]]
title = "Andor"
season = 2
status = "scheduled"
premiere = "2025-04-22"
"#;

fn parse(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let calendar = parser
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(parser.next().is_none());
    calendar
}

fn value(properties: &[ical::property::Property], name: &str) -> Option<String> {
    properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
}

#[test]
fn the_calendar_refreshes_and_carries_finales_and_pages() {
    let env = TestEnv::with_file(WATCHLIST);
    let text = env.ok(&["export", "--format", "ics"]);
    assert_eq!(
        text,
        env.ok(&["export", "--format", "ics"]),
        "two exports are the same bytes"
    );
    let calendar = parse(&text);
    let head = &calendar.properties;
    assert_eq!(value(head, "REFRESH-INTERVAL").as_deref(), Some("PT12H"));
    let refresh = head.iter().find(|p| p.name == "REFRESH-INTERVAL").unwrap();
    assert_eq!(
        refresh.params.as_ref().unwrap()[0],
        ("VALUE".to_string(), vec!["DURATION".to_string()])
    );
    assert_eq!(value(head, "X-PUBLISHED-TTL").as_deref(), Some("PT12H"));
    assert_eq!(value(head, "NAME").as_deref(), Some("airdate premieres"));
    assert_eq!(
        value(head, "X-WR-CALNAME").as_deref(),
        Some("airdate premieres")
    );
    let summaries: Vec<String> = calendar
        .events
        .iter()
        .map(|e| value(&e.properties, "SUMMARY").unwrap())
        .collect();
    assert_eq!(
        summaries,
        [
            "Severance — season 2 finale",
            "Severance — season 2 premiere",
            "Andor — season 2 premiere"
        ]
    );
    let finale = &calendar.events[0].properties;
    assert_eq!(value(finale, "DTSTART").as_deref(), Some("20250321"));
    assert_eq!(
        value(finale, "URL").as_deref(),
        Some("https://www.tvmaze.com/shows/44933")
    );
    assert_eq!(
        value(&calendar.events[1].properties, "URL").as_deref(),
        Some("https://www.tvmaze.com/shows/44933")
    );
    assert_eq!(
        value(&calendar.events[2].properties, "URL"),
        None,
        "Andor is not linked"
    );

    let only = parse(&env.ok(&[
        "export",
        "--format",
        "ics",
        "--premieres-only",
        "--refresh-interval",
        "P1D",
    ]));
    assert_eq!(only.events.len(), 2);
    assert_eq!(
        value(&only.properties, "REFRESH-INTERVAL").as_deref(),
        Some("P1D")
    );
    let run = env.run(&["export", "--format", "ics", "--refresh-interval", "soon"]);
    assert_eq!(run.code, 2, "{run}");
    let run = env.run(&["export", "--format", "json", "--premieres-only"]);
    assert_eq!(run.code, 2, "{run}");
}

/// A premiere at 21:00 in New York, a day without a time, a provisional finale and a show
/// whose next episode is typed by hand, as a day.
const TIMED: &str = r#"
[[show]]
title = "Severance"
network = "Apple TV+"
season = 2
status = "scheduled"
premiere = "2025-01-17"
premiere_at = "2025-01-17 21:00 America/New_York"
finale = "2025-03-21"
finale_provisional = true
episodes = 10
tvmaze = 1

[[show]]
title = "The Day"
season = 1
status = "scheduled"
premiere = "2025-01-18"

[[show]]
title = "Andor"
season = 2
status = "airing"
premiere = "2025-04-22"
aired = 3
next = "2025-05-06"
"#;

/// The events of a calendar.
fn events_in(text: &str) -> Vec<ical::parser::ical::component::IcalEvent> {
    parse(text).events
}

/// TEXT as RFC 5545 escapes it, read back.
fn unescape(text: &str) -> String {
    text.replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

/// The event called `summary` (unescaped).
fn event<'a>(
    events: &'a [ical::parser::ical::component::IcalEvent],
    summary: &str,
) -> &'a [ical::property::Property] {
    let found = events.iter().find(|e| {
        value(&e.properties, "SUMMARY")
            .map(|s| unescape(&s))
            .as_deref()
            == Some(summary)
    });
    let names: Vec<String> = events
        .iter()
        .filter_map(|e| value(&e.properties, "SUMMARY"))
        .collect();
    &found
        .unwrap_or_else(|| panic!("no event {summary:?} among {names:?}"))
        .properties
}

/// `DTSTART`'s value and parameters.
fn start(event: &[ical::property::Property]) -> (String, Vec<(String, Vec<String>)>) {
    let p = event.iter().find(|p| p.name == "DTSTART").expect("DTSTART");
    (
        p.value.clone().unwrap(),
        p.params.clone().unwrap_or_default(),
    )
}

fn date_param() -> Vec<(String, Vec<String>)> {
    vec![("VALUE".to_string(), vec!["DATE".to_string()])]
}

#[test]
fn a_premiere_with_an_air_time_is_a_timed_event_in_utc_and_a_day_stays_all_day() {
    let env = TestEnv::with_file(TIMED);
    let text = env.ok(&["export", "--format", "ics"]);
    let events = events_in(&text);
    let premiere = event(&events, "Severance — season 2 premiere");
    // 21:00 in New York in January is 02:00 UTC the next day.
    assert_eq!(start(premiere), ("20250118T020000Z".to_string(), vec![]));
    assert_eq!(
        value(premiere, "DTEND").as_deref(),
        Some("20250118T030000Z"),
        "an hour when the runtime is not known"
    );
    let description = value(premiere, "DESCRIPTION").unwrap();
    assert!(
        description.contains("Airs: Fri 17 Jan 21:00 EST"),
        "{description}"
    );
    let day = event(&events, "The Day — season 1 premiere");
    assert_eq!(start(day), ("20250118".to_string(), date_param()));
    assert_eq!(value(day, "DTEND").as_deref(), Some("20250119"));
    let finale = event(&events, "Severance — season 2 finale (provisional)");
    assert_eq!(start(finale), ("20250321".to_string(), date_param()));
    assert_eq!(value(finale, "STATUS").as_deref(), Some("TENTATIVE"));
    // The same calendar wherever it is exported: a timed event is one instant, a day is never
    // shifted.
    for zone in ["Asia/Tokyo", "America/Los_Angeles"] {
        assert_eq!(
            env.ok(&["export", "--format", "ics", "--tz", zone]),
            text,
            "{zone}"
        );
    }
}

#[test]
fn all_day_puts_a_timed_premiere_on_the_local_day_and_never_shifts_a_day() {
    let env = TestEnv::with_file(TIMED);
    for (zone, severance) in [
        ("Europe/Berlin", "20250118"),
        ("America/Los_Angeles", "20250117"),
    ] {
        let events = events_in(&env.ok(&["export", "--format", "ics", "--all-day", "--tz", zone]));
        let premiere = event(&events, "Severance — season 2 premiere");
        assert_eq!(
            start(premiere),
            (severance.to_string(), date_param()),
            "{zone}"
        );
        let day = event(&events, "The Day — season 1 premiere");
        assert_eq!(start(day), ("20250118".to_string(), date_param()), "{zone}");
        assert!(
            events
                .iter()
                .all(|e| start(&e.properties).1 == date_param()),
            "every event is all-day in {zone}"
        );
    }
    for flag in ["--all-day", "--episodes"] {
        let run = env.run(&["export", "--format", "json", flag]);
        assert_eq!(run.code, 2, "{run}");
        assert!(
            run.stderr
                .contains(&format!("{flag} goes with --format ics")),
            "{run}"
        );
    }
}

/// Keeps TVmaze's episodes of Severance (`tvmaze = 1`) beside `env`'s watchlist, as `refresh`
/// would: the first at 21:00 New York time for 52 minutes, one named with a comma, a special
/// after the last, which is the finale (all 3 of the season's are listed).
fn keep_episodes(env: &TestEnv, second: &str, second_at: &str) {
    use airdate::model::episode::{Episode, Listing, Listings};
    let episode = |number: Option<u32>, name: &str, day: &str, at: Option<&str>| Episode {
        season: 2,
        number,
        special: number.is_none(),
        name: Some(name.to_string()),
        day: Some(day.parse().unwrap()),
        at: at.map(|m| m.parse().unwrap()),
        runtime: at.map(|_| 52),
    };
    let mut listings = Listings::default();
    listings.insert(
        1,
        Listing {
            updated: None,
            season: 2,
            episodes: vec![
                episode(
                    Some(1),
                    "Hello, Ms. Cobel",
                    "2025-01-17",
                    Some("2025-01-17 21:00 America/New_York"),
                ),
                episode(Some(2), second, &second_at[..10], Some(second_at)),
                episode(
                    Some(3),
                    "Cold Harbor",
                    "2025-01-31",
                    Some("2025-01-31 21:00 America/New_York"),
                ),
                episode(None, "Inside Lumon", "2025-02-07", None),
            ],
        },
    );
    let dir = env.home().join(".local/state/airdate");
    let file = airdate::store::episodes::file_in(&dir, &env.file());
    airdate::store::episodes::write(&file, &listings).unwrap();
}

/// Severance's season of three episodes, its finale on the last one's day.
const AIRING: &str = r#"
[[show]]
title = "Severance"
network = "Apple TV+"
season = 2
status = "airing"
premiere = "2025-01-17"
premiere_at = "2025-01-17 21:00 America/New_York"
finale = "2025-01-31"
episodes = 3
tvmaze = 1

[[show]]
title = "Andor"
season = 2
status = "airing"
premiere = "2025-04-22"
aired = 3
next = "2025-05-06"
"#;

#[test]
fn episodes_are_events_of_their_own_timed_when_known_and_a_special_is_never_the_finale() {
    let env = TestEnv::with_file(AIRING);
    keep_episodes(
        &env,
        "Goodbye, Mrs. Selvig",
        "2025-01-24 21:00 America/New_York",
    );
    let text = env.ok(&["export", "--format", "ics", "--episodes"]);
    let summaries: Vec<String> = events_in(&text)
        .iter()
        .map(|e| value(&e.properties, "SUMMARY").unwrap())
        .collect();
    // The first episode is the premiere's event and the last the finale's: each once.
    assert_eq!(
        summaries,
        [
            "Severance — season 2 finale",
            "Severance — season 2 premiere",
            "Severance S2E2 “Goodbye\\, Mrs. Selvig”",
            "Severance S2 special “Inside Lumon”",
            "Andor — season 2 premiere",
            "Andor S2E4",
        ]
    );
    assert!(
        text.contains("SUMMARY:Severance S2E2 “Goodbye\\, Mrs. Selvig”\r\n"),
        "a comma in a name is escaped"
    );
    let events = events_in(&text);
    let premiere = event(&events, "Severance — season 2 premiere");
    assert_eq!(
        (start(premiere).0, value(premiere, "DTEND").unwrap()),
        ("20250118T020000Z".into(), "20250118T025200Z".into()),
        "as long as the first episode"
    );
    let finale = event(&events, "Severance — season 2 finale");
    assert_eq!(start(finale), ("20250201T020000Z".into(), vec![]));
    assert_eq!(value(finale, "STATUS").as_deref(), Some("CONFIRMED"));
    let second = event(&events, "Severance S2E2 “Goodbye, Mrs. Selvig”");
    assert_eq!(start(second), ("20250125T020000Z".into(), vec![]));
    assert_eq!(value(second, "DTEND").as_deref(), Some("20250125T025200Z"));
    let special = event(&events, "Severance S2 special “Inside Lumon”");
    assert_eq!(start(special), ("20250207".into(), date_param()));
    let typed = event(&events, "Andor S2E4");
    assert_eq!(start(typed), ("20250506".into(), date_param()));

    // Without finales, the last episode is an event of its own, by its name.
    let events_only = events_of(&env, &["--episodes", "--premieres-only"]);
    assert!(events_only.contains(&"Severance S2E3 “Cold Harbor”".to_string()));
    assert!(!events_only.iter().any(|s| s.contains("finale")));
    // Without --episodes, none.
    assert_eq!(events_of(&env, &[]).len(), 3);
    // All-day, each on the local day.
    let berlin = events_in(&env.ok(&[
        "export",
        "--format",
        "ics",
        "--episodes",
        "--all-day",
        "--tz",
        "Europe/Berlin",
    ]));
    let second = event(&berlin, "Severance S2E2 “Goodbye, Mrs. Selvig”");
    assert_eq!(start(second), ("20250125".into(), date_param()));
    let special = event(&berlin, "Severance S2 special “Inside Lumon”");
    assert_eq!(start(special), ("20250207".into(), date_param()));
}

/// The summaries of `export --format ics ARGS`.
fn events_of(env: &TestEnv, args: &[&str]) -> Vec<String> {
    let mut all = vec!["export", "--format", "ics"];
    all.extend(args);
    events_in(&env.ok(&all))
        .iter()
        .map(|e| value(&e.properties, "SUMMARY").unwrap())
        .collect()
}

/// Each event's `UID` and `DTSTART`, in the calendar's order.
fn uids(text: &str) -> Vec<(String, String)> {
    events_in(text)
        .iter()
        .map(|e| {
            (
                value(&e.properties, "UID").unwrap(),
                value(&e.properties, "DTSTART").unwrap(),
            )
        })
        .collect()
}

#[test]
fn an_episode_keeps_its_uid_when_it_is_renamed_or_moved_so_calendars_update_it() {
    let env = TestEnv::with_file(AIRING);
    keep_episodes(
        &env,
        "Goodbye, Mrs. Selvig",
        "2025-01-24 21:00 America/New_York",
    );
    let first = env.ok(&["export", "--format", "ics", "--episodes"]);
    assert_eq!(
        env.ok(&["export", "--format", "ics", "--episodes"]),
        first,
        "the same bytes"
    );
    let before = uids(&first);
    let unique: std::collections::HashSet<&String> = before.iter().map(|(u, _)| u).collect();
    assert_eq!(unique.len(), before.len(), "UIDs are unique: {before:?}");
    // The second episode is renamed and moved a day; the typed next episode moves a week.
    keep_episodes(&env, "Goodbye", "2025-01-25 21:00 America/New_York");
    env.write(&AIRING.replace("2025-05-06", "2025-05-13"));
    let after = uids(&env.ok(&["export", "--format", "ics", "--episodes"]));
    let ids = |list: &[(String, String)]| list.iter().map(|(u, _)| u.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&after), ids(&before), "{before:?}\n{after:?}");
    assert_ne!(after, before, "the days moved");
    // The episode after the next (one more aired) is another event.
    env.write(&AIRING.replace("aired = 3", "aired = 4"));
    let later = uids(&env.ok(&["export", "--format", "ics", "--episodes"]));
    assert_ne!(later.last().unwrap().0, before.last().unwrap().0);
}

/// What khal, a real calendar program, lists from the calendar `ics` between the days `from`
/// and `to` for a user in `zone`, one line an event, sorted: "2025-01-18 03:00 Title" for a
/// timed event, "2025-01-18 Title" for an all-day one. The calendar is imported into a calendar
/// of khal's own in a temporary folder (its config, data and home there too), with `TZ` and
/// khal's zones set to `zone`. `None` when khal is not installed, which fails under CI
/// (`.ci/run` installs it).
fn khal_lists(ics: &str, zone: &str, from: &str, to: &str) -> Option<Vec<String>> {
    use std::process::Command;
    if Command::new("khal").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "khal is missing; .ci/run installs it"
        );
        eprintln!("note: khal is not installed; the calendar is not checked in a real program");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let (config, calendar) = (dir.path().join("config"), dir.path().join("calendar"));
    std::fs::create_dir_all(config.join("khal")).unwrap();
    std::fs::create_dir_all(&calendar).unwrap();
    std::fs::write(
        config.join("khal/config"),
        format!(
            "[calendars]\n[[airdate]]\npath = {}\ntype = calendar\n\n[locale]\n\
             local_timezone = {zone}\ndefault_timezone = {zone}\ntimeformat = %H:%M\n\
             dateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n\
             datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n",
            calendar.display()
        ),
    )
    .unwrap();
    let file = dir.path().join("airdate.ics");
    std::fs::write(&file, ics).unwrap();
    let khal = |args: &[&str]| {
        let output = Command::new("khal")
            .args(args)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .env("XDG_CONFIG_HOME", &config)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("TZ", zone)
            .env("LC_ALL", "C.UTF-8")
            .output()
            .expect("khal runs");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "khal {args:?}: {stdout}{stderr}");
        stdout
    };
    khal(&["import", "--batch", "-a", "airdate", file.to_str().unwrap()]);
    let listed = khal(&[
        "list",
        "--day-format",
        "",
        "--format",
        "{start} {title}",
        from,
        to,
    ]);
    let mut lines: Vec<String> = listed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    lines.sort();
    Some(lines)
}

#[test]
fn khal_shows_the_new_york_premiere_at_local_time_in_berlin_and_los_angeles() {
    let env = TestEnv::with_file(TIMED);
    let ics = env.ok(&["export", "--format", "ics"]);
    let zones = [
        ("Europe/Berlin", "2025-01-18 03:00"),
        ("America/Los_Angeles", "2025-01-17 18:00"),
    ];
    // khal takes a third of a second to start: both zones at once.
    let listed: Vec<_> = std::thread::scope(|scope| {
        let runs: Vec<_> = zones
            .iter()
            .map(|(zone, _)| {
                let ics = &ics;
                scope.spawn(move || khal_lists(ics, zone, "2025-01-16", "2025-01-20"))
            })
            .collect();
        runs.into_iter().map(|run| run.join().unwrap()).collect()
    });
    for ((zone, premiere), listed) in zones.iter().zip(listed) {
        let Some(listed) = listed else {
            return;
        };
        assert_eq!(
            listed,
            [
                format!("{premiere} Severance — season 2 premiere"),
                "2025-01-18 The Day — season 1 premiere".to_string(),
            ],
            "{zone}"
        );
    }
}
