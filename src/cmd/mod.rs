//! One file per command. Each reads like the flow it runs: load the watchlist, change or query
//! it, render, and save or print.

mod add;
mod check;
mod edit;
mod export;
mod git_setup;
mod hiatus;
mod import;
mod link;
mod list;
mod merge;
mod news;
mod notify;
mod refresh;
mod remove;
mod renew;
mod resolve;
mod search;
mod set;
mod show;
mod timeline;
mod tracker_import;
mod undo;
mod upcoming;
mod week;

use std::cell::OnceCell;
use std::fmt;
use std::io::{self, IsTerminal, Write};

use anyhow::Result;
use chrono::{Datelike, NaiveDate};

use crate::cli::complete;
use crate::cli::{Cli, Command, Fields, Format, Upcoming};
use crate::model::episode::{Listings, Sight};
use crate::model::links::Links;
use crate::model::moment::{AirTime, Clock, Moment, When};
use crate::model::premiere;
use crate::model::{NoMatch, Show, Status, find_show};
use crate::store::{Editor, Store};
use crate::term::clean;
use crate::view::Style;
use crate::{config, term};

/// An error in how the command was called, found after parsing: exit code 2, like clap's own.
#[derive(Debug)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// A failure that may pass: a channel or TVmaze could not be reached. Exit code 75
/// (`EX_TEMPFAIL`), so that a systemd unit or a cron wrapper tries again later.
#[derive(Debug)]
pub struct TempFail(pub String);

impl fmt::Display for TempFail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TempFail {}

/// What every command needs: the watchlist, today and now where the user is, and how to print.
pub struct Context {
    pub store: Store,
    /// The user's local day (`clock.today`).
    pub today: NaiveDate,
    pub clock: Clock,
    pub style: Style,
    shows: OnceCell<Vec<Show>>,
    episodes: OnceCell<Listings>,
}

impl Context {
    pub fn new(cli: &Cli) -> Result<Self> {
        let path = config::watchlist_path(cli.file.clone())?;
        let zone = match cli.tz {
            Some(zone) => zone,
            None => config::time_zone(None).map_err(UsageError)?,
        };
        let clock = Clock::new(zone, config::now()?, cli.today);
        Ok(Context {
            store: Store::new(path).made_by(command_line()),
            today: clock.today,
            clock,
            style: Style {
                color: term::use_color(cli.color),
                width: term::width(),
                terminal: io::stdout().is_terminal(),
            },
            shows: OnceCell::new(),
            episodes: OnceCell::new(),
        })
    }

    /// The shows of the watchlist, read once, as the user sees them: a premiere with a moment
    /// is on the user's day of it ([`Clock::localise`]). They are for views: a change is made
    /// to the file's shows, through the store's editor.
    pub fn shows(&self) -> Result<&[Show]> {
        if let Some(shows) = self.shows.get() {
            return Ok(shows);
        }
        let mut shows = self.store.load()?;
        for show in &mut shows {
            self.clock.localise(show);
        }
        Ok(self.shows.get_or_init(|| shows))
    }

    /// Forgets the shows and episodes read, so that they are read again: after a command
    /// changed the file.
    pub fn forget(&mut self) {
        self.shows = OnceCell::new();
        self.episodes = OnceCell::new();
    }

    /// The episodes kept for the watchlist's linked shows, read once (see
    /// [`crate::store::episodes`]).
    pub fn episodes(&self) -> &Listings {
        self.episodes
            .get_or_init(|| crate::store::episodes::load(self.store.path()))
    }

