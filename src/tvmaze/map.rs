//! TVmaze's shows as airdate's fields, and the rules by which they update a show: pure, and
//! tested without a network.
//!
//! TVmaze's data is not the watchlist's: a value the watchlist could not hold (a season 0, a
//! day outside the years 1000–9999, a date that is no date) is left out of the show it came
//! with, and said so, rather than stopping the write of every show. A date TVmaze gives that
//! does not read is unknown: it never makes a season count as not ended.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::model::premiere::{self, Premiere};
use crate::model::{Pin, Show, Status};
use crate::term::excerpt;

/// A show as TVmaze describes it; every field it may leave out is optional, and a status it
/// does not know is no error.
#[derive(Debug, Clone, Deserialize)]
pub struct TvShow {
    pub id: u32,
    pub name: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub premiered: Option<String>,
    #[serde(default)]
    pub network: Option<Channel>,
    #[serde(default, rename = "webChannel")]
    pub web_channel: Option<Channel>,
    #[serde(default)]
    pub externals: Option<Externals>,
    #[serde(default)]
    pub updated: Option<u32>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default, rename = "_embedded")]
    pub embedded: Option<Embedded>,
    /// A season's id and how many regular episodes TVmaze lists for it, when they were
    /// counted (see [`TvShow::to_count`]).
    #[serde(skip)]
    pub counted: Option<(u64, u32)>,
}

