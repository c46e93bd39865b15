// The organisers' page (/tournees): pick a mobile unit, see its stops and each day's route on
// the map, its days and timetable as tables, what it adds to the coverage indicators, its
// calendar and CSV links; and plan new tours (POST /api/tours/plan) when the server offers it.
// The tables say everything the map shows; colours on the map are backed by dash patterns and
// by the legend's words.

import { chargerTextes, el, nombre, t } from './textes.js';
import { heure, nomJour, rythme } from './passages.js';
import { ajouterRoutes } from './carte-commune.js';

const $ = (s) => document.querySelector(s);
const JOURS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const COULEURS = ['#0b5cad', '#b3261e', '#1b7a3a', '#6b3fa0', '#8a4b00', '#00727a', '#4a4a4a'];
const TIRETS = [[1, 0], [4, 2], [1, 1.5], [6, 2, 1, 2], [3, 1], [1, 3], [2, 2]];
const STYLE = { version: 8, sources: {}, layers: [{ id: 'fond', type: 'background', paint: { 'background-color': '#eef2f4' } }] };
const VIDE = { type: 'FeatureCollection', features: [] };

let carte = null;
let etiquettes = [];

const heures = (s) => t('tournees.de_a', { debut: heure(s.start), fin: heure(s.end) });

async function getJson(url, options) {
  const r = await fetch(url, options);
  const corps = await r.json().catch(() => null);
  if (!r.ok) throw new Error(corps?.detail ?? `${url}: HTTP ${r.status}`);
  return corps;
}

function erreur(message, cible = '#erreur') {
  const p = $(cible);
  p.textContent = message ? t('commun.erreur', { message }) : '';
  p.hidden = !message;
}

// ---- Map -------------------------------------------------------------------------------------

