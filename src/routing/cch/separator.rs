//! Inertial flow: the smallest set of nodes whose removal parts a cell of the road graph
//! between the nodes lying furthest one way along a compass direction and those furthest the
//! other way, found by a maximum unit flow.
//!
//! For each direction, the first [`END_SHARE`] of the cell's nodes along it are merged into
//! the source and the last into the sink; only the band between them is a flow network, so
//! each phase scans a fifth of the cell. Each node carries at most one unit, so the flow is
//! kept as two words per node (where its unit comes from and where it goes) instead of a
//! residual network. A direction's flow stops as soon as it reaches the size of the best
//! separator another direction found: it could not beat it, and on a grid the diagonal
//! directions are where most phases of Dinic's algorithm would go.

/// Share of a cell's nodes, at each end of a direction, merged into the source (and sink):
/// each side of a cut keeps at least about this much of the cell.
pub const END_SHARE: f64 = 0.4;
/// Compass directions tried, in degrees (the two axes first: on street grids they are the
/// smallest cuts, and bound the diagonals').
const DIRECTIONS: [f64; 4] = [0.0, 90.0, 45.0, 135.0];

const NONE: u32 = u32::MAX;
/// `from` of a node whose unit comes straight from the source band.
const SOURCE: u32 = u32::MAX - 1;
/// `to` of a node whose unit goes straight into the sink band.
const SINK: u32 = u32::MAX - 1;
const UNSEEN: u32 = u32::MAX;

/// A connected cell's own graph: nodes numbered `0..len()`, undirected, with their
/// coordinates (longitudes already scaled to the latitude).
pub struct Cell {
    pub first: Vec<u32>,
    pub neighbours: Vec<u32>,
    pub xy: Vec<[f64; 2]>,
}

impl Cell {
    pub fn len(&self) -> usize {
        self.xy.len()
    }

    pub fn is_empty(&self) -> bool {
        self.xy.is_empty()
    }

