-- Mobile units, their stops and visit schedules (`maillage import mobile`), each kept as the
-- JSON document the `mobile` module writes; the store computes nothing.

CREATE TABLE mobile_units (
    id   TEXT PRIMARY KEY,
    data TEXT NOT NULL
);

CREATE TABLE mobile_stops (
    id   TEXT PRIMARY KEY,
    data TEXT NOT NULL
);

CREATE TABLE mobile_visits (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    unit TEXT NOT NULL,           -- replaced whole for each unit an import names
    data TEXT NOT NULL
);
CREATE INDEX mobile_visits_unit ON mobile_visits (unit);
