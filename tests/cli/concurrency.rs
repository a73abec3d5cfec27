//! Many writers at once: the lock serialises them, so no update is lost.

use std::process::Child;

use crate::common::{TestEnv, json};

#[test]
fn twenty_simultaneous_adds_all_land() {
    let env = TestEnv::with_file("# shared by many writers\nversion = 1\n");
    let children: Vec<(String, Child)> = (0..24)
        .map(|i| {
            let title = format!("Show {i:02}");
            let child = env
                .command(&["add", &title, "--season", "1"])
                .spawn()
                .expect("airdate starts");
            (title, child)
        })
        .collect();
    for (title, child) in children {
        let output = child.wait_with_output().expect("airdate finishes");
        assert!(output.status.success(), "add {title} failed: {output:?}");
    }

    let shows = json(&env.ok(&["list", "--json"]));
    let titles: Vec<&str> = shows
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..24).map(|i| format!("Show {i:02}")).collect();
    assert_eq!(titles, expected);
    assert!(
        env.read()
            .starts_with("# shared by many writers\nversion = 1\n")
    );
    // Only the watchlist and its lock file remain: no temporary file is left behind.
    assert_eq!(env.files(), ["watchlist.toml", "watchlist.toml.lock"]);
}
