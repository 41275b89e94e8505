#!/usr/bin/env node
// tests/e2e/openapi.mjs - the JSON API against its contract (CTest: e2e_openapi).
//
// The contract is web/static/openapi.json (OpenAPI 3.1), which the server
// serves at GET /api/v1/openapi.json. This test makes a fresh store in
// $LW_TMP ($LW_BIN db migrate, import reference from $LW_DATA, demo generate
// --scale 1 --seed 1, and a small real desk network with gaps, so that desks
// with and without contact details and municipalities without a desk occur),
// starts `$LW_BIN serve` on a free port, loads the document from the server
// and compiles its schemas with ajv (JSON Schema 2020-12, ajv-formats, strict).
// Then it sends the REQUESTS below (every endpoint, typical and edge
// parameters, every kind of item, bad parameters, 404s, 405s, questions valid
// and invalid, and finally questions until the rate limit answers 429) over
// raw HTTP/1.1 and checks for each answer:
//
//   - the path and method are in the document (a 405 must name the
//     documented methods in Allow; an undocumented path must be a 404);
//   - the status is documented for that operation (and is the one the test
//     expects);
//   - the Content-Type is the documented media type;
//   - the body validates against the schema of that response, and a
//     problem's "status" is the HTTP status;
//   - every required response header is there and matches its schema;
//   - every query parameter sent is documented for the operation.
//
// It also checks that the served document is web/static/openapi.json (a stale
// build otherwise), that its $refs resolve, and that every operation in it is
// exercised at least once. Every mismatch is listed; then the test fails.
//
// KNOWN lists server bugs found against the contract that are not fixed
// yet: their mismatches print as "KNOWN" and do not fail the test (with
// LW_E2E_STRICT=1 they do). A known bug that no longer shows fails the test,
// so that its entry is removed.
//
// Starting and stopping the server is shared with portal.mjs (lib.mjs).
//
// Environment (set by CTest, see CMakeLists.txt): LW_BIN, LW_DATA, LW_TMP,
// LW_WEB (web/, whose node_modules hold ajv and ajv-formats), LW_STATIC (the
// built static files: the server's LEERWERK_STATIC). docs/internals/web.md.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import { run, startServer, stopServer } from './lib.mjs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const STRICT = process.env.LW_E2E_STRICT === '1';
const DEADLINE_MS = 150_000; // CTest's TIMEOUT is 180 s; normally a few seconds
const QUESTIONS_PER_HOUR = 20; // LEERWERK_VRAGEN_PER_UUR of the server under test

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const webDir = process.env.LW_WEB || path.join(root, 'web');
const LW_BIN = process.env.LW_BIN || path.join(root, 'build', 'leerwerk');
const LW_DATA = process.env.LW_DATA || path.join(root, '..', 'shared', 'data');
const LW_TMP = process.env.LW_TMP || path.join(root, 'build', 'test-tmp');
const LW_STATIC = process.env.LW_STATIC || '';
const DOC_FILE = path.join(root, 'web', 'static', 'openapi.json');

// The npm packages live in web/node_modules: ESM imports ignore NODE_PATH.
const require = createRequire(path.join(webDir, 'package.json'));
let Ajv2020, addFormats;
try {
  const a = require('ajv/dist/2020');
  Ajv2020 = a.default || a;
  const f = require('ajv-formats');
  addFormats = f.default || f;
} catch (e) {
  console.error(`FAIL: ajv or ajv-formats is missing in ${webDir}/node_modules (${e.message})`);
  console.error('      run scripts/web-deps (make build does)');
  process.exit(1);
}

// ---- The desk network of the store: three real desks, most of the country uncovered ------

const DESKS_CSV = [
  'code,naam,werkgebied,adres,postcode,plaats,telefoon,email,website,openingstijden',
  'lwl-midden-utrecht,Leerwerkloket Midden-Utrecht,AM13,Stadsplateau 1,3521 AZ,Utrecht,030 123 4567,' +
    'utrecht@voorbeeld.nl,https://voorbeeld.nl/utrecht,ma-vr 9-17',
  'lwl-stad-utrecht,Leerwerkpunt Stad Utrecht,GM0344,,,,,,,',
  'lwl-amersfoort,Leerwerkloket Amersfoort,AM14,,,,033 765 4321,,,',
].join('\n');
const POSTCODE_NO_DESK = '9999'; // Het Hogeland (AM01): no desk in the network above

// ---- The requests ---------------------------------------------------------------------
//
// name: what it is; method (GET); target: the raw request target, sent as is;
// headers, body; status: what the test expects; extraParams: query parameters
// the document need not know (the server ignores unknown ones); check(res):
// extra problems of this answer. Targets are functions when they need values
// found earlier (ctx).

const ESCO_EXAMPLE = 'http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e'; // kok
const enc = encodeURIComponent;
const json = (o) => JSON.stringify(o);
const JSON_CT = { 'Content-Type': 'application/json' };
const GOOD_QUESTION = {
  naam: 'Test Persoon',
  email: 'test@voorbeeld.nl',
  postcode: '3511 AB',
  doelgroep: 'werknemer',
  onderwerp: 'duaal',
  vraag: 'Ik zoek een BBL-opleiding in de zorg bij mij in de buurt.',
};
const KINDS = ['kwalificatie', 'beroep', 'opleiding', 'evc', 'leerbedrijf', 'vacature', 'regeling', 'loket'];

const want = (cond, text) => (cond ? [] : [text]);

