//! Every table view at 50, 60, 80 and 120 columns: one line per show, text cut with "…", the
//! least useful columns left out first when even that does not fit.

use crate::common::TestEnv;
use insta::assert_snapshot;

/// The view's table at `columns`, checked to keep one line per row within the width.
fn at(columns: u16, args: &[&str]) -> String {
    let env = TestEnv::example();
    let run = env
        .command(args)
        .env("COLUMNS", columns.to_string())
        .output()
        .unwrap();
    let out = String::from_utf8(run.stdout).unwrap();
    for line in out.lines() {
        let width = unicode_width::UnicodeWidthStr::width(line);
        assert!(
            width <= usize::from(columns),
            "{args:?} at {columns}: {line:?} is {width} wide"
        );
    }
    out
}

#[test]
fn upcoming_at_every_width() {
    for columns in [50, 60, 80, 120] {
        let lines = at(columns, &["upcoming"]).lines().count();
        assert_eq!(lines, 12, "one line per show at {columns} columns");
    }
    assert_snapshot!(at(50, &["upcoming"]), @"
    Premiere    When          Title
    ────────────────────────────────────────────────
    2024-12-26  in 25 days    Squid Game
    2025-01-17  in 47 days    Severance
    2025-02-16  in ~3 months  The White Lotus
    2025-03-04  in ~3 months  Daredevil: Born Again
    2025-04-22  in ~5 months  Andor
    2025-04     in Apr 2025   The Last of Us
    2025-Q2     in Q2 2025    The Bear
    2025-H2     in H2 2025    Wednesday
    2025        in 2025       Stranger Things
    2026        in 2026       Shōgun
    ");
    assert_snapshot!(at(80, &["upcoming"]), @"
    Premiere    When          Title               Season  Network    Status
    ────────────────────────────────────────────────────────────────────────────────
    2024-12-26  in 25 days    Squid Game               2  Netflix    scheduled
    2025-01-17  in 47 days    Severance                2  Apple TV+  scheduled
    2025-02-16  in ~3 months  The White Lotus          3  HBO        scheduled
    2025-03-04  in ~3 months  Daredevil: Born A…       1  Disney+    post-production
    2025-04-22  in ~5 months  Andor                    2  Disney+    scheduled
    2025-04     in Apr 2025   The Last of Us           2  HBO        post-production
    2025-Q2     in Q2 2025    The Bear                 4  FX         in-production
    2025-H2     in H2 2025    Wednesday                2  Netflix    post-production
    2025        in 2025       Stranger Things          5  Netflix    post-production
    2026        in 2026       Shōgun                   2  FX         in-development
    ");
    assert_snapshot!(at(120, &["upcoming"]), @"
    Premiere    When          Title                  Season  Network    Status
    ───────────────────────────────────────────────────────────────────────────────────
    2024-12-26  in 25 days    Squid Game                  2  Netflix    scheduled
    2025-01-17  in 47 days    Severance                   2  Apple TV+  scheduled
    2025-02-16  in ~3 months  The White Lotus             3  HBO        scheduled
    2025-03-04  in ~3 months  Daredevil: Born Again       1  Disney+    post-production
    2025-04-22  in ~5 months  Andor                       2  Disney+    scheduled
    2025-04     in Apr 2025   The Last of Us              2  HBO        post-production
    2025-Q2     in Q2 2025    The Bear                    4  FX         in-production
    2025-H2     in H2 2025    Wednesday                   2  Netflix    post-production
    2025        in 2025       Stranger Things             5  Netflix    post-production
    2026        in 2026       Shōgun                      2  FX         in-development
    ");
}

#[test]
fn list_at_every_width() {
    for columns in [50, 60, 80, 120] {
        assert_eq!(at(columns, &["list"]).lines().count(), 19, "{columns}");
    }
    assert_snapshot!(at(50, &["list", "--status", "scheduled,airing"]), @"
    Title            Season  Status     Premiere
    ──────────────────────────────────────────────
    Andor                 2  scheduled  2025-04-22
    Severance             2  scheduled  2025-01-17
    Silo                  2  airing     2024-11-15
    Squid Game            2  scheduled  2024-12-26
    The White Lotus       3  scheduled  2025-02-16
    ");
    assert_snapshot!(at(80, &["list", "--status", "scheduled,airing"]), @"
    Title            Season  Network    Status     Premiere
    ─────────────────────────────────────────────────────────
    Andor                 2  Disney+    scheduled  2025-04-22
    Severance             2  Apple TV+  scheduled  2025-01-17
    Silo                  2  Apple TV+  airing     2024-11-15
    Squid Game            2  Netflix    scheduled  2024-12-26
    The White Lotus       3  HBO        scheduled  2025-02-16
    ");
    assert_snapshot!(at(120, &["list", "--status", "scheduled,airing"]), @"
    Title            Season  Network    Status     Premiere
    ─────────────────────────────────────────────────────────
    Andor                 2  Disney+    scheduled  2025-04-22
    Severance             2  Apple TV+  scheduled  2025-01-17
    Silo                  2  Apple TV+  airing     2024-11-15
    Squid Game            2  Netflix    scheduled  2024-12-26
    The White Lotus       3  HBO        scheduled  2025-02-16
    ");
}

#[test]
fn hiatus_at_every_width() {
    assert_snapshot!(at(50, &["hiatus"]), @"
    Title     Season  Reason          Since       Days
    ──────────────────────────────────────────────────
    Euphoria       3  2023 strikes,…  2023-07-14   506
    ");
    assert_snapshot!(at(60, &["hiatus"]), @"
    Title     Season  Network  Reason          Since       Days
    ───────────────────────────────────────────────────────────
    Euphoria       3  HBO      2023 strikes,…  2023-07-14   506
    ");
    assert_snapshot!(at(80, &["hiatus"]), @"
    Title     Season  Network  Reason                               Since       Days
    ────────────────────────────────────────────────────────────────────────────────
    Euphoria       3  HBO      2023 strikes, then scripts rewritt…  2023-07-14   506
    ");
    assert_snapshot!(at(120, &["hiatus"]), @"
    Title     Season  Network  Reason                                Since       Days
    ─────────────────────────────────────────────────────────────────────────────────
    Euphoria       3  HBO      2023 strikes, then scripts rewritten  2023-07-14   506
    ");
}

#[test]
fn show_at_every_width() {
    assert_snapshot!(at(50, &["show", "euphoria"]), @"
    Title     Euphoria
    Network   HBO
    Season    3
    Status    on-hiatus
    Premiere  TBA
    Hiatus    2023 strikes, then scripts rewritten
    Since     2023-07-14 (506 days)
    Creators  -
    Cast      Zendaya
    Tags      drama
    Notes     -
    Added     -

    History
    Date        Status     Premiere  Note
    ─────────────────────────────────────────────────
    2023-07-14  on-hiatus            SAG-AFTRA strike
    ");
    assert_snapshot!(at(80, &["show", "euphoria"]), @r"
    Title     Euphoria
    Network   HBO
    Season    3
    Status    on-hiatus
    Premiere  TBA
    Hiatus    2023 strikes, then scripts rewritten
    Since     2023-07-14 (506 days)
    Creators  -
    Cast      Zendaya
    Tags      drama
    Notes     -
    Added     -

    History
    Date        Status     Season  Premiere  Note
    ─────────────────────────────────────────────────────────
    2023-07-14  on-hiatus       3            SAG-AFTRA strike
    ");
    assert_snapshot!(at(120, &["show", "euphoria"]), @r"
    Title     Euphoria
    Network   HBO
    Season    3
    Status    on-hiatus
    Premiere  TBA
    Hiatus    2023 strikes, then scripts rewritten
    Since     2023-07-14 (506 days)
    Creators  -
    Cast      Zendaya
    Tags      drama
    Notes     -
    Added     -

    History
    Date        Status     Season  Premiere  Note
    ─────────────────────────────────────────────────────────
    2023-07-14  on-hiatus       3            SAG-AFTRA strike
    ");
}
