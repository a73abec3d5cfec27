//! A show's links to TVmaze and IMDb, each of which belongs to one show of the watchlist.
//!
//! Two shows linked to one TVmaze id are one show twice: `refresh` fetches it for each, and
//! the two copies drift apart as the user edits one of them. So every command that links a
//! show (`add`, `set --tvmaze`, `import`, `link`) asks [`Links::taken`] first, against the
//! watchlist it read before any request to TVmaze, and again under the write lock.

use std::collections::HashMap;

use super::Show;
use crate::term::clean;

/// The shows' TVmaze and IMDb ids, each with the index of the show that has it.
#[derive(Debug, Default)]
pub struct Links {
    tvmaze: HashMap<u32, usize>,
    imdb: HashMap<String, usize>,
}

/// A link that another show has already: which, and the index of that show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    Tvmaze { id: u32, owner: usize },
    Imdb { id: String, owner: usize },
}

/// IMDb ids are compared in any letter case (`TT0123` is `tt0123`).
fn imdb_key(imdb: &str) -> String {
    imdb.trim().to_ascii_lowercase()
}

impl Links {
    /// The links of `shows`, by their index. A file that already links one id twice (written
    /// by hand, or by an older airdate) keeps its first show as the owner.
    pub fn of<'a>(shows: impl IntoIterator<Item = &'a Show>) -> Self {
        let mut links = Links::default();
        for (index, show) in shows.into_iter().enumerate() {
            links.insert(index, show.tvmaze, show.imdb.as_deref());
        }
        links
    }

    /// Records that the show at `index` has these links.
    pub fn insert(&mut self, index: usize, tvmaze: Option<u32>, imdb: Option<&str>) {
        if let Some(id) = tvmaze {
            self.tvmaze.entry(id).or_insert(index);
        }
        if let Some(imdb) = imdb {
            self.imdb.entry(imdb_key(imdb)).or_insert(index);
        }
    }

    /// The first of these links that a show other than the one at `except` has: the TVmaze
    /// id, then the IMDb id.
    pub fn taken(
        &self,
        tvmaze: Option<u32>,
        imdb: Option<&str>,
        except: Option<usize>,
    ) -> Option<Taken> {
        let other = |owner: &usize| Some(*owner) != except;
        if let Some(id) = tvmaze
            && let Some(&owner) = self.tvmaze.get(&id).filter(|o| other(o))
        {
            return Some(Taken::Tvmaze { id, owner });
        }
        let imdb = imdb?;
        let &owner = self.imdb.get(&imdb_key(imdb)).filter(|o| other(o))?;
        Some(Taken::Imdb {
            id: imdb.trim().to_string(),
            owner,
        })
    }
}

impl Taken {
    /// The index of the show that has the link.
    pub fn owner(&self) -> usize {
        match self {
            Taken::Tvmaze { owner, .. } | Taken::Imdb { owner, .. } => *owner,
        }
    }

    /// "TVmaze id 44933" or "IMDb id tt…", for messages.
    pub fn what(&self) -> String {
        match self {
            Taken::Tvmaze { id, .. } => format!("TVmaze id {id}"),
            Taken::Imdb { id, .. } => format!("IMDb id {}", clean(id)),
        }
    }

    /// "TVmaze 44933 is already linked to "Severance"", naming the show `owner` (the one at
    /// [`owner`](Self::owner)), escaped for the terminal.
    pub fn describe(&self, owner: &Show) -> String {
        let title = clean(&owner.title);
        match self {
            Taken::Tvmaze { id, .. } => format!("TVmaze {id} is already linked to \"{title}\""),
            Taken::Imdb { id, .. } => {
                format!("IMDb {} is already linked to \"{title}\"", clean(id))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(title: &str, tvmaze: Option<u32>, imdb: Option<&str>) -> Show {
        let mut show = Show::new(title);
        (show.tvmaze, show.imdb) = (tvmaze, imdb.map(str::to_string));
        show
    }

    #[test]
    fn a_link_belongs_to_its_first_show() {
        let shows = [
            show("The Flash", Some(13), Some("tt3107288")),
            show("Andor", None, None),
            show("The Flash (again)", Some(13), None),
        ];
        let links = Links::of(&shows);
        assert_eq!(
            links.taken(Some(13), None, None),
            Some(Taken::Tvmaze { id: 13, owner: 0 })
        );
        // The show's own link is no clash, and the TVmaze id is asked for before the IMDb id.
        assert_eq!(links.taken(Some(13), Some("tt3107288"), Some(0)), None);
        assert_eq!(
            links.taken(Some(1850), Some(" TT3107288"), Some(1)),
            Some(Taken::Imdb {
                id: "TT3107288".into(),
                owner: 0
            })
        );
        assert_eq!(links.taken(Some(1850), Some("tt0098798"), None), None);
        assert_eq!(links.taken(None, None, None), None);
        let taken = links.taken(Some(13), None, Some(2)).unwrap();
        assert_eq!(
            taken.describe(&shows[taken.owner()]),
            "TVmaze 13 is already linked to \"The Flash\""
        );
    }
}
