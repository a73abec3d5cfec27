//! Episodes of the season that airs: which is next, how many have aired and are left, and
//! whether the season is on a break. Pure: episodes and a clock in, facts out.
//!
//! Episodes come from TVmaze (kept beside the watchlist by `refresh`, see
//! [`crate::store::episodes`]) or, for a show typed by hand, from its `next`, `aired` and
//! `episodes` keys. Specials never count: not as the next regular episode, not as the finale.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Show;
use super::moment::{Clock, Moment, When};

/// A gap this long or longer before the next dated episode is a break.
pub const BREAK_DAYS: i64 = 21;

/// A show premiering within this many days has its episodes kept, as an airing one has.
pub const SOON_DAYS: u64 = 30;

/// Whether `show` (as the user sees it: its premiere on their day) airs on `today`, or
/// premieres within [`SOON_DAYS`]: the shows whose episodes `refresh` fetches and keeps. Other
/// shows' episodes would cost a request each and tell nothing a view shows.
pub fn wants_episodes(show: &Show, today: NaiveDate) -> bool {
    let status = show.implied_status(today).unwrap_or(show.status);
    if status == super::Status::Airing {
        return true;
    }
    let soon = today + chrono::Days::new(SOON_DAYS);
    !status.is_over()
        && matches!(show.premiere, super::premiere::Premiere::Day(day) if day >= today && day <= soon)
}

/// One episode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Episode {
    pub season: u32,
    /// The episode's number in its season; specials have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// A special (TVmaze's `significant_special` or `insignificant_special`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub special: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The day it airs, where it airs (the network's broadcast day), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<NaiveDate>,
    /// When it airs, when the time is known (never a placeholder time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Moment>,
    /// Minutes, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime: Option<u32>,
}

impl Episode {
    /// A regular episode: numbered, and no special.
    pub fn is_regular(&self) -> bool {
        self.number.is_some() && !self.special
    }

    /// When it airs: its moment, else its day.
    pub fn when(&self) -> Option<When> {
        self.at.map(When::At).or(self.day.map(When::Day))
    }

    /// The user's day of it: the local day of its moment, else its day as it is.
    pub fn local_day(&self, clock: &Clock) -> Option<NaiveDate> {
        self.when().map(|w| clock.day_of_when(&w))
    }

    /// Whether it has aired by `clock`'s now (a day without a time: once that day is over).
    pub fn aired(&self, clock: &Clock) -> bool {
        match (self.at, self.day) {
            (Some(at), _) => !clock.to_come(&at),
            (None, Some(day)) => day < clock.today,
            (None, None) => false,
        }
    }

    /// `S2E5`, `S2 special`, or `S2 episode` for a regular one whose number nobody gave (a
    /// next episode typed without the count aired).
    pub fn code(&self) -> String {
        match self.number {
            _ if self.special => format!("S{} special", self.season),
            Some(n) => format!("S{}E{n}", self.season),
            None => format!("S{} episode", self.season),
        }
    }
}

/// Where a season that airs stands on the clock's now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The next regular episode not yet aired.
    pub next: Option<Episode>,
    /// Regular episodes aired.
    pub aired: u32,
    /// Episodes ordered (or listed, when no order is known), when known.
    pub total: Option<u32>,
    /// The season's last regular episode, when every ordered one is listed.
    pub finale: Option<Episode>,
    /// A break: the next regular episode is three weeks or more after the last that aired,
    /// or the listed episodes have all aired and the order is not done.
    pub on_break: Option<Break>,
}

/// A break in a season, and when it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// On the user's day of the next episode.
    Returns(NaiveDate),
    /// Nobody knows yet.
    Tba,
}

impl Progress {
    /// "5 of 10", "5 aired", or nothing when no episode has aired or is known.
    pub fn count_words(&self) -> Option<String> {
        match self.total {
            Some(total) => Some(format!("{} of {total}", self.aired)),
            None if self.aired > 0 => Some(format!("{} aired", self.aired)),
            None => None,
        }
    }

    /// Episodes still to air, when the total is known.
    pub fn left(&self) -> Option<u32> {
        self.total.map(|t| t.saturating_sub(self.aired))
    }
}

