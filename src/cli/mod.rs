//! The command line: clap types only, with the value parsers for statuses, pins, dates and spans.

pub mod complete;
pub mod man;
pub mod usage;

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::engine::ArgValueCompleter;

use crate::model::premiere;
use crate::model::{Pin, Status};
use complete::Shell;

/// Track TV seasons between premieres: what is coming, what is on hiatus and why.
///
/// The watchlist is a TOML file you own and may edit by hand; airdate keeps your comments and
/// layout when it changes it.
#[derive(Debug, Parser)]
#[command(name = "airdate", version, max_term_width = 100)]
pub struct Cli {
    /// The watchlist to use [default: the data folder's watchlist.toml; see `airdate path`]
    #[arg(
        long,
        short = 'f',
        global = true,
        help_heading = "Global options",
        env = "AIRDATE_FILE",
        value_name = "PATH",
        value_hint = ValueHint::FilePath
    )]
    pub file: Option<PathBuf>,

    /// Pretend today is this day, so that output can be reproduced
    #[arg(long, global = true, help_heading = "Global options", env = "AIRDATE_TODAY", value_name = "YYYY-MM-DD",
          value_parser = premiere::parse_day)]
    pub today: Option<NaiveDate>,

    /// The time zone days and times are shown in: an IANA name (Europe/Berlin, Asia/Tokyo) or
    /// ET, CT, MT, PT, UTC [default: TZ, else the system's]
    #[arg(long, global = true, help_heading = "Global options", env = "AIRDATE_TZ", value_name = "ZONE",
          value_parser = parse_zone, add = ArgValueCompleter::new(complete::zones))]
    pub tz: Option<crate::model::moment::Zone>,

    /// When to use colour
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a show to the watchlist
    Add(Box<Add>),
    /// Change a show's fields; a status or premiere change is recorded in its history
    ///
    /// A status or premiere change adds a dated history entry, with `--note` as its note;
    /// `--note` alone records an event such as "first look released". An empty value ("")
    /// clears a text field; a list option replaces the whole list. Leaving `on-hiatus` clears
    /// the hiatus reason.
    Set(Box<Set>),
    /// Move a show to its next season: announced, premiere TBA
    Renew(Renew),
    /// Remove a show from the watchlist
    #[command(visible_alias = "rm")]
    Remove(Remove),
    /// Every field of one show and its history
    Show(ShowArgs),
    /// All shows, filtered and sorted
    #[command(visible_alias = "ls")]
    List(List),
    /// Premieres still to come, soonest first, with a countdown (the default command)
    Upcoming(Upcoming),
    /// What airs in the next days: premieres, episodes and finales, by your local day
    ///
    /// Episodes come from TVmaze (kept by `refresh` for linked shows) or from what a show
    /// carries by hand (`set --next`, `--aired`, `--episodes`). A moment is on the day and at
    /// the time of your clock (`--tz`); a day without a time is its own day everywhere.
    Week(Week),
    /// Shows whose production is paused: why, since when, for how long
    Hiatus(Hiatus),
    /// A chart of the coming months: exact days as markers, windows as bars
    Timeline(Timeline),
    /// Write out the watchlist: an iCalendar of premieres, or JSON or CSV for other programs
    Export(Export),
    /// Add shows from a JSON or CSV file (as `export` writes); existing titles are skipped
    Import(Import),
    /// Edit the watchlist in $VISUAL or $EDITOR; it is saved only if it is valid
    ///
    /// The editor works on a copy. When it exits, the copy is checked: a valid one replaces
    /// the watchlist (atomically, under the lock); an invalid one is explained, line by line,
    /// and on a terminal you may edit it again. Otherwise the watchlist stays as it was.
    Edit,
    /// Validate the watchlist and report every problem with its line and column
    Check,
    /// Find shows on TVmaze by name: ids, years, networks, statuses
    Search(Search),
    /// Update linked shows from TVmaze: dates, statuses, seasons; prints what changed
    ///
    /// Only shows that TVmaze changed since they were last fetched are fetched (--all fetches
    /// every linked show). Each change is written to the history with the note "TVmaze"; fields
    /// the show pins (`set --pin`) are never changed, and a premiere is never made vaguer.
    Refresh(Refresh),
    /// Find TVmaze ids for shows not yet linked, by their titles, so that `refresh` keeps them
    /// current
    ///
    /// Each show is looked for on TVmaze by its title. A show of exactly that name (in any
    /// letter case, with or without accents and punctuation) is linked; when several shows
    /// fit, or only a different name, you choose on a terminal, and elsewhere they are
    /// reported with the candidates. A TVmaze id already linked to another show is never linked
    /// to a second. Only `tvmaze` (and `imdb`, when the show has none) is written, in one write;
    /// `airdate refresh` then fills in the dates. The exit code is 0 when it ran, also when
    /// some shows could not be linked (the report says which, and why).
    Link(Link),
    /// What happened lately: premieres, finales, dates announced or slipped, renewals,
    /// cancellations, hiatuses, newest first
    News(News),
    /// Send what is new, once: news and reminders, to ntfy, a command or standard output
    ///
    /// The news events (as `news` lists them) since each channel's last successful run, and
    /// reminders before premieres, episodes and finales (`--remind 1d,2h`), in one message (a
    /// digest) or one per event (`--each`). Channels come from `[notify]` in the config file
    /// (see `airdate man`) or the flags; with none, standard output, which prints nothing when
    /// nothing is new. Each event reaches each channel once: what was sent is recorded in the
    /// state folder, a failed send is tried again on the next run. Exit 0: sent (or nothing to
    /// send); 75: a channel could not be reached, try later; 1: a channel refused.
    Notify(Notify),
    /// Take back the last change airdate made to the watchlist, if the file has not changed
    /// since
    ///
    /// Every command that writes (add, set, renew, remove, import, refresh, link, edit,
    /// resolve) keeps the file as it was before, for the last 20 changes. `undo` puts it back only if the
    /// watchlist still holds exactly what that change wrote; after an editor or another program
    /// saved it, nothing is undone. Undoing again takes back the change before.
    Undo(Undo),
    /// Merge two versions of a watchlist made from one base, show by show: git's merge driver
    ///
    /// Run by git as `airdate merge %O %A %B %P` once `airdate git-setup` has set it up. The
    /// result replaces OURS (as git expects) unless `-o` names another file. What the rules
    /// decided is reported on stderr. Exit 0: merged, every difference settled by a rule; 1:
    /// something to look at (the result is still written), or the files could not be merged
    /// at all (then OURS gets both versions of each clashing show, marked, when there are
    /// any, and is otherwise left as it was).
    ///
    /// By hand, for example: `airdate merge base.toml mine.toml other.toml -o -` prints the
    /// merge of the three files and changes none of them.
    Merge(Merge),
    /// Make git merge the watchlist with `airdate merge`, in the repository that holds it
    ///
    /// Writes the driver to the repository's config (`merge.airdate.*`) and the line
    /// `watchlist.toml merge=airdate` to `.git/info/attributes` (this clone only) or, with
    /// `--shared`, to `.gitattributes` (to commit, for every clone; each clone still runs
    /// `airdate git-setup` for the driver), and keeps the files airdate writes beside the
    /// watchlist (its lock, temporary files, edit copy and removal log) out of git
    /// (`.git/info/exclude`). Running it again changes nothing.
    ///
    /// For example, with the watchlist in `~/shows`: `cd ~/shows && git init && airdate
    /// git-setup`, then once in each clone: `airdate git-setup`.
    GitSetup(GitSetup),
    /// Merge the conflict copies Syncthing or Dropbox left beside the watchlist into it
    ///
    /// Each copy, oldest first, is merged into the watchlist like any change airdate makes
    /// (under the lock, atomically, and kept for `undo`), against the version airdate kept for
    /// `undo` that is closest to the other device's side, if any. A merged copy is moved to the state folder's
    /// `resolved/` (or deleted with `--delete`); one that needs a look stays where it is, and
    /// the exit code is 1.
    ///
    /// For example: `airdate resolve --dry-run` to see what would be merged, then `airdate
    /// resolve`; `airdate undo` takes the last copy's merge back.
    Resolve(Resolve),
    /// Print the path of the watchlist in use
    Path,
    /// Print a completion script that also completes your titles, networks and tags
    ///
    /// Source it from your shell's start-up file, for example in ~/.bashrc:
    /// `source <(airdate completions bash)`. See the README for every shell.
    Completions {
        /// The shell to complete in
        #[arg(value_enum)]
        shell: Shell,
    },
    /// Print the manual page (roff), for `man -l -` or a man folder
    Man,
}

