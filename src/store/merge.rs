//! Merging two versions of the watchlist made from the same base, show by show, as text.
//!
//! Each version is cut into its shows' text (a show's tables with the blank and comment lines
//! above them) and the rest, the frame (the keys before the first table, other tables, the
//! tail). The side whose frame changed hosts the result (the other side's frame must be the
//! base's); into it goes every show the other side changed, added or removed, provided the
//! host left that show as the base had it. A show both sides changed differently is a
//! conflict, and so is a frame both changed. The result is proven like every write: it must
//! parse, hold exactly the chosen shows' text and the host's frame byte for byte.

use std::collections::HashMap;
use std::ops::Range;

use super::edit::Splice;
use super::read::{self, Parsed, Segment};
use crate::model::title_key;

/// Why two versions could not be merged; the message says what each changed.
#[derive(Debug, PartialEq, Eq)]
pub struct Conflict {
    pub message: String,
    /// When shows clashed: a text with both versions of each, marked, for the user to settle.
    pub marked: Option<String>,
}

impl Conflict {
    fn new(message: String) -> Self {
        Conflict {
            message,
            marked: None,
        }
    }
}

/// The text of each show of a version, by title key, and where it lies; and its frame.
struct Version<'a> {
    text: &'a str,
    parsed: Parsed,
    /// Title key → (index, range of the show's text).
    shows: HashMap<String, (usize, Range<usize>)>,
}

impl<'a> Version<'a> {
    fn new(text: &'a str, what: &str) -> Result<Self, Conflict> {
        let parsed = read::parse(text)
            .map_err(|_| Conflict::new(format!("{what} is not a valid watchlist")))?;
        let mut shows = HashMap::new();
        for (i, (show, segments)) in parsed.shows.iter().zip(&parsed.layout.shows).enumerate() {
            let range = contiguous(text, segments).ok_or_else(|| {
                Conflict::new(format!(
                    "the tables of \"{}\" are not together in {what}, which a merge does not \
                     take apart",
                    show.title
                ))
            })?;
            shows.insert(title_key(&show.title), (i, range));
        }
        Ok(Version {
            text,
            parsed,
            shows,
        })
    }

    fn chunk(&self, key: &str) -> Option<&'a str> {
        self.shows.get(key).map(|(_, r)| &self.text[r.clone()])
    }

    /// Everything but the shows' text.
    fn frame(&self) -> String {
        let mut ranges: Vec<&Range<usize>> = self.shows.values().map(|(_, r)| r).collect();
        ranges.sort_by_key(|r| r.start);
        let mut frame = String::new();
        let mut at = 0;
        for r in ranges {
            frame.push_str(&self.text[at..r.start]);
            at = r.end;
        }
        frame.push_str(&self.text[at..]);
        frame
    }

    /// Where a show added to this version goes: after its last show, else after its content.
    fn end_of_shows(&self) -> usize {
        self.shows
            .values()
            .map(|(_, r)| r.end)
            .max()
            .unwrap_or_else(|| self.parsed.layout.tail())
    }

    /// The title keys in file order.
    fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<(&usize, &str)> = self
            .shows
            .iter()
            .map(|(k, (i, _))| (i, k.as_str()))
            .collect();
        keys.sort();
        keys.into_iter().map(|(_, k)| k).collect()
    }
}

/// A show's text: from the lines that belong to its first table (see
/// [`read::attached_start`]) to its last table's end, when its tables follow each other with
/// nothing between.
fn contiguous(text: &str, segments: &[Segment]) -> Option<Range<usize>> {
    let mut sorted: Vec<&Segment> = segments.iter().collect();
    sorted.sort_by_key(|s| s.start);
    let first = sorted.first()?;
    let mut end = first.gap;
    for s in &sorted {
        if s.gap != end {
            return None;
        }
        end = s.end;
    }
    Some(read::attached_start(text, first)..end)
}

/// What a merge did: the merged text, and the shows each side changed, added or removed.
#[derive(Debug)]
pub struct Merged {
    pub text: String,
    pub changed_in_ours: Vec<String>,
    pub changed_in_theirs: Vec<String>,
    /// How each difference that both sides made was settled, in file order.
    pub decisions: Vec<Decision>,
    /// What the merge could not settle by a rule or could not keep: the user should look.
    pub look: Vec<String>,
}

/// How one difference both sides made to a show was settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// The show's title in the result.
    pub title: String,
    pub rule: Rule,
    /// What was kept and what was not: `premiere 2025-03-01 (pinned) over 2025-04-01`.
    pub message: String,
}

/// The rule that settled a difference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The side that pins the field wins.
    Pinned,
    /// The value whose history entry is later wins.
    Later,
    /// Nothing told the values apart: the first side (ours) wins.
    Ours,
    /// A show removed on one side and changed on the other is kept.
    Kept,
}

