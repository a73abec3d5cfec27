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

#[test]
fn the_wordings_articles_use_are_stored_canonically() {
    let mut env = TestEnv::new();
    env.today = "2025-07-01".into();
    for (i, (input, canonical)) in [
        ("sometime in 2026", "2026"),
        ("2026?", "2026"),
        ("Fall 2025.", "2025-fall"),
        ("this fall", "2025-fall"),
        ("holiday 2025", "2025-Q4"),
        ("Q1 '26", "2026-Q1"),
        ("Wednesday, March 4, 2026", "2026-03-04"),
        ("late 2026 or early 2027", "2027-early"),
        ("end of 2025", "2025-late"),
        ("in 2026", "2026"),
        ("1Q 2026", "2026-Q1"),
        ("Q3 or Q4 2026", "2026-H2"),
    ]
    .into_iter()
    .enumerate()
    {
        let title = format!("Show {i}");
        let run = env.run(&["add", &title, "--premiere", input]);
        assert_eq!(run.code, 0, "{input}: {run}");
        assert!(run.stderr.is_empty(), "{input}: {run}");
        let show = json(&env.ok(&["show", &title, "--json"]));
        assert_eq!(show["premiere"], canonical, "{input}");
        assert!(env.read().contains(&format!("premiere = \"{canonical}\"")));
    }
    let out = env.ok(&["add", "Later", "--premiere", "late 2026 or early 2027"]);
    assert!(
        out.contains("(no window covers both 2026-late and 2027-early, so the later was taken"),
        "{out}"
    );
    let out = env.ok(&["add", "Soon", "--premiere", "this fall"]);
    assert!(out.contains("(taken as 2025-fall)"), "{out}");
}

#[test]
fn refused_wordings_say_what_was_understood_and_suggest_only_near_meanings() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Severance"]);
    let err = |date: &str| {
        let run = env.run(&["set", "sev", "--premiere", date]);
        assert_eq!(run.code, 2, "{date}: {run}");
        run.stderr
    };
    assert_eq!(
        err("sometime in 2026 maybe"),
        "error: invalid value 'sometime in 2026 maybe' for '--premiere <DATE>': invalid premiere \
         date \"sometime in 2026 maybe\": understood the year 2026, not \"maybe\"; expected one \
         of 2025-01-17, Jan 17 2025, Jan 17, 2025-01, Jan 2025, Q1 2025, fall 2025, H2 2025, \
         early 2025, 2025 or TBA\n\nFor more information, try '--help'.\n"
    );
    assert!(err("Thursday, March 4, 2026").contains("2026-03-04 is a Wednesday, not a Thursday"));
    assert!(err("lat 2026").contains("did you mean \"late 2026\" (2026-late)?"));
    for far in ["whenever 2026", "next spring", "maybe 2026"] {
        assert!(!err(far).contains("did you mean"), "{far}: {}", err(far));
    }
}

