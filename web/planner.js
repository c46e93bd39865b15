// The planner's page: a choropleth of one département's communes by a chosen indicator, the
// places on top, the gap table, site suggestions and exports — all from the maillage API,
// with no external tiles or fonts. Outlines come as vector tiles (/tiles/communes/…); the
// indicators, computed for the chosen département, colour them through feature state.

import { LOCALE, STYLE, ajouterRoutes } from './carte-commune.js';

const maplibregl = window.maplibregl; // loaded by the classic <script> in planner.html

// ---- Constants -------------------------------------------------------------------------

/** Indicators the map can show. `pire`: whether a high value means worse access. */
const INDICATEURS = {
  nearest_min: { libelle: 'Temps vers le lieu le plus proche', unite: 'min', classes: 'minutes', pire: true },
  france_services_min: { libelle: 'Temps vers une France Services', unite: 'min', classes: 'minutes', pire: true },
  // The unit depends on the API's `supply` parameter: see `uniteE2sfca`.
  e2sfca: { libelle: 'Accessibilité (E2SFCA)', unite: 'pour 1 000 hab.', echelle: 1000, pire: false },
  places_per_10k: { libelle: 'Lieux pour 10 000 habitants', unite: '', pire: false },
  gap_score: { libelle: 'Score de manque (0 à 100)', unite: '', pire: true },
  mobile_share: { libelle: "Part de l'accès due aux lieux itinérants", unite: '%', echelle: 100, pire: false },
};

/** Class bounds for times, in minutes: [0, 5), [5, 10) … [30, ∞). */
const BORNES_MINUTES = [0, 5, 10, 15, 20, 30, Infinity];
const NB_QUANTILES = 5;

// Sequential palettes, light to dark (6 colours; fewer classes take the first ones).
const PALETTE_PIRE = ['#fff3b8', '#fdd061', '#fb9a3d', '#e9582a', '#bb1d1f', '#6f0715'];
const PALETTE_MIEUX = ['#eef6e4', '#c2e3ad', '#86c687', '#43a266', '#187345', '#07422a'];
const COULEUR_SANS_VALEUR = '#a7b0b8';
const COULEUR_LIEU = '#0b3d91';

const entier = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const dixieme = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const precis = new Intl.NumberFormat('fr-FR', { maximumSignificantDigits: 3 });
const pourcent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 });
const $ = (sel) => document.querySelector(sel);

// ---- State -----------------------------------------------------------------------------

const etat = {
  departement: null,
  communes: null, // the coverage rows of the département, as { properties: row }
  parCode: new Map(), // code → { properties: row }
  emprise: null, // [west, south, east, north] of the département's commune points
  classes: [], // the current legend classes
  manques: [], // the gap rows of the API, in its rank order
  tri: null, // { cle, sens: 'descending' | 'ascending' } or null for the API's rank
  marqueurs: [], // MapLibre markers of the suggested sites
  chargement: 0, // number of the latest département load; older answers are dropped
  fiche: 0, // number of the latest commune card asked for; likewise
};

// ---- Small helpers ---------------------------------------------------------------------

/** GET (or POST when `corps` is given) a JSON document; an API problem becomes an Error with its `detail`. */
async function getJson(url, corps) {
  const options = corps === undefined
    ? {}
    : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(corps) };
  const reponse = await fetch(url, options);
  const json = await reponse.json().catch(() => null);
  if (!reponse.ok) throw new Error(json?.detail ?? `${url} : erreur HTTP ${reponse.status}`);
  return json;
}

/** A DOM element with text content (never innerHTML: the data comes from outside). */
function el(balise, texte, classe) {
  const e = document.createElement(balise);
  if (texte !== undefined) e.textContent = texte;
  if (classe) e.className = classe;
  return e;
}

function afficherErreur(message) {
  const p = $('#erreur');
  p.textContent = message;
  p.hidden = message === '';
}

/** The number of an indicator's value, in the unit the page shows it ("12,3", "0,141"). */
function chiffre(cle, v) {
  const ind = INDICATEURS[cle];
  const x = v * (ind.echelle ?? 1);
  return ind.classes === 'minutes' || ind.unite === '%' ? decimal.format(x) : precis.format(x);
}

/** A value of an indicator with its unit ("12,3 min", "45 %"), or a word when missing. */
function formater(cle, v) {
  if (v == null) return cle.endsWith('_min') ? 'aucun lieu joignable' : '—';
  const { unite } = INDICATEURS[cle];
  return unite ? `${chiffre(cle, v)} ${unite}` : chiffre(cle, v);
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
  for (const f of features) if (f.geometry) visiter(f.geometry.coordinates);
  return b[0] <= b[2] ? b : null;
}

