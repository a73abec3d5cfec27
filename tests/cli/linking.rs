//! Linking done right: one TVmaze id links one show, a title taken by another show gets a
//! distinct one, a lookup adds TVmaze's spelling, duplicates are found before TVmaze is asked,
//! and `link` links the shows of a watchlist typed by hand — against the tests' own TVmaze.

use crate::common::TestEnv;
use crate::common::tvmaze::{FakeTvmaze, Reply};

/// A watchlist with a comment, and the test TVmaze with two shows called The Flash and one
/// whose name has an accent.
fn env(server: &FakeTvmaze, text: &str) -> TestEnv {
    shows(server);
    let mut env = TestEnv::with_file(&format!("# mine\nversion = 1\n{text}"));
    env.tvmaze = Some(server.url());
    env.today = "2025-06-01".into();
    env
}

/// A show as TVmaze gives it (see `FakeTvmaze::show_json`), first aired on `premiered`.
fn show_json(
    id: u32,
    name: &str,
    premiered: &str,
    network: &str,
    imdb: Option<&str>,
    season: (u32, &str, &str),
) -> String {
    let (number, start, end) = season;
    let json = FakeTvmaze::show_json(
        id,
        name,
        "Ended",
        Some(network),
        None,
        imdb,
        1_700_001_000 + id,
        &[(number, Some(start), Some(end))],
    );
    // The helper's shows all began in 2022.
    json.replace(
        "\"premiered\": \"2022-02-18\"",
        &format!("\"premiered\": \"{premiered}\""),
    )
}

/// The Flash of 2014 (TVmaze 13) and of 1990 (TVmaze 1850), and Unité 9, found by "Unite 9".
fn shows(server: &FakeTvmaze) {
    let flash = show_json(
        13,
        "The Flash",
        "2014-10-07",
        "The CW",
        Some("tt3107288"),
        (9, "2023-02-08", "2023-05-24"),
    );
    let flash_1990 = show_json(
        1850,
        "The Flash",
        "1990-09-20",
        "CBS",
        Some("tt0098798"),
        (1, "1990-09-20", "1991-05-18"),
    );
    let unite = show_json(
        2936,
        "Unité 9",
        "2012-09-04",
        "ICI Radio-Canada Télé",
        None,
        (7, "2018-09-04", "2019-04-09"),
    );
    for (id, json) in [(13, &flash), (1850, &flash_1990), (2936, &unite)] {
        server.route(
            &format!("/shows/{id}?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"),
            Reply::Json(json.clone()),
        );
    }
    let hit = |score: f64, json: &str| format!("{{\"score\": {score}, \"show\": {json}}}");
    server.route(
        "/search/shows?q=The Flash",
        Reply::Json(format!(
            "[{}, {}]",
            hit(20.1, &flash),
            hit(19.8, &flash_1990)
        )),
    );
    server.route(
        "/search/shows?q=Unite 9",
        Reply::Json(format!("[{}]", hit(11.2, &unite))),
    );
}

