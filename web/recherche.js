// The residents' search (/recherche, and /embed without the page's chrome): one box (commune,
// postcode, address, place name, or "use my position"), filters in plain words, results as a
// list sorted by travel time with a map beside it. The whole search lives in the URL, so it can
// be shared, bookmarked and printed. The list comes first; MapLibre is loaded after it.

import { LANGUE, avecLangue, chargerTextes, distance, el, heureDuJour, liste as listeTextes, t, vocab } from './textes.js';
import { acces, adresse, ancienne, frais, genres, lienTelephone, nomAffiche, ouverture, trajet } from './lieu-resume.js';
import { passage } from './passages.js';
import { ajouterRoutes } from './carte-commune.js';

const $ = (s) => document.querySelector(s);
const EMBED = document.body.classList.contains('embed');
const NB_RESULTATS = 10;
// The next visits of mobile units shown with the results: within this radius and horizon.
const PASSAGES_KM = 20;
const PASSAGES_JOURS = 31;
const NB_ARRETS = 4;

// The standard's vocabularies offered as filters (values as the standard spells them; the
// words shown come from the language file's `vocab`).
const SERVICES = [
  'Aide aux démarches administratives',
  'Maîtrise des outils numériques du quotidien',
  'Insertion professionnelle via le numérique',
  'Utilisation sécurisée du numérique',
  'Parentalité et éducation avec le numérique',
  'Loisirs et créations numériques',
  'Compréhension du monde numérique',
  'Accès internet et matériel informatique',
  'Acquisition de matériel informatique à prix solidaire',
];
const PUBLICS = ['Jeunes', 'Étudiants', 'Familles et/ou enfants', 'Seniors', 'Femmes'];
const ACCOMPAGNEMENTS = [
  'Surdité',
  'Déficience visuelle',
  'Illettrisme',
  'Langues étrangères (anglais)',
  'Langues étrangères (autres)',
  'Handicaps moteurs',
  'Handicaps mentaux',
];
const LISTES = { services: SERVICES, publics: PUBLICS, accompagnements: ACCOMPAGNEMENTS };
const OUI = ['gratuit', 'sans_rdv', 'accessible', 'france_services'];

// Where the search is: a chosen point with its label and commune (null before a search).
let point = null;
let derniereDemande = 0; // answers to older requests are ignored

// ---- The URL is the search ---------------------------------------------------------------

/** The form and the chosen point as the page's query string (API names for the filters). */
function versUrl() {
  const form = $('#recherche');
  const u = new URLSearchParams();
  const q = $('#q').value.trim();
  if (q) u.set('q', q);
  if (point) {
    u.set('lat', point.lat.toFixed(6));
    u.set('lon', point.lon.toFixed(6));
    if (point.code) u.set('code', point.code);
  }
  const quand = form.elements.quand.value;
  if (quand) u.set('quand', quand);
  if (quand === 'jour') {
    u.set('jour', $('#jour').value);
    u.set('heure', $('#heure').value || '10:00');
  }
  for (const nom of OUI) if (form.elements[nom].checked) u.set(nom, 'true');
  for (const nom of Object.keys(LISTES)) {
    const choisis = [...document.querySelectorAll(`input[name="${nom}"]:checked`)].map((c) => c.value);
    if (choisis.length) u.set(nom, choisis.join(','));
  }
  if (form.elements.itinerance.value) u.set('itinerance', form.elements.itinerance.value);
  if (form.elements.mode.value !== 'car') u.set('mode', form.elements.mode.value);
  if (LANGUE !== 'fr') u.set('lang', LANGUE);
  return u;
}

