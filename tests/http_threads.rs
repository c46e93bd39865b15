//! `maillage serve --http-threads N`: a few threads answer every connection, each keeping
//! its connections; large answers are built off them, so that the other connections of a
//! thread are not kept waiting.

mod common;

use common::Maillage;
use std::time::{Duration, Instant};

#[test]
fn a_large_answer_does_not_hold_the_other_connections_of_its_thread() {
    let m = Maillage::new();
    m.import_france_outlines();
    // One thread for every connection: the cheap requests share it with the large one.
    let s = m.serve(&["--http-threads", "1"]);
    // The tiles cut ahead after loading would slow the first answers.
    s.wait_health(Duration::from_secs(300), |h| {
        h["tiles_cut_ahead"]["generation"] == h["generation"]
    });
    let large = || {
        let started = Instant::now();
        let (status, body) = s.get_bytes("/api/communes");
        assert_eq!(status, 200);
        assert!(
            body.len() > 10_000_000 && body.starts_with(br#"{"type":"FeatureCollection""#),
            "every commune of France with its outline: {} bytes",
            body.len()
        );
        started.elapsed()
    };
    large();
    let alone = large();

    // Again (gzipped: the client accepts it), with /healthz asked all along on other
    // connections.
    let done = std::sync::atomic::AtomicBool::new(false);
    let (while_large, slowest) = std::thread::scope(|scope| {
        let cheap = scope.spawn(|| {
            let mut slowest = Duration::ZERO;
            let mut asked = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let started = Instant::now();
                assert_eq!(s.json("/healthz")["status"], "ok");
                slowest = slowest.max(started.elapsed());
                asked += 1;
                std::thread::sleep(Duration::from_millis(20));
            }
            (slowest, asked)
        });
        let took = large();
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        (took, cheap.join().expect("the cheap requests"))
    });
    let (slowest, asked) = slowest;
    assert!(
        asked >= 3,
        "{asked} requests while the large one took {while_large:?}"
    );
    // Built on the connection's thread, the outlines held /healthz for a fifth of `alone`
    // (481 ms of 2.7 s); built aside, 9 ms.
    assert!(
        slowest < alone / 20,
        "a /healthz took {slowest:?} while /api/communes was built ({while_large:?}; \
         {alone:?} alone)"
    );
}

#[test]
fn the_number_of_http_threads_is_checked() {
    let m = Maillage::new();
    for bad in ["0", "257", "two"] {
        let err = m.fail(&["serve", "--addr", "127.0.0.1:0", "--http-threads", bad]);
        assert!(
            err.contains("--http-threads") && err.contains(bad),
            "{bad}: {err}"
        );
    }
    // Two threads: connections open at once are all answered.
    let s = m.serve(&["--http-threads", "2"]);
    std::thread::scope(|scope| {
        let answers: Vec<_> = (0..8)
            .map(|_| scope.spawn(|| s.json("/healthz")["status"].clone()))
            .collect();
        for a in answers {
            assert_eq!(a.join().expect("a request"), "ok");
        }
    });
}
