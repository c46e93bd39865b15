//! The `.xlsx` downloads, read back with an independent reader (calamine) and compared cell by
//! cell with the RFC 4180 CSV of the same question: codes stay text (Ain's INSEE codes keep
//! their leading zero), numbers are numbers, booleans are booleans, empty is empty; the header
//! row is frozen and filtered; a "colonnes" sheet defines every column. Through the binary, on
//! the default territory: `maillage coverage`, `maillage export places`, `GET /api/coverage`,
//! `GET /api/places`.

mod common;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use common::{territory_server, Maillage};
use std::io::{Cursor, Read};

type Book = Xlsx<Cursor<Vec<u8>>>;

fn book(bytes: Vec<u8>) -> Book {
    open_workbook_from_rs(Cursor::new(bytes)).expect("a workbook calamine can read")
}

fn sheet(b: &mut Book, name: &str) -> Vec<Vec<Data>> {
    b.worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
        .rows()
        .map(<[Data]>::to_vec)
        .collect()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("csv record").iter().map(str::to_string).collect())
        .collect()
}

/// One XML part of the workbook, to see what calamine does not report (panes, filters).
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("xlsx is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Every cell of the workbook's table agrees with the CSV's field: same text for text, same
/// value for numbers, `true`/`false` for booleans, nothing for empty fields.
fn assert_same_table(xlsx: &[Vec<Data>], csv: &[Vec<String>]) {
    assert_eq!(xlsx.len(), csv.len(), "rows");
    for (r, (x, c)) in xlsx.iter().zip(csv).enumerate() {
        assert_eq!(x.len(), c.len(), "row {r}: cells");
        for (k, (cell, field)) in x.iter().zip(c).enumerate() {
            let ok = match cell {
                Data::String(s) => s == field,
                Data::Float(v) => field.parse::<f64>().is_ok_and(|f| f == *v),
                Data::Int(v) => field.parse::<i64>().is_ok_and(|f| f == *v),
                Data::Bool(b) => field == &b.to_string(),
                Data::Empty => field.is_empty(),
                _ => false,
            };
            assert!(
                ok,
                "row {r}, column {} ({}): xlsx {cell:?}, csv {field:?}",
                k, c[0]
            );
        }
    }
}

fn column<'a>(rows: &'a [Vec<Data>], name: &str) -> impl Iterator<Item = &'a Data> {
    let k = rows[0]
        .iter()
        .position(|h| h == &Data::String(name.into()))
        .unwrap_or_else(|| panic!("no column {name}"));
    rows[1..].iter().map(move |r| &r[k])
}