    pub fn of_node(&self, u: usize) -> &[u32] {
        &self.neighbours[self.first[u] as usize..self.first[u + 1] as usize]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Source,
    Sink,
    Separator,
}

/// A vertex separator: each node's side, and the separator's nodes.
#[derive(Debug, Clone, Default)]
pub struct Cut {
    pub side: Vec<Side>,
    pub separator: Vec<u32>,
}

impl Cut {
    /// Nodes of the smaller side.
    fn smaller_side(&self) -> usize {
        let a = self.side.iter().filter(|&&s| s == Side::Source).count();
        a.min(self.side.len() - a - self.separator.len())
    }
}

/// The smallest of the directions' separators (the more balanced of equal ones). Every
/// street between the two sides goes through the separator.
pub fn best_cut(cell: &Cell) -> Cut {
    let mut best: Option<Cut> = None;
    for deg in DIRECTIONS {
        let (s, c) = deg.to_radians().sin_cos();
        let key: Vec<f64> = cell.xy.iter().map(|p| p[0] * c + p[1] * s).collect();
        let bound = best.as_ref().map(|b| b.separator.len() + 1);
        let Some(cut) = flow_cut(cell, &key, bound) else {
            continue;
        };
        let better = best.as_ref().is_none_or(|b| {
            (cut.separator.len(), b.smaller_side()) < (b.separator.len(), cut.smaller_side())
        });
        if better {
            best = Some(cut);
        }
    }
    best.unwrap_or_default()
}

/// A minimum vertex separator between the [`END_SHARE`] of nodes of lowest `key` and that of
/// highest `key`, or `None` once its size reaches `bound`.
pub fn flow_cut(cell: &Cell, key: &[f64], bound: Option<usize>) -> Option<Cut> {
    let k = cell.len();
    if k < 2 {
        return Some(Cut {
            side: vec![Side::Source; k],
            separator: Vec::new(),
        });
    }
    let band = Band::of(cell, key);
    let mut flow = UnitFlow::new(&band);
    flow.max_flow(bound.unwrap_or(usize::MAX))?;
    let forward = flow.reachable_from_source();
    let backward = flow.reaching_sink();
    let mut best: Option<Cut> = None;
    for from_source in [true, false] {
        let reach = if from_source { &forward } else { &backward };
        let mut side: Vec<Side> = band
            .role
            .iter()
            .map(|r| match r {
                Role::Source => Side::Source,
                _ => Side::Sink,
            })
            .collect();
        let mut separator = Vec::new();
        for (m, &v) in band.local.iter().enumerate() {
            let (inner, outer) = (reach[2 * m], reach[2 * m + 1]);
            side[v as usize] = if from_source {
                match (inner, outer) {
                    (_, true) => Side::Source,
                    (true, false) => Side::Separator,
                    (false, false) => Side::Sink,
                }
            } else {
                match (inner, outer) {
                    (true, _) => Side::Sink,
                    (false, true) => Side::Separator,
                    (false, false) => Side::Source,
                }
            };
            if side[v as usize] == Side::Separator {
                separator.push(v);
            }
        }
        let cut = Cut { side, separator };
        if best
            .as_ref()
            .is_none_or(|b| b.smaller_side() < cut.smaller_side())
        {
            best = Some(cut);
        }
    }
    best
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Middle,
    Sink,
}

/// The flow network of one direction: the cell's middle band, renumbered `0..m`, with which
/// of its nodes touch the source band and which the sink band.
struct Band {
    role: Vec<Role>,
    /// Cell index of each middle node.
    local: Vec<u32>,
    first: Vec<u32>,
    neighbours: Vec<u32>,
    starts: Vec<u32>,
    to_sink: Vec<bool>,
}

impl Band {
    fn of(cell: &Cell, key: &[f64]) -> Band {
        let k = cell.len();
        let ends = ((k as f64 * END_SHARE) as usize).clamp(1, k / 2);
        let by_key = |a: &u32, b: &u32| key[*a as usize].total_cmp(&key[*b as usize]);
        let mut order: Vec<u32> = (0..k as u32).collect();
        order.select_nth_unstable_by(ends - 1, by_key);
        let rest = &mut order[ends..];
        let top = rest.len() - ends;
        rest.select_nth_unstable_by(top, by_key);
        let mut role = vec![Role::Middle; k];
        for &v in &order[..ends] {
            role[v as usize] = Role::Source;
        }
        for &v in &order[k - ends..] {
            role[v as usize] = Role::Sink;
        }
        // A source node next to a sink node joins the band, so a separator always exists.
        for &v in &order[..ends] {
            if cell
                .of_node(v as usize)
                .iter()
                .any(|&w| role[w as usize] == Role::Sink)
            {
                role[v as usize] = Role::Middle;
            }
        }
        let mut mid = vec![NONE; k];
        let mut local = Vec::new();
        for v in 0..k {
            if role[v] == Role::Middle {
                mid[v] = local.len() as u32;
                local.push(v as u32);
            }
        }
        let mut first = Vec::with_capacity(local.len() + 1);
        first.push(0u32);
        let mut neighbours = Vec::new();
        let mut starts = Vec::new();
        let mut to_sink = vec![false; local.len()];
        for (m, &v) in local.iter().enumerate() {
            let mut from_source = false;
            for &w in cell.of_node(v as usize) {
                match role[w as usize] {
                    Role::Middle => neighbours.push(mid[w as usize]),
                    Role::Source => from_source = true,
                    Role::Sink => to_sink[m] = true,
                }
            }
            if from_source {
                starts.push(m as u32);
            }
            first.push(neighbours.len() as u32);
        }
        Band {
            role,
            local,
            first,
            neighbours,
            starts,
            to_sink,
        }
    }

    fn len(&self) -> usize {
        self.local.len()
    }

    fn of_node(&self, m: u32) -> &[u32] {
        &self.neighbours[self.first[m as usize] as usize..self.first[m as usize + 1] as usize]
    }
}

/// A unit flow through the band. Each node is split into an entry state `2m` and an exit
/// state `2m + 1` joined by capacity one; streets have unbounded capacity. Since a node
/// carries at most one unit, the flow is `from[m]` (a neighbour, [`SOURCE`] or [`NONE`]) and
/// `to[m]` (a neighbour, [`SINK`] or [`NONE`]), and the residual arcs follow from them:
/// entry → exit while the node is free, exit → entry once it carries; exit(m) → entry(w) for
/// every street; entry(w) → exit(m) where the unit goes from m to w.
struct UnitFlow<'a> {
    band: &'a Band,
    from: Vec<u32>,
    to: Vec<u32>,
    /// Breadth-first level of each state in the current phase ([`UNSEEN`]: none, or dead).
    level: Vec<u32>,
    /// The next residual arc of each state to try in the current phase.
    current: Vec<u32>,
    queue: Vec<u32>,
}

