//! The timeline chart, drawn for the example watchlist on a fixed day at 80 and 200 columns,
//! in Unicode and in ASCII.

use crate::common::TestEnv;
use insta::assert_snapshot;
use unicode_width::UnicodeWidthStr;

/// The chart at `columns`, checked to fit them.
fn chart(env: &TestEnv, columns: usize, args: &[&str], lang: Option<&str>) -> String {
    let mut cmd = env.command(&[&["timeline"][..], args].concat());
    cmd.env("COLUMNS", columns.to_string());
    if let Some(lang) = lang {
        cmd.env("LANG", lang);
    }
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    for line in text.lines() {
        assert!(line.width() <= columns, "{} columns: {line}", line.width());
    }
    text
}

#[test]
fn unicode_at_80_columns() {
    assert_snapshot!(chart(&TestEnv::example(), 80, &[], None), @"
                                        2025
                                    Dec Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov
    Squid Game S2        2024-12-26 ┊  ◆
    Severance S2         2025-01-17 ┊     ◆
    The White Lotus S3   2025-02-16 ┊         ◆
    Daredevil: Born Aga… 2025-03-04 ┊           ◆
    Andor S2             2025-04-22 ┊                 ◆
    The Last of Us S2    2025-04    ┊               ▒▒▒▒
    The Bear S4          2025-Q2    ┊               ▒▒▒▒▒▒▒▒▒▒▒▒
    Wednesday S2         2025-H2    ┊                           ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▸
    Stranger Things S5   2025       ┊   ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▸
                                    ▲ today 2024-12-01

    Not on the chart:
      Euphoria S3          on hiatus: 2023 strikes, then scripts rewritten
      Shōgun S2            after the chart: 2026
      Silo S2              airing since 2024-11-15
      The Penguin S1       season aired (2024-09-19)
      Hacks S4             TBA, announced
      The Boys S5          TBA, in-production
    ");
}

#[test]
fn ascii_at_80_columns() {
    let env = TestEnv::example();
    let ascii = chart(&env, 80, &["--ascii"], None);
    assert_eq!(
        chart(&env, 80, &[], Some("C")),
        ascii,
        "a non-UTF-8 locale draws ASCII"
    );
    // The chart is drawn in ASCII; titles keep their letters (Shōgun is now listed as after
    // the chart).
    assert!(ascii.replace("Shōgun", "Shogun").is_ascii());
    assert_snapshot!(ascii, @"
                                        2025
                                    Dec Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov
    Squid Game S2        2024-12-26 :  *
    Severance S2         2025-01-17 :     *
    The White Lotus S3   2025-02-16 :         *
    Daredevil: Born Aga~ 2025-03-04 :           *
    Andor S2             2025-04-22 :                 *
    The Last of Us S2    2025-04    :               ====
    The Bear S4          2025-Q2    :               ============
    Wednesday S2         2025-H2    :                           ===================>
    Stranger Things S5   2025       :   ===========================================>
                                    ^ today 2024-12-01

    Not on the chart:
      Euphoria S3          on hiatus: 2023 strikes, then scripts rewritten
      Shōgun S2            after the chart: 2026
      Silo S2              airing since 2024-11-15
      The Penguin S1       season aired (2024-09-19)
      Hacks S4             TBA, announced
      The Boys S5          TBA, in-production
    ");
}

#[test]
fn unicode_at_200_columns() {
    assert_snapshot!(chart(&TestEnv::example(), 200, &[], Some("en_US.UTF-8")), @"
                                              2024         2025
                                              Dec          Jan          Feb          Mar          Apr          May           Jun          Jul          Aug          Sep          Oct          Nov
    Squid Game S2                  2024-12-26 ┊         ◆
    Severance S2                   2025-01-17 ┊                  ◆
    The White Lotus S3             2025-02-16 ┊                                ◆
    Daredevil: Born Again S1       2025-03-04 ┊                                       ◆
    Andor S2                       2025-04-22 ┊                                                            ◆
    The Last of Us S2              2025-04    ┊                                                   ▒▒▒▒▒▒▒▒▒▒▒▒▒▒
    The Bear S4                    2025-Q2    ┊                                                   ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒
    Wednesday S2                   2025-H2    ┊                                                                                           ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▸
    Stranger Things S5             2025       ┊            ▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▒▸
                                              ▲ today 2024-12-01

    Not on the chart:
      Euphoria S3                    on hiatus: 2023 strikes, then scripts rewritten
      Shōgun S2                      after the chart: 2026
      Silo S2                        airing since 2024-11-15
      The Penguin S1                 season aired (2024-09-19)
      Hacks S4                       TBA, announced
      The Boys S5                    TBA, in-production
    ");
}

#[test]
fn ascii_at_200_columns() {
    assert_snapshot!(chart(&TestEnv::example(), 200, &["--ascii"], None), @"
                                              2024         2025
                                              Dec          Jan          Feb          Mar          Apr          May           Jun          Jul          Aug          Sep          Oct          Nov
    Squid Game S2                  2024-12-26 :         *
    Severance S2                   2025-01-17 :                  *
    The White Lotus S3             2025-02-16 :                                *
    Daredevil: Born Again S1       2025-03-04 :                                       *
    Andor S2                       2025-04-22 :                                                            *
    The Last of Us S2              2025-04    :                                                   ==============
    The Bear S4                    2025-Q2    :                                                   ========================================
    Wednesday S2                   2025-H2    :                                                                                           =================================================================>
    Stranger Things S5             2025       :            ================================================================================================================================================>
                                              ^ today 2024-12-01

    Not on the chart:
      Euphoria S3                    on hiatus: 2023 strikes, then scripts rewritten
      Shōgun S2                      after the chart: 2026
      Silo S2                        airing since 2024-11-15
      The Penguin S1                 season aired (2024-09-19)
      Hacks S4                       TBA, announced
      The Boys S5                    TBA, in-production
    ");
}

#[test]
fn a_chosen_span_and_status() {
    let env = TestEnv::example();
    assert_snapshot!(
        chart(&env, 80, &["--from", "2025-03-15", "--months", "6", "--status", "scheduled", "--ascii"], None),
        @"
                                    2025
                                    Mar     Apr     May     Jun     Jul     Aug
    Andor S2             2025-04-22              *

    Not on the chart:
      Severance S2         premiere 2025-01-17 has passed, yet scheduled
      Squid Game S2        premiere 2024-12-26 has passed, yet scheduled
      The White Lotus S3   premiere 2025-02-16 has passed, yet scheduled
    "
    );
    // Long and wide titles are cut to fit, whatever the width.
    let _ = env.ok(&[
        "add",
        "進撃の巨人 The Final Season Part 3",
        "--premiere",
        "2025-02-01",
    ]);
    for columns in [40, 60, 80, 120, 200] {
        let _ = chart(&env, columns, &[], None);
    }
}