// ---- Class breaks ----------------------------------------------------------------------

/** Fixed classes for times: 0–5–10–15–20–30–∞ minutes. */
function classesMinutes() {
  const classes = [];
  for (let i = 0; i < BORNES_MINUTES.length - 1; i++) {
    const [min, max] = [BORNES_MINUTES[i], BORNES_MINUTES[i + 1]];
    const libelle = max === Infinity ? `${min} min ou plus` : i === 0 ? `moins de ${max} min` : `${min} à ${max} min`;
    classes.push({ min, max, libelle });
  }
  return classes;
}

/** Quantile classes of the positive values, after a class of its own for exactly 0 (no access, no place). */
function classesQuantiles(valeurs, cle) {
  const classes = [];
  if (valeurs.includes(0)) classes.push({ min: 0, max: 0, libelle: '0' });
  const positives = valeurs.filter((v) => v > 0).sort((a, b) => a - b);
  if (positives.length === 0) return classes;
  const coupures = [];
  for (let k = 0; k <= NB_QUANTILES; k++) {
    const v = positives[Math.floor((k / NB_QUANTILES) * (positives.length - 1))];
    if (coupures.at(-1) !== v) coupures.push(v);
  }
  if (coupures.length === 1) {
    classes.push({ min: coupures[0], max: coupures[0], libelle: chiffre(cle, coupures[0]) });
    return classes;
  }
  for (let i = 0; i < coupures.length - 1; i++) {
    const [min, max] = [coupures[i], coupures[i + 1]];
    classes.push({ min, max, libelle: `${chiffre(cle, min)} à ${chiffre(cle, max)}` });
  }
  return classes;
}

/** Index of the class holding `v` (intervals [min, max), the last one closed), or -1 for no value. */
function classeDe(v, classes) {
  if (v == null) return -1;
  for (let i = 0; i < classes.length; i++) {
    const { min, max } = classes[i];
    const dernier = i === classes.length - 1;
    if (min === max ? v === min : v >= min && (v < max || (dernier && v <= max))) return i;
  }
  return -1;
}

/** Classes, colours and counts of an indicator over the communes; writes `classe` on each feature. */
function classer(features, cle) {
  const ind = INDICATEURS[cle];
  const valeurs = features.map((f) => f.properties[cle]).filter((v) => v != null);
  const classes = ind.classes === 'minutes' ? classesMinutes() : classesQuantiles(valeurs, cle);
  const palette = ind.pire ? PALETTE_PIRE : PALETTE_MIEUX;
  // Fewer classes than colours: spread them over the palette so the extremes stay distinct.
  classes.forEach((c, i) => {
    const j = classes.length === 1 ? 0 : Math.round((i * (palette.length - 1)) / (classes.length - 1));
    c.couleur = palette[j];
    c.nombre = 0;
  });
  const sansValeur = {
    min: null,
    max: null,
    libelle: ind.classes === 'minutes' ? 'non joignable ou aucun lieu' : 'sans valeur',
    couleur: COULEUR_SANS_VALEUR,
    nombre: 0,
  };
  for (const f of features) {
    const i = classeDe(f.properties[cle], classes);
    f.properties.classe = i;
    (i < 0 ? sansValeur : classes[i]).nombre += 1;
  }
  return sansValeur.nombre > 0 ? [...classes, sansValeur] : classes;
}

/** The fill colour expression matching the `classe` that `dessinerChoroplethe` puts in each commune's feature state. */
function couleurDesClasses(classes) {
  const paires = classes.flatMap((c, i) => (c.min === null ? [] : [i, c.couleur]));
  return paires.length === 0
    ? COULEUR_SANS_VALEUR
    : ['match', ['coalesce', ['feature-state', 'classe'], -1], ...paires, COULEUR_SANS_VALEUR];
}

// ---- The map ---------------------------------------------------------------------------

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

const VIDE = { type: 'FeatureCollection', features: [] };
/** Commune outlines: the tiles of this server (absolute: MapLibre fetches tiles from a worker). */
const COMMUNES = { source: 'communes', 'source-layer': 'communes' };
/** Shows only the communes of a département ('' for none). */
const duDepartement = (code) => ['==', ['get', 'departement'], code];

