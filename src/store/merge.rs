//! Merging two versions of the watchlist, ours and theirs, made from one base (or from none
//! known), as text.
//!
//! Which show is which, and what each becomes, is the model's (`model::merge`): a show one side
//! changed is that side's, a show both changed is merged field by field. The text is ours
//! wherever theirs changed nothing. Each version is seen as its lines outside the shows with a
//! token where each show's text stands (its tables and the comment lines above them); those
//! are merged line by line as `diff3` would, so that comments, other tables and the order of
//! shows changed on one side land, and both sides' new shows are kept. A token then becomes
//! its show's text: ours's or theirs's bytes when that side's version is the result, else the
//! merged show, written into ours's text of it by the editor (theirs's comments kept too when
//! a line-by-line merge of the show's text means the same show). When a show's tables are not
//! together in one version, the merge is made by the editor on ours alone.
//!
//! The result is proven like every write: it must read back as exactly the shows the rules
//! chose, with the keys airdate does not know merged. What could not be kept (a comment, a
//! line outside the shows that both changed) is told in [`Merged::look`].

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;

use super::diff3::{self, Piece};
use super::edit::{Editor, Splice, spliced, unknown};
use super::read::{self, Parsed, Segment};
pub use crate::model::merge::{Decision, Rule};
use crate::model::merge::{Names, Trust, merge_show, note, pair};
use crate::model::{Show, title_key};

/// Why two versions could not be merged.
#[derive(Debug, PartialEq, Eq)]
pub struct Conflict {
    pub message: String,
    /// A text with both versions of each show that clashed, marked, for the user to settle.
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

/// What a merge did.
#[derive(Debug)]
pub struct Merged {
    pub text: String,
    /// The titles of the shows each side changed, added or removed.
    pub changed_in_ours: Vec<String>,
    pub changed_in_theirs: Vec<String>,
    /// How each difference that both sides made was settled, in file order.
    pub decisions: Vec<Decision>,
    /// What the merge could not keep: the user should look.
    pub look: Vec<String>,
}

/// One version, parsed, with the text of each show when its tables are together.
struct Version<'a> {
    text: &'a str,
    parsed: Parsed,
    chunks: Vec<Option<Range<usize>>>,
}

impl<'a> Version<'a> {
    fn new(text: &'a str, what: &str) -> Result<Self, Conflict> {
        let parsed = read::parse(text).map_err(|problems| {
            let why = problems
                .iter()
                .find(|p| p.is_error())
                .map_or(String::new(), |p| format!(" ({})", p.message));
            Conflict::new(format!("{what} is not a valid watchlist{why}"))
        })?;
        let chunks = parsed
            .layout
            .shows
            .iter()
            .map(|segments| contiguous(text, segments))
            .collect();
        Ok(Version {
            text,
            parsed,
            chunks,
        })
    }

    fn shows(&self) -> Vec<&Show> {
        self.parsed.shows.iter().collect()
    }

    /// The show `title` names, matched as shows are paired: by `tvmaze` when given and held,
    /// else by title key.
    fn position(&self, title: &str, tvmaze: Option<u32>) -> Option<usize> {
        let shows = &self.parsed.shows;
        tvmaze
            .and_then(|id| shows.iter().position(|s| s.tvmaze == Some(id)))
            .or_else(|| {
                let key = title_key(title);
                shows.iter().position(|s| title_key(&s.title) == key)
            })
    }

    /// The TVmaze id of the show titled `title`, when it is linked.
    fn tvmaze_of(&self, title: &str) -> Option<u32> {
        self.position(title, None)
            .and_then(|i| self.parsed.shows[i].tvmaze)
    }

    fn chunk(&self, i: usize) -> Option<&'a str> {
        self.chunks[i].clone().map(|r| &self.text[r])
    }

    fn whole(&self) -> bool {
        self.chunks.iter().all(Option::is_some)
    }

    fn eol(&self) -> &'static str {
        eol_of(self.text)
    }

    /// The keys airdate does not know in the show at `i`: its own (not its lists').
    fn unknown(&self, i: usize) -> toml::Table {
        own_unknown(self.text, &self.parsed.layout.shows[i])
    }

    /// The lines outside the shows' tables that are neither blank nor comments.
    fn outside(&self) -> Vec<&'a str> {
        let mut shows: Vec<Range<usize>> = self
            .parsed
            .layout
            .shows
            .iter()
            .flatten()
            .map(|s| s.start..s.end)
            .collect();
        shows.sort_by_key(|r| r.start);
        let mut at = 0;
        let mut out = Vec::new();
        let end = self.text.len();
        for range in shows.into_iter().chain(std::iter::once(end..end)) {
            let between = self.text.get(at..range.start.max(at)).unwrap_or("");
            out.extend(
                between
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty() && !l.starts_with('#')),
            );
            at = at.max(range.end);
        }
        out
    }

    /// The lines outside the shows, with `token(i)` for the show at `i` where it stands.
    fn skeleton(&self, token: &dyn Fn(usize) -> Option<String>) -> Vec<String> {
        let mut chunks: Vec<(usize, Range<usize>)> = self
            .chunks
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, r.clone()?)))
            .collect();
        chunks.sort_by_key(|(_, r)| r.start);
        let mut out = Vec::new();
        let mut at = 0;
        for (i, range) in chunks {
            out.extend(
                diff3::lines(&self.text[at..range.start])
                    .into_iter()
                    .map(String::from),
            );
            out.extend(token(i));
            at = range.end;
        }
        out.extend(diff3::lines(&self.text[at..]).into_iter().map(String::from));
        out
    }
}

/// The keys of a show's own table that airdate does not know.
fn own_unknown(text: &str, segments: &[Segment]) -> toml::Table {
    let mut table = unknown(text, segments)
        .ok()
        .and_then(|mut doc| match doc.remove("show") {
            Some(toml::Value::Array(mut shows)) if !shows.is_empty() => match shows.remove(0) {
                toml::Value::Table(t) => Some(t),
                _ => None,
            },
            _ => None,
        })
        .unwrap_or_default();
    for list in read::ListKey::ALL {
        table.remove(list.key());
    }
    table
}

