//! The configuration file, `config.toml` in the XDG config folder (`AIRDATE_CONFIG`
//! overrides; set empty, there is none): settings that are not about one run. Its first table
//! is `[notify]`.
//!
//! It is read with toml_edit, so that a mistake is reported as `path:line:column: …` like one
//! in the watchlist. An unknown key is an error with the closest known one; a value of the
//! wrong type is an error too. The ntfy access token is a [`Secret`]: it is never printed, not
//! in an error about it, not in `--dry-run`, not in `Debug`.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Result, bail};
use toml_edit::{Document, Item, Table, Value};

use crate::model::news::Kind;

/// A value that is never printed: its `Debug` and `Display` are `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: String) -> Self {
        Secret(text)
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// What the reminders and news kinds may be called: the news kinds and `reminder`.
pub const REMINDER: &str = "reminder";

/// A span before an event that a reminder is sent: `1d`, `2h`, `30m`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Remind(pub Duration);

impl Remind {
    /// The span as written canonically: `1d`, `2h`, `90m`.
    pub fn label(self) -> String {
        let minutes = self.0.as_secs() / 60;
        match minutes {
            m if m % 1440 == 0 && m > 0 => format!("{}d", m / 1440),
            m if m % 60 == 0 && m > 0 => format!("{}h", m / 60),
            m => format!("{m}m"),
        }
    }
}

/// A reminder span: a number and `w`, `d`, `h` or `m` (minutes), or the words (`2 hours`).
pub fn parse_remind(input: &str) -> Result<Remind, String> {
    let fail = || {
        format!(
            "invalid reminder span \"{input}\": expected a number and a unit, such as 1d, 2h or \
             30m (m is minutes)"
        )
    };
    let (number, unit) = crate::cli::number_and_unit(input).ok_or_else(fail)?;
    let minutes = match unit.as_str() {
        "w" | "week" => 7 * 1440,
        "d" | "day" => 1440,
        "h" | "hour" => 60,
        "m" | "min" | "minute" => 1,
        _ => return Err(fail()),
    };
    let minutes = number
        .checked_mul(minutes)
        .filter(|m| *m > 0)
        .ok_or_else(fail)?;
    // Reminders look only so far ahead (see `notify::AHEAD_DAYS`): a longer span would fire
    // at that horizon, not when asked.
    let ahead = u64::from(crate::notify::AHEAD_DAYS);
    if minutes > ahead * 1440 {
        return Err(format!(
            "reminder span \"{input}\" is longer than {ahead} days; airdate reminds at most \
             {ahead} days before a premiere, episode or finale"
        ));
    }
    Ok(Remind(Duration::from_secs(minutes * 60)))
}

/// Several reminder spans, comma-separated: `1d,2h`.
pub fn parse_reminds(input: &str) -> Result<Vec<Remind>, String> {
    input
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(parse_remind)
        .collect()
}

/// The `[notify]` table.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notify {
    /// The ntfy topic URL.
    pub ntfy: Option<String>,
    pub ntfy_token: Option<Secret>,
    /// A shell command that is given each message on its standard input.
    pub command: Option<String>,
    pub remind: Vec<Remind>,
    /// The kinds of news (and `reminder`) to send; `None`: all of them.
    pub kinds: Option<Vec<String>>,
    /// One message per event, not a digest.
    pub each: bool,
    /// ntfy's priority, 1 to 5.
    pub priority: Option<u8>,
}

/// The settings of the configuration file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// The file they were read from, when there was one.
    pub path: Option<PathBuf>,
    pub notify: Notify,
}

const TABLES: [&str; 1] = ["notify"];
const NOTIFY_KEYS: [&str; 7] = [
    "ntfy",
    "ntfy_token",
    "command",
    "remind",
    "kinds",
    "each",
    "priority",
];

/// Every kind name `kinds` accepts.
pub fn kind_names() -> Vec<&'static str> {
    Kind::ALL
        .iter()
        .map(|k| k.as_str())
        .chain([REMINDER])
        .collect()
}

