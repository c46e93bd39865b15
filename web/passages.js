// The next visits of mobile units (buses, travelling help desks) in plain words: one list item
// per visit — day, date and hours, where, which unit and its phone. Shared by the search, the
// place sheet and the organiser's page; the visits come from /api/visits/next,
// /api/units/{id}/visits and /api/communes/{code}/visits.

import { LANGUE, distance, el, heureDuJour, t } from './textes.js';

/** "9 h", "14 h 30" in French; "9 am", "2:30 pm" in English, as the opening hours. */
export const heure = heureDuJour;

/** "mercredi 2 décembre" / "Wednesday 2 December", the year left out. */
export function jourDate(iso) {
  const [a, m, j] = iso.slice(0, 10).split('-').map(Number);
  const texte = new Date(Date.UTC(a, m - 1, j)).toLocaleDateString(LANGUE === 'en' ? 'en-GB' : 'fr-FR', {
    weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC',
  });
  return LANGUE === 'fr' && j === 1 ? texte.replace(/ 1 /, ' 1er ') : texte;
}

const JOURS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** "Lundi"… from the API's weekday name (`monday`). */
export const nomJour = (jour) => t(`passages.jours_noms.${jour}`);

/** "chaque semaine", "toutes les 2 semaines", "le 2e vendredi du mois"… from the schedule's
 * keyword (`weekly`, `every-2-weeks`, `monthly-2`…) and its weekday. */
export function rythme(repeat, jour) {
  const n = repeat.match(/^every-(\d+)-weeks$/);
  if (n) return t('passages.rythme_n_semaines', { n: n[1] });
  const m = repeat.match(/^monthly-(\d|last)$/);
  if (m) return t(m[1] === 'last' ? 'passages.rythme_dernier' : 'passages.rythme_mois', { n: m[1], jour: nomJour(jour).toLowerCase() });
  const cle = `passages.rythme_${repeat.replace('-', '_')}`;
  return t(cle) === cle ? repeat : t(cle);
}

/** The API's weekday name of a date `YYYY-MM-DD`. */
function jourDe(iso) {
  const [a, m, j] = iso.slice(0, 10).split('-').map(Number);
  return JOURS[(new Date(Date.UTC(a, m - 1, j)).getUTCDay() + 6) % 7];
}

/** A `tel:` link for a phone written the French way ("04 71 00 00 02"). */
export function lienTel(numero) {
  const a = el('a', numero);
  const chiffres = numero.replace(/[^\d+]/g, '');
  a.href = `tel:${chiffres.startsWith('0') ? `+33${chiffres.slice(1)}` : chiffres}`;
  return a;
}

/** One visit as a list item: when (bold), where, how far, its rhythm, the unit and its phone. */
export function passage(v, { unite = true, avecRythme = false } = {}) {
  const li = el('li', undefined, 'passage');
  const quand = t('passages.quand', { jour: jourDate(v.date), debut: heure(v.start), fin: heure(v.end) });
  li.append(el('strong', quand.charAt(0).toUpperCase() + quand.slice(1)), el('br'));
  li.append(el('span', v.stop.name, 'arret'));
  const details = [];
  if (v.distance_m != null) details.push(t('passages.distance', { distance: distance(v.distance_m) }));
  if (avecRythme) details.push(rythme(v.repeat, jourDe(v.date)));
  if (unite) details.push(v.unit.name);
  if (details.length) li.append(document.createTextNode(` · ${details.join(' · ')}`));
  if (unite && v.unit.phone) li.append(document.createTextNode(' · '), lienTel(v.unit.phone));
  return li;
}
