// The agent console: login, presence, offers, my contacts with live SLA countdowns, the conversation
// and its actions. State comes from /ws/console (hello snapshot + live frames, resumed after drops)
// and from the REST API for the details of each contact.
import { api } from './api.js';
import { clock, connectLive } from './live.js';
import { countdown, el, time } from './format.js';

const $ = (id) => document.getElementById(id);
const state = {
  me: null,
  offers: new Map(),      // offerId -> offer frame data
  contacts: new Map(),    // contactId -> ContactView
  selected: null,
  live: null,
};

// ---- login -------------------------------------------------------------------------------------
$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const answer = await api('POST', '/api/v1/auth/login', { username: $('username').value, password: $('password').value });
    start(answer.agent);
  } catch (e) {
    $('login-error').textContent = e.message;
  }
});

async function boot() {
  try {
    start(await api('GET', '/api/v1/agents/me'));
  } catch {
    $('login').hidden = false;
  }
}

function start(agent) {
  state.me = agent;
  $('login').hidden = true;
  $('workspace').hidden = false;
  $('state-box').hidden = false;
  $('who').textContent = `${agent.displayName || agent.username} (${agent.role})`;
  $('wallboard-link').hidden = !['supervisor', 'admin', 'manager'].includes(agent.role);
  if (agent.state) $('state').value = agent.state;
  state.live?.close();
  state.live = connectLive('/ws/console', { onFrame, onStatus });
}

$('state').addEventListener('change', async () => {
  try {
    await api('POST', '/api/v1/agents/me/state', { state: $('state').value });
  } catch (e) {
    alertBox('error', `State not changed: ${e.message}`);
  }
});

function onStatus(status) {
  $('link').dataset.status = status;
  $('link').textContent = status;
}

// ---- frames ------------------------------------------------------------------------------------
function onFrame(frame) {
  const data = frame.data || {};
  switch (frame.type) {
    case 'hello':
      if (!data.resumed) {
        // Nothing to resume from (first connection, restart, or too far behind): rebuild from the snapshot.
        state.offers = new Map(data.offers.map((offer) => [offer.offerId, offer]));
        state.contacts = new Map();
        data.contacts.forEach((summary) => loadContact(summary.id));
      }
      renderOffers();
      renderContacts();
      break;
    case 'offer':
      state.offers.set(data.offerId, data);
      renderOffers();
      break;
    case 'offer.revoked':
      state.offers.delete(data.offerId);
      renderOffers();
      break;
    case 'contact.assigned':
      putContact(data);
      select(data.id);
      break;
    case 'contact.resolved':
    case 'contact.reopened':
      putContact(data);
      break;
    case 'message.new':
      loadContact(data.contactId);
      break;
    case 'message.failed':
      alertBox('error', `Reply on contact #${data.contactId} failed: ${data.reason}`);
      loadContact(data.contactId);
      break;
    case 'agent.state':
      $('state').value = data.state;
      if (data.reason && data.reason !== 'agent') alertBox('info', `You are now ${data.state} (${data.reason})`);
      break;
    case 'sla.warning':
      alertBox('warning', `SLA warning: contact #${data.contactId} — ${data.deadline || ''} due ${time(data.dueAt)}`);
      loadContact(data.contactId);
      break;
    case 'sla.breached':
      alertBox('breach', `SLA breached: contact #${data.contactId} — ${data.deadline || ''} was due ${time(data.dueAt)}`);
      loadContact(data.contactId);
      break;
    case 'contact.escalated':
      alertBox('breach', `Escalated (level ${data.level}): contact #${data.contactId} — ${data.reason}`);
      break;
    case 'follow_up.due':
      alertBox('info', `Follow-up due for contact #${data.contactId} by ${time(data.dueAt)}`);
      loadContact(data.contactId);
      break;
    default:
      break;
  }
}

async function loadContact(id) {
  try {
    putContact(await api('GET', `/api/v1/contacts/${id}`));
  } catch (e) {
    if (e.status === 403 || e.status === 404) {
      state.contacts.delete(id);
      renderContacts();
    }
  }
}

function putContact(view) {
  state.contacts.set(view.id, view);
  renderContacts();
  if (state.selected === view.id) renderConversation();
}

function select(id) {
  state.selected = id;
  renderContacts();
  renderConversation();
}

// ---- offers ------------------------------------------------------------------------------------
function renderOffers() {
  const box = $('offers');
  box.replaceChildren(...[...state.offers.values()].map((offer) => el('div', { class: 'card offer', dataset: { offer: offer.offerId } },
    el('strong', {}, `Incoming ${offer.channel}: ${offer.customerName || 'customer'}`),
    el('p', { class: 'text' }, offer.text || ''),
    el('span', { class: 'countdown', dataset: { due: offer.expiresAt } }, ''),
    el('button', { class: 'accept', onclick: () => answer(offer, 'accept') }, 'Accept'),
    el('button', { class: 'reject secondary', onclick: () => answer(offer, 'reject') }, 'Reject'))));
  tick();
}

