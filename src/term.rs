//! The terminal: the one way user and file text reaches it (escaped, so that it cannot move
//! the cursor, rewrite the screen, set the clipboard, open links or reorder what is shown),
//! messages on stderr, and the questions airdate asks.
//!
//! Tables, messages, and CSV and TSV on a terminal show such characters as `\u{1b}`; JSON
//! always writes them as its own `\u001b` escapes, which mean the same text to a program.

use std::borrow::Cow;
use std::io::{self, BufRead, IsTerminal, Write};

use crate::cli::ColorWhen;
use crate::config;

/// Whether `c` could change what a terminal shows beyond itself: control characters (C0 and C1,
/// so ESC and CSI), and the bidirectional marks, embeddings, overrides and isolates.
pub fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text safe to put on a terminal: those characters are shown escaped (`\u{1b}`). The file and
/// JSON keep the exact text.
pub fn clean(text: &str) -> Cow<'_, str> {
    // Printable ASCII, the common case, needs no look at characters.
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) || !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match unsafe_char(c) {
                true => c.escape_unicode().to_string(),
                false => c.to_string(),
            })
            .collect(),
    )
}

/// Like [`clean`], for text of several lines: the line breaks stay.
pub fn clean_lines(text: &str) -> String {
    text.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}

/// At most `max` characters of `text`, for quoting another program's text (a server's answer)
/// in a message: when longer, its start and its end with `…` between, as the end of a parser's
/// message often says where the trouble was. Escaping is still [`clean`]'s, where it is printed.
pub fn excerpt(text: &str, max: usize) -> Cow<'_, str> {
    // A byte count within the limit is a character count within it.
    if text.len() <= max || text.chars().nth(max).is_none() {
        return Cow::Borrowed(text);
    }
    let tail = max / 3;
    let head: String = text.chars().take(max.saturating_sub(tail + 1)).collect();
    let skip = text
        .chars()
        .rev()
        .take(tail)
        .map(char::len_utf8)
        .sum::<usize>();
    Cow::Owned(format!("{head}…{}", &text[text.len() - skip..]))
}

/// Writes a line to stderr. A stderr that cannot be written to is ignored: there is nowhere
/// left to report it, and it must not end the program (`eprintln!` would panic).
/// Like every text for the terminal, it is escaped first.
pub fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", clean_lines(line));
}

/// Writes a question to stderr, without a line break, for the answer to follow.
pub fn prompt(question: &str) {
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{}", clean_lines(question));
    let _ = err.flush();
}

/// Whether someone is there to answer: standard input is a terminal.
pub fn interactive() -> bool {
    std::io::stdin().is_terminal()
}

/// One line of answer from standard input, trimmed and in lower case; empty at its end.
fn answer() -> std::io::Result<String> {
    Ok(line()?.unwrap_or_default())
}

/// One line of answer from standard input, trimmed and in lower case; `None` at its end (the
/// user pressed Ctrl-D, or nobody is there).
fn line() -> std::io::Result<Option<String>> {
    let mut answer = String::new();
    match std::io::stdin().lock().read_line(&mut answer)? {
        0 => Ok(None),
        _ => Ok(Some(answer.trim().to_lowercase())),
    }
}

/// Asks a yes/no question whose answer is yes unless the user says no (`[Y/n]`).
pub fn ask(question: &str) -> std::io::Result<bool> {
    prompt(question);
    Ok(!matches!(answer()?.as_str(), "n" | "no"))
}

/// Asks a yes/no question whose answer is no unless the user says yes (`[y/N]`).
pub fn confirm(question: &str) -> std::io::Result<bool> {
    prompt(question);
    Ok(matches!(answer()?.as_str(), "y" | "yes"))
}

/// How many answers [`choose`] takes before it gives up.
const CHOICE_TRIES: usize = 3;

/// Asks which of `options` is meant: their numbers on stderr, then `question`; the index
/// chosen, or `None` when none is: an empty answer, the end of the input, or
/// [`CHOICE_TRIES`] answers that are none of the numbers (each one is said and asked again).
pub fn choose(question: &str, options: &[String]) -> std::io::Result<Option<usize>> {
    for (i, option) in options.iter().enumerate() {
        say(&format!("  {}. {option}", i + 1));
    }
    let range = format!("[1-{}]", options.len());
    for tries in 1..=CHOICE_TRIES {
        prompt(&format!("{question} {range} "));
        let Some(answer) = line()? else {
            // The input ended: the line the prompt is on is finished for the next message.
            say("");
            return Ok(None);
        };
        if answer.is_empty() {
            return Ok(None);
        }
        let chosen = answer.parse::<usize>().ok();
        if let Some(n) = chosen.filter(|n| (1..=options.len()).contains(n)) {
            return Ok(Some(n - 1));
        }
        let wanted = format!("a number from 1 to {}, or nothing for none", options.len());
        match tries < CHOICE_TRIES {
            true => say(&format!("\"{answer}\" is not one of them: answer {wanted}")),
            false => say(&format!(
                "\"{answer}\" is not one of them either; no answer after {CHOICE_TRIES} tries"
            )),
        }
    }
    Ok(None)
}

/// Colour: `--color always|never` wins; else `NO_COLOR` (set and not empty) turns it off,
/// `CLICOLOR_FORCE` (set and not `0`) turns it on, and otherwise only a terminal gets it.
pub fn use_color(when: ColorWhen) -> bool {
    let color = match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto if config::no_color() => false,
        ColorWhen::Auto if config::color_forced() => true,
        ColorWhen::Auto => std::io::stdout().is_terminal(),
    };
    crossterm::style::force_color_output(color);
    color
}

/// `COLUMNS` when set, else the terminal's width, else none (output to a pipe or file is not
/// wrapped).
pub fn width() -> Option<u16> {
    config::columns().or_else(|| comfy_table::Table::new().width())
}

/// Writes to stdout through a buffer, so that long output is never held whole; a reader that
/// went away is an error [`is_broken_pipe`] knows.
pub fn write(f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    f(&mut out)
        .and_then(|()| out.flush())
        .context("failed to write the output")
}

/// True when `err` is a broken pipe: the reader went away, which is not a failure.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_could_change_the_terminal_is_escaped() {
        assert_eq!(clean("plain Shōgun"), "plain Shōgun");
        assert_eq!(clean("a\u{202e}b\tc"), "a\\u{202e}b\\u{9}c");
        assert_eq!(clean("\u{1b}]52;c;aGk=\u{7}"), "\\u{1b}]52;c;aGk=\\u{7}");
        assert_eq!(clean("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(clean("\u{200f}x"), "\\u{200f}x");
        assert_eq!(clean_lines("one\u{1b}\ntwo"), "one\\u{1b}\ntwo");
        assert_eq!(
            clean(&clean("\u{1b}")),
            clean("\u{1b}"),
            "escaping twice changes nothing"
        );
    }

    #[test]
    fn an_excerpt_keeps_the_start_and_the_end() {
        assert_eq!(excerpt("short", 200), "short");
        assert_eq!(excerpt("ééé", 3), "ééé");
        let long = format!(
            "invalid type: string \"{}\", expected u32",
            "x".repeat(5000)
        );
        assert_eq!(
            excerpt(&long, 60),
            "invalid type: string \"xxxxxxxxxxxxxxxxx…xxxxx\", expected u32"
        );
        assert_eq!(excerpt(&long, 60).chars().count(), 60);
        assert_eq!(excerpt(&"é".repeat(50), 8), "ééééé…éé");
    }
}
