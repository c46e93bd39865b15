//! Reusable Dijkstra labels: one pair per thread, reset in O(1) with a generation stamp, so a
//! query costs what it visits rather than the size of the graph.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

const NONE: u32 = u32::MAX;

/// Tentative and settled labels of one search direction.
#[derive(Debug, Default)]
pub struct SearchSpace {
    generation: u32,
    seen: Vec<u32>,
    done: Vec<u32>,
    time: Vec<u32>,
    dist: Vec<u32>,
    pred: Vec<u32>,
    pred_tag: Vec<u32>,
    heap: BinaryHeap<Reverse<(u32, u32)>>,
}

impl SearchSpace {
    fn ensure(&mut self, n: usize) {
        if self.seen.len() < n {
            self.seen.resize(n, 0);
            self.done.resize(n, 0);
            self.time.resize(n, 0);
            self.dist.resize(n, 0);
            self.pred.resize(n, NONE);
            self.pred_tag.resize(n, NONE);
        }
    }

    /// Forgets every label.
    pub fn reset(&mut self) {
        self.heap.clear();
        if self.generation == u32::MAX {
            self.seen.iter_mut().for_each(|s| *s = 0);
            self.done.iter_mut().for_each(|s| *s = 0);
            self.generation = 0;
        }
        self.generation += 1;
    }

    /// Proposes reaching `v` at `time`/`dist` from `pred` (with a tag, e.g. a shortcut's middle).
    #[inline]
    pub fn offer(&mut self, v: u32, time: u32, dist: u32, pred: u32, tag: u32) {
        let i = v as usize;
        if self.seen[i] == self.generation {
            if self.done[i] == self.generation || time >= self.time[i] {
                return;
            }
        } else {
            self.seen[i] = self.generation;
        }
        self.time[i] = time;
        self.dist[i] = dist;
        self.pred[i] = pred;
        self.pred_tag[i] = tag;
        self.heap.push(Reverse((time, v)));
    }

    /// Settles and returns the closest unsettled node.
    #[inline]
    pub fn pop(&mut self) -> Option<(u32, u32, u32)> {
        while let Some(Reverse((t, v))) = self.heap.pop() {
            let i = v as usize;
            if self.done[i] == self.generation || t != self.time[i] {
                continue;
            }
            self.done[i] = self.generation;
            return Some((v, t, self.dist[i]));
        }
        None
    }

    /// The smallest time waiting in the queue (may be a stale entry: a lower bound).
    pub fn peek_time(&self) -> u32 {
        self.heap.peek().map_or(u32::MAX, |Reverse((t, _))| *t)
    }

    /// The current label of `v`, if reached.
    #[inline]
    pub fn label(&self, v: u32) -> Option<(u32, u32)> {
        let i = v as usize;
        (self.seen[i] == self.generation).then(|| (self.time[i], self.dist[i]))
    }

    /// Whether `v` has been settled.
    pub fn settled(&self, v: u32) -> bool {
        self.done[v as usize] == self.generation
    }

    /// The predecessor of `v` and its tag, if `v` was reached from another node.
    pub fn pred(&self, v: u32) -> Option<(u32, u32)> {
        let i = v as usize;
        (self.seen[i] == self.generation && self.pred[i] != NONE)
            .then(|| (self.pred[i], self.pred_tag[i]))
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
