use std::io::IsTerminal;

use anyhow::{Result, anyhow};
use indicatif::{ProgressBar, ProgressStyle};

use super::{Context, find};
use crate::cli::Refresh;
use crate::model::change;
use crate::model::{Show, title_key};
use crate::tvmaze::map::{self, TvShow};
use crate::tvmaze::{self, Client, FetchError};
use crate::view;

/// More shows than this to fetch, on a terminal, get a progress bar.
const QUIET_UP_TO: usize = 3;

pub fn run(args: Refresh, ctx: &Context) -> Result<()> {
    let shows = ctx.shows()?;
    let chosen: Vec<&Show> = if args.shows.is_empty() {
        shows.iter().filter(|s| s.tvmaze.is_some()).collect()
    } else {
        let mut chosen = Vec::new();
        for query in &args.shows {
            let show = &shows[find(shows, query)?];
            if show.tvmaze.is_none() {
                return Err(anyhow!(
                    "\"{}\" is not linked to TVmaze; link it with `airdate set \"{}\" --tvmaze ID` \
                     (`airdate search` finds the id)",
                    show.title,
                    show.title
                ));
            }
            chosen.push(show);
        }
        chosen
    };
    if chosen.is_empty() {
        if !args.quiet {
            crate::term::say(
                "No show is linked to TVmaze; `airdate add TITLE --lookup` or `airdate set SHOW --tvmaze ID` links one.",
            );
        }
        return Ok(());
    }

    let mut client = Client::new();
    // Only the shows TVmaze changed since they were last fetched, unless --all.
    let due: Vec<&Show> = if args.all {
        chosen.clone()
    } else {
        let updates = client.updates()?;
        chosen
            .iter()
            .copied()
            .filter(
                |s| match (s.tvmaze.and_then(|id| updates.get(&id)), s.tvmaze_updated) {
                    (Some(changed), Some(fetched)) => *changed > fetched,
                    (_, None) => true,
                    (None, Some(_)) => false,
                },
            )
            .collect()
    };

    let bar = if due.len() > QUIET_UP_TO && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(due.len() as u64);
        if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}") {
            bar.set_style(style);
        }
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut fetched: Vec<(String, TvShow)> = Vec::new();
    let mut failed: Vec<(String, FetchError)> = Vec::new();
    // Shows not asked for, because TVmaze asked for a pause.
    let mut untried = 0;
    for (i, show) in due.iter().enumerate() {
        bar.set_message(crate::term::clean(&show.title).into_owned());
        let id = show.tvmaze.expect("only linked shows are fetched");
        match client.show(id) {
            Ok(tv) => fetched.push((show.title.clone(), tv)),
            // Unreachable, or told to wait, from the start: say it once, and write nothing.
            Err(e @ (FetchError::Unreachable { .. } | FetchError::Wait { .. }))
                if fetched.is_empty() && failed.is_empty() =>
            {
                bar.finish_and_clear();
                return Err(e.into());
            }
            // Told to wait: asking for the other shows now would only be refused again.
            Err(e @ FetchError::Wait { .. }) => {
                failed.push((show.title.clone(), e));
                untried = due.len() - i - 1;
                break;
            }
            Err(e) => failed.push((show.title.clone(), e)),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();

    // What each fetched show becomes, with what TVmaze gave that the watchlist cannot hold
    // (left out of its show, and said), and the rows of its changes. Under the lock this runs
    // on the file as it is (again, if another program saves it meanwhile).
    let refreshed =
        |old: &Show, tv: &TvShow, rows: &mut Vec<Vec<String>>, warnings: &mut Vec<String>| {
            let (mut new, left_out) = map::apply(old, tv, ctx.today);
            warnings.extend(left_out.iter().map(|l| l.warning(&old.title)));
            new.history
                .extend(change::entry(old, &new, ctx.today, Some("TVmaze")));
            for change in change::changes(old, &new) {
                // What TVmaze knows of the show itself is kept quietly.
                if !matches!(change.field, "tvmaze_updated" | "imdb" | "tvmaze") {
                    rows.push(vec![
                        old.title.clone(),
                        change.field.to_string(),
                        format!("{} → {}", change.old, change.new),
                    ]);
                }
            }
            new
        };
    let (mut rows, mut warnings) = (Vec::new(), Vec::new());
    if args.dry_run {
        for (title, tv) in &fetched {
            let old = &shows[find(shows, &title_key(title))?];
            refreshed(old, tv, &mut rows, &mut warnings);
        }
    } else if !fetched.is_empty() {
        (rows, warnings) = ctx.store.edit(|editor| {
            let (mut rows, mut warnings) = (Vec::new(), Vec::new());
            for (title, tv) in &fetched {
                // A show removed meanwhile is left out.
                let Some(index) = editor.find_exact(title) else {
                    continue;
                };
                let old = editor.show(index);
                let new = refreshed(&old, tv, &mut rows, &mut warnings);
                editor.update(index, new);
            }
            Ok((rows, warnings))
        })?;
    }

    for warning in &warnings {
        crate::term::say(warning);
    }
    if !rows.is_empty() {
        let table = view::plain_table(&["Show", "Field", "Change"], &rows, &[], ctx.style);
        let dry = if args.dry_run {
            "Nothing was written (--dry-run).\n"
        } else {
            ""
        };
        ctx.print(&format!("{table}{dry}{}\n", tvmaze::CREDIT))?;
    } else if !args.quiet {
        ctx.print(&format!(
            "No changes from TVmaze ({} linked, {} fetched).\n",
            chosen.len(),
            fetched.len()
        ))?;
    }
    if failed.is_empty() {
        return Ok(());
    }
    for (title, e) in &failed {
        crate::term::say(&format!("error: \"{title}\" was not refreshed: {e}"));
    }
    if untried > 0 {
        crate::term::say(&format!(
            "error: {untried} more shows were not asked for, as TVmaze asked to wait"
        ));
    }
    Err(anyhow!(
        "{} of {} shows could not be refreshed, and were left as they were; the others were {}",
        failed.len() + untried,
        due.len(),
        if args.dry_run { "checked" } else { "saved" }
    ))
}
