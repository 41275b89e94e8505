#!/usr/bin/env node
// tests/e2e/portal.mjs - the portal in a real browser (CTest: e2e_portal).
//
// Makes a fresh store in $LW_TMP ($LW_BIN db migrate, import reference from
// $LW_DATA, demo generate --scale 1 --seed 1), starts `$LW_BIN serve` on a
// free port, and drives Debian's Chromium (/usr/bin/chromium) with
// playwright-core. For every page in PAGES, and for a detail page of every
// kind found through the search, it checks: status 200 and HTML, html
// lang="nl", one main landmark, the skip link as the first thing Tab
// reaches and that it moves focus into main, axe-core (WCAG 2.0/2.1 A and
// AA) without violations, a label for every form control, that the style
// sheets load and the page breaks no rule of its Content-Security-Policy,
// and no horizontal scrolling at 320 x 640 CSS px (400% zoom). Then two
// scenarios: a search from the home page (Enter, a facet, page 2) and the
// question form at /vraag (errors beside their fields, input kept, then a
// reference number LW-XXXXXXXX). It also checks the JSON API against a
// schema (ajv).
//
// Every page type exists, so a page that answers 404 fails the test. To try
// the harness against a server without some pages, LW_E2E_STRICT=0 turns a
// 404 into "SKIP: ..." instead.
// At the end the server gets SIGTERM and must exit 0.
//
// Environment (set by CTest, see CMakeLists.txt): LW_BIN, LW_DATA, LW_TMP;
// LW_WEB (web/, whose node_modules hold playwright-core, axe-core, ajv);
// LW_CHROMIUM overrides /usr/bin/chromium. docs/internals/frontend.md.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { run, startServer, stopServer } from './lib.mjs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// ---- What is checked ------------------------------------------------------------------

const STRICT = process.env.LW_E2E_STRICT !== '0';

const PAGES = [
  '/',
  '/voor/werkgever',
  '/voor/werknemer',
  '/voor/student',
  '/voor/professional',
  '/voor/werkzoekende',
  '/zoeken?q=verpleegkundige',
  '/zoeken?q=kok&near=3511&km=25&facets=1',
  '/zoeken?q=xyzzyqq',
  '/loket?plaats=3511',
  '/loket?plaats=Bergen',
  '/zoeken?q=kok&f.niveau=2&sort=datum',
  '/kwalificatie/25180?near=3511',
  '/loketten',
  '/vraag',
  '/helpdesk',
  '/monitor',
];

// A detail page of each kind: the first result of /zoeken?kind=KIND.
const DETAIL_KINDS = [
  'kwalificatie',
  'beroep',
  'opleiding',
  'evc',
  'leerbedrijf',
  'vacature',
  'regeling',
  'loket',
];

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const DESKTOP = { width: 1280, height: 800 };
const NARROW = { width: 320, height: 640 };
const DEADLINE_MS = 150_000; // CTest's TIMEOUT is 180 s; normally ~30 s

// ---- Set-up ---------------------------------------------------------------------------

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const webDir = process.env.LW_WEB || path.join(root, 'web');
const LW_BIN = process.env.LW_BIN || path.join(root, 'build', 'leerwerk');
const LW_DATA = process.env.LW_DATA || path.join(root, '..', 'shared', 'data');
const LW_TMP = process.env.LW_TMP || path.join(root, 'build', 'test-tmp');
const CHROMIUM = process.env.LW_CHROMIUM || '/usr/bin/chromium';

// The npm packages live in web/node_modules, not beside this file: ESM
// imports ignore NODE_PATH, so they are required from web/.
const require = createRequire(path.join(webDir, 'package.json'));
let chromium, axeSource, Ajv, addFormats;
try {
  ({ chromium } = require('playwright-core'));
  axeSource = require('axe-core').source;
  Ajv = require('ajv');
  addFormats = require('ajv-formats');
} catch (e) {
  console.error(`FAIL: the npm packages are missing in ${webDir}/node_modules (${e.message})`);
  console.error('      run scripts/web-deps (make build does)');
  process.exit(1);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`FAIL: no Chromium at ${CHROMIUM}; install Debian's chromium (scripts/bootstrap)`);
  process.exit(1);
}

const tally = { passed: 0, failed: 0, skipped: 0 };
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

class NotThere extends Error {
  constructor(what) {
    super(`${what} answers 404`);
    this.what = what;
  }
}

