-- The place registry in PostGIS: communes, EPCI, source records as imported, and the merged
-- places, with geometries in WGS84 (EPSG:4326) and GiST indexes, so that QGIS opens each table
-- as a layer. Same tables and columns as migrations/sqlite/0001_registry.sql, typed.
-- PostGIS must be available; a database owner who may not create it asks an administrator to
-- run `CREATE EXTENSION postgis` once, then this line does nothing.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE communes (
    code           TEXT PRIMARY KEY,
    nom            TEXT NOT NULL,
    departement    TEXT NOT NULL,
    region         TEXT,
    epci           TEXT,
    population     BIGINT,
    codes_postaux  TEXT[] NOT NULL DEFAULT '{}',
    geom           geometry(MultiPolygon, 4326),   -- the outline
    mairie         geometry(Point, 4326),          -- the town hall, as its file gives it
    mairie_adresse TEXT,
    point          geometry(Point, 4326),          -- representative point, inside the outline
    point_source   TEXT NOT NULL DEFAULT 'none'    -- mairie | interior | none
);
CREATE INDEX communes_departement ON communes (departement);
CREATE INDEX communes_geom ON communes USING GIST (geom);
CREATE INDEX communes_point ON communes USING GIST (point);

CREATE TABLE epci (
    code TEXT PRIMARY KEY,
    nom  TEXT NOT NULL,
    kind TEXT NOT NULL
);

-- Each record of each source file, as parsed (standard v1 JSON of one place).
CREATE TABLE source_records (
    dataset   TEXT NOT NULL,
    record_id TEXT NOT NULL,
    seq       BIGINT NOT NULL,       -- import order: the first source of a merged place wins
    format    TEXT NOT NULL,
    data      JSON NOT NULL,
    PRIMARY KEY (dataset, record_id)
);

-- Places after merging the same place published by several sources. `data` is the whole
-- merged place (standard v1 fields + sources + warnings); the columns before it repeat what a
-- map user filters on.
CREATE TABLE places (
    id              TEXT PRIMARY KEY,
    ord             BIGINT NOT NULL,  -- order of the merged list, kept on reading
    nom             TEXT NOT NULL,
    adresse         TEXT NOT NULL,
    code_postal     TEXT NOT NULL,
    commune         TEXT NOT NULL,
    code_insee      TEXT,
    located_in      TEXT,             -- the commune whose outline holds the point
    mobile          BOOLEAN NOT NULL,
    france_services BOOLEAN NOT NULL,
    date_maj        DATE,
    data            JSON NOT NULL,
    geom            geometry(Point, 4326)
);
CREATE INDEX places_located_in ON places (located_in);
CREATE INDEX places_geom ON places USING GIST (geom);

-- One row per committed import; the largest id is the store's generation.
CREATE TABLE imports (
    id       BIGSERIAL PRIMARY KEY,
    at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    kind     TEXT NOT NULL,
    files    TEXT[] NOT NULL,
    accepted BIGINT NOT NULL,
    rejected BIGINT NOT NULL,
    summary  TEXT NOT NULL
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
