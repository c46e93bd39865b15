// Browser test of details a demanding first user of the residents' pages noticed (issue 10),
// against the release binary on the default territory: addresses without shouting capitals,
// the no-place sentence giving the distances the list gives, English times written as the
// hours are, the filter count in words, a note on public holidays under hours that do not name
// them, "call first" only when there is a phone, the printed directory's link opening the
// search of its commune, and markers of neighbouring places spread apart so each can be clicked.
//
// Run: cargo build --release && node --test tests/browser/residents-details.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { arreter, binaire, demarrerServeur, getJson, lancement, sorties, surveiller } from './helpers.mjs';

/** Waits until the page has listed the answer to its latest search. */
async function attendreListe(page) {
  await page.waitForFunction(() => document.body.dataset.etat === 'resultats' || document.body.dataset.etat === 'erreur', null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => document.body.dataset.etat), 'resultats', await page.locator('#erreur').textContent());
}

/** A commune of the search box by its label's start ("Roussillon (38150)"). */
async function commune(base, q) {
  const f = (await getJson(`${base}/api/search?q=${encodeURIComponent(q)}&limit=5`)).features.find((x) => x.properties.kind === 'commune' && x.properties.label === q);
  assert.ok(f, `the API finds ${q}`);
  return f;
}

test('details of the residents\' pages: addresses, distances, times, holidays, printed link', { timeout: 600_000 }, async (t) => {
  assert.ok(existsSync(binaire), `${binaire} is missing: run \`cargo build --release\` first (or set MAILLAGE_BIN)`);
  mkdirSync(sorties, { recursive: true });
  const dossier = mkdtempSync(join(tmpdir(), 'maillage-residents-details-'));
  const { serveur, adresse } = demarrerServeur(join(dossier, 'maillage.db'));
  let navigateur;
  try {
    const base = await adresse;
    navigateur = await chromium.launch(lancement);
    const contexte = await navigateur.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await contexte.newPage();
    const { erreurs, externes } = surveiller(page, base);

    await t.test('addresses the data writes in capitals are shown without them, list and sheet', async () => {
      const r = await commune(base, 'Roussillon (38150)');
      const [lon, lat] = r.geometry.coordinates;
      const api = await getJson(`${base}/api/places/nearest?lat=${lat}&lon=${lon}&limit=10`);
      const criards = api.features.filter((f) => /[A-Z]{4,}/.test(f.properties.adresse ?? '') && !/[a-z]/.test(f.properties.adresse));
      assert.ok(criards.length > 0, 'no address in capitals near Roussillon');
      await page.goto(`${base}/recherche?q=${encodeURIComponent(r.properties.label)}&lat=${lat}&lon=${lon}&code=${r.properties.code_insee}`);
      await attendreListe(page);
      for (const f of criards) {
        const montree = await page.locator(`#liste .resultat[data-id="${f.id}"] .adresse`).textContent();
        assert.equal(montree, f.properties.adresse_affiche);
        assert.ok(!montree.includes(f.properties.adresse), `${montree} shows ${f.properties.adresse}`);
        assert.ok(/[a-zé]/.test(montree.split(',')[0]), `${montree}: the street is still in capitals`);
      }
      await page.screenshot({ path: join(sorties, 'details-adresses.png'), fullPage: true });
      const fiche = await contexte.newPage();
      await fiche.goto(`${base}/lieux/${encodeURIComponent(criards[0].id)}`);
      await fiche.waitForFunction(() => document.body.dataset.pret === 'true');
      assert.equal(await fiche.locator('.resume-fiche .adresse').textContent(), criards[0].properties.adresse_affiche);
      await fiche.close();
    });

    await t.test('"no place in the commune" gives the distances the list gives', async () => {
      const s = await commune(base, 'Salers (15140)');
      const [lon, lat] = s.geometry.coordinates;
      await page.goto(`${base}/recherche?q=Salers%20(15140)&lat=${lat}&lon=${lon}&code=15219`);
      await attendreListe(page);
      const phrase = await page.locator('#rien-ici').textContent();
      assert.match(phrase, /Il n'y a pas de lieu d'aide à Salers/);
      const premier = await page.locator('#liste .resultat').first();
      const trajet = await premier.locator('.trajet').textContent();
      const km = trajet.split('·').pop().trim();
      assert.match(km, /\d km$/);
      const commune1 = phrase.match(/Les plus proches sont à ([^(]+) \(([^)]+)\)/);
      assert.ok(commune1, phrase);
      assert.equal(commune1[2], km, `the sentence says ${commune1[2]}, the list ${km}`);
    });

    await t.test('English: the day and time chosen are written as the hours are; one filter in the singular', async () => {
      await page.goto(`${base}/recherche?q=Salers&lang=en&quand=jour&jour=6&heure=10:30`);
      await attendreListe(page);
      const heure = (await page.locator('#ouverture-a').textContent()).replace(/\u00a0/g, ' ');
      assert.equal(heure, 'Opening shown for Saturday at 10:30 am.');
      assert.equal((await page.locator('#filtres-choisis').textContent()).replace(/\u00a0/g, ' '), 'Filters chosen: Saturday at 10:30 am.');
      assert.equal(await page.locator('#nb-filtres').textContent(), '(1 filter chosen)');
      // The hours of the list use the same words ("12 pm", never "12:00").
      const ouvertures = await page.locator('#liste .ligne-ouverture').allTextContents();
      assert.ok(ouvertures.length > 0);
      for (const o of ouvertures) assert.ok(!/\d\d:\d\d/.test(o), o);
      await page.goto(`${base}/recherche?q=Salers&gratuit=true&sans_rdv=true`);
      await attendreListe(page);
      assert.equal(await page.locator('#nb-filtres').textContent(), '(2 filtres choisis)');
    });

    await t.test('a place saying nothing of how to be seen: "call first" only with a phone, else "write first" with its email', async () => {
      const s = await commune(base, 'Salers (15140)');
      const [lon, lat] = s.geometry.coordinates;
      const api = await getJson(`${base}/api/places/nearest?lat=${lat}&lon=${lon}&limit=10`);
      const muet = (p) => (p.modalites_acces ?? []).length === 0 && !p.prise_rdv;
      const parCourriel = api.features.find((f) => muet(f.properties) && !f.properties.telephone && f.properties.courriels?.length);
      const parTelephone = api.features.find((f) => muet(f.properties) && f.properties.telephone);
      assert.ok(parCourriel && parTelephone, 'near Salers, no silent place with an email only and one with a phone');
      await page.goto(`${base}/recherche?q=Salers%20(15140)&lat=${lat}&lon=${lon}&code=15219`);
      await attendreListe(page);
      const acces = page.locator(`#liste .resultat[data-id="${parCourriel.id}"] .acces`);
      assert.equal((await acces.textContent()).replace(/\u00a0/g, ' '), `Écrivez avant de venir : ${parCourriel.properties.courriels[0]}`);
      assert.equal(await acces.locator('a').getAttribute('href'), `mailto:${parCourriel.properties.courriels[0]}`);
      assert.match(await page.locator(`#liste .resultat[data-id="${parTelephone.id}"] .acces`).textContent(), /^Appelez avant de venir · Téléphone/);
    });

    await t.test('a sheet whose hours do not name public holidays says to check them', async () => {
      const s = await commune(base, 'Salers (15140)');
      const [lon, lat] = s.geometry.coordinates;
      const api = await getJson(`${base}/api/places/nearest?lat=${lat}&lon=${lon}&limit=10`);
      const sans = api.features.find((f) => f.properties.horaires_texte?.fr.length === 7);
      assert.ok(sans, 'no place near Salers with hours that do not name holidays');
      const fiche = await contexte.newPage();
      await fiche.goto(`${base}/lieux/${encodeURIComponent(sans.id)}`);
      await fiche.waitForFunction(() => document.body.dataset.pret === 'true');
      assert.equal(await fiche.locator('table.horaires tbody tr').count(), 7);
      assert.equal(await fiche.locator('table.horaires + p.feries').textContent(), 'Les jours fériés, vérifiez auprès du lieu.');
      await fiche.screenshot({ path: join(sorties, 'details-fiche-feries.png'), fullPage: true });
      await fiche.close();
    });

    await t.test('the printed directory\'s link is readable and opens the search of its commune', async () => {
      const d = await contexte.newPage();
      await d.goto(`${base}/communes/15219/annuaire`);
      const lien = d.locator('p.plus a');
      const texte = await lien.textContent();
      assert.equal(texte, `${base}/recherche?q=Salers+(15140)&code=15219`);
      assert.ok(!texte.includes('%'), texte);
      assert.equal(await lien.getAttribute('href'), texte);
      await lien.click();
      await attendreListe(d);
      const u = new URL(d.url());
      assert.equal(u.searchParams.get('code'), '15219');
      assert.equal(await d.locator('#q').inputValue(), 'Salers (15140)');
      assert.ok(await d.locator('#liste .resultat').count() > 0);
      await d.close();
    });

    await t.test('markers of places a few metres apart are all visible and clickable, at every zoom', async () => {
      const m = await commune(base, 'Mauriac (15200)');
      const [lon, lat] = m.geometry.coordinates;
      await page.goto(`${base}/recherche?q=${encodeURIComponent(m.properties.label)}&lat=${lat}&lon=${lon}&code=${m.properties.code_insee}`);
      await attendreListe(page);
      await page.waitForFunction(() => document.body.dataset.carte === 'prete', null, { timeout: 60_000 });
      /** The numbers of the markers inside the map whose centre another element covers. */
      const caches = () => page.$$eval('.marqueur-lieu', (bs) => {
        document.querySelector('#map').scrollIntoView({ block: 'center' });
        const carte = document.querySelector('#map').getBoundingClientRect();
        return bs.filter((b) => {
          const r = b.getBoundingClientRect();
          const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
          if (x < carte.left || x > carte.right || y < carte.top || y > carte.bottom) return false;
          return document.elementFromPoint(x, y)?.closest('.marqueur-lieu') !== b;
        }).map((b) => b.dataset.numero);
      });
      /** Whether two markers' centres are closer than a marker's width. */
      const serres = () => page.$$eval('.marqueur-lieu', (bs) => {
        const c = bs.map((b) => b.getBoundingClientRect());
        return c.some((a, i) => c.some((b, j) => j > i && Math.hypot(a.x - b.x, a.y - b.y) < a.width));
      });
      // The Centre social and the Médiathèque of Mauriac are 20 m apart: one marker hid the other.
      assert.ok(await page.locator('#liste .resultat').count() >= 2);
      for (const zoom of [null, 9, 13]) {
        if (zoom !== null) {
          await page.evaluate(([z, centre]) => window.maillageMap.jumpTo({ zoom: z, center: centre }), [zoom, [lon, lat]]);
          await page.waitForFunction(() => window.maillageMap.loaded());
        }
        const dansLaCarte = await page.$$eval('.marqueur-lieu', (bs) => {
          const c = document.querySelector('#map').getBoundingClientRect();
          return bs.filter((b) => {
            const r = b.getBoundingClientRect();
            return r.left >= c.left && r.right <= c.right && r.top >= c.top && r.bottom <= c.bottom;
          }).length;
        });
        assert.ok(dansLaCarte >= 2, `zoom ${zoom ?? 'initial'}: ${dansLaCarte} markers in the map`);
        assert.deepEqual(await caches(), [], `zoom ${zoom ?? 'initial'}: hidden markers`);
        assert.equal(await serres(), false, `zoom ${zoom ?? 'initial'}: markers on top of each other`);
      }
      await page.screenshot({ path: join(sorties, 'details-marqueurs-ecartes.png') });
      // A mouse click on the second marker, its neighbour 20 m away centred in the map, leads to
      // the second result (the click is refused while another element covers the marker).
      await page.evaluate(() => {
        const m = document.querySelector('.marqueur-lieu[data-numero="2"]').closest('.maplibregl-marker');
        const r = m.getBoundingClientRect();
        const carte = window.maillageMap;
        carte.jumpTo({ center: carte.unproject([r.left + r.width / 2 - carte.getContainer().getBoundingClientRect().left, r.top + r.height / 2 - carte.getContainer().getBoundingClientRect().top]) });
      });
      await page.locator('.marqueur-lieu[data-numero="2"]').click({ timeout: 10_000 });
      await page.waitForFunction(() => document.activeElement?.closest('#resultat-2'));
    });

    await t.test('no script error and no request outside this server', () => {
      assert.deepEqual(erreurs, []);
      assert.deepEqual(externes, []);
    });
  } finally {
    await arreter(navigateur, serveur, dossier);
  }
});
