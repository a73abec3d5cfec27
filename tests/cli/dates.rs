//! Premiere dates on the command line: every accepted spelling, its canonical form and window,
//! and the impossible ones refused as usage errors with the input quoted.

use crate::common::{TestEnv, json};

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
        ("fall 2026", "2026-fall", "2026-09-01", "2026-11-30"),
        ("autumn 2026", "2026-fall", "2026-09-01", "2026-11-30"),
        ("summer 2026", "2026-summer", "2026-06-01", "2026-08-31"),
        ("spring 2027", "2027-spring", "2027-03-01", "2027-05-31"),
        ("winter 2026", "2026-winter", "2025-12-01", "2026-02-28"),
        ("early 2026", "2026-early", "2026-01-01", "2026-04-30"),
        ("mid-2026", "2026-mid", "2026-05-01", "2026-08-31"),
        ("late 2026", "2026-late", "2026-09-01", "2026-12-31"),
        ("second half of 2026", "2026-H2", "2026-07-01", "2026-12-31"),
        (
            "first quarter of 2026",
            "2026-Q1",
            "2026-01-01",
            "2026-03-31",
        ),
        (
            "January 17th, 2025",
            "2025-01-17",
            "2025-01-17",
            "2025-01-17",
        ),
        ("Jan. 17, 2025", "2025-01-17", "2025-01-17", "2025-01-17"),
        ("2025-1-17", "2025-01-17", "2025-01-17", "2025-01-17"),
        ("2026-fall", "2026-fall", "2026-09-01", "2026-11-30"),
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
    for input in ["TBA", "tbd", "TBC", "unknown", ""] {
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
        "17/01/2025",
        "01/17/2025",
        "fal 2026",
        "Feb 30",
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
    // A ends before B can: it comes first (by the last day each premiere can fall on).
    let shows = json(&env.ok(&["upcoming", "--json"]));
    assert_eq!(shows[1]["title"], "B");
    assert_eq!(shows[1]["days_until"], -61);
    assert_eq!(shows[0]["title"], "A");
    assert_eq!(shows[0]["days_until"], 10);
}

#[test]
fn a_day_without_a_year_is_the_next_one_and_the_confirmation_says_which() {
    let mut env = TestEnv::new();
    env.today = "2025-11-20".into();
    let out = env.ok(&["add", "The Pitt", "--premiere", "Jan 8"]);
    assert_eq!(
        out,
        "Added The Pitt: announced, premiere 2026-01-08\n\
         (the premiere day has no year, so 2026 was taken: 2026-01-08)\n"
    );
    let out = env.ok(&["set", "pitt", "--premiere", "November 20th"]);
    assert!(out.contains("premiere: 2026-01-08 → 2025-11-20"), "{out}");
}

#[test]
fn slashed_and_mistyped_dates_say_what_they_could_mean() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Severance"]);
    let err = |date: &str| env.run(&["set", "sev", "--premiere", date]).stderr;
    assert!(
        err("17/01/2025").contains("write 2025-01-17"),
        "{}",
        err("17/01/2025")
    );
    assert!(err("01/02/2025").contains("write 2025-01-02 or 2025-02-01"));
    assert!(err("fal 2026").contains("did you mean \"fall 2026\" (2026-fall)?"));
    assert!(err("Smarch 2026").contains("expected one of 2025-01-17"));
}

#[test]
fn an_exact_day_is_never_below_a_window_that_may_end_after_it() {
    let mut env = TestEnv::with_file(
        "[[show]]\ntitle = \"Vague\"\npremiere = \"2026\"\n\n\
         [[show]]\ntitle = \"The Pitt\"\npremiere = \"2026-01-08\"\n\n\
         [[show]]\ntitle = \"Fall show\"\npremiere = \"2026-fall\"\n\n\
         [[show]]\ntitle = \"Q1 show\"\npremiere = \"2026-Q1\"\n",
    );
    env.today = "2026-01-05".into();
    let out = env.ok(&["upcoming", "--format", "tsv"]);
    let rows: Vec<(&str, &str)> = out
        .lines()
        .skip(1)
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            (cells[0], cells[4])
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("The Pitt", "2026-01-08"),
            ("Q1 show", "2026-Q1"),
            ("Fall show", "2026-fall"),
            ("Vague", "2026")
        ]
    );
    let table = env.ok(&["upcoming"]);
    for (title, when) in [
        ("The Pitt", "in 3 days"),
        ("Q1 show", "this quarter"),
        ("Fall show", "in fall 2026"),
        ("Vague", "this year"),
    ] {
        let line = table.lines().find(|l| l.contains(title)).unwrap();
        assert!(line.contains(when), "{title}: {line}");
    }
    // Within a span: exact days inside it, and windows that end inside it.
    let within = |span: &str| -> Vec<String> {
        crate::common::titles(&env.ok(&["upcoming", "--within", span, "--json"]))
    };
    assert_eq!(within("0d"), Vec::<String>::new());
    assert_eq!(within("3d"), ["The Pitt"]);
    assert_eq!(within("3m"), ["The Pitt", "Q1 show"]);
    assert_eq!(within("2 weeks"), ["The Pitt"]);
    assert_eq!(within("1y"), ["The Pitt", "Q1 show", "Fall show", "Vague"]);
}
