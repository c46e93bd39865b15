//! The prepared graph of one profile on disk: a small header, then flat arrays, each a `u64`
//! length and the raw little-endian values. Loading reads each array straight into place —
//! no per-node parsing — then checks the arrays are consistent.

use super::ch::{Ch, ChEdge};
use super::defect::GraphDefect;
use super::error::RoutingError;
use super::graph::Csr;
use bytemuck::Pod;
use std::io::{BufWriter, Read, Write};
use std::path::Path;

const MAGIC: &[u8; 16] = b"maillage-roads\0\0";
/// Bumped whenever the layout changes; older files must be rebuilt.
pub const FORMAT_VERSION: u32 = 2;
/// Written in native order: reads back as this value only on a machine of the same byte order.
const BYTE_ORDER_MARK: u32 = 0x0102_0304;

fn put<T: Pod>(out: &mut impl Write, values: &[T]) -> std::io::Result<()> {
    out.write_all(&(values.len() as u64).to_le_bytes())?;
    out.write_all(bytemuck::cast_slice(values))
}

/// Writes coordinates, graph and hierarchy to `path`.
pub fn write_graph(path: &Path, coords: &[[f64; 2]], g: &Csr, ch: &Ch) -> Result<(), RoutingError> {
    let io = |e| RoutingError::io(path, e);
    let file = std::fs::File::create(path).map_err(io)?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    (|| {
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT_VERSION.to_le_bytes())?;
        out.write_all(&BYTE_ORDER_MARK.to_ne_bytes())?;
        put(&mut out, coords)?;
        for a in [
            &g.first,
            &g.head,
            &g.time_ms,
            &g.dist_dm,
            &ch.rank_of,
            &ch.node_at,
            &ch.up_first,
            &ch.down_first,
        ] {
            put(&mut out, a)?;
        }
        put(&mut out, &ch.up)?;
        put(&mut out, &ch.down)?;
        out.flush()?;
        out.get_ref().sync_all()
    })()
    .map_err(io)
}

struct Input {
    file: std::fs::File,
    remaining: u64,
}

impl Input {
    fn bytes<const N: usize>(&mut self) -> Result<[u8; N], GraphDefect> {
        if self.remaining < N as u64 {
            return Err(GraphDefect::Truncated);
        }
        let mut b = [0u8; N];
        self.file.read_exact(&mut b).map_err(GraphDefect::Read)?;
        self.remaining -= N as u64;
        Ok(b)
    }

    fn array<T: Pod>(&mut self) -> Result<Vec<T>, GraphDefect> {
        let n = u64::from_le_bytes(self.bytes::<8>()?);
        let size = n
            .checked_mul(std::mem::size_of::<T>() as u64)
            .ok_or(GraphDefect::LengthOverflow)?;
        if size > self.remaining {
            return Err(GraphDefect::ArrayPastEnd {
                bytes: size,
                left: self.remaining,
            });
        }
        let mut v = vec![T::zeroed(); n as usize];
        self.file
            .read_exact(bytemuck::cast_slice_mut(&mut v))
            .map_err(GraphDefect::Read)?;
        self.remaining -= size;
        Ok(v)
    }
}

/// Reads and validates what [`write_graph`] wrote.
pub fn read_graph(path: &Path) -> Result<(Vec<[f64; 2]>, Csr, Ch), RoutingError> {
    let file = std::fs::File::open(path).map_err(|e| RoutingError::io(path, e))?;
    let remaining = file
        .metadata()
        .map_err(|e| RoutingError::io(path, e))?
        .len();
    parse(Input { file, remaining }).map_err(|defect| RoutingError::CorruptGraph {
        path: path.to_path_buf(),
        defect,
    })
}

fn parse(mut input: Input) -> Result<(Vec<[f64; 2]>, Csr, Ch), GraphDefect> {
    if &input.bytes::<16>()? != MAGIC {
        return Err(GraphDefect::BadMagic);
    }
    let version = u32::from_le_bytes(input.bytes::<4>()?);
    if version != FORMAT_VERSION {
        return Err(GraphDefect::Version { found: version });
    }
    if u32::from_ne_bytes(input.bytes::<4>()?) != BYTE_ORDER_MARK {
        return Err(GraphDefect::ByteOrder);
    }
    let coords: Vec<[f64; 2]> = input.array()?;
    let g = Csr {
        first: input.array()?,
        head: input.array()?,
        time_ms: input.array()?,
        dist_dm: input.array()?,
    };
    let (rank_of, node_at, up_first, down_first) = (
        input.array()?,
        input.array()?,
        input.array()?,
        input.array()?,
    );
    let up: Vec<ChEdge> = input.array()?;
    let down: Vec<ChEdge> = input.array()?;
    let ch = Ch {
        rank_of,
        node_at,
        up_first,
        down_first,
        up,
        down,
    };
    if input.remaining != 0 {
        return Err(GraphDefect::TrailingBytes(input.remaining));
    }
    if g.num_nodes() != coords.len() {
        return Err(GraphDefect::NodeCount {
            nodes: g.num_nodes(),
            coordinates: coords.len(),
        });
    }
    if coords
        .iter()
        .any(|c| !super::geom::valid_lat_lon(c[1], c[0]))
    {
        return Err(GraphDefect::CoordinateOutOfRange);
    }
    g.validate()?;
    ch.validate(coords.len())?;
    Ok((coords, g, ch))
}
