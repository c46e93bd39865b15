//! One-line definitions of the coverage table's columns (commune rows and roll-ups), for the
//! spreadsheet's "colonnes" sheet. Names with a number (`within_30`, `share_within_20_fresh`)
//! are matched by pattern.

/// What the column `name` holds; `None` for a name this table never writes.
pub fn definition(name: &str) -> Option<String> {
    if let Some(d) = fixed(name) {
        return Some(d.to_string());
    }
    let (share, rest) = match name.strip_prefix("share_") {
        Some(rest) => (true, rest),
        None => (false, name),
    };
    let rest = rest.strip_prefix("within_")?;
    let (minutes, kind) = rest.split_once('_').unwrap_or((rest, ""));
    let t: u32 = minutes.parse().ok()?;
    let of = match kind {
        "" => "any place",
        "france_services" => "a France Services",
        "fresh" => "a place whose record is not stale",
        _ => return None,
    };
    Some(if share {
        format!(
            "share (0 to 1) of the population whose commune point is within {t} minutes of {of}"
        )
    } else {
        format!("true when the commune point is within {t} minutes of {of}")
    })
}

fn fixed(name: &str) -> Option<&'static str> {
    Some(match name {
        "level" => "roll-up level: epci, departement, region or territory",
        "code" => "INSEE code of the commune (or code of the EPCI, département, région); text, leading zeros kept",
        "nom" => "name of the commune (or EPCI, département, région)",
        "departement" => "département code",
        "region" => "région code",
        "epci" => "SIREN of the commune's EPCI",
        "communes" => "number of communes rolled up",
        "population" => "municipal population (INSEE)",
        "model" => "travel-time model of the commune's times: road (OSM road graph) or crow-fly (straight line × detour at a speed by kind of area)",
        "places" => "places located in the commune (or group)",
        "places_fixed" => "fixed places in the commune",
        "places_itinerant" => "itinerant places (mobile units, permanences) stopping in the commune",
        "places_france_services" => "France Services in the commune",
        "places_conseillers_numeriques" => "places with a conseiller numérique",
        "places_free" => "places free of charge",
        "places_saturday" => "places open on Saturday",
        "places_stale" => "places whose record (date_maj) is more than a year before the reference date",
        "places_per_10k" => "places per 10,000 inhabitants",
        "places_per_100km2" => "places per 100 km²",
        "area_km2" => "area of the commune's polygon, km²",
        "nearest_place" => "id of the nearest place",
        "nearest_km" => "distance to the nearest place, km",
        "nearest_min" => "travel time to the nearest place, minutes",
        "france_services_km" => "distance to the nearest France Services, km",
        "france_services_min" => "travel time to the nearest France Services, minutes",
        "free_min" => "travel time to the nearest free place, minutes",
        "saturday_min" => "travel time to the nearest place open on Saturday, minutes",
        "nearest_min_fresh" => "travel time to the nearest place whose record is not stale, minutes",
        "2sfca" => "two-step floating catchment accessibility (Luo & Wang 2003): supply per inhabitant reachable within the catchment",
        "e2sfca" => "enhanced 2SFCA (Luo & Qi 2009): 2SFCA with distance-zone weights",
        "gravity" => "gravity accessibility: supply weighted by travel time to the power −beta",
        "e2sfca_fresh" => "E2SFCA counting places whose record is not stale only",
        "mobile_share" => "share (0 to 1) of the commune's E2SFCA that comes from mobile units",
        "unreachable" => "true when no place can be reached (sea in between, no road): times are empty",
        "gap" => "true when no place is within the gap threshold",
        "gap_score" => "100 × min(nearest_min / (2 × gap minutes), 1) × IFN/10 (× 1 without IFN)",
        "ifn" => "indice de fragilité numérique (1 to 10), when imported",
        "mean_nearest_min" => "population-weighted mean of nearest_min",
        "mean_france_services_min" => "population-weighted mean of france_services_min",
        "mean_nearest_min_fresh" => "population-weighted mean of nearest_min_fresh",
        "mean_e2sfca" => "population-weighted mean of e2sfca",
        "gap_communes" => "communes that are gaps",
        "gap_population" => "population of the gap communes",
        "unreachable_population" => "population of the communes no place can reach",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::definition;

    #[test]
    fn numbered_columns_are_defined_by_pattern() {
        assert!(definition("within_15")
            .unwrap()
            .contains("15 minutes of any place"));
        assert!(definition("share_within_20_france_services")
            .unwrap()
            .contains("20 minutes of a France Services"));
        assert!(definition("within_45_fresh").unwrap().contains("not stale"));
        assert_eq!(definition("within_x"), None);
        assert_eq!(definition("unknown"), None);
    }
}
