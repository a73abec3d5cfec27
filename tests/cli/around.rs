//! Nothing lost around airdate: what the user's editor, a cron job, another build of airdate or
//! a second prompt does to the watchlist while airdate works survives it (D15–D27 as they were
//! found), and a forged cache can only cost time.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, chown};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::common::{Run, TestEnv, cache_file, forge, json, limit_file_size, titles};
use proptest::prelude::*;

/// A shell script at `name` in the test folder, doing `body` to the file it is given as `$1`.
fn script(env: &TestEnv, name: &str, body: &str) -> String {
    let path = env.dir().join(name);
    fs::write(&path, format!("#!/bin/sh\nset -e\n{body}\n")).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

/// `airdate edit` with `editor` as the user's editor, off a terminal. The editor script finds
/// the airdate binary as `$AIRDATE` and the watchlist as `$AIRDATE_FILE`.
fn edit(env: &TestEnv, editor: &str) -> Run {
    let bin = env.command(&[]).get_program().to_owned();
    let mut run = Run::from(
        env.command(&["edit"])
            .env("VISUAL", editor)
            .env("AIRDATE", bin)
            .output()
            .unwrap(),
    );
    let dir = env.dir().display().to_string();
    run.stdout = run.stdout.replace(&dir, "[DIR]");
    run.stderr = run.stderr.replace(&dir, "[DIR]");
    run
}

/// An editor that settles a marked copy by keeping each show's first version, the edit's.
fn keep_the_edits_version(env: &TestEnv) -> String {
    script(
        env,
        "settle.sh",
        r#"awk '/^# =======/{skip=1} /^# >>>>>>>/{skip=0; next} /^# <<<<<<</{next} /^# your edit:/{next} !skip' "$1" > "$1.new"; mv "$1.new" "$1""#,
    )
}

#[test]
fn d15_a_resumed_edit_keeps_what_was_written_since() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Alpha"]);
    // The editor: cron adds a show while the user appends a note to the copy.
    let cron = script(
        &env,
        "s.sh",
        r##""$AIRDATE" add Cron-added >/dev/null; echo "# note" >> "$1""##,
    );
    let run = edit(&env, &cron);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        "Saved `[DIR]/watchlist.toml`\n(merged with the changes made meanwhile to 1 show)\n"
    );
    let file = env.read();
    assert!(file.contains("title = \"Alpha\""), "{file}");
    assert!(file.contains("title = \"Cron-added\""), "{file}");
    assert!(file.ends_with("note = \"added\"\n# note\n"), "{file}");
    // Nothing is left to resume, and a later edit loses nothing.
    let run = edit(&env, "true");
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "No changes.\n"),
        "{run}"
    );
    assert_eq!(env.read(), file);
    assert_eq!(
        env.files(),
        ["s.sh", "watchlist.toml", "watchlist.toml.lock"]
    );

    // An invalid copy is kept; cron writes; the resumed, fixed copy is merged with it.
    let bad = script(&env, "bad.sh", r#"printf 'season = x\n' >> "$1""#);
    let run = edit(&env, &bad);
    assert_eq!(run.code, 1, "{run}");
    let _ = env.ok(&["add", "Beta"]);
    let _ = env.ok(&["set", "alpha", "--network", "HBO"]);
    let with_beta = env.read();
    let fix = script(&env, "fix.sh", r#"sed -i 's/season = x/season = 3/' "$1""#);
    let run = edit(&env, &fix);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr
            .contains("Resuming the edit kept in `[DIR]/watchlist.edit.toml`"),
        "{run}"
    );
    let file = env.read();
    assert!(file.contains("title = \"Beta\""), "Beta was lost:\n{file}");
    assert!(
        file.contains("network = \"HBO\""),
        "Alpha's change was lost:\n{file}"
    );
    assert!(file.contains("# note\nseason = 3\n"), "{file}");
    assert_ne!(file, with_beta);
    assert!(!env.dir().join("watchlist.edit.toml").exists());
    assert!(!env.dir().join(".watchlist.edit.base").exists());
}

#[test]
fn d15_an_edit_of_a_show_changed_meanwhile_is_refused_and_both_files_are_kept() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Beta"]);
    let both = script(
        &env,
        "both.sh",
        r#""$AIRDATE" set beta --network FX >/dev/null
sed -i 's/^title = "Beta"$/title = "Beta"\nnetwork = "HBO"/' "$1""#,
    );
    let run = edit(&env, &both);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        run.stderr,
        "error: your edit was not saved: the watchlist (changed since your edit began) and your \
         edit both changed \"Beta\". Both versions of each are now in \
         `[DIR]/watchlist.edit.toml`, between `# <<<<<<<` and `# >>>>>>>` lines, and \
         `[DIR]/watchlist.toml` is as it was; keep one version of each, delete the marker \
         lines, and run `airdate edit` again\n"
    );
    let watchlist = env.read();
    assert!(watchlist.contains("network = \"FX\""), "{watchlist}");
    let copy = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
    let marked = copy.find("# <<<<<<<").expect("markers");
    let mine = copy.find("network = \"HBO\"").expect("the edit's version");
    let theirs = copy
        .find("network = \"FX\"")
        .expect("the watchlist's version");
    assert!(marked < mine && mine < theirs, "{copy}");
    // Resuming it as it is changes nothing: the two versions make one title twice.
    let run = edit(&env, "true");
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("duplicate title \"Beta\""), "{run}");
    assert_eq!(env.read(), watchlist);
    // Keeping the edit's version (the first) settles it.
    let run = edit(&env, &keep_the_edits_version(&env));
    assert_eq!(run.code, 0, "{run}");
    let file = env.read();
    assert!(file.contains("network = \"HBO\""), "{file}");
    assert!(!file.contains("network = \"FX\""), "{file}");
    assert!(
        !file.contains("# <<<<<<<") && !file.contains("# your edit"),
        "{file}"
    );
    assert!(!env.dir().join("watchlist.edit.toml").exists());
}

#[test]
fn d15_an_edit_refused_for_one_show_keeps_its_changes_to_the_others_and_what_came_meanwhile() {
    let env = TestEnv::new();
    for title in ["Alpha", "Beta", "Gamma"] {
        let _ = env.ok(&["add", title]);
    }
    // The user changes Alpha and Beta; meanwhile cron changes Beta too, and Gamma.
    let both = script(
        &env,
        "both.sh",
        r#""$AIRDATE" set beta --network FX >/dev/null
"$AIRDATE" set gamma --season 4 >/dev/null
sed -i 's/^title = "Alpha"$/title = "Alpha"\nnetwork = "Apple TV+"/; s/^title = "Beta"$/title = "Beta"\nnetwork = "HBO"/' "$1""#,
    );
    let run = edit(&env, &both);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("both changed \"Beta\""), "{run}");
    let copy = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
    assert!(
        copy.contains("title = \"Alpha\"\nnetwork = \"Apple TV+\"\n"),
        "the edit's change to Alpha was lost from the copy:\n{copy}"
    );
    assert!(copy.contains("season = 4"), "Gamma's change:\n{copy}");
    assert_eq!(copy.matches("# <<<<<<<").count(), 1, "{copy}");
    // Keeping the edit's version of Beta saves every change of both.
    let run = edit(&env, &keep_the_edits_version(&env));
    assert_eq!(run.code, 0, "{run}");
    let shows = json(&env.ok(&["list", "--json"]));
    let of = |title: &str| {
        shows
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["title"] == title)
            .unwrap()
            .clone()
    };
    assert_eq!(of("Alpha")["network"], "Apple TV+");
    assert_eq!(of("Beta")["network"], "HBO");
    assert_eq!(of("Gamma")["season"], 4);
}