    /// Where the user stands: the clock and the episodes known.
    pub fn sight(&self) -> Sight<'_> {
        Sight {
            clock: self.clock,
            listings: self.episodes(),
        }
    }

    /// Writes to stdout; a reader that went away ends the program quietly (see `main`).
    pub fn print(&self, text: &str) -> Result<()> {
        self.write(|out| out.write_all(text.as_bytes()))
    }

    /// Prints what a change that was saved did. Output that cannot be written is reported
    /// on stderr, but does not make the saved change a failure.
    pub fn done(&self, text: &str) -> Result<()> {
        if let Err(err) = self.print(&crate::term::clean_lines(text))
            && !term::is_broken_pipe(&err)
        {
            crate::term::say(&format!(
                "warning: the change was saved, but its confirmation could not be printed: {err:#}"
            ));
        }
        Ok(())
    }

    /// Writes to stdout (see [`term::write`]).
    pub fn write(&self, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
        term::write(f)
    }

    /// Prints shows in the chosen format; `table` draws the table form.
    pub fn print_view(
        &self,
        shows: &[&Show],
        format: Format,
        table: impl FnOnce(&[&Show]) -> String,
        empty: &str,
    ) -> Result<()> {
        match format {
            Format::Table if shows.is_empty() => {
                crate::term::say(empty);
                Ok(())
            }
            Format::Table => self.print(&table(shows)),
            Format::Json => {
                self.write(|out| crate::formats::json::json_array(out, shows, &self.sight()))
            }
            Format::Csv => self.write(|out| {
                crate::formats::csv::write_csv(out, shows, &self.sight(), self.style.terminal)
            }),
            Format::Tsv => self.write(|out| {
                crate::formats::csv::write_tsv(out, shows, &self.sight(), self.style.terminal)
            }),
        }
    }
}

