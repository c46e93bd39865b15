//! A throwaway PostgreSQL cluster with PostGIS, started once per test binary: `initdb` into a
//! folder of the system's temporary directory, `postgres` listening on a unix socket there
//! only (no TCP port to collide with), a template database with the `postgis` extension, and
//! one new database per test made from it. The server is a child of a thread that lives as
//! long as the test binary, and is killed with it; the folders of earlier runs whose process
//! is gone are removed at the next start. As root (CI containers), the cluster runs as the
//! `postgres` user, since PostgreSQL refuses to run as root. [`database_with_replica`] adds a
//! streaming read replica of the cluster (`pg_basebackup -R`), started on first use.

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
    /// Its folder: the data, the socket and the log.
    root: PathBuf,
    /// The user it runs as, when the tests run as root.
    owner: Option<(u32, u32)>,
    /// `CREATE DATABASE … TEMPLATE` needs the template to itself: one at a time.
    creating: Mutex<()>,
}

/// The URL of a new, empty database with PostGIS, for `--db` or `PostgresStore::open`.
pub fn database() -> String {
    cluster().url(&new_database())
}

/// Creates a database from the template; returns its name.
fn new_database() -> String {
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
    name
}

/// A new database with PostGIS, and the same database on a hot-standby replica of the
/// cluster: `(primary URL, replica URL)`. The replica URL answers once the database has
/// reached the replica; what is written to the primary appears there shortly after.
pub fn database_with_replica() -> (String, String) {
    let name = new_database();
    let replica = replica();
    let started = Instant::now();
    while !replica.has_database(&name) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "database {name} did not reach the replica"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (cluster().url(&name), replica.url(&name))
}

fn cluster() -> &'static Cluster {
    static CLUSTER: OnceLock<Cluster> = OnceLock::new();
    CLUSTER.get_or_init(Cluster::start)
}

fn replica() -> &'static Cluster {
    static REPLICA: OnceLock<Cluster> = OnceLock::new();
    REPLICA.get_or_init(|| cluster().start_replica())
}

impl Cluster {
    /// A new primary cluster with a `template_postgis` database.
    fn start() -> Cluster {
        remove_stale_clusters();
        let cluster = Cluster::empty(format!("{PREFIX}{}", std::process::id()));
        let data = cluster.root.join("data");
        cluster.run_as_owner(
            Command::new(cluster.bin.join("initdb"))
                .arg("-D")
                .arg(&data)
                .args(["-U", "postgres", "--auth=trust", "-E", "UTF8"])
                .args(["--locale=C", "--no-sync"]),
        );
        cluster.serve(&data);
        cluster.psql("postgres", "CREATE DATABASE template_postgis");
        cluster.psql("template_postgis", "CREATE EXTENSION postgis");
        cluster
    }

    /// A hot standby of this cluster, streaming from it.
    fn start_replica(&self) -> Cluster {
        let replica = Cluster::empty(format!("{PREFIX}{}-replica", std::process::id()));
        let data = replica.root.join("data");
        replica.run_as_owner(
            Command::new(self.bin.join("pg_basebackup"))
                .arg("-h")
                .arg(&self.root)
                .args(["-p", &PORT.to_string(), "-U", "postgres"])
                .args(["-R", "-X", "stream", "--checkpoint=fast", "-D"])
                .arg(&data),
        );
        replica.serve(&data);
        replica
    }

    /// A new, empty folder `name` in the temporary directory, owned by the server's user.
    fn empty(name: String) -> Cluster {
        let root = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("cluster folder");
        let owner = run_as();
        if let Some((uid, gid)) = owner {
            std::os::unix::fs::chown(&root, Some(uid), Some(gid)).expect("chown cluster folder");
        }
        Cluster {
            bin: postgres_bin(),
            root,
            owner,
            creating: Mutex::new(()),
        }
    }

    /// Runs a server program as the cluster's user; panics with its message if it fails.
    fn run_as_owner(&self, c: &mut Command) {
        if let Some((uid, gid)) = self.owner {
            use std::os::unix::process::CommandExt;
            c.uid(uid).gid(gid);
        }
        let out = c.output().expect("run a PostgreSQL program");
        assert!(
            out.status.success(),
            "{c:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Starts `postgres` on `data`, listening on the cluster's folder only, and waits until it
    /// answers. The server is the child of a thread that never ends: the parent-death signal
    /// fires when the test binary exits, not when the test that started it finishes.
    fn serve(&self, data: &Path) {
        let log = self.root.join("log");
        let mut c = Command::new(self.bin.join("postgres"));
        c.arg("-D")
            .arg(data)
            .arg("-k")
            .arg(&self.root)
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
            if let Some((uid, gid)) = self.owner {
                c.uid(uid).gid(gid);
            }
            // SAFETY: prctl is async-signal-safe and touches only the child being started
            // (std runs this after switching to the cluster's user).
            unsafe {
                c.pre_exec(|| {
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGQUIT);
                    Ok(())
                });
            }
        }
        std::thread::spawn(move || {
            let mut child = c.spawn().expect("start postgres");
            let _ = child.wait();
            // Stay alive: this thread's end would kill nothing now, but keeps the rule simple.
            loop {
                std::thread::park();
            }
        });
        let started = Instant::now();
        while !self.ready() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "postgres did not start:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn ready(&self) -> bool {
        Command::new(self.bin.join("pg_isready"))
            .arg("-h")
            .arg(&self.root)
            .args(["-p", &PORT.to_string(), "-U", "postgres", "-q"])
            .status()
            .is_ok_and(|s| s.success())
    }

    fn psql_command(&self, db: &str, sql: &str) -> Command {
        let mut c = Command::new(self.bin.join("psql"));
        c.arg("-h")
            .arg(&self.root)
            .args(["-p", &PORT.to_string(), "-U", "postgres", "-d", db])
            .args(["-v", "ON_ERROR_STOP=1", "-q", "-c", sql]);
        c
    }

    /// Runs one SQL command; panics with psql's message if it fails.
    fn psql(&self, db: &str, sql: &str) {
        let out = self.psql_command(db, sql).output().expect("run psql");
        assert!(
            out.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Whether `db` exists and accepts connections on this cluster.
    fn has_database(&self, db: &str) -> bool {
        self.psql_command(db, "SELECT 1")
            .output()
            .is_ok_and(|o| o.status.success())
    }

    fn url(&self, db: &str) -> String {
        format!(
            "postgres://postgres@localhost:{PORT}/{db}?host={}",
            self.root.display()
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

/// Removes the cluster folders of test binaries that are no longer running.
fn remove_stale_clusters() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix(PREFIX)
            .map(|p| p.trim_end_matches("-replica"))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(pid) = pid {
            if !Path::new(&format!("/proc/{pid}")).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
}
