//! `link`: finds the TVmaze ids of shows typed by hand, by their titles, so that a watchlist
//! kept before airdate was online is linked in one command. Only `tvmaze` (and `imdb`, where
//! the show has none) is written, in one write: the dates come with the next `refresh`, which
//! records them in the history as it records any change from TVmaze.
//!
//! It exits 0 when it ran, also when some shows could not be linked: not finding a show is
//! an answer, which the report gives with the candidates, not a failure. A SHOW that names
//! no show, or TVmaze out of reach, is an error (exit 1).

use anyhow::{Result, anyhow};

use super::{Context, find};
use crate::cli::Link;
use crate::model::Show;
use crate::model::links::Links;
use crate::store::Editor;
use crate::term::clean;
use crate::tvmaze::find::{Resolution, candidate, candidates, choose, is_named, resolve};
use crate::tvmaze::map::TvShow;
use crate::tvmaze::{self, Client, FetchError};

pub fn run(args: Link, ctx: &Context) -> Result<()> {
    let shows = ctx.shows()?;
    let mut report = Report::default();
    let chosen = chosen(&args, shows, &mut report)?;
    if chosen.is_empty() {
        let text = match args.shows.is_empty() {
            true => "Nothing to link: every show in the watchlist is linked to TVmaze.\n".into(),
            false => report.already.concat(),
        };
        return ctx.print(&text);
    }
    let LookedUp { found, failure } = look_up(shows, &chosen, &mut report);
    if args.dry_run {
        link_all(&mut ctx.store.preview()?, &found, &mut report);
    } else if !found.is_empty() {
        // Under the lock, from the watchlist as it is then (again, if another program saves
        // it meanwhile).
        report = ctx.store.edit(|editor| {
            let mut report = report.clone();
            link_all(editor, &found, &mut report);
            Ok(report)
        })?;
    }
    // TVmaze's names are another program's text: escaped, like the titles, for the terminal.
    let text = report.finish(args.dry_run);
    if args.dry_run || found.is_empty() {
        ctx.print(&crate::term::clean_lines(&text))?;
    } else {
        ctx.done(&text)?;
    }
    match failure {
        None => Ok(()),
        Some((title, e)) => Err(anyhow!(
            "\"{}\" could not be looked up: {e}; the shows before it are in the report above, \
             and `airdate link` again goes on from there",
            clean(&title)
        )),
    }
}

/// What the searches found: for each show found (by title), TVmaze's show; and the show whose
/// search failed, with the error, if one did.
struct LookedUp {
    found: Vec<(String, TvShow)>,
    failure: Option<(String, FetchError)>,
}

