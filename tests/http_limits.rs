//! `maillage serve` under hostile or careless clients, through the binary: every error is a
//! problem (framework rejections included, raw requests where a client library would refuse),
//! caps on work answer 422 naming the cap, deadlines answer 503, half-sent requests and too
//! many connections cannot hold the server; data answers revalidate with ETags, public reads
//! allow any origin, pages carry security headers.

mod common;

use common::{shared, Maillage, Server};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// A raw HTTP exchange: status, header block and body.
struct Raw {
    status: u16,
    head: String,
    body: String,
}

impl Raw {
    fn problem(&self) -> Value {
        assert!(
            self.header("content-type").as_deref() == Some("application/problem+json"),
            "not a problem: {}\n{}",
            self.head,
            self.body
        );
        let v: Value = serde_json::from_str(&self.body).expect("problem JSON");
        assert_eq!(v["status"], self.status, "{v}");
        assert!(v["detail"].as_str().is_some_and(|d| !d.is_empty()), "{v}");
        v
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

fn address(server: &Server) -> String {
    server.url.trim_start_matches("http://").to_string()
}

/// Sends `request` as is and reads the answer until the server closes.
fn raw(server: &Server, request: &[u8]) -> Raw {
    let mut s = TcpStream::connect(address(server)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    // The server may answer and close before reading everything: ignore a broken pipe.
    let _ = s.write_all(request);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    parse(&out)
}

fn parse(out: &[u8]) -> Raw {
    let text = String::from_utf8_lossy(out).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    Raw {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

fn get(server: &Server, target: &str, headers: &[&str]) -> Raw {
    let mut req = format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
    for h in headers {
        req.push_str(h);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    raw(server, req.as_bytes())
}

fn send(server: &Server, method: &str, target: &str, ctype: &str, body: &[u8]) -> Raw {
    let mut req = format!(
        "{method} {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    raw(server, &req)
}

fn territory(extra: &[&str]) -> (Maillage, Server) {
    let m = Maillage::with_territory();
    let s = m.serve(extra);
    (m, s)
}

#[test]
fn the_frameworks_own_rejections_are_problems() {
    let (_m, s) = territory(&[]);
    let unknown = get(&s, "/no/such/page", &[]);
    assert_eq!(unknown.status, 404);
    unknown.problem();
    let unknown_api = get(&s, "/api/nothing", &[]);
    assert_eq!(unknown_api.status, 404);
    unknown_api.problem();

    let wrong_method = send(&s, "DELETE", "/api/places", "text/plain", b"");
    assert_eq!(wrong_method.status, 405);
    let p = wrong_method.problem();
    let allow = wrong_method.header("allow").expect("Allow on a 405");
    assert!(allow.contains("GET"), "{allow}");
    assert!(p["detail"].as_str().unwrap().contains("GET"), "{p}");
    let post_health = send(&s, "POST", "/healthz", "application/json", b"{}");
    assert_eq!(post_health.status, 405);
    post_health.problem();

    let bad_utf8 = get(&s, "/api/communes/%FF%FE/coverage", &[]);
    assert_eq!(bad_utf8.status, 400);
    bad_utf8.problem();

    let big = vec![b'['; 3 * 1024 * 1024];
    let too_large = send(&s, "POST", "/api/matrix", "application/json", &big);
    assert_eq!(too_large.status, 413);
    too_large.problem();

    let bad_json = send(
        &s,
        "POST",
        "/api/scenarios",
        "application/json",
        b"{\"add\": [",
    );
    assert_eq!(bad_json.status, 400);
    assert_eq!(bad_json.problem()["parameter"], "body");
    let wrong_type = send(&s, "POST", "/api/scenarios", "text/plain", b"{}");
    assert_eq!(wrong_type.status, 415);
    wrong_type.problem();
}

#[test]
fn over_long_uris_are_414_problems_whatever_their_length() {
    let (_m, s) = territory(&[]);
    for len in [20_000, 70_000] {
        let target = format!("/api/places?q={}", "a".repeat(len));
        let r = get(&s, &target, &[]);
        assert_eq!(r.status, 414, "{len} characters");
        let p = r.problem();
        assert!(p["detail"].as_str().unwrap().contains("8192"), "{p}");
    }
    // The server still answers afterwards.
    assert_eq!(s.json("/healthz")["status"], "ok");
}

#[test]
fn caps_on_work_are_422_naming_the_cap_and_malformed_values_stay_400() {
    let (_m, s) = territory(&[]);
    let thirteen = (1..=13)
        .map(|m| m.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let (status, ctype, p) = s.get(&format!("/api/coverage?minutes={thirteen}"));
    assert_eq!((status, ctype.as_str()), (422, "application/problem+json"));
    assert_eq!(p["parameter"], "minutes");
    assert!(p["detail"].as_str().unwrap().contains("at most 12"), "{p}");
    for (query, parameter) in [
        ("catchment=90", "catchment"),
        ("minutes=15,75", "minutes"),
        ("gap_minutes=61", "gap_minutes"),
    ] {
        let (status, _, p) = s.get(&format!("/api/coverage?{query}"));
        assert_eq!(status, 422, "{query}: {p}");
        assert_eq!(p["parameter"], parameter);
        assert!(
            p["detail"].as_str().unwrap().contains("at most 60 minutes"),
            "{p}"
        );
    }
    let (status, _, p) = s.get("/api/coverage?minutes=241");
    assert_eq!(status, 400, "{p}");
    let (status, _, _) = s.get("/api/coverage?minutes=60&catchment=60");
    assert_eq!(status, 200);

    let points =
        |n: usize| -> Vec<[f64; 2]> { (0..n).map(|i| [2.0 + i as f64 * 1e-4, 45.0]).collect() };
    let (status, p) = s.post(
        "/api/matrix",
        &serde_json::json!({"sources": points(1001), "destinations": points(1000)}),
    );
    assert_eq!(status, 422, "{p}");
    assert_eq!(p["parameter"], "sources");
    assert!(
        p["detail"].as_str().unwrap().contains("1000000 cells"),
        "{p}"
    );

    let (status, p) = s.post(
        "/api/plan/sites",
        &serde_json::json!({"departement": "19", "minutes": 90}),
    );
    assert_eq!(status, 422, "{p}");
    assert_eq!(p["parameter"], "minutes");
}

#[test]
fn a_request_over_its_deadline_is_a_503_problem_with_retry_after() {
    let (_m, s) = territory(&["--request-timeout", "0.001"]);
    let r = get(&s, "/api/coverage?format=geojson", &[]);
    assert_eq!(r.status, 503, "{}", r.body);
    let p = r.problem();
    assert!(p["detail"].as_str().unwrap().contains("longer than"), "{p}");
    assert!(r.header("retry-after").is_some(), "{}", r.head);
}

#[test]
fn half_sent_headers_are_dropped_while_others_are_served() {
    let (_m, s) = territory(&["--header-timeout", "1"]);
    let mut slow = TcpStream::connect(address(&s)).unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    // Meanwhile, another client is answered at once.
    let start = Instant::now();
    assert_eq!(get(&s, "/healthz", &[]).status, 200);
    assert!(start.elapsed() < Duration::from_secs(1));
    let mut out = Vec::new();
    let _ = slow.read_to_end(&mut out);
    let waited = start.elapsed();
    assert!(
        waited < Duration::from_secs(5),
        "the half-sent request was held {waited:?}"
    );
    assert!(!String::from_utf8_lossy(&out).contains("200 OK"));
}

#[test]
fn connections_over_the_limit_get_a_503_problem_and_the_server_recovers() {
    let (_m, s) = territory(&["--max-connections", "3", "--header-timeout", "2"]);
    let idle: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(address(&s)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let refused = get(&s, "/healthz", &[]);
    assert_eq!(refused.status, 503);
    refused.problem();
    assert!(refused.header("retry-after").is_some());
    drop(idle);
    let start = Instant::now();
    loop {
        if get(&s, "/healthz", &[]).status == 200 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(5), "no recovery");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Idle connections kept open are closed by the header timeout: the slots come back.
    let _idle: Vec<TcpStream> = (0..3)
        .map(|_| TcpStream::connect(address(&s)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(get(&s, "/healthz", &[]).status, 200);
}

#[test]
fn data_answers_revalidate_and_change_on_reload() {
    let (m, s) = territory(&["--reload-seconds", "0.2"]);
    let path = "/api/places?limit=5";
    let first = get(&s, path, &[]);
    assert_eq!(first.status, 200);
    let etag = first.header("etag").expect("ETag on a data answer");
    assert_eq!(
        first.header("cache-control").as_deref(),
        Some("public, no-cache")
    );
    let again = get(&s, path, &[&format!("If-None-Match: {etag}")]);
    assert_eq!(again.status, 304);
    assert_eq!(again.header("etag").as_deref(), Some(etag.as_str()));
    assert!(again.body.is_empty());
    // Another URI, another tag; errors and the health check are not cached.
    let other = get(&s, "/api/places?limit=6", &[]);
    assert_ne!(other.header("etag"), Some(etag.clone()));
    assert!(get(&s, "/api/places?nope=1", &[]).header("etag").is_none());
    assert_eq!(
        get(&s, "/healthz", &[]).header("cache-control").as_deref(),
        Some("no-store")
    );
    // A new import is a new generation: the old tag no longer matches.
    let generation = s.json("/healthz")["generation"].clone();
    m.run(&[
        "import",
        "places",
        shared("places/france-services-20240801.csv")
            .to_str()
            .unwrap(),
    ]);
    s.wait_health(Duration::from_secs(30), |h| h["generation"] != generation);
    let after = get(&s, path, &[&format!("If-None-Match: {etag}")]);
    assert_eq!(after.status, 200);
    assert_ne!(after.header("etag"), Some(etag));
}

#[test]
fn public_reads_allow_any_origin_and_pages_carry_security_headers() {
    let (_m, s) = territory(&[]);
    let read = get(
        &s,
        "/api/places?limit=1",
        &["Origin: https://mairie.example"],
    );
    assert_eq!(
        read.header("access-control-allow-origin").as_deref(),
        Some("*")
    );
    let preflight = raw(
        &s,
        b"OPTIONS /api/places HTTP/1.1\r\nHost: x\r\nConnection: close\r\nOrigin: https://mairie.example\r\nAccess-Control-Request-Method: GET\r\n\r\n",
    );
    assert!(preflight.status < 300, "{}", preflight.head);
    let methods = preflight.header("access-control-allow-methods").unwrap();
    assert!(
        methods.contains("GET") || methods.contains("get"),
        "{methods}"
    );
    assert!(!methods.to_uppercase().contains("POST"), "{methods}");

    for page in ["/", "/planner.html", "/app.js"] {
        let r = get(&s, page, &[]);
        assert_eq!(r.status, 200, "{page}");
        let csp = r.header("content-security-policy").expect("CSP on pages");
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("default-src 'self'"), "{csp}");
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
    }
    let api = get(&s, "/api/places?limit=1", &[]);
    assert_eq!(
        api.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert!(api.header("content-security-policy").is_none());
}
