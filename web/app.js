// app.js: dyad's dashboard: a thin client of the JSON API of `dyad serve`.
//
// Each tab asks one endpoint and draws its answer:
//   Paste an article  POST /api/code        highlighted spans, the rules that fired
//   Events            GET /api/events       table; a click: GET /api/events/ID (sentences, mentions, outlets)
//   Dyad series       GET /api/series       cooperation vs conflict counts, Goldstein mean
//   Network           GET /api/network      actors, edges weighted by events, coloured by QuadClass
//   Map               GET /api/places       countries (vendored world atlas) and city points
// Offsets from the server are UTF-8 byte offsets; byteToIndex turns them into
// JavaScript string indices.  window.dyad exposes the last answers to tests.
'use strict';
(function () {
const $ = (s, el) => (el || document).querySelector(s);
const $$ = (s, el) => Array.from((el || document).querySelectorAll(s));
const QUAD = { 1: 'verbal cooperation', 2: 'material cooperation', 3: 'verbal conflict', 4: 'material conflict' };
const QCOL = { 1: '#5cb85c', 2: '#1b6e3a', 3: '#f0a040', 4: '#b22222' };
const state = window.dyad = { code: null, events: null, event: null, series: null, network: null, places: null, charts: {}, ready: {} };

function esc(s) { return String(s == null ? '' : s).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c])); }

async function api(path, opts) {
  const r = await fetch(path, opts);
  let body = null;
  try { body = await r.json(); } catch (e) { throw new Error(`${path}: ${r.status} (not JSON)`); }
  if (!r.ok) throw new Error(body && body.error ? body.error.message : `${path}: ${r.status}`);
  return body;
}
const CODES = new Set(['actor', 'source', 'target', 'country']);   // actor codes are upper case
function query(form) {
  const p = new URLSearchParams();
  for (const [k, v] of new FormData(form)) {
    const s = String(v).trim();
    if (s !== '') p.set(k, CODES.has(k) ? s.toUpperCase() : s);
  }
  return p;
}
function status(id, msg, err) { const el = $(id); el.textContent = msg; el.classList.toggle('error', !!err); }

// UTF-8 byte offset -> string index, for one string
function byteToIndex(text) {
  const map = new Map();
  let b = 0;
  map.set(0, 0);
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i);
    const n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (c >= 0x10000) { b += n; i++; } else b += n;
    map.set(b, i + 1);
  }
  return off => map.has(off) ? map.get(off) : text.length;
}

// Wrap spans of text in <mark>s.  spans: [{start, end, role, ev}] in string indices.
function highlight(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
  const pts = Array.from(cuts).sort((a, b) => a - b);
  let html = '';
  for (let k = 0; k + 1 < pts.length; k++) {
    const a = pts[k], b = pts[k + 1];
    const on = spans.filter(s => s.start <= a && s.end >= b && s.end > s.start);
    const piece = esc(text.slice(a, b));
    if (!on.length) { html += piece; continue; }
    const roles = Array.from(new Set(on.map(s => 'hl-' + s.role))).join(' ');
    const tags = on.map(s => `e${s.ev}-${s.role}`).join(' ');
    html += `<mark class="${roles}" data-tags="${tags}">${piece}</mark>`;
  }
  return html;
}

function spansOf(events, toIdx, base) {
  const spans = [];
  base = base || 0;
  events.forEach((e, i) => {
    for (const role of ['source', 'verb', 'target']) {
      const s = e[role];
      if (s && s.start != null && s.end > s.start) spans.push({ start: toIdx(s.start - base), end: toIdx(s.end - base), role, ev: i });
    }
  });
  return spans;
}

function focusEvent(container, i) {
  const doc = $(container);
  const on = i != null && !doc.classList.contains('ev' + i);
  $$('mark', doc).forEach(m => m.classList.remove('on'));
  doc.className = 'doc';
  if (!on) return;
  doc.classList.add('focus', 'ev' + i);
  $$('mark', doc).forEach(m => { if ((' ' + m.dataset.tags + ' ').includes(` e${i}-`)) m.classList.add('on'); });
}

