//! `airdate notify`: what is new reaches ntfy, a command or standard output once, none lost:
//! digests and one message per event, reminders on the user's clock, the token never shown,
//! failed channels tried again, exit codes 0, 75 and 1, and runs killed at random.

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use insta::assert_snapshot;

use crate::common::ntfy::{FakeNtfy, Mode};
use crate::common::{Run, TestEnv};

const WATCHLIST: &str = r#"
[[show]]
title = "Severance"
season = 2
status = "scheduled"
premiere = "2025-01-17"
tvmaze = 44933
[[show.history]]
date = "2025-01-10"
status = "scheduled"
premiere = "2025-01-17"
note = "added"

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

/// The config file airdate reads by default, under the test's home.
fn config_path(env: &TestEnv) -> PathBuf {
    env.home().join(".config/airdate/config.toml")
}

fn config(env: &TestEnv, text: &str) {
    let path = config_path(env);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Runs airdate with `vars` set too; the home folder reads `[HOME]`, the server `[NTFY]`.
fn run_with(env: &TestEnv, server: Option<&FakeNtfy>, args: &[&str], vars: &[(&str, &str)]) -> Run {
    let mut cmd = env.command(args);
    cmd.envs(vars.iter().copied());
    let mut run = Run::from(cmd.output().expect("airdate runs"));
    for text in [&mut run.stdout, &mut run.stderr] {
        *text = text.replace(&*env.home().to_string_lossy(), "[HOME]");
        *text = text.replace(&*env.dir().to_string_lossy(), "[DIR]");
        if let Some(server) = server {
            *text = text.replace(&server.url(), "[NTFY]");
        }
    }
    run
}

fn run(env: &TestEnv, server: &FakeNtfy, args: &[&str]) -> Run {
    run_with(env, Some(server), args, &[])
}

/// How many times each line reached the server in a message it took.
fn lines_taken(server: &FakeNtfy) -> HashMap<String, usize> {
    let mut count = HashMap::new();
    for message in server.stored() {
        for line in message.message.lines() {
            *count.entry(line.to_string()).or_default() += 1;
        }
    }
    count
}

#[test]
fn a_digest_and_one_message_per_event_reach_ntfy_with_their_headers() {
    let env = env();
    let server = FakeNtfy::start();
    let topic = server.topic("shows");
    let first = run(&env, &server, &["notify", "--ntfy", &topic]);
    assert_snapshot!(first, @"[exit 0]");
    let published = server.published();
    assert_eq!(published.len(), 1);
    let digest = &published[0];
    assert_eq!(digest.target, "/shows");
    assert_snapshot!(digest.body, @"
    Andor: added to the watchlist: season 2, announced
    Severance: added to the watchlist: season 2, scheduled, premiere 2025-01-17
    ");
    assert_eq!(digest.header("Title"), Some("airdate: 2 updates"));
    assert_eq!(digest.header("Priority"), Some("3"));
    let tags = digest.header("Tags").unwrap();
    assert!(tags.starts_with("tv,added,airdate-"), "{tags}");
    // Two shows: no one page to open.
    assert_eq!(digest.header("Click"), None);
    assert_eq!(digest.header("Authorization"), None);

    // Nothing new: nothing sent, nothing said.
    let again = run(&env, &server, &["notify", "--ntfy", &topic]);
    assert_snapshot!(again, @"[exit 0]");
    assert_eq!(server.published().len(), 1);

    // A news event more, one message each, the linked show's with its TVmaze page.
    let _ = env.ok(&["set", "Severance", "--note", "trailer out"]);
    let each = run(&env, &server, &["notify", "--ntfy", &topic, "--each"]);
    assert_eq!(each.code, 0, "{each}");
    let published = server.published();
    assert_eq!(published.len(), 2);
    let one = &published[1];
    assert_eq!(one.body, "Severance: trailer out\n");
    assert_eq!(one.header("Title"), Some("airdate: Severance"));
    assert!(one.header("Click").unwrap().ends_with("/shows/44933"));
    assert!(one.header("Tags").unwrap().starts_with("tv,note,airdate-"));

    // --since sends a period again on purpose, here one message per event.
    let since = run(
        &env,
        &server,
        &[
            "notify",
            "--ntfy",
            &topic,
            "--each",
            "--since",
            "2025-01-10",
        ],
    );
    assert_eq!(since.code, 0, "{since}");
    let published = server.published();
    assert_eq!(published.len(), 5);
    let titles: Vec<&str> = published[2..]
        .iter()
        .map(|r| r.header("Title").unwrap())
        .collect();
    assert_eq!(
        titles,
        ["airdate: Andor", "airdate: Severance", "airdate: Severance"]
    );
    assert_eq!(published[2].header("Click"), None);
}

#[test]
fn the_priority_and_kinds_come_from_the_config_file() {
    let env = env();
    let server = FakeNtfy::start();
    config(
        &env,
        &format!(
            "# mine\n[notify]\nntfy = \"{}\"\npriority = 4\nkinds = [\"note\", \"reminder\"]\n",
            server.topic("tv")
        ),
    );
    let _ = env.ok(&["set", "Andor", "--note", "first look"]);
    let sent = run(&env, &server, &["notify"]);
    assert_snapshot!(sent, @"[exit 0]");
    let published = server.published();
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].body, "Andor: first look\n");
    assert_eq!(published[0].header("Priority"), Some("4"));
    assert_eq!(published[0].header("Title"), Some("airdate: 1 update"));
}

