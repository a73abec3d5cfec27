//! Seasons as a property (issue "Seasons that roll over"): random sequences of typed changes
//! (`set --premiere/--status/--note/--finale/--season`, `renew`) and refreshes from the tests'
//! own TVmaze, one a day, over several seasons of one linked show. After every step the show,
//! its seasons and `news` are held to a model the test keeps: the season never steps back (an
//! attempt to go back is refused, exit 2, the file untouched), every event carries the season
//! it is about, a refresh never makes the premiere vaguer within a season, a new season starts
//! at TBA or its own date, each earlier season keeps the dates it had when it was left, and the
//! file stays valid. 16 cases of up to 8 steps: about 2 seconds.

use std::collections::BTreeMap;
use std::fs;

use airdate::model::Status;
use airdate::model::premiere::{Premiere, Season};
use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::common::TestEnv;
use crate::common::tvmaze::{FakeTvmaze, Reply};

const ID: u32 = 44933;
const TITLE: &str = "Severance";

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a day")
}

fn plus(d: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        d + Days::new(days as u64)
    } else {
        d - Days::new(days.unsigned_abs())
    }
}

/// A premiere as a user types it: any form, in the years around the test's days.
fn typed_premiere() -> impl Strategy<Value = Premiere> {
    let year = 2024..=2027i32;
    let seasons = vec![Season::Spring, Season::Summer, Season::Fall, Season::Winter];
    prop_oneof![
        2 => Just(Premiere::Tba),
        1 => year.clone().prop_map(Premiere::Year),
        1 => (year.clone(), 1..=2u8).prop_map(|(y, h)| Premiere::Half(y, h)),
        1 => (year.clone(), 1..=4u8).prop_map(|(y, q)| Premiere::Quarter(y, q)),
        1 => (year.clone(), 1..=3u8).prop_map(|(y, t)| Premiere::Third(y, t)),
        1 => (year.clone(), prop::sample::select(seasons)).prop_map(|(y, s)| Premiere::Season(y, s)),
        2 => (year, 1..=12u32).prop_map(|(y, m)| Premiere::Month(y, m)),
        3 => (0..4 * 365i64).prop_map(|d| Premiere::Day(plus(day("2024-01-01"), d))),
    ]
}

/// A season as TVmaze lists it, relative to the day of the refresh: its premiere (days from
/// that day, or none), how many regular episodes are listed (weekly from the premiere; the end
/// date is the last of them), the episode order when TVmaze knows it, and a special.
#[derive(Debug, Clone)]
struct Listed {
    premiere: Option<i64>,
    episodes: u32,
    order: Option<u32>,
    special: bool,
}

fn listed(premiere: impl Strategy<Value = Option<i64>>) -> impl Strategy<Value = Listed> {
    (
        premiere,
        0..=12u32,
        prop::option::of(6..=13u32),
        any::<bool>(),
    )
        .prop_map(|(premiere, episodes, order, special)| Listed {
            premiere,
            // An undated season has no episodes listed yet.
            episodes: if premiere.is_some() { episodes } else { 0 },
            order,
            special: special && premiere.is_some(),
        })
}

/// What TVmaze answers for the show: its status, how many seasons it lists (the last is the
/// watchlist's season plus `ahead`), the last season and the one before it (earlier ones have
/// long ended), and whether it streams (`network: null`, a `webChannel`).
#[derive(Debug, Clone)]
struct Answer {
    status: &'static str,
    ahead: i64,
    before: Listed,
    last: Listed,
    streaming: bool,
}

fn answer() -> impl Strategy<Value = Answer> {
    let status =
        prop_oneof![4 => Just("Running"), 1 => Just("Ended"), 1 => Just("To Be Determined")];
    let last = prop_oneof![2 => Just(None), 3 => (-80..=200i64).prop_map(Some)];
    (
        status,
        -1..=2i64,
        listed((-420..=-40i64).prop_map(Some)),
        listed(last),
        any::<bool>(),
    )
        .prop_map(|(status, ahead, before, last, streaming)| Answer {
            status,
            ahead,
            before,
            last,
            streaming,
        })
}

