// The place sheet (/lieux/{id}): every field of the standard in plain words, the week's hours
// as a table, how to get in, accessibility, services, audiences, last update and source.

import { LANGUE, avecLangue, chargerTextes, date, el, t, vocab } from './textes.js';
import { acces, adresse, ancienne, frais, genres, lienTelephone, nomAffiche, ouverture } from './lieu-resume.js';
import { passage } from './passages.js';

const $ = (s) => document.querySelector(s);
const id = decodeURIComponent(location.pathname.replace(/^\/lieux\//, '').replace(/\/$/, ''));

function lien(texte, href) {
  const a = el('a', texte);
  a.href = href;
  if (/^https?:/.test(href)) a.rel = 'noopener';
  return a;
}

/** "16 h 30", "1:30 pm" kept on one line. */
function insecables(texte) {
  return texte.replace(/(\d) (h|am|pm)\b/g, '$1\u00a0$2').replace(/\bh (\d\d)/g, 'h\u00a0$1');
}

/** One link, a list of links, or null when there is none. */
function liens(paires) {
  if (paires.length === 0) return null;
  if (paires.length === 1) return lien(...paires[0]);
  const ul = el('ul');
  for (const [texte, href] of paires) {
    const li = el('li');
    li.append(lien(texte, href));
    ul.append(li);
  }
  return ul;
}

/** A list of values in words, or "non renseigné". */
function valeurs(liste, traduire = vocab) {
  if (!liste || liste.length === 0) return null;
  if (liste.length === 1) return traduire(liste[0]);
  const ul = el('ul');
  for (const v of liste) ul.append(el('li', traduire(v)));
  return ul;
}

/** A <dl> of the rows whose value is given (text, element or null for "not given"). */
function rubriques(lignes) {
  const dl = el('dl');
  for (const [terme, valeur] of lignes) {
    dl.append(el('dt', terme));
    const dd = el('dd');
    if (valeur instanceof Node) dd.append(valeur);
    else if (valeur) dd.textContent = valeur;
    else {
      dd.textContent = t('commun.non_renseigne');
      dd.className = 'non-renseigne';
    }
    dl.append(dd);
  }
  return dl;
}

function section(titre, ...contenu) {
  const s = el('section');
  const h = el('h2', titre);
  h.id = `titre-${titre.toLowerCase().normalize('NFD').replace(/[^a-z]+/g, '-')}`;
  s.setAttribute('aria-labelledby', h.id);
  s.append(h, ...contenu);
  return s;
}

/** The week's hours as a table (one row per day, today outlined), or the raw text with a warning. */
function horaires(p) {
  const lignes = p.horaires_texte?.[LANGUE] ?? p.horaires_texte?.fr;
  if (lignes?.length) {
    const table = el('table', undefined, 'horaires');
    const cap = el('caption', t('lieu.horaires'), 'visuellement-cache');
    const thead = el('thead');
    const tr = el('tr');
    for (const h of [t('lieu.horaires_jour'), t('lieu.horaires_heures')]) {
      const th = el('th', h);
      th.scope = 'col';
      tr.append(th);
    }
    thead.append(tr);
    const tbody = el('tbody');
    const aujourdhui = new Date().toLocaleDateString(LANGUE === 'en' ? 'en-GB' : 'fr-FR', { weekday: 'long' }).toLowerCase();
    for (const ligne of lignes) {
      const i = ligne.indexOf(':');
      const jour = i > 0 ? ligne.slice(0, i).trim() : ligne;
      const heures = i > 0 ? ligne.slice(i + 1).trim() : '';
      const r = el('tr');
      if (jour.toLowerCase() === aujourdhui) r.className = 'aujourdhui';
      const th = el('th', jour);
      th.scope = 'row';
      r.append(th, el('td', insecables(heures)));
      tbody.append(r);
    }
    table.append(cap, thead, tbody);
    // Seven lines: the rule says nothing of public holidays (an eighth line tells them).
    return lignes.length > 7 ? [table] : [table, el('p', t('lieu.feries'), 'feries')];
  }
  const brut = p.horaires_invalides ?? (p.horaires_texte === undefined ? p.horaires : null);
  if (brut) return [el('p', t('lieu.horaires_invalides')), el('p', brut, 'brut')];
  return [el('p', t('lieu.horaires_aucun'))];
}

function afficher(f) {
  const p = f.properties;
  const nom = nomAffiche(p);
  document.title = t('lieu.titre_page', { nom });
  const main = $('#contenu');
  main.replaceChildren();

  main.append(el('h1', nom), el('p', genres(p).join(' · '), 'genre'));

  // The essentials first: open now, address, phone, how to get in, price.
  const resume = el('div', undefined, 'resume-fiche');
  const o = ouverture(p);
  if (o) {
    const po = el('p');
    po.append(o);
    resume.append(po);
  }
  resume.append(el('p', adresse(p), 'adresse'));
  const tel = lienTelephone(p);
  if (tel) {
    const pt = el('p');
    pt.append(el('span', `${t('lieu.telephone')}${t('commun.deux_points')}`), tel);
    resume.append(pt);
  }
  const pa = el('p', undefined, 'acces');
  acces(p).forEach((m, i) => {
    if (i) pa.append(document.createTextNode(' · '));
    pa.append(m);
  });
  resume.append(pa, el('p', frais(p), 'frais'));
  const vieux = ancienne(p);
  if (vieux) resume.append(vieux);
  main.append(resume);

  main.append(section(t('lieu.horaires'), ...horaires(p)));
  const passages = el('div');
  main.append(passages);
  prochainsPassages(passages);

  const [lon, lat] = f.geometry?.coordinates ?? [p.longitude, p.latitude];
  const autour = lat != null && lon != null
    ? lien(t('lieu.voir_sur_recherche'), avecLangue(`/recherche?lat=${lat}&lon=${lon}&q=${encodeURIComponent(p.commune ?? '')}${p.code_insee ? `&code=${p.code_insee}` : ''}`))
    : null;
  main.append(section(t('lieu.venir'), rubriques([
    [t('lieu.adresse'), adresse(p)],
    [t('lieu.position'), lat != null ? `${lat}, ${lon}` : null],
    [t('lieu.modalites_acces'), valeurs(p.modalites_acces)],
    [t('lieu.rdv'), p.prise_rdv && /^https?:\/\//.test(p.prise_rdv) ? lien(t('lieu.rdv_en_ligne'), p.prise_rdv) : p.prise_rdv],
  ]), ...(autour ? [el('p')] : [])));
  if (autour) main.lastChild.lastChild.append(autour);

  const courriels = liens((p.courriels ?? []).map((c) => [c, `mailto:${c}`]));
  const siteListe = liens((p.site_web ?? []).filter((u) => /^https?:\/\//.test(u)).map((u) => [u, u]));
  main.append(section(t('lieu.contact'), rubriques([
    [t('lieu.telephone'), lienTelephone(p)],
    [t('lieu.courriels'), courriels],
    [t('lieu.site'), siteListe],
  ])));

  main.append(section(t('lieu.accessibilite'), p.fiche_acces_libre && /^https?:\/\//.test(p.fiche_acces_libre)
    ? (() => { const pp = el('p'); pp.append(lien(t('lieu.accessibilite_lien'), p.fiche_acces_libre)); return pp; })()
    : el('p', t('lieu.accessibilite_aucune'))));

  const presentation = [p.presentation_resume, p.presentation_detail].filter(Boolean);
  main.append(section(t('lieu.a_propos'),
    ...presentation.map((x) => el('p', x)),
    rubriques([
      [t('lieu.services'), valeurs(p.services)],
      [t('lieu.publics'), valeurs(p.publics_specifiquement_adresses) ?? t('lieu.publics_tous')],
      [t('lieu.prise_en_charge'), valeurs(p.prise_en_charge_specifique)],
      [t('lieu.accompagnement'), valeurs(p.modalites_accompagnement)],
      [t('lieu.frais'), valeurs(p.frais_a_charge)],
      [t('lieu.itinerance'), valeurs(p.itinerance)],
      [t('lieu.dispositifs'), valeurs(p.dispositif_programmes_nationaux)],
      [t('lieu.formations'), valeurs([...(p.formations_labels ?? []), ...(p.autres_formations_labels ?? [])])],
      [t('lieu.typologie'), valeurs(p.typologie, (c) => t(`typologie.${c}`) === `typologie.${c}` ? c : t(`typologie.${c}`))],
      [t('lieu.structure_parente'), p.structure_parente],
    ])));

  const sources = [p.source, ...(p.sources ?? []).map((s) => s.dataset)].filter(Boolean);
  main.append(section(t('lieu.a_propos_infos'), rubriques([
    [t('lieu.mise_a_jour'), p.date_maj ? date(p.date_maj) : null],
    [t('lieu.source'), valeurs([...new Set(sources)], (x) => x)],
    [t('lieu.identifiant'), p.id],
    [t('lieu.pivot'), p.pivot],
    [t('lieu.code_insee'), p.code_insee],
  ]), ...(vieux ? [vieux.cloneNode(true)] : [])));
  document.body.dataset.pret = 'true';
}

const PASSAGES_JOURS = 60;

/** A mobile place's next visits: those of the mobile units it stands for (none: nothing). */
async function prochainsPassages(conteneur) {
  try {
    const r = await fetch(`/api/units?place=${encodeURIComponent(id)}`);
    const unites = r.ok ? (await r.json()).units : [];
    for (const u of unites) {
      const rv = await fetch(`/api/units/${encodeURIComponent(u.id)}/visits?days=${PASSAGES_JOURS}&limit=8`);
      const visites = rv.ok ? (await rv.json()).visits : [];
      const ul = el('ul', undefined, 'liste-passages');
      ul.append(...visites.map((v) => passage(v, { unite: false })));
      const ics = lien(t('passages.calendrier', { unite: u.name }), `/api/units/${encodeURIComponent(u.id)}/visits.ics`);
      const pi = el('p');
      pi.append(ics);
      conteneur.append(section(unites.length > 1 ? `${t('passages.fiche_titre')} — ${u.name}` : t('passages.fiche_titre'),
        el('p', visites.length ? t('passages.fiche_intro') : t('passages.aucun', { jours: PASSAGES_JOURS })),
        ...(visites.length ? [ul] : []), pi));
    }
  } catch {
    // the sheet stands without the visits
  }
  document.body.dataset.passages = 'prets';
}

async function demarrer() {
  try {
    await chargerTextes();
    const r = await fetch(`/api/places/${encodeURIComponent(id)}`);
    if (r.status === 404) {
      $('#etat').textContent = '';
      document.title = t('lieu.introuvable');
      $('#contenu').append(el('h1', t('lieu.introuvable')));
      document.body.dataset.pret = 'introuvable';
      return;
    }
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    afficher(await r.json());
  } catch (e) {
    $('#etat').textContent = '';
    const err = $('#erreur');
    err.textContent = t('commun.erreur', { message: e.message });
    err.hidden = false;
    document.body.dataset.pret = 'erreur';
  }
  // The way back keeps the search the resident came from.
  const venu = document.referrer && new URL(document.referrer);
  if (venu && venu.origin === location.origin && /^\/(recherche|embed)/.test(venu.pathname)) {
    $('#retour').href = venu.pathname.replace(/^\/embed/, '/recherche') + venu.search;
  } else {
    $('#retour').href = avecLangue('/recherche');
  }
  const autre = new URLSearchParams(location.search);
  if (LANGUE === 'fr') autre.set('lang', 'en');
  else autre.delete('lang');
  $('#autre-langue').href = `${location.pathname}${autre.toString() ? `?${autre}` : ''}`;
}

demarrer();