/// An episode, as far as counting a season's episodes needs: specials have no number.
#[derive(Debug, Clone, Deserialize)]
pub struct TvEpisode {
    #[serde(default)]
    pub number: Option<i64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Channel {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Externals {
    #[serde(default)]
    pub imdb: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Embedded {
    #[serde(default)]
    pub seasons: Vec<TvSeason>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TvSeason {
    #[serde(default)]
    pub id: Option<u64>,
    /// Signed, so that a number the watchlist cannot hold is left out rather than making the
    /// whole answer unreadable.
    #[serde(default)]
    pub number: Option<i64>,
    /// How many episodes were ordered, when TVmaze knows.
    #[serde(default, rename = "episodeOrder")]
    pub episode_order: Option<i64>,
    #[serde(default, rename = "premiereDate")]
    pub premiere_date: Option<String>,
    #[serde(default, rename = "endDate")]
    pub end_date: Option<String>,
}

/// One answer of a search: how well it matches, and the show.
#[derive(Debug, Clone, Deserialize)]
pub struct SearchHit {
    pub score: f64,
    pub show: TvShow,
}

impl TvShow {
    /// The network, else the web channel (streaming shows have no network).
    pub fn channel(&self) -> Option<&str> {
        self.network
            .as_ref()
            .or(self.web_channel.as_ref())
            .map(|c| c.name.as_str())
    }

    pub fn imdb(&self) -> Option<&str> {
        self.externals.as_ref()?.imdb.as_deref()
    }

    /// The id of the season whose episodes are worth counting: the latest with an end date and
    /// an episode order. Only there can the end date be the last episode listed so far rather
    /// than the finale; an earlier season has aired.
    pub fn to_count(&self) -> Option<u64> {
        let seasons = self.embedded.as_ref()?.seasons.iter();
        let dated = seasons.filter(|s| s.end_date.is_some() && s.number.is_some());
        let latest = dated.max_by_key(|s| s.number)?;
        latest.episode_order.filter(|n| *n > 0).and(latest.id)
    }

    /// The year of the first episode, for telling shows of one name apart.
    pub fn year(&self) -> Option<&str> {
        self.premiered.as_deref().and_then(|p| p.get(..4))
    }
}

/// A value TVmaze gave that the watchlist cannot hold, left out of the show: the watchlist's
/// key it was for, TVmaze's value (an excerpt, quoted when it was text) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub field: &'static str,
    pub value: String,
    pub why: &'static str,
}

impl LeftOut {
    /// The warning line for the show called `title`.
    pub fn warning(&self, title: &str) -> String {
        format!(
            "warning: \"{}\": TVmaze's `{}` {} was left out: {}",
            excerpt(title, 200),
            self.field,
            self.value,
            self.why
        )
    }
}

/// Why a number TVmaze gave is left out.
const NOT_POSITIVE: &str = "the watchlist holds whole numbers from 1";

/// Why a date TVmaze gave is unknown.
const NOT_A_DAY: &str = "the watchlist holds days as YYYY-MM-DD, from year 1000 to 9999";

/// A number TVmaze gave for `field`, when the watchlist can hold it (1 or more).
fn positive(field: &'static str, number: i64, left_out: &mut Vec<LeftOut>) -> Option<u32> {
    let kept = u32::try_from(number).ok().filter(|n| *n >= 1);
    if kept.is_none() {
        left_out.push(LeftOut {
            field,
            value: number.to_string(),
            why: NOT_POSITIVE,
        });
    }
    kept
}

/// What TVmaze says of one season, in the watchlist's terms.
struct Season {
    number: u32,
    start: Option<NaiveDate>,
    end: End,
    /// Episodes ordered, when known.
    episodes: Option<u32>,
    /// Fewer episodes listed than ordered: more are to come, whatever the end date says.
    short: bool,
    /// Every ordered episode is listed: the end date is the finale.
    complete: bool,
}

/// When a season ended, as far as TVmaze's data tells.
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    /// No end date: the season has not ended (or has not begun).
    None,
    On(NaiveDate),
    /// An end date that does not read as a day: nobody knows.
    Unknown,
}

/// A date of season `number` for `field`: `Ok(None)` when TVmaze gives none, `Err` (and a
/// warning) when what it gives is not a day the watchlist could hold. The same rule reads the
/// file's days ([`premiere::parse_day`]), so a day taken here is always one the file holds.
fn season_day(
    field: &'static str,
    number: u32,
    text: Option<&str>,
    left_out: &mut Vec<LeftOut>,
) -> Result<Option<NaiveDate>, ()> {
    let Some(text) = text else { return Ok(None) };
    premiere::parse_day(text).map(Some).map_err(|_| {
        left_out.push(LeftOut {
            field,
            value: format!("\"{}\" (season {number})", excerpt(text, 40)),
            why: NOT_A_DAY,
        });
    })
}

/// TVmaze's seasons that the watchlist can name, with their days where they read.
fn seasons(show: &TvShow, left_out: &mut Vec<LeftOut>) -> Vec<Season> {
    let listed = show.embedded.as_ref().map(|e| e.seasons.as_slice());
    let mut out = Vec::new();
    for season in listed.unwrap_or_default() {
        let Some(number) = season.number else {
            continue;
        };
        let Some(number) = positive("season", number, left_out) else {
            continue;
        };
        let start = season_day(
            "premiere",
            number,
            season.premiere_date.as_deref(),
            left_out,
        );
        let start = start.ok().flatten();
        let end = match season_day("finale", number, season.end_date.as_deref(), left_out) {
            Ok(None) => End::None,
            // An end before the start is no day of the season's: unknown.
            Ok(Some(day)) if start.is_some_and(|start| day < start) => {
                left_out.push(LeftOut {
                    field: "finale",
                    value: format!("\"{day}\" (season {number})"),
                    why: "it is before the season's premiere",
                });
                End::Unknown
            }
            Ok(Some(day)) => End::On(day),
            Err(()) => End::Unknown,
        };
        let episodes = season
            .episode_order
            .and_then(|n| u32::try_from(n).ok())
            .filter(|n| *n >= 1);
        let listed = show
            .counted
            .filter(|(id, _)| season.id == Some(*id))
            .map(|(_, n)| n);
        out.push(Season {
            number,
            start,
            end,
            episodes,
            short: matches!((episodes, listed), (Some(order), Some(n)) if n < order),
            complete: matches!((episodes, listed), (Some(order), Some(n)) if n >= order),
        });
    }
    out
}

/// What TVmaze says of the show and of the season being waited for, with only values the
/// watchlist can hold, and those it cannot, left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub tvmaze: Option<u32>,
    pub imdb: Option<String>,
    pub updated: Option<u32>,
    pub network: Option<String>,
    pub season: Option<u32>,
    pub status: Option<Status>,
    pub premiere: Premiere,
    pub finale: Option<NaiveDate>,
    /// The finale is the last episode listed so far, not the last one ordered.
    pub finale_provisional: bool,
    pub episodes: Option<u32>,
    /// TVmaze lists seasons, but none from the watchlist's on: the user is ahead of it (a
    /// renewal TVmaze does not list yet).
    pub behind: bool,
    pub left_out: Vec<LeftOut>,
}

/// What TVmaze says of `show` on `today`, for a watchlist that waits for season `from` (or
/// any). The season waited for is the lowest-numbered one, from `from` on, known not to have
/// ended (no end date, or one from today on): a season TVmaze still lists as running below
/// the watchlist's season is one the user has moved past, never one to go back to, and a
/// season whose end date does not read may have ended. The series counts as between seasons
/// only when every such season is known to have ended.
pub fn facts(show: &TvShow, today: NaiveDate, from: Option<u32>) -> Facts {
    let mut left_out = Vec::new();
    let tvmaze = positive("tvmaze", show.id.into(), &mut left_out);
    let updated = show
        .updated
        .and_then(|t| positive("tvmaze_updated", t.into(), &mut left_out));
    let all = seasons(show, &mut left_out);
    // The watchlist's own season, as TVmaze lists it: what it says of it still holds (its
    // finale confirmed, say) after it has ended.
    let own = from.and_then(|n| all.iter().find(|s| s.number == n));
    let from = from.unwrap_or(1);
    let current: Vec<&Season> = all.iter().filter(|s| s.number >= from).collect();
    // A season whose end date is only its last episode listed so far has not ended.
    let not_ended = |s: &&&Season| match s.end {
        End::None => true,
        End::On(end) => end >= today || s.short,
        End::Unknown => false,
    };
    let waited = current.iter().filter(not_ended).min_by_key(|s| s.number);
    // Between seasons: every season from the watchlist's on is known to have ended. With no
    // season listed at all, TVmaze's word on the show is all there is; with only seasons below
    // the watchlist's, TVmaze does not know the season waited for yet.
    let between = current.iter().all(|s| matches!(s.end, End::On(_)))
        && (!current.is_empty() || all.is_empty());
    let behind = current.is_empty() && !all.is_empty();
    let dated = waited.or(own.as_ref());
    let start = dated.and_then(|s| s.start);
    let tvmaze_status = show.status.as_deref().unwrap_or_default();
    let status = match (waited, waited.and(start), tvmaze_status) {
        (_, _, "Ended") => Some(Status::Ended),
        (Some(_), Some(start), _) if start <= today => Some(Status::Airing),
        (Some(_), Some(_), _) => Some(Status::Scheduled),
        (_, _, "In Development") => Some(Status::InDevelopment),
        (Some(_), None, _) => Some(Status::Announced),
        (None, _, "Running" | "To Be Determined") if between => Some(Status::Finished),
        _ => None,
    };
    Facts {
        tvmaze,
        imdb: show.imdb().map(str::to_string),
        updated,
        network: show.channel().map(str::to_string),
        season: dated.map(|s| s.number),
        status,
        premiere: start.map_or(Premiere::Tba, Premiere::Day),
        finale: dated.and_then(|s| match s.end {
            End::On(day) => Some(day),
            End::None | End::Unknown => None,
        }),
        finale_provisional: dated.is_some_and(|s| !s.complete),
        episodes: dated.and_then(|s| s.episodes),
        behind,
        left_out,
    }
}

/// The statuses of production that TVmaze does not know: kept while it has no date for the
/// season.
const PRODUCTION: [Status; 4] = [
    Status::InDevelopment,
    Status::InProduction,
    Status::OnHiatus,
    Status::PostProduction,
];

/// `show` updated with what TVmaze says of it (`tv`, on `today`), where the user does not know
/// better: a pinned field is never changed; the season never goes below the watchlist's, and
/// a new one starts clean (see [`Show::start_season`]); within a season a premiere is never
/// made vaguer (TBA never replaces a date or a window); a production status, and `announced`,
/// are kept while TVmaze has no dated season, and all of the season while the user is ahead of
/// TVmaze (a renewal it does not list yet); TVmaze's `Ended` ends the show whatever its
/// status, but a user's `cancelled` stays. With it, the values TVmaze gave that the watchlist
/// cannot hold, which were left out: the show returned always validates.
pub fn apply(show: &Show, tv: &TvShow, today: NaiveDate) -> (Show, Vec<LeftOut>) {
    let facts = facts(tv, today, show.season);
    let mut new = show.clone();
    let free = |pin: Pin| !show.is_pinned(pin);
    if free(Pin::Network) && facts.network.is_some() {
        new.network = facts.network.clone();
    }
    // An episode count that could not be had leaves undecided what hangs on it: whether the
    // season is over (a new season, `finished`).
    let uncounted = tv.to_count().is_some() && tv.counted.is_none();
    let rolled = match facts.season {
        Some(_) if uncounted => false,
        Some(season) if free(Pin::Season) && show.season.is_some_and(|s| season > s) => {
            new.start_season(season);
            true
        }
        Some(season) if free(Pin::Season) && show.season.is_none() => {
            new.season = Some(season);
            false
        }
        _ => false,
    };
    // What TVmaze says of its season is about the watchlist's only when they are the same.
    let same_season = facts.season.is_some() && new.season == facts.season;
    if same_season {
        season_dates(&mut new, &facts);
    }
    if free(Pin::Status) && !(uncounted && facts.status == Some(Status::Finished)) {
        let about = facts.season.is_none() || same_season;
        new_status(&mut new, show, &facts, about && !rolled);
    }
    if facts.tvmaze.is_some() {
        new.tvmaze = facts.tvmaze;
    }
    if new.imdb.is_none() {
        new.imdb = facts.imdb;
    }
    new.tvmaze_updated = facts.updated;
    (new, facts.left_out)
}

/// TVmaze's dates of the season the show waits for, where the pins let them: a premiere that
/// is not TBA, a finale (provisional until every ordered episode is listed), the episode order.
fn season_dates(new: &mut Show, facts: &Facts) {
    if !new.is_pinned(Pin::Premiere) && !facts.premiere.is_tba() {
        new.premiere = facts.premiere;
    }
    if !new.is_pinned(Pin::Finale) && facts.finale.is_some() {
        new.finale = facts.finale;
        new.finale_provisional = facts.finale_provisional;
    }
    if facts.episodes.is_some() {
        new.episodes = facts.episodes;
    }
}

/// The status TVmaze's facts give `new` (which was `old`); `same` is whether they are about
/// the season `old` waited for (not a new one, nor one a pinned season keeps it from).
fn new_status(new: &mut Show, old: &Show, facts: &Facts, same: bool) {
    let Some(status) = facts.status else { return };
    if status == Status::Ended {
        // An ended series is never missed; a user's word that it was cancelled stays.
        if old.status != Status::Cancelled {
            new.set_status(Status::Ended);
        }
        return;
    }
    let pinned_away = facts.season.is_some() && new.season != facts.season;
    // TVmaze knows nothing of the season the user waits for yet: nothing it says is about it.
    let kept = facts.behind
        || pinned_away
        || (same && facts.premiere.is_tba() && PRODUCTION.contains(&old.status));
    if !kept {
        new.set_status(status);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tv(status: &str, seasons: &[(u32, Option<&str>, Option<&str>)]) -> TvShow {
        let seasons: Vec<String> = seasons
            .iter()
            .map(|(n, start, end)| {
                let date = |d: &Option<&str>| d.map_or("null".to_string(), |d| format!("\"{d}\""));
                format!(
                    r#"{{"number": {n}, "premiereDate": {}, "endDate": {}}}"#,
                    date(start),
                    date(end)
                )
            })
            .collect();
        serde_json::from_str(&format!(
            r#"{{"id": 44933, "name": "Severance", "status": "{status}", "network": null,
                "webChannel": {{"name": "Apple TV"}}, "externals": {{"imdb": "tt11280740"}},
                "updated": 1700000000, "_embedded": {{"seasons": [{}]}}}}"#,
            seasons.join(",")
        ))
        .unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_season_waited_for_and_its_status() {
        let today = d("2025-06-01");
        let seasons = [
            (1, Some("2022-02-18"), Some("2022-04-08")),
            (2, Some("2025-01-17"), Some("2025-03-21")),
            (3, None, None),
        ];
        let f = facts(&tv("Running", &seasons), today, None);
        assert_eq!(f.season, Some(3));
        assert_eq!(f.status, Some(Status::Announced));
        assert_eq!(f.premiere, Premiere::Tba);
        assert_eq!(f.network.as_deref(), Some("Apple TV"));

        let f = facts(&tv("Running", &seasons), d("2025-02-01"), None);
        assert_eq!((f.season, f.status), (Some(2), Some(Status::Airing)));
        assert_eq!(f.finale, Some(d("2025-03-21")));
        let f = facts(&tv("Running", &seasons), d("2024-12-01"), None);
        assert_eq!(
            (f.season, f.status, f.premiere),
            (
                Some(2),
                Some(Status::Scheduled),
                Premiere::Day(d("2025-01-17"))
            )
        );

        let done = [(1, Some("2022-02-18"), Some("2022-04-08"))];
        assert_eq!(
            facts(&tv("Running", &done), today, None).status,
            Some(Status::Finished)
        );
        assert_eq!(
            facts(&tv("To Be Determined", &done), today, None).status,
            Some(Status::Finished)
        );
        assert_eq!(
            facts(&tv("Ended", &done), today, None).status,
            Some(Status::Ended)
        );
        assert_eq!(
            facts(&tv("In Development", &[]), today, None).status,
            Some(Status::InDevelopment)
        );
        assert_eq!(facts(&tv("Something New", &done), today, None).status, None);
    }

    #[test]
    fn what_the_user_knows_better_wins() {
        let today = d("2025-06-01");
        let undated = tv("Running", &[(3, None, None)]);
        let mut show = Show::new("Severance");
        show.status = Status::InProduction;
        show.premiere = "2026".parse().unwrap();
        let new = apply(&show, &undated, today).0;
        assert_eq!(
            new.status,
            Status::InProduction,
            "a production status is kept"
        );
        assert_eq!(new.premiere, show.premiere, "TBA never replaces a window");
        assert_eq!(
            (new.season, new.tvmaze, new.imdb.as_deref()),
            (Some(3), Some(44933), Some("tt11280740"))
        );

        let dated = tv("Running", &[(3, Some("2026-01-16"), None)]);
        let new = apply(&show, &dated, today).0;
        assert_eq!(
            (new.status, new.premiere),
            (Status::Scheduled, Premiere::Day(d("2026-01-16")))
        );

        show.pinned = vec!["premiere".into(), "status".into()];
        let new = apply(&show, &dated, today).0;
        assert_eq!(
            (new.status, new.premiere),
            (show.status, show.premiere),
            "pinned"
        );

        let mut cancelled = Show::new("Kaos");
        cancelled.status = Status::Cancelled;
        let ended = tv("Ended", &[(1, Some("2024-08-29"), Some("2024-08-29"))]);
        assert_eq!(apply(&cancelled, &ended, today).0.status, Status::Cancelled);
    }

    #[test]
    fn a_season_that_may_have_ended_is_not_the_one_waited_for() {
        let today = d("2025-06-01");
        // An end date that does not read is unknown: season 1 is not "still running".
        let odd = tv(
            "Running",
            &[
                (1, Some("2022-02-18"), Some("sometime in 2022")),
                (2, Some("2025-01-17"), None),
            ],
        );
        let f = facts(&odd, today, None);
        assert_eq!((f.season, f.status), (Some(2), Some(Status::Airing)));
        assert_eq!(f.left_out.len(), 1, "{:?}", f.left_out);
        assert_eq!(
            f.left_out[0].warning("Severance"),
            "warning: \"Severance\": TVmaze's `finale` \"sometime in 2022\" (season 1) was left \
             out: the watchlist holds days as YYYY-MM-DD, from year 1000 to 9999"
        );
        // Nor does an unknown end make the series between seasons.
        let last = tv("Running", &[(1, Some("2022-02-18"), Some("2022-04-31"))]);
        let f = facts(&last, today, None);
        assert_eq!((f.season, f.status), (None, None));
    }

    #[test]
    fn the_season_never_goes_below_the_watchlists() {
        let today = d("2025-06-01");
        // TVmaze still lists season 1 as open, and has season 2 dated.
        let stale = tv(
            "Running",
            &[(1, Some("2022-02-18"), None), (2, Some("2026-01-16"), None)],
        );
        let mut show = Show::new("Severance");
        show.season = Some(2);
        let new = apply(&show, &stale, today).0;
        assert_eq!(
            (new.season, new.status, new.premiere),
            (Some(2), Status::Scheduled, Premiere::Day(d("2026-01-16")))
        );
        // TVmaze knows nothing yet of the season the user waits for: no word on it.
        show.season = Some(3);
        show.status = Status::Announced;
        let new = apply(&show, &stale, today).0;
        assert_eq!(
            (new.season, new.status, new.premiere),
            (Some(3), Status::Announced, Premiere::Tba)
        );
        let done = tv("Running", &[(1, Some("2022-02-18"), Some("2022-04-08"))]);
        assert_eq!(apply(&show, &done, today).0.status, Status::Announced);
    }

    #[test]
    fn values_the_watchlist_cannot_hold_are_left_out_and_the_show_validates() {
        let today = d("2025-06-01");
        let mut odd: TvShow = serde_json::from_str(
            r#"{"id": 0, "name": "Odd", "status": "Running", "network": null,
                "webChannel": {"name": "Web\u001b[2J"}, "updated": 0,
                "_embedded": {"seasons": [
                    {"number": 0, "premiereDate": "2020-01-01", "endDate": null},
                    {"number": -3, "premiereDate": null, "endDate": null},
                    {"number": 4, "premiereDate": "0999-05-01", "endDate": "2025-02-30"}]}}"#,
        )
        .unwrap();
        let (new, left_out) = apply(&Show::new("Odd"), &odd, today);
        let fields: Vec<&str> = left_out.iter().map(|l| l.field).collect();
        assert_eq!(
            fields,
            [
                "tvmaze",
                "tvmaze_updated",
                "season",
                "season",
                "premiere",
                "finale"
            ]
        );
        assert_eq!(left_out[2].value, "0");
        assert_eq!(
            (
                new.season,
                new.premiere,
                new.finale,
                new.tvmaze,
                new.tvmaze_updated
            ),
            (None, Premiere::Tba, None, None, None),
            "season 4 may have ended: its end is unknown"
        );
        assert_eq!(new.status, Status::Announced);
        // The show as a file holds it: its keys, as the store writes them.
        let file = |show: &Show| {
            let mut text = String::from("[[show]]\n");
            for (key, value) in show.fields() {
                let value = match value {
                    serde_json::Value::String(s) => toml_edit::Value::from(s).to_string(),
                    serde_json::Value::Number(n) => n.to_string(),
                    other => panic!("{key} = {other}: not in a new show from TVmaze"),
                };
                text.push_str(&format!("{key} = {value}\n"));
            }
            text
        };
        let store = crate::store::Store::new("watchlist.toml".into());
        let path = std::path::Path::new("watchlist.toml");
        assert!(store.validate(path, &file(&new)).is_ok(), "{}", file(&new));
        // With the days and numbers in range, all of it is kept but seasons 0 and -3.
        odd.id = 7;
        odd.updated = Some(5);
        let season = &mut odd.embedded.as_mut().unwrap().seasons[2];
        season.premiere_date = Some("2026-05-01".into());
        season.end_date = None;
        let (new, left_out) = apply(&Show::new("Odd"), &odd, today);
        assert_eq!(left_out.len(), 2, "{left_out:?}");
        assert_eq!(
            (new.season, new.status, new.premiere),
            (Some(4), Status::Scheduled, Premiere::Day(d("2026-05-01")))
        );
        assert_eq!((new.tvmaze, new.tvmaze_updated), (Some(7), Some(5)));
        assert!(store.validate(path, &file(&new)).is_ok(), "{}", file(&new));
    }
}
