//! `airdate notify` against a hostile user: a command that hangs or asks to be tried later, a
//! command that prints its environment, a FIFO as the config file, a topic URL with a token
//! and no scheme.

use std::fs;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::ntfy::{FakeNtfy, Mode};
use crate::common::{Run, TestEnv};

const WATCHLIST: &str = r#"
[[show]]
title = "Andor"
season = 2
status = "announced"
[[show.history]]
date = "2025-01-10"
status = "announced"
note = "added"
"#;

const TOKEN: &str = "tk_S3CRETxyz";

fn env() -> TestEnv {
    let mut env = TestEnv::with_file(WATCHLIST);
    env.today = "2025-01-10".to_string();
    env
}

fn run(env: &TestEnv, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut cmd = env.command(args);
    cmd.envs(vars.iter().copied()).env("AIRDATE_CONFIG", "");
    let mut run = Run::from(cmd.output().expect("airdate runs"));
    for text in [&mut run.stdout, &mut run.stderr] {
        *text = text.replace(&*env.dir().to_string_lossy(), "[DIR]");
    }
    run
}

#[test]
fn a_command_that_hangs_is_stopped_exits_75_and_gets_the_message_next_run() {
    let env = env();
    let out = env.dir().join("out.txt");
    let started = Instant::now();
    // Not the shell's last command, so that a child of the shell hangs, not the shell itself.
    let hung = run(
        &env,
        &["notify", "--command", "sleep 30; true"],
        &[("AIRDATE_COMMAND_TIMEOUT", "0.5")],
    );
    assert!(started.elapsed() < Duration::from_secs(10), "{hung}");
    insta::assert_snapshot!(hung, @r"
    [stderr]
    error: command `sleep 30; true`: the notify command `sleep 30; true` did not finish within 0.5 seconds (AIRDATE_COMMAND_TIMEOUT) and was stopped; the message will be given to it again on the next run
    [exit 75]
    ");
    let command = format!("cat > '{}'", out.display());
    let later = run(&env, &["notify", "--command", &command], &[]);
    assert_eq!(later.code, 0, "{later}");
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        "Andor: added to the watchlist: season 2, announced\n"
    );
}

