//! The command line and the HTTP API give the same verdict for the same input: a value is
//! accepted by both or refused by both, and a refusal names the same parameter. Both sides are
//! the built binary: `maillage coverage|plan …` and `maillage serve`, on the default territory.

mod common;

use common::{territory_server, Maillage, Server};
use serde_json::{json, Value};

/// `Ok` when accepted, else the parameter named by the refusal (`clap` for clap's own).
type Verdict = Result<(), String>;

/// Exit 0: accepted; exit 2: refused by clap; exit 1: refused naming `--flag:` if the input
/// was at fault, else accepted (a valid question the data cannot answer, like a département
/// outside the territory).
fn cli(m: &Maillage, args: &[&str]) -> Verdict {
    let out = m.output(args);
    let err = String::from_utf8_lossy(&out.stderr);
    match out.status.code() {
        Some(0) => Ok(()),
        Some(2) => Err("clap".into()),
        _ => match err
            .strip_prefix("error: --")
            .and_then(|rest| rest.split(':').next())
        {
            Some(flag) if !flag.contains(' ') => Err(flag.replace('-', "_")),
            _ => Ok(()),
        },
    }
}

/// 200, or 404 for a valid question the data cannot answer: accepted; 400: refused.
fn http(status: u16, body: Value) -> Verdict {
    match status {
        200 | 404 => Ok(()),
        400 => Err(body["parameter"].as_str().unwrap_or("").to_string()),
        other => panic!("answered {other}: {body}"),
    }
}

fn http_get(s: &Server, query: &[(&str, &str)]) -> Verdict {
    let q: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{k}={}", v.replace(',', "%2C")))
        .collect();
    let (status, _, text) = s.get_text(&format!("/api/coverage?{}", q.join("&")));
    http(status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[test]
fn coverage_flags_and_query_agree() {
    let (m, s) = territory_server();
    for (parameter, values) in [
        ("departement", &["15", "2a", "971", "999", "x"][..]),
        ("region", &["84", "8", "8a"]),
        ("epci", &["241500230", "12345678", "20006638X"]),
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
            // Cantal keeps each accepted question cheap; the selection parameters stand alone.
            let selection = ["departement", "region", "epci"].contains(&parameter);
            let mut args = vec!["coverage", flag.as_str(), value];
            let mut query = vec![(parameter, *value)];
            if !selection {
                args.extend(["--departement", "15"]);
                query.push(("departement", "15"));
            }
            let by_cli = cli(&m, &args);
            let by_http = http_get(&s, &query);
            assert_eq!(by_cli, by_http, "{args:?} / {query:?}");
            if let Err(named) = &by_cli {
                assert_eq!(named, parameter, "{args:?}");
            }
        }
    }
    // Refused by both, whatever the parameter of each.
    let by_cli = cli(
        &m,
        &["coverage", "--format", "geojson", "--level", "region"],
    );
    let by_http = http_get(&s, &[("format", "geojson"), ("level", "region")]);
    assert_eq!(
        (by_cli, by_http),
        (Err("level".into()), Err("level".into()))
    );
    // Two selections: clap refuses the flags, the API names the second.
    assert!(cli(&m, &["coverage", "--departement", "15", "--region", "84"]).is_err());
    assert_eq!(
        http_get(&s, &[("departement", "15"), ("region", "84")]),
        Err("region".into())
    );
}

#[test]
fn plan_flags_and_body_agree() {
    let (m, s) = territory_server();
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
        let by_cli = cli(&m, &args);
        let (status, answer) = s.post("/api/plan/sites", &body);
        assert_eq!(by_cli, http(status, answer), "{args:?} / {body}");
        if let Err(named) = &by_cli {
            assert_eq!(named, key, "{args:?}");
        }
    }
}