/** Sources and layers, created once; each département load sets the filter, the colours and the places. */
function creerCouches(tuilejson) {
  map.addSource('communes', {
    type: 'vector',
    tiles: [`${location.origin}/tiles/communes/{z}/{x}/{y}.mvt`],
    minzoom: tuilejson.minzoom,
    maxzoom: tuilejson.maxzoom,
    bounds: tuilejson.bounds,
    promoteId: 'code', // feature state (the class of each commune) is keyed by INSEE code
  });
  map.addSource('lieux', { type: 'geojson', data: VIDE });
  map.addLayer({ id: 'communes-remplissage', type: 'fill', ...COMMUNES, filter: duDepartement(''), paint: { 'fill-color': COULEUR_SANS_VALEUR } });
  map.addLayer({
    id: 'communes-contour',
    type: 'line',
    ...COMMUNES,
    filter: duDepartement(''),
    paint: { 'line-color': '#ffffff', 'line-opacity': 0.7, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 0.3, 11, 1] },
  });
  // Gap communes: a dashed dark line on a white halo, visible on light and dark classes alike.
  ajouterRoutes(map);
  map.addLayer({
    id: 'communes-manque-halo',
    type: 'line',
    ...COMMUNES,
    filter: ['in', ['get', 'code'], ['literal', []]],
    paint: { 'line-color': '#ffffff', 'line-width': 4 },
  });
  map.addLayer({
    id: 'communes-manque',
    type: 'line',
    ...COMMUNES,
    filter: ['in', ['get', 'code'], ['literal', []]],
    paint: { 'line-color': '#1d2429', 'line-width': 2, 'line-dasharray': [2, 1] },
  });
  map.addLayer({
    id: 'commune-choisie',
    type: 'line',
    ...COMMUNES,
    filter: ['==', ['get', 'code'], ''],
    paint: { 'line-color': '#004a99', 'line-width': 3.5 },
  });
  map.addLayer({
    id: 'lieux',
    type: 'circle',
    source: 'lieux',
    paint: {
      'circle-color': COULEUR_LIEU,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 3, 11, 6],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.2,
    },
  });
}

map.on('click', (e) => {
  const commune = map.queryRenderedFeatures(e.point, { layers: ['communes-remplissage'] })[0];
  if (commune) afficherFiche(commune.properties.code);
});
map.on('mouseenter', 'communes-remplissage', () => { map.getCanvas().style.cursor = 'pointer'; });
map.on('mouseleave', 'communes-remplissage', () => { map.getCanvas().style.cursor = ''; });

/** Resolves once the map has drawn everything it was given. */
function carteImmobile() {
  return new Promise((ok) => {
    map.once('idle', ok);
    map.triggerRepaint();
  });
}

// ---- Choropleth, legend, totals ------------------------------------------------------------

function dessinerChoroplethe() {
  const cle = $('#indicateur').value;
  const features = etat.communes.features;
  etat.classes = classer(features, cle);
  for (const f of features) {
    map.setFeatureState({ source: 'communes', sourceLayer: 'communes', id: f.properties.code }, { classe: f.properties.classe });
  }
  map.setPaintProperty('communes-remplissage', 'fill-color', couleurDesClasses(etat.classes));
  afficherLegende(cle);
}

function afficherLegende(cle) {
  const ind = INDICATEURS[cle];
  $('#legende-titre').textContent = `${ind.libelle}${ind.unite ? ` (${ind.unite})` : ''}, par commune`;
  const ul = $('#legende');
  ul.replaceChildren();
  for (const c of etat.classes) {
    const li = el('li');
    li.dataset.count = String(c.nombre);
    const pastille = el('span', undefined, 'pastille carre');
    pastille.style.background = c.couleur;
    pastille.setAttribute('aria-hidden', 'true');
    li.append(pastille, el('span', c.libelle), el('span', `${entier.format(c.nombre)} comm.`, 'nb'));
    ul.append(li);
  }
}

function afficherTotaux(total) {
  const dl = $('#totaux');
  dl.replaceChildren();
  const lignes = [
    ['communes', 'Communes', entier.format(total.communes)],
    ['population', 'Population', entier.format(total.population)],
    ['share_within_15', 'À moins de 15 min d’un lieu', pourcent.format(total.share_within_15)],
    ['share_within_20', 'À moins de 20 min d’un lieu', pourcent.format(total.share_within_20)],
    ['share_within_30', 'À moins de 30 min d’un lieu', pourcent.format(total.share_within_30)],
    ['share_within_30_france_services', 'À moins de 30 min d’une France Services', pourcent.format(total.share_within_30_france_services)],
    ['mean_nearest_min', 'Temps moyen vers le lieu le plus proche', formater('nearest_min', total.mean_nearest_min)],
  ];
  for (const [cle, terme, texte] of lignes) {
    const div = el('div');
    div.dataset.champ = cle;
    div.dataset.value = String(total[cle]);
    div.append(el('dt', terme), el('dd', texte));
    dl.append(div);
  }
}

