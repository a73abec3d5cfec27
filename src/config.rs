//! Every environment variable airdate reads, one function each. (For commands, `AIRDATE_FILE`,
//! `AIRDATE_TODAY` and `AIRDATE_TZ` arrive through clap, as `--file`, `--today` and `--tz`; completion reads `AIRDATE_FILE` here, and clap_complete reads `COMPLETE`.)

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context as _, Result};

fn var(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

/// Set and not empty.
fn set(name: &str) -> bool {
    var(name).is_some_and(|v| !v.is_empty())
}

/// The watchlist path: `--file`, else `AIRDATE_FILE` (both arrive through clap), else the
/// data folder's `watchlist.toml`.
pub fn watchlist_path(explicit: Option<PathBuf>) -> Result<PathBuf> {
    if let Some(path) = explicit.filter(|p| !p.as_os_str().is_empty()) {
        return Ok(path);
    }
    let dirs = directories::ProjectDirs::from("", "", "airdate").ok_or_else(|| {
        anyhow::anyhow!("cannot find your home folder; pass --file PATH or set AIRDATE_FILE")
    })?;
    Ok(dirs.data_dir().join("watchlist.toml"))
}

/// `AIRDATE_FILE`, for completion, which runs before the command line is parsed.
pub fn file() -> Option<PathBuf> {
    var("AIRDATE_FILE").map(PathBuf::from)
}

/// The folder of the cache: `AIRDATE_CACHE_DIR` (set empty, there is no cache), else the
/// user's cache folder.
pub fn cache_dir() -> Option<PathBuf> {
    match var("AIRDATE_CACHE_DIR") {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(PathBuf::from(dir)),
        None => Some(
            directories::ProjectDirs::from("", "", "airdate")?
                .cache_dir()
                .to_path_buf(),
        ),
    }
}

/// The folder of state that is not the user's data, such as the versions kept for `undo`:
/// `AIRDATE_STATE_DIR` (set empty, none is kept), else the user's state folder
/// (`~/.local/state/airdate`), else, where a system has none, the user's cache folder.
pub fn state_dir() -> Option<PathBuf> {
    match var("AIRDATE_STATE_DIR") {
        Some(dir) if dir.is_empty() => None,
        Some(dir) => Some(PathBuf::from(dir)),
        None => {
            let dirs = directories::ProjectDirs::from("", "", "airdate")?;
            Some(dirs.state_dir().unwrap_or(dirs.cache_dir()).to_path_buf())
        }
    }
}

/// The configuration file: `AIRDATE_CONFIG` (set empty, there is none), else `config.toml` in
/// the user's config folder (`~/.config/airdate/config.toml`).
pub fn config_path() -> Option<PathBuf> {
    match var("AIRDATE_CONFIG") {
        Some(path) if path.is_empty() => None,
        Some(path) => Some(PathBuf::from(path)),
        None => Some(
            directories::ProjectDirs::from("", "", "airdate")?
                .config_dir()
                .join("config.toml"),
        ),
    }
}

/// `AIRDATE_NTFY_TOKEN`: the ntfy access token, over the config file's `ntfy_token`.
pub fn ntfy_token() -> Option<String> {
    std::env::var("AIRDATE_NTFY_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty())
}

/// The user's time zone: `--tz` (or `AIRDATE_TZ`, both arriving through clap), else `TZ` when it
/// names a zone, else the system's, else UTC. A zone given with `--tz` or `AIRDATE_TZ` that is
/// none is an error; a `TZ` that is none (a POSIX rule such as `CET-1CEST`) is passed over.
pub fn time_zone(explicit: Option<&str>) -> Result<crate::model::moment::Zone, String> {
    use crate::model::moment::zone;
    if let Some(name) = explicit.filter(|n| !n.trim().is_empty()) {
        return zone(name);
    }
    let from_tz = std::env::var("TZ").ok().and_then(|name| zone(&name).ok());
    let system = || {
        iana_time_zone::get_timezone()
            .ok()
            .and_then(|name| zone(&name).ok())
    };
    Ok(from_tz.or_else(system).unwrap_or(chrono_tz::Tz::UTC))
}

/// `AIRDATE_NOW`: the moment to take as now (RFC 3339), so that output with times can be
/// reproduced. An unreadable one is an error.
pub fn now() -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    let Some(text) = var("AIRDATE_NOW").filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let text = text.to_string_lossy();
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| Some(t.with_timezone(&chrono::Utc)))
        .with_context(|| {
            format!("AIRDATE_NOW must be an RFC 3339 moment such as 2025-01-17T21:00:00Z, not \"{text}\"")
        })
}

