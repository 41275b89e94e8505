#!/usr/bin/env node
// tests/e2e/theme.mjs - checks the leerwerk theme (web/static/leerwerk.css)
// without a browser (CTest: e2e_theme):
//
// - the WCAG 2.1 contrast ratio of every colour pair the portal uses,
//   computed from the tokens in the file: at least 4.5:1 for text, 3:1 for
//   borders of controls and the focus ring (SC 1.4.3, 1.4.11);
// - the focus ring is at least 2 px wide;
// - every --utrecht-* token the theme sets is one that
//   @utrecht/component-library-css reads (a typo would silently do nothing);
// - no style sheet loads anything from another host (no CDN, no web fonts).
//
// It prints the table of ratios that docs/internals/frontend.md quotes:
//   node tests/e2e/theme.mjs
// Environment: LW_WEB (web/), LW_STATIC (the build's static/, optional).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = process.env.LW_WEB || path.resolve(here, '..', '..', 'web');
const themePath = path.join(webDir, 'static', 'leerwerk.css');
const utrechtPath = path.join(webDir, 'node_modules', '@utrecht', 'component-library-css', 'dist', 'index.css');

// [foreground token, background token, minimum ratio, where it is used]
const TEXT = 4.5;
const UI = 3;
const PAIRS = [
  ['--lw-color-text', '--lw-color-background', TEXT, 'body text'],
  ['--lw-color-text', '--lw-color-brand-tint', TEXT, 'text in cards, facets, alerts'],
  ['--lw-color-muted', '--lw-color-background', TEXT, 'descriptions, meta, counts'],
  ['--lw-color-muted', '--lw-color-brand-tint', TEXT, 'counts in the facets'],
  ['--lw-color-brand', '--lw-color-background', TEXT, 'links, secondary button text'],
  ['--lw-color-brand', '--lw-color-brand-tint', TEXT, 'links in cards and facets'],
  ['--lw-color-brand-dark', '--lw-color-background', TEXT, 'links on hover and focus'],
  ['--lw-color-brand-dark', '--lw-color-brand-tint', TEXT, 'status badge, hovered secondary button'],
  ['--lw-color-visited', '--lw-color-background', TEXT, 'visited links'],
  ['--lw-color-brand-contrast', '--lw-color-brand', TEXT, 'header, primary button'],
  ['--lw-color-brand-contrast', '--lw-color-brand-dark', TEXT, 'footer, primary button on hover'],
  ['--lw-color-error', '--lw-color-background', TEXT, 'error messages'],
  ['--lw-color-error', '--lw-color-error-background', TEXT, '"accreditatie verlopen" label, error alert'],
  ['--lw-color-text', '--lw-color-error-background', TEXT, 'text in an error alert'],
  ['--lw-color-text', '--lw-color-mark', TEXT, 'highlighted matches (<mark>)'],
  ['--lw-color-example-text', '--lw-color-example', TEXT, 'the "voorbeeld" label'],
  ['--lw-color-text', '--lw-color-ok-background', TEXT, 'text in a confirmation (lw-ok)'],
  ['--lw-color-brand-contrast', '--lw-color-ok', TEXT, 'status badge "safe"'],
  ['--lw-color-brand-contrast', '--lw-color-error', TEXT, 'status badge "danger"'],
  ['--lw-color-muted', '--lw-color-disabled-background', TEXT, 'text of a disabled control'],
  ['--lw-color-border', '--lw-color-background', UI, 'borders of text boxes, selects, radio buttons'],
  ['--lw-color-brand', '--lw-color-background', UI, 'secondary button border, checked radio button'],
  ['--lw-color-error', '--lw-color-background', UI, 'border of an invalid control'],
  ['--lw-color-focus', '--lw-color-background', UI, 'focus ring on the page'],
  ['--lw-color-focus', '--lw-color-brand-tint', UI, 'focus ring in cards and facets'],
  ['--lw-color-focus-inverse', '--lw-color-brand', UI, 'focus ring in the header'],
  ['--lw-color-focus-inverse', '--lw-color-brand-dark', UI, 'focus ring in the footer'],
];

const tally = { passed: 0, failed: 0 };
const ok = (msg) => {
  tally.passed++;
  console.log(`ok: ${msg}`);
};
const bad = (msg) => {
  tally.failed++;
  console.log(`FAIL: ${msg}`);
};

