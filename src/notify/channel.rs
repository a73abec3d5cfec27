//! Where messages go: ntfy (an HTTP POST to a topic), a shell command (the message on its
//! standard input), or standard output. A channel either acknowledges a message or says why
//! not: out of reach for now ([`Failure::Unreachable`], exit 75, tried again on the next run)
//! or refused ([`Failure::Failed`], exit 1).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::Message;
use super::state::Pending;
use crate::config;
use crate::settings::Secret;

/// Why a channel did not take a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Not reachable now: no connection, a timeout, HTTP 5xx or 429.
    Unreachable(String),
    /// Refused, or broken: a rejected token, a command that failed.
    Failed(String),
}

/// One place messages go.
#[derive(Debug, Clone)]
pub enum Channel {
    Ntfy {
        url: String,
        token: Option<Secret>,
        priority: Option<u8>,
    },
    Command(String),
    Stdout,
}

/// `url` with any user name and password in it, and the value of an `auth=` query parameter
/// (ntfy's token in the URL), as `***`.
pub fn masked(url: &str) -> String {
    let url = userinfo_masked(url);
    let Some((base, query)) = url.split_once('?') else {
        return url;
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name.eq_ignore_ascii_case("auth") => format!("{name}=***"),
            _ => pair.to_string(),
        })
        .collect();
    format!("{base}?{}", query.join("&"))
}

fn userinfo_masked(url: &str) -> String {
    // A URL without its scheme (`user:token@host/topic`, a mistake) is masked too.
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), url),
    };
    let host_end = rest.find('/').unwrap_or(rest.len());
    match rest[..host_end].rfind('@') {
        Some(at) => format!("{scheme}***@{}", &rest[at + 1..]),
        None => url.to_string(),
    }
}

/// A header's value: as it is when it is plain ASCII, else an RFC 2047 encoded word, which
/// ntfy decodes.
fn header_text(text: &str) -> String {
    let plain = text.bytes().all(|b| (0x20..0x7f).contains(&b));
    if plain {
        return text.to_string();
    }
    let mut out = String::from("=?UTF-8?Q?");
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'!' | b'*' | b'+' | b'/' => {
                out.push(b as char)
            }
            b' ' => out.push('_'),
            _ => out.push_str(&format!("={b:02X}")),
        }
    }
    out.push_str("?=");
    out
}

impl Channel {
    /// The channel's name in the record of what was sent: its kind and where.
    pub fn key(&self) -> String {
        match self {
            Channel::Ntfy { url, .. } => format!("ntfy {}", masked(url)),
            Channel::Command(command) => format!("command {command}"),
            Channel::Stdout => "stdout".to_string(),
        }
    }

    /// The channel in words, for the user: never its token.
    pub fn describe(&self) -> String {
        match self {
            Channel::Ntfy { url, token, .. } => {
                let token = token
                    .as_ref()
                    .map_or(String::new(), |t| format!(" (token {t})"));
                format!("ntfy {}{token}", masked(url))
            }
            Channel::Command(command) => format!("command `{command}`"),
            Channel::Stdout => "standard output".to_string(),
        }
    }

    /// Text that mentions the token or the URL, with the token taken out.
    fn scrub(&self, text: String) -> String {
        match self {
            Channel::Ntfy { url, token, .. } => {
                let mut text = text.replace(url.as_str(), &masked(url));
                if let Some(token) = token.as_ref().filter(|t| !t.expose().is_empty()) {
                    text = text.replace(token.expose(), "***");
                }
                text
            }
            _ => text,
        }
    }

    /// Sends `message`; `Ok` once the channel acknowledged it.
    pub fn send(&self, message: &Message) -> Result<(), Failure> {
        match self {
            Channel::Ntfy {
                url,
                token,
                priority,
            } => self.ntfy_send(url, token.as_ref(), *priority, message),
            Channel::Command(command) => run_command(command, message),
            Channel::Stdout => {
                let text = format!("{}\n{}", message.title, message.body());
                crate::term::write(|out| out.write_all(crate::term::clean_lines(&text).as_bytes()))
                    .map_err(|e| Failure::Failed(format!("{e:#}")))
            }
        }
    }