/// The fields a user can give a show, shared by `add` and `set`.
#[derive(Debug, Args, Default)]
pub struct Fields {
    /// The network or streaming service
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::networks))]
    pub network: Option<String>,

    /// The season being waited for (1 or more)
    #[arg(long, value_name = "N", value_parser = parse_season)]
    pub season: Option<u32>,

    /// Production status; see `airdate add --help` for the list
    #[arg(long, value_name = "STATUS", value_parser = parse_status, long_help = status_help(),
          add = ArgValueCompleter::new(complete::statuses))]
    pub status: Option<Status>,

    /// Premiere date: a day, month, quarter, season, half year, third of a year, year or TBA
    #[arg(long, value_name = "DATE", value_parser = parse_premiere,
          long_help = "Premiere date: 2025-01-17 (or Jan 17 2025, January 17th, 2025, 17 Jan 2025, \
                       2025-1-17; Jan 17 is the next Jan 17), 2025-01 (Jan 2025), 2025-Q1 (Q1 2025, \
                       first quarter of 2025), 2025-fall (fall 2025, autumn 2025; also spring, \
                       summer, and winter 2026 for Dec 2025 to Feb 2026), 2025-H2 (H2 2025, second \
                       half of 2025), 2025-early (early 2025; also mid-2025, late 2025), 2025, \
                       or TBA (TBD, TBC). A day may carry its time and zone: \
                       \"2025-01-17 21:00 America/New_York\" (21:00 ET, 9pm PT; without a zone, \
                       yours); a premiere given without a time has none")]
    pub premiere: Option<PremiereArg>,

    /// The time (and zone) the premiere day airs at: "21:00 ET", "9pm America/New_York"
    /// [default zone: yours]
    #[arg(long, value_name = "TIME", value_parser = parse_airs)]
    pub airs: Option<crate::model::moment::AirTime>,

    /// When the season's next episode airs: a day, or a day and time ("2025-02-07 21:00 ET");
    /// "" clears it
    #[arg(long, value_name = "DATE", value_parser = parse_premiere)]
    pub next: Option<PremiereArg>,

    /// How many of the season's episodes have aired (0 or more)
    #[arg(long, value_name = "N")]
    pub aired: Option<u32>,

    /// How many episodes the season has (1 or more)
    #[arg(long, value_name = "N", value_parser = parse_episodes)]
    pub episodes: Option<u32>,

    /// Why production is paused (for a show on hiatus)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    /// A creator or showrunner (repeat for more)
    #[arg(long = "creator", value_name = "NAME")]
    pub creators: Vec<String>,

    /// A cast member (repeat for more)
    #[arg(long = "cast", value_name = "NAME")]
    pub cast: Vec<String>,

    /// A tag such as a genre (repeat for more)
    #[arg(long = "tag", value_name = "TAG", add = ArgValueCompleter::new(complete::tags))]
    pub tags: Vec<String>,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("tvmaze_source").args(["lookup", "tvmaze", "imdb"])))]
