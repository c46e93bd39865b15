-- The place registry: communes, EPCI, source records as imported, and the merged places.

CREATE TABLE communes (
    code           TEXT PRIMARY KEY,
    nom            TEXT NOT NULL,
    departement    TEXT NOT NULL,
    region         TEXT,
    epci           TEXT,
    population     INTEGER,
    codes_postaux  TEXT NOT NULL DEFAULT '',
    polygon        TEXT,              -- GeoJSON geometry, WGS84
    mairie_lon     REAL,
    mairie_lat     REAL,
    mairie_adresse TEXT,
    lon            REAL,              -- representative point
    lat            REAL,
    point_source   TEXT NOT NULL DEFAULT 'none'
);
CREATE INDEX communes_departement ON communes (departement);

CREATE TABLE epci (
    code TEXT PRIMARY KEY,
    nom  TEXT NOT NULL,
    kind TEXT NOT NULL
);

-- Each record of each source file, as parsed (standard v1 JSON of one place).
CREATE TABLE source_records (
    dataset   TEXT NOT NULL,
    record_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,       -- import order: the first source of a merged place wins
    format    TEXT NOT NULL,
    data      TEXT NOT NULL,
    PRIMARY KEY (dataset, record_id)
);

-- Places after merging the same place published by several sources.
CREATE TABLE places (
    id              TEXT PRIMARY KEY,
    data            TEXT NOT NULL,    -- the merged place, standard v1 fields + sources + warnings
    lon             REAL,
    lat             REAL,
    code_insee      TEXT,
    located_in      TEXT,             -- the commune whose polygon holds the point
    mobile          INTEGER NOT NULL,
    france_services INTEGER NOT NULL
);
CREATE INDEX places_located_in ON places (located_in);

CREATE TABLE imports (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    kind     TEXT NOT NULL,
    files    TEXT NOT NULL,
    accepted INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    summary  TEXT NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
