//! Linking done right: one TVmaze id links one show — against the tests' own TVmaze.

use crate::common::TestEnv;
use crate::common::tvmaze::{FakeTvmaze, Reply};

/// A watchlist with a comment, and the test TVmaze with two shows called The Flash and one
/// whose name has an accent.
fn env(server: &FakeTvmaze, text: &str) -> TestEnv {
    shows(server);
    let mut env = TestEnv::with_file(&format!("# mine\nversion = 1\n{text}"));
    env.tvmaze = Some(server.url());
    env.today = "2025-06-01".into();
    env
}

/// A show as TVmaze gives it (see `FakeTvmaze::show_json`), first aired on `premiered`.
fn show_json(
    id: u32,
    name: &str,
    premiered: &str,
    network: &str,
    imdb: Option<&str>,
    season: (u32, &str, &str),
) -> String {
    let (number, start, end) = season;
    let json = FakeTvmaze::show_json(
        id,
        name,
        "Ended",
        Some(network),
        None,
        imdb,
        1_700_001_000 + id,
        &[(number, Some(start), Some(end))],
    );
    // The helper's shows all began in 2022.
    json.replace(
        "\"premiered\": \"2022-02-18\"",
        &format!("\"premiered\": \"{premiered}\""),
    )
}

/// The Flash of 2014 (TVmaze 13) and of 1990 (TVmaze 1850), and Unité 9, found by "Unite 9".
fn shows(server: &FakeTvmaze) {
    let flash = show_json(
        13,
        "The Flash",
        "2014-10-07",
        "The CW",
        Some("tt3107288"),
        (9, "2023-02-08", "2023-05-24"),
    );
    let flash_1990 = show_json(
        1850,
        "The Flash",
        "1990-09-20",
        "CBS",
        Some("tt0098798"),
        (1, "1990-09-20", "1991-05-18"),
    );
    let unite = show_json(
        2936,
        "Unité 9",
        "2012-09-04",
        "ICI Radio-Canada Télé",
        None,
        (7, "2018-09-04", "2019-04-09"),
    );
    for (id, json) in [(13, &flash), (1850, &flash_1990), (2936, &unite)] {
        server.route(
            &format!("/shows/{id}?embed[]=seasons"),
            Reply::Json(json.clone()),
        );
    }
    let hit = |score: f64, json: &str| format!("{{\"score\": {score}, \"show\": {json}}}");
    server.route(
        "/search/shows?q=The Flash",
        Reply::Json(format!(
            "[{}, {}]",
            hit(20.1, &flash),
            hit(19.8, &flash_1990)
        )),
    );
    server.route(
        "/search/shows?q=Unite 9",
        Reply::Json(format!("[{}]", hit(11.2, &unite))),
    );
}

#[test]
fn set_and_import_never_link_a_second_show_to_one_tvmaze_id() {
    let server = FakeTvmaze::start();
    let env = env(
        &server,
        "\n[[show]]\ntitle = \"Severance\" # the one I watch\ntvmaze = 44933\n\n\
         [[show]]\ntitle = \"Andor\"\n",
    );
    let before = env.read();
    let run = env.run(&["set", "andor", "--tvmaze", "44933"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: TVmaze 44933 is already linked to \"Severance\"; a TVmaze show links one \
             show only (to move the link, take `tvmaze = 44933` out of \"Severance\" with \
             `airdate edit`)\n"
        ),
        "{run}"
    );
    let records = env.dir().join("in.json");
    std::fs::write(
        &records,
        r#"[{"title": "Andor", "tvmaze": 40016}, {"title": "Severance (copy)", "tvmaze": 44933}]"#,
    )
    .unwrap();
    let run = env.run(&["import", records.to_str().unwrap()]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            1,
            "error: `[DIR]/in.json`: \"Severance (copy)\": TVmaze 44933 is already linked to \
             \"Severance\"; a TVmaze or IMDb id links one show only; nothing was imported\n"
        ),
        "{run}"
    );
    assert_eq!(env.read(), before);
    assert_eq!(server.requests(), Vec::<String>::new());
    // A show's own id is no clash.
    assert_eq!(
        env.ok(&["set", "severance", "--tvmaze", "44933"]),
        "\"Severance\" already had those values; nothing changed\n"
    );
}