/// Where season `season` stands, from its listed `episodes` (any seasons, any order) and the
/// episodes ordered (`order`), on `clock`.
pub fn progress(episodes: &[Episode], season: u32, order: Option<u32>, clock: &Clock) -> Progress {
    let mut regular: Vec<&Episode> = episodes
        .iter()
        .filter(|e| e.season == season && e.is_regular())
        .collect();
    regular.sort_by_key(|e| e.number);
    regular.dedup_by_key(|e| e.number);
    let listed = u32::try_from(regular.len()).unwrap_or(u32::MAX);
    let aired: Vec<&&Episode> = regular.iter().filter(|e| e.aired(clock)).collect();
    let next = regular
        .iter()
        .find(|e| !e.aired(clock))
        .map(|e| (*e).clone());
    let total = order
        .map(|o| o.max(listed))
        .or((listed > 0).then_some(listed));
    let complete = order.is_some_and(|o| listed >= o);
    let last_aired = aired.iter().filter_map(|e| e.local_day(clock)).max();
    let on_break = match (&next, last_aired) {
        (Some(next), Some(last)) => match next.local_day(clock) {
            Some(day) if (day - last).num_days() >= BREAK_DAYS => Some(Break::Returns(day)),
            Some(_) => None,
            None => Some(Break::Tba),
        },
        // Every listed episode has aired, and more are ordered.
        (None, Some(_)) if order.is_some_and(|o| listed < o) => Some(Break::Tba),
        _ => None,
    };
    Progress {
        next,
        aired: u32::try_from(aired.len()).unwrap_or(u32::MAX),
        total,
        finale: complete
            .then(|| regular.last().map(|e| (*e).clone()))
            .flatten(),
        on_break,
    }
}

/// The episodes a show typed by hand carries: its next one (`next`), numbered after the
/// `aired` ones when that count is given.
pub fn typed(show: &Show) -> Vec<Episode> {
    let (Some(season), Some(next)) = (show.season, show.next) else {
        return Vec::new();
    };
    vec![Episode {
        season,
        number: show.aired.map(|a| a + 1),
        special: false,
        name: None,
        day: Some(match next {
            When::Day(day) => day,
            When::At(m) => m.day(),
        }),
        at: next.moment(),
        runtime: None,
    }]
}

/// Where a typed show stands, from its `next`, `aired` and `episodes` keys: nothing when it
/// has neither `next` nor `aired`. A next episode that has passed is no next episode: the
/// user has not typed the one after it yet.
pub fn typed_progress(show: &Show, clock: &Clock) -> Option<Progress> {
    show.season?;
    if show.next.is_none() && show.aired.is_none() {
        return None;
    }
    let next = typed(show).into_iter().find(|e| !e.aired(clock));
    let aired = show.aired.unwrap_or(0);
    let short = next.is_none() && show.next.is_some() && show.episodes.is_some_and(|e| aired < e);
    Some(Progress {
        next,
        aired,
        total: show.episodes,
        finale: None,
        on_break: short.then_some(Break::Tba),
    })
}

/// The episodes of one show, as TVmaze listed them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listing {
    /// TVmaze's change time of the show when they were fetched.
    pub updated: Option<u32>,
    /// The season they are of.
    pub season: u32,
    pub episodes: Vec<Episode>,
}

/// The episodes kept for the linked shows of a watchlist, by TVmaze id (see
/// [`crate::store::episodes`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Listings(BTreeMap<u32, Listing>);

impl Listings {
    /// The episodes of TVmaze show `id`, when kept.
    pub fn listing(&self, id: u32) -> Option<&Listing> {
        self.0.get(&id)
    }

    /// Whether the episodes of TVmaze show `id` are kept as of its change time `updated`, for
    /// season `season`: no need to fetch them again.
    pub fn is_fresh(&self, id: u32, updated: Option<u32>, season: Option<u32>) -> bool {
        self.0
            .get(&id)
            .is_some_and(|l| l.updated == updated && Some(l.season) == season)
    }

    pub fn insert(&mut self, id: u32, listing: Listing) {
        self.0.insert(id, listing);
    }

    /// Keeps only the shows `keep` says to.
    pub fn retain(&mut self, keep: impl Fn(u32) -> bool) {
        self.0.retain(|id, _| keep(*id));
    }

    /// TVmaze's episodes of `show`'s season, when they are kept for that season.
    pub fn kept(&self, show: &Show) -> Option<&[Episode]> {
        let listing = self.0.get(&show.tvmaze?)?;
        (Some(listing.season) == show.season).then_some(listing.episodes.as_slice())
    }

    /// The episodes of `show`'s season: TVmaze's when kept, else those the show's own keys
    /// give (see [`typed`]).
    pub fn of(&self, show: &Show) -> Vec<Episode> {
        match self.kept(show) {
            Some(episodes) => episodes.to_vec(),
            None => typed(show),
        }
    }
}

/// Where the user stands: their clock, and the episodes known.
#[derive(Debug, Clone, Copy)]
pub struct Sight<'a> {
    pub clock: Clock,
    pub listings: &'a Listings,
}

