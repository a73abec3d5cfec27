//! `airdate news`: what happened in a period, typed or from TVmaze, newest first.

use crate::common::TestEnv;
use insta::assert_snapshot;

const WATCHLIST: &str = r#"
[[show]]
title = "Severance"
season = 2
status = "scheduled"
premiere = "2025-01-17"
finale = "2025-03-21"
[[show.history]]
date = "2025-01-02"
status = "on-hiatus"
note = "added"
[[show.history]]
date = "2025-01-03"
status = "in-production"
[[show.history]]
date = "2025-01-04"
status = "in-production"
premiere = "2025-Q1"
note = "TVmaze"
[[show.history]]
date = "2025-01-05"
status = "scheduled"
premiere = "2025-01-17"
note = "TVmaze"

[[show]]
title = "Andor"
season = 3
status = "announced"
[[show.history]]
date = "2024-12-20"
status = "scheduled"
premiere = "2025-01-10"
[[show.history]]
date = "2025-01-06"
status = "scheduled"
premiere = "2025-02-14"
note = "Disney moved it"
[[show.history]]
date = "2025-01-07"
status = "scheduled"
premiere = "TBA"
[[show.history]]
date = "2025-01-08"
status = "announced"
season = 3
note = "renewed for season 3"

[[show]]
title = "Kaos"
status = "cancelled"
[[show.history]]
date = "2024-12-30"
status = "airing"
[[show.history]]
date = "2025-01-09"
status = "cancelled"
note = "one season only"

[[show]]
title = "Euphoria"
status = "on-hiatus"
hiatus_reason = "rewrites"
[[show.history]]
date = "2024-12-30"
status = "in-production"
[[show.history]]
date = "2025-01-10"
status = "on-hiatus"
note = "rewrites"

[[show]]
title = "Silo"
season = 2
status = "airing"
premiere = "2024-11-15"
finale = "2025-01-17"
[[show.history]]
date = "2024-10-01"
status = "scheduled"
premiere = "2024-12-01"
[[show.history]]
date = "2025-01-13"
status = "scheduled"
premiere = "2024-11-15"
note = "moved up"

[[show]]
title = "The Penguin"
status = "ended"
premiere = "2025-01-11"
[[show.history]]
date = "2024-12-01"
status = "airing"
[[show.history]]
date = "2025-01-12"
status = "ended"
"#;

fn env() -> TestEnv {
    let mut env = TestEnv::with_file(WATCHLIST);
    env.today = "2025-01-20".into();
    env
}

#[test]
fn news_of_the_period_newest_first() {
    let env = env();
    assert_snapshot!(env.run(&["news", "--since", "2025-01-01"]), @r"
    Date        Show         News
    ────────────────────────────────────────────────────────────────────────────────────────────
    2025-01-17  Severance    season 2 premiere
    2025-01-17  Silo         season 2 finale
    2025-01-13  Silo         season 2 premiere moved earlier: 2024-12-01 → 2024-11-15 (moved up)
    2025-01-12  The Penguin  the series ended
    2025-01-11  The Penguin  premiere
    2025-01-10  Euphoria     production paused (rewrites)
    2025-01-09  Kaos         cancelled (one season only)
    2025-01-08  Andor        renewed for season 3
    2025-01-07  Andor        premiere date withdrawn: 2025-02-14 → TBA
    2025-01-06  Andor        premiere SLIPPED: 2025-01-10 → 2025-02-14 (Disney moved it)
    2025-01-05  Severance    status: in-production → scheduled (TVmaze)
    2025-01-05  Severance    season 2 premiere narrowed: 2025-Q1 → 2025-01-17 (TVmaze)
    2025-01-04  Severance    season 2 premiere date announced: TBA → 2025-Q1 (TVmaze)
    2025-01-03  Severance    back in production
    2025-01-02  Severance    added to the watchlist: season 2, on-hiatus
    [exit 0]
    ");
    // The default is the last seven days.
    assert_snapshot!(env.run(&["news"]), @r"
    Date        Show       News
    ──────────────────────────────────────────────────────────────────────────────────────────
    2025-01-17  Severance  season 2 premiere
    2025-01-17  Silo       season 2 finale
    2025-01-13  Silo       season 2 premiere moved earlier: 2024-12-01 → 2024-11-15 (moved up)
    [exit 0]
    ");
    let run = env.run(&["news", "--since", "1d"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "Nothing happened since 2025-01-19.\n")
    );
    let run = env.run(&["news", "--since", "yesterday-ish"]);
    assert_eq!(run.code, 2, "{run}");
}

#[test]
fn news_as_json() {
    let env = env();
    let out = env.ok(&["news", "--since", "2025-01-09", "--json"]);
    assert_snapshot!(out, @r#"
    [
      {
        "date": "2025-01-17",
        "title": "Severance",
        "season": 2,
        "kind": "premiere",
        "field": "premiere",
        "from": null,
        "to": "2025-01-17",
        "note": null
      },
      {
        "date": "2025-01-17",
        "title": "Silo",
        "season": 2,
        "kind": "finale",
        "field": "finale",
        "from": null,
        "to": "2025-01-17",
        "note": null
      },
      {
        "date": "2025-01-13",
        "title": "Silo",
        "season": 2,
        "kind": "date-moved",
        "field": "premiere",
        "from": "2024-12-01",
        "to": "2024-11-15",
        "note": "moved up"
      },
      {
        "date": "2025-01-12",
        "title": "The Penguin",
        "season": null,
        "kind": "ended",
        "field": "status",
        "from": "airing",
        "to": "ended",
        "note": null
      },
      {
        "date": "2025-01-11",
        "title": "The Penguin",
        "season": null,
        "kind": "premiere",
        "field": "premiere",
        "from": null,
        "to": "2025-01-11",
        "note": null
      },
      {
        "date": "2025-01-10",
        "title": "Euphoria",
        "season": null,
        "kind": "hiatus",
        "field": "status",
        "from": "in-production",
        "to": "on-hiatus",
        "note": "rewrites"
      },
      {
        "date": "2025-01-09",
        "title": "Kaos",
        "season": null,
        "kind": "cancelled",
        "field": "status",
        "from": "airing",
        "to": "cancelled",
        "note": "one season only"
      }
    ]
    "#);
}

#[test]
fn a_removed_show_is_news_too() {
    let env = env();
    let _ = env.ok(&["remove", "kaos", "--yes"]);
    let out = env.ok(&["news", "--since", "2025-01-19"]);
    assert_eq!(
        out,
        "Date        Show  News\n────────────────────────────────────────────\n\
         2025-01-20  Kaos  removed from the watchlist\n"
    );
    assert_eq!(
        std::fs::read_to_string(env.dir().join("watchlist.removed.log")).unwrap(),
        "2025-01-20\tKaos\n"
    );
}
