// dashboard.mjs: drive Debian's headless Chromium (puppeteer-core) through
// dyad's page, as a person would, and check what it shows.
//
//   node dashboard.mjs BASE_URL ARTICLE EXPECTED_JSONL OUTDIR
//
// BASE_URL: a running `dyad serve` with a store; ARTICLE: the example text to
// paste; EXPECTED_JSONL: `dyad code ARTICLE` output (the spans the page must
// highlight, found independently by the CLI); OUTDIR: screenshots go here.
// Checks: every event of the article is highlighted at its source, verb and
// target bytes; a dyad's series, the network and the map are drawn; an event
// opens with its sentences highlighted; every screenshot has content (not a
// blank or single-colour image).  Prints "N passed, N failed"; exit 1 on failure.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const puppeteer = require('puppeteer-core');

const [base, articlePath, expectedPath, outdir] = process.argv.slice(2);
const article = readFileSync(articlePath, 'utf8');
const expected = readFileSync(expectedPath, 'utf8').trim().split('\n').filter(Boolean).map(l => JSON.parse(l));
const bytes = Buffer.from(article, 'utf8');
let passed = 0, failed = 0;
function check(ok, what) {
  if (ok) { passed++; console.log('ok   ' + what); } else { failed++; console.log('FAIL ' + what); }
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-extensions'],
});
const page = await browser.newPage();
await page.setViewport({ width: 1280, height: 900 });
const errors = [];
page.on('pageerror', e => errors.push(String(e)));
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
page.on('requestfailed', r => errors.push('request failed: ' + r.url()));

// How much of a PNG is not its most common colour, and how many colours it has.
async function inkOf(png) {
  return page.evaluate(async b64 => {
    const raw = atob(b64), u = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) u[i] = raw.charCodeAt(i);
    const img = await createImageBitmap(new Blob([u], { type: 'image/png' }));
    const c = new OffscreenCanvas(img.width, img.height), g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, img.width, img.height).data;
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4) {
      const k = (d[i] >> 3) << 10 | (d[i + 1] >> 3) << 5 | (d[i + 2] >> 3);
      counts.set(k, (counts.get(k) || 0) + 1);
    }
    const top = Math.max(...counts.values()), n = d.length / 4;
    return { ink: 1 - top / n, colours: counts.size };
  }, Buffer.from(png).toString('base64'));
}
async function shot(name, sel) {
  const el = sel ? await page.$(sel) : null;
  const png = el ? await el.screenshot({ path: `${outdir}/${name}.png` }) : await page.screenshot({ path: `${outdir}/${name}.png`, fullPage: true });
  const ink = await inkOf(png);
  check(ink.ink > 0.02 && ink.colours > 16, `${name}.png is not blank (${(100 * ink.ink).toFixed(1)}% ink, ${ink.colours} colours)`);
}
const waitReady = (what, ms) => page.waitForFunction(w => window.dyad && window.dyad.ready[w], { timeout: ms || 15000 }, what);