async function step(name, fn) {
  try {
    await fn();
    tally.passed++;
    console.log(`ok: ${name}`);
  } catch (e) {
    if (e instanceof NotThere && !STRICT) {
      tally.skipped++;
      console.log(`SKIP: ${name}: page ${e.what} not there yet (404)`);
    } else if (e instanceof NotThere) {
      tally.failed++;
      console.log(`FAIL: ${name}: page ${e.what} answers 404 (LW_E2E_STRICT=1)`);
    } else {
      tally.failed++;
      console.log(`FAIL: ${name}`);
      for (const line of String(e && e.stack && !(e instanceof Problems) ? e.stack : e.message).split('\n'))
        console.log(`      ${line}`);
    }
  }
}

// Several problems of one check, reported together.
class Problems extends Error {
  constructor(list) {
    super(list.join('\n'));
  }
}


// ---- The server -----------------------------------------------------------------------



// ---- One page -------------------------------------------------------------------------

let BASE = '';

// Console errors (CSP violations, failed style sheets, script errors) of
// the page since the last call.
function watchConsole(page) {
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`script error: ${e.message}`));
  return () => errors.splice(0, errors.length);
}

async function open(page, url) {
  const resp = await page.goto(BASE + url, { waitUntil: 'load' });
  if (!resp) throw new Error(`${url}: no response`);
  if (resp.status() === 404) throw new NotThere(url);
  return resp;
}

