//! A boolean grid in metres and its outline as polygons: reached road pieces are burnt into
//! cells, grown by one cell, and the cell boundaries traced into rings (holes kept), so a
//! polygon hugs the roads instead of swallowing the unreachable land between them.

/// Square cells of `cell_m` metres from `origin` (lower-left corner).
#[derive(Debug, Clone)]
pub struct Grid {
    origin: [f64; 2],
    cell_m: f64,
    width: usize,
    height: usize,
    cells: Vec<bool>,
}

/// A polygon in grid metres: exterior ring (counter-clockwise) and holes (clockwise), closed.
pub type Rings = (Vec<[f64; 2]>, Vec<Vec<[f64; 2]>>);

// Directions: east, north, west, south.
const STEP: [(i64, i64); 4] = [(1, 0), (0, 1), (-1, 0), (0, -1)];

impl Grid {
    /// A grid covering `[min, max]` with `margin` spare cells on every side.
    pub fn covering(min: [f64; 2], max: [f64; 2], cell_m: f64, margin: usize) -> Grid {
        let width = ((max[0] - min[0]) / cell_m).ceil() as usize + 1 + 2 * margin;
        let height = ((max[1] - min[1]) / cell_m).ceil() as usize + 1 + 2 * margin;
        let origin = [
            min[0] - margin as f64 * cell_m,
            min[1] - margin as f64 * cell_m,
        ];
        Grid {
            origin,
            cell_m,
            width,
            height,
            cells: vec![false; width * height],
        }
    }

    fn index(&self, p: [f64; 2]) -> Option<usize> {
        let i = ((p[0] - self.origin[0]) / self.cell_m).floor();
        let j = ((p[1] - self.origin[1]) / self.cell_m).floor();
        (i >= 0.0 && j >= 0.0 && (i as usize) < self.width && (j as usize) < self.height)
            .then(|| j as usize * self.width + i as usize)
    }

    fn filled(&self, i: i64, j: i64) -> bool {
        i >= 0
            && j >= 0
            && (i as usize) < self.width
            && (j as usize) < self.height
            && self.cells[j as usize * self.width + i as usize]
    }

    /// Marks every cell the segment `a → b` passes through (sampled at half a cell).
    pub fn burn_segment(&mut self, a: [f64; 2], b: [f64; 2]) {
        let len = ((b[0] - a[0]).powi(2) + (b[1] - a[1]).powi(2)).sqrt();
        let steps = (len / (self.cell_m / 2.0)).ceil().max(1.0) as usize;
        for k in 0..=steps {
            let f = k as f64 / steps as f64;
            if let Some(i) = self.index([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f]) {
                self.cells[i] = true;
            }
        }
    }

    /// Grows the filled area by one cell in the eight directions.
    pub fn dilate(&mut self) {
        let old = self.cells.clone();
        for j in 0..self.height {
            for i in 0..self.width {
                if !old[j * self.width + i] {
                    continue;
                }
                for dj in -1i64..=1 {
                    for di in -1i64..=1 {
                        let (x, y) = (i as i64 + di, j as i64 + dj);
                        if x >= 0
                            && y >= 0
                            && (x as usize) < self.width
                            && (y as usize) < self.height
                        {
                            self.cells[y as usize * self.width + x as usize] = true;
                        }
                    }
                }
            }
        }
    }

    pub fn count(&self) -> usize {
        self.cells.iter().filter(|c| **c).count()
    }

    /// The outline of the filled cells as polygons, in metres.
    pub fn polygons(&self) -> Vec<Rings> {
        let (w, h) = (self.width as i64, self.height as i64);
        let vid = |i: i64, j: i64| (j * (w + 1) + i) as usize;
        // Outgoing boundary edges per lattice vertex, as a bit set of directions; the filled
        // cell is always on the left.
        let mut out = vec![0u8; ((w + 1) * (h + 1)) as usize];
        for j in 0..h {
            for i in 0..w {
                if !self.filled(i, j) {
                    continue;
                }
                if !self.filled(i, j - 1) {
                    out[vid(i, j)] |= 1 << 0;
                }
                if !self.filled(i + 1, j) {
                    out[vid(i + 1, j)] |= 1 << 1;
                }
                if !self.filled(i, j + 1) {
                    out[vid(i + 1, j + 1)] |= 1 << 2;
                }
                if !self.filled(i - 1, j) {
                    out[vid(i, j + 1)] |= 1 << 3;
                }
            }
        }
        let mut rings: Vec<(Vec<(i64, i64)>, usize)> = Vec::new();
        for start in 0..out.len() {
            while out[start] != 0 {
                let (si, sj) = ((start as i64) % (w + 1), (start as i64) / (w + 1));
                let mut dir = out[start].trailing_zeros() as usize;
                let first_dir = dir;
                let mut ring = vec![(si, sj)];
                let (mut i, mut j) = (si, sj);
                loop {
                    out[vid(i, j)] &= !(1 << dir);
                    i += STEP[dir].0;
                    j += STEP[dir].1;
                    if (i, j) == (si, sj) {
                        break;
                    }
                    // Prefer turning left, so cells touching at a corner give separate rings.
                    let bits = out[vid(i, j)];
                    let Some(next) = [(dir + 1) % 4, dir, (dir + 3) % 4]
                        .into_iter()
                        .find(|d| bits & (1 << d) != 0)
                    else {
                        break;
                    };
                    if next != dir {
                        ring.push((i, j));
                    }
                    dir = next;
                }
                // The start is the ring's first vertex (a corner, or harmlessly mid-edge).
                rings.push((ring, first_dir));
            }
        }
        self.assemble(rings)
    }