/** E2SFCA sums supply per inhabitant: weekly opening hours by default, else places. */
function uniteE2sfca(parametres) {
  INDICATEURS.e2sfca.unite = parametres?.supply === 'weekly-hours' ? 'h/sem. pour 1 000 hab.' : 'lieux pour 1 000 hab.';
}

function afficherModele(model) {
  $('#modele').textContent = model === 'road'
    ? 'Temps par la route (réseau routier OpenStreetMap).'
    : 'Temps estimés à vol d’oiseau (distance × détour, vitesse selon le territoire).';
  $('#modele').dataset.model = model;
}

function majExports(code) {
  const liens = { xlsx: $('#export-xlsx'), csv: $('#export-csv'), geojson: $('#export-geojson') };
  for (const [format, a] of Object.entries(liens)) {
    a.href = `/api/coverage?departement=${encodeURIComponent(code)}&format=${format}`;
    a.download = `couverture-${code}.${format}`;
  }
}

// ---- Commune card ----------------------------------------------------------------------

/** Opens the card of a commune with its indicators, as the API gives them, and outlines it. */
async function afficherFiche(code) {
  map.setFilter('commune-choisie', ['==', ['get', 'code'], code]);
  const section = $('#fiche');
  const numero = ++etat.fiche;
  try {
    const { commune: c } = await getJson(`/api/communes/${encodeURIComponent(code)}/coverage`);
    if (numero !== etat.fiche) return;
    const contenu = $('#fiche-contenu');
    contenu.replaceChildren();
    contenu.append(el('h3', c.nom));
    const details = [`Code INSEE ${c.code}`];
    if (c.population != null) details.push(`${entier.format(c.population)} habitants`);
    contenu.append(el('p', details.join(' · ')));
    const dl = el('dl');
    const rubriques = [
      ['nearest_min', 'Lieu le plus proche', `${formater('nearest_min', c.nearest_min)}${c.nearest_km != null ? ` (${decimal.format(c.nearest_km)} km)` : ''}`],
      ['france_services_min', 'France Services la plus proche', formater('france_services_min', c.france_services_min)],
      ['places', 'Lieux dans la commune', entier.format(c.places ?? 0)],
      ['places_per_10k', 'Lieux pour 10 000 hab.', formater('places_per_10k', c.places_per_10k)],
      ['e2sfca', 'Accessibilité (E2SFCA)', formater('e2sfca', c.e2sfca)],
      ['mobile_share', 'Part due aux lieux itinérants', formater('mobile_share', c.mobile_share)],
      ['gap_score', 'Score de manque', formater('gap_score', c.gap_score)],
      ['ifn', 'Indice de fragilité numérique', c.ifn == null ? 'non renseigné' : decimal.format(c.ifn)],
      ['within_30', 'Un lieu à moins de 30 min', c.within_30 ? 'oui' : 'non'],
    ];
    for (const [cle, terme, texte] of rubriques) {
      const dd = el('dd', texte);
      dd.dataset.champ = cle;
      dd.dataset.value = String(c[cle]);
      dl.append(el('dt', terme), dd);
    }
    contenu.append(dl);
    section.dataset.code = c.code;
    section.hidden = false;
  } catch (e) {
    afficherErreur(`Commune ${code} : ${e.message}`);
  }
}

$('#fermer-fiche').addEventListener('click', () => {
  $('#fiche').hidden = true;
  map.setFilter('commune-choisie', ['==', ['get', 'code'], '']);
});

// ---- Gap table -------------------------------------------------------------------------

async function chargerManques() {
  const minutes = $('#seuil-manques').value;
  const numero = etat.chargement;
  const reponse = await getJson(`/api/gaps?departement=${encodeURIComponent(etat.departement)}&minutes=${minutes}`);
  if (numero !== etat.chargement) return;
  etat.manques = reponse.gaps;
  const n = reponse.gaps.length;
  $('#resume-manques').textContent = n === 0
    ? `Aucune commune à plus de ${minutes} min d’un lieu.`
    : `${entier.format(n)} commune${n > 1 ? 's' : ''} à plus de ${minutes} min d’un lieu, ${entier.format(reponse.gap_population)} habitants.`;
  const filtre = ['in', ['get', 'code'], ['literal', reponse.gaps.map((g) => g.code)]];
  map.setFilter('communes-manque-halo', filtre);
  map.setFilter('communes-manque', filtre);
  afficherManques();
}