fn eol_of(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if text[..i].ends_with('\r') => "\r\n",
        _ => "\n",
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

/// One show through the versions: its index in each that has it.
#[derive(Debug, Clone, Copy)]
struct Thread {
    base: Option<usize>,
    ours: Option<usize>,
    theirs: Option<usize>,
}

/// What a thread becomes.
enum Outcome {
    Gone,
    Ours,
    Theirs,
    /// A show both sides changed: the merged show, and the keys it does not know.
    Merged(Box<Show>, toml::Table),
}

/// Merges `ours` and `theirs`, both made from `base` (`None`, or empty: no base is known, and
/// every difference is settled by the rules with both sides' histories as the evidence).
/// `names` name ours and theirs in messages; notes of settled clashes are dated `today`.
pub fn merge(
    base: Option<&str>,
    ours: &str,
    theirs: &str,
    names: Names,
    today: NaiveDate,
) -> Result<Merged, Conflict> {
    merge_with(base, Trust::Exact, ours, theirs, names, today)
}

/// Like [`merge`], with a base that is only likely (a version airdate kept, for a sync tool's
/// conflicted copy, which keeps none): a show or key the base says one side left alone is
/// still merged by the rules where that side's history holds what the other's lacks, so that
/// a base later than the one both began from cannot make a change look undone.
pub fn merge_guessed(
    base: Option<&str>,
    ours: &str,
    theirs: &str,
    names: Names,
    today: NaiveDate,
) -> Result<Merged, Conflict> {
    merge_with(base, Trust::Guessed, ours, theirs, names, today)
}

fn merge_with(
    base: Option<&str>,
    trust: Trust,
    ours: &str,
    theirs: &str,
    names: Names,
    today: NaiveDate,
) -> Result<Merged, Conflict> {
    let base = base.filter(|b| !b.trim().is_empty());
    let same = |text: &str| Merged {
        text: text.to_string(),
        changed_in_ours: Vec::new(),
        changed_in_theirs: Vec::new(),
        decisions: Vec::new(),
        look: Vec::new(),
    };
    let ours_v = Version::new(ours, names[0])?;
    let theirs_v = Version::new(theirs, names[1])?;
    // A base that is not a watchlist tells nothing: the merge goes without one.
    let base_v = base.and_then(|b| Version::new(b, "the base").ok());
    let exact = trust == Trust::Exact;
    if ours == theirs || (exact && base == Some(theirs)) {
        return Ok(same(ours));
    }
    if exact && base == Some(ours) {
        let mut merged = same(theirs);
        merged.changed_in_theirs = changed(base_v.as_ref(), &theirs_v);
        return Ok(merged);
    }
    Merge {
        base: base_v.as_ref(),
        trust,
        ours: &ours_v,
        theirs: &theirs_v,
        names,
        today,
    }
    .run()
}

/// Like [`merge`], for a merge the user is there to settle (`edit`): a difference that a rule
/// would settle, or anything the merge could not keep, is a conflict instead, whose text holds
/// both versions of each such show between marker comments (which leave two shows of one
/// title: a file that does not validate until one is chosen).
pub fn merge_or_mark(
    base: &str,
    ours: &str,
    theirs: &str,
    names: Names,
    today: NaiveDate,
) -> Result<Merged, Conflict> {
    let merged = merge(Some(base), ours, theirs, names, today)?;
    if merged.decisions.is_empty() && merged.look.is_empty() {
        return Ok(merged);
    }
    let mut titles: Vec<String> = Vec::new();
    for d in &merged.decisions {
        if !titles.contains(&d.title) {
            titles.push(d.title.clone());
        }
    }
    // What the merge could not keep is not in its text: a copy marked from it would lose it
    // (its base is the watchlist as it is now), so both files are left as they are.
    if !merged.look.is_empty() {
        let shows = if titles.is_empty() {
            String::new()
        } else {
            format!("{} and ", quoted(&titles))
        };
        return Err(Conflict::new(format!(
            "{} and {} both changed {shows}the same lines: {}",
            names[0],
            names[1],
            merged.look.join("; ")
        )));
    }
    // The merge as the rules made it, with each show a decision settled replaced by both its
    // versions: so that every change of either side that needed no decision stays in the copy
    // (the watchlist as it is now becomes its base).
    let (ours_v, theirs_v, merged_v) = (
        Version::new(ours, names[0])?,
        Version::new(theirs, names[1])?,
        Version::new(&merged.text, names[0])?,
    );
    let eol = merged_v.eol();
    // The show `title` names in `v` (the merged show's TVmaze id first, as shows are paired),
    // and its text when its tables are together: `Err` when they are apart.
    fn find<'t>(
        v: &Version<'t>,
        title: &str,
        tvmaze: Option<u32>,
    ) -> Result<Option<(Range<usize>, &'t str)>, ()> {
        match v.position(title, tvmaze) {
            None => Ok(None),
            Some(i) => match v.chunks[i].clone() {
                Some(range) => Ok(Some((range.clone(), &v.text[range]))),
                None => Err(()),
            },
        }
    }
    let apart = || {
        Conflict::new(format!(
            "{} and {} both changed {}; the tables of a show are apart, so they could not be \
         marked: compare the two files",
            names[0],
            names[1],
            quoted(&titles)
        ))
    };
    let versions = versions_merged(base, [&ours_v, &theirs_v], &merged_v, &titles, names, today);
    let mut splices: Vec<Splice> = Vec::new();
    let mut appended = String::new();
    for title in &titles {
        let at = find(&merged_v, title, None).map_err(|()| apart())?;
        let tvmaze = at.as_ref().and_then(|_| merged_v.tvmaze_of(title));
        let mine = find(&ours_v, title, tvmaze).map_err(|()| apart())?;
        let edit = find(&theirs_v, title, tvmaze).map_err(|()| apart())?;
        let chosen = |side: usize| versions[side].get(&title_key(title)).map(String::as_str);
        let block = markers(
            [
                (names[1], chosen(1).or(edit.map(|t| t.1))),
                (names[0], chosen(0).or(mine.map(|t| t.1))),
            ],
            eol,
        );
        match at {
            Some((range, _)) => splices.push(Splice(range, block)),
            None => appended.push_str(&block),
        }
    }
    splices.sort_by_key(|s| s.0.start);
    let mut marked = spliced(&merged.text, &splices);
    if !appended.is_empty() {
        if !marked.is_empty() && !marked.ends_with('\n') {
            marked.push_str(eol);
        }
        marked.push_str(&appended);
    }
    Err(Conflict {
        message: format!(
            "{} and {} both changed {}",
            names[0],
            names[1],
            quoted(&titles)
        ),
        marked: Some(marked),
    })
}

