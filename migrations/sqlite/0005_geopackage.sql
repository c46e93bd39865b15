-- The SQLite file as a GeoPackage (OGC 12-128r18, version 1.3), so that QGIS (or any GDAL
-- reader) opens it with its geometries: places, communes, communes with what the store knows of
-- them, and mobile stops as layers in WGS84 (EPSG:4326). The existing columns stay; each layer
-- table gets the integer primary key (`fid`) a GeoPackage feature table needs and a `geom`
-- column in GeoPackage binary (header + WKB), written by the store with every row
-- (`src/store/geopackage.rs`), and an R-tree `rtree_<table>_geom`. Rows already stored get their
-- geometry when the file is next opened (`SqliteStore::open`).

PRAGMA application_id = 1196444487; -- 'GPKG'
PRAGMA user_version = 10300;        -- GeoPackage 1.3

CREATE TABLE gpkg_spatial_ref_sys (
    srs_name                 TEXT NOT NULL,
    srs_id                   INTEGER PRIMARY KEY,
    organization             TEXT NOT NULL,
    organization_coordsys_id INTEGER NOT NULL,
    definition               TEXT NOT NULL,
    description              TEXT
);
INSERT INTO gpkg_spatial_ref_sys VALUES
    ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
    ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
    ('WGS 84 geodetic', 4326, 'EPSG', 4326,
     'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]',
     'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'),
    ('RGF93 v1 / Lambert-93', 2154, 'EPSG', 2154,
     'PROJCS["RGF93 v1 / Lambert-93",GEOGCS["RGF93 v1",DATUM["Reseau_Geodesique_Francais_1993_v1",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6171"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4171"]],PROJECTION["Lambert_Conformal_Conic_2SP"],PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["false_easting",700000],PARAMETER["false_northing",6600000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","2154"]]',
     'metropolitan France, metres');

CREATE TABLE gpkg_contents (
    table_name  TEXT NOT NULL PRIMARY KEY,
    data_type   TEXT NOT NULL,
    identifier  TEXT UNIQUE,
    description TEXT DEFAULT '',
    last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    min_x       DOUBLE,
    min_y       DOUBLE,
    max_x       DOUBLE,
    max_y       DOUBLE,
    srs_id      INTEGER,
    CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);

CREATE TABLE gpkg_geometry_columns (
    table_name         TEXT NOT NULL,
    column_name        TEXT NOT NULL,
    geometry_type_name TEXT NOT NULL,
    srs_id             INTEGER NOT NULL,
    z                  TINYINT NOT NULL,
    m                  TINYINT NOT NULL,
    CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
    CONSTRAINT uk_gc_table_name UNIQUE (table_name),
    CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents (table_name),
    CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id)
);

CREATE TABLE gpkg_extensions (
    table_name     TEXT,
    column_name    TEXT,
    extension_name TEXT NOT NULL,
    definition     TEXT NOT NULL,
    scope          TEXT NOT NULL,
    CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)
);

-- Places: the merged place (`data`, JSON) with the fields a map user filters on beside it.
CREATE TABLE places_gpkg (
    fid             INTEGER PRIMARY KEY,
    id              TEXT NOT NULL UNIQUE,
    nom             TEXT,
    adresse         TEXT,
    code_postal     TEXT,
    commune         TEXT,
    code_insee      TEXT,
    located_in      TEXT,             -- the commune whose polygon holds the point
    mobile          BOOLEAN NOT NULL,
    france_services BOOLEAN NOT NULL,
    date_maj        DATE,
    lon             REAL,
    lat             REAL,
    data            TEXT NOT NULL,    -- the merged place, standard v1 fields + sources + warnings
    geom            BLOB              -- Point, EPSG:4326, GeoPackage binary
);
INSERT INTO places_gpkg (id, nom, adresse, code_postal, commune, code_insee, located_in, mobile,
                         france_services, date_maj, lon, lat, data)
SELECT id, json_extract(data, '$.nom'), json_extract(data, '$.adresse'),
       json_extract(data, '$.code_postal'), json_extract(data, '$.commune'), code_insee,
       located_in, mobile, france_services, json_extract(data, '$.date_maj'), lon, lat, data
FROM places ORDER BY rowid;
DROP TABLE places;
ALTER TABLE places_gpkg RENAME TO places;
CREATE INDEX places_located_in ON places (located_in);