#[test]
fn d15_keeping_one_version_of_a_marked_show_keeps_what_the_other_side_changed_elsewhere_in_it() {
    for keep in ["the edit's", "the watchlist's"] {
        let env = TestEnv::new();
        let _ = env.ok(&["add", "Beta"]);
        // Both change Beta's network; cron also sets its season, the user its notes.
        let both = script(
            &env,
            "both.sh",
            r#""$AIRDATE" set beta --network FX --season 4 >/dev/null
sed -i 's/^title = "Beta"$/title = "Beta"\nnetwork = "HBO"\nnotes = "mine"/' "$1""#,
        );
        let run = edit(&env, &both);
        assert_eq!(run.code, 1, "{keep}: {run}");
        let copy = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
        // Each version is the show with both sides' other changes; they differ in the network.
        for network in ["HBO", "FX"] {
            let version = format!("network = \"{network}\"\nseason = 4\nnotes = \"mine\"\n");
            assert!(copy.contains(&version), "{keep}: {copy}");
        }
        let settle = if keep == "the edit's" {
            keep_the_edits_version(&env)
        } else {
            script(
                &env,
                "theirs.sh",
                r#"awk '/^# <<<<<<</{skip=1; next} /^# =======/{skip=0; next} /^# >>>>>>>/{next} /^# the watchlist/{next} !skip' "$1" > "$1.new"; mv "$1.new" "$1""#,
            )
        };
        let run = edit(&env, &settle);
        assert_eq!(run.code, 0, "{keep}: {run}");
        let show = json(&env.ok(&["show", "beta", "--json"]));
        let network = if keep == "the edit's" { "HBO" } else { "FX" };
        assert_eq!(show["network"], network, "{keep}");
        assert_eq!(show["season"], 4, "{keep}: cron's season was lost");
        assert_eq!(show["notes"], "mine", "{keep}: the edit's notes were lost");
    }
}

#[test]
fn d15_both_versions_of_a_show_renamed_in_the_edit_hold_the_new_name() {
    let env = TestEnv::with_file("version = 1\n\n[[show]]\ntitle = \"Beta\"\ntvmaze = 5\n");
    // The user renames the linked show and sets its network; a sync tool writes another
    // network and a season.
    let both = script(
        &env,
        "both.sh",
        r#"printf 'version = 1\n\n[[show]]\ntitle = "Beta"\ntvmaze = 5\nnetwork = "FX"\nseason = 4\n' > "$AIRDATE_FILE"
sed -i 's/^title = "Beta"$/title = "Beta Two"\nnetwork = "HBO"/' "$1""#,
    );
    let run = edit(&env, &both);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("both changed \"Beta Two\""), "{run}");
    let copy = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
    assert_eq!(
        copy,
        "version = 1\n\n# <<<<<<< keep one of these versions, then delete the marker lines\n\
         # your edit:\n[[show]]\ntitle = \"Beta Two\"\ntvmaze = 5\nnetwork = \"HBO\"\nseason = 4\n\
         # =======\n# the watchlist (changed since your edit began):\n[[show]]\n\
         title = \"Beta Two\"\ntvmaze = 5\nnetwork = \"FX\"\nseason = 4\n# >>>>>>>\n"
    );
    // Renamed on both sides, each version has its name and the other's season.
    let env = TestEnv::with_file("version = 1\n\n[[show]]\ntitle = \"Beta\"\ntvmaze = 5\n");
    let both = script(
        &env,
        "both.sh",
        r#"printf 'version = 1\n\n[[show]]\ntitle = "Beta Y"\ntvmaze = 5\nseason = 2\n' > "$AIRDATE_FILE"
sed -i 's/^title = "Beta"$/title = "Beta X"\nnetwork = "HBO"/' "$1""#,
    );
    let run = edit(&env, &both);
    assert_eq!(run.code, 1, "{run}");
    let copy = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
    for line in [
        "title = \"Beta X\"\n",
        "title = \"Beta Y\"\n",
        "network = \"HBO\"\n",
        "season = 2\n",
    ] {
        let times = if line.starts_with("title") { 1 } else { 2 };
        assert_eq!(copy.matches(line).count(), times, "{line}: {copy}");
    }
}

#[test]
fn d15_an_edit_of_a_show_removed_meanwhile_marks_both_versions() {
    let env = TestEnv::new();
    for title in ["Alpha", "Beta"] {
        let _ = env.ok(&["add", title]);
    }
    let both = script(
        &env,
        "both.sh",
        r#""$AIRDATE" remove beta --yes >/dev/null
sed -i 's/^title = "Beta"$/title = "Beta"\nnetwork = "HBO"/' "$1""#,
    );
    let run = edit(&env, &both);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("both changed \"Beta\""), "{run}");
    let copy = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
    let mine = copy.find("network = \"HBO\"").expect("the edit's version");
    let removed = copy
        .find("# the watchlist (changed since your edit began): (removed)")
        .expect("the watchlist's version");
    assert!(mine < removed, "{copy}");
}

#[test]
fn d15_a_marked_copy_is_not_saved_until_every_marker_line_is_gone() {
    let env = TestEnv::new();
    for title in ["Alpha", "Beta"] {
        let _ = env.ok(&["add", title]);
    }
    // The edit renames Beta (unlinked: a removal and a new show) while cron changes it: one
    // version of Beta is `(removed)`, so the marked copy is valid TOML with one Beta.
    let both = script(
        &env,
        "both.sh",
        r#""$AIRDATE" set beta --network FX >/dev/null
sed -i 's/^title = "Beta"$/title = "Beta 2"/' "$1""#,
    );
    let run = edit(&env, &both);
    assert_eq!(run.code, 1, "{run}");
    let watchlist = env.read();
    let copy = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
    assert!(
        copy.contains("# your edit: (removed)\n# =======\n"),
        "{copy}"
    );
    // Resumed as it is, it is refused, and so is a copy with one marker line left.
    let run = edit(&env, "true");
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains(
            "watchlist.edit.toml:15:1: a marker line (`# <<<<<<<`) is left: keep one version of \
             each show between `# <<<<<<<` and `# >>>>>>>`, and delete the marker lines\n"
        ),
        "{run}"
    );
    assert_eq!(env.read(), watchlist);
    let some = script(
        &env,
        "some.sh",
        r#"sed -i '/^# <<<<<<</d; /^# your edit/d; /^# =======/d' "$1""#,
    );
    let run = edit(&env, &some);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains("a marker line (`# >>>>>>>`) is left"),
        "{run}"
    );
    assert_eq!(env.read(), watchlist);
    // With the last marker line gone it is saved: both shows, as the user chose.
    let last = script(&env, "last.sh", r#"sed -i '/^# >>>>>>>/d' "$1""#);
    let run = edit(&env, &last);
    assert_eq!(run.code, 0, "{run}");
    let file = env.read();
    assert!(
        !file.contains("# <<<<<<<") && !file.contains("# >>>>>>>"),
        "{file}"
    );
    assert_eq!(
        titles(&env.ok(&["list", "--json"])),
        ["Alpha", "Beta", "Beta 2"]
    );
    // A heading of the user's own is no marker.
    let heading = script(
        &env,
        "heading.sh",
        r#"printf '\n# ======= Dramas =======\n# =======================\n' >> "$1""#,
    );
    let run = edit(&env, &heading);
    assert_eq!(run.code, 0, "{run}");
}

