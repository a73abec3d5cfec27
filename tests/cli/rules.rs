//! The rules of a change hold for every command: a change is dated the day it is made (today,
//! or `--on`), whichever command makes it, also when the history already holds a later day
//! (written by another clock, or with an earlier `--today`); leaving on-hiatus clears the
//! reason.

use std::fs;

use crate::common::tvmaze::{FakeTvmaze, Reply};
use crate::common::{TestEnv, json};

/// A show whose history already goes to a day after today (2024-12-01).
const LATER: &str = "[[show]]\ntitle = \"Silo\"\nseason = 2\nstatus = \"on-hiatus\"\n\
                     hiatus_reason = \"strike\"\ntvmaze = 60000\n\n\
                     [[show.history]]\ndate = \"2025-03-01\"\nstatus = \"on-hiatus\"\n";

/// The dates of the show's history entries, and the notes.
fn history(env: &TestEnv) -> Vec<(String, String)> {
    json(&env.ok(&["show", "silo", "--json"]))["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["date"].as_str().unwrap().to_string(),
                e["note"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn last_entry(env: &TestEnv) -> (String, String) {
    history(env).pop().unwrap()
}

#[test]
fn set_and_renew_date_a_change_today() {
    let env = TestEnv::with_file(LATER);
    let _ = env.ok(&["set", "silo", "--status", "filming"]);
    assert_eq!(last_entry(&env), ("2024-12-01".into(), String::new()));
    let show = json(&env.ok(&["show", "silo", "--json"]));
    assert_eq!(
        show["hiatus_reason"],
        serde_json::Value::Null,
        "left hiatus"
    );
    let _ = env.ok(&["renew", "silo"]);
    assert_eq!(
        last_entry(&env),
        ("2024-12-01".into(), "renewed for season 3".into())
    );
}

#[test]
fn import_dates_a_change_today() {
    let env = TestEnv::with_file(LATER);
    let import = env.dir().join("in.csv");
    fs::write(&import, "title,status\nSilo,post-production\n").unwrap();
    let _ = env.ok(&["import", import.to_str().unwrap(), "--update"]);
    assert_eq!(last_entry(&env), ("2024-12-01".into(), "imported".into()));
    let show = json(&env.ok(&["show", "silo", "--json"]));
    assert_eq!(
        show["hiatus_reason"],
        serde_json::Value::Null,
        "left hiatus"
    );
}

#[test]
fn refresh_dates_a_change_today() {
    let server = FakeTvmaze::start();
    let mut env = TestEnv::with_file(LATER);
    env.tvmaze = Some(server.url());
    let dated = FakeTvmaze::show_json(
        60000,
        "Silo",
        "Running",
        None,
        Some("Apple TV"),
        None,
        1_700_000_999,
        &[
            (1, Some("2023-05-05"), Some("2023-06-30")),
            (2, Some("2025-11-15"), None),
        ],
    );
    server.route(
        "/shows/60000?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode",
        Reply::Json(dated),
    );
    server.route(
        "/updates/shows",
        Reply::Json(r#"{"60000": 1700000999}"#.into()),
    );
    let _ = env.ok(&["refresh"]);
    assert_eq!(last_entry(&env), ("2024-12-01".into(), "TVmaze".into()));
    let show = json(&env.ok(&["show", "silo", "--json"]));
    assert_eq!(show["status"], "scheduled");
    assert_eq!(
        show["hiatus_reason"],
        serde_json::Value::Null,
        "left hiatus"
    );
}
