//! The shared harness: a temporary home for the watchlist, a pinned clock and terminal, and
//! the airdate binary run as a user would run it.

#![allow(dead_code)]

pub mod ntfy;
pub mod tvmaze;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use assert_cmd::cargo::CommandCargoExt;

pub struct TestEnv {
    dir: tempfile::TempDir,
    /// Home and cache live apart from the watchlist's folder, whose files tests list.
    home: tempfile::TempDir,
    pub today: String,
    /// False to run airdate with its cache turned off, so that every command parses the file.
    pub cached: bool,
    /// The TVmaze airdate talks to: a test server's address.
    pub tvmaze: Option<String>,
}

impl TestEnv {
    pub fn new() -> Self {
        TestEnv {
            dir: tempfile::tempdir().expect("a temporary folder"),
            home: tempfile::tempdir().expect("a temporary folder"),
            today: "2024-12-01".to_string(),
            cached: true,
            tvmaze: None,
        }
    }

    /// Like `with_file`, with airdate's cache turned off.
    pub fn uncached(text: &str) -> Self {
        let mut env = TestEnv::with_file(text);
        env.cached = false;
        env
    }

    /// A test environment whose watchlist is the shipped example.
    pub fn example() -> Self {
        let text = fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/watchlist.toml"
        ))
        .expect("the example watchlist");
        TestEnv::with_file(&text)
    }

    /// The home folder airdate runs with (`HOME`).
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// The folder airdate's cache is kept in.
    pub fn cache(&self) -> PathBuf {
        self.home.path().join("cache")
    }

    /// A test environment whose watchlist starts as `text`.
    pub fn with_file(text: &str) -> Self {
        let env = TestEnv::new();
        env.write(text);
        env
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self) -> PathBuf {
        self.dir().join("watchlist.toml")
    }

    pub fn write(&self, text: &str) {
        fs::write(self.file(), text).expect("write the watchlist");
    }

    pub fn read(&self) -> String {
        fs::read_to_string(self.file()).expect("read the watchlist")
    }

    /// The airdate command, with a clean environment: only the watchlist, today, the time zone
    /// (UTC) and an 100-column terminal are set.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("airdate").expect("the airdate binary");
        cmd.args(args);
        self.environment(&mut cmd);
        // A child that is spawned, not run for its output, must not write into the test run's
        // own output either.
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
        cmd
    }

    /// The clean environment of [`command`](Self::command), for `cmd`.
    fn environment(&self, cmd: &mut Command) {
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env(
                "AIRDATE_CACHE_DIR",
                if self.cached {
                    self.cache()
                } else {
                    PathBuf::new()
                },
            )
            .env("AIRDATE_FILE", self.file())
            .env("AIRDATE_TODAY", &self.today)
            // Days and times in UTC unless a test says otherwise (`--tz`, `AIRDATE_TZ`).
            .env("TZ", "UTC")
            .env("COLUMNS", "100")
            // Never the real TVmaze: a port nothing listens on, unless a test server is named.
            .env(
                "AIRDATE_TVMAZE_URL",
                self.tvmaze.as_deref().unwrap_or("http://127.0.0.1:9"),
            )
            .stdin(Stdio::null());
    }

    /// Runs airdate with its stdout on a terminal: a pseudo-terminal made by script(1), whose
    /// translation of line ends is turned off so that the bytes are airdate's own. stderr goes
    /// to the same terminal, so it is part of `stdout` here. `None` when script(1) is missing
    /// (which fails on CI).
    #[must_use]
    pub fn on_terminal(&self, args: &[&str]) -> Option<Run> {
        self.on_terminal_with(args, &[])
    }

    /// Like [`on_terminal`](Self::on_terminal), with these variables set too (`TERM`, for
    /// what draws on the terminal only when it knows which one).
    #[must_use]
    pub fn on_terminal_with(&self, args: &[&str], vars: &[(&str, &str)]) -> Option<Run> {
        let quote = |word: &str| format!("'{}'", word.replace('\'', r"'\''"));
        let words: Vec<String> = std::iter::once(env!("CARGO_BIN_EXE_airdate"))
            .chain(args.iter().copied())
            .map(quote)
            .collect();
        let mut cmd = Command::new("script");
        cmd.arg("-qec")
            .arg(format!("stty -onlcr; exec {}", words.join(" ")))
            .arg("/dev/null");
        self.environment(&mut cmd);
        cmd.envs(vars.iter().copied());
        let Ok(output) = cmd.output() else {
            assert!(std::env::var_os("CI").is_none(), "script(1) is missing");
            return None;
        };
        let mut run = Run::from(output);
        run.stdout = run.stdout.replace(&*self.dir().to_string_lossy(), "[DIR]");
        Some(run)
    }

    /// Runs `airdate ARGS` on a pseudo-terminal (through `script`), answering `answer` once the
    /// question (`prompt`) is on the terminal and `ready` has been done.
    pub fn answer_on_terminal(
        &self,
        args: &str,
        prompt: &str,
        ready: impl FnOnce(),
        answer: &str,
    ) -> (i32, String) {
        self.answer_on_terminal_with(args, &[], prompt, ready, answer)
    }

    /// Like [`answer_on_terminal`](Self::answer_on_terminal), with these variables set too
    /// (`VISUAL`, for `edit`).
    pub fn answer_on_terminal_with(
        &self,
        args: &str,
        vars: &[(&str, &str)],
        prompt: &str,
        ready: impl FnOnce(),
        answer: &str,
    ) -> (i32, String) {
        use std::io::{Read, Write};
        use std::sync::{Arc, Mutex};
        use std::time::{Duration, Instant};
        let bin = self.command(&[]).get_program().to_owned();
        let cmd = self.command(&[]);
        let mut child = Command::new("script")
            .args([
                "-qec",
                &format!("{} {args}", bin.to_string_lossy()),
                "/dev/null",
            ])
            .envs(cmd.get_envs().filter_map(|(k, v)| Some((k, v?))))
            .env_remove("COLUMNS")
            .envs(vars.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("script runs");
        let screen = Arc::new(Mutex::new(Vec::new()));
        let mut stdout = child.stdout.take().unwrap();
        let reader = {
            let screen = Arc::clone(&screen);
            std::thread::spawn(move || {
                let mut buffer = [0; 1024];
                while let Ok(n) = stdout.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                    screen.lock().unwrap().extend_from_slice(&buffer[..n]);
                }
            })
        };
        let shown = || String::from_utf8_lossy(&screen.lock().unwrap()).into_owned();
        let started = Instant::now();
        while !shown().contains(prompt) {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no question: {}",
                shown()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        ready();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(answer.as_bytes()).unwrap();
        drop(stdin);
        let status = child.wait().unwrap();
        reader.join().unwrap();
        (status.code().unwrap_or(-1), shown().replace('\r', ""))
    }

    /// Runs airdate; the test folder's path reads `[DIR]` in its output.
    #[must_use]
    pub fn run(&self, args: &[&str]) -> Run {
        let mut run = Run::from(self.command(args).output().expect("airdate runs"));
        let dir = self.dir().to_string_lossy().into_owned();
        run.stdout = run.stdout.replace(&dir, "[DIR]");
        run.stderr = run.stderr.replace(&dir, "[DIR]");
        run
    }

    /// Runs and insists on success, for the steps of a story.
    #[must_use]
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert_eq!(run.code, 0, "airdate {args:?} failed:\n{run}");
        run.stdout
    }

    /// The files in the test folder, by name.
    pub fn files(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// What a run of airdate showed the user.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.stdout)?;
        if !self.stderr.is_empty() {
            write!(f, "[stderr]\n{}", self.stderr)?;
        }
        write!(f, "[exit {}]", self.code)
    }
}