/** Rows in the chosen order; unreachable communes count as the farthest. */
function manquesTries() {
  const lignes = [...etat.manques];
  if (!etat.tri) return lignes;
  const { cle, sens } = etat.tri;
  const valeur = (g) => g[cle] ?? (g.unreachable ? Infinity : -Infinity);
  const signe = sens === 'descending' ? -1 : 1;
  return lignes.sort((a, b) => signe * (valeur(a) - valeur(b) || 0) || a.rank - b.rank);
}

function afficherManques() {
  const corps = $('#manques tbody');
  corps.replaceChildren();
  for (const g of manquesTries()) {
    const tr = el('tr');
    tr.dataset.code = g.code;
    const bouton = el('button', g.nom, 'lien');
    bouton.type = 'button';
    bouton.addEventListener('click', () => choisirCommune(g.code));
    const nom = el('td');
    nom.append(bouton);
    const population = el('td', entier.format(g.population), 'nombre');
    population.dataset.value = String(g.population);
    const temps = el('td', g.nearest_min == null ? 'non joignable' : dixieme.format(g.nearest_min), 'nombre');
    temps.dataset.value = String(g.nearest_min);
    const score = el('td', dixieme.format(g.gap_score), 'nombre');
    score.dataset.value = String(g.gap_score);
    tr.append(el('td', String(g.rank), 'nombre'), nom, population, temps, score);
    corps.append(tr);
  }
  for (const th of document.querySelectorAll('#manques th[data-tri]')) {
    if (etat.tri?.cle === th.dataset.tri) th.setAttribute('aria-sort', etat.tri.sens);
    else th.removeAttribute('aria-sort');
  }
}

for (const th of document.querySelectorAll('#manques th[data-tri]')) {
  th.querySelector('button').addEventListener('click', () => {
    const cle = th.dataset.tri;
    const sens = etat.tri?.cle === cle && etat.tri.sens === 'descending' ? 'ascending' : 'descending';
    etat.tri = { cle, sens };
    afficherManques();
  });
}

/** Fits the map to a commune (its outline, asked for then) and opens its card (from the gap table or the site list). */
async function choisirCommune(code) {
  afficherFiche(code);
  const f = await getJson(`/api/communes/${encodeURIComponent(code)}`).catch(() => null);
  const b = f ? emprise([f]) : null;
  if (b) map.fitBounds(b, { padding: 80, maxZoom: 12 });
}

// ---- Site suggestions ------------------------------------------------------------------

function effacerSites() {
  for (const m of etat.marqueurs) m.remove();
  etat.marqueurs = [];
  $('#sites').replaceChildren();
  $('#etat-sites').textContent = '';
}

async function suggererSites(e) {
  e.preventDefault();
  const add = Number($('#nb-sites').value);
  const minutes = Number($('#seuil-sites').value);
  effacerSites();
  document.body.dataset.sites = 'loading';
  $('#etat-sites').textContent = 'Calcul en cours…';
  try {
    const r = await getJson('/api/plan/sites', { departement: etat.departement, add, minutes });
    afficherSites(r);
    document.body.dataset.sites = 'true';
  } catch (erreur) {
    $('#etat-sites').textContent = `Suggestions impossibles : ${erreur.message}`;
    document.body.dataset.sites = 'error';
  }
}

function afficherSites(r) {
  const liste = $('#sites');
  for (const s of r.suggestions) {
    const li = el('li');
    li.dataset.code = s.code;
    const bouton = el('button', s.nom, 'lien');
    bouton.type = 'button';
    bouton.addEventListener('click', () => choisirCommune(s.code));
    li.append(bouton, el('span', ` : +${entier.format(s.gain_population)} hab. couverts`));
    liste.append(li);
    const pastille = el('div', String(s.rank), 'marqueur-site');
    pastille.setAttribute('aria-label', `Site suggéré ${s.rank} : ${s.nom}`);
    etat.marqueurs.push(new maplibregl.Marker({ element: pastille }).setLngLat([s.lon, s.lat]).addTo(map));
  }
  // Back to the whole département, so that every marker is in view.
  if (etat.emprise) map.fitBounds(etat.emprise, { padding: 40 });
  const part = (n) => (r.population > 0 ? pourcent.format(n / r.population) : '—');
  $('#etat-sites').textContent =
    `À moins de ${r.minutes} min : ${entier.format(r.covered_before)} habitants (${part(r.covered_before)}) avant, ` +
    `${entier.format(r.covered_after)} (${part(r.covered_after)}) avec ${r.suggestions.length} site${r.suggestions.length > 1 ? 's' : ''}` +
    (r.uncoverable ? ` ; ${entier.format(r.uncoverable)} hors d’atteinte.` : '.');
}