pub struct Add {
    /// The show's title (unique in the watchlist, in any letter case). With --lookup, the title
    /// to look for: the show is added under TVmaze's title ("Unite 9" adds "Unité 9") unless
    /// --title gives one. With --tvmaze or --imdb, TVmaze's title unless one is given
    #[arg(required_unless_present_any = ["tvmaze", "imdb"])]
    pub title: Option<String>,

    /// Fill in the network, status, season, premiere and finale from TVmaze, found by the title
    #[arg(long)]
    pub lookup: bool,

    /// The title to add the show under instead of TVmaze's (with --lookup, --tvmaze or --imdb)
    #[arg(long = "title", value_name = "TITLE", requires = "tvmaze_source")]
    pub named: Option<String>,

    /// Fill in the show from TVmaze, by its TVmaze id
    #[arg(long, value_name = "ID", value_parser = parse_tvmaze_id)]
    pub tvmaze: Option<u32>,

    /// Fill in the show from TVmaze, by its IMDb id (tt…)
    #[arg(long, value_name = "TT")]
    pub imdb: Option<String>,

    #[command(flatten)]
    pub fields: Fields,

    /// Free-form notes about the show
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The day this happened, when not today (2023-05-02, "May 2 2023", yesterday, "3 days
    /// ago", "last friday"): the history entry is dated with it, in date order, and `hiatus`
    /// counts from it
    #[arg(long, value_name = "DATE", value_parser = parse_on)]
    pub on: Option<premiere::OnDay>,
}

#[derive(Debug, Args)]
#[command(override_usage = "airdate set <SHOW> <OPTION>...")]
#[command(group(ArgGroup::new("change").required(true).multiple(true)
    .args(["title", "network", "season", "status", "premiere", "airs", "next", "aired",
           "episodes", "reason", "creators", "cast",
           "tags", "note", "notes", "add_tags", "remove_tags", "add_cast", "remove_cast",
           "add_creators", "remove_creators", "finale", "tvmaze", "pin", "unpin"])))]
pub struct Set {
    /// The show: its title or a unique part of it
    #[arg(value_name = "SHOW", add = ArgValueCompleter::new(complete::titles))]
    pub show: String,

    /// A new title
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,

    #[command(flatten)]
    pub fields: Fields,

    /// A note for the history entry; on its own, it records a dated event such as "first look
    /// released"
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// Replace the show's free-form notes
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,

    /// Add a tag, keeping the others (repeat for more)
    #[arg(long = "add-tag", value_name = "TAG", add = ArgValueCompleter::new(complete::tags))]
    pub add_tags: Vec<String>,

    /// Remove a tag (repeat for more)
    #[arg(long = "remove-tag", value_name = "TAG", add = ArgValueCompleter::new(complete::tags))]
    pub remove_tags: Vec<String>,

    /// Add a cast member, keeping the others (repeat for more)
    #[arg(long = "add-cast", value_name = "NAME")]
    pub add_cast: Vec<String>,

    /// Remove a cast member (repeat for more)
    #[arg(long = "remove-cast", value_name = "NAME")]
    pub remove_cast: Vec<String>,