/// Merges `ours` and `theirs`, both made from `base`. Names are for messages. When both changed
/// the same shows, the conflict carries the host's text with both versions of each such show
/// between marker comments (which leave two shows of one title: a file that does not validate
/// until one is chosen).
pub fn merge(
    base: Option<&str>,
    ours: &str,
    theirs: &str,
    names: [&str; 2],
    today: chrono::NaiveDate,
) -> Result<Merged, Conflict> {
    let _ = today;
    let Some(base) = base else {
        return Err(Conflict::new(
            "a merge without the version both began from is not possible yet".to_string(),
        ));
    };
    by_show(base, ours, theirs, names)
}

fn by_show(base: &str, ours: &str, theirs: &str, names: [&str; 2]) -> Result<Merged, Conflict> {
    let base = Version::new(base, "the version both began from")?;
    let ours_v = Version::new(ours, names[0])?;
    let theirs_v = Version::new(theirs, names[1])?;
    let (frame_b, frame_o, frame_t) = (base.frame(), ours_v.frame(), theirs_v.frame());
    // The host keeps its frame; the guest's frame is the base's (or the host's).
    let ours_hosts = frame_t == frame_b || frame_t == frame_o;
    if !ours_hosts && frame_o != frame_b {
        return Err(Conflict {
            message: format!(
                "both {} and {} changed lines outside the shows (the top of the file, other \
                 tables or the end)",
                names[0], names[1]
            ),
            marked: None,
        });
    }
    let (host, guest, host_name, guest_name) = if ours_hosts {
        (&ours_v, &theirs_v, names[0], names[1])
    } else {
        (&theirs_v, &ours_v, names[1], names[0])
    };
    let mut keys: Vec<&str> = host.keys();
    for key in base.keys().into_iter().chain(guest.keys()) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let eol = if host.text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut splices: Vec<(Range<usize>, String)> = Vec::new();
    let mut marked: Vec<(Range<usize>, String)> = Vec::new();
    let mut clashes = Vec::new();
    let mut expected: HashMap<&str, Option<&str>> = HashMap::new();
    for key in keys {
        let (b, h, g) = (base.chunk(key), host.chunk(key), guest.chunk(key));
        let chosen = if g == b || g == h {
            h
        } else if h == b {
            match host.shows.get(key) {
                Some((_, range)) => splices.push((range.clone(), g.unwrap_or("").to_string())),
                None => {
                    let at = place(key, host, guest);
                    splices.push((at..at, separated(g.unwrap_or(""), host.text, at, eol)));
                }
            }
            g
        } else {
            clashes.push(title_of(key, [host, guest, &base]));
            let block = markers([(guest_name, g), (host_name, h)], eol);
            match host.shows.get(key) {
                Some((_, range)) => marked.push((range.clone(), block)),
                None => {
                    let at = place(key, host, guest);
                    marked.push((at..at, block));
                }
            }
            h
        };
        expected.insert(key, chosen);
    }
    if !clashes.is_empty() {
        marked.extend(splices);
        return Err(Conflict {
            message: format!(
                "{} and {} both changed {}",
                names[0],
                names[1],
                quoted(&clashes)
            ),
            marked: Some(spliced(host.text, marked)),
        });
    }
    let text = spliced(host.text, splices);
    prove(&text, host, &expected, names)?;
    Ok(Merged {
        text,
        changed_in_ours: changed(&base, &ours_v),
        changed_in_theirs: changed(&base, &theirs_v),
        decisions: Vec::new(),
        look: Vec::new(),
    })
}

/// Where a show the guest added goes in the host: after the show that comes before it in the
/// guest and is in the host, else before the host's first show (or where shows go).
fn place(key: &str, host: &Version, guest: &Version) -> usize {
    let order = guest.keys();
    let before = order.iter().take_while(|k| **k != key);
    match before.filter_map(|k| host.shows.get(*k)).last() {
        Some((_, range)) => range.end,
        None => host
            .shows
            .values()
            .map(|(_, r)| r.start)
            .min()
            .unwrap_or_else(|| host.end_of_shows()),
    }
}

/// `chunk` to put at `at` in `text`: after a line break when `at` ends a last line without one.
fn separated(chunk: &str, text: &str, at: usize, eol: &str) -> String {
    if at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        format!("{eol}{chunk}")
    } else {
        chunk.to_string()
    }
}

/// Both versions of a show, each named, between marker comments.
fn markers(versions: [(&str, Option<&str>); 2], eol: &str) -> String {
    let version = |(name, chunk): (&str, Option<&str>)| match chunk {
        Some(chunk) => format!("# {name}:{eol}{}{eol}", chunk.trim_matches(['\r', '\n'])),
        None => format!("# {name}: (removed){eol}"),
    };
    format!(
        "{eol}# <<<<<<< keep one of these versions, then delete the marker lines{eol}{}\
         # ======={eol}{}# >>>>>>>{eol}",
        version(versions[0]),
        version(versions[1])
    )
}

/// `text` with `splices` made (none overlapping), in order.
fn spliced(text: &str, mut splices: Vec<(Range<usize>, String)>) -> String {
    splices.sort_by_key(|(r, _)| (r.start, r.end));
    let splices: Vec<Splice> = splices.into_iter().map(|(r, w)| Splice(r, w)).collect();
    super::edit::spliced(text, &splices)
}