// axe-core on the page as it is now: one line per violation.
async function axeViolations(page) {
  await page.evaluate(axeSource);
  const axe = await page.evaluate(
    (tags) =>
      window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return axe.violations.map(
    (v) =>
      `axe ${v.id} (${v.impact}): ${v.help} [${v.helpUrl}]\n        at ${v.nodes.map((n) => n.target.join(' ')).join('\n        at ')}`,
  );
}

async function checkPage(page, url, consoleErrors, resp) {
  const problems = [];
  if (!resp) {
    consoleErrors();
    resp = await open(page, url);
  }
  if (resp.status() !== 200) problems.push(`status ${resp.status()}, want 200`);
  const type = resp.headers()['content-type'] || '';
  if (!type.startsWith('text/html')) {
    throw new Problems([`${url}: Content-Type '${type}', want text/html`]);
  }

  // Language, landmark, theme, style sheets.
  const basics = await page.evaluate(() => {
    const out = {};
    out.lang = document.documentElement.getAttribute('lang');
    out.mains = document.querySelectorAll('main, [role="main"]').length;
    out.title = document.title.trim();
    out.body = document.body.className;
    out.sheets = [...document.querySelectorAll('link[rel~="stylesheet"]')].map((l) => {
      let rules = -1;
      try {
        rules = l.sheet ? l.sheet.cssRules.length : -1;
      } catch {
        rules = -2;
      }
      return { href: l.getAttribute('href'), rules };
    });
    out.inlineStyles = document.querySelectorAll('[style]').length + document.querySelectorAll('style').length;
    return out;
  });
  if (basics.lang !== 'nl') problems.push(`<html lang="${basics.lang}">, want lang="nl"`);
  if (basics.mains !== 1) problems.push(`${basics.mains} main landmarks, want exactly 1`);
  if (!basics.title) problems.push('empty <title>');
  for (const c of ['utrecht-document', 'leerwerk-theme'])
    if (!basics.body.split(/\s+/).includes(c)) problems.push(`<body> lacks class ${c}`);
  if (basics.sheets.length === 0) problems.push('no style sheet linked');
  for (const s of basics.sheets)
    if (s.rules <= 0) problems.push(`style sheet ${s.href} did not load`);
  if (basics.inlineStyles > 0)
    problems.push(`${basics.inlineStyles} inline style attributes or <style> elements (CSP forbids them)`);

  // axe-core.
  problems.push(...(await axeViolations(page)));

  // Every form control has a label of its own.
  const unlabelled = await page.evaluate(() => {
    const out = [];
    const text = (el) => (el ? el.textContent.trim() : '');
    for (const el of document.querySelectorAll('input, select, textarea')) {
      if (el.type === 'hidden' || ['submit', 'button', 'reset', 'image'].includes(el.type)) continue;
      const labels = el.labels ? [...el.labels].map(text).join(' ') : '';
      const by = (el.getAttribute('aria-labelledby') || '')
        .split(/\s+/)
        .filter(Boolean)
        .map((id) => text(document.getElementById(id)))
        .join(' ');
      const aria = (el.getAttribute('aria-label') || '').trim();
      if (!labels && !by && !aria)
        out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}[name=${el.name}]`);
    }
    return out;
  });
  for (const u of unlabelled) problems.push(`form control without a label: ${u}`);

  // The skip link: the first stop of Tab, visible when focused, and it
  // moves focus into main.
  await page.evaluate(() => {
    if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(() => {
    const a = document.activeElement;
    if (!a || a === document.body) return { error: 'Tab reaches nothing' };
    const href = a.getAttribute('href') || '';
    const r = a.getBoundingClientRect();
    return {
      tag: a.tagName.toLowerCase(),
      href,
      text: a.textContent.trim(),
      visible: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight,
      target: href.startsWith('#') && !!document.getElementById(decodeURIComponent(href.slice(1))),
    };
  });
  if (skip.error) problems.push(`skip link: ${skip.error}`);
  else if (skip.tag !== 'a' || !skip.href.startsWith('#') || !skip.target)
    problems.push(`skip link: the first focusable element is <${skip.tag} href="${skip.href}">, want a link to an id on the page`);
  else {
    if (!skip.visible) problems.push(`skip link "${skip.text}" is not visible when it has focus`);
    await page.keyboard.press('Enter');
    const inMain = await page.evaluate(() => {
      const a = document.activeElement;
      return !!(a && a.closest('main, [role="main"]'));
    });
    if (!inMain) problems.push(`skip link "${skip.text}": after Enter the focus is not in main (give main tabindex="-1")`);
  }

  // Reflow: no horizontal scrolling at 320 CSS px.
  await page.setViewportSize(NARROW);
  const reflow = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const sw = document.documentElement.scrollWidth;
    if (sw <= w) return null;
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > w + 1 && r.width > 0) {
        const id = el.id ? '#' + el.id : '';
        const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
        wide.push(`${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(r.right)} px)`);
      }
    }
    return { w, sw, wide: wide.slice(0, 5) };
  });
  await page.setViewportSize(DESKTOP);
  if (reflow)
    problems.push(`scrolls sideways at ${NARROW.width} px: ${reflow.sw} px wide; past the edge: ${reflow.wide.join(', ')}`);

  for (const e of consoleErrors()) problems.push(`browser console: ${e}`);
  if (problems.length) throw new Problems(problems.map((p) => `${url}: ${p}`));
}

// ---- Scenarios ------------------------------------------------------------------------

async function clickAndWait(page, action) {
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), action()]);
  return resp;
}

async function firstResult(page) {
  return page.evaluate(() => {
    const a = document.querySelector('.lw-result a[href], .lw-results a[href]');
    return a ? a.getAttribute('href') : null;
  });
}

async function scenarioSearch(page) {
  await open(page, '/');
  const box = page.locator('form[role="search"] input[name="q"], input[type="search"][name="q"]').first();
  if ((await box.count()) === 0) throw new Error('/: no search box (input name="q" in a form role="search")');
  await box.fill('verpleegkundige');
  let resp = await clickAndWait(page, () => box.press('Enter'));
  const url1 = new URL(page.url());
  if (resp && resp.status() === 404) throw new NotThere(url1.pathname);
  const problems = [];
  if (!resp || resp.status() !== 200) problems.push(`search: status ${resp && resp.status()}, want 200`);
  if (url1.searchParams.get('q') !== 'verpleegkundige') problems.push(`search: URL ${page.url()} lacks q=verpleegkundige`);
  const kept = await page.locator('input[name="q"]').first().inputValue().catch(() => null);
  if (kept !== 'verpleegkundige') problems.push(`search: the search box shows '${kept}', want the query kept`);
  const n1 = await page.locator('.lw-result').count();
  if (n1 === 0) throw new Problems([...problems, 'search: no results (.lw-result) for verpleegkundige']);

  // A facet: the filter with the most results (so that there is a page 2).
  // Facets are links, or radio buttons / checkboxes in a form.
  const facets = await page.evaluate(() => {
    const count = (t) => {
      const nums = t.match(/\d[\d.]*/g);
      return nums ? Number(nums[nums.length - 1].replace(/\./g, '')) : 0;
    };
    const out = [];
    document.querySelectorAll('.lw-facets a[href]').forEach((a, i) =>
      out.push({ kind: 'link', i, text: a.textContent.trim(), count: count(a.textContent) }),
    );
    document.querySelectorAll('.lw-facets input[type="radio"], .lw-facets input[type="checkbox"]').forEach((el, i) => {
      const label = el.labels && el.labels[0] ? el.labels[0].textContent.trim() : '';
      if (el.value && !el.checked) out.push({ kind: 'input', i, text: label, count: count(label) });
    });
    return out.sort((a, b) => b.count - a.count);
  });
  if (facets.length === 0) throw new Problems([...problems, 'search: no facet filter (.lw-facets a, radio button or checkbox)']);
  const facet = facets[0];
  if (facet.kind === 'link') {
    resp = await clickAndWait(page, () => page.locator('.lw-facets a[href]').nth(facet.i).click());
  } else {
    const input = page.locator('.lw-facets input[type="radio"], .lw-facets input[type="checkbox"]').nth(facet.i);
    await input.check();
    const submit = input.locator('xpath=ancestor::form[1]').locator('button[type="submit"], input[type="submit"], button:not([type])');
    const hasSubmit = (await submit.count()) > 0;
    resp = await clickAndWait(page, () => (hasSubmit ? submit.first().click() : input.evaluate((el) => el.form.requestSubmit())));
  }
  console.log(`      facet "${facet.text}"`);
  if (!resp || resp.status() !== 200) problems.push(`facet: status ${resp && resp.status()}, want 200`);
  if (page.url() === url1.href) problems.push('facet: the URL did not change');
  const n2 = await page.locator('.lw-result').count();
  if (n2 === 0) problems.push(`facet: no results after filtering (${page.url()})`);
  const first2 = await firstResult(page);

  // The second page.
  const next = page
    .locator('.lw-pager a[href]')
    .filter({ hasText: /^\s*2\s*$/ })
    .or(page.locator('.lw-pager a[rel~="next"]'))
    .first();
  if ((await next.count()) === 0) throw new Problems([...problems, `pager: no link to page 2 in .lw-pager (${page.url()})`]);
  resp = await clickAndWait(page, () => next.click());
  if (!resp || resp.status() !== 200) problems.push(`page 2: status ${resp && resp.status()}, want 200`);
  const n3 = await page.locator('.lw-result').count();
  if (n3 === 0) problems.push(`page 2: no results (${page.url()})`);
  if ((await firstResult(page)) === first2) problems.push('page 2: shows the same first result as page 1');
  if (problems.length) throw new Problems(problems);
}

// Values for the fields of the question form, by what they look like.
function fieldRole(f) {
  const n = `${f.name} ${f.id} ${f.autocomplete}`.toLowerCase();
  if (f.tag === 'textarea') return 'question';
  if (f.type === 'email' || /mail/.test(n)) return 'email';
  if (/postcode|postal/.test(n)) return 'postcode';
  if (f.type === 'tel' || /telefoon|tel\b|phone/.test(n)) return 'phone';
  if (/naam|name/.test(n)) return 'name';
  if (f.tag === 'select') return 'select';
  if (f.type === 'checkbox') return 'checkbox';
  if (f.type === 'radio') return 'radio';
  return 'text';
}

async function scenarioQuestion(page) {
  await open(page, '/vraag');
  const form = page.locator('main form[method="post" i]').first();
  if ((await form.count()) === 0) throw new Error('/vraag: no form method="post" in main');
  const fields = await form.evaluate((f) =>
    [...f.elements]
      .filter((el) => el.name && !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type) && el.tagName !== 'BUTTON')
      // Not the spam trap: hidden from people, it must stay empty.
      .filter((el) => !el.closest('[aria-hidden="true"]') && el.tabIndex >= 0)
      .map((el) => ({
        tag: el.tagName.toLowerCase(),
        type: el.type,
        name: el.name,
        id: el.id,
        autocomplete: el.getAttribute('autocomplete') || '',
        required: el.required,
      })),
  );
  const roles = fields.map(fieldRole);
  const good = {
    name: 'Test Persoon',
    email: 'test@example.nl',
    postcode: '3511 AB',
    phone: '',
    question: 'Ik zoek een BBL-opleiding in de zorg bij mij in de buurt.',
    text: 'Test',
  };
  // Wrong values where the form can tell; else an empty question.
  const bad = { ...good };
  if (roles.includes('email')) bad.email = 'geen-mailadres';
  if (roles.includes('postcode')) bad.postcode = '12';
  if (!roles.includes('email') && !roles.includes('postcode')) bad.question = '';

  const fill = async (values) => {
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const loc = form.locator(`[name="${f.name}"]`).first();
      const role = roles[i];
      if (role === 'select') {
        const opt = await loc.evaluate((s) => [...s.options].find((o) => o.value)?.value ?? '');
        if (opt) await loc.selectOption(opt);
      } else if (role === 'checkbox') {
        if (f.required) await loc.check();
      } else if (role === 'radio') {
        await form.locator(`[name="${f.name}"]`).first().check();
      } else {
        await loc.fill(values[role] ?? '');
      }
    }
  };
  const submit = async () => {
    // The server's own checks are under test, not the browser's.
    await form.evaluate((f) => {
      f.noValidate = true;
    });
    const button = form.locator('button[type="submit"], input[type="submit"], button:not([type])').first();
    const hasButton = (await button.count()) > 0;
    return clickAndWait(page, () => (hasButton ? button.click() : form.evaluate((f) => f.requestSubmit())));
  };

  await fill(bad);
  let resp = await submit();
  const problems = [];
  if (!resp || ![200, 400, 422].includes(resp.status()))
    problems.push(`with errors: status ${resp && resp.status()}, want 200, 400 or 422`);
  const check = await page.evaluate(() => {
    const out = { messages: [], problems: [] };
    for (const m of document.querySelectorAll('.utrecht-form-field-error-message')) {
      const text = m.textContent.trim();
      out.messages.push(text);
      if (!m.id) {
        out.problems.push(`error message "${text}" has no id`);
        continue;
      }
      const field = m.closest('.utrecht-form-field, fieldset');
      const controls = field ? [...field.querySelectorAll('input, select, textarea')] : [];
      const ctl = controls.find((c) => (c.getAttribute('aria-describedby') || '').split(/\s+/).includes(m.id));
      if (!ctl) out.problems.push(`error message "${text}" (#${m.id}) is not named by aria-describedby of a control in its field`);
      else if (ctl.getAttribute('aria-invalid') !== 'true')
        out.problems.push(`the control of error "${text}" lacks aria-invalid="true"`);
    }
    return out;
  });
  console.log(`      errors shown: ${check.messages.map((m) => JSON.stringify(m)).join(', ') || 'none'}`);
  if (check.messages.length === 0) problems.push('with errors: no .utrecht-form-field-error-message on the page');
  problems.push(...check.problems);
  problems.push(...(await axeViolations(page)).map((v) => `with errors: ${v}`));
  // What was typed is still there.
  const form2 = page.locator('main form[method="post" i]').first();
  for (let i = 0; i < fields.length; i++) {
    const role = roles[i];
    const want = bad[role];
    if (!want || !['name', 'email', 'postcode', 'question', 'text'].includes(role)) continue;
    const got = await form2.locator(`[name="${fields[i].name}"]`).first().inputValue().catch(() => null);
    if (got !== want) problems.push(`with errors: field ${fields[i].name} shows '${got}', want the input '${want}' kept`);
  }
  if (problems.length) throw new Problems(problems.map((p) => `/vraag: ${p}`));

  // Corrected and sent: a reference number.
  await fill(good);
  resp = await submit();
  if (!resp || resp.status() !== 200) problems.push(`sent: status ${resp && resp.status()}, want 200`);
  const body = await page.locator('main').innerText();
  const ref = /\bLW-[0-9A-Z]{8}\b/.exec(body);
  if (!ref) problems.push(`sent: no reference number LW-XXXXXXXX in main: ${body.slice(0, 200)}`);
  else console.log(`      reference number ${ref[0]}`);
  problems.push(...(await axeViolations(page)).map((v) => `confirmation: ${v}`));
  if (problems.length) throw new Problems(problems.map((p) => `/vraag: ${p}`));
}

