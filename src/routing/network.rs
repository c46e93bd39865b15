//! The road network in service: one prepared graph per profile, imported from an OSM extract
//! once, saved next to the database, loaded at start.

use super::build::{build_profile, ProfileBuildStats};
use super::cch::choice::shape_point_share;
use super::cch::{prepare_hierarchy, CchStats, HierarchyChoice, HierarchyKind};
use super::ch::{Ch, ChParams};
use super::chains::{self, ChainStats};
use super::defect::GraphDefect;
use super::error::RoutingError;
use super::geom::LocalProjection;
use super::graph::Csr;
use super::main_roads::{MainRoads, MAIN_ROADS_FILE};
use super::osm::read_extract;
use super::profile::{Profile, STEPS_SPEED_KMH, WALK_SPEED_KMH};
use super::snap::{SnapIndex, SnapOutcome, SNAP_MAX_M};
use super::speeds::{CarSpeedTable, CAR_CLASSES};
use super::store::{read_graph, write_graph, FORMAT_VERSION};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

const METADATA_FILE: &str = "metadata.json";

fn graph_file(profile: Profile) -> String {
    format!("{}.graph", profile.as_str())
}

/// What one profile's prepared graph holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileMetadata {
    pub profile: Profile,
    #[serde(flatten)]
    pub build: ProfileBuildStats,
    /// Hierarchy edges (original edges and shortcuts), upward and downward.
    pub ch_edges_up: usize,
    pub ch_edges_down: usize,
    /// Degree-2 chains contracted before the hierarchy, and the core left to it.
    #[serde(default)]
    pub chains: ChainStats,
    pub prepare_seconds: f64,
    /// Which hierarchy was prepared (`ch` for networks built before the choice existed).
    #[serde(default)]
    pub hierarchy: HierarchyKind,
    /// The customizable preparation's steps and size, when `hierarchy` is `cch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cch: Option<CchStats>,
}

/// Where a road network comes from and how it was built; shown by `maillage stats`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoadMetadata {
    pub format_version: u32,
    pub maillage_version: String,
    pub source_file: PathBuf,
    pub source_bytes: u64,
    /// OSM data timestamp (replication timestamp, else newest element), RFC 3339.
    pub osm_timestamp: Option<String>,
    pub built_at: String,
    pub build_seconds: f64,
    pub ch_params: ChParams,
    pub snap_max_m: f64,
    pub walk_speed_kmh: f64,
    pub steps_speed_kmh: f64,
    pub car_default_speeds_kmh: BTreeMap<String, f64>,
    /// The whole car speed table the network was built with; `None` for a network imported
    /// before the table was recorded (its times use older speeds: re-import it).
    #[serde(default)]
    pub car_speeds: Option<CarSpeedTable>,
    pub profiles: Vec<ProfileMetadata>,
}

/// What `import_roads` did.
#[derive(Debug, Clone)]
pub struct RoadImportReport {
    pub out_dir: PathBuf,
    pub metadata: RoadMetadata,
}

/// The prepared graph of one profile, ready for queries.
#[derive(Debug)]
pub struct ProfileGraph {
    pub profile: Profile,
    /// Node positions, `[lon, lat]`.
    pub coords: Vec<[f64; 2]>,
    pub graph: Csr,
    pub ch: Ch,
    /// `[min lon, min lat, max lon, max lat]` of the nodes.
    pub bbox: [f64; 4],
    pub projection: LocalProjection,
    pub snap: SnapIndex,
}

impl ProfileGraph {
    fn new(profile: Profile, coords: Vec<[f64; 2]>, graph: Csr, ch: Ch) -> ProfileGraph {
        let mut bbox = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for c in &coords {
            bbox = [
                bbox[0].min(c[0]),
                bbox[1].min(c[1]),
                bbox[2].max(c[0]),
                bbox[3].max(c[1]),
            ];
        }
        let projection = LocalProjection::new((bbox[1] + bbox[3]) / 2.0);
        let snap = SnapIndex::build(&coords, &graph, projection);
        ProfileGraph {
            profile,
            coords,
            graph,
            ch,
            bbox,
            projection,
            snap,
        }
    }

    /// Snaps a `[lon, lat]` point to this profile's roads.
    pub fn snap(&self, point: [f64; 2]) -> SnapOutcome {
        self.snap.snap(point)
    }

    /// Whether a point lies inside the network's bounding box.
    pub fn covers(&self, point: [f64; 2]) -> bool {
        point[0] >= self.bbox[0]
            && point[0] <= self.bbox[2]
            && point[1] >= self.bbox[1]
            && point[1] <= self.bbox[3]
    }
}

/// The loaded road networks (car and foot) and where they come from.
#[derive(Debug)]
pub struct RoadNetwork {
    car: ProfileGraph,
    foot: ProfileGraph,
    metadata: RoadMetadata,
    /// The main roads, for the maps (empty for a network imported before they were kept).
    main_roads: MainRoads,
}