// ---- Paste an article ----
async function codeArticle() {
  const text = $('#article').value;
  if (!text.trim()) { status('#code-status', 'nothing to code', true); return; }
  status('#code-status', 'coding…');
  const body = { text };
  const d = $('#code-date').value;
  if (d) body.date = d;
  try {
    const res = await api('/api/code', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    state.code = res;
    const toIdx = byteToIndex(text);
    $('#coded-text').innerHTML = highlight(text, spansOf(res.events, toIdx));
    const tb = $('#coded-events tbody');
    tb.innerHTML = res.events.map((e, i) => `<tr data-i="${i}">
      <td>${i + 1}</td><td>${esc(e.source ? e.source.text : '')} <code>${esc(e.source ? e.source.code : '')}</code></td>
      <td>${esc(e.verb.text)}</td><td>${esc(e.target ? e.target.text : '')} <code>${esc(e.target ? e.target.code : '')}</code></td>
      <td><code>${esc(e.cameo)}</code> ${esc(e.plover || '')}</td><td class="q${e.quad}">${e.quad}</td><td>${e.goldstein}</td><td>${esc(e.mode)}</td>
      <td class="rule">${e.rule ? esc(e.rule.pattern) + ' <span class="muted">' + esc(e.rule.file) + ':' + e.rule.line + '</span>' : ''}</td></tr>`).join('');
    $$('tr', tb).forEach(tr => tr.addEventListener('click', () => {
      $$('tr', tb).forEach(t => t.classList.toggle('sel', t === tr && !t.classList.contains('sel')));
      focusEvent('#coded-text', +tr.dataset.i);
    }));
    status('#code-status', `${res.count} event(s) in ${res.ms} ms${res.date ? ', dated ' + res.date : ''}`);
    document.body.dataset.coded = String(res.count);
  } catch (e) { status('#code-status', e.message, true); }
}

// ---- Events ----
let evOffset = 0;
const EV_LIMIT = 50;
async function loadEvents(offset) {
  evOffset = Math.max(0, offset || 0);
  const p = query($('#events-form'));
  p.set('limit', EV_LIMIT); p.set('offset', evOffset);
  status('#events-status', 'loading…');
  try {
    const res = await api('/api/events?' + p);
    state.events = res;
    $('#events-table tbody').innerHTML = res.events.map(e => `<tr data-id="${e.id}">
      <td>${esc(e.date)}</td><td><code>${esc(e.source.code || '')}</code> ${esc(e.source.name || '')}</td>
      <td><code>${esc(e.cameo)}</code></td><td><code>${esc(e.target.code || '')}</code> ${esc(e.target.name || '')}</td>
      <td class="q${e.quad}">${e.quad}</td><td>${e.goldstein}</td><td>${e.num_mentions}</td><td>${e.num_sources}</td>
      <td>${esc(e.place ? (e.place.name || e.place.country || '') : '')}</td></tr>`).join('');
    $$('#events-table tbody tr').forEach(tr => tr.addEventListener('click', () => {
      $$('#events-table tbody tr').forEach(t => t.classList.toggle('sel', t === tr));
      showEvent(tr.dataset.id);
    }));
    status('#events-status', `${res.count} shown from ${evOffset + 1}${res.more ? ', more follow' : ''}`);
    $('#events-next').disabled = !res.more;
    $('#events-prev').disabled = evOffset === 0;
  } catch (e) { status('#events-status', e.message, true); }
}

async function showEvent(id) {
  const box = $('#event-detail');
  box.textContent = 'loading…';
  try {
    const res = await api('/api/events/' + encodeURIComponent(id));
    state.event = res;
    const e = res.event;
    let html = `<h3><code>${esc(e.source.code)}</code> → <code>${esc(e.target.code)}</code> · CAMEO <code>${esc(e.cameo)}</code>
      <span class="q${e.quad}">${QUAD[e.quad] || ''}</span> · Goldstein ${e.goldstein} · ${esc(e.date)}</h3>
      <p class="muted">${e.num_mentions} mention(s) in ${e.num_articles} article(s) from ${e.num_sources} outlet(s): ${res.outlets.map(esc).join(', ')}</p>`;
    res.mentions.forEach((m, i) => {
      const s = m.sentence;
      const toIdx = byteToIndex(s.text);
      const spans = spansOf([m], toIdx, s.start).map(x => ({ ...x, ev: i }));
      html += `<div class="sent"><div>${highlight(s.text, spans)}</div>
        <div class="muted">${esc(m.outlet || '')} · <a href="${esc(m.url || '#')}" rel="noreferrer">${esc(m.title || m.doc)}</a> · ${esc(m.date)} · sentence ${m.sent + 1}
        · rule <span class="rule">${esc(m.rule || '')}</span></div></div>`;
    });
    box.innerHTML = html;
  } catch (err) { box.innerHTML = `<span class="error">${esc(err.message)}</span>`; }
}

// ---- Series ----
function chart(id) {
  if (!state.charts[id]) state.charts[id] = echarts.init($(id), null, { renderer: 'canvas' });
  return state.charts[id];
}
async function loadSeries() {
  const f = $('#series-form');
  const src = f.src.value.trim().toUpperCase(), tgt = f.tgt.value.trim().toUpperCase();
  if (!src || !tgt) { status('#series-status', 'pick a source and a target (or one of the top dyads below)', true); return; }
  const p = new URLSearchParams({ dyad: `${src}-${tgt}`, by: f.by.value });
  if (f.from.value) p.set('from', f.from.value);
  if (f.to.value) p.set('to', f.to.value);
  status('#series-status', 'loading…');
  try {
    const res = await api('/api/series?' + p);
    state.series = res;
    const x = res.points.map(pt => pt.period);
    const coop = res.points.map(pt => pt.quad[0] + pt.quad[1]);
    const conf = res.points.map(pt => pt.quad[2] + pt.quad[3]);
    const gold = res.points.map(pt => pt.count ? +pt.goldstein_mean.toFixed(2) : null);
    chart('#series-chart').setOption({
      animation: false,
      title: { text: `${src} → ${tgt} by ${res.by}`, left: 10, top: 5, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { data: ['cooperation', 'conflict', 'Goldstein mean'], top: 5, right: 10 },
      grid: { left: 50, right: 60, top: 45, bottom: 60 },
      xAxis: { type: 'category', data: x },
      yAxis: [{ type: 'value', name: 'events', minInterval: 1 }, { type: 'value', name: 'Goldstein', min: -10, max: 10 }],
      dataZoom: [{ type: 'slider', bottom: 10 }],
      series: [
        { name: 'cooperation', type: 'bar', stack: 'n', data: coop, itemStyle: { color: QCOL[1] } },
        { name: 'conflict', type: 'bar', stack: 'n', data: conf, itemStyle: { color: QCOL[4] } },
        { name: 'Goldstein mean', type: 'line', yAxisIndex: 1, data: gold, connectNulls: true, itemStyle: { color: '#2f6fdb' } },
      ],
    }, true);
    const total = res.points.reduce((a, pt) => a + pt.count, 0);
    status('#series-status', `${total} event(s) in ${res.points.length} ${res.by}(s)`);
    state.ready.series = true;
  } catch (e) { status('#series-status', e.message, true); }
}
async function loadTopDyads() {
  try {
    const res = await api('/api/top?kind=dyads&limit=12');
    $('#top-dyads').innerHTML = '<span class="muted">top dyads:</span> ' + res.rows.map(r =>
      `<button data-a="${esc(r.a)}" data-b="${esc(r.b)}">${esc(r.a)} → ${esc(r.b)} (${r.events})</button>`).join('');
    $$('#top-dyads button').forEach(b => b.addEventListener('click', () => {
      const f = $('#series-form'); f.src.value = b.dataset.a; f.tgt.value = b.dataset.b; loadSeries();
    }));
    const actors = await api('/api/top?kind=actors&limit=100');
    $('#actor-list').innerHTML = actors.rows.map(r => `<option value="${esc(r.a)}">`).join('');
  } catch (e) { /* no store: the tab says so when used */ }
}

// ---- Network ----
async function loadNetwork() {
  const p = query($('#network-form'));
  status('#network-status', 'loading…');
  try {
    const res = await api('/api/network?' + p);
    state.network = res;
    const maxN = Math.max(1, ...res.nodes.map(n => n.events));
    const maxE = Math.max(1, ...res.edges.map(e => e.events));
    chart('#network-chart').setOption({
      animation: false,
      title: { text: 'Actors, edges weighted by events, coloured by their most common QuadClass', left: 10, top: 5, textStyle: { fontSize: 14 } },
      tooltip: { formatter: p => p.dataType === 'edge'
        ? `${p.data.source} → ${p.data.target}: ${p.data.value} event(s)<br>` + [1, 2, 3, 4].map(q => `${QUAD[q]}: ${p.data.quad[q - 1]}`).join('<br>')
        : `${p.data.name}: ${p.data.value} event(s)` },
      legend: { data: [1, 2, 3, 4].map(q => QUAD[q]), bottom: 5 },
      series: [{
        type: 'graph', layout: 'force', roam: true, draggable: true,
        force: { repulsion: 220, edgeLength: [60, 180], gravity: 0.08 },
        edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 7,
        label: { show: true, fontSize: 11 },
        categories: [1, 2, 3, 4].map(q => ({ name: QUAD[q], itemStyle: { color: QCOL[q] } })),
        data: res.nodes.map(n => ({ name: n.code, value: n.events, symbolSize: 10 + 30 * Math.sqrt(n.events / maxN), itemStyle: { color: '#4a6fa5' } })),
        links: res.edges.map(e => ({ source: e.source, target: e.target, value: e.events, quad: e.quad,
          lineStyle: { width: 1 + 7 * e.events / maxE, color: QCOL[e.dominant], opacity: 0.8, curveness: 0.15 } })),
      }],
    }, true);
    status('#network-status', `${res.nodes.length} actors, ${res.edges.length} dyads`);
    state.ready.network = true;
  } catch (e) { status('#network-status', e.message, true); }
}

// ---- Map ----
// Rings that cross the 180th meridian (Russia's Chukotka, Fiji) would be drawn
// across the whole map: their minority side is pinned to the meridian instead.
function fixAntimeridian(g) {
  if (!g) return;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  for (const poly of polys) for (const ring of poly) {
    let jump = false;
    for (let i = 1; i < ring.length; i++) if (Math.abs(ring[i][0] - ring[i - 1][0]) > 180) jump = true;
    if (!jump) continue;
    const east = ring.filter(p => p[0] > 0).length >= ring.length / 2;
    for (const p of ring) if (east ? p[0] < 0 : p[0] > 0) p[0] = east ? 180 : -180;
  }
}
let worldReady = null;
function loadWorld() {
  if (!worldReady) worldReady = Promise.all([
    fetch('vendor/world-atlas/countries-110m.json').then(r => r.json()),
    fetch('vendor/world-atlas/iso3166-numeric.json').then(r => r.json()),
  ]).then(([topo, iso]) => {
    const geo = topojson.feature(topo, topo.objects.countries);
    geo.features = geo.features.filter(f => f.id !== '010');   // Antarctica: no events, much room
    for (const f of geo.features) {
      f.properties.name = iso[f.id] || f.properties.name;
      fixAntimeridian(f.geometry);
    }
    echarts.registerMap('world', geo);
  });
  return worldReady;
}
async function loadMap() {
  const p = query($('#map-form'));
  status('#map-status', 'loading…');
  try {
    await loadWorld();
    const res = await api('/api/places?' + p);
    state.places = res;
    const maxC = Math.max(1, ...res.countries.map(c => c.events));
    const maxP = Math.max(1, ...res.cities.map(c => c.events));
    chart('#map-chart').setOption({
      animation: false,
      title: { text: 'Where events happened: countries and cities', left: 10, top: 5, textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'item', formatter: p => p.seriesType === 'scatter' ? `${p.data.name}: ${p.data.value[2]} event(s)` : `${p.name}: ${p.value || 0} event(s)` },
      visualMap: { min: 0, max: maxC, left: 10, bottom: 20, text: ['events', ''], calculable: true, seriesIndex: 0, inRange: { color: ['#e8eef7', '#2f6fdb'] } },
      geo: { map: 'world', roam: true, itemStyle: { areaColor: '#eef0f3', borderColor: '#b8bec8' }, emphasis: { label: { show: false } } },
      series: [
        { type: 'map', map: 'world', geoIndex: 0, data: res.countries.map(c => ({ name: c.iso3, value: c.events })) },
        { type: 'scatter', coordinateSystem: 'geo', data: res.cities.map(c => ({ name: c.name, value: [c.lon, c.lat, c.events] })),
          symbolSize: v => 5 + 15 * Math.sqrt(v[2] / maxP), itemStyle: { color: '#b22222', opacity: 0.75 } },
      ],
    }, true);
    status('#map-status', `${res.countries.length} countries, ${res.cities.length} cities from ${res.events} event(s)${res.truncated ? ' (first events only)' : ''}`);
    state.ready.map = true;
  } catch (e) { status('#map-status', e.message, true); }
}

// ---- tabs and start ----
const loaders = { events: () => state.events || loadEvents(0), network: () => state.network || loadNetwork(), map: () => state.places || loadMap(),
  series: () => { const f = $('#series-form'); if (f.src.value && f.tgt.value && !state.series) loadSeries(); } };
function show(tab) {
  $$('#tabs button').forEach(b => b.classList.toggle('active', b.dataset.tab === tab));
  $$('.panel').forEach(p => p.classList.toggle('active', p.id === 'panel-' + tab));
  if (loaders[tab]) loaders[tab]();
  for (const c of Object.values(state.charts)) c.resize();
}
$$('#tabs button').forEach(b => b.addEventListener('click', () => show(b.dataset.tab)));
$('#code-run').addEventListener('click', codeArticle);
$('#code-example').addEventListener('click', async () => {
  const r = await fetch('example.txt');
  if (r.ok) $('#article').value = await r.text();
});
$('#events-form').addEventListener('submit', ev => { ev.preventDefault(); loadEvents(0); });
$('#events-next').addEventListener('click', () => loadEvents(evOffset + EV_LIMIT));
$('#events-prev').addEventListener('click', () => loadEvents(evOffset - EV_LIMIT));
$('#series-form').addEventListener('submit', ev => { ev.preventDefault(); loadSeries(); });
$('#network-form').addEventListener('submit', ev => { ev.preventDefault(); loadNetwork(); });
$('#map-form').addEventListener('submit', ev => { ev.preventDefault(); loadMap(); });
window.addEventListener('resize', () => { for (const c of Object.values(state.charts)) c.resize(); });
api('/api').then(info => {
  $('#store-status').textContent = info.store ? `store: ${info.events} events, ${info.documents} documents${info.read_only ? ' (read-only)' : ''}` : 'no store: only “Paste an article” works';
  if (info.store) loadTopDyads();
}).catch(e => { $('#store-status').textContent = e.message; });
})();