    /// Whether the channel has the pending message: `Ok(false)` when it surely has not (a
    /// command or stdout never keeps one, so it is sent again).
    pub fn has(&self, pending: &Pending) -> Result<bool, Failure> {
        match self {
            Channel::Ntfy { url, token, .. } => self.ntfy_has(url, token.as_ref(), pending),
            _ => Ok(false),
        }
    }

    /// What an HTTP status that is not 2xx means.
    fn status_failure(code: u16) -> Failure {
        match code {
            401 | 403 => Failure::Failed(format!(
                "the server rejected the access token (HTTP {code}); check `ntfy_token` in the \
                 config file or AIRDATE_NTFY_TOKEN, and that it may write to the topic"
            )),
            429 | 500..=599 => Failure::Unreachable(format!(
                "the server answered HTTP {code}; what was not sent is sent on the next run"
            )),
            _ => Failure::Failed(format!("the server answered HTTP {code}")),
        }
    }

    fn unreachable(&self, err: ureq::Error) -> Failure {
        Failure::Unreachable(self.scrub(format!(
            "cannot be reached ({err}); what was not sent is sent on the next run"
        )))
    }

    fn ntfy_send(
        &self,
        url: &str,
        token: Option<&Secret>,
        priority: Option<u8>,
        message: &Message,
    ) -> Result<(), Failure> {
        let mut tags = vec!["tv".to_string()];
        tags.extend(message.kinds.iter().map(|k| k.to_string()));
        tags.push(format!("airdate-{}", message.id));
        let mut request = config::http_agent()
            .post(url)
            .header("Title", header_text(&message.title))
            .header("Tags", tags.join(","))
            .header("Priority", priority.unwrap_or(3).to_string());
        if let Some(click) = &message.click {
            request = request.header("Click", click.as_str());
        }
        if let Some(token) = token {
            request = request.header("Authorization", bearer(token)?);
        }
        let response = request
            .send(message.body())
            .map_err(|e| self.unreachable(e))?;
        let code = response.status().as_u16();
        if (200..300).contains(&code) {
            Ok(())
        } else {
            Err(Self::status_failure(code))
        }
    }

    /// Asks the topic for its messages since a minute before the pending one was sent, and
    /// looks for the message's tag.
    fn ntfy_has(
        &self,
        url: &str,
        token: Option<&Secret>,
        pending: &Pending,
    ) -> Result<bool, Failure> {
        let poll = format!("{}/json", url.trim_end_matches('/'));
        let mut request = config::http_agent()
            .get(&poll)
            .query("poll", "1")
            .query("since", (pending.time - 60).max(0).to_string());
        if let Some(token) = token {
            request = request.header("Authorization", bearer(token)?);
        }
        let mut response = request.call().map_err(|e| self.unreachable(e))?;
        let code = response.status().as_u16();
        if !(200..300).contains(&code) {
            return match Self::status_failure(code) {
                // The topic may not be read (a write-only token, a server that does not
                // poll): it cannot say, and waiting would keep the channel from ever sending
                // again. Sent again, said.
                Failure::Failed(_) => {
                    crate::term::say(&format!(
                        "warning: {}: the topic cannot be read (HTTP {code}) to learn whether the \
                         message of an interrupted run arrived; it is sent again, and may arrive \
                         twice",
                        self.describe()
                    ));
                    Ok(false)
                }
                unreachable => Err(unreachable),
            };
        }
        let text = response
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .map_err(|e| self.unreachable(e))?;
        let tag = format!("airdate-{}", pending.message);
        Ok(text.lines().any(|line| {
            serde_json::from_str::<serde_json::Value>(line).is_ok_and(|m| {
                m["tags"]
                    .as_array()
                    .is_some_and(|tags| tags.iter().any(|t| t.as_str() == Some(tag.as_str())))
            })
        }))
    }
}

