//! What bounds the cost of a request: a deadline for every request, and a gate that lets only
//! a few heavy computations (coverage, scenarios, plans, large matrices, isochrones) run at
//! once, so that one client cannot take the server's memory or threads from the others.

use super::Problem;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// What one scenario may close (`close` of `POST /api/scenarios`): a few hundred points, a
/// drawn area the size of a large town's surroundings, and the segments it closes. Finding
/// an area's roads costs its positions × the segments in its bounding box, and each segment
/// closed is returned in the answer: a polygon of all France is refused before any work.
pub const CLOSURE_CAPS: crate::planning::request::ClosureCaps =
    crate::planning::request::ClosureCaps {
        max_points: 1_000,
        max_vertices: 2_000,
        max_area_km2: 2_500.0,
        max_segments: 50_000,
    };

/// The limits `maillage serve` applies (flags `--request-timeout`, `--max-heavy`, …).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Longest a request may take before it is answered 503.
    pub request_timeout: Duration,
    /// Heavy computations running at once.
    pub max_heavy: usize,
    /// Longest a heavy request waits for its turn before it is answered 503.
    pub heavy_wait: Duration,
    /// Open connections at once; one more is answered 503 and closed.
    pub max_connections: usize,
    /// Longest a client may take to send a request's headers.
    pub header_read_timeout: Duration,
}

impl Limits {
    /// The defaults: 30 s per request, one heavy computation per core, 2 s of queueing, 1,024
    /// connections, 10 s to send headers.
    pub fn defaults() -> Self {
        Limits {
            request_timeout: Duration::from_secs(30),
            max_heavy: std::thread::available_parallelism().map_or(2, |n| n.get()),
            heavy_wait: Duration::from_secs(2),
            max_connections: 1024,
            header_read_timeout: Duration::from_secs(10),
        }
    }
}

/// Admission of heavy computations: a permit per running computation.
#[derive(Debug, Clone)]
pub struct HeavyGate {
    permits: Arc<Semaphore>,
    wait: Duration,
    /// Suggested `Retry-After`, seconds.
    retry_after_s: u64,
}

impl HeavyGate {
    pub fn new(limits: &Limits) -> Self {
        HeavyGate {
            permits: Arc::new(Semaphore::new(limits.max_heavy.max(1))),
            wait: limits.heavy_wait,
            retry_after_s: limits.request_timeout.as_secs().clamp(1, 30),
        }
    }

    /// Waits briefly for a turn; busy after that is a 503 with `Retry-After`. The permit is
    /// held by the computation itself (moved into its blocking task), so a request that timed
    /// out still counts until its work really ends.
    pub async fn enter(&self, what: &str) -> Result<OwnedSemaphorePermit, Problem> {
        match tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(Problem::unavailable(
                format!(
                    "the server is busy with other heavy computations; {what} was not started, retry later"
                ),
                self.retry_after_s,
            )),
        }
    }
}

/// Runs a heavy computation, holding `permit` until it ends, on the heavy pool: threads of
/// lowered priority (nice 10 on Linux), so that cheap requests, answered by the runtime's
/// threads, keep their latency while heavy work uses every core. Parallel iterators inside
/// `f` run on the same pool.
pub async fn run_heavy<T: Send + 'static>(
    permit: OwnedSemaphorePermit,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, tokio::task::JoinError> {
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let answer = match heavy_pool() {
            Some(pool) => pool.install(f),
            None => f(),
        };
        super::memory::release_freed_memory();
        answer
    })
    .await
}

/// The pool of heavy computations (one thread per core), built on first use; `None` if the
/// system refuses threads (then the caller's thread runs the work).
fn heavy_pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("heavy-{i}"))
            .start_handler(|_| lower_this_thread_priority())
            .build()
            .map_err(|e| tracing::warn!("no heavy pool: {e}"))
            .ok()
    })
    .as_ref()
}

/// Nice 10 for the calling thread (Linux sets niceness per thread).
fn lower_this_thread_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; `0` names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// Answers 503 (a problem with `Retry-After`) when a request outlasts `timeout`.
pub async fn deadline(State(timeout): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => Problem::unavailable(
            format!(
                "the request took longer than {} s and was abandoned; narrow it (a smaller selection, fewer thresholds) or retry later",
                timeout.as_secs_f64()
            ),
            timeout.as_secs().clamp(1, 30),
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_gate_answers_503_with_retry_after_until_a_permit_is_returned() {
        let limits = Limits {
            max_heavy: 1,
            heavy_wait: Duration::from_millis(20),
            request_timeout: Duration::from_secs(7),
            ..Limits::defaults()
        };
        let gate = HeavyGate::new(&limits);
        let first = gate.enter("one").await.expect("a free gate admits");
        let refused = gate.enter("two").await.expect_err("a full gate refuses");
        assert_eq!(refused.status, 503);
        assert_eq!(refused.retry_after_s, Some(7));
        assert!(
            refused.detail.contains("two was not started"),
            "{}",
            refused.detail
        );
        drop(first);
        assert!(gate.enter("three").await.is_ok());
    }

    #[tokio::test]
    async fn a_waiting_request_gets_the_permit_returned_within_the_wait() {
        let limits = Limits {
            max_heavy: 1,
            heavy_wait: Duration::from_secs(5),
            ..Limits::defaults()
        };
        let gate = HeavyGate::new(&limits);
        let first = gate.enter("one").await.unwrap();
        let waiter = tokio::spawn({
            let gate = gate.clone();
            async move { gate.enter("two").await.map(|_| ()) }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        drop(first);
        assert!(waiter.await.unwrap().is_ok());
    }
}