/// The titles of the shows `version` changed, added or removed since `base`.
fn changed(base: &Version, version: &Version) -> Vec<String> {
    let mut keys: Vec<&str> = version.keys();
    keys.extend(
        base.keys()
            .into_iter()
            .filter(|k| version.chunk(k).is_none()),
    );
    keys.into_iter()
        .filter(|k| base.chunk(k) != version.chunk(k))
        .map(|k| title_of(k, [version, base, base]))
        .collect()
}

/// The merged text must parse, hold exactly the chosen text of each show and the host's frame.
fn prove(
    text: &str,
    host: &Version,
    expected: &HashMap<&str, Option<&str>>,
    names: [&str; 2],
) -> Result<(), Conflict> {
    let failed = || {
        Conflict::new(format!(
            "the shows {} and {} changed could not be put together in one valid file",
            names[0], names[1]
        ))
    };
    let merged = Version::new(text, "the merged file").map_err(|_| failed())?;
    let wanted = expected.values().filter(|c| c.is_some()).count();
    let same_shows = merged.shows.len() == wanted
        && expected.iter().all(|(key, chunk)| match chunk {
            Some(chunk) => merged.chunk(key).is_some_and(|c| same_lines(c, chunk)),
            None => merged.chunk(key).is_none(),
        });
    if !same_shows || !same_lines(&merged.frame(), &host.frame()) {
        return Err(failed());
    }
    Ok(())
}

/// The same text, but for a line break where one side's last line had none.
fn same_lines(a: &str, b: &str) -> bool {
    a.trim_end_matches(['\r', '\n']) == b.trim_end_matches(['\r', '\n'])
}

/// The title of the show with `key`, from the first version that has it.
fn title_of(key: &str, versions: [&Version; 3]) -> String {
    versions
        .iter()
        .find_map(|v| {
            v.shows
                .get(key)
                .map(|(i, _)| v.parsed.shows[*i].title.clone())
        })
        .unwrap_or_else(|| key.to_string())
}

/// `"A"`, `"A" and "B"`, `"A", "B" and 3 more`.
fn quoted(titles: &[String]) -> String {
    let shown: Vec<String> = titles.iter().take(3).map(|t| format!("\"{t}\"")).collect();
    match titles.len() {
        1 => shown[0].clone(),
        2 | 3 => format!(
            "{} and {}",
            shown[..shown.len() - 1].join(", "),
            shown[shown.len() - 1]
        ),
        n => format!("{} and {} more", shown.join(", "), n - 3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "version = 1\n\n[[show]]\ntitle = \"A\"\n\n[[show]]\ntitle = \"B\"\n";

    fn names() -> [&'static str; 2] {
        ["the watchlist", "your edit"]
    }

    #[test]
    fn changes_to_different_shows_both_land() {
        let ours = format!("{BASE}\n[[show]]\ntitle = \"Cron\"\n");
        let theirs =
            BASE.replace("title = \"A\"", "title = \"A\"\nnetwork = \"HBO\"") + "# a note\n";
        let merged = by_show(BASE, &ours, &theirs, names()).unwrap();
        assert_eq!(
            merged.text,
            "version = 1\n\n[[show]]\ntitle = \"A\"\nnetwork = \"HBO\"\n\n[[show]]\ntitle = \"B\"\n\
             \n[[show]]\ntitle = \"Cron\"\n# a note\n"
        );
        assert_eq!(merged.changed_in_ours, vec!["Cron".to_string()]);
        assert_eq!(merged.changed_in_theirs, vec!["A".to_string()]);
    }

    #[test]
    fn the_same_show_changed_on_both_sides_is_a_conflict() {
        let ours = BASE.replace("\"B\"", "\"B\"\nnetwork = \"FX\"");
        let theirs = BASE.replace("\"B\"", "\"B\"\nnetwork = \"HBO\"");
        let err = by_show(BASE, &ours, &theirs, names()).unwrap_err();
        assert_eq!(
            err.message,
            "the watchlist and your edit both changed \"B\""
        );
        assert!(err.marked.unwrap().contains("# <<<<<<<"));
        // Removed on one side, changed on the other.
        let removed = BASE.replace("\n[[show]]\ntitle = \"B\"\n", "");
        assert!(by_show(BASE, &removed, &theirs, names()).is_err());
    }

    #[test]
    fn identical_changes_and_removals_merge() {
        let removed = BASE.replace("\n[[show]]\ntitle = \"A\"\n", "");
        let merged = by_show(BASE, &removed, &removed, names()).unwrap();
        assert_eq!(merged.text, removed);
        let merged = by_show(BASE, BASE, &removed, names()).unwrap();
        assert_eq!(merged.text, removed);
    }

    #[test]
    fn frames_changed_on_both_sides_are_a_conflict() {
        let ours = format!("# top\n{BASE}");
        let theirs = format!("{BASE}# bottom\n");
        assert!(by_show(BASE, &ours, &theirs, names()).is_err());
    }
}
