//! Which piece of land a commune stands on, so the straight-line model never drives across
//! the sea: overseas territories, Corsica and the islands without a bridge are each their own
//! land; the mainland is one.
//!
//! The straight-line model has no roads, so it needs to be told; road trips are checked too,
//! since a point near the shore may snap to a road on the other side of a strait.

use crate::model::InseeCode;

/// Island communes with no bridge to their main island or the mainland (INSEE codes, COG
/// 2026), grouped by island. Islands joined by a bridge (Ré, Oléron, Noirmoutier) are mainland.
/// French Polynesia and New Caledonia (many islands, no place in the registry) are left whole.
const ISLANDS: &[(&str, &[&str])] = &[
    ("ile-d-aix", &["17004"]),
    ("ile-de-brehat", &["22016"]),
    ("ile-de-batz", &["29082"]),
    ("ile-de-sein", &["29083"]),
    ("ile-molene", &["29084"]),
    ("ouessant", &["29155"]),
    ("belle-ile", &["56009", "56114", "56152", "56241"]),
    ("groix", &["56069"]),
    ("hoedic", &["56085"]),
    ("houat", &["56086"]),
    ("ile-aux-moines", &["56087"]),
    ("ile-d-arz", &["56088"]),
    ("ile-d-yeu", &["85113"]),
    ("marie-galante", &["97108", "97112", "97126"]),
    ("la-desirade", &["97110"]),
    ("terre-de-bas", &["97130"]),
    ("terre-de-haut", &["97131"]),
    ("petite-terre", &["97608", "97615"]),
    ("miquelon", &["97501"]),
];

/// A piece of land: `mainland`, `corse`, an overseas département or collectivité code
/// (`971`…`988`), or an island's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Landmass(&'static str);

impl Landmass {
    pub const MAINLAND: Landmass = Landmass("mainland");

    /// The land a commune of this code stands on.
    pub fn of(code: &InseeCode) -> Landmass {
        let code = code.as_str();
        if let Some((island, _)) = ISLANDS.iter().find(|(_, codes)| codes.contains(&code)) {
            return Landmass(island);
        }
        if code.starts_with("2A") || code.starts_with("2B") {
            return Landmass("corse");
        }
        if code.starts_with("97") || code.starts_with("98") {
            return OVERSEAS
                .iter()
                .find(|d| code.starts_with(**d))
                .map_or(Landmass("overseas"), |d| Landmass(d));
        }
        Landmass::MAINLAND
    }

    pub fn name(&self) -> &'static str {
        self.0
    }
}

const OVERSEAS: &[&str] = &[
    "971", "972", "973", "974", "975", "976", "977", "978", "984", "986", "987", "988",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn land(code: &str) -> &'static str {
        Landmass::of(&InseeCode::parse(code).expect("valid code")).name()
    }

    #[test]
    fn sea_separates() {
        assert_eq!(land("19031"), "mainland");
        assert_eq!(land("75112"), "mainland");
        assert_eq!(land("2A004"), "corse");
        assert_eq!(land("97411"), "974");
        assert_eq!(land("97701"), "977");
        assert_eq!(land("85113"), "ile-d-yeu");
        assert_eq!(land("56152"), land("56241"));
        assert_ne!(land("56152"), land("56069"));
        // Île de Ré has a bridge.
        assert_eq!(land("17207"), "mainland");
        // Overseas: Marie-Galante is not Guadeloupe's main island; Petite-Terre not Mayotte's.
        assert_eq!(land("97112"), land("97108"));
        assert_ne!(land("97112"), land("97105"));
        assert_ne!(land("97608"), land("97611"));
    }
}
