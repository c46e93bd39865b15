//! Encoded tiles kept in memory, bounded in bytes: the least recently used go first. Entries
//! belong to one data generation; a reload empties the cache (the old tiles are then stale).

use crate::model::{TileId, TileLayer};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One tile as served: the MVT bytes and their gzip (empty for an empty tile).
#[derive(Debug)]
pub struct EncodedTile {
    pub raw: Vec<u8>,
    pub gzip: Vec<u8>,
}

impl EncodedTile {
    pub fn new(raw: Vec<u8>) -> EncodedTile {
        use std::io::Write;
        let gzip = if raw.is_empty() {
            Vec::new()
        } else {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&raw).expect("writing to memory");
            e.finish().expect("writing to memory")
        };
        EncodedTile { raw, gzip }
    }

    fn bytes(&self) -> usize {
        self.raw.len() + self.gzip.len() + 64
    }
}

type Key = (TileLayer, TileId);

struct Entries {
    generation: i64,
    tiles: HashMap<Key, (Arc<EncodedTile>, u64)>,
    bytes: usize,
    clock: u64,
}

/// The cache, shared by every request (cheap to clone).
#[derive(Clone)]
pub struct TileCache {
    budget: usize,
    entries: Arc<Mutex<Entries>>,
}

impl TileCache {
    /// A cache holding at most `budget` bytes of tiles (0 keeps none).
    pub fn new(budget: usize) -> TileCache {
        TileCache {
            budget,
            entries: Arc::new(Mutex::new(Entries {
                generation: i64::MIN,
                tiles: HashMap::new(),
                bytes: 0,
                clock: 0,
            })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn get(&self, generation: i64, key: Key) -> Option<Arc<EncodedTile>> {
        let mut e = self.lock();
        if e.generation != generation {
            return None;
        }
        e.clock += 1;
        let now = e.clock;
        let (tile, used) = e.tiles.get_mut(&key)?;
        *used = now;
        Some(tile.clone())
    }

    pub fn put(&self, generation: i64, key: Key, tile: Arc<EncodedTile>) {
        let size = tile.bytes();
        if size > self.budget / 8 {
            return;
        }
        let mut e = self.lock();
        if e.generation != generation {
            if generation < e.generation {
                return; // made from data older than what is cached
            }
            e.tiles.clear();
            e.bytes = 0;
            e.generation = generation;
        }
        e.clock += 1;
        let now = e.clock;
        if let Some((old, _)) = e.tiles.insert(key, (tile, now)) {
            e.bytes -= old.bytes();
        }
        e.bytes += size;
        if e.bytes > self.budget {
            evict(&mut e, self.budget - self.budget / 4);
        }
    }
}

/// Drops the least recently used tiles until at most `target` bytes are left (one sort for
/// many evictions, so that a full cache does not sort on every insert).
fn evict(e: &mut Entries, target: usize) {
    let mut by_age: Vec<(u64, Key)> = e.tiles.iter().map(|(k, (_, used))| (*used, *k)).collect();
    by_age.sort_unstable_by_key(|(used, _)| *used);
    for (_, k) in by_age {
        if e.bytes <= target {
            break;
        }
        if let Some((t, _)) = e.tiles.remove(&k) {
            e.bytes -= t.bytes();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(x: u32) -> Key {
        (TileLayer::Communes, TileId::new(10, x, 0).unwrap())
    }

    #[test]
    fn the_least_recently_used_go_first_and_a_new_generation_empties_it() {
        let tile = || Arc::new(EncodedTile::new(vec![7; 1000]));
        let one = tile().bytes();
        let cache = TileCache::new(one * 8);
        for x in 0..8 {
            cache.put(1, key(x), tile());
        }
        assert!(cache.get(1, key(0)).is_some()); // 0 is now the most recent
        cache.put(1, key(8), tile()); // over budget: evicts down to 6 tiles
        assert!(cache.get(1, key(0)).is_some());
        assert!(cache.get(1, key(1)).is_none());
        assert!(cache.get(1, key(8)).is_some());
        assert!(cache.lock().bytes <= one * 8);
        assert!(cache.get(2, key(0)).is_none());
        cache.put(2, key(3), tile());
        assert!(cache.get(1, key(0)).is_none());
        assert_eq!(cache.lock().tiles.len(), 1);
    }
}
