//! HTTP to TVmaze: a blocking client with timeouts, paced to at most 20 requests in any 10
//! seconds, waiting out a 429 as `Retry-After` says (else 2, 4, then 8 seconds) before giving
//! up, but giving up at once when TVmaze asks for a longer pause than a person waits for;
//! following the lookup's redirect, and telling "not found", an answer too large or not text,
//! and an answer that is not the JSON expected, from failures to connect.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;

use super::map::{SearchHit, TvEpisode, TvShow};
use crate::config;
use crate::term::excerpt;

/// At most this many requests…
const BURST: usize = 20;
/// …in any window this long.
const WINDOW: Duration = Duration::from_secs(10);
/// Waits after a 429 without `Retry-After`, before giving up.
const BACKOFF: [u64; 3] = [2, 4, 8];
/// The longest `Retry-After` waited out, in seconds: a longer one gives up on the request at
/// once, saying when to try again, rather than leaving the user before a silent terminal.
const LONGEST_WAIT: u64 = 30;
/// The most of an answer that is read: TVmaze's largest (the updates of every show) is a few
/// MiB.
const LARGEST_ANSWER: u64 = 64 << 20;
/// The most of a server's text that a message quotes.
const QUOTED: usize = 200;

/// Why a request gave no answer.
#[derive(Debug)]
pub enum FetchError {
    /// TVmaze has no such show (404).
    NotFound,
    /// TVmaze could not be reached: offline, a name that does not resolve, a timeout.
    Unreachable { url: String, cause: String },
    /// Too many requests, still, after waiting.
    RateLimited { url: String },
    /// Too many requests, and TVmaze asks for a pause of so many seconds, too long to wait.
    Wait { url: String, seconds: u64 },
    /// An answer larger than [`LARGEST_ANSWER`].
    TooLarge { url: String },
    /// An answer that is not UTF-8 text.
    NotText { url: String },
    /// Any other HTTP status.
    Status { url: String, code: u16 },
    /// An answer that is not the JSON expected.
    BadJson { url: String, cause: String },
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::NotFound => write!(f, "not found on TVmaze"),
            FetchError::Unreachable { url, cause } => {
                write!(
                    f,
                    "cannot reach TVmaze ({url}): {}; check the connection, or AIRDATE_TVMAZE_URL",
                    excerpt(cause, QUOTED)
                )
            }
            FetchError::RateLimited { url } => {
                write!(
                    f,
                    "TVmaze kept answering \"too many requests\" ({url}); try again in a minute"
                )
            }
            FetchError::Wait { url, seconds } => write!(
                f,
                "TVmaze asks to wait {seconds} s before the next request ({url}); try again {}",
                in_words(*seconds)
            ),
            FetchError::TooLarge { url } => {
                write!(f, "TVmaze's answer was larger than 64 MiB ({url})")
            }
            FetchError::NotText { url } => write!(f, "TVmaze's answer was not UTF-8 text ({url})"),
            FetchError::Status { url, code } => write!(f, "TVmaze answered HTTP {code} ({url})"),
            FetchError::BadJson { url, cause } => {
                write!(
                    f,
                    "TVmaze's answer is not the JSON expected ({url}): {}",
                    excerpt(cause, QUOTED)
                )
            }
        }
    }
}

impl std::error::Error for FetchError {}

/// When a wait of `seconds` is over, in words: "in 2 minutes", "in 3 hours" (rounded up, so
/// that trying then is never too early).
fn in_words(seconds: u64) -> String {
    let (count, unit) = match seconds {
        0..60 => (seconds, "second"),
        60..3600 => (seconds.div_ceil(60), "minute"),
        _ => (seconds.div_ceil(3600), "hour"),
    };
    let plural = if count == 1 { "" } else { "s" };
    format!("in {count} {unit}{plural}")
}

/// What to do after a 429: wait so long and try again, or give up.
fn after_too_many(
    url: &str,
    retry_after: Option<u64>,
    backoff: &mut std::slice::Iter<u64>,
) -> Result<Duration, FetchError> {
    if let Some(seconds) = retry_after.filter(|s| *s > LONGEST_WAIT) {
        return Err(FetchError::Wait {
            url: url.to_string(),
            seconds,
        });
    }
    // Three tries more at most, each after the wait TVmaze asks for.
    match backoff.next() {
        Some(default) => Ok(Duration::from_secs(retry_after.unwrap_or(*default))),
        None => Err(FetchError::RateLimited {
            url: url.to_string(),
        }),
    }
}

/// The body of a 200 answer as text: no more than [`LARGEST_ANSWER`], and UTF-8, as JSON is.
fn body_text(
    response: &mut ureq::http::Response<ureq::Body>,
    url: &str,
) -> Result<String, FetchError> {
    let bytes = response
        .body_mut()
        .with_config()
        .limit(LARGEST_ANSWER)
        .read_to_vec()
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
                url: url.to_string(),
            },
            e => FetchError::Unreachable {
                url: url.to_string(),
                cause: e.to_string(),
            },
        })?;
    String::from_utf8(bytes).map_err(|_| FetchError::NotText {
        url: url.to_string(),
    })
}

/// What the show request embeds: everything a refresh needs of a show, in one request.
const SHOW_EMBEDS: [(&str, &str); 3] = [
    ("embed[]", "seasons"),
    ("embed[]", "nextepisode"),
    ("embed[]", "previousepisode"),
];

/// A client for one run: it remembers when it sent its last requests, to keep to the rate limit.
pub struct Client {
    agent: ureq::Agent,
    base: String,
    sent: VecDeque<Instant>,
}