/// One season of an answer, in days.
#[derive(Debug, Clone)]
struct TvSeason {
    number: u32,
    id: u64,
    premiere: Option<NaiveDate>,
    end: Option<NaiveDate>,
    order: Option<u32>,
    episodes: u32,
    special: bool,
}

impl Answer {
    /// The seasons listed when the watchlist is at season `current` on `today`, oldest first.
    fn seasons(&self, current: u32, today: NaiveDate) -> Vec<TvSeason> {
        let count = (i64::from(current) + self.ahead).max(1) as u32;
        let season = |number: u32, listed: &Listed, premiere: Option<NaiveDate>| {
            let end = premiere
                .filter(|_| listed.episodes > 0)
                .map(|p| plus(p, 7 * (i64::from(listed.episodes) - 1)));
            TvSeason {
                number,
                id: u64::from(ID) * 100 + u64::from(number),
                premiere,
                end,
                order: listed.order,
                episodes: listed.episodes,
                special: listed.special,
            }
        };
        let last_premiere = self.last.premiere.map(|d| plus(today, d));
        // The season before ends before the last one begins.
        let before_premiere = plus(today, self.before.premiere.unwrap_or(-100));
        let before_premiere = match last_premiere {
            Some(last) => before_premiere.min(plus(last, -7 * 13 - 14)),
            None => before_premiere,
        };
        (1..=count)
            .map(|n| {
                if n == count {
                    season(n, &self.last, last_premiere)
                } else if n + 1 == count {
                    season(n, &self.before, Some(before_premiere))
                } else {
                    let long_ago = plus(before_premiere, -365 * i64::from(count - 1 - n));
                    let done = Listed {
                        premiere: None,
                        episodes: 10,
                        order: Some(10),
                        special: false,
                    };
                    season(n, &done, Some(long_ago))
                }
            })
            .collect()
    }

    /// The show with its seasons as TVmaze's `/shows/{id}?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode` gives it.
    fn show_json(&self, seasons: &[TvSeason], updated: u32) -> String {
        let (network, web) = if self.streaming {
            (
                Value::Null,
                json!({"id": 310, "name": "Apple TV", "country": null, "officialSite": "https://example.com/"}),
            )
        } else {
            (
                json!({"id": 8, "name": "HBO", "country": {"name": "United States", "code": "US", "timezone": "America/New_York"}, "officialSite": null}),
                Value::Null,
            )
        };
        let iso = |d: Option<NaiveDate>| d.map_or(Value::Null, |d| json!(d.to_string()));
        let listed: Vec<Value> = seasons
            .iter()
            .map(|s| {
                json!({
                    "id": s.id,
                    "url": format!("https://example.com/seasons/{}/severance-season-{}", s.id, s.number),
                    "number": s.number,
                    "name": "",
                    "episodeOrder": s.order,
                    "premiereDate": iso(s.premiere),
                    "endDate": iso(s.end),
                    "network": network,
                    "webChannel": web,
                    "image": null,
                    "summary": null,
                    "_links": {"self": {"href": format!("https://example.com/seasons/{}", s.id)}}
                })
            })
            .collect();
        let ended = seasons.last().and_then(|s| s.end);
        json!({
            "id": ID,
            "url": "https://example.com/shows/44933/severance",
            "name": TITLE,
            "type": "Scripted",
            "language": "English",
            "genres": ["Drama", "Science-Fiction", "Thriller"],
            "status": self.status,
            "runtime": null,
            "averageRuntime": 50,
            "premiered": iso(seasons.first().and_then(|s| s.premiere)),
            "ended": if self.status == "Ended" { iso(ended) } else { Value::Null },
            "officialSite": "https://example.com/severance",
            "schedule": {"time": "", "days": ["Friday"]},
            "rating": {"average": 8.4},
            "weight": 99,
            "network": network,
            "webChannel": web,
            "dvdCountry": null,
            "externals": {"tvrage": null, "thetvdb": 371980, "imdb": "tt11280740"},
            "image": null,
            "summary": "<p>Mark leads a team of office workers…</p>",
            "updated": updated,
            "_links": {"self": {"href": "https://example.com/shows/44933"}},
            "_embedded": {"seasons": listed}
        })
        .to_string()
    }

