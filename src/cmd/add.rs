use std::io::{BufRead, IsTerminal};

use anyhow::{Result, bail};

use super::{Context, UsageError, apply_fields, change_day, contradictions, describe, first_entry};
use crate::cli::Add;
use crate::escape::excerpt;
use crate::model::{Show, is_visible, match_key, title_key};
use crate::render::clean;
use crate::tvmaze::map::{self, SearchHit, TvShow};
use crate::tvmaze::{self, Client};

pub fn run(args: Add, ctx: &Context) -> Result<()> {
    // TVmaze first, outside the lock: the network may be slow.
    let found = if let Some(id) = args.tvmaze {
        Some(
            Client::new()
                .show(id)
                .map_err(|e| anyhow::anyhow!("TVmaze show {id}: {e}"))?,
        )
    } else if let Some(imdb) = &args.imdb {
        Some(
            Client::new()
                .by_imdb(imdb)
                .map_err(|e| anyhow::anyhow!("IMDb id {imdb}: {e}"))?,
        )
    } else if args.lookup {
        Some(lookup(args.title.as_deref().unwrap_or_default())?)
    } else {
        None
    };
    let title = match (&args.title, &found) {
        (Some(title), _) => title.trim().to_string(),
        (None, Some(tv)) => tv.name.trim().to_string(),
        (None, None) => String::new(),
    };
    if !is_visible(&title) {
        if let (None, Some(tv)) = (&args.title, &found) {
            bail!(
                "TVmaze's name of show {} has no visible character; give the title: \
                 `airdate add TITLE --tvmaze {}`",
                tv.id,
                tv.id
            );
        }
        return Err(UsageError("the title has no visible character".into()).into());
    }
    let mut show = match &found {
        Some(tv) => from_tvmaze(title, tv, ctx.today),
        None => Show::new(title),
    };
    // What the command line says wins over TVmaze.
    let year_note = apply_fields(&mut show, &args.fields, ctx.today)?;
    show.notes = args.note.filter(|n| !n.trim().is_empty());
    show.added = Some(ctx.today);
    let day = change_day(args.on, ctx.today)?;
    let note = if found.is_some() {
        "added from TVmaze"
    } else {
        "added"
    };
    show.history.push(first_entry(&show, day, note));
    let mut summary = format!(
        "Added {}: {}, premiere {}\n",
        describe(&show),
        show.status,
        show.premiere
    );
    if let Some(tv) = &found {
        let network = tv.channel().unwrap_or("no network");
        summary.push_str(&format!(
            "(TVmaze show {}, {network}; {})\n",
            tv.id,
            tvmaze::CREDIT
        ));
    }
    if let Some(note) = year_note {
        summary.push_str(&format!("{note}\n"));
    }
    let warning = contradictions(&show, ctx.today);
    ctx.store.edit(|editor| {
        let key = title_key(&show.title);
        if let Some(existing) = editor.titles().iter().find(|t| title_key(t) == key) {
            let existing = clean(existing);
            bail!(
                "\"{existing}\" is already in the watchlist; change it with `airdate set \"{existing}\" ...`"
            );
        }
        editor.push(show.clone());
        Ok(())
    })?;
    if let Some(warning) = warning {
        crate::config::say(&warning);
    }
    ctx.done(&summary)
}

/// A new show called `title`, filled in from TVmaze; what TVmaze gave that the watchlist cannot
/// hold is left out, with a warning.
pub fn from_tvmaze(title: String, tv: &TvShow, today: chrono::NaiveDate) -> Show {
    let (show, left_out) = map::apply(&Show::new(title), tv, today);
    for item in &left_out {
        crate::config::say(&item.warning(&show.title));
    }
    show
}

/// "Severance (2022, Apple TV, TVmaze 44933)"; TVmaze's text cut short where it is long, as
/// these go into messages.
pub fn candidate(tv: &TvShow) -> String {
    let mut about: Vec<String> = tv.year().into_iter().map(str::to_string).collect();
    about.extend(tv.channel().map(|c| excerpt(c, 60).into_owned()));
    about.push(format!("TVmaze {}", tv.id));
    format!("{} ({})", excerpt(&tv.name, 200), about.join(", "))
}

/// What TVmaze makes of a title.
pub enum Resolution {
    /// One show, by id.
    Found(u32),
    /// Several that fit about as well: the candidates.
    Ambiguous(Vec<SearchHit>),
    NotFound,
}

/// The one show on TVmaze that `title` names: the only one of that name, else a clear best
/// match.
pub fn resolve(client: &mut Client, title: &str) -> Result<Resolution, tvmaze::FetchError> {
    let hits = client.search(title)?;
    let named: Vec<&SearchHit> = hits
        .iter()
        .filter(|h| match_key(&h.show.name) == match_key(title))
        .collect();
    Ok(match (named.as_slice(), hits.as_slice()) {
        ([one], _) => Resolution::Found(one.show.id),
        ([], [best, next, ..]) if best.score >= 2.0 * next.score => Resolution::Found(best.show.id),
        ([], [only]) => Resolution::Found(only.show.id),
        ([], []) => Resolution::NotFound,
        ([], _) => Resolution::Ambiguous(hits.iter().take(5).cloned().collect()),
        (many, _) => Resolution::Ambiguous(many.iter().map(|h| (*h).clone()).collect()),
    })
}

/// The show `title` names on TVmaze, with its seasons. On a terminal, close candidates are
/// offered to choose from; elsewhere they are an error that names them.
fn lookup(title: &str) -> Result<TvShow> {
    let mut client = Client::new();
    let failed = |e| anyhow::anyhow!("looking up \"{title}\": {e}");
    let chosen = match resolve(&mut client, title).map_err(failed)? {
        Resolution::Found(id) => id,
        Resolution::NotFound => {
            bail!("TVmaze knows no show called \"{title}\"; try `airdate search`")
        }
        Resolution::Ambiguous(hits) => choose(title, &hits.iter().collect::<Vec<_>>())?,
    };
    // The search gives no seasons: the show is fetched with them.
    client
        .show(chosen)
        .map_err(|e| anyhow::anyhow!("TVmaze show {chosen}: {e}"))
}

/// Asks which candidate is meant, on a terminal; elsewhere, an error naming them.
fn choose(title: &str, candidates: &[&SearchHit]) -> Result<u32> {
    let names: Vec<String> = candidates.iter().map(|h| candidate(&h.show)).collect();
    if !std::io::stdin().is_terminal() {
        bail!(
            "\"{title}\" matches several shows on TVmaze: {}; add with --tvmaze ID",
            names.join("; ")
        );
    }
    for (i, name) in names.iter().enumerate() {
        crate::config::say(&format!("  {}. {name}", i + 1));
    }
    crate::config::prompt(&format!("Which \"{title}\"? [1-{}] ", names.len()));
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    match answer.trim().parse::<usize>() {
        Ok(n) if (1..=names.len()).contains(&n) => Ok(candidates[n - 1].show.id),
        _ => bail!("no show chosen; nothing was added"),
    }
}