fn assert_frozen_and_filtered(bytes: &[u8], columns: usize, rows: usize) {
    let xml = part(bytes, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"ySplit="1""#), "header row frozen");
    let mut col = String::new();
    let mut n = columns;
    while n > 0 {
        col.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    assert!(
        xml.contains(&format!(r#"<autoFilter ref="A1:{col}{rows}"/>"#)),
        "filter over the header and every row (A1:{col}{rows})"
    );
}

#[test]
fn coverage_workbook_matches_the_csv() {
    let m = Maillage::with_territory();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ain.xlsx");
    let args = ["coverage", "--departement", "01", "--as-of", "2024-09-01"];
    let csv = m.run(&[&args[..], &["--format", "csv"]].concat());
    m.run(
        &[
            &args[..],
            &["--format", "xlsx", "--out", out.to_str().unwrap()],
        ]
        .concat(),
    );
    let bytes = std::fs::read(&out).unwrap();
    let mut b = book(bytes.clone());
    assert_eq!(b.sheet_names(), ["couverture", "colonnes"]);
    let rows = sheet(&mut b, "couverture");
    let csv = csv_rows(&csv);
    assert!(
        rows.len() > 300,
        "Ain has about 390 communes: {}",
        rows.len()
    );
    assert_same_table(&rows, &csv);
    assert!(column(&rows, "code").all(|c| matches!(c, Data::String(_))));
    assert!(
        column(&rows, "code").any(|c| c == &Data::String("01001".into())),
        "L'Abergement-Clémenciat keeps its leading zero"
    );
    assert!(column(&rows, "population").all(|c| matches!(c, Data::Float(_))));
    assert!(column(&rows, "nearest_min").any(|c| matches!(c, Data::Float(x) if *x > 0.0)));
    assert!(column(&rows, "within_30").all(|c| matches!(c, Data::Bool(_))));
    assert_frozen_and_filtered(&bytes, csv[0].len(), csv.len());

    let defs = sheet(&mut b, "colonnes");
    assert_eq!(
        defs.len(),
        csv[0].len() + 1,
        "a definition per column, after a header"
    );
    for (def, name) in defs[1..].iter().zip(&csv[0]) {
        assert_eq!(def[0], Data::String(name.clone()));
        assert!(
            matches!(&def[1], Data::String(d) if d.len() > 5),
            "{name} is defined: {:?}",
            def[1]
        );
    }

    // Roll-ups too.
    let out = dir.path().join("epci.xlsx");
    m.run(
        &[
            &args[..],
            &[
                "--level",
                "epci",
                "--format",
                "xlsx",
                "--out",
                out.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    let csv = m.run(&[&args[..], &["--level", "epci", "--format", "csv"]].concat());
    let rows = sheet(&mut book(std::fs::read(&out).unwrap()), "couverture");
    assert_same_table(&rows, &csv_rows(&csv));
}

#[test]
fn places_workbook_matches_the_csv_export() {
    let m = Maillage::with_territory();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("lieux.xlsx");
    let csv = csv_rows(&m.run(&["export", "places", "--format", "csv"]));
    m.run(&[
        "export",
        "places",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ]);
    let bytes = std::fs::read(&out).unwrap();
    let mut b = book(bytes.clone());
    assert_eq!(b.sheet_names(), ["lieux", "colonnes"]);
    let rows = sheet(&mut b, "lieux");
    assert!(rows.len() > 1_000, "{} places", rows.len());
    assert_same_table(&rows, &csv);
    assert!(column(&rows, "latitude").all(|c| matches!(c, Data::Float(_) | Data::Empty)));
    assert!(column(&rows, "longitude").any(|c| matches!(c, Data::Float(x) if *x > 0.0)));
    assert!(column(&rows, "code_insee").all(|c| matches!(c, Data::String(_) | Data::Empty)));
    assert!(
        column(&rows, "code_postal").any(|c| matches!(c, Data::String(s) if s.starts_with('0'))),
        "Ain's postcodes keep their leading zero"
    );
    assert_frozen_and_filtered(&bytes, csv[0].len(), csv.len());
    assert_eq!(sheet(&mut b, "colonnes").len(), 33);
}

fn download(url: &str) -> (u16, String, String, Vec<u8>) {
    let r = match ureq::get(url).call() {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("{url}: {e}"),
    };
    let (status, ctype) = (r.status(), r.content_type().to_string());
    let disposition = r
        .header("content-disposition")
        .unwrap_or_default()
        .to_string();
    let mut bytes = Vec::new();
    r.into_reader().read_to_end(&mut bytes).unwrap();
    (status, ctype, disposition, bytes)
}

#[test]
fn http_downloads_are_workbooks() {
    let (_m, s) = territory_server();
    let q = "departement=01&as_of=2024-09-01";
    let (status, ctype, disposition, bytes) =
        download(&format!("{}/api/coverage?{q}&format=xlsx", s.url));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(
        ctype,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains(".xlsx"), "{disposition}");
    let (_, _, csv) = s.get_text(&format!("/api/coverage?{q}&format=csv"));
    assert_same_table(&sheet(&mut book(bytes), "couverture"), &csv_rows(&csv));

    let (status, ctype, disposition, bytes) =
        download(&format!("{}/api/places?departement=01&format=xlsx", s.url));
    assert_eq!(status, 200);
    assert!(ctype.ends_with("spreadsheetml.sheet"), "{ctype}");
    assert!(disposition.contains("attachment"), "{disposition}");
    let geojson = s.json("/api/places?departement=01");
    let rows = sheet(&mut book(bytes), "lieux");
    assert_eq!(
        rows.len() - 1,
        geojson["features"].as_array().unwrap().len()
    );
    let ids: Vec<_> = column(&rows, "id").cloned().collect();
    for f in geojson["features"].as_array().unwrap() {
        let id = Data::String(f["id"].as_str().unwrap().to_string());
        assert!(ids.contains(&id), "{id:?} in the workbook");
    }

    let (status, ctype, body) = s.get_text("/api/places?format=xls");
    assert_eq!(status, 400, "{body}");
    assert!(ctype.starts_with("application/problem+json"), "{ctype}");
}
