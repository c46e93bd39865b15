-- A place counts in the commune its point lies in, else in its published code_insee, as the
-- API's `commune=` filter and the SQLite file's `communes_indicators` layer count it (0003
-- counted only places whose point lies in the commune).
CREATE OR REPLACE VIEW communes_indicators AS
SELECT c.code,
       c.nom,
       c.departement,
       c.region,
       c.epci,
       e.nom AS epci_nom,
       c.population,
       c.ifn,
       coalesce(n.places, 0) AS places,
       coalesce(n.france_services, 0) AS france_services,
       coalesce(n.mobile_units, 0) AS mobile_units,
       CASE WHEN c.population > 0
            THEN round(10000.0 * coalesce(n.places, 0) / c.population, 2) END AS places_per_10k,
       c.geom
FROM communes c
LEFT JOIN epci e ON e.code = c.epci
LEFT JOIN (SELECT coalesce(located_in, code_insee) AS code,
                  count(*) AS places,
                  count(*) FILTER (WHERE france_services) AS france_services,
                  count(*) FILTER (WHERE mobile) AS mobile_units
           FROM places GROUP BY 1) n ON n.code = c.code;