/// The text of each of the shows `titles` (by [`title_key`]) in the merge with each side's
/// value of every key both sides changed: `[ours's, theirs's]`. So that keeping one version of
/// a marked show keeps what the other side changed in it where this side did not. Made by
/// merging again from a base that holds the other side's values of those keys; a show for
/// which that merge decides anything, or cannot keep something, is not there (its side's own
/// text is marked).
fn versions_merged(
    base: &str,
    sides: [&Version; 2],
    merged: &Version,
    titles: &[String],
    names: Names,
    today: NaiveDate,
) -> [HashMap<String, String>; 2] {
    let mut out = [HashMap::new(), HashMap::new()];
    let Ok(base_v) = Version::new(base, "the base") else {
        return out;
    };
    // For each side, the base's shows with the other side's values of the keys both changed.
    let mut bases: [Vec<(usize, Show)>; 2] = [Vec::new(), Vec::new()];
    let mut wanted: Vec<(&String, Option<u32>)> = Vec::new();
    for title in titles {
        // As the merged show is named and linked (a side may have renamed it).
        let tvmaze = merged.tvmaze_of(title);
        let Some(o) = sides[0].position(title, tvmaze) else {
            continue;
        };
        let ours = &sides[0].parsed.shows[o];
        let Some(t) = sides[1].position(&ours.title, ours.tvmaze) else {
            continue;
        };
        let theirs = &sides[1].parsed.shows[t];
        let Some(b) = base_v.position(&ours.title, ours.tvmaze) else {
            continue;
        };
        let (bf, of, tf) = (base_v.parsed.shows[b].form(), ours.form(), theirs.form());
        let mut clash: Vec<&String> = Vec::new();
        for key in of.keys().chain(tf.keys()) {
            let (bv, ov, tv) = (bf.get(key), of.get(key), tf.get(key));
            if key != "history" && key != "seasons" && ov != tv && bv != ov && bv != tv {
                clash.push(key);
            }
        }
        if clash.iter().any(|k| *k == "season") {
            clash.extend(of.keys().filter(|k| {
                crate::model::merge::SEASON_FACTS.contains(&k.as_str()) && of.get(*k) != tf.get(*k)
            }));
        }
        // A show renamed differently on both sides is found again by its TVmaze id alone.
        let lost = |k: &&String| *k == "tvmaze" || (*k == "title" && tvmaze.is_none());
        if clash.is_empty() || clash.iter().any(lost) {
            continue;
        }
        for (side, other) in [(0, &tf), (1, &of)] {
            let mut form = bf.clone();
            for key in &clash {
                match other.get(*key) {
                    Some(value) => form.insert((*key).clone(), value.clone()),
                    None => form.remove(*key),
                };
            }
            if let Ok(show) = Show::from_form(form) {
                bases[side].push((b, show));
            }
        }
        wanted.push((title, tvmaze));
    }
    for (side, shows) in bases.into_iter().enumerate() {
        let Ok(mut editor) = super::edit::Editor::open(base) else {
            continue;
        };
        for (b, show) in shows {
            editor.update(b, show);
        }
        let Ok(new_base) = editor.into_text() else {
            continue;
        };
        let Ok(merged) = merge(Some(&new_base), sides[0].text, sides[1].text, names, today) else {
            continue;
        };
        if !merged.look.is_empty() {
            continue;
        }
        let Ok(merged_v) = Version::new(&merged.text, names[0]) else {
            continue;
        };
        for (title, tvmaze) in &wanted {
            let key = title_key(title);
            if merged.decisions.iter().any(|d| title_key(&d.title) == key) {
                continue;
            }
            if let Some(i) = merged_v.position(title, *tvmaze)
                && let Some(chunk) = merged_v.chunk(i)
            {
                out[side].insert(key, chunk.to_string());
            }
        }
    }
    out
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

struct Merge<'a, 'v> {
    base: Option<&'a Version<'v>>,
    trust: Trust,
    ours: &'a Version<'v>,
    theirs: &'a Version<'v>,
    names: Names<'a>,
    today: NaiveDate,
}

impl Merge<'_, '_> {
    fn run(&self) -> Result<Merged, Conflict> {
        let threads = self.threads();
        let mut decisions = Vec::new();
        let mut look = Vec::new();
        let outcomes: Vec<Outcome> = threads
            .iter()
            .map(|t| self.decide(t, &mut decisions))
            .collect();
        self.unique_titles(&threads, &outcomes)?;
        let whole =
            self.ours.whole() && self.theirs.whole() && self.base.is_none_or(Version::whole);
        let text = if whole {
            self.by_lines(&threads, &outcomes, &mut look)?
        } else {
            self.by_editor(&threads, &outcomes, &mut look)?
        };
        let text = if self.ours.text.ends_with('\n') || text.is_empty() {
            text
        } else {
            text.trim_end_matches(['\r', '\n']).to_string()
        };
        self.prove(&text, &threads, &outcomes)?;
        // The comments of shows that went, told above as decisions.
        let gone: Vec<String> = threads
            .iter()
            .zip(&outcomes)
            .filter(|(_, o)| matches!(o, Outcome::Gone))
            .flat_map(|(t, _)| {
                let ours = t.ours.and_then(|i| self.ours.chunk(i));
                let theirs = t.theirs.and_then(|j| self.theirs.chunk(j));
                ours.into_iter().chain(theirs).flat_map(comment_lines)
            })
            .map(String::from)
            .collect();
        self.comments_kept(&text, &gone, &mut look);
        Ok(Merged {
            text,
            changed_in_ours: changed(self.base, self.ours),
            changed_in_theirs: changed(self.base, self.theirs),
            decisions,
            look,
        })
    }

    /// Every show of every version, matched (see [`pair`]).
    fn threads(&self) -> Vec<Thread> {
        let (ours, theirs) = (self.ours.shows(), self.theirs.shows());
        let Some(base) = self.base else {
            return pair(&ours, &theirs)
                .into_iter()
                .map(|(o, t)| Thread {
                    base: None,
                    ours: o,
                    theirs: t,
                })
                .collect();
        };
        let base_shows = base.shows();
        let in_ours = pair(&base_shows, &ours);
        let in_theirs = pair(&base_shows, &theirs);
        let of = |pairs: &[(Option<usize>, Option<usize>)]| -> HashMap<usize, usize> {
            pairs
                .iter()
                .filter_map(|(b, s)| Some(((*b)?, (*s)?)))
                .collect()
        };
        let (of_ours, of_theirs) = (of(&in_ours), of(&in_theirs));
        let mut threads: Vec<Thread> = (0..base_shows.len())
            .map(|i| Thread {
                base: Some(i),
                ours: of_ours.get(&i).copied(),
                theirs: of_theirs.get(&i).copied(),
            })
            .collect();
        // Shows new on a side: the same show new on both is one.
        let new = |pairs: &[(Option<usize>, Option<usize>)]| -> Vec<usize> {
            pairs
                .iter()
                .filter(|(b, _)| b.is_none())
                .filter_map(|(_, s)| *s)
                .collect()
        };
        let (new_ours, new_theirs) = (new(&in_ours), new(&in_theirs));
        let a: Vec<&Show> = new_ours.iter().map(|&i| ours[i]).collect();
        let b: Vec<&Show> = new_theirs.iter().map(|&i| theirs[i]).collect();
        for (o, t) in pair(&a, &b) {
            threads.push(Thread {
                base: None,
                ours: o.map(|i| new_ours[i]),
                theirs: t.map(|i| new_theirs[i]),
            });
        }
        threads
    }

    /// The show of `version` at `index`, and the keys it does not know.
    fn facts(version: &Version, index: usize) -> (Show, toml::Table) {
        (version.parsed.shows[index].clone(), version.unknown(index))
    }

    fn decide(&self, thread: &Thread, decisions: &mut Vec<Decision>) -> Outcome {
        // Most shows are as the base had them on one side: decided by their text alone,
        // without reading the keys airdate does not know.
        let (bt, ot, tt) = (
            thread.base.zip(self.base).and_then(|(i, v)| v.chunk(i)),
            thread.ours.and_then(|i| self.ours.chunk(i)),
            thread.theirs.and_then(|j| self.theirs.chunk(j)),
        );
        // A guessed base must not make one side's history entries look removed.
        let holds = |a: Option<usize>, av: &Version, b: Option<usize>, bv: &Version| {
            self.trust == Trust::Exact
                || match (a, b) {
                    (Some(a), Some(b)) => bv.parsed.shows[b]
                        .history
                        .iter()
                        .all(|e| av.parsed.shows[a].history.contains(e)),
                    _ => true,
                }
        };
        let ours_holds = holds(thread.ours, self.ours, thread.theirs, self.theirs);
        let theirs_holds = holds(thread.theirs, self.theirs, thread.ours, self.ours);
        if ot.is_some() && (ot == tt || (bt.is_some() && bt == tt && ours_holds)) {
            return Outcome::Ours;
        }
        if tt.is_some() && bt.is_some() && bt == ot && theirs_holds {
            return Outcome::Theirs;
        }
        if bt.is_some() && bt == ot && thread.theirs.is_none() {
            return Outcome::Gone;
        }
        if bt.is_some() && bt == tt && thread.ours.is_none() {
            return Outcome::Gone;
        }
        let base = thread.base.zip(self.base).map(|(i, v)| Self::facts(v, i));
        let ours = thread.ours.map(|i| Self::facts(self.ours, i));
        let theirs = thread.theirs.map(|i| Self::facts(self.theirs, i));
        match (base, ours, theirs) {
            (_, None, None) => Outcome::Gone,
            (None, Some(_), None) => Outcome::Ours,
            (None, None, Some(_)) => Outcome::Theirs,
            (Some(b), Some(kept), None) | (Some(b), None, Some(kept)) => {
                let side = if thread.ours.is_some() { 0 } else { 1 };
                let (version, i) = match side {
                    0 => (self.ours, thread.ours),
                    _ => (self.theirs, thread.theirs),
                };
                // The entries holding keys airdate does not know are not in the show: a
                // change to one is a change too.
                let entries = |v: &Version, i: Option<usize>| {
                    i.map(|i| foreign_entries(v.text, &v.parsed.layout.shows[i]))
                        .unwrap_or_default()
                };
                let entries_as_base = thread
                    .base
                    .zip(self.base)
                    .is_some_and(|(bi, bv)| entries(bv, Some(bi)) == entries(version, i));
                if kept == b && entries_as_base {
                    // Only comments written in it, or none: it goes, and they with it (told,
                    // as they are not lost to a mistake).
                    let of = |v: &Version, i: Option<usize>| {
                        let chunk = i.and_then(|i| v.chunk(i)).unwrap_or("");
                        comment_lines(chunk)
                            .into_iter()
                            .map(String::from)
                            .collect::<Vec<_>>()
                    };
                    let was = thread.base.zip(self.base).map(|(i, v)| of(v, Some(i)));
                    let added = of(version, i)
                        .into_iter()
                        .filter(|c| !was.as_ref().is_some_and(|w| w.contains(c)))
                        .count();
                    if added > 0 {
                        decisions.push(Decision {
                            title: kept.0.title.clone(),
                            rule: Rule::Removed,
                            message: format!(
                                "removed: {} removed it, and {} only wrote {} in it, which \
                                 went with it",
                                self.names[1 - side],
                                self.names[side],
                                if added == 1 { "a comment" } else { "comments" }
                            ),
                        });
                    }
                    return Outcome::Gone;
                }
                let (mut show, unknown) = kept;
                decisions.push(Decision {
                    title: show.title.clone(),
                    rule: Rule::Kept,
                    message: format!(
                        "kept: {} removed it, and {} changed it",
                        self.names[1 - side],
                        self.names[side]
                    ),
                });
                note(
                    &mut show,
                    self.today,
                    "merged: kept; one side removed it, the other changed it",
                );
                Outcome::Merged(Box::new(show), unknown)
            }
            (b, Some(o), Some(t)) => {
                // One side changed only comments or layout: the other's show, in both texts.
                if let Some(b) = &b {
                    if *b == t && ours_holds {
                        return Outcome::Merged(Box::new(o.0), o.1);
                    }
                    if *b == o && theirs_holds {
                        return Outcome::Merged(Box::new(t.0), t.1);
                    }
                }
                let merged = merge_show(
                    b.as_ref().map(|b| &b.0),
                    self.trust,
                    &o.0,
                    &t.0,
                    self.names,
                    self.today,
                );
                let mut show = merged.show;
                decisions.extend(merged.decisions);
                let unknown =
                    self.unknown_merged(b.as_ref().map(|b| &b.1), &o.1, &t.1, &mut show, decisions);
                // The merge is one side's show (a side without a base that only lacked
                // values): that side's text, when it holds the other's comments too.
                let (oc, tc) = (
                    comment_lines(ot.unwrap_or("")),
                    comment_lines(tt.unwrap_or("")),
                );
                let holds = |a: &[&str], b: &[&str]| b.iter().all(|c| a.contains(c));
                if show == o.0 && unknown == o.1 && ot.is_some() && holds(&oc, &tc) {
                    return Outcome::Ours;
                }
                if show == t.0 && unknown == t.1 && tt.is_some() && holds(&tc, &oc) {
                    return Outcome::Theirs;
                }
                Outcome::Merged(Box::new(show), unknown)
            }
        }
    }

    /// The keys a show holds that airdate does not know, merged key by key like fields: a
    /// clash keeps ours's value, a decision with its note.
    fn unknown_merged(
        &self,
        base: Option<&toml::Table>,
        ours: &toml::Table,
        theirs: &toml::Table,
        show: &mut Show,
        decisions: &mut Vec<Decision>,
    ) -> toml::Table {
        let mut out = ours.clone();
        // Each key once: one both sides hold is one difference, not two.
        let theirs_only = theirs.keys().filter(|k| !ours.contains_key(*k));
        let keys: Vec<&String> = ours.keys().chain(theirs_only).collect();
        for key in keys {
            let (b, o, t) = (
                base.and_then(|b| b.get(key)),
                ours.get(key),
                theirs.get(key),
            );
            if o == t || (base.is_some() && t == b) {
                continue;
            }
            if (base.is_some() && o == b) || (base.is_none() && o.is_none()) {
                match t {
                    Some(t) => out.insert(key.clone(), t.clone()),
                    None => out.remove(key),
                };
                continue;
            }
            let shown = |v: Option<&toml::Value>| {
                v.map_or("nothing".to_string(), |v| {
                    serde_json::to_string(v).unwrap_or_default()
                })
            };
            decisions.push(Decision {
                title: show.title.clone(),
                rule: Rule::Ours,
                message: format!(
                    "{key}: kept {} ({}'s, as nothing tells which is newer) over {}",
                    shown(o),
                    self.names[0],
                    shown(t)
                ),
            });
            note(
                show,
                self.today,
                &format!(
                    "merged: {key} {} kept over {} (nothing told which is newer)",
                    shown(o),
                    shown(t)
                ),
            );
        }
        out
    }

    /// Two shows of the result may not share a title (a rename on one side, a new show of
    /// that title on the other): that is for the user to settle.
    fn unique_titles(&self, threads: &[Thread], outcomes: &[Outcome]) -> Result<(), Conflict> {
        let mut seen: HashMap<String, ()> = HashMap::new();
        for (thread, outcome) in threads.iter().zip(outcomes) {
            let Some(show) = self.result_show(thread, outcome) else {
                continue;
            };
            if seen.insert(title_key(&show.title), ()).is_some() {
                return Err(Conflict::new(format!(
                    "two different shows would both be called \"{}\" (one side renamed a show, \
                     or linked it to another TVmaze id); rename one on either side and merge \
                     again",
                    show.title
                )));
            }
        }
        Ok(())
    }

    /// The show a thread becomes, if any.
    fn result_show<'s>(&'s self, thread: &Thread, outcome: &'s Outcome) -> Option<&'s Show> {
        match outcome {
            Outcome::Gone => None,
            Outcome::Ours => thread.ours.map(|i| &self.ours.parsed.shows[i]),
            Outcome::Theirs => thread.theirs.map(|i| &self.theirs.parsed.shows[i]),
            Outcome::Merged(show, _) => Some(show),
        }
    }

    /// The merge when every version's shows are whole texts: line by line outside the shows,
    /// each show's text chosen or merged.
    fn by_lines(
        &self,
        threads: &[Thread],
        outcomes: &[Outcome],
        look: &mut Vec<String>,
    ) -> Result<String, Conflict> {
        let token = |k: usize| format!("\u{0}{k}\n");
        let index = |pick: fn(&Thread) -> Option<usize>| {
            let map: HashMap<usize, usize> = threads
                .iter()
                .enumerate()
                .filter_map(|(k, t)| Some((pick(t)?, k)))
                .collect();
            move |i: usize| map.get(&i).map(|&k| token(k))
        };
        let ours = self.ours.skeleton(&index(|t| t.ours));
        let theirs = self.theirs.skeleton(&index(|t| t.theirs));
        let base = self
            .base
            .map_or_else(Vec::new, |b| b.skeleton(&index(|t| t.base)));
        fn refs(v: &[String]) -> Vec<&str> {
            v.iter().map(String::as_str).collect()
        }
        let (b, o, t) = (refs(&base), refs(&ours), refs(&theirs));
        let mut lines: Vec<&str> = Vec::new();
        for piece in diff3::merge(&b, &o, &t) {
            match piece {
                Piece::Clean(clean) => lines.extend(clean),
                Piece::Clash { base, ours, theirs } => {
                    lines.extend(&ours);
                    // A line is the same line whatever its line ending (one side CRLF).
                    let bare = |l: &str| l.trim_end_matches(['\r', '\n']).to_string();
                    let known: Vec<String> = ours.iter().chain(&base).map(|l| bare(l)).collect();
                    for line in theirs {
                        if known.contains(&bare(line)) {
                            continue;
                        }
                        let blank_or_comment = {
                            let l = line.trim();
                            l.is_empty() || l.starts_with('#')
                        };
                        if line.starts_with('\u{0}') || blank_or_comment {
                            lines.push(line);
                        } else {
                            look.push(format!(
                                "a line {} changed outside the shows was not merged, as {} \
                                 changed it too: {}",
                                self.names[1],
                                self.names[0],
                                crate::term::clean(line.trim_end())
                            ));
                        }
                    }
                }
            }
        }
        // Each show once, and every show kept (a show kept though one side removed it has no
        // line on that side): after the show before it in the side that has it.
        let mut seen = vec![false; threads.len()];
        let mut order: Vec<Line> = Vec::new();
        for line in lines {
            match line.strip_prefix('\u{0}') {
                Some(k) => {
                    let k: usize = k.trim_end().parse().expect("a token is a number");
                    if !seen[k] {
                        seen[k] = true;
                        order.push(Line::Show(k));
                    }
                }
                None => order.push(Line::Text(line)),
            }
        }
        for (k, outcome) in outcomes.iter().enumerate() {
            if seen[k] || matches!(outcome, Outcome::Gone) {
                continue;
            }
            let side = if threads[k].ours.is_some() {
                &ours
            } else {
                &theirs
            };
            let before: Vec<usize> = side
                .iter()
                .take_while(|l| **l != token(k))
                .filter_map(|l| l.strip_prefix('\u{0}')?.trim_end().parse().ok())
                .collect();
            let at = order
                .iter()
                .rposition(|l| matches!(l, Line::Show(j) if before.contains(j)))
                .map_or(0, |i| i + 1);
            order.insert(at, Line::Show(k));
        }
        let eol = self.ours.eol();
        let mut text = String::with_capacity(self.ours.text.len() + 1024);
        for line in order {
            let piece = match line {
                Line::Text(line) => line.to_string(),
                Line::Show(k) => self.show_text(&threads[k], &outcomes[k], look)?,
            };
            if piece.is_empty() {
                continue;
            }
            if !text.is_empty() && !text.ends_with('\n') {
                text.push_str(eol);
            }
            text.push_str(&with_eol(&piece, eol));
        }
        Ok(text)
    }

    /// The text of a show in the result.
    fn show_text(
        &self,
        thread: &Thread,
        outcome: &Outcome,
        look: &mut Vec<String>,
    ) -> Result<String, Conflict> {
        fn chunk<'t>(v: &Version<'t>, i: Option<usize>) -> &'t str {
            i.and_then(|i| v.chunk(i)).unwrap_or("")
        }
        let (o, t) = (
            chunk(self.ours, thread.ours),
            chunk(self.theirs, thread.theirs),
        );
        let b = thread.base.zip(self.base).and_then(|(i, v)| v.chunk(i));
        // Both sides' lines, when a line-by-line merge means the show chosen: so that a
        // comment each side wrote in a show, or one side's comment and the other's change,
        // are both kept.
        let both = b.filter(|b| !o.is_empty() && !t.is_empty() && o != *b && t != *b && o != t);
        let by_lines = |show: &Show, unknown: &toml::Table| {
            both.and_then(|b| lines_merged(b, o, t))
                .filter(|text| means(text, show, unknown))
        };
        let (show, unknown) = match outcome {
            Outcome::Gone => return Ok(String::new()),
            // A side's show whose text holds every comment the other side's holds: its text,
            // as merging the lines would only write a comment both wrote twice.
            Outcome::Ours => return Ok(o.to_string()),
            Outcome::Theirs => return Ok(t.to_string()),
            Outcome::Merged(show, unknown) => (show, unknown),
        };
        if let Some(text) = by_lines(show, unknown) {
            return Ok(text);
        }
        // Else the merged show written into the text of a side that has it: ours's, unless
        // only theirs's keeps every comment line either side added.
        let mut hosts = Vec::new();
        if let Some(i) = thread.ours.filter(|_| !o.is_empty()) {
            hosts.push((o, self.ours.unknown(i), Some(t).filter(|t| !t.is_empty())));
        }
        if let Some(j) = thread.theirs.filter(|_| !t.is_empty()) {
            hosts.push((t, self.theirs.unknown(j), Some(o).filter(|o| !o.is_empty())));
        }
        let base_chunk = thread
            .base
            .zip(self.base)
            .and_then(|(i, v)| v.chunk(i))
            .unwrap_or("");
        let added: Vec<&str> = comment_lines(o)
            .into_iter()
            .chain(comment_lines(t))
            .filter(|c| !comment_lines(base_chunk).contains(c))
            .collect();
        let mut first = None;
        for (host, host_unknown, from) in hosts {
            let mut editor = Editor::open(host).map_err(|_| self.failed())?;
            editor.update(0, (**show).clone());
            let Ok(text) = editor.into_text() else {
                continue;
            };
            let mut told = Vec::new();
            let text = with_unknown(&text, &host_unknown, unknown, from, &show.title, &mut told);
            // The comment lines the other side wrote, where they were in its text.
            let text = match from.map(|from| carried(&text, from, base_chunk)) {
                Some(carried) if means(&carried, show, unknown) => carried,
                _ => text,
            };
            let kept = comment_lines(&text);
            if added.iter().all(|c| kept.contains(c)) {
                look.extend(told);
                return Ok(text);
            }
            first.get_or_insert((text, told));
        }
        let (text, told) = first.ok_or_else(|| self.failed())?;
        look.extend(told);
        Ok(text)
    }

    /// The merge when a version has a show whose tables are apart: the editor on ours, shows
    /// put where the editor puts them; theirs's lines outside the shows are not merged.
    fn by_editor(
        &self,
        threads: &[Thread],
        outcomes: &[Outcome],
        look: &mut Vec<String>,
    ) -> Result<String, Conflict> {
        let (ours, theirs) = (self.ours.outside(), self.theirs.outside());
        if ours != theirs && self.base.is_none_or(|b| b.outside() != theirs) {
            look.push(format!(
                "the lines {} changed outside the shows were not merged, because the tables of \
                 a show are apart in one of the versions",
                self.names[1]
            ));
        }
        let mut editor = Editor::open(self.ours.text).map_err(|_| self.failed())?;
        let mut removed = Vec::new();
        for (thread, outcome) in threads.iter().zip(outcomes) {
            let show = match outcome {
                Outcome::Ours => continue,
                Outcome::Gone => {
                    removed.extend(thread.ours);
                    continue;
                }
                Outcome::Theirs => self.theirs.parsed.shows[thread.theirs.expect("theirs")].clone(),
                Outcome::Merged(show, _) => (**show).clone(),
            };
            let theirs_unknown = thread
                .theirs
                .map(|j| self.theirs.unknown(j))
                .unwrap_or_default();
            let wanted = match outcome {
                Outcome::Merged(_, unknown) => unknown,
                _ => &theirs_unknown,
            };
            let has = thread
                .ours
                .map(|i| self.ours.unknown(i))
                .unwrap_or_default();
            if *wanted != has {
                look.push(format!(
                    "keys airdate does not know in \"{}\" from {} were not merged, because the \
                     tables of a show are apart in one of the versions",
                    crate::term::clean(&show.title),
                    self.names[1]
                ));
            }
            match thread.ours {
                Some(i) => editor.update(i, show),
                None => editor.push(show),
            }
        }
        removed.sort_unstable();
        for i in removed.into_iter().rev() {
            editor.remove(i);
        }
        editor.into_text().map_err(|e| {
            look.push(format!("{e:#}"));
            self.failed()
        })
    }

    fn failed(&self) -> Conflict {
        Conflict::new(format!(
            "the shows {} and {} changed could not be put together in one valid file",
            self.names[0], self.names[1]
        ))
    }

    /// The result must read as exactly the shows the rules chose, with their unknown keys.
    fn prove(&self, text: &str, threads: &[Thread], outcomes: &[Outcome]) -> Result<(), Conflict> {
        let merged = Version::new(text, "the merged file").map_err(|_| self.failed())?;
        let mut left: HashMap<String, usize> = merged
            .parsed
            .shows
            .iter()
            .enumerate()
            .map(|(i, s)| (title_key(&s.title), i))
            .collect();
        if left.len() != merged.parsed.shows.len() {
            return Err(self.failed());
        }
        let whole =
            self.ours.whole() && self.theirs.whole() && self.base.is_none_or(Version::whole);
        for (thread, outcome) in threads.iter().zip(outcomes) {
            let Some(show) = self.result_show(thread, outcome) else {
                continue;
            };
            let wanted = match outcome {
                Outcome::Merged(_, unknown) => Some(unknown),
                _ => None,
            };
            let Some(i) = left.remove(&title_key(&show.title)) else {
                return Err(self.failed());
            };
            if merged.parsed.shows[i] != *show || wanted.is_some_and(|u| merged.unknown(i) != *u) {
                return Err(self.failed());
            }
            // A side's show kept as its bytes keeps its entries; one written by the editor may not.
            if whole && !matches!(outcome, Outcome::Merged(..)) {
                continue;
            }
            self.entries_kept(thread, outcome, &merged, i)?;
        }
        if left.is_empty() {
            Ok(())
        } else {
            Err(self.failed())
        }
    }

    /// The entries of a show's history and seasons that hold keys airdate does not know are
    /// not in its model, so the proof of the shows does not see them: each such entry of the
    /// side (or sides) the show comes from must be in the result whole, unless one side
    /// dropped one the base had. Else the merge would lose them, and is refused.
    fn entries_kept(
        &self,
        thread: &Thread,
        outcome: &Outcome,
        merged: &Version,
        at: usize,
    ) -> Result<(), Conflict> {
        let of = |v: Option<&Version>, i: Option<usize>| {
            i.zip(v)
                .map(|(i, v)| foreign_entries(v.text, &v.parsed.layout.shows[i]))
                .unwrap_or_default()
        };
        let (base, ours, theirs) = (
            of(self.base, thread.base),
            of(Some(self.ours), thread.ours),
            of(Some(self.theirs), thread.theirs),
        );
        let wanted: Vec<&(&str, toml::Table)> = match outcome {
            Outcome::Gone => return Ok(()),
            Outcome::Ours => ours.iter().collect(),
            Outcome::Theirs => theirs.iter().collect(),
            Outcome::Merged(..) => ours
                .iter()
                .chain(&theirs)
                .filter(|e| !base.contains(e) || (ours.contains(e) && theirs.contains(e)))
                .collect(),
        };
        let kept = foreign_entries(merged.text, &merged.parsed.layout.shows[at]);
        let Some((list, entry)) = wanted.into_iter().find(|e| !kept.contains(e)) else {
            return Ok(());
        };
        let keys: Vec<&str> = entry
            .keys()
            .map(String::as_str)
            .filter(|k| {
                read::ListKey::ALL
                    .iter()
                    .all(|l| l.key() != *list || !l.known().contains(k))
            })
            .collect();
        Err(Conflict::new(format!(
            "an entry of the {list} of \"{}\" holds keys airdate does not know ({}), which this \
             merge would have to write again, losing them; merge that show by hand",
            merged.parsed.shows[at].title,
            keys.join(", ")
        )))
    }

    /// Tells of each comment line a side added that the result does not hold.
    fn comments_kept(&self, text: &str, gone: &[String], look: &mut Vec<String>) {
        let comments =
            |t: &str| -> Vec<String> { comment_lines(t).into_iter().map(String::from).collect() };
        let (base, result) = (
            self.base.map_or_else(Vec::new, |b| comments(b.text)),
            comments(text),
        );
        for (side, version) in [self.ours, self.theirs].iter().enumerate() {
            for line in comments(version.text) {
                if !base.contains(&line) && !result.contains(&line) && !gone.contains(&line) {
                    look.push(format!(
                        "a comment {} added was not kept: {}",
                        self.names[side],
                        crate::term::clean(&line)
                    ));
                }
            }
        }
    }
}

