-- What a GIS user opens first: each commune with its outline and what the store knows of it
-- (population, EPCI, IFN, places located in it by kind). Travel-time indicators are computed
-- by `maillage coverage` (or /api/coverage), not stored.
CREATE VIEW communes_indicators AS
SELECT c.code,
       c.nom,
       c.departement,
       c.region,
       c.epci,
       e.nom AS epci_nom,
       c.population,
       c.ifn,
       count(p.id) AS places,
       count(p.id) FILTER (WHERE p.france_services) AS france_services,
       count(p.id) FILTER (WHERE p.mobile) AS mobile_units,
       CASE WHEN c.population > 0
            THEN round(10000.0 * count(p.id) / c.population, 2) END AS places_per_10k,
       c.geom
FROM communes c
LEFT JOIN epci e ON e.code = c.epci
LEFT JOIN places p ON p.located_in = c.code
GROUP BY c.code, e.nom;