    /// Add a creator, keeping the others (repeat for more)
    #[arg(long = "add-creator", value_name = "NAME")]
    pub add_creators: Vec<String>,

    /// Remove a creator (repeat for more)
    #[arg(long = "remove-creator", value_name = "NAME")]
    pub remove_creators: Vec<String>,

    /// The day of the season's last episode (or "" to clear it)
    #[arg(long, value_name = "DATE")]
    pub finale: Option<String>,

    /// Link the show to TVmaze by its TVmaze id, for `refresh`
    #[arg(long, value_name = "ID", value_parser = parse_tvmaze_id)]
    pub tvmaze: Option<u32>,

    /// Never let `refresh` change this field (repeat for more): network, season, status,
    /// premiere, finale
    #[arg(long, value_name = "FIELD", value_parser = parse_pin())]
    pub pin: Vec<Pin>,

    /// Let `refresh` change this field again (repeat for more)
    #[arg(long, value_name = "FIELD", value_parser = parse_pin())]
    pub unpin: Vec<Pin>,

    /// The day this happened, when not today (2023-05-02, "May 2 2023", yesterday, "3 days
    /// ago", "last friday"): the history entry is dated with it, in date order, and `hiatus`
    /// counts from it
    #[arg(long, value_name = "DATE", value_parser = parse_on)]
    pub on: Option<premiere::OnDay>,
}

#[derive(Debug, Args)]
pub struct Renew {
    /// The show: its title or a unique part of it
    #[arg(value_name = "SHOW", add = ArgValueCompleter::new(complete::titles))]
    pub show: String,

    /// The season renewed [default: the next one]
    #[arg(long, value_name = "N", value_parser = parse_season)]
    pub season: Option<u32>,

    /// A note for the history entry
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The day this happened, when not today (2023-05-02, "May 2 2023", yesterday, "3 days
    /// ago", "last friday"): the history entry is dated with it, in date order, and `hiatus`
    /// counts from it
    #[arg(long, value_name = "DATE", value_parser = parse_on)]
    pub on: Option<premiere::OnDay>,
}

#[derive(Debug, Args)]
pub struct Remove {
    /// The show: its title or a unique part of it
    #[arg(value_name = "SHOW", add = ArgValueCompleter::new(complete::titles))]
    pub show: String,

    /// Do not ask for confirmation (needed when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The show: its title or a unique part of it
    #[arg(value_name = "SHOW", add = ArgValueCompleter::new(complete::titles))]
    pub show: String,

    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct List {
    #[command(flatten)]
    pub filters: Filters,

    /// Sort order
    #[arg(long, value_enum, ignore_case = true, default_value_t = SortKey::Title)]
    pub sort: SortKey,

    #[command(flatten)]
    pub output: Output,
}

/// The shows a view keeps: `list` and `upcoming` take the same filters.
#[derive(Debug, Args, Default)]
pub struct Filters {
    /// Only shows with this status (repeat, or separate with commas, for several)
    #[arg(long = "status", value_name = "STATUS", value_parser = parse_status,
          value_delimiter = ',', add = ArgValueCompleter::new(complete::statuses))]
    pub statuses: Vec<Status>,

    /// Only shows on this network: any letter case, matching the start of words ("fx" finds
    /// "FX on Hulu")
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::networks))]
    pub network: Option<String>,

    /// Only shows with this tag (any letter case)
    #[arg(long, value_name = "TAG", add = ArgValueCompleter::new(complete::tags))]
    pub tag: Option<String>,
}

impl Filters {
    /// Whether any filter was given.
    pub fn any(&self) -> bool {
        !self.statuses.is_empty() || self.network.is_some() || self.tag.is_some()
    }
}

#[derive(Debug, Args, Default)]
pub struct Upcoming {
    /// Only premieres sure to come within this span of today: exact days inside it, and windows
    /// that end inside it: 30d, 6w, 3m, 1y (or "2 weeks", 3months)
    #[arg(long, value_name = "SPAN", value_parser = parse_span)]
    pub within: Option<Span>,

    /// Also list shows whose premiere is TBA (after the dated ones)
    #[arg(long)]
    pub tba: bool,

    /// Also list the premieres of the last 14 days, first
    #[arg(long)]
    pub recent: bool,

    #[command(flatten)]
    pub filters: Filters,

    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct Week {
    /// How many days to show, today included (1 to 366)
    #[arg(long, value_name = "N", default_value_t = 7,
          value_parser = parse_week_days)]
    pub days: u32,

    /// Print JSON: an array of {date, at, title, kind, season, episode, name}
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct Timeline {
    /// How many months to draw
    #[arg(long, value_name = "N", default_value_t = 12,
          value_parser = clap::value_parser!(u32).range(1..=120))]
    pub months: u32,

    /// The month to start from [default: this month]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = premiere::parse_day)]
    pub from: Option<NaiveDate>,

    /// Only shows with this status (repeat, or separate with commas, for several)
    #[arg(long = "status", value_name = "STATUS", value_parser = parse_status,
          value_delimiter = ',', add = ArgValueCompleter::new(complete::statuses))]
    pub statuses: Vec<Status>,

    /// Draw with plain ASCII characters (the default where the locale is not UTF-8)
    #[arg(long)]
    pub ascii: bool,
}

