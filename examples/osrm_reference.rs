//! Puts the road engine's car times side by side with a reference engine's on the same points:
//! an OSRM server running its stock car profile on the same extract
//! (`benches/osrm_reference.sh` starts one and runs this).
//!
//! `cargo run --release --example osrm_reference -- PBF POINTS.csv [--draw N] [--osrm URL]
//! [--pairs OUT.csv]`
//!
//! 1. imports `PBF` with the current profiles into a scratch folder;
//! 2. reads the points (`id,lon,lat`) from `POINTS.csv`, or, when the file does not exist and
//!    `--draw N` is given, draws `N` random nodes of the car graph (seeded) and writes them
//!    there, so that a later run (another profile) times the very same points;
//! 3. times every pair by car with `routing::matrix`, and with the reference's `/table`
//!    service when `--osrm` is given;
//! 4. prints the ratio **ours / reference** of times and of distances (median, p10, p90), over
//!    all pairs and per band of the reference's time; `--pairs` writes every pair.

use geo::Point;
use maillage::routing::calibration::Draw;
use maillage::routing::{import_roads, matrix, Profile, RoadNetwork};
use std::io::Write;
use std::path::{Path, PathBuf};

type Error = Box<dyn std::error::Error>;

/// One pair timed by both engines.
struct Timed {
    from: usize,
    to: usize,
    ours_s: f64,
    ours_m: f64,
    reference_s: f64,
    reference_m: f64,
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let positional: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with("--") && (*i == 0 || !args[*i - 1].starts_with("--")))
        .map(|(_, a)| a)
        .collect();
    let [pbf, points_file] = positional[..] else {
        return Err(
            "usage: osrm_reference PBF POINTS.csv [--draw N] [--osrm URL] [--pairs OUT.csv]".into(),
        );
    };
    let (pbf, points_file) = (PathBuf::from(pbf), PathBuf::from(points_file));

    let scratch = tempfile::tempdir()?;
    let roads = scratch.path().join("roads");
    let started = std::time::Instant::now();
    import_roads(&pbf, &roads)?;
    let network = RoadNetwork::load(&roads)?;
    eprintln!(
        "{}: imported in {:.1} s",
        pbf.display(),
        started.elapsed().as_secs_f64()
    );

    let points = match (points_file.exists(), flag("--draw")) {
        (true, _) => read_points(&points_file)?,
        (false, Some(n)) => {
            let coords = &network.profile(Profile::Car).coords;
            let mut draw = Draw::new(2026);
            let points: Vec<[f64; 2]> = (0..n.parse::<usize>()?)
                .map(|_| coords[draw.below(coords.len())])
                .collect();
            let mut w = std::fs::File::create(&points_file)?;
            writeln!(w, "id,lon,lat")?;
            for (i, p) in points.iter().enumerate() {
                writeln!(w, "{i},{:.7},{:.7}", p[0], p[1])?;
            }
            eprintln!(
                "{} points drawn into {}",
                points.len(),
                points_file.display()
            );
            points
        }
        (false, None) => {
            return Err(format!(
                "{}: no such file (give --draw N to draw the points)",
                points_file.display()
            )
            .into())
        }
    };
    let geo_points: Vec<Point<f64>> = points.iter().map(|p| Point::new(p[0], p[1])).collect();
    let started = std::time::Instant::now();
    let ours = matrix(Some(&network), &geo_points, &geo_points, Profile::Car)?;
    eprintln!(
        "ours: {0} × {0} in {1:.0} ms, {2} points off the network",
        points.len(),
        started.elapsed().as_secs_f64() * 1000.0,
        ours.crow_fly_sources.len()
    );
    let Some(url) = flag("--osrm") else {
        return Ok(());
    };
    let (ref_s, ref_m) = osrm_table(&url, &points)?;
    let n = points.len();
    let mut timed = Vec::new();
    for i in 0..n {
        for j in 0..n {
            let off = ours.crow_fly_sources.contains(&i) || ours.crow_fly_destinations.contains(&j);
            let (Some(os), Some(om), Some(rs), Some(rm)) = (
                ours.duration_s(i, j),
                ours.distance_m(i, j),
                ref_s[i * n + j],
                ref_m[i * n + j],
            ) else {
                continue;
            };
            // Pairs under a minute by the reference are mostly snapping and rounding.
            if i != j && !off && rs >= 60.0 {
                timed.push(Timed {
                    from: i,
                    to: j,
                    ours_s: os,
                    ours_m: om,
                    reference_s: rs,
                    reference_m: rm,
                });
            }
        }
    }
    println!(
        "| reference time | pairs | time ratio median | p10 | p90 | distance ratio median |\n|---|---:|---:|---:|---:|---:|"
    );
    let bands = [
        (60.0, 300.0, "1–5 min"),
        (300.0, 900.0, "5–15 min"),
        (900.0, 1800.0, "15–30 min"),
        (1800.0, f64::INFINITY, "30 min +"),
        (60.0, f64::INFINITY, "all"),
    ];
    for (lo, hi, name) in bands {
        let band: Vec<&Timed> = timed
            .iter()
            .filter(|t| t.reference_s >= lo && t.reference_s < hi)
            .collect();
        if band.is_empty() {
            continue;
        }
        let times = quantiles(band.iter().map(|t| t.ours_s / t.reference_s).collect());
        let lengths = quantiles(band.iter().map(|t| t.ours_m / t.reference_m).collect());
        println!(
            "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} |",
            band.len(),
            times[1],
            times[0],
            times[2],
            lengths[1]
        );
    }
    if let Some(out) = flag("--pairs") {
        let mut w = std::io::BufWriter::new(std::fs::File::create(&out)?);
        writeln!(
            w,
            "from,to,from_lon,from_lat,to_lon,to_lat,ours_s,ours_m,reference_s,reference_m"
        )?;
        for t in &timed {
            let (a, b) = (points[t.from], points[t.to]);
            writeln!(
                w,
                "{},{},{:.7},{:.7},{:.7},{:.7},{:.1},{:.0},{:.1},{:.0}",
                t.from,
                t.to,
                a[0],
                a[1],
                b[0],
                b[1],
                t.ours_s,
                t.ours_m,
                t.reference_s,
                t.reference_m
            )?;
        }
        w.flush()?;
        eprintln!("pairs written to {out}");
    }
    Ok(())
}

