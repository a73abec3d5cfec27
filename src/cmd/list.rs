use anyhow::Result;
use chrono::NaiveDate;

use super::Context;
use crate::cli::{Filters, List, SortKey};
use crate::model::{Show, match_key, title_key};
use crate::view;

/// The shows that pass the filters: any of the statuses, the network (by its leading words),
/// the tag (in any letter case). `list` and `upcoming` filter alike.
pub(super) fn filtered<'a>(
    filters: &Filters,
    shows: &'a [Show],
    today: NaiveDate,
) -> Vec<&'a Show> {
    let network = filters.network.as_deref().map(str::to_lowercase);
    let tag = filters.tag.as_deref().map(str::to_lowercase);
    let statuses = &filters.statuses;
    shows
        .iter()
        .filter(|s| statuses.is_empty() || statuses.contains(&s.status_on(today)))
        .filter(|s| {
            network.as_ref().is_none_or(|n| {
                s.network
                    .as_deref()
                    .is_some_and(|sn| network_matches(sn, n))
            })
        })
        .filter(|s| {
            tag.as_ref()
                .is_none_or(|t| s.tags.iter().any(|st| st.trim().to_lowercase() == t.trim()))
        })
        .collect()
}

/// What a view of an empty watchlist says: how to add a show.
pub(super) fn empty_watchlist(ctx: &Context) -> String {
    format!(
        "The watchlist `{}` is empty; add a show with `airdate add TITLE`.",
        ctx.store.path().display()
    )
}

/// Sorts by title, then by `key` (a stable sort, so that ties stay in title order).
fn sort(shows: &mut [&Show], key: SortKey, today: NaiveDate) {
    shows.sort_by_cached_key(|s| title_key(&s.title));
    match key {
        SortKey::Title => {}
        SortKey::Premiere => shows.sort_by_cached_key(|s| s.premiere_order()),
        SortKey::Status => shows.sort_by_key(|s| s.status_on(today)),
        SortKey::Network => shows.sort_by_cached_key(|s| {
            (
                s.network.is_none(),
                s.network.as_deref().map(str::to_lowercase),
            )
        }),
        SortKey::Slips => shows.sort_by_cached_key(|s| std::cmp::Reverse(s.slips())),
    }
}

/// How many stale statuses `list` explains under its table.
const STALE_SAID: usize = 5;

pub fn run(args: List, ctx: &Context) -> Result<()> {
    let format = args.output.format();
    let mut shows = filtered(&args.filters, ctx.shows()?, ctx.today);
    sort(&mut shows, args.sort, ctx.today);
    let empty = if shows.is_empty() && ctx.shows()?.is_empty() {
        empty_watchlist(ctx)
    } else {
        "No show matches those filters.".to_string()
    };
    let stale: Vec<String> = shows.iter().filter_map(|s| s.stale(ctx.today)).collect();
    ctx.print_view(
        &shows,
        format,
        |shows| view::list_table(shows, &ctx.sight(), ctx.style),
        &empty,
    )?;
    // Statuses their premieres contradict are marked `!` in the table, and said here.
    // A few are said in full; for many, `check` lists them all.
    if format == crate::cli::Format::Table {
        for note in stale.iter().take(STALE_SAID) {
            crate::term::say(&format!("! {note}"));
        }
        if stale.len() > STALE_SAID {
            crate::term::say(&format!(
                "! and {} more statuses marked `!`; `airdate check` lists them all",
                stale.len() - STALE_SAID
            ));
        }
        if shows.iter().any(|s| s.implied_status(ctx.today).is_some()) {
            crate::term::say(
                "* the status its dates imply; `airdate refresh` (linked shows) or `airdate set SHOW --status …` records it",
            );
        }
    }
    Ok(())
}

/// Whether `network` is the one `wanted` names: the same words, or words that begin with
/// them, in order and any letter case ("fx" and "FX on" find "FX on Hulu"; "hulu" does not).
fn network_matches(network: &str, wanted: &str) -> bool {
    let have = match_key(network);
    let wanted = match_key(wanted);
    have == wanted || have.starts_with(&format!("{wanted} "))
}
