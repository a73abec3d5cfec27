//! Every write is proven before it lands: the ways a store of speed machinery once corrupted a
//! valid file (tables interleaved with a show's, a damaged cache, line endings, ownership,
//! links, unwritable output) each leave a file that means exactly the change, or none.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{Run, TestEnv, cache_file, forge, json};

/// The same steps on the same file with the cache warm, off, and deleted before each step;
/// every run must agree, and the file each gives is returned.
fn three_ways(text: &str, steps: &[&[&str]]) -> String {
    let warm = TestEnv::with_file(text);
    let off = TestEnv::uncached(text);
    let fresh = TestEnv::with_file(text);
    for step in steps {
        let _ = warm.run(&["list"]);
        let _ = fs::remove_dir_all(fresh.cache());
        let runs = [warm.run(step), off.run(step), fresh.run(step)];
        for run in &runs[1..] {
            assert_eq!(run.to_string(), runs[0].to_string(), "{step:?}");
        }
        assert_eq!(runs[0].code, 0, "{step:?}: {}", runs[0]);
    }
    assert_eq!(warm.read(), off.read());
    assert_eq!(fresh.read(), off.read());
    off.read()
}

/// History entries of `title` as `date note` lines.
fn history(env: &TestEnv, title: &str) -> Vec<String> {
    let show = json(&env.ok(&["show", title, "--json"]));
    show["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["date"].as_str().unwrap(),
                e["note"].as_str().unwrap_or("")
            )
        })
        .collect()
}

const ADDED: &str = "status = \"announced\"\npremiere = \"TBA\"\nadded = \"2024-12-01\"\n\n\
                     [[show.history]]\ndate = \"2024-12-01\"\nstatus = \"announced\"\nnote = \"added\"\n";

const D1: &str = "[[show]]\ntitle = \"Beta\"\n\n[settings]\ntheme = \"dark\"\n\n\
                  [[show.history]]\ndate = \"2024-05-01\"\nnote = \"strike\"\n";

#[test]
fn d1_history_after_another_table_stays_with_its_show() {
    let file = three_ways(D1, &[&["add", "Gamma"]]);
    assert_eq!(file, format!("{D1}\n[[show]]\ntitle = \"Gamma\"\n{ADDED}"));
    let env = TestEnv::with_file(&file);
    assert_eq!(history(&env, "beta"), ["2024-05-01 strike"]);
    assert_eq!(history(&env, "gamma"), ["2024-12-01 added"]);

    let file = three_ways(D1, &[&["remove", "beta", "--yes"]]);
    assert_eq!(file, "\n[settings]\ntheme = \"dark\"\n");
    let env = TestEnv::with_file(&file);
    assert_eq!(env.ok(&["list", "--json"]), "[]\n");
    let _ = env.ok(&["check"]);
}

const D2: &str = "[[show]]\ntitle = \"Alpha\"\n[[show.history]]\ndate = \"2024-01-01\"\nnote = \"one\"\n\
                  [show.links]\nimdb = \"tt1\"\n[[show.history]]\ndate = \"2024-07-01\"\nnote = \"two\"\n";

#[test]
fn d2_a_sub_table_between_history_entries_keeps_both_entries_with_their_show() {
    let file = three_ways(D2, &[&["add", "Beta"]]);
    assert_eq!(file, format!("{D2}\n[[show]]\ntitle = \"Beta\"\n{ADDED}"));
    let env = TestEnv::with_file(&file);
    assert_eq!(history(&env, "alpha"), ["2024-01-01 one", "2024-07-01 two"]);
    assert_eq!(history(&env, "beta"), ["2024-12-01 added"]);

    // An entry added to Alpha goes after its last table, and the links stay where they are.
    let file = three_ways(D2, &[&["set", "alpha", "--note", "three"]]);
    assert_eq!(
        file,
        format!(
            "{D2}\n[[show.history]]\ndate = \"2024-12-01\"\nstatus = \"announced\"\nnote = \"three\"\n"
        )
    );
}

/// The one cache file of `env`, after a read made it.
const EXAMPLE: &str = include_str!("../../examples/watchlist.toml");

