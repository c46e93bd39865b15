-- Postal addresses (BAN or BANO), imported with `maillage import addresses`, for the
-- residents' search box (as SQLite's 0004_addresses.sql). Upserted by id: importing a file
-- again changes nothing. The point is also a geometry, for GIS users.
CREATE TABLE addresses (
    ord BIGSERIAL UNIQUE,
    id TEXT PRIMARY KEY,
    numero TEXT NOT NULL,
    voie TEXT NOT NULL,
    code_postal TEXT NOT NULL,
    commune TEXT NOT NULL,
    code_insee TEXT,
    lon DOUBLE PRECISION NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED
);
CREATE INDEX addresses_geom ON addresses USING GIST (geom);
