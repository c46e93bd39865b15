//! What a stop is worth: the people it would bring within T minutes of a regular visit who are
//! not yet within T minutes of a place. Demand points are communes; a commune reached by two
//! stops counts once.

/// Demand points and the ones each stop reaches.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StopValues {
    /// Weight of each demand point not yet within T of a place (0 when it already is): its
    /// population, times its fragility when the IFN is loaded.
    pub weights: Vec<f64>,
    /// Population of each demand point (what the report counts).
    pub population: Vec<u64>,
    /// For each stop, the demand points within T of it (sorted, no duplicate).
    pub covers: Vec<Vec<u32>>,
}

/// How many chosen stops reach each demand point, to count each point once.
#[derive(Debug, Clone, PartialEq)]
pub struct Reached {
    count: Vec<u32>,
    pub value: f64,
}

impl StopValues {
    pub fn reached(&self) -> Reached {
        Reached {
            count: vec![0; self.weights.len()],
            value: 0.0,
        }
    }

    /// Weight stop `s` would add to what `r` already reaches.
    pub fn marginal(&self, r: &Reached, s: usize) -> f64 {
        self.covers[s]
            .iter()
            .filter(|&&i| r.count[i as usize] == 0)
            .map(|&i| self.weights[i as usize])
            .sum()
    }

    /// Weight of the demand points at least one of `stops` reaches.
    pub fn value_of(&self, stops: impl IntoIterator<Item = usize>) -> f64 {
        let mut r = self.reached();
        for s in stops {
            self.add(&mut r, s);
        }
        r.value
    }

    /// Population of the demand points with weight that at least one of `stops` reaches.
    pub fn population_of(&self, stops: impl IntoIterator<Item = usize>) -> u64 {
        let mut seen = vec![false; self.weights.len()];
        let mut sum = 0;
        for s in stops {
            for &i in &self.covers[s] {
                let i = i as usize;
                if !seen[i] && self.weights[i] > 0.0 {
                    seen[i] = true;
                    sum += self.population[i];
                }
            }
        }
        sum
    }

    pub fn add(&self, r: &mut Reached, s: usize) {
        for &i in &self.covers[s] {
            let c = &mut r.count[i as usize];
            if *c == 0 {
                r.value += self.weights[i as usize];
            }
            *c += 1;
        }
    }

    pub fn remove(&self, r: &mut Reached, s: usize) {
        for &i in &self.covers[s] {
            let c = &mut r.count[i as usize];
            *c -= 1;
            if *c == 0 {
                r.value -= self.weights[i as usize];
            }
        }
    }

    /// A tolerance under which two values are the same.
    pub fn tolerance(&self) -> f64 {
        1e-9 * self.weights.iter().sum::<f64>().max(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_stops_count_each_point_once() {
        let v = StopValues {
            weights: vec![10.0, 5.0, 0.0],
            population: vec![10, 5, 7],
            covers: vec![vec![0, 1], vec![1, 2], vec![2]],
        };
        assert_eq!(v.value_of([0, 1]), 15.0);
        assert_eq!(v.value_of([1, 2]), 5.0);
        assert_eq!(v.population_of([0, 1, 2]), 15);
        let mut r = v.reached();
        v.add(&mut r, 0);
        assert_eq!(v.marginal(&r, 1), 0.0);
        v.add(&mut r, 1);
        v.remove(&mut r, 0);
        assert_eq!(r.value, 5.0);
        assert_eq!(v.marginal(&r, 0), 10.0);
    }
}
