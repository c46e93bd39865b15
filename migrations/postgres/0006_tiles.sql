-- Vector tiles from PostGIS (`GET /tiles/{layer}/{z}/{x}/{y}.mvt`, `store/tiles_postgres.rs`):
-- the outlines in Web Mercator (EPSG:3857, the tiles' grid), computed once when a commune is
-- written rather than for each tile, and coarse copies for small zooms, simplified by 100 m
-- (zooms 8 and 9) and 500 m (below 8) as the in-process maker does
-- (`model::LOW_DETAIL_TOLERANCE_M`, `VERY_LOW_DETAIL_TOLERANCE_M`). Places are counted in the commune
-- their point lies in, else their published code: an index on that.
ALTER TABLE communes ADD COLUMN geom_3857 geometry(MultiPolygon, 3857)
    GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED;
ALTER TABLE communes ADD COLUMN geom_3857_coarse geometry(MultiPolygon, 3857)
    GENERATED ALWAYS AS (ST_Multi(ST_Simplify(ST_Transform(geom, 3857), 100))) STORED;
ALTER TABLE communes ADD COLUMN geom_3857_coarser geometry(MultiPolygon, 3857)
    GENERATED ALWAYS AS (ST_Multi(ST_Simplify(ST_Transform(geom, 3857), 500))) STORED;
CREATE INDEX places_counted_in ON places ((COALESCE(located_in, code_insee)));
