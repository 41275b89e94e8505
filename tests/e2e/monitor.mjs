#!/usr/bin/env node
// tests/e2e/monitor.mjs - the monitor's report in a real browser (CTest: e2e_monitor).
//
// Makes a fresh store in $LW_TMP ($LW_BIN db migrate, import reference) with
// three covenants, their shares, 1,200 trajectories (2007-2010) and some
// spending, written here as CSV and imported through `leerwerk import`. Then:
//  1. `leerwerk monitor report --formaat html --uitvoer FILE`, the national
//     report and one covenant's, opened as files in Debian's Chromium
//     (playwright-core): html lang="nl", one main, the three charts (the
//     line over time, the covenants' bars, the sub-targets' bullets) there
//     and visible, each an <svg role="img"> with a title and a description,
//     lines and bars drawn, no inline style attribute, axe-core (WCAG 2.0/2.1
//     A and AA) without violations, and no sideways scrolling at 320 px;
//  2. `leerwerk serve` and /monitor and /monitor?convenant=RUT: the same
//     charts under the portal's Content-Security-Policy (no console errors),
//     axe, 320 px; and an unknown covenant answers 404.
// Environment as tests/e2e/portal.mjs (LW_BIN, LW_DATA, LW_TMP, LW_WEB,
// LW_STATIC, LW_CHROMIUM). docs/internals/monitor.md, "Progress and reports".

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, startServer, stopServer } from './lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const webDir = process.env.LW_WEB || path.join(root, 'web');
const LW_BIN = process.env.LW_BIN || path.join(root, 'build', 'leerwerk');
const LW_DATA = process.env.LW_DATA || path.join(root, '..', 'shared', 'data');
const LW_TMP = process.env.LW_TMP || path.join(root, 'build', 'test-tmp');
const CHROMIUM = process.env.LW_CHROMIUM || '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AS_OF = '2009-09-30';

const require = createRequire(path.join(webDir, 'package.json'));
let chromium, axeSource;
try {
  ({ chromium } = require('playwright-core'));
  axeSource = require('axe-core').source;
} catch (e) {
  console.error(`FAIL: the npm packages are missing in ${webDir}/node_modules (${e.message})`);
  process.exit(1);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`FAIL: no Chromium at ${CHROMIUM}; install Debian's chromium (scripts/bootstrap)`);
  process.exit(1);
}

const tally = { passed: 0, failed: 0 };
async function step(name, fn) {
  try {
    await fn();
    tally.passed++;
    console.log(`ok: ${name}`);
  } catch (e) {
    tally.failed++;
    console.log(`FAIL: ${name}`);
    for (const line of String(e.message || e).split('\n')) console.log(`      ${line}`);
  }
}

// ---- The data ----------------------------------------------------------------------------

// A small deterministic generator (mulberry32), so every run has the same data.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The n-th number that passes the eleven-test.
function bsn(n) {
  for (let k = n * 11; ; k++) {
    const d = String(10000000 + k).slice(-8).split('').map(Number);
    const sum = d.reduce((s, x, i) => s + (9 - i) * x, 0);
    if (sum % 11 === 10) continue;
    return d.join('') + String(sum % 11);
  }
}

function day(base, offset) {
  const t = new Date(Date.UTC(...base));
  t.setUTCDate(t.getUTCDate() + offset);
  return t.toISOString().slice(0, 10);
}