/// The entries of the show's lists (by list) that hold a key airdate does not know, whole.
fn foreign_entries(text: &str, segments: &[Segment]) -> Vec<(&'static str, toml::Table)> {
    let alone: Vec<&str> = segments.iter().map(|s| &text[s.start..s.end]).collect();
    let Ok(doc) = toml::from_str::<toml::Table>(&alone.join("\n")) else {
        return Vec::new();
    };
    let Some(show) = doc
        .get("show")
        .and_then(toml::Value::as_array)
        .and_then(|a| a.first())
        .and_then(toml::Value::as_table)
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for list in read::ListKey::ALL {
        let entries = show.get(list.key()).and_then(toml::Value::as_array);
        for entry in entries
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_table)
        {
            if entry.keys().any(|k| !list.known().contains(&k.as_str())) {
                out.push((list.key(), entry.clone()));
            }
        }
    }
    out
}

/// The comments of a text, each from its `#` to its line's end, trimmed: a line's own or one
/// after a value. (A `#` inside a one-line string is none; multi-line strings are not told
/// apart, which at worst finds a comment that is none.)
fn comment_lines(text: &str) -> Vec<&str> {
    text.lines().filter_map(comment).collect()
}

fn comment(line: &str) -> Option<&str> {
    let mut quote = None;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some('"'), '\\') if !escaped => {
                escaped = true;
                continue;
            }
            (Some(q), c) if c == q && !escaped => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => return Some(line[i..].trim()),
            _ => {}
        }
        escaped = false;
    }
    None
}

