//! Every view at 40 to 200 columns, with colour and without: each line within the width in
//! display columns (wide CJK and emoji included), one line per table row. A table gives way
//! in one order: a When that only repeats its window is left empty, text columns are cut with
//! "…", the least useful columns are left out, and the title is cut last.

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
    ───────────────────────────────────────────────
    2024-12-26  in 25 days    Squid Game
    2025-01-17  in 47 days    Severance
    2025-02-16  in ~3 months  The White Lotus
    2025-03-04  in ~3 months  Daredevil: Born Again
    2025-04-22  in ~5 months  Andor
    2025-04                   The Last of Us
    2025-Q2                   The Bear
    2025-H2                   Wednesday
    2025                      Stranger Things
    2026                      Shōgun
    ");
    assert_snapshot!(at(80, &["upcoming"]), @"
    Premiere    When          Title                  Season  Status
    ────────────────────────────────────────────────────────────────────────
    2024-12-26  in 25 days    Squid Game                  2  scheduled
    2025-01-17  in 47 days    Severance                   2  scheduled
    2025-02-16  in ~3 months  The White Lotus             3  scheduled
    2025-03-04  in ~3 months  Daredevil: Born Again       1  post-production
    2025-04-22  in ~5 months  Andor                       2  scheduled
    2025-04                   The Last of Us              2  post-production
    2025-Q2                   The Bear                    4  in-production
    2025-H2                   Wednesday                   2  post-production
    2025                      Stranger Things             5  post-production
    2026                      Shōgun                      2  in-development
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

/// `text` without its colours: the escape sequences comfy-table and crossterm write.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        let code = &rest[at..];
        let end = code.find('m').map_or(code.len(), |m| m + 1);
        rest = &code[end..];
    }
    out.push_str(rest);
    out
}

/// Colours made readable in a snapshot: `[1m` for bold, `[38;5;12m` for a colour, and so on.
fn marked(text: &str) -> String {
    text.replace('\x1b', "")
}

/// A watchlist the way a new fan fills it: long titles, a season window, a show that slipped,
/// CJK and emoji, a long cast and a long reason.
fn fans() -> TestEnv {
    let env = TestEnv::new();
    let cast = [
        "Adam Scott",
        "Britt Lower",
        "Patricia Arquette",
        "John Turturro",
        "Christopher Walken",
        "Zach Cherry",
        "Tramell Tillman",
    ];
    let mut severance = vec![
        "add",
        "Severance",
        "--network",
        "Apple TV+",
        "--season",
        "2",
    ];
    severance.extend([
        "--status",
        "hiatus",
        "--reason",
        "WGA and SAG-AFTRA strikes",
    ]);
    for name in cast {
        severance.extend(["--cast", name]);
    }
    for args in [
        &[
            "add",
            "Only Murders in the Building",
            "--network",
            "Hulu",
            "--season",
            "5",
            "--premiere",
            "2025-09-09",
            "--status",
            "post-production",
        ][..],
        &["add", "Andor", "--network", "Prime Video", "--season", "2"],
        &["set", "andor", "--premiere", "2025-10-01"],
        &["set", "andor", "--premiere", "summer 2026"],
        &[
            "add",
            "A Knight of the Seven Kingdoms",
            "--network",
            "HBO",
            "--premiere",
            "2025-Q1",
        ],
        &[
            "add",
            "進撃の巨人",
            "--network",
            "NHK 総合",
            "--season",
            "4",
            "--premiere",
            "2024-12-20",
            "--status",
            "scheduled",
        ],
        &[
            "add",
            "Squid Game",
            "--network",
            "Netflix",
            "--premiere",
            "2024-12-26",
        ],
        &[
            "add",
            "Euphoria 🎬",
            "--network",
            "HBO",
            "--status",
            "hiatus",
            "--reason",
            "2023 strikes, then the scripts were rewritten from the start",
        ],
        &severance,
    ] {
        let _ = env.ok(args);
    }
    env
}

/// `args` at `columns`, with colour or without; every line checked to fit.
fn fan_view(env: &TestEnv, columns: u16, args: &[&str], color: bool) -> String {
    let color = if color { "always" } else { "never" };
    let run = env
        .command(&[&["--color", color][..], args].concat())
        .env("COLUMNS", columns.to_string())
        .output()
        .unwrap();
    assert!(run.status.success(), "{args:?}: {run:?}");
    let out = String::from_utf8(run.stdout).unwrap();
    for line in out.lines() {
        let width = unicode_width::UnicodeWidthStr::width(plain(line).as_str());
        assert!(
            width <= usize::from(columns),
            "{args:?} at {columns}: {line:?} is {width} wide"
        );
    }
    out
}