/// This run's command line as a shell would take it (`airdate set sev --premiere 'Jan 17'`), for
/// `undo --list` to say which command made a change.
fn command_line() -> String {
    let quote = |word: String| {
        let plain = !word.is_empty()
            && word
                .chars()
                .all(|c| c.is_alphanumeric() || "-_./:=@%+,".contains(c));
        if plain {
            word
        } else {
            format!("'{}'", word.replace('\'', r"'\''"))
        }
    };
    std::iter::once("airdate".to_string())
        .chain(
            std::env::args_os()
                .skip(1)
                .map(|a| quote(a.to_string_lossy().into_owned())),
        )
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn run(cli: Cli) -> Result<()> {
    let mut ctx = Context::new(&cli)?;
    if about_the_watchlist(cli.command.as_ref()) {
        warn_of_conflict_copies(&ctx);
    }
    match cli.command {
        Some(Command::Refresh(args)) if args.notify => refresh_then_notify(args, &mut ctx),
        _ => dispatch(cli, &ctx),
    }
}

/// `refresh --notify`: refreshes, then notifies with the watchlist as the refresh left it. The
/// notification is sent also when the refresh failed (what is known is still news); the exit
/// code is the worse of the two, 75 when TVmaze could not be reached.
fn refresh_then_notify(args: crate::cli::Refresh, ctx: &mut Context) -> Result<()> {
    let refreshed = refresh::run(args, ctx);
    ctx.forget();
    let notified = notify::run(crate::cli::Notify::default(), ctx);
    match (refreshed, notified) {
        (Ok(()), notified) => notified,
        (Err(err), Ok(())) => Err(temporary(err)),
        (Err(err), Err(notified)) => {
            let err = temporary(err);
            term::say(&format!("error: {err:#}"));
            if err.downcast_ref::<TempFail>().is_some() {
                Err(notified)
            } else if notified.downcast_ref::<TempFail>().is_some() {
                Err(err)
            } else {
                Err(notified)
            }
        }
    }
}

/// `err` as a [`TempFail`] when TVmaze could not be reached or asked to wait.
fn temporary(err: anyhow::Error) -> anyhow::Error {
    use crate::tvmaze::FetchError;
    match err.downcast_ref::<FetchError>() {
        Some(
            FetchError::Unreachable { .. }
            | FetchError::RateLimited { .. }
            | FetchError::Wait { .. },
        ) => TempFail(format!("{err:#}")).into(),
        _ => err,
    }
}

/// Whether a command is about the watchlist in use, and so should hear of the conflict copies
/// beside it: not those that deal with them or print what is not the watchlist.
fn about_the_watchlist(command: Option<&Command>) -> bool {
    !matches!(
        command,
        Some(
            Command::Resolve(_)
                | Command::Merge(_)
                | Command::GitSetup(_)
                | Command::Path
                | Command::Completions { .. }
                | Command::Man
        )
    )
}

/// Warns, once a run, of the conflict copies Syncthing or Dropbox left beside the watchlist:
/// another device's changes, which only `resolve` brings in. One read of the folder.
fn warn_of_conflict_copies(ctx: &Context) {
    let copies = ctx.store.conflict_copies();
    if copies.is_empty() {
        return;
    }
    let mut kinds: Vec<String> = copies.iter().map(|c| c.kind.to_string()).collect();
    kinds.sort();
    kinds.dedup();
    let name = ctx
        .store
        .path()
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let (copies, them) = match copies.len() {
        1 => ("1 conflicted copy".to_string(), "it"),
        n => (format!("{n} conflicted copies"), "them"),
    };
    // Two lines, so that it fits 80 columns above a table.
    term::say(&format!(
        "warning: {} left {copies} of {name}:\n  run `airdate resolve` to merge {them} in",
        kinds.join(" and ")
    ));
}

fn dispatch(cli: Cli, ctx: &Context) -> Result<()> {
    match cli.command {
        None => upcoming::run(Upcoming::default(), ctx),
        Some(Command::Add(args)) => add::run(*args, ctx),
        Some(Command::Set(args)) => set::run(*args, ctx),
        Some(Command::Renew(args)) => renew::run(args, ctx),
        Some(Command::Remove(args)) => remove::run(args, ctx),
        Some(Command::Show(args)) => show::run(args, ctx),
        Some(Command::List(args)) => list::run(args, ctx),
        Some(Command::Upcoming(args)) => upcoming::run(args, ctx),
        Some(Command::Hiatus(args)) => hiatus::run(args, ctx),
        Some(Command::Week(args)) => week::run(args, ctx),
        Some(Command::Timeline(args)) => timeline::run(args, ctx),
        Some(Command::Export(args)) => export::run(args, ctx),
        Some(Command::Import(args)) => import::run(args, ctx),
        Some(Command::Edit) => edit::run(ctx),
        Some(Command::Check) => check::run(ctx),
        Some(Command::Search(args)) => search::run(args, ctx),
        Some(Command::Refresh(args)) => refresh::run(args, ctx),
        Some(Command::Link(args)) => link::run(args, ctx),
        Some(Command::News(args)) => news::run(args, ctx),
        Some(Command::Notify(args)) => notify::run(args, ctx),
        Some(Command::Undo(args)) => undo::run(args, ctx),
        Some(Command::Merge(args)) => merge::run(args, ctx),
        Some(Command::GitSetup(args)) => git_setup::run(args, ctx),
        Some(Command::Resolve(args)) => resolve::run(args, ctx),
        Some(Command::Path) => ctx.print(&format!("{}\n", ctx.store.path().display())),
        Some(Command::Completions { shell }) => ctx.print(&complete::registration(shell)),
        Some(Command::Man) => ctx.print(&crate::cli::man::render()),
    }
}

/// More shows than this to ask TVmaze about, on a terminal, get a progress bar.
const QUIET_UP_TO: usize = 3;

/// A progress bar for asking TVmaze about `len` shows, on stderr: drawn when it is a terminal
/// and there are more than a few, else hidden.
fn progress(len: usize) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressStyle};
    if len <= QUIET_UP_TO || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
        bar.set_style(style);
    }
    bar
}

/// The index of the show a SHOW argument names.
fn find(shows: &[Show], query: &str) -> Result<usize, NoMatch> {
    let titles: Vec<&str> = shows.iter().map(|s| s.title.as_str()).collect();
    find_show(&titles, query)
}

