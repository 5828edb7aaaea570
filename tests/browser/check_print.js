// Prints every reference document of a site built by `clause build` (each version's page and each
// comparison) the way a legal team prints it, A4 with the print stylesheet, in headless Chromium,
// and checks from the layout, not by eye:
//   - no table row is split across two pages;
//   - no mission group (its heading and its lines) is split across two pages;
//   - no total is separated from its table (the total row shares its page with the line above);
//   - the printed PDF's foot carries « page N sur M » and the document's title.
// The pages are measured with page boxes: the print media is emulated and the document body is
// laid out in fixed A4 content boxes (182 mm × 263 mm, the @page margins of style.rs) through CSS
// fragmentation (columns of exactly that size), which follows the same break rules as pages
// (`break-inside`, `break-before`); each row's fragments then tell on which box it lies.
// The real PDF of each page (page.pdf, preferCSSPageSize) is kept under OUT_DIR as an artifact.
// Usage: node check_print.js SITE_DIR [OUT_DIR]
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');

// Each version's page (`VERSION/index.html`) and each comparison (`comparaisons/*.html`, not
// the costing pages, which are tools).
function documents(site) {
  const found = [];
  for (const entry of fs.readdirSync(site, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(site, entry.name);
    if (entry.name === 'comparaisons') {
      for (const f of fs.readdirSync(dir)) {
        if (f.endsWith('.html') && !f.includes('chiffrage')) found.push(path.join(dir, f));
      }
    } else if (fs.existsSync(path.join(dir, 'index.html'))) {
      found.push(path.join(dir, 'index.html'));
    }
  }
  return found.sort();
}

// In the page: each table row's box index, from the fragments of its layout.
function measure() {
  const main = document.querySelector('main');
  const left = main.getBoundingClientRect().left;
  const column = (rect) => Math.floor((rect.left - left + 1) / window.__boxStride);
  const rows = [];
  document.querySelectorAll('table').forEach((table, t) => {
    const caption = table.caption ? table.caption.textContent.trim() : `tableau ${t + 1}`;
    table.querySelectorAll('tr').forEach((tr, r) => {
      const rects = Array.from(tr.getClientRects()).filter((x) => x.height > 0.5);
      rows.push({
        table: t,
        caption,
        index: r,
        text: tr.textContent.replace(/\s+/g, ' ').trim().slice(0, 60),
        total: tr.classList.contains('total'),
        head: tr.parentElement.tagName === 'THEAD',
        group: tr.parentElement.classList.contains('group') ? Array.from(table.tBodies).indexOf(tr.parentElement) : -1,
        boxes: Array.from(new Set(rects.map(column))),
      });
    });
  });
  return { rows };
}

(async () => {
  const site = path.resolve(process.argv[2] || 'target/clause-site');
  const out = path.resolve(process.argv[3] || 'target/site-print');
  fs.mkdirSync(out, { recursive: true });
  const pages = documents(site);
  if (pages.length < 4) {
    console.error(`${pages.length} document(s) seulement dans ${site}`);
    process.exit(1);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const failures = [];
  let checkedRows = 0;
  let totals = 0;
  for (const file of pages) {
    const name = path.relative(site, file);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto('file://' + file, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const title = await page.title();

    // The real print: A4, the stylesheet's @page, its margin boxes.
    const pdf = path.join(out, name.replace(/[\\/]/g, '__').replace(/\.html$/, '.pdf'));
    await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
    try {
      const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      const pages = (text.match(/page \d+ sur (\d+)/) || [])[1];
      if (!pages) failures.push(`${name} : pas de « page N sur M » au pied des pages imprimées`);
      const words = title.replace(/\s+/g, ' ').split(' ').slice(0, 4).join(' ');
      if (!text.includes(words)) failures.push(`${name} : le titre « ${title} » n'est pas au pied des pages`);
    } catch (error) {
      failures.push(`${name} : pdftotext (poppler-utils) : ${error.message}`);
    }

    // Page boxes: 210 − 2 × 14 mm wide, 297 − 16 − 18 mm high (style.rs, @page margins).
    await page.addStyleTag({ content: `
      html, body { margin: 0 !important; padding: 0 !important; }
      footer { display: none !important; }
      main { width: 182mm !important; max-width: none !important; padding: 0 !important; margin: 0 !important;
             height: 263mm !important; column-width: 182mm !important; column-count: auto !important;
             column-gap: 10mm !important; column-fill: auto !important; overflow: visible !important; }` });
    await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.style.width = '192mm';
      document.body.appendChild(probe);
      window.__boxStride = probe.getBoundingClientRect().width;
      probe.remove();
    });
    await page.setViewportSize({ width: 800, height: 1100 });
    const { rows } = await page.evaluate(measure);
    for (const row of rows) {
      if (row.boxes.length > 1) failures.push(`${name} : la ligne « ${row.text} » (${row.caption}) est coupée entre deux pages`);
    }
    // A group's rows on one page.
    const groups = new Map();
    for (const row of rows.filter((r) => r.group >= 0)) {
      const key = `${row.table}/${row.group}`;
      groups.set(key, (groups.get(key) || new Set()).add(row.boxes[0]));
    }
    for (const [key, boxes] of groups) {
      if (boxes.size > 1) failures.push(`${name} : le groupe ${key} est coupé entre deux pages`);
    }
    // A total on the page of the line above it.
    rows.forEach((row, i) => {
      if (!row.total) return;
      totals += 1;
      const above = rows[i - 1];
      if (!above || above.table !== row.table || above.head) {
        failures.push(`${name} : total sans ligne au-dessus (${row.caption})`);
      } else if (above.boxes[0] !== row.boxes[0]) {
        failures.push(`${name} : le total « ${row.text} » est seul en haut d'une page, séparé de son tableau (${row.caption})`);
      }
    });
    checkedRows += rows.length;
    await page.close();
  }
  await browser.close();
  if (checkedRows < 50 || totals < 2) failures.push(`trop peu mesuré : ${checkedRows} lignes, ${totals} totaux`);
  if (failures.length) {
    console.error(failures.join('\n'));
    process.exit(1);
  }
  console.log(`${pages.length} documents imprimés en A4 : ${checkedRows} lignes, ${totals} totaux, aucune coupure (PDF dans ${out})`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