#[test]
fn a_command_that_exits_75_asks_to_be_tried_again() {
    let env = env();
    let later = run(
        &env,
        &["notify", "--command", "cat >/dev/null; exit 75"],
        &[],
    );
    insta::assert_snapshot!(later, @r"
    [stderr]
    error: command `cat >/dev/null; exit 75`: the notify command `cat >/dev/null; exit 75` exited with 75 (try again later); the message will be given to it again on the next run
    [exit 75]
    ");
    let out = env.dir().join("out.txt");
    let command = format!("cat > '{}'", out.display());
    let again = run(&env, &["notify", "--command", &command], &[]);
    assert_eq!(again.code, 0, "{again}");
    assert_eq!(fs::read_to_string(&out).unwrap().lines().count(), 1);
}

#[test]
fn a_command_that_prints_its_environment_does_not_show_the_token() {
    let env = env();
    let failed = run(
        &env,
        &["notify", "--command", "env; exit 1"],
        &[("AIRDATE_NTFY_TOKEN", TOKEN)],
    );
    assert_eq!(failed.code, 1, "{failed}");
    assert!(
        failed.stdout.contains("AIRDATE_TITLE=airdate: 1 update"),
        "{failed}"
    );
    assert!(!failed.stdout.contains("S3CRET"), "{failed}");
    assert!(!failed.stderr.contains("S3CRET"), "{failed}");
}

#[test]
fn a_fifo_or_a_folder_as_the_config_file_is_an_error_not_a_wait() {
    let env = env();
    let fifo = env.dir().join("config.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    for path in [fifo, env.dir().to_path_buf()] {
        let mut cmd = env.command(&["notify", "--dry-run"]);
        cmd.env("AIRDATE_CONFIG", &path);
        let mut child = cmd.spawn().unwrap();
        let started = Instant::now();
        while child.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let mut failed = Run::from(child.wait_with_output().unwrap());
        failed.stderr = failed
            .stderr
            .replace(&*env.dir().to_string_lossy(), "[DIR]");
        assert_eq!(failed.code, 1, "{failed}");
        assert!(failed.stderr.contains("is not a regular file"), "{failed}");
    }
}

#[test]
fn a_topic_url_without_its_scheme_is_refused_without_its_token() {
    let env = env();
    let url = format!("me:{TOKEN}@ntfy.example.org/shows");
    let refused = run(&env, &["notify", "--ntfy", &url], &[]);
    assert_eq!(refused.code, 2, "{refused}");
    assert!(
        refused
            .stderr
            .ends_with(" not \"***@ntfy.example.org/shows\"\n"),
        "{refused}"
    );
    assert!(!refused.stderr.contains("S3CRET"), "{refused}");
}

#[test]
fn a_token_that_may_only_write_does_not_keep_the_channel_from_sending_after_a_timeout() {
    let env = env();
    let server = FakeNtfy::start();
    server.require_token(TOKEN);
    server.refuse_polls(403);
    let topic = server.topic("shows");
    let vars = [
        ("AIRDATE_NTFY_TOKEN", TOKEN),
        ("AIRDATE_HTTP_TIMEOUT", "0.5"),
    ];
    server.mode(Mode::Hang(Duration::from_millis(1500)));
    let hung = run(&env, &["notify", "--ntfy", &topic], &vars);
    assert_eq!(hung.code, 75, "{hung}");
    std::thread::sleep(Duration::from_millis(1200));
    server.mode(Mode::Ok);
    // The topic cannot be read to settle the message: it is sent again, said, not refused
    // forever.
    let mut later = run(&env, &["notify", "--ntfy", &topic], &vars);
    later.stderr = later.stderr.replace(&server.url(), "[NTFY]");
    insta::assert_snapshot!(later, @r"
    [stderr]
    warning: ntfy [NTFY]/shows (token ***): the topic cannot be read (HTTP 403) to learn whether the message of an interrupted run arrived; it is sent again, and may arrive twice
    [exit 0]
    ");
    assert_eq!(server.stored().len(), 1);
    let _ = env.ok(&["set", "Andor", "--note", "first look"]);
    let next = run(&env, &["notify", "--ntfy", &topic], &vars);
    assert_eq!(next.code, 0, "{next}");
    assert_eq!(server.stored().len(), 2);
    assert!(!later.stderr.contains("S3CRET") && !hung.stderr.contains("S3CRET"));
}

/// A title with a line break in it (valid TOML) neither makes a line of its own in the message
/// nor a line of its own in the title a command is given (`mail -s "$AIRDATE_TITLE"`).
#[test]
fn a_title_with_a_line_break_stays_on_its_line() {
    let mut env = TestEnv::with_file(
        "[[show]]\ntitle = \"Evil\\r\\nSeverance: cancelled\"\nstatus = \"announced\"\n\
         [[show.history]]\ndate = \"2025-01-10\"\nstatus = \"announced\"\nnote = \"added\"\n",
    );
    env.today = "2025-01-10".to_string();
    let out = env.dir().join("out.txt");
    let command = format!(
        "{{ printf 'title=%s|\\n' \"$AIRDATE_TITLE\"; echo \"count=$AIRDATE_COUNT\"; cat; }} > '{}'",
        out.display()
    );
    let sent = run(&env, &["notify", "--each", "--command", &command], &[]);
    assert_eq!(sent.code, 0, "{sent}");
    insta::assert_snapshot!(fs::read_to_string(&out).unwrap(), @r"
    title=airdate: Evil Severance: cancelled|
    count=1
    Evil Severance: cancelled: added to the watchlist: announced
    ");
}

/// ntfy takes a token in the URL too (`?auth=`), and a token with a line break in it cannot be
/// sent: neither is shown, and the second is a mistake to fix (exit 1), not a server out of
/// reach (exit 75, forever).
#[test]
fn a_token_in_the_query_or_with_a_line_break_is_never_shown() {
    let env = env();
    let server = FakeNtfy::start();
    let url = format!("{}?auth={TOKEN}", server.topic("shows"));
    let mut runs = Vec::new();
    let mut dry = run(&env, &["notify", "--dry-run", "--ntfy", &url], &[]);
    dry.stdout = dry.stdout.replace(&server.url(), "[NTFY]");
    insta::assert_snapshot!(dry, @r"
    to ntfy [NTFY]/shows?auth=***:
      airdate: 1 update
        Andor: added to the watchlist: season 2, announced
    [exit 0]
    ");
    runs.push(dry);
    server.mode(Mode::Fail(500));
    runs.push(run(&env, &["notify", "--ntfy", &url], &[]));
    server.mode(Mode::Ok);
    let broken = format!("{TOKEN}\nX-Injected: 1");
    let mut bad = run(
        &env,
        &["notify", "--ntfy", &server.topic("t")],
        &[("AIRDATE_NTFY_TOKEN", &broken)],
    );
    bad.stderr = bad.stderr.replace(&server.url(), "[NTFY]");
    insta::assert_snapshot!(bad, @r"
    [stderr]
    error: ntfy [NTFY]/t (token ***): the access token holds a character that cannot be sent (a space, a line break or a letter that is not ASCII; it is not shown); check `ntfy_token` in the config file or AIRDATE_NTFY_TOKEN
    [exit 1]
    ");
    assert!(
        server
            .published()
            .iter()
            .all(|r| r.header("x-injected").is_none())
    );
    runs.push(bad);
    for run in &runs {
        assert!(
            !run.stdout.contains("S3CRET") && !run.stderr.contains("S3CRET"),
            "{run}"
        );
    }
}

#[test]
fn a_reminder_span_beyond_the_days_reminders_look_ahead_is_refused() {
    let env = env();
    let too_far = run(&env, &["notify", "--stdout", "--remind", "60d"], &[]);
    assert_eq!(too_far.code, 2, "{too_far}");
    assert!(
        too_far
            .stderr
            .contains("reminder span \"60d\" is longer than 30 days"),
        "{too_far}"
    );
    let month = run(
        &env,
        &["notify", "--stdout", "--remind", "30d", "--dry-run"],
        &[],
    );
    assert_eq!(month.code, 0, "{month}");
}

#[test]
fn since_a_day_to_come_is_a_usage_error() {
    let env = env();
    let run = run(&env, &["notify", "--stdout", "--since", "2025-02-01"], &[]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("--since 2025-02-01 is in the future (today is 2025-01-10)"),
        "{run}"
    );
}

#[test]
fn a_linked_show_renamed_is_not_sent_again() {
    let env = TestEnv::with_file(&WATCHLIST.replace(
        "status = \"announced\"\n[[show.history]]",
        "status = \"announced\"\ntvmaze = 60574\n[[show.history]]",
    ));
    let mut env = env;
    env.today = "2025-01-10".to_string();
    let first = run(&env, &["notify", "--stdout"], &[]);
    assert_eq!(first.code, 0, "{first}");
    assert!(
        first.stdout.contains("Andor: added to the watchlist"),
        "{first}"
    );
    let _ = env.ok(&["set", "Andor", "--title", "Andor (2022)"]);
    let again = run(&env, &["notify", "--stdout"], &[]);
    assert_eq!(again.code, 0, "{again}");
    assert_eq!(again.stdout, "", "nothing new after a rename: {again}");
}
