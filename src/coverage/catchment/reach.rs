//! The demand→place pairs within reach, stored twice (by demand point and by place) so that
//! both steps of a floating catchment run as straight scans, in parallel, without allocation.

use super::error::CatchmentError;

/// Demand→place pairs with their cost (in the caller's unit), as compressed rows by demand
/// point and, transposed, by place. Pairs beyond a computation's catchment size may be present:
/// the computations skip them, so one `Reach` built with a wide horizon serves several sizes.
#[derive(Debug, Clone, Default)]
pub struct Reach {
    n_supply: usize,
    /// Pairs of demand point `i` are `by_demand_*[demand_offsets[i]..demand_offsets[i + 1]]`.
    demand_offsets: Vec<usize>,
    by_demand_supply: Vec<u32>,
    by_demand_cost: Vec<f64>,
    /// Pairs of place `j` are `by_supply_*[supply_offsets[j]..supply_offsets[j + 1]]`.
    supply_offsets: Vec<usize>,
    by_supply_demand: Vec<u32>,
    by_supply_cost: Vec<f64>,
}

impl Reach {
    /// Builds from `(demand, place, cost)` triples in any order. Indices must be below
    /// `n_demand` / `n_supply`; costs finite and ≥ 0. Duplicated pairs are kept (and counted twice).
    pub fn from_pairs(
        n_demand: usize,
        n_supply: usize,
        pairs: &[(u32, u32, f64)],
    ) -> Result<Self, CatchmentError> {
        check_sizes(n_demand, n_supply, pairs.len())?;
        let mut counts = vec![0usize; n_demand + 1];
        for (index, &(i, j, cost)) in pairs.iter().enumerate() {
            check_pair(index, i as usize, j as usize, cost, n_demand, n_supply)?;
            counts[i as usize + 1] += 1;
        }
        let offsets = prefix_sums(counts);
        let mut next = offsets.clone();
        let mut supply = vec![0u32; pairs.len()];
        let mut cost = vec![0.0; pairs.len()];
        for &(i, j, c) in pairs {
            let at = &mut next[i as usize];
            supply[*at] = j;
            cost[*at] = c;
            *at += 1;
        }
        Ok(Self::with_transpose(n_supply, offsets, supply, cost))
    }

    /// Builds from one row per demand point, each a list of `(place, cost)`: the natural output
    /// of a one-to-many search from each commune.
    pub fn from_rows<R, I>(n_supply: usize, rows: R) -> Result<Self, CatchmentError>
    where
        R: IntoIterator<Item = I>,
        I: IntoIterator<Item = (usize, f64)>,
    {
        let mut offsets = vec![0usize];
        let mut supply = Vec::new();
        let mut cost = Vec::new();
        for (i, row) in rows.into_iter().enumerate() {
            for (j, c) in row {
                check_pair(supply.len(), i, j, c, usize::MAX, n_supply)?;
                supply.push(j as u32);
                cost.push(c);
            }
            offsets.push(supply.len());
        }
        check_sizes(offsets.len() - 1, n_supply, supply.len())?;
        Ok(Self::with_transpose(n_supply, offsets, supply, cost))
    }

    /// Adds the by-place copy (a counting sort: pairs of a place stay in demand order).
    fn with_transpose(
        n_supply: usize,
        demand_offsets: Vec<usize>,
        by_demand_supply: Vec<u32>,
        by_demand_cost: Vec<f64>,
    ) -> Self {
        let mut counts = vec![0usize; n_supply + 1];
        for &j in &by_demand_supply {
            counts[j as usize + 1] += 1;
        }
        let supply_offsets = prefix_sums(counts);
        let mut next = supply_offsets.clone();
        let n = by_demand_supply.len();
        let mut by_supply_demand = vec![0u32; n];
        let mut by_supply_cost = vec![0.0; n];
        for (i, w) in demand_offsets.windows(2).enumerate() {
            for k in w[0]..w[1] {
                let at = &mut next[by_demand_supply[k] as usize];
                by_supply_demand[*at] = i as u32;
                by_supply_cost[*at] = by_demand_cost[k];
                *at += 1;
            }
        }
        Reach {
            n_supply,
            demand_offsets,
            by_demand_supply,
            by_demand_cost,
            supply_offsets,
            by_supply_demand,
            by_supply_cost,
        }
    }

    /// Number of demand points (rows).
    pub fn n_demand(&self) -> usize {
        self.demand_offsets.len().saturating_sub(1)
    }

    /// Number of places.
    pub fn n_supply(&self) -> usize {
        self.n_supply
    }

    /// Number of stored pairs (whatever their cost).
    pub fn n_pairs(&self) -> usize {
        self.by_demand_supply.len()
    }

