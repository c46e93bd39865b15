-- Mobile units, their stops and visit schedules (`maillage import mobile`), each kept as the
-- JSON document the `mobile` module writes (as in SQLite's 0003_mobile_units.sql); the store
-- computes nothing. The stops' points are also a geometry column, for GIS users.

CREATE TABLE mobile_units (
    id   TEXT PRIMARY KEY,
    data JSONB NOT NULL
);

CREATE TABLE mobile_stops (
    id   TEXT PRIMARY KEY,
    data JSONB NOT NULL,
    geom geometry(Point, 4326)
        GENERATED ALWAYS AS (
            CASE WHEN jsonb_typeof(data -> 'point') = 'array'
                 THEN ST_SetSRID(ST_MakePoint((data -> 'point' ->> 0)::float8,
                                              (data -> 'point' ->> 1)::float8), 4326)
            END
        ) STORED
);
CREATE INDEX mobile_stops_geom ON mobile_stops USING GIST (geom);

CREATE TABLE mobile_visits (
    seq  BIGSERIAL PRIMARY KEY,
    unit TEXT NOT NULL,           -- replaced whole for each unit an import names
    data JSONB NOT NULL
);
CREATE INDEX mobile_visits_unit ON mobile_visits (unit);