/// The settings from the configuration file in use (see [`crate::config::config_path`]): none
/// when there is no file.
pub fn load() -> Result<Settings> {
    let Some(path) = crate::config::config_path() else {
        return Ok(Settings::default());
    };
    // A folder or a FIFO is no config file: reading a FIFO would wait forever.
    match std::fs::metadata(&path) {
        Ok(meta) if !meta.is_file() => bail!(
            "the config file `{}` is not a regular file; set AIRDATE_CONFIG to a file, or set it \
             empty for none",
            path.display()
        ),
        _ => {}
    }
    let text = match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            anyhow::anyhow!(
                "`{}` is not UTF-8 text; a config file is TOML",
                path.display()
            )
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
        Err(e) => bail!("failed to read the config file `{}`: {e}", path.display()),
    };
    parse(&path, &text)
}

/// `path:line:column: message`, lines and columns counted from 1.
fn locate(path: &Path, text: &str, span: Option<Range<usize>>, message: &str) -> String {
    let Some(span) = span else {
        return format!("{}: {message}", path.display());
    };
    let before = &text[..text.floor_char_boundary(span.start)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    format!("{}:{line}:{column}: {message}", path.display())
}

/// A key that is none of `known`, with the closest known one.
fn unknown(what: &str, key: &str, known: &[&str]) -> String {
    let close = crate::model::suggest::closest(key, known.iter().copied());
    match close.first() {
        Some(near) => format!("unknown {what} `{key}`; did you mean `{near}`?"),
        None => format!("unknown {what} `{key}`; known: {}", known.join(", ")),
    }
}

/// The settings in `text`, the file at `path`.
pub fn parse(path: &Path, text: &str) -> Result<Settings> {
    let fail = |span: Option<Range<usize>>, message: &str| -> anyhow::Error {
        anyhow::anyhow!(
            "invalid config file: {}; fix it, or set AIRDATE_CONFIG to another file",
            locate(path, text, span, message)
        )
    };
    // Only the parser's message, never its quote of the line: the line may hold the token.
    let doc = Document::parse(text).map_err(|e| fail(e.span(), e.message().trim()))?;
    let root = doc.as_table();
    for (key, item) in root.iter() {
        let span = root.key(key).and_then(|k| k.span());
        if !TABLES.contains(&key) {
            return Err(fail(span, &unknown("table", key, &TABLES)));
        }
        if !item.is_table() {
            return Err(fail(span, &format!("`{key}` must be a table, `[{key}]`")));
        }
    }
    let mut settings = Settings {
        path: Some(path.to_path_buf()),
        notify: Notify::default(),
    };
    if let Some(table) = root.get("notify").and_then(Item::as_table) {
        settings.notify = notify(table, &fail)?;
    }
    Ok(settings)
}

fn notify(
    table: &Table,
    fail: &dyn Fn(Option<Range<usize>>, &str) -> anyhow::Error,
) -> Result<Notify> {
    let mut notify = Notify::default();
    for (key, item) in table.iter() {
        let key_span = table.key(key).and_then(|k| k.span());
        if !NOTIFY_KEYS.contains(&key) {
            return Err(fail(key_span, &unknown("key", key, &NOTIFY_KEYS)));
        }
        let value = item.as_value();
        let span = item.span().or(key_span);
        let string = |what: &str| -> Result<String> {
            match value.and_then(Value::as_str) {
                Some(s) if !s.trim().is_empty() => Ok(s.to_string()),
                _ => Err(fail(span.clone(), &format!("`{key}` must be {what}"))),
            }
        };
        match key {
            "ntfy" => {
                let url = string("a topic URL in quotes, such as \"https://ntfy.sh/my-shows\"")?;
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    return Err(fail(
                        span.clone(),
                        "`ntfy` must be an http:// or https:// topic URL",
                    ));
                }
                notify.ntfy = Some(url);
            }
            // Described, never quoted.
            "ntfy_token" => {
                notify.ntfy_token = Some(Secret(string(
                    "the access token in quotes (the value given is not shown)",
                )?))
            }
            "command" => notify.command = Some(string("a shell command in quotes")?),
            "remind" => {
                let spans = strings(value).ok_or_else(|| {
                    fail(
                        span,
                        "`remind` must be a list of spans, such as [\"1d\", \"2h\"]",
                    )
                })?;
                for (text, span) in spans {
                    notify
                        .remind
                        .push(parse_remind(&text).map_err(|e| fail(span, &e))?);
                }
            }
            "kinds" => {
                let names = strings(value).ok_or_else(|| {
                    fail(
                        span,
                        "`kinds` must be a list of kinds, such as [\"premiere\", \"date-slipped\"]",
                    )
                })?;
                let known = kind_names();
                let mut kinds = Vec::new();
                for (name, span) in names {
                    if !known.contains(&name.as_str()) {
                        return Err(fail(span, &unknown("kind", &name, &known)));
                    }
                    kinds.push(name);
                }
                notify.kinds = Some(kinds);
            }
            "each" => {
                notify.each = value
                    .and_then(Value::as_bool)
                    .ok_or_else(|| fail(span, "`each` must be true or false"))?;
            }
            "priority" => {
                let priority = value
                    .and_then(Value::as_integer)
                    .filter(|p| (1..=5).contains(p))
                    .ok_or_else(|| fail(span, "`priority` must be a number from 1 to 5"))?;
                notify.priority = Some(priority as u8);
            }
            _ => unreachable!("every known key is read"),
        }
    }
    Ok(notify)
}

