// Runs the simulator pages of aci_cpts_2019 and of avenant_2_proposition_2020 (an amendment with
// a date of effect: base values before it, its supplement paid on it) in headless Chromium
// (file://, no network): fills the form for four cases, and checks that the payments and yearly totals shown are those of
// `clause eval` on the same cases; no console error; an axe-core audit (WCAG 2.1 A and AA) with
// no serious or critical violation. Screenshots of each filled page go to the screenshots folder.
// Usage: node check_simulator.js SITE_DIR CLAUSE_BINARY [SCREENSHOT_DIR]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');

const CASES = [
  {
    name: 'taille 3, missions démarrées, crise',
    form: { 'entree-habitants': '95 000', signature: '2020-03-15', crises: '2022-01-10',
      'debut-acces_aux_soins': '2020-06-01', 'atteinte-acces_aux_soins': '0,8',
      'debut-parcours': '2021-01-01', 'atteinte-parcours': '1' },
    engage: ['qualite'],
    json: { entrees: { habitants: '95 000' }, contrat: { signature: '2020-03-15', crises: ['2022-01-10'], missions: {
      acces_aux_soins: { debut: '2020-06-01', atteinte: '0,8' }, parcours: { debut: '2021-01-01', atteinte: '1' },
      prevention: {}, qualite: {} } } },
  },
  {
    name: 'seuil de 40 000, signature le 29 février',
    form: { 'entree-habitants': '40000', signature: '2020-02-29', jusqu_au: '2023-02-28',
      'debut-prevention': '2020-08-31', 'atteinte-prevention': '0,333' },
    engage: [],
    json: { entrees: { habitants: '40000' }, contrat: { signature: '2020-02-29', jusqu_au: '2023-02-28', missions: {
      acces_aux_soins: {}, parcours: {}, prevention: { debut: '2020-08-31', atteinte: '0,333' } } } },
  },
  {
    name: 'avenant 2, contrat signé avant sa date d\'effet : le supplément versé le 4 novembre 2020',
    version: 'avenant_2_proposition_2020',
    form: { 'entree-habitants': '95000', signature: '2020-03-01', jusqu_au: '2023-06-30',
      lettre_intention: '2020-01-10', crises: '2020-06-01, 2021-02-01', 'debut-crise_sanitaire': '2020-05-01',
      'debut-parcours': '2020-09-01', 'atteinte-parcours': '0,8' },
    engage: [],
    json: { entrees: { habitants: '95000' }, contrat: { signature: '2020-03-01', jusqu_au: '2023-06-30',
      lettre_intention: '2020-01-10', crises: ['2020-06-01', '2021-02-01'], missions: {
        acces_aux_soins: {}, parcours: { debut: '2020-09-01', atteinte: '0,8' }, prevention: {},
        crise_sanitaire: { debut: '2020-05-01' } } } },
  },
  {
    name: 'sans contrat : la tranche et les montants annuels',
    form: { 'entree-habitants': '175000' },
    engage: [],
    json: { entrees: { habitants: '175000' } },
  },
];

(async () => {
  const site = path.resolve(process.argv[2] || 'target/clause-site');
  const clause = path.resolve(process.argv[3] || 'target/release/clause');
  const shots = path.resolve(process.argv[4] || 'target/site-screenshots');
  fs.mkdirSync(shots, { recursive: true });
  const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const failures = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-simulateur-'));
  for (const [index, kase] of CASES.entries()) {
    const file = path.join(scratch, `cas${index}.json`);
    fs.writeFileSync(file, JSON.stringify(kase.json));
    const version = kase.version || 'aci_cpts_2019';
    const page_path = path.join(site, version, 'simulateur.html');
    const expected = JSON.parse(execFileSync(clause, ['eval', version, '--case', file], { encoding: 'utf8' }));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems = [];
    page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console : ${msg.text()}`); });
    page.on('pageerror', (error) => problems.push(`erreur de page : ${error}`));
    page.on('request', (request) => { if (!request.url().startsWith('file://')) problems.push(`requête réseau : ${request.url()}`); });
    await page.goto('file://' + page_path, { waitUntil: 'load' });
    for (const [id, value] of Object.entries(kase.form)) await page.fill('#' + id, value);
    for (const mission of kase.engage) await page.check('#engage-' + mission);
    await page.click('button[type=submit]');
    await page.waitForSelector('#resultat table');
    const shown = await page.evaluate(() => {
      const rows = (caption) => {
        const table = [...document.querySelectorAll('#resultat table')].find((t) => t.caption.textContent === caption);
        return table ? [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent)) : [];
      };
      return { payments: rows('Versements'), totals: rows('Totaux par année du contrat'), amounts: rows('Montants') };
    });
    const want = {
      payments: expected.versements.map((v) => [v.date, String(v.annee), v.ligne, v.nature, v.source, v.montant]),
      totals: expected.totaux_par_annee.map((t) => [String(t.annee), t.debut ?? '', t.fin ?? '', t.montant]),
      amounts: expected.resultats.map((r) => [r.nom, r.libelle ?? '', r.valeur]),
    };
    for (const key of Object.keys(want)) {
      if (JSON.stringify(shown[key]) !== JSON.stringify(want[key])) {
        problems.push(`${key} : la page montre ${JSON.stringify(shown[key]).slice(0, 300)}, clause eval ${JSON.stringify(want[key]).slice(0, 300)}`);
      }
    }
    await page.addScriptTag({ content: axe });
    const audit = await page.evaluate(async () => {
      const result = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));
    });
    for (const v of audit) {
      if (v.impact === 'serious' || v.impact === 'critical') problems.push(`axe ${v.impact} : ${v.id} (${v.nodes} nœud(s)) ${v.help}`);
      else console.log(`       axe ${v.impact} : ${v.id} ${v.help}`);
    }
    await page.screenshot({ path: path.join(shots, `simulateur_cas${index + 1}.png`), fullPage: true });
    await page.close();
    if (problems.length) {
      failures.push(kase.name);
      console.log(`ÉCHEC  simulateur, ${kase.name}`);
      for (const p of problems) console.log(`       ${p}`);
    } else {
      console.log(`ok     simulateur, ${kase.name} (${want.payments.length} versements, ${want.totals.length} années)`);
    }
  }
  await browser.close();
  process.exit(failures.length ? 1 : 0);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
