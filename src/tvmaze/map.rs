//! TVmaze's shows as airdate's fields, and the rules by which they update a show: pure, and
//! tested without a network.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::model::{Show, Status};
use crate::premiere::Premiere;

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
    pub number: Option<u32>,
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

    /// The year of the first episode, for telling shows of one name apart.
    pub fn year(&self) -> Option<&str> {
        self.premiered.as_deref().and_then(|p| p.get(..4))
    }
}

fn day(text: &Option<String>) -> Option<NaiveDate> {
    text.as_deref()?.parse().ok()
}

/// What TVmaze says of the season being waited for: the lowest-numbered season that has not
/// ended (no end date, or one from today on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub network: Option<String>,
    pub season: Option<u32>,
    pub status: Option<Status>,
    pub premiere: Premiere,
    pub finale: Option<NaiveDate>,
}

pub fn facts(show: &TvShow, today: NaiveDate) -> Facts {
    let seasons = show
        .embedded
        .as_ref()
        .map(|e| e.seasons.as_slice())
        .unwrap_or_default();
    let waited = seasons
        .iter()
        .filter(|s| s.number.is_some())
        .filter(|s| day(&s.end_date).is_none_or(|end| end >= today))
        .min_by_key(|s| s.number);
    let start = waited.and_then(|s| day(&s.premiere_date));
    let tvmaze = show.status.as_deref().unwrap_or_default();
    let status = match (waited, start, tvmaze) {
        (_, _, "Ended") => Some(Status::Ended),
        (Some(_), Some(start), _) if start <= today => Some(Status::Airing),
        (Some(_), Some(_), _) => Some(Status::Scheduled),
        (_, _, "In Development") => Some(Status::InDevelopment),
        (Some(_), None, _) => Some(Status::Announced),
        (None, _, "Running" | "To Be Determined") => Some(Status::Finished),
        _ => None,
    };
    Facts {
        network: show.channel().map(str::to_string),
        season: waited.and_then(|s| s.number),
        status,
        premiere: start.map_or(Premiere::Tba, Premiere::Day),
        finale: waited.and_then(|s| day(&s.end_date)),
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

/// `show` updated with what TVmaze says, where the user does not know better: a pinned field
/// is never changed; a premiere is never made vaguer (TBA never replaces a date or a window);
/// a production status is kept while TVmaze has no dated season; a user's `cancelled` stays
/// when TVmaze says the show ended.
pub fn apply(show: &Show, facts: &Facts, tv: &TvShow) -> Show {
    let mut new = show.clone();
    let free = |field: &str| !show.pinned.iter().any(|p| p == field);
    if free("network") && facts.network.is_some() {
        new.network = facts.network.clone();
    }
    if free("season") && facts.season.is_some() {
        new.season = facts.season;
    }
    if free("premiere") && !facts.premiere.is_tba() {
        new.premiere = facts.premiere;
    }
    if free("finale") && facts.finale.is_some() {
        new.finale = facts.finale;
    }
    if let Some(status) = facts.status
        && free("status")
    {
        let kept = (PRODUCTION.contains(&show.status) && facts.premiere.is_tba())
            || (show.status == Status::Cancelled && status == Status::Ended);
        if !kept {
            new.status = status;
        }
    }
    if new.status != Status::OnHiatus {
        new.hiatus_reason = None;
    }
    new.tvmaze = Some(tv.id);
    if new.imdb.is_none() {
        new.imdb = tv.imdb().map(str::to_string);
    }
    new.tvmaze_updated = tv.updated;
    new
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
        let f = facts(&tv("Running", &seasons), today);
        assert_eq!(f.season, Some(3));
        assert_eq!(f.status, Some(Status::Announced));
        assert_eq!(f.premiere, Premiere::Tba);
        assert_eq!(f.network.as_deref(), Some("Apple TV"));

        let f = facts(&tv("Running", &seasons), d("2025-02-01"));
        assert_eq!((f.season, f.status), (Some(2), Some(Status::Airing)));
        assert_eq!(f.finale, Some(d("2025-03-21")));
        let f = facts(&tv("Running", &seasons), d("2024-12-01"));
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
            facts(&tv("Running", &done), today).status,
            Some(Status::Finished)
        );
        assert_eq!(
            facts(&tv("To Be Determined", &done), today).status,
            Some(Status::Finished)
        );
        assert_eq!(
            facts(&tv("Ended", &done), today).status,
            Some(Status::Ended)
        );
        assert_eq!(
            facts(&tv("In Development", &[]), today).status,
            Some(Status::InDevelopment)
        );
        assert_eq!(facts(&tv("Something New", &done), today).status, None);
    }

    #[test]
    fn what_the_user_knows_better_wins() {
        let today = d("2025-06-01");
        let undated = tv("Running", &[(3, None, None)]);
        let mut show = Show::new("Severance");
        show.status = Status::InProduction;
        show.premiere = "2026".parse().unwrap();
        let new = apply(&show, &facts(&undated, today), &undated);
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
        let new = apply(&show, &facts(&dated, today), &dated);
        assert_eq!(
            (new.status, new.premiere),
            (Status::Scheduled, Premiere::Day(d("2026-01-16")))
        );

        show.pinned = vec!["premiere".into(), "status".into()];
        let new = apply(&show, &facts(&dated, today), &dated);
        assert_eq!(
            (new.status, new.premiere),
            (show.status, show.premiere),
            "pinned"
        );

        let mut cancelled = Show::new("Kaos");
        cancelled.status = Status::Cancelled;
        let ended = tv("Ended", &[(1, Some("2024-08-29"), Some("2024-08-29"))]);
        assert_eq!(
            apply(&cancelled, &facts(&ended, today), &ended).status,
            Status::Cancelled
        );
    }
}
