//! Two devices, one watchlist: `merge` as git's merge driver, `git-setup`, a real `git pull`
//! between two clones, `resolve` of Syncthing and Dropbox conflict copies, and the warning
//! every other command gives while copies wait.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Run, TestEnv, json};

/// Two shows, by hand: a comment, an unknown key and odd spacing that every merge keeps.
const BASE: &str = "# my shows\nversion = 1\n\n[[show]]\ntitle   = \"Severance\" # the best\nnetwork = \"Apple TV+\"\nseason = 2\nrating = 9\n\n[[show]]\ntitle = \"Andor\"\nseason = 2\n";

const SYNCTHING: &str = "watchlist.sync-conflict-20260413-091523-K3X2R2T.toml";
const DROPBOX: &str = "watchlist (laptop's conflicted copy 2026-04-13).toml";
const DROPBOX_1: &str = "watchlist (laptop's conflicted copy 2026-04-13 1).toml";

/// BASE with Severance's season 3 (this device's change).
fn ours() -> String {
    BASE.replace("season = 2\nrating", "season = 3\nrating")
}

/// BASE with Andor on Disney+ (the other device's change).
fn theirs() -> String {
    BASE.replace(
        "title = \"Andor\"\n",
        "title = \"Andor\"\nnetwork = \"Disney+\"\n",
    )
}

/// Both changes.
fn both() -> String {
    ours().replace(
        "title = \"Andor\"\n",
        "title = \"Andor\"\nnetwork = \"Disney+\"\n",
    )
}

