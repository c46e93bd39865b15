//! Floating catchment accessibility (2SFCA, E2SFCA, gravity).
//! TEMPORARY straightforward version until the real module lands.

pub struct Reach {
    n_supply: usize,
    rows: Vec<Vec<(u32, f64)>>,
}

impl Reach {
    pub fn from_pairs(n_demand: usize, n_supply: usize, pairs: Vec<(u32, u32, f64)>) -> Reach {
        let mut rows = vec![Vec::new(); n_demand];
        for (i, j, c) in pairs {
            rows[i as usize].push((j, c));
        }
        Reach { n_supply, rows }
    }
}

pub enum Decay {
    TwoStep,
    Enhanced { zones: Vec<(f64, f64)> },
    Gravity { beta: f64 },
}

pub struct CatchmentParams {
    pub size: f64,
    pub decay: Decay,
}

fn weight(p: &CatchmentParams, d: f64) -> f64 {
    if d > p.size {
        return 0.0;
    }
    match &p.decay {
        Decay::TwoStep => 1.0,
        Decay::Enhanced { zones } => zones
            .iter()
            .find(|(u, _)| d <= u * p.size)
            .map_or(0.0, |(_, w)| *w),
        Decay::Gravity { beta } => d.max(1.0).powf(-beta),
    }
}

pub fn supply_ratios(r: &Reach, pop: &[f64], supply: &[f64], p: &CatchmentParams) -> Vec<f64> {
    let mut demand = vec![0.0; r.n_supply];
    for (i, row) in r.rows.iter().enumerate() {
        for &(j, c) in row {
            demand[j as usize] += weight(p, c) * pop[i];
        }
    }
    (0..r.n_supply)
        .map(|j| {
            if demand[j] > 0.0 {
                supply[j] / demand[j]
            } else {
                0.0
            }
        })
        .collect()
}

pub fn accessibility(
    r: &Reach,
    ratios: &[f64],
    p: &CatchmentParams,
    include: Option<&[bool]>,
) -> Vec<f64> {
    r.rows
        .iter()
        .map(|row| {
            row.iter()
                .filter(|(j, _)| include.is_none_or(|m| m[*j as usize]))
                .map(|&(j, c)| weight(p, c) * ratios[j as usize])
                .sum()
        })
        .collect()
}

pub fn fca(r: &Reach, pop: &[f64], supply: &[f64], p: &CatchmentParams) -> Vec<f64> {
    let ratios = supply_ratios(r, pop, supply, p);
    accessibility(r, &ratios, p, None)
}
