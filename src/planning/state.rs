//! A set of chosen candidates with, kept up to date on every change, how many chosen sites
//! cover each point and what each candidate would add: the incremental core of the greedy,
//! swap and set-cover heuristics.

use super::problem::Indexed;

/// Chosen candidates, per-point cover counts and per-candidate marginal gains.
pub(crate) struct CoverState<'a> {
    ix: &'a Indexed<'a>,
    /// Value of each point: its weight (max cover) or 1 (set cover counts points).
    values: &'a [f64],
    count: Vec<u32>,
    gain: Vec<f64>,
    chosen: Vec<bool>,
    covered: f64,
}

impl<'a> CoverState<'a> {
    /// Nothing chosen yet. `values` has one entry per demand point.
    pub fn new(ix: &'a Indexed<'a>, values: &'a [f64]) -> Self {
        let gain = ix
            .covers
            .iter()
            .map(|c| c.iter().map(|&i| values[i as usize]).sum())
            .collect();
        CoverState {
            ix,
            values,
            count: vec![0; values.len()],
            gain,
            chosen: vec![false; ix.candidates()],
            covered: 0.0,
        }
    }

    /// Weights as values, `set` chosen.
    pub fn with(ix: &'a Indexed<'a>, set: &[usize]) -> Self {
        let mut state = CoverState::new(ix, ix.weights);
        for &j in set {
            state.add(j);
        }
        state
    }

    /// Value of the points covered by the chosen set.
    pub fn covered(&self) -> f64 {
        self.covered
    }

    pub fn is_chosen(&self, j: usize) -> bool {
        self.chosen[j]
    }

    /// Value `j` would add to the chosen set (0 for a chosen candidate's own points).
    pub fn gain(&self, j: usize) -> f64 {
        self.gain[j]
    }

    /// How many chosen sites cover point `i`.
    pub fn count(&self, i: u32) -> u32 {
        self.count[i as usize]
    }

    pub fn add(&mut self, j: usize) {
        if self.chosen[j] {
            return;
        }
        self.chosen[j] = true;
        for &i in &self.ix.covers[j] {
            let i = i as usize;
            self.count[i] += 1;
            if self.count[i] == 1 {
                let v = self.values[i];
                self.covered += v;
                for &c in &self.ix.covered_by[i] {
                    self.gain[c as usize] -= v;
                }
            }
        }
    }

    pub fn remove(&mut self, j: usize) {
        if !self.chosen[j] {
            return;
        }
        self.chosen[j] = false;
        for &i in &self.ix.covers[j] {
            let i = i as usize;
            self.count[i] -= 1;
            if self.count[i] == 0 {
                let v = self.values[i];
                self.covered -= v;
                for &c in &self.ix.covered_by[i] {
                    self.gain[c as usize] += v;
                }
            }
        }
    }

    /// The unchosen candidate with the largest gain (lowest index on ties), if any.
    pub fn best_unchosen(&self) -> Option<(usize, f64)> {
        self.best_unchosen_except(None)
    }

    /// As [`Self::best_unchosen`], never returning `skip`.
    pub fn best_unchosen_except(&self, skip: Option<usize>) -> Option<(usize, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for (j, &g) in self.gain.iter().enumerate() {
            if !self.chosen[j] && Some(j) != skip && best.is_none_or(|(_, b)| g > b) {
                best = Some((j, g));
            }
        }
        best
    }

    /// The `k` unchosen candidates with the largest gains (lowest indices on ties).
    pub fn top_unchosen(&self, k: usize) -> Vec<usize> {
        let mut c: Vec<usize> = (0..self.gain.len()).filter(|&j| !self.chosen[j]).collect();
        let order = |a: &usize, b: &usize| self.gain[*b].total_cmp(&self.gain[*a]).then(a.cmp(b));
        if k < c.len() {
            c.select_nth_unstable_by(k, order);
            c.truncate(k);
        }
        c.sort_by(order);
        c
    }

    /// Sum of the `n` largest gains among unchosen candidates: no `n` more sites can add more.
    pub fn top_gains(&self, n: usize) -> f64 {
        let mut g: Vec<f64> = (0..self.gain.len())
            .filter(|&j| !self.chosen[j])
            .map(|j| self.gain[j].max(0.0))
            .collect();
        if n < g.len() {
            g.select_nth_unstable_by(n, |a, b| b.total_cmp(a));
            g.truncate(n);
        }
        g.iter().sum()
    }

    /// The chosen candidates, by index.
    pub fn chosen(&self) -> Vec<usize> {
        (0..self.chosen.len()).filter(|&j| self.chosen[j]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planning::CoverProblem;

    #[test]
    fn incremental_gains_match_a_recount() {
        let p = CoverProblem {
            weights: vec![1.0, 2.0, 4.0, 8.0, 16.0, 0.0],
            covers: vec![vec![0, 1, 2], vec![2, 3], vec![3, 4, 5], vec![0, 4], vec![]],
        };
        let ix = Indexed::new(&p).unwrap();
        let mut s = CoverState::new(&ix, &p.weights);
        for (add, j) in [
            (true, 0),
            (true, 2),
            (false, 0),
            (true, 3),
            (true, 1),
            (false, 2),
        ] {
            if add {
                s.add(j);
            } else {
                s.remove(j);
            }
            let chosen = s.chosen();
            assert_eq!(s.covered(), p.covered_by(&chosen));
            for k in 0..p.covers.len() {
                let mut with = chosen.clone();
                with.push(k);
                assert_eq!(
                    s.gain(k),
                    p.covered_by(&with) - p.covered_by(&chosen),
                    "{k}"
                );
            }
        }
        assert_eq!(s.chosen(), vec![1, 3]);
        // Candidate 0 still adds point 1; 2 and 4 add nothing, the lower index first.
        assert_eq!(s.top_unchosen(2), vec![0, 2]);
    }
}
