//! The cached index of the watchlist is only a shortcut: it never serves data the file no
//! longer holds, and losing it loses nothing.

mod common;

use std::fs;
use std::time::{Duration, SystemTime};

use common::{TestEnv, json};

fn titles(env: &TestEnv) -> Vec<String> {
    common::titles(&env.ok(&["list", "--json"]))
}

#[test]
fn an_edit_with_the_same_size_and_time_is_seen() {
    let env =
        TestEnv::with_file("[[show]]\ntitle = \"Severance\"\n\n[[show]]\ntitle = \"Andor\"\n");
    assert_eq!(titles(&env), ["Andor", "Severance"]);
    assert!(
        fs::read_dir(env.cache()).unwrap().count() > 0,
        "the index was written"
    );

    // Another program changes one letter and puts the modification time back.
    let stamp = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    fs::File::options()
        .write(true)
        .open(env.file())
        .unwrap()
        .set_modified(stamp)
        .unwrap();
    let _ = titles(&env);
    let before = fs::metadata(env.file()).unwrap();
    env.write("[[show]]\ntitle = \"Severance\"\n\n[[show]]\ntitle = \"Andon\"\n");
    fs::File::options()
        .write(true)
        .open(env.file())
        .unwrap()
        .set_modified(stamp)
        .unwrap();
    let after = fs::metadata(env.file()).unwrap();
    assert_eq!(before.len(), after.len());
    assert_eq!(before.modified().unwrap(), after.modified().unwrap());

    assert_eq!(titles(&env), ["Andon", "Severance"]);
}

#[test]
fn a_file_made_invalid_is_refused_even_with_an_index() {
    let env = TestEnv::with_file("[[show]]\ntitle = \"Severance\"\n");
    assert_eq!(titles(&env), ["Severance"]);
    env.write("[[show]]\ntitle = \"Severance\"\nstatus = \"nope\"\n");
    let run = env.run(&["list"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains("watchlist.toml:3:10: unknown status"),
        "{run}"
    );
}

#[test]
fn a_corrupt_or_missing_index_is_rebuilt() {
    let env = TestEnv::with_file("[[show]]\ntitle = \"Severance\"\nseason = 2\n");
    let _ = titles(&env);
    for entry in fs::read_dir(env.cache()).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        bytes.truncate(bytes.len() - 3);
        fs::write(&path, bytes).unwrap();
    }
    assert_eq!(json(&env.ok(&["show", "sev", "--json"]))["season"], 2);
    fs::remove_dir_all(env.cache()).unwrap();
    assert_eq!(json(&env.ok(&["show", "sev", "--json"]))["season"], 2);
}

#[test]
fn writes_keep_the_index_in_step() {
    let env = TestEnv::with_file("[[show]]\ntitle = \"Severance\"\n");
    let _ = titles(&env);
    let _ = env.ok(&["add", "Andor"]);
    let _ = env.ok(&["set", "sev", "--season", "3"]);
    assert_eq!(titles(&env), ["Andor", "Severance"]);
    assert_eq!(json(&env.ok(&["show", "sev", "--json"]))["season"], 3);
    let _ = env.ok(&["remove", "andor", "--yes"]);
    assert_eq!(titles(&env), ["Severance"]);
}

#[test]
fn index_files_left_by_killed_writers_are_removed() {
    let env = TestEnv::with_file("[[show]]\ntitle = \"Severance\"\n");
    let _ = titles(&env);
    // What a writer killed an hour ago left, and what one writing right now has.
    let stale = env.cache().join(".index-Xk3fPq");
    let fresh = env.cache().join(".index-Ab9TzL");
    for path in [&stale, &fresh] {
        fs::write(path, b"partial").unwrap();
    }
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let _ = env.ok(&["add", "Andor"]);
    assert!(!stale.exists(), "the stale temporary file is removed");
    assert!(fresh.exists(), "a temporary file in use is left alone");
    assert_eq!(titles(&env), ["Andor", "Severance"]);
}
