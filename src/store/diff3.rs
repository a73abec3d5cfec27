//! A three-way merge of lines, as `diff3 -m` does it: the lines both sides kept as the base
//! had them hold the others in place; a stretch between them that one side changed takes that
//! change, and one both changed differently is a clash, left to the caller.

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// A stretch of the merge.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Lines to keep.
    Clean(Vec<&'a str>),
    /// Lines both sides changed differently from the base's.
    Clash {
        base: Vec<&'a str>,
        ours: Vec<&'a str>,
        theirs: Vec<&'a str>,
    },
}

/// For each line of `base`, the line of `side` that it is, when the side kept it.
pub fn matched(base: &[&str], side: &[&str]) -> Vec<Option<usize>> {
    let mut of = vec![None; base.len()];
    for op in capture_diff_slices(Algorithm::Myers, base, side) {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                of[old_index + k] = Some(new_index + k);
            }
        }
    }
    of
}

/// Merges the lines of `ours` and `theirs`, both made from `base`.
pub fn merge<'a>(base: &[&'a str], ours: &[&'a str], theirs: &[&'a str]) -> Vec<Piece<'a>> {
    let (in_ours, in_theirs) = (matched(base, ours), matched(base, theirs));
    let mut pieces = Vec::new();
    let mut clean: Vec<&str> = Vec::new();
    let (mut i, mut o, mut t) = (0, 0, 0);
    loop {
        // Lines both kept, in step.
        while i < base.len() && in_ours[i] == Some(o) && in_theirs[i] == Some(t) {
            clean.push(base[i]);
            (i, o, t) = (i + 1, o + 1, t + 1);
        }
        if i == base.len() && o == ours.len() && t == theirs.len() {
            break;
        }
        // The next base line both kept: the end of the stretch.
        let next = (i..base.len()).find(|&k| in_ours[k].is_some() && in_theirs[k].is_some());
        let (bi, oi, ti) = match next {
            Some(k) => (k, in_ours[k].unwrap_or(o), in_theirs[k].unwrap_or(t)),
            None => (base.len(), ours.len(), theirs.len()),
        };
        let (b, os, ts) = (&base[i..bi], &ours[o..oi], &theirs[t..ti]);
        if os == b || os == ts {
            clean.extend_from_slice(ts);
        } else if ts == b {
            clean.extend_from_slice(os);
        } else {
            if !clean.is_empty() {
                pieces.push(Piece::Clean(std::mem::take(&mut clean)));
            }
            pieces.push(Piece::Clash {
                base: b.to_vec(),
                ours: os.to_vec(),
                theirs: ts.to_vec(),
            });
        }
        (i, o, t) = (bi, oi, ti);
    }
    if !clean.is_empty() {
        pieces.push(Piece::Clean(clean));
    }
    pieces
}

/// The lines of `text`, each with its line break.
pub fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(base: &str, ours: &str, theirs: &str) -> Vec<Piece<'static>> {
        let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
        merge(&lines(leak(base)), &lines(leak(ours)), &lines(leak(theirs)))
    }

    #[test]
    fn changes_apart_both_land_and_changes_together_clash() {
        assert_eq!(
            run("a\nb\nc\nd\n", "A\nb\nc\nd\n", "a\nb\nc\nD\n"),
            vec![Piece::Clean(vec!["A\n", "b\n", "c\n", "D\n"])]
        );
        assert_eq!(
            run("a\nb\n", "a\nx\n", "a\ny\n"),
            vec![
                Piece::Clean(vec!["a\n"]),
                Piece::Clash {
                    base: vec!["b\n"],
                    ours: vec!["x\n"],
                    theirs: vec!["y\n"]
                }
            ]
        );
        // Both appended: a clash at the end.
        assert!(matches!(
            run("a\n", "a\nx\n", "a\ny\n").last(),
            Some(Piece::Clash { .. })
        ));
        // The same change on both sides is one change.
        assert_eq!(
            run("a\nb\n", "a\nc\n", "a\nc\n"),
            vec![Piece::Clean(vec!["a\n", "c\n"])]
        );
    }
}
