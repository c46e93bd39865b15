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
// Widths (px) at zooms 5, 9, 12 and 14 by class. MapLibre wants the zoom interpolation at the
// top of the expression, the class matched inside each stop.
const ZOOMS_ROUTE = [5, 9, 12, 14];
const LARGEUR_ROUTE = {
  motorway: [1.2, 2.4, 4, 6],
  trunk: [1, 2.2, 3.6, 5.5],
  primary: [0.5, 1.4, 3, 4.5],
  secondary: [0.3, 0.8, 2, 3.5],
};

function largeur(supplement) {
  const auZoom = (k) => ['match', ['get', 'class'],
    'motorway', LARGEUR_ROUTE.motorway[k] + supplement,
    'trunk', LARGEUR_ROUTE.trunk[k] + supplement,
    'primary', LARGEUR_ROUTE.primary[k] + supplement,
    LARGEUR_ROUTE.secondary[k] + supplement];
  return ['interpolate', ['linear'], ['zoom'], ...ZOOMS_ROUTE.flatMap((z, k) => [z, auZoom(k)])];
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