const stripComments = (css) => css.replace(/\/\*[\s\S]*?\*\//g, '');
const theme = stripComments(fs.readFileSync(themePath, 'utf8'));

// The custom properties of the first `.leerwerk-theme { ... }` rule.
function themeTokens(css) {
  const m = /(^|\})\s*\.leerwerk-theme\s*\{([^}]*)\}/.exec(css);
  if (!m) throw new Error(`${themePath}: no .leerwerk-theme rule`);
  const tokens = new Map();
  for (const decl of m[2].split(';')) {
    const d = /^\s*(--[\w-]+)\s*:\s*([\s\S]*?)\s*$/.exec(decl);
    if (d) tokens.set(d[1], d[2].replace(/\s+/g, ' '));
  }
  return tokens;
}

function resolve(tokens, value, depth = 0) {
  if (depth > 10) throw new Error(`var() loop at ${value}`);
  return value.replace(/var\((--[\w-]+)(?:\s*,\s*([^)]*))?\)/g, (_, name, fallback) => {
    if (tokens.has(name)) return resolve(tokens, tokens.get(name), depth + 1);
    if (fallback !== undefined) return resolve(tokens, fallback, depth + 1);
    throw new Error(`token ${name} is not set in .leerwerk-theme`);
  });
}

function rgb(hex) {
  const h = hex.trim().replace(/^#/, '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  if (!/^[0-9a-f]{6}$/i.test(full)) throw new Error(`'${hex}' is not a #rrggbb colour`);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
}

// WCAG 2.1 relative luminance and contrast ratio.
function luminance(hex) {
  const [r, g, b] = rgb(hex).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function ratio(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

let tokens;
try {
  tokens = themeTokens(theme);
} catch (e) {
  bad(e.message);
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  process.exit(1);
}

// Contrast.
for (const [fg, bg, min, where] of PAIRS) {
  try {
    const a = resolve(tokens, `var(${fg})`);
    const b = resolve(tokens, `var(${bg})`);
    const r = ratio(a, b);
    const line = `${r.toFixed(2)}:1 (need ${min}:1) ${fg} ${a} on ${bg} ${b}: ${where}`;
    if (r >= min) ok(line);
    else bad(line);
  } catch (e) {
    bad(`${fg} on ${bg}: ${e.message}`);
  }
}

// The focus ring.
try {
  const width = resolve(tokens, 'var(--utrecht-focus-outline-width)');
  const style = resolve(tokens, 'var(--utrecht-focus-outline-style)');
  const px = /^(\d+(?:\.\d+)?)px$/.exec(width);
  if (px && Number(px[1]) >= 2 && style !== 'none') ok(`focus ring ${width} ${style} (need at least 2px)`);
  else bad(`focus ring ${width} ${style}: want a visible style at least 2px wide`);
} catch (e) {
  bad(`focus ring: ${e.message}`);
}

// Every --utrecht-* token we set is one the components know.
if (!fs.existsSync(utrechtPath)) {
  bad(`${utrechtPath} is missing: run scripts/web-deps`);
} else {
  const utrecht = fs.readFileSync(utrechtPath, 'utf8');
  const known = new Set(utrecht.match(/--utrecht-[\w-]+/g));
  const ours = new Set(theme.match(/--utrecht-[\w-]+(?=\s*:)/g));
  const unknown = [...ours].filter((t) => !known.has(t));
  if (unknown.length === 0) ok(`all ${ours.size} --utrecht-* tokens of the theme are read by @utrecht/component-library-css`);
  else bad(`tokens that @utrecht/component-library-css does not read: ${unknown.join(', ')}`);

  // No CDN: nothing loaded from another host.
  const sheets = [
    [themePath, theme],
    [utrechtPath, stripComments(utrecht)],
  ];
  for (const [file, css] of sheets) {
    const remote = [...css.matchAll(/(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?\/\/[^'")\s]+)/g)].map((m) => m[1]);
    if (remote.length === 0) ok(`${path.basename(file)} loads nothing from another host`);
    else bad(`${file} loads from other hosts: ${remote.join(', ')}`);
  }
}

// Our own static files are there.
for (const f of ['leerwerk.css', 'favicon.svg']) {
  if (fs.existsSync(path.join(webDir, 'static', f))) ok(`web/static/${f} exists`);
  else bad(`web/static/${f} is missing`);
}
if (process.env.LW_STATIC) {
  for (const f of ['utrecht.css', 'leerwerk.css', 'favicon.svg']) {
    const p = path.join(process.env.LW_STATIC, f);
    if (fs.existsSync(p)) ok(`${p} is built`);
    else bad(`${p} is missing: build the target leerwerk_static`);
  }
}

console.log(`${tally.passed} passed, ${tally.failed} failed`);
process.exit(tally.failed === 0 ? 0 : 1);