/// The TVmaze shows found for the shows at `chosen`, by title, each with an id no other show
/// has; the others are reported. It stops at the first request that fails.
fn look_up(shows: &[Show], chosen: &[usize], report: &mut Report) -> LookedUp {
    let mut links = Links::of(shows);
    let mut client = Client::new();
    let bar = super::progress(chosen.len());
    let mut found = Vec::new();
    let mut failure = None;
    for &index in chosen {
        let show = &shows[index];
        bar.set_message(clean(&show.title).into_owned());
        // A question on the terminal is asked with the bar out of the way.
        match bar.suspend(|| pick(&mut client, &show.title)) {
            Ok(Ok(tv)) => match links.taken(Some(tv.id), None, Some(index)) {
                Some(taken) => report.not(&show.title, &taken.describe(&shows[taken.owner()])),
                None => {
                    links.insert(index, Some(tv.id), None);
                    found.push((show.title.clone(), tv));
                }
            },
            Ok(Err(why)) => report.not(&show.title, &why),
            Err(e) => {
                failure = Some((show.title.clone(), e));
                break;
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    LookedUp { found, failure }
}

/// The indices of the shows to link: those named, else every show not linked. A named show
/// that is linked already is reported and left out.
fn chosen(args: &Link, shows: &[Show], report: &mut Report) -> Result<Vec<usize>> {
    if args.shows.is_empty() {
        return Ok((0..shows.len())
            .filter(|&i| shows[i].tvmaze.is_none())
            .collect());
    }
    let mut chosen = Vec::new();
    for query in &args.shows {
        let index = find(shows, query)?;
        if let Some(id) = shows[index].tvmaze {
            report.already.push(format!(
                "Already linked: \"{}\" (TVmaze {id})\n",
                clean(&shows[index].title)
            ));
        } else if !chosen.contains(&index) {
            chosen.push(index);
        }
    }
    Ok(chosen)
}

/// The show on TVmaze called `title`, as the search gives it, or why there is none: a show of
/// exactly that name is taken; any other fit is offered to choose from on a terminal.
fn pick(client: &mut Client, title: &str) -> Result<Result<TvShow, String>, FetchError> {
    let offered = match resolve(client, title) {
        Ok(Resolution::Found(tv)) if is_named(&tv, title) => return Ok(Ok(*tv)),
        Ok(Resolution::Found(tv)) => vec![*tv],
        Ok(Resolution::Ambiguous(hits)) => hits.into_iter().map(|h| h.show).collect(),
        Ok(Resolution::NotFound) | Err(FetchError::NotFound) => {
            return Ok(Err("TVmaze knows no show of that name".into()));
        }
        Err(e) => return Err(e),
    };
    if !crate::term::interactive() {
        let why = match offered.as_slice() {
            [one] => format!(
                "TVmaze has no show of that name; the closest: {}",
                candidate(one)
            ),
            _ => format!("several shows on TVmaze fit: {}", candidates(&offered)),
        };
        return Ok(Err(why));
    }
    Ok(match choose(title, &offered) {
        Ok(Some(i)) => Ok(offered.into_iter().nth(i).expect("a chosen candidate")),
        Ok(None) => Err("none was chosen".into()),
        Err(e) => Err(format!("no answer ({e:#})")),
    })
}

/// Links each show of `found` (by title) to its TVmaze show, as the watchlist in `editor` is
/// now: a show removed, linked or renamed meanwhile, or an id another show took meanwhile, is
/// reported instead. Only `tvmaze`, and `imdb` where the show has none, change.
fn link_all(editor: &mut Editor, found: &[(String, TvShow)], report: &mut Report) {
    let mut links = Links::of(editor.shows());
    for (title, tv) in found {
        let Some(index) = editor.find_exact(title) else {
            report.not(title, "it is no longer in the watchlist");
            continue;
        };
        let mut show = editor.show(index);
        if show.tvmaze.is_some() {
            report.not(title, "it was linked meanwhile");
            continue;
        }
        if let Some(taken) = links.taken(Some(tv.id), None, Some(index)) {
            let owner = editor.show(taken.owner());
            report.not(title, &taken.describe(&owner));
            continue;
        }
        show.tvmaze = Some(tv.id);
        if show.imdb.is_none() {
            let free = |imdb: &&str| links.taken(None, Some(imdb), Some(index)).is_none();
            show.imdb = tv.imdb().filter(free).map(str::to_string);
        }
        links.insert(index, show.tvmaze, show.imdb.as_deref());
        report.linked(&show, tv);
        editor.update(index, show);
    }
}

/// What `link` did, a line each: the shows linked, those that could not be, and those named
/// that were linked already.
#[derive(Default, Clone)]
struct Report {
    linked: Vec<String>,
    not_linked: Vec<String>,
    already: Vec<String>,
}

impl Report {
    /// "Severance" linked to TVmaze's `tv`: its id, and its name where it is spelled
    /// otherwise, the year it began and its network.
    fn linked(&mut self, show: &Show, tv: &TvShow) {
        let name = if tv.name == show.title {
            String::new()
        } else {
            format!(" \"{}\"", crate::term::excerpt(&tv.name, 200))
        };
        let channel = tv.channel().map(|c| crate::term::excerpt(c, 60));
        let about: Vec<&str> = tv.year().into_iter().chain(channel.as_deref()).collect();
        let about = if about.is_empty() {
            String::new()
        } else {
            format!(" ({})", about.join(", "))
        };
        self.linked.push(format!(
            "\"{}\" to TVmaze {}{name}{about}\n",
            clean(&show.title),
            tv.id
        ));
    }

    /// The show called `title` was not linked, and why.
    fn not(&mut self, title: &str, why: &str) {
        self.not_linked
            .push(format!("Not linked: \"{}\": {why}\n", clean(title)));
    }

    /// The lines, then the counts and what to do next.
    fn finish(&self, dry_run: bool) -> String {
        let verb = if dry_run { "Would link" } else { "Linked" };
        let mut text: String = self
            .linked
            .iter()
            .map(|line| format!("{verb} {line}"))
            .collect();
        text.push_str(&self.not_linked.concat());
        text.push_str(&self.already.concat());
        let (linked, not) = (self.linked.len(), self.not_linked.len());
        let what = if dry_run { "would be linked" } else { "linked" };
        text.push_str(&format!("{linked} {what}, {not} not linked"));
        if dry_run {
            text.push_str("; nothing was written (--dry-run)");
        }
        text.push_str(".\n");
        if not > 0 {
            text.push_str(
                "Link the others with `airdate set SHOW --tvmaze ID` (`airdate search` finds \
                 the id).\n",
            );
        }
        if linked > 0 && !dry_run {
            text.push_str("Run `airdate refresh` next to fill them in from TVmaze.\n");
        }
        text.push_str(&format!("{}\n", tvmaze::CREDIT));
        text
    }
}
