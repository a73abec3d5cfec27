//! `git-setup [--shared]`: makes git merge the watchlist with `airdate merge`, in the
//! repository that holds it: the driver in the repository's config, the attributes line in
//! `.git/info/attributes` (or `.gitattributes`). Idempotent: what is there already stays.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};

use super::Context;
use crate::cli::GitSetup;
use crate::term::clean;

/// The driver's name in git's config (`merge.airdate.*`) and in the attributes (`merge=airdate`).
const DRIVER: &str = "airdate";

pub fn run(args: GitSetup, ctx: &Context) -> Result<()> {
    let watchlist = ctx.store.path();
    let folder = watchlist
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let folder = std::fs::canonicalize(folder).with_context(|| {
        format!(
            "the watchlist's folder `{}` is not there; make it (or run `airdate add …` once) \
             inside a git repository first",
            folder.display()
        )
    })?;
    let top = PathBuf::from(git(&folder, &["rev-parse", "--show-toplevel"])?);
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let name = watchlist.file_name().unwrap_or_default();
    let relative = folder
        .strip_prefix(&top)
        .with_context(|| format!("`{}` is not inside `{}`", folder.display(), top.display()))?
        .join(name);
    let relative = relative.to_string_lossy().replace('\\', "/");
    let mut said = Vec::new();
    for (key, value) in [
        ("name", "airdate watchlist merge".to_string()),
        ("driver", format!("{} merge %O %A %B %P", airdate_word()?)),
    ] {
        let key = format!("merge.{DRIVER}.{key}");
        let now = git(&top, &["config", "--local", "--get", &key]).ok();
        if now.as_deref() != Some(value.as_str()) {
            git(&top, &["config", "--local", &key, &value])?;
            said.push(format!("set {key} = {value}"));
        }
    }
    let attributes = if args.shared {
        top.join(".gitattributes")
    } else {
        top.join(git(&top, &["rev-parse", "--git-path", "info/attributes"])?)
    };
    let line = format!("{} merge={DRIVER}", pattern(&relative));
    let shown = |path: &Path| {
        path.strip_prefix(&top)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    if add_line(&attributes, &line)? {
        said.push(format!("added `{line}` to `{}`", shown(&attributes)));
    }
    // The lock, the temporary files of a write, the edit copy and its base, and the removal
    // log are this device's, never the watchlist: git leaves them alone, so that `git status`
    // offers only the watchlist (in this clone; each clone runs `git-setup` anyway).
    let exclude = top.join(git(&top, &["rev-parse", "--git-path", "info/exclude"])?);
    let beside = crate::store::Beside::new(Path::new(&relative));
    let slashed = |path: PathBuf| format!("/{}", escape_glob(&path.to_string_lossy()));
    let temp = Path::new(&relative).with_file_name(beside.temp_prefix());
    for ignored in [
        slashed(beside.lock()),
        format!("/{}*.tmp", escape_glob(&temp.to_string_lossy())),
        slashed(beside.edit_copy()),
        slashed(beside.edit_base()),
        slashed(beside.removal_log()),
    ] {
        if add_line(&exclude, &ignored)? {
            said.push(format!("added `{ignored}` to `{}`", shown(&exclude)));
        }
    }
    let mut text = String::new();
    if said.is_empty() {
        text.push_str(&format!(
            "git already merges `{relative}` with airdate in `{}`: nothing changed\n",
            top.display()
        ));
    } else {
        text.push_str(&format!("In the git repository `{}`:\n", top.display()));
        for s in &said {
            text.push_str(&format!("  {s}\n"));
        }
    }
    if args.shared {
        text.push_str(&format!(
            "Commit `{}`; each other clone runs `airdate git-setup` once for the driver.\n",
            shown(&attributes)
        ));
    }
    ctx.done(&text)
}

/// Adds `line` to the file at `path` (made when missing) unless it holds it already; whether
/// it was added.
fn add_line(path: &Path, line: &str) -> Result<bool> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).context(format!("failed to read `{}`", path.display())),
    };
    if text.lines().any(|l| l.trim() == line) {
        return Ok(false);
    }
    let mut new = text;
    if !new.is_empty() && !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(line);
    new.push('\n');
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to make `{}`", dir.display()))?;
    }
    std::fs::write(path, new).with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(true)
}

/// Runs git in `dir` with `args`; its output's first line, or an error that says what to do.
fn git(dir: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => anyhow::anyhow!(
                "git is not installed (no `git` on PATH); install it, then run `airdate \
                 git-setup` again"
            ),
            _ => anyhow::anyhow!("failed to run git: {e}"),
        })?;
    if !output.status.success() {
        let err = String::from_utf8_lossy(&output.stderr);
        if args.first() == Some(&"rev-parse") && err.contains("not a git repository") {
            bail!(
                "the watchlist's folder `{}` is not in a git repository; run `git init` there \
                 (or pass --file with a watchlist inside one), then `airdate git-setup` again",
                dir.display()
            );
        }
        bail!(
            "`git {}` failed in `{}`: {}",
            args.join(" "),
            dir.display(),
            clean(err.trim())
        );
    }
    let out = String::from_utf8_lossy(&output.stdout);
    Ok(out.lines().next().unwrap_or("").to_string())
}

/// How the driver names airdate: `airdate` when that name on PATH is this very program, else
/// this program's full path, quoted for the shell git runs the driver with.
fn airdate_word() -> Result<String> {
    let exe = std::env::current_exe().context("cannot tell where this airdate is")?;
    let exe = std::fs::canonicalize(&exe).unwrap_or(exe);
    let on_path = std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("airdate"))
            .any(|p| std::fs::canonicalize(p).is_ok_and(|p| p == exe))
    });
    if on_path {
        return Ok("airdate".into());
    }
    let exe = exe.to_string_lossy();
    let plain = exe
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./+@%,:=".contains(c));
    Ok(if plain {
        exe.into_owned()
    } else {
        format!("'{}'", exe.replace('\'', r"'\''"))
    })
}

/// The watchlist's path as a gitattributes pattern that matches only it: glob characters
/// escaped, and C-quoted (`"my shows/watch list.toml"`) when it has spaces or other characters
/// the line's syntax would take for its own.
fn pattern(relative: &str) -> String {
    let escaped = escape_glob(relative);
    let quote = escaped.starts_with('#')
        || escaped
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '\\');
    if !quote {
        return escaped;
    }
    let mut quoted = String::from("\"");
    for c in escaped.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\t' => quoted.push_str("\\t"),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    quoted.push_str(&format!("\\{b:03o}"));
                }
            }
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// `path` as a pattern of itself alone: its glob characters escaped, and a first `!` or a
/// trailing space too (gitignore would take them for its own).
fn escape_glob(path: &str) -> String {
    let mut escaped = String::new();
    let last = path.chars().count().saturating_sub(1);
    for (i, c) in path.chars().enumerate() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\')
            || (i == 0 && c == '!')
            || (i == last && c == ' ')
        {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::pattern;

    #[test]
    fn patterns_match_only_the_watchlist() {
        assert_eq!(pattern("watchlist.toml"), "watchlist.toml");
        assert_eq!(pattern("data/watchlist.toml"), "data/watchlist.toml");
        assert_eq!(pattern("my shows/w.toml"), "\"my shows/w.toml\"");
        assert_eq!(pattern("a*b.toml"), "\"a\\\\*b.toml\"");
        assert_eq!(pattern("#w.toml"), "\"#w.toml\"");
        assert_eq!(pattern("say \"hi\".toml"), "\"say \\\"hi\\\".toml\"");
    }
}