impl RoadNetwork {
    /// Loads the prepared graphs that [`import_roads`] wrote into `dir`.
    pub fn load(dir: &Path) -> Result<RoadNetwork, RoutingError> {
        let meta_path = dir.join(METADATA_FILE);
        let text =
            std::fs::read_to_string(&meta_path).map_err(|e| RoutingError::io(&meta_path, e))?;
        let metadata: RoadMetadata =
            serde_json::from_str(&text).map_err(|e| RoutingError::CorruptGraph {
                path: meta_path.clone(),
                defect: GraphDefect::Metadata(e),
            })?;
        if metadata.format_version != FORMAT_VERSION {
            return Err(RoutingError::CorruptGraph {
                path: meta_path,
                defect: GraphDefect::Version {
                    found: metadata.format_version,
                },
            });
        }
        let load = |p: Profile| -> Result<ProfileGraph, RoutingError> {
            let (coords, graph, ch) = read_graph(&dir.join(graph_file(p)))?;
            Ok(ProfileGraph::new(p, coords, graph, ch))
        };
        let (car, foot) = rayon::join(|| load(Profile::Car), || load(Profile::Foot));
        Ok(RoadNetwork {
            car: car?,
            foot: foot?,
            metadata,
            main_roads: MainRoads::read(dir)?,
        })
    }

    /// The main roads of the extract, for the maps.
    pub fn main_roads(&self) -> &MainRoads {
        &self.main_roads
    }

    pub fn metadata(&self) -> &RoadMetadata {
        &self.metadata
    }

    pub fn profile(&self, profile: Profile) -> &ProfileGraph {
        match profile {
            Profile::Car => &self.car,
            Profile::Foot => &self.foot,
        }
    }
}

/// One profile's coordinates, graph, hierarchy and metadata, ready to write.
type Prepared = (Vec<[f64; 2]>, Csr, Ch, ProfileMetadata);

/// One profile's coordinates, base graph and what building it kept.
type Built = (Vec<[f64; 2]>, Csr, ProfileBuildStats);

fn build_graph(
    extract: &super::osm::OsmExtract,
    profile: Profile,
    pbf: &Path,
) -> Result<Built, RoutingError> {
    let started = Instant::now();
    let (coords, graph, build) = build_profile(extract, profile);
    tracing::info!(
        "{profile}: graph of {} nodes, {} edges built in {:.1} s",
        graph.num_nodes(),
        graph.num_edges(),
        started.elapsed().as_secs_f64()
    );
    if graph.num_edges() == 0 {
        return Err(RoutingError::NoRoads {
            path: pbf.to_path_buf(),
            profile,
            highway_ways: extract.highway_ways,
        });
    }
    Ok((coords, graph, build))
}

fn prepare_profile(
    (coords, graph, build): Built,
    profile: Profile,
    params: &ChParams,
    hierarchy: HierarchyChoice,
    pbf: &Path,
) -> Result<Prepared, RoutingError> {
    let started = Instant::now();
    let corrupt = |defect| RoutingError::CorruptGraph {
        path: pbf.to_path_buf(),
        defect,
    };
    // The customizable hierarchy orders the whole graph by nested dissection; the greedy one
    // contracts the degree-2 chains first and leaves `fast_paths` the junctions. `auto` takes
    // the customizable one on a mesh of junctions (few shape points), where `fast_paths`
    // does not finish.
    let share = shape_point_share(&graph);
    tracing::info!(
        "{profile}: {:.1} % of the nodes have at most two neighbours: {} hierarchy",
        100.0 * share,
        hierarchy.resolve_by_share(share).as_str()
    );
    let (ch, chains, kind, cch) = match hierarchy.resolve_by_share(share) {
        HierarchyKind::Cch => {
            let p = prepare_hierarchy(&coords, &graph, params, HierarchyChoice::Cch)
                .map_err(corrupt)?;
            (p.ch, ChainStats::default(), p.kind, p.cch)
        }
        HierarchyKind::Ch => {
            let (ch, chains) = chains::prepare(&graph, params).map_err(corrupt)?;
            (ch, chains, HierarchyKind::Ch, None)
        }
    };
    let meta = ProfileMetadata {
        profile,
        build,
        ch_edges_up: ch.up.len(),
        ch_edges_down: ch.down.len(),
        chains,
        prepare_seconds: started.elapsed().as_secs_f64(),
        hierarchy: kind,
        cch,
    };
    match &meta.cch {
        Some(c) => tracing::info!(
            "{profile}: customizable hierarchy, order {:.1} s, contraction {:.1} s, \
             customization {:.1} s, {} arcs; {:.1} s",
            c.order_seconds,
            c.contract_seconds,
            c.customize_seconds,
            c.arcs,
            meta.prepare_seconds
        ),
        None => tracing::info!(
            "{profile}: {} chain nodes, hierarchy of the {} core nodes and {} core edges, \
             {:.1} s",
            chains.chain_nodes,
            chains.core_nodes,
            chains.core_edges,
            meta.prepare_seconds
        ),
    }
    Ok((coords, graph, ch, meta))
}