#[test]
fn d3_a_cache_with_wrong_offsets_never_decides_what_is_written() {
    let off = TestEnv::uncached(EXAMPLE);
    let _ = off.ok(&["remove", "severance", "--yes"]);
    // A wrong offset in a damaged body is refused by the checksum; a forged one with the
    // right checksum fails the proof, and the edit falls back to a fresh parse.
    for forged in [false, true] {
        let env = TestEnv::with_file(EXAMPLE);
        let cache = cache_file(&env);
        if forged {
            forge(&cache, |body| body[1]["shows"][0][0]["end"] = 8.into());
        } else {
            let text = fs::read_to_string(&cache).unwrap();
            fs::write(&cache, text.replacen("\"end\":", "\"end\":1", 1)).unwrap();
        }
        let _ = env.ok(&["remove", "severance", "--yes"]);
        assert_eq!(env.read(), off.read(), "forged: {forged}");
    }
}

#[test]
fn a_change_made_to_shows_the_file_does_not_hold_is_refused_and_nothing_is_written() {
    // A forged cache whose shows differ from the file: the change cannot be proven.
    let env = TestEnv::with_file(EXAMPLE);
    forge(&cache_file(&env), |body| body[0][0]["season"] = 9.into());
    let run = env.run(&["set", "severance", "--status", "filming"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.starts_with(
            "error: airdate did not write `[DIR]/watchlist.toml`: the change could not be proven safe"
        ),
        "{run}"
    );
    assert_eq!(env.read(), EXAMPLE);
}

/// Runs `cmd`, killing it if it has not finished within a few seconds.
fn run_bounded(cmd: &mut Command) -> Run {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(10) {
            child.kill().unwrap();
            panic!("{cmd:?} hung");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Run::from(child.wait_with_output().unwrap())
}

#[test]
fn every_command_ignores_a_damaged_or_replaced_cache() {
    let commands: [&[&str]; 8] = [
        &["list", "--json"],
        &["upcoming", "--json"],
        &["hiatus", "--json"],
        &["show", "sev", "--json"],
        &["add", "Slow Horses", "--season", "5"],
        &["set", "severance", "--status", "filming"],
        &["renew", "andor"],
        &["remove", "the bear", "--yes"],
    ];
    type Damage = fn(&Path);
    let damages: [(&str, Damage); 7] = [
        ("random bytes", |p| {
            let mut bytes = fs::read(p).unwrap();
            for (i, b) in bytes.iter_mut().enumerate().skip(40).step_by(97) {
                *b = b.wrapping_add(i as u8 | 1);
            }
            fs::write(p, bytes).unwrap();
        }),
        ("truncated", |p| {
            let len = fs::metadata(p).unwrap().len();
            fs::OpenOptions::new()
                .write(true)
                .open(p)
                .unwrap()
                .set_len(len / 2)
                .unwrap();
        }),
        ("empty", |p| fs::write(p, "").unwrap()),
        ("a FIFO", |p| {
            fs::remove_file(p).unwrap();
            assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
        }),
        ("a folder", |p| {
            fs::remove_file(p).unwrap();
            fs::create_dir(p).unwrap();
        }),
        ("a link to the watchlist", |p| {
            fs::remove_file(p).unwrap();
            symlink(p.parent().unwrap().join("../x/watchlist.toml"), p).unwrap();
        }),
        ("the header only", |p| {
            let text = fs::read_to_string(p).unwrap();
            fs::write(p, text.lines().next().unwrap()).unwrap();
        }),
    ];
    for command in commands {
        let off = TestEnv::uncached(EXAMPLE);
        let expected = off.run(command);
        assert_eq!(expected.code, 0, "{command:?}: {expected}");
        for (name, damage) in damages {
            let env = TestEnv::with_file(EXAMPLE);
            damage(&cache_file(&env));
            let run = run_bounded(&mut env.command(command));
            let dir = env.dir().to_string_lossy().into_owned();
            let (stdout, stderr) = (
                run.stdout.replace(&dir, "[DIR]"),
                run.stderr.replace(&dir, "[DIR]"),
            );
            assert_eq!(
                (run.code, stdout, stderr),
                (
                    expected.code,
                    expected.stdout.clone(),
                    expected.stderr.clone()
                ),
                "{command:?} with {name}"
            );
            assert_eq!(env.read(), off.read(), "{command:?} with {name}");
        }
    }
}

#[test]
fn d7_root_keeps_another_users_file_theirs() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("skipped: only root can write another user's file");
        return;
    }
    let env = TestEnv::with_file("version = 1\n");
    std::os::unix::fs::chown(env.file(), Some(4242), Some(4343)).unwrap();
    std::os::unix::fs::chown(env.dir(), Some(4242), Some(4343)).unwrap();
    fs::set_permissions(env.file(), fs::Permissions::from_mode(0o600)).unwrap();
    let _ = env.ok(&["add", "Severance"]);
    let _ = env.ok(&["set", "severance", "--season", "2"]);
    for file in [env.file(), env.dir().join("watchlist.toml.lock")] {
        let meta = fs::metadata(&file).unwrap();
        assert_eq!((meta.uid(), meta.gid()), (4242, 4343), "{file:?}");
    }
    let meta = fs::metadata(env.file()).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
}

