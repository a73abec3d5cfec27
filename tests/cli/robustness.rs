//! Trying hard to lose the user's data: killed writers, a disk that refuses to grow, hostile
//! titles and notes, huge files. Nothing may be lost, and nothing may panic.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Run, TestEnv, json, limit_file_size};
use airdate::store::Store;

/// A watchlist of `n` plain shows.
fn shows(n: usize) -> String {
    let mut text = String::from("# a large watchlist\nversion = 1\n");
    for i in 0..n {
        let _ = write!(
            text,
            "\n[[show]]\ntitle = \"Show {i:05}\"\nnetwork = \"Network {}\"\nseason = {}\n\
             premiere = \"2025-Q{}\"\nnotes = \"Some notes about show {i}.\"\n",
            i % 40,
            i % 9 + 1,
            i % 4 + 1
        );
    }
    text
}

fn titles(env: &TestEnv) -> BTreeSet<String> {
    Store::with_cache_dir(env.file(), None)
        .load()
        .expect("the watchlist is always readable")
        .into_iter()
        .map(|s| s.title)
        .collect()
}

#[test]
fn killed_writers_never_corrupt_or_lose_the_watchlist() {
    let env = TestEnv::with_file(&shows(1000));
    let mut expected = titles(&env);
    let (mut kills, mut verified, mut n) = (0, 0, 0);
    // How long one add takes here, so that the kills land all over a write's life.
    let timed = Instant::now();
    let _ = env.ok(&["add", "Timing"]);
    let span = timed.elapsed().as_micros() as u64 + 1;
    expected.insert("Timing".into());
    let started = Instant::now();
    // Deterministic "random" moments, spread over a write's whole life.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    while kills < 200 || verified < 20 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the kill test took too long"
        );
        n += 1;
        let title = format!("Killed {n}");
        let mut child = env
            .command(&["add", &title])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_micros(seed % span));
        let exited = child.try_wait().unwrap();
        if exited.is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        let status = child.wait().unwrap();
        let now = titles(&env);
        if status.success() {
            verified += 1;
            expected.insert(title.clone());
            assert_eq!(now, expected, "an add that exited 0 is in the file");
        } else {
            // Killed: the file holds the state before the add, or after it.
            if now.contains(&title) {
                expected.insert(title);
            }
            assert_eq!(now, expected, "after kill {kills}");
        }
    }
    eprintln!(
        "{kills} kills, {verified} adds verified, in {:?}",
        started.elapsed()
    );
    let _ = env.ok(&["add", "After the storm"]);
    assert_eq!(
        env.files(),
        ["watchlist.toml", "watchlist.toml.lock"],
        "no temporary file survives"
    );
    assert_eq!(env.run(&["check"]).code, 0);
}

#[test]
fn a_write_that_fails_part_way_leaves_the_original() {
    let env = TestEnv::with_file(&shows(200));
    let before = env.read();
    let limit = before.len() as u64 / 2;
    let mut cmd = env.command(&["add", "Too big to write"]);
    limit_file_size(&mut cmd, limit);
    let run = Run::from(cmd.output().unwrap());
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stderr.starts_with("error: failed to write `"), "{run}");
    assert!(run.stderr.contains("File too large"), "{run}");
    assert_eq!(env.read(), before);
    assert_eq!(env.files(), ["watchlist.toml", "watchlist.toml.lock"]);
}

#[test]
fn hostile_titles_are_escaped_on_screen_and_kept_exact() {
    let env = TestEnv::new();
    let title = "Evil\u{202e}txt.exe\u{1b}[31m\tTab";
    let _ = env.ok(&["add", title, "--note", "line\u{7}bell"]);
    let listed = env.ok(&["list"]);
    assert!(
        listed.contains("Evil\\u{202e}txt.exe\\u{1b}[31m\\u{9}Tab"),
        "{listed}"
    );
    assert!(!listed.contains('\u{202e}') && !listed.contains('\u{1b}'));
    let shown = env.ok(&["show", "evil"]);
    assert!(shown.contains("line\\u{7}bell"), "{shown}");
    let record = json(&env.ok(&["show", "evil", "--json"]));
    assert_eq!(record["title"], title);
    assert_eq!(record["notes"], "line\u{7}bell");
    assert_eq!(
        json(&env.ok(&["list", "--json"]))[0]["title"],
        title,
        "exact after a reread"
    );
}

#[test]
fn huge_values_and_files_work() {
    let env = TestEnv::new();
    let long_title = "T".repeat(10_000);
    let _ = env.ok(&["add", &long_title, "--season", "1"]);
    assert_eq!(
        json(&env.ok(&["show", &long_title, "--json"]))["title"],
        long_title
    );
    assert!(env.ok(&["list", "--format", "tsv"]).contains(&long_title));
    assert_eq!(env.run(&["list"]).code, 0);

    // A 1 MB note, as an editor would write it.
    let note = "n".repeat(1 << 20);
    let mut text = env.read();
    let _ = write!(text, "\n[[show]]\ntitle = \"Noted\"\nnotes = \"{note}\"\n");
    env.write(&text);
    assert_eq!(json(&env.ok(&["show", "noted", "--json"]))["notes"], note);
    let _ = env.ok(&["set", "noted", "--season", "2"]);
    assert_eq!(json(&env.ok(&["show", "noted", "--json"]))["notes"], note);

    // 100,000 shows.
    let big = TestEnv::new();
    let mut text = String::from("version = 1\n");
    for i in 0..100_000 {
        let _ = write!(text, "[[show]]\ntitle = \"S{i}\"\n");
    }
    big.write(&text);
    let count = json(&big.ok(&["list", "--json"])).as_array().unwrap().len();
    assert_eq!(count, 100_000);
    let _ = big.ok(&["add", "One more"]);
    assert_eq!(big.run(&["show", "S99999", "--json"]).code, 0);
}

#[test]
fn bad_arguments_and_paths_are_clear_errors() {
    let env = TestEnv::with_file(&shows(3));
    // A title that is not UTF-8.
    let output = {
        use std::os::unix::ffi::OsStrExt;
        let mut cmd = env.command(&["add"]);
        cmd.arg(std::ffi::OsStr::from_bytes(b"bad \xff title"));
        cmd.output().unwrap()
    };
    let run = Run::from(output);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.starts_with("error: invalid UTF-8"), "{run}");
    assert!(!run.stderr.contains("panicked"));
    // --file pointing at a folder, for reads and writes.
    for args in [&["list"][..], &["add", "X"]] {
        let mut full = vec!["--file", env.dir().to_str().unwrap()];
        full.extend_from_slice(args);
        let run = env.run(&full);
        assert_eq!(run.code, 1, "{run}");
        assert!(run.stderr.starts_with("error: "), "{run}");
        assert!(!run.stderr.contains("panicked"), "{run}");
    }
}