    /// The `(place, cost)` pairs of one demand point, by increasing place index for rows built
    /// by [`crow_fly_reach`](super::crow_fly_reach), otherwise in the order given.
    pub fn pairs_of(&self, demand: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (s, c) = self.demand_row(demand);
        s.iter().map(|&j| j as usize).zip(c.iter().copied())
    }

    /// The `(demand point, cost)` pairs of one place, by increasing demand index.
    pub fn pairs_to(&self, supply: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let (d, c) = self.supply_row(supply);
        d.iter().map(|&i| i as usize).zip(c.iter().copied())
    }

    /// Places and costs of demand point `i` (empty when out of range).
    pub(super) fn demand_row(&self, i: usize) -> (&[u32], &[f64]) {
        match (self.demand_offsets.get(i), self.demand_offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => (&self.by_demand_supply[a..b], &self.by_demand_cost[a..b]),
            _ => (&[], &[]),
        }
    }

    /// Demand points and costs of place `j` (empty when out of range).
    pub(super) fn supply_row(&self, j: usize) -> (&[u32], &[f64]) {
        match (self.supply_offsets.get(j), self.supply_offsets.get(j + 1)) {
            (Some(&a), Some(&b)) => (&self.by_supply_demand[a..b], &self.by_supply_cost[a..b]),
            _ => (&[], &[]),
        }
    }
}

/// Indices are stored as `u32`.
fn check_sizes(n_demand: usize, n_supply: usize, n_pairs: usize) -> Result<(), CatchmentError> {
    for (field, n) in [
        ("n_demand", n_demand),
        ("n_supply", n_supply),
        ("pairs", n_pairs),
    ] {
        if n > u32::MAX as usize {
            return Err(CatchmentError::Param {
                field,
                value: n.to_string(),
                expected: "at most 4,294,967,295",
            });
        }
    }
    Ok(())
}

fn check_pair(
    index: usize,
    demand: usize,
    supply: usize,
    cost: f64,
    n_demand: usize,
    n_supply: usize,
) -> Result<(), CatchmentError> {
    let expected = if demand >= n_demand {
        format!("a demand index below {n_demand}")
    } else if supply >= n_supply {
        format!("a place index below {n_supply}")
    } else if !(cost.is_finite() && cost >= 0.0) {
        "a finite cost ≥ 0".to_string()
    } else {
        return Ok(());
    };
    Err(CatchmentError::Pair {
        index,
        demand,
        supply,
        cost,
        expected,
    })
}

/// Turns per-row counts (shifted by one) into row offsets.
fn prefix_sums(mut counts: Vec<usize>) -> Vec<usize> {
    for k in 1..counts.len() {
        counts[k] += counts[k - 1];
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_and_rows_give_the_same_reach() {
        let pairs = [(1, 0, 3.0), (0, 1, 2.0), (1, 1, 4.0), (0, 0, 1.0)];
        let a = Reach::from_pairs(3, 2, &pairs).unwrap();
        let b = Reach::from_rows(
            2,
            vec![vec![(1, 2.0), (0, 1.0)], vec![(0, 3.0), (1, 4.0)], vec![]],
        )
        .unwrap();
        for r in [&a, &b] {
            assert_eq!((r.n_demand(), r.n_supply(), r.n_pairs()), (3, 2, 4));
            let mut row0: Vec<_> = r.pairs_of(0).collect();
            row0.sort_by_key(|x| x.0);
            assert_eq!(row0, vec![(0, 1.0), (1, 2.0)]);
            assert_eq!(r.pairs_of(2).count(), 0);
            assert_eq!(r.pairs_to(0).collect::<Vec<_>>(), vec![(0, 1.0), (1, 3.0)]);
            assert_eq!(r.pairs_to(1).collect::<Vec<_>>(), vec![(0, 2.0), (1, 4.0)]);
        }
    }

    #[test]
    fn bad_pairs_are_named() {
        let e = Reach::from_pairs(2, 2, &[(0, 0, 1.0), (0, 2, 1.0)]).unwrap_err();
        assert!(
            matches!(
                e,
                CatchmentError::Pair {
                    index: 1,
                    supply: 2,
                    ..
                }
            ),
            "{e}"
        );
        let e = Reach::from_pairs(2, 2, &[(5, 0, 1.0)]).unwrap_err();
        assert!(e.to_string().contains("demand index below 2"), "{e}");
        let e = Reach::from_rows(2, vec![vec![(0, 1.0)], vec![(1, f64::NAN)]]).unwrap_err();
        assert!(
            matches!(
                e,
                CatchmentError::Pair {
                    index: 1,
                    demand: 1,
                    supply: 1,
                    ..
                }
            ),
            "{e}"
        );
        let e = Reach::from_pairs(1, 1, &[(0, 0, -1.0)]).unwrap_err();
        assert!(e.to_string().contains("finite cost ≥ 0"), "{e}");
    }
}