/// The lines of a show both sides changed, merged as `diff3` does. A stretch both changed is
/// settled only where both added lines at one place and one side added no more there than
/// comments or blank lines: those go before the other side's lines. Else `None`.
fn lines_merged(base: &str, ours: &str, theirs: &str) -> Option<String> {
    let mut text = String::with_capacity(ours.len() + theirs.len());
    // A line is the same line whatever its line ending (one side CRLF): else every line of
    // the show would clash, and a comment be put above its header. Ours's, as in the result.
    let eol = eol_of(ours);
    let (base, ours, theirs) = (
        with_eol(base, eol),
        with_eol(ours, eol),
        with_eol(theirs, eol),
    );
    let (b, o, t) = (
        diff3::lines(&base),
        diff3::lines(&ours),
        diff3::lines(&theirs),
    );
    for piece in diff3::merge(&b, &o, &t) {
        match piece {
            Piece::Clean(lines) => text.extend(lines),
            // Only where both wrote lines at one place: a comment among lines the other side
            // changed or removed would be put by lines that are not its own (a removed history
            // entry's comment in the show's own table, say).
            Piece::Clash { base, .. } if !base.is_empty() => return None,
            Piece::Clash { base, ours, theirs } => {
                let bare = |lines: &[&str]| -> Vec<String> {
                    lines
                        .iter()
                        .map(|l| l.trim_end_matches(['\r', '\n']).to_string())
                        .collect()
                };
                let was = bare(&base);
                // A side's lines there without the comment and blank lines it added.
                let kept = |lines: &[&str]| -> (Vec<String>, Vec<String>) {
                    bare(lines).into_iter().partition(|l| {
                        let l2 = l.trim();
                        !(l2.is_empty() || l2.starts_with('#')) || was.contains(l)
                    })
                };
                let ((o_kept, o_added), (t_kept, t_added)) = (kept(&ours), kept(&theirs));
                let (first, rest): (Vec<String>, &[&str]) = if o_kept == was {
                    (o_added, &theirs)
                } else if t_kept == was {
                    (t_added, &ours)
                } else {
                    return None;
                };
                let rest_bare = bare(rest);
                for line in first.iter().filter(|l| !rest_bare.contains(l)) {
                    text.push_str(line);
                    text.push_str(eol);
                }
                text.extend(rest.iter().copied());
            }
        }
    }
    Some(text)
}

