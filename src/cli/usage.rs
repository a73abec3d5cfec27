//! Usage errors made clearer for the slips people make every day: clap's error, with what to
//! do instead.
//!
//! - A title of several words without quotes (`add The Chair Company`) is one argument too
//!   many for clap ("unexpected argument 'Chair'"): a tip gives the command line with the
//!   title in quotes.
//! - `set SHOW` with nothing to set is "nothing to change", with the options most often set,
//!   rather than clap's list of every option as "required".

use std::ffi::OsString;

use clap::Command;
use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The options of `set` named when it is given nothing to change, most used first.
const COMMON_SET_OPTIONS: [&str; 6] = [
    "--status",
    "--premiere",
    "--season",
    "--network",
    "--reason",
    "--note",
];

/// `err`, the error clap gave for the command line `args` (the program's name first), made
/// clearer where it is one of the slips above; else as it was.
pub fn explain(err: clap::Error, cmd: &Command, args: &[OsString]) -> clap::Error {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match err.kind() {
        ErrorKind::UnknownArgument => quote_the_title(err, cmd, &args),
        ErrorKind::MissingRequiredArgument => nothing_to_change(err, cmd, &args),
        _ => err,
    }
}

/// The subcommand of `args` and its index there: the first word that names one (after the
/// global options, which may come first).
fn subcommand<'a>(cmd: &'a Command, args: &[String]) -> Option<(usize, &'a Command)> {
    let mut i = 1;
    while i < args.len() {
        let word = &args[i];
        if let Some(sub) = cmd.find_subcommand(word) {
            return Some((i, sub));
        }
        if !word.starts_with('-') {
            return None;
        }
        // A global option's value is the next word, unless it came with `=`.
        i += if takes_value(cmd, word) { 2 } else { 1 };
    }
    None
}

/// Whether `word` is an option of `cmd` given without its value, which is the next word.
fn takes_value(cmd: &Command, word: &str) -> bool {
    if word.contains('=') {
        return false;
    }
    let arg = match word.strip_prefix("--") {
        Some(long) => cmd.get_arguments().find(|a| a.get_long() == Some(long)),
        None => {
            // `-f PATH`; `-fPATH` carries its value.
            let mut short = word.chars().skip(1);
            match (short.next(), short.next()) {
                (Some(c), None) => cmd.get_arguments().find(|a| a.get_short() == Some(c)),
                _ => None,
            }
        }
    };
    arg.is_some_and(|a| a.get_action().takes_values())
}

/// For a word clap did not expect, next to the subcommand's title or SHOW (or an option's
/// value): the tip to put the words of the title (or value) in quotes.
fn quote_the_title(mut err: clap::Error, cmd: &Command, args: &[String]) -> clap::Error {
    let Some(ContextValue::String(unexpected)) = err.get(ContextKind::InvalidArg) else {
        return err;
    };
    if unexpected.starts_with('-') {
        return err;
    }
    let Some((at, sub)) = subcommand(cmd, args) else {
        return err;
    };
    // The words of the subcommand, each marked as an option's value or not.
    let mut free = vec![false; args.len()];
    let mut i = at + 1;
    let mut options_ended = false;
    while i < args.len() {
        let word = &args[i];
        if options_ended || !word.starts_with('-') || word == "-" {
            free[i] = true;
        } else if word == "--" {
            options_ended = true;
        } else if takes_value(sub, word) || takes_value(cmd, word) {
            i += 1;
        }
        i += 1;
    }
    let Some(hit) = (at + 1..args.len()).find(|&i| free[i] && args[i] == *unexpected) else {
        return err;
    };
    let mut start = hit;
    while start > at + 1 && free[start - 1] {
        start -= 1;
    }
    let mut end = hit + 1;
    while end < args.len() && free[end] {
        end += 1;
    }
    // Words after the title are more of it; words after an option's value (`--network HBO
    // Max`) are more of that.
    let what = if start < hit {
        "a title"
    } else if hit > at + 1 && !free[hit - 1] && !args[hit - 1].starts_with('-') {
        start = hit - 1;
        "a value"
    } else {
        return err;
    };
    let title = args[start..end].join(" ");
    let mut line = vec!["airdate".to_string()];
    line.extend(args[1..start].iter().map(|w| shell_word(w)));
    line.push(quoted(&title));
    line.extend(args[end..].iter().map(|w| shell_word(w)));
    let tip = format!("{what} with spaces goes in quotes: {}", line.join(" "));
    err.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![StyledStr::from(tip)]),
    );
    err
}

