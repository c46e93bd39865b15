//! Pairs within a straight-line radius, for a catchment by distance when no road network is
//! loaded (and for benchmarks: the national instance of France Services sites).

use super::error::CatchmentError;
use super::reach::Reach;
use crate::spatial::PlaceIndex;
use rayon::prelude::*;

/// Every demand→place pair within `radius_m` as the crow flies (haversine), cost in metres.
/// Points are `(lon, lat)` in WGS84; `None` points have no pair. Rows list places by
/// increasing index, so the result does not depend on the R-tree's order.
pub fn crow_fly_reach(
    demand: &[Option<(f64, f64)>],
    supply: &[Option<(f64, f64)>],
    radius_m: f64,
) -> Result<Reach, CatchmentError> {
    if !(radius_m.is_finite() && radius_m >= 0.0) {
        return Err(CatchmentError::Param {
            field: "radius_m",
            value: radius_m.to_string(),
            expected: "a finite distance ≥ 0",
        });
    }
    let index = PlaceIndex::new(supply);
    let rows: Vec<Vec<(usize, f64)>> = demand
        .par_iter()
        .with_min_len(64)
        .map(|point| {
            let Some((lon, lat)) = *point else {
                return Vec::new();
            };
            let mut row: Vec<(usize, f64)> = index
                .within(lon, lat, radius_m)
                .into_iter()
                // The R-tree query works on chords: keep the haversine distance as the judge.
                .filter(|n| n.distance_m <= radius_m)
                .map(|n| (n.index, n.distance_m))
                .collect();
            row.sort_unstable_by_key(|&(j, _)| j);
            row
        })
        .collect();
    Reach::from_rows(supply.len(), rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spatial::geodesy::haversine_m;

    #[test]
    fn pairs_are_those_within_the_radius() {
        // Places along a parallel at 45°N, 0.1° of longitude ≈ 7.87 km apart.
        let supply: Vec<_> = (0..6).map(|k| Some((2.0 + 0.1 * k as f64, 45.0))).collect();
        let demand = vec![Some((2.0, 45.0)), None, Some((2.25, 45.0))];
        let reach = crow_fly_reach(&demand, &supply, 20_000.0).unwrap();
        assert_eq!(reach.n_demand(), 3);
        let row0: Vec<_> = reach.pairs_of(0).map(|(j, _)| j).collect();
        assert_eq!(row0, vec![0, 1, 2]); // 0, 7.9 and 15.7 km; 23.6 km is out
        assert_eq!(reach.pairs_of(1).count(), 0);
        let row2: Vec<_> = reach.pairs_of(2).map(|(j, _)| j).collect();
        assert_eq!(row2, vec![0, 1, 2, 3, 4, 5]); // all within 19.7 km of 2.25°E
        let (j, d) = reach.pairs_of(2).next().unwrap();
        assert_eq!(j, 0);
        assert!((d - haversine_m([2.25, 45.0], [2.0, 45.0])).abs() < 1e-9);
        assert!(crow_fly_reach(&demand, &supply, f64::NAN).is_err());
    }
}
