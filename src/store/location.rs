//! Where the data lives, as `--db` (or `MAILLAGE_DB`) says it: a SQLite file, or a PostgreSQL
//! database given by its URL (`postgres://…` or `postgresql://…`).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// A database as the user named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// An SQLite file, created and migrated on first use.
    Sqlite(PathBuf),
    /// A PostgreSQL database with PostGIS, migrated on first use.
    Postgres(PostgresUrl),
}

/// A `postgres://` URL. Printed without its password.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl(String);

impl PostgresUrl {
    /// The URL as given, password included, for connecting.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // postgres://user:secret@host/db?password=secret → postgres://user:***@host/db?password=***
        let (scheme, rest) = self.0.split_once("://").unwrap_or(("postgres", &self.0));
        let (rest, query) = rest
            .split_once('?')
            .map_or((rest, None), |(r, q)| (r, Some(q)));
        // The last `@` ends the user information: a password may hold `@` itself.
        match rest.rsplit_once('@') {
            Some((userinfo, host)) if userinfo.contains(':') => {
                let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
                write!(f, "{scheme}://{user}:***@{host}")?
            }
            _ => write!(f, "{scheme}://{rest}")?,
        }
        if let Some(query) = query {
            let params: Vec<&str> = query
                .split('&')
                .map(|p| {
                    if p.starts_with("password=") {
                        "password=***"
                    } else {
                        p
                    }
                })
                .collect();
            write!(f, "?{}", params.join("&"))?;
        }
        Ok(())
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({self})")
    }
}

impl FromStr for Database {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        if s.starts_with("postgres://") || s.starts_with("postgresql://") {
            Ok(Database::Postgres(PostgresUrl(s.to_string())))
        } else if s.contains("://") {
            Err(format!(
                "expected an SQLite file or a postgres:// URL, got {:?}",
                s.split_once("://").map_or(s, |(scheme, _)| scheme)
            ))
        } else if s.is_empty() {
            Err("expected an SQLite file or a postgres:// URL, got nothing".into())
        } else {
            Ok(Database::Sqlite(PathBuf::from(s)))
        }
    }
}

impl fmt::Display for Database {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Database::Sqlite(path) => write!(f, "{}", path.display()),
            Database::Postgres(url) => write!(f, "{url}"),
        }
    }
}

impl Database {
    /// Where the road network lives when `--roads` is not given: next to an SQLite file
    /// (`maillage.db.roads/`); for PostgreSQL, `maillage.roads/` in the working folder (every
    /// API process reads its own copy or a shared mount, see docs/deploy.md).
    pub fn default_roads_dir(&self) -> PathBuf {
        match self {
            Database::Sqlite(path) => {
                let mut s = path.as_os_str().to_owned();
                s.push(".roads");
                PathBuf::from(s)
            }
            Database::Postgres(_) => Path::new("maillage.roads").to_path_buf(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_urls_are_told_apart_and_passwords_never_printed() {
        assert_eq!(
            "maillage.db".parse::<Database>().unwrap(),
            Database::Sqlite("maillage.db".into())
        );
        let pg: Database = "postgres://gis:s3cret@db.example:5432/maillage"
            .parse()
            .unwrap();
        assert!(matches!(&pg, Database::Postgres(u) if u.as_str().contains("s3cret")));
        assert_eq!(
            pg.to_string(),
            "postgres://gis:***@db.example:5432/maillage"
        );
        assert!(format!("{pg:?}").contains("***") && !format!("{pg:?}").contains("s3cret"));
        let at_sign: Database = "postgres://gis:p@ss@db.example/maillage".parse().unwrap();
        assert_eq!(
            at_sign.to_string(),
            "postgres://gis:***@db.example/maillage"
        );
        let query: Database = "postgresql://gis@/m?host=/run/pg&password=s3cret&sslmode=require"
            .parse()
            .unwrap();
        assert_eq!(
            query.to_string(),
            "postgresql://gis@/m?host=/run/pg&password=***&sslmode=require"
        );
        let e = "mysql://x/y".parse::<Database>().unwrap_err();
        assert!(e.contains("postgres://") && e.contains("mysql"), "{e}");
        assert_eq!(
            Database::Sqlite("/a/b.db".into()).default_roads_dir(),
            PathBuf::from("/a/b.db.roads")
        );
        assert_eq!(pg.default_roads_dir(), PathBuf::from("maillage.roads"));
    }
}
