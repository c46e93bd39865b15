// Browser test of the main roads drawn on the maps from our own data: the default territory
// with the Monaco road network imported (`maillage import roads`), the residents' search
// (/recherche) zoomed on Monaco draws the roads layer's lines from this server's tiles, and
// every map page (/, /planner.html, /tournees) has the layer; nothing is fetched from
// another server. Screenshots at desktop size and at 390×844.
//
// Run: cargo build --release && node --test tests/browser/roads.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { attendreCarteImmobile, binaire, demarrerServeur, lancement, racine, sorties, surveiller } from './helpers.mjs';

const BUREAU = { width: 1280, height: 900 };
const TELEPHONE = { width: 390, height: 844 };
const MONACO = { lat: 43.7365, lon: 7.4215 };

/** The road features the map has loaded around its centre, with their classes. */
function routesChargees(page) {
  return page.evaluate(() => {
    const m = window.maillageMap;
    const f = m.querySourceFeatures('routes-principales', { sourceLayer: 'roads' });
    return { n: f.length, classes: [...new Set(f.map((x) => x.properties.class))].sort() };
  });
}

test('the maps draw the main roads of the imported network, from this server only', { timeout: 600_000 }, async (t) => {
  mkdirSync(sorties, { recursive: true });
  const dossier = mkdtempSync(join(tmpdir(), 'maillage-routes-'));
  const db = join(dossier, 'maillage.db');
  execFileSync(binaire, ['--db', db, 'import', 'roads', join(racine, '../shared/data/osm/monaco.osm.pbf')], { stdio: 'ignore' });
  const { serveur, adresse } = demarrerServeur(db);
  let navigateur;
  try {
    const base = await adresse;
    navigateur = await chromium.launch(lancement);

    for (const [nom, taille] of [['bureau', BUREAU], ['telephone', TELEPHONE]]) {
      await t.test(`/recherche draws the roads around Monaco (${nom})`, async () => {
        const contexte = await navigateur.newContext({ viewport: taille, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
        const page = await contexte.newPage();
        const { erreurs, externes } = surveiller(page, base);
        await page.goto(`${base}/recherche?q=Monaco&lat=${MONACO.lat}&lon=${MONACO.lon}`);
        await page.waitForFunction(() => document.body.dataset.carte === 'prete', null, { timeout: 60_000 });
        assert.ok(await page.evaluate(() => Boolean(window.maillageMap.getLayer('routes-principales'))), 'no roads layer');
        await page.evaluate(({ lat, lon }) => window.maillageMap.jumpTo({ center: [lon, lat], zoom: 13.5 }), MONACO);
        await attendreCarteImmobile(page);
        const routes = await routesChargees(page);
        assert.ok(routes.n > 0, 'no road drawn around Monaco');
        for (const c of routes.classes) assert.ok(['motorway', 'trunk', 'primary', 'secondary'].includes(c), c);
        assert.ok(routes.classes.includes('primary') || routes.classes.includes('secondary'), JSON.stringify(routes));
        // Under the places and names: the markers are HTML above the canvas; the roads are
        // the last map layers only over the commune's fill.
        const couches = await page.evaluate(() => window.maillageMap.getStyle().layers.map((l) => l.id));
        assert.ok(couches.indexOf('routes-principales') > couches.indexOf('commune-fond'), couches.join(','));
        await page.screenshot({ path: join(sorties, `routes-recherche-${nom}.png`) });
        assert.deepEqual(erreurs, []);
        assert.deepEqual(externes, []);
        await contexte.close();
      });
    }

    await t.test('the map, planner and tours pages have the roads layer', async () => {
      const contexte = await navigateur.newContext({ viewport: BUREAU, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
      const page = await contexte.newPage();
      const { erreurs, externes } = surveiller(page, base);
      for (const chemin of ['/', '/planner.html', '/tournees']) {
        await page.goto(`${base}${chemin}`);
        await page.waitForFunction(() => Boolean(window.maillageMap?.getLayer('routes-principales')), null, { timeout: 60_000 });
        // The map and planner pages frame their data once loaded: wait for it before moving.
        if (chemin !== '/tournees') await page.waitForFunction(() => document.body.dataset.ready === 'true', null, { timeout: 60_000 });
        await page.evaluate(({ lat, lon }) => window.maillageMap.jumpTo({ center: [lon, lat], zoom: 13 }), MONACO);
        await attendreCarteImmobile(page);
        assert.ok((await routesChargees(page)).n > 0, `${chemin}: no road drawn around Monaco`);
      }
      assert.deepEqual(erreurs, []);
      assert.deepEqual(externes, []);
      await contexte.close();
    });
  } finally {
    await navigateur?.close();
    serveur.kill();
    rmSync(dossier, { recursive: true, force: true });
  }
});
