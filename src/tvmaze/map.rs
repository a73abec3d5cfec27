//! TVmaze's shows as airdate's fields, and the rules by which they update a show: pure, and
//! tested without a network.
//!
//! TVmaze's data is not the watchlist's: a value the watchlist could not hold (a season 0, a
//! day outside the years 1000–9999, a date that is no date) is left out of the show it came
//! with, and said so, rather than stopping the write of every show. A date TVmaze gives that
//! does not read is unknown: it never makes a season count as not ended.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer};

use crate::model::episode::Episode;
use crate::model::moment::{Moment, Zone};
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
    /// A season's id and its episodes, when they were fetched (`/seasons/ID/episodes`): the
    /// count, the premiere's moment and the episodes kept for the season that airs come from
    /// this one answer.
    #[serde(skip)]
    pub listed: Option<(u64, Vec<TvEpisode>)>,
}

/// An episode as TVmaze lists it. Every field may be missing or null, and one of the wrong
/// type is taken as missing: an odd episode never makes its show or season unreadable.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TvEpisode {
    #[serde(default, deserialize_with = "lenient")]
    pub season: Option<i64>,
    /// Null for specials.
    #[serde(default, deserialize_with = "lenient")]
    pub number: Option<i64>,
    /// `regular`, `significant_special` or `insignificant_special`.
    #[serde(default, rename = "type", deserialize_with = "lenient")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    pub name: Option<String>,
    /// The network's broadcast day, `""` when unknown.
    #[serde(default, deserialize_with = "lenient")]
    pub airdate: Option<String>,
    /// `HH:MM` in the network's zone, `""` when unknown: then `airstamp` is a placeholder.
    #[serde(default, deserialize_with = "lenient")]
    pub airtime: Option<String>,
    /// The moment, RFC 3339 with any offset; null when unknown.
    #[serde(default, deserialize_with = "lenient")]
    pub airstamp: Option<String>,
    /// Minutes.
    #[serde(default, deserialize_with = "lenient")]
    pub runtime: Option<i64>,
}

/// A value of type `T`, or none when it is null, missing or of another type.
fn lenient<'de, D: Deserializer<'de>, T: serde::de::DeserializeOwned>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).ok())
}

/// A network or a web channel.
#[derive(Debug, Clone, Deserialize)]
pub struct Channel {
    pub name: String,
    /// Null for a streaming service of many countries.
    #[serde(default, deserialize_with = "lenient")]
    pub country: Option<Country>,
}

/// The country of a channel: its time zone is the zone of its air times.
#[derive(Debug, Clone, Deserialize)]
pub struct Country {
    /// An IANA name, `America/New_York`.
    #[serde(default)]
    pub timezone: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Externals {
    #[serde(default)]
    pub imdb: Option<String>,
}

/// What the show request embeds: its seasons, and its next and previous episode when they
/// exist (an odd one is left out, see [`TvEpisode`]).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Embedded {
    #[serde(default)]
    pub seasons: Vec<TvSeason>,
    #[serde(default, deserialize_with = "lenient")]
    pub nextepisode: Option<TvEpisode>,
    #[serde(default, deserialize_with = "lenient")]
    pub previousepisode: Option<TvEpisode>,
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

    /// The zone of its air times: the network's country's, else the web channel's; none for
    /// a streaming service of many countries (or a zone the database does not know).
    pub fn zone(&self) -> Option<Zone> {
        let of = |c: &Option<Channel>| {
            let name = c.as_ref()?.country.as_ref()?.timezone.as_deref()?;
            name.parse::<Zone>().ok()
        };
        of(&self.network).or_else(|| of(&self.web_channel))
    }

    /// TVmaze's id of season `number`, when it lists it.
    pub fn season_id(&self, number: u32) -> Option<u64> {
        let seasons = &self.embedded.as_ref()?.seasons;
        let season = seasons
            .iter()
            .find(|s| s.number == Some(i64::from(number)))?;
        season.id
    }

    /// Takes season `season`'s listed `episodes`; when it is the season worth counting (see
    /// [`TvShow::to_count`]), they are its count too, so that one answer serves both.
    pub fn take_listed(&mut self, season: u64, episodes: Vec<TvEpisode>) {
        if self.to_count() == Some(season) {
            let regular = episodes.iter().filter(|e| e.number.is_some()).count();
            self.counted = Some((season, u32::try_from(regular).unwrap_or(u32::MAX)));
        }
        self.listed = Some((season, episodes));
    }