impl<'a> UnitFlow<'a> {
    fn new(band: &'a Band) -> UnitFlow<'a> {
        let m = band.len();
        UnitFlow {
            band,
            from: vec![NONE; m],
            to: vec![NONE; m],
            level: vec![UNSEEN; 2 * m],
            current: vec![0; 2 * m],
            queue: Vec::with_capacity(2 * m),
        }
    }

    /// The `i`-th residual arc out of `state` (the head state, [`SINK`] for the sink), `None`
    /// if `state` has fewer; [`NONE`] for an arc slot that is closed now.
    #[inline]
    fn arc(&self, state: u32, i: u32) -> Option<u32> {
        let m = state / 2;
        if state & 1 == 0 {
            // Entry: its exit while free; the exit of the node its unit comes from.
            match i {
                0 => Some(if self.to[m as usize] == NONE {
                    state + 1
                } else {
                    NONE
                }),
                1 => {
                    let u = self.from[m as usize];
                    Some(if u == NONE || u == SOURCE {
                        NONE
                    } else {
                        2 * u + 1
                    })
                }
                _ => None,
            }
        } else {
            // Exit: the sink; its entry once it carries; the entries of its neighbours.
            match i {
                0 => Some(if self.band.to_sink[m as usize] {
                    SINK
                } else {
                    NONE
                }),
                1 => Some(if self.to[m as usize] != NONE {
                    state - 1
                } else {
                    NONE
                }),
                _ => self.band.of_node(m).get(i as usize - 2).map(|&w| 2 * w),
            }
        }
    }

    /// Dinic's algorithm until no augmenting path is left (`Some(flow)`), or `None` once the
    /// flow reaches `bound`.
    fn max_flow(&mut self, bound: usize) -> Option<usize> {
        let mut flow = 0;
        loop {
            if flow >= bound {
                return None;
            }
            let Some(sink_level) = self.levels() else {
                return Some(flow);
            };
            flow += self.blocking_flow(sink_level, bound - flow);
        }
    }

    /// Breadth-first levels from the source; the sink's level, if it is reached.
    fn levels(&mut self) -> Option<u32> {
        self.level.fill(UNSEEN);
        self.queue.clear();
        for &m in &self.band.starts {
            if self.level[2 * m as usize] == UNSEEN {
                self.level[2 * m as usize] = 1;
                self.queue.push(2 * m);
            }
        }
        let mut sink_level = None;
        let mut i = 0;
        while i < self.queue.len() {
            let s = self.queue[i];
            i += 1;
            let next = self.level[s as usize] + 1;
            if sink_level.is_some_and(|t| next >= t) {
                break;
            }
            let mut a = 0;
            while let Some(h) = self.arc(s, a) {
                a += 1;
                if h == SINK {
                    sink_level = Some(next);
                } else if h != NONE && self.level[h as usize] == UNSEEN {
                    self.level[h as usize] = next;
                    self.queue.push(h);
                }
            }
        }
        sink_level
    }

    /// Augments along shortest paths until none is left at this level or `limit` is reached.
    fn blocking_flow(&mut self, sink_level: u32, limit: usize) -> usize {
        self.current.fill(0);
        let mut pushed = 0;
        let mut start = 0;
        let mut path: Vec<u32> = Vec::new();
        while pushed < limit {
            let Some(&s) = path.last() else {
                // At the source: the next entry still alive at level one.
                while start < self.band.starts.len()
                    && self.level[2 * self.band.starts[start] as usize] != 1
                {
                    start += 1;
                }
                let Some(&m) = self.band.starts.get(start) else {
                    break;
                };
                path.push(2 * m);
                continue;
            };
            let want = self.level[s as usize] + 1;
            let mut advanced = false;
            while let Some(h) = self.arc(s, self.current[s as usize]) {
                if h == SINK {
                    if want == sink_level {
                        self.augment(&path);
                        pushed += 1;
                        path.clear();
                        advanced = true;
                        break;
                    }
                } else if h != NONE && self.level[h as usize] == want {
                    path.push(h);
                    advanced = true;
                    break;
                }
                self.current[s as usize] += 1;
            }
            if !advanced {
                // A dead end: no shortest path left through `s` in this phase.
                self.level[s as usize] = UNSEEN;
                path.pop();
            }
        }
        pushed
    }

    /// Sends one unit from the source along `path` (states, the last an exit next to the
    /// sink band).
    fn augment(&mut self, path: &[u32]) {
        self.from[path[0] as usize / 2] = SOURCE;
        for pair in path.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let (u, w) = (a / 2, b / 2);
            match (a % 2, b % 2) {
                // Entry → own exit: the node now carries; its ends are set by the neighbours.
                (0, 1) if u == w => {}
                // Entry of u → exit of w: the unit w sent to u is taken back.
                (0, 1) => self.to[w as usize] = NONE,
                // Exit → own entry: the node is freed.
                (1, 0) if u == w => self.from[u as usize] = NONE,
                // Exit of u → entry of w: a unit along the street.
                (1, 0) => {
                    self.to[u as usize] = w;
                    self.from[w as usize] = u;
                }
                _ => unreachable!("states alternate along a path"),
            }
        }
        if let Some(&last) = path.last() {
            self.to[last as usize / 2] = SINK;
        }
    }