impl Sight<'_> {
    /// Where `show`'s season stands, when it airs or is about to (its premiere day come or
    /// set) and any episode is known: TVmaze's, else the show's own keys'.
    pub fn progress(&self, show: &Show) -> Option<Progress> {
        let season = show.season?;
        match self.listings.kept(show) {
            Some(episodes) if !episodes.is_empty() => {
                Some(progress(episodes, season, show.episodes, &self.clock))
            }
            _ => typed_progress(show, &self.clock),
        }
    }
}

/// What an agenda lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AgendaKind {
    Premiere,
    Episode,
    Finale,
}

impl AgendaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AgendaKind::Premiere => "premiere",
            AgendaKind::Episode => "episode",
            AgendaKind::Finale => "finale",
        }
    }
}

/// An episode of a show's tracked season, and what it is to the season.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeasonEpisode {
    pub kind: AgendaKind,
    pub episode: Episode,
}

/// The episodes of `show`'s tracked season among `episodes`, each once, in the order they
/// air (undated ones last), each with its kind: episode 1 is the premiere, the last regular
/// episode is the finale once every ordered one (`show.episodes`) is listed, and every other
/// one, specials always, is an episode. The agenda and the calendar both ask this, so that
/// they agree on which episode is the premiere and which the finale.
pub fn season_episodes(show: &Show, mut episodes: Vec<Episode>) -> Vec<SeasonEpisode> {
    episodes.retain(|e| Some(e.season) == show.season);
    episodes.sort_by_cached_key(|e| {
        let instant = e.at.map(|m| m.instant());
        (e.day.is_none(), e.day, instant, e.number, e.name.clone())
    });
    // The same episode listed twice is one: a regular one by its number, another by its day
    // and name.
    let mut seen = std::collections::HashSet::new();
    episodes.retain(|e| match e.number.filter(|_| e.is_regular()) {
        Some(n) => seen.insert((Some(n), None, None)),
        None => seen.insert((None, e.day, e.name.clone())),
    });
    let regular = episodes.iter().filter(|e| e.is_regular());
    let complete = show
        .episodes
        .is_some_and(|order| regular.clone().count() >= order as usize);
    let last = regular.filter_map(|e| e.number).max();
    episodes
        .into_iter()
        .map(|episode| {
            let kind = match episode.number {
                _ if !episode.is_regular() => AgendaKind::Episode,
                Some(1) => AgendaKind::Premiere,
                number if complete && number == last => AgendaKind::Finale,
                _ => AgendaKind::Episode,
            };
            SeasonEpisode { kind, episode }
        })
        .collect()
}

/// One line of an agenda: what airs on a local day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaItem<'a> {
    /// The user's day.
    pub date: NaiveDate,
    pub at: Option<Moment>,
    pub show: &'a Show,
    pub kind: AgendaKind,
    pub season: Option<u32>,
    pub episode: Option<u32>,
    pub name: Option<String>,
}

