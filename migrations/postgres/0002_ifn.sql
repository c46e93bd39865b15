-- Indice de fragilité numérique per commune (1–10), imported with `maillage import ifn`.
ALTER TABLE communes ADD COLUMN ifn DOUBLE PRECISION;