/// `word` as a shell reads it back: as it is when it holds nothing the shell treats specially.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "-_./=:,+@%".contains(c));
    match plain {
        true => word.to_string(),
        false => quoted(word),
    }
}

/// `text` in quotes a shell keeps as one word: double quotes unless it holds a character they
/// do not protect, else single quotes.
fn quoted(text: &str) -> String {
    if text.contains(['"', '$', '`', '\\', '!']) {
        format!("'{}'", text.replace('\'', r"'\''"))
    } else {
        format!("\"{text}\"")
    }
}

/// `set SHOW` with no option: "nothing to change", with the options most often set.
fn nothing_to_change(err: clap::Error, cmd: &Command, args: &[String]) -> clap::Error {
    let Some((_, sub)) = subcommand(cmd, args).filter(|(_, sub)| sub.get_name() == "set") else {
        return err;
    };
    let missing = match err.get(ContextKind::InvalidArg) {
        Some(ContextValue::Strings(missing)) => missing,
        _ => return err,
    };
    // Clap names the group's options, and `<SHOW>` when that is missing too.
    if !missing.iter().any(|m| m.contains("--status")) {
        return err;
    }
    let no_show = missing.iter().any(|m| m == "<SHOW>");
    let what = match no_show {
        true => "`airdate set` needs a show and what to change in it",
        false => "nothing to change: `airdate set SHOW` needs at least one option",
    };
    let message = format!(
        "{what}, such as {}; `airdate set --help` lists them all",
        COMMON_SET_OPTIONS.join(", ")
    );
    let mut sub = sub.clone().bin_name("airdate set");
    clap::Error::raw(ErrorKind::MissingRequiredArgument, message).format(&mut sub)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::{CommandFactory, Parser};

    fn error(line: &str) -> String {
        let args: Vec<OsString> = std::iter::once("airdate")
            .chain(line.split(' '))
            .map(OsString::from)
            .collect();
        let err = Cli::try_parse_from(&args).expect_err(line);
        explain(err, &Cli::command(), &args).to_string()
    }

    #[test]
    fn the_words_of_a_title_are_put_in_quotes() {
        let tip = |line: &str| {
            let err = error(line);
            err.lines()
                .find_map(|l| l.trim().strip_prefix("tip: "))
                .map(str::to_string)
                .unwrap_or_else(|| panic!("no tip:\n{err}"))
        };
        assert_eq!(
            tip("add The Chair Company --network HBO"),
            "a title with spaces goes in quotes: airdate add \"The Chair Company\" --network HBO"
        );
        assert_eq!(
            tip("-f x.toml add --network HBO The Chair Company --season 2"),
            "a title with spaces goes in quotes: airdate -f x.toml add --network HBO \
             \"The Chair Company\" --season 2"
        );
        assert_eq!(
            tip("show Only Murders"),
            "a title with spaces goes in quotes: airdate show \"Only Murders\""
        );
        assert_eq!(
            tip("set Mr. Robot --status ended"),
            "a title with spaces goes in quotes: airdate set \"Mr. Robot\" --status ended"
        );
        assert_eq!(
            tip("remove Bob's Burgers --yes"),
            "a title with spaces goes in quotes: airdate remove \"Bob's Burgers\" --yes"
        );
        assert_eq!(
            tip("add Severance --network HBO Max --season 2"),
            "a value with spaces goes in quotes: airdate add Severance --network \"HBO Max\" \
             --season 2"
        );
        assert!(!error("add Severance --netwrk HBO").contains("tip: a title"));
        assert!(!error("remove Severance --yes now").contains("tip:"));
    }

    #[test]
    fn set_with_nothing_to_set_says_so() {
        let err = error("set sev");
        assert!(
            err.starts_with(
                "error: nothing to change: `airdate set SHOW` needs at least one option, such as \
                 --status, --premiere, --season, --network, --reason, --note; `airdate set \
                 --help` lists them all\n"
            ),
            "{err}"
        );
        assert!(!err.contains("--remove-creator"), "{err}");
    }
}