/// `text`, a show's, with the comment lines `from` (the other side's text of it) added since
/// `base` and `text` lacks: each after the line it follows in `from` (the first line before it
/// that is neither blank nor a comment, where a diff of the two texts finds it in `text`) and
/// the comments `text` has after that line, else at the top; only where `text` has the line
/// after the comment in `from` too, with no table beginning between the two.
fn carried(text: &str, from: &str, base: &str) -> String {
    let bare = |l: &str| l.trim().to_string();
    let mut lines: Vec<String> = diff3::lines(text).into_iter().map(String::from).collect();
    let had: Vec<String> = lines.iter().map(|l| bare(l)).collect();
    let was: Vec<String> = diff3::lines(base).into_iter().map(bare).collect();
    let eol = eol_of(text);
    let from: Vec<String> = diff3::lines(from).into_iter().map(bare).collect();
    // Which line of `text` each line of `from` is, where both have it: lines repeated in a
    // show (a history entry's header, a note) are told apart by the lines around them.
    fn refs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let same = diff3::matched(&refs(&from), &refs(&had));
    // Where each line of `text` is now: after an insertion the later ones move down.
    let mut inserted: Vec<usize> = Vec::new();
    for (k, line) in from.iter().enumerate() {
        if !line.starts_with('#') || had.contains(line) || was.contains(line) {
            continue;
        }
        let line_of = |l: &String| !l.is_empty() && !l.starts_with('#');
        let anchor = from[..k].iter().rposition(line_of);
        // The line after it too, which `text` must have: no table may begin between the two
        // there (the editor writes a list's tables again, so the line before may now open
        // another entry's table, and a diff may take a repeated line for another).
        let next = match from[k + 1..].iter().position(line_of) {
            Some(n) => match same[k + 1 + n] {
                Some(q) => Some(q),
                None => continue,
            },
            None => None,
        };
        let after = anchor.map_or(Some(0), |a| same[a].map(|i| i + 1));
        if let (Some(after), Some(next)) = (after, next)
            && (next < after || had[after..next].iter().any(|l| l.starts_with('[')))
        {
            continue;
        }
        let at = match anchor {
            None => 0,
            Some(a) => {
                let Some(mut at) = same[a].map(|i| i + 1) else {
                    continue;
                };
                // After the comments `text` has there itself.
                while had.get(at).is_some_and(|l| l.starts_with('#')) {
                    at += 1;
                }
                at
            }
        };
        // After what was carried to the same place before it, in its order.
        let shift = inserted.iter().filter(|i| **i <= at).count();
        if let Some(before) = (at + shift).checked_sub(1).map(|i| &mut lines[i])
            && !before.ends_with('\n')
        {
            before.push_str(eol);
        }
        lines.insert(at + shift, format!("{line}{eol}"));
        inserted.push(at);
    }
    lines.concat()
}

/// A line of the result: text outside the shows, or a show (by thread).
enum Line<'a> {
    Text(&'a str),
    Show(usize),
}

/// Whether `text`, a show's text alone, reads as `show` with `unknown`.
fn means(text: &str, show: &Show, unknown: &toml::Table) -> bool {
    read::parse(text).is_ok_and(|p| {
        p.shows.len() == 1
            && p.shows[0] == *show
            && own_unknown(text, &p.layout.shows[0]) == *unknown
    })
}

/// `text` with its line breaks as `eol`.
fn with_eol(text: &str, eol: &str) -> String {
    if eol == "\r\n" {
        text.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        text.replace("\r\n", "\n")
    }
}