/** Fills the form and the point from the page's query string. */
function depuisUrl(u) {
  const form = $('#recherche');
  $('#q').value = u.get('q') ?? '';
  const lat = Number(u.get('lat'));
  const lon = Number(u.get('lon'));
  point = u.has('lat') && u.has('lon') && Number.isFinite(lat) && Number.isFinite(lon)
    ? { lat, lon, code: u.get('code') || null, label: u.get('q') || t('recherche.ma_position') }
    : null;
  const quand = u.get('quand') ?? '';
  for (const r of form.elements.quand) r.checked = r.value === quand;
  if (u.has('jour')) $('#jour').value = u.get('jour');
  if (u.has('heure')) $('#heure').value = u.get('heure');
  for (const nom of OUI) form.elements[nom].checked = u.get(nom) === 'true';
  for (const nom of Object.keys(LISTES)) {
    const choisis = (u.get(nom) ?? '').split(',');
    for (const c of document.querySelectorAll(`input[name="${nom}"]`)) c.checked = choisis.includes(c.value);
  }
  const itin = u.get('itinerance') ?? '';
  for (const r of form.elements.itinerance) r.checked = r.value === itin;
  const mode = u.get('mode') === 'foot' ? 'foot' : 'car';
  for (const r of form.elements.mode) r.checked = r.value === mode;
  compterFiltres();
}

/** The next date (today included, if the time is still to come) of weekday `jour` at `heure`, local. */
function prochaineDate(jour, heure) {
  const [h, m] = (heure || '10:00').split(':').map(Number);
  const d = new Date();
  const cible = new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, m);
  let ecart = (Number(jour) - d.getDay() + 7) % 7;
  if (ecart === 0 && cible < d) ecart = 7;
  cible.setDate(cible.getDate() + ecart);
  const deux = (n) => String(n).padStart(2, '0');
  return `${cible.getFullYear()}-${deux(cible.getMonth() + 1)}-${deux(cible.getDate())}T${deux(h)}:${deux(m)}:00`;
}

/** The API query of /api/places/nearest for the page's query string. */
function requeteApi(u) {
  const a = new URLSearchParams({ lat: u.get('lat'), lon: u.get('lon'), limit: String(NB_RESULTATS) });
  if (u.get('quand') === 'maintenant') a.set('open_now', 'true');
  if (u.get('quand') === 'jour') a.set('open_at', prochaineDate(u.get('jour') ?? '6', u.get('heure')));
  for (const nom of [...OUI, ...Object.keys(LISTES), 'itinerance', 'mode']) if (u.has(nom)) a.set(nom, u.get(nom));
  return a;
}

function compterFiltres() {
  const u = versUrl();
  const n = ['quand', ...OUI, ...Object.keys(LISTES), 'itinerance'].filter((k) => u.has(k)).length;
  $('#nb-filtres').textContent = n ? `(${t(n === 1 ? 'recherche.filtre_actif' : 'recherche.filtres_actifs', { n })})` : '';
}

// ---- Requests ------------------------------------------------------------------------------

async function getJson(url) {
  const r = await fetch(url);
  const corps = await r.json().catch(() => null);
  if (!r.ok) {
    const e = new Error(corps?.detail ?? `${url}: HTTP ${r.status}`);
    e.status = r.status;
    throw e;
  }
  return corps;
}

// ---- The search box: a combobox of suggestions ----------------------------------------------

const champ = $('#q');
const suggestions = $('#suggestions');
let propositions = [];
let active = -1;
let minuterie;

async function proposer() {
  const q = champ.value.trim();
  const numero = ++derniereDemande;
  if (q.length < 2) {
    fermerSuggestions();
    return [];
  }
  try {
    const res = await getJson(`/api/search?q=${encodeURIComponent(q)}&limit=8`);
    if (numero !== derniereDemande) return propositions;
    afficherSuggestions(res.features);
    return res.features;
  } catch (e) {
    afficherErreur(e.message);
    return [];
  }
}