/// What airs from `clock.today` for `days` days (today included): each show's regular
/// episodes (its first a premiere, its last a finale when the order is complete), else the
/// premiere day or the finale the show's keys give. `episodes_of` gives a show's episodes.
/// In order of local day, then moment (timed before untimed on a day), then title.
pub fn agenda<'a>(
    shows: &[&'a Show],
    episodes_of: impl Fn(&Show) -> Vec<Episode>,
    clock: &Clock,
    days: u32,
) -> Vec<AgendaItem<'a>> {
    let last = clock.today + chrono::Days::new(u64::from(days.max(1)) - 1);
    let within = |day: NaiveDate| day >= clock.today && day <= last;
    let mut items = Vec::new();
    for show in shows {
        if show.status.is_over() && show.finale.is_none_or(|f| f < clock.today) {
            continue;
        }
        let listed = season_episodes(show, episodes_of(show));
        let mut premiere_listed = false;
        let mut finale_listed = false;
        // No special airs here, but a typed next episode does, numbered or not (it has no
        // number when the show does not say how many aired).
        for SeasonEpisode { kind, episode } in listed.iter().filter(|l| !l.episode.special) {
            let Some(day) = episode.local_day(clock) else {
                continue;
            };
            premiere_listed |= *kind == AgendaKind::Premiere;
            finale_listed |= *kind == AgendaKind::Finale;
            if within(day) {
                items.push(AgendaItem {
                    date: day,
                    at: episode.at,
                    show,
                    kind: *kind,
                    season: Some(episode.season),
                    episode: episode.number,
                    name: episode.name.clone(),
                });
            }
        }
        // The show's own dates, when no listed episode gave them.
        if !premiere_listed
            && let super::premiere::Premiere::Day(day) = show.premiere
            && within(day)
        {
            items.push(AgendaItem {
                date: day,
                at: show.moment(),
                show,
                kind: AgendaKind::Premiere,
                season: show.season,
                episode: None,
                name: None,
            });
        }
        if !finale_listed
            && let Some(day) = show.finale
            && within(day)
            && !show.finale_provisional
        {
            items.push(AgendaItem {
                date: day,
                at: None,
                show,
                kind: AgendaKind::Finale,
                season: show.season,
                episode: None,
                name: None,
            });
        }
    }
    items.sort_by(|a, b| {
        (a.date, a.at.is_none(), a.at.map(|m| m.instant()))
            .cmp(&(b.date, b.at.is_none(), b.at.map(|m| m.instant())))
            .then_with(|| super::title_key(&a.show.title).cmp(&super::title_key(&b.show.title)))
            .then(a.episode.cmp(&b.episode))
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::moment::zone;

    fn ep(number: Option<u32>, special: bool, at: Option<&str>, day: Option<&str>) -> Episode {
        Episode {
            season: 2,
            number,
            special,
            name: None,
            day: day.map(|d| d.parse().unwrap()),
            at: at.map(|m| m.parse().unwrap()),
            runtime: None,
        }
    }

    fn clock(now: &str, z: &str) -> Clock {
        let now = chrono::DateTime::parse_from_rfc3339(now).unwrap().to_utc();
        Clock::new(zone(z).unwrap(), Some(now), None)
    }

    #[test]
    fn the_next_episode_is_the_first_regular_one_not_aired_and_specials_never_count() {
        let episodes = [
            ep(Some(1), false, Some("2025-01-03 21:00 ET"), None),
            ep(Some(2), false, Some("2025-01-10 21:00 ET"), None),
            ep(None, true, Some("2025-01-12 21:00 ET"), None),
            ep(Some(3), false, Some("2025-01-17 21:00 ET"), None),
        ];
        let p = progress(
            &episodes,
            2,
            Some(3),
            &clock("2025-01-11T12:00:00Z", "Europe/Berlin"),
        );
        assert_eq!(p.next.as_ref().and_then(|e| e.number), Some(3));
        assert_eq!(p.count_words().as_deref(), Some("2 of 3"));
        assert_eq!(p.finale.as_ref().and_then(|e| e.number), Some(3));
        assert_eq!(p.on_break, None);
    }

    #[test]
    fn the_first_episode_is_the_premiere_and_the_last_regular_one_the_finale_never_a_special() {
        let mut show = Show::new("Severance");
        (show.season, show.episodes) = (Some(2), Some(3));
        let episodes = vec![
            ep(Some(3), false, None, Some("2025-01-17")),
            ep(None, true, None, Some("2025-01-24")),
            ep(Some(1), false, None, Some("2025-01-03")),
            ep(Some(2), false, None, Some("2025-01-10")),
            ep(Some(2), false, None, Some("2025-01-10")),
            Episode {
                season: 1,
                ..ep(Some(9), false, None, Some("2022-04-08"))
            },
        ];
        let listed: Vec<(AgendaKind, String)> = season_episodes(&show, episodes.clone())
            .into_iter()
            .map(|l| (l.kind, l.episode.code()))
            .collect();
        use AgendaKind::{Episode as E, Finale, Premiere};
        assert_eq!(
            listed,
            [
                (Premiere, "S2E1".into()),
                (E, "S2E2".into()),
                (Finale, "S2E3".into()),
                (E, "S2 special".into()),
            ]
        );
        // Until every ordered episode is listed, the last one listed is no finale.
        show.episodes = Some(10);
        assert!(
            season_episodes(&show, episodes)
                .iter()
                .all(|l| l.kind != Finale)
        );
        let typed = ep(None, false, None, Some("2025-02-07"));
        assert_eq!(typed.code(), "S2 episode");
    }

    #[test]
    fn three_weeks_without_an_episode_is_a_break_and_a_short_season_returns_tba() {
        let episodes = [
            ep(Some(1), false, None, Some("2025-01-03")),
            ep(Some(2), false, None, Some("2025-01-10")),
            ep(Some(3), false, None, Some("2025-03-03")),
        ];
        let c = clock("2025-01-20T12:00:00Z", "UTC");
        let p = progress(&episodes, 2, Some(10), &c);
        assert_eq!(
            p.on_break,
            Some(Break::Returns("2025-03-03".parse().unwrap()))
        );
        assert_eq!(p.finale, None);
        let short = progress(&episodes[..2], 2, Some(10), &c);
        assert_eq!(short.on_break, Some(Break::Tba));
        assert_eq!(short.count_words().as_deref(), Some("2 of 10"));
        // Two weeks between episodes is no break.
        let weekly = [
            episodes[0].clone(),
            ep(Some(2), false, None, Some("2025-01-17")),
        ];
        assert_eq!(
            progress(&weekly, 2, None, &clock("2025-01-05T00:00:00Z", "UTC")).on_break,
            None
        );
    }
}
