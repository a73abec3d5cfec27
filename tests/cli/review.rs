//! Regressions found by a hostile review of seasons: each test is one finding, as a user
//! met it.

use crate::common::TestEnv;
use crate::common::tvmaze::{FakeTvmaze, Reply};

/// `check` points at the season record it warns about, not at the first record of the show,
/// in `[[show.seasons]]` tables and in an inline `seasons = [...]` alike.
#[test]
fn check_names_the_line_of_each_misplaced_season_record() {
    let text = "[[show]]\ntitle = \"Odd\"\nseason = 3\n\n[[show.seasons]]\nnumber = 1\n\n\
                [[show.seasons]]\nnumber = 2\n\n[[show.seasons]]\nnumber = 2\n\n\
                [[show.seasons]]\nnumber = 5\n\n[[show]]\ntitle = \"Inline\"\nseason = 2\n\
                seasons = [\n  { number = 1 },\n  { number = 1 },\n  { number = 2 },\n]\n\
                history = [{ status = \"airing\" }]\n";
    let env = TestEnv::with_file(text);
    let run = env.run(&["check"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "warning: [DIR]/watchlist.toml:11:1: the `[[show.seasons]]` record of season 2 repeats an earlier record of that season, which is the one used\n\
         warning: [DIR]/watchlist.toml:14:1: the `[[show.seasons]]` record of season 5 is not of a season before the show's `season`; the show's own keys are that season's\n\
         warning: [DIR]/watchlist.toml:22:3: the `[[show.seasons]]` record of season 1 repeats an earlier record of that season, which is the one used\n\
         warning: [DIR]/watchlist.toml:23:3: the `[[show.seasons]]` record of season 2 is not of a season before the show's `season`; the show's own keys are that season's\n\
         error: [DIR]/watchlist.toml:25:12: this history entry has no `date`\n\
         error: `[DIR]/watchlist.toml` has 1 problem; fix it and run `airdate check` again\n"
    );
    assert_eq!(env.read(), text);
}

/// A season change lists the season records it wrote by their numbers, in `set --season`'s
/// confirmation and `refresh`'s table, never as an empty `seasons:  → ` line.
#[test]
fn a_season_change_names_the_records_it_wrote() {
    let text = "[[show]]\ntitle = \"Inline\"\nseason = 3\nstatus = \"airing\"\n\
                premiere = \"2025-01-17\"\nseasons = [{ number = 1 }, { number = 2 }]\n";
    let mut env = TestEnv::with_file(text);
    env.today = "2025-06-01".into();
    let run = env.run(&["set", "inline", "--season", "5"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        "Updated \"Inline\":\n  season: 3 → 5\n  status: airing → announced\n  \
         premiere: 2025-01-17 → TBA\n  seasons: 1, 2 → 1, 2, 3\n"
    );
    assert_eq!(run.stderr, "");
    assert_eq!(
        env.read(),
        "[[show]]\ntitle = \"Inline\"\nseason = 5\nstatus = \"announced\"\n\
         premiere = \"TBA\"\nseasons = [{ number = 1 }, { number = 2 }, {number = 3, premiere = \"2025-01-17\"}]\n\n\
         [[show.history]]\ndate = \"2025-06-01\"\nstatus = \"announced\"\nseason = 5\n"
    );

    let server = FakeTvmaze::start();
    server.route(
        "/shows/7?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(
            r#"{"id": 7, "name": "Sev", "status": "Running", "updated": 1700000000,
                "network": null, "webChannel": null, "_embedded": {"seasons": [
                {"id": 71, "number": 1, "episodeOrder": null, "premiereDate": "2025-01-17", "endDate": "2025-03-21"},
                {"id": 72, "number": 2, "episodeOrder": null, "premiereDate": null, "endDate": null}]}}"#
                .into(),
        ),
    );
    let mut env = TestEnv::with_file(
        "[[show]]\ntitle = \"Sev\"\ntvmaze = 7\nseason = 1\nstatus = \"airing\"\n\
         premiere = \"2025-01-17\"\n",
    );
    env.tvmaze = Some(server.url());
    env.today = "2025-04-01".into();
    let run = env.run(&["refresh", "--all"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("Sev   seasons   - → 1\n"), "{run}");
    assert!(!run.stdout.contains("→ \n"), "{run}");
}

/// A record of the current season written by hand keeps what the show's keys do not say
/// (its episode count) when the season is left.
#[test]
fn leaving_a_season_keeps_its_hand_written_record() {
    let text = "[[show]]\ntitle = \"Sev\"\nseason = 3\nstatus = \"airing\"\n\
                premiere = \"2025-01-17\"\n\n[[show.seasons]]\nnumber = 3\nepisodes = 9\n";
    let mut env = TestEnv::with_file(text);
    env.today = "2025-04-01".into();
    let run = env.run(&["renew", "sev"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        "Renewed \"Sev\" for season 4\n(season 3 keeps its premiere 2025-01-17)\n"
    );
    assert_eq!(
        env.read(),
        "[[show]]\ntitle = \"Sev\"\nseason = 4\nstatus = \"announced\"\npremiere = \"TBA\"\n\
         \n[[show.seasons]]\nnumber = 3\npremiere = \"2025-01-17\"\nepisodes = 9\n\
         \n[[show.history]]\ndate = \"2025-04-01\"\nstatus = \"announced\"\nseason = 4\n\
         note = \"renewed for season 4\"\n"
    );
    let show = crate::common::json(&env.ok(&["show", "sev", "--json"]));
    assert_eq!(show["seasons"][0]["episodes"], 9);
}

/// A file from the previous release kept the last season's finale in the show's `finale`
/// while waiting for the next: `show` gives it to that season, and so does the file once a
/// change (a renewal, a new finale) no longer leaves it in `finale`.
#[test]
fn an_older_files_finale_of_the_season_before_is_kept_by_every_change() {
    let text = "[[show]]\ntitle = \"Old\"\nseason = 3\nstatus = \"airing\"\n\
                premiere = \"2024-10-01\"\nfinale = \"2024-05-20\"\n\n\
                [[show.history]]\ndate = \"2023-06-01\"\nstatus = \"announced\"\nseason = 2\n\n\
                [[show.history]]\ndate = \"2023-09-01\"\nstatus = \"scheduled\"\n\
                premiere = \"2024-01-15\"\n\n\
                [[show.history]]\ndate = \"2024-06-01\"\nstatus = \"announced\"\nseason = 3\n";
    let record =
        "\n[[show.seasons]]\nnumber = 2\npremiere = \"2024-01-15\"\nfinale = \"2024-05-20\"\n";
    let season_two = |env: &TestEnv| {
        let show = crate::common::json(&env.ok(&["show", "old", "--json"]));
        show["seasons"][0].clone()
    };
    let mut env = TestEnv::with_file(text);
    env.today = "2024-12-01".into();
    let before = season_two(&env);
    assert_eq!(before["number"], 2);
    assert_eq!(before["finale"], "2024-05-20");

    let _ = env.ok(&["renew", "old"]);
    assert_eq!(season_two(&env), before);
    let file = env.read();
    assert!(
        file.starts_with("[[show]]\ntitle = \"Old\"\nseason = 4\n"),
        "{file}"
    );
    assert!(file.contains(record), "{file}");
    assert!(
        !file.contains("finale = \"2024-05-20\"\n\n[[show.history]]"),
        "{file}"
    );
    let news = env.ok(&["news", "--since", "2024-01-01"]);
    assert!(
        news.contains("2024-05-20  Old   season 2 finale\n"),
        "{news}"
    );
    let _ = env.ok(&["check"]);

    env.write(text);
    let _ = env.ok(&["set", "old", "--finale", "2024-12-10"]);
    assert_eq!(season_two(&env), before);
    let file = env.read();
    assert!(file.contains("finale = \"2024-12-10\"\n"), "{file}");
    assert!(file.ends_with(&format!("season = 3\n{record}")), "{file}");
}

/// A season change that completes a hand-written record rewrites only that record, where it
/// is: the other records keep their comments and bytes.
#[test]
fn a_record_completed_in_place_leaves_the_others_byte_for_byte() {
    let main = "[[show]]\ntitle = \"Severance\"\nseason = 3\nstatus = \"airing\"\npremiere = \"2027-01-15\"\n\n";
    let head = "# the first season, streamed in 2022\n[[show.seasons]]\nnumber = 1\n\
                premiere = \"2022-02-18\" # streamed\n\n";
    let text = format!("{main}{head}[[show.seasons]]\nnumber = 3   # mine\nepisodes = 9\n");
    let mut env = TestEnv::with_file(&text);
    env.today = "2027-04-01".into();
    let _ = env.ok(&["renew", "sev"]);
    let file = env.read();
    assert!(
        file.contains(&format!(
            "\n\n{head}[[show.seasons]]\nnumber = 3\npremiere = \"2027-01-15\"\nepisodes = 9\n\n[[show.history]]"
        )),
        "{file}"
    );
    let _ = env.ok(&["check"]);
}
