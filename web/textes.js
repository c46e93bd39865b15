// The interface's texts: one file per language (web/i18n/fr.json, en.json), the same files the
// server fills the pages' HTML from. The language is the page's <html lang>, set by the server
// from `?lang=`.

export const LANGUE = document.documentElement.lang === 'en' ? 'en' : 'fr';

let textes = null;

/** Loads the texts of the page's language once. */
export async function chargerTextes() {
  if (!textes) {
    const r = await fetch(`/i18n/${LANGUE}.json`);
    if (!r.ok) throw new Error(`/i18n/${LANGUE}.json: HTTP ${r.status}`);
    textes = await r.json();
  }
  return textes;
}

/** The text at `cle` ("lieu.ouvert"), with `{name}` replaced by `valeurs.name`. */
export function t(cle, valeurs = {}) {
  let v = textes;
  for (const partie of cle.split('.')) v = v?.[partie];
  if (typeof v !== 'string') return cle;
  return v.replace(/\{(\w+)\}/g, (m, nom) => (nom in valeurs ? String(valeurs[nom]) : m));
}

/** A list of texts (days of the week…). */
export function liste(cle) {
  let v = textes;
  for (const partie of cle.split('.')) v = v?.[partie];
  return Array.isArray(v) ? v : [];
}

/** A value of the standard's vocabulary in plain words, or the value itself. */
export function vocab(valeur) {
  return textes?.vocab?.[valeur] ?? valeur;
}

const nombres = new Intl.NumberFormat(LANGUE === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 });
export const nombre = (n) => nombres.format(n);

/** "5,7 km", "800 m". */
export function distance(metres) {
  if (metres == null) return '';
  if (metres < 1000) return t('lieu.m', { n: nombre(Math.round(metres / 50) * 50 || 50) });
  return t('lieu.km', { n: nombre(metres < 10_000 ? Math.round(metres / 100) / 10 : Math.round(metres / 1000)) });
}

/** "12 min", "1 h 05". */
export function duree(minutes) {
  if (minutes == null) return '';
  const m = Math.max(1, Math.round(minutes));
  if (m < 60) return t('lieu.minutes', { n: m });
  return t('lieu.heures_minutes', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') });
}

/** A time of day as the hours in words write it: "10 h", "14 h 30"; "10 am", "2:30 pm". */
export function heureDuJour(hhmm) {
  const [h, m] = hhmm.split(':').map(Number);
  if (LANGUE === 'en') {
    const h12 = h % 12 || 12;
    const suffixe = h < 12 ? 'am' : 'pm';
    return m ? `${h12}:${String(m).padStart(2, '0')}\u00a0${suffixe}` : `${h12}\u00a0${suffixe}`;
  }
  return m ? `${h}\u00a0h\u00a0${String(m).padStart(2, '0')}` : `${h}\u00a0h`;
}

/** "1 décembre 2024". */
export function date(iso) {
  if (!iso) return '';
  const [a, m, j] = iso.slice(0, 10).split('-').map(Number);
  const texte = new Date(Date.UTC(a, m - 1, j)).toLocaleDateString(LANGUE === 'en' ? 'en-GB' : 'fr-FR', {
    day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
  });
  return LANGUE === 'fr' && j === 1 ? texte.replace(/^1 /, '1er ') : texte;
}

/** A URL of this site with the page's language kept. */
export function avecLangue(url) {
  if (LANGUE === 'fr') return url;
  return url + (url.includes('?') ? '&' : '?') + 'lang=' + LANGUE;
}

/** A DOM element with text content (never innerHTML: the data comes from outside). */
export function el(balise, texte, classe) {
  const e = document.createElement(balise);
  if (texte !== undefined && texte !== null) e.textContent = texte;
  if (classe) e.className = classe;
  return e;
}