/// Refuses to link the show at `index` to TVmaze `id` when another show is linked to it: the
/// two would be one show twice (see [`Links`]).
fn refuse_linked(editor: &Editor, index: usize, id: u32) -> Result<()> {
    let shows: Vec<&Show> = editor.shows().collect();
    let links = Links::of(shows.iter().copied());
    if let Some(taken) = links.taken(Some(id), None, Some(index)) {
        let owner = shows[taken.owner()];
        anyhow::bail!(
            "{}; a TVmaze show links one show only (to move the link, take `tvmaze = {id}` out \
             of \"{}\" with `airdate edit`)",
            taken.describe(owner),
            clean(&owner.title)
        );
    }
    Ok(())
}

/// An empty text option clears the field.
fn text_option(value: &Option<String>) -> Option<Option<String>> {
    value
        .as_ref()
        .map(|v| Some(v.trim().to_string()).filter(|v| !v.is_empty()))
}

/// A list option replaces the list; a single empty value clears it.
fn list_option(values: &[String]) -> Option<Vec<String>> {
    match values {
        [] => None,
        [only] if only.trim().is_empty() => Some(Vec::new()),
        many => Some(
            many.iter()
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect(),
        ),
    }
}

/// Applies the shared field options to a show, taking a premiere day typed without a year as
/// the next such day from the clock's today; the note to show for that, if any. `--reason`
/// needs the show to be on hiatus. Times typed without a zone are in the clock's zone.
fn apply_fields(
    show: &mut Show,
    fields: &Fields,
    clock: &Clock,
) -> Result<Option<String>, UsageError> {
    let today = clock.today;
    if let Some(network) = text_option(&fields.network) {
        show.network = network;
    }
    let mut note = None;
    if let Some(season) = fields.season
        && show.season != Some(season)
    {
        note = new_season(show, season)?;
    }
    if let Some(status) = fields.status {
        show.set_status(status);
    }
    if let Some(crate::cli::PremiereArg { input, .. }) = fields.premiere {
        let (premiere, year) = input.on(today);
        show.premiere = premiere;
        let year = match input {
            premiere::Input::This(_) => Some(format!("(taken as {premiere})")),
            premiere::Input::Later { earlier, .. } => Some(format!(
                "(no window covers both {earlier} and {premiere}, so the later was taken: \
                 {premiere}, whose end is the last day it can be)"
            )),
            _ => year
                .map(|y| format!("(the premiere day has no year, so {y} was taken: {premiere})")),
        };
        note = [note, year]
            .into_iter()
            .flatten()
            .reduce(|a, b| format!("{a}\n{b}"));
    }
    apply_times(show, fields, clock)?;
    if let Some(reason) = text_option(&fields.reason) {
        if show.status != Status::OnHiatus && reason.is_some() {
            return Err(UsageError(format!(
                "--reason is for shows on hiatus, and \"{}\" is {}; add `--status on-hiatus`",
                clean(&show.title),
                show.status
            )));
        }
        show.hiatus_reason = reason;
    }
    for (list, values) in [
        (&mut show.creators, &fields.creators),
        (&mut show.cast, &fields.cast),
        (&mut show.tags, &fields.tags),
    ] {
        if let Some(values) = list_option(values) {
            *list = values;
        }
    }
    Ok(note)
}

