//! Premiere dates on the command line: every accepted spelling, its canonical form and window,
//! and the impossible ones refused as usage errors with the input quoted.

mod common;

use common::{TestEnv, json};

#[test]
fn every_form_is_stored_canonically_with_its_window() {
    let cases = [
        ("2025-01-17", "2025-01-17", "2025-01-17", "2025-01-17"),
        ("Jan 17 2025", "2025-01-17", "2025-01-17", "2025-01-17"),
        ("January 17, 2025", "2025-01-17", "2025-01-17", "2025-01-17"),
        ("17 Jan 2025", "2025-01-17", "2025-01-17", "2025-01-17"),
        ("2025-01", "2025-01", "2025-01-01", "2025-01-31"),
        ("Jan 2025", "2025-01", "2025-01-01", "2025-01-31"),
        ("January 2025", "2025-01", "2025-01-01", "2025-01-31"),
        ("2025-Q1", "2025-Q1", "2025-01-01", "2025-03-31"),
        ("Q1 2025", "2025-Q1", "2025-01-01", "2025-03-31"),
        ("2025 Q1", "2025-Q1", "2025-01-01", "2025-03-31"),
        ("2025-H2", "2025-H2", "2025-07-01", "2025-12-31"),
        ("H2 2025", "2025-H2", "2025-07-01", "2025-12-31"),
        ("2025", "2025", "2025-01-01", "2025-12-31"),
        ("q4 2024", "2024-Q4", "2024-10-01", "2024-12-31"),
    ];
    let env = TestEnv::new();
    for (i, (input, canonical, start, end)) in cases.iter().enumerate() {
        let title = format!("Show {i}");
        let _ = env.ok(&["add", &title, "--premiere", input]);
        let show = json(&env.ok(&["show", &title, "--json"]));
        assert_eq!(show["premiere"], *canonical, "{input}");
        assert_eq!(show["premiere_start"], *start, "{input}");
        assert_eq!(show["premiere_end"], *end, "{input}");
        assert!(
            env.read().contains(&format!("premiere = \"{canonical}\"")),
            "{input} is stored as \"{canonical}\""
        );
    }
    for input in ["TBA", "tbd", "unknown", ""] {
        let _ = env.ok(&["set", "Show 0", "--premiere", input]);
        let show = json(&env.ok(&["show", "Show 0", "--json"]));
        assert_eq!(show["premiere"], "TBA", "{input:?}");
        assert_eq!(show["premiere_start"], serde_json::Value::Null);
        assert_eq!(show["premiere_end"], serde_json::Value::Null);
        assert_eq!(show["days_until"], serde_json::Value::Null);
        let _ = env.ok(&["set", "Show 0", "--premiere", "2025"]);
    }
}

#[test]
fn impossible_dates_are_usage_errors_that_quote_the_input() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Severance"]);
    let before = env.read();
    for input in [
        "2025-02-30",
        "2025-13",
        "2025-Q5",
        "nonsense",
        "H3 2025",
        "Feb 29 2025",
    ] {
        for args in [
            vec!["add", "Another", "--premiere", input],
            vec!["set", "Severance", "--premiere", input],
        ] {
            let run = env.run(&args);
            assert_eq!(run.code, 2, "{args:?}\n{run}");
            assert!(run.stderr.starts_with("error: "), "{run}");
            assert!(run.stderr.contains(&format!("\"{input}\"")), "{run}");
            assert!(run.stdout.is_empty());
            assert_eq!(env.read(), before, "{args:?} wrote to the file");
        }
    }
    let run = env.run(&["upcoming", "--today", "2024-02-30"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("\"2024-02-30\""), "{run}");
}

#[test]
fn days_until_counts_from_today_and_goes_negative_once_begun() {
    let env = TestEnv::with_file(
        "[[show]]\ntitle = \"A\"\npremiere = \"2024-12-11\"\n\n\
         [[show]]\ntitle = \"B\"\npremiere = \"2024-Q4\"\n",
    );
    let shows = json(&env.ok(&["upcoming", "--json"]));
    assert_eq!(shows[0]["title"], "B");
    assert_eq!(shows[0]["days_until"], -61);
    assert_eq!(shows[1]["title"], "A");
    assert_eq!(shows[1]["days_until"], 10);
}
