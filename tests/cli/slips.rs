//! Slip tracking: every premiere change is in the history, and a change to a later window (or
//! back to TBA) is a slip that `show`, `upcoming` and `list` point out.

use crate::common::{TestEnv, json, titles};
use insta::assert_snapshot;

#[test]
fn a_premiere_that_moves_later_has_slipped() {
    let mut env = TestEnv::new();
    env.today = "2023-01-10".into();
    let _ = env.ok(&["add", "Severance", "--season", "2", "--premiere", "2024"]);
    let _ = env.ok(&["add", "Andor", "--season", "2", "--premiere", "2025-Q2"]);
    let _ = env.ok(&["add", "The Bear", "--season", "4", "--premiere", "2025-06"]);
    env.today = "2024-03-01".into();
    let _ = env.ok(&["set", "severance", "--premiere", "Q1 2025"]);
    let _ = env.ok(&["set", "andor", "--premiere", "Apr 22 2025"]);
    env.today = "2024-07-09".into();
    let _ = env.ok(&["set", "severance", "--premiere", "January 17, 2025"]);
    let _ = env.ok(&["set", "bear", "--premiere", "TBA"]);
    let _ = env.ok(&["set", "bear", "--premiere", "2025-06-25"]);

    env.today = "2024-12-01".into();
    let show = env.run(&["show", "severance"]);
    assert!(
        show.stdout
            .contains("Path      2024 → 2025-Q1 → 2025-01-17, slipped once\n"),
        "{show}"
    );
    assert!(
        env.ok(&["show", "andor"])
            .contains("Path      2025-Q2 → 2025-04-22, never slipped\n")
    );
    assert_snapshot!(env.run(&["upcoming"]), @"
    Premiere    When          Title      Season  Network  Status     Slips
    ──────────────────────────────────────────────────────────────────────
    2025-01-17  in 47 days    Severance       2           announced      1
    2025-04-22  in ~5 months  Andor           2           announced
    2025-06-25  in ~7 months  The Bear        4           announced      1
    [exit 0]
    ");
    assert_eq!(
        titles(&env.ok(&["list", "--sort", "slips", "--json"])),
        ["Severance", "The Bear", "Andor"]
    );
    let slips: Vec<u64> = json(&env.ok(&["list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["slips"].as_u64().unwrap())
        .collect();
    assert_eq!(slips, [0, 1, 1]);

    // A renewal starts the new season with a clean slate.
    let _ = env.ok(&["renew", "severance"]);
    assert_eq!(json(&env.ok(&["show", "severance", "--json"]))["slips"], 0);
}