    /// The episodes fetched of season `season`, when they were.
    pub fn listed_of(&self, season: u64) -> Option<&[TvEpisode]> {
        self.listed
            .as_ref()
            .filter(|(id, _)| *id == season)
            .map(|(_, episodes)| episodes.as_slice())
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

/// Why an air time TVmaze gave is left out.
const NOT_A_MOMENT: &str = "an air time is an RFC 3339 moment, such as 2025-01-17T21:00:00-05:00, \
                            from year 1000 to 9999";

/// TVmaze's episode as airdate's, its moment in `zone` (UTC when none). The moment comes from
/// `airstamp` only when `airtime` is real: without one, `airstamp` is a placeholder (a Netflix
/// show's 12:00 UTC) that must never be shown as a time. The moment decides the day a user
/// sees; `day` is the network's broadcast day, which for a 04:00 show is the day before.
/// None when the episode names no season or number the watchlist can hold; a value that
/// does not read is left out, and said in `left_out`.
pub fn episode(tv: &TvEpisode, zone: Option<Zone>, left_out: &mut Vec<LeftOut>) -> Option<Episode> {
    let season = u32::try_from(tv.season?).ok().filter(|n| *n >= 1)?;
    let number = match tv.number {
        Some(n) => Some(u32::try_from(n).ok().filter(|n| *n >= 1)?),
        None => None,
    };
    let code = match number {
        Some(n) => format!("S{season}E{n}"),
        None => format!("S{season} special"),
    };
    let day = match tv.airdate.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => premiere::parse_day(text)
            .map_err(|_| {
                left_out.push(LeftOut {
                    field: "episodes",
                    value: format!("\"{}\" ({code} airdate)", excerpt(text, 40)),
                    why: NOT_A_DAY,
                });
            })
            .ok(),
    };
    let timed = tv
        .airtime
        .as_deref()
        .is_some_and(|t| chrono::NaiveTime::parse_from_str(t.trim(), "%H:%M").is_ok());
    let at = match tv.airstamp.as_deref() {
        Some(stamp) if timed => {
            let moment = DateTime::parse_from_rfc3339(stamp.trim())
                .ok()
                .map(|t| Moment::from_instant(t.with_timezone(&Utc), zone.unwrap_or(Zone::UTC)))
                .filter(|m| premiere::parse_day(&m.day().to_string()).is_ok());
            if moment.is_none() {
                left_out.push(LeftOut {
                    field: "episodes",
                    value: format!("\"{}\" ({code} airstamp)", excerpt(stamp, 40)),
                    why: NOT_A_MOMENT,
                });
            }
            moment
        }
        _ => None,
    };
    Some(Episode {
        season,
        number,
        special: number.is_none() || tv.kind.as_deref().is_some_and(|k| k.contains("special")),
        name: tv.name.clone().filter(|n| !n.trim().is_empty()),
        day,
        at,
        runtime: tv
            .runtime
            .and_then(|r| u32::try_from(r).ok())
            .filter(|r| *r >= 1),
    })
}

/// TVmaze's episodes as airdate's, in the show's `zone` (see [`episode`]); what does not
/// read is left out of them.
pub fn episodes(listed: &[TvEpisode], zone: Option<Zone>) -> (Vec<Episode>, Vec<LeftOut>) {
    let mut left_out = Vec::new();
    let episodes = listed
        .iter()
        .filter_map(|e| episode(e, zone, &mut left_out))
        .collect();
    (episodes, left_out)
}

/// The moment of `season`'s premiere, when TVmaze knows its time: its first regular episode
/// (E1), from the season's episodes when they were fetched, else the embedded next or
/// previous episode when it is that one. Never invented: a show's usual slot
/// (`schedule.time`) is no episode's time.
fn premiere_moment(show: &TvShow, season: &Season, left_out: &mut Vec<LeftOut>) -> Option<Moment> {
    let is_first = |e: &&TvEpisode| {
        e.season == Some(i64::from(season.number))
            && e.number == Some(1)
            && !e.kind.as_deref().is_some_and(|k| k.contains("special"))
    };
    let listed = season
        .id
        .and_then(|id| show.listed_of(id))
        .unwrap_or_default();
    let embedded = show.embedded.as_ref();
    let first = listed.iter().find(is_first).or_else(|| {
        let next = embedded.and_then(|e| e.nextepisode.as_ref());
        let previous = embedded.and_then(|e| e.previousepisode.as_ref());
        next.into_iter().chain(previous).find(is_first)
    })?;
    episode(first, show.zone(), left_out)?.at
}

/// What TVmaze says of one season, in the watchlist's terms.
struct Season {
    /// TVmaze's id of it.
    id: Option<u64>,
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
            id: season.id,
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
    /// The premiere's moment, when TVmaze knows its time (see [`premiere_moment`]): then
    /// `premiere` is its day.
    pub premiere_at: Option<Moment>,
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
    let premiere_at = dated.and_then(|s| premiere_moment(show, s, &mut left_out));
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
        premiere: premiere_at
            .map(|m| m.day())
            .or(start)
            .map_or(Premiere::Tba, Premiere::Day),
        premiere_at,
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
/// is not TBA, with its moment when known (a premiere that moves to a day without a known time
/// loses the moment it had; a pinned one keeps both), a finale (provisional until every
/// ordered episode is listed), the episode order.
fn season_dates(new: &mut Show, facts: &Facts) {
    if !new.is_pinned(Pin::Premiere) {
        match facts.premiere_at {
            Some(at) => {
                new.premiere = Premiere::Day(at.day());
                new.premiere_at = Some(at);
            }
            // TVmaze's day of a premiere whose moment is known, once its first episode is
            // no longer embedded: the broadcast day, at most a day from the moment's (a 04:00
            // show's is the day before). No move, and no slip to record.
            None if new
                .moment()
                .is_some_and(|at| near(facts.premiere, at.day())) => {}
            None if !facts.premiere.is_tba() => {
                if new.premiere != facts.premiere {
                    new.premiere_at = None;
                }
                new.premiere = facts.premiere;
            }
            None => {}
        }
    }
    if !new.is_pinned(Pin::Finale) && facts.finale.is_some() {
        new.finale = facts.finale;
        new.finale_provisional = facts.finale_provisional;
    }
    if facts.episodes.is_some() {
        new.episodes = facts.episodes;
    }
}

/// Whether `premiere` is a day at most one day from `day`.
fn near(premiere: Premiere, day: NaiveDate) -> bool {
    matches!(premiere, Premiere::Day(d) if (d - day).num_days().abs() <= 1)
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

    fn tv_episode(json: &str) -> TvEpisode {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn an_episode_has_a_moment_only_with_a_real_air_time() {
        let new_york = Some("America/New_York".parse().unwrap());
        let mut left_out = Vec::new();
        // A 04:00 show: broadcast on the 3rd, on the 4th in New York.
        let early = tv_episode(
            r#"{"season": 1, "number": 1, "type": "regular", "airdate": "2025-02-03",
                "airtime": "04:00", "airstamp": "2025-02-04T09:00:00+00:00", "runtime": 30}"#,
        );
        let e = episode(&early, new_york, &mut left_out).unwrap();
        assert_eq!(
            e.at.unwrap().to_string(),
            "2025-02-04 04:00 America/New_York"
        );
        assert_eq!(e.day, Some(d("2025-02-03")));
        assert_eq!((e.special, e.runtime), (false, Some(30)));
        // Netflix's placeholder noon, and an HBO special's 17:00Z: no time at all.
        for placeholder in [
            r#"{"season": 1, "number": 2, "airdate": "2025-03-20", "airtime": "",
                "airstamp": "2025-03-20T12:00:00+00:00"}"#,
            r#"{"season": 1, "number": null, "type": "significant_special",
                "airdate": "2025-01-12", "airtime": "", "airstamp": "2025-01-12T17:00:00Z"}"#,
        ] {
            let e = episode(&tv_episode(placeholder), None, &mut left_out).unwrap();
            assert_eq!(e.at, None, "{placeholder}");
            assert!(e.day.is_some());
        }
        // Without a zone, the moment is told in UTC; an older answer's offset is the same
        // moment.
        let older = tv_episode(
            r#"{"season": 2, "number": 3, "airdate": "2025-03-14", "airtime": "21:00",
                "airstamp": "2025-03-14T21:00:00-04:00"}"#,
        );
        let e = episode(&older, None, &mut left_out).unwrap();
        assert_eq!(e.at.unwrap().to_string(), "2025-03-15 01:00 UTC");
        assert!(left_out.is_empty(), "{left_out:?}");
    }

    #[test]
    fn an_odd_episode_is_left_out_not_the_show() {
        let mut left_out = Vec::new();
        let odd = tv_episode(
            r#"{"season": 1, "number": 4, "airdate": "2025-02-30", "airtime": "21:00",
                "airstamp": "soon", "runtime": "long", "name": 7}"#,
        );
        let e = episode(&odd, None, &mut left_out).unwrap();
        assert_eq!((e.day, e.at, e.runtime, e.name), (None, None, None, None));
        let fields: Vec<String> = left_out.iter().map(|l| l.value.clone()).collect();
        assert_eq!(
            fields,
            ["\"2025-02-30\" (S1E4 airdate)", "\"soon\" (S1E4 airstamp)"]
        );
        assert!(
            episode(
                &tv_episode(r#"{"season": 0, "number": 1}"#),
                None,
                &mut left_out
            )
            .is_none()
        );
        // A show whose embedded episode is not an object still reads.
        let show: TvShow = serde_json::from_str(
            r#"{"id": 1, "name": "A", "network": {"name": "N", "country": {"timezone": "Europe/Berlin"}},
                "_embedded": {"seasons": [], "nextepisode": "tomorrow"}}"#,
        )
        .unwrap();
        assert!(show.embedded.unwrap().nextepisode.is_none());
    }

    #[test]
    fn the_zone_is_the_networks_else_the_web_channels_else_none() {
        let show = |network: &str, web: &str| -> TvShow {
            serde_json::from_str(&format!(
                r#"{{"id": 1, "name": "A", "network": {network}, "webChannel": {web}}}"#
            ))
            .unwrap()
        };
        let tokyo = r#"{"name": "NHK", "country": {"timezone": "Asia/Tokyo"}}"#;
        let london = r#"{"name": "BBC iPlayer", "country": {"timezone": "Europe/London"}}"#;
        let everywhere = r#"{"name": "Netflix", "country": null}"#;
        assert_eq!(
            show(tokyo, london).zone().map(|z| z.name()),
            Some("Asia/Tokyo")
        );
        assert_eq!(
            show("null", london).zone().map(|z| z.name()),
            Some("Europe/London")
        );
        assert_eq!(show("null", everywhere).zone(), None);
    }

    /// A New York show whose season 2 premieres on `premiere`, with its first episode embedded
    /// as the next one when `stamp` is given.
    fn premiering(premiere: &str, stamp: Option<&str>) -> TvShow {
        let next = stamp.map_or(String::new(), |stamp| {
            format!(
                r#", "nextepisode": {{"season": 2, "number": 1, "type": "regular",
                    "airdate": "{premiere}", "airtime": "21:00", "airstamp": "{stamp}"}}"#
            )
        });
        serde_json::from_str(&format!(
            r#"{{"id": 9, "name": "A", "status": "Running",
                "network": {{"name": "ABC", "country": {{"timezone": "America/New_York"}}}},
                "_embedded": {{"seasons": [{{"id": 902, "number": 2, "premiereDate": "{premiere}",
                    "endDate": null}}]{next}}}}}"#
        ))
        .unwrap()
    }

    #[test]
    fn the_premiere_moment_comes_from_the_first_episode_and_a_pin_keeps_both() {
        let today = d("2025-01-01");
        let mut show = Show::new("A");
        show.season = Some(2);
        let timed = premiering("2025-01-17", Some("2025-01-18T02:00:00+00:00"));
        let new = apply(&show, &timed, today).0;
        assert_eq!(new.premiere, Premiere::Day(d("2025-01-17")));
        assert_eq!(
            new.premiere_at.map(|m| m.to_string()).as_deref(),
            Some("2025-01-17 21:00 America/New_York")
        );
        // The same day without a known time keeps the moment; another day drops it.
        let untimed = premiering("2025-01-17", None);
        assert_eq!(apply(&new, &untimed, today).0.premiere_at, new.premiere_at);
        // A 04:00 show's broadcast day, the day before its moment, once the episode is no
        // longer embedded: no move.
        let mut early = new.clone();
        early.premiere = Premiere::Day(d("2025-01-18"));
        early.premiere_at = "2025-01-18 04:00 America/New_York".parse().ok();
        let later = apply(&early, &untimed, today).0;
        assert_eq!(
            (later.premiere, later.premiere_at),
            (early.premiere, early.premiere_at)
        );
        let moved = apply(&new, &premiering("2025-01-24", None), today).0;
        assert_eq!(
            (moved.premiere, moved.premiere_at),
            (Premiere::Day(d("2025-01-24")), None)
        );
        let mut pinned = new.clone();
        pinned.pinned = vec!["premiere".into()];
        let kept = apply(&pinned, &premiering("2025-01-24", None), today).0;
        assert_eq!(
            (kept.premiere, kept.premiere_at),
            (new.premiere, new.premiere_at)
        );
    }
}