#[test]
fn d15_an_edit_whose_line_outside_the_shows_clashed_too_is_kept_whole() {
    let start = "version = 1\nowner = \"me\"\n\n[[show]]\ntitle = \"Alpha\"\n\n[[show]]\ntitle = \"Beta\"\n";
    let env = TestEnv::with_file(start);
    // A sync tool writes the other device's watchlist while the user changes the same line and
    // the same key of Beta.
    let both = script(
        &env,
        "both.sh",
        r#"printf 'version = 1\nowner = "other"\n\n[[show]]\ntitle = "Alpha"\n\n[[show]]\ntitle = "Beta"\nnetwork = "FX"\n' > "$AIRDATE_FILE"
sed -i 's/^owner = .*/owner = "edit"/; s/^title = "Beta"$/title = "Beta"\nnetwork = "HBO"/' "$1""#,
    );
    let run = edit(&env, &both);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with(
            "error: your edit was not saved: the watchlist (changed since your edit began) and \
             your edit both changed \"Beta\" and the same lines: a line your edit changed \
             outside the shows was not merged, as the watchlist (changed since your edit began) \
             changed it too: owner = \"edit\". It is kept in `[DIR]/watchlist.edit.toml`"
        ),
        "{run}"
    );
    // The copy is the edit, the line and all, still made from the watchlist it began from.
    let copy = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
    assert_eq!(
        copy,
        start
            .replace("\"me\"", "\"edit\"")
            .replace("\"Beta\"\n", "\"Beta\"\nnetwork = \"HBO\"\n")
    );
    assert_eq!(
        fs::read_to_string(env.dir().join(".watchlist.edit.base")).unwrap(),
        start
    );
    assert!(env.read().contains("owner = \"other\""));
}

#[test]
fn d15_an_edit_begun_on_an_invalid_watchlist_is_not_merged_without_its_shows() {
    let env = TestEnv::with_file(
        "version = 1\n\n[[show]]\ntitle = \"A\"\nseason = x\n\n[[show]]\ntitle = \"B\"\n",
    );
    // The user fixes the file and removes B, while a sync tool writes the other device's
    // (valid) watchlist: without the shows the edit began from, B would look kept.
    let both = script(
        &env,
        "both.sh",
        r#"printf 'version = 1\n\n[[show]]\ntitle = "A"\nnetwork = "FX"\n\n[[show]]\ntitle = "B"\n' > "$AIRDATE_FILE"
printf 'version = 1\n\n[[show]]\ntitle = "A"\nseason = 2\n' > "$1""#,
    );
    let run = edit(&env, &both);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with(
            "error: your edit was not saved: the watchlist changed while you edited it, and the \
             version your edit began from (kept in `[DIR]/.watchlist.edit.base`) is not a valid \
             watchlist"
        ),
        "{run}"
    );
    assert_eq!(
        env.read(),
        "version = 1\n\n[[show]]\ntitle = \"A\"\nnetwork = \"FX\"\n\n[[show]]\ntitle = \"B\"\n"
    );
    let copy = env.dir().join("watchlist.edit.toml");
    assert_eq!(
        fs::read_to_string(&copy).unwrap(),
        "version = 1\n\n[[show]]\ntitle = \"A\"\nseason = 2\n"
    );
    // A damaged base is the same: nothing is merged without it.
    fs::write(env.dir().join(".watchlist.edit.base"), "garbage = [\n").unwrap();
    let run = edit(&env, "true");
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("is not a valid watchlist"), "{run}");
    assert!(env.read().contains("title = \"B\""));
    // Deleting the copy, as told, is a way out.
    fs::remove_file(&copy).unwrap();
    let run = edit(&env, "true");
    assert_eq!(run.stderr, "No changes.\n", "{run}");
}

#[test]
fn d15_a_second_edit_leaves_the_copy_open_in_an_editor_alone() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Alpha"]);
    // The first edit's editor waits, then appends a show to the file it was given.
    let slow = script(
        &env,
        "slow.sh",
        r#"touch "$1.open"
while [ ! -e "$1.go" ]; do sleep 0.05; done
printf '\n[[show]]\ntitle = "Gamma"\n' >> "$1""#,
    );
    let bin = env.command(&[]).get_program().to_owned();
    let first = env
        .command(&["edit"])
        .env("VISUAL", &slow)
        .env("AIRDATE", bin)
        .spawn()
        .unwrap();
    let copy = env.dir().join("watchlist.edit.toml");
    let open = env.dir().join("watchlist.edit.toml.open");
    let started = Instant::now();
    while !open.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the editor never opened"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // A second edit, which finds nothing to change, would have finished the first one's copy.
    for editor in ["true", "echo '# mine' >>"] {
        let run = edit(&env, editor);
        assert_eq!(run.code, 1, "{run}");
        assert_eq!(
            run.stderr,
            "error: another `airdate edit` of this watchlist is running, with its copy \
             `[DIR]/watchlist.edit.toml` open in an editor; finish that edit first (nothing was \
             changed)\n"
        );
        assert!(copy.exists());
    }
    fs::write(env.dir().join("watchlist.edit.toml.go"), "").unwrap();
    let run = Run::from(first.wait_with_output().unwrap());
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(titles(&env.ok(&["list", "--json"])), ["Alpha", "Gamma"]);
    assert!(!env.read().contains("# mine"));
    // Once it is over, the lock goes with it.
    let run = edit(&env, "true");
    assert_eq!(run.stderr, "No changes.\n", "{run}");
}

#[test]
fn d15_a_marked_copy_that_cannot_be_written_keeps_its_own_base() {
    let env = TestEnv::new();
    for title in ["Alpha", "Beta"] {
        let _ = env.ok(&["add", title]);
    }
    // Cron changes both shows while the user changes Beta and leaves the copy unwritable (for
    // root too, where the file system allows it).
    let both = script(
        &env,
        "both.sh",
        r#""$AIRDATE" set beta --network FX >/dev/null
"$AIRDATE" set alpha --season 7 >/dev/null
sed -i 's/^title = "Beta"$/title = "Beta"\nnetwork = "HBO"/' "$1"
chmod a-w "$1"
chattr +i "$1" 2>/dev/null || true"#,
    );
    let run = edit(&env, &both);
    let copy = env.dir().join("watchlist.edit.toml");
    let writable = || {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&copy)
            .stderr(std::process::Stdio::null())
            .status();
        fs::set_permissions(&copy, fs::Permissions::from_mode(0o644)).unwrap();
    };
    if fs::read_to_string(&copy).unwrap().contains("# <<<<<<<") {
        // The copy could be written all the same: nothing to see here.
        writable();
        return;
    }
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with(
            "error: your edit was not saved, and the copy to edit, \
             `[DIR]/watchlist.edit.toml`, could not be written (it is as it was): "
        ),
        "{run}"
    );
    writable();
    // Resumed, the copy is merged again, from the base it was made from: cron's changes stay.
    let run = edit(&env, &keep_the_edits_version(&env));
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.contains("both changed \"Beta\""), "{run}");
    let run = edit(&env, &keep_the_edits_version(&env));
    assert_eq!(run.code, 0, "{run}");
    let shows = json(&env.ok(&["list", "--json"]));
    assert_eq!(shows[0]["season"], 7, "{shows}");
    assert_eq!(shows[1]["network"], "HBO", "{shows}");
}

