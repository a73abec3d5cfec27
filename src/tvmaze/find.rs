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
    /// One show, as the search gives it (without its seasons).
    Found(Box<TvShow>),
    /// Several that fit about as well: the candidates.
    Ambiguous(Vec<SearchHit>),
    NotFound,
}

/// The one show on TVmaze that `title` names: the only one of that name, else a clear best
/// match.
pub fn resolve(client: &mut Client, title: &str) -> Result<Resolution, FetchError> {
    let hits = client.search(title)?;
    let named: Vec<&SearchHit> = hits.iter().filter(|h| is_named(&h.show, title)).collect();
    let found = |hit: &SearchHit| Resolution::Found(Box::new(hit.show.clone()));
    Ok(match (named.as_slice(), hits.as_slice()) {
        ([one], _) => found(one),
        ([], [best, next, ..]) if best.score >= 2.0 * next.score => found(best),
        ([], [only]) => found(only),
        ([], []) => Resolution::NotFound,
        ([], _) => Resolution::Ambiguous(hits.iter().take(5).cloned().collect()),
        (many, _) => Resolution::Ambiguous(many.iter().map(|h| (*h).clone()).collect()),
    })
}

/// Whether TVmaze's show is called `title`, in any letter case, with or without accents and
/// punctuation (see [`match_key`]): "Unite 9" names "Unité 9".
pub fn is_named(tv: &TvShow, title: &str) -> bool {
    match_key(&tv.name) == match_key(title)
}

/// The show on TVmaze that `query` names, as the search gives it (without its seasons). On a
/// terminal, close candidates are offered to choose from; elsewhere they are an error that
/// names them.
pub fn search_one(client: &mut Client, query: &str) -> Result<TvShow> {
    let failed = |e| anyhow::anyhow!("looking up \"{query}\": {e}");
    match resolve(client, query).map_err(failed)? {
        Resolution::Found(tv) => Ok(*tv),
        Resolution::NotFound => {
            bail!("TVmaze knows no show called \"{query}\"; try `airdate search`")
        }
        Resolution::Ambiguous(hits) => {
            let shows: Vec<TvShow> = hits.into_iter().map(|h| h.show).collect();
            if !crate::term::interactive() {
                bail!(
                    "\"{query}\" matches several shows on TVmaze: {}; add with --tvmaze ID",
                    candidates(&shows)
                );
            }
            match choose(query, &shows)? {
                Some(i) => Ok(shows.into_iter().nth(i).expect("a chosen candidate")),
                None => bail!("no show chosen; nothing was added"),
            }
        }
    }
}

/// The candidates in one line: "The Office (2005, NBC, TVmaze 526); The Office (…)".
pub fn candidates(shows: &[TvShow]) -> String {
    let names: Vec<String> = shows.iter().map(candidate).collect();
    names.join("; ")
}

/// Asks on the terminal which of `shows` is the one called `title`: its index, or `None` when
/// the answer chose none.
pub fn choose(title: &str, shows: &[TvShow]) -> Result<Option<usize>> {
    let names: Vec<String> = shows.iter().map(candidate).collect();
    Ok(crate::term::choose(&format!("Which \"{title}\"?"), &names)?)
}