/// p10, median and p90.
fn quantiles(mut v: Vec<f64>) -> [f64; 3] {
    v.sort_by(f64::total_cmp);
    let q = |f: f64| v[((v.len() - 1) as f64 * f).round() as usize];
    [q(0.1), q(0.5), q(0.9)]
}

/// `id,lon,lat` rows.
fn read_points(path: &Path) -> Result<Vec<[f64; 2]>, Error> {
    let mut reader = csv::Reader::from_path(path)?;
    let mut out = Vec::new();
    for (line, row) in reader.records().enumerate() {
        let row = row?;
        let field = |k: usize| -> Result<f64, Error> {
            row.get(k)
                .and_then(|v| v.trim().parse::<f64>().ok())
                .ok_or_else(|| {
                    format!(
                        "{}: line {}: column {} is not a number",
                        path.display(),
                        line + 2,
                        k + 1
                    )
                    .into()
                })
        };
        out.push([field(1)?, field(2)?]);
    }
    Ok(out)
}

/// The reference's full table (durations s, distances m), row-major; `None` where it found no
/// route.
type Table = (Vec<Option<f64>>, Vec<Option<f64>>);

fn osrm_table(url: &str, points: &[[f64; 2]]) -> Result<Table, Error> {
    let coords: Vec<String> = points
        .iter()
        .map(|p| format!("{:.7},{:.7}", p[0], p[1]))
        .collect();
    let query = format!(
        "{}/table/v1/driving/{}?annotations=duration,distance",
        url.trim_end_matches('/'),
        coords.join(";")
    );
    let body: serde_json::Value = ureq::get(&query).call()?.into_json()?;
    let flat = |key: &str| -> Vec<Option<f64>> {
        body[key]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .flat_map(|r| r.as_array().cloned().unwrap_or_default())
                    .map(|v| v.as_f64())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (d, m) = (flat("durations"), flat("distances"));
    let n = points.len() * points.len();
    if d.len() != n || m.len() != n {
        return Err(format!(
            "the reference answered {} durations for {n} pairs: {}",
            d.len(),
            body["code"]
        )
        .into());
    }
    Ok((d, m))
}
