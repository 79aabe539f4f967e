// The reports page (/reports, supervisors and managers): a period and filters, the figures of
// GET /api/v1/reports/{kind}, four charts (ECharts, served from the webjar) and the per-agent table, sortable;
// the CSV and XLSX links are the same report URL with format=csv|xlsx (the session cookie authenticates them).
import { api } from './api.js';
import { el } from './format.js';
import { OVERSEERS, signIn } from './session.js';

const $ = (id) => document.getElementById(id);
const charts = {};
let agents = [];
let sort = { key: 'name', dir: 'asc' };

const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const num = (x, digits = 1) => (x === null || x === undefined ? '—' : Number(x).toFixed(digits));
const hours = (s) => (s === null || s === undefined ? '—' : `${(s / 3600).toFixed(1)} h`);

function query(format) {
  const params = new URLSearchParams();
  for (const name of ['from', 'to', 'channel', 'agent']) {
    const value = $(name).value.trim();
    if (value && (name !== 'to' || $('kind').value === 'range')) params.set(name, value);
  }
  if (format) params.set('format', format);
  const text = params.toString();
  return `/api/v1/reports/${$('kind').value}${text ? `?${text}` : ''}`;
}

function chart(id) {
  if (!charts[id]) charts[id] = window.echarts.init($(id));
  return charts[id];
}

function tile(id, label, value) {
  return el('div', { class: 'tile', id }, el('div', { class: 'value' }, value ?? '—'), el('div', { class: 'label' }, label));
}

function render(report) {
  $('title').textContent = `${report.kind} report ${report.from} – ${report.to} (to exclusive, ${report.timeZone})`;
  const t = report.totals;
  $('tiles').replaceChildren(
    tile('tile-contacts', 'contacts', t.contacts),
    tile('tile-complaints', 'complaints', t.complaints),
    tile('tile-valid-complaint-rate', 'valid complaint rate (target < 1 %)', pct(t.validComplaintRate)),
    tile('tile-fcr', 'first-contact resolution', pct(t.firstContactResolutionRate)),
    tile('tile-repair-on-time', 'repairs on time (target 98 %)', pct(report.deadlines.repairOnTimeRate)),
    tile('tile-follow-ups', 'follow-ups done (target 100 %)', pct(report.followUps.completionRate)),
    tile('tile-follow-ups-overdue', 'follow-ups overdue', report.followUps.overdue),
    tile('tile-satisfaction', 'mean satisfaction', num(report.satisfaction.mean)));

  const days = [...new Set(report.perDay.map((d) => d.day))];
  const channels = [...new Set(report.perDay.map((d) => d.channel))];
  chart('chart-days').setOption({
    tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: days }, yAxis: { type: 'value', minInterval: 1 },
    series: channels.map((channel) => ({ name: channel, type: 'bar', stack: 'contacts',
      data: days.map((day) => report.perDay.find((d) => d.day === day && d.channel === channel)?.contacts ?? 0) })),
  }, true);

  const kinds = report.deadlines.byKind.map((d) => `${d.type} ${d.deadline}`);
  chart('chart-deadlines').setOption({
    tooltip: { trigger: 'axis' }, legend: {}, xAxis: { type: 'category', data: kinds, axisLabel: { interval: 0 } }, yAxis: { type: 'value', minInterval: 1 },
    series: [['onTime', 'on time', '#2e7d32'], ['late', 'late', '#c62828'], ['open', 'open', '#9e9e9e']].map(([key, name, color]) => ({
      name, type: 'bar', stack: 'deadlines', itemStyle: { color }, data: report.deadlines.byKind.map((d) => d[key]) })),
  }, true);

  const scores = [1, 2, 3, 4, 5];
  chart('chart-satisfaction').setOption({
    tooltip: {}, xAxis: { type: 'category', data: scores.map(String) }, yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'follow-ups', type: 'bar', data: scores.map((s) => report.satisfaction.distribution[s] ?? 0) }],
  }, true);

  const causes = report.breakdowns.byCause;
  const total = causes.reduce((n, c) => n + c.complaints, 0);
  let running = 0;
  chart('chart-causes').setOption({
    tooltip: { trigger: 'axis' }, legend: {},
    xAxis: { type: 'category', data: causes.map((c) => c.label) },
    yAxis: [{ type: 'value', name: 'complaints', minInterval: 1 }, { type: 'value', name: 'cumulative %', max: 100 }],
    series: [{ name: 'complaints', type: 'bar', data: causes.map((c) => c.complaints) },
      { name: 'cumulative %', type: 'line', yAxisIndex: 1,
        data: causes.map((c) => { running += c.complaints; return total ? Math.round((running / total) * 1000) / 10 : 0; }) }],
  }, true);

  agents = report.agents;
  renderAgents();
  $('download-csv').href = query('csv');
  $('download-xlsx').href = query('xlsx');
}