async function answer(offer, verb) {
  try {
    const result = await api('POST', `/api/v1/offers/${encodeURIComponent(offer.offerId)}/${verb}`);
    state.offers.delete(offer.offerId);
    renderOffers();
    if (verb === 'accept') { putContact(result); select(result.id); }
  } catch (e) {
    state.offers.delete(offer.offerId);
    renderOffers();
    alertBox('error', `Offer not ${verb}ed: ${e.message}`);
  }
}

// ---- contacts ----------------------------------------------------------------------------------
const OPEN = ['queued', 'offered', 'transferred', 'in_progress', 'replied', 'reopened'];

function roles(view) {
  const me = state.me.id;
  return { assignee: view.assignee?.id === me, firstResponder: view.firstResponder?.id === me };
}

function nextDeadline(view) {
  // The soonest deadline still pending; if all have passed, the latest breach.
  const byDue = [...(view.deadlines || [])].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return byDue.find((d) => !d.breachedAt) || byDue[byDue.length - 1] || null;
}

function renderContacts() {
  const list = $('contacts');
  const views = [...state.contacts.values()].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  list.replaceChildren(...views.map((view) => {
    const r = roles(view);
    const due = OPEN.includes(view.status) ? nextDeadline(view) : null;
    return el('li', { class: `contact ${state.selected === view.id ? 'selected' : ''}`, dataset: { contact: view.id },
      onclick: () => select(view.id) },
    el('span', { class: 'name' }, `#${view.id} ${view.customer?.name || ''}`),
    el('span', { class: 'channel' }, view.channel),
    el('span', { class: 'status' }, view.status),
    r.assignee ? el('span', { class: 'badge assignee', title: 'you hold it' }, 'assignee') : null,
    r.firstResponder ? el('span', { class: 'badge first-responder', title: 'you answer for it until the customer is satisfied' }, 'first responder') : null,
    due ? el('span', { class: 'countdown', dataset: { due: due.dueAt, warn: due.warnAt } , title: `${due.name} due ${time(due.dueAt)}` }, '') : null);
  }));
  tick();
}