#[derive(Debug, Args)]
pub struct Hiatus {
    #[command(flatten)]
    pub output: Output,
}

#[derive(Debug, Args)]
pub struct Export {
    /// What to write: `ics` for calendar apps, `json` or `csv` for other programs
    #[arg(long, value_enum)]
    pub format: ExportFormat,

    /// Write to this file instead of standard output
    #[arg(long, short = 'o', value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub output: Option<PathBuf>,

    /// With `ics`: also export premiere windows (a month, quarter, half or year) as tentative
    /// all-day spans
    #[arg(long)]
    pub windows: bool,

    /// With `ics`: premieres only, no finales
    #[arg(long)]
    pub premieres_only: bool,

    /// With `ics`: every event all-day, on your local day, also those whose air time is known
    /// (which are otherwise timed, at each reader's local time)
    #[arg(long)]
    pub all_day: bool,

    /// With `ics`: also the episodes of the seasons that air, as far as the watchlist knows
    /// them (TVmaze's listings, or the next episode typed)
    #[arg(long)]
    pub episodes: bool,

    /// With `ics`: how often calendar apps should fetch the file again, as an ISO 8601
    /// duration
    #[arg(long, value_name = "DURATION", default_value = "PT12H", value_parser = parse_duration)]
    pub refresh_interval: String,
}

