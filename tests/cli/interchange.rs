//! Owning the data: JSON and CSV out and back in, and an iCalendar for calendar apps.

use std::collections::HashSet;
use std::fs;

use airdate::model::moment::{Moment, When};
use airdate::model::premiere::Premiere;
use airdate::model::{HistoryEntry, SeasonRecord, Show, Status, title_key};
use airdate::store::Store;
use chrono::{NaiveDate, NaiveTime};
use insta::assert_snapshot;
use proptest::prelude::*;

use crate::common::{TestEnv, json, titles};
use crate::properties::premiere;

/// A fresh environment whose watchlist is empty but for a comment and an unknown key.
fn empty() -> TestEnv {
    TestEnv::with_file("# mine\nversion = 1\nowner = \"me\"\n")
}

#[test]
fn json_round_trip_keeps_every_field_and_the_history() {
    let from = TestEnv::example();
    let exported = from.dir().join("shows.json");
    let _ = from.ok(&[
        "export",
        "--format",
        "json",
        "-o",
        exported.to_str().unwrap(),
    ]);
    let to = empty();
    let out = to.ok(&["import", exported.to_str().unwrap()]);
    assert!(
        out.ends_with("shows.json: 17 added, 0 updated, 0 skipped\n"),
        "{out}"
    );
    assert_eq!(to.ok(&["list", "--json"]), from.ok(&["list", "--json"]));
    assert!(
        to.read()
            .starts_with("# mine\nversion = 1\nowner = \"me\"\n")
    );
}

#[test]
fn csv_round_trip_keeps_the_main_fields() {
    let from = TestEnv::example();
    let csv = from.ok(&["export", "--format", "csv"]);
    let to = empty();
    let file = to.dir().join("shows.csv");
    fs::write(&file, csv).unwrap();
    let _ = to.ok(&["import", file.to_str().unwrap()]);
    let fields = |env: &TestEnv| -> Vec<Vec<serde_json::Value>> {
        json(&env.ok(&["list", "--json"]))
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                [
                    "title",
                    "network",
                    "season",
                    "status",
                    "premiere",
                    "hiatus_reason",
                    "notes",
                    "cast",
                    "tags",
                ]
                .iter()
                .map(|k| s[*k].clone())
                .collect()
            })
            .collect()
    };
    assert_eq!(fields(&to), fields(&from));
}

#[test]
fn importing_twice_skips_what_is_there_and_update_replaces_it() {
    let env = empty();
    let file = env.dir().join("in.json");
    fs::write(
        &file,
        r#"[{"title": "Severance", "network": "Apple TV+", "season": 2},
            {"title": "Andor", "status": "scheduled", "premiere": "Apr 22 2025"}]"#,
    )
    .unwrap();
    let path = file.to_str().unwrap();
    assert_eq!(
        env.ok(&["import", path]),
        "[DIR]/in.json: 2 added, 0 updated, 0 skipped\n"
    );
    let once = env.read();
    assert_eq!(
        env.ok(&["import", path]),
        "[DIR]/in.json: 0 added, 0 updated, 2 skipped (already in the watchlist; --update replaces them)\n"
    );
    assert_eq!(env.read(), once);
    assert_eq!(titles(&env.ok(&["list", "--json"])), ["Andor", "Severance"]);

    fs::write(&file, r#"[{"title": "severance", "season": 3}]"#).unwrap();
    assert_eq!(
        env.ok(&["import", path, "--update", "--dry-run"]),
        // A dry run lists what each show would get, then counts.
        "would update \"Severance\":\n  title: Severance → severance\n  season: 2 → 3\n\
         [DIR]/in.json: 0 would be added, 1 would be updated, 0 skipped; nothing was written (--dry-run)\n"
    );
    assert_eq!(env.read(), once);
    assert_eq!(
        env.ok(&["import", path, "--update"]),
        "[DIR]/in.json: 0 added, 1 updated, 0 skipped\n"
    );
    let show = json(&env.ok(&["show", "sev", "--json"]));
    assert_eq!(show["season"], 3);
    assert_eq!(
        show["network"], "Apple TV+",
        "fields the record does not carry are kept"
    );
    assert_eq!(show["title"], "severance");
}