#[test]
fn d8_line_endings_header_spelling_and_a_missing_final_line_break_are_kept() {
    let text = "# mine\r\nversion = 1\r\n\r\n[[ show ]]  # first\r\ntitle = 'Severance'\r\n\
                season = 2\r\n\r\n[[ show ]]\r\ntitle = \"Andor\"\r\nstatus = \"filming\"";
    let steps: [&[&str]; 5] = [
        &["add", "Silo", "--tag", "sci-fi"],
        &[
            "set",
            "severance",
            "--status",
            "hiatus",
            "--reason",
            "strike",
        ],
        &["renew", "andor", "--season", "2"],
        &["set", "severance", "--reason", ""],
        &["remove", "silo", "--yes"],
    ];
    for n in 1..=steps.len() {
        let file = three_ways(text, &steps[..n]);
        assert!(
            !file.replace("\r\n", "").contains('\n'),
            "a bare line feed: {file:?}"
        );
        assert!(
            !file.ends_with('\n'),
            "a final line break was added: {file:?}"
        );
        assert!(
            file.starts_with("# mine\r\nversion = 1\r\n\r\n[[ show ]]  # first\r\n"),
            "{file:?}"
        );
    }
    let file = three_ways(text, &steps[1..2]);
    assert_eq!(
        file,
        "# mine\r\nversion = 1\r\n\r\n[[ show ]]  # first\r\ntitle = 'Severance'\r\n\
         season = 2\r\nstatus = \"on-hiatus\"\r\nhiatus_reason = \"strike\"\r\n\r\n\
         [[show.history]]\r\ndate = \"2024-12-01\"\r\nstatus = \"on-hiatus\"\r\nseason = 2\r\nnote = \"strike\"\r\n\r\n\
         [[ show ]]\r\ntitle = \"Andor\"\r\nstatus = \"filming\""
    );
}

/// `/dev/full`, where every write fails with "no space left on device".
fn full() -> Stdio {
    Stdio::from(
        fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap(),
    )
}

#[test]
fn d9_output_that_cannot_be_written_does_not_undo_or_fail_a_saved_change() {
    let env = TestEnv::with_file("version = 1\n");
    // stdout full: the change is saved, said on stderr, and the exit code is success.
    let run = Run::from(
        env.command(&["add", "Severance"])
            .stdout(full())
            .output()
            .unwrap(),
    );
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.starts_with(
            "warning: the change was saved, but its confirmation could not be printed: failed to write the output"
        ),
        "{run}"
    );
    assert!(env.read().contains("title = \"Severance\""));
    // stdout and stderr full: no panic, the same exit codes.
    let code = |args: &[&str]| {
        let status = env
            .command(args)
            .stdout(full())
            .stderr(full())
            .status()
            .unwrap();
        status.code()
    };
    assert_eq!(code(&["add", "Andor"]), Some(0));
    assert_eq!(code(&["show", "nothing like it"]), Some(1));
    assert_eq!(
        code(&["list"]),
        Some(1),
        "a read whose output is lost fails"
    );
    assert_eq!(code(&["upcoming", "--within", "nonsense"]), Some(2));
    assert_eq!(
        json(&env.ok(&["list", "--json"])).as_array().unwrap().len(),
        2
    );
}

