-- Nearest places on the sphere for `serve --spatial-queries database`: KNN ordering
-- (`geom::geography <-> point`) walks this index instead of sorting every place.
CREATE INDEX places_geography ON places USING GIST ((geom::geography));
