use anyhow::{Result, bail};

use super::{Context, UsageError, apply_fields, change_day, contradictions, describe};
use crate::cli::Add;
use crate::model::change::first_entry;
use crate::model::{Show, is_visible};
use crate::term::clean;
use crate::tvmaze::map::TvShow;
use crate::tvmaze::{self, Client, find};

pub fn run(args: Add, ctx: &Context) -> Result<()> {
    // TVmaze first, outside the lock: the network may be slow.
    let found = from_tvmaze(&args)?;
    let title = title(&args, found.as_ref())?;
    let mut show = match &found {
        Some(tv) => find::from_tvmaze(title, tv, ctx.today),
        None => Show::new(title),
    };
    // What the command line says wins over TVmaze.
    let year_note = apply_fields(&mut show, &args.fields, ctx.today)?;
    show.notes = args.note.clone().filter(|n| !n.trim().is_empty());
    show.added = Some(ctx.today);
    let day = change_day(args.on, ctx.today)?;
    let note = if found.is_some() {
        "added from TVmaze"
    } else {
        "added"
    };
    show.history.push(first_entry(&show, day, note));
    let summary = summary(&show, found.as_ref(), year_note);
    let warning = contradictions(&show, ctx.today);
    ctx.store.edit(|editor| {
        if let Some(existing) = editor.title_taken(&show.title, None) {
            let existing = clean(existing);
            bail!(
                "\"{existing}\" is already in the watchlist; change it with `airdate set \"{existing}\" ...`"
            );
        }
        editor.push(show.clone());
        Ok(())
    })?;
    if let Some(warning) = warning {
        crate::term::say(&warning);
    }
    ctx.done(&summary)
}

/// The show on TVmaze that `--tvmaze`, `--imdb` or `--lookup` names, if any.
fn from_tvmaze(args: &Add) -> Result<Option<TvShow>> {
    Ok(if let Some(id) = args.tvmaze {
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
        Some(find::lookup(args.title.as_deref().unwrap_or_default())?)
    } else {
        None
    })
}

/// The new show's title: the one given, else TVmaze's; it needs a visible character.
fn title(args: &Add, found: Option<&TvShow>) -> Result<String> {
    let title = match (&args.title, found) {
        (Some(title), _) => title.trim().to_string(),
        (None, Some(tv)) => tv.name.trim().to_string(),
        (None, None) => String::new(),
    };
    if is_visible(&title) {
        return Ok(title);
    }
    if let (None, Some(tv)) = (&args.title, found) {
        bail!(
            "TVmaze's name of show {} has no visible character; give the title: \
             `airdate add TITLE --tvmaze {}`",
            tv.id,
            tv.id
        );
    }
    Err(UsageError("the title has no visible character".into()).into())
}

/// What `add` says it did.
fn summary(show: &Show, found: Option<&TvShow>, year_note: Option<String>) -> String {
    let mut summary = format!(
        "Added {}: {}, premiere {}\n",
        describe(show),
        show.status,
        show.premiere
    );
    if let Some(tv) = found {
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
    summary
}
