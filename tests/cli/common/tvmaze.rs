//! A TVmaze of the tests' own, on 127.0.0.1: it answers the few API paths airdate uses with
//! JSON written for the tests, can be told to answer 404, 301, 429, slowly, with broken JSON,
//! bytes that are not text or an endless answer, or to stop, and counts the requests it was sent. No test touches the internet.

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// A season as the tests give it: number, premiere, end (the last listed episode's day) and
/// episode order.
pub type Season<'a> = (u32, Option<&'a str>, Option<&'a str>, Option<u32>);

/// How the server answers a request.
#[derive(Clone, Debug)]
pub enum Reply {
    Json(String),
    Status(u16),
    /// 429, with a `Retry-After` of so many seconds when given.
    TooMany(Option<u64>),
    /// 301 to this path.
    Redirect(String),
    /// The JSON, after a pause.
    Slow(Duration, String),
    /// These bytes as the body, text or not.
    Bytes(Vec<u8>),
    /// A JSON list of one string, this many bytes long in all, written a piece at a time.
    Huge(usize),
}

#[derive(Default)]
struct State {
    routes: HashMap<String, Reply>,
    /// One-off answers, used before the route's.
    once: HashMap<String, VecDeque<Reply>>,
    /// Every request: when, and its path with its decoded query.
    seen: Vec<(Instant, String)>,
    /// Stop answering after this many requests.
    limit: Option<usize>,
}

