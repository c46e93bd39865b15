// The map page: communes and places as vector tiles of this server (/tiles/…) on a MapLibre
// map, with no external tiles or fonts (everything comes from this server). A place's or a
// commune's details are asked for when it is clicked.

import { LOCALE, STYLE, ajouterRoutes } from './carte-commune.js';

const maplibregl = window.maplibregl; // loaded by the classic <script> in index.html

// Place kinds. They are independent facts: a France Services bus is a France Services and a
// mobile unit; the fill tells France Services from the others, a ring tells mobile units.
const GENRES = {
  'france-services': { libelle: 'France Services', couleur: '#0b5cad' },
  mobile: { libelle: 'Lieu itinérant', couleur: '#c2410c' },
  autre: { libelle: 'Lieu de médiation numérique', couleur: '#1e7a46' },
};

const nombre = new Intl.NumberFormat('fr-FR');
const $ = (sel) => document.querySelector(sel);

/** The URL template of a layer's tiles (absolute: MapLibre fetches tiles from a worker). */
const tuiles = (couche) => `${location.origin}/tiles/${couche}/{z}/{x}/{y}.mvt`;

// Resolved once the communes are drawn; the browser test waits on it (or on body[data-ready]).
let signalerPret;
let signalerEchec;
window.maillageReady = new Promise((ok, echec) => {
  signalerPret = ok;
  signalerEchec = echec;
});
window.maillageReady.catch(() => {}); // the failure is shown on the page; avoid a console warning

const map = new maplibregl.Map({
  container: 'map',
  style: STYLE,
  center: [4.6, 45.5],
  zoom: 6,
  locale: LOCALE,
  customAttribution: 'Communes : IGN Admin Express, INSEE · Lieux : données ouvertes de la médiation numérique',
});
window.maillageMap = map; // for the browser test and for debugging in the console
map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');

/** GET a JSON document; an API error becomes an Error carrying the problem's `detail`. */
async function getJson(url) {
  const reponse = await fetch(url);
  const corps = await reponse.json().catch(() => null);
  if (!reponse.ok) {
    throw new Error(corps?.detail ?? `${url} : erreur HTTP ${reponse.status}`);
  }
  return corps;
}

function afficherErreur(message) {
  const p = $('#erreur');
  p.textContent = message;
  p.hidden = false;
}

/** Shows a count both as text (French digits) and as a raw `data-value`. */
function afficherNombre(selecteur, n) {
  const el = $(selecteur);
  el.textContent = nombre.format(n);
  el.dataset.value = String(n);
}

/** [west, south, east, north] of every position in the features, or null when there is none. */
function emprise(features) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const visiter = (c) => {
    if (typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]);
      b[1] = Math.min(b[1], c[1]);
      b[2] = Math.max(b[2], c[0]);
      b[3] = Math.max(b[3], c[1]);
    } else {
      c.forEach(visiter);
    }
  };
  for (const f of features) {
    if (f.geometry) visiter(f.geometry.coordinates);
  }
  return b[0] <= b[2] ? b : null;
}

/** The kinds of a place, e.g. ['france-services', 'mobile'] for a France Services bus. */
function genresDuLieu(p) {
  const genres = [];
  if (p.france_services) genres.push('france-services');
  if (p.mobile) genres.push('mobile');
  return genres.length > 0 ? genres : ['autre'];
}

// ---- Layers ----------------------------------------------------------------------------

/** A vector source of one layer's tiles, from its TileJSON (zooms and bounds). */
function sourceTuilee(couche, tuilejson) {
  return {
    type: 'vector',
    tiles: [tuiles(couche)],
    minzoom: tuilejson.minzoom,
    maxzoom: tuilejson.maxzoom,
    bounds: tuilejson.bounds,
  };
}

function ajouterCommunes(tuilejson) {
  map.addSource('communes', sourceTuilee('communes', tuilejson));
  const couche = { source: 'communes', 'source-layer': 'communes' };
  map.addLayer({
    id: 'communes-remplissage',
    type: 'fill',
    ...couche,
    paint: { 'fill-color': '#f7f9fa', 'fill-opacity': 0.9 },
  });
  map.addLayer({
    id: 'communes-contour',
    type: 'line',
    ...couche,
    paint: {
      'line-color': '#7d8b96',
      'line-width': ['interpolate', ['linear'], ['zoom'], 6, 0.3, 10, 1, 14, 2],
    },
  });
  // The commune chosen in the search box, drawn over the others.
  map.addLayer({
    id: 'commune-choisie',
    type: 'line',
    ...couche,
    filter: ['==', ['get', 'code'], ''],
    paint: { 'line-color': '#1d2429', 'line-width': 3 },
  });
}