#[test]
fn a_premiere_already_passed_is_kept_with_a_warning() {
    let mut env = TestEnv::new();
    env.today = "2025-07-01".into();
    let run = env.run(&["add", "Winter Show", "--premiere", "winter 2025"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stderr,
        "warning: winter 2025 (2024-12-01 – 2025-02-28) has already passed (today is \
         2025-07-01); \"Winter Show\" will not be in `upcoming`; did you mean winter 2026?\n"
    );
    assert!(env.read().contains("premiere = \"2025-winter\""));
    let run = env.run(&["set", "winter", "--premiere", "2025-03-04"]);
    assert!(
        run.stderr
            .contains("warning: 2025-03-04 has already passed (today is 2025-07-01)")
            && run.stderr.contains("did you mean 2026-03-04?"),
        "{run}"
    );
    // A show on air has its premiere behind it: no warning.
    let run = env.run(&[
        "add",
        "On Air",
        "--premiere",
        "2025-06-01",
        "--status",
        "airing",
    ]);
    assert!(run.stderr.is_empty(), "{run}");
    let run = env.run(&["set", "winter", "--premiere", "2026-winter"]);
    assert!(run.stderr.is_empty(), "{run}");
}

#[test]
fn on_takes_days_counted_back_and_refuses_with_the_forms_it_takes() {
    let mut env = TestEnv::new();
    env.today = "2025-07-02".into();
    let _ = env.ok(&["add", "Euphoria"]);
    for (on, day) in [
        ("yesterday", "2025-07-01"),
        ("3 days ago", "2025-06-29"),
        ("last friday", "2025-06-27"),
    ] {
        let _ = env.ok(&["set", "euphoria", "--note", on, "--on", on]);
        assert!(
            env.read().contains(&format!(
                "date = \"{day}\"\nstatus = \"announced\"\nnote = \"{on}\""
            )),
            "{on}:\n{}",
            env.read()
        );
    }
    let run = env.run(&["set", "euphoria", "--note", "x", "--on", "yesterdy"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(run.stderr.contains("\"3 days ago\""), "{run}");
    assert!(!run.stderr.contains("H2 2025"), "{run}");
    let run = env.run(&["set", "euphoria", "--note", "x", "--on", "fall 2025"]);
    assert!(run.stderr.contains("fall 2025 is not one day"), "{run}");
}

#[test]
fn a_fact_older_than_the_history_goes_in_in_date_order() {
    let mut env = TestEnv::new();
    env.today = "2025-07-01".into();
    let _ = env.ok(&["add", "Euphoria"]);
    let out = env.ok(&[
        "set",
        "euphoria",
        "--status",
        "hiatus",
        "--reason",
        "rewrites",
        "--on",
        "2025-03-10",
    ]);
    assert!(out.contains("status: announced → on-hiatus"), "{out}");
    let text = env.read();
    let hiatus = text
        .find("date = \"2025-03-10\"")
        .expect("the entry is written");
    let added = text
        .find("date = \"2025-07-01\"")
        .expect("the added entry stays");
    assert!(hiatus < added, "in date order:\n{text}");
    let hiatus_table = env.ok(&["hiatus"]);
    assert!(hiatus_table.contains("2025-03-10"), "{hiatus_table}");
    let news = env.ok(&["news", "--since", "2025-01-01"]);
    assert!(news.contains("2025-03-10"), "{news}");
    assert!(news.contains("added to the watchlist"), "{news}");
    assert!(!news.contains("on-hiatus → announced"), "{news}");
    // A later status in the history cannot be undone by an older change.
    let _ = env.ok(&["set", "euphoria", "--status", "filming"]);
    let run = env.run(&["set", "euphoria", "--status", "post", "--on", "2025-05-01"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("records a later status (in-production on 2025-07-01)"),
        "{run}"
    );
}

#[test]
fn add_on_a_day_is_added_that_day() {
    let env = TestEnv::new();
    let _ = env.ok(&["add", "Severance", "--on", "2022-04-06"]);
    assert!(
        env.read().contains("added = \"2022-04-06\""),
        "{}",
        env.read()
    );
    let news = env.ok(&["news", "--since", "2022-04-01"]);
    assert!(news.contains("2022-04-06"), "{news}");
}

#[test]
fn the_quickstart_then_its_on_example() {
    let env = TestEnv::new();
    let _ = env.ok(&[
        "add",
        "Severance",
        "--network",
        "Apple TV+",
        "--season",
        "2",
        "--status",
        "hiatus",
        "--reason",
        "WGA strike",
    ]);
    let _ = env.ok(&[
        "set",
        "sev",
        "--status",
        "hiatus",
        "--reason",
        "strike",
        "--on",
        "2023-05-02",
    ]);
    let hiatus = env.ok(&["hiatus"]);
    assert!(hiatus.contains("2023-05-02"), "{hiatus}");
    let entry = "date = \"2023-05-02\"\nstatus = \"on-hiatus\"\nseason = 2\nnote = \"strike\"";
    assert!(env.read().contains(entry), "{}", env.read());
    // Once season 3 is waited for, a day of season 2 is refused with the day season 3 began.
    let _ = env.ok(&["renew", "sev"]);
    let run = env.run(&["set", "sev", "--status", "hiatus", "--on", "2023-05-02"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("began waiting for season 3 on 2024-12-01"),
        "{run}"
    );
    let run = env.run(&["renew", "sev", "--on", "2023-06-01"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("a season change is recorded after"),
        "{run}"
    );
}

#[test]
fn slips_follow_the_dates_after_backdating() {
    let mut env = TestEnv::new();
    env.today = "2025-03-01".into();
    let _ = env.ok(&["add", "Slow", "--premiere", "2025-Q2", "--on", "2025-01-01"]);
    let _ = env.ok(&["set", "slow", "--note", "first look", "--on", "2025-02-01"]);
    let _ = env.ok(&["set", "slow", "--premiere", "2025-Q3"]);
    let show = json(&env.ok(&["show", "slow", "--json"]));
    assert_eq!(show["slips"], 1, "{show}");
    let text = env.read();
    let look = text.find("first look").unwrap();
    let q3 = text
        .find("premiere = \"2025-Q3\"\nnote")
        .or(text.rfind("2025-Q3"))
        .unwrap();
    assert!(look < q3, "{text}");
}

#[test]
fn on_counted_back_beyond_the_calendar_is_refused_not_a_panic() {
    let mut env = TestEnv::new();
    env.today = "2025-07-02".into();
    let _ = env.ok(&["add", "Euphoria"]);
    let before = env.read();
    for on in ["100000000 days ago", "1000000 days ago", "200000 weeks ago"] {
        let run = env.run(&["set", "euphoria", "--note", "x", "--on", on]);
        assert_eq!(run.code, 2, "{on}: {run}");
        assert!(run.stderr.contains("before the year 1"), "{on}: {run}");
        assert!(!run.stderr.contains("panicked"), "{on}: {run}");
        assert!(run.stdout.is_empty(), "{on}: {run}");
        assert_eq!(env.read(), before, "{on}");
    }
}

#[test]
fn a_fact_dated_before_the_show_was_added_carries_into_the_added_entry() {
    let mut env = TestEnv::new();
    env.today = "2026-06-01".into();
    let _ = env.ok(&["add", "X", "--premiere", "2026-09-01"]);
    let _ = env.ok(&["set", "x", "--premiere", "2026-08-01", "--on", "2026-05-10"]);
    let _ = env.ok(&[
        "set",
        "x",
        "--status",
        "hiatus",
        "--reason",
        "strike",
        "--on",
        "2026-05-12",
    ]);
    // The entry of the day it was added says what the show was then, not the premiere and
    // status those older facts replaced.
    assert!(
        env.read().contains(
            "[[show.history]]\ndate = \"2026-06-01\"\nstatus = \"on-hiatus\"\npremiere = \"2026-08-01\"\nnote = \"added\"\n"
        ),
        "{}",
        env.read()
    );
    env.today = "2026-06-02".into();
    let _ = env.ok(&["set", "x", "--premiere", "2026-08-15"]);
    let run = env.run(&["news"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout
            .contains("added to the watchlist: on-hiatus, premiere 2026-08-01"),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("premiere SLIPPED: 2026-08-01 → 2026-08-15"),
        "{run}"
    );
    assert!(!run.stdout.contains("2026-09-01"), "{run}");
    assert_eq!(env.run(&["check"]).code, 0);
}
