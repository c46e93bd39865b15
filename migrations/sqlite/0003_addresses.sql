-- Postal addresses (BAN or BANO), imported with `maillage import addresses`, for the
-- residents' search box. Upserted by id: importing a file again changes nothing.
CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    numero TEXT NOT NULL,
    voie TEXT NOT NULL,
    code_postal TEXT NOT NULL,
    commune TEXT NOT NULL,
    code_insee TEXT,
    lon REAL NOT NULL,
    lat REAL NOT NULL
);
