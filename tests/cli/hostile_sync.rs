//! The merge driver and `resolve` against hostile inputs: what a user's hand edits and the
//! outside world put in the files must come out of a merge, or the merge must refuse.

use std::fs;

use crate::common::{Run, TestEnv};

/// Writes `text` to `name` in the test folder; its path, as a string.
fn put(env: &TestEnv, name: &str, text: &str) -> String {
    let path = env.dir().join(name);
    fs::write(&path, text).unwrap();
    path.display().to_string()
}

const ONE: &str = "version = 1\n\n[[show]]\ntitle = \"A\"\nseason = 2\n";

/// `ONE` with a history entry added at its end.
fn with_entry(entry: &str) -> String {
    format!("{ONE}\n[[show.history]]\n{entry}")
}

#[test]
fn a_history_entry_key_airdate_does_not_know_survives_a_merge_of_both_sides_entries() {
    // Each side added an entry to the same show; one holds a key of the user's own.
    let mine = with_entry("date = \"2024-06-01\"\nstatus = \"ended\"\nsource = \"me\"\n");
    let other = with_entry("date = \"2024-05-01\"\nstatus = \"ended\"\n");
    for (ours, theirs) in [(&mine, &other), (&other, &mine)] {
        let env = TestEnv::new();
        let base = put(&env, "base", ONE);
        let a = put(&env, "a", ours);
        let b = put(&env, "b", theirs);
        let run = env.run(&["merge", &base, &a, &b, "watchlist.toml"]);
        let result = fs::read_to_string(&a).unwrap();
        // Kept, or nothing written and the user told to look.
        if run.code == 0 {
            assert!(result.contains("source = \"me\""), "{result}");
        } else {
            assert_eq!(run.code, 1, "{}", run.stderr);
            assert_eq!(result, *ours);
            assert!(run.stderr.contains("source"), "{}", run.stderr);
        }
    }
}

#[test]
fn resolve_keeps_this_devices_change_to_a_show_the_copy_changed_too() {
    // Both devices began from one version; this one then set Foo's network, the other Foo's
    // season. The watchlist airdate wrote last is among the kept versions, and is no base:
    // taken as one, it says this device changed nothing, and its network would be lost.
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Foo"]);
    let _ = env.ok(&["add", "Bar"]);
    let fork = env.read();
    let _ = env.ok(&["set", "Foo", "--network", "HBO"]);
    let copy = fork.replace("title = \"Foo\"\n", "title = \"Foo\"\nseason = 3\n");
    put(
        &env,
        "watchlist.sync-conflict-20260413-091523-K3X2R2T.toml",
        &copy,
    );
    let run = env.run(&["resolve"]);
    assert_eq!(run.code, 0, "{run}");
    let merged = env.read();
    assert!(merged.contains("network = \"HBO\""), "{merged}");
    assert!(merged.contains("season = 3"), "{merged}");
}