function writeData(dir) {
  const rand = rng(7);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  fs.writeFileSync(
    path.join(dir, 'convenanten.csv'),
    'code,naam,soort,gebied,sector\nRUT,Regio Utrecht,regionaal,AM13,\n' +
      'ZORG,Zorg en welzijn,sectoraal,,zorg\nANT,Antillen,regionaal,antillen,\n',
  );
  let shares = 'convenant,doel,jaar,waarde\n';
  for (const y of [2008, 2009, 2010])
    shares += `RUT,landelijk,${y},300\nZORG,landelijk,${y},400\nZORG,zorg,${y},350\n`;
  fs.writeFileSync(path.join(dir, 'aandelen.csv'), shares);
  let t = 'convenant,bsn,soort,niveau,sector,gemeente,start,status,statusdatum,resultaat,doelgroepen,leeftijd\n';
  for (let i = 0; i < 1200; i++) {
    const c = pick(['RUT', 'RUT', 'ZORG', 'ZORG', 'ZORG', 'ANT']);
    const start = day([2007, 6, 1], Math.floor(rand() * 1200));
    const r = rand();
    const [y, m, d] = start.split('-').map(Number);
    const [status, when, result] =
      r < 0.5
        ? ['gestart', '', '']
        : r < 0.85
          ? ['afgerond', day([y, m - 1, d], 200), 'diploma']
          : ['gestopt', day([y, m - 1, d], 90), ''];
    const gm = c === 'ANT' ? 'antillen' : c === 'RUT' ? pick(['GM0344', 'GM0307']) : pick(['GM0344', 'GM0014', 'GM0363']);
    const group = pick(['werkzoekende', 'moeilijk-bemiddelbare-werkzoekende', 'werknemer', 'werkende-jongere-zonder-startkwalificatie', '']);
    const age = group === 'werkende-jongere-zonder-startkwalificatie' ? 18 + Math.floor(rand() * 6) : 18 + Math.floor(rand() * 40);
    const sector = c === 'ZORG' ? 'zorg' : pick(['techniek', 'landbouw', 'horeca', 'zorg']);
    t += `${c},${bsn(i + 1)},${pick(['evc', 'duaal'])},${pick(['mbo-2', 'mbo-3', 'mbo-4', 'hbo'])},${sector},${gm},${start},${status},${when},${result},${group},${age}\n`;
  }
  fs.writeFileSync(path.join(dir, 'trajecten.csv'), t);
  fs.writeFileSync(
    path.join(dir, 'uitgaven.csv'),
    'code,begrotingspost,datum,bedrag,convenant,omschrijving\n' +
      'U1,trajecten,2008-03-01,250000,RUT,\nU2,trajecten,2008-04-01,400000,ZORG,\n' +
      'U3,trajecten,2009-03-01,250000,RUT,\nU4,helpdesk,2008-05-01,150000,,\n',
  );
}

// ---- The checks ----------------------------------------------------------------------------

const CHARTS = ['grafiek-voortgang', 'grafiek-convenanten', 'grafiek-subdoelen'];

