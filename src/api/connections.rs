//! The listener's side of bounded cost: at most `max_connections` open at once (one more is
//! answered 503 and closed, so idle clients cannot exhaust the file descriptors), headers that
//! must arrive within `header_read_timeout` (hyper closes a half-sent request), a first request
//! line longer than the HTTP parser takes answered 414 as a problem, and graceful shutdown.
//! Accepted connections are served by [`Shards`].

use super::framework_errors::uri_too_long;
use super::shards::Shards;
use super::{Limits, Problem};
use axum::http::StatusCode;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

/// Longest request line hyper parses (`http`'s URI limit, 64 KiB); longer gets our 414.
const PARSER_URI_LIMIT: usize = 65_534;
/// How long in-flight requests may finish after a shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Accepts connections until `shutdown` resolves, then lets open ones finish.
pub async fn run(
    listener: TcpListener,
    shards: Shards,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let builder = Arc::new(builder);
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, mostly: wait for some to close.
                    tracing::warn!("accepting a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            tokio::spawn(refuse(
                stream,
                Problem::unavailable(
                    format!(
                        "the server has {} connections open, its limit; retry later",
                        limits.max_connections
                    ),
                    1,
                ),
            ));
            continue;
        };
        let (builder, app, watcher) = (builder.clone(), app.clone(), graceful.watcher());
        let header_timeout = limits.header_read_timeout;
        // Registered again with the reactor of the thread that serves it.
        let Ok(stream) = stream.into_std() else {
            continue;
        };
        shards.spawn(move |open| async move {
            let (_open, _permit) = (open, permit);
            if let Ok(stream) = TcpStream::from_std(stream) {
                serve_one(stream, builder, app, watcher, header_timeout).await;
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("some connections were still open after {SHUTDOWN_GRACE:?}");
    }
}

/// Serves one connection's requests until it closes.
async fn serve_one(
    stream: TcpStream,
    builder: Arc<hyper::server::conn::http1::Builder>,
    app: Router,
    watcher: hyper_util::server::graceful::Watcher,
    header_timeout: Duration,
) {
    match tokio::time::timeout(header_timeout, first_line_fits(&stream)).await {
        Ok(Ok(true)) => {}
        Ok(Ok(false)) => {
            let size = format!("over {PARSER_URI_LIMIT} bytes long");
            refuse(stream, uri_too_long(&size)).await;
            return;
        }
        // Nothing sent in time, or the peer went away.
        Ok(Err(_)) | Err(_) => return,
    }
    let service = TowerToHyperService::new(app);
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    if let Err(e) = watcher.watch(connection).await {
        tracing::debug!("connection: {e}");
    }
}

/// Whether the first request line ends within what the parser takes (peeked, not consumed).
async fn first_line_fits(stream: &TcpStream) -> std::io::Result<bool> {
    let mut buf = vec![0u8; PARSER_URI_LIMIT + 64];
    let mut seen = 0;
    loop {
        let n = stream.peek(&mut buf).await?;
        if n == 0 || buf[..n].windows(2).any(|w| w == b"\r\n") || buf[..n].contains(&b'\n') {
            return Ok(true);
        }
        if n >= buf.len() {
            return Ok(false);
        }
        if n == seen {
            // No new bytes yet: peek would return at once again.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        seen = n;
    }
}

/// Answers `problem` and closes, without reading the request.
async fn refuse(mut stream: TcpStream, problem: Problem) {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: application/problem+json\r\ncontent-length: {}\r\nconnection: close\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    );
    if let Some(s) = problem.retry_after_s {
        head.push_str(&format!("retry-after: {s}\r\n"));
    }
    head.push_str("\r\n");
    let write = async {
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(&body).await?;
        stream.shutdown().await
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), write).await;
}