#[test]
fn d15_a_marked_copy_too_big_for_the_disk_leaves_the_edit_whole() {
    let env = TestEnv::new();
    let long = "n".repeat(2_000);
    let _ = env.ok(&["add", "Alpha"]);
    let _ = env.ok(&["add", "Beta", "--note", &long]);
    // Cron changes Beta while the user changes Alpha and Beta; the copy marked with both
    // versions of Beta is more than the disk can take (a file size limit stands in for it).
    let both = script(
        &env,
        "both.sh",
        r#""$AIRDATE" set beta --network FX >/dev/null
sed -i 's/^title = "Alpha"$/title = "Alpha"\nnetwork = "Apple TV+"/; s/^title = "Beta"$/title = "Beta"\nnetwork = "HBO"/' "$1""#,
    );
    let limit = env.read().len() as u64 + 1_000;
    let bin = env.command(&[]).get_program().to_owned();
    let mut cmd = env.command(&["edit"]);
    cmd.env("VISUAL", &both).env("AIRDATE", bin);
    limit_file_size(&mut cmd, limit);
    let run = Run::from(cmd.output().unwrap());
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .contains("could not be written (it is as it was): ")
            && run.stderr.contains("File too large"),
        "{run}"
    );
    // The copy is the edit as the editor left it, whole, and no temporary file is left.
    let copy = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
    assert!(
        copy.contains("title = \"Alpha\"\nnetwork = \"Apple TV+\"\n")
            && copy.contains("title = \"Beta\"\nnetwork = \"HBO\"\n")
            && copy.contains(&long)
            && !copy.contains("# <<<<<<<"),
        "{copy}"
    );
    assert_eq!(
        env.files(),
        [
            ".watchlist.edit.base",
            "both.sh",
            "watchlist.edit.toml",
            "watchlist.toml",
            "watchlist.toml.lock"
        ]
    );
    // With room again, it is resumed, marked and settled: every change of both lands.
    let run = edit(&env, &keep_the_edits_version(&env));
    assert_eq!(run.code, 1, "{run}");
    let run = edit(&env, &keep_the_edits_version(&env));
    assert_eq!(run.code, 0, "{run}");
    let shows = json(&env.ok(&["list", "--json"]));
    assert_eq!(shows[0]["network"], "Apple TV+", "{shows}");
    assert_eq!(shows[1]["network"], "HBO", "{shows}");
}

#[test]
fn d15_a_kept_edit_not_resumed_on_a_terminal_is_set_aside_not_lost() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Alpha"]);
    let bad = script(&env, "bad.sh", r#"printf 'season = x\n' >> "$1""#);
    assert_eq!(edit(&env, &bad).code, 1);
    let kept = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
    // Asked whether to resume it, the user says no: a new edit begins (here, one that changes
    // nothing), and the kept one is set aside in the state folder, whole.
    let (code, screen) =
        env.answer_on_terminal_with("edit", &[("VISUAL", "true")], "[Y/n] ", || {}, "n\n");
    let aside = env
        .home()
        .join(".local/state/airdate/edits/watchlist.edit.toml");
    assert_eq!(code, 0, "{screen}");
    assert!(
        screen.contains(&format!(
            "The edit that was not saved is set aside as `{}`; starting a new one\nNo changes.",
            aside.display()
        )),
        "{screen}"
    );
    assert_eq!(fs::read_to_string(&aside).unwrap(), kept);
    assert_eq!(
        env.files(),
        ["bad.sh", "watchlist.toml", "watchlist.toml.lock"]
    );
}

#[test]
fn an_edit_of_a_watchlist_named_with_a_leading_dash_gives_the_editor_a_file_not_an_option() {
    let env = TestEnv::new();
    let editor = script(
        &env,
        "ed.sh",
        r#"case "$1" in -*) exit 9;; esac
sed -i 's/^title = "Alpha"$/title = "Alpha"\nseason = 2/' "$1""#,
    );
    let run = Run::from(
        env.command(&["--file=-w.toml", "add", "Alpha"])
            .current_dir(env.dir())
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{run}");
    let run = Run::from(
        env.command(&["--file=-w.toml", "edit"])
            .current_dir(env.dir())
            .env("VISUAL", &editor)
            .output()
            .unwrap(),
    );
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "Saved `-w.toml`\n"),
        "{run}"
    );
    let file = fs::read_to_string(env.dir().join("-w.toml")).unwrap();
    assert!(file.contains("title = \"Alpha\"\nseason = 2\n"), "{file}");
}

#[test]
fn d15_a_kept_edit_that_does_not_say_what_it_was_made_from_is_not_resumed() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Alpha"]);
    fs::write(env.dir().join("watchlist.edit.toml"), "version = 1\n").unwrap();
    let before = env.read();
    let run = edit(&env, "true");
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with(
            "error: the edit kept in `[DIR]/watchlist.edit.toml` does not say which version"
        ),
        "{run}"
    );
    assert_eq!(env.read(), before);
    assert!(env.dir().join("watchlist.edit.toml").exists());
}

#[test]
fn d16_a_confirmation_removes_only_the_show_it_named() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Sev"]);
    let _ = env.ok(&["add", "Severance"]);
    let (code, screen) = env.answer_on_terminal(
        "remove Sev",
        "[y/N]",
        || {
            let _ = env.ok(&["remove", "Sev", "--yes"]);
        },
        "y\n",
    );
    assert_eq!(code, 1, "{screen}");
    assert!(
        screen.contains(
            "error: \"Sev\" is no longer in the watchlist (another program changed it while you \
             were asked); nothing was removed"
        ),
        "{screen}"
    );
    assert_eq!(titles(&env.ok(&["list", "--json"])), ["Severance"]);
}

/// The cache file with its header's words replaced by `head` and its body changed by
/// `change`, the body's hash made right again: what another build would have written.
fn rewrite_cache(path: &Path, head: impl Fn(&str) -> String, change: impl Fn(&mut String)) {
    let data = fs::read_to_string(path).unwrap();
    let (first, body) = data.split_once('\n').unwrap();
    let mut body = body.to_string();
    change(&mut body);
    let words: Vec<&str> = first.split(' ').collect();
    let kept = head(&words[..words.len() - 1].join(" "));
    let hash = xxhash_rust::xxh3::xxh3_64(body.as_bytes());
    fs::write(path, format!("{kept} {hash:016x}\n{body}")).unwrap();
}