    fn assemble(&self, rings: Vec<(Vec<(i64, i64)>, usize)>) -> Vec<Rings> {
        let area2 = |r: &[(i64, i64)]| -> i64 {
            (0..r.len())
                .map(|k| {
                    let (a, b) = (r[k], r[(k + 1) % r.len()]);
                    a.0 * b.1 - b.0 * a.1
                })
                .sum()
        };
        let mut exteriors = Vec::new();
        let mut holes = Vec::new();
        for (ring, first_dir) in rings {
            let a = area2(&ring);
            if a > 0 {
                exteriors.push((ring, a));
            } else if a < 0 {
                holes.push((ring, first_dir));
            }
        }
        type LatticeRing = Vec<(i64, i64)>;
        let mut polygons: Vec<(LatticeRing, Vec<LatticeRing>)> = exteriors
            .iter()
            .map(|(r, _)| (r.clone(), Vec::new()))
            .collect();
        for (hole, dir) in holes {
            // The filled cell left of the hole's first edge, as a point in doubled coordinates.
            let (x, y) = hole[0];
            let cell = match dir {
                0 => (x, y),
                1 => (x - 1, y),
                2 => (x - 1, y - 1),
                _ => (x, y - 1),
            };
            let probe = (2 * cell.0 + 1, 2 * cell.1 + 1);
            let owner = exteriors
                .iter()
                .enumerate()
                .filter(|(_, (r, _))| contains_doubled(r, probe))
                .min_by_key(|(_, (_, a))| *a)
                .map(|(k, _)| k);
            if let Some(k) = owner {
                polygons[k].1.push(hole);
            }
        }
        let to_m = |r: &[(i64, i64)]| -> Vec<[f64; 2]> {
            let mut v: Vec<[f64; 2]> = r
                .iter()
                .map(|&(i, j)| {
                    [
                        self.origin[0] + i as f64 * self.cell_m,
                        self.origin[1] + j as f64 * self.cell_m,
                    ]
                })
                .collect();
            if let Some(first) = v.first().copied() {
                v.push(first);
            }
            v
        };
        polygons
            .into_iter()
            .map(|(ext, hs)| (to_m(&ext), hs.iter().map(|h| to_m(h)).collect()))
            .collect()
    }
}

/// Ray-casting point-in-ring with the point in doubled lattice coordinates (never on an edge).
fn contains_doubled(ring: &[(i64, i64)], p: (i64, i64)) -> bool {
    let mut inside = false;
    for k in 0..ring.len() {
        let (a, b) = (ring[k], ring[(k + 1) % ring.len()]);
        let (ax, ay, bx, by) = (2 * a.0, 2 * a.1, 2 * b.0, 2 * b.1);
        if (ay > p.1) != (by > p.1) {
            // Edges are axis-aligned: a crossing edge is vertical.
            debug_assert_eq!(ax, bx);
            if ax > p.0 {
                inside = !inside;
            }
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid_from(rows: &[&str]) -> Grid {
        let h = rows.len();
        let w = rows[0].len();
        let mut g = Grid::covering([0.0, 0.0], [(w - 1) as f64, (h - 1) as f64], 1.0, 0);
        for (r, row) in rows.iter().enumerate() {
            for (i, c) in row.chars().enumerate() {
                let j = h - 1 - r;
                g.cells[j * g.width + i] = c == '#';
            }
        }
        g
    }

    #[test]
    fn ring_with_a_hole() {
        let g = grid_from(&["###", "#.#", "###"]);
        let polys = g.polygons();
        assert_eq!(polys.len(), 1);
        let (ext, holes) = &polys[0];
        assert_eq!(ext.len(), 5, "{ext:?}");
        assert_eq!(holes.len(), 1);
        assert_eq!(holes[0].len(), 5);
    }

    #[test]
    fn diagonal_cells_make_two_polygons() {
        let g = grid_from(&["#.", ".#"]);
        let polys = g.polygons();
        assert_eq!(polys.len(), 2);
        assert!(polys.iter().all(|(e, h)| e.len() == 5 && h.is_empty()));
    }

    #[test]
    fn l_shape_has_six_corners() {
        let g = grid_from(&["#.", "##"]);
        let polys = g.polygons();
        assert_eq!(polys.len(), 1);
        assert_eq!(polys[0].0.len(), 7);
    }
}
