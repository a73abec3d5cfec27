//! `airdate undo`: every write command can be taken back to the exact bytes before it, only
//! while the watchlist holds what that command wrote; `undo --list`, the bound, one log per
//! watchlist, and a damaged log that is never trusted.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;

use crate::common::TestEnv;
use crate::common::tvmaze::FakeTvmaze;

/// A hand-made watchlist with a comment, an unknown key and odd spacing, which every undo must
/// give back byte for byte.
const WATCHLIST: &str = "# my shows\nversion = 1\n\n[[show]]\ntitle   = \"Severance\" # the best\nnetwork = \"Apple TV\"\nseason = 2\nrating = 9\n\n[[show]]\ntitle = \"Andor\"\nseason = 2\n";

/// The folder the versions for `undo` are kept in, as the harness's home gives it.
fn state(env: &TestEnv) -> PathBuf {
    env.cache()
        .parent()
        .unwrap()
        .join(".local/state/airdate/undo")
}

/// The entry files of the one watchlist that has a log, oldest first.
fn entries(env: &TestEnv) -> Vec<PathBuf> {
    let logs: Vec<PathBuf> = fs::read_dir(state(env))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(logs.len(), 1, "one watchlist, one log: {logs:?}");
    let mut files: Vec<PathBuf> = fs::read_dir(&logs[0])
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// Runs `args`, which must change the watchlist; `undo` then gives back exactly the bytes
/// before, and a second `undo` has nothing left to take back.
fn undoes(env: &TestEnv, args: &[&str]) {
    let before = env.read();
    let _ = env.ok(args);
    assert_ne!(env.read(), before, "{args:?} changed nothing");
    let out = env.ok(&["undo"]);
    assert!(out.starts_with("Undid `airdate "), "{out}");
    assert_eq!(env.read(), before, "undo after {args:?}");
}

#[test]
fn undo_after_each_write_command_restores_the_exact_bytes() {
    let env = TestEnv::with_file(WATCHLIST);
    undoes(&env, &["add", "The Bear", "--network", "FX"]);
    undoes(
        &env,
        &[
            "set",
            "sev",
            "--premiere",
            "Jan 17",
            "--status",
            "scheduled",
        ],
    );
    undoes(&env, &["renew", "Andor"]);
    undoes(&env, &["remove", "Andor", "--yes"]);
    let import = env.dir().join("more.json");
    fs::write(
        &import,
        r#"[{"title": "Slow Horses", "network": "Apple TV"}]"#,
    )
    .unwrap();
    undoes(&env, &["import", import.to_str().unwrap()]);
    let editor = env.dir().join("ed.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/season = 2/season = 3/' \"$1\"\n",
    )
    .unwrap();
    fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    let before = env.read();
    let run = env
        .command(&["edit"])
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert!(run.status.success(), "{run:?}");
    assert_ne!(env.read(), before);
    let _ = env.ok(&["undo"]);
    assert_eq!(env.read(), before, "undo after edit");
}

#[test]
fn undo_after_refresh_and_link_restores_the_exact_bytes() {
    let server = FakeTvmaze::start();
    let mut env = TestEnv::with_file(
        "# mine\nversion = 1\n\n[[show]]\ntitle = \"Severance\"  # linked by hand\nseason = 3\n",
    );
    env.tvmaze = Some(server.url());
    env.today = "2025-06-01".into();
    undoes(&env, &["link", "Severance"]);
    let _ = env.ok(&["link", "Severance"]);
    undoes(&env, &["refresh", "--all"]);
}

#[test]
fn undoing_again_takes_back_the_change_before() {
    let env = TestEnv::with_file(WATCHLIST);
    let first = env.read();
    let _ = env.ok(&["add", "The Bear"]);
    let second = env.read();
    let _ = env.ok(&["set", "bear", "--network", "FX"]);
    let out = env.ok(&["undo"]);
    assert!(
        out.contains("it changed \"The Bear\".\n1 older change can be undone"),
        "{out}"
    );
    assert_eq!(env.read(), second);
    let _ = env.ok(&["undo"]);
    assert_eq!(env.read(), first);
    let run = env.run(&["undo"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.starts_with("error: nothing to undo"), "{run}");
    assert_eq!(env.read(), first);
}

#[test]
fn undo_is_refused_after_an_outside_edit() {
    let env = TestEnv::with_file(WATCHLIST);
    let _ = env.ok(&[
        "set",
        "sev",
        "--premiere",
        "Jan 17",
        "--status",
        "scheduled",
    ]);
    let edited = env.read().replace("# the best", "# the very best");
    env.write(&edited);
    let run = env.run(&["undo"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            1,
            "",
            "error: `[DIR]/watchlist.toml` changed since `airdate set sev --premiere 'Jan 17' \
             --status scheduled` wrote it (an editor or another program saved it); nothing was \
             undone. Make that change by hand, with `airdate edit` or a command\n"
        )
    );
    assert_eq!(env.read(), edited);
    // `--list` says so too.
    let run = env.run(&["undo", "--list"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains("so `airdate undo` would refuse"),
        "{run}"
    );
    // A change airdate makes on top is undoable again, down to the outside edit.
    let _ = env.ok(&["renew", "Andor"]);
    let _ = env.ok(&["undo"]);
    assert_eq!(env.read(), edited);
    assert_eq!(env.run(&["undo"]).code, 1);
    assert_eq!(env.read(), edited);
}

#[test]
fn undo_of_a_new_watchlist_leaves_it_empty_not_deleted() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "The Bear"]);
    let out = env.ok(&["undo"]);
    assert!(
        out.contains("back to empty (airdate never deletes it)"),
        "{out}"
    );
    assert_eq!(
        env.read(),
        "# My shows: one [[show]] table each. Edit freely; `airdate check` validates the file.\nversion = 1\n"
    );
    assert_eq!(env.ok(&["list", "--json"]), "[]\n");
}

