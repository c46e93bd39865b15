//! Small made-up instances for tests and benchmarks: points on a plane timed by straight
//! lines at a constant speed, one demand point per stop (plus shared ones, so coverage
//! overlaps). Real instances come from [`super::build`].

use super::clock::{Clock, Span};
use super::frequency::Frequency;
use super::instance::{StopSpec, TourInstance, UnitSpec};
use super::rng::Rng;
use super::travel_times::{TravelSource, TravelTimes};
use super::value::StopValues;
use super::weekday::Weekday;

/// A unit working 09:00–17:00 with a 12:00–13:30 break, 4 h of driving at most.
pub fn unit(id: &str, depot: [f64; 2], working_days: Vec<Weekday>) -> UnitSpec {
    UnitSpec {
        id: id.into(),
        name: id.into(),
        depot,
        hours: Span {
            start: Clock::hm(9, 0),
            end: Clock::hm(17, 0),
        },
        lunch: Some(Span {
            start: Clock::hm(12, 0),
            end: Clock::hm(13, 30),
        }),
        max_driving_s: 4.0 * 3600.0,
        working_days,
    }
}

/// Travel minutes as the Euclidean distance between points (km at 60 km/h).
pub fn euclidean_times(points: &[[f64; 2]]) -> TravelTimes {
    let n = points.len();
    let mut durations_s = vec![0.0; n * n];
    let mut distances_m = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let km = ((points[i][0] - points[j][0]).powi(2)
                + (points[i][1] - points[j][1]).powi(2))
            .sqrt();
            durations_s[i * n + j] = km * 60.0;
            distances_m[i * n + j] = km * 1000.0;
        }
    }
    TravelTimes {
        nodes: n,
        durations_s,
        distances_m,
        source: TravelSource::Matrix,
    }
}

/// Car times and distances between `points` (`[lon, lat]`) by the straight-line model, as the
/// benchmark and the optimality tests time town halls without a road network.
pub fn crowfly_times(points: &[[f64; 2]]) -> TravelTimes {
    use crate::routing::crowfly::{estimate, TripEnds};
    let n = points.len();
    let mut durations_s = vec![0.0; n * n];
    let mut distances_m = vec![0.0; n * n];
    for a in 0..n {
        for b in 0..n {
            if a != b {
                let (t, d) = estimate(
                    points[a],
                    points[b],
                    crate::routing::Profile::Car,
                    TripEnds::default(),
                );
                durations_s[a * n + b] = t;
                distances_m[a * n + b] = d;
            }
        }
    }
    TravelTimes {
        nodes: n,
        durations_s,
        distances_m,
        source: TravelSource::Crowfly,
    }
}

/// Stops at town halls, given as `(commune code, name, [lon, lat])`: visits of 60, 90 and
/// 120 minutes in turn, and, with `rotate_frequency`, weekly, fortnightly and monthly in turn
/// (else all weekly).
pub fn town_hall_stops<'a>(
    town_halls: impl IntoIterator<Item = (&'a str, &'a str, [f64; 2])>,
    rotate_frequency: bool,
) -> Vec<StopSpec> {
    const FREQUENCIES: [Frequency; 3] = [
        Frequency::Weekly,
        Frequency::Fortnightly,
        Frequency::Monthly,
    ];
    town_halls
        .into_iter()
        .enumerate()
        .map(|(i, (code, name, point))| StopSpec {
            id: code.to_string(),
            name: name.to_string(),
            commune: code.to_string(),
            point,
            visit_s: [60.0, 90.0, 120.0][i % 3] * 60.0,
            frequency: if rotate_frequency {
                FREQUENCIES[i % 3]
            } else {
                Frequency::Weekly
            },
            window: None,
            keep: false,
        })
        .collect()
}