/// An ISO 8601 duration of weeks, days, hours, minutes or seconds, as RFC 7986 takes it:
/// `PT12H`, `P1D`, `P1DT6H`.
pub fn parse_duration(input: &str) -> Result<String, String> {
    let text = input.trim().to_uppercase();
    // Numbers each followed by one of `units`, and something at all.
    let numbered = |s: &str, units: &str| {
        let mut digits = false;
        s.chars().all(|c| {
            let ok = c.is_ascii_digit() || (digits && units.contains(c));
            digits = c.is_ascii_digit();
            ok
        }) && !digits
    };
    let valid = text.strip_prefix('P').is_some_and(|rest| {
        let (days, time) = rest.split_once('T').unwrap_or((rest, ""));
        numbered(days, "DW")
            && numbered(time, "HMS")
            && !(days.is_empty() && time.is_empty())
            && !(rest.contains('T') && time.is_empty())
    });
    match valid {
        true => Ok(text),
        false => Err(format!(
            "invalid duration \"{input}\": expected one such as PT12H, PT30M or P1D"
        )),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Ics,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct Import {
    /// The file to read
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub source: PathBuf,

    /// The file's format [default: from its extension]
    #[arg(long, value_enum)]
    pub format: Option<ImportFormat>,

    /// Replace the fields of shows already in the watchlist instead of skipping them
    #[arg(long)]
    pub update: bool,

    /// Say what would change, and write nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,

    /// Bring a list from another tracker: a text file of titles or IMDb ids, an IMDb list
    /// export, or a CSV with a tvdb, imdb or title column; each show is found on TVmaze and
    /// added with its data
    #[arg(long, conflicts_with_all = ["format", "update"])]
    pub lookup: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct News {
    /// The period: a span back from today (7d, 2w, 1m, "2 weeks") or a day to start from
    #[arg(long, value_name = "SPAN|DATE", value_parser = parse_since, default_value = "7d")]
    pub since: Since,

    /// Print JSON: one object per event
    #[arg(long)]
    pub json: bool,
}

/// Where `news` starts: a span back from today, or a day.
#[derive(Debug, Clone, Copy)]
pub enum Since {
    Span(Span),
    Day(NaiveDate),
}

impl Since {
    /// The first day of the period ending `today`.
    pub fn start(self, today: NaiveDate) -> NaiveDate {
        match self {
            Since::Day(day) => day,
            Since::Span(Span::Days(n)) => today - chrono::Days::new(n.into()),
            Since::Span(Span::Months(n)) => today
                .checked_sub_months(chrono::Months::new(n))
                .unwrap_or(NaiveDate::MIN),
        }
    }
}

/// A span (`7d`, `2 weeks`) or a day (`2025-01-01`, `Jan 1 2025`).
pub fn parse_since(input: &str) -> Result<Since, String> {
    if let Ok(span) = parse_span(input) {
        return Ok(Since::Span(span));
    }
    match premiere::Input::parse(input) {
        Ok(premiere::Input::Premiere(premiere::Premiere::Day(day))) => Ok(Since::Day(day)),
        _ => Err(format!(
            "invalid --since \"{input}\": expected a span such as 7d, 2w or \"1 month\", or a day such as 2025-01-01"
        )),
    }
}

/// A field `set --pin` can keep from `refresh`: one of the pins' names, exactly, which help,
/// errors and completion offer.
fn parse_pin() -> impl TypedValueParser<Value = Pin> {
    PossibleValuesParser::new(Pin::ALL.map(Pin::as_str))
        .map(|name| name.parse::<Pin>().expect("each possible value is a pin"))
}

#[derive(Debug, Args)]
pub struct Search {
    /// What to look for: a title, or part of one
    pub query: String,

    /// Print JSON instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct Refresh {
    /// Only these shows (titles or unique parts of them) [default: every linked show]
    #[arg(value_name = "SHOW", add = ArgValueCompleter::new(complete::titles))]
    pub shows: Vec<String>,

    /// Fetch every linked show, changed on TVmaze or not (shows named are always fetched)
    #[arg(long)]
    pub all: bool,

    /// Print what would change, and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Print only the changes: nothing when there are none (for cron)
    #[arg(long, short)]
    pub quiet: bool,

    /// Then send what is new, as `airdate notify` does (exit 75 when TVmaze or a channel
    /// could not be reached)
    #[arg(long, conflicts_with = "dry_run")]
    pub notify: bool,
}

#[derive(Debug, Args, Default)]
pub struct Notify {
    /// Print what would be sent where, and send and record nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Send the events from this day on again, also those already sent
    #[arg(long, value_name = "DATE", value_parser = premiere::parse_day)]
    pub since: Option<NaiveDate>,

    /// One message per event, not one digest
    #[arg(long)]
    pub each: bool,

    /// Send to this ntfy topic URL (instead of the config file's channels)
    #[arg(long, value_name = "URL")]
    pub ntfy: Option<String>,

    /// Give each message to this shell command, on its standard input (instead of the config
    /// file's channels)
    #[arg(long, value_name = "CMD")]
    pub command: Option<String>,

    /// Remind this long before a premiere, episode or finale: 1d, 2h, 30m (m is minutes),
    /// comma-separated [default: the config file's `remind`]
    #[arg(long, value_name = "SPANS", value_parser = parse_remind_list)]
    pub remind: Option<Reminds>,

    /// Print the messages on standard output too
    #[arg(long)]
    pub stdout: bool,
}

/// The spans of `--remind`.
#[derive(Debug, Clone, Default)]
pub struct Reminds(pub Vec<crate::settings::Remind>);

fn parse_remind_list(input: &str) -> Result<Reminds, String> {
    crate::settings::parse_reminds(input).map(Reminds)
}

#[derive(Debug, Args)]
pub struct Undo {
    /// List the changes that can be taken back, newest first, and undo nothing
    #[arg(long)]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct Merge {
    /// The version both began from (git's %O); an empty file or none means there is none
    #[arg(value_name = "BASE", value_hint = ValueHint::FilePath)]
    pub base: PathBuf,

    /// This side's version (git's %A); the result replaces it unless `-o` is given
    #[arg(value_name = "OURS", value_hint = ValueHint::FilePath)]
    pub ours: PathBuf,

    /// The other side's version (git's %B)
    #[arg(value_name = "THEIRS", value_hint = ValueHint::FilePath)]
    pub theirs: PathBuf,

    /// The watchlist's path in the repository (git's %P), for the messages only
    #[arg(value_name = "PATH")]
    pub path: Option<PathBuf>,

    /// Write the result to this file instead of OURS (`-` for standard output)
    #[arg(long, short = 'o', value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct GitSetup {
    /// Write the attributes line to `.gitattributes`, to commit, instead of this clone's
    /// `.git/info/attributes`
    #[arg(long)]
    pub shared: bool,
}

#[derive(Debug, Args)]
pub struct Resolve {
    /// Delete each merged copy instead of moving it to the state folder
    #[arg(long)]
    pub delete: bool,

    /// Print what would be merged and moved, and write nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct Link {
    /// Only these shows (titles or unique parts of them) [default: every show not linked]
    #[arg(value_name = "SHOW", add = ArgValueCompleter::new(complete::unlinked_titles))]
    pub shows: Vec<String>,

    /// Print what would be linked, and write nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,
}

/// How a view prints its rows.
#[derive(Debug, Args, Default)]
pub struct Output {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// Same as `--format json`
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

impl Output {
    pub fn format(&self) -> Format {
        if self.json { Format::Json } else { self.format }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
    Tsv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortKey {
    Title,
    Premiere,
    Status,
    Network,
    /// Most slipped first
    Slips,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// A span of time from today, as `--within` takes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Days(u32),
    Months(u32),
}

impl Span {
    /// The spans offered when one left everything out, narrowest first.
    pub const WIDER: [Span; 5] = [
        Span::Days(30),
        Span::Months(3),
        Span::Months(6),
        Span::Months(12),
        Span::Months(24),
    ];

    /// The span in words: "the next 5 days", "the next 3 months", "the next year".
    pub fn words(self) -> String {
        let plural = |n: u32, unit: &str| match n {
            1 => format!("the next {unit}"),
            n => format!("the next {n} {unit}s"),
        };
        match self {
            Span::Days(n) if n % 7 == 0 && n > 0 => plural(n / 7, "week"),
            Span::Days(n) => plural(n, "day"),
            Span::Months(n) if n % 12 == 0 && n > 0 => plural(n / 12, "year"),
            Span::Months(n) => plural(n, "month"),
        }
    }

    /// The last day inside the span.
    pub fn end(self, today: NaiveDate) -> NaiveDate {
        match self {
            Span::Days(n) => today
                .checked_add_days(chrono::Days::new(n.into()))
                .unwrap_or(NaiveDate::MAX),
            Span::Months(n) => premiere::add_months(today, n),
        }
    }
}

/// The span as `--within` takes it: `30d`, `3m`, `1y`.
impl std::fmt::Display for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            Span::Days(n) => write!(f, "{n}d"),
            Span::Months(n) if n % 12 == 0 && n > 0 => write!(f, "{}y", n / 12),
            Span::Months(n) => write!(f, "{n}m"),
        }
    }
}

/// A season number: a whole number from 1.
pub fn parse_season(input: &str) -> Result<u32, String> {
    positive(input, "a season: a season")
}

/// A TVmaze show id: a whole number from 1, as the watchlist holds it.
pub fn parse_tvmaze_id(input: &str) -> Result<u32, String> {
    positive(input, "a TVmaze id: an id")
}

/// A whole number from 1; `what` names it in the error ("\"x\" is not WHAT is a whole number
/// from 1").
fn positive(input: &str, what: &str) -> Result<u32, String> {
    input
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= 1)
        .ok_or_else(|| format!("\"{input}\" is not {what} is a whole number from 1"))
}

/// `week --days`: from 1 (today) to 366 (a year, a leap day included).
pub fn parse_week_days(input: &str) -> Result<u32, String> {
    input
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=366).contains(n))
        .ok_or_else(|| {
            format!(
                "\"{}\" is no count of days: give a whole number from 1 (today only) to 366 (a \
                 year), such as --days 14",
                crate::term::excerpt(input, 60)
            )
        })
}

