//! "Did you mean …?": the closest words to a mistyped one.

/// Up to three candidates close enough to `wanted` (compared in lower case) to be a likely
/// typo, closest first.
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .map(|c| (strsim::levenshtein(&wanted, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_keeps_only_likely_typos() {
        let words = ["network", "notes", "tags", "title"];
        assert_eq!(closest("netwrok", words.into_iter()), ["network"]);
        assert_eq!(closest("tite", words.into_iter()), ["title"]);
        assert_eq!(closest("tags2", words.into_iter()), ["tags"]);
        assert!(closest("completely different", words.into_iter()).is_empty());
    }
}
