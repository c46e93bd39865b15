// Browser test of the residents' pages against the release binary on the default territory:
// the search (/recherche) with the mouse and with the keyboard only, filters, the place sheet,
// the embed, the printable directory, accessibility (axe-core), the transfer size of a first
// search, and screenshots at desktop size and at 390×844.
//
// Run: cargo build --release && node --test tests/browser/residents.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { arreter, binaire, demarrerServeur, getJson, lancement, sorties, surveiller, tabJusqua, violationsGraves } from './helpers.mjs';

const BUREAU = { width: 1280, height: 900 };
const TELEPHONE = { width: 390, height: 844 };

/** The next date of weekday `jour` (0 = Sunday) at hh:mm, local, as the page computes it. */
function prochaineDate(jour, heure) {
  const [h, m] = heure.split(':').map(Number);
  const d = new Date();
  const cible = new Date(d.getFullYear(), d.getMonth(), d.getDate(), h, m);
  let ecart = (jour - d.getDay() + 7) % 7;
  if (ecart === 0 && cible < d) ecart = 7;
  cible.setDate(cible.getDate() + ecart);
  const deux = (n) => String(n).padStart(2, '0');
  return `${cible.getFullYear()}-${deux(cible.getMonth() + 1)}-${deux(cible.getDate())}T${deux(h)}:${deux(m)}:00`;
}

/** Waits until the page has drawn the answer to its latest search (list and map). */
async function attendreResultats(page) {
  await page.waitForFunction(() => document.body.dataset.etat === 'resultats' || document.body.dataset.etat === 'erreur', null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.etat), 'resultats', await page.locator('#erreur').textContent());
  await page.waitForFunction(() => document.body.dataset.carte === 'prete', null, { timeout: 60_000 });
}

/** The ids shown, in order, and their travel times. */
function resultatsAffiches(page) {
  return page.$$eval('#liste .resultat', (lis) => lis.map((li) => ({ id: li.dataset.id, duree: Number(li.dataset.dureeMin) })));
}