impl Default for Client {
    fn default() -> Self {
        Client::new()
    }
}

impl Client {
    pub fn new() -> Self {
        Client {
            agent: config::http_agent(),
            base: config::tvmaze_url().trim_end_matches('/').to_string(),
            sent: VecDeque::new(),
        }
    }

    /// Waits, when needed, so that no window of 10 seconds holds more than 20 requests. The
    /// times kept are when each answer came: later than TVmaze saw the request, so the wait
    /// errs on the safe side.
    fn pace(&mut self) {
        if self.sent.len() == BURST {
            let oldest = self.sent.pop_front().expect("a full window");
            std::thread::sleep(WINDOW.saturating_sub(oldest.elapsed()));
        }
    }

    /// The body of `GET base/path` with `query`, decoded.
    fn get<T: DeserializeOwned>(
        &mut self,
        path: &str,
        query: &[(&str, &str)],
    ) -> Result<T, FetchError> {
        let url = format!("{}{path}", self.base);
        let mut backoff = BACKOFF.iter();
        loop {
            self.pace();
            let request = query
                .iter()
                .fold(self.agent.get(&url), |r, (k, v)| r.query(*k, *v));
            let answer = request.call();
            self.sent.push_back(Instant::now());
            let mut response = answer.map_err(|e| FetchError::Unreachable {
                url: url.clone(),
                cause: e.to_string(),
            })?;
            match response.status().as_u16() {
                200 => {
                    let body = body_text(&mut response, &url)?;
                    return serde_json::from_str(&body).map_err(|e| FetchError::BadJson {
                        url: url.clone(),
                        cause: e.to_string(),
                    });
                }
                404 => return Err(FetchError::NotFound),
                429 => {
                    // Seconds; an HTTP date (which TVmaze does not send) counts as none given.
                    let said = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok());
                    std::thread::sleep(after_too_many(&url, said, &mut backoff)?);
                }
                code => return Err(FetchError::Status { url, code }),
            }
        }
    }

    /// Up to ten candidates for `query`, best first.
    pub fn search(&mut self, query: &str) -> Result<Vec<SearchHit>, FetchError> {
        self.get("/search/shows", &[("q", query)])
    }

    /// A show with its seasons and its next and previous episode (one request); and, when its
    /// latest season with an end date has an episode order, that season's episodes (one
    /// request more), counted so that the end date can be told a confirmed finale or only the
    /// last episode listed so far, and kept for the premiere's moment and the episodes.
    pub fn show(&mut self, id: u32) -> Result<TvShow, FetchError> {
        let mut show: TvShow = self.get(&format!("/shows/{id}"), &SHOW_EMBEDS)?;
        if let Some(season) = show.to_count() {
            // Without the count (any failure, a hang included) the show is not lost: its
            // finale stays provisional, and nothing that hangs on the count is decided (see
            // `map::apply`).
            if let Ok(episodes) = self.season_episodes(season) {
                show.take_listed(season, episodes);
            }
        }
        Ok(show)
    }

    /// The episodes of TVmaze's season `season`, specials included (with no number).
    pub fn season_episodes(&mut self, season: u64) -> Result<Vec<TvEpisode>, FetchError> {
        self.get(&format!("/seasons/{season}/episodes"), &[])
    }

    /// The show with the IMDb id `imdb`, without its seasons: enough to know which show it is.
    pub fn lookup_imdb(&mut self, imdb: &str) -> Result<TvShow, FetchError> {
        // The lookup answers with a redirect to the show, which is followed.
        self.get("/lookup/shows", &[("imdb", imdb)])
    }

    /// The show with the IMDb id `imdb`, with its seasons.
    pub fn by_imdb(&mut self, imdb: &str) -> Result<TvShow, FetchError> {
        let found = self.lookup_imdb(imdb)?;
        self.show(found.id)
    }

    /// The show with the TVDB id `tvdb`, with its seasons.
    pub fn by_tvdb(&mut self, tvdb: u32) -> Result<TvShow, FetchError> {
        let found: TvShow = self.get("/lookup/shows", &[("thetvdb", &tvdb.to_string())])?;
        self.show(found.id)
    }

    /// When TVmaze last changed each of its shows (Unix seconds), by id.
    pub fn updates(&mut self) -> Result<HashMap<u32, u32>, FetchError> {
        let map: HashMap<String, u32> = self.get("/updates/shows", &[])?;
        Ok(map
            .into_iter()
            .filter_map(|(id, t)| Some((id.parse().ok()?, t)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_waits_are_waited_out_and_long_ones_give_up_at_once() {
        let mut backoff = BACKOFF.iter();
        let url = "http://127.0.0.1:9/search/shows";
        let mut next = |said| after_too_many(url, said, &mut backoff);
        assert_eq!(next(Some(LONGEST_WAIT)).unwrap(), Duration::from_secs(30));
        assert_eq!(next(None).unwrap(), Duration::from_secs(4));
        let err = next(Some(120)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "TVmaze asks to wait 120 s before the next request (http://127.0.0.1:9/search/shows); \
             try again in 2 minutes"
        );
        assert_eq!(next(Some(0)).unwrap(), Duration::ZERO);
        assert!(matches!(next(Some(0)), Err(FetchError::RateLimited { .. })));
    }

    #[test]
    fn a_wait_in_words_is_rounded_up() {
        assert_eq!(in_words(31), "in 31 seconds");
        assert_eq!(in_words(60), "in 1 minute");
        assert_eq!(in_words(61), "in 2 minutes");
        assert_eq!(in_words(3600), "in 1 hour");
        assert_eq!(in_words(86_400), "in 24 hours");
    }
}