    /// The season's episodes as `/seasons/{id}/episodes` gives them: weekly regular ones, and a
    /// special (no number) on the day of the last.
    fn episodes_json(season: &TvSeason) -> String {
        let start = season.premiere.expect("a dated season");
        let mut episodes: Vec<Value> = (1..=season.episodes)
            .map(|i| {
                json!({
                    "id": season.id * 100 + u64::from(i),
                    "name": format!("Episode {i}"),
                    "season": season.number,
                    "number": i,
                    "type": "regular",
                    "airdate": plus(start, 7 * (i64::from(i) - 1)).to_string(),
                    "airtime": "",
                    "runtime": 50,
                    "rating": {"average": null},
                    "image": null,
                    "summary": null
                })
            })
            .collect();
        if season.special {
            episodes.push(json!({
                "id": season.id * 100 + 99,
                "name": "Inside the Season",
                "season": season.number,
                "number": null,
                "type": "significant_special",
                "airdate": season.end.map(|d| d.to_string()),
                "airtime": "",
                "runtime": 20,
                "rating": {"average": null},
                "image": null,
                "summary": null
            }));
        }
        Value::Array(episodes).to_string()
    }
}

/// The season TVmaze's answer is about for a watchlist at season `from` on `today`: the
/// lowest-numbered one from `from` on that has not ended (no end date, an end date from today
/// on, or fewer episodes listed than ordered in the latest season with an end date and an
/// order, the one airdate counts).
fn waited(seasons: &[TvSeason], from: u32, today: NaiveDate) -> Option<&TvSeason> {
    let counted = seasons
        .iter()
        .filter(|s| s.end.is_some())
        .max_by_key(|s| s.number)
        .filter(|s| s.order.is_some());
    let short = |s: &TvSeason| {
        counted.is_some_and(|c| c.number == s.number) && s.order.is_some_and(|o| s.episodes < o)
    };
    seasons
        .iter()
        .filter(|s| s.number >= from)
        .filter(|s| s.end.is_none_or(|end| end >= today || short(s)))
        .min_by_key(|s| s.number)
}

