//! What a fan trips over in the first hour: changes recorded on the day they happened,
//! renewals and edits that say what they did, one tag at a time.

use crate::common::{TestEnv, json};

#[test]
fn a_change_can_be_dated_the_day_it_happened() {
    let mut env = TestEnv::new();
    env.today = "2023-11-10".into();
    let _ = env.ok(&[
        "add",
        "Severance",
        "--season",
        "2",
        "--status",
        "filming",
        "--on",
        "2022-10-01",
    ]);
    let out = env.ok(&[
        "set",
        "sev",
        "--status",
        "hiatus",
        "--reason",
        "strike",
        "--on",
        "2023-05-02",
    ]);
    assert_eq!(
        out,
        "Updated \"Severance\":\n  status: in-production → on-hiatus\n  hiatus_reason: - → strike\n"
    );
    let hiatus = env.ok(&["hiatus", "--format", "tsv"]);
    let row: Vec<&str> = hiatus.lines().nth(1).unwrap().split('\t').collect();
    assert!(row.contains(&"2023-05-02"), "{hiatus}");
    let show = json(&env.ok(&["show", "sev", "--json"]));
    assert_eq!(show["history"][1]["date"], "2023-05-02");
    assert_eq!(show["added"], "2022-10-01", "added is the day --on names");

    // Not in the future; a day before the latest entry goes in in date order, with the
    // status of its day.
    let run = env.run(&["set", "sev", "--note", "x", "--on", "2023-12-01"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("is in the future (today is 2023-11-10)"),
        "{run}"
    );
    let _ = env.ok(&["set", "sev", "--note", "x", "--on", "2023-01-01"]);
    let show = json(&env.ok(&["show", "sev", "--json"]));
    assert_eq!(show["history"][1]["date"], "2023-01-01");
    assert_eq!(show["history"][1]["status"], "in-production");
    assert_eq!(show["history"][2]["date"], "2023-05-02");
    let run = env.run(&["renew", "sev", "--on", "2025"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("--on takes a day"), "{run}");
    // A day without a year is the last such day.
    let _ = env.ok(&["set", "sev", "--status", "filming", "--on", "Nov 9"]);
    let show = json(&env.ok(&["show", "sev", "--json"]));
    assert_eq!(show["history"][3]["date"], "2023-11-09");
}

#[test]
fn renew_refuses_going_back_and_says_what_it_did() {
    let env = TestEnv::with_file(
        "[[show]]\ntitle = \"Slow Horses\"\nseason = 4\nstatus = \"airing\"\npremiere = \"2024-09-04\"\n\n\
         [[show]]\ntitle = \"Firefly\"\nseason = 1\nstatus = \"cancelled\"\n",
    );
    for season in ["3", "4"] {
        let run = env.run(&["renew", "slow", "--season", season]);
        assert_eq!(run.code, 2, "{run}");
        assert_eq!(
            run.stderr,
            "error: \"Slow Horses\" is waiting for season 4 already; renew it for a later season (--season 5)\n"
        );
    }
    assert_eq!(
        env.ok(&["renew", "slow"]),
        "Renewed \"Slow Horses\" for season 5\n(season 4 keeps its premiere 2024-09-04)\n"
    );
    assert_eq!(
        env.ok(&["renew", "firefly"]),
        "Revived \"Firefly\" for season 2 (it was cancelled, and is announced now)\n"
    );
}

#[test]
fn set_records_seasons_changes_one_item_at_a_time_and_warns_of_contradictions() {
    let env = TestEnv::with_file(
        "[[show]]\ntitle = \"Shōgun\"\nseason = 2\ntags = [\"drama\", \"historical\"]\ncast = [\"Anna Sawai\"]\n",
    );
    let out = env.ok(&["set", "shogun", "--season", "3"]);
    assert_eq!(out, "Updated \"Shōgun\":\n  season: 2 → 3\n");
    let show = json(&env.ok(&["show", "Shōgun", "--json"]));
    assert_eq!(show["history"][0]["season"], 3);

    let out = env.ok(&[
        "set",
        "Shōgun",
        "--add-tag",
        "emmy-winner",
        "--add-tag",
        "DRAMA",
        "--remove-tag",
        "historical",
        "--add-cast",
        "Hiroyuki Sanada",
    ]);
    assert_eq!(
        out,
        "Updated \"Shōgun\":\n  cast: Anna Sawai → Anna Sawai, Hiroyuki Sanada\n  tags: drama, historical → drama, emmy-winner\n"
    );
    let run = env.run(&["set", "Shōgun", "--status", "scheduled"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stderr,
        "warning: \"Shōgun\" is scheduled but its premiere is TBA; give it with --premiere\n"
    );
    let run = env.run(&["set", "Shōgun", "--status", "airing", "--premiere", "2026"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr
            .starts_with("warning: \"Shōgun\" is airing but its premiere 2026 is still to come"),
        "{run}"
    );
    let out = env.ok(&["set", "Shōgun", "--status", "airing"]);
    assert_eq!(
        out,
        "\"Shōgun\" already had those values; nothing changed\n"
    );
}

/// The candidates airdate offers for the last of `words` (`airdate show sho<TAB>`), as bash
/// asks for them.
fn complete(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let mut args = vec!["--", "airdate"];
    args.extend_from_slice(words);
    let index = (words.len()).to_string();
    let mut cmd = env.command(&args);
    cmd.env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", &index)
        .env("_CLAP_IFS", "\n");
    let out = cmd.output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn titles_match_without_accents_punctuation_or_ampersands() {
    let env = TestEnv::example();
    let _ = env.ok(&["add", "Dept. Q"]);
    let _ = env.ok(&["add", "Mr. & Mrs. Smith"]);
    let _ = env.ok(&["add", "A Knight of the Seven Kingdoms"]);
    for (query, title) in [
        ("shogun", "Shōgun"),
        ("SHOGUN", "Shōgun"),
        ("daredevil born again", "Daredevil: Born Again"),
        ("dept q", "Dept. Q"),
        ("mr and mrs smith", "Mr. & Mrs. Smith"),
        ("mr & mrs", "Mr. & Mrs. Smith"),
        ("knight", "A Knight of the Seven Kingdoms"),
    ] {
        let show = json(&env.ok(&["show", query, "--json"]));
        assert_eq!(show["title"], title, "{query}");
    }
    assert_eq!(complete(&env, &["show", "sho"]), ["Shōgun"]);
    // Only the titles that begin with it, so that a unique prefix completes; those that merely
    // contain it when none does.
    assert_eq!(complete(&env, &["show", "Sev"]), ["Severance"]);
    assert_eq!(
        complete(&env, &["show", "seven"]),
        ["A Knight of the Seven Kingdoms"]
    );
}

#[test]
fn hostile_text_never_reaches_the_terminal_raw() {
    let env = TestEnv::new();
    let evil = "Evil\u{1b}]52;c;aGVsbG8=\u{7}\u{9b}31m\u{202e}";
    let out = env.ok(&["add", evil, "--network", "Net\u{1b}[2J"]);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{9b}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(out.contains("Evil\\u{1b}]52"), "{out:?}");
    let run = env.run(&["add", evil]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    let run = env.run(&["set", "evil", "--network", "x\u{200f}y"]);
    assert!(!run.stdout.contains('\u{200f}'), "{:?}", run.stdout);
    for candidate in complete(&env, &["show", "ev"]) {
        assert!(!candidate.contains('\u{1b}'), "{candidate:?}");
    }
    // File content quoted in errors and by `check`.
    let bad =
        TestEnv::with_file("[[show]]\ntitle = \"A\"\nseason = \"\\u001b]52;c;aGk=\\u0007\"\n");
    for args in [&["check"][..], &["list"]] {
        let run = bad.run(args);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains("\\u{1b}]52"), "{:?}", run.stderr);
        assert!(
            !run.stderr.contains('\u{1b}') && !run.stderr.contains('\u{7}'),
            "{:?}",
            run.stderr
        );
    }
    // The calendar carries no control characters.
    let _ = env.ok(&["set", "evil", "--premiere", "2025-01-17"]);
    let ics = env.ok(&["export", "--format", "ics"]);
    assert!(
        !ics.replace("\r\n", "").chars().any(|c| c.is_control()),
        "{ics:?}"
    );
}

#[test]
fn spreadsheet_formulas_are_exported_as_text_and_imported_back() {
    let env = TestEnv::new();
    for title in [
        "=HYPERLINK(\"http://example.com\",\"y\")",
        "=1+2",
        "@SUM(A1)",
        "+cmd|' /C calc'!A0",
        "-dash",
        "'quoted",
    ] {
        let _ = env.ok(&["add", "--network", "=2*3", "--", title]);
    }
    let csv = env.ok(&["export", "--format", "csv"]);
    for line in csv.lines().skip(1) {
        let first = line.trim_start_matches('"');
        assert!(first.starts_with('\''), "{line}");
        assert!(line.contains(",'=2*3,"), "{line}");
    }
    let file = env.dir().join("out.csv");
    std::fs::write(&file, &csv).unwrap();
    let again = TestEnv::new();
    let _ = again.ok(&["import", file.to_str().unwrap()]);
    let titles = |env: &TestEnv| crate::common::titles(&env.ok(&["list", "--json"]));
    assert_eq!(titles(&again), titles(&env));
    let networks: Vec<String> = json(&again.ok(&["list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["network"].as_str().unwrap().to_string())
        .collect();
    assert!(networks.iter().all(|n| n == "=2*3"), "{networks:?}");
}

#[test]
fn titles_are_one_in_any_unicode_form_and_need_something_visible() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Pok\u{e9}mon"]);
    let run = env.run(&["add", "Poke\u{301}mon"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("is already in the watchlist"), "{run}");
    for title in ["\u{200b}", " \u{200b}\u{feff} "] {
        let run = env.run(&["add", title]);
        assert_eq!(run.code, 2, "{run}");
        assert_eq!(run.stderr, "error: the title has no visible character\n");
    }
    let file = TestEnv::with_file(
        "[[show]]\ntitle = \"Pok\u{e9}mon\"\n\n[[show]]\ntitle = \"Poke\u{301}mon\"\n",
    );
    let run = file.run(&["check"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("duplicate title"), "{run}");
}

#[test]
fn small_things_each_seen_once() {
    let env = TestEnv::example();
    // Status words as people type them.
    for (word, status) in [
        ("in production", "in-production"),
        ("on hiatus", "on-hiatus"),
        ("post production", "post-production"),
        ("returning", "announced"),
        ("shooting", "in-production"),
        ("wrapped", "post-production"),
        ("pre-production", "in-development"),
    ] {
        let _ = env.ok(&["set", "kaos", "--status", word]);
        assert_eq!(
            json(&env.ok(&["show", "kaos", "--json"]))["status"],
            status,
            "{word}"
        );
    }
    for season in ["0", "two"] {
        let run = env.run(&["set", "kaos", "--season", season]);
        assert_eq!(run.code, 2, "{run}");
        assert!(
            run.stderr.contains(&format!(
                "\"{season}\" is not a season: a season is a whole number from 1"
            )),
            "{run}"
        );
    }
    let a = env.ok(&["list", "--sort", "Premiere", "--json"]);
    assert_eq!(a, env.ok(&["list", "--sort", "premiere", "--json"]));
    assert_eq!(
        env.ok(&["list", "--status=airing,scheduled", "--json"]),
        env.ok(&[
            "list",
            "--status",
            "airing",
            "--status",
            "scheduled",
            "--json"
        ])
    );
    let _ = env.ok(&["add", "Shōgun II", "--network", "FX on Hulu"]);
    assert_eq!(
        crate::common::titles(&env.ok(&["list", "--network", "fx", "--json"])),
        ["Shōgun", "Shōgun II", "The Bear"]
    );
    assert_eq!(
        crate::common::titles(&env.ok(&["list", "--network", "hulu", "--json"])),
        Vec::<String>::new()
    );
    // --color always wins over NO_COLOR, for the status colour too.
    let out = env
        .command(&["--color", "always", "list"])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(out.contains("\u{1b}[38;5;"), "{out:?}");
}

#[test]
fn facts_that_went_stale_are_flagged_with_what_to_run() {
    let mut env = TestEnv::with_file(
        "[[show]]\ntitle = \"Stranger Things\"\nseason = 5\nstatus = \"scheduled\"\npremiere = \"2025-11\"\n\n\
         [[show]]\ntitle = \"The Pitt\"\nstatus = \"airing\"\npremiere = \"2027-01-08\"\n\n\
         [[show]]\ntitle = \"Andor\"\nstatus = \"scheduled\"\npremiere = \"2026-12-24\"\n\n\
         [[show]]\ntitle = \"Dune: Prophecy\"\nstatus = \"airing\"\npremiere = \"2026-11-17\"\n\n\
         [[show]]\ntitle = \"Fallout\"\nstatus = \"on-hiatus\"\nhiatus_reason = \"fire\"\n\n\
         [[show]]\ntitle = \"Slow Horses\"\nstatus = \"airing\"\npremiere = \"2026-09-03\"\n",
    );
    env.today = "2026-11-30".into();
    let run = env.run(&["list", "--status", "scheduled,airing"]);
    assert_eq!(run.code, 0);
    let line = |title: &str| {
        run.stdout
            .lines()
            .find(|l| l.starts_with(title))
            .unwrap()
            .to_string()
    };
    assert!(
        line("Stranger Things").contains("scheduled!"),
        "{}",
        run.stdout
    );
    assert!(line("The Pitt").contains("airing!"), "{}", run.stdout);
    assert!(!line("Andor").contains('!'), "{}", run.stdout);
    assert_eq!(
        run.stderr,
        "! \"Stranger Things\" is scheduled, but its premiere 2025-11 has passed; if it is on air, \
         run `airdate set \"Stranger Things\" --status airing`, or if the date slipped: \
         `airdate set \"Stranger Things\" --premiere …`\n\
         ! \"The Pitt\" is airing, but its premiere 2027-01-08 is still to come; if it is set, run \
         `airdate set \"The Pitt\" --status scheduled`\n"
    );
    assert!(
        env.ok(&["show", "stranger"])
            .contains("Stale     \"Stranger Things\" is scheduled, but")
    );
    let run = env.run(&["check"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.starts_with("warning: [DIR]/watchlist.toml: \""))
            .count(),
        2,
        "{run}"
    );

    // The premieres of the last two weeks, on request.
    assert!(
        !crate::common::titles(&env.ok(&["upcoming", "--json"]))
            .contains(&"Dune: Prophecy".to_string())
    );
    let recent = env.ok(&["upcoming", "--recent"]);
    assert!(
        recent
            .lines()
            .any(|l| l.contains("13 days ago") && l.contains("Dune: Prophecy")),
        "{recent}"
    );

    // The timeline says why each show it cannot draw is not on it.
    let chart = env.ok(&["timeline", "--months", "2", "--ascii"]);
    let aside = &chart[chart.find("Not on the chart:").expect(&chart)..];
    for why in [
        "on hiatus: fire",
        "airing since 2026-09-03",
        "after the chart: 2027-01-08",
        "premiere 2025-11 has passed, yet scheduled",
    ] {
        assert!(aside.contains(why), "{why}:\n{chart}");
    }
}

#[test]
fn import_neither_loses_nor_hides_changes() {
    let env = TestEnv::example();
    let csv = env.dir().join("update.csv");
    std::fs::write(
        &csv,
        "title,network,notes,status,premiere\nSeverance,,,airing,2025-01-17\nNew One,FX,,,\n",
    )
    .unwrap();
    let path = csv.to_str().unwrap();
    let dry = env.ok(&["import", path, "--update", "--dry-run"]);
    assert_eq!(
        dry,
        "would update \"Severance\":\n  status: scheduled → airing\n\
         would add \"New One\"\n\
         [DIR]/update.csv: 1 would be added, 1 would be updated, 0 skipped; nothing was written (--dry-run)\n"
    );
    let _ = env.ok(&["import", path, "--update"]);
    let show = json(&env.ok(&["show", "severance", "--json"]));
    assert_eq!(show["network"], "Apple TV+", "an empty cell is not given");
    assert_eq!(
        show["notes"],
        "Season 1 streams on Apple TV+. First look released."
    );
    let last = show["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["date"].as_str(),
            last["status"].as_str(),
            last["note"].as_str()
        ),
        (Some("2024-12-01"), Some("airing"), Some("imported"))
    );
    let new = json(&env.ok(&["show", "new one", "--json"]));
    assert_eq!(new["history"][0]["date"], "2024-12-01");
    assert_eq!(new["history"][0]["note"], "added");

    // Every bad record at once.
    let bad = env.dir().join("bad.csv");
    std::fs::write(
        &bad,
        "title,status,season\nA,filmin,1\nB,announced,0\nC,,\n,announced,\n",
    )
    .unwrap();
    let before = env.read();
    let run = env.run(&["import", bad.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        run.stderr
            .lines()
            .filter(|l| l.contains("[DIR]/bad.csv`, record"))
            .count(),
        3,
        "{run}"
    );
    assert!(
        run.stderr
            .contains("record 1 on line 2 (\"A\"): unknown status \"filmin\""),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("record 2 on line 3 (\"B\"): `season` must be a whole number"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("record 4 on line 5: the record has no `title`"),
        "{run}"
    );
    assert!(
        run.stderr.trim_end().ends_with("nothing was imported"),
        "{run}"
    );
    assert_eq!(env.read(), before);
}

#[test]
fn a_change_today_is_never_refused_for_the_history_order() {
    // The history already holds a later day (another clock, or an earlier --today): a change
    // made today is still recorded; only an explicit --on must keep the order.
    let env = TestEnv::with_file(
        "[[show]]\ntitle = \"Silo\"\nstatus = \"filming\"\n\n[[show.history]]\ndate = \"2030-01-01\"\nstatus = \"filming\"\n",
    );
    let out = env.ok(&["set", "silo", "--status", "post"]);
    assert_eq!(
        out,
        "Updated \"Silo\":\n  status: in-production → post-production\n"
    );
    let run = env.run(&["set", "silo", "--status", "filming", "--on", "2024-11-30"]);
    assert_eq!(run.code, 2, "{run}");
}
