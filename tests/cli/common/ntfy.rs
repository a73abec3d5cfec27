//! An ntfy of the tests' own, on 127.0.0.1: it takes a message as ntfy does (a POST to the
//! topic, the body the message, `Title`, `Tags`, `Priority`, `Click` headers), keeps it for
//! polling (`GET /<topic>/json?poll=1&since=<unix time>` answers one JSON object a line, as
//! ntfy does), records every request, and can be told to answer an error, to hang, to wait a
//! little at random before answering, or to want an access token (401 without it).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The path and query, as sent.
    pub target: String,
    /// Names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_publish(&self) -> bool {
        self.method == "POST" || self.method == "PUT"
    }
}

/// A message the server took (answered 200 for).
#[derive(Clone, Debug)]
pub struct Stored {
    pub id: String,
    pub time: i64,
    pub topic: String,
    pub title: String,
    pub tags: Vec<String>,
    pub message: String,
}

/// How the server answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Ok,
    /// This HTTP status, for publishing and polling alike.
    Fail(u16),
    /// Reads the request, then answers nothing for this long, and closes.
    Hang(Duration),
}

struct State {
    mode: Mode,
    token: Option<String>,
    /// An HTTP status that polling is answered with (a token that may only write).
    refuse_polls: Option<u16>,
    /// A pause of up to so many milliseconds before each answer, from this xorshift state.
    jitter: Option<(u64, u64)>,
    requests: Vec<Request>,
    stored: Vec<Stored>,
}

pub struct FakeNtfy {
    port: u16,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

impl FakeNtfy {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port on 127.0.0.1");
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State {
            mode: Mode::Ok,
            token: None,
            refuse_polls: None,
            jitter: None,
            requests: Vec::new(),
            stored: Vec::new(),
        }));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (state, stop) = (state.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match listener.accept() {
                        Ok((stream, _)) => serve(stream, &state),
                        Err(_) => std::thread::sleep(Duration::from_millis(1)),
                    }
                }
            })
        };
        FakeNtfy {
            port,
            state,
            stop,
            thread: Some(thread),
        }
    }

    /// The URL of a topic.
    pub fn topic(&self, name: &str) -> String {
        format!("http://127.0.0.1:{}/{name}", self.port)
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn mode(&self, mode: Mode) {
        self.state.lock().unwrap().mode = mode;
    }

    /// Wants `Authorization: Bearer TOKEN`, else answers 401.
    pub fn require_token(&self, token: &str) {
        self.state.lock().unwrap().token = Some(token.to_string());
    }

    /// Answers every poll with this HTTP status, as ntfy does for a token that may only write.
    pub fn refuse_polls(&self, code: u16) {
        self.state.lock().unwrap().refuse_polls = Some(code);
    }

    /// Waits up to `max_ms` milliseconds, at random from `seed`, before each answer.
    pub fn jitter(&self, seed: u64, max_ms: u64) {
        self.state.lock().unwrap().jitter = Some((seed.max(1), max_ms));
    }

    pub fn requests(&self) -> Vec<Request> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The requests that published a message (answered or not).
    pub fn published(&self) -> Vec<Request> {
        self.requests()
            .into_iter()
            .filter(Request::is_publish)
            .collect()
    }

    /// The messages taken, in order.
    pub fn stored(&self) -> Vec<Stored> {
        self.state.lock().unwrap().stored.clone()
    }
}

impl Drop for FakeNtfy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let method = words.next()?.to_string();
    let target = words.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        match reader.read_line(&mut header) {
            Ok(0) | Err(_) => return None,
            Ok(_) if header == "\r\n" => break,
            Ok(_) => {
                if let Some((name, value)) = header.trim_end().split_once(':') {
                    headers.push((name.trim().to_lowercase(), value.trim().to_string()));
                }
            }
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn answer(mut stream: &TcpStream, status: &str, body: &str) {
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

fn json_of(m: &Stored) -> String {
    serde_json::json!({
        "id": m.id, "time": m.time, "event": "message", "topic": m.topic,
        "title": m.title, "tags": m.tags, "message": m.message,
    })
    .to_string()
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Some(request) = read_request(&stream) else {
        return;
    };
    let (mode, token, refuse_polls, pause) = {
        let mut state = state.lock().unwrap();
        state.requests.push(request.clone());
        let pause = state.jitter.as_mut().map(|(x, max)| {
            *x ^= *x << 13;
            *x ^= *x >> 7;
            *x ^= *x << 17;
            Duration::from_millis(*x % (*max + 1))
        });
        (state.mode, state.token.clone(), state.refuse_polls, pause)
    };
    if let Some(pause) = pause {
        std::thread::sleep(pause);
    }
    if let Some(token) = token
        && request.header("authorization") != Some(&format!("Bearer {token}"))
    {
        answer(
            &stream,
            "401 Unauthorized",
            r#"{"code":40101,"http":401,"error":"unauthorized"}"#,
        );
        return;
    }
    if let Some(code) = refuse_polls
        && !request.is_publish()
    {
        answer(&stream, &format!("{code} Forbidden"), "{}");
        return;
    }
    match mode {
        Mode::Hang(pause) => {
            std::thread::sleep(pause);
            return;
        }
        Mode::Fail(code) => {
            answer(&stream, &format!("{code} Error"), "{}");
            return;
        }
        Mode::Ok => {}
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    if request.is_publish() {
        let topic = path.trim_start_matches('/').to_string();
        let mut state = state.lock().unwrap();
        let stored = Stored {
            id: format!("m{}", state.stored.len() + 1),
            time: unix_now(),
            topic,
            title: request.header("title").unwrap_or("").to_string(),
            tags: request
                .header("tags")
                .map(|t| t.split(',').map(|s| s.trim().to_string()).collect())
                .unwrap_or_default(),
            message: request.body.clone(),
        };
        // Kept before the answer, as ntfy does: a client killed meanwhile finds it by polling.
        state.stored.push(stored.clone());
        drop(state);
        answer(&stream, "200 OK", &json_of(&stored));
    } else if let Some(topic) = path.strip_suffix("/json") {
        let topic = topic.trim_start_matches('/');
        let since: i64 = query
            .split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let lines: String = state
            .lock()
            .unwrap()
            .stored
            .iter()
            .filter(|m| m.topic == topic && m.time >= since)
            .map(|m| json_of(m) + "\n")
            .collect();
        answer(&stream, "200 OK", &lines);
    } else {
        answer(&stream, "404 Not Found", "{}");
    }
}
