// The supervisor wallboard: figures pushed on /ws/wallboard (hello with serverTime, then "stats" on
// every change, latest wins). Times in state and waits count locally against the server's clock.
import { clock, connectLive } from './live.js';
import { countdown, el } from './format.js';
import { OVERSEERS, signIn } from './session.js';

const $ = (id) => document.getElementById(id);
let latest = null;

function start(me) {
  $('who').textContent = `${me.displayName || me.username} (${me.role})`;
  if (!OVERSEERS.includes(me.role)) {
    $('login').hidden = false;
    $('login-error').textContent = 'The wallboard is for supervisors: log in as one.';
    return;
  }
  $('login').hidden = true;
  $('board').hidden = false;
  connectLive('/ws/wallboard', {
    onStatus: (status) => { $('link').dataset.status = status; $('link').textContent = status; },
    onFrame: (frame) => { if (frame.type === 'stats') { latest = frame.data; render(); } },
  });
}

const pct = (x) => (x === null || x === undefined ? '—' : `${Math.round(x * 100)} %`);
const level = (x, good, fair, higherIsBetter = true) => {
  if (x === null || x === undefined) return '';
  if (higherIsBetter) return x >= good ? 'ok' : x >= fair ? 'warn' : 'bad';
  return x <= good ? 'ok' : x <= fair ? 'warn' : 'bad';
};
const since = (iso) => (iso ? countdown(clock.now() - Date.parse(iso)) : '—');

function tile(id, label, value, cls = '') {
  return el('div', { class: 'tile', id }, el('div', { class: `value ${cls}` }, value ?? '—'), el('div', { class: 'label' }, label));
}

function render() {
  if (!latest) return;
  const waiting = latest.queues.reduce((n, q) => n + q.waiting, 0);
  const states = latest.agentsByState;
  const satisfaction = latest.sla.satisfactionToday;
  $('tiles').replaceChildren(
    tile('tile-waiting', 'waiting', waiting, waiting === 0 ? 'ok' : waiting < 5 ? 'warn' : 'bad'),
    tile('tile-available', 'agents available', states.available, states.available > 0 ? 'ok' : 'bad'),
    tile('tile-busy', 'busy / after-call', (states.busy || 0) + (states.after_call_work || 0)),
    tile('tile-break', 'break / away', (states.break || 0) + (states.away || 0)),
    // No figure (null) is shown as '—', not 0: the SLA tiles are kept for the default workspace only so far.
    tile('tile-at-risk', 'contacts at risk', latest.sla.atRisk, (latest.sla.atRisk ?? 0) > 0 ? 'warn' : 'ok'),
    tile('tile-breached', 'SLA breached', latest.sla.breached, (latest.sla.breached ?? 0) > 0 ? 'bad' : 'ok'),
    tile('tile-followups', 'follow-ups due', latest.sla.followUpsDue),
    tile('tile-satisfaction', 'satisfaction today', satisfaction ? Number(satisfaction).toFixed(1) : '—',
      level(satisfaction, 4, 3)));
  $('queues').tBodies[0].replaceChildren(...latest.queues.map((q) => el('tr', { dataset: { channel: q.channel } },
    el('td', {}, q.channel),
    el('td', { class: `waiting ${q.waiting === 0 ? 'ok' : q.waiting < 5 ? 'warn' : 'bad'}` }, q.waiting),
    el('td', { class: 'longest', dataset: q.longestWaitingSince ? { since: q.longestWaitingSince } : {} }, since(q.longestWaitingSince)),
    el('td', {}, q.longestWaitingCustomer || '—'),
    el('td', { class: level(q.serviceLevel, 0.8, 0.6) }, pct(q.serviceLevel)),
    el('td', {}, q.averageSpeedOfAnswerSeconds === null ? '—' : `${Math.round(q.averageSpeedOfAnswerSeconds)} s`),
    el('td', { class: level(q.abandonRate, 0.05, 0.1, false) }, `${q.abandonedToday} (${pct(q.abandonRate)})`),
    el('td', {}, q.answeredToday))));
  $('agents').tBodies[0].replaceChildren(...latest.agents.map((a) => el('tr', { dataset: { agent: a.id } },
    el('td', {}, a.name),
    el('td', { class: `state ${a.state === 'available' ? 'ok' : a.state === 'offline' ? '' : 'warn'}` }, a.state),
    el('td', { class: 'in-state', dataset: a.since ? { since: a.since } : {} }, since(a.since)),
    el('td', {}, a.load))));
}

setInterval(() => document.querySelectorAll('[data-since]').forEach((node) => { node.textContent = since(node.dataset.since); }), 1000);
signIn(start);