#[test]
fn records_with_keys_airdate_does_not_know_still_import() {
    let env = empty();
    let json_file = env.dir().join("other.json");
    fs::write(
        &json_file,
        r#"[{"title": "Severance", "rating": 9, "netwrok": "Apple TV+", "days_until": 4},
            {"title": "Andor", "network": "Disney+", "mood": {"calm": true}}]"#,
    )
    .unwrap();
    assert_eq!(
        env.ok(&["import", json_file.to_str().unwrap()]),
        "[DIR]/other.json: 2 added, 0 updated, 0 skipped\n"
    );
    let csv_file = env.dir().join("other.csv");
    fs::write(
        &csv_file,
        "title,network,Rating,slips\nThe Bear,FX,10,0\nShogun,,9,\n",
    )
    .unwrap();
    assert_eq!(
        env.ok(&["import", csv_file.to_str().unwrap()]),
        "[DIR]/other.csv: 2 added, 0 updated, 0 skipped\n"
    );
    let shows = json(&env.ok(&["list", "--json"]));
    let network = |title: &str| {
        let shows = shows.as_array().unwrap().iter();
        shows.clone().find(|s| s["title"] == title).unwrap()["network"].clone()
    };
    assert_eq!(network("Severance"), serde_json::Value::Null);
    assert_eq!(network("Andor"), "Disney+");
    assert_eq!(network("The Bear"), "FX");
    let file = env.read();
    assert!(
        ["rating", "Rating", "netwrok", "mood", "slips"]
            .iter()
            .all(|key| !file.contains(key)),
        "{file}"
    );
}

#[test]
fn a_bad_import_file_changes_nothing_and_says_where() {
    let env = TestEnv::example();
    let before = env.read();
    let cases = [
        (
            "bad.json",
            "[{\"title\": \"A\"},\n {\"title\": \"B\",}\n]",
            "line 2, column 16: not valid JSON: trailing comma",
        ),
        (
            "middle.json",
            r#"[{"title": "A"}, {"title": "B", "status": "filmin"}, {"title": "C"}]"#,
            "record 2 (\"B\"): unknown status \"filmin\"",
        ),
        (
            "date.json",
            r#"[{"title": "A"}, {"title": "B", "premiere": "2025-02-30"}]"#,
            "record 2 (\"B\"): invalid premiere date \"2025-02-30\"",
        ),
        (
            "notitle.json",
            r#"[{"title": "A"}, {"network": "HBO"}]"#,
            "record 2: the record has no `title`",
        ),
        (
            "twice.json",
            r#"[{"title": "A"}, {"title": "a"}]"#,
            "record 2: the title \"a\" is already used by record 1",
        ),
        (
            "middle.csv",
            "title,status,premiere\nA,announced,TBA\nB,announced,2025-13\nC,,\n",
            "record 2 on line 3 (\"B\"): invalid premiere date \"2025-13\"",
        ),
        (
            "ragged.csv",
            "title,status\nA,announced\nB,announced,extra\n",
            "line 3: not valid CSV",
        ),
        (
            "noheader.csv",
            "name,status\nA,announced\n",
            "line 1: the header row has no `title` column",
        ),
    ];
    for (name, text, expected) in cases {
        let file = env.dir().join(name);
        fs::write(&file, text).unwrap();
        let run = env.run(&["import", file.to_str().unwrap()]);
        assert_eq!(run.code, 1, "{name}\n{run}");
        assert!(
            run.stderr
                .starts_with(&format!("error: `[DIR]/{name}`, {expected}")),
            "{name}\n{run}"
        );
        assert!(
            run.stderr.trim_end().ends_with("nothing was imported"),
            "{run}"
        );
        assert_eq!(env.read(), before, "{name} changed the watchlist");
    }
    let run = env.run(&["import", "shows.txt"]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr.contains("pass --format json or --format csv"),
        "{run}"
    );
}

fn calendar(text: &str) -> Vec<ical::parser::ical::component::IcalEvent> {
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let calendar = parser
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(parser.next().is_none());
    calendar.events
}

fn property<'a>(
    event: &'a ical::parser::ical::component::IcalEvent,
    name: &str,
) -> &'a ical::property::Property {
    event
        .properties
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no {name}"))
}

fn unescape(text: &str) -> String {
    text.replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
}

