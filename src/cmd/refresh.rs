use anyhow::{Result, anyhow};
use chrono::NaiveDate;

use super::{Context, find};
use crate::cli::Refresh;
use crate::model::Pin;
use crate::model::change;
use crate::model::links::Links;
use crate::model::{Show, title_key};
use crate::tvmaze::map::{self, TvShow};
use crate::tvmaze::{self, Client, FetchError};
use crate::view;

pub fn run(args: Refresh, ctx: &Context) -> Result<()> {
    let shows = ctx.shows()?;
    let chosen = chosen(&args, shows)?;
    if chosen.is_empty() {
        if !args.quiet {
            crate::term::say(
                "No show is linked to TVmaze; `airdate link` links the shows of the watchlist, `airdate add TITLE --lookup` adds one.",
            );
        }
        return Ok(());
    }
    let mut client = Client::new();
    let due = due(&args, &chosen, &mut client)?;
    let fetch = fetch(&mut client, &due)?;
    let outcome = if args.dry_run {
        let mut outcome = Outcome::default();
        // The file's shows (the views' have their premieres on the user's days).
        let shows = ctx.store.load()?;
        for (title, tv) in &fetch.fetched {
            outcome.refreshed(&shows[find(&shows, &title_key(title))?], tv, ctx.today);
        }
        outcome
    } else {
        save(ctx, &fetch.fetched)?
    };
    report(&args, ctx, &outcome, chosen.len(), &fetch)?;
    fetch.failures(due.len(), args.dry_run)
}

/// The linked shows to refresh: those named (each must be linked), else every linked one.
fn chosen<'a>(args: &Refresh, shows: &'a [Show]) -> Result<Vec<&'a Show>> {
    if args.shows.is_empty() {
        return Ok(shows.iter().filter(|s| s.tvmaze.is_some()).collect());
    }
    let mut chosen = Vec::new();
    for query in &args.shows {
        let show = &shows[find(shows, query)?];
        if show.tvmaze.is_none() {
            return Err(anyhow!(
                "\"{}\" is not linked to TVmaze; link it with `airdate link \"{}\"`",
                show.title,
                show.title
            ));
        }
        chosen.push(show);
    }
    Ok(chosen)
}

/// Of `chosen`, the shows TVmaze changed since they were last fetched: one request for the lot.
/// All of them with `--all`, and when they were named: a user who names a show wants TVmaze's
/// word on it now, whatever its list of updates says.
fn due<'a>(args: &Refresh, chosen: &[&'a Show], client: &mut Client) -> Result<Vec<&'a Show>> {
    if args.all || !args.shows.is_empty() {
        return Ok(chosen.to_vec());
    }
    let updates = client.updates()?;
    Ok(chosen
        .iter()
        .copied()
        .filter(
            |s| match (s.tvmaze.and_then(|id| updates.get(&id)), s.tvmaze_updated) {
                (Some(changed), Some(fetched)) => *changed > fetched,
                (_, None) => true,
                (None, Some(_)) => false,
            },
        )
        .collect())
}

/// What the fetches gave: the shows fetched, those that failed, and how many were not asked
/// for because TVmaze asked for a pause.
struct Fetch {
    fetched: Vec<(String, TvShow)>,
    failed: Vec<(String, FetchError)>,
    untried: usize,
}

