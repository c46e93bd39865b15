// Browser test of the map page: starts the release binary on a fresh database, opens the
// page in headless Chromium, and checks counts, search, map moves, popups and accessibility.
//
// Run: cargo build --release && npm run test:browser
// Env: MAILLAGE_BIN (binary, default target/release/maillage), CHROMIUM (default /usr/bin/chromium),
//      MAILLAGE_SEED_DB (optional: a database copied in place of the empty one, to try other data).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { arreter, attendreCarteImmobile, binaire, demarrerServeur, getJson, lancement, sorties, surveiller, violationsGraves } from './helpers.mjs';


test('the map page loads the territory, searches, moves, shows popups and is accessible', { timeout: 600_000 }, async (t) => {
  assert.ok(existsSync(binaire), `${binaire} is missing: run \`cargo build --release\` first (or set MAILLAGE_BIN)`);
  mkdirSync(sorties, { recursive: true });
  const dossier = mkdtempSync(join(tmpdir(), 'maillage-web-'));
  const db = join(dossier, 'maillage.db');
  if (process.env.MAILLAGE_SEED_DB) copyFileSync(process.env.MAILLAGE_SEED_DB, db);
  const { serveur, adresse } = demarrerServeur(db);
  let navigateur;
  try {
    const base = await adresse;
    navigateur = await chromium.launch(lancement);
    const page = await navigateur.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });

    // Everything the page does must stay on this server, and it must not throw.
    const { erreurs, externes } = surveiller(page, base);

    // Every request the page makes, to check that communes come as tiles.
    const demandes = [];
    page.on('request', (r) => demandes.push(new URL(r.url()).pathname + new URL(r.url()).search));

    const communesApi = await getJson(`${base}/api/communes?geometry=point`);
    // The map draws the communes that have an outline (a commune created after the outline
    // file has only a point, and no polygon to draw).
    const avecContour = (await getJson(`${base}/api/communes`)).features.filter(
      (f) => f.geometry && f.geometry.type !== 'Point',
    ).length;
    const lieuxApi = await getJson(`${base}/api/places?limit=1`);
    assert.ok(communesApi.features.length > 0, 'the API has communes');

    await t.test('the communes are drawn and counted as in the API', async () => {
      await page.goto(base);
      await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 120_000 });
      const pret = await page.evaluate(() => document.body.dataset.ready);
      const erreur = await page.locator('#erreur').textContent();
      assert.equal(pret, 'true', `the page did not load: ${erreur}`);
      const compte = await page.evaluate(() => window.maillageReady);
      assert.equal(compte.communes, avecContour);

      const affiche = page.locator('#nb-communes');
      assert.equal(Number(await affiche.getAttribute('data-value')), avecContour);
      assert.equal(Number((await affiche.textContent()).replace(/\D/g, '')), avecContour);
      const lieux = page.locator('#nb-lieux');
      assert.equal(Number((await lieux.textContent()).replace(/\D/g, '')), Math.min(lieuxApi.total, 50_000));

      // Kinds are independent facts: a France Services bus counts in both lines of the legend.
      const tous = (await getJson(`${base}/api/places?limit=50000`)).features.map((f) => f.properties);
      const attendus = {
        'france-services': tous.filter((p) => p.france_services).length,
        mobile: tous.filter((p) => p.mobile).length,
        autre: tous.filter((p) => !p.france_services && !p.mobile).length,
      };
      if (!process.env.MAILLAGE_SEED_DB) {
        assert.ok(tous.some((p) => p.france_services && p.mobile), 'the embedded territory has a France Services bus');
      }
      for (const [genre, n] of Object.entries(attendus)) {
        const texte = await page.locator(`#nb-${genre}`).textContent();
        assert.equal(Number(texte.replace(/\D/g, '')), n, `legend count of ${genre}`);
      }

      const dessinees = await page.evaluate(
        () => window.maillageMap.queryRenderedFeatures({ layers: ['communes-remplissage'] }).length,
      );
      assert.ok(dessinees > 100, `only ${dessinees} commune polygons rendered`);

      // …and they come from the vector tiles, not from one GeoJSON of every commune.
      const source = await page.evaluate(() => {
        const f = window.maillageMap.queryRenderedFeatures({ layers: ['communes-remplissage'] })[0];
        return { type: window.maillageMap.getSource(f.source).type, couche: f.sourceLayer, code: f.properties.code };
      });
      assert.deepEqual({ type: source.type, couche: source.couche }, { type: 'vector', couche: 'communes' });
      assert.match(source.code, /^[0-9][0-9AB][0-9]{3}$/);
      const tuiles = demandes.filter((d) => /^\/tiles\/communes\/\d+\/\d+\/\d+\.mvt$/.test(d));
      assert.ok(tuiles.length > 0, `no commune tile asked for: ${demandes.join(' ')}`);
      const geojson = demandes.filter((d) => d.startsWith('/api/communes') || d.startsWith('/api/places?'));
      assert.deepEqual(geojson, [], 'the page downloads communes or places as GeoJSON');
      // The view was fitted to the data: the centre of the communes lies in the visible bounds.
      const [lon, lat] = moyenne(communesApi.features.filter((f) => f.geometry).map((f) => f.geometry.coordinates));
      const dedans = await page.evaluate(([x, y]) => window.maillageMap.getBounds().contains([x, y]), [lon, lat]);
      assert.ok(dedans, `the map is not fitted to the communes (centre ${lon}, ${lat})`);
      await page.screenshot({ path: join(sorties, 'carte-chargee.png') });
    });

    let saintEtienne;
    await t.test('searching "st etienne" lists Saint-Étienne, usable by keyboard', async () => {
      await page.fill('#q', 'st etienne');
      const bouton = page.locator('#resultats button').filter({
        has: page.locator('span', { hasText: /^Saint-Étienne$/ }),
      });
      await bouton.waitFor({ timeout: 10_000 });
      const attendu = (await getJson(`${base}/api/communes/search?q=st%20etienne`)).features.find(
        (f) => f.properties.nom === 'Saint-Étienne',
      );
      assert.ok(attendu, 'the API finds Saint-Étienne');
      saintEtienne = attendu;
      assert.equal(await bouton.getAttribute('data-code'), attendu.properties.code);
      // Arrow down from the box reaches the first result.
      await page.focus('#q');
      await page.keyboard.press('ArrowDown');
      const focus = await page.evaluate(() => document.activeElement?.closest('#resultats') !== null);
      assert.ok(focus, 'ArrowDown does not move the focus to the results');
    });

    await t.test('clicking Saint-Étienne moves the map onto it', async () => {
      const avant = await page.evaluate(() => ({ ...window.maillageMap.getCenter(), zoom: window.maillageMap.getZoom() }));
      await page
        .locator('#resultats button')
        .filter({ has: page.locator('span', { hasText: /^Saint-Étienne$/ }) })
        .click();
      // The page asks for the commune's outline first, then moves: wait for it to say so.
      await page.locator('#etat-recherche', { hasText: 'Carte centrée sur Saint-Étienne' }).waitFor({ timeout: 10_000 });
      await attendreCarteImmobile(page);
      const apres = await page.evaluate(() => ({ ...window.maillageMap.getCenter(), zoom: window.maillageMap.getZoom() }));
      assert.ok(apres.zoom > avant.zoom + 2, `zoom ${avant.zoom} → ${apres.zoom}`);
      const [lon, lat] = saintEtienne.geometry.coordinates;
      const visible = await page.evaluate(([x, y]) => window.maillageMap.getBounds().contains([x, y]), [lon, lat]);
      assert.ok(visible, `Saint-Étienne (${lon}, ${lat}) is not in view; centre ${apres.lng}, ${apres.lat}`);
      assert.ok(Math.abs(apres.lng - lon) < 0.1 && Math.abs(apres.lat - lat) < 0.1, `centre ${apres.lng}, ${apres.lat}`);
      await page.screenshot({ path: join(sorties, 'carte-saint-etienne.png') });
    });

    await t.test('a place circle opens a popup with its details', async (st) => {
      if (lieuxApi.total === 0) {
        // No places in this database: the layer must then be empty too.
        const cercles = await page.evaluate(() => window.maillageMap.queryRenderedFeatures({ layers: ['lieux'] }).length);
        assert.equal(cercles, 0);
        st.diagnostic('no places in the database: popup not checked');
        return;
      }
      // A place drawn in the current view, or else the first place of the API.
      let cible = await premierLieuVisible(page);
      if (!cible) {
        const premier = (await getJson(`${base}/api/places?limit=1`)).features[0];
        await page.evaluate((c) => window.maillageMap.jumpTo({ center: c, zoom: 13 }), premier.geometry.coordinates);
        await attendreCarteImmobile(page);
        cible = await premierLieuVisible(page);
      }
      assert.ok(cible, 'no place circle rendered');
      const cadre = await page.locator('#map').boundingBox();
      await page.mouse.click(cadre.x + cible.x, cadre.y + cible.y);
      const fiche = page.locator('.maplibregl-popup .fiche-lieu');
      await fiche.waitFor({ timeout: 5_000 });
      const titre = await fiche.locator('h3').textContent();
      assert.ok(cible.noms.includes(titre), `popup "${titre}" is none of ${cible.noms.join(' | ')}`);
      const texte = await fiche.textContent();
      for (const rubrique of ['Horaires', 'Services', 'Frais']) assert.ok(texte.includes(rubrique), `no ${rubrique} in the popup`);
      // The popup shows what the API says about that place.
      const api = (await getJson(`${base}/api/places?limit=50000`)).features.find((f) => f.properties.nom === titre);
      if (api.properties.horaires) assert.ok(texte.includes(api.properties.horaires), 'hours missing from the popup');
      await page.screenshot({ path: join(sorties, 'popup-lieu.png') });
    });

    await t.test('axe-core finds no serious or critical violation', async () => {
      assert.deepEqual(await violationsGraves(page), []);
    });

    await t.test('no script error and no request outside this server', () => {
      assert.deepEqual(erreurs, []);
      assert.deepEqual(externes, []);
    });
  } finally {
    await arreter(navigateur, serveur, dossier);
  }
});

/** Mean of [lon, lat] positions. */
function moyenne(points) {
  const s = points.reduce((a, [x, y]) => [a[0] + x, a[1] + y], [0, 0]);
  return [s[0] / points.length, s[1] / points.length];
}

/** Pixel of a rendered place inside the map (away from its edges), with the names found there. */
function premierLieuVisible(page) {
  return page.evaluate(() => {
    const m = window.maillageMap;
    const { width, height } = m.getCanvas().getBoundingClientRect();
    for (const f of m.queryRenderedFeatures({ layers: ['lieux'] })) {
      const p = m.project(f.geometry.coordinates);
      if (p.x > 60 && p.y > 60 && p.x < width - 60 && p.y < height - 60) {
        const noms = m.queryRenderedFeatures(p, { layers: ['lieux'] }).map((g) => g.properties.nom);
        return { x: p.x, y: p.y, noms };
      }
    }
    return null;
  });
}