try {
  await page.goto(base, { waitUntil: 'networkidle0' });
  await page.waitForFunction(() => !/connecting/.test(document.querySelector('#store-status').textContent));
  const status = await page.$eval('#store-status', e => e.textContent);
  check(/store: \d+ events/.test(status), `page shows the store (${status})`);

  // ---- paste the example article, code it
  await page.click('#article');
  await page.evaluate(t => {   // a paste: the text arrives at once, as from the clipboard
    const ta = document.querySelector('#article');
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    if (ta.value !== t) { ta.value = t; ta.dispatchEvent(new Event('input', { bubbles: true })); }
  }, article);
  await page.click('#code-run');
  await page.waitForFunction(() => document.body.dataset.coded !== undefined, { timeout: 15000 });
  const coded = await page.evaluate(() => window.dyad.code);
  check(coded.events.length === expected.length && expected.length > 0,
        `POST /api/code finds the ${expected.length} events dyad code finds (page: ${coded.events.length})`);
  const marks = await page.evaluate(() => Array.from(document.querySelectorAll('#coded-text mark')).map(m => ({ tags: m.dataset.tags.split(' '), text: m.textContent })));
  let spansOk = 0, spansAll = 0;
  expected.forEach((e, i) => {
    for (const role of ['source', 'verb', 'target']) {
      if (!e[role]) continue;
      spansAll++;
      const want = bytes.subarray(e[role].start, e[role].end).toString('utf8');
      const got = marks.filter(m => m.tags.includes(`e${i}-${role}`)).map(m => m.text).join('');
      if (got === want && want === e[role].text) spansOk++;
      else console.log(`     event ${i} ${role}: highlighted "${got}", expected "${want}"`);
    }
  });
  check(spansAll > 0 && spansOk === spansAll, `every event is highlighted at its spans (${spansOk}/${spansAll} source/verb/target spans)`);
  const rows = await page.$$eval('#coded-events tbody tr', t => t.map(r => r.querySelector('.rule').textContent));
  check(rows.length === expected.length && rows.every(r => r.length > 0), 'each coded event shows the rule that fired');
  await page.click('#coded-events tbody tr');
  const focused = await page.$$eval('#coded-text mark.on', m => m.length);
  check(focused >= 2, `clicking an event marks its words (${focused} marks)`);
  await page.click('#coded-events tbody tr');   // again: every event highlighted for the screenshot
  await shot('code', '#panel-code');

  // ---- a dyad's series, through a top-dyad chip
  await page.click('#tab-series');
  await page.waitForSelector('#top-dyads button', { timeout: 10000 });
  await page.click('#top-dyads button');
  await waitReady('series');
  const series = await page.evaluate(() => window.dyad.series);
  const total = series.points.reduce((a, p) => a + p.count, 0);
  check(series.points.length > 0 && total > 0, `series drawn (${series.points.length} periods, ${total} events)`);
  await new Promise(r => setTimeout(r, 300));
  await shot('series', '#series-chart');

  // ---- the network
  await page.click('#tab-network');
  await waitReady('network');
  const net = await page.evaluate(() => window.dyad.network);
  check(net.nodes.length >= 3 && net.edges.length >= 2, `network drawn (${net.nodes.length} actors, ${net.edges.length} dyads)`);
  await new Promise(r => setTimeout(r, 1500));   // let the force layout settle
  await shot('network', '#network-chart');

  // ---- the map
  await page.click('#tab-map');
  await waitReady('map');
  const pl = await page.evaluate(() => window.dyad.places);
  check(pl.countries.length >= 2 && pl.cities.length >= 1, `map drawn (${pl.countries.length} countries, ${pl.cities.length} cities)`);
  await new Promise(r => setTimeout(r, 300));
  await shot('map', '#map-chart');

  // ---- the event table, one event opened
  await page.click('#tab-events');
  await page.waitForSelector('#events-table tbody tr', { timeout: 10000 });
  await page.click('#events-table tbody tr');
  await page.waitForSelector('#event-detail .sent', { timeout: 10000 });
  const det = await page.evaluate(() => ({ sents: document.querySelectorAll('#event-detail .sent').length,
    marks: document.querySelectorAll('#event-detail mark').length, ev: window.dyad.event }));
  check(det.sents >= 1 && det.marks >= 2 && det.ev.mentions.length === det.sents,
        `an event opens with its ${det.ev.mentions.length} mention sentence(s), highlighted (${det.marks} marks)`);
  await shot('events', '#panel-events');
  await page.click('#tab-code');
  await page.setViewport({ width: 1280, height: 1000 });
  await page.screenshot({ path: `${outdir}/dashboard.png` });
} catch (e) {
  check(false, 'the walk through the page: ' + (e && e.stack || e));
}
check(errors.length === 0, 'no script errors or failed requests' + (errors.length ? ': ' + errors.join(' | ') : ''));
await browser.close();
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