/// The `Authorization` header for `token`: a token that a header cannot carry (a space or a
/// line break inside, a letter that is not ASCII) is a mistake to fix, not a server out of reach.
fn bearer(token: &Secret) -> Result<String, Failure> {
    let token = token.expose().trim();
    if token.is_empty() || !token.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Err(Failure::Failed(
            "the access token holds a character that cannot be sent (a space, a line break or a \
             letter that is not ASCII; it is not shown); check `ntfy_token` in the config file or \
             AIRDATE_NTFY_TOKEN"
                .to_string(),
        ));
    }
    Ok(format!("Bearer {token}"))
}

/// Runs `sh -c command` with the message on its standard input, for at most
/// `AIRDATE_COMMAND_TIMEOUT` seconds. Exit 75 (`EX_TEMPFAIL`, as `sendmail` says it) and a
/// command that does not finish are "not reachable now"; any other failure is a refusal.
fn run_command(command: &str, message: &Message) -> Result<(), Failure> {
    use std::os::unix::process::CommandExt as _;
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .env("AIRDATE_TITLE", &message.title)
        .env("AIRDATE_KIND", message.kinds.join(","))
        .env("AIRDATE_COUNT", message.lines.len().to_string())
        .env("AIRDATE_MESSAGE_ID", &message.id)
        // The ntfy token is for ntfy: a command that prints its environment must not show it.
        .env_remove("AIRDATE_NTFY_TOKEN")
        .stdin(Stdio::piped())
        // Its own process group, so that a command that hangs is stopped with its children.
        .process_group(0)
        .spawn()
        .map_err(|e| Failure::Failed(format!("failed to run `sh -c {command}`: {e}")))?;
    if let Some(mut stdin) = child.stdin.take() {
        // Written aside: a command that does not read its input neither blocks the run nor
        // fails for that.
        let body = message.body();
        std::thread::spawn(move || {
            let _ = stdin.write_all(body.as_bytes());
        });
    }
    let timeout = config::command_timeout();
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                stop(&mut child);
                return Err(Failure::Unreachable(format!(
                    "the notify command `{command}` did not finish within {} seconds \
                     (AIRDATE_COMMAND_TIMEOUT) and was stopped; the message will be given to it \
                     again on the next run",
                    timeout.as_secs_f64()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(Failure::Failed(format!("failed to run `{command}`: {e}"))),
        }
    };
    match status.code() {
        _ if status.success() => Ok(()),
        Some(75) => Err(Failure::Unreachable(format!(
            "the notify command `{command}` exited with 75 (try again later); the message will \
             be given to it again on the next run"
        ))),
        code => {
            let how = code.map_or("was killed".to_string(), |c| format!("exited with {c}"));
            Err(Failure::Failed(format!(
                "the notify command `{command}` {how}; the message will be given to it again on the next run"
            )))
        }
    }
}

/// Kills a command's process group (the shell and what it started), then the shell itself.
fn stop(child: &mut std::process::Child) {
    let _ = Command::new("sh")
        .arg("-c")
        .arg("kill -s KILL -- \"-$0\"")
        .arg(child.id().to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_shown_without_their_passwords() {
        assert_eq!(
            masked("https://u:p@ntfy.example/t"),
            "https://***@ntfy.example/t"
        );
        assert_eq!(masked("u:tk_secret@ntfy.example/t"), "***@ntfy.example/t");
        assert_eq!(
            masked("https://ntfy.example/t?x=1&auth=QmVhcmVy&y"),
            "https://ntfy.example/t?x=1&auth=***&y"
        );
        assert_eq!(
            masked("https://ntfy.example/t@x"),
            "https://ntfy.example/t@x"
        );
    }

    #[test]
    fn titles_that_are_not_ascii_are_encoded() {
        assert_eq!(header_text("airdate: 2 updates"), "airdate: 2 updates");
        assert_eq!(
            header_text("airdate: Amélie"),
            "=?UTF-8?Q?airdate=3A_Am=C3=A9lie?="
        );
    }
}
