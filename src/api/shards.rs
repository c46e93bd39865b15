//! Connections are answered by a few single-threaded runtimes, one per core by default
//! (`--http-threads`), each on its own thread, rather than by the work-stealing runtime. Each
//! accepted connection goes to the runtime with the fewest open and stays there; a runtime
//! answers its connections in turn. Measured at 200 connections on 2 cores with a new point per
//! `/api/places/nearest` request (BENCHMARKS.md), the work-stealing runtime's 99th percentile
//! was 2.1–2.5 times its median, up to 22 ms; here it is 1.6–1.8 times, under 20 ms.
//!
//! The price: a connection is never moved, so a handler that works long on its thread holds
//! every other connection of that thread. Handlers send long work elsewhere (the heavy gate,
//! the quick pool, `large_answer`).

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::runtime::{Builder, Handle};

/// The runtimes that serve connections, and how many each has open.
pub struct Shards {
    shards: Vec<Shard>,
    next: AtomicUsize,
}

struct Shard {
    handle: Handle,
    open: Arc<AtomicUsize>,
}

/// Counts a connection as open on its shard until dropped.
pub struct OpenOnShard(Arc<AtomicUsize>);

impl Drop for OpenOnShard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Shards {
    /// Starts `count` runtimes (at least one), threads named `http-N`.
    pub fn start(count: usize) -> std::io::Result<Self> {
        let mut shards = Vec::with_capacity(count.max(1));
        for i in 0..count.max(1) {
            let runtime = Builder::new_current_thread().enable_all().build()?;
            let handle = runtime.handle().clone();
            std::thread::Builder::new()
                .name(format!("http-{i}"))
                .spawn(move || runtime.block_on(std::future::pending::<()>()))?;
            shards.push(Shard {
                handle,
                open: Arc::new(AtomicUsize::new(0)),
            });
        }
        Ok(Shards {
            shards,
            next: AtomicUsize::new(0),
        })
    }

    /// Runs `serve` on the shard with the fewest open connections (ties in turn), handing it
    /// a count that holds the connection as open there until dropped.
    pub fn spawn<F, Fut>(&self, serve: F)
    where
        F: FnOnce(OpenOnShard) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let n = self.shards.len();
        let Some(shard) = (0..n)
            .map(|k| &self.shards[(start + k) % n])
            .min_by_key(|s| s.open.load(Ordering::Relaxed))
        else {
            return;
        };
        shard.open.fetch_add(1, Ordering::Relaxed);
        let open = OpenOnShard(shard.open.clone());
        shard.handle.spawn(async move { serve(open).await });
    }
}