/// The strings of an array value, each with its place; `None` when it is not one.
fn strings(value: Option<&Value>) -> Option<Vec<(String, Option<Range<usize>>)>> {
    value?
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(|s| (s.to_string(), v.span())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Settings> {
        parse(Path::new("config.toml"), text)
    }

    #[test]
    fn every_key_is_read() {
        let settings = read(
            "[notify]\nntfy = \"https://example.org/t\"\nntfy_token = \"tk_secret\"\n\
             command = \"cat\"\nremind = [\"1d\", \"2h\"]\nkinds = [\"premiere\", \"reminder\"]\n\
             each = true\npriority = 4\n",
        )
        .unwrap();
        let n = settings.notify;
        assert_eq!(n.ntfy.as_deref(), Some("https://example.org/t"));
        assert_eq!(n.ntfy_token.as_ref().unwrap().expose(), "tk_secret");
        assert_eq!(
            n.remind.iter().map(|r| r.label()).collect::<Vec<_>>(),
            ["1d", "2h"]
        );
        assert!(n.each);
        assert_eq!(n.priority, Some(4));
        assert!(!format!("{n:?}").contains("tk_secret"));
    }

    #[test]
    fn mistakes_have_their_line_and_no_token() {
        let err = read("[notify]\nntfy_tokn = \"x\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("config.toml:2:1: unknown key `ntfy_tokn`; did you mean `ntfy_token`?"),
            "{err}"
        );
        let err = read("[notify]\nntfy_token = [\"tk_secret\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("config.toml:2:14"), "{err}");
        assert!(!err.contains("tk_secret"), "{err}");
        let err = read("[notify]\nntfy_token = \"tk_secret\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("config.toml:2:"), "{err}");
        assert!(!err.contains("tk_secret"), "{err}");
        let err = read("[notfy]\n").unwrap_err().to_string();
        assert!(err.contains("did you mean `notify`?"), "{err}");
        let err = read("[notify]\npriority = 9\n").unwrap_err().to_string();
        assert!(
            err.contains("config.toml:2:12: `priority` must be"),
            "{err}"
        );
        let err = read("[notify]\nkinds = [\"premeire\"]\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("did you mean `premiere`?"), "{err}");
    }

    #[test]
    fn reminder_spans() {
        assert_eq!(parse_remind("1d").unwrap().label(), "1d");
        assert_eq!(parse_remind("2 hours").unwrap().label(), "2h");
        assert_eq!(parse_remind("90m").unwrap().label(), "90m");
        assert_eq!(parse_remind("120m").unwrap().label(), "2h");
        assert!(parse_remind("0h").is_err());
        assert!(parse_remind("soon").is_err());
        assert_eq!(parse_reminds("1d,2h").unwrap().len(), 2);
    }
}