function afficherSuggestions(features) {
  propositions = features.filter((f) => f.geometry);
  active = -1;
  suggestions.replaceChildren();
  propositions.forEach((f, i) => {
    const li = el('li', undefined, 'suggestion');
    li.id = `suggestion-${i}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.append(el('span', f.properties.label), el('span', t(`recherche.genre_${genreRecherche(f)}`), 'genre-suggestion'));
    li.addEventListener('mousedown', (e) => e.preventDefault()); // keep the focus in the box
    li.addEventListener('click', () => choisir(f));
    suggestions.append(li);
  });
  if (propositions.length === 0) {
    const li = el('li', t('recherche.aucune_proposition'), 'suggestion vide');
    li.setAttribute('role', 'option');
    li.setAttribute('aria-disabled', 'true');
    suggestions.append(li);
  }
  suggestions.hidden = false;
  champ.setAttribute('aria-expanded', 'true');
  annoncer(
    propositions.length === 0
      ? t('recherche.aucune_proposition')
      : propositions.length === 1
        ? t('recherche.une_proposition')
        : t('recherche.n_propositions', { n: propositions.length }),
  );
}

const genreRecherche = (f) => ({ commune: 'commune', address: 'adresse', place: 'lieu' })[f.properties.kind] ?? 'commune';

function fermerSuggestions() {
  suggestions.hidden = true;
  suggestions.replaceChildren();
  champ.setAttribute('aria-expanded', 'false');
  champ.removeAttribute('aria-activedescendant');
  active = -1;
}

function activer(i) {
  const options = [...suggestions.querySelectorAll('[role="option"]:not([aria-disabled])')];
  if (options.length === 0) return;
  active = (i + options.length) % options.length;
  options.forEach((o, j) => o.setAttribute('aria-selected', String(j === active)));
  champ.setAttribute('aria-activedescendant', options[active].id);
  options[active].scrollIntoView({ block: 'nearest' });
}

/** A suggestion chosen: the search point is set and the places are searched. */
function choisir(f) {
  const [lon, lat] = f.geometry.coordinates;
  const p = f.properties;
  if (p.kind === 'place' && p.id) {
    window.location.href = avecLangue(`/lieux/${encodeURIComponent(p.id)}`);
    return;
  }
  champ.value = p.label;
  point = { lat, lon, code: p.code_insee ?? null, label: p.label };
  fermerSuggestions();
  lancer(true);
}

champ.addEventListener('input', () => {
  point = null; // the text changed: the old point no longer matches it
  clearTimeout(minuterie);
  minuterie = setTimeout(proposer, 200);
});
champ.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    if (suggestions.hidden) proposer().then(() => activer(0));
    else activer(active + 1);
  } else if (e.key === 'ArrowUp' && !suggestions.hidden) {
    e.preventDefault();
    activer(active - 1);
  } else if (e.key === 'Escape') {
    fermerSuggestions();
  } else if (e.key === 'Enter' && !suggestions.hidden && active >= 0) {
    e.preventDefault();
    choisir(propositions[active]);
  }
});
champ.addEventListener('blur', () => setTimeout(fermerSuggestions, 150));

// Submitting searches with the chosen point, or the best suggestion for the text typed.
$('#recherche').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!point && champ.value.trim().length >= 2) {
    clearTimeout(minuterie);
    const res = await proposer();
    const premier = res.find((f) => f.geometry && f.properties.kind !== 'place') ?? res.find((f) => f.geometry);
    if (!premier) return;
    choisir(premier);
    return;
  }
  lancer(true);
});

$('#position').addEventListener('click', () => {
  if (!navigator.geolocation) {
    afficherErreur(t('recherche.position_refusee'));
    return;
  }
  annoncer(t('recherche.position_en_cours'));
  navigator.geolocation.getCurrentPosition(
    (pos) => {
      champ.value = '';
      point = { lat: pos.coords.latitude, lon: pos.coords.longitude, code: null, label: t('recherche.ma_position') };
      lancer(true);
    },
    () => afficherErreur(t('recherche.position_refusee')),
    { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
  );
});

$('#effacer-filtres').addEventListener('click', () => {
  const u = versUrl();
  for (const k of ['quand', 'jour', 'heure', ...OUI, ...Object.keys(LISTES), 'itinerance', 'mode']) u.delete(k);
  depuisUrl(u);
  if (point) lancer(true);
});
$('#recherche').addEventListener('change', compterFiltres);
// Choosing a day or a time means "at a given day and time".
for (const s of ['#jour', '#heure']) $(s).addEventListener('change', () => { $('#quand-jour').checked = true; compterFiltres(); });

window.addEventListener('popstate', () => {
  depuisUrl(new URLSearchParams(location.search));
  if (point) chercher(new URLSearchParams(location.search));
});

// ---- Results ---------------------------------------------------------------------------------

function annoncer(texte) {
  $('#etat').textContent = texte;
}

function afficherErreur(message) {
  const p = $('#erreur');
  p.textContent = t('commun.erreur', { message });
  p.hidden = false;
}

/** Puts the search in the URL (a new history entry when asked) and runs it. */
function lancer(nouvelle) {
  const u = versUrl();
  const url = `${location.pathname}?${u}`;
  if (nouvelle) history.pushState(null, '', url);
  else history.replaceState(null, '', url);
  return chercher(u);
}

async function chercher(u) {
  if (!point) return;
  $('#erreur').hidden = true;
  const numero = ++derniereDemande;
  annoncer(t('commun.chargement'));
  document.body.dataset.etat = 'recherche';
  try {
    const res = await getJson(`/api/places/nearest?${requeteApi(u)}`);
    if (numero !== derniereDemande) return;
    const mode = res.mode ?? u.get('mode') ?? 'car';
    const lieux = res.features
      .filter((f) => f.geometry)
      .sort((a, b) => (a.properties.duree_min ?? a.properties.distance_m) - (b.properties.duree_min ?? b.properties.distance_m)
        || a.properties.distance_m - b.properties.distance_m);
    afficherResultats(lieux, res.model, mode);
    document.title = `${point.label} — ${t('recherche.titre_page')}`;
    document.body.dataset.etat = 'resultats';
    afficherPassages(numero);
    await dessinerCarte(lieux);
  } catch (e) {
    if (numero !== derniereDemande) return;
    annoncer('');
    afficherErreur(e.message);
    document.body.dataset.etat = 'erreur';
  }
}

function afficherResultats(lieux, modele, mode) {
  const lieu = point.label;
  $('#titre-resultats').textContent = t('recherche.resultats_de', { lieu });
  annoncer(
    lieux.length === 0
      ? t('recherche.aucun_resultat', { lieu })
      : lieux.length === 1
        ? t('recherche.un_resultat', { lieu })
        : t('recherche.n_resultats', { n: lieux.length, lieu }),
  );
  const u = new URLSearchParams(location.search);
  const quandP = $('#ouverture-a');
  quandP.hidden = u.get('quand') !== 'jour';
  if (!quandP.hidden) {
    quandP.textContent = t('recherche.ouverture_a', {
      jour: listeTextes('recherche.jours')[Number(u.get('jour') ?? 6)] ?? '',
      heure: heureLisible(u.get('heure') ?? '10:00'),
    });
  }
  $('#filtres-choisis').textContent = resumeFiltres();
  $('#filtres-choisis').hidden = !$('#filtres-choisis').textContent;
  const modeleP = $('#modele');
  modeleP.hidden = !modele;
  modeleP.textContent = modele === 'road' ? t('recherche.modele_route') : t('recherche.modele_vol');

  // The chosen commune has no place: say so, and where the nearest are.
  const rien = $('#rien-ici');
  const code = point.code;
  const dansCommune = lieux.some((f) => (f.properties.commune_localisee ?? f.properties.code_insee) === code);
  rien.hidden = !code || dansCommune || lieux.length === 0;
  if (!rien.hidden) {
    // One mention per commune (the same commune is spelt several ways in the data).
    const proches = [];
    for (const f of lieux) {
      const cle = f.properties.commune_localisee ?? f.properties.code_insee ?? communeDuLieu(f.properties);
      // The trip's distance, as the result itself says it (the straight line without a trip).
      const m = f.properties.distance_trajet_m ?? f.properties.distance_m;
      if (!proches.some((p) => p.cle === cle)) proches.push({ cle, nom: communeDuLieu(f.properties), m });
      if (proches.length === 3) break;
    }
    rien.textContent = t('recherche.rien_dans_commune', {
      commune: communeDuPoint(),
      proches: proches.map((p) => `${p.nom} (${distance(p.m)})`).join(', '),
    });
  }

  const ol = $('#liste');
  ol.replaceChildren(...lieux.map((f, i) => resultat(f, i + 1, mode)));

  const liens = $('#liens-resultats');
  liens.hidden = false;
  const annuaire = $('#lien-annuaire');
  annuaire.hidden = !code;
  if (code) {
    annuaire.href = avecLangue(`/communes/${encodeURIComponent(code)}/annuaire`);
    annuaire.textContent = t('recherche.annuaire', { commune: communeDuPoint() });
  }
  const complet = `/recherche?${versUrl()}`;
  $('#lien-complet').href = complet;
  $('#code-integration').value =
    `<iframe src="${location.origin}/embed?${versUrl()}" title="${t('recherche.titre')}" width="100%" height="720" style="border:0"></iframe>`;
}

/** The next visit of each stop of mobile units near the search point, nearest stops' rhythm
 * in words, above the places (none: hidden). */
async function afficherPassages(numero) {
  const section = $('#passages');
  delete document.body.dataset.passages;
  try {
    const res = await getJson(`/api/visits/next?lat=${point.lat}&lon=${point.lon}&radius_km=${PASSAGES_KM}&days=${PASSAGES_JOURS}&limit=60`);
    if (numero !== derniereDemande) return;
    const prochains = [];
    for (const v of res.visits) {
      if (!prochains.some((p) => p.stop.id === v.stop.id && p.unit.id === v.unit.id)) prochains.push(v);
    }
    prochains.sort((a, b) => a.distance_m - b.distance_m || a.starts_at.localeCompare(b.starts_at));
    const montres = prochains.slice(0, NB_ARRETS).sort((a, b) => a.starts_at.localeCompare(b.starts_at));
    section.hidden = montres.length === 0;
    $('#passages-intro').textContent = t('passages.intro', { km: PASSAGES_KM, jours: PASSAGES_JOURS });
    $('#liste-passages').replaceChildren(...montres.map((v) => passage(v, { avecRythme: true })));
  } catch {
    section.hidden = true; // the places are the answer; the visits are a complement
  }
  document.body.dataset.passages = section.hidden ? 'aucun' : 'prets';
}

/** The filters chosen, in the words of their labels: "Filtres choisis : Gratuit, samedi à 10 h." */
function resumeFiltres() {
  const mots = [];
  const quand = $('#recherche').elements.quand.value;
  if (quand === 'maintenant') mots.push(t('recherche.f_quand_maintenant'));
  if (quand === 'jour') {
    mots.push(t('recherche.jour_heure', {
      jour: listeTextes('recherche.jours')[Number($('#jour').value)],
      heure: heureLisible($('#heure').value || '10:00'),
    }));
  }
  for (const c of document.querySelectorAll('#filtres input[type="checkbox"]:checked')) {
    mots.push(document.querySelector(`label[for="${c.id}"]`).textContent.replace(/\s*\(.*\)$/, ''));
  }
  const itin = document.querySelector('input[name="itinerance"]:checked');
  if (itin?.value) mots.push(document.querySelector(`label[for="${itin.id}"]`).textContent);
  return mots.length ? t('recherche.filtres_choisis', { liste: mots.join(', ') }) : '';
}

/** "10 h", "14 h 30" in French; "10 am", "2:30 pm" in English, as the places' hours. */
const heureLisible = heureDuJour;

/** The commune of the search point in words: "Salers" from "Salers (15140)". */
function communeDuPoint() {
  return point.label.replace(/\s*\(\d{5}\)\s*$/, '');
}

/** A commune name as people write it ("Mauriac", not "MAURIAC" nor "mauriac"). */
function communeDuLieu(p) {
  const c = (p.commune ?? '').trim();
  if (c !== c.toUpperCase() && c !== c.toLowerCase()) return c;
  return c.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (m, sep, l) => sep + l.toUpperCase());
}

/** One result: name and link to its sheet, kind, travel, opening, address, access, phone, price. */
function resultat(f, numero, mode) {
  const p = f.properties;
  const li = el('li', undefined, 'resultat');
  li.id = `resultat-${numero}`;
  li.dataset.id = p.id;
  li.dataset.dureeMin = p.duree_min ?? '';
  li.dataset.distanceM = p.distance_m ?? '';
  const article = el('article');
  article.setAttribute('aria-labelledby', `nom-${numero}`);
  const h3 = el('h3');
  h3.id = `nom-${numero}`;
  h3.append(el('span', `${numero}`, 'numero'), document.createTextNode(' '));
  const lien = el('a', nomAffiche(p), 'nom');
  lien.href = avecLangue(`/lieux/${encodeURIComponent(p.id)}`);
  if (EMBED) lien.target = '_blank';
  h3.append(lien);
  article.append(h3);
  article.append(el('p', genres(p).join(' · '), 'genre'));
  article.append(el('p', trajet(p, mode), 'trajet'));
  const o = ouverture(p);
  if (o) {
    const po = el('p', undefined, 'ligne-ouverture');
    po.append(o);
    article.append(po);
  }
  article.append(el('p', adresse(p), 'adresse'));
  const pa = el('p', undefined, 'acces');
  acces(p).forEach((m, i) => {
    if (i) pa.append(document.createTextNode(' · '));
    pa.append(m);
  });
  const tel = lienTelephone(p);
  if (tel) pa.append(document.createTextNode(' · '), el('span', `${t('lieu.telephone')}${t('commun.deux_points')}`), tel);
  article.append(pa);
  article.append(el('p', frais(p), 'frais'));
  const vieux = ancienne(p);
  if (vieux) article.append(vieux);
  const actions = el('p', undefined, 'actions');
  const voir = el('button', t('recherche.voir_carte'), 'voir-carte');
  voir.type = 'button';
  voir.setAttribute('aria-describedby', `nom-${numero}`);
  voir.addEventListener('click', () => montrerSurCarte(numero, true));
  actions.append(voir);
  article.append(actions);
  li.append(article);
  return li;
}

// ---- The map (loaded after the list) --------------------------------------------------------

let carte = null;
let marqueurs = [];
let chargementCarte = null;

function chargerMapLibre() {
  chargementCarte ??= new Promise((ok, echec) => {
    const css = el('link');
    css.rel = 'stylesheet';
    css.href = '/vendor/maplibre-gl/maplibre-gl.css';
    document.head.append(css);
    const s = el('script');
    s.src = '/vendor/maplibre-gl/maplibre-gl.js';
    s.onload = () => ok(window.maplibregl);
    s.onerror = () => echec(new Error('MapLibre'));
    document.head.append(s);
  });
  return chargementCarte;
}

const STYLE = {
  version: 8,
  sources: {},
  layers: [{ id: 'fond', type: 'background', paint: { 'background-color': '#eef2f4' } }],
};

async function dessinerCarte(lieux) {
  const section = document.querySelector('.carte');
  section.hidden = false;
  const maplibregl = await chargerMapLibre();
  if (!carte) {
    carte = new maplibregl.Map({
      container: 'map',
      style: STYLE,
      center: [point.lon, point.lat],
      zoom: 10,
      attributionControl: { compact: true, customAttribution: 'IGN, INSEE · lieux de médiation numérique' },
      cooperativeGestures: EMBED,
    });
    carte.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    carte.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
    window.maillageMap = carte;
    await new Promise((ok) => carte.once('load', ok));
    carte.addSource('commune', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
    carte.addLayer({ id: 'commune-fond', type: 'fill', source: 'commune', paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.8 } });
    ajouterRoutes(carte);
    carte.addLayer({ id: 'commune-contour', type: 'line', source: 'commune', paint: { 'line-color': '#1d2429', 'line-width': 2, 'line-dasharray': [2, 1] } });
  }
  for (const m of marqueurs) m.remove();
  marqueurs = [];

  const ici = el('span', undefined, 'marqueur-ici');
  ici.setAttribute('role', 'img');
  ici.setAttribute('aria-label', point.label);
  ici.title = point.label;
  marqueurs.push(new maplibregl.Marker({ element: ici }).setLngLat([point.lon, point.lat]).addTo(carte));

  lieux.forEach((f, i) => {
    const numero = i + 1;
    const b = el('button', String(numero), `marqueur-lieu${f.properties.france_services ? ' france-services' : ''}${f.properties.mobile ? ' mobile' : ''}`);
    b.type = 'button';
    b.dataset.numero = String(numero);
    b.setAttribute('aria-label', t('recherche.marqueur', { numero, nom: nomAffiche(f.properties) }));
    b.title = nomAffiche(f.properties);
    b.addEventListener('click', (e) => {
      e.stopPropagation();
      allerAuResultat(numero);
    });
    marqueurs.push(new maplibregl.Marker({ element: b }).setLngLat(f.geometry.coordinates).addTo(carte));
  });
  marqueursLieux = marqueurs.slice(1);
  if (!ecartementBranche) {
    carte.on('zoom', ecarterMarqueurs);
    ecartementBranche = true;
  }

  etiquettes(lieux, maplibregl);

  // The chosen commune's outline, when the search is a commune.
  let contour = { type: 'FeatureCollection', features: [] };
  if (point.code) {
    try {
      contour = await getJson(`/api/communes/${encodeURIComponent(point.code)}`);
    } catch {
      // no outline: the map still shows the places
    }
  }
  carte.getSource('commune').setData(contour);

  const b = new maplibregl.LngLatBounds([point.lon, point.lat], [point.lon, point.lat]);
  for (const f of lieux) b.extend(f.geometry.coordinates);
  carte.resize();
  carte.fitBounds(b, { padding: 50, maxZoom: 14, animate: false });
  ecarterMarqueurs();
  await new Promise((ok) => (carte.loaded() ? ok() : carte.once('idle', ok)));
  document.body.dataset.carte = 'prete';
}

// Town names drawn from our own data (no tiles, no fonts): the main towns of the départements
// of the results, and the communes of the results. Decorative: the list says it all in words.
const communesParDepartement = new Map();
let etiquettesPosees = [];

async function etiquettes(lieux, maplibregl) {
  const departements = new Set(lieux.map((f) => f.properties.departement).filter(Boolean));
  const dansResultats = new Set(lieux.map((f) => f.properties.commune_localisee).filter(Boolean));
  if (point.code) dansResultats.add(point.code);
  const noms = [];
  for (const d of departements) {
    if (!communesParDepartement.has(d)) {
      communesParDepartement.set(d, getJson(`/api/communes?departement=${encodeURIComponent(d)}&geometry=point`).catch(() => ({ features: [] })));
    }
    const communes = await communesParDepartement.get(d);
    for (const c of communes.features) {
      const p = c.properties;
      if (c.geometry && ((p.population ?? 0) >= 3000 || dansResultats.has(p.code))) noms.push(c);
    }
  }
  for (const m of etiquettesPosees) m.remove();
  etiquettesPosees = noms.map((c) => {
    const e = el('span', c.properties.nom, `etiquette-commune${c.properties.code === point.code ? ' choisie' : ''}`);
    e.setAttribute('aria-hidden', 'true');
    return new maplibregl.Marker({ element: e, anchor: 'top', offset: [0, 6] }).setLngLat(c.geometry.coordinates).addTo(carte);
  });
}

// Places a few metres apart (a town hall and its library) would hide each other's markers at
// most zooms: markers closer on screen than one marker's width are set on a small circle around
// their middle, so that each stays visible and can be clicked. Recomputed as the map zooms.
let marqueursLieux = [];
let ecartementBranche = false;

function ecarterMarqueurs() {
  if (!carte || marqueursLieux.length === 0) return;
  const pas = marqueursLieux[0].getElement().offsetWidth + 6;
  const points = marqueursLieux.map((m) => carte.project(m.getLngLat()));
  // Groups of markers linked by overlaps (union–find).
  const parent = points.map((_, i) => i);
  const racine = (i) => (parent[i] === i ? i : (parent[i] = racine(parent[i])));
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (Math.hypot(points[i].x - points[j].x, points[i].y - points[j].y) < pas) parent[racine(j)] = racine(i);
    }
  }
  const groupes = new Map();
  points.forEach((_, i) => {
    const r = racine(i);
    if (!groupes.has(r)) groupes.set(r, []);
    groupes.get(r).push(i);
  });
  for (const membres of groupes.values()) {
    if (membres.length === 1) {
      marqueursLieux[membres[0]].setOffset([0, 0]);
      continue;
    }
    const cx = membres.reduce((a, i) => a + points[i].x, 0) / membres.length;
    const cy = membres.reduce((a, i) => a + points[i].y, 0) / membres.length;
    // Neighbours on the circle one marker width apart, in the list's order from the top.
    const rayon = pas / (2 * Math.sin(Math.PI / membres.length));
    membres.forEach((i, k) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * k) / membres.length;
      marqueursLieux[i].setOffset([cx + rayon * Math.cos(angle) - points[i].x, cy + rayon * Math.sin(angle) - points[i].y]);
    });
  }
}

/** From a marker to its result: scrolls to it, outlines it and moves the focus to its name. */
function allerAuResultat(numero) {
  document.querySelectorAll('.resultat.choisi').forEach((r) => r.classList.remove('choisi'));
  const li = document.getElementById(`resultat-${numero}`);
  li.classList.add('choisi');
  li.scrollIntoView({ block: 'nearest' });
  li.querySelector('a.nom').focus();
}

/** From a result to its marker: centres the map on it and moves the focus to it. */
function montrerSurCarte(numero, focus) {
  const m = marqueurs.find((mk) => mk.getElement().dataset.numero === String(numero));
  if (!m || !carte) return;
  document.querySelectorAll('.marqueur-lieu.choisi').forEach((e) => e.classList.remove('choisi'));
  m.getElement().classList.add('choisi');
  carte.easeTo({ center: m.getLngLat(), zoom: Math.max(carte.getZoom(), 12) });
  document.querySelector('.carte').scrollIntoView({ block: 'nearest' });
  if (focus) m.getElement().focus();
}

// ---- Start -----------------------------------------------------------------------------------

function remplirFiltres() {
  for (const [nom, valeurs] of Object.entries(LISTES)) {
    const fs = document.getElementById(`f-${nom}`);
    valeurs.forEach((v, i) => {
      const div = el('div', undefined, 'choix');
      const c = el('input');
      c.type = 'checkbox';
      c.name = nom;
      c.value = v;
      c.id = `${nom}-${i}`;
      const l = el('label', vocab(v));
      l.htmlFor = c.id;
      div.append(c, l);
      fs.append(div);
    });
  }
  const jours = listeTextes('recherche.jours');
  // Monday first, as French calendars.
  for (const j of [1, 2, 3, 4, 5, 6, 0]) {
    const o = el('option', jours[j]);
    o.value = String(j);
    $('#jour').append(o);
  }
  $('#jour').value = '6';
}

async function demarrer() {
  try {
    await chargerTextes();
  } catch (e) {
    afficherErreur(e.message);
    return;
  }
  remplirFiltres();
  const u = new URLSearchParams(location.search);
  depuisUrl(u);
  if (LANGUE !== 'fr' || u.toString()) {
    // The other language keeps the search.
    const autre = new URLSearchParams(u);
    if (LANGUE === 'fr') autre.set('lang', 'en');
    else autre.delete('lang');
    $('#autre-langue').href = `${location.pathname}?${autre}`;
  }
  document.body.dataset.pret = 'true';
  if (point) {
    await chercher(u);
  } else if (champ.value.trim().length >= 2) {
    // A shared link with only the text (`/recherche?q=Salers`): the best match is searched.
    const res = await proposer();
    fermerSuggestions();
    // The commune the link names by its code (`&code=15219`, as the printed directory writes
    // it), else the best match that is not a place.
    const code = u.get('code');
    const premier = (code && res.find((f) => f.geometry && f.properties.code_insee === code && f.properties.kind === 'commune'))
      ?? res.find((f) => f.geometry && f.properties.kind !== 'place');
    if (premier) {
      const [lon, lat] = premier.geometry.coordinates;
      champ.value = premier.properties.label;
      point = { lat, lon, code: premier.properties.code_insee ?? null, label: premier.properties.label };
      await lancer(false);
    }
  }
}

demarrer();