#[derive(Debug, Clone)]
enum Step {
    Premiere(Premiere),
    Status(Status),
    Note(&'static str),
    /// `set --finale`, so many days from today. Never a day before the season began: airdate
    /// reads such a finale as the season before's (the rule for files from before seasons were
    /// recorded), which is no rule of this property.
    Finale(i64),
    Renew,
    /// `renew --season` the current one plus this (going back, or staying, is refused).
    RenewTo(i64),
    /// `set --season` the current one plus this (going back is refused), maybe with a premiere.
    SetSeason(i64, Option<Premiere>),
    Refresh(Answer),
}

fn step() -> impl Strategy<Value = Step> {
    let notes = vec!["first look released", "trailer released", "casting news"];
    prop_oneof![
        3 => typed_premiere().prop_map(Step::Premiere),
        1 => prop::sample::select(Status::ALL.to_vec()).prop_map(Step::Status),
        1 => prop::sample::select(notes).prop_map(Step::Note),
        1 => (0..150i64).prop_map(Step::Finale),
        2 => Just(Step::Renew),
        1 => (-1..=2i64).prop_map(Step::RenewTo),
        2 => (-2..=2i64, prop::option::of(typed_premiere())).prop_map(|(d, p)| Step::SetSeason(d, p)),
        5 => answer().prop_map(Step::Refresh),
    ]
}

/// What a step runs and what the model expects of it.
struct Plan {
    args: Vec<String>,
    /// airdate must refuse it: exit 2, nothing written (a season going back).
    refused: bool,
    expected: State,
    /// The dates the new season starts with if the step moves the show on to one: those the
    /// user typed with it, or TVmaze's for it.
    own: (Option<Premiere>, Option<NaiveDate>),
}

/// `step`, taken on `today` by a show that was in state `before`; `seasons` are TVmaze's for
/// a refresh.
fn plan(step: &Step, before: State, today: NaiveDate, seasons: &[TvSeason]) -> Plan {
    let set = |option: &str, value: String| vec!["set".into(), TITLE.into(), option.into(), value];
    let mut expected = State {
        day: today,
        ..before
    };
    let mut own = (None, None);
    let new_season = |expected: &mut State, n: u32| {
        expected.season = n;
        expected.premiere = Premiere::Tba;
        expected.finale = None;
    };
    let (args, refused) = match step {
        Step::Premiere(p) => {
            expected.premiere = *p;
            (set("--premiere", p.to_string()), false)
        }
        Step::Status(s) => (set("--status", s.as_str().into()), false),
        Step::Note(note) => (set("--note", (*note).into()), false),
        Step::Finale(days) => {
            let finale = plus(today, *days);
            expected.finale = Some(finale);
            (set("--finale", finale.to_string()), false)
        }
        Step::Renew => {
            new_season(&mut expected, before.season + 1);
            (vec!["renew".into(), TITLE.into()], false)
        }
        Step::RenewTo(delta) => {
            let n = i64::from(before.season) + delta;
            let refused = n <= i64::from(before.season);
            if !refused {
                new_season(&mut expected, n as u32);
            }
            let args = vec![
                "renew".into(),
                TITLE.into(),
                "--season".into(),
                n.to_string(),
            ];
            (args, refused)
        }
        Step::SetSeason(delta, premiere) => {
            let n = i64::from(before.season) + delta;
            let refused = n < i64::from(before.season);
            if !refused && n > i64::from(before.season) {
                new_season(&mut expected, n as u32);
            }
            let mut args = set("--season", n.to_string());
            if let Some(p) = premiere {
                if !refused {
                    expected.premiere = *p;
                }
                own.0 = Some(*p);
                args.extend(["--premiere".into(), p.to_string()]);
            }
            (args, refused)
        }
        Step::Refresh(_) => {
            // The season waited for, else the watchlist's own as TVmaze lists it: what it says
            // of that still holds after it has ended.
            let dated = waited(seasons, before.season, today)
                .or_else(|| seasons.iter().find(|s| s.number == before.season));
            if let Some(w) = dated {
                let premiere = w.premiere.map(Premiere::Day);
                own = (premiere, w.end);
                if w.number > before.season {
                    new_season(&mut expected, w.number);
                    expected.premiere = premiere.unwrap_or(Premiere::Tba);
                    expected.finale = w.end;
                } else {
                    // What TVmaze gives of the same season, and nothing vaguer.
                    expected.premiere = premiere.unwrap_or(before.premiere);
                    expected.finale = w.end.or(before.finale);
                }
            }
            (vec!["refresh".into(), "--all".into()], false)
        }
    };
    Plan {
        args,
        refused,
        expected,
        own,
    }
}

/// The show as the model has it after a step: its season, the season's premiere and finale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct State {
    day: NaiveDate,
    season: u32,
    premiere: Premiere,
    finale: Option<NaiveDate>,
}

/// The premiere a view or event names.
fn premiere_of(value: &Value) -> Premiere {
    value
        .as_str()
        .unwrap_or_else(|| panic!("a premiere: {value}"))
        .parse()
        .unwrap_or_else(|e| panic!("{value}: {e}"))
}

fn day_of(value: &Value) -> Option<NaiveDate> {
    value.as_str().map(day)
}

/// How many days a premiere may fall on: TBA is the vaguest.
fn width(p: Premiere) -> i64 {
    p.window()
        .map_or(i64::MAX, |(start, end)| (end - start).num_days())
}

/// A slip: the window ends later, or the date is withdrawn (README, "slips").
fn slipped(old: Premiere, new: Premiere) -> bool {
    match (old.end(), new.end()) {
        (Some(_), None) => true,
        (Some(old), Some(new)) => new > old,
        (None, _) => false,
    }
}

/// The kind of news a premiere change within a season is.
fn date_kind(old: Premiere, new: Premiere) -> &'static str {
    match (old.window(), new.window()) {
        (None, _) => "date-announced",
        (Some(_), None) => "date-withdrawn",
        _ if slipped(old, new) => "date-slipped",
        (Some((os, oe)), Some((ns, ne))) if ns >= os && ne <= oe => "date-narrowed",
        _ => "date-moved",
    }
}