/// Fetches each due show, with a progress bar on a terminal for more than a few. TVmaze
/// unreachable (or asking to wait) from the start is one error, and nothing is written.
fn fetch(client: &mut Client, due: &[&Show]) -> Result<Fetch> {
    let bar = super::progress(due.len());
    let mut fetch = Fetch {
        fetched: Vec::new(),
        failed: Vec::new(),
        untried: 0,
    };
    for (i, show) in due.iter().enumerate() {
        bar.set_message(crate::term::clean(&show.title).into_owned());
        let id = show.tvmaze.expect("only linked shows are fetched");
        match client.show(id) {
            Ok(tv) => fetch.fetched.push((show.title.clone(), tv)),
            Err(e @ (FetchError::Unreachable { .. } | FetchError::Wait { .. }))
                if fetch.fetched.is_empty() && fetch.failed.is_empty() =>
            {
                bar.finish_and_clear();
                return Err(e.into());
            }
            // Told to wait: asking for the other shows now would only be refused again.
            Err(e @ FetchError::Wait { .. }) => {
                fetch.failed.push((show.title.clone(), e));
                fetch.untried = due.len() - i - 1;
                break;
            }
            Err(e) => fetch.failed.push((show.title.clone(), e)),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(fetch)
}

impl Fetch {
    /// The error that names every show that was not refreshed, if any.
    fn failures(&self, due: usize, dry_run: bool) -> Result<()> {
        if self.failed.is_empty() {
            return Ok(());
        }
        for (title, e) in &self.failed {
            crate::term::say(&format!("error: \"{title}\" was not refreshed: {e}"));
        }
        if self.untried > 0 {
            crate::term::say(&format!(
                "error: {} more shows were not asked for, as TVmaze asked to wait",
                self.untried
            ));
        }
        Err(anyhow!(
            "{} of {due} shows could not be refreshed, and were left as they were; the others \
             were {}",
            self.failed.len() + self.untried,
            if dry_run { "checked" } else { "saved" }
        ))
    }
}

/// What a refresh changed: the rows of the table of changes, and what TVmaze gave that the
/// watchlist cannot hold (left out of its show, and said).
#[derive(Default)]
struct Outcome {
    rows: Vec<Vec<String>>,
    warnings: Vec<String>,
}

impl Outcome {
    /// What `old` becomes with TVmaze's `tv`, its history entry dated `today`; its changes are
    /// noted.
    fn refreshed(&mut self, old: &Show, tv: &TvShow, today: NaiveDate) -> Show {
        let (mut new, left_out) = map::apply(old, tv, today);
        // What the dates imply is written with the rest (a premiere day come, a confirmed
        // finale passed).
        if let Some(status) = new.implied_status(today)
            && !old.is_pinned(Pin::Status)
        {
            new.set_status(status);
        }
        self.warnings
            .extend(left_out.iter().map(|l| l.warning(&old.title)));
        let released: Vec<Pin> = old
            .pins()
            .into_iter()
            .filter(|pin| !new.is_pinned(*pin))
            .collect();
        if !released.is_empty() {
            let rollover = crate::model::season::Rollover { released };
            self.warnings.push(format!(
                "\"{}\": {}",
                crate::term::clean(&old.title),
                rollover.words(old.season)
            ));
        }
        new.history
            .extend(change::entry(old, &new, today, Some("TVmaze")));
        for change in change::changes(old, &new) {
            // What TVmaze knows of the show itself is kept quietly.
            if !matches!(change.field, "tvmaze_updated" | "imdb" | "tvmaze") {
                self.rows.push(vec![
                    old.title.clone(),
                    change.field.to_string(),
                    format!("{} → {}", change.old, change.new),
                ]);
            }
        }
        new
    }
}

/// Applies what was fetched to the watchlist as it is under the lock (again from the start if
/// another program saves it meanwhile); a show removed meanwhile is left out.
fn save(ctx: &Context, fetched: &[(String, TvShow)]) -> Result<Outcome> {
    if fetched.is_empty() {
        return Ok(Outcome::default());
    }
    ctx.store.edit(|editor| {
        let mut outcome = Outcome::default();
        let mut links = Links::of(editor.shows());
        for (title, tv) in fetched {
            let Some(index) = editor.find_exact(title) else {
                continue;
            };
            let mut new = outcome.refreshed(&editor.show(index), tv, ctx.today);
            // An IMDb id TVmaze gives that another show has is not taken: one id, one show.
            if links
                .taken(None, new.imdb.as_deref(), Some(index))
                .is_some()
            {
                new.imdb = editor.show(index).imdb;
            }
            links.insert(index, new.tvmaze, new.imdb.as_deref());
            editor.update(index, new);
        }
        Ok(outcome)
    })
}

/// Prints the warnings and the table of changes, or that there were none.
fn report(
    args: &Refresh,
    ctx: &Context,
    outcome: &Outcome,
    linked: usize,
    fetch: &Fetch,
) -> Result<()> {
    for warning in &outcome.warnings {
        crate::term::say(warning);
    }
    if !outcome.rows.is_empty() {
        let table = view::plain_table(&["Show", "Field", "Change"], &outcome.rows, &[], ctx.style);
        let dry = if args.dry_run {
            "Nothing was written (--dry-run).\n"
        } else {
            ""
        };
        return ctx.print(&format!("{table}{dry}{}\n", tvmaze::CREDIT));
    }
    if !args.quiet {
        ctx.print(&format!(
            "No changes from TVmaze ({linked} linked, {} fetched).\n",
            fetch.fetched.len()
        ))?;
    }
    Ok(())
}