function renderAgents() {
  const sorted = [...agents].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    const order = x === y ? 0 : x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
    return sort.dir === 'asc' ? order : -order;
  });
  document.querySelectorAll('#agents th').forEach((th) => {
    th.dataset.sorted = th.dataset.key === sort.key ? sort.dir : '';
  });
  $('agents').tBodies[0].replaceChildren(...sorted.map((a) => el('tr', { dataset: { agent: a.username } },
    el('td', {}, a.name), el('td', { class: 'handled' }, a.handled), el('td', {}, a.firstResponderOf),
    el('td', {}, pct(a.onTimeRate)), el('td', {}, a.complaintsAgainst), el('td', {}, num(a.meanSatisfaction)),
    el('td', {}, hours(a.averageHandleSeconds)))));
}

async function show() {
  $('error').textContent = '';
  try {
    render(await api('GET', query()));
  } catch (e) {
    $('error').textContent = e.message;
  }
}

// A scheduled report as it was archived when it was made (the link of a report.ready alert, or the list below);
// the form takes its period, so the downloads and "Show" give the same period computed now.
async function showArchived(id) {
  $('error').textContent = '';
  try {
    const report = await api('GET', `/api/v1/reports/archive/${encodeURIComponent(id)}`);
    $('kind').value = report.kind;
    $('from').value = report.from;
    render(report);
    $('title').textContent = `Archived ${$('title').textContent}`;
  } catch (e) {
    $('error').textContent = e.message;
  }
}

async function listArchive() {
  try {
    const archived = await api('GET', '/api/v1/reports/archive');
    $('archive').replaceChildren(...archived.map((entry) => el('li', {},
      el('a', { href: `/reports?archive=${entry.id}`, dataset: { archive: entry.id } },
        `${entry.kind} ${entry.kind === 'monthly' ? entry.from.slice(0, 7) : entry.from}`),
      ` made ${new Date(entry.createdAt).toLocaleString()}`)));
    if (!archived.length) $('archive').replaceChildren(el('li', { class: 'muted' }, 'none yet'));
  } catch (e) {
    $('archive').replaceChildren(el('li', { class: 'error' }, e.message));
  }
}

function start(me) {
  $('who').textContent = `${me.displayName || me.username} (${me.role})`;
  if (!OVERSEERS.includes(me.role)) {
    $('login').hidden = false;
    $('login-error').textContent = 'Reports are for supervisors and managers: log in as one.';
    return;
  }
  $('login').hidden = true;
  $('page').hidden = false;
  listArchive();
  const params = new URLSearchParams(window.location.search);
  if (params.has('archive')) {
    showArchived(params.get('archive'));
    return;
  }
  // A link may name the period: /reports?kind=monthly&from=2026-11-01
  for (const name of ['kind', 'from', 'to', 'channel', 'agent']) {
    if (params.has(name)) $(name).value = params.get(name);
  }
  show();
}

$('period').addEventListener('submit', (event) => { event.preventDefault(); show(); });
document.querySelectorAll('#agents th').forEach((th) => th.addEventListener('click', () => {
  sort = { key: th.dataset.key, dir: sort.key === th.dataset.key && sort.dir === 'asc' ? 'desc' : 'asc' };
  renderAgents();
}));
window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
signIn(start);