const DATE_KINDS: [&str; 5] = [
    "date-announced",
    "date-narrowed",
    "date-moved",
    "date-slipped",
    "date-withdrawn",
];

/// The kinds of news a history entry makes (the others are days of premieres and finales).
const HISTORY_KINDS: [&str; 13] = [
    "added",
    "renewed",
    "date-announced",
    "date-narrowed",
    "date-moved",
    "date-slipped",
    "date-withdrawn",
    "status",
    "hiatus",
    "resumed",
    "ended",
    "cancelled",
    "note",
];

/// One run of the property: the show's life so far, as the model has it.
struct Life {
    env: TestEnv,
    server: FakeTvmaze,
    /// The state after each step, the day the show was added first.
    states: Vec<State>,
    /// What each season the show left had then: its premiere and finale.
    left: BTreeMap<u32, (Premiere, Option<NaiveDate>)>,
    /// Every premiere and finale each season was given.
    given: BTreeMap<u32, (Vec<Premiere>, Vec<NaiveDate>)>,
    updated: u32,
}

impl Life {
    fn start(season: u32, premiere: Premiere) -> Life {
        let server = FakeTvmaze::start();
        let mut env = TestEnv::with_file("# mine\nversion = 1\n");
        env.tvmaze = Some(server.url());
        env.today = "2025-01-06".into();
        let season_text = season.to_string();
        let premiere_text = premiere.to_string();
        let _ = env.ok(&[
            "add",
            TITLE,
            "--network",
            "Apple TV",
            "--season",
            &season_text,
            "--premiere",
            &premiere_text,
        ]);
        let _ = env.ok(&["set", TITLE, "--tvmaze", &ID.to_string()]);
        let first = State {
            day: day(&env.today),
            season,
            premiere,
            finale: None,
        };
        let mut life = Life {
            env,
            server,
            states: Vec::new(),
            left: BTreeMap::new(),
            given: BTreeMap::new(),
            updated: 1_700_000_000,
        };
        life.record(first);
        life
    }

    fn now(&self) -> State {
        *self.states.last().expect("the day the show was added")
    }

    fn record(&mut self, state: State) {
        let given = self.given.entry(state.season).or_default();
        given.0.push(state.premiere);
        given.1.extend(state.finale);
        self.states.push(state);
    }

    /// Gives TVmaze's answer for the show, and the episodes of each dated season.
    fn serve(&mut self, answer: &Answer, seasons: &[TvSeason]) {
        self.updated += 1;
        self.server.route(
            &format!("/shows/{ID}?embed[]=seasons&embed[]=nextepisode&embed[]=previousepisode"),
            Reply::Json(answer.show_json(seasons, self.updated)),
        );
        for season in seasons.iter().filter(|s| s.premiere.is_some()) {
            self.server.route(
                &format!("/seasons/{}/episodes", season.id),
                Reply::Json(Answer::episodes_json(season)),
            );
        }
    }