pub fn parse_status(input: &str) -> Result<Status, String> {
    input.parse()
}

/// A day for `--on`: any day form, or `today`, `yesterday`, `3 days ago`, `last friday`.
pub fn parse_on(input: &str) -> Result<premiere::OnDay, String> {
    premiere::OnDay::parse(input)
}

/// A premiere (or next episode) as typed: a day or window, and the time of day typed after
/// a day, if any. Whether a time fits what it follows (a day, not a window) is the command's
/// to say, once a day without a year has its year.
#[derive(Debug, Clone, Copy)]
pub struct PremiereArg {
    pub input: premiere::Input,
    pub time: Option<crate::model::moment::AirTime>,
}

/// Any premiere form, or a day followed by a time and an optional zone (`2025-01-17 21:00
/// America/New_York`, `Jan 17 2025 9pm ET`).
pub fn parse_premiere(input: &str) -> Result<PremiereArg, String> {
    let whole = match premiere::Input::parse(input) {
        Ok(input) => return Ok(PremiereArg { input, time: None }),
        Err(e) => e.to_string(),
    };
    match crate::model::moment::split_time(input)? {
        Some((day, time)) => Ok(PremiereArg {
            // The day's forms listed, and where the time goes, for "Friday 9pm".
            input: premiere::Input::parse(&day).map_err(|e| {
                format!("{e}; a time goes after a day: \"2025-01-17 21:00 ET\", \"Jan 17 9pm ET\"")
            })?,
            time: Some(time),
        }),
        None => Err(whole),
    }
}

/// A time of day and an optional zone: `21:00 ET`, `9pm`, `21:00 America/New_York`.
pub fn parse_airs(input: &str) -> Result<crate::model::moment::AirTime, String> {
    crate::model::moment::parse_air_time(input)
}

/// A season's count of episodes: a whole number from 1.
pub fn parse_episodes(input: &str) -> Result<u32, String> {
    positive(input, "a count of episodes: a count")
}

/// A time zone: an IANA name (`Europe/Berlin`) or a short one (`ET`, `PT`, `UTC`).
pub fn parse_zone(input: &str) -> Result<crate::model::moment::Zone, String> {
    crate::model::moment::zone(input)
}

/// A count and its unit as people type a span, in any letter case and spacing, a plural's `s`
/// dropped: `30d` and `2 Weeks` are `(30, "d")` and `(2, "week")`. For `--within` and the
/// reminder spans of `notify`.
pub fn number_and_unit(input: &str) -> Option<(u64, String)> {
    let text = input.trim().to_lowercase();
    let digits = text.find(|c: char| !c.is_ascii_digit())?;
    let number = text[..digits].parse().ok()?;
    let unit = text[digits..].trim();
    let unit = unit
        .strip_suffix('s')
        .filter(|u| u.len() > 1)
        .unwrap_or(unit);
    Some((number, unit.to_string()))
}

