//! The user's file is handled with care: its permissions and links survive a write, a writer
//! waits for another and gives up cleanly, and nothing is left behind.

use std::fs;
use std::os::unix::fs::{PermissionsExt, symlink};

use crate::common::TestEnv;
use insta::assert_snapshot;

#[test]
fn a_write_keeps_the_file_permissions() {
    let env = TestEnv::with_file("version = 1\n");
    fs::set_permissions(env.file(), fs::Permissions::from_mode(0o600)).unwrap();
    let _ = env.ok(&["add", "Severance"]);
    let mode = fs::metadata(env.file()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn a_symlinked_watchlist_is_replaced_where_it_lives() {
    let env = TestEnv::new();
    let real = env.dir().join("real.toml");
    fs::write(&real, "version = 1\n").unwrap();
    symlink(&real, env.file()).unwrap();
    let _ = env.ok(&["add", "Severance"]);
    assert!(
        fs::symlink_metadata(env.file())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&real)
            .unwrap()
            .contains("title = \"Severance\"")
    );
}

#[test]
fn a_writer_waits_for_the_lock_then_gives_up_with_nothing_written() {
    let env = TestEnv::with_file("version = 1\n");
    let lock = fs::File::create(env.dir().join("watchlist.toml.lock")).unwrap();
    lock.lock().unwrap();
    let run = crate::common::Run::from(
        env.command(&["add", "Severance"])
            .env("AIRDATE_LOCK_TIMEOUT", "0.3")
            .output()
            .unwrap(),
    );
    let stderr = run
        .stderr
        .replace(&env.dir().to_string_lossy().into_owned(), "[DIR]");
    assert_snapshot!(stderr, @r"
    airdate: waiting for another airdate to finish writing `[DIR]/watchlist.toml`
    error: gave up after 0.3s waiting for another airdate to finish writing `[DIR]/watchlist.toml`; nothing was written. Try again when it is done (the lock is `[DIR]/watchlist.toml.lock`)
    ");
    assert_eq!(run.code, 1);
    assert_eq!(env.read(), "version = 1\n");
    // Reads do not wait for writers.
    assert_eq!(env.run(&["list"]).code, 0);
    lock.unlock().unwrap();
    let _ = env.ok(&["add", "Severance"]);
}

#[test]
fn a_temporary_file_left_by_a_killed_writer_is_cleaned_up() {
    let env = TestEnv::with_file("version = 1\n");
    fs::write(env.dir().join(".watchlist.toml.a1b2c3.tmp"), "half a wri").unwrap();
    let _ = env.ok(&["add", "Severance"]);
    assert_eq!(env.files(), ["watchlist.toml", "watchlist.toml.lock"]);
}

#[test]
fn a_folder_or_a_non_utf8_file_is_a_clear_error() {
    let env = TestEnv::new();
    fs::create_dir(env.file()).unwrap();
    let run = env.run(&["list"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error: `[DIR]/watchlist.toml` is a folder"),
        "{run}"
    );

    let env = TestEnv::new();
    fs::write(env.file(), b"version = 1\n# caf\xe9\n").unwrap();
    for args in [&["list"][..], &["add", "X"]] {
        let run = env.run(args);
        assert_eq!(run.code, 1);
        assert!(
            run.stderr
                .contains("is not UTF-8 text (invalid byte on line 2)"),
            "{run}"
        );
    }
    assert_eq!(fs::read(env.file()).unwrap(), b"version = 1\n# caf\xe9\n");
}

/// `remove` asks on a terminal: here a pseudo-terminal made by script(1), answered on stdin.
#[test]
fn remove_asks_on_a_terminal() {
    let env = TestEnv::with_file("[[show]]\ntitle = \"Silo\"\nseason = 2\n");
    let answer = |reply: &str| {
        let line = format!("{} remove sil", env!("CARGO_BIN_EXE_airdate"));
        let output = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "printf '{reply}\\n' | script -qec '{line}' /dev/null"
            ))
            .env("AIRDATE_FILE", env.file())
            .env("AIRDATE_CACHE_DIR", env.cache())
            .output();
        output.map(|o| String::from_utf8_lossy(&o.stdout).replace('\r', ""))
    };
    let Ok(no) = answer("n") else {
        assert!(std::env::var_os("CI").is_none(), "script(1) is missing");
        return;
    };
    // The terminal echoes the answer where it arrives: before the question or after it.
    let no = no
        .replace("[y/N] n\n", "[y/N] ")
        .replace("n\nRemove", "Remove");
    assert!(
        no.contains("Remove Silo (season 2) from the watchlist? [y/N] Nothing removed."),
        "{no}"
    );
    assert!(env.read().contains("Silo"));
    let yes = answer("y").unwrap();
    assert!(yes.contains("Removed Silo (season 2)"), "{yes}");
    assert!(!env.read().contains("Silo"));
}
