//! Cheap computations that still need a core (a route, the travel times of a nearest-places
//! answer) run on a fixed pool of one thread per core rather than on the runtime's blocking
//! threads. Road searches keep a scratch space per thread sized to the whole network (tens of
//! megabytes on a regional network): on the blocking pool, which grows to hundreds of
//! short-lived threads under load, each new thread zeroed its own, and that page clearing was
//! a fifth of the server's time; here the scratch spaces are made once per core and reused.

use super::Problem;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

/// Runs `f` on the quick pool and waits for it without holding an async thread. A panic in
/// `f` becomes a 500 problem, as a failed blocking task does.
pub async fn run_quick<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Problem> {
    let Some(pool) = quick_pool() else {
        return Ok(tokio::task::spawn_blocking(f).await?);
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    pool.spawn(move || {
        let answer = catch_unwind(AssertUnwindSafe(f));
        let _ = tx.send(answer);
    });
    match rx.await {
        Ok(Ok(answer)) => Ok(answer),
        Ok(Err(_)) => Err(Problem::internal("a computation failed (panic)")),
        Err(_) => Err(Problem::internal("a computation was dropped")),
    }
}

/// One thread per core, named `quick-N`, built on first use; `None` if the system refuses
/// threads (then the blocking pool runs the work).
fn quick_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("quick-{i}"))
            .build()
            .map_err(|e| tracing::warn!("no quick pool: {e}"))
            .ok()
    })
    .as_ref()
}