#[test]
fn reminders_come_at_the_right_time_on_the_users_clock() {
    let mut env = TestEnv::new();
    env.today = "2025-01-10".to_string();
    let _ = env.ok(&[
        "add",
        "Severance",
        "--season",
        "2",
        "--premiere",
        "2025-01-17 21:00 America/New_York",
    ]);
    // 21:00 in New York is 03:00 the next day in Berlin: `2h` reminds from 01:00 there.
    let at = |now: &str| {
        let mut cmd = env.command(&["notify", "--tz", "Europe/Berlin", "--remind", "1d,2h"]);
        cmd.env_remove("AIRDATE_TODAY").env("AIRDATE_NOW", now);
        Run::from(cmd.output().unwrap())
    };
    // The day before, at 02:59 Berlin: not yet a day before.
    assert_snapshot!(at("2025-01-17T01:59:00Z"), @"[exit 0]");
    assert_snapshot!(at("2025-01-17T02:00:00Z"), @"
    airdate: 1 update
    Severance season 2 premieres tomorrow at 03:00
    [exit 0]
    ");
    assert_snapshot!(at("2025-01-17T12:00:00Z"), @"[exit 0]");
    // 00:59 in Berlin: the 2h reminder is a minute away, and the premiere is today's news.
    assert_snapshot!(at("2025-01-17T23:59:00Z"), @r"
    airdate: 1 update
    Severance: season 2 premiere
    [exit 0]
    ");
    assert_snapshot!(at("2025-01-18T00:00:00Z"), @r"
    airdate: 1 update
    Severance season 2 premieres today at 03:00
    [exit 0]
    ");
    // Once it has begun, there is nothing to remind of.
    assert_snapshot!(at("2025-01-18T02:00:00Z"), @"[exit 0]");
}

#[test]
fn the_token_is_never_printed() {
    let env = env();
    let server = FakeNtfy::start();
    server.require_token(TOKEN);
    let topic = server.topic("shows");
    config(
        &env,
        &format!("[notify]\nntfy = \"{topic}\"\nntfy_token = \"{TOKEN}\"\n"),
    );
    let mut runs = Vec::new();

    let dry = run(&env, &server, &["notify", "--dry-run"]);
    assert_snapshot!(dry, @"
    to ntfy [NTFY]/shows (token ***):
      airdate: 2 updates
        Andor: added to the watchlist: season 2, announced
        Severance: added to the watchlist: season 2, scheduled, premiere 2025-01-17
    [exit 0]
    ");
    assert!(server.requests().is_empty(), "a dry run sends nothing");
    runs.push(dry);

    let sent = run(&env, &server, &["notify"]);
    assert_eq!(sent.code, 0, "{sent}");
    assert_eq!(
        server.published()[0].header("Authorization"),
        Some(&*format!("Bearer {TOKEN}"))
    );
    runs.push(sent);

    // The server wants another token now: rejected is exit 1, and said without the token.
    server.require_token("tk_other");
    let _ = env.ok(&["set", "Andor", "--note", "first look"]);
    let rejected = run(&env, &server, &["notify"]);
    assert_snapshot!(rejected, @"
    [stderr]
    error: ntfy [NTFY]/shows (token ***): the server rejected the access token (HTTP 401); check `ntfy_token` in the config file or AIRDATE_NTFY_TOKEN, and that it may write to the topic
    [exit 1]
    ");
    runs.push(rejected);

    // AIRDATE_NTFY_TOKEN gives it too, and wins.
    let from_env = run_with(
        &env,
        Some(&server),
        &["notify"],
        &[("AIRDATE_NTFY_TOKEN", "tk_other")],
    );
    assert_eq!(from_env.code, 0, "{from_env}");
    assert_eq!(lines_taken(&server).get("Andor: first look"), Some(&1));
    runs.push(from_env);

    // Bad config files that hold the token: the error has the place, never the value.
    for bad in [
        format!("[notify]\nntfy = \"{topic}\"\nntfy_token = {TOKEN}\n"),
        format!("[notify]\nntfy = \"{topic}\"\nntfy_token = [\"{TOKEN}\"]\n"),
        format!("[notify]\nntfy = \"{topic}\"\nntfy_token = \"{TOKEN}\n"),
        format!("[notify]\nntfy_token = \"{TOKEN}\"\nntfy = {TOKEN}\n"),
    ] {
        config(&env, &bad);
        let failed = run(&env, &server, &["notify", "--dry-run"]);
        assert_eq!(failed.code, 1, "{failed}");
        assert!(
            failed
                .stderr
                .contains("[HOME]/.config/airdate/config.toml:3:"),
            "{failed}"
        );
        runs.push(failed);
    }
    for run in &runs {
        assert!(!run.stdout.contains("S3CRET"), "{run}");
        assert!(!run.stderr.contains("S3CRET"), "{run}");
    }
}

#[test]
fn a_bad_config_names_the_file_and_line() {
    let env = env();
    config(
        &env,
        "[notify]\nntfy = \"http://127.0.0.1:9/x\"\npriorty = 3\n",
    );
    assert_snapshot!(run_with(&env, None, &["notify"], &[]), @"
    [stderr]
    error: invalid config file: [HOME]/.config/airdate/config.toml:3:1: unknown key `priorty`; did you mean `priority`?; fix it, or set AIRDATE_CONFIG to another file
    [exit 1]
    ");
    config(&env, "[notify]\nremind = [\"1d\", \"soon\"]\n");
    assert_snapshot!(run_with(&env, None, &["notify"], &[]), @"
    [stderr]
    error: invalid config file: [HOME]/.config/airdate/config.toml:2:17: invalid reminder span \"soon\": expected a number and a unit, such as 1d, 2h or 30m (m is minutes); fix it, or set AIRDATE_CONFIG to another file
    [exit 1]
    ");
    // AIRDATE_CONFIG set empty: no config file at all.
    let none = run_with(&env, None, &["notify"], &[("AIRDATE_CONFIG", "")]);
    assert_eq!(none.code, 0, "{none}");
}

#[test]
fn a_failed_channel_exits_75_and_is_sent_on_the_next_run() {
    let env = env();
    let server = FakeNtfy::start();
    let topic = server.topic("shows");
    server.mode(Mode::Fail(500));
    let failed = run(&env, &server, &["notify", "--ntfy", &topic]);
    assert_snapshot!(failed, @"
    [stderr]
    error: ntfy [NTFY]/shows: the server answered HTTP 500; what was not sent is sent on the next run
    [exit 75]
    ");
    assert!(server.stored().is_empty());

    server.mode(Mode::Ok);
    let sent = run(&env, &server, &["notify", "--ntfy", &topic]);
    assert_snapshot!(sent, @"[exit 0]");

    // A server that takes the request and never answers: a timeout, exit 75.
    let _ = env.ok(&["set", "Andor", "--note", "first look"]);
    server.mode(Mode::Hang(Duration::from_millis(1500)));
    let timeout = [("AIRDATE_HTTP_TIMEOUT", "0.5")];
    let hung = run_with(&env, Some(&server), &["notify", "--ntfy", &topic], &timeout);
    assert_eq!(hung.code, 75, "{hung}");
    assert!(hung.stderr.contains("cannot be reached"), "{hung}");
    std::thread::sleep(Duration::from_millis(1200));
    server.mode(Mode::Ok);
    let later = run_with(&env, Some(&server), &["notify", "--ntfy", &topic], &timeout);
    assert_eq!(later.code, 0, "{later}");
    // The next run asked the server whether it had the message, then sent it.
    assert!(
        server
            .requests()
            .iter()
            .any(|r| r.method == "GET" && r.target.starts_with("/shows/json?poll=1&since="))
    );
    let taken = lines_taken(&server);
    assert_eq!(taken.len(), 3, "{taken:?}");
    assert!(taken.values().all(|n| *n == 1), "{taken:?}");

    // Unreachable (nothing listens) is 75 too.
    let _ = env.ok(&["set", "Andor", "--note", "casting"]);
    let closed = run(
        &env,
        &server,
        &["notify", "--ntfy", "http://127.0.0.1:9/shows"],
    );
    assert_eq!(closed.code, 75, "{closed}");
}

#[test]
fn every_channel_is_tried_and_the_worst_exit_code_wins() {
    let env = env();
    let server = FakeNtfy::start();
    server.mode(Mode::Fail(503));
    let out = env.dir().join("out.txt");
    let command = format!("cat >> '{}'", out.display());
    let both = run(
        &env,
        &server,
        &[
            "notify",
            "--ntfy",
            &server.topic("t"),
            "--command",
            &command,
        ],
    );
    assert_eq!(both.code, 75, "{both}");
    assert_eq!(fs::read_to_string(&out).unwrap().lines().count(), 2);
    let failing = run(
        &env,
        &server,
        &[
            "notify",
            "--ntfy",
            &server.topic("t"),
            "--command",
            "exit 3",
        ],
    );
    assert_eq!(failing.code, 1, "{failing}");
    assert!(
        failing
            .stderr
            .contains("the notify command `exit 3` exited with 3"),
        "{failing}"
    );
    assert!(failing.stderr.contains("2 of 2 channels"), "{failing}");
}

#[test]
fn a_command_gets_the_message_on_stdin_and_its_title_and_kinds() {
    let env = env();
    let record = env.dir().join("record.sh");
    let out = env.dir().join("out.txt");
    let fail = env.dir().join("fail");
    fs::write(
        &record,
        "if [ -e \"$2\" ]; then exit 1; fi\n\
         { echo \"title=$AIRDATE_TITLE\"; echo \"kind=$AIRDATE_KIND\"; echo \"count=$AIRDATE_COUNT\"; \
         [ -n \"$AIRDATE_MESSAGE_ID\" ] && echo id; cat; } >> \"$1\"\n",
    )
    .unwrap();
    let command = format!(
        "sh '{}' '{}' '{}'",
        record.display(),
        out.display(),
        fail.display()
    );
    config(
        &env,
        &format!("[notify]\ncommand = \"\"\"{command}\"\"\"\n"),
    );
    let sent = run_with(&env, None, &["notify"], &[]);
    assert_snapshot!(sent, @"[exit 0]");
    let _ = env.ok(&["set", "Andor", "--note", "first look"]);
    // The command fails: exit 1, and the message is given to it again on the next run.
    fs::write(&fail, "").unwrap();
    let failed = run_with(&env, None, &["notify"], &[]);
    assert_eq!(failed.code, 1, "{failed}");
    assert!(
        failed
            .stderr
            .contains("exited with 1; the message will be given to it again"),
        "{failed}"
    );
    fs::remove_file(&fail).unwrap();
    let again = run_with(&env, None, &["notify"], &[]);
    assert_eq!(again.code, 0, "{again}");
    assert_snapshot!(fs::read_to_string(&out).unwrap(), @"
    title=airdate: 2 updates
    kind=added
    count=2
    id
    Andor: added to the watchlist: season 2, announced
    Severance: added to the watchlist: season 2, scheduled, premiere 2025-01-17
    title=airdate: 1 update
    kind=note
    count=1
    id
    Andor: first look
    ");
}

#[test]
fn nothing_new_prints_nothing_for_cron() {
    let env = env();
    let first = run_with(&env, None, &["notify"], &[]);
    assert_snapshot!(first, @"
    airdate: 2 updates
    Andor: added to the watchlist: season 2, announced
    Severance: added to the watchlist: season 2, scheduled, premiere 2025-01-17
    [exit 0]
    ");
    assert_snapshot!(run_with(&env, None, &["notify"], &[]), @"[exit 0]");
    // The next day, the window reaches back a week: what was sent is not sent again.
    let mut env = env;
    env.today = "2025-01-11".to_string();
    assert_snapshot!(run_with(&env, None, &["notify"], &[]), @"[exit 0]");
}

#[test]
fn a_damaged_record_is_a_warning_and_a_fresh_start() {
    let env = env();
    let _ = run_with(&env, None, &["notify"], &[]);
    let dir = env.home().join(".local/state/airdate/notify");
    let file = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))
        .unwrap();
    fs::write(&file, "airdate-notify-1 0000\n{").unwrap();
    let run = run_with(&env, None, &["notify"], &[]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr
            .contains("warning: the record of notifications sent"),
        "{run}"
    );
    assert!(
        run.stderr.contains("it is damaged; starting afresh"),
        "{run}"
    );
    assert_eq!(run.stdout.lines().count(), 3, "{run}");
}

/// 200 runs, each killed at a random moment (the server waits a little at random before it
/// answers, so that kills land before, during and after requests), with news added between
/// some of them; then one run to the end. The server took each event exactly once.
#[test]
fn runs_killed_at_random_never_lose_or_repeat_an_event() {
    let env = env();
    let server = FakeNtfy::start();
    server.jitter(0x9e37_79b9, 6);
    let topic = server.topic("killed");
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut random = move |below: u64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x % below
    };
    let mut expected = vec![
        "Andor: added to the watchlist: season 2, announced".to_string(),
        "Severance: added to the watchlist: season 2, scheduled, premiere 2025-01-17".to_string(),
    ];
    for i in 0..200 {
        if i % 10 == 5 {
            let note = format!("note {i}");
            let _ = env.ok(&["set", "Andor", "--note", &note]);
            expected.push(format!("Andor: {note}"));
        }
        let mut child = env.command(&["notify", "--ntfy", &topic]).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(random(20_000)));
        let _ = child.kill();
        let _ = child.wait();
    }
    let last = run(&env, &server, &["notify", "--ntfy", &topic]);
    assert_eq!(last.code, 0, "{last}");
    let taken = lines_taken(&server);
    let mut lines: Vec<&String> = taken.keys().collect();
    lines.sort();
    expected.sort();
    assert_eq!(lines, expected.iter().collect::<Vec<_>>());
    let repeated: Vec<_> = taken.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.is_empty(), "sent twice: {repeated:?}");
    // Kills did land between sending and recording: later runs asked the server.
    assert!(server.requests().iter().any(|r| r.method == "GET"));
}

#[test]
fn refresh_notify_sends_what_the_refresh_found_and_75_when_tvmaze_is_out_of_reach() {
    let server = crate::common::tvmaze::FakeTvmaze::start();
    let mut env = TestEnv::with_file(
        "[[show]]\ntitle = \"Severance\"\nseason = 2\nstatus = \"announced\"\n\
         tvmaze = 44933\ntvmaze_updated = 1\n",
    );
    env.tvmaze = Some(server.url());
    let refreshed = run_with(&env, None, &["refresh", "--notify", "--quiet"], &[]);
    // The changes the refresh made, then the digest of the news they are.
    assert_eq!(refreshed.code, 0, "{refreshed}");
    assert!(
        refreshed
            .stdout
            .contains("Severance  premiere            TBA → 2025-01-17\n"),
        "{refreshed}"
    );
    assert!(
        refreshed.stdout.ends_with(
            "airdate: 1 update\nSeverance: season 2 premiere date announced: TBA → 2025-01-17 (TVmaze)\n"
        ),
        "{refreshed}"
    );
    env.tvmaze = None;
    let _ = env.ok(&["set", "Severance", "--note", "trailer out"]);
    // TVmaze out of reach: what is known is still sent, and the exit code says to try later.
    let offline = run_with(&env, None, &["refresh", "--notify", "--quiet"], &[]);
    assert_snapshot!(offline, @r"
    airdate: 1 update
    Severance: trailer out
    [stderr]
    error: cannot reach TVmaze (http://127.0.0.1:9/updates/shows): io: Connection refused (os error 111); check the connection, or AIRDATE_TVMAZE_URL
    [exit 75]
    ");
}

#[test]
fn two_spans_due_at_once_remind_once() {
    let mut env = TestEnv::new();
    env.today = "2025-01-10".to_string();
    let _ = env.ok(&[
        "add",
        "Severance",
        "--season",
        "2",
        "--premiere",
        "2025-01-17 21:00 ET",
    ]);
    let at = |now: &str| {
        let mut cmd = env.command(&["notify", "--tz", "Europe/Berlin", "--remind", "2h,1d"]);
        cmd.env_remove("AIRDATE_TODAY").env("AIRDATE_NOW", now);
        Run::from(cmd.output().unwrap())
    };
    // A first run at 02:00 in Berlin, an hour before: both spans are due, one reminder says it.
    assert_snapshot!(at("2025-01-18T01:00:00Z"), @r"
    airdate: 2 updates
    Severance season 2 premieres today at 03:00
    Severance: season 2 premiere
    [exit 0]
    ");
    assert_snapshot!(at("2025-01-18T01:30:00Z"), @r"[exit 0]");
}