#[test]
fn a_change_goes_to_its_own_show_when_two_shows_share_a_tvmaze_id() {
    // This side linked B to A's id by mistake (and moved it first); the other changed A.
    let base = "version = 1\n\n[[show]]\ntitle = \"A\"\ntvmaze = 5\nseason = 1\n\n[[show]]\ntitle = \"B\"\nseason = 1\n";
    let ours = "version = 1\n\n[[show]]\ntitle = \"B\"\nseason = 1\ntvmaze = 5\n\n[[show]]\ntitle = \"A\"\ntvmaze = 5\nseason = 1\n";
    let theirs = base.replace("season = 1\n\n", "season = 9\n\n");
    let env = TestEnv::new();
    let b = put(&env, "base", base);
    let a = put(&env, "a", ours);
    let t = put(&env, "b", &theirs);
    let run = env.run(&["merge", &b, &a, &t, "watchlist.toml"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        fs::read_to_string(&a).unwrap(),
        ours.replace("tvmaze = 5\nseason = 1", "tvmaze = 5\nseason = 9")
    );
}

/// A Dropbox copy of the watchlist, beside it.
const COPY: &str = "watchlist (laptop's conflicted copy 2026-04-13).toml";

#[test]
fn resolve_that_cannot_move_a_merged_copy_says_the_merge_landed() {
    // The state folder is a file: the copy cannot go there, but its merge is in.
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Foo"]);
    let copy = env
        .read()
        .replace("title = \"Foo\"\n", "title = \"Foo\"\nnetwork = \"HBO\"\n");
    put(&env, COPY, &copy);
    let state = env.dir().join("state-file");
    fs::write(&state, "").unwrap();
    let run = Run::from(
        env.command(&["resolve"])
            .env("AIRDATE_STATE_DIR", &state)
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 1, "{run}");
    assert!(env.read().contains("network = \"HBO\""));
    assert!(env.dir().join(COPY).is_file());
    assert!(
        !run.stdout.contains("the watchlist were left as they were"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("the merge is in the watchlist, but it could not be moved"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_two_way_resolve_takes_a_season_only_the_copy_has() {
    // No kept version: without a base a value beats none, the season too.
    let env = TestEnv::new();
    env.write("version = 1\n\n[[show]]\ntitle = \"Foo\"\nnetwork = \"HBO\"\n");
    put(
        &env,
        COPY,
        "version = 1\n\n[[show]]\ntitle = \"Foo\"\nnetwork = \"HBO\"\nseason = 3\n",
    );
    let run = env.run(&["resolve"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(!run.stdout.contains("decided"), "{}", run.stdout);
    assert_eq!(
        env.read(),
        "version = 1\n\n[[show]]\ntitle = \"Foo\"\nnetwork = \"HBO\"\nseason = 3\n"
    );
}

#[test]
fn a_clash_of_a_key_airdate_does_not_know_is_reported_once() {
    let base = "version = 1\n\n[[show]]\ntitle = \"A\"\nrating = 1\n";
    let env = TestEnv::new();
    let b = put(&env, "base", base);
    let a = put(&env, "a", &base.replace("rating = 1", "rating = 2"));
    let t = put(&env, "b", &base.replace("rating = 1", "rating = 3"));
    let run = env.run(&["merge", &b, &a, &t, "watchlist.toml"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stderr,
        "decided \"A\": rating: kept 2 (the local version's, as nothing tells which is newer) \
         over 3\nmerged `watchlist.toml`: 1 difference settled by the rules\n"
    );
}

#[test]
fn a_folder_or_a_pipe_named_like_a_conflict_copy_is_none() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Foo"]);
    fs::create_dir(env.dir().join(COPY)).unwrap();
    let pipe = env
        .dir()
        .join("watchlist.sync-conflict-20260413-091523-K3X2R2T.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .unwrap();
    assert!(made.success());
    let run = env.run(&["list"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run}");
    let run = env.run(&["resolve"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stderr,
        "No conflicted copies of `[DIR]/watchlist.toml` beside it.\n"
    );
}

#[test]
fn a_change_outside_the_shows_that_the_merge_cannot_take_is_told() {
    // A's history follows another table: the merge is made on ours alone, which cannot take
    // theirs's change to that table; it must say so, not drop it unseen.
    let base = "version = 1\n\n[[show]]\ntitle = \"A\"\nseason = 1\n\n[other]\nz = 1\n\n[[show.history]]\ndate = \"2024-01-01\"\nstatus = \"announced\"\n\n[[show]]\ntitle = \"B\"\nseason = 1\n";
    let ours = base.replace("season = 1\n", "season = 1\nnetwork = \"N\"\n");
    let theirs = base.replace("z = 1", "z = 2");
    let env = TestEnv::new();
    let b = put(&env, "base", base);
    let a = put(&env, "a", &ours);
    let t = put(&env, "b", &theirs);
    let run = env.run(&["merge", &b, &a, &t, "watchlist.toml"]);
    let result = fs::read_to_string(&a).unwrap();
    if !result.contains("z = 2") {
        assert_eq!(run.code, 1, "{run}");
        assert!(
            run.stderr
                .contains("changed outside the shows were not merged"),
            "{run}"
        );
    }
}

#[test]
fn two_resolves_at_once_merge_each_copy_once_and_both_succeed() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Foo"]);
    let base = env.read();
    for day in 1..=9 {
        put(
            &env,
            &format!("watchlist.sync-conflict-2026041{day}-091523-K3X2R2T.toml"),
            &format!("{base}\n[[show]]\ntitle = \"S{day}\"\n"),
        );
    }
    let runs: Vec<_> = (0..2)
        .map(|_| env.command(&["resolve"]).spawn().unwrap())
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    let merged = env.read();
    for day in 1..=9 {
        assert_eq!(
            merged.matches(&format!("\"S{day}\"")).count(),
            1,
            "{merged}"
        );
    }
    assert_eq!(env.files(), ["watchlist.toml", "watchlist.toml.lock"]);
}

#[test]
fn a_two_way_merge_of_one_file_in_crlf_and_lf_is_clean() {
    let lf = "# mine\nversion = 1\n\n[[show]]\ntitle = \"A\"\nseason = 1\n";
    let env = TestEnv::new();
    let a = put(&env, "a", lf);
    let t = put(&env, "b", &lf.replace('\n', "\r\n"));
    let run = env.run(&["merge", "/dev/null", &a, &t, "watchlist.toml"]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""), "{run}");
    assert_eq!(fs::read_to_string(&a).unwrap(), lf);
}