function ajouterLieux(tuilejson) {
  map.addSource('lieux', sourceTuilee('places', tuilejson));
  const g = GENRES;
  map.addLayer({
    id: 'lieux',
    type: 'circle',
    source: 'lieux',
    'source-layer': 'places',
    paint: {
      'circle-color': ['case', ['get', 'france_services'], g['france-services'].couleur, g.autre.couleur],
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 3.5, 10, 6, 14, 9],
      'circle-stroke-color': ['case', ['get', 'mobile'], g.mobile.couleur, '#ffffff'],
      'circle-stroke-width': [
        'interpolate', ['linear'], ['zoom'],
        6, ['case', ['get', 'mobile'], 1.5, 0.8],
        12, ['case', ['get', 'mobile'], 3, 1.5],
      ],
    },
  });
}

/** Counts from the TileJSON documents: communes drawn, places by kind (a bus may count twice). */
function afficherChiffres(communes, lieux) {
  afficherNombre('#nb-communes', communes.feature_count);
  afficherNombre('#nb-lieux', lieux.kinds.total);
  const parGenre = { 'france-services': lieux.kinds.france_services, mobile: lieux.kinds.mobile, autre: lieux.kinds.other };
  for (const [genre, n] of Object.entries(parGenre)) {
    $(`#nb-${genre}`).textContent = nombre.format(n);
  }
}

// ---- Popups ----------------------------------------------------------------------------

/** A DOM element with text content (never innerHTML: the data comes from outside). */
function el(balise, texte, classe) {
  const e = document.createElement(balise);
  if (texte !== undefined) e.textContent = texte;
  if (classe) e.className = classe;
  return e;
}

/** Adds a term and its description (text, element, or "non renseigné") to a <dl>. */
function rubrique(dl, terme, valeur) {
  dl.append(el('dt', terme));
  const dd = el('dd');
  if (valeur instanceof Node) dd.append(valeur);
  else dd.textContent = valeur || 'non renseigné';
  dl.append(dd);
}

function listeOuTexte(valeurs) {
  if (!valeurs || valeurs.length === 0) return '';
  if (valeurs.length === 1) return valeurs[0];
  const ul = el('ul');
  for (const v of valeurs) ul.append(el('li', v));
  return ul;
}

