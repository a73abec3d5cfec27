//! Finding a show on TVmaze: by a title the user typed, choosing among candidates on a
//! terminal, and making a new show of what TVmaze knows.

use anyhow::{Result, bail};

use super::map::{self, SearchHit, TvShow};
use super::{Client, FetchError};
use crate::model::{Show, match_key};
use crate::term::excerpt;

/// A new show called `title`, filled in from TVmaze; what TVmaze gave that the watchlist cannot
/// hold is left out, with a warning.
pub fn from_tvmaze(title: String, tv: &TvShow, today: chrono::NaiveDate) -> Show {
    let (show, left_out) = map::apply(&Show::new(title), tv, today);
    for item in &left_out {
        crate::term::say(&item.warning(&show.title));
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
pub fn resolve(client: &mut Client, title: &str) -> Result<Resolution, FetchError> {
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
pub fn lookup(title: &str) -> Result<TvShow> {
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
    if !crate::term::interactive() {
        bail!(
            "\"{title}\" matches several shows on TVmaze: {}; add with --tvmaze ID",
            names.join("; ")
        );
    }
    match crate::term::choose(&format!("Which \"{title}\"?"), &names)? {
        Some(i) => Ok(candidates[i].show.id),
        None => bail!("no show chosen; nothing was added"),
    }
}
