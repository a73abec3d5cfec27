//! `import --lookup`: another tracker's list, each show found on TVmaze (by IMDb or TVDB id
//! first, else by title) and added with its data; the report says what became of each. The
//! shows found are saved in batches, so an import stopped half-way keeps what it wrote, and
//! the next run skips those.

use std::collections::HashSet;

use anyhow::{Context as _, Result, anyhow};

use super::Context;
use crate::cli::Import;
use crate::formats::tracker::{self, Wanted};
use crate::model::change::first_entry;
use crate::model::links::Links;
use crate::model::{Show, title_key};
use crate::tvmaze::find::{self, Resolution};
use crate::tvmaze::map::TvShow;
use crate::tvmaze::{Client, FetchError};

/// How many shows found on TVmaze are written at once.
const BATCH: usize = 20;

pub fn run(args: &Import, ctx: &Context) -> Result<()> {
    let text = std::fs::read_to_string(&args.source)
        .with_context(|| format!("failed to read `{}`", args.source.display()))?;
    let wanted = tracker::read(&text)
        .map_err(|e| anyhow!("`{}`: {e}; nothing was imported", args.source.display()))?;
    let mut client = Client::new();
    let mut have: Vec<(String, Option<u32>)> = ctx
        .shows()?
        .iter()
        .map(|s| (title_key(&s.title), s.tvmaze))
        .collect();
    let mut report = Report::default();
    let mut pending = Vec::new();
    let bar = super::progress(wanted.len());
    for want in &wanted {
        let name = want.name();
        bar.set_message(crate::term::clean(&name).into_owned());
        bar.inc(1);
        if let Some(why) = &want.skip {
            report.line(SKIPPED, format!("skipped: {name} ({}: {why})", want.place));
            continue;
        }
        let tv = match found(&mut client, want) {
            Ok(Found::Show(tv)) => tv,
            Ok(Found::None) => {
                report.line(MISSING, format!("not found: {name} ({})", want.place));
                continue;
            }
            Ok(Found::Several(names)) => {
                let line = format!("ambiguous: {name} ({}): {}", want.place, names.join("; "));
                report.line(AMBIGUOUS, line);
                continue;
            }
            Err(e) => {
                // Nothing more can be found now; what was found is kept.
                bar.finish_and_clear();
                save(ctx, args.dry_run, &mut pending)?;
                crate::term::say(&report.text);
                return Err(anyhow!(
                    "{name} ({}): {e}; run the import again to go on",
                    want.place
                ));
            }
        };
        if let Some(show) = new_show(want, &tv, &mut have, &mut report, args.dry_run, ctx) {
            pending.push(show);
        }
        if pending.len() >= BATCH {
            save(ctx, args.dry_run, &mut pending)?;
        }
    }
    bar.finish_and_clear();
    save(ctx, args.dry_run, &mut pending)?;
    ctx.done(&report.finish(args))
}

/// What TVmaze has for a wanted show.
enum Found {
    Show(Box<TvShow>),
    None,
    /// Several fit about as well: their descriptions.
    Several(Vec<String>),
}

/// The show on TVmaze that `want` names: by its IMDb or TVDB id, else by its title.
fn found(client: &mut Client, want: &Wanted) -> Result<Found, FetchError> {
    let by_id = if let Some(imdb) = &want.imdb {
        client.by_imdb(imdb).map(Some)
    } else if let Some(tvdb) = want.tvdb {
        client.by_tvdb(tvdb).map(Some)
    } else {
        Ok(None)
    };
    match by_id {
        Ok(Some(tv)) => return Ok(Found::Show(Box::new(tv))),
        Ok(None) | Err(FetchError::NotFound) => {}
        Err(e) => return Err(e),
    }
    let Some(title) = &want.title else {
        return Ok(Found::None);
    };
    match find::resolve(client, title) {
        Ok(Resolution::Found(tv)) => Ok(Found::Show(Box::new(client.show(tv.id)?))),
        Ok(Resolution::NotFound) | Err(FetchError::NotFound) => Ok(Found::None),
        Ok(Resolution::Ambiguous(hits)) => Ok(Found::Several(
            hits.iter().map(|h| find::candidate(&h.show)).collect(),
        )),
        Err(e) => Err(e),
    }
}

/// The show to add for `want`, found as `tv`; `None` when the watchlist has it already (by
/// title or TVmaze id). The title is the list's unless the list found it by id.
fn new_show(
    want: &Wanted,
    tv: &TvShow,
    have: &mut Vec<(String, Option<u32>)>,
    report: &mut Report,
    dry_run: bool,
    ctx: &Context,
) -> Option<Show> {
    let title = want
        .title
        .clone()
        .filter(|_| want.imdb.is_none() && want.tvdb.is_none())
        .unwrap_or(tv.name.clone());
    let key = title_key(&title);
    if have.iter().any(|(k, id)| *k == key || *id == Some(tv.id)) {
        report.line(PRESENT, format!("already present: {}", find::candidate(tv)));
        return None;
    }
    let mut show = find::from_tvmaze(title, tv, ctx.today);
    show.added = Some(ctx.today);
    show.history
        .push(first_entry(&show, ctx.today, "added from TVmaze"));
    let verb = if dry_run { "would add" } else { "added" };
    report.line(ADDED, format!("{verb}: {}", find::candidate(tv)));
    have.push((key, Some(tv.id)));
    Some(show)
}

/// What became of each show of the list, a line each, and how many of each kind.
#[derive(Default)]
struct Report {
    text: String,
    counts: [usize; 5],
}

/// The kinds of line, as indices of the counts.
const ADDED: usize = 0;
const PRESENT: usize = 1;
const MISSING: usize = 2;
const AMBIGUOUS: usize = 3;
const SKIPPED: usize = 4;

impl Report {
    fn line(&mut self, kind: usize, text: String) {
        self.counts[kind] += 1;
        self.text.push_str(&format!("{text}\n"));
    }

    /// The lines, then the counts and TVmaze's credit.
    fn finish(mut self, args: &Import) -> String {
        let what = if args.dry_run {
            "would be added"
        } else {
            "added"
        };
        let [added, present, missing, ambiguous, skipped] = self.counts;
        self.text.push_str(&format!(
            "{}: {added} {what}, {present} already present, {missing} not found, {ambiguous} \
             ambiguous, {skipped} skipped{}\n{}\n",
            args.source.display(),
            if args.dry_run {
                "; nothing was written (--dry-run)"
            } else {
                ""
            },
            crate::tvmaze::CREDIT
        ));
        self.text
    }
}

/// Writes the shows found so far, in one write (none on a dry run).
fn save(ctx: &Context, dry_run: bool, pending: &mut Vec<Show>) -> Result<()> {
    if dry_run || pending.is_empty() {
        pending.clear();
        return Ok(());
    }
    let shows = std::mem::take(pending);
    ctx.store.edit(|editor| {
        let mut have: HashSet<String> = editor.titles().into_iter().map(title_key).collect();
        let mut links = Links::of(editor.shows());
        for show in &shows {
            // Another program may have added it meanwhile, or linked a show to it.
            if links.taken(show.tvmaze, None, None).is_none() && have.insert(title_key(&show.title))
            {
                // Its index: titles are unique, one a show.
                links.insert(have.len() - 1, show.tvmaze, None);
                editor.push(show.clone());
            }
        }
        Ok(())
    })
}
