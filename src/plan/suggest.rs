//! "Did you mean ...?": the nearest valid word to a misspelt key or value.

/// Edit distance between two words (optimal string alignment: insertions, deletions,
/// substitutions and swaps of two neighbours each cost 1), comparing characters without case
/// and treating `-` and `_` as the same.
pub fn distance(a: &str, b: &str) -> usize {
    let norm = |s: &str| -> Vec<char> {
        s.chars()
            .map(|c| {
                if c == '-' {
                    '_'
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    let (n, m) = (a.len(), b.len());
    // d[i][j]: distance between a[..i] and b[..j], kept as three rolling rows.
    let mut prev2 = vec![0usize; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur = vec![0usize; m + 1];
    for i in 1..=n {
        cur[0] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

/// The candidate closest to `word`, if it is close enough to be a likely misspelling: at most
/// one edit for short words, up to a third of the word's length for longer ones. Ties go to the
/// first candidate.
pub fn nearest<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let allowed = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= allowed)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `"; did you mean `x`?"` or, when nothing is close, `"; expected one of a, b, c"`.
pub fn hint(word: &str, candidates: &[&str]) -> String {
    match nearest(word, candidates.iter().copied()) {
        Some(best) => format!("; did you mean `{best}`?"),
        None if candidates.is_empty() => String::new(),
        None => format!("; expected one of {}", candidates.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("concurency", "concurrency"), 1); // one insertion
        assert_eq!(distance("stpe_timeout", "step_timeout"), 1); // one swap
        assert_eq!(distance("stop-on-fail", "stop_on_fail"), 0); // `-` = `_`
        assert_eq!(distance("Clock", "clock"), 0);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn suggestions() {
        let keys = [
            "concurrency",
            "retries",
            "step_timeout",
            "stop_on_fail",
            "clock",
        ];
        assert_eq!(nearest("concurency", keys), Some("concurrency"));
        assert_eq!(nearest("retrys", keys), Some("retries"));
        assert_eq!(nearest("clok", keys), Some("clock"));
        assert_eq!(nearest("banana", keys), None);
        assert_eq!(
            hint("dom_acuracy", &["dom_accuracy", "identity"]),
            "; did you mean `dom_accuracy`?"
        );
        assert_eq!(hint("zzz", &["a", "b"]), "; expected one of a, b");
    }
}