    /// Runs `step` on the day `gap` days later, and checks what it did.
    fn step(&mut self, gap: u64, step: &Step) {
        let before = self.now();
        let today = before.day + Days::new(gap);
        self.env.today = today.to_string();
        let seasons = match step {
            Step::Refresh(answer) => {
                let seasons = answer.seasons(before.season, today);
                self.serve(answer, &seasons);
                seasons
            }
            _ => Vec::new(),
        };
        let plan = plan(step, before, today, &seasons);
        let bytes = fs::read(self.env.file()).unwrap();
        let args: Vec<&str> = plan.args.iter().map(String::as_str).collect();
        let run = self.env.run(&args);
        if plan.refused {
            assert_eq!(run.code, 2, "{args:?} must be refused:\n{run}");
            assert!(run.stderr.starts_with("error: "), "{args:?}:\n{run}");
            let after = fs::read(self.env.file()).unwrap();
            assert_eq!(after, bytes, "{args:?} was refused, but wrote");
        } else {
            assert_eq!(run.code, 0, "{args:?}:\n{run}");
        }
        let check = self.env.run(&["check"]);
        let file = self.env.read();
        assert_eq!(check.code, 0, "invalid after {args:?}:\n{check}\n{file}");

        let context = format!("after {args:?} on {today} ({step:?})\n{file}");
        let shown = self.show();
        let season = shown["season"].as_u64().expect("a season") as u32;
        let was = before.season;
        assert!(
            season >= was,
            "the season stepped back, {was} → {season}, {context}"
        );
        let current = shown["seasons"]
            .as_array()
            .and_then(|s| s.last())
            .expect("the current season");
        let premiere = premiere_of(&shown["premiere"]);
        assert_eq!(premiere_of(&current["premiere"]), premiere, "{context}");
        let finale = day_of(&current["finale"]);
        if season == was {
            if matches!(step, Step::Refresh(_)) {
                // Within a season, a refresh never makes the premiere vaguer: TBA never
                // replaces a date, nor a wider window a narrower one. (The user may.)
                assert!(
                    width(premiere) <= width(before.premiere),
                    "vaguer within season {season}: {} → {premiere}, {context}",
                    before.premiere
                );
            }
        } else {
            // A new season starts at TBA or its own date, never the old one's.
            assert!(
                premiere.is_tba() || Some(premiere) == plan.own.0,
                "season {season} starts at {premiere}, {context}"
            );
            assert!(
                finale.is_none() || finale == plan.own.1,
                "season {season} starts with finale {finale:?}, {context}"
            );
        }
        let got = State {
            day: today,
            season,
            premiere,
            finale,
        };
        assert_eq!(got, plan.expected, "airdate and the model differ {context}");
        if season != was {
            self.left.insert(was, (before.premiere, before.finale));
        }
        self.record(got);
        self.seasons(&shown, &context);
        self.news(&shown, &context);
    }

    fn show(&self) -> Value {
        crate::common::json(&self.env.ok(&["show", TITLE, "--json"]))
    }

    /// The seasons `show --json` lists: every season the show was at, oldest first, the current
    /// last; each earlier one with what it had when the show left it, and its slips counted.
    fn seasons(&self, shown: &Value, context: &str) {
        let seasons = shown["seasons"].as_array().expect("seasons");
        let numbers: Vec<u32> = seasons
            .iter()
            .map(|s| s["number"].as_u64().expect("a season number") as u32)
            .collect();
        let mut visited: Vec<u32> = self.states.iter().map(|s| s.season).collect();
        visited.dedup();
        assert_eq!(numbers, visited, "the seasons listed, {context}");
        assert_eq!(
            numbers.last().copied(),
            Some(self.now().season),
            "{context}"
        );
        for (season, view) in numbers.iter().zip(seasons) {
            let premiere = premiere_of(&view["premiere"]);
            let finale = day_of(&view["finale"]);
            let (had_premiere, had_finale) = self
                .left
                .get(season)
                .copied()
                .unwrap_or((self.now().premiere, self.now().finale));
            assert_eq!(
                (premiere, finale),
                (had_premiere, had_finale),
                "season {season}'s dates, {context}"
            );
            let given = &self.given[season];
            assert!(
                premiere.is_tba() || given.0.contains(&premiere),
                "season {season} has a premiere it was never given, {context}"
            );
            assert!(
                finale.is_none_or(|f| given.1.contains(&f)),
                "season {season} has a finale it was never given, {context}"
            );
            let mut path: Vec<Premiere> = Vec::new();
            for state in self.states.iter().filter(|s| s.season == *season) {
                if path.last() != Some(&state.premiere) {
                    path.push(state.premiere);
                }
            }
            let slips = path.windows(2).filter(|w| slipped(w[0], w[1])).count();
            assert_eq!(
                view["slips"],
                json!(slips),
                "season {season}'s slips ({path:?}), {context}"
            );
        }
    }

