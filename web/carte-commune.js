// What both pages' maps share: a style without any external source, and French strings for
// MapLibre's own controls.

// A style with a plain background only: no tile source, no glyphs, hence no text layers
// (names are shown in HTML popups and in the side panel).
export const STYLE = {
  version: 8,
  sources: {},
  layers: [{ id: 'fond', type: 'background', paint: { 'background-color': '#d4dee5' } }],
};

export const LOCALE = {
  'Map.Title': 'Carte',
  'NavigationControl.ZoomIn': 'Zoomer',
  'NavigationControl.ZoomOut': 'Dézoomer',
  'NavigationControl.ResetBearing': 'Remettre le nord en haut',
  'AttributionControl.ToggleAttribution': 'Afficher ou masquer les sources',
  'Popup.Close': 'Fermer',
  'ScaleControl.Kilometers': 'km',
  'ScaleControl.Meters': 'm',
};

// The main roads of the road network in service, as vector tiles of this server (none when no
// network is loaded: the tiles are then empty). Drawn under places and names, over commune
// fills: motorways and trunk roads from zoom 5, primary from 7, secondary from 9.
const LARGEUR_ROUTE = {
  motorway: [5, 1.2, 10, 3, 14, 6],
  trunk: [5, 1, 10, 2.6, 14, 5.5],
  primary: [7, 0.8, 10, 2, 14, 4.5],
  secondary: [9, 0.6, 12, 1.5, 14, 3.5],
};

function largeur(supplement) {
  const par = (classe) => ['interpolate', ['linear'], ['zoom'], ...LARGEUR_ROUTE[classe].map((v, i) => (i % 2 ? v + supplement : v))];
  return ['match', ['get', 'class'], 'motorway', par('motorway'), 'trunk', par('trunk'), 'primary', par('primary'), par('secondary')];
}

/** Adds the roads source and its two layers (halo, then line) to `carte`, under `avant` if given. */
export function ajouterRoutes(carte, avant) {
  // Absolute: MapLibre fetches tiles from a worker.
  carte.addSource('routes-principales', { type: 'vector', tiles: [`${location.origin}/tiles/roads/{z}/{x}/{y}.mvt`], minzoom: 5, maxzoom: 14 });
  const couche = { source: 'routes-principales', 'source-layer': 'roads', layout: { 'line-join': 'round', 'line-cap': 'round' } };
  carte.addLayer({ id: 'routes-principales-halo', type: 'line', ...couche, paint: { 'line-color': '#9aa5ad', 'line-width': largeur(1) } }, avant);
  carte.addLayer({
    id: 'routes-principales',
    type: 'line',
    ...couche,
    paint: {
      'line-color': ['match', ['get', 'class'], 'motorway', '#e8a33d', 'trunk', '#f0b85a', 'primary', '#f7d77a', '#ffffff'],
      'line-width': largeur(0),
    },
  }, avant);
}
