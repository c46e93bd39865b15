// Helpers shared by the browser tests: the server under test, Chromium's flags, small waits.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const racine = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const binaire = process.env.MAILLAGE_BIN ?? join(racine, 'target/release/maillage');
export const sorties = join(racine, 'tests/output');

/** Starts `maillage serve` on a port chosen by the system; resolves with its base URL. */
export function demarrerServeur(db) {
  // The pages and territory built into the binary, as a user gets them.
  const serveur = spawn(binaire, ['--db', db, 'serve', '--addr', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let journal = '';
  const adresse = new Promise((ok, echec) => {
    const delai = setTimeout(() => echec(new Error(`no "listening on" after 180 s:\n${journal}`)), 180_000);
    serveur.stderr.setEncoding('utf8');
    serveur.stderr.on('data', (morceau) => {
      journal += morceau;
    });
    serveur.stdout.setEncoding('utf8');
    serveur.stdout.on('data', (morceau) => {
      journal += morceau;
      const m = journal.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(delai);
        ok(m[1]);
      }
    });
    serveur.on('exit', (code) => {
      clearTimeout(delai);
      echec(new Error(`${binaire} exited with ${code} before listening:\n${journal}`));
    });
    serveur.on('error', (e) => {
      clearTimeout(delai);
      echec(e);
    });
  });
  return { serveur, adresse };
}

export async function getJson(url) {
  const r = await fetch(url);
  assert.equal(r.status, 200, `GET ${url}`);
  return r.json();
}

/**
 * Watches a page: its errors (exceptions, console errors, HTTP ≥ 400) and every request that
 * leaves `base`; both lists must stay empty.
 */
export function surveiller(page, base) {
  const erreurs = [];
  const externes = [];
  page.on('pageerror', (e) => erreurs.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && erreurs.push(`console: ${m.text()}`));
  page.on('response', (r) => r.status() >= 400 && erreurs.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on('request', (r) => !r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:') && externes.push(r.url()));
  return { erreurs, externes };
}

/** Waits until the map has finished moving and drawing. */
export function attendreCarteImmobile(page) {
  return page.evaluate(
    () =>
      new Promise((ok) => {
        const m = window.maillageMap;
        const fini = () => (m.isMoving() ? m.once('moveend', () => m.once('idle', ok)) : m.once('idle', ok));
        fini();
        m.triggerRepaint(); // makes sure an idle event comes even if nothing changes
      }),
  );
}

/** Chromium and its flags: no GPU, so WebGL runs on SwiftShader. */
export const lancement = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--enable-unsafe-swiftshader',
  ],
};

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe violations of the page, as readable lines (empty when none). */
export async function violationsGraves(page) {
  // Evaluated through the debugging protocol, so the page's CSP stays in force.
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => window.axe.run(document));
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Presses Tab until `predicate` holds for the focused element (at most `max` presses). */
export async function tabJusqua(page, predicate, max = 60, arg = null) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate, arg)) return;
  }
  throw new Error(`focus never reached: ${predicate}`);
}

/** The end of every browser test: closes Chromium, stops the server, removes the work folder. */
export async function arreter(navigateur, serveur, dossier) {
  await navigateur?.close();
  if (serveur.exitCode === null) {
    serveur.kill('SIGTERM');
    await once(serveur, 'exit');
  }
  rmSync(dossier, { recursive: true, force: true });
}
