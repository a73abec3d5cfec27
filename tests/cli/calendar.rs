//! A calendar to subscribe to: it tells apps how often to fetch it again, carries finales as
//! events of their own and each linked show's TVmaze page, and is the same bytes every time.

use crate::common::TestEnv;

const WATCHLIST: &str = r#"
[[show]]
title = "Severance"
network = "Apple TV+"
season = 2
status = "scheduled"
premiere = "2025-01-17"
finale = "2025-03-21"
tvmaze = 44933

[[show]]
title = "Andor"
season = 2
status = "scheduled"
premiere = "2025-04-22"
"#;

fn parse(text: &str) -> ical::parser::ical::component::IcalCalendar {
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let calendar = parser
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    assert!(parser.next().is_none());
    calendar
}

fn value(properties: &[ical::property::Property], name: &str) -> Option<String> {
    properties
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.clone())
}

#[test]
fn the_calendar_refreshes_and_carries_finales_and_pages() {
    let env = TestEnv::with_file(WATCHLIST);
    let text = env.ok(&["export", "--format", "ics"]);
    assert_eq!(
        text,
        env.ok(&["export", "--format", "ics"]),
        "two exports are the same bytes"
    );
    let calendar = parse(&text);
    let head = &calendar.properties;
    assert_eq!(value(head, "REFRESH-INTERVAL").as_deref(), Some("PT12H"));
    let refresh = head.iter().find(|p| p.name == "REFRESH-INTERVAL").unwrap();
    assert_eq!(
        refresh.params.as_ref().unwrap()[0],
        ("VALUE".to_string(), vec!["DURATION".to_string()])
    );
    assert_eq!(value(head, "X-PUBLISHED-TTL").as_deref(), Some("PT12H"));
    assert_eq!(value(head, "NAME").as_deref(), Some("airdate premieres"));
    assert_eq!(
        value(head, "X-WR-CALNAME").as_deref(),
        Some("airdate premieres")
    );
    let summaries: Vec<String> = calendar
        .events
        .iter()
        .map(|e| value(&e.properties, "SUMMARY").unwrap())
        .collect();
    assert_eq!(
        summaries,
        [
            "Severance — season 2 finale",
            "Severance — season 2 premiere",
            "Andor — season 2 premiere"
        ]
    );
    let finale = &calendar.events[0].properties;
    assert_eq!(value(finale, "DTSTART").as_deref(), Some("20250321"));
    assert_eq!(
        value(finale, "URL").as_deref(),
        Some("https://www.tvmaze.com/shows/44933")
    );
    assert_eq!(
        value(&calendar.events[1].properties, "URL").as_deref(),
        Some("https://www.tvmaze.com/shows/44933")
    );
    assert_eq!(
        value(&calendar.events[2].properties, "URL"),
        None,
        "Andor is not linked"
    );

    let only = parse(&env.ok(&[
        "export",
        "--format",
        "ics",
        "--premieres-only",
        "--refresh-interval",
        "P1D",
    ]));
    assert_eq!(only.events.len(), 2);
    assert_eq!(
        value(&only.properties, "REFRESH-INTERVAL").as_deref(),
        Some("P1D")
    );
    let run = env.run(&["export", "--format", "ics", "--refresh-interval", "soon"]);
    assert_eq!(run.code, 2, "{run}");
    let run = env.run(&["export", "--format", "json", "--premieres-only"]);
    assert_eq!(run.code, 2, "{run}");
}
