//! Shell completion that knows the watchlist: titles, statuses, networks and tags; and the
//! time zones `--tz` takes.
//!
//! Completion runs through clap_complete's `CompleteEnv`: the script a shell sources calls
//! `COMPLETE=<shell> airdate -- <words>` at each TAB, and `main` answers before anything else
//! runs. The candidates for titles, networks and tags come from the watchlist in use (`--file`
//! on the line being completed, else `AIRDATE_FILE`, else the default); a missing or broken
//! watchlist gives no candidates and never an error.
//!
//! bash gets its own registration script (`complete.bash`): it hands airdate the words as the
//! command will receive them (not split at `:`, quotes taken away) and lets readline quote the
//! candidates as it quotes file names, so that `Alien: Earth`, `The Handmaid's Tale` and
//! `Law & Order` complete to words bash reads back as the title. zsh's script is clap_complete's,
//! amended to let titles match in any letter case. fish, elvish and PowerShell use
//! clap_complete's scripts as they are.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use clap::ValueEnum;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Shells, Zsh};

use crate::model::{Show, Status, match_key};
use crate::store::Store;
use crate::term::clean;

/// The shells `airdate completions` writes scripts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Elvish,
    Powershell,
}

impl Shell {
    /// The file name of the committed script in `completions/`.
    pub fn file_name(self) -> &'static str {
        match self {
            Shell::Bash => "airdate.bash",
            Shell::Zsh => "_airdate",
            Shell::Fish => "airdate.fish",
            Shell::Elvish => "airdate.elv",
            Shell::Powershell => "_airdate.ps1",
        }
    }

    fn completer(self) -> &'static dyn EnvCompleter {
        match self {
            Shell::Bash => &Readline,
            Shell::Zsh => &ANY_CASE_ZSH,
            Shell::Fish => &Fish,
            Shell::Elvish => &Elvish,
            Shell::Powershell => &Powershell,
        }
    }
}

/// The shells that answer `COMPLETE=<shell>`.
pub const SHELLS: Shells<'static> =
    Shells(&[&Readline, &ANY_CASE_ZSH, &Fish, &Elvish, &Powershell]);

/// The environment variable that asks airdate for completions.
pub const VAR: &str = "COMPLETE";

/// The script that enables completion in `shell` when sourced. It calls `airdate` from `PATH`.
pub fn registration(shell: Shell) -> String {
    let mut script = Vec::new();
    shell
        .completer()
        .write_registration(VAR, "airdate", "airdate", "airdate", &mut script)
        .expect("writing to memory cannot fail");
    String::from_utf8(script).expect("the scripts are UTF-8")
}

/// One of clap_complete's shells with its registration script amended.
struct Amended {
    shell: &'static dyn EnvCompleter,
    amend: fn(&str) -> String,
}

impl EnvCompleter for Amended {
    fn name(&self) -> &'static str {
        self.shell.name()
    }
    fn is(&self, name: &str) -> bool {
        self.shell.is(name)
    }
    fn write_registration(
        &self,
        var: &str,
        name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        let mut script = Vec::new();
        self.shell
            .write_registration(var, name, bin, completer, &mut script)?;
        buf.write_all((self.amend)(&String::from_utf8_lossy(&script)).as_bytes())
    }
    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        args: Vec<OsString>,
        current_dir: Option<&std::path::Path>,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        self.shell.write_complete(cmd, args, current_dir, buf)
    }
}

/// bash, with its own registration script (`complete.bash`): clap_complete's passes the words
/// as bash splits them for readline, at `:` and `=` too, and inserts candidates unquoted.
struct Readline;

impl EnvCompleter for Readline {
    fn name(&self) -> &'static str {
        Bash.name()
    }
    fn is(&self, name: &str) -> bool {
        Bash.is(name)
    }
    fn write_registration(
        &self,
        var: &str,
        name: &str,
        bin: &str,
        completer: &str,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        let script = include_str!("complete.bash")
            .replace("NAME", &name.replace('-', "_"))
            .replace("COMPLETER", completer)
            .replace("BIN", bin)
            .replace("VAR", var);
        buf.write_all(script.as_bytes())
    }
    fn write_complete(
        &self,
        cmd: &mut clap::Command,
        args: Vec<OsString>,
        current_dir: Option<&std::path::Path>,
        buf: &mut dyn Write,
    ) -> std::io::Result<()> {
        Bash.write_complete(cmd, args, current_dir, buf)
    }
}

/// zsh, offering airdate's candidates as they are, without zsh's case-sensitive prefix filter
/// (airdate has already filtered them, in any letter case).
const ANY_CASE_ZSH: Amended = Amended {
    shell: &Zsh,
    amend: |script| {
        script.replace(
            "_describe -V 'values' other\n",
            "_describe -V 'values' other -U\n",
        )
    },
};