// The monitor: the server's key and token, covenants, and a trajectory.
const MONITOR_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';
const MONITOR_TOKEN = 'e2e-token-van-de-monitor-minstens-32-tekens';
const COVENANTS_CSV = 'code,naam,soort,gebied,sector\nE2E,Test,regionaal,AM13,\nE2F,Test zorg,sectoraal,,zorg';
const AUTH = { ...JSON_CT, Authorization: `Bearer ${MONITOR_TOKEN}` };
const BSN = '123456782';
const GOOD_TRAJECTORY = {
  convenant: 'E2E',
  bsn: BSN,
  soort: 'evc',
  niveau: 'mbo-2',
  sector: 'zorg',
  gemeente: 'GM0344',
  start: '2009-03-01',
  doelgroepen: ['werkende-jongere-zonder-startkwalificatie'],
  leeftijd: 19,
};
const noBsn = (res) => want(!res.text.includes('23456782') && !res.text.includes('23456789'), 'the answer holds a BSN');

const REQUESTS = [
  // Operations.
  { name: 'healthz', target: '/healthz', status: 200 },
  { name: 'healthz, broken %-encoding', target: '/healthz?x=%zz', status: 400, extraParams: true },
  { name: 'healthz by POST', method: 'POST', target: '/healthz', status: 405 },
  {
    name: 'the document itself',
    target: '/api/v1/openapi.json',
    status: 200,
    check: (res) => {
      const file = JSON.parse(fs.readFileSync(DOC_FILE, 'utf8'));
      return want(
        JSON.stringify(res.json) === JSON.stringify(file),
        `the served document differs from ${path.relative(root, DOC_FILE)} (rebuild: the build copies web/static)`,
      );
    },
  },

  { name: 'the document, invalid UTF-8', target: '/api/v1/openapi.json?v=%c3%28', status: 400, extraParams: true },

  // Search.
  { name: 'search, a word', target: '/api/v1/search?q=verpleegkundige', status: 200 },
  {
    name: 'search near a postcode, by distance, with facets',
    target: '/api/v1/search?q=kok&near=3511&km=10&sort=afstand&facets=1&limit=5',
    status: 200,
    check: (res) => [
      ...want(Array.isArray(res.json.facetten), 'facets=1 gives no "facetten"'),
      ...want(res.json.bij === '3511', `"bij" is ${json(res.json.bij)}, want "3511"`),
    ],
  },
  { name: 'search, one kind (evc)', target: '/api/v1/search?kind=evc&limit=3', status: 200 },
  { name: 'search, vacancies near a municipality by date', target: '/api/v1/search?kind=vacature&near=Utrecht&sort=datum&limit=3', status: 200 },
  { name: 'search, filters and an exclusion in q', target: `/api/v1/search?q=${enc('kok niveau:2 -zelfstandig')}&facets=0`, status: 200 },
  {
    name: 'search, a typing error',
    target: '/api/v1/search?q=verpleegkundge&limit=1',
    status: 200,
    check: (res) => want(typeof res.json.bedoelde_je === 'string', '"bedoelde_je" is not set for a typing error'),
  },
  {
    name: 'search near an unknown place',
    target: '/api/v1/search?q=kok&near=Nergensdorp&limit=1',
    status: 200,
    check: (res) => want(typeof res.json.melding === 'string', '"melding" is not set for an unknown place'),
  },
  { name: 'search near an ambiguous name', target: '/api/v1/search?q=kok&near=Bergen&limit=2', status: 200 },
  { name: 'search, nothing found', target: '/api/v1/search?q=xyzzyqq', status: 200 },
  { name: 'search, the last page (offset + limit is 1000)', target: '/api/v1/search?q=kok&offset=990&limit=10', status: 200 },
  { name: 'search, offset + limit over 1000', target: '/api/v1/search?q=kok&offset=995&limit=10', status: 400 },
  { name: 'search, limit in hexadecimal', target: '/api/v1/search?q=kok&limit=0x10', status: 400 },
  { name: 'search, limit with an exponent', target: '/api/v1/search?q=kok&limit=1e1', status: 400 },
  { name: 'search, markup in q', target: `/api/v1/search?q=${enc('<script>alert(1)</script>')}`, status: 200 },
  { name: 'search, an empty parameter counts as absent', target: '/api/v1/search?q=kok&kind=&near=&limit=', status: 200 },
  { name: 'search, an unknown parameter is ignored', target: '/api/v1/search?q=kok&pagina=2&limit=1', status: 200, extraParams: true },
  { name: 'search, limit not a number', target: '/api/v1/search?q=kok&limit=abc', status: 400 },
  { name: 'search, limit 0', target: '/api/v1/search?q=kok&limit=0', status: 400 },
  { name: 'search, offset 1000', target: '/api/v1/search?q=kok&offset=1000', status: 400 },
  { name: 'search, km without near', target: '/api/v1/search?q=kok&km=5', status: 400 },
  { name: 'search, km 0', target: '/api/v1/search?q=kok&near=3511&km=0', status: 400 },
  { name: 'search, sort afstand without near', target: '/api/v1/search?q=kok&sort=afstand', status: 400 },
  { name: 'search, unknown sort', target: '/api/v1/search?q=kok&sort=prijs', status: 400 },
  { name: 'search, unknown kind', target: '/api/v1/search?q=kok&kind=dinges', status: 400 },
  { name: 'search, facets 2', target: '/api/v1/search?q=kok&facets=2', status: 400 },
  { name: 'search without q, near or kind', target: '/api/v1/search', status: 400 },
  { name: 'search, invalid UTF-8 in q', target: '/api/v1/search?q=%ff', status: 400 },
  { name: 'search, %00 in q', target: '/api/v1/search?q=a%00b', status: 400 },
  { name: 'search by DELETE', method: 'DELETE', target: '/api/v1/search?q=kok', status: 405 },

  // Suggest.
  { name: 'suggest', target: '/api/v1/suggest?q=verpleegk', status: 200 },
  { name: 'suggest, nothing', target: '/api/v1/suggest?q=zzqxzzqx', status: 200 },
  { name: 'suggest without q', target: '/api/v1/suggest', status: 400 },
  { name: 'suggest, empty q', target: '/api/v1/suggest?q=', status: 400 },
  { name: 'suggest by POST', method: 'POST', target: '/api/v1/suggest?q=kok', headers: JSON_CT, body: '{}', status: 405 },

  // Items: one of each kind (found through the search, see main), and more.
  ...KINDS.map((kind) => ({
    name: `item, ${kind}`,
    target: (ctx) => `/api/v1/items/${kind}/${enc(ctx.refs[kind])}`,
    status: 200,
    check: (res, ctx) => want(res.json.soort === kind && res.json.sleutel === ctx.refs[kind], `answers ${res.json.soort}/${res.json.sleutel}`),
  })),
  {
    name: 'item, an EVC procedure whose accreditation expired',
    target: (ctx) => `/api/v1/items/evc/${enc(ctx.expiredEvc)}`,
    status: 200,
    skip: (ctx) => !ctx.expiredEvc && 'no expired EVC procedure among the first 1000',
    check: (res) => want(res.json.geldig === false, `"geldig" is ${json(res.json.geldig)}, want false`),
  },
  {
    name: 'item, an occupation with the slashes of its URI as they are',
    target: `/api/v1/items/beroep/${ESCO_EXAMPLE}`,
    status: 200,
    // A template parameter takes no '/', so this form is outside the
    // document's templates; the server takes it all the same.
    extraPath: '/api/v1/items/{kind}/{ref}',
    check: (res) => want(res.json.sleutel === ESCO_EXAMPLE, `answers ${res.json.sleutel}`),
  },
  { name: 'item, a qualification', target: '/api/v1/items/kwalificatie/25180', status: 200 },
  { name: 'item, unknown ref', target: '/api/v1/items/vacature/vac-bestaat-niet', status: 404 },
  { name: 'item, unknown occupation URI', target: `/api/v1/items/beroep/${enc('http://data.europa.eu/esco/occupation/nee')}`, status: 404 },
  { name: 'item, unknown kind', target: '/api/v1/items/dinges/1', status: 404 },
  { name: 'item, no ref', target: '/api/v1/items/kwalificatie', status: 404 },
  { name: 'item, empty ref', target: '/api/v1/items/kwalificatie/', status: 404 },
  { name: 'item, broken %-encoding', target: '/api/v1/items/kwalificatie/25180?x=%G1', status: 400, extraParams: true },
  { name: 'item by POST', method: 'POST', target: '/api/v1/items/kwalificatie/25180', status: 405 },

  // Routes.
  {
    name: 'routes',
    target: '/api/v1/routes/25180',
    status: 200,
    check: (res) => want(res.json.nabij === null, '"nabij" is set without near'),
  },
  {
    name: 'routes near a postcode',
    target: '/api/v1/routes/25180?near=3511&km=10',
    status: 200,
    check: (res) => want(res.json.nabij && res.json.nabij.opgevat_als === 'postcode', `"nabij" is ${json(res.json.nabij)}`),
  },
  { name: 'routes near a municipality', target: '/api/v1/routes/25180?near=Utrecht', status: 200 },
  { name: 'routes near a place', target: '/api/v1/routes/25180?near=Doornspijk&km=40', status: 200 },
  { name: 'routes near a municipality code, smallest radius', target: '/api/v1/routes/25180?near=GM0344&km=0.1', status: 200 },
  { name: 'routes, unknown qualification', target: '/api/v1/routes/99999', status: 404 },
  { name: 'routes, crebo not 5 digits', target: '/api/v1/routes/abc', status: 400 },
  { name: 'routes near an ambiguous name', target: '/api/v1/routes/25180?near=Bergen', status: 400 },
  { name: 'routes near an unknown place', target: '/api/v1/routes/25180?near=Nergensdorp', status: 404 },
  { name: 'routes near something that is no place', target: '/api/v1/routes/25180?near=0000', status: 400 },
  { name: 'routes, km without near', target: '/api/v1/routes/25180?km=5', status: 400 },
  { name: 'routes, km over 500', target: '/api/v1/routes/25180?near=3511&km=999', status: 400 },
  { name: 'routes, a path under a crebo', target: '/api/v1/routes/25180/x', status: 404 },
  { name: 'routes by PUT', method: 'PUT', target: '/api/v1/routes/25180', headers: JSON_CT, body: '{}', status: 405 },

  // Desks and regions.
  {
    name: 'desks by postcode (two desks)',
    target: '/api/v1/desks?plaats=3511',
    status: 200,
    check: (res) => want(res.json.gemeenten?.[0]?.loketten?.length === 2, 'Utrecht should have two desks'),
  },
  { name: 'desks by PC6', target: `/api/v1/desks?plaats=${enc('3511 AB')}`, status: 200 },
  { name: 'desks by municipality', target: '/api/v1/desks?plaats=Amersfoort', status: 200 },
  { name: 'desks by municipality code', target: '/api/v1/desks?plaats=GM0344', status: 200 },
  { name: 'desks by place', target: '/api/v1/desks?plaats=Doornspijk', status: 200 },
  {
    name: 'desks, an ambiguous name',
    target: '/api/v1/desks?plaats=Bergen',
    status: 200,
    check: (res) => want(res.json.eenduidig === false && res.json.gemeenten?.length >= 2, 'Bergen should be ambiguous'),
  },
  {
    name: 'desks, a municipality without a desk',
    target: `/api/v1/desks?plaats=${POSTCODE_NO_DESK}`,
    status: 200,
    check: (res) => want(res.json.gemeenten?.[0]?.loketten?.length === 0, `${POSTCODE_NO_DESK} should have no desk`),
  },
  { name: 'desks, unknown place', target: '/api/v1/desks?plaats=Nergensdorp', status: 404 },
  { name: 'desks, unknown postcode', target: '/api/v1/desks?plaats=1000', status: 404 },
  { name: 'desks, no postcode', target: '/api/v1/desks?plaats=0000', status: 400 },
  { name: 'desks without plaats', target: '/api/v1/desks', status: 400 },
  { name: 'regions', target: '/api/v1/regions', status: 200 },
  { name: 'regions, broken %-encoding', target: '/api/v1/regions?x=%4', status: 400, extraParams: true },
  { name: 'regions by POST', method: 'POST', target: '/api/v1/regions', status: 405 },

  // Questions.
  { name: 'question', method: 'POST', target: '/api/v1/questions', headers: JSON_CT, body: json(GOOD_QUESTION), status: 201, validRequest: true },
  {
    name: 'question by phone, null name, an unknown field, charset',
    method: 'POST',
    target: '/api/v1/questions',
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    body: json({ ...GOOD_QUESTION, naam: null, email: null, telefoon: '06-12345678', doelgroep: 'Werkgever', onderwerp: 'evc', extra: 5 }),
    status: 201,
    validRequest: true,
  },
  { name: 'question, empty object', method: 'POST', target: '/api/v1/questions', headers: JSON_CT, body: '{}', status: 422 },
  {
    name: 'question, every field wrong',
    method: 'POST',
    target: '/api/v1/questions',
    headers: JSON_CT,
    body: json({ naam: 'x'.repeat(101), email: 'geen-mailadres', telefoon: '12', postcode: '12', doelgroep: 'x', onderwerp: 'y', vraag: 'kort' }),
    status: 422,
    check: (res) => want(res.json.fouten?.length === 7, `${res.json.fouten?.length} field errors, want 7`),
  },
  { name: 'question, unknown postcode', method: 'POST', target: '/api/v1/questions', headers: JSON_CT, body: json({ ...GOOD_QUESTION, postcode: '1000' }), status: 422 },
  {
    name: 'question, a postcode without a desk',
    method: 'POST',
    target: '/api/v1/questions',
    headers: JSON_CT,
    body: json({ ...GOOD_QUESTION, postcode: POSTCODE_NO_DESK }),
    status: 422,
  },
  { name: 'question, a field that is no text', method: 'POST', target: '/api/v1/questions', headers: JSON_CT, body: json({ ...GOOD_QUESTION, naam: 1 }), status: 400 },
  { name: 'question, an array', method: 'POST', target: '/api/v1/questions', headers: JSON_CT, body: '[1]', status: 400 },
  { name: 'question, malformed JSON', method: 'POST', target: '/api/v1/questions', headers: JSON_CT, body: '{"naam":', status: 400 },
  { name: 'question, a key twice', method: 'POST', target: '/api/v1/questions', headers: JSON_CT, body: '{"naam":"a","naam":"b"}', status: 400 },
  { name: 'question, no body', method: 'POST', target: '/api/v1/questions', headers: JSON_CT, body: '', status: 400 },
  { name: 'question as text/plain', method: 'POST', target: '/api/v1/questions', headers: { 'Content-Type': 'text/plain' }, body: json(GOOD_QUESTION), status: 415 },
  { name: 'question without Content-Type', method: 'POST', target: '/api/v1/questions', body: json(GOOD_QUESTION), status: 415 },
  {
    name: 'question as a form',
    method: 'POST',
    target: '/api/v1/questions',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'naam=Test&postcode=3511',
    status: 415,
  },
  {
    name: 'question as a form with broken %-encoding',
    method: 'POST',
    target: '/api/v1/questions',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'naam=%zz',
    status: 400,
  },
  {
    name: 'question over 64 KB (Content-Length)',
    method: 'POST',
    target: '/api/v1/questions',
    headers: { ...JSON_CT, 'Content-Length': '70000' },
    body: null, // announced, never sent: the server answers on the headers
    status: 413,
  },
  { name: 'questions by GET', target: '/api/v1/questions', status: 405 },

  // Trajectories (the monitor), with its token; the BSN never comes back.
  { name: 'trajectory', method: 'POST', target: '/api/v1/trajectories', headers: AUTH, body: json(GOOD_TRAJECTORY), status: 201, validRequest: true, check: noBsn },
  {
    name: 'trajectory, its new status',
    method: 'POST',
    target: '/api/v1/trajectories',
    headers: AUTH,
    body: json({ ...GOOD_TRAJECTORY, status: 'afgerond', statusdatum: '2009-10-01', resultaat: 'ervaringscertificaat' }),
    status: 200,
    validRequest: true,
    check: (res) => want(res.json.verwerking === 'gewijzigd', `verwerking ${res.json.verwerking}, want gewijzigd`),
  },
  {
    name: 'trajectory, the same again',
    method: 'POST',
    target: '/api/v1/trajectories',
    headers: AUTH,
    body: json({ ...GOOD_TRAJECTORY, status: 'afgerond', statusdatum: '2009-10-01', resultaat: 'ervaringscertificaat' }),
    status: 200,
    check: (res) => want(res.json.verwerking === 'ongewijzigd', `verwerking ${res.json.verwerking}, want ongewijzigd`),
  },
  {
    name: 'trajectory of the same person at another covenant: counted once',
    method: 'POST',
    target: '/api/v1/trajectories',
    headers: AUTH,
    body: json({ ...GOOD_TRAJECTORY, convenant: 'E2F', bsn: '1234.56.782', start: '2009-04-01', doelgroepen: 'werknemer', leeftijd: '19', gemeente: null, postcode: '3511 AB' }),
    status: 201,
    validRequest: true,
    check: (res) => [
      ...want(res.json.telt_landelijk === false, 'a double counts nationally'),
      ...want(res.json.landelijk_geteld_bij === 'E2E', `landelijk_geteld_bij ${res.json.landelijk_geteld_bij}, want E2E`),
      ...noBsn(res),
    ],
  },
  {
    name: 'trajectory, every field wrong',
    method: 'POST',
    target: '/api/v1/trajectories',
    headers: AUTH,
    body: json({
      convenant: 'NIEMAND',
      bsn: '123456789',
      soort: 'bbl',
      crebo: '1',
      niveau: 'mbo-9',
      sector: 'zorgen',
      gemeente: 'GM9999',
      postcode: '12',
      start: '2009-02-30',
      status: 'klaar',
      statusdatum: 'gisteren',
      resultaat: 'geslaagd',
      doelgroepen: ['student'],
      leeftijd: 200,
    }),
    status: 422,
    check: (res) => [...want(res.json.fouten?.length >= 12, `${res.json.fouten?.length} field errors, want 12 or more`), ...noBsn(res)],
  },
  { name: 'trajectory, empty object', method: 'POST', target: '/api/v1/trajectories', headers: AUTH, body: '{}', status: 422 },
  { name: 'trajectory, a field of the wrong type', method: 'POST', target: '/api/v1/trajectories', headers: AUTH, body: json({ ...GOOD_TRAJECTORY, leeftijd: {} }), status: 400 },
  { name: 'trajectory, broken JSON next to a BSN', method: 'POST', target: '/api/v1/trajectories', headers: AUTH, body: `{"bsn": ${BSN}x`, status: 400, check: noBsn },
  { name: 'trajectory without the token', method: 'POST', target: '/api/v1/trajectories', headers: JSON_CT, body: json(GOOD_TRAJECTORY), status: 401 },
  { name: 'trajectory with a wrong token', method: 'POST', target: '/api/v1/trajectories', headers: { ...JSON_CT, Authorization: 'Bearer nee' }, body: json(GOOD_TRAJECTORY), status: 401 },
  { name: 'trajectory as text/plain', method: 'POST', target: '/api/v1/trajectories', headers: { ...AUTH, 'Content-Type': 'text/plain' }, body: json(GOOD_TRAJECTORY), status: 415 },
  { name: 'trajectories by GET', target: '/api/v1/trajectories', status: 405 },

  // Addresses that are not there.
  { name: 'unknown address under /api/v1', target: '/api/v1/nergens', status: 404 },
  { name: 'unknown version', target: '/api/v2/search?q=kok', status: 404 },
  { name: 'search with a trailing slash', target: '/api/v1/search/?q=kok', status: 404 },
];