#[test]
fn d10_a_dangling_link_gets_its_target_and_a_read_only_watchlist_is_refused() {
    let env = TestEnv::new();
    let real = env.dir().join("real").join("shows.toml");
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

    let env = TestEnv::with_file("version = 1\n");
    fs::set_permissions(env.file(), fs::Permissions::from_mode(0o444)).unwrap();
    let run = env.run(&["add", "Severance"]);
    assert_eq!(run.code, 1, "{run}");
    assert_eq!(
        run.stderr,
        "error: `[DIR]/watchlist.toml` is read-only, so airdate leaves it as it is; make it \
         writable (`chmod u+w`) to change it\n"
    );
    assert_eq!(env.read(), "version = 1\n");
    assert_eq!(
        fs::metadata(env.file()).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn every_write_command_gives_the_same_bytes_with_the_cache_warm_off_or_deleted() {
    let data = tempfile::tempdir().unwrap();
    let csv = data.path().join("more.csv");
    fs::write(
        &csv,
        "title,network,season\nSlow Horses,Apple TV+,5\nSeverance,,3\n",
    )
    .unwrap();
    let csv = csv.to_string_lossy().into_owned();
    let steps: [&[&str]; 7] = [
        &["add", "Pachinko", "--network", "Apple TV+"],
        &[
            "set",
            "severance",
            "--status",
            "hiatus",
            "--reason",
            "strike",
            "--tag",
            "x",
        ],
        &["renew", "the bear"],
        &["import", &csv, "--update"],
        &["edit"],
        &["remove", "andor", "--yes"],
        &["set", "pachinko", "--network", ""],
    ];
    let envs = [
        TestEnv::with_file(EXAMPLE),
        TestEnv::uncached(EXAMPLE),
        TestEnv::with_file(EXAMPLE),
    ];
    for step in steps {
        let _ = envs[0].ok(&["list"]);
        let _ = fs::remove_dir_all(envs[2].cache());
        let runs: Vec<String> = envs
            .iter()
            .map(|env| {
                let mut cmd = env.command(step);
                cmd.env(
                    "VISUAL",
                    "sed -i -e 's/^title = \"Shōgun\"/title = \"Shogun\"/'",
                );
                let run = Run::from(cmd.output().unwrap());
                assert_eq!(run.code, 0, "{step:?}: {run}");
                run.to_string()
                    .replace(&env.dir().to_string_lossy().into_owned(), "[DIR]")
            })
            .collect();
        assert_eq!(runs[1], runs[0], "{step:?}");
        assert_eq!(runs[2], runs[0], "{step:?}");
        assert_eq!(envs[1].read(), envs[0].read(), "{step:?}");
        assert_eq!(envs[2].read(), envs[0].read(), "{step:?}");
    }
    let file = envs[0].read();
    assert!(file.contains("title = \"Shogun\""), "the edit was saved");
    assert!(
        file.contains("title = \"Slow Horses\""),
        "the import was saved"
    );
}

#[test]
fn d4_a_forged_cache_with_an_impossible_premiere_is_no_cache() {
    let off = TestEnv::uncached(EXAMPLE);
    for command in [
        &["list", "--json"][..],
        &["upcoming"],
        &["set", "andor", "--season", "3"],
    ] {
        let env = TestEnv::with_file(EXAMPLE);
        forge(&cache_file(&env), |body| {
            body[0][0]["premiere"] = "2025-13".into()
        });
        let (run, expected) = (env.run(command), off.run(command));
        assert_eq!(run.to_string(), expected.to_string(), "{command:?}");
        assert_eq!(run.code, 0, "{command:?}: {run}");
        assert_eq!(env.read(), off.read(), "{command:?}");
    }
}

#[test]
fn a_killed_writers_cache_temporary_file_is_removed_once_old() {
    let env = TestEnv::with_file(EXAMPLE);
    let cache = cache_file(&env);
    let folder = cache.parent().unwrap();
    let (old, fresh) = (
        folder.join(".cache-Xk3fPq.tmp"),
        folder.join(".cache-Ab9TzL.tmp"),
    );
    for path in [&old, &fresh] {
        fs::write(path, "half a cache").unwrap();
    }
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    // A write saves the cache again, and tidies up on the way.
    let _ = env.ok(&["set", "severance", "--season", "3"]);
    assert!(!old.exists(), "an hour-old temporary file is left over");
    assert!(fresh.exists(), "a fresh one may be another writer's");
}
