//! `airdate edit`: the user's editor works on a copy, and only a valid copy reaches the
//! watchlist.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::common::{Run, TestEnv};

const WATCHLIST: &str =
    "# my shows\nversion = 1\n\n[[show]]\ntitle = \"Severance\"  # the best\nseason = 2\n";

/// An editor: a shell script that does `body` to the file it is given as `$1`.
fn editor(env: &TestEnv, name: &str, body: &str) -> String {
    let path = env.dir().join(name);
    fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

fn edit(env: &TestEnv, editor: &str) -> Run {
    let mut run = Run::from(
        env.command(&["edit"])
            .env("EDITOR", editor)
            .output()
            .unwrap(),
    );
    let dir = env.dir().display().to_string();
    run.stdout = run.stdout.replace(&dir, "[DIR]");
    run.stderr = run.stderr.replace(&dir, "[DIR]");
    run
}

#[test]
fn a_valid_edit_lands_and_keeps_comments() {
    let env = TestEnv::with_file(WATCHLIST);
    let sed = editor(&env, "ed.sh", r#"sed -i 's/season = 2/season = 3/' "$1""#);
    let run = edit(&env, &sed);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "Saved `[DIR]/watchlist.toml`\n"),
        "{run}"
    );
    assert_eq!(env.read(), WATCHLIST.replace("season = 2", "season = 3"));
    assert_eq!(
        crate::common::json(&env.ok(&["show", "sev", "--json"]))["season"],
        3
    );
}

#[test]
fn an_invalid_edit_is_refused_and_the_watchlist_is_untouched() {
    for (name, body, problem) in [
        (
            "broken.sh",
            r#"printf '[[show]\ntitle = "x"\n' > "$1""#,
            ":1:8: not valid TOML",
        ),
        (
            "status.sh",
            r#"sed -i 's/season = 2/status = "nope"/' "$1""#,
            ":6:10: unknown status \"nope\"",
        ),
    ] {
        // Each from a fresh watchlist: a rejected edit would be resumed by the next one.
        let env = TestEnv::with_file(WATCHLIST);
        let run = edit(&env, &editor(&env, name, body));
        assert_eq!(run.code, 1, "{run}");
        assert!(run.stdout.is_empty());
        assert!(run.stderr.contains(problem), "{run}");
        assert!(
            run.stderr.trim_end().ends_with(
                "error: the edit is not valid, so it was not saved; `[DIR]/watchlist.toml` is unchanged"
            ),
            "{run}"
        );
        assert_eq!(env.read(), WATCHLIST);
    }
}

#[test]
fn no_change_or_a_failed_editor_writes_nothing() {
    let env = TestEnv::with_file(WATCHLIST);
    let run = edit(&env, &editor(&env, "nothing.sh", "true"));
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "No changes.\n"),
        "{run}"
    );
    let run = edit(&env, &editor(&env, "fails.sh", r#"echo x >> "$1"; exit 3"#));
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("failed (exit status: 3)"), "{run}");
    assert_eq!(env.read(), WATCHLIST);
}

#[test]
fn editing_a_missing_watchlist_creates_it() {
    let env = TestEnv::new();
    let add = editor(
        &env,
        "add.sh",
        r#"printf '\n[[show]]\ntitle = "Andor"\n' >> "$1""#,
    );
    let run = edit(&env, &add);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        env.read()
            .ends_with("version = 1\n\n[[show]]\ntitle = \"Andor\"\n")
    );
}

#[test]
fn a_rejected_edit_is_kept_and_the_next_edit_resumes_it() {
    let env = TestEnv::with_file(WATCHLIST);
    let dup = editor(&env, "dup.sh", r#"printf 'season = 4\n' >> "$1""#);
    let run = edit(&env, &dup);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains("watchlist.edit.toml:7:1: not valid TOML: duplicate key (at `season`)"),
        "{run}"
    );
    assert!(
        run.stderr.contains(
            "Your edit is kept in `[DIR]/watchlist.edit.toml`: `airdate edit` offers to resume it."
        ),
        "{run}"
    );
    let kept = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
    assert!(kept.ends_with("season = 2\nseason = 4\n"), "{kept}");
    assert_eq!(env.read(), WATCHLIST);

    // The next edit starts from the kept copy: the fix lands, and the copy is gone.
    let fix = editor(&env, "fix.sh", r#"sed -i '/season = 2/d' "$1""#);
    let run = edit(&env, &fix);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr
            .contains("Resuming the edit kept in `[DIR]/watchlist.edit.toml`"),
        "{run}"
    );
    assert_eq!(env.read(), WATCHLIST.replace("season = 2", "season = 4"));
    assert!(!env.dir().join("watchlist.edit.toml").exists());
}
