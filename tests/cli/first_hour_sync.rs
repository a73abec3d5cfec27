//! The first hour of someone keeping one watchlist on a laptop and a desktop, as they see it in
//! an 80-column terminal: `git status` after `airdate git-setup`, what the merge driver says
//! amid git's lines, what `resolve` says of a sync tool's conflict copy, and the help that
//! shows how to begin.

use std::fs;
use std::process::Command;

use crate::common::{Run, TestEnv};

const SYNCTHING: &str = "watchlist.sync-conflict-20260413-091523-K3X2R2T.toml";

/// airdate at 80 columns.
fn narrow(env: &TestEnv, args: &[&str]) -> Run {
    let mut cmd = env.command(args);
    cmd.env("COLUMNS", "80")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", env.dir().parent().unwrap());
    let mut run = Run::from(cmd.output().expect("airdate runs"));
    let state = env
        .home()
        .join(".local/state/airdate")
        .display()
        .to_string();
    run.stdout = run.stdout.replace(&state, "[STATE]");
    run
}

/// git in the watchlist's folder, without the system's or the user's config.
fn git(env: &TestEnv, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(env.dir())
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.home())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", env.dir().parent().unwrap())
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {output:?}");
    String::from_utf8(output.stdout).unwrap()
}

fn put(env: &TestEnv, name: &str, text: &str) -> String {
    let path = env.dir().join(name);
    fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn after_git_setup_git_status_offers_only_the_watchlist_also_after_a_removal_or_an_edit() {
    let env = TestEnv::new();
    git(&env, &["init", "-q"]);
    assert_eq!(narrow(&env, &["git-setup"]).code, 0);
    for args in [
        &["add", "Andor"][..],
        &["add", "Severance"],
        &["rm", "Andor", "--yes"],
    ] {
        let run = narrow(&env, args);
        assert_eq!(run.code, 0, "{run}");
    }
    assert!(env.dir().join("watchlist.removed.log").is_file());
    // What a rejected `airdate edit` leaves for the next one.
    put(&env, "watchlist.edit.toml", "version = 1\n[[show]]\n");
    put(&env, ".watchlist.edit.base", "version = 1\n");
    assert_eq!(
        git(&env, &["status", "--porcelain", "--untracked-files=all"]),
        "?? watchlist.toml\n"
    );
}

#[test]
fn the_merge_driver_names_the_local_and_the_incoming_version_not_ours_and_theirs() {
    let env = TestEnv::new();
    let base = "version = 1\n\n[[show]]\ntitle = \"Severance\"\n\n[[show]]\ntitle = \"Andor\"\n";
    let local = "version = 1\n\n[[show]]\ntitle = \"Severance\"\nnetwork = \"Apple TV+\"\n";
    let incoming = "version = 1\n\n[[show]]\ntitle = \"Severance\"\nnetwork = \"AppleTV\"\n\n\
                    [[show]]\ntitle = \"Andor\"\nnetwork = \"Disney+\"\n";
    let (o, a, b) = (
        put(&env, "base", base),
        put(&env, "a", local),
        put(&env, "b", incoming),
    );
    let run = narrow(&env, &["merge", &o, &a, &b, "watchlist.toml"]);
    insta::assert_snapshot!(run, @r#"
    [stderr]
    decided "Severance": network: kept Apple TV+ (the local version's, as nothing tells which is newer) over AppleTV
    decided "Andor": kept: the local version removed it, and the incoming version changed it
    merged `watchlist.toml`: 2 differences settled by the rules
    [exit 0]
    "#);
}

#[test]
fn resolve_says_which_copy_it_merged_in_lines_that_fit_80_columns() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Severance", "--network", "Apple TV+"]);
    let _ = env.ok(&["add", "Andor", "--network", "Disney+"]);
    put(
        &env,
        SYNCTHING,
        &env.read()
            .replace("network = \"Disney+\"", "network = \"Hulu\""),
    );
    let _ = env.ok(&["set", "Severance", "--season", "2"]);
    let run = narrow(&env, &["resolve", "--dry-run"]);
    insta::assert_snapshot!(run, @r#"
    Would merge `watchlist.sync-conflict-20260413-091523-K3X2R2T.toml`
      (Syncthing, device K3X2R2T, 2026-04-13 09:15:23)
      against an earlier version airdate kept
      from it: "Andor"
      would be moved to `[STATE]/resolved/watchlist.sync-conflict-20260413-091523-K3X2R2T.toml`
    [exit 0]
    "#);
    let run = narrow(&env, &["resolve"]);
    assert_eq!(run.code, 0, "{run}");
    for line in run.stdout.lines().filter(|l| !l.contains("[STATE]")) {
        assert!(
            line.chars().count() <= 80,
            "{line:?} is wider than 80 columns"
        );
    }
    // Without a kept version to compare with, it says so, as narrowly.
    let env = TestEnv::with_file("version = 1\n\n[[show]]\ntitle = \"Andor\"\n");
    put(
        &env,
        SYNCTHING,
        "version = 1\n\n[[show]]\ntitle = \"Andor\"\nnetwork = \"Disney+\"\n",
    );
    let mut cmd = env.command(&["resolve", "--delete"]);
    cmd.env("AIRDATE_STATE_DIR", "").env("COLUMNS", "80");
    let run = Run::from(cmd.output().unwrap());
    insta::assert_snapshot!(run, @r#"
    Merged `watchlist.sync-conflict-20260413-091523-K3X2R2T.toml`
      (Syncthing, device K3X2R2T, 2026-04-13 09:15:23)
      two-way: airdate kept no earlier version to compare with
      from it: "Andor"
      deleted `watchlist.sync-conflict-20260413-091523-K3X2R2T.toml`
    [exit 0]
    "#);
}

#[test]
fn the_help_of_each_sync_command_shows_how_to_begin() {
    let env = TestEnv::new();
    let help = |command: &str| {
        let run = narrow(&env, &["help", command]);
        assert_eq!(run.code, 0, "{run}");
        for line in run.stdout.lines() {
            assert!(line.chars().count() <= 80, "{line:?}");
        }
        run.stdout.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    assert!(help("git-setup").contains("`cd ~/shows && git init && airdate git-setup`"));
    assert!(help("resolve").contains("`airdate resolve --dry-run`"));
    assert!(help("merge").contains("`airdate merge base.toml mine.toml other.toml -o -`"));
    // `resolve` is a change `undo` takes back, as its help says.
    assert!(help("undo").contains("link, edit, resolve)"));
}

#[test]
fn a_copy_that_is_not_a_watchlist_is_named_in_a_check_command_that_can_be_pasted() {
    let env = TestEnv::with_file("version = 1\n");
    let dropbox = "watchlist (laptop's conflicted copy 2026-04-13).toml";
    put(&env, dropbox, "version = 1\n[[show]\n");
    let run = env.run(&["resolve"]);
    assert_eq!(run.code, 1, "{run}");
    let check = format!("`airdate --file \"[DIR]/{dropbox}\" check`");
    assert!(run.stdout.contains(&check), "{run}");
    assert!(env.dir().join(dropbox).is_file());
}

#[test]
fn undoing_a_resolve_says_where_the_copy_it_merged_went() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Andor"]);
    let copy = env
        .read()
        .replace("title = \"Andor\"\n", "title = \"Andor\"\nseason = 2\n");
    put(&env, SYNCTHING, &copy);
    let _ = env.ok(&["add", "Severance"]);
    assert_eq!(narrow(&env, &["resolve"]).code, 0);
    let run = narrow(&env, &["undo"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.starts_with("Undid `airdate resolve` ("), "{run}");
    assert!(
        run.stdout.contains(
            "\nTo merge the copy again, move it back beside the watchlist from\n  \
             `[STATE]/resolved`\n"
        ),
        "{run}"
    );
    assert!(
        env.home()
            .join(".local/state/airdate/resolved")
            .join(SYNCTHING)
            .is_file()
    );
    // With --delete the copy is gone for good, and undo says so.
    put(&env, SYNCTHING, &copy);
    assert_eq!(
        narrow(
            &env,
            &[
                "--file",
                &env.file().display().to_string(),
                "resolve",
                "--delete"
            ]
        )
        .code,
        0
    );
    let run = narrow(&env, &["undo"]);
    assert!(
        run.stdout
            .contains("The copy it merged was deleted (`--delete`), and is not brought back.\n"),
        "{run}"
    );
}

#[test]
fn the_warning_of_conflict_copies_fits_80_columns_above_the_table() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Andor", "--premiere", "2025-05"]);
    put(&env, SYNCTHING, &env.read());
    put(
        &env,
        "watchlist (laptop's conflicted copy 2026-04-13).toml",
        &env.read(),
    );
    let run = narrow(&env, &[]);
    insta::assert_snapshot!(run, @r"
    Premiere  When         Title  Season  Network  Status
    ────────────────────────────────────────────────────────
    2025-05   in May 2025  Andor                   announced
    [stderr]
    warning: Dropbox and Syncthing left 2 conflicted copies of watchlist.toml:
      run `airdate resolve` to merge them in
    [exit 0]
    ");
}