#[test]
fn list_shows_the_kept_changes_newest_first() {
    let env = TestEnv::with_file(WATCHLIST);
    let run = env.run(&["undo", "--list"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (0, "", "No change is kept to undo.\n")
    );
    let _ = env.ok(&["add", "The Bear", "--note", "it's back"]);
    let _ = env.ok(&["set", "sev", "--season", "3"]);
    let _ = env.ok(&["remove", "Andor", "--yes"]);
    let before = env.read();
    let out = env.ok(&["undo", "--list"]);
    assert_eq!(env.read(), before, "--list undoes nothing");
    // The time is the local time of each run: masked here.
    let masked: Vec<String> = out
        .lines()
        .map(|line| match line.get(..16) {
            Some(when) if when.as_bytes()[4] == b'-' => format!("[WHEN]{}", &line[16..]),
            _ => line.to_string(),
        })
        .collect();
    assert_eq!(
        masked.join("\n"),
        "When              What                 Command\n\
         [WHEN]  removed \"Andor\"      airdate remove Andor --yes\n\
         [WHEN]  changed \"Severance\"  airdate set sev --season 3\n\
         [WHEN]  added \"The Bear\"     airdate add 'The Bear' --note 'it'\\''s back'"
    );
}

#[test]
fn only_the_last_twenty_changes_are_kept() {
    let env = TestEnv::with_file(WATCHLIST);
    let mut versions = vec![env.read()];
    for n in 1..=22 {
        let _ = env.ok(&["set", "andor", "--note", &format!("step {n}")]);
        versions.push(env.read());
    }
    assert_eq!(entries(&env).len(), 20);
    assert_eq!(env.ok(&["undo", "--list"]).lines().count(), 21);
    for n in (2..=21).rev() {
        let _ = env.ok(&["undo"]);
        assert_eq!(env.read(), versions[n], "undo down to step {n}");
    }
    let run = env.run(&["undo"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("nothing to undo"), "{run}");
    assert_eq!(
        env.read(),
        versions[2],
        "the oldest two changes were dropped"
    );
}

#[test]
fn two_watchlists_never_share_a_log() {
    let env = TestEnv::with_file(WATCHLIST);
    let other = env.dir().join("other.toml");
    let other_arg = other.to_str().unwrap();
    let _ = env.ok(&["add", "The Bear"]);
    let ours = env.read();
    let _ = env.ok(&["--file", other_arg, "add", "Slow Horses"]);
    let theirs = fs::read_to_string(&other).unwrap();
    // Undoing ours does not touch the other, and takes back our change, not its newer one.
    let _ = env.ok(&["undo"]);
    assert_eq!(env.read(), WATCHLIST);
    assert_eq!(fs::read_to_string(&other).unwrap(), theirs);
    assert!(env.run(&["undo"]).stderr.contains("nothing to undo"));
    assert_ne!(ours, WATCHLIST);
    // The other's log is its own, also under another spelling of its path.
    let spelled = env.dir().join(".").join("other.toml");
    let _ = env.ok(&["--file", spelled.to_str().unwrap(), "undo"]);
    assert!(!fs::read_to_string(&other).unwrap().contains("Slow Horses"));
}

#[test]
fn a_damaged_log_is_ignored_with_a_warning() {
    let env = TestEnv::with_file(WATCHLIST);
    let _ = env.ok(&["add", "The Bear"]);
    let added = env.read();
    let _ = env.ok(&["set", "bear", "--network", "FX"]);
    let files = entries(&env);
    // The newest entry is damaged: a byte of its copy changed, its checksum kept.
    let newest = fs::read_to_string(&files[1]).unwrap();
    fs::write(&files[1], newest.replacen("Severance", "Severancf", 1)).unwrap();
    let run = env.run(&["undo"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains("warning: ignored the undo entry")
            && run.stderr.contains(": it is damaged\n"),
        "{run}"
    );
    // The older one is not for the file as it is now, so nothing is undone.
    assert!(run.stderr.contains("changed since `airdate add"), "{run}");
    assert_ne!(env.read(), added);
    // An entry of an older format is ignored too; `--list` says so and lists the rest.
    fs::write(&files[1], "airdate-undo-0 0\n{}").unwrap();
    let run = env.run(&["undo", "--list"]);
    assert!(
        run.stderr
            .contains("it was written by another version of airdate"),
        "{run}"
    );
    assert_eq!(run.stdout.lines().count(), 2, "{run}");
    // Cut short, then garbage: ignored, never trusted, never a panic.
    for junk in ["", "\u{0}\u{1}garbage"] {
        fs::write(&files[1], junk).unwrap();
        let run = env.run(&["undo", "--list"]);
        assert_eq!(run.code, 0, "{run}");
        assert!(
            run.stderr.contains("warning: ignored the undo entry"),
            "{run}"
        );
    }
}

#[test]
fn no_versions_are_kept_with_the_state_dir_set_empty() {
    let env = TestEnv::with_file(WATCHLIST);
    let run = env
        .command(&["add", "The Bear"])
        .env("AIRDATE_STATE_DIR", "")
        .output()
        .unwrap();
    assert!(run.status.success());
    let run = env
        .command(&["undo"])
        .env("AIRDATE_STATE_DIR", "")
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("AIRDATE_STATE_DIR is set empty"));
    assert!(!state(&env).exists());
}

#[test]
fn the_state_dir_can_be_chosen() {
    let env = TestEnv::with_file(WATCHLIST);
    let chosen = env.cache().with_file_name("chosen");
    let run = env
        .command(&["add", "The Bear"])
        .env("AIRDATE_STATE_DIR", &chosen)
        .output()
        .unwrap();
    assert!(run.status.success());
    assert!(chosen.join("undo").is_dir());
    assert!(!state(&env).exists());
    let run = env
        .command(&["undo"])
        .env("AIRDATE_STATE_DIR", &chosen)
        .output()
        .unwrap();
    assert!(run.status.success());
    assert_eq!(env.read(), WATCHLIST);
}

#[test]
fn a_change_taken_back_by_hand_is_not_a_reason_to_undo_the_one_before() {
    let env = TestEnv::with_file(WATCHLIST);
    let _ = env.ok(&["add", "The Bear"]);
    let with_bear = env.read();
    let _ = env.ok(&["set", "bear", "--network", "FX"]);
    // The user puts the file back by hand (an editor, `git checkout`) to what it was before.
    env.write(&with_bear);
    let run = env.run(&["undo"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout.starts_with("`airdate set bear --network FX` ("),
        "{run}"
    );
    assert!(run.stdout.contains(") was already taken back: "), "{run}");
    assert!(
        run.stdout
            .contains("so nothing was written.\n1 older change can be undone"),
        "{run}"
    );
    // The Bear is still there: the older `add` was not taken back unasked.
    assert_eq!(env.read(), with_bear);
    let _ = env.ok(&["undo"]);
    assert_eq!(env.read(), WATCHLIST);
}

#[test]
fn list_fits_the_terminal_and_aligns_wide_titles() {
    let env = TestEnv::with_file(WATCHLIST);
    let _ = env.ok(&["add", "進撃の巨人 完結編", "--network", "NHK"]);
    let _ = env.ok(&["add", "Abc", "--network", "NHK総合テレビジョン放送局"]);
    for columns in [40, 60, 80] {
        let run = env
            .command(&["undo", "--list"])
            .env("COLUMNS", columns.to_string())
            .output()
            .unwrap();
        assert!(run.status.success());
        let out = String::from_utf8(run.stdout).unwrap();
        assert_eq!(out.lines().count(), 3, "{out}");
        for line in out.lines() {
            let width = unicode_width::UnicodeWidthStr::width(line);
            assert!(width <= columns, "at {columns}: {line:?} is {width} wide");
        }
    }
    // Without a width nothing is cut, and the Command column starts at one display column.
    let out = env.ok(&["undo", "--list"]);
    let starts: Vec<usize> = out
        .lines()
        .map(|l| {
            unicode_width::UnicodeWidthStr::width(
                &l[..l.find("airdate").or_else(|| l.find("Command")).unwrap()],
            )
        })
        .collect();
    assert!(starts.windows(2).all(|w| w[0] == w[1]), "{out}");
    assert!(
        out.contains("--network NHK総合テレビジョン放送局\n"),
        "{out}"
    );
}
