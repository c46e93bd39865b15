// A place's facts as a resident reads them, shared by the search results and the place sheet:
// kind, travel, opening now, how to get in, phone, price. Reads the API's fields (contract in
// the README's HTTP table): `nom_affiche`, `duree_min`, `ouverture`, `telephone_affiche`…

import { LANGUE, date, distance, duree, el, t, vocab } from './textes.js';

export const nomAffiche = (p) => p.nom_affiche || p.nom;

/** The kinds of a place in words: France Services, mobile, or a digital help place. */
export function genres(p) {
  const g = [];
  if (p.france_services) g.push(t('lieu.genre_france_services'));
  if (p.mobile) g.push(t('lieu.genre_mobile'));
  if (g.length === 0) g.push(t('lieu.genre_fixe'));
  return g;
}

/** "12 min en voiture · 7,4 km" (the trip's distance), or the distance alone without a time. */
export function trajet(p, mode) {
  const d = distance(p.distance_trajet_m ?? p.distance_m);
  if (p.duree_min == null) return d;
  return t('lieu.trajet', {
    duree: duree(p.duree_min),
    mode: t(mode === 'foot' ? 'lieu.a_pied' : 'lieu.en_voiture'),
    distance: d,
  });
}

/** Phone number written the French way ("04 71 69 20 32"), from the API or from `telephone`. */
export function telephoneAffiche(p) {
  if (p.telephone_affiche) return p.telephone_affiche;
  const brut = (p.telephone || '').replace(/[\s.-]/g, '');
  const m = brut.match(/^(?:\+33|0033)(\d{9})$/);
  const national = m ? `0${m[1]}` : brut;
  return /^0\d{9}$/.test(national) ? national.replace(/(\d\d)(?=\d)/g, '$1 ') : p.telephone || '';
}

/** A `tel:` link, or null when the place has no phone. */
export function lienTelephone(p) {
  if (!p.telephone) return null;
  const a = el('a', telephoneAffiche(p), 'telephone');
  a.href = `tel:${p.telephone.replace(/[^\d+]/g, '')}`;
  return a;
}

/**
 * Open now or not, in words with a symbol (never by colour alone): "✓ Ouvert jusqu'à 18 h",
 * "✕ Fermé · Ouvre lundi à 9 h". Null when the API says nothing about it.
 */
export function ouverture(p) {
  const o = p.ouverture;
  if (!o) return null;
  const texte = LANGUE === 'en' ? o.texte_en : o.texte_fr;
  const span = el('span', undefined, `ouverture ${o.etat}`);
  if (o.etat === 'ouvert') {
    span.append(el('span', '✓ ', 'symbole'), el('strong', texte || t('lieu.ouvert')));
  } else if (o.etat === 'ferme') {
    span.append(el('span', '✕ ', 'symbole'), el('strong', t('lieu.ferme')));
    if (texte) span.append(document.createTextNode(` · ${texte}`));
  } else {
    span.append(el('span', '? ', 'symbole'), document.createTextNode(texte || t('lieu.inconnu')));
  }
  span.querySelectorAll('.symbole').forEach((s) => s.setAttribute('aria-hidden', 'true'));
  return span;
}

/** How to get in: walk in, appointment by phone, online booking link. */
export function acces(p) {
  const morceaux = [];
  const m = p.modalites_acces ?? [];
  if (m.includes('Se présenter')) morceaux.push(el('span', t('lieu.sans_rdv')));
  if (p.prise_rdv && /^https?:\/\//.test(p.prise_rdv)) {
    const a = el('a', t('lieu.rdv_en_ligne'));
    a.href = p.prise_rdv;
    a.rel = 'noopener';
    morceaux.push(a);
  } else if (m.includes('Prendre un RDV en ligne')) {
    morceaux.push(el('span', vocab('Prendre un RDV en ligne')));
  }
  if (m.includes('Téléphoner') && !m.includes('Se présenter')) morceaux.push(el('span', t('lieu.rdv_telephone')));
  if (morceaux.length === 0) {
    // Nothing said: ask first, the way the place can be reached (no "call" without a phone).
    const courriel = (p.courriels ?? []).find((c) => c.includes('@'));
    if (p.telephone) morceaux.push(el('span', t('lieu.acces_inconnu')));
    else if (courriel) {
      const s = el('span', `${t('lieu.acces_inconnu_courriel')}${t('commun.deux_points')}`);
      const a = el('a', courriel, 'courriel');
      a.href = `mailto:${courriel}`;
      s.append(a);
      morceaux.push(s);
    } else morceaux.push(el('span', t('lieu.acces_inconnu_sans_contact')));
  }
  return morceaux;
}

/** Free or not, in words. */
export function frais(p) {
  const f = p.frais_a_charge ?? [];
  if (f.includes('Gratuit')) return t('lieu.gratuit');
  if (f.includes('Gratuit sous condition')) return t('lieu.gratuit_condition');
  if (f.includes('Payant')) return t('lieu.payant');
  return t('lieu.frais_inconnus');
}

/** "13 Rue du Bailliage, 15140 Saint-Martin-Valmeroux", without shouting capitals when the
 * API writes it (`adresse_affiche`). */
export function adresse(p) {
  if (p.adresse_affiche) return p.adresse_affiche;
  return [p.adresse, p.complement_adresse, `${p.code_postal ?? ''} ${p.commune ?? ''}`.trim()]
    .filter(Boolean)
    .join(', ');
}

/** The "old information" line when `date_maj` is over a year old, or null. */
export function ancienne(p) {
  const vieille = p.date_maj_ancienne ?? (p.date_maj && Date.now() - Date.parse(p.date_maj) > 365.25 * 864e5);
  if (!vieille) return null;
  return el('p', t('lieu.ancienne', { date: date(p.date_maj) }), 'ancienne');
}