/// Reads `pbf`, builds and contracts the car and foot graphs, and writes them with a
/// `metadata.json` into `out_dir`. Written into a temporary sibling directory first, then
/// renamed, so a failed import leaves the previous graph in place.
pub fn import_roads(pbf: &Path, out_dir: &Path) -> Result<RoadImportReport, RoutingError> {
    import_roads_with(pbf, out_dir, &ChParams::default())
}

/// [`import_roads`] with explicit contraction parameters.
pub fn import_roads_with(
    pbf: &Path,
    out_dir: &Path,
    params: &ChParams,
) -> Result<RoadImportReport, RoutingError> {
    import_roads_hierarchy(pbf, out_dir, params, HierarchyChoice::default())
}

/// [`import_roads_with`], choosing the kind of hierarchy.
pub fn import_roads_hierarchy(
    pbf: &Path,
    out_dir: &Path,
    params: &ChParams,
    hierarchy: HierarchyChoice,
) -> Result<RoadImportReport, RoutingError> {
    let started = Instant::now();
    let source_bytes = std::fs::metadata(pbf)
        .map_err(|e| RoutingError::io(pbf, e))?
        .len();
    let extract = read_extract(pbf)?;
    tracing::info!(
        "{}: {} nodes, {} usable ways read in {:.1} s",
        pbf.display(),
        extract.nodes.len(),
        extract.ways.len(),
        started.elapsed().as_secs_f64()
    );
    // Both graphs first, then the extract goes before the contractions: it is not needed
    // there, and they are where memory peaks.
    let (car, foot) = rayon::join(
        || build_graph(&extract, Profile::Car, pbf),
        || build_graph(&extract, Profile::Foot, pbf),
    );
    let (car, foot) = (car?, foot?);
    let main_roads = MainRoads::from_extract(pbf, &extract)?;
    let osm_timestamp = extract
        .timestamp_s
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    drop(extract);
    let (car, foot) = rayon::join(
        || prepare_profile(car, Profile::Car, params, hierarchy, pbf),
        || prepare_profile(foot, Profile::Foot, params, hierarchy, pbf),
    );
    let (car, foot) = (car?, foot?);

    let file_name = out_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "roads".into());
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| RoutingError::io(parent, e))?;
    let tmp = parent.join(format!(".{file_name}.tmp-{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| RoutingError::io(&tmp, e))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| RoutingError::io(&tmp, e))?;
    let written = (|| {
        for (p, (coords, graph, ch, _)) in [(Profile::Car, &car), (Profile::Foot, &foot)] {
            write_graph(&tmp.join(graph_file(p)), coords, graph, ch)?;
        }
        main_roads.write(&tmp.join(MAIN_ROADS_FILE))?;
        let metadata = RoadMetadata {
            format_version: FORMAT_VERSION,
            maillage_version: env!("CARGO_PKG_VERSION").to_string(),
            source_file: std::fs::canonicalize(pbf).unwrap_or_else(|_| pbf.to_path_buf()),
            source_bytes,
            osm_timestamp,
            built_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            build_seconds: started.elapsed().as_secs_f64(),
            ch_params: *params,
            snap_max_m: SNAP_MAX_M,
            walk_speed_kmh: WALK_SPEED_KMH,
            steps_speed_kmh: STEPS_SPEED_KMH,
            car_default_speeds_kmh: CAR_CLASSES
                .iter()
                .map(|c| (c.highway.to_string(), c.default_kmh))
                .collect(),
            car_speeds: Some(CarSpeedTable::current()),
            profiles: vec![car.3.clone(), foot.3.clone()],
        };
        let meta_path = tmp.join(METADATA_FILE);
        let json = serde_json::to_string_pretty(&metadata).unwrap_or_default();
        std::fs::write(&meta_path, json).map_err(|e| RoutingError::io(&meta_path, e))?;
        Ok(metadata)
    })();
    let metadata = match written {
        Ok(m) => m,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    // Swap: old → backup, new → place, drop backup.
    let backup = parent.join(format!(".{file_name}.old-{}", std::process::id()));
    let had_old = out_dir.exists();
    if had_old {
        std::fs::rename(out_dir, &backup).map_err(|e| RoutingError::io(out_dir, e))?;
    }
    if let Err(e) = std::fs::rename(&tmp, out_dir) {
        if had_old {
            let _ = std::fs::rename(&backup, out_dir);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(RoutingError::io(out_dir, e));
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&backup);
    }
    Ok(RoadImportReport {
        out_dir: out_dir.to_path_buf(),
        metadata,
    })
}