CREATE TABLE communes_gpkg (
    fid            INTEGER PRIMARY KEY,
    code           TEXT NOT NULL UNIQUE,
    nom            TEXT NOT NULL,
    departement    TEXT NOT NULL,
    region         TEXT,
    epci           TEXT,
    population     INTEGER,
    codes_postaux  TEXT NOT NULL DEFAULT '',
    polygon        TEXT,              -- GeoJSON geometry, WGS84 (what maillage reads back)
    mairie_lon     REAL,
    mairie_lat     REAL,
    mairie_adresse TEXT,
    lon            REAL,              -- representative point
    lat            REAL,
    point_source   TEXT NOT NULL DEFAULT 'none',
    ifn            REAL,
    geom           BLOB               -- MultiPolygon, EPSG:4326, GeoPackage binary
);
INSERT INTO communes_gpkg (code, nom, departement, region, epci, population, codes_postaux,
                           polygon, mairie_lon, mairie_lat, mairie_adresse, lon, lat,
                           point_source, ifn)
SELECT code, nom, departement, region, epci, population, codes_postaux, polygon, mairie_lon,
       mairie_lat, mairie_adresse, lon, lat, point_source, ifn
FROM communes ORDER BY code;
DROP TABLE communes;
ALTER TABLE communes_gpkg RENAME TO communes;
CREATE INDEX communes_departement ON communes (departement);

CREATE TABLE mobile_stops_gpkg (
    fid     INTEGER PRIMARY KEY,
    id      TEXT NOT NULL UNIQUE,
    name    TEXT,
    commune TEXT,
    data    TEXT NOT NULL,
    geom    BLOB                      -- Point, EPSG:4326, GeoPackage binary
);
INSERT INTO mobile_stops_gpkg (id, name, commune, data)
SELECT id, json_extract(data, '$.name'), json_extract(data, '$.commune_name'), data
FROM mobile_stops ORDER BY id;
DROP TABLE mobile_stops;
ALTER TABLE mobile_stops_gpkg RENAME TO mobile_stops;

-- What a GIS user opens first, as in PostgreSQL's `communes_indicators`: each commune with its
-- outline, population, EPCI, IFN and the places located in it by kind. The counts are a table
-- the store refreshes with every import (a view's computed columns would reach GIS tools
-- untyped). Travel-time indicators are computed by `maillage coverage` (or /api/coverage),
-- not stored.
CREATE TABLE commune_places (
    code            TEXT PRIMARY KEY,
    places          INTEGER NOT NULL,
    france_services INTEGER NOT NULL,
    mobile_units    INTEGER NOT NULL,
    places_per_10k  REAL
);
-- A place counts in the commune its point lies in, else in its published code_insee, as the
-- API's `commune=` filter counts it.
INSERT INTO commune_places
SELECT code, 0, 0, 0, CASE WHEN population > 0 THEN 0.0 END FROM communes;
UPDATE commune_places SET places = n.places, france_services = n.fs, mobile_units = n.mobile,
    places_per_10k = CASE WHEN commune_places.places_per_10k IS NOT NULL
                          THEN round(10000.0 * n.places / n.population, 2) END
FROM (SELECT coalesce(p.located_in, p.code_insee) AS code, count(*) AS places,
             sum(p.france_services) AS fs, sum(p.mobile) AS mobile,
             (SELECT population FROM communes c
              WHERE c.code = coalesce(p.located_in, p.code_insee)) AS population
      FROM places p GROUP BY 1) AS n
WHERE commune_places.code = n.code;

CREATE VIEW communes_indicators AS
SELECT c.fid,
       c.code,
       c.nom,
       c.departement,
       c.region,
       c.epci,
       e.nom AS epci_nom,
       c.population,
       c.ifn,
       n.places,
       n.france_services,
       n.mobile_units,
       n.places_per_10k,
       c.geom
FROM communes c
LEFT JOIN epci e ON e.code = c.epci
LEFT JOIN commune_places n ON n.code = c.code;

INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
    ('places', 'features', 'places',
     'Places of digital help (merged from every source); data: every field of the standard', 4326),
    ('communes', 'features', 'communes', 'Communes: outline, population, EPCI, town hall, IFN', 4326),
    ('communes_indicators', 'features', 'communes_indicators',
     'Communes with their places by kind and places per 10,000 inhabitants', 4326),
    ('mobile_stops', 'features', 'mobile_stops', 'Stops of mobile units (buses, vans)', 4326),
    ('epci', 'attributes', 'epci', 'EPCI (intercommunalities): code, name, kind', NULL),
    ('imports', 'attributes', 'imports', 'The import log: one row per import', NULL);
INSERT INTO gpkg_geometry_columns VALUES
    ('places', 'geom', 'POINT', 4326, 0, 0),
    ('communes', 'geom', 'MULTIPOLYGON', 4326, 0, 0),
    ('communes_indicators', 'geom', 'MULTIPOLYGON', 4326, 0, 0),
    ('mobile_stops', 'geom', 'POINT', 4326, 0, 0);

-- Spatial indexes (GeoPackage R-tree extension). maillage fills them as it writes: the
-- triggers below keep the points' boxes from their columns, and the store writes each
-- outline's box (SQLite alone cannot read a GeoPackage geometry).
CREATE VIRTUAL TABLE rtree_places_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE VIRTUAL TABLE rtree_communes_geom USING rtree(id, minx, maxx, miny, maxy);
CREATE VIRTUAL TABLE rtree_mobile_stops_geom USING rtree(id, minx, maxx, miny, maxy);
INSERT INTO gpkg_extensions VALUES
    ('places', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only'),
    ('communes', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only'),
    ('mobile_stops', 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only');

INSERT INTO rtree_places_geom SELECT fid, lon, lon, lat, lat FROM places
WHERE lon IS NOT NULL AND lat IS NOT NULL;
CREATE TRIGGER places_rtree_insert AFTER INSERT ON places
WHEN NEW.lon IS NOT NULL AND NEW.lat IS NOT NULL
BEGIN
    INSERT OR REPLACE INTO rtree_places_geom VALUES (NEW.fid, NEW.lon, NEW.lon, NEW.lat, NEW.lat);
END;
CREATE TRIGGER places_rtree_update AFTER UPDATE OF lon, lat ON places
BEGIN
    DELETE FROM rtree_places_geom WHERE id = OLD.fid;
    INSERT INTO rtree_places_geom SELECT NEW.fid, NEW.lon, NEW.lon, NEW.lat, NEW.lat
    WHERE NEW.lon IS NOT NULL AND NEW.lat IS NOT NULL;
END;
CREATE TRIGGER places_rtree_delete AFTER DELETE ON places
BEGIN
    DELETE FROM rtree_places_geom WHERE id = OLD.fid;
END;

CREATE TRIGGER communes_rtree_delete AFTER DELETE ON communes
BEGIN
    DELETE FROM rtree_communes_geom WHERE id = OLD.fid;
END;

INSERT INTO rtree_mobile_stops_geom
SELECT fid, json_extract(data, '$.point[0]'), json_extract(data, '$.point[0]'),
       json_extract(data, '$.point[1]'), json_extract(data, '$.point[1]')
FROM mobile_stops WHERE json_type(data, '$.point') = 'array';
CREATE TRIGGER mobile_stops_rtree_insert AFTER INSERT ON mobile_stops
WHEN json_type(NEW.data, '$.point') = 'array'
BEGIN
    INSERT OR REPLACE INTO rtree_mobile_stops_geom VALUES (NEW.fid,
        json_extract(NEW.data, '$.point[0]'), json_extract(NEW.data, '$.point[0]'),
        json_extract(NEW.data, '$.point[1]'), json_extract(NEW.data, '$.point[1]'));
END;
CREATE TRIGGER mobile_stops_rtree_update AFTER UPDATE OF data ON mobile_stops
BEGIN
    DELETE FROM rtree_mobile_stops_geom WHERE id = OLD.fid;
    INSERT INTO rtree_mobile_stops_geom SELECT NEW.fid,
        json_extract(NEW.data, '$.point[0]'), json_extract(NEW.data, '$.point[0]'),
        json_extract(NEW.data, '$.point[1]'), json_extract(NEW.data, '$.point[1]')
    WHERE json_type(NEW.data, '$.point') = 'array';
END;
CREATE TRIGGER mobile_stops_rtree_delete AFTER DELETE ON mobile_stops
BEGIN
    DELETE FROM rtree_mobile_stops_geom WHERE id = OLD.fid;
END;