    /// The states the source reaches over residual arcs.
    fn reachable_from_source(&mut self) -> Vec<bool> {
        let mut seen = vec![false; self.level.len()];
        self.queue.clear();
        for &m in &self.band.starts {
            if !seen[2 * m as usize] {
                seen[2 * m as usize] = true;
                self.queue.push(2 * m);
            }
        }
        let mut i = 0;
        while i < self.queue.len() {
            let s = self.queue[i];
            i += 1;
            let mut a = 0;
            while let Some(h) = self.arc(s, a) {
                a += 1;
                if h != NONE && h != SINK && !seen[h as usize] {
                    seen[h as usize] = true;
                    self.queue.push(h);
                }
            }
        }
        seen
    }

    /// The states from which the sink is reached over residual arcs.
    fn reaching_sink(&mut self) -> Vec<bool> {
        let band = self.band;
        let mut seen = vec![false; self.level.len()];
        self.queue.clear();
        for m in 0..band.len() {
            if band.to_sink[m] {
                seen[2 * m + 1] = true;
                self.queue.push(2 * m as u32 + 1);
            }
        }
        let mut i = 0;
        let reach = |s: u32, seen: &mut Vec<bool>, queue: &mut Vec<u32>| {
            if s != NONE && !seen[s as usize] {
                seen[s as usize] = true;
                queue.push(s);
            }
        };
        while i < self.queue.len() {
            let s = self.queue[i];
            i += 1;
            let m = s / 2;
            let carries = self.to[m as usize] != NONE;
            if s & 1 == 0 {
                // Into an entry: every neighbour's exit; its own exit once it carries.
                for &u in band.of_node(m) {
                    reach(2 * u + 1, &mut seen, &mut self.queue);
                }
                if carries {
                    reach(s + 1, &mut seen, &mut self.queue);
                }
            } else {
                // Into an exit: its own entry while free; the entry of where its unit goes.
                if !carries {
                    reach(s - 1, &mut seen, &mut self.queue);
                }
                let w = self.to[m as usize];
                if w != NONE && w != SINK {
                    reach(2 * w, &mut seen, &mut self.queue);
                }
            }
        }
        seen
    }
}

#[cfg(test)]
mod tests {
    use super::super::order::Adjacency;
    use super::*;