#[test]
fn the_calendar_parses_and_has_all_day_premieres() {
    let env = TestEnv::example();
    let ics = env.ok(&["export", "--format", "ics"]);
    assert!(
        ics.split("\r\n").all(|l| !l.contains('\n')),
        "CRLF line ends"
    );
    assert!(
        ics.split("\r\n").all(|l| l.len() <= 75),
        "folded at 75 octets"
    );
    let events = calendar(&ics);
    // Only exact days: 8 of the example's shows have one.
    assert_eq!(events.len(), 8);
    let severance = events
        .iter()
        .find(|e| property(e, "SUMMARY").value.as_deref() == Some("Severance — season 2 premiere"))
        .expect("Severance is in the calendar");
    let start = property(severance, "DTSTART");
    assert_eq!(start.value.as_deref(), Some("20250117"));
    assert_eq!(
        start.params,
        Some(vec![("VALUE".to_string(), vec!["DATE".to_string()])])
    );
    assert_eq!(
        property(severance, "DTEND").value.as_deref(),
        Some("20250118")
    );
    assert_eq!(
        property(severance, "STATUS").value.as_deref(),
        Some("CONFIRMED")
    );
    let description = unescape(property(severance, "DESCRIPTION").value.as_deref().unwrap());
    assert!(
        description.starts_with("Network: Apple TV+\nStatus: scheduled\n"),
        "{description}"
    );
    let uids: HashSet<&str> = events
        .iter()
        .map(|e| property(e, "UID").value.as_deref().unwrap())
        .collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");

    // Windows only when asked, as tentative spans; TBA never.
    let with_windows = calendar(&env.ok(&["export", "--format", "ics", "--windows"]));
    assert_eq!(with_windows.len(), 13, "and 5 windows");
    let bear = with_windows
        .iter()
        .find(|e| property(e, "SUMMARY").value.as_deref() == Some("The Bear — season 4 premiere"))
        .unwrap();
    assert_eq!(property(bear, "DTSTART").value.as_deref(), Some("20250401"));
    assert_eq!(property(bear, "DTEND").value.as_deref(), Some("20250701"));
    assert_eq!(property(bear, "STATUS").value.as_deref(), Some("TENTATIVE"));
    assert!(!with_windows.iter().any(|e| {
        property(e, "SUMMARY")
            .value
            .as_deref()
            .unwrap()
            .starts_with("Euphoria")
    }));
}

#[test]
fn the_calendar_is_deterministic_and_its_uids_are_stable() {
    let env = TestEnv::example();
    let first = env.ok(&["export", "--format", "ics", "--windows"]);
    assert_eq!(
        env.ok(&["export", "--format", "ics", "--windows"]),
        first,
        "byte-identical"
    );
    // The premiere of the season waited for: the show's last premiere event.
    let uid_of = |ics: &str, title: &str| -> String {
        calendar(ics)
            .iter()
            .rfind(|e| {
                let summary = property(e, "SUMMARY").value.clone().unwrap();
                summary.starts_with(title) && summary.ends_with("premiere")
            })
            .map(|e| property(e, "UID").value.clone().unwrap())
            .unwrap()
    };
    let before = uid_of(&first, "Severance");
    let _ = env.ok(&[
        "set",
        "severance",
        "--network",
        "Apple TV",
        "--premiere",
        "2025-01-24",
    ]);
    let after = env.ok(&["export", "--format", "ics"]);
    assert_eq!(
        uid_of(&after, "Severance"),
        before,
        "same title and season, same UID"
    );
    assert!(after.contains("DTSTART;VALUE=DATE:20250124"));
    let _ = env.ok(&["renew", "severance"]);
    let _ = env.ok(&["set", "severance", "--premiere", "2026-01-16"]);
    assert_ne!(
        uid_of(&env.ok(&["export", "--format", "ics"]), "Severance"),
        before,
        "a new season is a new event"
    );
}

#[test]
fn calendar_text_is_escaped_and_folded() {
    let env = TestEnv::new();
    let title = "Love, Death; and \\Robots\\";
    let long = "進撃の巨人 The Final Season 完結編 ".repeat(4);
    let _ = env.ok(&[
        "add",
        title,
        "--premiere",
        "2025-05-15",
        "--note",
        "line one\nline two",
    ]);
    let _ = env.ok(&[
        "add",
        long.trim(),
        "--premiere",
        "2025-03-01",
        "--season",
        "4",
    ]);
    let ics = env.ok(&["export", "--format", "ics"]);
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let events = calendar(&ics);
    let summaries: Vec<String> = events
        .iter()
        .map(|e| unescape(property(e, "SUMMARY").value.as_deref().unwrap()))
        .collect();
    assert_eq!(
        summaries,
        [
            format!("{} — season 4 premiere", long.trim()),
            format!("{title} premiere")
        ]
    );
    assert!(
        ics.contains("SUMMARY:Love\\, Death\\; and \\\\Robots\\\\ premiere\r\n"),
        "{ics}"
    );
    let note = unescape(
        property(&events[1], "DESCRIPTION")
            .value
            .as_deref()
            .unwrap(),
    );
    assert!(note.ends_with("line one\nline two"), "{note}");
}

