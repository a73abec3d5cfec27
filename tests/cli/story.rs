//! The Severance story of the product contract, replayed end to end from the command line.

use crate::common::{TestEnv, json};
use insta::assert_snapshot;

#[test]
fn severance_from_renewal_to_season_three() {
    let mut env = TestEnv::new();
    env.today = "2022-04-06".into();
    let out = env.ok(&[
        "add",
        "Severance",
        "--network",
        "Apple TV+",
        "--season",
        "2",
        "--status",
        "renewed",
        "--creator",
        "Ben Stiller",
        "--cast",
        "Adam Scott",
        "--cast",
        "Britt Lower",
        "--cast",
        "Patricia Arquette",
        "--tag",
        "drama",
        "--tag",
        "sci-fi",
        "--note",
        "Season 1 streams on Apple TV+.",
    ]);
    assert_snapshot!(out, @"Added Severance (season 2): announced, premiere TBA");

    env.today = "2022-10-01".into();
    let _ = env.ok(&["set", "sev", "--status", "filming"]);

    // The strikes pause production.
    env.today = "2023-05-02".into();
    let out = env.ok(&[
        "set",
        "Severance",
        "--status",
        "hiatus",
        "--reason",
        "WGA and SAG-AFTRA strikes",
    ]);
    assert_snapshot!(out, @r#"
    Updated "Severance":
      status: in-production → on-hiatus
      hiatus_reason: - → WGA and SAG-AFTRA strikes
    "#);

    env.today = "2023-08-10".into();
    assert_snapshot!(env.run(&["hiatus"]), @r"
    Title      Season  Network    Reason                     Since       Days
    ─────────────────────────────────────────────────────────────────────────
    Severance       2  Apple TV+  WGA and SAG-AFTRA strikes  2023-05-02   100
    [exit 0]
    ");
    // Until a date is known, upcoming lists it only with --tba.
    assert_snapshot!(env.run(&["upcoming"]), @r"
    [stderr]
    No dated premieres coming; `airdate upcoming --tba` also lists the shows without a date.
    [exit 0]
    ");
    assert_snapshot!(env.run(&["upcoming", "--tba"]), @"
    Premiere  When  Title      Season  Network    Status
    ───────────────────────────────────────────────────────
    TBA       -     Severance       2  Apple TV+  on-hiatus
    [exit 0]
    ");

    // Back to work; a first look; a window; then the day.
    env.today = "2023-11-09".into();
    let _ = env.ok(&[
        "set",
        "sev",
        "--status",
        "in-production",
        "--note",
        "production resumed",
    ]);
    assert_snapshot!(env.run(&["hiatus"]), @r"
    [stderr]
    No show is on hiatus.
    [exit 0]
    ");
    env.today = "2024-03-01".into();
    let _ = env.ok(&["set", "sev", "--note", "first look released"]);
    env.today = "2024-05-20".into();
    let out = env.ok(&[
        "set",
        "sev",
        "--premiere",
        "Q1 2025",
        "--status",
        "post-production",
    ]);
    assert_snapshot!(out, @r#"
    Updated "Severance":
      status: in-production → post-production
      premiere: TBA → 2025-Q1
    "#);
    env.today = "2024-07-09".into();
    let _ = env.ok(&[
        "set",
        "sev",
        "--premiere",
        "January 17, 2025",
        "--status",
        "scheduled",
    ]);

    env.today = "2025-01-05".into();
    assert_snapshot!(env.run(&["upcoming"]), @"
    Premiere    When        Title      Season  Network    Status
    ───────────────────────────────────────────────────────────────
    2025-01-17  in 12 days  Severance       2  Apple TV+  scheduled
    [exit 0]
    ");
    env.today = "2025-01-16".into();
    assert!(
        env.ok(&[]).contains("tomorrow"),
        "bare airdate runs upcoming"
    );

    let show = json(&env.ok(&["show", "severance", "--json"]));
    assert_eq!(
        show,
        serde_json::json!({
            "title": "Severance",
            "network": "Apple TV+",
            "season": 2,
            "status": "scheduled",
            "status_implied": false,
            "recorded_status": "scheduled",
            "premiere": "2025-01-17",
            // Its moment, when a time is known (issue: the right day where the user lives).
            "premiere_at": null,
            "premiere_zone": null,
            "premiere_start": "2025-01-17",
            "premiere_end": "2025-01-17",
            "days_until": 1,
            "slips": 0,
            "hiatus_reason": null,
            "hiatus_since": null,
            "creators": ["Ben Stiller"],
            "cast": ["Adam Scott", "Britt Lower", "Patricia Arquette"],
            "tags": ["drama", "sci-fi"],
            "notes": "Season 1 streams on Apple TV+.",
            "added": "2022-04-06",
            // Keys for TVmaze (issue: premiere dates without typing), null for a show typed by hand.
            "finale": null,
            "finale_provisional": false,
            "episodes": null,
            "aired": null,
            "next": null,
            "next_episode": null,
            "tvmaze": null,
            "imdb": null,
            "tvmaze_updated": null,
            "pinned": [],
            // Every season airdate knows of (issue: seasons that roll over), the current last.
            "seasons": [
                {"number": 2, "premiere": "2025-01-17", "finale": null, "finale_confirmed": false, "episodes": null, "slips": 0},
            ],
            // Each entry names the season it is about.
            "history": [
                {"date": "2022-04-06", "status": "announced", "season": 2, "premiere": null, "note": "added"},
                {"date": "2022-10-01", "status": "in-production", "season": 2, "premiere": null, "note": null},
                {"date": "2023-05-02", "status": "on-hiatus", "season": 2, "premiere": null, "note": "WGA and SAG-AFTRA strikes"},
                {"date": "2023-11-09", "status": "in-production", "season": 2, "premiere": null, "note": "production resumed"},
                {"date": "2024-03-01", "status": "in-production", "season": 2, "premiere": null, "note": "first look released"},
                {"date": "2024-05-20", "status": "post-production", "season": 2, "premiere": "2025-Q1", "note": null},
                {"date": "2024-07-09", "status": "scheduled", "season": 2, "premiere": "2025-01-17", "note": null},
            ]
        })
    );

    // It airs, and is renewed.
    env.today = "2025-03-21".into();
    let out = env.ok(&["renew", "sev"]);
    assert_snapshot!(out, @r#"
    Renewed "Severance" for season 3
    (season 2 keeps its premiere 2025-01-17)
    "#);
    assert_snapshot!(env.run(&["show", "sev"]), @r"
    Title     Severance
    Network   Apple TV+
    Season    3
    Status    announced
    Premiere  TBA
    Creators  Ben Stiller
    Cast      Adam Scott, Britt Lower, Patricia Arquette
    Tags      drama, sci-fi
    Notes     Season 1 streams on Apple TV+.
    Added     2022-04-06

    Seasons
    Season  Premiere    Finale  Episodes  Path
    ──────────────────────────────────────────────────────────
         2  2025-01-17  -                 2025-Q1 → 2025-01-17
         3  TBA         -

    History
    Date        Status           Season  Premiere    Note
    ──────────────────────────────────────────────────────────────────────────
    2022-04-06  announced             2              added
    2022-10-01  in-production         2
    2023-05-02  on-hiatus             2              WGA and SAG-AFTRA strikes
    2023-11-09  in-production         2              production resumed
    2024-03-01  in-production         2              first look released
    2024-05-20  post-production       2  2025-Q1
    2024-07-09  scheduled             2  2025-01-17
    2025-03-21  announced             3              renewed for season 3
    [exit 0]
    ");
}