test('the residents\' search, sheet, embed and directory work with mouse and keyboard, and are accessible', { timeout: 900_000 }, async (t) => {
  assert.ok(existsSync(binaire), `${binaire} is missing: run \`cargo build --release\` first (or set MAILLAGE_BIN)`);
  mkdirSync(sorties, { recursive: true });
  const dossier = mkdtempSync(join(tmpdir(), 'maillage-residents-'));
  const { serveur, adresse } = demarrerServeur(join(dossier, 'maillage.db'));
  let navigateur;
  try {
    const base = await adresse;
    navigateur = await chromium.launch(lancement);
    const contexte = await navigateur.newContext({ viewport: BUREAU, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await contexte.newPage();
    const { erreurs, externes } = surveiller(page, base);

    const salers = (await getJson(`${base}/api/search?q=Salers&limit=5`)).features.find((f) => f.properties.label.startsWith('Salers'));
    assert.ok(salers, 'the API finds Salers');
    const [lon, lat] = salers.geometry.coordinates;
    let urlRecherche;
    let idsFiltres;

    await t.test('typing a commune and picking it lists places sorted by travel time, as the API', async () => {
      await page.goto(`${base}/recherche`);
      await page.waitForFunction(() => document.body.dataset.pret === 'true');
      await page.locator('#q').pressSequentially('Salers', { delay: 30 });
      const option = page.locator('#suggestions [role="option"]', { hasText: 'Salers (15140)' }).first();
      await option.waitFor({ timeout: 10_000 });
      await option.click();
      await attendreResultats(page);

      const api = await getJson(`${base}/api/places/nearest?lat=${lat.toFixed(6)}&lon=${lon.toFixed(6)}&limit=10`);
      const affiches = await resultatsAffiches(page);
      assert.deepEqual(affiches.map((r) => r.id), api.features.map((f) => f.id));
      for (let i = 1; i < affiches.length; i += 1) {
        assert.ok(affiches[i].duree >= affiches[i - 1].duree, `not sorted by time: ${JSON.stringify(affiches)}`);
      }
      // Salers has no place: the page says so and names the nearest communes, Mauriac among the results.
      const rien = page.locator('#rien-ici');
      assert.ok(await rien.isVisible(), 'no "nothing in Salers" message');
      assert.ok(!api.features.some((f) => f.properties.commune_localisee === '15219'), 'the API has a place in Salers now');
      const texte = await rien.textContent();
      assert.match(texte, /Salers/);
      const premier = api.features[0].properties;
      assert.ok(texte.includes(premier.commune) || texte.toLowerCase().includes(premier.commune.toLowerCase()), texte);
      const mauriac = api.features.find((f) => f.properties.commune_localisee === '15120');
      assert.ok(mauriac, 'Mauriac is among the nearest places of Salers');
      assert.ok(await page.locator(`#liste .resultat[data-id="${mauriac.id}"]`).isVisible());
      // Each result: time, opening, phone as a tel: link written the French way, price, sheet link.
      const un = page.locator('#resultat-1');
      assert.match(await un.locator('.trajet').textContent(), /\d+ min en voiture · [\d,]+ km/);
      assert.match(await un.locator('.ouverture').textContent(), /Ouvert|Fermé|Ouvre|Horaires/);
      if (premier.telephone) {
        const tel = un.locator('a.telephone');
        assert.match(await tel.textContent(), /^0\d( \d\d){4}$/);
        assert.equal(await tel.getAttribute('href'), `tel:${premier.telephone}`);
      }
      assert.equal(await un.locator('a.nom').getAttribute('href'), `/lieux/${encodeURIComponent(api.features[0].id)}`);
      // The search is in the URL.
      const u = new URL(page.url());
      assert.equal(u.pathname, '/recherche');
      assert.equal(u.searchParams.get('code'), '15219');
      assert.equal(Number(u.searchParams.get('lat')).toFixed(4), lat.toFixed(4));
      // Markers, numbered as the list.
      const marqueurs = await page.$$eval('.marqueur-lieu', (b) => b.map((x) => x.textContent));
      assert.deepEqual(marqueurs, affiches.map((_, i) => String(i + 1)));
      await page.screenshot({ path: join(sorties, 'recherche-salers.png') });
    });

    await t.test('"free" and "open Saturday" filter the results as the API does, and stay in the URL', async () => {
      await page.locator('#filtres summary').click();
      await page.locator('label[for="gratuit"]').click();
      await page.locator('label[for="quand-jour"]').click();
      await page.selectOption('#jour', '6');
      await page.fill('#heure', '10:00');
      await page.locator('#filtres button[type="submit"]').click();
      await attendreResultats(page);
      const u = new URL(page.url());
      assert.equal(u.searchParams.get('gratuit'), 'true');
      assert.equal(u.searchParams.get('quand'), 'jour');
      assert.equal(u.searchParams.get('jour'), '6');
      const openAt = prochaineDate(6, '10:00');
      const api = await getJson(`${base}/api/places/nearest?lat=${lat.toFixed(6)}&lon=${lon.toFixed(6)}&limit=10&gratuit=true&open_at=${openAt}`);
      assert.ok(api.features.length > 0, 'some free place near Salers is open on Saturday at 10');
      const affiches = await resultatsAffiches(page);
      assert.deepEqual(affiches.map((r) => r.id), api.features.map((f) => f.id));
      for (const f of api.features) {
        assert.ok(f.properties.frais_a_charge.includes('Gratuit'), `${f.id} is not free`);
        assert.equal(f.properties.ouverture.etat, 'ouvert', `${f.id} is not open at ${openAt}`);
      }
      const ouvertures = await page.$$eval('#liste .ouverture', (s) => s.map((x) => x.textContent));
      assert.ok(ouvertures.every((o) => o.includes('Ouvert')), ouvertures.join(' | '));
      assert.match(await page.locator('#filtres-choisis').textContent(), /samedi à 10\s*h.*Gratuit/);
      urlRecherche = page.url();
      idsFiltres = affiches.map((r) => r.id);
      assert.deepEqual(await violationsGraves(page), []);
      await page.screenshot({ path: join(sorties, 'recherche-filtres.png'), fullPage: true });

      // The same URL opened elsewhere gives the same search.
      const autre = await contexte.newPage();
      await autre.goto(urlRecherche);
      await attendreResultats(autre);
      assert.deepEqual((await resultatsAffiches(autre)).map((r) => r.id), affiches.map((r) => r.id));
      assert.equal(await autre.locator('#gratuit').isChecked(), true);
      await autre.close();
    });

    let idFiche;
    await t.test('a result opens its sheet: hours as a table, every field in words', async () => {
      const lien = page.locator('#resultat-1 a.nom');
      idFiche = await page.locator('#resultat-1').getAttribute('data-id');
      await lien.click();
      await page.waitForFunction(() => document.body.dataset.pret === 'true', null, { timeout: 30_000 });
      const api = await getJson(`${base}/api/places/${encodeURIComponent(idFiche)}`);
      const p = api.properties;
      assert.equal(await page.locator('h1').textContent(), p.nom_affiche);
      if (p.horaires_texte) {
        const lignes = await page.$$eval('table.horaires tbody tr', (trs) => trs.map((tr) => tr.textContent.trim()));
        assert.equal(lignes.length, p.horaires_texte.fr.length);
        assert.ok(lignes[0].startsWith('Lundi'), lignes[0]);
      }
      const texte = await page.locator('main').textContent();
      for (const rubrique of ['Horaires d\'ouverture', 'Comment y aller', 'Accessibilité', 'Aide proposée', 'Pour qui', 'Prix', 'Dernière mise à jour', 'Source des informations']) {
        assert.ok(texte.includes(rubrique), `no ${rubrique} on the sheet`);
      }
      // No section says its title again as its first line.
      const redites = await page.$$eval('main section', (ss) => ss.filter((s) => s.querySelector('h2')?.textContent === s.querySelector('dt')?.textContent).map((s) => s.querySelector('h2').textContent));
      assert.deepEqual(redites, []);
      if (p.horaires_texte) assert.ok(!texte.includes(p.horaires), 'the raw hours syntax is shown');
      if (p.date_maj_ancienne) assert.match(texte, /Information peut-être ancienne, mise à jour le/);
      // The way back returns to the same search.
      assert.equal(new URL(await page.locator('#retour').getAttribute('href'), base).search, new URL(urlRecherche).search);
      assert.deepEqual(await violationsGraves(page), []);
      await page.screenshot({ path: join(sorties, 'fiche-lieu.png'), fullPage: true });
      // An unknown id: a 404 problem, as every error of the server.
      const inconnu = await fetch(`${base}/lieux/pas-un-lieu`);
      assert.equal(inconnu.status, 404);
      assert.equal(inconnu.headers.get('content-type'), 'application/problem+json');
    });

    await t.test('the same search with the keyboard only', async () => {
      const k = await contexte.newPage();
      const suivi = surveiller(k, base);
      await k.goto(`${base}/recherche`);
      await k.waitForFunction(() => document.body.dataset.pret === 'true');
      await tabJusqua(k, () => document.activeElement?.id === 'q');
      await k.keyboard.type('Salers', { delay: 30 });
      await k.locator('#suggestions [role="option"]').first().waitFor();
      await k.keyboard.press('ArrowDown');
      assert.equal(await k.evaluate(() => document.getElementById(document.getElementById('q').getAttribute('aria-activedescendant'))?.textContent), 'Salers (15140)commune');
      await k.keyboard.press('Enter');
      await attendreResultats(k);
      assert.equal(new URL(k.url()).searchParams.get('code'), '15219');

      // Filters: open the panel, "a given day" (Saturday by default), "free", apply.
      await tabJusqua(k, () => document.activeElement?.matches('#filtres summary'));
      await k.keyboard.press('Enter');
      await tabJusqua(k, () => document.activeElement?.name === 'quand');
      await k.keyboard.press('ArrowDown');
      await k.keyboard.press('ArrowDown');
      assert.equal(await k.evaluate(() => document.activeElement.id), 'quand-jour');
      await tabJusqua(k, () => document.activeElement?.id === 'gratuit');
      await k.keyboard.press('Space');
      await tabJusqua(k, () => document.activeElement?.matches('#filtres button[type="submit"]'));
      await k.keyboard.press('Enter');
      await attendreResultats(k);
      assert.equal(new URL(k.url()).search, new URL(urlRecherche).search);

      // A marker moves the focus to its result; the result's name opens the sheet.
      await tabJusqua(k, () => document.activeElement?.matches('.marqueur-lieu[data-numero="2"]'), 200);
      await k.keyboard.press('Enter');
      assert.equal(await k.evaluate(() => document.activeElement.closest('.resultat')?.id), 'resultat-2');
      await k.keyboard.press('Shift+Tab');
      await tabJusqua(k, () => document.activeElement?.matches('#resultat-1 a.nom') || document.activeElement?.matches('#resultat-2 a.nom'), 5);
      const cible = await k.evaluate(() => document.activeElement.closest('.resultat').dataset.id);
      await k.keyboard.press('Enter');
      await k.waitForFunction(() => document.body.dataset.pret === 'true', null, { timeout: 30_000 });
      assert.equal(decodeURIComponent(new URL(k.url()).pathname), `/lieux/${cible}`);
      // Focus is visible: the focused link has an outline.
      await tabJusqua(k, () => document.activeElement?.id === 'retour');
      const contour = await k.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(contour, 'none');
      assert.deepEqual(suivi.erreurs, []);
      await k.close();
    });

    await t.test('at 390×844 the list comes first, then the map; axe finds nothing serious', async () => {
      const m = await navigateur.newPage({ viewport: TELEPHONE, locale: 'fr-FR', timezoneId: 'Europe/Paris', isMobile: true, hasTouch: true });
      await m.goto(urlRecherche);
      await attendreResultats(m);
      const liste = await m.locator('#liste').boundingBox();
      const carte = await m.locator('#map').boundingBox();
      assert.ok(carte.y > liste.y, 'the map is not after the list');
      const largeur = await m.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(largeur <= 390, `the page scrolls sideways (${largeur} px)`);
      assert.deepEqual(await violationsGraves(m), []);
      await m.screenshot({ path: join(sorties, 'recherche-telephone.png') });
      await m.locator('#resultats').scrollIntoViewIfNeeded();
      await m.evaluate(() => document.getElementById('resultats').scrollIntoView());
      await m.screenshot({ path: join(sorties, 'recherche-telephone-resultats.png') });
      await m.goto(`${base}/lieux/${encodeURIComponent(idFiche)}`);
      await m.waitForFunction(() => document.body.dataset.pret === 'true');
      assert.deepEqual(await violationsGraves(m), []);
      await m.screenshot({ path: join(sorties, 'fiche-telephone.png') });
      // 200 % text: nothing overflows sideways.
      await m.goto(urlRecherche);
      await attendreResultats(m);
      await m.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
      const large = await m.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(large <= 390, `at 200 % text the page scrolls sideways (${large} px)`);
      await m.evaluate(() => document.getElementById('resultats').scrollIntoView());
      await m.screenshot({ path: join(sorties, 'recherche-telephone-200.png') });
      await m.close();
    });

    await t.test('/embed is the same search without the chrome, and may be framed', async () => {
      const e = await contexte.newPage();
      const u = new URL(urlRecherche);
      const r = await e.goto(`${base}/embed${u.search}`);
      assert.match(r.headers()['content-security-policy'], /frame-ancestors \*/);
      assert.equal(r.headers()['x-frame-options'], undefined);
      await attendreResultats(e);
      assert.equal(await e.locator('header.entete').isVisible(), false);
      assert.deepEqual((await resultatsAffiches(e)).map((r) => r.id), idsFiltres);
      assert.equal(await e.locator('#lien-complet').isVisible(), true);
      assert.equal(await e.locator('#resultat-1 a.nom').getAttribute('target'), '_blank');
      assert.deepEqual(await violationsGraves(e), []);
      await e.screenshot({ path: join(sorties, 'embed.png') });
      const pagePrincipale = await (await fetch(`${base}/recherche`)).text();
      assert.ok(!pagePrincipale.includes('class="page-recherche embed"'));
      await e.close();
    });

    await t.test('"use my position" searches around the browser\'s position; printing keeps the list only', async () => {
      const c = await navigateur.newContext({ viewport: BUREAU, locale: 'fr-FR', timezoneId: 'Europe/Paris', geolocation: { latitude: lat, longitude: lon }, permissions: ['geolocation'] });
      const g = await c.newPage();
      const suivi = surveiller(g, base);
      await g.goto(`${base}/recherche`);
      await g.waitForFunction(() => document.body.dataset.pret === 'true');
      await g.locator('#position').click();
      await attendreResultats(g);
      const u = new URL(g.url());
      assert.equal(Number(u.searchParams.get('lat')).toFixed(4), lat.toFixed(4));
      assert.equal(u.searchParams.get('code'), null);
      assert.match(await g.locator('#titre-resultats').textContent(), /Votre position/);
      const api = await getJson(`${base}/api/places/nearest?lat=${Number(u.searchParams.get('lat'))}&lon=${Number(u.searchParams.get('lon'))}&limit=10`);
      assert.deepEqual((await resultatsAffiches(g)).map((r) => r.id), api.features.map((f) => f.id));
      await g.emulateMedia({ media: 'print' });
      assert.equal(await g.locator('#recherche').isVisible(), false);
      assert.equal(await g.locator('#map').isVisible(), false);
      assert.equal(await g.locator('#liste .resultat').first().isVisible(), true);
      await g.pdf({ path: join(sorties, 'recherche-impression.pdf'), format: 'A4' });
      assert.deepEqual(suivi.erreurs, []);
      await c.close();
    });

    await t.test('the map page links to the search', async () => {
      const carte = await contexte.newPage();
      await carte.goto(base);
      const lien = carte.locator('header a[href="/recherche"]');
      assert.match(await lien.textContent(), /Trouver de l'aide près de chez moi/);
      await lien.click();
      await carte.waitForFunction(() => document.body.dataset.pret === 'true');
      assert.equal(new URL(carte.url()).pathname, '/recherche');
      await carte.close();
    });

    await t.test('the English page', async () => {
      const en = await contexte.newPage();
      await en.goto(`${urlRecherche}&lang=en`);
      await attendreResultats(en);
      assert.equal(await en.evaluate(() => document.documentElement.lang), 'en');
      assert.match(await en.locator('h1').textContent(), /Find help/);
      assert.match(await en.locator('#resultat-1 .trajet').textContent(), /min by car/);
      assert.match(await en.locator('#resultat-1 .ouverture').textContent(), /Open/);
      await en.close();
    });

    await t.test('the printable directory of Salers lists the nearest places with hours in words', async () => {
      const d = await contexte.newPage();
      await d.goto(`${base}/communes/15219/annuaire`);
      const api = await getJson(`${base}/api/places/nearest?lat=${lat.toFixed(6)}&lon=${lon.toFixed(6)}&limit=10`);
      const noms = await d.$$eval('li.lieu h2', (h) => h.map((x) => x.textContent.replace(/^\d+\.\s*/, '')));
      assert.deepEqual(noms, api.features.map((f) => f.properties.nom_affiche));
      const texte = await d.locator('main').textContent();
      assert.match(texte, /Lundi : /);
      assert.ok(!/Mo-Fr|Mo-Th|\d\d:\d\d-\d\d:\d\d/.test(texte), 'raw opening-hours syntax in the directory');
      assert.match(texte, /\b0\d( \d\d){4}\b/);
      assert.deepEqual(await violationsGraves(d), []);
      await d.screenshot({ path: join(sorties, 'annuaire-salers.png'), fullPage: true });
      const inconnue = await fetch(`${base}/communes/99999/annuaire`);
      assert.equal(inconnue.status, 404);
      assert.equal(inconnue.headers.get('content-type'), 'application/problem+json');
      await d.close();
    });

    await t.test('a first search weighs less than 500 kB over the wire', async (st) => {
      // A fresh context (empty cache), compressed answers as a browser asks for them.
      const c = await navigateur.newContext({ viewport: BUREAU, locale: 'fr-FR' });
      const p = await c.newPage();
      const cdp = await c.newCDPSession(p);
      await cdp.send('Network.enable');
      let octets = 0;
      const parUrl = [];
      cdp.on('Network.loadingFinished', (ev) => { octets += ev.encodedDataLength; parUrl.push(ev); });
      await p.goto(`${base}/recherche?q=${encodeURIComponent('Salers (15140)')}&lat=${lat}&lon=${lon}&code=15219`);
      await attendreResultats(p);
      await p.waitForLoadState('networkidle');
      st.diagnostic(`first search: ${octets} bytes over the wire (${parUrl.length} responses)`);
      assert.ok(octets < 500_000, `${octets} bytes`);
      assert.ok(octets > 10_000, `only ${octets} bytes counted`);
      await c.close();
    });

    await t.test('no script error and no request outside this server', () => {
      assert.deepEqual(erreurs, []);
      assert.deepEqual(externes, []);
    });
  } finally {
    await arreter(navigateur, serveur, dossier);
  }
});
