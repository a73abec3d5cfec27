//! Whole-process benchmark of airdate on generated watchlists of 500, 2,000 and 10,000 shows:
//! the median time of repeated runs after a warm-up, and the peak memory of a run, beside two
//! plain programs run as processes of their own on the same file: one that reads it with `toml`
//! and serde into structs, and one that parses it with `toml_edit`, appends a show and writes
//! it atomically. airdate's reads are compared with the first, its writes with the second.
//!
//! Last, one `import` of a generated CSV file of 1,000,000 rows into an empty watchlist, timed
//! once with its peak memory: import must stay linear, in time and memory, far beyond the
//! sizes of a watchlist.
//!
//! Run with `cargo bench --bench airdate`. `AIRDATE_BENCH_SIZES=500,2000` picks the sizes,
//! `AIRDATE_BENCH_RUNS=15` the number of timed runs, `AIRDATE_BENCH_IMPORT_ROWS=100000` the
//! rows of the import (0: none). `cargo bench --bench airdate -- import` runs only the import.
//! `cargo bench --bench airdate -- --write 2000 FILE` writes the watchlist it would time, and
//! `-- --write-csv 1000000 FILE` the CSV file it would import.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_airdate");

/// The watchlist as a straightforward program would read it: `toml` and serde into structs.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct PlainFile {
    version: Option<i64>,
    #[serde(default)]
    show: Vec<PlainShow>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct PlainShow {
    title: String,
    network: Option<String>,
    season: Option<u32>,
    status: Option<String>,
    premiere: Option<String>,
    hiatus_reason: Option<String>,
    #[serde(default)]
    creators: Vec<String>,
    #[serde(default)]
    cast: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
    notes: Option<String>,
    added: Option<String>,
    #[serde(default)]
    history: Vec<PlainEntry>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct PlainEntry {
    date: String,
    status: Option<String>,
    note: Option<String>,
}
const TODAY: &str = "2024-12-01";
const STATUSES: [&str; 10] = [
    "announced",
    "in-development",
    "in-production",
    "on-hiatus",
    "post-production",
    "scheduled",
    "airing",
    "finished",
    "ended",
    "cancelled",
];

/// A deterministic watchlist of `n` realistic shows: every status and premiere form, cast
/// lists, history entries and comments.
fn watchlist(n: usize) -> String {
    let mut out = String::from("# A generated watchlist for the benchmark.\nversion = 1\n");
    for i in 0..n {
        let status = STATUSES[i % 10];
        let year = 2024 + (i % 4);
        let month = i % 12 + 1;
        let premiere = match i % 6 {
            0 => "TBA".to_string(),
            1 => format!("{year}"),
            2 => format!("{year}-H{}", i % 2 + 1),
            3 => format!("{year}-Q{}", i % 4 + 1),
            4 => format!("{year}-{month:02}"),
            _ => format!("{year}-{month:02}-{:02}", i % 28 + 1),
        };
        let _ = write!(
            out,
            "\n# show {i}\n[[show]]\ntitle = \"Show {i:06} of the benchmark\"\n\
             network = \"Network {}\"\nseason = {}\nstatus = \"{status}\"\npremiere = \"{premiere}\"\n",
            i % 37,
            i % 9 + 1
        );
        if status == "on-hiatus" {
            let _ = writeln!(out, "hiatus_reason = \"Strike number {}\"", i % 5);
        }
        let _ = write!(
            out,
            "creators = [\"Creator {}\"]\ncast = [\"Actor {}\", \"Actor {}\", \"Actor {}\"]\n\
             tags = [\"drama\", \"tag{}\"]\nnotes = \"Notes for show {i}: renewed after a long wait.\"\n\
             added = \"2024-01-{:02}\"\n\n[[show.history]]\ndate = \"2023-05-{:02}\"\n\
             status = \"in-production\"\n\n[[show.history]]\ndate = \"2023-07-{:02}\"\n\
             status = \"{status}\"\nnote = \"status changed\"\n",
            i % 101,
            i % 211,
            i * 7 % 211,
            i * 13 % 211,
            i % 17,
            i % 28 + 1,
            i % 28 + 1,
            i % 28 + 1
        );
    }
    out
}

/// A deterministic CSV file of `n` rows, such as a spreadsheet of shows would export: every
/// status and premiere form, a network and tags.
fn import_rows(n: usize) -> String {
    let mut out = String::from("title,network,season,status,premiere,tags\n");
    for i in 0..n {
        let year = 2024 + (i % 4);
        let premiere = match i % 4 {
            0 => "TBA".to_string(),
            1 => format!("{year}-Q{}", i / 4 % 4 + 1),
            2 => format!("{year}-{:02}", i % 12 + 1),
            _ => format!("{year}-{:02}-{:02}", i % 12 + 1, i % 28 + 1),
        };
        let _ = writeln!(
            out,
            "Imported show {i:07},Network {},{},{},{premiere},drama; tag{}",
            i % 37,
            i % 9 + 1,
            STATUSES[i % 10],
            i % 17
        );
    }
    out
}

/// Prints the wall time and peak memory of one `import` of `rows` generated rows into a
/// watchlist that does not exist yet (a run takes long enough to need no repeats).
fn import_case(dir: &Path, rows: usize) {
    let csv = dir.join("import.csv");
    fs::write(&csv, import_rows(rows)).unwrap();
    let file = dir.join("imported.toml");
    let _ = fs::remove_file(&file);
    eprintln!("import of {rows} CSV rows");
    let (time, kib) = run_once(&mut airdate(&file, &["import", csv.to_str().unwrap()]));
    let written = fs::metadata(&file).map_or(0, |m| m.len());
    let mib = |bytes: u64| bytes as f64 / (1 << 20) as f64;
    println!("| command | time, peak memory |\n|---|---|");
    println!(
        "| import {rows} CSV rows ({:.0} MiB) into an empty watchlist ({:.0} MiB written) | \
         {:.1} s, {:.0} MiB |",
        mib(fs::metadata(&csv).unwrap().len()),
        mib(written),
        time.as_secs_f64(),
        kib as f64 / 1024.0
    )
}

struct Measure {
    median: Duration,
    peak_kib: u64,
}

/// Runs `cmd` once, returning its wall time and peak resident memory.
///
/// The command is started by a small process of its own (this benchmark, started again with
/// `--measure`): Linux carries the peak memory of the process that starts a command over to
/// the command, and this benchmark holds large watchlists in memory.
fn run_once(cmd: &mut Command) -> (Duration, u64) {
    let mut launcher = Command::new(std::env::current_exe().unwrap());
    launcher
        .arg("--measure")
        .arg(cmd.get_program())
        .args(cmd.get_args());
    for (key, value) in cmd.get_envs() {
        match value {
            Some(value) => launcher.env(key, value),
            None => launcher.env_remove(key),
        };
    }
    let output = launcher.output().expect("the launcher starts");
    let report = String::from_utf8(output.stdout).unwrap();
    let (nanos, kib) = report.trim().split_once(' ').unwrap_or_else(|| {
        panic!(
            "{cmd:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (
        Duration::from_nanos(nanos.parse().unwrap()),
        kib.parse().unwrap(),
    )
}

/// `--measure PROGRAM ARGS…`: runs the program once and prints its wall time in nanoseconds
/// and its peak memory in KiB.
// The child is reaped by wait4, which also reports its peak memory; `Child::wait` cannot.
#[allow(clippy::zombie_processes)]
fn measure_child(program: &str, args: &[String]) {
    let started = Instant::now();
    let child = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the command starts");
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child, with valid pointers to locals.
    let pid = unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert!(pid > 0, "wait4 failed");
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        eprintln!("{program} {args:?} failed with status {status}");
        std::process::exit(1);
    }
    println!("{} {}", elapsed.as_nanos(), usage.ru_maxrss);
}

/// The median of `runs` timed runs after one warm-up; `before` runs untimed before each.
fn measure(
    runs: usize,
    mut make: impl FnMut(usize) -> Command,
    mut before: impl FnMut(usize),
) -> Measure {
    before(usize::MAX);
    run_once(&mut make(usize::MAX));
    let mut times = Vec::with_capacity(runs);
    let mut peak = 0;
    for i in 0..runs {
        before(i);
        let (time, kib) = run_once(&mut make(i));
        times.push(time);
        peak = peak.max(kib);
    }
    times.sort();
    Measure {
        median: times[runs / 2],
        peak_kib: peak,
    }
}

fn airdate(file: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("AIRDATE_FILE", file)
        .env("AIRDATE_TODAY", TODAY)
        .env_remove("COLUMNS");
    cmd
}

/// `--serde FILE`: what a plain program that reads the watchlist does.
fn plain_read(file: &str) {
    let text = fs::read_to_string(file).unwrap();
    let parsed: PlainFile = toml::from_str(&text).unwrap();
    std::hint::black_box(&parsed);
}

/// `--toml-edit FILE`: what a plain program that adds a show does: parse with `toml_edit`,
/// append a table, write a temporary file, sync it and rename it over the watchlist.
fn plain_write(file: &str) {
    use std::io::Write as _;
    let text = fs::read_to_string(file).unwrap();
    let mut doc: toml_edit::DocumentMut = text.parse().unwrap();
    let mut show = toml_edit::Table::new();
    show.insert("title", toml_edit::value("Plain addition"));
    show.insert("status", toml_edit::value("announced"));
    doc["show"].as_array_of_tables_mut().unwrap().push(show);
    let path = Path::new(file);
    let mut temp = tempfile::NamedTempFile::new_in(path.parent().unwrap()).unwrap();
    temp.write_all(doc.to_string().as_bytes()).unwrap();
    temp.as_file().sync_data().unwrap();
    temp.persist(path).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--measure") => return measure_child(&args[2], &args[3..]),
        Some("--serde") => return plain_read(&args[2]),
        Some("--toml-edit") => return plain_write(&args[2]),
        _ => {}
    }
    if let Some(at) = args.iter().position(|a| a == "--write") {
        // `--write N PATH`: the watchlist of N shows that the benchmark times, for profiling.
        let n: usize = args[at + 1].parse().expect("a number of shows");
        fs::write(&args[at + 2], watchlist(n)).unwrap();
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--write-csv") {
        // `--write-csv N PATH`: the CSV file of N rows that the benchmark imports.
        let n: usize = args[at + 1].parse().expect("a number of rows");
        fs::write(&args[at + 2], import_rows(n)).unwrap();
        return;
    }
    let imported: usize = std::env::var("AIRDATE_BENCH_IMPORT_ROWS")
        .ok()
        .map(|r| r.parse().expect("AIRDATE_BENCH_IMPORT_ROWS is a number"))
        .unwrap_or(1_000_000);
    let only_import = args.iter().skip(1).any(|a| a == "import");
    let sizes: Vec<usize> = std::env::var("AIRDATE_BENCH_SIZES")
        .unwrap_or_else(|_| "500,2000,10000".into())
        .split(',')
        .map(|s| s.trim().parse().expect("sizes are numbers"))
        .collect();
    let runs: usize = std::env::var("AIRDATE_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let cache = dir.path().join("cache");
    // SAFETY: set before any thread starts; the children inherit it.
    unsafe { std::env::set_var("AIRDATE_CACHE_DIR", &cache) };
    let me = std::env::current_exe().unwrap();
    if only_import {
        return import_case(dir.path(), imported);
    }

    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut row = |name: &str, col: usize, cell: String| {
        if let Some(r) = rows.iter_mut().find(|(n, _)| n == name) {
            r.1.resize(col + 1, String::new());
            r.1[col] = cell;
        } else {
            let mut cells = vec![String::new(); col + 1];
            cells[col] = cell;
            rows.push((name.to_string(), cells));
        }
    };

    for (col, &n) in sizes.iter().enumerate() {
        let file: PathBuf = dir.path().join(format!("watchlist-{n}.toml"));
        let text = watchlist(n);
        fs::write(&file, &text).unwrap();
        let size_mib = text.len() as f64 / (1 << 20) as f64;
        eprintln!("{n} shows, {size_mib:.2} MiB, {runs} runs each");
        row("file size", col, format!("{size_mib:.2} MiB"));
        let ms = |m: &Measure| m.median.as_secs_f64() * 1e3;
        let mib = |m: &Measure| m.peak_kib as f64 / 1024.0;
        let plain = |flag: &str, restore: bool| {
            let mut cmd = Command::new(&me);
            cmd.arg(flag).arg(&file);
            let m = measure(
                runs,
                |_| {
                    let mut c = Command::new(cmd.get_program());
                    c.args(cmd.get_args());
                    c
                },
                |_| {
                    if restore {
                        fs::write(&file, &text).unwrap();
                    }
                },
            );
            fs::write(&file, &text).unwrap();
            m
        };
        let serde = plain("--serde", false);
        let toml_edit = plain("--toml-edit", true);
        row(
            "plain `toml` + serde read (process)",
            col,
            format!("{:.1} ms, {:.0} MiB", ms(&serde), mib(&serde)),
        );
        row(
            "plain `toml_edit` parse, append, atomic write (process)",
            col,
            format!("{:.1} ms, {:.0} MiB", ms(&toml_edit), mib(&toml_edit)),
        );

        let mut timed = |name: &str, base: &Measure, m: Measure| {
            let ratio = ms(&m) / ms(base);
            row(
                name,
                col,
                format!("{:.1} ms ({ratio:.2}×), {:.0} MiB", ms(&m), mib(&m)),
            );
        };
        // The first read after the file changed parses it and writes the cache.
        let mut flip = false;
        let m = measure(
            runs,
            |_| airdate(&file, &["upcoming"]),
            |_| {
                flip = !flip;
                let word = if flip {
                    "generated Watchlist"
                } else {
                    "generated watchlist"
                };
                fs::write(&file, text.replacen("generated watchlist", word, 1)).unwrap();
            },
        );
        timed("upcoming, first read after a change", &serde, m);
        fs::write(&file, &text).unwrap();
        for (name, args) in [
            ("upcoming", &["upcoming"][..]),
            (
                "list --status on-hiatus",
                &["list", "--status", "on-hiatus"],
            ),
            ("hiatus", &["hiatus"]),
            ("show", &["show", "Show 000042"]),
            ("upcoming --json", &["upcoming", "--json"]),
        ] {
            timed(
                name,
                &serde,
                measure(runs, |_| airdate(&file, args), |_| {}),
            );
        }
        let m = measure(
            runs,
            |_| {
                let mut cmd = airdate(&file, &["--", "airdate", "show", "Show 0001"]);
                cmd.env("COMPLETE", "bash").env("_CLAP_COMPLETE_INDEX", "2");
                cmd
            },
            |_| {},
        );
        timed("complete `airdate show Show 0001<TAB>`", &serde, m);

        let title = |i: usize| format!("Benchmark addition {i}");
        let m = measure(
            runs,
            |i| airdate(&file, &["add", &title(i), "--season", "2"]),
            |i| {
                let _ = airdate(&file, &["remove", &title(i), "--yes"]).output();
            },
        );
        timed("add", &toml_edit, m);
        fs::write(&file, &text).unwrap();
        let m = measure(
            runs,
            |i| {
                let status = if i % 2 == 0 { "filming" } else { "post" };
                airdate(&file, &["set", "Show 000042", "--status", status])
            },
            |_| {},
        );
        timed("set", &toml_edit, m);
        let m = measure(
            runs,
            |i| airdate(&file, &["remove", &title(i), "--yes"]),
            |i| {
                let _ = airdate(&file, &["add", &title(i)]).output();
            },
        );
        timed("remove", &toml_edit, m);
        fs::write(&file, &text).unwrap();

        // A merge as git's driver runs it: 10 shows changed on each device, one of them the
        // same show (a different key), and a show added on each.
        let side = |offset: usize, key: &str, added: &str| {
            let mut side = text.clone();
            for k in 0..10 {
                let i = (offset + k * n / 10) % n;
                let title = format!("title = \"Show {i:06} of the benchmark\"\n");
                side = side.replacen(&title, &format!("{title}{key} = \"{added} {k}\"\n"), 1);
            }
            side + &format!("\n[[show]]\ntitle = \"{added}\"\n")
        };
        let (base_file, ours_file, theirs_file, out_file) = (
            dir.path().join("base.toml"),
            dir.path().join("ours.toml"),
            dir.path().join("theirs.toml"),
            dir.path().join("merged.toml"),
        );
        fs::write(&base_file, &text).unwrap();
        fs::write(&ours_file, side(0, "seen_on_laptop", "Laptop")).unwrap();
        fs::write(&theirs_file, side(n / 20, "seen_on_desktop", "Desktop")).unwrap();
        let m = measure(
            runs,
            |_| {
                let mut cmd = Command::new(BIN);
                cmd.arg("merge")
                    .args([&base_file, &ours_file, &theirs_file])
                    .arg("-o")
                    .arg(&out_file);
                cmd
            },
            |_| {},
        );
        timed(
            "merge (git's driver), 10 shows changed on each side",
            &toml_edit,
            m,
        );
    }

    let mut header = String::from("| command |");
    let mut rule = String::from("|---|");
    for n in &sizes {
        let _ = write!(header, " {n} shows |");
        rule.push_str("---|");
    }
    println!("{header}\n{rule}");
    for (name, cells) in rows {
        println!("| {name} | {} |", cells.join(" | "));
    }
    if imported > 0 {
        println!();
        import_case(dir.path(), imported);
    }
}