#[test]
fn export_writes_to_a_file_and_checks_its_options() {
    let env = TestEnv::example();
    let out = env.dir().join("premieres.ics");
    assert_eq!(
        env.ok(&["export", "--format", "ics", "-o", out.to_str().unwrap()]),
        ""
    );
    assert_eq!(
        fs::read_to_string(&out).unwrap(),
        env.ok(&["export", "--format", "ics"])
    );
    assert_snapshot!(env.run(&["export", "--format", "json", "--windows"]), @r"
    [stderr]
    error: --windows goes with --format ics
    [exit 2]
    ");
}

/// A show whose title would set the clipboard (OSC 52, ended by BEL), clear the screen (CSI
/// as ESC [ and as the C1 byte 0x9B) and reverse the text after it (U+202E); whose network is
/// a spreadsheet formula; and whose premiere day was four days ago (`days_until` is -4).
fn hostile() -> TestEnv {
    TestEnv::with_file(
        "version = 1\n\n[[show]]\n\
         title = \"Evil\\u001b]52;c;aGk=\\u0007 \\u001b[2J\\u009b31m \\u202eTxet\"\n\
         network = \"=HYPERLINK(\\\"http://example.com\\\")\"\npremiere = \"2024-11-27\"\n",
    )
}

const CSV_HEADER: &str = "title,network,season,status,premiere,premiere_start,premiere_end,\
                          days_until,slips,hiatus_reason,hiatus_since,creators,cast,tags,notes,added,\
                          premiere_at,premiere_zone\r\n";

/// The hostile show's cells after its title, as CSV and as TSV.
const CSV_REST: &str = ",\"'=HYPERLINK(\"\"http://example.com\"\")\",,announced,2024-11-27,2024-11-27,2024-11-27,-4,0,,,,,,,,,\r\n";
const TSV_REST: &str = "\t'=HYPERLINK(\"http://example.com\")\t\tannounced\t2024-11-27\t2024-11-27\t2024-11-27\t-4\t0\t\t\t\t\t\t\t\t\t\n";

#[test]
fn csv_and_tsv_on_a_terminal_show_control_and_bidi_characters_escaped() {
    let env = hostile();
    let raw = "Evil\u{1b}]52;c;aGk=\u{7} \u{1b}[2J\u{9b}31m \u{202e}Txet";
    let shown = "Evil\\u{1b}]52;c;aGk=\\u{7} \\u{1b}[2J\\u{9b}31m \\u{202e}Txet";
    let tsv_header = CSV_HEADER.replace(',', "\t").replace("\r\n", "\n");
    let csv = format!("{CSV_HEADER}{shown}{CSV_REST}");
    let tsv = format!("{tsv_header}{shown}{TSV_REST}");
    // A program or a file gets the exact text.
    let exact_csv = format!("{CSV_HEADER}{raw}{CSV_REST}");
    let exact_tsv = format!("{tsv_header}{raw}{TSV_REST}");
    for (args, expected) in [
        (&["list", "--format", "csv"][..], &exact_csv),
        (&["export", "--format", "csv"], &exact_csv),
        (&["list", "--format", "tsv"], &exact_tsv),
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 0, "{args:?}\n{run}");
        assert_eq!(&run.stdout, expected, "{args:?}");
    }
    let cases = [
        (&["list", "--format", "csv"][..], &csv),
        (&["export", "--format", "csv"], &csv),
        (&["show", "evil", "--format", "csv"], &csv),
        (&["list", "--format", "tsv"], &tsv),
        (&["show", "evil", "--format", "tsv"], &tsv),
    ];
    for (args, expected) in cases {
        let Some(run) = env.on_terminal(args) else {
            return;
        };
        assert_eq!(run.code, 0, "{args:?}\n{run}");
        assert_eq!(&run.stdout, expected, "{args:?}");
    }
    let file = env.dir().join("shows.csv");
    let on_terminal = env
        .on_terminal(&["export", "--format", "csv", "-o", file.to_str().unwrap()])
        .unwrap();
    assert_eq!((on_terminal.code, on_terminal.stdout.as_str()), (0, ""));
    assert_eq!(fs::read_to_string(&file).unwrap(), exact_csv);
}

