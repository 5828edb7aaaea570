// Renders every HTML page of a site built by `clause build` in headless Chromium (file://, no
// network) and fails on any console error or page error, on a page that is not `lang="fr"`, on
// a table without header cells, or on a script anywhere but in a simulator page. Saves a full-page screenshot of each page, and an A4 PDF of the
// index (print stylesheet), under the screenshots folder.
// Usage: node check_site.js SITE_DIR [SCREENSHOT_DIR]
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

function htmlFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...htmlFiles(full));
    else if (entry.name.endsWith('.html')) found.push(full);
  }
  return found.sort();
}

(async () => {
  const site = path.resolve(process.argv[2] || 'target/clause-site');
  const shots = path.resolve(process.argv[3] || 'target/site-screenshots');
  fs.mkdirSync(shots, { recursive: true });
  const pages = htmlFiles(site);
  if (pages.length === 0) {
    console.error(`aucune page HTML dans ${site}`);
    process.exit(1);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const failures = [];
  let passed = 0;
  for (const file of pages) {
    const name = path.relative(site, file);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console : ${msg.text()}`); });
    page.on('pageerror', (error) => problems.push(`erreur de page : ${error}`));
    page.on('requestfailed', (request) => problems.push(`requête échouée : ${request.url()}`));
    page.on('request', (request) => { if (!request.url().startsWith('file://')) problems.push(`requête réseau : ${request.url()}`); });
    await page.goto('file://' + file, { waitUntil: 'load' });
    const facts = await page.evaluate(() => ({
      lang: document.documentElement.getAttribute('lang'),
      title: document.title,
      tables: Array.from(document.querySelectorAll('table')).map((t) => ({
        headers: t.querySelectorAll('thead th').length,
        rows: t.querySelectorAll('tbody tr').length,
        caption: t.caption ? t.caption.textContent : '',
      })),
      scripts: document.querySelectorAll('script').length,
      charts: Array.from(document.querySelectorAll('figure')).map((f) => ({
        svg: f.querySelectorAll('svg').length,
        texts: f.querySelectorAll('svg text').length,
        caption: f.querySelector('figcaption') ? f.querySelector('figcaption').textContent : '',
        label: (f.querySelector('[role="img"]') || { getAttribute: () => '' }).getAttribute('aria-label'),
        width: f.querySelector('svg') ? f.querySelector('svg').getBoundingClientRect().width : 0,
      })),
      overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
    }));
    if (facts.lang !== 'fr') problems.push(`lang="${facts.lang}" au lieu de "fr"`);
    if (!facts.title) problems.push('page sans titre');
    // The simulator is the only page with a script (one, inlined); check_simulator.js runs it.
    // Every version has one, avenant 2 (dates of effect) included.
    const simulator = name.endsWith('simulateur.html');
    if (simulator ? facts.scripts !== 1 : facts.scripts > 0) problems.push(`${facts.scripts} élément(s) script`);
    if (facts.overflow) problems.push('la page déborde horizontalement à 1280 px');
    // A costing page: three charts, each an SVG with its labels, a caption and an accessible name.
    if (name.endsWith('.chiffrage.html')) {
      if (facts.charts.length !== 3) problems.push(`${facts.charts.length} graphiques au lieu de 3`);
      facts.charts.forEach((c, i) => {
        if (c.svg !== 1 || c.texts < 3 || c.width < 100) problems.push(`graphique ${i + 1} : SVG absent, vide ou sans libellés`);
        if (!c.caption || c.caption !== c.label) problems.push(`graphique ${i + 1} sans légende ni nom accessible`);
      });
    }
    facts.tables.forEach((t, i) => { if (t.headers === 0) problems.push(`tableau ${i + 1} (${t.caption}) sans en-têtes`); });
    const shot = path.join(shots, name.replace(/[\\/]/g, '__').replace(/\.html$/, '.png'));
    await page.screenshot({ path: shot, fullPage: true });
    if (name === 'index.html' || name === path.join('aci_cpts_2019', 'index.html')) {
      await page.pdf({ path: shot.replace(/\.png$/, '.pdf'), format: 'A4', printBackground: true });
    }
    await page.close();
    if (problems.length) {
      failures.push(name);
      console.log(`ÉCHEC  ${name}`);
      for (const p of problems) console.log(`       ${p}`);
    } else {
      passed += 1;
      console.log(`ok     ${name} (${facts.tables.length} tableaux)`);
    }
  }
  await browser.close();
  console.log(`${passed} passed, ${failures.length} failed`);
  process.exit(failures.length ? 1 : 0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