#[test]
fn d17_a_cache_written_by_another_build_is_no_cache() {
    let linked = "[[show]]\ntitle = \"Severance\"\ntvmaze = 44933\npinned = [\"premiere\"]\n";
    type Header = fn(&str) -> String;
    let older_builds: [(&str, Header); 2] = [
        // The format before the schema was in the header.
        ("old format", |words| {
            let w: Vec<&str> = words.split(' ').collect();
            format!("airdate-cache-1 {}", w[2..].join(" "))
        }),
        // The same format from a build with other keys.
        ("other schema", |words| {
            let w: Vec<&str> = words.split(' ').collect();
            format!("{} 0123456789abcdef {}", w[0], w[2..].join(" "))
        }),
    ];
    for (what, head) in older_builds {
        let env = TestEnv::with_file(linked);
        let cache = cache_file(&env);
        // That build knew neither key.
        rewrite_cache(&cache, head, |body| {
            *body = body
                .replace(",\"tvmaze\":44933", "")
                .replace(",\"pinned\":[\"premiere\"]", "");
        });
        let show = json(&env.ok(&["show", "severance", "--json"]));
        assert_eq!(show["tvmaze"], 44933, "{what}");
        let export = env.ok(&["export", "--format", "json"]);
        assert!(export.contains("44933"), "{what}: {export}");
        let run = env.run(&["set", "severance", "--network", "Apple TV+"]);
        assert_eq!(run.code, 0, "{what}: {run}");
        assert!(env.read().contains("tvmaze = 44933\n"), "{what}");
    }
}

/// A save by another program that ignores airdate's lock, as careful as such a program can
/// be: it writes a temporary file and swaps it in by rename, and then checks that what it
/// replaced is what it read, swapping back and trying again if not (so that it never loses an
/// airdate write itself, and any loss is airdate's). Returns false when it gave up.
fn outside_save(file: &Path, change: impl Fn(&str) -> String) -> bool {
    let temp = file.with_extension("outside");
    for _ in 0..50 {
        let before = fs::read_to_string(file).unwrap_or_default();
        fs::write(&temp, change(&before)).unwrap();
        if rustix::fs::renameat_with(
            rustix::fs::CWD,
            &temp,
            rustix::fs::CWD,
            file,
            rustix::fs::RenameFlags::EXCHANGE,
        )
        .is_err()
        {
            return false;
        }
        if fs::read_to_string(&temp).unwrap_or_default() == before {
            let _ = fs::remove_file(&temp);
            return true;
        }
        // airdate wrote meanwhile: put its file back and try again.
        rustix::fs::renameat_with(
            rustix::fs::CWD,
            &temp,
            rustix::fs::CWD,
            file,
            rustix::fs::RenameFlags::EXCHANGE,
        )
        .unwrap();
        let _ = fs::remove_file(&temp);
    }
    false
}

/// `n` shows for a watchlist, one table each.
fn shows(n: usize) -> String {
    let mut text = String::from("version = 1\n");
    for i in 0..n {
        text.push_str(&format!(
            "\n[[show]]\ntitle = \"Show {i}\"\nnetwork = \"HBO\"\nseason = 2\n"
        ));
    }
    text
}

#[test]
fn d18_a_save_by_another_program_during_a_write_is_never_lost() {
    // At 2,000 shows a write takes long enough for many outside saves to land during it.
    let env = TestEnv::with_file(&shows(2000));
    let file = env.file();
    let stop = AtomicBool::new(false);
    let (saved, results) = std::thread::scope(|scope| {
        let outside = scope.spawn(|| {
            let mut saved = Vec::new();
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) && n < 400 {
                let marker = format!("# outside save {n}\n");
                if outside_save(&file, |text| format!("{text}{marker}")) {
                    saved.push(marker);
                }
                n += 1;
                // Often enough that some saves land while airdate writes, and some writes land.
                std::thread::sleep(Duration::from_millis(30 + (n % 7) * 10));
            }
            saved
        });
        let results: Vec<(String, Run)> = (0..20)
            .map(|i| {
                let title = format!("Added {i}");
                (title.clone(), env.run(&["add", &title]))
            })
            .collect();
        stop.store(true, Ordering::Relaxed);
        (outside.join().unwrap(), results)
    });
    let text = env.read();
    assert!(!saved.is_empty());
    for marker in &saved {
        assert!(text.contains(marker.as_str()), "lost: {marker}");
    }
    let mut refused = 0;
    for (title, run) in &results {
        match run.code {
            0 => assert!(
                text.contains(&format!("title = \"{title}\"")),
                "lost {title}"
            ),
            1 => {
                refused += 1;
                assert!(
                    run.stderr.contains(
                        "was changed by another program while airdate was changing it, so \
                         nothing was written"
                    ),
                    "{run}"
                );
                assert!(!text.contains(&format!("title = \"{title}\"")), "{title}");
            }
            _ => panic!("{run}"),
        }
    }
    assert!(refused < results.len(), "no add landed at all");
    eprintln!(
        "{} outside saves, {refused} of {} adds refused",
        saved.len(),
        results.len()
    );
    // The watchlist is still valid, and no temporary file is left.
    assert_eq!(env.run(&["check"]).code, 0);
    assert!(
        env.files().iter().all(|f| !f.ends_with(".tmp")),
        "{:?}",
        env.files()
    );
}