#[test]
fn json_writes_c1_and_bidi_controls_as_escapes_on_a_terminal_or_not() {
    let env = hostile();
    let title = "Evil\u{1b}]52;c;aGk=\u{7} \u{1b}[2J\u{9b}31m \u{202e}Txet";
    let line = r#""title": "Evil\u001b]52;c;aGk=\u0007 \u001b[2J\u009b31m \u202eTxet","#;
    let show = env.run(&["show", "evil", "--json"]);
    assert_snapshot!(show, @r#"
    {
      "title": "Evil\u001b]52;c;aGk=\u0007 \u001b[2J\u009b31m \u202eTxet",
      "network": "=HYPERLINK(\"http://example.com\")",
      "season": null,
      "status": "announced",
      "status_implied": false,
      "recorded_status": "announced",
      "premiere": "2024-11-27",
      "premiere_at": null,
      "premiere_zone": null,
      "premiere_start": "2024-11-27",
      "premiere_end": "2024-11-27",
      "days_until": -4,
      "slips": 0,
      "hiatus_reason": null,
      "hiatus_since": null,
      "creators": [],
      "cast": [],
      "tags": [],
      "notes": null,
      "added": null,
      "finale": null,
      "finale_provisional": false,
      "episodes": null,
      "aired": null,
      "next": null,
      "next_episode": null,
      "tvmaze": null,
      "imdb": null,
      "tvmaze_updated": null,
      "pinned": [],
      "seasons": [
        {
          "number": null,
          "premiere": "2024-11-27",
          "finale": null,
          "finale_confirmed": false,
          "episodes": null,
          "slips": 0
        }
      ],
      "history": []
    }
    [exit 0]
    "#);
    for args in [
        &["list", "--json"][..],
        &["show", "evil", "--json"],
        &["export", "--format", "json"],
        &["news", "--json"],
    ] {
        let run = env.run(args);
        assert_eq!(run.code, 0, "{args:?}\n{run}");
        assert!(run.stdout.contains(line), "{args:?}\n{}", run.stdout);
        assert!(
            !run.stdout
                .contains(['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}']),
            "{args:?}\n{:?}",
            run.stdout
        );
        let value = json(&run.stdout);
        let first = if value.is_array() { &value[0] } else { &value };
        assert_eq!(first["title"], title, "the same text, escaped: {args:?}");
        if let Some(on_terminal) = env.on_terminal(args) {
            assert_eq!(on_terminal.stdout, run.stdout, "{args:?}");
        }
    }
}

#[test]
fn tsv_writes_formula_cells_as_text_like_csv_and_numbers_as_numbers() {
    let env = TestEnv::with_file(
        "[[show]]\ntitle = \"=HYPERLINK(\\\"http://example.com\\\",\\\"y\\\")\"\nnetwork = \"-1+2\"\n\
         premiere = \"2024-11-27\"\ntags = [\"@SUM(A1)\", \"+3\"]\nnotes = \"-4\"\n",
    );
    assert_snapshot!(env.run(&["list", "--format", "tsv"]), @r#"
    title	network	season	status	premiere	premiere_start	premiere_end	days_until	slips	hiatus_reason	hiatus_since	creators	cast	tags	notes	added	premiere_at	premiere_zone
    '=HYPERLINK("http://example.com","y")	'-1+2		announced	2024-11-27	2024-11-27	2024-11-27	-4	0					'@SUM(A1); +3	-4			
    [exit 0]
    "#);
    assert_snapshot!(env.run(&["list", "--format", "csv"]).to_string().replace("\r\n", "⏎\n"), @r#"
    title,network,season,status,premiere,premiere_start,premiere_end,days_until,slips,hiatus_reason,hiatus_since,creators,cast,tags,notes,added,premiere_at,premiere_zone⏎
    "'=HYPERLINK(""http://example.com"",""y"")",'-1+2,,announced,2024-11-27,2024-11-27,2024-11-27,-4,0,,,,,'@SUM(A1); +3,-4,,,⏎
    [exit 0]
    "#);
}

/// Text with what breaks careless writers and readers: quotes, backslashes, TOML, CSV and
/// spreadsheet punctuation, line breaks, controls (NUL, escape sequences, C1), bidirectional
/// overrides, zero-width and combining characters, and letters from beyond ASCII.
fn odd_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Z",
        "7",
        " ",
        "é",
        "e\u{301}",
        "Shōgun",
        "中文",
        "🦀",
        "\"",
        "'",
        "\\",
        "\\n",
        "'''",
        "\"\"\"",
        "#",
        "=",
        "[[show]]",
        "{",
        ",",
        ";",
        "\t",
        "\n",
        "\r\n",
        "\u{0}",
        "\u{7}",
        "\u{1b}[2J",
        "\u{7f}",
        "\u{85}",
        "\u{9b}",
        "\u{202e}",
        "\u{200b}",
        "\u{feff}",
        "=SUM(A1)",
        "-",
        "+",
        "@",
    ]);
    prop::collection::vec(pieces, 1..6).prop_map(|pieces| pieces.concat())
}

