//! Bringing a list from another tracker: `import --lookup` finds each show on TVmaze (the tests'
//! own, on 127.0.0.1) and reports what became of each.

use crate::common::tvmaze::{FakeTvmaze, Reply};
use crate::common::{TestEnv, titles};

fn server() -> FakeTvmaze {
    let server = FakeTvmaze::start();
    let tlou = FakeTvmaze::show_json(
        46562,
        "The Last of Us",
        "Running",
        Some("HBO"),
        None,
        None,
        1,
        &[],
    );
    server.route("/shows/46562", Reply::Json(tlou));
    server.route(
        "/lookup/shows?thetvdb=392256",
        Reply::Redirect("/shows/46562".into()),
    );
    server.route(
        "/lookup/shows?imdb=tt3581920",
        Reply::Redirect("/shows/46562".into()),
    );
    let dept = FakeTvmaze::show_json(
        70001,
        "Dept. Q",
        "In Development",
        None,
        Some("Netflix"),
        None,
        1,
        &[],
    );
    let hit = format!("[{{\"score\": 12.0, \"show\": {dept}}}]");
    server.route("/search/shows?q=Dept. Q", Reply::Json(hit.clone()));
    server.route(
        "/search/shows?q=Mr. & Mrs. Smith, the series",
        Reply::Json("[]".into()),
    );
    server
}

fn env(server: &FakeTvmaze, files: &[(&str, &str)]) -> TestEnv {
    let mut env = TestEnv::with_file(
        "# mine\nversion = 1\n\n[[show]]\ntitle = \"Severance\"\ntvmaze = 44933\n",
    );
    env.tvmaze = Some(server.url());
    env.today = "2025-06-01".into();
    for (name, text) in files {
        std::fs::write(env.dir().join(name), text).unwrap();
    }
    env
}

