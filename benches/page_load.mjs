// First load of the map page: bytes received (bodies as sent, compressed, and headers) and time until the page
// says it is usable (body[data-ready="true"]: counts shown, map drawn and idle), in headless
// Chromium with an empty cache, 1280×800. Run by benches/tiles.sh.
// Usage: node benches/page_load.mjs URL RUNS
import { chromium } from 'playwright-core';
import { lancement } from '../tests/browser/helpers.mjs';

const [url, runs = '3'] = process.argv.slice(2);
const navigateur = await chromium.launch(lancement);
const mesures = [];
for (let i = 0; i < Number(runs); i++) {
  const contexte = await navigateur.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await contexte.newPage();
  // Playwright sees the requests of the page and of its workers (MapLibre fetches tiles from one).
  const tailles = [];
  page.on('requestfinished', (r) => tailles.push(r.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)));
  const debut = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 300_000 });
  const ms = Date.now() - debut;
  const pret = await page.evaluate(() => document.body.dataset.ready);
  if (pret !== 'true') throw new Error(`the page says ${pret}`);
  const faites = await Promise.all(tailles);
  const octets = faites.reduce((a, b) => a + b, 0);
  const requetes = faites.length;
  mesures.push({ ms, octets, requetes });
  await contexte.close();
}
await navigateur.close();
const med = (cle) => mesures.map((m) => m[cle]).sort((a, b) => a - b)[Math.floor(mesures.length / 2)];
console.log(
  `${url}: ${(med('octets') / 1e6).toFixed(2)} MB in ${med('requetes')} requests, usable after ${(med('ms') / 1000).toFixed(2)} s ` +
    `(median of ${mesures.length}; each: ${mesures.map((m) => `${(m.ms / 1000).toFixed(2)} s`).join(', ')})`,
);
