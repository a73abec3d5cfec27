use std::collections::HashSet;

use anyhow::{Result, anyhow};
use chrono::NaiveDate;

use super::{Context, find};
use crate::cli::Refresh;
use crate::model::Pin;
use crate::model::change;
use crate::model::episode::{Listing, Listings, wants_episodes};
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
    let kept = ctx.episodes();
    let due = due(&args, &chosen, kept, ctx.today, &mut client)?;
    let mut fetch = fetch(&mut client, &due)?;
    // The file's shows (the views' have their premieres on the user's days).
    let file = ctx.store.load()?;
    let fresh = listings(&mut client, &mut fetch, &file, ctx, kept);
    let outcome = if args.dry_run {
        let mut outcome = Outcome::default();
        for (title, tv) in &fetch.fetched {
            outcome.refreshed(&file[find(&file, &title_key(title))?], tv, ctx.today);
        }
        outcome
    } else {
        let outcome = save(ctx, &fetch.fetched)?;
        keep(ctx, kept, fresh, shows);
        outcome
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
/// word on it now, whatever its list of updates says. A show that airs or premieres soon
/// whose episodes are not kept as of its last fetch (a first run, a damaged or deleted
/// store) is due too, once: after it, they are.
fn due<'a>(
    args: &Refresh,
    chosen: &[&'a Show],
    kept: &Listings,
    today: NaiveDate,
    client: &mut Client,
) -> Result<Vec<&'a Show>> {
    if args.all || !args.shows.is_empty() {
        return Ok(chosen.to_vec());
    }
    let updates = client.updates()?;
    let unkept = |s: &Show| {
        let id = s.tvmaze.expect("only linked shows are chosen");
        wants_episodes(s, today) && !kept.is_fresh(id, s.tvmaze_updated, s.season)
    };
    Ok(chosen
        .iter()
        .copied()
        .filter(|s| {
            let changed = match (s.tvmaze.and_then(|id| updates.get(&id)), s.tvmaze_updated) {
                (Some(changed), Some(fetched)) => *changed > fetched,
                (_, None) => true,
                (None, Some(_)) => false,
            };
            changed || unkept(s)
        })
        .collect())
}

/// The episodes of the fetched shows that air or premiere soon, each as a new listing of its
/// season (`None`: the show no longer wants one). A season's episodes are asked for only when
/// they are not kept as of TVmaze's change time of the show, and never twice: the answer that
/// counted the season's episodes (see [`Client::show`]) is the same season's list. A season
/// TVmaze does not list is kept as no episodes, so that it is not asked for again each day.
fn listings(
    client: &mut Client,
    fetch: &mut Fetch,
    file: &[Show],
    ctx: &Context,
    kept: &Listings,
) -> Vec<(u32, Option<Listing>)> {
    let mut out = Vec::new();
    for (title, tv) in &mut fetch.fetched {
        let Ok(index) = find(file, &title_key(title)) else {
            continue;
        };
        let mut new = refreshed_show(&file[index], tv, ctx.today).0;
        ctx.clock.localise(&mut new);
        let Some(season) = new.season.filter(|_| wants_episodes(&new, ctx.today)) else {
            out.push((tv.id, None));
            continue;
        };
        if kept.is_fresh(tv.id, new.tvmaze_updated, Some(season)) {
            continue;
        }
        let episodes = match tv.season_id(season) {
            None => Vec::new(),
            Some(id) => {
                if tv.listed_of(id).is_none() {
                    match client.season_episodes(id) {
                        Ok(listed) => tv.take_listed(id, listed),
                        Err(e) => {
                            crate::term::say(&format!(
                                "warning: \"{}\": its episodes could not be fetched: {e}; the \
                                 next refresh asks again",
                                crate::term::clean(title)
                            ));
                            continue;
                        }
                    }
                }
                let listed = tv.listed_of(id).unwrap_or_default();
                map::episodes(listed, tv.zone()).0
            }
        };
        let listing = Listing {
            updated: new.tvmaze_updated,
            season,
            episodes,
        };
        out.push((tv.id, Some(listing)));
    }
    out
}

/// Keeps the new listings beside the watchlist (after its write), dropping those of shows no
/// longer linked or no longer airing soon. A failure is only a warning: the next refresh
/// fetches them again.
fn keep(ctx: &Context, kept: &Listings, fresh: Vec<(u32, Option<Listing>)>, shows: &[Show]) {
    let mut listings = kept.clone();
    let mut dropped = HashSet::new();
    for (id, listing) in fresh {
        match listing {
            Some(listing) => listings.insert(id, listing),
            None => {
                dropped.insert(id);
            }
        }
    }
    let linked: HashSet<u32> = shows.iter().filter_map(|s| s.tvmaze).collect();
    listings.retain(|id| linked.contains(&id) && !dropped.contains(&id));
    if listings == *kept {
        return;
    }
    if let Err(e) = crate::store::episodes::save(&listings, ctx.store.path()) {
        crate::term::say(&format!(
            "warning: the episodes fetched could not be kept ({e}); the next refresh fetches \
             them again"
        ));
    }
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
        let (mut new, left_out) = refreshed_show(old, tv, today);
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

/// What `old` becomes with TVmaze's `tv` on `today`, before its history: TVmaze's facts, and
/// the status its dates imply (a premiere day come, a confirmed finale passed), which is
/// written with the rest. With what TVmaze gave that the watchlist cannot hold.
fn refreshed_show(old: &Show, tv: &TvShow, today: NaiveDate) -> (Show, Vec<map::LeftOut>) {
    let (mut new, left_out) = map::apply(old, tv, today);
    if let Some(status) = new.implied_status(today)
        && !old.is_pinned(Pin::Status)
    {
        new.set_status(status);
    }
    (new, left_out)
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
