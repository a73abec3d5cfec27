//! Whole-process benchmark of airdate on generated watchlists of 1,000, 10,000 and 100,000
//! shows: the median time of repeated runs after a warm-up, and the peak memory of a run.
//!
//! Run with `cargo bench --bench airdate`. `AIRDATE_BENCH_SIZES=1000,10000` picks the sizes,
//! `AIRDATE_BENCH_RUNS=15` the number of timed runs (at most 7 at 100,000 shows). Beside
//! airdate it times `cat FILE`, the floor of any command that reads the file, and taskwarrior
//! when `task` is installed.
//! `cargo bench --bench airdate -- --write 10000 FILE` writes the watchlist it would time.

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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).is_some_and(|a| a == "--measure") {
        measure_child(&args[2], &args[3..]);
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--write") {
        // `--write N PATH`: the watchlist of N shows that the benchmark times, for profiling.
        let n: usize = args[at + 1].parse().expect("a number of shows");
        fs::write(&args[at + 2], watchlist(n)).unwrap();
        return;
    }
    if let Some(at) = args.iter().position(|a| a == "--serde-floor") {
        let started = Instant::now();
        let text = fs::read_to_string(&args[at + 1]).unwrap();
        let parsed: PlainFile = toml::from_str(&text).unwrap();
        std::hint::black_box(&parsed);
        println!("{}", started.elapsed().as_secs_f64() * 1e3);
        return;
    }
    let sizes: Vec<usize> = std::env::var("AIRDATE_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000,100000".into())
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
    let has_task = Command::new("task").arg("--version").output().is_ok();

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
        let runs = if n >= 100_000 { runs.min(7) } else { runs };
        let file: PathBuf = dir.path().join(format!("watchlist-{n}.toml"));
        let text = watchlist(n);
        fs::write(&file, &text).unwrap();
        let size_mib = text.len() as f64 / (1 << 20) as f64;
        eprintln!("{n} shows, {size_mib:.1} MiB, {runs} runs each");
        let cell = |m: &Measure| {
            format!(
                "{:.1} ms, {:.0} MiB",
                m.median.as_secs_f64() * 1e3,
                m.peak_kib as f64 / 1024.0
            )
        };
        let cat = measure(
            runs,
            |_| {
                let mut cmd = Command::new("cat");
                cmd.arg(&file);
                cmd
            },
            |_| {},
        );
        row("cat FILE (the floor)", col, cell(&cat));
        let floor = cat.median;
        // Reading and deserialising the file with nothing else: timed inside a process of its
        // own (this benchmark, started again), so that its memory stays out of the others'.
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let output = Command::new(std::env::current_exe().unwrap())
                    .arg("--serde-floor")
                    .arg(&file)
                    .output()
                    .unwrap();
                String::from_utf8(output.stdout)
                    .unwrap()
                    .trim()
                    .parse()
                    .unwrap()
            })
            .collect();
        times.sort_by(f64::total_cmp);
        row(
            "toml + serde into structs (in-process, for comparison)",
            col,
            format!("{:.1} ms", times[runs / 2]),
        );

        let mut timed = |name: &str, m: Measure| {
            let ratio = m.median.as_secs_f64() / floor.as_secs_f64();
            row(name, col, format!("{} ({ratio:.0}× cat)", cell(&m)));
        };
        // The first read after the file changed: the index must be rebuilt.
        let mut flip = false;
        let m = measure(
            runs,
            |_| airdate(&file, &["upcoming"]),
            |_| {
                flip = !flip;
                let changed = text.replacen(
                    "generated watchlist",
                    if flip {
                        "generated Watchlist"
                    } else {
                        "generated watchlist"
                    },
                    1,
                );
                fs::write(&file, changed).unwrap();
            },
        );
        timed("upcoming, first read after a change", m);
        fs::write(&file, &text).unwrap();
        for (name, args) in [
            ("upcoming", &["upcoming"][..]),
            ("upcoming --json", &["upcoming", "--json"]),
            (
                "list --status on-hiatus",
                &["list", "--status", "on-hiatus"],
            ),
            ("hiatus", &["hiatus"]),
            ("show", &["show", "Show 000042"]),
            ("export --format ics", &["export", "--format", "ics"]),
            ("timeline", &["timeline"]),
        ] {
            timed(name, measure(runs, |_| airdate(&file, args), |_| {}));
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
        timed("complete `airdate show Show 0001<TAB>`", m);

        let title = |i: usize| format!("Benchmark addition {i}");
        timed(
            "add",
            measure(
                runs,
                |i| airdate(&file, &["add", &title(i), "--season", "2"]),
                |i| {
                    let _ = airdate(&file, &["remove", &title(i), "--yes"]).output();
                },
            ),
        );
        fs::write(&file, &text).unwrap();
        timed(
            "set",
            measure(
                runs,
                |i| {
                    let status = if i % 2 == 0 { "filming" } else { "post" };
                    airdate(&file, &["set", "Show 000042", "--status", status])
                },
                |_| {},
            ),
        );
        timed(
            "remove",
            measure(
                runs,
                |i| airdate(&file, &["remove", &title(i), "--yes"]),
                |i| {
                    let _ = airdate(&file, &["add", &title(i)]).output();
                },
            ),
        );
        fs::write(&file, &text).unwrap();

        // Taskwarrior imports 100,000 tasks too slowly to be worth the wait.
        if has_task && n <= 10_000 {
            let data = dir.path().join(format!("task-{n}"));
            fs::create_dir_all(&data).unwrap();
            let rc = dir.path().join(format!("taskrc-{n}"));
            fs::write(
                &rc,
                format!(
                    "data.location={}\nconfirmation=off\nverbose=nothing\n",
                    data.display()
                ),
            )
            .unwrap();
            let task = |args: &[&str]| {
                let mut cmd = Command::new("task");
                cmd.arg(format!("rc:{}", rc.display())).args(args);
                cmd
            };
            let mut import = String::new();
            for i in 0..n {
                let _ = writeln!(
                    import,
                    "{{\"description\":\"Show {i:06} of the benchmark\",\"status\":\"pending\",\"due\":\"{}T000000Z\"}}",
                    20270101 + (i % 28) as u64
                );
            }
            let import_file = dir.path().join("import.json");
            fs::write(&import_file, import).unwrap();
            let _ = task(&["import", &import_file.to_string_lossy()]).output();
            timed(
                "taskwarrior: due.after:today limit:50 list",
                measure(
                    runs,
                    |_| task(&["due.after:today", "limit:50", "list"]),
                    |_| {},
                ),
            );
            timed(
                "taskwarrior: add",
                measure(
                    runs,
                    |i| task(&["add", &format!("Benchmark task {i}")]),
                    |_| {},
                ),
            );
        }
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
}
