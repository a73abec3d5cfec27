//! What the views show: filters, sorting, formats, colour, and how a SHOW argument is matched.

use crate::common::{TestEnv, json, titles};
use insta::assert_snapshot;

#[test]
fn list_filters_and_sorts() {
    let env = TestEnv::example();
    assert_snapshot!(env.run(&["list", "--status", "post-production", "--status", "hiatus"]), @"
    Title                  Season  Network  Status           Premiere
    ───────────────────────────────────────────────────────────────────
    Daredevil: Born Again       1  Disney+  post-production  2025-03-04
    Euphoria                    3  HBO      on-hiatus        TBA
    Stranger Things             5  Netflix  post-production  2025
    The Last of Us              2  HBO      post-production  2025-04
    Wednesday                   2  Netflix  post-production  2025-H2
    [exit 0]
    ");
    assert_eq!(
        titles(&env.ok(&["list", "--network", "apple tv+", "--json"])),
        ["Severance", "Silo"]
    );
    assert_eq!(
        titles(&env.ok(&["list", "--tag", "SUPERHERO", "--json"])),
        ["Daredevil: Born Again", "The Boys"]
    );
    assert_eq!(
        titles(&env.ok(&["list", "--tag", "sci-fi", "--sort", "premiere", "--json"])),
        // By the last day each premiere can fall on: the year 2025 ends after the days in it.
        ["Silo", "Severance", "Andor", "Stranger Things"]
    );
    let by_status = titles(&env.ok(&["list", "--sort", "status", "--json"]));
    assert_eq!(by_status.first().unwrap(), "Hacks");
    assert_eq!(by_status.last().unwrap(), "Kaos");
    let by_network = titles(&env.ok(&["list", "--sort", "network", "--json"]));
    assert_eq!(by_network[..2], ["Severance", "Silo"]);
    let run = env.run(&["list", "--network", "nobody"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
    assert_eq!(run.stderr, "No show matches those filters.\n");
}

#[test]
fn upcoming_within_and_tba() {
    let env = TestEnv::example();
    assert_snapshot!(env.run(&["upcoming", "--within", "6w"]), @"
    Premiere    When        Title       Season  Network  Status
    ──────────────────────────────────────────────────────────────
    2024-12-26  in 25 days  Squid Game       2  Netflix  scheduled
    [exit 0]
    ");
    assert_eq!(
        titles(&env.ok(&["upcoming", "--within", "3m", "--json"])),
        // Stranger Things (2025) may come after the span ends: only windows that end inside it.
        ["Squid Game", "Severance", "The White Lotus"],
        "three months from 2024-12-01 ends on 2025-03-01"
    );
    // TBA shows come last, and only with --tba; ended and cancelled shows never come.
    let all = titles(&env.ok(&["upcoming", "--tba", "--json"]));
    assert_eq!(all[all.len() - 3..], ["Euphoria", "Hacks", "The Boys"]);
    assert!(!all.contains(&"Kaos".to_string()));
    assert!(
        !all.contains(&"Silo".to_string()),
        "a premiere day that has passed is gone"
    );
    // A month window stays listed until its last day.
    let mut env = env;
    env.today = "2025-04-30".into();
    assert!(titles(&env.ok(&["upcoming", "--json"])).contains(&"The Last of Us".to_string()));
    env.today = "2025-05-01".into();
    assert!(!titles(&env.ok(&["upcoming", "--json"])).contains(&"The Last of Us".to_string()));
}

#[test]
fn upcoming_filters_as_list_does() {
    let env = TestEnv::example();
    // "Upcoming on HBO": the network by its leading words, in any letter case.
    assert_snapshot!(env.run(&["upcoming", "--network", "hbo"]), @r"
    Premiere    When          Title            Season  Network  Status
    ───────────────────────────────────────────────────────────────────────────
    2025-02-16  in ~3 months  The White Lotus       3  HBO      scheduled
    2025-04     in Apr 2025   The Last of Us        2  HBO      post-production
    [exit 0]
    ");
    assert_eq!(
        titles(&env.ok(&["upcoming", "--tag", "SCI-FI", "--tba", "--json"])),
        titles(&env.ok(&["list", "--tag", "sci-fi", "--sort", "premiere", "--json"]))
            .into_iter()
            .filter(|t| t != "Silo")
            .collect::<Vec<_>>(),
        "the shows list keeps, but Silo, whose premiere has passed"
    );
    assert_eq!(
        titles(&env.ok(&["upcoming", "--status", "post-production,hiatus", "--json"])),
        [
            "Daredevil: Born Again",
            "The Last of Us",
            "Wednesday",
            "Stranger Things"
        ]
    );
    let run = env.run(&["upcoming", "--network", "nobody"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "No upcoming premieres match those filters.\n")
    );
    let run = env.run(&["upcoming", "--status", "sleeping"]);
    assert_eq!(run.code, 2, "{run}");
}

#[test]
fn bare_airdate_on_an_empty_watchlist_says_how_to_add_a_show() {
    let env = TestEnv::new();
    let bare = env.run(&[]);
    assert_eq!(bare.to_string(), env.run(&["upcoming"]).to_string());
    assert_snapshot!(bare, @r"
    [stderr]
    The watchlist `[DIR]/watchlist.toml` is empty; add a show with `airdate add TITLE`.
    [exit 0]
    ");
    assert!(env.files().is_empty());
}

#[test]
fn hiatus_table() {
    let env = TestEnv::example();
    let _ = env.ok(&[
        "set",
        "the bear",
        "--status",
        "paused",
        "--reason",
        "Cast availability",
    ]);
    assert_snapshot!(env.run(&["hiatus"]), @r"
    Title     Season  Network  Reason                                Since       Days
    ─────────────────────────────────────────────────────────────────────────────────
    Euphoria       3  HBO      2023 strikes, then scripts rewritten  2023-07-14   506
    The Bear       4  FX       Cast availability                     2024-12-01     0
    [exit 0]
    ");
}

#[test]
fn json_has_exactly_the_documented_keys() {
    let env = TestEnv::example();
    let keys = [
        "title",
        "network",
        "season",
        "status",
        "status_implied",
        "recorded_status",
        "premiere",
        "premiere_at",
        "premiere_zone",
        "premiere_start",
        "premiere_end",
        "days_until",
        "slips",
        "hiatus_reason",
        "hiatus_since",
        "creators",
        "cast",
        "tags",
        "notes",
        "added",
        "finale",
        "finale_provisional",
        "episodes",
        "aired",
        "next",
        "next_episode",
        "tvmaze",
        "imdb",
        "tvmaze_updated",
        "pinned",
        "seasons",
        "history",
    ];
    let sorted = |keys: &[&str]| {
        let mut keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    };
    let check = |object: &serde_json::Value| {
        let object = object.as_object().unwrap();
        let found: Vec<String> = object.keys().cloned().collect();
        assert_eq!(found, sorted(&keys));
        for entry in object["history"].as_array().unwrap() {
            let found: Vec<String> = entry.as_object().unwrap().keys().cloned().collect();
            assert_eq!(
                found,
                sorted(&["date", "status", "season", "premiere", "note"])
            );
        }
    };
    for args in [
        &["list", "--json"][..],
        &["upcoming", "--tba", "--json"],
        &["hiatus", "--format", "json"],
    ] {
        let shows = json(&env.ok(args));
        assert!(!shows.as_array().unwrap().is_empty(), "{args:?}");
        shows.as_array().unwrap().iter().for_each(check);
    }
    let raw = env.ok(&["show", "kaos", "--json"]);
    let kaos = json(&raw);
    check(&kaos);
    // The keys come in the documented order.
    let at: Vec<usize> = keys
        .iter()
        .map(|k| raw.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(at.is_sorted(), "{raw}");
    assert_eq!(kaos["network"], "Netflix");
    assert_eq!(kaos["creators"], serde_json::json!([]));
    assert_eq!(kaos["added"], serde_json::Value::Null);
    assert_eq!(kaos["days_until"], serde_json::Value::Null);
}

#[test]
fn csv_and_tsv_quote_what_needs_quoting() {
    let env = TestEnv::new();
    let _ = env.ok(&[
        "add",
        "Love, Death & \"Robots\"",
        "--season",
        "4",
        "--network",
        "Netflix",
        "--tag",
        "animation",
        "--tag",
        "anthology",
        "--note",
        "line one\nline two\twith a tab",
    ]);
    assert_snapshot!(env.ok(&["list", "--format", "csv"]).replace("\r\n", "⏎\n"), @r#"
    title,network,season,status,premiere,premiere_start,premiere_end,days_until,slips,hiatus_reason,hiatus_since,creators,cast,tags,notes,added,premiere_at,premiere_zone⏎
    "Love, Death & ""Robots""",Netflix,4,announced,TBA,,,,0,,,,,animation; anthology,"line one
    line two	with a tab",2024-12-01,,⏎
    "#);
    assert_snapshot!(env.ok(&["list", "--format", "tsv"]), @r#"
    title	network	season	status	premiere	premiere_start	premiere_end	days_until	slips	hiatus_reason	hiatus_since	creators	cast	tags	notes	added	premiere_at	premiere_zone
    Love, Death & "Robots"	Netflix	4	announced	TBA				0					animation; anthology	line one\nline two\twith a tab	2024-12-01
    "#);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let env = TestEnv::example();
    let plain = env.ok(&["hiatus"]);
    assert!(!plain.contains('\u{1b}'), "no colour off a terminal");
    let forced = env.ok(&["hiatus", "--color", "always"]);
    assert!(forced.contains('\u{1b}'), "{forced}");
    let by_env = env
        .command(&["hiatus"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8(by_env.stdout).unwrap().contains('\u{1b}'));
    let no_color = env
        .command(&["hiatus"])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8(no_color.stdout)
            .unwrap()
            .contains('\u{1b}')
    );
    let never = env.ok(&["hiatus", "--color", "never"]);
    assert_eq!(never, plain);
}

#[test]
fn tables_fit_the_width_given() {
    let env = TestEnv::example();
    for columns in ["60", "80"] {
        let out = env
            .command(&["list"])
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(
            widest <= columns.parse().unwrap(),
            "{columns}: {widest}\n{out}"
        );
    }
}

#[test]
fn show_arguments_match_or_explain() {
    let env = TestEnv::example();
    assert_eq!(
        json(&env.ok(&["show", "SQUID", "--json"]))["title"],
        "Squid Game"
    );
    assert_eq!(
        json(&env.ok(&["show", "lotus", "--json"]))["title"],
        "The White Lotus"
    );
    assert_snapshot!(env.run(&["show", "the"]), @r#"
    [stderr]
    error: "the" matches 5 shows: "The Bear", "The Boys", "The Last of Us", "The Penguin" or "The White Lotus"; type more of the title
    [exit 1]
    "#);
    assert_snapshot!(env.run(&["set", "Severence", "--season", "3"]), @r#"
    [stderr]
    error: no show matches "Severence"; did you mean "Severance"?
    [exit 1]
    "#);
    assert_snapshot!(env.run(&["renew", "zzz"]), @r#"
    [stderr]
    error: no show matches "zzz"; `airdate list` shows every title
    [exit 1]
    "#);
}

#[test]
fn write_commands_explain_what_went_wrong() {
    let env = TestEnv::example();
    let before = env.read();
    assert_snapshot!(env.run(&["add", "severance"]), @r#"
    [stderr]
    error: "Severance" is already in the watchlist; change it with `airdate set "Severance" ...`
    [exit 1]
    "#);
    assert_snapshot!(env.run(&["set", "silo", "--title", "SEVERANCE"]), @r#"
    [stderr]
    error: "Severance" is already in the watchlist
    [exit 1]
    "#);
    assert_snapshot!(env.run(&["set", "silo", "--reason", "money"]), @r#"
    [stderr]
    error: --reason is for shows on hiatus, and "Silo" is airing; add `--status on-hiatus`
    [exit 2]
    "#);
    assert_snapshot!(env.run(&["remove", "silo"]), @r#"
    [stderr]
    error: not removing "Silo" without confirmation: pass --yes
    [exit 2]
    "#);
    let run = env.run(&["add", "X", "--status", "filmin"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("unknown status \"filmin\" (did you mean `in-production`?)"),
        "{run}"
    );
    let run = env.run(&["set", "silo"]);
    assert_eq!(
        run.code, 2,
        "set with nothing to set is a usage error\n{run}"
    );
    let run = env.run(&["renew", "severance", "--season", "0"]);
    assert_eq!(run.code, 2, "{run}");
    assert_eq!(env.read(), before);
}

#[test]
fn set_clears_fields_and_replaces_lists() {
    let env = TestEnv::new();
    let _ = env.ok(&[
        "add",
        "Silo",
        "--network",
        "Apple TV+",
        "--tag",
        "sci-fi",
        "--tag",
        "drama",
    ]);
    let _ = env.ok(&[
        "set",
        "silo",
        "--network",
        "",
        "--tag",
        "thriller",
        "--notes",
        "Book 2",
    ]);
    let show = json(&env.ok(&["show", "silo", "--json"]));
    assert_eq!(show["network"], serde_json::Value::Null);
    assert_eq!(show["tags"], serde_json::json!(["thriller"]));
    assert_eq!(show["notes"], "Book 2");
    let _ = env.ok(&["set", "silo", "--tag", ""]);
    assert_eq!(
        json(&env.ok(&["show", "silo", "--json"]))["tags"],
        serde_json::json!([])
    );
    assert!(!env.read().contains("tags"));
    let out = env.ok(&["set", "silo", "--title", "Silo "]);
    assert_eq!(out, "\"Silo\" already had those values; nothing changed\n");
}

#[test]
fn path_prints_the_watchlist_in_use() {
    let env = TestEnv::new();
    assert_eq!(env.ok(&["path"]), "[DIR]/watchlist.toml\n");
    assert_eq!(env.ok(&["path", "--file", "/x/y.toml"]), "/x/y.toml\n");
    let default = env
        .command(&["path"])
        .env_remove("AIRDATE_FILE")
        .output()
        .unwrap();
    let default = String::from_utf8(default.stdout).unwrap();
    assert!(default.ends_with("/airdate/watchlist.toml\n"), "{default}");
}