/// `30d`, `6w`, `3m`, `1y`.
pub fn parse_span(input: &str) -> Result<Span, String> {
    let fail = || {
        format!(
            "invalid span \"{input}\": expected a number and a unit, such as 30d, 6w, 3m, 1y \
             or \"2 weeks\""
        )
    };
    let (number, unit) = number_and_unit(input).ok_or_else(fail)?;
    let number = u32::try_from(number).map_err(|_| fail())?;
    match unit.as_str() {
        "d" | "day" => Ok(Span::Days(number)),
        "w" | "week" => number.checked_mul(7).map(Span::Days).ok_or_else(fail),
        "m" | "month" => Ok(Span::Months(number)),
        "y" | "year" => number.checked_mul(12).map(Span::Months).ok_or_else(fail),
        _ => Err(fail()),
    }
}

fn status_help() -> String {
    let mut help = String::from("Production status, in any letter case:\n");
    for status in Status::ALL {
        help.push_str(&format!("  {:<16} {}\n", status.as_str(), status.about()));
    }
    let aliases: Vec<String> = Status::ALIASES
        .iter()
        .map(|(alias, status)| format!("{alias} = {status}"))
        .collect();
    help.push_str(&format!("Also: {}", aliases.join(", ")));
    help
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn pins_are_the_fields_that_can_be_pinned() {
        let set = |args: &[&str]| {
            let words = ["airdate", "set", "Severance"].iter().chain(args);
            match Cli::try_parse_from(words).map(|cli| cli.command) {
                Ok(Some(Command::Set(set))) => Ok((set.pin, set.unpin)),
                Ok(other) => panic!("{other:?}"),
                Err(e) => Err(e.kind()),
            }
        };
        assert_eq!(
            set(&["--pin", "premiere", "--pin", "finale", "--unpin", "status"]),
            Ok((vec![Pin::Premiere, Pin::Finale], vec![Pin::Status]))
        );
        for bad in ["title", "premier", "Premiere"] {
            assert_eq!(
                set(&["--pin", bad]),
                Err(clap::error::ErrorKind::InvalidValue),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_premiere_day_may_carry_its_time_and_zone() {
        let typed = |s: &str| parse_premiere(s).map(|p| (p.input, p.time));
        let (input, time) = typed("2025-01-17 21:00 America/New_York").unwrap();
        assert!(matches!(
            input,
            premiere::Input::Premiere(premiere::Premiere::Day(_))
        ));
        let time = time.unwrap();
        assert_eq!(time.time.to_string(), "21:00:00");
        assert_eq!(time.zone.map(|z| z.name()), Some("America/New_York"));
        let (_, time) = typed("January 17, 2025 9pm").unwrap();
        assert_eq!(
            time.map(|t| (t.time.to_string(), t.zone)),
            Some(("21:00:00".into(), None))
        );
        // Without a time, any form; the window with a time is the command's to refuse.
        assert!(typed("2025-Q1").unwrap().1.is_none());
        assert!(typed("2025-Q1 21:00").unwrap().1.is_some());
        assert!(typed("").unwrap().1.is_none());
        let err = typed("2025-01-17 21:00 Mars/Olympus").unwrap_err();
        assert!(err.contains("unknown time zone"), "{err}");
        assert!(typed("2025-02-30 21:00").is_err());
        assert!(parse_episodes("0").is_err());
    }

    #[test]
    fn spans_read_days_weeks_months_years() {
        assert_eq!(parse_span("30d"), Ok(Span::Days(30)));
        assert_eq!(parse_span("6w"), Ok(Span::Days(42)));
        assert_eq!(parse_span("3M"), Ok(Span::Months(3)));
        assert_eq!(parse_span("1y"), Ok(Span::Months(12)));
        assert_eq!(parse_span("2 weeks"), Ok(Span::Days(14)));
        assert_eq!(parse_span("2weeks"), Ok(Span::Days(14)));
        assert_eq!(parse_span("1 Day"), Ok(Span::Days(1)));
        assert_eq!(parse_span("3 months"), Ok(Span::Months(3)));
        assert!(parse_span("2 fortnights").is_err());
        assert!(parse_span("weeks").is_err());
        for ok in ["PT12H", "pt30m", "P1D", "P1DT6H", "P2W"] {
            assert!(parse_duration(ok).is_ok(), "{ok}");
        }
        for bad in ["12H", "PT", "P", "PTH", "P1H", "PT1D", "P1DT"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        for bad in ["", "d", "30", "3x", "-1d", "1.5m"] {
            let err = parse_span(bad).unwrap_err();
            assert!(err.contains(&format!("\"{bad}\"")), "{err}");
        }
        let today = NaiveDate::from_ymd_opt(2025, 1, 31).unwrap();
        assert_eq!(Span::Months(1).end(today).to_string(), "2025-02-28");
        assert_eq!(Span::Days(1).end(today).to_string(), "2025-02-01");
    }
}
