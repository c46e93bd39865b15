//! The product as its users run it: the built `maillage` binary on a database — an SQLite file
//! in a temporary folder, or a fresh PostGIS database of the test cluster ([`super::postgis`]) —
//! its commands, and `serve` as a child process killed when the test ends.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary cargo built for these tests.
pub fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_maillage"))
}

/// Which store a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgis,
}

/// A database and a temporary working folder (with the road folder) removed at the end of the
/// test.
pub struct Maillage {
    pub dir: tempfile::TempDir,
    /// The SQLite file (on PostGIS, a path where no file is ever written).
    pub db: PathBuf,
    /// What `--db` is given.
    pub db_arg: String,
    pub backend: Backend,
}

impl Default for Maillage {
    fn default() -> Self {
        Maillage::new()
    }
}

impl Maillage {
    /// An empty SQLite database.
    pub fn new() -> Self {
        Maillage::on(Backend::Sqlite)
    }

    /// An empty database on `backend`.
    pub fn on(backend: Backend) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("maillage.db");
        let db_arg = match backend {
            Backend::Sqlite => db.to_str().expect("UTF-8 temp path").to_string(),
            Backend::Postgis => super::postgis::database(),
        };
        Maillage {
            dir,
            db,
            db_arg,
            backend,
        }
    }

    /// The SQLite file `db` with `dir` as working folder (removed with it).
    pub fn sqlite_file(dir: tempfile::TempDir, db: PathBuf) -> Self {
        let db_arg = db.to_str().expect("UTF-8 path").to_string();
        Maillage {
            dir,
            db,
            db_arg,
            backend: Backend::Sqlite,
        }
    }

    /// The PostgreSQL database at `url` (for a second view of one database, or a replica).
    pub fn at_postgres(url: String) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("maillage.db");
        Maillage {
            dir,
            db,
            db_arg: url,
            backend: Backend::Postgis,
        }
    }

    /// An SQLite database holding the default territory, copied from one built once per
    /// binary by `maillage import territory`.
    pub fn with_territory() -> Self {
        let m = Maillage::new();
        std::fs::copy(territory_template(), &m.db).expect("copy the territory database");
        m
    }

    /// A database on `backend` holding the default territory (on PostGIS, imported by
    /// `maillage import territory`).
    pub fn with_territory_on(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => Maillage::with_territory(),
            Backend::Postgis => {
                let m = Maillage::on(backend);
                m.run(&["import", "territory"]);
                m
            }
        }
    }

    /// The road folder the binary uses for this database by default: next to the SQLite
    /// file, or `maillage.roads` in the working folder with PostgreSQL.
    pub fn roads_dir(&self) -> PathBuf {
        match self.backend {
            Backend::Sqlite => maillage::service::RoadFolder::next_to(&self.db).dir,
            Backend::Postgis => self.dir.path().join("maillage.roads"),
        }
    }

    /// The binary with `--db` set and no `MAILLAGE_*` variable inherited.
    pub fn command(&self) -> Command {
        let mut c = Command::new(binary());
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("MAILLAGE_") {
                c.env_remove(k);
            }
        }
        c.arg("--db").arg(&self.db_arg).current_dir(self.dir.path());
        c
    }

    /// Runs a command and returns its output, whatever its exit status.
    pub fn output(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run maillage")
    }

    /// Runs a command that must succeed; returns its standard output.
    pub fn run(&self, args: &[&str]) -> String {
        let out = self.output(args);
        assert!(
            out.status.success(),
            "maillage {args:?} failed: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// Runs a command that must fail; returns its standard error.
    pub fn fail(&self, args: &[&str]) -> String {
        let out = self.output(args);
        assert!(
            !out.status.success(),
            "maillage {args:?} should have failed"
        );
        String::from_utf8(out.stderr).expect("UTF-8 errors")
    }

    /// `maillage serve` on this database, on a free port.
    pub fn serve(&self, extra: &[&str]) -> Server {
        let mut c = self.command();
        c.args(["serve", "--addr", "127.0.0.1:0"]).args(extra);
        Server::start(c)
    }
}

/// A database with the default territory, built once per test binary by the binary itself,
/// in cargo's scratch folder under a name of this test binary (replaced at each run, so runs
/// leave one file per test binary, not one per run).
fn territory_template() -> &'static Path {
    static TEMPLATE: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let exe = std::env::current_exe().expect("test binary");
        let name = exe
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("territory-{name}.db"));
        let m = Maillage::new();
        m.run(&["import", "territory"]);
        std::fs::copy(&m.db, &path).expect("keep the territory database");
        path
    })
}