/// Applies the options of moments and episodes, after the premiere day is set: a premiere
/// typed with a time gets its moment (`premiere_at`) and one typed without loses it; `--airs`
/// times the premiere day; `--next`, `--aired` and `--episodes` are the season's episodes as
/// typed.
fn apply_times(show: &mut Show, fields: &Fields, clock: &Clock) -> Result<(), UsageError> {
    if let Some(typed) = fields.premiere {
        show.premiere_at = match typed.time {
            None => None,
            Some(time) => Some(premiere_moment(show, time, clock).map_err(|premiere| {
                UsageError(format!(
                    "a premiere with a time of day is a day, not {premiere}; give the day and \
                     its time, such as --premiere \"2025-01-17 21:00 ET\""
                ))
            })?),
        };
    }
    if let Some(time) = fields.airs {
        show.premiere_at = Some(premiere_moment(show, time, clock).map_err(|premiere| {
            UsageError(format!(
                "--airs gives the time of a premiere day, and the premiere of \"{}\" is {premiere}; \
                 set the day too: --premiere \"2025-01-17 21:00 ET\"",
                clean(&show.title)
            ))
        })?);
    }
    if let Some(next) = fields.next {
        show.next = next_when(next, clock)?;
    }
    if let Some(aired) = fields.aired {
        show.aired = Some(aired);
    }
    if let Some(episodes) = fields.episodes {
        show.episodes = Some(episodes);
    }
    // More episodes aired than ordered is no count a season can have: a slip of the fingers
    // that would read "12 of 10 (0 left)" in `show`.
    if (fields.aired.is_some() || fields.episodes.is_some())
        && let (Some(aired), Some(episodes)) = (show.aired, show.episodes)
        && aired > episodes
    {
        return Err(UsageError(format!(
            "\"{}\" would have {aired} episodes aired of {episodes} ordered; give --aired \
             {episodes} or fewer, or the season's order with --episodes",
            clean(&show.title)
        )));
    }
    Ok(())
}

/// The moment of `show`'s premiere at `time` (a time without a zone is in the clock's). Only
/// a premiere that is a day has one: else the premiere in words, for the error.
fn premiere_moment(show: &Show, time: AirTime, clock: &Clock) -> Result<Moment, String> {
    match show.premiere {
        premiere::Premiere::Day(day) => Ok(time.on(day, clock.zone)),
        premiere::Premiere::Tba => Err("TBA".to_string()),
        other => Err(format!("the window {}", other.label())),
    }
}

/// What `--next` gives: a day, a day at a time, or nothing ("" or TBA, to clear it).
fn next_when(typed: crate::cli::PremiereArg, clock: &Clock) -> Result<Option<When>, UsageError> {
    match (typed.input.on(clock.today).0, typed.time) {
        (premiere::Premiere::Tba, None) => Ok(None),
        (premiere::Premiere::Day(day), None) => Ok(Some(When::Day(day))),
        (premiere::Premiere::Day(day), Some(time)) => Ok(Some(When::At(time.on(day, clock.zone)))),
        (other, _) => Err(UsageError(format!(
            "--next takes the day of the next episode, with its time if known (\"2025-02-07\" \
             or \"2025-02-07 21:00 ET\"), or \"\" to clear it; not {}",
            other.label()
        ))),
    }
}

/// Moves `show` on to season `season` (never back), clean: see [`Show::start_season`]. The
/// status is `announced` until told otherwise. What the move released, in words. A show that
/// had no season is only given one: what it holds is that season's.
fn new_season(show: &mut Show, season: u32) -> Result<Option<String>, UsageError> {
    let old = show.season;
    if let Some(old) = old.filter(|old| season < *old) {
        return Err(UsageError(format!(
            "\"{}\" is at season {old}; a season never steps back (season {season} is over)",
            clean(&show.title)
        )));
    }
    if old.is_none() {
        // Naming the season of a show that had none moves nothing on: its dates, episodes
        // and status are that season's.
        show.season = Some(season);
        return Ok(None);
    }
    let rollover = show.start_season(season);
    show.set_status(Status::Announced);
    let words = rollover.words(old);
    Ok((!words.is_empty()).then_some(words))
}

/// The day a change happened: `--on` (a day form or a day counted back from today, not in
/// the future), else today.
fn change_day(on: Option<premiere::OnDay>, today: NaiveDate) -> Result<NaiveDate, UsageError> {
    let Some(on) = on else {
        return Ok(today);
    };
    // A watchlist's days have four-digit years: a count of days back that leaves them (or the
    // calendar) is refused, not written as a day the file cannot hold.
    let Some(day) = on.day(today).filter(|d| d.year() >= 1) else {
        return Err(UsageError(format!(
            "--on goes back before the year 1 (today is {today}); give the day the change happened"
        )));
    };
    if day > today {
        return Err(UsageError(format!(
            "--on {day} is in the future (today is {today}); record a change on the day it happens"
        )));
    }
    Ok(day)
}