// Server bugs found against the contract and not fixed yet (see the file's head).
const KNOWN = [];

// ---- Set-up (as tests/e2e/portal.mjs) ---------------------------------------------------

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;




// ---- A raw HTTP/1.1 client: the target goes out byte for byte --------------------------

let SERVER = null;

function parseResponse(buf) {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`no complete response header in ${buf.length} bytes`);
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0]);
  if (!m) throw new Error(`bad status line '${lines[0]}'`);
  const headers = {};
  for (const line of lines.slice(1)) {
    const c = line.indexOf(':');
    const k = line.slice(0, c).trim().toLowerCase();
    const v = line.slice(c + 1).trim();
    headers[k] = k in headers ? `${headers[k]}, ${v}` : v;
  }
  let body = buf.subarray(end + 4);
  if (headers['content-length'] !== undefined) body = body.subarray(0, Number(headers['content-length']));
  return { status: Number(m[1]), headers, text: body.toString('utf8') };
}

function send(method, target, headers = {}, body = null) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(SERVER.port, SERVER.host);
    const chunks = [];
    let done = false;
    const finish = (err) => {
      if (done) return;
      done = true;
      const buf = Buffer.concat(chunks);
      if (buf.length === 0) return reject(err || new Error('the server closed without an answer'));
      try {
        resolve(parseResponse(buf));
      } catch (e) {
        reject(e);
      }
    };
    sock.setTimeout(15_000, () => sock.destroy(new Error('no answer in 15 s')));
    sock.on('connect', () => {
      const h = { Host: `${SERVER.host}:${SERVER.port}`, Connection: 'close', ...headers };
      if (body !== null && h['Content-Length'] === undefined) h['Content-Length'] = String(Buffer.byteLength(body));
      let head = `${method} ${target} HTTP/1.1\r\n`;
      for (const [k, v] of Object.entries(h)) head += `${k}: ${v}\r\n`;
      sock.write(head + '\r\n');
      if (body) sock.write(body);
    });
    sock.on('data', (c) => chunks.push(c));
    sock.on('end', () => finish());
    sock.on('close', () => finish());
    sock.on('error', (e) => finish(e));
  });
}