async function preparerCarte() {
  const maplibregl = window.maplibregl;
  carte = new maplibregl.Map({
    container: 'map', style: STYLE, center: [2.5, 45.5], zoom: 6,
    attributionControl: { compact: true, customAttribution: 'IGN, INSEE · OpenStreetMap (routes)' },
  });
  carte.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  carte.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  window.maillageMap = carte;
  await new Promise((ok) => carte.once('load', ok));
  ajouterRoutes(carte);
  for (const source of ['routes', 'arrets', 'plan-routes', 'plan-arrets']) carte.addSource(source, { type: 'geojson', data: VIDE });
  JOURS.forEach((jour, i) => {
    carte.addLayer({
      id: `route-${jour}`, type: 'line', source: 'routes', filter: ['==', ['get', 'weekday'], jour],
      layout: { 'line-join': 'round', 'line-cap': 'butt' },
      paint: { 'line-color': COULEURS[i], 'line-width': 4, 'line-dasharray': TIRETS[i] },
    });
  });
  carte.addLayer({ id: 'plan-route', type: 'line', source: 'plan-routes', paint: { 'line-color': ['get', 'couleur'], 'line-width': 4, 'line-dasharray': [3, 1] } });
  carte.addLayer({ id: 'arrets', type: 'circle', source: 'arrets', paint: { 'circle-radius': 7, 'circle-color': '#ffffff', 'circle-stroke-color': '#1d2429', 'circle-stroke-width': 3 } });
  carte.addLayer({ id: 'plan-arrets', type: 'circle', source: 'plan-arrets', paint: { 'circle-radius': 6, 'circle-color': '#1d2429', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
}

/** Stop names as decorative labels (the tables carry them in words). */
function poserEtiquettes(points) {
  for (const m of etiquettes) m.remove();
  etiquettes = points.map(({ lonlat, texte, classe }) => {
    const e = el('span', texte, `etiquette-arret ${classe ?? ''}`);
    e.setAttribute('aria-hidden', 'true');
    return new window.maplibregl.Marker({ element: e, anchor: 'top', offset: [0, 8] }).setLngLat(lonlat).addTo(carte);
  });
}

function cadrer(coordonnees) {
  if (coordonnees.length === 0) return;
  const b = new window.maplibregl.LngLatBounds(coordonnees[0], coordonnees[0]);
  for (const c of coordonnees) b.extend(c);
  carte.resize();
  carte.fitBounds(b, { padding: 50, maxZoom: 13, animate: false });
}

function legende(jours) {
  $('#legende').replaceChildren(...jours.map((jour) => {
    const i = JOURS.indexOf(jour);
    const li = el('li');
    const trait = el('span', undefined, 'trait');
    trait.setAttribute('aria-hidden', 'true');
    trait.style.borderTopColor = COULEURS[i];
    trait.style.borderTopStyle = i === 0 ? 'solid' : 'dashed';
    li.append(trait, document.createTextNode(nomJour(jour)));
    return li;
  }));
}

// ---- One unit --------------------------------------------------------------------------------

function ligne(cellules, entete = 0) {
  const tr = el('tr');
  cellules.forEach((c, i) => {
    const cell = el(i < entete ? 'th' : 'td');
    if (i < entete) cell.scope = 'row';
    if (c instanceof Node) cell.append(c);
    else cell.textContent = c;
    tr.append(cell);
  });
  return tr;
}

function afficherJours(routes) {
  const jours = routes.features.map((f) => f.properties.weekday);
  const fs = $('#jours');
  const choix = [['', t('tournees.tous_les_jours')], ...jours.map((j) => [j, nomJour(j)])];
  fs.replaceChildren(fs.querySelector('legend'), ...choix.map(([valeur, texte], i) => {
    const d = el('div', undefined, 'choix');
    const input = el('input');
    Object.assign(input, { type: 'radio', name: 'jour', value: valeur, id: `jour-${valeur || 'tous'}`, checked: i === 0 });
    const label = el('label', texte);
    label.htmlFor = input.id;
    d.append(input, label);
    return d;
  }));
  $('#table-jours tbody').replaceChildren(...routes.features.map((f) => {
    const p = f.properties;
    const tr = ligne([nomJour(p.weekday), p.stops.map((s) => s.commune_name || s.name).join(' → '),
      t('tournees.minutes', { n: nombre(p.driving_minutes) }), t('tournees.km', { n: nombre(p.distance_km) }),
      t(`tournees.trace_${p.geometry_source}`)], 1);
    tr.dataset.jour = p.weekday;
    return tr;
  }));
  const sources = new Set(routes.features.map((f) => f.properties.geometry_source));
  $('#trace').textContent = routes.features.length === 0
    ? t('tournees.aucun_jour')
    : sources.size === 1 && sources.has('roads') ? t('tournees.trace_routes_aide') : t('tournees.trace_droit_aide');
  $('#horaires tbody').replaceChildren(...routes.features.flatMap((f) => f.properties.stops.map((s) => {
    const tr = ligne([nomJour(f.properties.weekday), heures(s), s.name, rythme(s.repeat, f.properties.weekday)], 1);
    tr.dataset.jour = f.properties.weekday;
    return tr;
  })));
  legende(jours);
}

/** Shows one day (or all) on the map and marks its rows in the tables. */
function montrerJour(jour) {
  for (const j of JOURS) carte.setLayoutProperty(`route-${j}`, 'visibility', !jour || j === jour ? 'visible' : 'none');
  document.querySelectorAll('tr[data-jour]').forEach((tr) => tr.classList.toggle('choisi', Boolean(jour) && tr.dataset.jour === jour));
}

async function afficherApport(id) {
  const div = $('#apport');
  div.replaceChildren(el('p', t('commun.chargement')));
  delete document.body.dataset.apport;
  try {
    const a = await getJson(`/api/units/${encodeURIComponent(id)}/coverage?minutes=30`);
    if ($('#unite').value !== id) return;
    const contenu = [];
    if (a.weekly_stops === 0) {
      contenu.push(el('p', t('tournees.apport_aucun_hebdo')));
    } else {
      const dl = el('dl', undefined, 'chiffres');
      for (const [terme, valeur] of [
        [t('tournees.apport_arrets'), nombre(a.weekly_stops)],
        [t('tournees.apport_gagnes', { minutes: a.minutes }), t('tournees.personnes', { n: nombre(a.population_gained) })],
        [t('tournees.apport_communes'), nombre(a.communes_gained)],
        [t('tournees.apport_avant_apres', { minutes: a.minutes }), `${nombre(a.population_within_before)} → ${nombre(a.population_within_after)}`],
      ]) dl.append(el('dt', terme), el('dd', valeur));
      contenu.push(dl);
      const gagnees = a.communes.filter((c) => c.within_after && !c.within_before);
      if (gagnees.length) {
        contenu.push(el('p', t('tournees.apport_liste', { liste: gagnees.map((c) => `${c.nom} (${nombre(c.population)})`).join(', ') })));
      }
      contenu.push(el('p', t(a.model === 'road' ? 'tournees.modele_route' : 'tournees.modele_vol'), 'aide'));
    }
    div.replaceChildren(...contenu);
  } catch (e) {
    div.replaceChildren(el('p', t('commun.erreur', { message: e.message }), 'erreur'));
  }
  document.body.dataset.apport = 'pret';
}

async function chargerUnite(id) {
  document.body.dataset.etat = 'chargement';
  erreur('');
  $('#etat').textContent = t('commun.chargement');
  const u = new URLSearchParams(location.search);
  u.set('unite', id);
  history.replaceState(null, '', `${location.pathname}?${u}`);
  const autre = $('#autre-langue');
  autre.href = `/tournees?lang=${autre.hreflang}&unite=${encodeURIComponent(id)}`;
  try {
    const [unite, routes] = await Promise.all([
      getJson(`/api/units/${encodeURIComponent(id)}`),
      getJson(`/api/units/${encodeURIComponent(id)}/routes.geojson`),
    ]);
    if ($('#unite').value !== id) return;
    const s = unite.summary;
    $('#titre-unite').textContent = s.name;
    $('#resume-unite').textContent = [
      unite.unit.operator, unite.unit.vehicle && t('tournees.vehicule', { v: unite.unit.vehicle }),
      t('tournees.nb_arrets', { n: s.stops }), s.france_services ? 'France Services' : null, unite.unit.phone,
    ].filter(Boolean).join(' · ');
    const base = `/api/units/${encodeURIComponent(id)}`;
    $('#lien-ics').href = `${base}/visits.ics`;
    $('#lien-csv').href = `${base}/timetable.csv`;
    $('#lien-geojson').href = `${base}/routes.geojson`;
    afficherJours(routes);
    $('#fiche-unite').hidden = false;

    carte.getSource('routes').setData(routes);
    carte.getSource('arrets').setData(unite.stops);
    montrerJour('');
    const points = unite.stops.features.map((f) => ({ lonlat: f.geometry.coordinates, texte: f.properties.name }));
    if (unite.unit.depot) points.push({ lonlat: unite.unit.depot, texte: t('tournees.depot'), classe: 'depot' });
    poserEtiquettes(points);
    cadrer([...points.map((p) => p.lonlat), ...routes.features.flatMap((f) => f.geometry.coordinates)]);
    $('#etat').textContent = t('tournees.unite_chargee', { nom: s.name, n: routes.features.length });
    document.body.dataset.etat = 'pret';
    afficherApport(id);
  } catch (e) {
    erreur(e.message);
    $('#etat').textContent = '';
    document.body.dataset.etat = 'erreur';
  }
}

// ---- Planning new tours ----------------------------------------------------------------------

const COULEURS_PLAN = ['#b3261e', '#0b5cad', '#1b7a3a', '#6b3fa0', '#8a4b00'];

function afficherPlan(plan) {
  const c = plan.coverage;
  const dl = $('#gain-plan');
  dl.replaceChildren();
  for (const [terme, valeur] of [
    [t('tournees.plan_gagnes', { minutes: c.minutes }), t('tournees.personnes', { n: nombre(c.population_gained) })],
    [t('tournees.plan_avant_apres', { minutes: c.minutes }), `${nombre(c.population_before)} → ${nombre(c.population_after)}`],
    [t('tournees.plan_arrets'), nombre(plan.stops.length)],
    [t('tournees.plan_trajets'), t(`tournees.plan_source_${plan.travel.source}`)],
  ]) dl.append(el('dt', terme), el('dd', valeur));
  const lignes = [];
  const routes = [];
  plan.units.forEach((unite, i) => {
    for (const d of unite.days) {
      const jour = JOURS.find((j) => j.startsWith(d.weekday)) ?? d.weekday;
      const quand = t('tournees.semaine_jour', { semaine: d.week, jour: nomJour(jour) });
      routes.push({ type: 'Feature', geometry: d.route, properties: { couleur: COULEURS_PLAN[i % COULEURS_PLAN.length] } });
      d.visits.forEach((v, k) => lignes.push(ligne([unite.name, quand, heures(v), v.name,
        k === 0 ? t('tournees.minutes', { n: nombre(d.driving_minutes) }) : ''], 1)));
    }
  });
  $('#horaires-plan tbody').replaceChildren(...lignes);
  $('#ecartes-plan').replaceChildren(...(plan.left_out.length
    ? plan.left_out.map((s) => el('li', `${s.name} (${s.commune}) : ${s.reason}`))
    : [el('li', t('tournees.plan_aucun_ecarte'))]));
  $('#avertissements-plan').replaceChildren(...(plan.warnings ?? []).map((w) => el('li', w)));
  carte.getSource('plan-routes').setData({ type: 'FeatureCollection', features: routes });
  carte.getSource('plan-arrets').setData({ type: 'FeatureCollection', features: plan.stops.map((s) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: s.point }, properties: {} })) });
  poserEtiquettes(plan.stops.map((s) => ({ lonlat: s.point, texte: s.name, classe: 'plan' })));
  cadrer([...plan.stops.map((s) => s.point), ...plan.units.map((u) => u.depot)]);
  $('#resultat-plan').hidden = false;
}