/// The watchlist named on the command line being completed, if any.
fn file_from_line() -> Option<PathBuf> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let words = args.iter().skip_while(|a| *a != "--").skip(1);
    let mut file = None;
    let mut next_is_file = false;
    for word in words {
        if next_is_file {
            file = Some(PathBuf::from(word));
            next_is_file = false;
            continue;
        }
        let text = word.to_string_lossy();
        if text == "--file" || text == "-f" {
            next_is_file = true;
        } else if let Some(path) = text.strip_prefix("--file=") {
            file = Some(PathBuf::from(path));
        }
    }
    file
}

/// The watchlist in use, as the command line being completed names it.
fn store() -> Option<Store> {
    let explicit = file_from_line().or_else(crate::config::file);
    crate::config::watchlist_path(explicit).ok().map(Store::new)
}

/// The shows of the watchlist in use, or none when it cannot be read. Read once, and kept
/// until the process ends.
fn shows() -> &'static [Show] {
    static SHOWS: OnceLock<Vec<Show>> = OnceLock::new();
    SHOWS.get_or_init(|| {
        store()
            .and_then(|store| store.load().ok())
            .unwrap_or_default()
    })
}

/// What the user typed so far, without the shell's quoting.
fn typed(current: &OsStr) -> String {
    let text = current.to_string_lossy();
    let text = text.trim_start_matches(['"', '\'']);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            _ => out.push(c),
        }
    }
    match_key(&out)
}

/// Values that begin with what was typed, or, when none does, those that contain it, compared
/// as titles are matched (any letter case, without accents or punctuation: see [`match_key`]);
/// each value once, escaped for the terminal. Offering only the values that begin with it lets
/// a unique prefix complete: shells insert only what all candidates share.
fn matching<'a>(
    current: &OsStr,
    values: impl Iterator<Item = (&'a str, Option<String>)>,
) -> Vec<CompletionCandidate> {
    let typed = typed(current);
    let (mut first, mut then) = (Vec::new(), Vec::new());
    for (value, help) in values {
        let lower = match_key(value);
        if lower.starts_with(&typed) {
            first.push((lower, value, help));
        } else if lower.contains(&typed) {
            then.push((lower, value, help));
        }
    }
    for list in [&mut first, &mut then] {
        list.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        list.dedup_by(|a, b| a.0 == b.0);
    }
    if first.is_empty() { then } else { first }
        .into_iter()
        .map(|(_, value, help)| {
            let help = help.map(|h| clean(&h).into_owned().into());
            CompletionCandidate::new(clean(value).as_ref()).help(help)
        })
        .collect()
}

/// Show titles, with the season and status as help.
pub fn titles(current: &OsStr) -> Vec<CompletionCandidate> {
    let shows = store()
        .and_then(|store| store.load().ok())
        .unwrap_or_default();
    matching(
        current,
        shows.iter().map(|show| {
            let help = match show.season {
                Some(season) => format!("season {season}, {}", show.status),
                None => show.status.to_string(),
            };
            (show.title.as_str(), Some(help))
        }),
    )
}

/// The titles of the shows not linked to TVmaze, for `link`.
pub fn unlinked_titles(current: &OsStr) -> Vec<CompletionCandidate> {
    matching(
        current,
        shows()
            .iter()
            .filter(|show| show.tvmaze.is_none())
            .map(|show| (show.title.as_str(), None)),
    )
}

/// The networks already in the watchlist.
pub fn networks(current: &OsStr) -> Vec<CompletionCandidate> {
    matching(
        current,
        shows()
            .iter()
            .filter_map(|s| s.network.as_deref())
            .map(|n| (n, None)),
    )
}

/// The tags already in the watchlist.
pub fn tags(current: &OsStr) -> Vec<CompletionCandidate> {
    matching(
        current,
        shows()
            .iter()
            .flat_map(|s| &s.tags)
            .map(|t| (t.as_str(), None)),
    )
}

/// The statuses, with what each means.
pub fn statuses(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = typed(current);
    Status::ALL
        .iter()
        .filter(|s| s.as_str().starts_with(&typed))
        .map(|s| CompletionCandidate::new(s.as_str()).help(Some(s.about().into())))
        .collect()
}

/// The time zones `--tz` takes: the short names (`ET`, `PT`) and the IANA names
/// (`Europe/Berlin`), matched as titles are, so that `berl` finds `Europe/Berlin`.
pub fn zones(current: &OsStr) -> Vec<CompletionCandidate> {
    let names = crate::model::moment::zone_names();
    matching(
        current,
        names
            .iter()
            .map(|(name, help)| (name.as_str(), help.clone())),
    )
}