// ---- The document -----------------------------------------------------------------------

const ID = 'https://leerwerk.invalid/openapi.json';

// The object a local $ref ("#/components/...") points to.
function pointer(doc, ref) {
  if (!ref.startsWith('#/')) throw new Error(`$ref ${ref} is not local`);
  let o = doc;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (o === null || typeof o !== 'object' || !(key in o)) throw new Error(`$ref ${ref} does not resolve`);
    o = o[key];
  }
  return o;
}

// A Reference Object resolved (responses, parameters, headers).
const deref = (doc, o) => (o && typeof o.$ref === 'string' ? deref(doc, pointer(doc, o.$ref)) : o);

// A copy of schema whose "#/components/schemas/X" refs point into the schemas ajv holds.
function rebase(schema) {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$ref' && typeof v === 'string') {
      const m = /^#\/components\/schemas\/(.+)$/.exec(v);
      if (!m) throw new Error(`schema $ref ${v} is not into #/components/schemas`);
      out.$ref = `${ID}#/$defs/${m[1]}`;
    } else {
      out[k] = rebase(v);
    }
  }
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// Loads the document into ajv; returns { ajv, problems } (problems of the document itself).
function loadDocument(doc) {
  const problems = [];
  if (!/^3\.1\.\d+$/.test(doc.openapi || '')) problems.push(`openapi is '${doc.openapi}', want 3.1.x`);
  if (doc.info?.title !== 'Leren & Werken API') problems.push(`info.title is '${doc.info?.title}'`);
  if (!doc.info?.version || !doc.info?.description) problems.push('info lacks version or description');
  if (json(doc.servers) !== json([{ url: '/' }])) problems.push(`servers is ${json(doc.servers)}, want [{"url":"/"}]`);
  // Every $ref resolves.
  const walk = (o, at) => {
    if (Array.isArray(o)) o.forEach((v, i) => walk(v, `${at}/${i}`));
    else if (o && typeof o === 'object')
      for (const [k, v] of Object.entries(o)) {
        if (k === '$ref' && typeof v === 'string') {
          try {
            pointer(doc, v);
          } catch (e) {
            problems.push(`${at}: ${e.message}`);
          }
        } else walk(v, `${at}/${k}`);
      }
  };
  walk(doc, '#');
  // Operations: ids unique, path parameters declared, errors as problems.
  const ids = new Set();
  for (const [p, item] of Object.entries(doc.paths || {}))
    for (const m of METHODS.filter((x) => item[x])) {
      const op = item[m];
      const where = `${m.toUpperCase()} ${p}`;
      if (!op.operationId || ids.has(op.operationId)) problems.push(`${where}: operationId missing or not unique`);
      ids.add(op.operationId);
      const declared = (op.parameters || []).map((x) => deref(doc, x)).filter((x) => x.in === 'path').map((x) => x.name);
      const inPath = [...p.matchAll(/\{([^}]+)\}/g)].map((x) => x[1]);
      if (json(declared.sort()) !== json(inPath.sort())) problems.push(`${where}: path parameters ${json(declared)}, template has ${json(inPath)}`);
      for (const [code, r0] of Object.entries(op.responses || {})) {
        const r = deref(doc, r0);
        if (!r.description) problems.push(`${where} ${code}: no description`);
        if (code >= '400' && !(r.content && r.content['application/problem+json']))
          problems.push(`${where} ${code}: an error that is not application/problem+json`);
      }
    }

  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false });
  addFormats(ajv);
  try {
    ajv.addSchema({ $id: ID, $defs: rebase(doc.components?.schemas || {}) });
    for (const name of Object.keys(doc.components?.schemas || {})) ajv.getSchema(`${ID}#/$defs/${name}`);
  } catch (e) {
    problems.push(`the schemas do not compile (ajv, 2020-12, strict): ${e.message}`);
  }
  return { ajv, problems };
}

