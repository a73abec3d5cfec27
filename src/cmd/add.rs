use anyhow::{Result, anyhow, bail};

use super::{
    Context, UsageError, apply_fields, change_day, contradictions, describe, next_unseen, passed,
};
use crate::cli::Add;
use crate::model::change::first_entry;
use crate::model::links::Links;
use crate::model::{Show, is_visible, title_key};
use crate::term::clean;
use crate::tvmaze::map::TvShow;
use crate::tvmaze::{self, Client, find};

pub fn run(args: Add, ctx: &Context) -> Result<()> {
    let given = given_title(&args)?;
    let day = change_day(args.on, ctx.today)?;
    // A show the watchlist has already is refused before TVmaze is asked anything.
    let shows: Vec<&Show> = ctx.shows()?.iter().collect();
    let wanted = Wanted {
        title: given.as_deref(),
        tvmaze: args.tvmaze,
        imdb: args.imdb.as_deref(),
        online: args.lookup || args.tvmaze.is_some() || args.imdb.is_some(),
        tv: None,
    };
    refuse_duplicate(&shows, &wanted)?;
    // TVmaze next, outside the lock: the network may be slow.
    let found = from_tvmaze(&args, |tv| {
        let title = given.clone().unwrap_or_else(|| tv.name.trim().to_string());
        refuse_duplicate(&shows, &Wanted::found(&title, tv))
    })?;
    let title = title(given, found.as_ref())?;
    let mut show = match &found {
        Some(tv) => find::from_tvmaze(title, tv, ctx.today),
        None => Show::new(title),
    };
    // What the command line says wins over TVmaze.
    let year_note = apply_fields(&mut show, &args.fields, &ctx.clock)?;
    show.notes = args.note.clone().filter(|n| !n.trim().is_empty());
    // Added on the day `--on` names, as its first history entry is.
    show.added = Some(day);
    let note = if found.is_some() {
        "added from TVmaze"
    } else {
        "added"
    };
    show.history.push(first_entry(&show, day, note));
    let summary = summary(&show, found.as_ref(), year_note);
    let warning = [
        contradictions(&show, ctx.today),
        args.fields.premiere.and_then(|_| passed(&show, ctx.today)),
        args.fields
            .next
            .and_then(|_| next_unseen(&show, &ctx.clock)),
    ]
    .into_iter()
    .flatten()
    .reduce(|a, b| format!("{a}\n{b}"));
    ctx.store.edit(|editor| {
        // Again under the lock: another airdate may have added it meanwhile.
        let wanted = Wanted {
            title: Some(&show.title),
            tvmaze: show.tvmaze,
            imdb: show.imdb.as_deref(),
            online: found.is_some(),
            tv: found.as_ref(),
        };
        refuse_duplicate(&editor.shows().collect::<Vec<_>>(), &wanted)?;
        editor.push(show.clone());
        Ok(())
    })?;
    if let Some(warning) = warning {
        crate::term::say(&warning);
    }
    ctx.done(&summary)
}

/// The title the user chose: `--title`, else TITLE, unless TITLE is what `--lookup` looks for
/// (then the show gets TVmaze's title). It needs a visible character.
fn given_title(args: &Add) -> Result<Option<String>, UsageError> {
    let given = match (&args.named, &args.title) {
        (Some(_), Some(_)) if !args.lookup => {
            return Err(UsageError(
                "TITLE and --title both give the title; give it once (with --lookup, TITLE is \
                 what is looked for and --title the title to add it under)"
                    .into(),
            ));
        }
        (Some(named), _) => named,
        (None, Some(title)) if !args.lookup => title,
        _ => return Ok(None),
    };
    if !is_visible(given) {
        return Err(UsageError("the title has no visible character".into()));
    }
    Ok(Some(given.trim().to_string()))
}

/// The show on TVmaze that `--tvmaze`, `--imdb` or `--lookup` names, with its seasons, if any.
/// `check` sees the show as soon as TVmaze says which it is (the IMDb lookup, the search), so
/// that a show already in the watchlist costs no request for its seasons.
fn from_tvmaze(args: &Add, check: impl Fn(&TvShow) -> Result<()>) -> Result<Option<TvShow>> {
    if args.tvmaze.is_none() && args.imdb.is_none() && !args.lookup {
        return Ok(None);
    }
    let mut client = Client::new();
    let id = if let Some(id) = args.tvmaze {
        id
    } else if let Some(imdb) = &args.imdb {
        let found = client
            .lookup_imdb(imdb)
            .map_err(|e| anyhow!("IMDb id {imdb}: {e}"))?;
        check(&found)?;
        found.id
    } else {
        let found = find::search_one(&mut client, args.title.as_deref().unwrap_or_default())?;
        check(&found)?;
        found.id
    };
    let tv = client
        .show(id)
        .map_err(|e| anyhow!("TVmaze show {id}: {e}"))?;
    check(&tv)?;
    Ok(Some(tv))
}