    /// `news` since the show was added: each event carries the season it is about, renewals
    /// and premiere changes are said once, on their day, and the days of premieres and finales
    /// are their own season's.
    fn news(&self, shown: &Value, context: &str) {
        let first = self.states[0].day.to_string();
        let news = crate::common::json(&self.env.ok(&["news", "--since", &first, "--json"]));
        let events = news.as_array().expect("a list of events");
        let state_on = |d: NaiveDate| self.states.iter().find(|s| s.day == d);
        let views = shown["seasons"].as_array().unwrap();
        let view = |n: u32| views.iter().find(|v| v["number"] == json!(n));
        for event in events {
            let kind = event["kind"].as_str().unwrap();
            let date = day(event["date"].as_str().unwrap());
            let season = event["season"].as_u64().map(|n| n as u32);
            assert_eq!(event["title"], TITLE, "{event}");
            if HISTORY_KINDS.contains(&kind) {
                let state = state_on(date)
                    .unwrap_or_else(|| panic!("{event} is on no day of a step, {context}"));
                assert_eq!(
                    season,
                    Some(state.season),
                    "{event} is about season {}, {context}",
                    state.season
                );
            } else {
                let n = season.unwrap_or_else(|| panic!("{event} names no season, {context}"));
                let view = view(n)
                    .unwrap_or_else(|| panic!("{event}: season {n} is not listed, {context}"));
                match kind {
                    "premiere" => assert_eq!(
                        premiere_of(&view["premiere"]),
                        Premiere::Day(date),
                        "{event}, {context}"
                    ),
                    "finale" => {
                        assert_eq!(day_of(&view["finale"]), Some(date), "{event}, {context}")
                    }
                    other => panic!("unexpected news {other}: {event}, {context}"),
                }
            }
        }
        // Each step's renewal and premiere change, said once, with the premiere it had before
        // in the same season (a new season's first date is announced, from TBA).
        for pair in self.states.windows(2) {
            let (was, now) = (pair[0], pair[1]);
            let on_day = |kinds: &[&str]| -> Vec<&Value> {
                events
                    .iter()
                    .filter(|e| {
                        e["date"] == json!(now.day.to_string())
                            && kinds.contains(&e["kind"].as_str().unwrap())
                    })
                    .collect()
            };
            let renewed = on_day(&["renewed"]);
            let dates = on_day(&DATE_KINDS);
            let from = if now.season != was.season {
                assert_eq!(renewed.len(), 1, "one renewal on {}, {context}", now.day);
                assert_eq!(renewed[0]["to"], json!(now.season.to_string()), "{context}");
                Premiere::Tba
            } else {
                assert!(
                    renewed.is_empty(),
                    "a renewal on {} without a new season, {context}",
                    now.day
                );
                was.premiere
            };
            if from == now.premiere {
                assert!(
                    dates.is_empty(),
                    "premiere news on {} without a change: {dates:?}, {context}",
                    now.day
                );
            } else {
                assert_eq!(
                    dates.len(),
                    1,
                    "one premiere change on {}, {context}",
                    now.day
                );
                let e = dates[0];
                assert_eq!(
                    (
                        e["kind"].as_str().unwrap(),
                        premiere_of(&e["from"]),
                        premiere_of(&e["to"])
                    ),
                    (date_kind(from, now.premiere), from, now.premiere),
                    "{e}, {context}"
                );
            }
        }
        // Each day of a premiere or finale that has come is news, of its own season.
        let today = day(&self.env.today);
        for v in views {
            let n = v["number"].clone();
            let has = |kind: &str, d: NaiveDate| {
                events.iter().any(|e| {
                    e["kind"] == kind && e["season"] == n && e["date"] == json!(d.to_string())
                })
            };
            if let Premiere::Day(d) = premiere_of(&v["premiere"])
                && d >= self.states[0].day
                && d <= today
            {
                assert!(
                    has("premiere", d),
                    "season {n}'s premiere {d} is not in the news, {context}"
                );
            }
            if let Some(d) =
                day_of(&v["finale"]).filter(|d| *d >= self.states[0].day && *d <= today)
            {
                assert!(
                    has("finale", d),
                    "season {n}'s finale {d} is not in the news, {context}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Random typed changes and refreshes over several seasons: no event of one season is
    /// given another, no season steps back, no refresh makes a date vaguer within a season.
    #[test]
    fn seasons_hold_their_own_facts(
        season in 1..=3u32,
        premiere in typed_premiere(),
        steps in prop::collection::vec((1..=21u64, step()), 1..=8),
    ) {
        let mut life = Life::start(season, premiere);
        for (gap, step) in &steps {
            life.step(*gap, step);
        }
    }
}
