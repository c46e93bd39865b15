//! The command line and the HTTP API give the same verdict for the same input: a value is
//! accepted by both or refused by both, and a refusal names the same parameter. The CLI side
//! parses real arguments with clap; the HTTP side asks a real server (with an empty registry,
//! so an accepted question answers 404 "no commune").

use super::{Cli, Command};
use clap::Parser;
use maillage::api::{app, AppState, WebSource};
use maillage::service::{Served, ServedHandle};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// `Ok` when accepted, else the parameter named by the refusal.
type Verdict = Result<(), String>;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

fn cli(args: &[&str]) -> Verdict {
    let argv = ["maillage"].iter().chain(args);
    let parsed = Cli::try_parse_from(argv).map_err(|e| format!("clap: {e}"))?;
    match parsed.command {
        Command::Coverage(a) => a.request(today()).map(|_| ()),
        Command::Plan {
            what: super::plan::PlanWhat::Sites(a),
        } => a.request(None).map(|_| ()),
        _ => unreachable!("only coverage and plan questions are compared"),
    }
    .map_err(|e| e.parameter)
}

/// A server on a free port, with an empty registry, for the whole test binary.
fn base_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            rt.block_on(async {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let state = AppState::new(ServedHandle::new(Served::empty()));
                let router = app(state, &WebSource::Embedded);
                axum::serve(listener, router).await.expect("serve");
            });
        });
        url
    })
}

fn http(response: Result<ureq::Response, ureq::Error>) -> Verdict {
    match response {
        Ok(r) => panic!("an empty registry answered {}", r.status()),
        Err(ureq::Error::Status(400, r)) => {
            let problem: Value = r.into_json().expect("problem+json");
            Err(problem["parameter"].as_str().unwrap_or("").to_string())
        }
        Err(ureq::Error::Status(404, _)) => Ok(()),
        Err(e) => panic!("{e}"),
    }
}

fn http_get(path: &str, query: &[(&str, &str)]) -> Verdict {
    let mut req = ureq::get(&format!("{}{path}", base_url()));
    for (k, v) in query {
        req = req.query(k, v);
    }
    http(req.call())
}

fn http_post(path: &str, body: &Value) -> Verdict {
    http(ureq::post(&format!("{}{path}", base_url())).send_json(body))
}

#[test]
fn coverage_flags_and_query_agree() {
    for (parameter, values) in [
        ("departement", &["19", "2a", "971", "999", "20", "x"][..]),
        ("region", &["84", "8", "8a"]),
        ("epci", &["200066389", "12345678", "20006638X"]),
        ("minutes", &["15,30", "30", "0", "abc", "15,241", "15,-3"]),
        ("gap_minutes", &["45", "0", "241", "1.5"]),
        ("catchment", &["0.5", "45", "0", "-3", "241", "soon"]),
        ("zones", &["1,0.5", "1", "1,2", "1,abc"]),
        ("supply", &["one", "hours", "gold"]),
        ("beta", &["2", "0", "-1", "11", "inf"]),
        ("model", &["crow-fly", "auto", "bus"]),
        ("as_of", &["2025-01-31", "yesterday", "2025-02-30"]),
        ("level", &["epci", "total", "canton"]),
        ("format", &["json", "csv", "geojson", "xlsx"]),
    ] {
        let flag = format!("--{}", parameter.replace('_', "-"));
        for value in values {
            let by_cli = cli(&["coverage", &flag, value]);
            let by_http = http_get("/api/coverage", &[(parameter, value)]);
            assert_eq!(by_cli, by_http, "{flag} {value} / {parameter}={value}");
            if let Err(named) = &by_cli {
                assert_eq!(named, parameter, "{flag} {value}");
            }
        }
    }
    // Refused by both, whatever the parameter of each.
    let by_cli = cli(&["coverage", "--format", "geojson", "--level", "region"]);
    let by_http = http_get(
        "/api/coverage",
        &[("format", "geojson"), ("level", "region")],
    );
    assert_eq!(
        (by_cli, by_http),
        (Err("level".into()), Err("level".into()))
    );
    // Two selections: clap refuses the flags, the API names the second.
    assert!(cli(&["coverage", "--departement", "15", "--region", "84"]).is_err());
    assert_eq!(
        http_get("/api/coverage", &[("departement", "15"), ("region", "84")]),
        Err("region".into())
    );
}

#[test]
fn plan_flags_and_body_agree() {
    for (flag, key, value) in [
        ("--add", "add", json!(3)),
        ("--add", "add", json!(0)),
        ("--add", "add", json!(101)),
        ("--minutes", "minutes", json!(15)),
        ("--minutes", "minutes", json!(0)),
        ("--minutes", "minutes", json!(241)),
        ("--model", "model", json!("crow-fly")),
        ("--model", "model", json!("bus")),
        ("--departement", "departement", json!("999")),
        ("--region", "region", json!("8")),
        ("--epci", "epci", json!("1")),
    ] {
        let text = match &value {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        let mut args = vec!["plan", "sites", flag, text.as_str()];
        let mut body = json!({ key: value });
        if !["departement", "region", "epci"].contains(&key) {
            args.extend(["--departement", "15"]);
            body["departement"] = json!("15");
        }
        let by_cli = cli(&args);
        assert_eq!(
            by_cli,
            http_post("/api/plan/sites", &body),
            "{args:?} / {body}"
        );
        if let Err(named) = &by_cli {
            assert_eq!(named, key, "{args:?}");
        }
    }
}