/// A title as `import` keeps it: trimmed, with something to see.
fn odd_title() -> impl Strategy<Value = String> {
    odd_text().prop_map(|text| match text.trim() {
        title if airdate::model::is_visible(title) => title.to_string(),
        title => format!("x{title}x"),
    })
}

/// A day the watchlist holds: years 1000 to 9999.
fn day() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1000, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap();
    (0..=(last - first).num_days() as u64).prop_map(move |n| first + chrono::Days::new(n))
}

fn status() -> impl Strategy<Value = Status> {
    prop::sample::select(Status::ALL.to_vec())
}

/// Pins as a hand-edited file may hold them: the fields, and words that are none.
fn pins() -> impl Strategy<Value = Vec<String>> {
    let pin = prop_oneof![
        prop::sample::select(vec![
            "network", "season", "status", "premiere", "finale", "premier"
        ])
        .prop_map(str::to_string),
        odd_text(),
    ];
    prop::collection::vec(pin, 0..3)
}

fn entry() -> impl Strategy<Value = HistoryEntry> {
    (
        day(),
        prop::option::of(status()),
        prop::option::of(1..=u32::MAX),
        prop::option::of(premiere()),
        prop::option::of(odd_text()),
    )
        .prop_map(|(date, status, season, premiere, note)| HistoryEntry {
            date,
            status,
            season,
            premiere,
            note,
        })
}

/// Records of earlier seasons, in order, as `renew` and `refresh` leave them: with a premiere
/// and a finale (a record that says no more than the history is not kept).
fn records() -> impl Strategy<Value = Vec<SeasonRecord>> {
    let record = (
        premiere(),
        day(),
        any::<bool>(),
        prop::option::of(1..=40u32),
    );
    prop::collection::btree_map(1..6u32, record, 0..3).prop_map(|records| {
        records
            .into_iter()
            .filter(|(_, (premiere, ..))| !premiere.is_tba())
            .map(
                |(number, (premiere, finale, finale_provisional, episodes))| SeasonRecord {
                    number,
                    premiere,
                    finale: Some(finale),
                    finale_provisional,
                    episodes,
                },
            )
            .collect()
    })
}

/// Any show: every optional field some or none.
fn show() -> impl Strategy<Value = Show> {
    let text = || prop::option::of(odd_text());
    let number = || prop::option::of(1..=u32::MAX);
    let list = || prop::collection::vec(odd_text(), 0..3);
    let day = || prop::option::of(day());
    (
        (odd_title(), text(), number(), status(), premiere(), text()),
        (list(), list(), list(), text(), day(), day()),
        (number(), text(), number(), pins()),
        (
            prop::collection::vec(entry(), 0..4),
            records(),
            any::<bool>(),
            number(),
        ),
        (
            prop::option::of((hour(), 0..60u32, 0..ZONES.len())),
            prop::option::of(0..=u32::MAX),
            prop::option::of((day(), prop::option::of((hour(), 0..ZONES.len())))),
        ),
    )
        .prop_map(
            |(
                (title, network, season, status, premiere, hiatus_reason),
                (creators, cast, tags, notes, added, finale),
                (tvmaze, imdb, tvmaze_updated, pinned),
                (history, seasons, finale_provisional, episodes),
                (at, aired, next),
            )| Show {
                title,
                network,
                season,
                status,
                premiere,
                // A moment only on a premiere day, as airdate writes it.
                premiere_at: match (premiere, at) {
                    (Premiere::Day(day), Some((h, m, z))) => Some(moment(day, h, m, z)),
                    _ => None,
                },
                aired,
                next: next
                    .and_then(|(day, at)| Some((day?, at)))
                    .map(|(day, at)| match at {
                        Some((h, z)) => When::At(moment(day, h, 30, z)),
                        None => When::Day(day),
                    }),
                hiatus_reason,
                creators,
                cast,
                tags,
                notes,
                added,
                finale,
                finale_provisional,
                episodes,
                tvmaze,
                imdb,
                tvmaze_updated,
                pinned,
                seasons: seasons
                    .into_iter()
                    .filter(|r| season.is_none_or(|s| r.number < s))
                    .collect(),
                history,
            },
        )
}

