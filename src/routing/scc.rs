//! Strongly connected components (Tarjan, iterative so deep graphs cannot overflow the stack).
//!
//! Routing keeps only the largest component of each profile: from any of its nodes every other
//! node can be reached and left, so no query ends in a dead-end cul-de-sac or an island.

use super::graph::Csr;

/// The component of every node, numbered from 0, and the number of components.
pub fn components(g: &Csr) -> (Vec<u32>, usize) {
    let n = g.num_nodes();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSEEN; n];
    let mut stack: Vec<u32> = Vec::new();
    // Call stack: (node, next edge position).
    let mut calls: Vec<(u32, u32)> = Vec::new();
    let mut next_index = 0u32;
    let mut count = 0usize;
    for root in 0..n as u32 {
        if index[root as usize] != UNSEEN {
            continue;
        }
        calls.push((root, g.first[root as usize]));
        index[root as usize] = next_index;
        low[root as usize] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
            let vi = v as usize;
            if *pos < g.first[vi + 1] {
                let w = g.head[*pos as usize];
                *pos += 1;
                let wi = w as usize;
                if index[wi] == UNSEEN {
                    index[wi] = next_index;
                    low[wi] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[wi] = true;
                    calls.push((w, g.first[wi]));
                } else if on_stack[wi] {
                    low[vi] = low[vi].min(index[wi]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent as usize] = low[parent as usize].min(low[vi]);
            }
            if low[vi] == index[vi] {
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    comp[w as usize] = count as u32;
                    if w == v {
                        break;
                    }
                }
                count += 1;
            }
        }
    }
    (comp, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_and_tail() {
        // 0 → 1 → 2 → 0 is a cycle; 3 hangs off it one way.
        let g = Csr::from_edges(4, &[(0, 1, 1, 1), (1, 2, 1, 1), (2, 0, 1, 1), (2, 3, 1, 1)]);
        let (comp, count) = components(&g);
        assert_eq!(count, 2);
        assert_eq!(comp[0], comp[1]);
        assert_eq!(comp[1], comp[2]);
        assert_ne!(comp[2], comp[3]);
    }
}