pub struct FakeTvmaze {
    port: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// `%5B` and friends, and `+`, decoded: the paths the tests name are plain.
fn decode(text: &str) -> String {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl FakeTvmaze {
    /// A server with the standard shows (see [`FakeTvmaze::standard`]).
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port on 127.0.0.1");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (state, stop) = (state.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => {
                            if !serve(stream, &state) {
                                // Past its limit: the server goes away, as a killed one does.
                                return;
                            }
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(2)),
                    }
                }
            })
        };
        let server = FakeTvmaze {
            port,
            state,
            stop,
            thread: Some(thread),
        };
        server.standard();
        server
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn route(&self, path: &str, reply: Reply) {
        self.state
            .lock()
            .unwrap()
            .routes
            .insert(path.to_string(), reply);
    }

    /// Answers `path` with `reply` once, before its usual answer.
    pub fn once(&self, path: &str, reply: Reply) {
        self.state
            .lock()
            .unwrap()
            .once
            .entry(path.to_string())
            .or_default()
            .push_back(reply);
    }

    /// Stops answering (closes the port) after `n` requests in all.
    pub fn stop_after(&self, n: usize) {
        self.state.lock().unwrap().limit = Some(n);
    }

    /// The paths requested, in order.
    pub fn requests(&self) -> Vec<String> {
        self.state
            .lock()
            .unwrap()
            .seen
            .iter()
            .map(|(_, p)| p.clone())
            .collect()
    }

    /// The most requests seen in any 10 seconds.
    pub fn busiest_ten_seconds(&self) -> usize {
        let seen = &self.state.lock().unwrap().seen;
        (0..seen.len())
            .map(|i| {
                seen[i..]
                    .iter()
                    .take_while(|(t, _)| *t < seen[i].0 + Duration::from_secs(10))
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    /// A show as TVmaze gives it, with `seasons` as (number, premiere, end).
    // One argument per field of the JSON, in its order: clearer at the call sites than a
    // builder for a test helper.
    #[allow(clippy::too_many_arguments)]
    pub fn show_json(
        id: u32,
        name: &str,
        status: &str,
        network: Option<&str>,
        web: Option<&str>,
        imdb: Option<&str>,
        updated: u32,
        seasons: &[(u32, Option<&str>, Option<&str>)],
    ) -> String {
        let opt = |v: Option<&str>| v.map_or("null".to_string(), |v| format!("\"{v}\""));
        let channel = |v: Option<&str>| {
            v.map_or("null".to_string(), |v| {
                format!("{{\"name\": \"{v}\", \"country\": null}}")
            })
        };
        let seasons: Vec<String> = seasons
            .iter()
            .map(|(n, start, end)| {
                format!(
                    "{{\"id\": {}, \"number\": {n}, \"premiereDate\": {}, \"endDate\": {}, \"episodeOrder\": null}}",
                    id * 100 + n,
                    opt(*start),
                    opt(*end)
                )
            })
            .collect();
        format!(
            r#"{{"id": {id}, "url": "https://www.tvmaze.com/shows/1/fixture", "name": "{name}", "status": "{status}",
                "premiered": {}, "ended": null, "network": {}, "webChannel": {}, "updated": {updated},
                "externals": {{"tvrage": null, "thetvdb": 1, "imdb": {}}},
                "_embedded": {{"seasons": [{}]}}}}"#,
            opt(seasons.first().map(|_| "2022-02-18")),
            channel(network),
            channel(web),
            opt(imdb),
            seasons.join(", ")
        )
    }

    /// A channel as TVmaze gives it: a network with its country and the country's zone
    /// (`Some`), or a streaming service of many countries, whose country is null (`None`).
    pub fn channel_json(name: &str, timezone: Option<&str>) -> String {
        match timezone {
            Some(zone) => format!(
                r#"{{"id": 1, "name": "{name}", "country": {{"name": "Somewhere", "code": "XX", "timezone": "{zone}"}}, "officialSite": null}}"#
            ),
            None => {
                format!(r#"{{"id": 2, "name": "{name}", "country": null, "officialSite": null}}"#)
            }
        }
    }

    /// An episode as TVmaze lists it: a special has no number (and a `significant_special`
    /// type); `airdate` is the broadcast day (`""` when unknown), `airtime` the time in the
    /// network's zone (`""` when unknown, and then `airstamp` is only a placeholder).
    pub fn episode_json(
        season: u32,
        number: Option<u32>,
        airdate: &str,
        airtime: &str,
        airstamp: Option<&str>,
    ) -> String {
        let (number_json, kind, name) = match number {
            Some(n) => (n.to_string(), "regular", format!("Chapter {n}")),
            None => (
                "null".to_string(),
                "significant_special",
                "Behind the Scenes".to_string(),
            ),
        };
        let stamp = airstamp.map_or("null".to_string(), |s| format!("\"{s}\""));
        format!(
            r#"{{"id": {}, "url": "https://example.com/episodes/1", "name": "{name}", "season": {season}, "number": {number_json}, "type": "{kind}", "airdate": "{airdate}", "airtime": "{airtime}", "airstamp": {stamp}, "runtime": 60, "rating": {{"average": null}}, "image": null, "summary": null}}"#,
            season * 1000 + number.unwrap_or(999)
        )
    }

    /// A show as TVmaze answers `/shows/ID` with its seasons and its next and previous episode
    /// embedded: `network` and `web` are [`FakeTvmaze::channel_json`]s or `null`; `seasons` are
    /// (number, premiere, end, episode order), with season ids `id * 100 + number`; `next` and
    /// `previous` are [`FakeTvmaze::episode_json`]s, embedded only when given, as TVmaze does.
    #[allow(clippy::too_many_arguments)]
    pub fn aired_show_json(
        id: u32,
        name: &str,
        network: &str,
        web: &str,
        updated: u32,
        seasons: &[Season],
        next: Option<&str>,
        previous: Option<&str>,
    ) -> String {
        let opt = |v: Option<&str>| v.map_or("null".to_string(), |v| format!("\"{v}\""));
        let seasons: Vec<String> = seasons
            .iter()
            .map(|(n, start, end, order)| {
                format!(
                    r#"{{"id": {}, "url": "https://example.com/seasons/1", "number": {n}, "name": "", "episodeOrder": {}, "premiereDate": {}, "endDate": {}, "network": null, "webChannel": null}}"#,
                    id * 100 + n,
                    order.map_or("null".to_string(), |o| o.to_string()),
                    opt(*start),
                    opt(*end)
                )
            })
            .collect();
        let mut embedded = format!(r#""seasons": [{}]"#, seasons.join(", "));
        if let Some(next) = next {
            embedded.push_str(&format!(r#", "nextepisode": {next}"#));
        }
        if let Some(previous) = previous {
            embedded.push_str(&format!(r#", "previousepisode": {previous}"#));
        }
        format!(
            r#"{{"id": {id}, "url": "https://example.com/shows/{id}", "name": "{name}", "type": "Scripted",
                "status": "Running", "premiered": "2020-01-03", "ended": null,
                "schedule": {{"time": "", "days": []}}, "network": {network}, "webChannel": {web},
                "updated": {updated}, "externals": {{"tvrage": null, "thetvdb": null, "imdb": null}},
                "_embedded": {{{embedded}}}}}"#
        )
    }

    /// The path of a show's request, as airdate asks it.
    pub fn show_path(id: u32) -> String {
        format!("/shows/{id}?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode")
    }

    /// Severance (44933, Apple TV, seasons 1–3, 3 undated), The Last of Us (46562, HBO, season
    /// 2 dated), Kaos (62567, ended), Dept. Q (70001, in development); searches for them, the
    /// IMDb lookup of Severance, and the updates of all four.
    fn standard(&self) {
        let severance = Self::show_json(
            44933,
            "Severance",
            "Running",
            None,
            Some("Apple TV"),
            Some("tt11280740"),
            1_700_000_100,
            &[
                (1, Some("2022-02-18"), Some("2022-04-08")),
                (2, Some("2025-01-17"), Some("2025-03-21")),
                (3, None, None),
            ],
        );
        let tlou = Self::show_json(
            46562,
            "The Last of Us",
            "Running",
            Some("HBO"),
            None,
            Some("tt3581920"),
            1_700_000_200,
            &[
                (1, Some("2023-01-15"), Some("2023-03-12")),
                (2, Some("2025-04-13"), Some("2025-05-25")),
            ],
        );
        let kaos = Self::show_json(
            62567,
            "Kaos",
            "Ended",
            None,
            Some("Netflix"),
            None,
            1_700_000_300,
            &[(1, Some("2024-08-29"), Some("2024-08-29"))],
        );
        let dept = Self::show_json(
            70001,
            "Dept. Q",
            "In Development",
            None,
            Some("Netflix"),
            None,
            1_700_000_400,
            &[],
        );
        for (id, json) in [
            (44933, &severance),
            (46562, &tlou),
            (62567, &kaos),
            (70001, &dept),
        ] {
            self.route(
                &format!("/shows/{id}?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"),
                Reply::Json(json.clone()),
            );
        }
        let hit = |score: f64, json: &str| format!("{{\"score\": {score}, \"show\": {json}}}");
        self.route(
            "/search/shows?q=Severance",
            Reply::Json(format!("[{}]", hit(17.1, &severance))),
        );
        self.route(
            "/search/shows?q=The Last of Us",
            Reply::Json(format!("[{}]", hit(20.0, &tlou))),
        );
        let office_us =
            Self::show_json(526, "The Office", "Ended", Some("NBC"), None, None, 1, &[]);
        let office_uk = Self::show_json(
            2049,
            "The Office",
            "Ended",
            Some("BBC Two"),
            None,
            None,
            1,
            &[],
        );
        self.route(
            "/search/shows?q=The Office",
            Reply::Json(format!(
                "[{}, {}]",
                hit(9.0, &office_us),
                hit(8.7, &office_uk)
            )),
        );
        self.route("/search/shows?q=Nothing Like It", Reply::Json("[]".into()));
        self.route(
            "/lookup/shows?imdb=tt11280740",
            Reply::Redirect("/shows/44933".into()),
        );
        self.route("/shows/44933", Reply::Json(severance.clone()));
        self.route(
            "/updates/shows",
            Reply::Json(r#"{"44933": 1700000100, "46562": 1700000200, "62567": 1700000300, "70001": 1700000400}"#.into()),
        );
    }
}

impl Drop for FakeTvmaze {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Answers one connection; false once past the request limit.
fn serve(stream: TcpStream, state: &Mutex<State>) -> bool {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return true;
    }
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => break,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {}
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let key = if query.is_empty() {
        decode(path)
    } else {
        format!("{}?{}", decode(path), decode(query))
    };
    let reply = {
        let mut state = state.lock().unwrap();
        if state.limit.is_some_and(|limit| state.seen.len() >= limit) {
            let _ = stream.shutdown(Shutdown::Both);
            return false;
        }
        state.seen.push((Instant::now(), key.clone()));
        let once = state.once.get_mut(&key).and_then(VecDeque::pop_front);
        once.or_else(|| state.routes.get(&key).cloned())
    };
    let mut stream = stream;
    if let Some(Reply::Huge(size)) = reply {
        write_huge(&mut stream, size);
        return true;
    }
    let (status, extra, body) = match reply {
        None | Some(Reply::Status(404)) => (
            "404 Not Found".to_string(),
            String::new(),
            b"{\"name\":\"Not Found\",\"status\":404}".to_vec(),
        ),
        Some(Reply::Status(code)) => (format!("{code} Error"), String::new(), Vec::new()),
        Some(Reply::Json(json)) => ("200 OK".to_string(), String::new(), json.into_bytes()),
        Some(Reply::Bytes(bytes)) => ("200 OK".to_string(), String::new(), bytes),
        Some(Reply::Huge(_)) => unreachable!("answered above"),
        Some(Reply::Slow(pause, json)) => {
            std::thread::sleep(pause);
            ("200 OK".to_string(), String::new(), json.into_bytes())
        }
        Some(Reply::TooMany(after)) => (
            "429 Too Many Requests".to_string(),
            after.map_or(String::new(), |s| format!("Retry-After: {s}\r\n")),
            Vec::new(),
        ),
        Some(Reply::Redirect(to)) => (
            "301 Moved Permanently".to_string(),
            format!("Location: {to}\r\n"),
            Vec::new(),
        ),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
    let _ = stream.flush();
    true
}

/// `["xxx…"]`, `size` bytes in all, a MiB at a time: the client may stop reading (and close)
/// at any point.
fn write_huge(stream: &mut TcpStream, size: usize) {
    let _ = write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n[\""
    );
    let piece = vec![b'x'; 1 << 20];
    let mut left = size.saturating_sub(4);
    while left > 0 {
        let n = left.min(piece.len());
        if stream.write_all(&piece[..n]).is_err() {
            return;
        }
        left -= n;
    }
    let _ = stream.write_all(b"\"]");
    let _ = stream.flush();
}