async function axeViolations(page) {
  await page.evaluate(axeSource);
  const axe = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return axe.violations.map((v) => `axe ${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// The charts there, visible, named, with something drawn; axe; 320 px.
async function checkReport(page, what, charts) {
  const problems = [];
  const facts = await page.evaluate((ids) => {
    const out = { lang: document.documentElement.lang, mains: document.querySelectorAll('main').length, charts: {} };
    out.inline = document.querySelectorAll('[style]').length;
    for (const id of ids) {
      const svg = document.getElementById(id);
      if (!svg) continue;
      const r = svg.getBoundingClientRect();
      const labels = (svg.getAttribute('aria-labelledby') || '').split(/\s+/).map((x) => document.getElementById(x));
      out.charts[id] = {
        role: svg.getAttribute('role'),
        width: r.width,
        height: r.height,
        visible: getComputedStyle(svg).visibility === 'visible' && getComputedStyle(svg).display !== 'none',
        title: svg.querySelector('title') ? svg.querySelector('title').textContent.trim() : '',
        desc: svg.querySelector('desc') ? svg.querySelector('desc').textContent.trim() : '',
        labelled: labels.length === 2 && labels.every((l) => l && l.textContent.trim()),
        drawn: svg.querySelectorAll('polyline, rect').length,
      };
    }
    return out;
  }, CHARTS);
  if (facts.lang !== 'nl') problems.push(`<html lang="${facts.lang}">, want nl`);
  if (facts.mains !== 1) problems.push(`${facts.mains} main landmarks, want 1`);
  if (facts.inline) problems.push(`${facts.inline} style attributes`);
  for (const id of charts) {
    const c = facts.charts[id];
    if (!c) {
      problems.push(`no chart #${id}`);
      continue;
    }
    if (c.role !== 'img') problems.push(`#${id}: role="${c.role}", want img`);
    if (!c.visible || c.width < 200 || c.height < 60) problems.push(`#${id}: not visible (${c.width} x ${c.height})`);
    if (!c.title || c.desc.length < 40 || !c.labelled) problems.push(`#${id}: no title and description naming it`);
    if (c.drawn < 2) problems.push(`#${id}: nothing drawn`);
  }
  const lines = await page.evaluate(() => {
    const svg = document.getElementById('grafiek-voortgang');
    return svg ? [...svg.querySelectorAll('polyline')].map((p) => p.getAttribute('points').split(' ').length) : [];
  });
  if (charts.includes('grafiek-voortgang') && !lines.some((n) => n >= 10))
    problems.push(`#grafiek-voortgang: no line of the realised count over time (${lines})`);
  problems.push(...(await axeViolations(page)));
  await page.setViewportSize({ width: 320, height: 640 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  if (wide > 0) problems.push(`scrolls sideways by ${wide} px at 320 px`);
  if (problems.length) throw new Error(problems.map((p) => `${what}: ${p}`).join('\n'));
}

// ---- Main ----------------------------------------------------------------------------------

async function main() {
  const dir = path.join(LW_TMP, `e2e_monitor-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    LEERWERK_DB: path.join(dir, 'leerwerk.db'),
    LEERWERK_DATA: LW_DATA,
    LEERWERK_PSEUDONIEM_SLEUTEL: '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff',
  };
  if (process.env.LW_STATIC) env.LEERWERK_STATIC = process.env.LW_STATIC;
  delete env.LEERWERK_LISTEN;
  writeData(dir);
  run(LW_BIN, ['db', 'migrate'], env);
  run(LW_BIN, ['import', 'reference'], env);
  run(LW_BIN, ['import', 'convenanten', path.join(dir, 'convenanten.csv')], env);
  run(LW_BIN, ['import', 'convenant-aandelen', path.join(dir, 'aandelen.csv')], env);
  run(LW_BIN, ['import', 'trajecten', path.join(dir, 'trajecten.csv')], env);
  run(LW_BIN, ['import', 'uitgaven', path.join(dir, 'uitgaven.csv')], env);
  const national = path.join(dir, 'rapport.html');
  const covenant = path.join(dir, 'rapport-zorg.html');
  run(LW_BIN, ['monitor', 'report', '--peildatum', AS_OF, '--formaat', 'html', '--uitvoer', national], env);
  run(LW_BIN, ['monitor', 'report', '--peildatum', AS_OF, '--convenant', 'ZORG', '--formaat', 'html', '--uitvoer', covenant], env);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  let server;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
    const page = await context.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));

    await step('the national report file shows its three charts', async () => {
      await page.goto('file://' + national, { waitUntil: 'load' });
      await checkReport(page, 'rapport.html', CHARTS);
    });
    await step("a covenant's report file shows its charts", async () => {
      await page.goto('file://' + covenant, { waitUntil: 'load' });
      await checkReport(page, 'rapport-zorg.html', ['grafiek-voortgang', 'grafiek-subdoelen']);
    });

    server = await startServer(LW_BIN, env, 2);
    for (const [url, charts] of [
      ['/monitor', CHARTS],
      ['/monitor?convenant=RUT', ['grafiek-voortgang']],
    ])
      await step(`the portal's ${url} under its Content-Security-Policy`, async () => {
        errors.length = 0;
        const resp = await page.goto(server.base + url, { waitUntil: 'load' });
        if (resp.status() !== 200) throw new Error(`${url}: status ${resp.status()}`);
        const csp = resp.headers()['content-security-policy'] || '';
        if (!/default-src 'self'/.test(csp)) throw new Error(`${url}: no strict Content-Security-Policy (${csp})`);
        await checkReport(page, url, charts);
        if (errors.length) throw new Error(`${url}: browser console: ${errors.join('; ')}`);
      });
    await step('an unknown covenant is a 404 page', async () => {
      const resp = await page.goto(server.base + '/monitor?convenant=GEEN', { waitUntil: 'load' });
      if (resp.status() !== 404) throw new Error(`status ${resp.status()}, want 404`);
    });
  } finally {
    await browser.close().catch(() => {});
    if (server) {
      const { code } = await stopServer(server);
      if (code !== 0) {
        tally.failed++;
        console.log(`FAIL: the server exited with ${code} on SIGTERM`);
      }
    }
  }
  if (tally.failed === 0) fs.rmSync(dir, { recursive: true, force: true });
}

try {
  await main();
} catch (e) {
  tally.failed++;
  console.log(`FAIL: ${e.stack || e}`);
}
console.log(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed === 0 ? 0 : 1);