/// One unit (depot at 0), stops on a line at `minutes` from it, each worth its own 100
/// people, weekly visits of `visit_minutes`, working on Mondays, one week.
pub fn line_instance(minutes: &[f64], visit_minutes: f64) -> TourInstance {
    let mut points = vec![[0.0, 0.0]];
    points.extend(minutes.iter().map(|&m| [m, 0.0]));
    let stops = (0..minutes.len())
        .map(|i| stop(i, points[i + 1], visit_minutes, Frequency::Weekly))
        .collect();
    TourInstance {
        units: vec![unit("u", [0.0, 0.0], vec![Weekday::Mo])],
        stops,
        horizon_weeks: 1,
        times: euclidean_times(&points),
        values: StopValues {
            weights: vec![100.0; minutes.len()],
            population: vec![100; minutes.len()],
            covers: (0..minutes.len() as u32).map(|i| vec![i]).collect(),
        },
    }
}

fn stop(i: usize, point: [f64; 2], visit_minutes: f64, frequency: Frequency) -> StopSpec {
    StopSpec {
        id: format!("s{i}"),
        name: format!("Stop {i}"),
        commune: String::new(),
        point,
        visit_s: visit_minutes * 60.0,
        frequency,
        window: None,
        keep: false,
    }
}

/// What a random instance looks like.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub units: usize,
    pub stops: usize,
    pub working_days: usize,
    pub horizon_weeks: usize,
    /// Half-width of the square where points fall, km (= minutes at 60 km/h).
    pub radius: f64,
    /// Whether stops may be fortnightly or monthly (else all weekly).
    pub mixed_frequencies: bool,
}

/// A random instance of `shape` from `seed`: visits of 30–120 min, a morning or afternoon
/// window for about a stop in four, populations 50–2,000, a shared demand point between
/// neighbouring stops.
pub fn random_instance(shape: Shape, seed: u64) -> TourInstance {
    let mut rng = Rng::new(seed);
    let coord = |rng: &mut Rng| (rng.unit() * 2.0 - 1.0) * shape.radius;
    let mut points = Vec::new();
    let mut units = Vec::new();
    for u in 0..shape.units {
        let depot = [coord(&mut rng) * 0.3, coord(&mut rng) * 0.3];
        points.push(depot);
        let days = Weekday::ALL[..shape.working_days.clamp(1, 7)].to_vec();
        let mut spec = unit(&format!("u{u}"), depot, days);
        spec.max_driving_s = (2.0 + 3.0 * rng.unit()) * 3600.0;
        units.push(spec);
    }
    let mut stops = Vec::new();
    for i in 0..shape.stops {
        let p = [coord(&mut rng), coord(&mut rng)];
        points.push(p);
        let visit = [30.0, 45.0, 60.0, 90.0, 120.0][rng.below(5)];
        let frequency = if shape.mixed_frequencies {
            [
                Frequency::Weekly,
                Frequency::Fortnightly,
                Frequency::Monthly,
            ][rng.below(3)]
        } else {
            Frequency::Weekly
        };
        let mut s = stop(i, p, visit, frequency);
        if rng.unit() < 0.25 {
            s.window = Some(if rng.unit() < 0.5 {
                Span {
                    start: Clock::hm(9, 0),
                    end: Clock::hm(12, 0),
                }
            } else {
                Span {
                    start: Clock::hm(14, 0),
                    end: Clock::hm(17, 0),
                }
            });
        }
        stops.push(s);
    }
    // Demand: one point per stop, and one shared by each stop and the next.
    let n = shape.stops;
    let mut weights = Vec::new();
    let mut covers = vec![Vec::new(); n];
    for (i, c) in covers.iter_mut().enumerate() {
        weights.push((50 + rng.below(1950)) as f64);
        c.push(i as u32);
    }
    for i in 0..n.saturating_sub(1) {
        weights.push((50 + rng.below(500)) as f64);
        let k = (weights.len() - 1) as u32;
        covers[i].push(k);
        covers[i + 1].push(k);
    }
    let population = weights.iter().map(|&w| w as u64).collect();
    TourInstance {
        units,
        stops,
        horizon_weeks: shape.horizon_weeks,
        times: euclidean_times(&points),
        values: StopValues {
            weights,
            population,
            covers,
        },
    }
}