/// A running `maillage serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub url: String,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Server {
    /// Starts the command and waits for its "listening on" line. On Linux the server is
    /// killed if the test's thread dies without dropping it (a test runner killed midway).
    pub fn start(mut command: Command) -> Server {
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::process::CommandExt;
            // SAFETY: prctl is async-signal-safe and touches only the child being started.
            unsafe {
                command.pre_exec(|| {
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                    Ok(())
                });
            }
        }
        let log_dir = tempfile::tempdir().expect("temp dir");
        let log = log_dir.path().join("stderr.log");
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("start maillage serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.strip_prefix("listening on ") {
                    let _ = tx.send(url.to_string());
                }
            }
        });
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(url) => Server {
                child,
                url,
                log,
                _log_dir: log_dir,
            },
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "maillage serve did not listen:\n{}",
                    std::fs::read_to_string(&log).unwrap_or_default()
                );
            }
        }
    }

    /// What the server wrote on standard error so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// GET a path, whatever its status (a transport error fails the test).
    fn call_get(&self, path: &str) -> ureq::Response {
        let url = format!("{}{path}", self.url);
        match ureq::get(&url).call() {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{url}: {e}"),
        }
    }

    /// GET a path: status, content type and body text.
    pub fn get_text(&self, path: &str) -> (u16, String, String) {
        let resp = self.call_get(path);
        let status = resp.status();
        let ctype = resp.content_type().to_string();
        (status, ctype, resp.into_string().unwrap())
    }

    /// GET a path: status and raw body (gzip undone by the client), for binary answers.
    pub fn get_bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let resp = self.call_get(path);
        let status = resp.status();
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut resp.into_reader(), &mut body).unwrap();
        (status, body)
    }

    /// GET a path: status, content type and JSON body (null if not JSON).
    pub fn get(&self, path: &str) -> (u16, String, serde_json::Value) {
        let (s, c, body) = self.get_text(path);
        (
            s,
            c,
            serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
        )
    }

    /// GET a path that must answer 200 with JSON.
    pub fn json(&self, path: &str) -> serde_json::Value {
        let (s, _, v) = self.get(path);
        assert_eq!(s, 200, "GET {path}: {v}");
        v
    }

    /// POST a body with a content type: status and JSON body.
    pub fn post_raw(&self, path: &str, ctype: &str, body: &str) -> (u16, serde_json::Value) {
        let url = format!("{}{path}", self.url);
        let resp = match ureq::post(&url)
            .set("Content-Type", ctype)
            .send_string(body)
        {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{url}: {e}"),
        };
        (
            resp.status(),
            resp.into_json().unwrap_or(serde_json::Value::Null),
        )
    }

    /// POST JSON: status and JSON body.
    pub fn post(&self, path: &str, body: &serde_json::Value) -> (u16, serde_json::Value) {
        self.post_raw(path, "application/json", &body.to_string())
    }

    /// Polls `/healthz` until `done` holds (or panics after `within`); returns that answer.
    pub fn wait_health(
        &self,
        within: Duration,
        done: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let start = Instant::now();
        loop {
            let h = self.json("/healthz");
            if done(&h) {
                return h;
            }
            assert!(
                start.elapsed() < within,
                "after {within:?}, /healthz still says {h}\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
