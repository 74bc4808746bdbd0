//! Shards: `--shard K/N` splits a matrix's cells across N stations or CI runners. Cell `i` in
//! key order goes to shard `i mod N + 1`, so shards are disjoint, cover every cell, and differ in
//! size by at most one; the split depends only on the cell keys.

use std::fmt;
use std::str::FromStr;

use super::model::Cell;

/// Shard `k` of `n` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Shard {
    /// This shard, from 1 to `n`.
    pub k: usize,
    /// Number of shards, at least 1.
    pub n: usize,
}

/// Why a `K/N` text is not a shard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShardError {
    /// Not two whole numbers around a `/`.
    #[error("expected a shard as K/N (e.g. 2/4), found `{0}`")]
    Form(String),
    /// N is zero.
    #[error("shard `{0}`: the number of shards N must be at least 1")]
    NoShards(String),
    /// K outside 1..=N.
    #[error("shard `{text}`: K counts from 1 to {n}, found {k}")]
    OutOfRange {
        /// The text given.
        text: String,
        /// K as given.
        k: usize,
        /// N as given.
        n: usize,
    },
}

impl Shard {
    /// The whole matrix as one shard.
    pub const ALL: Shard = Shard { k: 1, n: 1 };

    /// A checked shard.
    pub fn new(k: usize, n: usize) -> Result<Self, ShardError> {
        let text = format!("{k}/{n}");
        if n == 0 {
            return Err(ShardError::NoShards(text));
        }
        if k == 0 || k > n {
            return Err(ShardError::OutOfRange { text, k, n });
        }
        Ok(Shard { k, n })
    }

    /// The cells of this shard, in key order: every `n`-th cell of the key-ordered list,
    /// starting at the `k`-th.
    pub fn select<'a>(&self, cells: &'a [Cell]) -> Vec<&'a Cell> {
        let mut sorted: Vec<&Cell> = cells.iter().collect();
        sorted.sort_by(|a, b| a.key.cmp(&b.key));
        let (k, n) = (self.k.max(1), self.n.max(1));
        sorted
            .into_iter()
            .enumerate()
            .filter(|(i, _)| i % n == k - 1)
            .map(|(_, c)| c)
            .collect()
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Self, ShardError> {
        let t = s.trim();
        let form = || ShardError::Form(s.to_string());
        let (k, n) = t.split_once('/').ok_or_else(form)?;
        let num = |x: &str| {
            let x = x.trim();
            if x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()) {
                return Err(form());
            }
            x.parse::<usize>().map_err(|_| form())
        };
        let (k, n) = (num(k)?, num(n)?);
        Shard::new(k, n).map_err(|e| match e {
            ShardError::NoShards(_) => ShardError::NoShards(s.to_string()),
            ShardError::OutOfRange { k, n, .. } => ShardError::OutOfRange {
                text: s.to_string(),
                k,
                n,
            },
            other => other,
        })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::model::CellKey;
    use proptest::prelude::*;

    fn cells(count: usize) -> Vec<Cell> {
        (0..count)
            .map(|i| Cell {
                // Keys whose text order differs from creation order.
                key: CellKey::new(&format!("sku{}", (i * 7) % 13), "h", &format!("f{i}")),
                plan: "p.yaml".into(),
                plan_path: "p.yaml".into(),
                plan_sha256: String::new(),
                line: i + 1,
            })
            .collect()
    }

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/4".parse::<Shard>(), Ok(Shard { k: 2, n: 4 }));
        assert_eq!(" 1/1 ".parse::<Shard>(), Ok(Shard::ALL));
        assert_eq!(Shard { k: 3, n: 8 }.to_string(), "3/8");
    }

    #[test]
    fn rejects_bad_shards_with_reasons() {
        let msg = |s: &str| s.parse::<Shard>().map_err(|e| e.to_string());
        assert_eq!(
            msg("0/3"),
            Err("shard `0/3`: K counts from 1 to 3, found 0".into())
        );
        assert_eq!(
            msg("4/3"),
            Err("shard `4/3`: K counts from 1 to 3, found 4".into())
        );
        assert_eq!(
            msg("1/0"),
            Err("shard `1/0`: the number of shards N must be at least 1".into())
        );
        for junk in ["", "3", "a/b", "1/", "/2", "-1/3", "1/2/3", "+1/2", "1.5/3"] {
            assert_eq!(
                msg(junk),
                Err(format!(
                    "expected a shard as K/N (e.g. 2/4), found `{junk}`"
                ))
            );
        }
    }

    #[test]
    fn round_robin_in_key_order() {
        let mut c = cells(3);
        c[0].key = CellKey::new("b", "h", "f");
        c[1].key = CellKey::new("c", "h", "f");
        c[2].key = CellKey::new("a", "h", "f");
        let sku =
            |s: &Shard| -> Vec<String> { s.select(&c).iter().map(|x| x.key.sku.clone()).collect() };
        assert_eq!(sku(&Shard { k: 1, n: 2 }), ["a", "c"]);
        assert_eq!(sku(&Shard { k: 2, n: 2 }), ["b"]);
        assert_eq!(sku(&Shard { k: 3, n: 3 }), ["c"]);
        assert_eq!(sku(&Shard::ALL), ["a", "b", "c"]);
    }

    fn check_partition(n: usize, c: &[Cell]) -> Result<(), String> {
        let count = c.len();
        let mut seen = vec![0usize; count];
        let mut sizes = Vec::new();
        for k in 1..=n {
            let part = Shard::new(k, n).map_err(|e| e.to_string())?.select(c);
            sizes.push(part.len());
            if !part.windows(2).all(|w| w[0].key < w[1].key) {
                return Err(format!("n={n} k={k}: not in key order"));
            }
            for cell in part {
                let i = c
                    .iter()
                    .position(|x| std::ptr::eq(x, cell))
                    .ok_or("foreign cell")?;
                seen[i] += 1;
            }
        }
        if !seen.iter().all(|&s| s == 1) {
            return Err(format!("n={n} count={count}: cells seen {seen:?}"));
        }
        let lo = sizes.iter().min().copied().unwrap_or(0);
        let hi = sizes.iter().max().copied().unwrap_or(0);
        if hi - lo > 1 {
            return Err(format!("n={n} count={count}: sizes {sizes:?}"));
        }
        Ok(())
    }

    #[test]
    fn every_n_and_count_exhaustively() {
        for n in 1..=16 {
            for count in 0..60 {
                assert_eq!(check_partition(n, &cells(count)), Ok(()));
            }
        }
    }

    proptest! {
        #[test]
        fn shards_partition_any_cells(
            n in 1usize..=16,
            keys in proptest::collection::btree_set(("[a-d]{1,3}", "[a-c]", "[a-c]{1,2}"), 0..60),
        ) {
            // Distinct keys in a shuffled order (sorted by the reversed SKU text).
            let mut c: Vec<Cell> = keys
                .into_iter()
                .enumerate()
                .map(|(i, (s, h, f))| Cell {
                    key: CellKey::new(&s, &h, &f),
                    plan: "p.yaml".into(),
                    plan_path: "p.yaml".into(),
                    plan_sha256: String::new(),
                    line: i + 1,
                })
                .collect();
            c.sort_by_key(|x| x.key.sku.chars().rev().collect::<String>());
            prop_assert_eq!(check_partition(n, &c), Ok(()));
        }
    }
}