/// Puts `entry`, the change from `old` to `show`, into the history of `show` in date order
/// (see [`crate::model::change::record`]); a change dated today is always recorded, after any
/// other. `since` for a status given again from an earlier day.
fn record(
    old: &Show,
    show: &mut Show,
    entry: crate::model::HistoryEntry,
    today: NaiveDate,
    since: bool,
) -> Result<(), UsageError> {
    if entry.date == today {
        show.history.push(entry);
        return Ok(());
    }
    crate::model::change::record(old, show, entry, since).map_err(UsageError)
}

/// Warnings for a status that its premiere contradicts.
fn contradictions(show: &Show, today: NaiveDate) -> Option<String> {
    let title = clean(&show.title);
    match (show.status, show.premiere.window()) {
        (Status::Scheduled, None) => Some(format!(
            "warning: \"{title}\" is scheduled but its premiere is TBA; give it with --premiere"
        )),
        (Status::Airing, Some((start, _))) if start > today => Some(format!(
            "warning: \"{title}\" is airing but its premiere {} is still to come; \
             is it scheduled? (`airdate set \"{title}\" --status scheduled`)",
            show.premiere
        )),
        _ => None,
    }
}

/// A warning for a premiere, just typed, that has wholly passed while the show still waits
/// for it (a show airing or over has its premiere behind it): it is kept, but `upcoming` will
/// not list it. With the same kind of window that comes next, when there is one.
fn passed(show: &Show, today: NaiveDate) -> Option<String> {
    let (_, end) = show.premiere.window()?;
    let waiting =
        !matches!(show.status, Status::Airing | Status::Finished) && !show.status.is_over();
    if end >= today || !waiting {
        return None;
    }
    let shown = match show.premiere.window() {
        Some((start, end)) if start != end => {
            format!("{} ({start} – {end})", show.premiere.label())
        }
        _ => show.premiere.to_string(),
    };
    let next = premiere::next_of_kind(show.premiere, today).map_or(String::new(), |next| {
        format!("; did you mean {}?", next.label())
    });
    Some(format!(
        "warning: {shown} has already passed (today is {today}); \"{}\" will not be in \
         `upcoming`{next}",
        clean(&show.title)
    ))
}

/// A warning for a next episode, just typed, that no view will show: one already aired (it is
/// no next episode until the one after it is typed), or one of a show without a season (its
/// episodes are numbered in a season).
fn next_unseen(show: &Show, clock: &Clock) -> Option<String> {
    let next = show.next?;
    let title = clean(&show.title);
    let typed = match next {
        When::At(moment) => moment.to_string(),
        When::Day(day) => day.to_string(),
    };
    if show.season.is_none() {
        // A season set alone starts without the episodes of the one before: both at once.
        return Some(format!(
            "warning: \"{title}\" has no season, so its next episode is shown nowhere; give it \
             one with it: `airdate set \"{title}\" --season N --next \"{typed}\"`"
        ));
    }
    let episodes = crate::model::episode::typed(show);
    if !episodes.iter().all(|e| e.aired(clock)) {
        return None;
    }
    Some(format!(
        "warning: the next episode typed, {typed}, has already aired (today is {}); it is no \
         next episode: type the one after it (`airdate set \"{title}\" --next DAY`)",
        clock.today
    ))
}

/// "Severance (season 2)" or just the title, escaped for the terminal.
fn describe(show: &Show) -> String {
    match show.season {
        Some(season) => format!("{} (season {season})", clean(&show.title)),
        None => clean(&show.title).into_owned(),
    }
}