/// The show's text `text` (a show alone, holding the unknown keys `has`) given the unknown
/// keys `wanted`: a changed or new key takes its spelling from `from` (theirs's text of the
/// show), a gone one loses its line. A key that is a table of its own is not taken apart: told
/// in `look`.
fn with_unknown(
    text: &str,
    has: &toml::Table,
    wanted: &toml::Table,
    from: Option<&str>,
    title: &str,
    look: &mut Vec<String>,
) -> String {
    if has == wanted {
        return text.to_string();
    }
    let doc = |t: &str| toml_edit::Document::parse(t.to_string()).ok();
    let (Some(here), source) = (doc(text), from.and_then(doc)) else {
        return text.to_string();
    };
    let table = |d: &toml_edit::Document<String>| -> Option<toml_edit::Table> {
        d.get("show")?.as_array_of_tables()?.get(0).cloned()
    };
    let (Some(main), there) = (table(&here), source.as_ref().and_then(table)) else {
        return text.to_string();
    };
    let eol = eol_of(text);
    let spelled = |key: &str| -> Option<String> {
        let src = from?;
        let value = there.as_ref()?.get(key)?.as_value()?;
        src.get(value.span()?).map(str::to_string)
    };
    // The end of the show's own keys: where a new key goes.
    let own_end = read::parse(text)
        .ok()
        .and_then(|p| {
            p.layout
                .shows
                .first()
                .and_then(|s| s.first())
                .map(|s| s.end)
        })
        .unwrap_or(text.len());
    let mut splices: Vec<(Range<usize>, String)> = Vec::new();
    let mut added = String::new();
    let keys: Vec<&String> = has.keys().chain(wanted.keys()).collect();
    let mut done: Vec<&String> = Vec::new();
    for key in keys {
        if done.contains(&key) || has.get(key) == wanted.get(key) {
            continue;
        }
        done.push(key);
        let value = main.get(key).and_then(|i| i.as_value());
        match (wanted.get(key), value.and_then(|v| v.span())) {
            (Some(_), span) => match spelled(key) {
                Some(new) => match span {
                    Some(span) => splices.push((span, new)),
                    None if main.get(key).is_none() => {
                        added.push_str(&format!("{key} = {new}{eol}"));
                    }
                    None => look.push(unmerged(key, title)),
                },
                None => look.push(unmerged(key, title)),
            },
            (None, Some(span)) => {
                let start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
                let end = text[span.end..]
                    .find('\n')
                    .map_or(text.len(), |i| span.end + i + 1);
                splices.push((start..end, String::new()));
            }
            (None, None) => look.push(unmerged(key, title)),
        }
    }
    if !added.is_empty() {
        let at = own_end;
        let lead = if text[..at].ends_with('\n') { "" } else { eol };
        splices.push((at..at, format!("{lead}{added}")));
    }
    splices.sort_by_key(|(r, _)| (r.start, r.end));
    let mut out = String::new();
    let mut at = 0;
    for (range, with) in splices {
        if range.start < at {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

fn unmerged(key: &str, title: &str) -> String {
    format!(
        "the key `{}` of \"{}\" holds a table, which a merge does not take apart; ours's is kept",
        crate::term::clean(key),
        crate::term::clean(title)
    )
}

/// The titles of the shows `version` changed, added or removed since `base` (without one,
/// every show).
fn changed(base: Option<&Version>, version: &Version) -> Vec<String> {
    let Some(base) = base else {
        return version
            .parsed
            .shows
            .iter()
            .map(|s| s.title.clone())
            .collect();
    };
    let mut out = Vec::new();
    for (b, v) in pair(&base.shows(), &version.shows()) {
        let differs = match (b, v) {
            (Some(b), Some(v)) => {
                base.parsed.shows[b] != version.parsed.shows[v] || base.chunk(b) != version.chunk(v)
            }
            _ => true,
        };
        if differs {
            let show = v.map_or_else(
                || &base.parsed.shows[b.expect("one")],
                |v| &version.parsed.shows[v],
            );
            out.push(show.title.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "version = 1\n\n[[show]]\ntitle = \"A\"\n\n[[show]]\ntitle = \"B\"\n";

    fn names() -> Names<'static> {
        ["the watchlist", "your edit"]
    }

    fn day() -> NaiveDate {
        "2026-12-02".parse().unwrap()
    }

    #[test]
    fn changes_to_different_shows_both_land() {
        let ours = format!("{BASE}\n[[show]]\ntitle = \"Cron\"\n");
        let theirs =
            BASE.replace("title = \"A\"", "title = \"A\"\nnetwork = \"HBO\"") + "# a note\n";
        let merged = merge(Some(BASE), &ours, &theirs, names(), day()).unwrap();
        assert_eq!(
            merged.text,
            "version = 1\n\n[[show]]\ntitle = \"A\"\nnetwork = \"HBO\"\n\n[[show]]\ntitle = \"B\"\n\
             \n[[show]]\ntitle = \"Cron\"\n# a note\n"
        );
        assert_eq!(merged.changed_in_ours, vec!["Cron".to_string()]);
        assert_eq!(merged.changed_in_theirs, vec!["A".to_string()]);
        assert!(merged.look.is_empty(), "{:?}", merged.look);
    }

    #[test]
    fn different_fields_of_one_show_both_land_and_a_clash_is_decided() {
        let ours = BASE.replace("\"B\"", "\"B\"\nnetwork = \"FX\"");
        let theirs = BASE.replace("\"B\"", "\"B\"\ntags = [\"x\"]");
        let merged = merge(Some(BASE), &ours, &theirs, names(), day()).unwrap();
        assert!(
            merged.text.contains("network = \"FX\"\ntags = [\"x\"]\n"),
            "{}",
            merged.text
        );
        assert!(merged.decisions.is_empty());
        let theirs = BASE.replace("\"B\"", "\"B\"\nnetwork = \"HBO\"");
        let merged = merge(Some(BASE), &ours, &theirs, names(), day()).unwrap();
        assert!(merged.text.contains("network = \"FX\""), "{}", merged.text);
        assert_eq!(merged.decisions.len(), 1);
        assert_eq!(merged.decisions[0].rule, Rule::Ours);
        assert!(
            merged.text.contains("merged: network FX kept over HBO"),
            "{}",
            merged.text
        );
    }

    #[test]
    fn identical_changes_and_removals_merge() {
        let removed = BASE.replace("\n[[show]]\ntitle = \"A\"\n", "");
        let merged = merge(Some(BASE), &removed, &removed, names(), day()).unwrap();
        assert_eq!(merged.text, removed);
        let merged = merge(Some(BASE), BASE, &removed, names(), day()).unwrap();
        assert_eq!(merged.text, removed);
    }

    #[test]
    fn both_sides_adding_shows_at_the_end_keeps_both() {
        let ours = format!("{BASE}\n[[show]]\ntitle = \"C\"\n");
        let theirs = format!("{BASE}\n[[show]]\ntitle = \"D\"\n");
        let merged = merge(Some(BASE), &ours, &theirs, names(), day()).unwrap();
        assert_eq!(
            merged.text,
            format!("{BASE}\n[[show]]\ntitle = \"C\"\n\n[[show]]\ntitle = \"D\"\n")
        );
    }

    fn shows(text: &str) -> Vec<Show> {
        read::parse(text).expect("valid").shows
    }

    const SEV: &str = "[[show]]\ntitle = \"Severance\"\ntvmaze = 44933\nseason = 3\nstatus = \"announced\"\n\n\
                       [[show.history]]\ndate = 2024-06-01\nstatus = \"announced\"\nseason = 3\n";

    #[test]
    fn a_new_season_on_one_side_takes_nothing_of_the_old_seasons_dates_from_the_other() {
        let ours = SEV.replace(
            "status = \"announced\"\n\n",
            "status = \"scheduled\"\npremiere = \"2025-01-17\"\n\n",
        ) + "\n[[show.history]]\ndate = 2024-11-01\nstatus = \"scheduled\"\npremiere = \"2025-01-17\"\n";
        let theirs = SEV.replace("season = 3\nstatus", "season = 4\nstatus")
            + "\n[[show.seasons]]\nnumber = 3\n\n[[show.history]]\ndate = 2025-04-01\nstatus = \"announced\"\nseason = 4\n";
        for (a, b) in [(&ours, &theirs), (&theirs, &ours)] {
            let merged = merge(Some(SEV), a, b, names(), day()).unwrap();
            let show = &shows(&merged.text)[0];
            assert_eq!(show.season, Some(4), "{}", merged.text);
            assert!(show.premiere.is_tba(), "{}", merged.text);
            assert_eq!(
                show.seasons[0].premiere.to_string(),
                "2025-01-17",
                "{}",
                merged.text
            );
            assert_eq!(show.history.len(), 3, "{}", merged.text);
            assert!(merged.decisions.is_empty(), "{:?}", merged.decisions);
        }
    }

    #[test]
    fn a_pin_then_the_later_entry_then_ours_settle_a_clash() {
        let with = |premiere: &str, day: &str, pinned: bool| {
            let pin = if pinned {
                "pinned = [\"premiere\"]\n"
            } else {
                ""
            };
            SEV.replace(
                "status = \"announced\"\n\n",
                &format!("status = \"announced\"\npremiere = \"{premiere}\"\n{pin}\n"),
            ) + &format!("\n[[show.history]]\ndate = {day}\npremiere = \"{premiere}\"\n")
        };
        // The later entry wins, whichever side it is.
        let (early, late) = (
            with("2025-03", "2024-10-01", false),
            with("2025-04", "2024-11-01", false),
        );
        for (a, b) in [(&early, &late), (&late, &early)] {
            let merged = merge(Some(SEV), a, b, names(), day()).unwrap();
            assert_eq!(shows(&merged.text)[0].premiere.to_string(), "2025-04");
            assert_eq!(merged.decisions[0].rule, Rule::Later);
            assert!(
                merged.text.contains(
                    "note = \"merged: premiere 2025-04 kept over 2025-03 (recorded later)\""
                ),
                "{}",
                merged.text
            );
        }
        // A pin beats a later entry.
        let pinned = with("2025-03", "2024-10-01", true);
        let merged = merge(Some(SEV), &late, &pinned, names(), day()).unwrap();
        assert_eq!(shows(&merged.text)[0].premiere.to_string(), "2025-03");
        assert_eq!(merged.decisions[0].rule, Rule::Pinned);
        // Entries of one day: ours.
        let other = with("2025-05", "2024-11-01", false);
        let merged = merge(Some(SEV), &other, &late, names(), day()).unwrap();
        assert_eq!(shows(&merged.text)[0].premiere.to_string(), "2025-05");
        assert_eq!(merged.decisions[0].rule, Rule::Ours);
        assert_eq!(
            merged.decisions[0].message,
            "premiere: kept 2025-05 (the watchlist's, as nothing tells which is newer) over 2025-04"
        );
    }

    #[test]
    fn a_show_removed_on_one_side_and_changed_on_the_other_is_kept() {
        let removed = BASE.replace("\n[[show]]\ntitle = \"B\"\n", "");
        let changed = BASE.replace("\"B\"", "\"B\"\nnetwork = \"FX\"");
        for (a, b) in [(&removed, &changed), (&changed, &removed)] {
            let merged = merge(Some(BASE), a, b, names(), day()).unwrap();
            let titles: Vec<String> = shows(&merged.text).into_iter().map(|s| s.title).collect();
            assert_eq!(titles, ["A", "B"], "{}", merged.text);
            assert_eq!(merged.decisions[0].rule, Rule::Kept);
        }
    }

    #[test]
    fn without_a_base_every_show_is_kept_and_a_value_beats_none() {
        let ours = "[[show]]\ntitle = \"A\"\n\n[[show]]\ntitle = \"B\"\nnetwork = \"FX\"\n";
        let theirs = "[[show]]\ntitle = \"B\"\ntags = [\"x\"]\n\n[[show]]\ntitle = \"C\"\n";
        let merged = merge(None, ours, theirs, names(), day()).unwrap();
        assert_eq!(
            merged.text,
            "[[show]]\ntitle = \"A\"\n\n[[show]]\ntitle = \"B\"\nnetwork = \"FX\"\ntags = [\"x\"]\n\n[[show]]\ntitle = \"C\"\n"
        );
        assert!(merged.decisions.is_empty() && merged.look.is_empty());
    }

    #[test]
    fn unknown_keys_comments_and_line_endings_of_theirs_are_kept() {
        let base = "[[show]]\ntitle = \"A\"\nrating = 3\n";
        let ours = "[[show]]\ntitle = \"A\"\nnetwork = \"FX\"\nrating = 3\n";
        let theirs = "# mine\r\n[[show]]\r\ntitle = \"A\"\r\nrating = 5\r\nseason = 2\r\n\r\n[[show]]\r\ntitle = \"B\"\r\n";
        let merged = merge(Some(base), ours, theirs, names(), day()).unwrap();
        assert_eq!(
            merged.text,
            "# mine\n[[show]]\ntitle = \"A\"\nnetwork = \"FX\"\nrating = 5\nseason = 2\n\n[[show]]\ntitle = \"B\"\n"
        );
        // Both changed the line the unknown key is on: the editor writes the merged show into
        // ours's text, and theirs's value of the key goes in.
        let ours = "[[show]]\ntitle = \"A\"\nrating = 3 # was\nnetwork = \"FX\"\n";
        let theirs = "[[show]]\ntitle = \"A\"\nseason = 2\nrating = 5\n";
        let merged = merge(Some(base), ours, theirs, names(), day()).unwrap();
        assert_eq!(
            merged.text,
            "[[show]]\ntitle = \"A\"\nrating = 5 # was\nnetwork = \"FX\"\nseason = 2\n"
        );
        assert!(merged.look.is_empty(), "{:?}", merged.look);
    }

    #[test]
    fn shows_whose_tables_are_apart_are_merged_by_the_editor() {
        let base = "[[show]]\ntitle = \"A\"\n\n[[show]]\ntitle = \"B\"\n\n[[show.history]]\ndate = 2024-01-01\nnote = \"x\"\n";
        let ours = base.replace(
            "[[show]]\ntitle = \"A\"\n",
            "[[show]]\ntitle = \"A\"\nnetwork = \"FX\"\n",
        );
        let theirs = format!("{base}\n[[show]]\ntitle = \"C\"\n");
        // Interleave: B's history after a table of its own in ours.
        let ours = ours.replace("\n[[show.history]]", "\n[extra]\nk = 1\n\n[[show.history]]");
        assert!(read::parse(&ours).is_ok());
        let merged = merge(Some(base), &ours, &theirs, names(), day()).unwrap();
        let titles: Vec<String> = shows(&merged.text).into_iter().map(|s| s.title).collect();
        assert_eq!(titles, ["A", "B", "C"], "{}", merged.text);
        assert!(merged.text.contains("[extra]\nk = 1"), "{}", merged.text);
    }

    #[test]
    fn a_comment_added_on_one_side_and_a_field_on_the_other_both_land() {
        let ours = BASE.replace("title = \"B\"\n", "title = \"B\" # the best\n");
        let theirs = BASE.replace("title = \"B\"\n", "title = \"B\"\nnetwork = \"FX\"\n");
        for (a, b) in [(&ours, &theirs), (&theirs, &ours)] {
            let merged = merge(Some(BASE), a, b, names(), day()).unwrap();
            assert!(
                merged
                    .text
                    .ends_with("title = \"B\" # the best\nnetwork = \"FX\"\n"),
                "{}",
                merged.text
            );
            assert!(merged.look.is_empty() && merged.decisions.is_empty());
        }
    }

    #[test]
    fn without_a_base_a_season_beats_none_and_a_note_goes_in_date_order() {
        let ours = "[[show]]\ntitle = \"A\"\n";
        let theirs = "[[show]]\ntitle = \"A\"\nseason = 2\n";
        let merged = merge(None, ours, theirs, names(), day()).unwrap();
        assert_eq!(shows(&merged.text)[0].season, Some(2));
        assert!(merged.decisions.is_empty(), "{:?}", merged.decisions);
        // A note of today goes before an entry dated later.
        let later = "\n[[show.history]]\ndate = 2027-01-01\nnote = \"x\"\n";
        let ours = format!("[[show]]\ntitle = \"A\"\nnetwork = \"FX\"\n{later}");
        let theirs = format!("[[show]]\ntitle = \"A\"\nnetwork = \"HBO\"\n{later}");
        let merged = merge(None, &ours, &theirs, names(), day()).unwrap();
        let history = &shows(&merged.text)[0].history;
        assert_eq!(history[0].date, day(), "{}", merged.text);
        assert_eq!(history[1].note.as_deref(), Some("x"));
    }
}
