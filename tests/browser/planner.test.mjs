// Browser test of the planner's page: starts the release binary on a fresh database (the embedded
// territory), opens /planner.html in headless Chromium, and checks the choropleth's legend, the
// totals, a click on a commune, the sortable gap table, the site suggestions, the downloads and
// accessibility against what the API answers.
//
// Run: cargo build --release && npm run test:browser
// Env: as map.test.mjs (MAILLAGE_BIN, CHROMIUM, MAILLAGE_SEED_DB); PLANNER_DEPARTEMENT (default 63).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { arreter, attendreCarteImmobile, binaire, demarrerServeur, getJson, lancement, sorties, surveiller, violationsGraves } from './helpers.mjs';

const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

test('the planner page draws coverage, answers clicks, sorts gaps, suggests sites and exports', { timeout: 600_000 }, async (t) => {
  assert.ok(existsSync(binaire), `${binaire} is missing: run \`cargo build --release\` first (or set MAILLAGE_BIN)`);
  mkdirSync(sorties, { recursive: true });
  const dossier = mkdtempSync(join(tmpdir(), 'maillage-planner-'));
  const db = join(dossier, 'maillage.db');
  if (process.env.MAILLAGE_SEED_DB) copyFileSync(process.env.MAILLAGE_SEED_DB, db);
  const { serveur, adresse } = demarrerServeur(db);
  let navigateur;
  try {
    const base = await adresse;
    navigateur = await chromium.launch(lancement);
    const page = await navigateur.newPage({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });

    const { erreurs, externes } = surveiller(page, base);

    const { rows: departements } = await getJson(`${base}/api/coverage?level=departement&format=json`);
    assert.ok(departements.length > 0, 'the API has départements');
    const voulu = process.env.PLANNER_DEPARTEMENT ?? '63';
    const dep = departements.some((r) => r.code === voulu) ? voulu : departements.at(-1).code;
    const couverture = await getJson(`${base}/api/coverage?departement=${dep}&format=geojson`);
    const communes = couverture.features;
    assert.ok(communes.length > 10, `département ${dep} has ${communes.length} communes`);

    await t.test('the page loads the first département, then the chosen one', async () => {
      await page.goto(`${base}/planner.html`);
      await attendrePret(page, departements[0].code);
      const options = await page.locator('#departement option').evaluateAll((os) => os.map((o) => o.value));
      assert.deepEqual(options, departements.map((r) => r.code));
      await page.selectOption('#departement', dep);
      await attendrePret(page, dep);
      assert.equal(new URL(page.url()).searchParams.get('departement'), dep, 'the URL keeps the département');
    });

    await t.test('the legend of times counts every commune in the right class', async () => {
      assert.equal(await page.inputValue('#indicateur'), 'nearest_min');
      const legende = await lireLegende(page);
      const somme = legende.reduce((s, c) => s + c.nombre, 0);
      assert.equal(somme, communes.length, `legend counts ${JSON.stringify(legende)}`);
      // The fixed breaks 0–5–10–15–20–30–∞ and "non joignable", counted here from the API's times.
      const bornes = [0, 5, 10, 15, 20, 30, Infinity];
      const attendu = bornes.slice(0, -1).map((min, i) =>
        communes.filter((f) => f.properties.nearest_min != null && f.properties.nearest_min >= min && f.properties.nearest_min < bornes[i + 1]).length);
      const nulles = communes.filter((f) => f.properties.nearest_min == null).length;
      if (nulles > 0) attendu.push(nulles);
      assert.deepEqual(legende.map((c) => c.nombre), attendu);
      assert.equal(new Set(legende.map((c) => c.couleur)).size, legende.length, 'each class has its own colour');
      assert.match(legende[0].libelle, /moins de 5 min/);

      const rendues = await page.evaluate(() => window.maillageMap.queryRenderedFeatures({ layers: ['communes-remplissage'] }).length);
      assert.ok(rendues >= communes.length / 2, `only ${rendues} commune polygons rendered`);
      await page.screenshot({ path: join(sorties, 'planner-temps.png') });
    });

    await t.test('the totals and the model are those of the API', async () => {
      const { total, model } = await getJson(`${base}/api/coverage?departement=${dep}&level=departement&format=json`);
      const population = page.locator('#totaux [data-champ="population"]');
      assert.equal(Number(await population.getAttribute('data-value')), total.population);
      assert.equal(Number((await population.locator('dd').textContent()).replace(/\D/g, '')), total.population);
      for (const cle of ['share_within_15', 'share_within_20', 'share_within_30', 'share_within_30_france_services']) {
        const texte = await page.locator(`#totaux [data-champ="${cle}"] dd`).textContent();
        assert.equal(parseFloat(texte.replace(',', '.')), Math.round(total[cle] * 1000) / 10, `${cle}: ${texte}`);
      }
      assert.equal(await page.locator('#modele').getAttribute('data-model'), model);
      assert.match(await page.locator('#modele').textContent(), model === 'road' ? /route/ : /vol d’oiseau/);
    });

    await t.test('another indicator gets quantile classes that still count every commune', async () => {
      await page.selectOption('#indicateur', 'e2sfca');
      const legende = await lireLegende(page);
      assert.equal(legende.reduce((s, c) => s + c.nombre, 0), communes.length);
      assert.ok(legende.length >= 3, `only ${legende.length} classes`);
      assert.match(await page.locator('#legende-titre').textContent(), /E2SFCA/);
      await attendreCarteImmobile(page);
      await page.screenshot({ path: join(sorties, 'planner-e2sfca.png') });
      await page.selectOption('#indicateur', 'nearest_min');
      await attendreCarteImmobile(page);
    });

    await t.test('a click on a commune shows its name and time as the API gives them', async () => {
      const points = (await getJson(`${base}/api/communes?departement=${dep}&geometry=point`)).features;
      const candidats = points
        .filter((f) => f.geometry)
        .sort((a, b) => (b.properties.population ?? 0) - (a.properties.population ?? 0))
        .map((f) => ({ code: f.properties.code, position: f.geometry.coordinates }));
      const cible = await page.evaluate((liste) => {
        const m = window.maillageMap;
        const { width, height } = m.getCanvas().getBoundingClientRect();
        for (const { code, position } of liste) {
          const p = m.project(position);
          if (p.x < 340 || p.y < 60 || p.x > width - 60 || p.y > height - 40) continue; // clear of the card and controls
          const sous = m.queryRenderedFeatures(p, { layers: ['communes-remplissage'] });
          if (sous.length === 1 && sous[0].properties.code === code) return { code, x: p.x, y: p.y };
        }
        return null;
      }, candidats);
      assert.ok(cible, 'no commune point to click on');
      const cadre = await page.locator('#map').boundingBox();
      await page.mouse.click(cadre.x + cible.x, cadre.y + cible.y);
      const fiche = page.locator(`#fiche[data-code="${cible.code}"]`);
      await fiche.waitFor({ state: 'visible', timeout: 10_000 });
      const { commune } = await getJson(`${base}/api/communes/${cible.code}/coverage`);
      assert.equal(await fiche.locator('h3').textContent(), commune.nom);
      const temps = fiche.locator('dd[data-champ="nearest_min"]');
      assert.equal(await temps.getAttribute('data-value'), String(commune.nearest_min));
      const texte = await temps.textContent();
      if (commune.nearest_min == null) assert.match(texte, /aucun lieu joignable/);
      else assert.ok(texte.startsWith(`${decimal.format(commune.nearest_min)} min`), `"${texte}" for ${commune.nearest_min}`);
      const filtre = await page.evaluate(() => window.maillageMap.getFilter('commune-choisie'));
      assert.deepEqual(filtre, ['==', ['get', 'code'], cible.code], 'the commune is outlined');
      await attendreCarteImmobile(page);
      await page.screenshot({ path: join(sorties, 'planner-commune.png') });
    });

    await t.test('the gap table sorts by population, time and score with aria-sort', async () => {
      await page.selectOption('#seuil-manques', '15');
      const api = await getJson(`${base}/api/gaps?departement=${dep}&minutes=15`);
      assert.ok(api.gaps.length >= 3, `only ${api.gaps.length} gaps at 15 min in ${dep}: choose another PLANNER_DEPARTEMENT`);
      const lignes = page.locator('#manques tbody tr');
      await page.waitForFunction((n) => document.querySelectorAll('#manques tbody tr').length === n, api.gaps.length);
      assert.deepEqual(await lignes.evaluateAll((trs) => trs.map((tr) => tr.dataset.code)), api.gaps.map((g) => g.code), 'API order first');
      assert.match(await page.locator('#resume-manques').textContent(), new RegExp(`^${api.gaps.length} communes`));

      const entete = (cle) => page.locator(`#manques th[data-tri="${cle}"]`);
      const colonne = (i) => lignes.evaluateAll((trs, j) => trs.map((tr) => tr.children[j].dataset.value), i);
      const parPopulation = [...api.gaps].sort((a, b) => b.population - a.population).map((g) => String(g.population));

      await entete('population').locator('button').click();
      assert.equal(await entete('population').getAttribute('aria-sort'), 'descending');
      assert.equal(await entete('gap_score').getAttribute('aria-sort'), null);
      assert.deepEqual(await colonne(2), parPopulation);
      await page.screenshot({ path: join(sorties, 'planner-manques.png') });

      await entete('population').locator('button').click();
      assert.equal(await entete('population').getAttribute('aria-sort'), 'ascending');
      assert.deepEqual(await colonne(2), [...parPopulation].reverse());

      await entete('nearest_min').locator('button').click();
      assert.equal(await entete('nearest_min').getAttribute('aria-sort'), 'descending');
      assert.equal(await entete('population').getAttribute('aria-sort'), null);
      const temps = (await colonne(3)).map((v) => (v === 'null' ? Infinity : Number(v)));
      assert.deepEqual(temps, [...temps].sort((a, b) => b - a));
      assert.deepEqual(
        [...temps].sort((a, b) => a - b),
        api.gaps.map((g) => g.nearest_min ?? Infinity).sort((a, b) => a - b),
      );

      await entete('gap_score').locator('button').click();
      const scores = (await colonne(4)).map(Number);
      assert.deepEqual(scores, api.gaps.map((g) => g.gap_score).sort((a, b) => b - a));

      // A commune's name in the table opens its card.
      const codePremier = await lignes.first().getAttribute('data-code');
      const premier = api.gaps.find((g) => g.code === codePremier);
      await lignes.first().locator('button').click();
      await page.locator(`#fiche[data-code="${premier.code}"]`).waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal(await page.locator('#fiche h3').textContent(), premier.nom);
    });

    await t.test('suggested sites are drawn as numbered markers and listed', async () => {
      const demande = { departement: dep, add: 3, minutes: 20 };
      const r = await fetch(`${base}/api/plan/sites`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(demande),
      });
      assert.equal(r.status, 200, `POST /api/plan/sites: ${r.status} ${await r.clone().text()}`);
      const api = await r.json();
      assert.ok(api.suggestions.length > 0, 'the API suggests at least one site');
      await page.fill('#nb-sites', '3');
      await page.selectOption('#seuil-sites', '20');
      await page.locator('#form-sites button[type="submit"]').click();
      await page.waitForFunction(() => ['true', 'error'].includes(document.body.dataset.sites), null, { timeout: 60_000 });
      assert.equal(await page.evaluate(() => document.body.dataset.sites), 'true', await page.locator('#etat-sites').textContent());
      const marqueurs = page.locator('.marqueur-site');
      assert.equal(await marqueurs.count(), api.suggestions.length);
      assert.deepEqual(await marqueurs.allTextContents(), api.suggestions.map((s) => String(s.rank)));
      assert.deepEqual(await page.locator('#sites li').evaluateAll((lis) => lis.map((li) => li.dataset.code)), api.suggestions.map((s) => s.code));
      await attendreCarteImmobile(page);
      // Each marker stands where the API puts its site.
      for (const s of api.suggestions) {
        const ecart = await page.evaluate(([lon, lat, rang]) => {
          const m = window.maillageMap;
          const p = m.project([lon, lat]);
          const e = [...document.querySelectorAll('.marqueur-site')].find((d) => d.textContent === String(rang)).getBoundingClientRect();
          const c = m.getCanvas().getBoundingClientRect();
          return Math.hypot(e.x + e.width / 2 - c.x - p.x, e.y + e.height / 2 - c.y - p.y);
        }, [s.lon, s.lat, s.rank]);
        assert.ok(ecart < 3, `marker ${s.rank} is ${ecart} px from its site`);
      }
      await page.locator('#fermer-fiche').click();
      assert.ok(await page.locator('#fiche').isHidden(), 'the card closes');
      await page.locator('#sites').scrollIntoViewIfNeeded();
      await attendreCarteImmobile(page);
      await page.screenshot({ path: join(sorties, 'planner-sites.png') });
    });

    await t.test('the download links answer CSV, GeoJSON and xlsx for the département', async () => {
      const csv = await page.locator('#export-csv').getAttribute('href');
      const geojson = await page.locator('#export-geojson').getAttribute('href');
      assert.match(csv, new RegExp(`departement=${dep}\\b`));
      const rc = await fetch(new URL(csv, base));
      assert.equal(rc.status, 200);
      assert.match(rc.headers.get('content-type'), /^text\/csv/);
      const lignes = (await rc.text()).trim().split('\n');
      assert.equal(lignes.length - 1, communes.length, 'one CSV row per commune');
      const rg = await fetch(new URL(geojson, base));
      assert.equal(rg.status, 200);
      assert.match(rg.headers.get('content-type'), /^application\/geo\+json/);
      assert.equal((await rg.json()).features.length, communes.length);
      const xlsx = await page.locator('#export-xlsx').getAttribute('href');
      assert.match(xlsx, new RegExp(`departement=${dep}\\b.*format=xlsx`));
      const rx = await fetch(new URL(xlsx, base));
      assert.equal(rx.status, 200);
      assert.match(rx.headers.get('content-type'), /spreadsheetml\.sheet$/);
      assert.match(rx.headers.get('content-disposition'), /^attachment/);
      const zip = new Uint8Array(await rx.arrayBuffer());
      assert.deepEqual([...zip.slice(0, 2)], [0x50, 0x4b], 'an xlsx is a zip');
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

/** Waits until the page has drawn département `code` (or failed), and fails with its message. */
async function attendrePret(page, code) {
  await page.waitForFunction(
    (c) => document.body.dataset.ready === 'error' || (document.body.dataset.ready === 'true' && document.body.dataset.departement === c),
    code,
    { timeout: 120_000 },
  );
  const pret = await page.evaluate(() => document.body.dataset.ready);
  assert.equal(pret, 'true', `the page did not load: ${await page.locator('#erreur').textContent()}`);
}

/** The legend's classes: label, count and colour. */
function lireLegende(page) {
  return page.locator('#legende li').evaluateAll((lis) =>
    lis.map((li) => ({
      libelle: li.children[1].textContent,
      nombre: Number(li.dataset.count),
      couleur: li.querySelector('.pastille').style.background,
    })),
  );
}