/// Writes `text` to `name` in the test folder; its path, as a string.
fn put(env: &TestEnv, name: &str, text: &str) -> String {
    let path = env.dir().join(name);
    fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn get(env: &TestEnv, name: &str) -> String {
    fs::read_to_string(env.dir().join(name)).unwrap()
}

/// The state folder the harness's airdate uses (the undo log, `resolve`'s moved copies).
fn state(env: &TestEnv) -> PathBuf {
    env.home().join(".local/state/airdate")
}

/// `run`'s output with the state folder's path as `[STATE]`.
fn stated(env: &TestEnv, mut run: Run) -> Run {
    let state = state(env).display().to_string();
    run.stdout = run.stdout.replace(&state, "[STATE]");
    run.stderr = run.stderr.replace(&state, "[STATE]");
    run
}

// The merge driver.

#[test]
fn merge_takes_changes_to_different_shows_from_both_sides_into_ours() {
    // No watchlist: the driver works on the three files alone, and makes none.
    let env = TestEnv::new();
    let base = put(&env, "base", BASE);
    let a = put(&env, "a", &ours());
    let b = put(&env, "b", &theirs());
    let run = env.run(&["merge", &base, &a, &b, "watchlist.toml"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "")
    );
    assert_eq!(get(&env, "a"), both());
    assert_eq!(get(&env, "b"), theirs(), "THEIRS is never written");
    assert!(!env.file().exists(), "no watchlist was made");
    // The other way round: the same shows.
    let a = put(&env, "a", &theirs());
    let b = put(&env, "b", &ours());
    assert_eq!(env.run(&["merge", &base, &a, &b]).code, 0);
    assert_eq!(get(&env, "a"), both());
}

#[test]
fn merge_keeps_ours_byte_for_byte_when_theirs_changed_nothing() {
    let env = TestEnv::new();
    let base = put(&env, "base", BASE);
    let crlf = ours().replace('\n', "\r\n");
    let a = put(&env, "a", &crlf);
    let b = put(&env, "b", BASE);
    let run = env.run(&["merge", &base, &a, &b, "watchlist.toml"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(get(&env, "a"), crlf);
    // Theirs made the change, ours none: theirs's bytes.
    let a = put(&env, "a", BASE);
    let b = put(&env, "b", &theirs());
    assert_eq!(env.run(&["merge", &base, &a, &b]).code, 0);
    assert_eq!(get(&env, "a"), theirs());
}

#[test]
fn merge_writes_to_another_file_or_standard_output_with_o() {
    let env = TestEnv::new();
    let base = put(&env, "base", BASE);
    let a = put(&env, "a", &ours());
    let b = put(&env, "b", &theirs());
    let out = env.dir().join("merged.toml").display().to_string();
    let run = env.run(&["merge", &base, &a, &b, "-o", &out]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert_eq!(get(&env, "merged.toml"), both());
    assert_eq!(get(&env, "a"), ours(), "OURS stays as it was with -o");
    let run = env.run(&["merge", &base, &a, &b, "-o", "-"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, both().as_str(), "")
    );
    assert_eq!(get(&env, "a"), ours());
}

#[test]
fn merge_of_a_file_that_is_not_a_watchlist_leaves_ours_and_fails() {
    let env = TestEnv::new();
    let base = put(&env, "base", BASE);
    let a = put(&env, "a", &ours());
    let b = put(&env, "b", "version = 1\n[[show]\ntitle = \"Andor\"\n");
    let run = env.run(&["merge", &base, &a, &b, "watchlist.toml"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with(
            "error: `watchlist.toml` could not be merged: the incoming version is not a valid \
             watchlist"
        ),
        "{run}"
    );
    assert!(run.stderr.contains("was left as it was"), "{run}");
    assert_eq!(get(&env, "a"), ours());
    // A missing THEIRS is no empty watchlist: taken as one, it would remove every show.
    let gone = env.dir().join("gone").display().to_string();
    let run = env.run(&["merge", &base, &a, &gone]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        run.stderr,
        "error: `[DIR]/gone` is not there; nothing was merged (an empty BASE may be missing, OURS \
         and THEIRS may not)\n"
    );
    assert_eq!(get(&env, "a"), ours());
}

#[test]
fn merge_with_an_empty_base_is_a_two_way_merge_that_loses_no_show() {
    // git gives an empty %O when the two sides share no ancestor (both added the file).
    let env = TestEnv::new();
    let base = put(&env, "base", "");
    let a = put(
        &env,
        "a",
        "version = 1\n\n[[show]]\ntitle = \"Severance\"\n",
    );
    let b = put(&env, "b", "version = 1\n\n[[show]]\ntitle = \"Andor\"\n");
    let run = env.run(&["merge", &base, &a, &b, "watchlist.toml"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run}");
    env.write(&get(&env, "a"));
    assert_eq!(env.run(&["check"]).code, 0);
    let shows = json(&env.ok(&["list", "--json"]));
    let titles: Vec<&str> = shows
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Andor", "Severance"]);
}

#[test]
fn merge_of_one_show_changed_on_both_sides_takes_both_fields_or_reports_the_rule() {
    let env = TestEnv::new();
    let base = put(&env, "base", BASE);
    // Different fields of Severance: both land, nothing to decide, nothing said.
    let a = put(&env, "a", &ours());
    let b = put(
        &env,
        "b",
        &BASE.replace("network = \"Apple TV+\"", "network = \"Apple TV\""),
    );
    let run = env.run(&["merge", &base, &a, &b, "watchlist.toml"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run}");
    let merged = get(&env, "a");
    assert!(
        merged.contains("network = \"Apple TV\"\nseason = 3\n"),
        "{merged}"
    );
    // The same field, two values, no pin and no history: ours, and the report names the show.
    let a = put(
        &env,
        "a",
        &BASE.replace("season = 2\nrating", "season = 3\nrating"),
    );
    let b = put(
        &env,
        "b",
        &BASE.replace("season = 2\nrating", "season = 4\nrating"),
    );
    let run = env.run(&["merge", &base, &a, &b, "watchlist.toml"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.contains("decided \"Severance\""), "{run}");
    assert!(
        run.stderr
            .contains("merged `watchlist.toml`: 1 difference settled"),
        "{run}"
    );
    // Ours's text, and the decision in the show's history.
    assert_eq!(
        get(&env, "a"),
        ours().replace(
            "rating = 9\n",
            "rating = 9\n\n[[show.history]]\ndate = \"2024-12-01\"\n\
             note = \"merged: season 3 kept over 4 (nothing told which is newer)\"\n"
        )
    );
}

#[test]
fn merge_keeps_the_comments_both_sides_wrote_in_one_show_where_each_wrote_it() {
    let env = TestEnv::new();
    let base = put(&env, "base", BASE);
    // Both devices wrote a comment after Andor's title, and each changed Andor besides, one
    // of them the line after it: the lines clash, so the show is written anew, and the
    // other side's comment is carried to the line it followed.
    let a = put(
        &env,
        "a",
        &BASE.replace(
            "title = \"Andor\"\nseason = 2\n",
            "title = \"Andor\"\n# laptop: rewatch first\nseason = 3\n",
        ),
    );
    let b = put(
        &env,
        "b",
        &BASE.replace(
            "title = \"Andor\"\nseason = 2\n",
            "title = \"Andor\"\n# desktop: the best of them\nnetwork = \"Disney+\"\nseason = 2\n",
        ),
    );
    let run = env.run(&["merge", &base, &a, &b, "watchlist.toml"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run}");
    let merged = get(&env, "a");
    assert!(
        merged.ends_with(
            "title = \"Andor\"\n# laptop: rewatch first\n# desktop: the best of them\n\
             season = 3\nnetwork = \"Disney+\"\n"
        ),
        "{merged}"
    );
    // And with history appended on both sides, too.
    let entry = |day: &str, note: &str| {
        format!("\n[[show.history]]\ndate = \"{day}\"\nnote = \"{note}\"\n")
    };
    let a = put(
        &env,
        "a",
        &(BASE.replace(
            "title = \"Andor\"\nseason = 2\n",
            "title = \"Andor\"\n# laptop: rewatch first\nseason = 3\n",
        ) + &entry("2024-11-20", "trailer")),
    );
    let b = put(
        &env,
        "b",
        &(BASE.replace(
            "title = \"Andor\"\nseason = 2\n",
            "title = \"Andor\"\n# desktop: the best of them\nnetwork = \"Disney+\"\nseason = 2\n",
        ) + &entry("2024-11-21", "first look")),
    );
    let run = env.run(&["merge", &base, &a, &b, "watchlist.toml"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run}");
    let merged = get(&env, "a");
    assert!(merged.contains("# laptop: rewatch first\n"), "{merged}");
    assert!(merged.contains("# desktop: the best of them\n"), "{merged}");
    let shows = json(&env.run(&["--file", &a, "list", "--json"]).stdout);
    let andor = shows
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == "Andor")
        .unwrap();
    assert_eq!(andor["network"], "Disney+");
    assert_eq!(andor["season"], 3);
}

#[test]
fn merge_removes_a_show_the_other_side_only_wrote_a_comment_in_and_says_so() {
    let env = TestEnv::new();
    let base = put(&env, "base", BASE);
    let a = put(
        &env,
        "a",
        BASE.split("\n[[show]]\ntitle = \"Andor\"").next().unwrap(),
    );
    let b = put(
        &env,
        "b",
        &BASE.replace(
            "title = \"Andor\"\n",
            "title = \"Andor\"\n# on my list for ages\n",
        ),
    );
    for (a, b, removed, wrote) in [
        (&a, &b, "the local version", "the incoming version"),
        (&b, &a, "the incoming version", "the local version"),
    ] {
        let (ours, theirs) = (
            fs::read_to_string(a).unwrap(),
            fs::read_to_string(b).unwrap(),
        );
        let run = env.run(&["merge", &base, a, b, "watchlist.toml"]);
        assert_eq!(run.code, 0, "{run}");
        assert_eq!(
            run.stderr.lines().next(),
            Some(
                format!(
                    "decided \"Andor\": removed: {removed} removed it, and {wrote} only wrote a \
                     comment in it, which went with it"
                )
                .as_str()
            ),
            "{run}"
        );
        assert!(!run.stderr.contains("look"), "{run}");
        let merged = fs::read_to_string(a).unwrap();
        assert!(!merged.contains("Andor"), "{merged}");
        fs::write(a, ours).unwrap();
        fs::write(b, theirs).unwrap();
    }
}

#[test]
fn merge_keeps_a_show_one_side_removed_where_the_other_changed_a_key_airdate_does_not_know() {
    let env = TestEnv::new();
    let base = "version = 1\n\n[[show]]\ntitle = \"Severance\"\nseason = 2\n\n[[show]]\n\
                title = \"Andor\"\nseason = 2\n\n[[show.history]]\ndate = \"2024-01-01\"\n\
                status = \"airing\"\nrating = 5\n";
    let removed = base.split("\n[[show]]\ntitle = \"Andor\"").next().unwrap();
    // The other device changed a key of Andor's history that airdate does not know: a change
    // like any other, with or without a comment written beside it.
    for (change, comment) in [
        ("rating = 2\n", ""),
        ("# changed my mind\nrating = 2\n", "# changed my mind\n"),
    ] {
        let (a, b) = (
            put(&env, "a", removed),
            put(&env, "b", &base.replace("rating = 5\n", change)),
        );
        let run = env.run(&["merge", &put(&env, "base", base), &a, &b, "watchlist.toml"]);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (
                0,
                "decided \"Andor\": kept: the local version removed it, and the incoming version \
                 changed it\nmerged `watchlist.toml`: 1 difference settled by the rules\n"
            ),
            "{run}"
        );
        assert_eq!(
            get(&env, "a"),
            format!(
                "{removed}\n[[show]]\ntitle = \"Andor\"\nseason = 2\n\n[[show.history]]\n\
                 date = \"2024-01-01\"\nstatus = \"airing\"\n{comment}rating = 2\n\n\
                 [[show.history]]\ndate = \"2024-12-01\"\n\
                 note = \"merged: kept; one side removed it, the other changed it\"\n"
            )
        );
    }
}

#[test]
fn merge_carries_a_comment_to_its_own_history_entry_when_the_other_side_added_a_like_one_before() {
    let env = TestEnv::new();
    let entry = |day: &str| {
        format!("\n[[show.history]]\ndate = \"{day}\"\nnote = \"ep\"\nstatus = \"airing\"\n")
    };
    let base = format!(
        "version = 1\n\n[[show]]\ntitle = \"Andor\"\nseason = 2\n{}{}",
        entry("2024-01-01"),
        entry("2024-03-01")
    );
    // Both set the season, so the show is written anew; the laptop added an entry like the
    // others before the one the desktop wrote a comment in.
    let a = base.replace("season = 2", "season = 3").replace(
        &entry("2024-03-01"),
        &(entry("2024-02-01") + &entry("2024-03-01")),
    );
    let commented = "date = \"2024-03-01\"\nnote = \"ep\"\n# the finale\n";
    let b = base
        .replace("season = 2", "season = 4")
        .replace("date = \"2024-03-01\"\nnote = \"ep\"\n", commented);
    let (base, a, b) = (
        put(&env, "base", &base),
        put(&env, "a", &a),
        put(&env, "b", &b),
    );
    let run = env.run(&["merge", &base, &a, &b, "watchlist.toml"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            0,
            "decided \"Andor\": season: kept 3 (the local version's, as nothing tells which is \
             newer) over 4\nmerged `watchlist.toml`: 1 difference settled by the rules\n"
        ),
        "{run}"
    );
    assert_eq!(
        get(&env, "a"),
        format!(
            "version = 1\n\n[[show]]\ntitle = \"Andor\"\nseason = 3\n{}{}\n[[show.history]]\n\
             {commented}status = \"airing\"\n\n[[show.history]]\ndate = \"2024-12-01\"\n\
             note = \"merged: season 3 kept over 4 (nothing told which is newer)\"\n",
            entry("2024-01-01"),
            entry("2024-02-01")
        )
    );
}

#[test]
fn merge_writes_a_comment_both_sides_wrote_in_one_show_once() {
    let env = TestEnv::new();
    let base = "version = 1\n\n[[show]]\ntitle = \"Andor\"\nstatus = \"airing\"\nseason = 2\n\
                network = \"Disney+\"\npremiere = \"2022-09-21\"\n";
    // Both devices set the same premiere and wrote the same comment, each at another line:
    // the local text already holds everything, and is the show.
    let a = base
        .replace("title = \"Andor\"\n", "title = \"Andor\"\n# rewatch\n")
        .replace("2022-09-21", "2022-09-22");
    let b = base
        .replace("season = 2\n", "season = 2\n# rewatch\n")
        .replace("2022-09-21", "2022-09-22");
    let (base, a_path, b) = (
        put(&env, "base", base),
        put(&env, "a", &a),
        put(&env, "b", &b),
    );
    let run = env.run(&["merge", &base, &a_path, &b, "watchlist.toml"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run}");
    assert_eq!(get(&env, "a"), a);
}

#[test]
fn merge_keeps_each_comment_in_its_place_when_one_side_has_crlf_line_endings() {
    let env = TestEnv::new();
    let base = "version = 1\n\n[[show]]\ntitle = \"Andor\"\nseason = 2\n\n[[show.history]]\n\
                date = \"2024-01-01\"\nnote = \"ep\"\n";
    let a = base.replace("title = \"Andor\"\n", "title = \"Andor\"\n# laptop\n");
    let b = base.replace("[[show.history]]\n", "[[show.history]]\n# desktop\n");
    let (base_path, a_path, b_path) = (
        put(&env, "base", base),
        put(&env, "a", &a.replace('\n', "\r\n")),
        put(&env, "b", &b),
    );
    let run = env.run(&["merge", &base_path, &a_path, &b_path, "watchlist.toml"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run}");
    assert_eq!(
        get(&env, "a"),
        a.replace("[[show.history]]\n", "[[show.history]]\n# desktop\n")
            .replace('\n', "\r\n")
    );
}

#[test]
fn merge_puts_no_comment_written_in_a_history_entry_the_other_side_removed_in_another_table() {
    let env = TestEnv::new();
    let entry = "\n[[show.history]]\ndate = \"2024-01-01\"\nnote = \"pilot\"\n";
    let base = format!(
        "version = 1\n\n[[show]]\ntitle = \"Andor\"\nseason = 2\nnetwork = \"Disney+\"\n{entry}\n\
         [[show]]\ntitle = \"Severance\"\nseason = 2\n"
    );
    let a = base.replace(
        "date = \"2024-01-01\"\n",
        "date = \"2024-01-01\"\n# laptop: rewatch the pilot\n",
    );
    let b = base.replace(entry, "");
    let (base, a_path, b_path) = (
        put(&env, "base", &base),
        put(&env, "a", &a),
        put(&env, "b", &b),
    );
    let run = env.run(&["merge", &base, &a_path, &b_path, "watchlist.toml"]);
    // Not at the end of Andor's own table, where the lines of both would put it.
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "look: a comment the local version added was not kept: # laptop: rewatch the pilot\n\
             error: merged `watchlist.toml`, but 1 thing to look at (above); once git is done, \
             look at the file (`airdate --file watchlist.toml check`), then `git add \
             watchlist.toml`\n"
        ),
        "{run}"
    );
    assert_eq!(get(&env, "a"), b);
}

#[test]
fn merge_keeps_each_comment_in_its_own_history_entry_when_the_other_side_put_one_among_them() {
    let env = TestEnv::new();
    let entry = |day: &str, note: &str| {
        format!("\n[[show.history]]\ndate = \"{day}\"\nnote = \"{note}\"\n")
    };
    let base = format!(
        "version = 1\n\n[[show]]\ntitle = \"Andor\"\nseason = 1\n{}{}{}",
        entry("2024-01-01", "n0"),
        entry("2024-02-01", "n1"),
        entry("2024-03-01", "n2")
    );
    // The laptop wrote a comment at the top of February's entry; the desktop put a new entry
    // of January's before it and wrote a comment at the end of February's. The new entry goes
    // in among the old tables, whose bytes stay: each comment is in its own entry.
    let a = base.replace(
        "[[show.history]]\ndate = \"2024-02-01\"",
        "[[show.history]]\n# laptop\ndate = \"2024-02-01\"",
    ) + &entry("2024-01-15", "ep");
    let b = base
        .replace("season = 1", "season = 5")
        .replace("\"n0\"", "\"first\"")
        .replace("note = \"n1\"\n", "note = \"n1\"\n# desktop\n");
    let (base_path, a_path, b_path) = (
        put(&env, "base", &base),
        put(&env, "a", &a),
        put(&env, "b", &b),
    );
    let run = env.run(&["merge", &base_path, &a_path, &b_path, "watchlist.toml"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run}");
    assert_eq!(
        get(&env, "a"),
        format!(
            "version = 1\n\n[[show]]\ntitle = \"Andor\"\nseason = 5\n{}{}{}{}{}",
            entry("2024-01-01", "n0"),
            entry("2024-01-01", "first"),
            entry("2024-02-01", "n1").replace("[[show.history]]\n", "[[show.history]]\n# laptop\n")
                + "# desktop\n",
            entry("2024-03-01", "n2"),
            entry("2024-01-15", "ep")
        )
    );
}

#[test]
fn merge_carries_no_comment_after_a_repeated_line_a_diff_takes_for_another() {
    let env = TestEnv::new();
    let entry = |day: &str, note: &str| {
        format!("\n[[show.history]]\ndate = \"{day}\"\nnote = \"{note}\"\n")
    };
    let show = "version = 1\n\n[[show]]\ntitle = \"Andor\"\nseason = 2\n";
    let base = format!(
        "{show}{}{}",
        entry("2024-01-01", "ep"),
        entry("2024-02-01", "n1")
    );
    // The laptop removed January's entry and added one in September; the desktop wrote a
    // comment at the top of February's (and one above January's). A diff of the two may take February's header for
    // September's: the comment is not carried there, and the merge says so.
    let a = format!(
        "{show}{}{}",
        entry("2024-02-01", "n1"),
        entry("2024-09-15", "ep")
    );
    let b = base
        .replace(
            "[[show.history]]\ndate = \"2024-02-01\"",
            "[[show.history]]\n# desktop\ndate = \"2024-02-01\"",
        )
        .replace(
            "\n[[show.history]]\ndate = \"2024-01-01\"",
            "\n# january\n[[show.history]]\ndate = \"2024-01-01\"",
        );
    let (base, a_path, b_path) = (
        put(&env, "base", &base),
        put(&env, "a", &a),
        put(&env, "b", &b),
    );
    let run = env.run(&["merge", &base, &a_path, &b_path, "watchlist.toml"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "look: a comment the incoming version added was not kept: # desktop\n\
             error: merged `watchlist.toml`, but 1 thing to look at (above); once git is done, \
             look at the file (`airdate --file watchlist.toml check`), then `git add \
             watchlist.toml`\n"
        ),
        "{run}"
    );
    assert_eq!(
        get(&env, "a"),
        format!(
            "{show}# january\n{}{}",
            entry("2024-02-01", "n1"),
            entry("2024-09-15", "ep")
        )
    );
}

// git-setup.

/// git in `dir`, with a clean environment: no system or user config but a temporary home, a
/// fixed author, and the days airdate is pinned to.
fn git(env: &TestEnv, dir: &Path, args: &[&str]) -> Run {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", env.dir().parent().unwrap())
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("AIRDATE_TODAY", &env.today)
        .env("TZ", "UTC")
        .output()
        .expect("git runs");
    Run::from(output)
}

fn git_ok(env: &TestEnv, dir: &Path, args: &[&str]) -> String {
    let run = git(env, dir, args);
    assert_eq!(run.code, 0, "git {args:?} failed:\n{run}");
    run.stdout
}

/// airdate on the watchlist at `file`, git's environment as the user's.
fn airdate_on(env: &TestEnv, file: &Path, args: &[&str]) -> Run {
    let mut cmd = env.command(args);
    cmd.env("AIRDATE_FILE", file)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", env.dir().parent().unwrap());
    Run::from(cmd.output().unwrap())
}

#[test]
fn git_setup_writes_the_driver_and_the_attributes_line_once() {
    let env = TestEnv::with_file(BASE);
    git_ok(&env, env.dir(), &["init", "-q"]);
    let exe = env!("CARGO_BIN_EXE_airdate");
    let run = env.run(&["git-setup"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        format!(
            "In the git repository `[DIR]`:\n  set merge.airdate.name = airdate watchlist merge\n  \
             set merge.airdate.driver = {exe} merge %O %A %B %P\n  added `watchlist.toml \
             merge=airdate` to `.git/info/attributes`\n  added `/watchlist.toml.lock` to \
             `.git/info/exclude`\n  added `/.watchlist.toml.*.tmp` to `.git/info/exclude`\n  \
             added `/watchlist.edit.toml` to `.git/info/exclude`\n  added `/.watchlist.edit.base` \
             to `.git/info/exclude`\n  added `/watchlist.removed.log` to `.git/info/exclude`\n"
        )
    );
    let config = |key: &str| git_ok(&env, env.dir(), &["config", "--get", key]);
    assert_eq!(config("merge.airdate.name"), "airdate watchlist merge\n");
    assert_eq!(
        config("merge.airdate.driver"),
        format!("{exe} merge %O %A %B %P\n")
    );
    let attributes = env.dir().join(".git/info/attributes");
    let written = fs::read_to_string(&attributes).unwrap();
    assert_eq!(written, "watchlist.toml merge=airdate\n");
    assert_eq!(
        git_ok(
            &env,
            env.dir(),
            &["check-attr", "merge", "--", "watchlist.toml"]
        ),
        "watchlist.toml: merge: airdate\n"
    );
    // Again: nothing changes, and it says so.
    let run = env.run(&["git-setup"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (
            0,
            "git already merges `watchlist.toml` with airdate in `[DIR]`: nothing changed\n"
        )
    );
    assert_eq!(fs::read_to_string(&attributes).unwrap(), written);
    assert!(!env.dir().join(".gitattributes").exists());
    // --shared: the line goes to .gitattributes, to commit.
    let run = env.run(&["git-setup", "--shared"]);
    assert_eq!(
        run.stdout,
        "In the git repository `[DIR]`:\n  added `watchlist.toml merge=airdate` to \
         `.gitattributes`\nCommit `.gitattributes`; each other clone runs `airdate git-setup` \
         once for the driver.\n"
    );
    assert_eq!(
        fs::read_to_string(env.dir().join(".gitattributes")).unwrap(),
        "watchlist.toml merge=airdate\n"
    );
}

#[test]
fn git_setup_quotes_a_path_with_spaces_and_finds_it_in_a_subfolder() {
    let env = TestEnv::new();
    git_ok(&env, env.dir(), &["init", "-q"]);
    let file = env.dir().join("my shows/watch list.toml");
    let run = airdate_on(&env, &file, &["add", "Andor"]);
    assert_eq!(run.code, 0, "{run}");
    let run = airdate_on(&env, &file, &["git-setup", "--shared"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        fs::read_to_string(env.dir().join(".gitattributes")).unwrap(),
        "\"my shows/watch list.toml\" merge=airdate\n"
    );
    assert_eq!(
        git_ok(
            &env,
            env.dir(),
            &["check-attr", "merge", "--", "my shows/watch list.toml"]
        ),
        "my shows/watch list.toml: merge: airdate\n"
    );
}

#[test]
fn git_setup_outside_a_repository_is_an_error() {
    let env = TestEnv::with_file(BASE);
    let run = airdate_on(&env, &env.file(), &["git-setup"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        run.stderr
            .replace(&env.dir().display().to_string(), "[DIR]"),
        "error: the watchlist's folder `[DIR]` is not in a git repository; run `git init` there \
         (or pass --file with a watchlist inside one), then `airdate git-setup` again\n"
    );
    let run = env
        .command(&["git-setup"])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&run.stderr).starts_with("error: git is not installed"),
        "{run:?}"
    );
}

// A real git pull between two clones.

/// A bare repository and two clones of it, `a` and `b`, each set up with `airdate git-setup`,
/// holding a watchlist of Severance and Andor that airdate wrote.
struct Repos {
    a: PathBuf,
    b: PathBuf,
}

fn repos(env: &TestEnv) -> Repos {
    let root = env.dir();
    git_ok(
        env,
        root,
        &["init", "-q", "--bare", "-b", "main", "remote.git"],
    );
    git_ok(env, root, &["clone", "-q", "remote.git", "a"]);
    let a = root.join("a");
    let file = a.join("watchlist.toml");
    for args in [
        &[
            "add",
            "Severance",
            "--network",
            "Apple TV+",
            "--season",
            "2",
        ][..],
        &["add", "Andor", "--network", "Disney+", "--season", "2"],
        &["git-setup"],
    ] {
        let run = airdate_on(env, &file, args);
        assert_eq!(run.code, 0, "{run}");
    }
    git_ok(env, &a, &["add", "watchlist.toml"]);
    git_ok(env, &a, &["commit", "-qm", "shows"]);
    git_ok(env, &a, &["push", "-q", "origin", "HEAD:main"]);
    git_ok(env, root, &["clone", "-q", "-b", "main", "remote.git", "b"]);
    let b = root.join("b");
    let run = airdate_on(env, &b.join("watchlist.toml"), &["git-setup"]);
    assert_eq!(run.code, 0, "{run}");
    Repos { a, b }
}

/// Runs `args` on the clone's watchlist, then commits it.
fn change(env: &TestEnv, clone: &Path, args: &[&str]) {
    let run = airdate_on(env, &clone.join("watchlist.toml"), args);
    assert_eq!(run.code, 0, "{run}");
    git_ok(env, clone, &["commit", "-qam", &args.join(" ")]);
}

/// One show of the clone's watchlist, as `show --json` gives it.
fn show(env: &TestEnv, clone: &Path, title: &str) -> serde_json::Value {
    let run = airdate_on(
        env,
        &clone.join("watchlist.toml"),
        &["show", title, "--json"],
    );
    assert_eq!(run.code, 0, "{run}");
    json(&run.stdout)
}

/// Pushes `a`'s commits, pulls them into `b` with a merge, and checks the merged watchlist.
fn pull(env: &TestEnv, repos: &Repos) -> Run {
    git_ok(env, &repos.a, &["push", "-q", "origin", "HEAD:main"]);
    git(
        env,
        &repos.b,
        &["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"],
    )
}

#[test]
fn git_pull_merges_changes_to_different_shows_with_the_driver() {
    let env = TestEnv::new();
    let repos = repos(&env);
    change(
        &env,
        &repos.a,
        &["set", "Severance", "--premiere", "2025-01-17"],
    );
    change(&env, &repos.b, &["set", "Andor", "--status", "filming"]);
    let run = pull(&env, &repos);
    assert_eq!(run.code, 0, "{run}");
    let file = repos.b.join("watchlist.toml");
    let check = airdate_on(&env, &file, &["check"]);
    assert_eq!(check.code, 0, "{check}");
    assert_eq!(show(&env, &repos.b, "Severance")["premiere"], "2025-01-17");
    assert_eq!(show(&env, &repos.b, "Andor")["status"], "in-production");
    // A merge commit, and nothing left unmerged or uncommitted (airdate's lock is excluded).
    assert_eq!(git_ok(&env, &repos.b, &["status", "--porcelain"]), "");
    let parents = git_ok(&env, &repos.b, &["log", "-1", "--format=%P"]);
    assert_eq!(parents.split_whitespace().count(), 2, "{parents}");
}

#[test]
fn git_pull_merges_changes_to_the_same_show_with_the_driver() {
    let env = TestEnv::new();
    let repos = repos(&env);
    change(
        &env,
        &repos.a,
        &["set", "Severance", "--premiere", "2025-01-17"],
    );
    change(&env, &repos.b, &["set", "Severance", "--tag", "drama"]);
    let run = pull(&env, &repos);
    assert_eq!(run.code, 0, "{run}");
    let check = airdate_on(&env, &repos.b.join("watchlist.toml"), &["check"]);
    assert_eq!(check.code, 0, "{check}");
    let severance = show(&env, &repos.b, "Severance");
    assert_eq!(severance["premiere"], "2025-01-17");
    assert_eq!(severance["tags"], serde_json::json!(["drama"]));
    // The history of the premiere's change, made in a, is all there (b added none).
    assert_eq!(
        severance["history"],
        show(&env, &repos.a, "Severance")["history"]
    );
}

#[test]
fn git_pull_settles_a_key_both_clones_changed_by_the_rules_and_says_so() {
    let env = TestEnv::new();
    let repos = repos(&env);
    // The premiere: each clone set its own, b's recorded later. The network: a pinned its own.
    change(
        &env,
        &repos.a,
        &[
            "set",
            "Severance",
            "--premiere",
            "2025-03",
            "--on",
            "2024-11-20",
        ],
    );
    change(
        &env,
        &repos.a,
        &["set", "Severance", "--network", "HBO", "--pin", "network"],
    );
    change(
        &env,
        &repos.b,
        &[
            "set",
            "Severance",
            "--premiere",
            "2025-01-17",
            "--on",
            "2024-11-25",
        ],
    );
    change(
        &env,
        &repos.b,
        &["set", "Severance", "--network", "Apple TV"],
    );
    let run = pull(&env, &repos);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr
            .contains("decided \"Severance\": premiere: kept 2025-01-17"),
        "{run}"
    );
    assert!(
        run.stderr
            .contains("decided \"Severance\": network: kept HBO"),
        "{run}"
    );
    let check = airdate_on(&env, &repos.b.join("watchlist.toml"), &["check"]);
    assert_eq!(check.code, 0, "{check}");
    let severance = show(&env, &repos.b, "Severance");
    assert_eq!(severance["premiere"], "2025-01-17");
    assert_eq!(severance["network"], "HBO");
    let notes: Vec<&str> = severance["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["note"].as_str())
        .filter(|n| n.starts_with("merged:"))
        .collect();
    assert_eq!(
        notes,
        [
            "merged: network HBO kept over Apple TV (pinned)",
            "merged: premiere 2025-01-17 kept over 2025-03 (recorded later)"
        ]
    );
    // Both clones' premiere entries are in the history.
    let premieres: Vec<&str> = severance["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["premiere"].as_str())
        .collect();
    assert!(
        premieres.contains(&"2025-03") && premieres.contains(&"2025-01-17"),
        "{premieres:?}"
    );
    // A clean merge: git made the merge commit, nothing is left unmerged.
    assert_eq!(git_ok(&env, &repos.b, &["status", "--porcelain"]), "");
}

#[test]
fn git_pull_leaves_the_watchlist_for_a_look_when_both_clones_changed_one_line_outside_the_shows() {
    let env = TestEnv::new();
    let repos = repos(&env);
    let edit = |clone: &Path, sort: &str| {
        let file = clone.join("watchlist.toml");
        let text = fs::read_to_string(&file).unwrap();
        fs::write(&file, format!("{text}\n[prefs]\nsort = \"{sort}\"\n")).unwrap();
        git_ok(&env, clone, &["commit", "-qam", "prefs"]);
    };
    edit(&repos.a, "title");
    edit(&repos.b, "date");
    change(&env, &repos.a, &["set", "Andor", "--status", "filming"]);
    let run = pull(&env, &repos);
    assert_ne!(run.code, 0, "{run}");
    assert!(
        run.stderr
            .contains("look: a line the incoming version changed outside the shows was not merged"),
        "{run}"
    );
    assert!(
        run.stderr.contains(
            "once git is done, look at the file (`airdate --file watchlist.toml check`), then \
             `git add watchlist.toml`"
        ),
        "{run}"
    );
    assert!(run.stdout.contains("CONFLICT"), "{run}");
    // The watchlist is merged and valid, with this clone's line; git waits for `git add`.
    let file = repos.b.join("watchlist.toml");
    let check = airdate_on(&env, &file, &["check"]);
    assert_eq!(check.code, 0, "{check}");
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("sort = \"date\"") && !text.contains("sort = \"title\""),
        "{text}"
    );
    assert_eq!(show(&env, &repos.b, "Andor")["status"], "in-production");
    assert!(git_ok(&env, &repos.b, &["status", "--porcelain"]).starts_with("UU watchlist.toml"));
}

// resolve and the warning.

/// A watchlist airdate wrote (so that the undo log keeps its versions), a conflict copy named
/// `copy` holding it with Andor on another network, then this device's change to Severance.
fn synced(copy: &str) -> TestEnv {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Severance", "--network", "Apple TV+"]);
    let _ = env.ok(&["add", "Andor", "--network", "Disney+"]);
    put(
        &env,
        copy,
        &env.read()
            .replace("network = \"Disney+\"", "network = \"Hulu\""),
    );
    let _ = env.ok(&["set", "Severance", "--season", "2"]);
    env
}

#[test]
fn resolve_merges_a_syncthing_copy_against_a_kept_version_and_moves_it_away() {
    let env = synced(SYNCTHING);
    let ours = env.read();
    let run = env.run(&["list"]);
    assert_eq!(
        run.stderr,
        "warning: Syncthing left 1 conflicted copy of watchlist.toml:\n  run `airdate resolve` \
         to merge it in\n"
    );
    let run = stated(&env, env.run(&["resolve"]));
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.stdout,
        format!(
            "Merged `{SYNCTHING}`\n  (Syncthing, device K3X2R2T, 2026-04-13 09:15:23)\n  \
             against an earlier version airdate kept\n  from it: \"Andor\"\n  moved to \
             `[STATE]/resolved/{SYNCTHING}`\n"
        )
    );
    let merged = env.read();
    assert_eq!(
        merged,
        ours.replace("network = \"Disney+\"", "network = \"Hulu\"")
    );
    assert_eq!(env.files(), ["watchlist.toml", "watchlist.toml.lock"]);
    assert!(state(&env).join("resolved").join(SYNCTHING).is_file());
    // The warning is gone; the merge is a change like any other, which `undo` takes back.
    assert_eq!(env.run(&["list"]).stderr, "");
    let out = env.ok(&["undo"]);
    assert!(out.starts_with("Undid `airdate resolve`"), "{out}");
    assert_eq!(env.read(), ours);
}

#[test]
fn resolve_merges_dropbox_copies_oldest_first_and_deletes_them_with_delete() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Severance", "--network", "Apple TV+"]);
    let _ = env.ok(&["add", "Andor", "--network", "Disney+"]);
    let base = env.read();
    // Two copies of one day, the second with Dropbox's counter: a show added, a show changed.
    put(
        &env,
        DROPBOX,
        &format!("{base}\n[[show]]\ntitle = \"Slow Horses\"\nnetwork = \"Apple TV+\"\n"),
    );
    put(
        &env,
        DROPBOX_1,
        &base.replace("network = \"Disney+\"", "network = \"Hulu\""),
    );
    let _ = env.ok(&["set", "Severance", "--season", "2"]);
    let run = env.run(&["upcoming", "--tba"]);
    assert_eq!(
        run.stderr,
        "warning: Dropbox left 2 conflicted copies of watchlist.toml:\n  run `airdate resolve` \
         to merge them in\n"
    );
    let run = env.run(&["resolve", "--delete"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        format!(
            "Merged `{DROPBOX}`\n  (Dropbox, device laptop, 2026-04-13)\n  against an earlier \
             version airdate kept\n  from it: \"Slow Horses\"\n  deleted `{DROPBOX}`\n\
             Merged `{DROPBOX_1}`\n  (Dropbox, device laptop, 2026-04-13)\n  against an earlier \
             version airdate kept\n  from it: \"Andor\"\n  deleted `{DROPBOX_1}`\n"
        )
    );
    assert_eq!(env.run(&["check"]).code, 0);
    let shows = json(&env.ok(&["list", "--json"]));
    let shows: Vec<(&str, &str, Option<u64>)> = shows
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let text = |k: &str| s[k].as_str().unwrap();
            (text("title"), text("network"), s["season"].as_u64())
        })
        .collect();
    assert_eq!(
        shows,
        [
            ("Andor", "Hulu", None),
            ("Severance", "Apple TV+", Some(2)),
            ("Slow Horses", "Apple TV+", None)
        ]
    );
    assert_eq!(env.files(), ["watchlist.toml", "watchlist.toml.lock"]);
    assert!(!state(&env).join("resolved").exists());
}

#[test]
fn resolve_dry_run_says_what_it_would_do_and_writes_nothing() {
    let env = synced(SYNCTHING);
    let before = env.read();
    let run = stated(&env, env.run(&["resolve", "--dry-run"]));
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        format!(
            "Would merge `{SYNCTHING}`\n  (Syncthing, device K3X2R2T, 2026-04-13 09:15:23)\n  \
             against an earlier version airdate kept\n  from it: \"Andor\"\n  would be moved to \
             `[STATE]/resolved/{SYNCTHING}`\n"
        )
    );
    assert_eq!(env.read(), before);
    assert!(env.dir().join(SYNCTHING).is_file());
    assert!(!state(&env).join("resolved").exists());
    let run = env.run(&["resolve", "--dry-run", "--delete"]);
    assert!(
        run.stdout
            .ends_with(&format!("  would be deleted `{SYNCTHING}`\n")),
        "{run}"
    );
    assert!(env.dir().join(SYNCTHING).is_file());
}

#[test]
fn resolve_without_a_kept_version_merges_two_way() {
    // Written by hand, never by airdate: no version is kept, and none is kept at all.
    let env = TestEnv::with_file(BASE);
    put(&env, SYNCTHING, &theirs());
    env.write(&ours());
    let run = env
        .command(&["resolve"])
        .env("AIRDATE_STATE_DIR", "")
        .output()
        .unwrap();
    let run = Run::from(run);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout.starts_with(&format!(
            "Merged `{SYNCTHING}`\n  (Syncthing, device K3X2R2T, 2026-04-13 09:15:23)\n  \
             two-way: airdate kept no earlier version to compare with\n"
        )),
        "{run}"
    );
    // Without a base, Andor's network beats none; Severance's seasons differ and nothing tells
    // which is newer: this device's, noted in its history.
    assert_eq!(
        env.read(),
        both().replace(
            "rating = 9\n",
            "rating = 9\n\n[[show.history]]\ndate = \"2024-12-01\"\n\
             note = \"merged: season 3 kept over 2 (nothing told which is newer)\"\n"
        )
    );
    // Without a state folder, the copy goes beside the watchlist, out of the sync tool's way.
    assert!(
        env.dir()
            .join(".airdate-resolved")
            .join(SYNCTHING)
            .is_file()
    );
}

#[test]
fn resolve_leaves_a_copy_that_is_not_a_watchlist_and_fails() {
    let env = synced(SYNCTHING);
    let before = env.read();
    put(&env, SYNCTHING, "version = 1\n[[show]\n");
    let run = env.run(&["resolve"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stdout.starts_with(&format!(
            "`{SYNCTHING}` (Syncthing, device K3X2R2T, 2026-04-13 09:15:23):\n  not merged: it \
             is not a valid watchlist ([DIR]/{SYNCTHING}:2:"
        )),
        "{run}"
    );
    assert_eq!(
        run.stderr,
        "error: 1 copy of 1 needs a look (see above); run `airdate resolve` again once settled\n"
    );
    assert_eq!(env.read(), before);
    assert!(env.dir().join(SYNCTHING).is_file());
}

#[test]
fn resolve_without_copies_says_so() {
    let env = TestEnv::with_file(BASE);
    put(&env, "watchlist.edit.toml", BASE);
    let run = env.run(&["resolve"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            0,
            "",
            "No conflicted copies of `[DIR]/watchlist.toml` beside it.\n"
        )
    );
    assert_eq!(env.read(), BASE);
}

#[test]
fn the_warning_counts_the_copies_and_only_real_copies() {
    let env = TestEnv::with_file(BASE);
    for similar in [
        "watchlist.edit.toml",
        "watchlist.sync-conflict-20260413-091523-K3X2R2.toml",
        "watchlist.sync-conflict-20260413-091523-K3X2R2T.toml.tmp",
        "other.sync-conflict-20260413-091523-K3X2R2T.toml",
        "watchlist (laptop's conflicted copy 2026-04-13).txt",
        "watchlist (laptop's copy 2026-04-13).toml",
    ] {
        put(&env, similar, BASE);
    }
    for args in [&["list"][..], &["upcoming", "--tba"], &["show", "andor"]] {
        let run = env.run(args);
        assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{args:?}");
    }
    put(&env, SYNCTHING, BASE);
    put(&env, DROPBOX_1, BASE);
    let warning = "warning: Dropbox and Syncthing left 2 conflicted copies of watchlist.toml:\n  \
                   run `airdate resolve` to merge them in\n";
    for args in [
        &["list"][..],
        &["upcoming", "--tba"],
        &["set", "andor", "--season", "3"],
    ] {
        let run = env.run(args);
        assert_eq!((run.code, run.stderr.as_str()), (0, warning), "{args:?}");
    }
    // Not from the commands that deal with copies or print no watchlist.
    for args in [
        &["path"][..],
        &["man"],
        &["completions", "bash"],
        &["resolve", "-n"],
    ] {
        let run = env.run(args);
        assert!(!run.stderr.contains("warning:"), "{args:?}: {run}");
    }
}

#[test]
fn resolve_made_again_after_its_merge_landed_loses_nothing_of_this_device() {
    // A resolve killed after its merge landed, before the copy moved: the copy is still there.
    let env = synced(SYNCTHING);
    let copy = env.dir().join(SYNCTHING);
    let theirs = fs::read_to_string(&copy).unwrap();
    assert_eq!(env.run(&["resolve"]).code, 0);
    let merged = env.read();
    fs::write(&copy, &theirs).unwrap();
    // The version that merge wrote is now the newest kept, and it is this device's side: it is
    // never the base, which would take the copy whole.
    let run = env.run(&["resolve"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(env.read(), merged);
    let severance = json(&env.ok(&["show", "Severance", "--json"]));
    assert_eq!(severance["season"], 2);
}

#[test]
fn resolve_keeps_every_change_of_this_device_made_after_the_devices_parted() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Severance", "--network", "Apple TV+"]);
    // The other device changed the network; this one, twice since, the status and premiere.
    put(
        &env,
        SYNCTHING,
        &env.read().replace("Apple TV+", "Apple TV"),
    );
    let _ = env.ok(&[
        "set",
        "Severance",
        "--status",
        "filming",
        "--on",
        "2024-11-20",
    ]);
    let _ = env.ok(&[
        "set",
        "Severance",
        "--premiere",
        "2026",
        "--on",
        "2024-11-25",
    ]);
    let ours = env.read();
    let run = env.run(&["resolve"]);
    assert_eq!(run.code, 0, "{run}");
    let severance = json(&env.ok(&["show", "Severance", "--json"]));
    assert_eq!(severance["network"], "Apple TV");
    assert_eq!(severance["status"], "in-production");
    assert_eq!(severance["premiere"], "2026");
    // Every history entry this device had is there.
    let before: serde_json::Value = {
        let _ = fs::write(env.dir().join("ours.toml"), &ours);
        json(
            &airdate_on(
                &env,
                &env.dir().join("ours.toml"),
                &["show", "Severance", "--json"],
            )
            .stdout,
        )
    };
    for entry in before["history"].as_array().unwrap() {
        assert!(
            severance["history"].as_array().unwrap().contains(entry),
            "{entry} lost"
        );
    }
}

#[test]
fn resolve_settles_a_key_both_devices_changed_by_the_rules_though_the_base_kept_is_later() {
    let env = TestEnv::new();
    let _ = env.ok(&[
        "add",
        "Severance",
        "--network",
        "Apple TV+",
        "--on",
        "2024-11-01",
    ]);
    // The other device set the status on the 18th (its own airdate, its own file).
    let other = env.dir().join("other.toml");
    fs::write(&other, env.read()).unwrap();
    let run = airdate_on(
        &env,
        &other,
        &["set", "Severance", "--status", "post", "--on", "2024-11-18"],
    );
    assert_eq!(run.code, 0, "{run}");
    fs::rename(&other, env.dir().join(SYNCTHING)).unwrap();
    // This device set it on the 20th, then the premiere: its kept version after the status
    // change looks nearer to both sides than the one they parted from.
    let _ = env.ok(&[
        "set",
        "Severance",
        "--status",
        "filming",
        "--on",
        "2024-11-20",
    ]);
    let _ = env.ok(&[
        "set",
        "Severance",
        "--premiere",
        "2026",
        "--on",
        "2024-11-25",
    ]);
    let run = env.run(&["resolve"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("status: kept in-production"), "{run}");
    let severance = json(&env.ok(&["show", "Severance", "--json"]));
    assert_eq!(severance["status"], "in-production");
    assert_eq!(severance["premiere"], "2026");
    let statuses: Vec<&str> = severance["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["status"].as_str())
        .collect();
    assert!(
        statuses.contains(&"post-production") && statuses.contains(&"in-production"),
        "{statuses:?}"
    );
}
