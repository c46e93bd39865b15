//! Reusable Dijkstra labels: one pair per thread, reset in O(1) with a generation stamp, so a
//! query costs what it visits rather than the size of the graph.
//!
//! A node's whole label (stamp, time, distance, predecessor) is one 16-byte record, so
//! reaching, settling or looking up a node touches one cache line, not one per field.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const NONE: u32 = u32::MAX;

/// One node's label. `stamp` says whether the rest belongs to the current search:
/// `generation` when reached, `generation + 1` when settled, anything else when untouched.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Label {
    stamp: u32,
    time: u32,
    dist: u32,
    pred: u32,
}

/// Tentative and settled labels of one search direction.
#[derive(Debug)]
pub struct SearchSpace {
    /// Even, never 0 (the stamp of untouched labels), advanced by 2 per search.
    generation: u32,
    labels: Vec<Label>,
    heap: BinaryHeap<Reverse<(u32, u32)>>,
}

impl Default for SearchSpace {
    fn default() -> Self {
        SearchSpace {
            generation: 2,
            labels: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }
}

impl SearchSpace {
    fn ensure(&mut self, n: usize) {
        if self.labels.len() < n {
            self.labels.resize(n, Label::default());
        }
    }

    /// Forgets every label.
    pub fn reset(&mut self) {
        self.heap.clear();
        if self.generation >= u32::MAX - 3 {
            self.labels.iter_mut().for_each(|l| l.stamp = 0);
            self.generation = 0;
        }
        self.generation += 2;
    }

    /// Proposes reaching `v` at `time`/`dist` from `pred` (`u32::MAX`: from no node).
    #[inline]
    pub fn offer(&mut self, v: u32, time: u32, dist: u32, pred: u32) {
        let g = self.generation;
        let l = &mut self.labels[v as usize];
        if l.stamp == g {
            if time >= l.time {
                return;
            }
        } else if l.stamp == g + 1 {
            return;
        }
        *l = Label {
            stamp: g,
            time,
            dist,
            pred,
        };
        self.heap.push(Reverse((time, v)));
    }

    /// Settles and returns the closest unsettled node.
    #[inline]
    pub fn pop(&mut self) -> Option<(u32, u32, u32)> {
        let g = self.generation;
        while let Some(Reverse((t, v))) = self.heap.pop() {
            let l = &mut self.labels[v as usize];
            if l.stamp != g || t != l.time {
                continue;
            }
            l.stamp = g + 1;
            return Some((v, t, l.dist));
        }
        None
    }

    /// The smallest time waiting in the queue (may be a stale entry: a lower bound).
    #[inline]
    pub fn peek_time(&self) -> u32 {
        self.heap.peek().map_or(u32::MAX, |Reverse((t, _))| *t)
    }

    /// The current label of `v` (time, distance), if reached.
    #[inline]
    pub fn label(&self, v: u32) -> Option<(u32, u32)> {
        let l = &self.labels[v as usize];
        (l.stamp.wrapping_sub(self.generation) < 2).then_some((l.time, l.dist))
    }

    /// The current time of `v`, if reached: [`SearchSpace::label`] without the distance.
    #[inline]
    pub fn time(&self, v: u32) -> Option<u32> {
        let l = &self.labels[v as usize];
        (l.stamp.wrapping_sub(self.generation) < 2).then_some(l.time)
    }

    /// Whether `v` has been settled.
    pub fn settled(&self, v: u32) -> bool {
        self.labels[v as usize].stamp == self.generation + 1
    }

    /// The node `v` was reached from, if reached from another node.
    pub fn pred(&self, v: u32) -> Option<u32> {
        let l = &self.labels[v as usize];
        (l.stamp.wrapping_sub(self.generation) < 2 && l.pred != NONE).then_some(l.pred)
    }
}

thread_local! {
    static SPACES: RefCell<(SearchSpace, SearchSpace)> = RefCell::new(Default::default());
}

/// Runs `f` with this thread's two search spaces, sized for `n` nodes.
pub fn with_spaces<R>(n: usize, f: impl FnOnce(&mut SearchSpace, &mut SearchSpace) -> R) -> R {
    SPACES.with(|cell| {
        let mut pair = cell.borrow_mut();
        let (a, b) = &mut *pair;
        a.ensure(n);
        b.ensure(n);
        f(a, b)
    })
}