function contenuLieu(p) {
  const div = el('div', undefined, 'fiche-lieu');
  div.append(el('h3', p.nom));
  div.append(el('p', genresDuLieu(p).map((g) => GENRES[g].libelle).join(' · '), 'genre'));
  const adresse = [p.adresse, p.complement_adresse, `${p.code_postal ?? ''} ${p.commune ?? ''}`.trim()]
    .filter(Boolean)
    .join(', ');
  div.append(el('p', adresse, 'adresse'));
  const dl = el('dl');
  rubrique(dl, 'Horaires', p.horaires);
  rubrique(dl, 'Services', listeOuTexte(p.services));
  rubrique(dl, 'Frais', (p.frais_a_charge ?? []).join(', '));
  if (p.telephone) rubrique(dl, 'Téléphone', p.telephone);
  const site = (p.site_web ?? []).find((u) => /^https?:\/\//.test(u));
  if (site) {
    const a = el('a', site);
    a.href = site;
    a.rel = 'noopener';
    a.target = '_blank';
    rubrique(dl, 'Site web', a);
  }
  div.append(dl);
  return div;
}

function contenuCommune(p) {
  const div = el('div', undefined, 'fiche-commune');
  div.append(el('h3', p.nom));
  const details = [`Code INSEE ${p.code}`, `département ${p.departement}`];
  if (p.population != null) details.push(`${nombre.format(p.population)} habitants`);
  div.append(el('p', details.join(' · ')));
  if (p.epci_nom) div.append(el('p', p.epci_nom));
  if (p.codes_postaux?.length) div.append(el('p', `Code postal : ${p.codes_postaux.join(', ')}`));
  return div;
}

const popup = new maplibregl.Popup({ closeButton: true, maxWidth: '340px' });

/** Opens a popup at `position` with a first content, then the full one when it comes. */
async function ouvrirFiche(position, provisoire, complete) {
  popup.setLngLat(position).setDOMContent(provisoire).addTo(map);
  try {
    const contenu = await complete();
    if (popup.isOpen()) popup.setDOMContent(contenu);
  } catch (e) {
    if (popup.isOpen()) popup.setDOMContent(el('p', `Détails indisponibles : ${e.message}`));
  }
}

map.on('click', (e) => {
  const lieu = map.queryRenderedFeatures(e.point, { layers: ['lieux'] })[0];
  if (lieu) {
    const { id, nom } = lieu.properties;
    ouvrirFiche(lieu.geometry.coordinates, el('h3', nom), async () => {
      const f = await getJson(`/api/places/${encodeURIComponent(id)}`);
      return contenuLieu(f.properties);
    });
    return;
  }
  const commune = map.queryRenderedFeatures(e.point, { layers: ['communes-remplissage'] })[0];
  if (commune) {
    ouvrirFiche(e.lngLat, contenuCommune(commune.properties), async () => {
      const f = await getJson(`/api/communes/${encodeURIComponent(commune.properties.code)}`);
      return contenuCommune(f.properties);
    });
  }
});
map.on('mouseenter', 'lieux', () => { map.getCanvas().style.cursor = 'pointer'; });
map.on('mouseleave', 'lieux', () => { map.getCanvas().style.cursor = ''; });

// ---- Commune search ---------------------------------------------------------------------

const champ = $('#q');
const liste = $('#resultats');
const etat = $('#etat-recherche');
let derniereRequete = 0; // answers to older requests are ignored
let minuterie;

async function rechercher() {
  const q = champ.value.trim();
  const numero = ++derniereRequete;
  if (q.length < 2) {
    liste.replaceChildren();
    etat.textContent = '';
    return [];
  }
  try {
    const res = await getJson(`/api/communes/search?q=${encodeURIComponent(q)}&limit=10`);
    if (numero !== derniereRequete) return [];
    afficherResultats(res.features);
    return res.features;
  } catch (e) {
    etat.textContent = `Recherche impossible : ${e.message}`;
    return [];
  }
}

function afficherResultats(features) {
  liste.replaceChildren();
  etat.textContent = features.length === 0
    ? 'Aucune commune trouvée.'
    : `${features.length} commune${features.length > 1 ? 's' : ''} trouvée${features.length > 1 ? 's' : ''}.`;
  for (const f of features) {
    const p = f.properties;
    const bouton = el('button');
    bouton.type = 'button';
    bouton.dataset.code = p.code;
    bouton.append(el('span', p.nom), el('br'));
    const cp = (p.codes_postaux ?? []).slice(0, 3).join(', ');
    bouton.append(el('span', `dép. ${p.departement}${cp ? ' · ' + cp : ''}`, 'detail'));
    bouton.addEventListener('click', () => choisirCommune(f, bouton));
    const li = el('li');
    li.append(bouton);
    liste.append(li);
  }
}

/** Moves the map to a commune (its outline when it has one, else its point) and outlines it. */
async function choisirCommune(f, bouton) {
  const p = f.properties;
  for (const b of liste.querySelectorAll('button')) b.removeAttribute('aria-current');
  if (bouton) bouton.setAttribute('aria-current', 'true');
  map.setFilter('commune-choisie', ['==', ['get', 'code'], p.code]);
  const avecContour = await getJson(`/api/communes/${encodeURIComponent(p.code)}`).catch(() => null);
  const b = avecContour?.geometry && avecContour.geometry.type !== 'Point' ? emprise([avecContour]) : null;
  if (b) {
    map.fitBounds(b, { padding: 60, maxZoom: 13 });
  } else if (f.geometry) {
    map.flyTo({ center: f.geometry.coordinates, zoom: 12 });
  }
  etat.textContent = `Carte centrée sur ${p.nom}.`;
}

champ.addEventListener('input', () => {
  clearTimeout(minuterie);
  minuterie = setTimeout(rechercher, 200);
});

// Enter in the box picks the first result (searching first if needed).
$('#recherche').addEventListener('submit', async (e) => {
  e.preventDefault();
  clearTimeout(minuterie);
  await rechercher();
  liste.querySelector('button')?.click();
});

// Arrow keys move between the box and the results; Escape goes back to the box.
champ.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    liste.querySelector('button')?.focus();
  }
});
liste.addEventListener('keydown', (e) => {
  const boutons = [...liste.querySelectorAll('button')];
  const i = boutons.indexOf(document.activeElement);
  if (e.key === 'ArrowDown' && i < boutons.length - 1) {
    e.preventDefault();
    boutons[i + 1].focus();
  } else if (e.key === 'ArrowUp') {
    e.preventDefault();
    (i > 0 ? boutons[i - 1] : champ).focus();
  } else if (e.key === 'Escape') {
    champ.focus();
  }
});

// ---- Loading ---------------------------------------------------------------------------

map.on('load', async () => {
  try {
    const [communes, lieux] = await Promise.all([getJson('/tiles/communes.json'), getJson('/tiles/places.json')]);
    ajouterCommunes(communes);
    ajouterRoutes(map, 'commune-choisie');
    ajouterLieux(lieux);
    afficherChiffres(communes, lieux);
    if (communes.feature_count > 0 || lieux.feature_count > 0) {
      const [o, s, e, n] = (communes.feature_count > 0 ? communes : lieux).bounds;
      map.fitBounds([[o, s], [e, n]], { padding: 20, animate: false });
    }
    await new Promise((ok) => map.once('idle', ok));
    document.body.dataset.ready = 'true';
    signalerPret({ communes: communes.feature_count, lieux: lieux.kinds.total });
  } catch (e) {
    afficherErreur(`Chargement impossible : ${e.message}`);
    document.body.dataset.ready = 'error';
    signalerEchec(e);
  }
});