fn import(env: &TestEnv, name: &str, extra: &[&str]) -> crate::common::Run {
    let path = env.dir().join(name);
    let mut args = vec!["import", "--lookup", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    env.run(&args)
}

const CREDIT: &str = "Data from TVmaze (tvmaze.com), CC BY-SA 4.0.\n";

#[test]
fn a_plain_list_of_titles_and_imdb_ids() {
    let server = server();
    let env = env(
        &server,
        &[(
            "shows.txt",
            "# from my notes\nSeverance\ntt3581920\nThe Office   # which one?\nNothing Like It\nDept. Q\n",
        )],
    );
    let run = import(&env, "shows.txt", &[]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        format!(
            "already present: Severance (2022, Apple TV, TVmaze 44933)\n\
             added: The Last of Us (2022, HBO, TVmaze 46562)\n\
             ambiguous: The Office (line 4): The Office (NBC, TVmaze 526); The Office (BBC Two, TVmaze 2049)\n\
             not found: Nothing Like It (line 5)\n\
             added: Dept. Q (Netflix, TVmaze 70001)\n\
             [DIR]/shows.txt: 2 added, 1 already present, 1 not found, 1 ambiguous, 0 skipped\n{CREDIT}"
        )
    );
    assert_eq!(
        titles(&env.ok(&["list", "--json"])),
        ["Dept. Q", "Severance", "The Last of Us"]
    );
    assert!(env.read().starts_with("# mine\nversion = 1\n"));
    // Run again: everything is there already, and nothing is added twice.
    let again = import(&env, "shows.txt", &[]);
    assert!(
        again.stdout.contains(": 0 added, 3 already present"),
        "{again}"
    );
}

#[test]
fn an_imdb_export_takes_only_series() {
    let server = server();
    let csv = "Position,Const,Created,Modified,Description,Title,URL,Title Type,IMDb Rating\n\
               1,tt3581920,2024-01-01,2024-01-01,,The Last of Us,https://example.com/1,TV Series,8.7\n\
               2,tt1160419,2024-01-01,2024-01-01,,Dune,https://example.com/2,Movie,8.0\n\
               3,tt9999999,2024-01-01,2024-01-01,,Unknown Show,https://example.com/3,TV Mini Series,7.0\n";
    let env = env(&server, &[("imdb.csv", csv)]);
    let run = import(&env, "imdb.csv", &["--dry-run"]);
    assert_eq!(run.code, 0, "{run}");
    assert_eq!(
        run.stdout,
        format!(
            "would add: The Last of Us (2022, HBO, TVmaze 46562)\n\
             skipped: Dune (line 3: a movie, not a series)\n\
             not found: Unknown Show (line 4)\n\
             [DIR]/imdb.csv: 1 would be added, 0 already present, 1 not found, 0 ambiguous, 1 skipped; nothing was written (--dry-run)\n{CREDIT}"
        )
    );
    assert_eq!(
        titles(&env.ok(&["list", "--json"])),
        ["Severance"],
        "a dry run writes nothing"
    );
}

#[test]
fn tv_time_and_trakt_exports() {
    let server = server();
    let tv_time =
        "tv_show_name,tv_show_id\n\"Mr. & Mrs. Smith, the series\",1\nThe Last of Us,392256\n";
    let trakt = "title,imdb,tvdb\nDept. Q,,\nSeverance,tt11280740,\n";
    let env = env(&server, &[("tvtime.csv", tv_time), ("trakt.csv", trakt)]);
    let run = import(&env, "tvtime.csv", &[]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout
            .contains("not found: Mr. & Mrs. Smith, the series (line 2)"),
        "{run}"
    );
    assert!(
        run.stdout
            .contains("added: The Last of Us (2022, HBO, TVmaze 46562)"),
        "{run}"
    );
    let run = import(&env, "trakt.csv", &[]);
    assert!(
        run.stdout
            .contains("added: Dept. Q (Netflix, TVmaze 70001)"),
        "{run}"
    );
    assert!(run.stdout.contains("already present: Severance"), "{run}");
    assert_eq!(
        titles(&env.ok(&["list", "--json"])),
        ["Dept. Q", "Severance", "The Last of Us"]
    );
}

#[test]
fn an_interrupted_import_goes_on_where_it_stopped() {
    let server = server();
    let env = env(&server, &[("shows.txt", "tt3581920\nDept. Q\n")]);
    // The lookup, its redirect and the show of the first are answered; then the server is gone.
    server.stop_after(3);
    let run = import(&env, "shows.txt", &[]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr.contains("Dept. Q (line 2): cannot reach TVmaze"),
        "{run}"
    );
    assert_eq!(
        titles(&env.ok(&["list", "--json"])),
        ["Severance", "The Last of Us"]
    );
    let again = server_env(&env);
    let run = import(&again, "shows.txt", &[]);
    assert_eq!(run.code, 0, "{run}");
    assert!(
        run.stdout
            .contains("already present: The Last of Us (2022, HBO, TVmaze 46562)"),
        "{run}"
    );
    assert!(run.stdout.contains(": 1 added, 1 already present"), "{run}");
    assert_eq!(
        titles(&again.ok(&["list", "--json"])),
        ["Dept. Q", "Severance", "The Last of Us"]
    );
}

/// The same watchlist, pointed at a new server (the old one is gone).
fn server_env(env: &TestEnv) -> TestEnv {
    let server = Box::leak(Box::new(server()));
    let again = TestEnv::with_file(&env.read());
    let mut again = again;
    again.tvmaze = Some(server.url());
    again.today = env.today.clone();
    std::fs::copy(env.dir().join("shows.txt"), again.dir().join("shows.txt")).unwrap();
    again
}

#[test]
fn an_import_on_a_terminal_shows_its_progress() {
    let server = server();
    let env = env(
        &server,
        &[(
            "shows.txt",
            "Severance\ntt3581920\nNothing Like It\nDept. Q\n",
        )],
    );
    let path = env.dir().join("shows.txt");
    let args = ["import", "--lookup", path.to_str().unwrap()];
    let Some(run) = env.on_terminal_with(&args, &[("TERM", "xterm")]) else {
        return;
    };
    assert_eq!(run.code, 0, "{run}");
    // The bar counts the shows of the list, naming the one being looked up, and is gone
    // before the report.
    assert!(run.stdout.contains("1/4 Severance"), "{run}");
    assert!(
        run.stdout.contains("\u{1b}[2K")
            && run.stdout.ends_with(&format!(
                "[DIR]/shows.txt: 2 added, 1 already present, 1 not found, 0 ambiguous, 0 skipped\n{CREDIT}"
            )),
        "{run}"
    );
    // Without a terminal, no bar.
    let again = env.run(&["import", "--lookup", path.to_str().unwrap(), "--dry-run"]);
    assert!(!again.stderr.contains("/4"), "{again}");
}