    /// A small pseudo-random generator, so the cases are the same at every run.
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % n
        }
    }

    /// The cell of `n` nodes at `xy` joined by the streets `edges`.
    fn cell_of(n: usize, edges: &[(u32, u32)], xy: Vec<[f64; 2]>) -> Cell {
        Adjacency::of_streets(n, edges.to_vec()).into_cell(xy)
    }

    /// A `w` × `h` grid with a share of its streets removed at random and some diagonals.
    fn random_grid(w: u32, h: u32, rng: &mut Lcg) -> Cell {
        let mut edges = Vec::new();
        let mut xy = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let v = y * w + x;
                xy.push([
                    x as f64 + rng.below(100) as f64 / 200.0,
                    y as f64 + rng.below(100) as f64 / 200.0,
                ]);
                if x + 1 < w && rng.below(10) > 0 {
                    edges.push((v, v + 1));
                }
                if y + 1 < h && rng.below(10) > 0 {
                    edges.push((v, v + w));
                }
                if x + 1 < w && y + 1 < h && rng.below(8) == 0 {
                    edges.push((v, v + w + 1));
                }
            }
        }
        cell_of((w * h) as usize, &edges, xy)
    }

    /// The size of a minimum vertex cut between the two ends of `key`, by plain augmenting
    /// paths on an explicit split network, independent of [`UnitFlow`].
    fn reference_cut_size(cell: &Cell, key: &[f64]) -> usize {
        let band = Band::of(cell, key);
        let k = cell.len();
        // States: 2v entry, 2v + 1 exit, 2k source, 2k + 1 sink. Source and sink bands have
        // unbounded node capacity (they are merged into the terminals).
        let (s, t) = (2 * k, 2 * k + 1);
        let big = 1_000_000i64;
        let mut cap = std::collections::HashMap::<(usize, usize), i64>::new();
        let mut add = |a: usize, b: usize, c: i64| {
            *cap.entry((a, b)).or_insert(0) += c;
            cap.entry((b, a)).or_insert(0);
        };
        for v in 0..k {
            let c = if band.role[v] == Role::Middle { 1 } else { big };
            add(2 * v, 2 * v + 1, c);
            for &w in cell.of_node(v) {
                add(2 * v + 1, 2 * w as usize, big);
            }
            match band.role[v] {
                Role::Source => add(s, 2 * v, big),
                Role::Sink => add(2 * v + 1, t, big),
                Role::Middle => {}
            }
        }
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); 2 * k + 2];
        for &(a, b) in cap.keys() {
            out[a].push(b);
        }
        let mut flow = 0;
        loop {
            let mut prev = vec![usize::MAX; 2 * k + 2];
            prev[s] = s;
            let mut queue = std::collections::VecDeque::from([s]);
            while let Some(u) = queue.pop_front() {
                for &w in &out[u] {
                    if prev[w] == usize::MAX && cap[&(u, w)] > 0 {
                        prev[w] = u;
                        queue.push_back(w);
                    }
                }
            }
            if prev[t] == usize::MAX {
                return flow;
            }
            let mut w = t;
            while w != s {
                let u = prev[w];
                *cap.get_mut(&(u, w)).expect("arc") -= 1;
                *cap.get_mut(&(w, u)).expect("arc") += 1;
                w = u;
            }
            flow += 1;
        }
    }

    fn assert_separates(cell: &Cell, cut: &Cut, what: &str) {
        for v in 0..cell.len() {
            for &w in cell.of_node(v) {
                let pair = (cut.side[v], cut.side[w as usize]);
                assert!(
                    pair != (Side::Source, Side::Sink) && pair != (Side::Sink, Side::Source),
                    "{what}: street {v}–{w} joins the two sides"
                );
            }
        }
        let listed: Vec<u32> = (0..cell.len() as u32)
            .filter(|&v| cut.side[v as usize] == Side::Separator)
            .collect();
        let mut separator = cut.separator.clone();
        separator.sort_unstable();
        assert_eq!(separator, listed, "{what}: the separator list");
    }

    #[test]
    fn a_grid_is_cut_by_one_line_of_nodes() {
        let mut rng = Lcg(1);
        let (w, h) = (30u32, 20u32);
        let mut edges = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let v = y * w + x;
                if x + 1 < w {
                    edges.push((v, v + 1));
                }
                if y + 1 < h {
                    edges.push((v, v + w));
                }
            }
        }
        let xy = (0..w * h)
            .map(|v| {
                let jitter = rng.below(100) as f64 / 400.0;
                [(v % w) as f64 + jitter, (v / w) as f64 + jitter]
            })
            .collect();
        let cell = cell_of((w * h) as usize, &edges, xy);
        let cut = best_cut(&cell);
        // The narrow way across a 30 × 20 grid is a column of 20 nodes.
        assert_eq!(cut.separator.len(), 20);
        assert_separates(&cell, &cut, "30 × 20 grid");
        assert!(cut.smaller_side() >= 200, "{}", cut.smaller_side());
    }

    #[test]
    fn every_cut_separates_and_is_a_minimum() {
        let mut rng = Lcg(7);
        for case in 0..60 {
            let (w, h) = (2 + rng.below(14) as u32, 2 + rng.below(14) as u32);
            let cell = random_grid(w, h, &mut rng);
            let what = format!("case {case}: {w} × {h}");
            for deg in DIRECTIONS {
                let (s, c) = f64::to_radians(deg).sin_cos();
                let key: Vec<f64> = cell.xy.iter().map(|p| p[0] * c + p[1] * s).collect();
                let cut = flow_cut(&cell, &key, None).expect("no bound");
                assert_separates(&cell, &cut, &what);
                assert_eq!(
                    cut.separator.len(),
                    reference_cut_size(&cell, &key),
                    "{what}, direction {deg}"
                );
                // A bound at the cut's size stops the flow; one above lets it finish.
                let size = cut.separator.len();
                if size > 0 {
                    assert!(flow_cut(&cell, &key, Some(size)).is_none(), "{what}");
                }
                let again = flow_cut(&cell, &key, Some(size + 1)).expect("within the bound");
                assert_eq!(again.separator.len(), size, "{what}");
            }
            let best = best_cut(&cell);
            assert_separates(&cell, &best, &what);
        }
    }
}