#[test]
fn a_second_show_is_never_linked_to_one_tvmaze_id() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance\" # the one I watch\ntvmaze = 44933\n\n\
         [[show]]\ntitle = \"Andor\"\n",
    );
    let before = env.read();
    let refused = "error: TVmaze 44933 is already linked to \"Severance\": the show is in the \
                   watchlist already (`airdate show \"Severance\"`)\n";
    for args in [
        &["add", "--tvmaze", "44933"][..],
        &["add", "Severance (again)", "--tvmaze", "44933"],
    ] {
        let run = env.run(args);
        assert_eq!((run.code, run.stdout.as_str()), (1, ""), "{args:?}: {run}");
        assert_eq!(run.stderr, refused, "{args:?}");
    }
    // Known before TVmaze is asked.
    assert_eq!(server.requests(), Vec::<String>::new());
    // A lookup needs the search to know which show it is; the show is not fetched.
    let run = env.run(&["add", "Severance", "--lookup"]);
    assert_eq!((run.code, run.stderr.as_str()), (1, refused), "{run}");
    assert_eq!(server.requests(), ["/search/shows?q=Severance"]);
    let run = env.run(&["set", "andor", "--tvmaze", "44933"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: TVmaze 44933 is already linked to \"Severance\"; a TVmaze show links one \
             show only (to move the link, take `tvmaze = 44933` out of \"Severance\" with \
             `airdate edit`)\n"
        ),
        "{run}"
    );
    let records = env.dir().join("in.json");
    std::fs::write(
        &records,
        r#"[{"title": "Andor", "tvmaze": 40016}, {"title": "Severance (copy)", "tvmaze": 44933}]"#,
    )
    .unwrap();
    let run = env.run(&["import", records.to_str().unwrap()]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: `[DIR]/in.json`: \"Severance (copy)\": TVmaze 44933 is already linked to \
             \"Severance\"; a TVmaze or IMDb id links one show only; nothing was imported\n"
        ),
        "{run}"
    );
    assert_eq!(env.read(), before);
    // A show's own id is no clash.
    assert_eq!(
        env.ok(&["set", "severance", "--tvmaze", "44933"]),
        "\"Severance\" already had those values; nothing changed\n"
    );
}

#[test]
fn a_title_taken_by_another_show_suggests_one_with_the_year() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"The Flash\"\nnetwork = \"The CW\"\ntvmaze = 13\n",
    );
    let before = env.read();
    let run = env.run(&["add", "--tvmaze", "1850"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: \"The Flash\" is already in the watchlist (TVmaze 13); if this is another \
             show, add it as: airdate add --tvmaze 1850 --title \"The Flash (1990)\"\n"
        ),
        "{run}"
    );
    assert_eq!(env.read(), before);
    // A title typed is checked before TVmaze is asked; the year is not known then.
    let seen = server.requests().len();
    let run = env.run(&["add", "the flash", "--tvmaze", "1850"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: \"The Flash\" is already in the watchlist (TVmaze 13); if this is another \
             show, give it a title of its own with --title, such as \"the flash\" and the year \
             it began (`airdate search \"the flash\"` lists the years)\n"
        ),
        "{run}"
    );
    assert_eq!(server.requests().len(), seen);
    assert_eq!(env.read(), before);
    let out = env.ok(&["add", "--tvmaze", "1850", "--title", "The Flash (1990)"]);
    assert!(out.starts_with("Added The Flash (1990)"), "{out}");
    assert!(
        env.read()
            .contains("\n[[show]]\ntitle = \"The Flash (1990)\"\nnetwork = \"CBS\"\n"),
        "{}",
        env.read()
    );
    // A show of that title that is not linked may be this one: linking it is offered too.
    let unlinked = self::env(&server, "\n[[show]]\ntitle = \"The Flash\"\n");
    let run = unlinked.run(&["add", "--tvmaze", "1850"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: \"The Flash\" is already in the watchlist, not linked to TVmaze; if it is \
             this show, link it with `airdate set \"The Flash\" --tvmaze 1850`; if this is \
             another show, add it as: airdate add --tvmaze 1850 --title \"The Flash (1990)\"\n"
        ),
        "{run}"
    );
}

#[test]
fn a_lookup_adds_tvmaze_s_title_unless_one_is_given() {
    let server = FakeTvmaze::start();
    let env = env(&server, "");
    let out = env.ok(&["add", "Unite 9", "--lookup"]);
    assert!(out.starts_with("Added Unité 9"), "{out}");
    assert!(
        env.read()
            .contains("\n[[show]]\ntitle = \"Unité 9\"\nnetwork = \"ICI Radio-Canada Télé\"\n"),
        "{}",
        env.read()
    );
    let mine = self::env(&server, "");
    let _ = mine.ok(&["add", "Unite 9", "--lookup", "--title", "Unité 9 (Québec)"]);
    assert!(
        mine.read().contains("title = \"Unité 9 (Québec)\"\n"),
        "{}",
        mine.read()
    );
    // Without --lookup, TITLE is the title: giving --title too is one title too many.
    let before = mine.read();
    let run = mine.run(&["add", "Unite 9", "--tvmaze", "2936", "--title", "Unité 9"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            2,
            "error: TITLE and --title both give the title; give it once (with --lookup, TITLE \
             is what is looked for and --title the title to add it under)\n"
        ),
        "{run}"
    );
    assert_eq!(mine.read(), before);
}