$('#form-sites').addEventListener('submit', suggererSites);

// ---- Loading a département -------------------------------------------------------------

async function chargerDepartement(code) {
  const numero = ++etat.chargement;
  document.body.dataset.ready = 'loading';
  afficherErreur('');
  effacerSites();
  $('#fiche').hidden = true;
  map.setFilter('commune-choisie', ['==', ['get', 'code'], '']);
  try {
    const d = encodeURIComponent(code);
    const [communes, resume, lieux, points] = await Promise.all([
      getJson(`/api/coverage?departement=${d}&format=json`),
      getJson(`/api/coverage?departement=${d}&level=departement&format=json`),
      getJson(`/api/places?departement=${d}&limit=50000`),
      getJson(`/api/communes?departement=${d}&geometry=point`),
    ]);
    if (numero !== etat.chargement) return;
    etat.departement = code;
    // The rows as features without geometry: the outlines are in the tiles.
    etat.communes = { model: communes.model, parameters: communes.parameters, features: communes.rows.map((properties) => ({ properties })) };
    etat.parCode = new Map(etat.communes.features.map((f) => [f.properties.code, f]));
    etat.emprise = emprise(points.features);
    map.removeFeatureState({ source: 'communes', sourceLayer: 'communes' });
    for (const id of ['communes-remplissage', 'communes-contour']) map.setFilter(id, duDepartement(code));
    uniteE2sfca(communes.parameters);
    dessinerChoroplethe();
    map.getSource('lieux').setData(lieux);
    $('#nb-lieux').textContent = entier.format(lieux.features.length);
    afficherModele(communes.model);
    afficherTotaux(resume.total);
    majExports(code);
    if (etat.emprise) map.fitBounds(etat.emprise, { padding: 40, animate: false });
    await chargerManques();
    await carteImmobile();
    if (numero !== etat.chargement) return;
    document.body.dataset.departement = code;
    document.body.dataset.ready = 'true';
  } catch (e) {
    if (numero !== etat.chargement) return;
    afficherErreur(`Chargement impossible : ${e.message}`);
    document.body.dataset.ready = 'error';
  }
}

/** Fills the département list from the API's roll-up (the départements present in the data). */
async function remplirDepartements() {
  const { rows } = await getJson('/api/coverage?level=departement&format=json');
  const select = $('#departement');
  for (const r of rows) {
    const option = el('option', `${r.code} ${r.nom ?? ''}`.trim());
    option.value = r.code;
    select.append(option);
  }
  const demande = new URLSearchParams(location.search).get('departement');
  if (rows.some((r) => r.code === demande)) select.value = demande;
}

function remplirIndicateurs() {
  const select = $('#indicateur');
  for (const [cle, ind] of Object.entries(INDICATEURS)) {
    const option = el('option', ind.libelle);
    option.value = cle;
    select.append(option);
  }
}

$('#departement').addEventListener('change', (e) => {
  const code = e.target.value;
  history.replaceState(null, '', `?departement=${encodeURIComponent(code)}`);
  chargerDepartement(code);
});
$('#indicateur').addEventListener('change', () => {
  if (etat.communes) dessinerChoroplethe();
});
$('#seuil-manques').addEventListener('change', () => {
  chargerManques().catch((e) => afficherErreur(`Manques : ${e.message}`));
});
$('#choix').addEventListener('submit', (e) => e.preventDefault());
$('#form-manques').addEventListener('submit', (e) => e.preventDefault());

remplirIndicateurs();
map.on('load', async () => {
  try {
    creerCouches(await getJson('/tiles/communes.json'));
    await remplirDepartements();
    await chargerDepartement($('#departement').value);
  } catch (e) {
    afficherErreur(`Chargement impossible : ${e.message}`);
    document.body.dataset.ready = 'error';
  }
});