/// The new show's title: the one given, else TVmaze's; it needs a visible character.
fn title(given: Option<String>, found: Option<&TvShow>) -> Result<String> {
    match (given, found) {
        (Some(title), _) => Ok(title),
        (None, Some(tv)) if is_visible(&tv.name) => Ok(tv.name.trim().to_string()),
        (None, Some(tv)) => bail!(
            "TVmaze's name of show {} has no visible character; give the title: \
             `airdate add --tvmaze {} --title TITLE`",
            tv.id,
            tv.id
        ),
        (None, None) => Err(UsageError("the title has no visible character".into()).into()),
    }
}

/// Who the show to add is, as far as it is known: its title, its ids, whether it comes from
/// TVmaze, and TVmaze's show once TVmaze has said which it is.
struct Wanted<'a> {
    title: Option<&'a str>,
    tvmaze: Option<u32>,
    imdb: Option<&'a str>,
    online: bool,
    tv: Option<&'a TvShow>,
}

impl<'a> Wanted<'a> {
    /// The show TVmaze found, to be added as `title`.
    fn found(title: &'a str, tv: &'a TvShow) -> Self {
        Wanted {
            title: Some(title),
            tvmaze: Some(tv.id),
            imdb: tv.imdb(),
            online: true,
            tv: Some(tv),
        }
    }

    /// The TVmaze id of the show to add, when known yet.
    fn id(&self) -> Option<u32> {
        self.tvmaze.or(self.tv.map(|tv| tv.id))
    }
}

/// Refuses a show that `shows` has already: one linked to the same TVmaze or IMDb id (the same
/// show for sure), else one with the same title, with a distinct title to add it under if it
/// is another show.
fn refuse_duplicate(shows: &[&Show], wanted: &Wanted) -> Result<()> {
    let links = Links::of(shows.iter().copied());
    if let Some(taken) = links.taken(wanted.id(), wanted.imdb, None) {
        let owner = shows[taken.owner()];
        bail!(
            "{}: the show is in the watchlist already (`airdate show \"{}\"`)",
            taken.describe(owner),
            clean(&owner.title)
        );
    }
    let Some(title) = wanted.title else {
        return Ok(());
    };
    let key = title_key(title);
    match shows.iter().find(|s| title_key(&s.title) == key) {
        Some(owner) => Err(anyhow!(title_taken(shows, owner, title, wanted))),
        None => Ok(()),
    }
}

/// Why `title` cannot be added, as `owner` has it, and what to do: change that show, or link
/// it if it is this one, or add this one under a distinct title (with the year it began, once
/// TVmaze has said).
fn title_taken(shows: &[&Show], owner: &Show, title: &str, wanted: &Wanted) -> String {
    let have = clean(&owner.title);
    if !wanted.online {
        return format!(
            "\"{have}\" is already in the watchlist; change it with `airdate set \"{have}\" ...`"
        );
    }
    let (head, this_show) = match (owner.tvmaze, wanted.id()) {
        (Some(linked), _) => (format!(" (TVmaze {linked})"), String::new()),
        (None, Some(id)) => (
            ", not linked to TVmaze".into(),
            format!("if it is this show, link it with `airdate set \"{have}\" --tvmaze {id}`; "),
        ),
        (None, None) => (
            ", not linked to TVmaze".into(),
            format!("if it is this show, `airdate link \"{have}\"` links it; "),
        ),
    };
    let other = match (wanted.tv, wanted.id()) {
        (Some(tv), _) => format!(
            "add it as: airdate add --tvmaze {} --title \"{}\"",
            tv.id,
            clean(&distinct_title(shows, title, tv))
        ),
        (None, Some(_)) => format!(
            "give it a title of its own with --title, such as \"{}\" and the year it began \
             (`airdate search \"{}\"` lists the years)",
            clean(title),
            clean(title)
        ),
        (None, None) => "give it a title of its own with --title".into(),
    };
    format!(
        "\"{have}\" is already in the watchlist{head}; {this_show}if this is another show, {other}"
    )
}

/// A title for TVmaze's show `tv` that `shows` does not have: `title` and the year the show
/// began ("The Flash (1990)"), else `title` and its TVmaze id.
fn distinct_title(shows: &[&Show], title: &str, tv: &TvShow) -> String {
    let free = |t: &String| !shows.iter().any(|s| title_key(&s.title) == title_key(t));
    tv.year()
        .map(|year| format!("{title} ({year})"))
        .filter(free)
        .unwrap_or_else(|| format!("{title} (TVmaze {})", tv.id))
}

/// What `add` says it did.
fn summary(show: &Show, found: Option<&TvShow>, year_note: Option<String>) -> String {
    // The time typed is said back, as the file keeps it, so that a wrong zone shows at once.
    let premiere = show
        .moment()
        .map_or_else(|| show.premiere.to_string(), |at| at.to_string());
    let mut summary = format!(
        "Added {}: {}, premiere {premiere}\n",
        describe(show),
        show.status,
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