#[test]
fn an_imdb_id_already_in_the_watchlist_costs_no_request() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance\"\nimdb = \"tt11280740\"\n",
    );
    let before = env.read();
    let run = env.run(&["add", "--imdb", "tt11280740"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: IMDb tt11280740 is already linked to \"Severance\": the show is in the \
             watchlist already (`airdate show \"Severance\"`)\n"
        ),
        "{run}"
    );
    assert_eq!(server.requests(), Vec::<String>::new());
    assert_eq!(env.read(), before);
    // Linked by TVmaze id only: the IMDb lookup says which show it is, and its seasons are
    // not fetched.
    let linked = self::env(
        &server,
        "\n[[show]]\ntitle = \"Severance\"\ntvmaze = 44933\n",
    );
    let before = linked.read();
    let run = linked.run(&["add", "--imdb", "tt11280740", "Severance (mine)"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .starts_with("error: TVmaze 44933 is already linked to \"Severance\""),
        "{run}"
    );
    assert_eq!(
        server.requests(),
        ["/lookup/shows?imdb=tt11280740", "/shows/44933"]
    );
    assert_eq!(linked.read(), before);
}

const TYPED_BY_HAND: &str = "
[[show]]
title = \"Severance\" # since 2022
network = \"Apple TV+\"
season = 2
status = \"on-hiatus\"
hiatus_reason = \"strikes\"

[[show]]
title = \"Unite 9\"

[[show]]
title = \"The Office\"

[[show]]
title = \"Nothing Like It\"

[[show]]
title = \"The Last of Us\"
tvmaze = 46562
";

#[test]
fn link_finds_the_ids_of_shows_typed_by_hand_and_reports_the_others() {
    let server = FakeTvmaze::start();
    let env = env(&server, TYPED_BY_HAND);
    let before = env.read();
    let dry = env.ok(&["link", "--dry-run"]);
    assert_eq!(env.read(), before);
    let out = env.ok(&["link"]);
    assert_eq!(
        out,
        "Linked \"Severance\" to TVmaze 44933 (2022, Apple TV)\n\
         Linked \"Unite 9\" to TVmaze 2936 \"Unité 9\" (2012, ICI Radio-Canada Télé)\n\
         Not linked: \"The Office\": several shows on TVmaze fit: The Office (NBC, TVmaze 526); \
         The Office (BBC Two, TVmaze 2049)\n\
         Not linked: \"Nothing Like It\": TVmaze knows no show of that name\n\
         2 linked, 2 not linked.\n\
         Link the others with `airdate set SHOW --tvmaze ID` (`airdate search` finds the id).\n\
         Run `airdate refresh` next to fill them in from TVmaze.\n\
         Data from TVmaze (tvmaze.com), CC BY-SA 4.0.\n"
    );
    assert_eq!(
        dry,
        out.replace("Linked", "Would link")
            .replace(
                "2 linked, 2 not linked.",
                "2 would be linked, 2 not linked; nothing was written (--dry-run)."
            )
            .replace(
                "Run `airdate refresh` next to fill them in from TVmaze.\n",
                ""
            )
    );
    // The ids, and nothing else: no history entry, no date.
    assert_eq!(
        env.read(),
        before
            .replace(
                "hiatus_reason = \"strikes\"\n",
                "hiatus_reason = \"strikes\"\ntvmaze = 44933\nimdb = \"tt11280740\"\n"
            )
            .replace(
                "title = \"Unite 9\"\n",
                "title = \"Unite 9\"\ntvmaze = 2936\n"
            )
    );
    // One search a show, twice over (the dry run, then the link), and no other request.
    let searched = [
        "/search/shows?q=Severance",
        "/search/shows?q=Unite 9",
        "/search/shows?q=The Office",
        "/search/shows?q=Nothing Like It",
    ];
    assert_eq!(server.requests(), [searched, searched].concat());
    // Run again, it asks only about the shows still not linked.
    let _ = env.ok(&["link"]);
    assert_eq!(server.requests()[8..], searched[2..]);
}

