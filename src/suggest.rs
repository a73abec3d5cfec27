//! "Did you mean …?": the closest words to a mistyped one.

/// Edit distance between two strings, counted in characters.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Up to three candidates close enough to `wanted` (compared in lower case) to be a likely
/// typo, closest first.
pub fn closest<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = wanted.to_lowercase();
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .map(|c| (distance(&wanted, &c.to_lowercase()), c))
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
    fn distance_counts_edits() {
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("severence", "severance"), 1);
        assert_eq!(distance("same", "same"), 0);
    }

    #[test]
    fn closest_keeps_only_likely_typos() {
        let words = ["network", "notes", "tags", "title"];
        assert_eq!(closest("netwrok", words.into_iter()), ["network"]);
        assert_eq!(closest("tite", words.into_iter()), ["title"]);
        assert_eq!(closest("tags2", words.into_iter()), ["tags"]);
        assert!(closest("completely different", words.into_iter()).is_empty());
    }
}
