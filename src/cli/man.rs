//! The manual page: clap_mangen's page for the program, followed by a COMMANDS section that
//! gives every command its usage and options, and the files, environment and exit codes.

use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::Cli;

/// The roff source of `airdate(1)`.
pub fn render() -> String {
    let mut cmd = Cli::command();
    cmd.build();
    let man = Man::new(cmd.clone());
    let mut page = Vec::new();
    for section in [
        Man::render_title,
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        section(&man, &mut page).expect("writing to memory cannot fail");
    }
    let mut page = String::from_utf8(page).expect("clap_mangen writes UTF-8");

    page.push_str(".SH COMMANDS\n");
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let usage = sub.clone().render_usage().to_string();
        let usage = usage.trim_start_matches("Usage: ");
        page.push_str(&format!(".TP\n\\fB{}\\fR\n", escape(usage)));
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        page.push_str(&text(&about));
        let args: Vec<&clap::Arg> = sub
            .get_arguments()
            .filter(|a| !a.is_hide_set() && !a.is_global_set())
            .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
            .collect();
        if args.is_empty() {
            continue;
        }
        page.push_str(".RS\n");
        for arg in args {
            page.push_str(&format!(".TP\n{}\n", arg_name(arg)));
            let help = arg
                .get_long_help()
                .or(arg.get_help())
                .map(|h| h.to_string())
                .unwrap_or_default();
            page.push_str(&text(&help));
        }
        page.push_str(".RE\n");
    }
    page.push_str(EXTRA);
    page
}

/// `--status STATUS`, `-y, --yes` or `SHOW`, in roff.
fn arg_name(arg: &clap::Arg) -> String {
    let value = arg
        .get_value_names()
        .and_then(|names| names.first())
        .map(|name| name.to_string())
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
    let mut flags = Vec::new();
    if let Some(short) = arg.get_short() {
        flags.push(format!("\\fB\\-{short}\\fR"));
    }
    if let Some(long) = arg.get_long() {
        flags.push(format!("\\fB\\-\\-{}\\fR", escape(long)));
    }
    if flags.is_empty() {
        return format!("\\fI{}\\fR", escape(&value));
    }
    let takes_value = arg.get_action().takes_values();
    let mut name = flags.join(", ");
    if takes_value {
        name.push_str(&format!(" \\fI{}\\fR", escape(&value)));
    }
    name
}

/// Escapes text for roff: backslashes and hyphens, and a leading dot or quote.
fn escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// Paragraphs of plain text as roff lines; blank lines become paragraph breaks.
fn text(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = escape(line.trim_end());
        if line.is_empty() {
            out.push_str(".IP\n");
        } else if line.starts_with(['.', '\'']) {
            out.push_str(&format!("\\&{line}\n"));
        } else {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

const EXTRA: &str = r#".SH FILES
.TP
\fI~/.local/share/airdate/watchlist.toml\fR
The watchlist on Linux, unless \fB\-\-file\fR or \fBAIRDATE_FILE\fR names another
(\fBairdate path\fR prints the one in use). A lock file, \fIwatchlist.toml.lock\fR, sits beside it.
.TP
\fI~/.config/airdate/config.toml\fR
Settings that are not about one run, unless \fBAIRDATE_CONFIG\fR names another file: first
\fB[notify]\fR, the channels and reminders of \fBnotify\fR (\fBntfy\fR, \fBntfy_token\fR,
\fBcommand\fR, \fBremind\fR, \fBkinds\fR, \fBeach\fR, \fBpriority\fR). A missing file is no
settings; a bad one is an error with its line. The token is never printed.
.SH ENVIRONMENT
.TP
\fBAIRDATE_FILE\fR
The watchlist to use.
.TP
\fBAIRDATE_CONFIG\fR
The configuration file to use (default \fI~/.config/airdate/config.toml\fR); set empty, there
is none.
.TP
\fBAIRDATE_NTFY_TOKEN\fR
The ntfy access token for \fBnotify\fR, over the config file's \fBntfy_token\fR.
.TP
\fBAIRDATE_TODAY\fR
Pretend today is this day (YYYY\-MM\-DD).
.TP
\fBAIRDATE_LOCK_TIMEOUT\fR
Seconds a command waits for another one writing the watchlist (default 10).
.TP
\fBAIRDATE_TVMAZE_URL\fR
Where the TVmaze API is (default https://api.tvmaze.com): a mirror, or a test server.
.TP
\fBAIRDATE_HTTP_TIMEOUT\fR
Seconds a request to TVmaze or ntfy may take (default 15).
.TP
\fBAIRDATE_COMMAND_TIMEOUT\fR
Seconds a \fBnotify\fR command may run before it is stopped (default 60).
.TP
\fBAIRDATE_CACHE_DIR\fR
The folder of the cache of parsed shows (default \fI~/.cache/airdate\fR); set empty, there
is no cache, which changes nothing but speed.
.TP
\fBAIRDATE_STATE_DIR\fR
The folder of the versions kept for \fBundo\fR and of the record of what \fBnotify\fR sent
(default \fI~/.local/state/airdate\fR); set empty, none are kept, \fBundo\fR has nothing to
take back and \fBnotify\fR refuses to send.
.TP
\fBAIRDATE_TZ\fR, \fBTZ\fR
The time zone days and times are counted in (\fB\-\-tz\fR wins over both; else the
system's): today, countdowns, and the day and time of a premiere or episode whose moment is
known. A day without a time is never shifted.
.TP
\fBNO_COLOR\fR, \fBCLICOLOR_FORCE\fR
Turn colour off, or on when not on a terminal; \fB\-\-color\fR wins over both.
.TP
\fBCOLUMNS\fR
The width tables fit.
.SH "EXIT STATUS"
.TP
\fB0\fR
Success, including an empty result, and a \fBlink\fR that could not link every show (its
report says which, and why).
.TP
\fB1\fR
The command could not be done: an unknown or ambiguous show, a duplicate title, a TVmaze or
IMDb id already linked to another show, an unreadable or invalid watchlist, an I/O failure.
.TP
\fB2\fR
A usage error, such as an invalid option value.
.TP
\fB75\fR
From \fBnotify\fR and \fBrefresh \-\-notify\fR: a channel or TVmaze could not be reached (no
connection, a timeout, HTTP 5xx or 429); what was not sent is sent on the next run.
.PP
A change that was saved exits 0 even when its confirmation cannot be printed; a warning on
stderr says so.
.SH EXAMPLES
.nf
airdate add Severance \-\-network "Apple TV+" \-\-season 2 \-\-status hiatus \-\-reason "WGA strike"
airdate set sev \-\-premiere "Q1 2025"
airdate upcoming \-\-within 3m
airdate set sev \-\-premiere "2025\-01\-17 21:00 America/New_York"
airdate \-\-tz Europe/Berlin week
airdate list \-\-status on\-hiatus \-\-json | jq '.[].title'
airdate notify \-\-remind 1d,2h \-\-dry\-run
.fi
"#;
