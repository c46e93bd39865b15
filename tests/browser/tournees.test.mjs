// Browser test of the organisers' page (/tournees) and of mobile visits on the residents'
// pages, against the release binary on the default territory with the test units of
// tests/fixtures/mobile-cantal: pick a unit with the keyboard only, see its timetable rows and
// its day routes on the map, show one day, the calendar and CSV links, its contribution; plan
// tours with the form; the next visits on /recherche and on a place sheet; axe-core on every
// page; screenshots at desktop size and at 390×844.
//
// Run: cargo build --release && node --test tests/browser/tournees.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { arreter, binaire, demarrerServeur, getJson, lancement, racine, sorties, surveiller, tabJusqua, violationsGraves } from './helpers.mjs';

const BUREAU = { width: 1280, height: 900 };
const TELEPHONE = { width: 390, height: 844 };
const FIXTURES = join(racine, 'tests/fixtures/mobile-cantal');

/** Runs the binary on the test database; fails the test with its output otherwise. */
function maillage(db, ...args) {
  const r = spawnSync(binaire, ['--db', db, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `maillage ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
}

async function attendre(page, cle, valeurs, timeout = 60_000) {
  await page.waitForFunction(([c, v]) => v.includes(document.body.dataset[c]), [cle, valeurs], { timeout });
}

/** Whether the focused element shows a visible outline. */
function focusVisible(page) {
  return page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  });
}

test('the organisers\' page and the residents\' mobile visits work with the keyboard and are accessible', { timeout: 900_000 }, async (t) => {
  assert.ok(existsSync(binaire), `${binaire} is missing: run \`cargo build --release\` first (or set MAILLAGE_BIN)`);
  mkdirSync(sorties, { recursive: true });
  const dossier = mkdtempSync(join(tmpdir(), 'maillage-tournees-'));
  const db = join(dossier, 'maillage.db');
  maillage(db, 'import', 'territory');
  maillage(db, 'import', 'mobile', join(FIXTURES, 'units.csv'), join(FIXTURES, 'stops.csv'), join(FIXTURES, 'visits.csv'));
  const { serveur, adresse } = demarrerServeur(db);
  let navigateur;
  try {
    const base = await adresse;
    navigateur = await chromium.launch(lancement);
    const contexte = await navigateur.newContext({ viewport: BUREAU, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const page = await contexte.newPage();
    const { erreurs, externes } = surveiller(page, base);

    await t.test('pick a unit with the keyboard: its timetable, routes, day, links and contribution', async () => {
      await page.goto(`${base}/tournees`);
      await attendre(page, 'etat', ['pret', 'erreur']);
      assert.equal(await page.evaluate(() => document.body.dataset.etat), 'pret', await page.locator('#erreur').textContent());
      const options = await page.$$eval('#unite option', (os) => os.map((o) => o.value));
      assert.deepEqual(options.sort(), ['bus-aubrac', 'bus-salers']);

      // Keyboard only: Tab to the unit's list, choose the Aubrac bus with the arrows.
      await tabJusqua(page, () => document.activeElement?.id === 'unite');
      assert.ok(await focusVisible(page), 'the focused list is outlined');
      while ((await page.inputValue('#unite')) !== 'bus-aubrac') await page.keyboard.press('ArrowDown');
      await page.waitForFunction(() => document.querySelector('#titre-unite').textContent.includes('Aubrac'));
      await attendre(page, 'etat', ['pret']);
      assert.match(page.url(), /unite=bus-aubrac/);

      // The timetable: one row per schedule, in each day's time order, with its rhythm.
      const unite = await getJson(`${base}/api/units/bus-aubrac`);
      const lignes = await page.$$eval('#horaires tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      assert.equal(lignes.length, unite.schedules.length);
      assert.deepEqual(lignes[0], ['Mardi', '9\u00a0h\u00a030 – 12\u00a0h', 'Saint-Urcize, mairie', 'chaque semaine']);
      assert.deepEqual(lignes[1].slice(0, 3), ['Mardi', '14\u00a0h – 16\u00a0h', 'Jabrun, salle communale']);
      assert.deepEqual(lignes[2][3], 'toutes les 2 semaines');

      // The routes: the features of routes.geojson on the map and one row each in the days table.
      const routes = await getJson(`${base}/api/units/bus-aubrac/routes.geojson`);
      assert.deepEqual(routes.features.map((f) => f.properties.weekday), ['tuesday', 'thursday']);
      const surCarte = await page.evaluate(async () => (await window.maillageMap.getSource('routes').getData()).features.map((f) => f.properties.weekday));
      assert.deepEqual(surCarte, ['tuesday', 'thursday']);
      await page.waitForFunction(() => window.maillageMap.loaded());
      assert.ok(await page.evaluate(() => window.maillageMap.queryRenderedFeatures({ layers: ['route-tuesday'] }).length > 0), 'Tuesday drawn');
      const jours = await page.$$eval('#table-jours tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
      assert.deepEqual(jours.map((j) => j[0]), ['Mardi', 'Jeudi']);
      assert.equal(jours[0][1], 'Saint-Urcize → Jabrun');
      assert.equal(jours[0][4], 'en ligne droite', 'no road network in this test');
      assert.equal(jours[0][2], `${String(routes.features[0].properties.driving_minutes).replace('.', ',')} min`);

      // Show Thursday only, with the keyboard: the radio group moves with the arrows.
      await tabJusqua(page, () => document.activeElement?.name === 'jour');
      assert.ok(await focusVisible(page), 'the focused radio is outlined');
      while (!(await page.evaluate(() => document.activeElement.value === 'thursday'))) await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => window.maillageMap.getLayoutProperty('route-tuesday', 'visibility') === 'none');
      assert.equal(await page.evaluate(() => window.maillageMap.getLayoutProperty('route-thursday', 'visibility')), 'visible');
      const choisis = await page.$$eval('#horaires tr.choisi', (trs) => trs.map((tr) => tr.dataset.jour));
      assert.deepEqual(choisis, ['thursday']);

      // The calendar and timetable links answer what they say.
      const ics = await page.getAttribute('#lien-ics', 'href');
      assert.equal(ics, '/api/units/bus-aubrac/visits.ics');
      const r = await fetch(base + ics);
      assert.match(r.headers.get('content-type'), /^text\/calendar/);
      assert.match(await r.text(), /Saint-Urcize/);
      const csv = await (await fetch(base + (await page.getAttribute('#lien-csv', 'href')))).text();
      assert.equal(csv.trim().split('\n').length, 1 + unite.schedules.length);

      // The contribution: the people of the gap it closes, as the API counts them.
      await attendre(page, 'apport', ['pret']);
      const apport = await getJson(`${base}/api/units/bus-aubrac/coverage?minutes=30`);
      const texte = await page.locator('#apport').textContent();
      assert.ok(apport.population_gained > 0);
      assert.match(texte.replace(/\s/g, ''), new RegExp(`${apport.population_gained}habitants`));
      assert.match(texte, /Saint-Urcize/);

      assert.deepEqual(await violationsGraves(page), []);
      await page.screenshot({ path: join(sorties, 'tournees-bureau.png'), fullPage: true });
    });

    await t.test('plan tours with the form (POST /api/tours/plan)', async () => {
      assert.ok(await page.isVisible('#planifier'), 'the server plans tours: the form is there');
      await page.fill('#p-departement', '15');
      await page.fill('#p-unites', '1');
      await page.fill('#p-horizon', '2');
      await page.selectOption('#p-frequence', 'weekly');
      await page.fill('#p-duree', '120');
      await page.fill('#p-minutes', '20');
      // Submitted from the keyboard.
      await page.focus('#p-minutes');
      await page.keyboard.press('Enter');
      await attendre(page, 'plan', ['pret', 'erreur'], 300_000);
      assert.equal(await page.evaluate(() => document.body.dataset.plan), 'pret', await page.locator('#erreur-plan').textContent());
      const plan = await page.evaluate(() => fetch('/api/tours/plan', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ departement: '15', units: 1, horizon_weeks: 2, frequency: 'weekly', visit_minutes: 120, minutes: 20 }),
      }).then((r) => r.json()));
      const visites = plan.units.flatMap((u) => u.days.flatMap((d) => d.visits));
      assert.equal(await page.locator('#horaires-plan tbody tr').count(), visites.length);
      const jours = plan.units.flatMap((u) => u.days).length;
      assert.equal(await page.evaluate(async () => (await window.maillageMap.getSource('plan-routes').getData()).features.length), jours);
      const gain = await page.locator('#gain-plan').textContent();
      assert.match(gain.replace(/\s/g, ''), new RegExp(`${plan.coverage.population_gained}habitants`));
      assert.equal(await page.locator('#ecartes-plan li').count(), Math.max(1, plan.left_out.length));
      assert.deepEqual(await violationsGraves(page), []);
      await page.locator('#planifier').screenshot({ path: join(sorties, 'tournees-plan-bureau.png') });
    });

    await t.test('residents see the next visits near their search and on a mobile place\'s sheet', async () => {
      const salers = (await getJson(`${base}/api/search?q=Salers&limit=5`)).features.find((f) => f.properties.label.startsWith('Salers'));
      const [lon, lat] = salers.geometry.coordinates;
      await page.goto(`${base}/recherche?q=${encodeURIComponent(salers.properties.label)}&code=15219&lat=${lat}&lon=${lon}`);
      await attendre(page, 'passages', ['prets', 'aucun']);
      assert.equal(await page.evaluate(() => document.body.dataset.passages), 'prets');
      const passages = await page.$$eval('#liste-passages li', (lis) => lis.map((li) => li.textContent));
      const api = await getJson(`${base}/api/visits/next?lat=${lat}&lon=${lon}&radius_km=20&days=31&limit=60`);
      const arrets = new Set(api.visits.map((v) => `${v.unit.id}|${v.stop.id}`));
      assert.equal(passages.length, Math.min(4, arrets.size));
      assert.ok(passages.some((p) => p.includes('Salers, place Tyssandier') && p.includes('chaque semaine')), passages.join('\n'));
      assert.deepEqual(await violationsGraves(page), []);

      await page.goto(`${base}/lieux/fs-640`);
      await attendre(page, 'passages', ['prets']);
      const section = page.locator('section', { has: page.locator('h2', { hasText: 'Prochains passages' }) });
      const visites = await getJson(`${base}/api/units/bus-salers/visits?days=60&limit=8`);
      assert.equal(await section.locator('li').count(), visites.visits.length);
      assert.equal(await section.locator('a[href="/api/units/bus-salers/visits.ics"]').count(), 1);
      assert.deepEqual(await violationsGraves(page), []);
    });

    await t.test('at 390×844 the page fits and works', async () => {
      const tel = await navigateur.newContext({ viewport: TELEPHONE, locale: 'fr-FR', timezoneId: 'Europe/Paris', isMobile: true, hasTouch: true });
      const p = await tel.newPage();
      const suivi = surveiller(p, base);
      await p.goto(`${base}/tournees?unite=bus-salers`);
      await attendre(p, 'etat', ['pret']);
      await attendre(p, 'apport', ['pret']);
      const debord = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(debord <= 0, `the page overflows by ${debord}px`);
      assert.equal(await p.locator('#horaires tbody tr').count(), 3);
      await p.screenshot({ path: join(sorties, 'tournees-telephone.png'), fullPage: true });
      await p.goto(`${base}/recherche?q=Salers&code=15219&lat=45.1376&lon=2.4937`);
      await attendre(p, 'passages', ['prets']);
      await p.locator('#passages').screenshot({ path: join(sorties, 'recherche-passages-telephone.png') });
      assert.deepEqual(suivi.erreurs, []);
      await tel.close();
    });

    assert.deepEqual(erreurs, []);
    assert.deepEqual(externes, []);
  } finally {
    await arreter(navigateur, serveur, dossier);
  }
});