const VIEWS: [&[&str]; 5] = [
    &["upcoming"],
    &["list"],
    &["hiatus"],
    &["show", "severance"],
    &["timeline"],
];

/// The views at 40, 60, 80 and 120 columns: within the width with colour and without, laid
/// out the same either way (the colour only colours), and coloured when asked.
fn fan_views() -> Vec<(String, String)> {
    let env = fans();
    let mut views = Vec::new();
    for args in VIEWS {
        for columns in [40, 60, 80, 120] {
            let without = fan_view(&env, columns, args, false);
            let with = fan_view(&env, columns, args, true);
            assert_eq!(plain(&with), without, "{args:?} at {columns}");
            assert_ne!(with, without, "{args:?} at {columns} is coloured");
            views.push((with, without));
        }
    }
    views
}

#[test]
fn a_slipped_show_keeps_upcoming_within_the_terminal() {
    // The issue's steps: once a show has slipped, the Slips column is left out at 80 columns,
    // and its rule no longer reached one past the edge.
    let mut env = TestEnv::new();
    env.today = "2025-07-01".to_string();
    for args in [
        &[
            "add",
            "Only Murders in the Building",
            "--network",
            "Hulu",
            "--season",
            "5",
            "--premiere",
            "2025-09-09",
            "--status",
            "post-production",
        ][..],
        &[
            "add",
            "Andor",
            "--network",
            "Prime Video",
            "--season",
            "2",
            "--premiere",
            "2025-10-01",
        ],
        &["set", "andor", "--premiere", "summer 2026"],
    ] {
        let _ = env.ok(args);
    }
    for columns in [40, 50, 60, 70, 80, 81, 100] {
        for color in [false, true] {
            let out = fan_view(&env, columns, &["upcoming"], color);
            let rule = plain(out.lines().nth(1).unwrap());
            assert!(rule.starts_with('─'), "{out}");
        }
    }
    // `show` says a window once too.
    let page = fan_view(&env, 80, &["show", "andor"], false);
    assert!(page.contains("\nPremiere  2026-summer\n"), "{page}");
    assert_snapshot!(fan_view(&env, 80, &["upcoming"], false), @"
    Premiere     When          Title                         Season  Status
    ────────────────────────────────────────────────────────────────────────────────
    2025-09-09   in ~2 months  Only Murders in the Building       5  post-production
    2026-summer                Andor                              2  announced
    ");
}

#[test]
fn views_at_40_60_80_120_columns() {
    let views = fan_views();
    let at = |i: usize| views[i].1.clone();
    assert_snapshot!(at(0), @"
    Premiere     When          Title
    ────────────────────────────────────────
    2024-12-20   in 19 days    進撃の巨人
    2024-12-26   in 25 days    Squid Game
    2025-Q1                    A Knight of…
    2025-09-09   in ~9 months  Only Murders…
    2026-summer                Andor
    ");
    assert_snapshot!(at(1), @"
    Premiere     When          Title
    ─────────────────────────────────────────────────────────
    2024-12-20   in 19 days    進撃の巨人
    2024-12-26   in 25 days    Squid Game
    2025-Q1                    A Knight of the Seven Kingdoms
    2025-09-09   in ~9 months  Only Murders in the Building
    2026-summer                Andor
    ");
    assert_snapshot!(at(2), @"
    Premiere     When          Title                           Status
    ──────────────────────────────────────────────────────────────────────────
    2024-12-20   in 19 days    進撃の巨人                      scheduled
    2024-12-26   in 25 days    Squid Game                      announced
    2025-Q1                    A Knight of the Seven Kingdoms  announced
    2025-09-09   in ~9 months  Only Murders in the Building    post-production
    2026-summer                Andor                           announced
    ");
    assert_snapshot!(at(3), @"
    Premiere     When            Title                           Season  Network      Status           Slips
    ────────────────────────────────────────────────────────────────────────────────────────────────────────
    2024-12-20   in 19 days      進撃の巨人                           4  NHK 総合     scheduled
    2024-12-26   in 25 days      Squid Game                              Netflix      announced
    2025-Q1      in Q1 2025      A Knight of the Seven Kingdoms          HBO          announced
    2025-09-09   in ~9 months    Only Murders in the Building         5  Hulu         post-production
    2026-summer  in summer 2026  Andor                                2  Prime Video  announced            1
    ");
    assert_snapshot!(marked(&views[2].0), @"
    [1mPremiere    [0m [1mWhen         [0m [1mTitle                          [0m [1mStatus[0m
    ──────────────────────────────────────────────────────────────────────────
    2024-12-20   in 19 days    進撃の巨人                      [38;5;10mscheduled[39m
    2024-12-26   in 25 days    Squid Game                      [38;5;14mannounced[39m
    2025-Q1                    A Knight of the Seven Kingdoms  [38;5;14mannounced[39m
    2025-09-09   in ~9 months  Only Murders in the Building    [38;5;12mpost-production[39m
    2026-summer                Andor                           [38;5;14mannounced[39m
    ");
    // list
    assert_snapshot!(at(4), @"
    Title                        Premiere
    ────────────────────────────────────────
    A Knight of the Seven King…  2025-Q1
    Andor                        2026-summer
    Euphoria 🎬                  TBA
    Only Murders in the Buildi…  2025-09-09
    Severance                    TBA
    Squid Game                   2024-12-26
    進撃の巨人                   2024-12-20
    ");
    assert_snapshot!(at(5), @"
    Title                           Status           Premiere
    ────────────────────────────────────────────────────────────
    A Knight of the Seven Kingdoms  announced        2025-Q1
    Andor                           announced        2026-summer
    Euphoria 🎬                     on-hiatus        TBA
    Only Murders in the Building    post-production  2025-09-09
    Severance                       on-hiatus        TBA
    Squid Game                      announced        2024-12-26
    進撃の巨人                      scheduled        2024-12-20
    ");
    assert_snapshot!(at(6), @"
    Title                           Season  Status           Premiere
    ────────────────────────────────────────────────────────────────────
    A Knight of the Seven Kingdoms          announced        2025-Q1
    Andor                                2  announced        2026-summer
    Euphoria 🎬                             on-hiatus        TBA
    Only Murders in the Building         5  post-production  2025-09-09
    Severance                            2  on-hiatus        TBA
    Squid Game                              announced        2024-12-26
    進撃の巨人                           4  scheduled        2024-12-20
    ");
    assert_snapshot!(at(7), @"
    Title                           Season  Network      Status           Premiere     Slips
    ────────────────────────────────────────────────────────────────────────────────────────
    A Knight of the Seven Kingdoms          HBO          announced        2025-Q1
    Andor                                2  Prime Video  announced        2026-summer      1
    Euphoria 🎬                             HBO          on-hiatus        TBA
    Only Murders in the Building         5  Hulu         post-production  2025-09-09
    Severance                            2  Apple TV+    on-hiatus        TBA
    Squid Game                              Netflix      announced        2024-12-26
    進撃の巨人                           4  NHK 総合     scheduled        2024-12-20
    ");
    assert_snapshot!(marked(&views[6].0), @"
    [1mTitle                          [0m [1mSeason [0m [1mStatus          [0m [1mPremiere[0m
    ────────────────────────────────────────────────────────────────────
    A Knight of the Seven Kingdoms          [38;5;14mannounced       [39m 2025-Q1
    Andor                                2  [38;5;14mannounced       [39m 2026-summer
    Euphoria 🎬                             [38;5;11mon-hiatus       [39m TBA
    Only Murders in the Building         5  [38;5;12mpost-production [39m 2025-09-09
    Severance                            2  [38;5;11mon-hiatus       [39m TBA
    Squid Game                              [38;5;14mannounced       [39m 2024-12-26
    進撃の巨人                           4  [38;5;10mscheduled       [39m 2024-12-20
    ");
    // hiatus
    assert_snapshot!(at(8), @"
    Title        Reason                 Days
    ────────────────────────────────────────
    Euphoria 🎬  2023 strikes, then t…     0
    Severance    WGA and SAG-AFTRA st…     0
    ");
    assert_snapshot!(at(9), @"
    Title        Season  Reason                 Since       Days
    ────────────────────────────────────────────────────────────
    Euphoria 🎬          2023 strikes, then t…  2024-12-01     0
    Severance         2  WGA and SAG-AFTRA st…  2024-12-01     0
    ");
    assert_snapshot!(at(10), @"
    Title        Season  Network    Reason                          Since       Days
    ────────────────────────────────────────────────────────────────────────────────
    Euphoria 🎬          HBO        2023 strikes, then the script…  2024-12-01     0
    Severance         2  Apple TV+  WGA and SAG-AFTRA strikes       2024-12-01     0
    ");
    assert_snapshot!(at(11), @"
    Title        Season  Network    Reason                                                        Since       Days
    ──────────────────────────────────────────────────────────────────────────────────────────────────────────────
    Euphoria 🎬          HBO        2023 strikes, then the scripts were rewritten from the start  2024-12-01     0
    Severance         2  Apple TV+  WGA and SAG-AFTRA strikes                                     2024-12-01     0
    ");
    assert_snapshot!(marked(&views[10].0), @"
    [1mTitle       [0m [1mSeason [0m [1mNetwork   [0m [1mReason                         [0m [1mSince      [0m [1mDays[0m
    ────────────────────────────────────────────────────────────────────────────────
    Euphoria 🎬          HBO        2023 strikes, then the script…  2024-12-01     0
    Severance         2  Apple TV+  WGA and SAG-AFTRA strikes       2024-12-01     0
    ");
    // show
    assert_snapshot!(at(12), @"
    Title     Severance
    Network   Apple TV+
    Season    2
    Status    on-hiatus
    Premiere  TBA
    Hiatus    WGA and SAG-AFTRA strikes
    Since     2024-12-01 (0 days)
    Creators  -
    Cast      Adam Scott, Britt Lower,
              Patricia Arquette, John
              Turturro, Christopher Walken,
              Zach Cherry, Tramell Tillman
    Tags      -
    Notes     -
    Added     2024-12-01

    History
    Date        Status     Premiere  Note
    ──────────────────────────────────────
    2024-12-01  on-hiatus            added
    ");
    assert_snapshot!(at(13), @"
    Title     Severance
    Network   Apple TV+
    Season    2
    Status    on-hiatus
    Premiere  TBA
    Hiatus    WGA and SAG-AFTRA strikes
    Since     2024-12-01 (0 days)
    Creators  -
    Cast      Adam Scott, Britt Lower, Patricia Arquette, John
              Turturro, Christopher Walken, Zach Cherry, Tramell
              Tillman
    Tags      -
    Notes     -
    Added     2024-12-01

    History
    Date        Status     Season  Premiere  Note
    ──────────────────────────────────────────────
    2024-12-01  on-hiatus       2            added
    ");
    assert_snapshot!(at(14), @"
    Title     Severance
    Network   Apple TV+
    Season    2
    Status    on-hiatus
    Premiere  TBA
    Hiatus    WGA and SAG-AFTRA strikes
    Since     2024-12-01 (0 days)
    Creators  -
    Cast      Adam Scott, Britt Lower, Patricia Arquette, John Turturro, Christopher
              Walken, Zach Cherry, Tramell Tillman
    Tags      -
    Notes     -
    Added     2024-12-01

    History
    Date        Status     Season  Premiere  Note
    ──────────────────────────────────────────────
    2024-12-01  on-hiatus       2            added
    ");
    assert_snapshot!(at(15), @"
    Title     Severance
    Network   Apple TV+
    Season    2
    Status    on-hiatus
    Premiere  TBA
    Hiatus    WGA and SAG-AFTRA strikes
    Since     2024-12-01 (0 days)
    Creators  -
    Cast      Adam Scott, Britt Lower, Patricia Arquette, John Turturro, Christopher Walken, Zach Cherry, Tramell Tillman
    Tags      -
    Notes     -
    Added     2024-12-01

    History
    Date        Status     Season  Premiere  Note
    ──────────────────────────────────────────────
    2024-12-01  on-hiatus       2            added
    ");
    assert_snapshot!(marked(&views[14].0), @"
    [1mTitle    [0m Severance
    [1mNetwork  [0m Apple TV+
    [1mSeason   [0m 2
    [1mStatus   [0m [38;5;11mon-hiatus[39m
    [1mPremiere [0m TBA
    [1mHiatus   [0m WGA and SAG-AFTRA strikes
    [1mSince    [0m 2024-12-01 (0 days)
    [1mCreators [0m -
    [1mCast     [0m Adam Scott, Britt Lower, Patricia Arquette, John Turturro, Christopher
              Walken, Zach Cherry, Tramell Tillman
    [1mTags     [0m -
    [1mNotes    [0m -
    [1mAdded    [0m 2024-12-01

    History
    [1mDate       [0m [1mStatus    [0m [1mSeason [0m [1mPremiere [0m [1mNote[0m
    ──────────────────────────────────────────────
    2024-12-01  [38;5;11mon-hiatus [39m      2            added
    ");
    // timeline
    assert_snapshot!(at(16), @"
                             2025
                            D F M M J A S N
    進撃の巨人…  2024-12-20 ◆
    Squid Game   2024-12-26 ┊◆
    A Knight of… 2025-Q1    ┊▒▒▒▒▒
    Only Murder… 2025-09-09 ┊           ◆
           today 2024-12-01 ▲

    Not on the chart:
      Euphoria 🎬  on hiatus: 2023 strikes,…
      Severance S2 on hiatus: WGA and SAG-A…
      Andor S2     after the chart: 2026-su…
    ");
    assert_snapshot!(at(17), @"
                                 2025
                               D J  F  M  A M  J  J  A S  O  N
    進撃の巨人 S4   2024-12-20 ┊◆
    Squid Game      2024-12-26 ┊ ◆
    A Knight of th… 2025-Q1    ┊ ▒▒▒▒▒▒▒▒▒
    Only Murders i… 2025-09-09 ┊                        ◆
                               ▲ today 2024-12-01

    Not on the chart:
      Euphoria 🎬     on hiatus: 2023 strikes, then the scripts…
      Severance S2    on hiatus: WGA and SAG-AFTRA strikes
      Andor S2        after the chart: 2026-summer
    ");
    assert_snapshot!(at(18), @"
                                        2025
                                    Dec Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov
    進撃の巨人 S4        2024-12-20 ┊ ◆
    Squid Game           2024-12-26 ┊  ◆
    A Knight of the Sev… 2025-Q1    ┊   ▒▒▒▒▒▒▒▒▒▒▒▒
    Only Murders in the… 2025-09-09 ┊                                    ◆
                                    ▲ today 2024-12-01

    Not on the chart:
      Euphoria 🎬          on hiatus: 2023 strikes, then the scripts were rewritten…
      Severance S2         on hiatus: WGA and SAG-AFTRA strikes
      Andor S2             after the chart: 2026-summer
    ");
    assert_snapshot!(at(19), @"
                                              2024  2025
                                              Dec   Jan    Feb   Mar    Apr   May    Jun   Jul    Aug   Sep    Oct   Nov
    進撃の巨人 S4                  2024-12-20 ┊  ◆
    Squid Game                     2024-12-26 ┊    ◆
    A Knight of the Seven Kingdoms 2025-Q1    ┊     ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
    Only Murders in the Building…  2025-09-09 ┊                                                           ◆
                                              ▲ today 2024-12-01

    Not on the chart:
      Euphoria 🎬                    on hiatus: 2023 strikes, then the scripts were rewritten from the start
      Severance S2                   on hiatus: WGA and SAG-AFTRA strikes
      Andor S2                       after the chart: 2026-summer
    ");
    assert_snapshot!(marked(&views[18].0), @"
                                        2025
                                    Dec Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov
    進撃の巨人 S4        2024-12-20 [2m┊[0m [38;5;10m◆[39m
    Squid Game           2024-12-26 [2m┊[0m  [38;5;14m◆[39m
    A Knight of the Sev… 2025-Q1    [2m┊[0m   [38;5;14m▒[39m[38;5;14m▒[39m[38;5;14m▒[39m[38;5;14m▒[39m[38;5;14m▒[39m[38;5;14m▒[39m[38;5;14m▒[39m[38;5;14m▒[39m[38;5;14m▒[39m[38;5;14m▒[39m[38;5;14m▒[39m[38;5;14m▒[39m
    Only Murders in the… 2025-09-09 [2m┊[0m                                    [38;5;12m◆[39m
                                    ▲ today 2024-12-01

    Not on the chart:
      Euphoria 🎬          on hiatus: 2023 strikes, then the scripts were rewritten…
      Severance S2         on hiatus: WGA and SAG-AFTRA strikes
      Andor S2             after the chart: 2026-summer
    ");
}

#[test]
fn the_timeline_keeps_its_columns_and_its_list_no_longer_than_the_chart() {
    // A season window (`2025-summer`, 11 wide) takes a column from the titles, not one past
    // the edge; 32 shows after the chart are listed as 8 and a count.
    let mut file = String::from(
        "version = 1\n\n[[show]]\ntitle = \"On the chart\"\npremiere = \"2025-02-01\"\n",
    );
    file.push_str("\n[[show]]\ntitle = \"Summer show\"\npremiere = \"2025-summer\"\n");
    for i in 1..=32 {
        file.push_str(&format!(
            "\n[[show]]\ntitle = \"Later {i:02}\"\npremiere = \"2027\"\n"
        ));
    }
    let env = TestEnv::with_file(&file);
    assert_snapshot!(fan_view(&env, 80, &["timeline"], false), @"
                                        2025
                                    Dec Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov
    On the chart        2025-02-01  ┊       ◆
    Summer show         2025-summer ┊                       ▒▒▒▒▒▒▒▒▒▒▒▒
                                    ▲ today 2024-12-01

    Not on the chart:
      Later 01            after the chart: 2027
      Later 02            after the chart: 2027
      Later 03            after the chart: 2027
      Later 04            after the chart: 2027
      Later 05            after the chart: 2027
      Later 06            after the chart: 2027
      Later 07            after the chart: 2027
      Later 08            after the chart: 2027
      and 24 more (`airdate list` shows every show)
    ");
}

mod property {
    use super::*;
    use proptest::prelude::*;

    /// Pieces of titles and networks: ASCII words, CJK (two columns each), emoji (alone, with
    /// a variation selector, joined by ZWJ) and combining marks (no columns).
    const PIECES: &[&str] = &[
        "The",
        "Last",
        "of",
        "Us",
        "Kingdoms",
        "進撃の巨人",
        "総合",
        "한국",
        "🎬",
        "❤\u{fe0f}",
        "👩\u{200d}👩\u{200d}👧",
        "q\u{301}",
        "x\u{20dd}",
        "Ｆｕｌｌ",
        "Ωmega",
        " ",
    ];

    fn words(most: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 1..most)
            .prop_map(|p| p.join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// Premieres from today (2024-12-01) on: days in 2025, windows of 2026 (whose countdown
    /// repeats them: "in summer 2026").
    const PREMIERES: &[&str] = &[
        "2025-01-17",
        "2025-06-30",
        "2026-Q1",
        "2026-summer",
        "2026",
        "2026-01",
        "2026-H2",
        "2026-late",
        "TBA",
    ];

    fn quoted(text: &str) -> String {
        serde_json::to_string(text).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        #[test]
        fn no_line_is_wider_than_the_terminal(
            shows in prop::collection::vec(
                (words(7), words(4), prop::sample::select(PREMIERES), any::<bool>(), 1..30u32),
                1..5,
            ),
            columns in 40..=200u16,
        ) {
            let mut file = String::from("version = 1\n");
            let mut titles = Vec::new();
            for (i, (title, network, premiere, hiatus, season)) in shows.iter().enumerate() {
                let title = format!("T{i} {title}");
                file.push_str(&format!(
                    "\n[[show]]\ntitle = {}\nnetwork = {}\nseason = {season}\npremiere = \"{premiere}\"\n",
                    quoted(&title),
                    quoted(network),
                ));
                if *hiatus {
                    file.push_str("status = \"on-hiatus\"\nhiatus_reason = \"a long pause while the scripts are rewritten\"\n");
                }
                titles.push(title);
            }
            let env = TestEnv::with_file(&file);
            for args in [
                &["list"][..],
                &["upcoming"],
                &["hiatus"],
                &["show", titles[0].as_str()],
                &["timeline"],
            ] {
                let out = fan_view(&env, columns, args, false);
                // A title is cut only when every other column has given way: the columns that
                // may be left out are, and no When only repeats its window.
                let shown: Vec<&String> = titles.iter().filter(|t| {
                    let lines: Vec<&str> = out.lines().collect();
                    lines.iter().any(|l| l.contains(t.split(' ').next().unwrap()))
                }).collect();
                let cut = shown.iter().any(|t| !out.contains(t.as_str()));
                let header: Vec<&str> = out.lines().next().unwrap_or("").split_whitespace().collect();
                match args[0] {
                    "list" if cut => prop_assert_eq!(header, ["Title", "Premiere"], "{}", out),
                    "upcoming" if cut => {
                        prop_assert_eq!(header, ["Premiere", "When", "Title"], "{}", out);
                        prop_assert!(!out.contains(" 2026"), "{}", out);
                    }
                    "hiatus" if cut => prop_assert_eq!(header, ["Title", "Reason", "Days"], "{}", out),
                    _ => {}
                }
            }
        }
    }
}