// The documented path that a raw path matches: { template, item }, or null.
// A template parameter matches one non-empty segment, as it arrives
// (percent-encoded): an ESCO URI as ref is one segment only when encoded.
function matchPath(doc, rawPath) {
  const segs = rawPath.split('/');
  for (const [template, item] of Object.entries(doc.paths)) {
    const t = template.split('/');
    if (t.length !== segs.length) continue;
    if (t.every((x, i) => (/^\{.+\}$/.test(x) ? segs[i].length > 0 : x === segs[i]))) return { template, item };
  }
  return null;
}

// ---- Checking one answer ----------------------------------------------------------------

const validators = new Map();
function validator(ajv, schema, key) {
  if (!validators.has(key)) validators.set(key, ajv.compile(rebase(schema)));
  return validators.get(key);
}

function schemaErrors(v) {
  return (v.errors || []).map((e) => {
    const extra = e.params?.allowedValues ? ` (${json(e.params.allowedValues)})` : e.params?.additionalProperty ? ` ('${e.params.additionalProperty}')` : '';
    return `${e.instancePath || '/'} ${e.message}${extra}`;
  });
}

function headerValue(schema, value) {
  const t = schema?.type;
  return (t === 'integer' || t === 'number') && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}

// Checks res against the response r (resolved) of the operation; returns problems.
function checkResponse(ctx, res, r, key, statusCode) {
  const problems = [];
  const type = (res.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
  const content = r.content || {};
  const media = Object.keys(content).find((k) => k.toLowerCase() === type);
  if (!media) {
    problems.push(`Content-Type '${res.headers['content-type'] || ''}', documented: ${Object.keys(content).join(', ') || 'no body'}`);
  } else if (content[media].schema) {
    if (res.json === undefined) problems.push(`the body is not JSON: ${res.text.slice(0, 120)}`);
    else {
      const v = validator(ctx.ajv, content[media].schema, `${key} ${media}`);
      if (!v(res.json)) for (const e of schemaErrors(v)) problems.push(`body against the schema of ${statusCode}: ${e}`);
    }
  }
  if (type === 'application/problem+json' && res.json && res.json.status !== res.status)
    problems.push(`the problem says status ${res.json.status}, the answer is ${res.status}`);
  for (const [name, h0] of Object.entries(r.headers || {})) {
    const h = deref(ctx.doc, h0);
    const value = res.headers[name.toLowerCase()];
    if (value === undefined) {
      if (h.required) problems.push(`header ${name} is missing`);
      continue;
    }
    if (h.schema) {
      const v = validator(ctx.ajv, h.schema, `${key} header ${name}`);
      if (!v(headerValue(h.schema, value))) problems.push(`header ${name}: '${value}' ${schemaErrors(v).join('; ')}`);
    }
  }
  return problems;
}

const covered = new Map(); // "GET /api/v1/search" -> Set of statuses seen

function checkAnswer(ctx, spec, target, res) {
  const problems = [];
  const method = spec.method || 'GET';
  if (spec.status && res.status !== spec.status) problems.push(`status ${res.status}, the test expects ${spec.status}`);
  try {
    res.json = res.text.length ? JSON.parse(res.text) : undefined;
  } catch {
    res.json = undefined;
  }
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? [] : target.slice(q + 1).split('&').filter(Boolean).map((kv) => kv.split('=')[0]);
  const { doc } = ctx;
  const found = spec.extraPath ? { template: spec.extraPath, item: doc.paths[spec.extraPath] || {} } : matchPath(doc, rawPath);

  if (!found) {
    // Not in the document: the server must not know it either. (Its
    // headers are not those of a documented address: no CORS header.)
    if (res.status !== 404) problems.push(`${rawPath} is not in the document, but answers ${res.status} (want 404)`);
    const r = { ...deref(doc, doc.components.responses.NotFound), headers: {} };
    if (res.status === 404) problems.push(...checkResponse(ctx, res, r, 'components/responses/NotFound', 404));
  } else if (!found.item[method.toLowerCase()]) {
    // A method the document does not have: 405 naming the documented ones.
    const documented = METHODS.filter((m) => found.item[m]).map((m) => m.toUpperCase());
    if (documented.includes('GET')) documented.push('HEAD');
    if (res.status !== 405) problems.push(`${method} ${found.template} is not in the document, but answers ${res.status} (want 405)`);
    else {
      const allow = (res.headers.allow || '').split(',').map((s) => s.trim()).filter(Boolean);
      if (json([...allow].sort()) !== json([...documented].sort()))
        problems.push(`Allow: '${res.headers.allow || ''}', the document has ${documented.join(', ')}`);
      const r = deref(doc, doc.components.responses.MethodNotAllowed);
      problems.push(...checkResponse(ctx, res, r, 'components/responses/MethodNotAllowed', 405));
    }
  } else {
    const op = found.item[method.toLowerCase()];
    const opKey = `${method} ${found.template}`;
    if (!covered.has(opKey)) covered.set(opKey, new Set());
    covered.get(opKey).add(res.status);
    const params = (op.parameters || []).map((p) => deref(doc, p)).filter((p) => p.in === 'query').map((p) => p.name);
    if (!spec.extraParams)
      for (const name of query) if (!params.includes(name)) problems.push(`query parameter '${name}' is not documented for ${opKey}`);
    const code = String(res.status);
    const r0 = op.responses[code] ?? op.responses[`${code[0]}XX`] ?? op.responses.default;
    if (!r0) problems.push(`status ${res.status} is not documented for ${opKey} (documented: ${Object.keys(op.responses).join(', ')})`);
    else problems.push(...checkResponse(ctx, res, deref(doc, r0), `${opKey} ${code}`, code));
    // What the server took, the document must take too.
    if (spec.validRequest && res.status >= 200 && res.status < 300) {
      const schema = op.requestBody && deref(doc, op.requestBody).content?.['application/json']?.schema;
      const v = schema && validator(ctx.ajv, schema, `${opKey} request`);
      if (v && !v(JSON.parse(spec.body))) for (const e of schemaErrors(v)) problems.push(`the server took a body the document rejects: ${e}`);
    }
  }
  if (res.json !== undefined && spec.check && problems.length === 0) problems.push(...spec.check(res, ctx));
  return problems;
}

// ---- Main -------------------------------------------------------------------------------

const failures = []; // [request, problem]
const known = []; // [KNOWN entry, request, problem]
let sent = 0;

async function exchange(ctx, spec) {
  const target = typeof spec.target === 'function' ? spec.target(ctx) : spec.target;
  const method = spec.method || 'GET';
  const label = `${spec.name} (${method} ${target.length > 100 ? target.slice(0, 97) + '...' : target})`;
  const skip = spec.skip && spec.skip(ctx);
  if (skip) {
    console.log(`SKIP: ${label}: ${skip}`);
    return null;
  }
  let res;
  try {
    res = await send(method, target, spec.headers || {}, spec.body ?? null);
  } catch (e) {
    failures.push([label, `no answer: ${e.message}`]);
    console.log(`FAIL: ${label}: no answer: ${e.message}`);
    return null;
  }
  sent++;
  const problems = checkAnswer(ctx, spec, target, res);
  let bad = 0;
  for (const p of problems) {
    const k = KNOWN.find((x) => x.request.test(spec.name) && x.problem.test(p));
    if (k && !STRICT) known.push([k, label, p]);
    else {
      failures.push([label, p]);
      bad++;
    }
  }
  if (bad) {
    console.log(`FAIL: ${label}: ${res.status}`);
    for (const p of problems) console.log(`      ${p}`);
  } else {
    console.log(`ok: ${label}: ${res.status}${problems.length ? ` (${problems.length} known)` : ''}`);
  }
  return res;
}

async function main() {
  const dir = path.join(LW_TMP, `e2e_openapi-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const env = {
    ...process.env,
    LEERWERK_DB: path.join(dir, 'leerwerk.db'),
    LEERWERK_DATA: LW_DATA,
    LEERWERK_VRAGEN_PER_UUR: String(QUESTIONS_PER_HOUR),
    LEERWERK_PSEUDONIEM_SLEUTEL: MONITOR_KEY,
    LEERWERK_MONITOR_TOKEN: MONITOR_TOKEN,
  };
  delete env.LEERWERK_PSEUDONIEM_SLEUTEL_BESTAND;
  if (LW_STATIC) env.LEERWERK_STATIC = LW_STATIC;
  delete env.LEERWERK_LISTEN;
  delete env.LEERWERK_THREADS;

  run(LW_BIN, ['db', 'migrate'], env);
  run(LW_BIN, ['import', 'reference'], env);
  run(LW_BIN, ['demo', 'generate', '--scale', '1', '--seed', '1'], env);
  fs.writeFileSync(path.join(dir, 'loketten.csv'), DESKS_CSV + '\n');
  run(LW_BIN, ['import', 'loketten', path.join(dir, 'loketten.csv')], env);
  fs.writeFileSync(path.join(dir, 'convenanten.csv'), COVENANTS_CSV + '\n');
  run(LW_BIN, ['import', 'convenanten', path.join(dir, 'convenanten.csv')], env);
  console.log(`store ready in ${dir} (${elapsed()})`);

  SERVER = await startServer(LW_BIN, env, 2);
  console.log(`server at http://${SERVER.host}:${SERVER.port} (${elapsed()})`);
  const watchdog = setTimeout(() => {
    console.log(`FAIL: the test ran longer than ${DEADLINE_MS / 1000} s`);
    SERVER.child.kill('SIGKILL');
    process.exit(1);
  }, DEADLINE_MS);

  try {
    // The document, from the server.
    const docRes = await send('GET', '/api/v1/openapi.json');
    if (docRes.status !== 200) throw new Error(`GET /api/v1/openapi.json answers ${docRes.status}: ${docRes.text.slice(0, 200)}`);
    const doc = JSON.parse(docRes.text);
    const { ajv, problems } = loadDocument(doc);
    for (const p of problems) failures.push(['the document', p]);
    if (problems.length) {
      console.log('FAIL: the document');
      for (const p of problems) console.log(`      ${p}`);
    } else console.log(`ok: the document (${Object.keys(doc.paths).length} paths, ${Object.keys(doc.components.schemas).length} schemas)`);
    const ctx = { doc, ajv, refs: {}, expiredEvc: null };

    // A real item of each kind, through the search (these requests are checked too).
    for (const kind of KINDS) {
      const res = await exchange(ctx, { name: `search, first ${kind}`, target: `/api/v1/search?kind=${kind}&limit=1`, status: 200 });
      ctx.refs[kind] = res?.json?.resultaten?.[0]?.sleutel ?? `geen-${kind}`;
    }
    const evc = await exchange(ctx, { name: 'search, 1000 EVC procedures', target: '/api/v1/search?kind=evc&limit=1000', status: 200 });
    ctx.expiredEvc = evc?.json?.resultaten?.find((h) => h.geldig === false)?.sleutel ?? null;

    for (const spec of REQUESTS) await exchange(ctx, spec);

    // Questions until the rate limit: every JSON POST counts, valid or not.
    let limited = false;
    for (let i = 0; i <= QUESTIONS_PER_HOUR && !limited; i++) {
      const res = await exchange(ctx, {
        name: `question, towards the rate limit (${i + 1})`,
        method: 'POST',
        target: '/api/v1/questions',
        headers: JSON_CT,
        body: '{}',
      });
      limited = res?.status === 429;
    }
    if (!limited) failures.push(['rate limit', `no 429 after ${QUESTIONS_PER_HOUR + 1} more questions (LEERWERK_VRAGEN_PER_UUR=${QUESTIONS_PER_HOUR})`]);

    // Every operation of the document exercised.
    for (const [p, item] of Object.entries(doc.paths))
      for (const m of METHODS.filter((x) => item[x])) {
        const key = `${m.toUpperCase()} ${p}`;
        const seen = covered.get(key);
        if (!seen) failures.push(['coverage', `${key} (${item[m].operationId}) is never exercised`]);
        else {
          const missing = Object.keys(item[m].responses).filter((c) => !seen.has(Number(c)));
          console.log(`covered: ${key}: ${[...seen].sort().join(', ')}${missing.length ? ` (not seen: ${missing.join(', ')})` : ''}`);
        }
      }
  } finally {
    const { code, signal } = await stopServer(SERVER);
    clearTimeout(watchdog);
    if (code === 0) console.log('ok: the server stops with status 0 on SIGTERM');
    else {
      failures.push(['SIGTERM', `the server exited with ${code ?? 'signal ' + signal}, want 0`]);
      for (const line of SERVER.log.slice(-30)) console.log(`      ${line}`);
    }
  }

  // Known bugs: still there (not a failure), or gone (remove the entry).
  for (const k of KNOWN) {
    const hits = known.filter(([x]) => x === k);
    if (hits.length) {
      console.log(`KNOWN: ${k.id}: ${k.what}`);
      for (const [, label, p] of hits.slice(0, 3)) console.log(`      ${label}: ${p}`);
      if (hits.length > 3) console.log(`      ... ${hits.length - 3} more`);
    } else if (!STRICT) {
      failures.push(['KNOWN', `'${k.id}' no longer occurs: the server is fixed, remove it from KNOWN in tests/e2e/openapi.mjs`]);
    }
  }
  if (failures.length === 0) fs.rmSync(dir, { recursive: true, force: true });
}

try {
  await main();
} catch (e) {
  failures.push(['test', e.stack || String(e)]);
}
console.log(`\n${sent} requests in ${elapsed()}${STRICT ? ' (strict)' : ''}`);
if (failures.length) {
  console.log(`FAIL: ${failures.length} mismatches:`);
  for (const [what, p] of failures) console.log(`  ${what}: ${p}`);
  process.exit(1);
}
console.log(`ok: every answer matches web/static/openapi.json${known.length ? ` (${known.length} known mismatches, see KNOWN)` : ''}`);