async function planifier(e) {
  e.preventDefault();
  const f = e.target;
  erreur('', '#erreur-plan');
  if (!f.reportValidity()) return;
  const nombreDe = (nom) => Number(f.elements[nom].value);
  const demande = {
    departement: f.elements.departement.value.trim().toUpperCase(),
    units: nombreDe('units'), horizon_weeks: nombreDe('horizon_weeks'), frequency: f.elements.frequency.value,
    visit_minutes: nombreDe('visit_minutes'), minutes: nombreDe('minutes'),
  };
  $('#etat-plan').textContent = t('tournees.plan_en_cours');
  document.body.dataset.plan = 'calcul';
  try {
    const plan = await getJson('/api/tours/plan', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(demande) });
    afficherPlan(plan);
    $('#etat-plan').textContent = t('tournees.plan_fait', { n: plan.stops.length, personnes: nombre(plan.coverage.population_gained) });
    document.body.dataset.plan = 'pret';
  } catch (err) {
    $('#etat-plan').textContent = '';
    erreur(err.message, '#erreur-plan');
    document.body.dataset.plan = 'erreur';
  }
}

// ---- Start -----------------------------------------------------------------------------------

async function demarrer() {
  await chargerTextes();
  await preparerCarte();
  const [unites, api] = await Promise.all([getJson('/api/units'), getJson('/api/openapi.json').catch(() => null)]);
  // The planning form only where the server plans tours.
  if (api?.paths?.['/api/tours/plan']?.post) {
    $('#planifier').hidden = false;
    $('#form-plan').addEventListener('submit', planifier);
  }
  const liste = unites.units.slice().sort((a, b) => a.name.localeCompare(b.name));
  const select = $('#unite');
  select.replaceChildren(...liste.map((u) => {
    const o = el('option', `${u.name}${u.depot_commune ? ` (${u.depot_commune.slice(0, u.depot_commune.startsWith('97') ? 3 : 2)})` : ''}`);
    o.value = u.id;
    return o;
  }));
  if (liste.length === 0) {
    select.disabled = true;
    $('#etat').textContent = t('tournees.aucune_unite');
    document.body.dataset.etat = 'vide';
    return;
  }
  const voulue = new URLSearchParams(location.search).get('unite');
  select.value = liste.some((u) => u.id === voulue) ? voulue : liste[0].id;
  select.addEventListener('change', () => chargerUnite(select.value));
  $('#choix-unite').addEventListener('submit', (e) => e.preventDefault());
  $('#jours').addEventListener('change', (e) => montrerJour(e.target.value));
  await chargerUnite(select.value);
}

demarrer().catch((e) => {
  erreur(e.message);
  document.body.dataset.etat = 'erreur';
});