// The JSON API against a schema (ajv).
async function checkApi() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const health = await fetch(`${BASE}/healthz`);
  if (health.status === 404) throw new NotThere('/healthz');
  const healthSchema = {
    type: 'object',
    required: ['status', 'items'],
    properties: { status: { const: 'ok' }, items: { type: 'integer', minimum: 1 } },
  };
  const result = {
    type: 'object',
    required: ['soort', 'sleutel', 'titel', 'voorbeeld', 'score'],
    properties: {
      soort: { enum: DETAIL_KINDS },
      sleutel: { type: 'string', minLength: 1 },
      titel: { type: 'string', minLength: 1 },
      toelichting: { type: ['string', 'null'] },
      voorbeeld: { type: 'boolean' },
      score: { type: 'number' },
      afstand_km: { type: 'number', minimum: 0 },
      datum: { type: 'string', format: 'date' },
    },
  };
  const searchSchema = {
    type: 'object',
    required: ['vraag', 'totaal', 'resultaten', 'facetten'],
    properties: {
      vraag: { type: 'string' },
      totaal: { type: 'integer', minimum: 1 },
      resultaten: { type: 'array', minItems: 1, items: result },
      facetten: {
        type: 'array',
        items: {
          type: 'object',
          required: ['veld', 'naam', 'waarden'],
          properties: {
            waarden: {
              type: 'array',
              items: { type: 'object', required: ['waarde', 'aantal'], properties: { aantal: { type: 'integer', minimum: 0 } } },
            },
          },
        },
      },
    },
  };
  const problems = [];
  const validate = async (url, schema) => {
    const r = await fetch(BASE + url);
    if (r.status === 404) throw new NotThere(url);
    if (r.status !== 200) return problems.push(`${url}: status ${r.status}`);
    const v = ajv.compile(schema);
    if (!v(await r.json())) problems.push(`${url}: ${ajv.errorsText(v.errors)}`);
  };
  if (health.status !== 200) problems.push(`/healthz: status ${health.status}`);
  else if (!ajv.validate(healthSchema, await health.json())) problems.push(`/healthz: ${ajv.errorsText()}`);
  await validate('/api/v1/search?q=verpleegkundige&facets=1&near=3511&km=25', searchSchema);
  if (problems.length) throw new Problems(problems);
}

