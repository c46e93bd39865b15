//! `maillage serve --http-threads N`: a few threads answer every connection, each keeping
//! its connections; large answers are built off them, so that the other connections of a
//! thread are not kept waiting.

mod common;

use common::Maillage;
use std::time::Instant;

#[test]
fn a_large_answer_does_not_hold_the_other_connections_of_its_thread() {
    let m = Maillage::new();
    m.import_france_outlines();
    // One thread for every connection: the cheap request shares it with the large one.
    let s = m.serve(&["--http-threads", "1"]);
    let started = Instant::now();
    let (status, body) = s.get_bytes("/api/communes");
    let alone = started.elapsed();
    assert_eq!(status, 200);
    assert!(
        body.len() > 10_000_000 && body.starts_with(br#"{"type":"FeatureCollection""#),
        "every commune of France with its outline: {} bytes",
        body.len()
    );
    drop(body);

    let (large, cheap) = std::thread::scope(|scope| {
        let large = scope.spawn(|| {
            let started = Instant::now();
            let (status, _) = s.get_bytes("/api/communes");
            (status, started.elapsed())
        });
        // Well inside the large answer's building.
        std::thread::sleep(alone / 5);
        let started = Instant::now();
        let health = s.json("/healthz");
        let cheap = started.elapsed();
        assert_eq!(health["status"], "ok");
        (large.join().expect("the large request"), cheap)
    });
    assert_eq!(large.0, 200);
    assert!(
        cheap < alone / 4 && cheap < large.1,
        "/healthz took {cheap:?} while /api/communes was built ({:?}; {alone:?} alone)",
        large.1
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