/// One step of a random session: airdate writes, outside saves, and edits during which others
/// write.
#[derive(Debug, Clone)]
enum Step {
    Add,
    Outside,
    /// An edit that adds a show to the copy (or leaves it invalid), while `during` happens.
    Edit {
        during: Vec<bool>,
        invalid: bool,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        Just(Step::Add),
        Just(Step::Outside),
        (prop::collection::vec(any::<bool>(), 0..3), any::<bool>())
            .prop_map(|(during, invalid)| Step::Edit { during, invalid }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever any writer reported as saved is in the file at the end, and nothing else.
    #[test]
    fn d15_d18_no_writer_loses_a_saved_change(steps in prop::collection::vec(step(), 1..7)) {
        let env = TestEnv::with_file("# shared\nversion = 1\n");
        let mut expected: Vec<String> = Vec::new();
        let mut pending: Vec<String> = Vec::new();
        let mut n = 0;
        let mut next = |prefix: &str| { n += 1; format!("{prefix} {n}") };
        for step in steps {
            match step {
                Step::Add => {
                    let title = next("Added");
                    let _ = env.ok(&["add", &title]);
                    expected.push(title);
                }
                Step::Outside => {
                    let title = next("Outside");
                    let table = format!("\n[[show]]\ntitle = \"{title}\"\n");
                    let saved = outside_save(&env.file(), |t| t.to_string() + &table);
                    prop_assert!(saved);
                    expected.push(title);
                }
                Step::Edit { during, invalid } => {
                    let mut body = String::new();
                    for airdate in during {
                        let title = next(if airdate { "Added" } else { "Outside" });
                        body.push_str(&if airdate {
                            format!("\"$AIRDATE\" add '{title}' >/dev/null\n")
                        } else {
                            format!(
                                "cp \"$AIRDATE_FILE\" \"$AIRDATE_FILE.o\"; \
                                 printf '\\n[[show]]\\ntitle = \"{title}\"\\n' >> \"$AIRDATE_FILE.o\"; \
                                 mv \"$AIRDATE_FILE.o\" \"$AIRDATE_FILE\"\n"
                            )
                        });
                        expected.push(title);
                    }
                    let title = next("Edited");
                    body.push_str("sed -i '/^season = x$/d' \"$1\"\n");
                    body.push_str(&format!("printf '\\n[[show]]\\ntitle = \"{title}\"\\n' >> \"$1\"\n"));
                    if invalid {
                        body.push_str("printf 'season = x\\n' >> \"$1\"\n");
                    }
                    let editor = script(&env, &format!("{title}.sh").replace(' ', "-"), &body);
                    let run = edit(&env, &editor);
                    pending.push(title);
                    if invalid {
                        prop_assert_eq!(run.code, 1, "{}", run);
                    } else {
                        prop_assert_eq!(run.code, 0, "{}", run);
                        expected.append(&mut pending);
                    }
                }
            }
        }
        let mut have = titles(&env.ok(&["list", "--json"]));
        have.sort();
        expected.sort();
        prop_assert_eq!(have, expected);
    }
}

#[test]
fn d20_files_that_airdate_once_refused_to_write_are_written() {
    // An unknown key holding NaN, and inline history with a key airdate does not know, TOML
    // dates and a spelling of TBA of its own.
    let text = "[[show]]\ntitle = \"A\"\nscore = nan\n\
                history = [{date = 2024-01-10, source = \"me\", premiere = \"tbd\"}]\n";
    for env in [TestEnv::with_file(text), TestEnv::uncached(text)] {
        let _ = env.ok(&["set", "a", "--status", "filming", "--note", "first day"]);
        let _ = env.ok(&["set", "a", "--premiere", "2025"]);
        assert_eq!(
            env.read(),
            "[[show]]\ntitle = \"A\"\nscore = nan\n\
             history = [{date = 2024-01-10, source = \"me\", premiere = \"tbd\"}, \
             {date = \"2024-12-01\", status = \"in-production\", note = \"first day\"}, \
             {date = \"2024-12-01\", status = \"in-production\", premiere = \"2025\"}]\n\
             status = \"in-production\"\npremiere = \"2025\"\n"
        );
    }
}

#[test]
fn d20_rewriting_inline_history_with_unknown_keys_is_refused_up_front() {
    let text = "[[show]]\ntitle = \"A\"\n\
                history = [{date = 2024-01-10, source = \"me\"}]\n";
    let env = TestEnv::with_file(text);
    let import = env.dir().join("in.json");
    fs::write(
        &import,
        r#"[{"title": "A", "history": [{"date": "2023-01-01", "note": "older"}]}]"#,
    )
    .unwrap();
    let run = env.run(&["import", import.to_str().unwrap(), "--update"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        run.stderr,
        "error: the history of \"A\" is written inline (`history = [...]`) with keys airdate does \
         not know, and this change would have to write it again; write it as [[show.history]] \
         tables (or drop those keys) and try again\n"
    );
    assert_eq!(env.read(), text);
}

const SECTIONS: &str = "# My watchlist - keep this header\n\n\
                        [[show]]\ntitle = \"A\"\n\n\
                        # --- Dramas ---\n\n\
                        # about B\n[[show]]\ntitle = \"B\"\n\n\
                        [[show]]\ntitle = \"C\"\n";

#[test]
fn d21_a_layout_that_moves_a_comment_into_another_show_costs_only_time() {
    let off = TestEnv::uncached(SECTIONS);
    let _ = off.ok(&["remove", "a", "--yes"]);
    let env = TestEnv::with_file(SECTIONS);
    let cache = cache_file(&env);
    // Show A's end moved to B's header: B's comments would go with A.
    let b_header = SECTIONS.find("[[show]]\ntitle = \"B\"").unwrap();
    forge(&cache, |body| {
        body[1]["shows"][0][0]["end"] = b_header.into();
        body[1]["shows"][1][0]["gap"] = b_header.into();
    });
    let _ = env.ok(&["remove", "a", "--yes"]);
    assert_eq!(env.read(), off.read());
    assert!(env.read().contains("# about B\n[[show]]\ntitle = \"B\""));
}

#[test]
fn d22_a_removed_show_leaves_the_head_and_section_comments() {
    let env = TestEnv::with_file(SECTIONS);
    let _ = env.ok(&["remove", "a", "--yes"]);
    assert_eq!(
        env.read(),
        "# My watchlist - keep this header\n\n\
         # --- Dramas ---\n\n\
         # about B\n[[show]]\ntitle = \"B\"\n\n\
         [[show]]\ntitle = \"C\"\n"
    );
    // A show's own comment goes with it; the heading above stays.
    let _ = env.ok(&["remove", "b", "--yes"]);
    assert_eq!(
        env.read(),
        "# My watchlist - keep this header\n\n# --- Dramas ---\n\n[[show]]\ntitle = \"C\"\n"
    );
}

#[test]
fn d25_a_multi_line_string_in_a_changed_list_keeps_its_spelling() {
    let text = "[[show]]\r\ntitle = \"A\"\r\ncast = [\"\"\"Jo\r\nAnn\"\"\", 'Bo']\r\n";
    let env = TestEnv::with_file(text);
    let _ = env.ok(&["set", "a", "--add-cast", "Cy"]);
    assert_eq!(
        env.read(),
        "[[show]]\r\ntitle = \"A\"\r\ncast = [\"\"\"Jo\r\nAnn\"\"\", 'Bo', \"Cy\"]\r\n"
    );
}

/// Owner and group of `path`.
fn owner(path: &Path) -> (u32, u32) {
    let meta = fs::metadata(path).unwrap();
    (meta.uid(), meta.gid())
}

#[test]
fn d27_files_root_makes_beside_the_watchlist_stay_the_users() {
    let uid = fs::metadata("/proc/self").map(|m| m.uid());
    if uid.ok() != Some(0) {
        eprintln!("skipped: only root can show that root keeps the user's files theirs");
        return;
    }
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Alpha"]);
    let _ = env.ok(&["add", "Beta"]);
    let user = (4321, 4321);
    // Root runs airdate with the user's HOME: the home, the watchlist's folder and the file are
    // the user's.
    let home = env.cache().parent().unwrap().to_path_buf();
    for path in [home, env.dir().to_path_buf(), env.file()] {
        chown(&path, Some(user.0), Some(user.1)).unwrap();
    }
    // The cache folder is made anew, by root, for the user.
    let _ = fs::remove_dir_all(env.cache());
    let _ = fs::remove_file(env.dir().join("watchlist.toml.lock"));
    let _ = env.ok(&["remove", "beta", "--yes"]);
    let bad = script(&env, "bad.sh", r#"printf 'season = x\n' >> "$1""#);
    let _ = edit(&env, &bad);
    let mut made: Vec<PathBuf> = [
        "watchlist.removed.log",
        "watchlist.edit.toml",
        ".watchlist.edit.base",
    ]
    .iter()
    .map(|name| env.dir().join(name))
    .collect();
    made.push(env.dir().join("watchlist.toml.lock"));
    made.push(env.cache());
    made.extend(
        fs::read_dir(env.cache())
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    for path in made {
        assert_eq!(owner(&path), user, "{}", path.display());
    }
}

/// Changes a number in the cache's layout by a random step.
fn nudge(value: &mut serde_json::Value, by: i64) {
    if let Some(n) = value.as_i64() {
        *value = (n + by).max(0).into();
    }
}

#[test]
fn a_forged_layout_gives_the_cache_off_bytes_or_changes_nothing() {
    let files = [
        SECTIONS.to_string(),
        SECTIONS.replace('\n', "\r\n"),
        format!(
            "{}\n[settings]\ntheme = \"dark\"\n\n[[show.history]]\ndate = \"2024-01-01\"\n\
             # trailing\n",
            shows(3)
        ),
    ];
    let steps: [&[&str]; 4] = [
        &["remove", "b", "--yes"],
        &["set", "a", "--status", "filming"],
        &["add", "New"],
        &["renew", "c", "--season", "3"],
    ];
    let mut seed: u64 = 0x5eed;
    let mut random = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut cases = 0;
    let started = Instant::now();
    for text in &files {
        let text = text
            .replace("Show 0", "A")
            .replace("Show 1", "B")
            .replace("Show 2", "C");
        let expected: Vec<String> = steps
            .iter()
            .map(|step| {
                let off = TestEnv::uncached(&text);
                let run = off.run(step);
                assert_eq!(run.code, 0, "{step:?}: {run}");
                off.read()
            })
            .collect();
        let env = TestEnv::with_file(&text);
        let cache = cache_file(&env);
        let warm = fs::read(&cache).unwrap();
        for _ in 0..500 / files.len() + 1 {
            fs::write(&cache, &warm).unwrap();
            env.write(&text);
            let kind = random(3);
            let (a, b) = (random(64), random(64));
            let (field, other) = (random(3) as usize, random(3) as usize);
            let by = random(41) as i64 - 20;
            forge(&cache, |body| {
                let layout = &mut body[1];
                // Every segment, as the place it has in the layout.
                let mut places: Vec<(&str, usize, Option<usize>)> = Vec::new();
                for (i, show) in layout["shows"].as_array().unwrap().iter().enumerate() {
                    for j in 0..show.as_array().unwrap().len() {
                        places.push(("shows", i, Some(j)));
                    }
                }
                for k in 0..layout["others"].as_array().unwrap().len() {
                    places.push(("others", k, None));
                }
                let pick = |r: u64| places[r as usize % places.len()];
                let names = ["gap", "start", "end"];
                let at = |layout: &mut serde_json::Value,
                          (list, i, j): (&str, usize, Option<usize>)| {
                    let segment = &mut layout[list][i];
                    match j {
                        Some(j) => segment[j].clone(),
                        None => segment.clone(),
                    }
                };
                let put = |layout: &mut serde_json::Value,
                           (list, i, j): (&str, usize, Option<usize>),
                           value: serde_json::Value| {
                    match j {
                        Some(j) => layout[list][i][j] = value,
                        None => layout[list][i] = value,
                    }
                };
                let (pa, pb) = (pick(a), pick(b));
                let (mut sa, mut sb) = (at(layout, pa), at(layout, pb));
                match kind {
                    // Shifted.
                    0 => nudge(&mut sa[names[field]], if by == 0 { 1 } else { by }),
                    // Swapped with another segment's offset.
                    1 => {
                        let x = sa[names[field]].clone();
                        sa[names[field]] = sb[names[other]].clone();
                        sb[names[other]] = x;
                        put(layout, pb, sb.clone());
                    }
                    // Overlapping another segment.
                    _ => {
                        sa[names[field]] = sb[names[other]].clone();
                        nudge(&mut sa[names[field]], by / 4);
                    }
                }
                put(layout, pa, sa);
                let _ = &mut sb;
            });
            let step = steps[random(steps.len() as u64) as usize];
            let index = steps.iter().position(|s| *s == step).unwrap();
            let run = env.run(step);
            let now = env.read();
            match run.code {
                0 => assert_eq!(now, expected[index], "{step:?} {kind}"),
                _ => assert_eq!(now, text, "{step:?} {kind}: {run}"),
            }
            cases += 1;
        }
    }
    assert!(cases >= 500, "{cases}");
    eprintln!("{cases} forged layouts in {:?}", started.elapsed());
}

#[test]
fn d15_an_edit_over_a_watchlist_deleted_or_emptied_meanwhile_is_refused() {
    for (what, outside) in [
        ("emptied", r#": > "$AIRDATE_FILE""#),
        ("deleted", r#"rm "$AIRDATE_FILE""#),
    ] {
        let env = TestEnv::with_file(
            "version = 1\n\n[[show]]\ntitle = \"A\"\n\n[[show]]\ntitle = \"B\"\n\n[[show]]\ntitle = \"C\"\n",
        );
        let editor = script(
            &env,
            "ed.sh",
            &format!("{outside}\nsed -i 's/\"C\"/\"C2\"/' \"$1\""),
        );
        let run = edit(&env, &editor);
        assert_eq!(run.code, 1, "{what}: {run}");
        assert!(
            run.stderr.contains(
                "your edit was not saved: the watchlist was deleted or emptied while you edited it"
            ),
            "{what}: {run}"
        );
        let copy = fs::read_to_string(env.dir().join("watchlist.edit.toml")).unwrap();
        assert!(
            copy.contains("\"A\"") && copy.contains("\"C2\""),
            "{what}: {copy}"
        );
        assert!(env.dir().join(".watchlist.edit.base").exists(), "{what}");
    }
}

#[test]
fn d15_a_merged_edit_puts_each_show_where_it_belongs_and_says_what_came_from_where() {
    let sections = "version = 1\n\n# == Dramas ==\n\n[[show]]\ntitle = \"A\"\n\n[[show]]\ntitle = \"B\"\n\n\
                    # == Comedies ==\n\n[[show]]\ntitle = \"C\"\n";
    let env = TestEnv::with_file(sections);
    let editor = script(
        &env,
        "ed.sh",
        r#""$AIRDATE" set c --network FX >/dev/null
sed -i 's/^title = "B"$/title = "B2"/; s/^title = "A"$/title = "A"\nseason = 2\n\n[[show]]\ntitle = "A and a half"/' "$1""#,
    );
    let run = edit(&env, &editor);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        "Saved `[DIR]/watchlist.toml`\n(merged with the changes made meanwhile to 1 show)\n"
    );
    assert_eq!(
        env.read(),
        "version = 1\n\n# == Dramas ==\n\n[[show]]\ntitle = \"A\"\nseason = 2\n\n[[show]]\n\
         title = \"A and a half\"\n\n[[show]]\ntitle = \"B2\"\n\n# == Comedies ==\n\n[[show]]\n\
         title = \"C\"\nnetwork = \"FX\"\n"
    );
}

#[test]
fn d15_two_watchlists_of_one_name_keep_their_edits_apart() {
    let env = TestEnv::with_file("version = 1\n");
    let other = env.dir().join("watchlist.txt");
    fs::write(&other, "version = 1\n").unwrap();
    let bad = script(&env, "bad.sh", r#"printf 'season = x\n' >> "$1""#);
    assert_eq!(edit(&env, &bad).code, 1);
    let run = Run::from(
        env.command(&["--file", other.to_str().unwrap(), "edit"])
            .env("VISUAL", "true")
            .output()
            .unwrap(),
    );
    assert_eq!(run.stderr, "No changes.\n", "{run}");
    assert!(env.dir().join("watchlist.edit.toml").exists());
}

#[test]
fn dotted_keys_extended_by_a_table_header_are_edited() {
    let root =
        "version = 1\nui.color = \"auto\"\n\n[[show]]\ntitle = \"A\"\n\n[ui.colors]\nx = \"red\"\n";
    let show = "[[show]]\ntitle = \"A\"\nmeta.x = 1\n\n[show.meta.sub]\nz = 1\n\n[[show]]\ntitle = \"B\"\n";
    for env in [TestEnv::with_file(root), TestEnv::uncached(root)] {
        let _ = env.ok(&["set", "a", "--network", "HBO"]);
        let _ = env.ok(&["remove", "a", "--yes"]);
        assert_eq!(
            env.read(),
            "version = 1\nui.color = \"auto\"\n\n[ui.colors]\nx = \"red\"\n"
        );
    }
    for env in [TestEnv::with_file(show), TestEnv::uncached(show)] {
        let _ = env.ok(&["set", "a", "--network", "HBO"]);
        assert_eq!(
            env.read(),
            show.replace("meta.x = 1\n", "meta.x = 1\nnetwork = \"HBO\"\n")
        );
    }
}

#[test]
fn rewriting_table_history_keeps_its_comments_and_refuses_to_lose_unknown_keys() {
    let commented = "[[show]]\ntitle = \"A\"\n\n# ---- History (keep these notes!) ----\n\
                     [[show.history]]\ndate = \"2024-01-01\"\nstatus = \"announced\"\n";
    let env = TestEnv::with_file(commented);
    let import = env.dir().join("in.json");
    fs::write(
        &import,
        r#"[{"title": "A", "history": [{"date": "2023-06-01", "note": "older"}]}]"#,
    )
    .unwrap();
    let _ = env.ok(&["import", import.to_str().unwrap(), "--update"]);
    let file = env.read();
    assert!(
        file.contains("# ---- History (keep these notes!) ----\n"),
        "{file}"
    );
    assert!(file.contains("note = \"older\""), "{file}");

    let foreign = "[[show]]\ntitle = \"A\"\n\n[[show.history]]\ndate = \"2024-01-01\"\n\
                   status = \"announced\"\nsource = \"variety.com\"\n";
    let env = TestEnv::with_file(foreign);
    fs::write(
        &import,
        r#"[{"title": "A", "history": [{"date": "2023-06-01", "note": "older"}]}]"#,
    )
    .unwrap();
    let run = env.run(&["import", import.to_str().unwrap(), "--update"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .starts_with("error: the history of \"A\" has entries with keys airdate does not know"),
        "{run}"
    );
    assert_eq!(env.read(), foreign);
}

#[test]
fn d21_a_layout_that_gives_a_table_to_the_wrong_show_costs_only_time() {
    let text = "# head\nversion = 1\n\n[[show]]\ntitle = \"A\"\n\n[show.meta]\nm = 1\n\n\
                [settings]\nsync = \"on\"\n\n[[show]]\ntitle = \"B\"\n\n[tail]\nt = 1\n";
    let off = TestEnv::uncached(text);
    let _ = off.ok(&["remove", "b", "--yes"]);
    for moved in ["settings", "meta", "tail"] {
        let env = TestEnv::with_file(text);
        let cache = cache_file(&env);
        forge(&cache, |body| {
            let layout = &mut body[1];
            let segment = match moved {
                "meta" => layout["shows"][0].as_array_mut().unwrap().remove(1),
                "settings" => layout["others"].as_array_mut().unwrap().remove(1),
                _ => layout["others"].as_array_mut().unwrap().remove(2),
            };
            layout["shows"][1].as_array_mut().unwrap().push(segment);
        });
        let run = env.run(&["remove", "b", "--yes"]);
        assert_eq!(run.code, 0, "{moved}: {run}");
        assert_eq!(env.read(), off.read(), "{moved}");
    }
}

#[test]
fn d27_root_follows_no_link_beside_the_watchlist_and_keeps_its_own_folders() {
    let uid = fs::metadata("/proc/self").map(|m| m.uid());
    if uid.ok() != Some(0) {
        eprintln!("skipped: only root can show what root does with a user's links");
        return;
    }
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Alpha"]);
    let user = (4321, 4321);
    for path in [env.dir().to_path_buf(), env.file()] {
        chown(&path, Some(user.0), Some(user.1)).unwrap();
    }
    // Root's own home holds the cache: its folders stay root's.
    let _ = fs::remove_dir_all(env.cache());
    let secrets = tempfile::tempdir().unwrap();
    let secret = |name: &str| {
        let path = secrets.path().join(name);
        fs::write(&path, "root's\n").unwrap();
        path
    };
    let _ = fs::remove_file(env.dir().join("watchlist.toml.lock"));
    for (link, target) in [
        ("watchlist.removed.log", secret("log")),
        ("watchlist.edit.toml", secrets.path().join("new_copy")),
        (".watchlist.edit.base", secrets.path().join("new_base")),
    ] {
        std::os::unix::fs::symlink(&target, env.dir().join(link)).unwrap();
    }
    let run = env.run(&["remove", "alpha", "--yes"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains("warning: could not note the removal"),
        "{run}"
    );
    let run = edit(&env, "true");
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        fs::read_to_string(secrets.path().join("log")).unwrap(),
        "root's\n"
    );
    assert_eq!(owner(&secrets.path().join("log")), (0, 0));
    assert!(!secrets.path().join("new_copy").exists());
    assert!(!secrets.path().join("new_base").exists());
    assert_eq!(owner(&env.cache()), (0, 0));
    // A lock that is a link is refused, not followed.
    let lock_target = secret("lock");
    let _ = fs::remove_file(env.dir().join("watchlist.toml.lock"));
    std::os::unix::fs::symlink(&lock_target, env.dir().join("watchlist.toml.lock")).unwrap();
    let run = env.run(&["add", "Beta"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(owner(&lock_target), (0, 0));
}

#[test]
fn d27_a_watchlist_root_creates_in_a_users_folder_is_the_users() {
    let uid = fs::metadata("/proc/self").map(|m| m.uid());
    if uid.ok() != Some(0) {
        eprintln!("skipped: only root can show that root keeps the user's files theirs");
        return;
    }
    let env = TestEnv::new();
    let user = (4321, 4321);
    chown(env.dir(), Some(user.0), Some(user.1)).unwrap();
    let file = env.dir().join("shows").join("w.toml");
    let run = Run::from(
        env.command(&["--file", file.to_str().unwrap(), "add", "X"])
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{run}");
    for path in [
        env.dir().join("shows"),
        file.clone(),
        file.with_extension("toml.lock"),
    ] {
        assert_eq!(owner(&path), user, "{}", path.display());
    }
}