// ---- conversation ------------------------------------------------------------------------------
function renderConversation() {
  const box = $('conversation');
  const view = state.contacts.get(state.selected);
  if (!view) { box.replaceChildren(el('p', { class: 'muted' }, 'Select a contact.')); return; }
  const r = roles(view);
  const open = OPEN.includes(view.status);
  const replyText = el('textarea', { id: 'reply-text', rows: 3, placeholder: 'Reply to the customer' });
  const replyError = el('p', { id: 'reply-error', class: 'error', role: 'alert' });
  const children = [
    el('h2', {}, `#${view.id} ${view.customer?.name || ''}`),
    el('p', { class: 'meta' },
      el('span', { id: 'contact-status' }, view.status), ' · ', view.channel, ' · ', `${view.type || ''} ${view.severity || ''}`,
      ' · queue ', view.queue?.code || '',
      ' · assignee ', el('strong', { id: 'assignee' }, view.assignee?.name || '—'),
      ' · first responder ', el('strong', { id: 'first-responder' }, view.firstResponder?.name || '—')),
    el('ul', { class: 'deadlines' }, (view.deadlines || []).map((d) => el('li', {},
      `${d.name}: due ${new Date(d.dueAt).toLocaleString()} `,
      d.breachedAt ? el('span', { class: 'badge breach' }, 'breached')
        : el('span', { class: 'countdown', dataset: { due: d.dueAt, warn: d.warnAt } }, '')))),
    el('ol', { id: 'messages', class: 'messages' }, (view.messages || []).map((m) => el('li', { class: `message ${m.direction} ${m.delivery || ''}` },
      el('span', { class: 'author' }, m.direction === 'internal' ? `note by ${m.author}` : (m.author || m.direction)), ' ', el('span', { class: 'at' }, time(m.at)),
      el('p', { class: 'text' }, m.text),
      m.delivery === 'failed' ? el('p', { class: 'error' }, `not delivered: ${m.deliveryError}`) : null))),
  ];
  if (open && r.assignee) {
    children.push(el('form', { id: 'reply', onsubmit: async (event) => {
      event.preventDefault();
      replyError.textContent = '';
      try {
        await api('POST', `/api/v1/contacts/${view.id}/messages`, { text: replyText.value });
        replyText.value = '';
      } catch (e) {
        replyError.textContent = e.message;
      }
      loadContact(view.id);
    } }, replyText, el('button', { id: 'send', type: 'submit' }, 'Send'), replyError));
  }
  if (r.assignee || r.firstResponder || ['supervisor', 'manager', 'admin'].includes(state.me.role)) {
    const noteText = el('textarea', { id: 'note-text', rows: 2, placeholder: 'Internal note (never sent to the customer)' });
    const noteError = el('p', { id: 'note-error', class: 'error', role: 'alert' });
    children.push(el('form', { id: 'note', class: 'note', onsubmit: async (event) => {
      event.preventDefault();
      noteError.textContent = '';
      try {
        await api('POST', `/api/v1/contacts/${view.id}/notes`, { text: noteText.value });
        noteText.value = '';
        loadContact(view.id);
      } catch (e) {
        noteError.textContent = e.message;
      }
    } }, noteText, el('button', { id: 'add-note', type: 'submit', class: 'secondary' }, 'Add note'), noteError));
  }
  const actionError = el('p', { id: 'action-error', class: 'error', role: 'alert' });
  const act = (label, id, fn) => el('button', { id, type: 'button', class: 'secondary', onclick: async () => {
    actionError.textContent = '';
    try { const result = await fn(); if (result?.id) putContact(result); else loadContact(view.id); } catch (e) { actionError.textContent = e.message; }
  } }, label);
  const actions = [];
  if (open && (r.assignee || r.firstResponder)) {
    actions.push(act('Resolve', 'resolve', () => api('POST', `/api/v1/contacts/${view.id}/resolve`)));
  }
  if (open && r.assignee) {
    const agentInput = el('input', { id: 'transfer-agent', placeholder: 'agent username', size: 12 });
    const queueInput = el('input', { id: 'transfer-queue', placeholder: 'queue code', size: 10 });
    actions.push(el('span', { class: 'transfer' },
      agentInput, act('Transfer to agent', 'transfer-to-agent',
        () => api('POST', `/api/v1/contacts/${view.id}/transfer`, { agent: agentInput.value })),
      queueInput, act('Transfer to queue', 'transfer-to-queue',
        () => api('POST', `/api/v1/contacts/${view.id}/transfer`, { queue: queueInput.value }))));
  }
  if (view.status === 'follow_up' && r.firstResponder) {
    children.push(followUpForm(view));
  }
  children.push(el('div', { class: 'actions' }, actions, actionError));
  box.replaceChildren(...children);
  tick();
}

function followUpForm(view) {
  const satisfaction = el('select', { id: 'satisfaction' }, [5, 4, 3, 2, 1].map((n) => el('option', { value: n }, `${n}`)));
  const outcome = el('select', { id: 'outcome' }, el('option', { value: 'reached' }, 'reached'), el('option', { value: 'unreachable' }, 'unreachable'));
  const comment = el('textarea', { id: 'follow-up-comment', rows: 2, placeholder: 'What the customer said' });
  const error = el('p', { id: 'follow-up-error', class: 'error', role: 'alert' });
  return el('form', { id: 'follow-up', class: 'follow-up', onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    const reached = outcome.value === 'reached';
    try {
      putContact(await api('POST', `/api/v1/contacts/${view.id}/follow-up`, {
        outcome: outcome.value,
        satisfaction: reached ? Number(satisfaction.value) : null,
        satisfied: reached ? Number(satisfaction.value) >= 3 : null,
        comment: comment.value,
      }));
    } catch (e) {
      error.textContent = e.message;
    }
  } }, el('h3', {}, 'Follow-up'), el('label', {}, 'Outcome ', outcome), el('label', {}, 'Satisfaction (1–5) ', satisfaction),
  comment, el('button', { id: 'record-follow-up', type: 'submit' }, 'Record follow-up'), error);
}

// ---- alerts and countdowns ---------------------------------------------------------------------
function alertBox(kind, text) {
  const box = el('div', { class: `alert ${kind}`, role: 'alert' }, text,
    el('button', { class: 'dismiss', title: 'dismiss', onclick: () => box.remove() }, '×'));
  $('alerts').prepend(box);
  while ($('alerts').children.length > 8) $('alerts').lastChild.remove();
}

function tick() {
  const now = clock.now();
  document.querySelectorAll('.countdown[data-due]').forEach((node) => {
    const left = Date.parse(node.dataset.due) - now;
    node.textContent = left <= 0 ? `overdue ${countdown(-left)}` : countdown(left);
    node.classList.toggle('overdue', left <= 0);
    node.classList.toggle('at-risk', left > 0 && node.dataset.warn && Date.parse(node.dataset.warn) <= now);
  });
}
setInterval(tick, 1000);

boot();