#[test]
fn link_never_links_an_id_twice_and_a_show_named_must_exist() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance (2022)\"\ntvmaze = 44933\n\n\
         [[show]]\ntitle = \"Severance\"\n",
    );
    let before = env.read();
    let out = env.ok(&["link", "Severance"]);
    assert_eq!(
        out,
        "Not linked: \"Severance\": TVmaze 44933 is already linked to \"Severance (2022)\"\n\
         0 linked, 1 not linked.\n\
         Link the others with `airdate set SHOW --tvmaze ID` (`airdate search` finds the id).\n\
         Data from TVmaze (tvmaze.com), CC BY-SA 4.0.\n"
    );
    assert_eq!(
        env.ok(&["link", "severance (2022)"]),
        "Already linked: \"Severance (2022)\" (TVmaze 44933)\n"
    );
    let run = env.run(&["link", "Andor"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            1,
            "",
            "error: no show matches \"Andor\"; `airdate list` shows every title\n"
        )
    );
    assert_eq!(env.read(), before);
}

#[test]
fn link_on_a_terminal_offers_the_candidates_to_choose_from() {
    let server = FakeTvmaze::start();
    let env = env(&server, "\n[[show]]\ntitle = \"The Office\"\n");
    let (code, screen) = env.answer_on_terminal("link", "[1-2] ", || (), "2\n");
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains(
            "  1. The Office (NBC, TVmaze 526)\n  2. The Office (BBC Two, TVmaze 2049)\n\
             Which \"The Office\"? [1-2] "
        ),
        "{screen}"
    );
    assert!(
        screen.contains("Linked \"The Office\" to TVmaze 2049 (BBC Two)\n"),
        "{screen}"
    );
    assert_eq!(
        env.read(),
        "# mine\nversion = 1\n\n[[show]]\ntitle = \"The Office\"\ntvmaze = 2049\n"
    );
}

#[test]
fn link_escapes_what_tvmaze_says_for_the_terminal() {
    let server = FakeTvmaze::start();
    let sneaky = FakeTvmaze::show_json(
        90001,
        "Sneaky\\u001b[2J",
        "Running",
        None,
        Some("Web\\u001b]8;;"),
        None,
        1,
        &[],
    );
    server.route(
        "/search/shows?q=Sneaky",
        Reply::Json(format!("[{{\"score\": 3.0, \"show\": {sneaky}}}]")),
    );
    let env = env(&server, "\n[[show]]\ntitle = \"Sneaky\"\n");
    let out = env.ok(&["link"]);
    assert!(
        out.starts_with(
            "Not linked: \"Sneaky\": TVmaze has no show of that name; the closest: \
             Sneaky\\u{1b}[2J (Web\\u{1b}]8;;, TVmaze 90001)\n"
        ),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "{out:?}");
}

/// A file that already links one TVmaze id to two shows (an older airdate wrote such files) is
/// read, and `check` says which shows share it.
#[test]
fn check_warns_of_an_id_linked_twice() {
    let env = crate::common::TestEnv::with_file(
        "[[show]]\ntitle = \"The Flash\"\ntvmaze = 13\n\n[[show]]\ntitle = \"Flash\"\ntvmaze = 13\n",
    );
    let run = env.run(&["check"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains(
            "\"Flash\" is linked to the same TVmaze id 13 as \"The Flash\"; one id links one show"
        ),
        "{run}"
    );
}
