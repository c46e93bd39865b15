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