/// The JSON a command printed.
pub fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
}

/// The titles in the JSON array a command printed.
pub fn titles(stdout: &str) -> Vec<String> {
    json(stdout)
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|s| s["title"].as_str().expect("a title").to_string())
        .collect()
}

/// The one cache file of `env`'s watchlist, made warm first.
pub fn cache_file(env: &TestEnv) -> PathBuf {
    let _ = env.ok(&["list"]);
    let files: Vec<PathBuf> = fs::read_dir(env.cache())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

/// Rewrites the cache file's body with `change` and signs it again, as only a deliberate
/// forger could: the header's hashes then match.
pub fn forge(path: &Path, change: impl FnOnce(&mut serde_json::Value)) {
    let data = fs::read(path).unwrap();
    let split = data.iter().position(|b| *b == b'\n').unwrap();
    let head = String::from_utf8(data[..split].to_vec()).unwrap();
    let mut body: serde_json::Value = serde_json::from_slice(&data[split + 1..]).unwrap();
    change(&mut body);
    let body = serde_json::to_vec(&body).unwrap();
    // Every word of the header but the last, the body's hash, stays.
    let (words, _) = head.rsplit_once(' ').unwrap();
    let head = format!("{words} {:016x}\n", xxhash_rust::xxh3::xxh3_64(&body));
    fs::write(path, [head.into_bytes(), body].concat()).unwrap();
}

/// Limits the size of every file `cmd` (and what it starts) writes to `bytes`, as a full disk
/// would: a write past it fails with "File too large" instead of killing the process.
pub fn limit_file_size(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            let rlimit = libc::rlimit {
                rlim_cur: bytes,
                rlim_max: bytes,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &rlimit);
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
}