/// `AIRDATE_TVMAZE_URL`: where the TVmaze API is (a mirror, or a test server).
pub fn tvmaze_url() -> String {
    std::env::var("AIRDATE_TVMAZE_URL")
        .ok()
        .filter(|u| !u.trim().is_empty())
        .unwrap_or_else(|| "https://api.tvmaze.com".to_string())
}

/// `AIRDATE_HTTP_TIMEOUT`: seconds a request to TVmaze may take (default 15).
pub fn http_timeout() -> Duration {
    var("AIRDATE_HTTP_TIMEOUT")
        .and_then(|t| seconds(&t.to_string_lossy()))
        .unwrap_or(Duration::from_secs(15))
}

/// `AIRDATE_COMMAND_TIMEOUT`: seconds a notify command may run before it is stopped (default
/// 60).
pub fn command_timeout() -> Duration {
    var("AIRDATE_COMMAND_TIMEOUT")
        .and_then(|t| seconds(&t.to_string_lossy()))
        .unwrap_or(Duration::from_secs(60))
}

/// The HTTP client of every online feature (TVmaze, ntfy): `AIRDATE_HTTP_TIMEOUT` for the whole
/// request (at most 5 seconds to connect), airdate's user agent, and every status an answer
/// for the caller to read rather than an error.
pub fn http_agent() -> ureq::Agent {
    let timeout = http_timeout();
    ureq::Agent::config_builder()
        .timeout_connect(Some(timeout.min(Duration::from_secs(5))))
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent(concat!("airdate/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// A number of seconds, such as `10` or `0.5`.
fn seconds(text: &str) -> Option<Duration> {
    let seconds = text.trim().parse::<f64>().ok()?;
    Duration::try_from_secs_f64(seconds).ok()
}

/// `AIRDATE_LOCK_TIMEOUT`: how many seconds a writer waits for another one.
pub fn lock_timeout() -> Result<Option<Duration>> {
    let Some(text) = var("AIRDATE_LOCK_TIMEOUT") else {
        return Ok(None);
    };
    let text = text.to_string_lossy();
    seconds(&text).map(Some).with_context(|| {
        format!("AIRDATE_LOCK_TIMEOUT must be a number of seconds, not \"{text}\"")
    })
}

/// `NO_COLOR`: set and not empty, no colour unless `--color always` asks for it.
pub fn no_color() -> bool {
    set("NO_COLOR")
}

/// `CLICOLOR_FORCE`: set and not `0`, colour even off a terminal.
pub fn color_forced() -> bool {
    set("CLICOLOR_FORCE") && var("CLICOLOR_FORCE").as_deref() != Some("0".as_ref())
}

/// `COLUMNS`, when it holds a width.
pub fn columns() -> Option<u16> {
    var("COLUMNS")?.to_str()?.trim().parse().ok()
}

/// The user's editor: `VISUAL`, else `EDITOR`, else `vi`.
pub fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "vi".to_string())
}

/// Whether the locale (`LC_ALL`, `LC_CTYPE`, `LANG`, the first set) says UTF-8; without any
/// locale set, it is assumed.
pub fn utf8_locale() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .is_none_or(|locale| {
            let locale = locale.to_lowercase();
            locale.contains("utf-8") || locale.contains("utf8")
        })
}