/// Zones a moment is announced in: with and without daylight saving, either side of UTC,
/// and one a quarter-hour off.
const ZONES: [&str; 5] = [
    "America/New_York",
    "Europe/Berlin",
    "Asia/Tokyo",
    "UTC",
    "Asia/Kathmandu",
];

/// An hour of the day outside 01:00–03:59, where daylight saving skips or repeats an hour: a
/// time a zone skips is the moment an hour later, which export writes as that later time.
fn hour() -> impl Strategy<Value = u32> {
    prop::sample::select(vec![0, 4, 5, 9, 12, 17, 20, 21, 22, 23])
}

fn moment(day: NaiveDate, hour: u32, minute: u32, zone: usize) -> Moment {
    Moment::on(
        day,
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap(),
        airdate::model::moment::zone(ZONES[zone]).unwrap(),
    )
}

proptest! {
    // Each case runs airdate four times.
    #![proptest_config(ProptestConfig { cases: 20, ..ProptestConfig::default() })]

    /// `export --format json` then `import` into an empty watchlist gives back the same shows,
    /// every field and the history, pins and TVmaze's fields included.
    #[test]
    fn json_export_then_import_is_the_identity(shows in prop::collection::vec(show(), 1..5)) {
        // Titles are unique, and so are TVmaze and IMDb ids (one id links one show).
        let (mut seen, mut ids) = (HashSet::new(), HashSet::new());
        let shows: Vec<Show> = shows
            .into_iter()
            .filter(|s| seen.insert(title_key(&s.title)))
            .filter(|s| {
                let tvmaze = s.tvmaze.map(|id| format!("tvmaze {id}"));
                let imdb = s.imdb.as_ref().map(|id| format!("imdb {id}"));
                let fresh = [&tvmaze, &imdb].iter().all(|id| id.as_ref().is_none_or(|id| !ids.contains(id)));
                ids.extend(tvmaze.into_iter().chain(imdb).filter(|_| fresh));
                fresh
            })
            .collect();
        let from = TestEnv::with_file("version = 1\n");
        let store = Store::with_cache_dir(from.file(), None);
        store.edit(|editor| {
            shows.iter().for_each(|show| editor.push(show.clone()));
            Ok(())
        }).unwrap();
        prop_assert_eq!(&store.load().unwrap(), &shows, "the watchlist holds the shows");

        let exported = from.dir().join("shows.json");
        let _ = from.ok(&["export", "--format", "json", "-o", exported.to_str().unwrap()]);
        let to = empty();
        let _ = to.ok(&["import", exported.to_str().unwrap()]);
        let imported = Store::with_cache_dir(to.file(), None).load().unwrap();
        prop_assert_eq!(&imported, &shows);
        prop_assert_eq!(to.ok(&["list", "--json"]), from.ok(&["list", "--json"]));
    }
}

#[test]
fn import_says_which_keys_it_did_not_know() {
    let env = empty();
    let json_file = env.dir().join("other.json");
    fs::write(
        &json_file,
        r#"[{"title": "Severance", "days_until": 4}, {"title": "Andor", "rating": 9, "netwrok": "X"}]"#,
    )
    .unwrap();
    let run = env.run(&["import", json_file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stderr.contains(
            "warning: `[DIR]/other.json`: the key `rating` (first in record 2) is not one airdate \
             knows; it was not imported"
        ),
        "{run}"
    );
    assert!(run.stderr.contains("`netwrok`"), "{run}");
    assert!(!run.stderr.contains("days_until"), "{run}");
}
