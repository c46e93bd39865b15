//! A throwaway PostgreSQL cluster with PostGIS, started once per test binary: `initdb` into a
//! folder of the system's temporary directory, `postgres` listening on a unix socket there
//! only (no TCP port to collide with), a template database with the `postgis` extension, and
//! one new database per test made from it. The server is a child of a thread that lives as
//! long as the test binary, and is killed with it; the folders of earlier runs whose process
//! is gone are removed at the next start. As root (CI containers), the cluster runs as the
//! `postgres` user, since PostgreSQL refuses to run as root.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

const PORT: u16 = 5432;
const PREFIX: &str = "maillage-pg-";

/// A running cluster.
struct Cluster {
    bin: PathBuf,
    socket_dir: PathBuf,
    /// `CREATE DATABASE … TEMPLATE` needs the template to itself: one at a time.
    creating: Mutex<()>,
}

/// The URL of a new, empty database with PostGIS, for `--db` or `PostgresStore::open`.
pub fn database() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let cluster = cluster();
    let name = format!("test_{}", NEXT.fetch_add(1, Ordering::Relaxed));
    {
        let _one = cluster.creating.lock().unwrap_or_else(|e| e.into_inner());
        cluster.psql(
            "postgres",
            &format!("CREATE DATABASE {name} TEMPLATE template_postgis"),
        );
    }
    cluster.url(&name)
}

fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(Cluster::start)
}

impl Cluster {
    fn start() -> Cluster {
        let bin = postgres_bin();
        remove_stale_clusters();
        let root = std::env::temp_dir().join(format!("{PREFIX}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("cluster folder");
        let owner = run_as();
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&root, Some(uid), Some(gid)).expect("chown cluster folder");
        }
        let data = root.join("data");
        let out = as_owner(Command::new(bin.join("initdb")), owner)
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .output()
            .expect("run initdb");
        assert!(
            out.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The server is the child of a thread that never ends: the parent-death signal fires
        // when the test binary exits, not when the test that started it finishes.
        let (postgres, socket_dir, log) = (bin.join("postgres"), root.clone(), root.join("log"));
        std::thread::spawn(move || {
            let mut c = as_owner(Command::new(postgres), owner);
            c.arg("-D")
                .arg(&data)
                .arg("-k")
                .arg(&socket_dir)
                .args(["-p", &PORT.to_string()])
                .args(["-c", "listen_addresses="])
                .args(["-c", "max_connections=300"])
                .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
                .args(["-c", "full_page_writes=off"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&log).expect("log file"));
            {
                use std::os::unix::process::CommandExt;
                // SAFETY: prctl is async-signal-safe and touches only the child being started.
                unsafe {
                    c.pre_exec(|| {
                        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGQUIT);
                        Ok(())
                    });
                }
            }
            let mut child = c.spawn().expect("start postgres");
            let _ = child.wait();
        });
        let cluster = Cluster {
            bin,
            socket_dir: root.clone(),
            creating: Mutex::new(()),
        };
        let started = Instant::now();
        while !cluster.ready() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "postgres did not start:\n{}",
                std::fs::read_to_string(root.join("log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        cluster.psql("postgres", "CREATE DATABASE template_postgis");
        cluster.psql("template_postgis", "CREATE EXTENSION postgis");
        cluster
    }

    fn ready(&self) -> bool {
        Command::new(self.bin.join("pg_isready"))
            .arg("-h")
            .arg(&self.socket_dir)
            .args(["-p", &PORT.to_string(), "-U", "postgres", "-q"])
            .status()
            .is_ok_and(|s| s.success())
    }

    /// Runs one SQL command; panics with psql's message if it fails.
    fn psql(&self, db: &str, sql: &str) {
        let out = Command::new(self.bin.join("psql"))
            .arg("-h")
            .arg(&self.socket_dir)
            .args(["-p", &PORT.to_string(), "-U", "postgres", "-d", db])
            .args(["-v", "ON_ERROR_STOP=1", "-q", "-c", sql])
            .output()
            .expect("run psql");
        assert!(
            out.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn url(&self, db: &str) -> String {
        format!(
            "postgres://postgres@localhost:{PORT}/{db}?host={}",
            self.socket_dir.display()
        )
    }
}

/// The server programs: `$PG_BIN`, else the newest `/usr/lib/postgresql/*/bin` (Debian).
fn postgres_bin() -> PathBuf {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|b| b.join("initdb").exists())
        .collect();
    found.sort_by_key(|b| {
        b.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
    });
    found.pop().unwrap_or_else(|| {
        panic!(
            "PostgreSQL not found (no /usr/lib/postgresql/*/bin/initdb, no $PG_BIN): \
             install postgresql and postgresql-15-postgis-3 (scripts/test.sh does)"
        )
    })
}

/// As root, the `postgres` user's ids (PostgreSQL will not run as root).
fn run_as() -> Option<(u32, u32)> {
    // SAFETY: getuid and getpwnam have no preconditions; the record is copied at once.
    unsafe {
        if libc::getuid() != 0 {
            return None;
        }
        let pw = libc::getpwnam(c"postgres".as_ptr());
        assert!(
            !pw.is_null(),
            "running as root and there is no postgres user to run the test cluster as"
        );
        Some(((*pw).pw_uid, (*pw).pw_gid))
    }
}

fn as_owner(mut c: Command, owner: Option<(u32, u32)>) -> Command {
    if let Some((uid, gid)) = owner {
        use std::os::unix::process::CommandExt;
        c.uid(uid).gid(gid);
    }
    c
}

/// Removes the cluster folders of test binaries that are no longer running.
fn remove_stale_clusters() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = name
            .strip_prefix(PREFIX)
            .and_then(|p| p.parse::<u32>().ok())
        {
            if !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}
