//! Property tests: premiere dates round-trip and order consistently; any bytes given as a
//! watchlist are either read or refused, never a panic and never a write; and random edits
//! through the library agree with a simple model, keeping the user's comment and unknown key.

use std::collections::BTreeMap;
use std::fs;

use airdate::model::premiere::{Premiere, Season};
use airdate::model::{Show, Status, title_key};
use airdate::store::Store;
use chrono::NaiveDate;
use proptest::prelude::*;

pub fn premiere() -> impl Strategy<Value = Premiere> {
    let year = 1900..2200i32;
    prop_oneof![
        Just(Premiere::Tba),
        year.clone().prop_map(Premiere::Year),
        (year.clone(), 1..=2u8).prop_map(|(y, h)| Premiere::Half(y, h)),
        (year.clone(), 1..=4u8).prop_map(|(y, q)| Premiere::Quarter(y, q)),
        (year.clone(), 1..=12u32).prop_map(|(y, m)| Premiere::Month(y, m)),
        (year.clone(), 1..=3u8).prop_map(|(y, t)| Premiere::Third(y, t)),
        (
            year.clone(),
            prop::sample::select(vec![
                Season::Spring,
                Season::Summer,
                Season::Fall,
                Season::Winter
            ])
        )
            .prop_map(|(y, s)| Premiere::Season(y, s)),
        (0..100_000i64).prop_map(|d| Premiere::Day(
            NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(d as u64)
        )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn premieres_round_trip(p in premiere()) {
        let text = p.to_string();
        prop_assert_eq!(text.parse::<Premiere>().unwrap(), p);
        prop_assert_eq!(text.to_lowercase().parse::<Premiere>().unwrap(), p);
    }

    #[test]
    fn premiere_order_is_total_and_follows_windows(a in premiere(), b in premiere(), c in premiere()) {
        // Antisymmetric and transitive, equal only when the same.
        prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
        prop_assert_eq!(a == b, a.cmp(&b).is_eq());
        if a <= b && b <= c {
            prop_assert!(a <= c);
        }
        match (a.window(), b.window()) {
            // By the last day the premiere can fall on, then the narrower window.
            (Some((sa, ea)), Some((sb, eb))) => {
                if ea < eb { prop_assert!(a < b); }
                if ea == eb && ea - sa < eb - sb { prop_assert!(a < b, "the narrower window first"); }
            }
            (Some(_), None) => prop_assert!(a < b, "TBA last"),
            _ => {}
        }
    }
}

const SEED: &str = include_str!("../../examples/watchlist.toml");

/// Bytes near a valid watchlist: the example with a few bytes changed, inserted or removed.
fn damaged() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((0..SEED.len(), any::<u8>(), 0..3u8), 1..6).prop_map(|edits| {
        let mut bytes = SEED.as_bytes().to_vec();
        for (at, byte, kind) in edits {
            let at = at.min(bytes.len().saturating_sub(1));
            match kind {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every command, on any bytes: success, or exit 1 with `error:`; never a panic, and a
    /// file that is refused is never written.
    #[test]
    fn any_bytes_are_read_or_refused(bytes in prop_oneof![damaged(), prop::collection::vec(any::<u8>(), 0..200)]) {
        let env = crate::common::TestEnv::new();
        fs::write(env.file(), &bytes).unwrap();
        let valid = env.run(&["check"]).code == 0;
        for args in [&["list"][..], &["upcoming", "--tba"], &["set", "sev", "--season", "9"], &["add", "Brand New"]] {
            let run = env.run(args);
            prop_assert!(!run.stderr.contains("panicked"), "{args:?}: {run}");
            prop_assert!(run.code == 0 || (run.code == 1 && run.stderr.starts_with("error: ")), "{args:?}: {run}");
            if !valid {
                prop_assert_eq!(run.code, 1, "{:?} accepted a file `check` refused", args);
                prop_assert_eq!(fs::read(env.file()).unwrap(), bytes.clone(), "{:?} wrote a refused file", args);
            }
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Add(u8),
    Set(u8, u32, Premiere),
    Renew(u8),
    Remove(u8),
}

fn op() -> impl Strategy<Value = Op> {
    let title = 0..12u8;
    prop_oneof![
        title.clone().prop_map(Op::Add),
        (title.clone(), 1..20u32, premiere()).prop_map(|(t, s, p)| Op::Set(t, s, p)),
        title.clone().prop_map(Op::Renew),
        title.prop_map(Op::Remove),
    ]
}

const HAND_WRITTEN: &str = "# kept by hand\nversion = 1\nowner = \"me\"  # mine\n";

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_agree_with_a_model(ops in prop::collection::vec(op(), 1..24), indexed in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        // Without the cache, every edit parses the file.
        let cache = dir.path().join("cache");
        let path = dir.path().join("watchlist.toml");
        fs::write(&path, HAND_WRITTEN).unwrap();
        let store = Store::with_cache_dir(path.clone(), indexed.then_some(cache.as_path()));
        // The model: title → (season, premiere).
        let mut model: BTreeMap<String, (Option<u32>, Premiere)> = BTreeMap::new();
        for op in ops {
            if indexed {
                // A read first, so that the edit goes through the index.
                let _ = store.load().unwrap();
            }
            let name = |t: u8| format!("Show {t}");
            store.edit(|editor| {
                let find = |title: &str| editor.titles().iter().position(|t| title_key(t) == title_key(title));
                match &op {
                    Op::Add(t) if find(&name(*t)).is_none() => {
                        editor.push(Show::new(name(*t)));
                        model.insert(name(*t), (None, Premiere::Tba));
                    }
                    Op::Set(t, season, premiere) => if let Some(i) = find(&name(*t)) {
                        let mut show = editor.show(i);
                        show.season = Some(*season);
                        show.premiere = *premiere;
                        editor.update(i, show);
                        model.insert(name(*t), (Some(*season), *premiere));
                    },
                    Op::Renew(t) => if let Some(i) = find(&name(*t)) {
                        let mut show = editor.show(i);
                        show.season = Some(show.season.unwrap_or(0) + 1);
                        show.status = Status::Announced;
                        show.premiere = Premiere::Tba;
                        let season = show.season;
                        editor.update(i, show);
                        model.insert(name(*t), (season, Premiere::Tba));
                    },
                    Op::Remove(t) => if let Some(i) = find(&name(*t)) {
                        editor.remove(i);
                        model.remove(&name(*t));
                    },
                    _ => {}
                }
                Ok(())
            }).unwrap();
            let text = fs::read_to_string(&path).unwrap();
            prop_assert!(text.starts_with(HAND_WRITTEN), "{text}");
            let mut shows: Vec<(String, (Option<u32>, Premiere))> = store
                .load()
                .unwrap()
                .into_iter()
                .map(|s| (s.title, (s.season, s.premiere)))
                .collect();
            shows.sort_by(|a, b| a.0.cmp(&b.0));
            let expected: Vec<(String, (Option<u32>, Premiere))> = model.clone().into_iter().collect();
            prop_assert_eq!(shows, expected);
            prop_assert!(store.check().unwrap().errors().next().is_none(), "{text}");
        }
    }
}