// ---- Main -----------------------------------------------------------------------------

async function main() {
  const dir = path.join(LW_TMP, `e2e_portal-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const env = { ...process.env, LEERWERK_DB: path.join(dir, 'leerwerk.db'), LEERWERK_DATA: LW_DATA };
  if (process.env.LW_STATIC) env.LEERWERK_STATIC = process.env.LW_STATIC; // this build's CSS
  delete env.LEERWERK_LISTEN;
  delete env.LEERWERK_THREADS;

  run(LW_BIN, ['db', 'migrate'], env);
  run(LW_BIN, ['import', 'reference'], env);
  run(LW_BIN, ['demo', 'generate', '--scale', '1', '--seed', '1'], env);
  console.log(`store ready in ${dir} (${elapsed()})`);

  const server = await startServer(LW_BIN, env, 4);
  BASE = server.base;
  console.log(`server at ${BASE} (${elapsed()})`);

  let browser;
  const watchdog = setTimeout(() => {
    console.log(`FAIL: the test ran longer than ${DEADLINE_MS / 1000} s`);
    server.child.kill('SIGKILL');
    process.exit(1);
  }, DEADLINE_MS);
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // Playwright gives every launch a fresh, empty --user-data-dir.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'nl-NL' });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    const consoleErrors = watchConsole(page);

    await step('api: /healthz and /api/v1/search match their schema', checkApi);
    for (const url of PAGES) await step(`page ${url}`, () => checkPage(page, url, consoleErrors));
    for (const kind of DETAIL_KINDS)
      await step(`detail page (${kind})`, async () => {
        const list = `/zoeken?kind=${kind}`;
        await open(page, list);
        const href = await firstResult(page);
        if (!href) throw new Error(`${list}: no result link (.lw-result a[href])`);
        consoleErrors();
        const resp = await clickAndWait(page, () => page.locator('.lw-result a[href], .lw-results a[href]').first().click());
        const at = new URL(page.url());
        if (resp && resp.status() === 404) throw new NotThere(at.pathname + at.search);
        await checkPage(page, at.pathname + at.search, consoleErrors, resp);
      });
    await step('scenario: search from the home page, a facet, page 2', () => scenarioSearch(page));
    await step('scenario: the question form at /vraag', () => scenarioQuestion(page));
  } finally {
    if (browser) await browser.close().catch(() => {});
    const { code, signal } = await stopServer(server);
    clearTimeout(watchdog);
    if (code === 0) {
      tally.passed++;
      console.log('ok: the server stops with status 0 on SIGTERM');
    } else {
      tally.failed++;
      console.log(`FAIL: the server exited with ${code ?? 'signal ' + signal} on SIGTERM, want 0; its last lines:`);
      for (const line of server.log.slice(-30)) console.log(`      ${line}`);
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
console.log(`(${elapsed()}${STRICT ? ', strict' : ''})`);
console.log(`${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
process.exit(tally.failed === 0 ? 0 : 1);
