// The agent console: login, presence, offers, my contacts with live SLA countdowns, the conversation
// and its actions. State comes from /ws/console (hello snapshot + live frames, resumed after drops)
// and from the REST API for the details of each contact.
import { api } from './api.js';
import { clock, connectLive } from './live.js';
import { countdown, el, time } from './format.js';
import { deadlineList, nextDeadline } from './deadlines.js';
import { setUpRegistration } from './register.js';
import { historyPanel, messageItem } from './history.js';
import { OVERSEERS, signIn } from './session.js';

const $ = (id) => document.getElementById(id);
const state = {
  me: null,
  offers: new Map(),      // offerId -> offer frame data
  contacts: new Map(),    // contactId -> ContactView
  selected: null,
  live: null,
  history: null,          // {contactId, archive, error, linkError} of the selected contact's customer
  expanded: new Set(),    // past contacts the agent unfolded in the history
  targets: null,          // {queues, agents} for the transfer pickers
  drafts: new Map(),      // 'contactId:field' -> what the agent typed or picked, kept across re-renders
};

function start(agent) {
  state.me = agent;
  $('login').hidden = true;
  $('workspace').hidden = false;
  $('state-box').hidden = false;
  $('who').textContent = `${agent.displayName || agent.username} (${agent.role})`;
  $('wallboard-link').hidden = !OVERSEERS.includes(agent.role);
  $('find').hidden = false;
  setUpRegistration($('register'), $('register-open'), (view) => { putContact(view); select(view.id, { fresh: true, loaded: true }); });
  $('contacts-title').textContent = OVERSEERS.includes(agent.role) ? 'My contacts and escalations' : 'My contacts';
  if (agent.state) $('state').value = agent.state;
  state.live?.close();
  state.live = connectLive('/ws/console', { onFrame, onStatus });
  state.queueFeed?.close();
  state.queueFeed = connectLive('/ws/queues', { onFrame: onQueues, onStatus: () => {}, track: false });
}

// ---- queue strip: what is waiting, pushed by /ws/queues whenever it changes --------------------------
function onQueues(frame) {
  if (frame.type !== 'queues') return;
  $('queue-strip').replaceChildren(...frame.data.map((q) => el('span', { class: 'queue', dataset: { channel: q.channel } },
    el('strong', {}, q.channel), ' ',
    el('span', { class: 'waiting' }, String(q.waiting)), ' waiting',
    q.longestWaitingSince ? [' · longest ', el('span', { class: 'elapsed', dataset: { since: q.longestWaitingSince } }, '')] : null,
    q.serviceLevel === null || q.serviceLevel === undefined ? null : ` · service level ${Math.round(q.serviceLevel * 100)} %`)));
  tick();
}

$('state').addEventListener('change', async () => {
  try {
    await api('POST', '/api/v1/agents/me/state', { state: $('state').value });
  } catch (e) {
    alertBox('error', `State not changed: ${e.message}`);
  }
});

// Any contact by number: one the agent handled before (to reopen it), or any contact for a supervisor.
$('find').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('find-error').textContent = '';
  const id = Number($('find-id').value);
  if (!Number.isInteger(id) || id <= 0) { $('find-error').textContent = 'a contact number, like 42'; return; }
  try {
    await openContact(id);
    $('find-id').value = '';
  } catch (e) {
    $('find-error').textContent = e.message;
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
      select(data.id, { loaded: true });
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
    case 'sla.deadlines_moved':
      // Holiday data loaded for a year moved open deadlines: show the new due times.
      alertBox('info', `Holiday data loaded: contact #${data.contactId} — ${(data.deadlines || [])
        .map((d) => `${d.deadline} now due ${time(d.dueAt)}`).join(', ')}`);
      loadContact(data.contactId);
      break;
    case 'shift.alert':
      alertBox('breach', `Shift: ${data.reason}`);
      break;
    case 'contact.escalated':
      alertBox('breach', `Escalated (level ${data.level}): contact #${data.contactId} — ${data.reason}`);
      loadContact(data.contactId);
      break;
    case 'report.ready':
      // Supervisors and managers: the scheduled daily or monthly report was made; open it as archived.
      alertBox('info', [`The ${data.kind} report for ${data.kind === 'monthly' ? data.from.slice(0, 7) : data.from} is ready: `,
        el('a', { class: 'report-link', href: `/reports?archive=${data.archiveId}` }, 'open it')]);
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

/**
 * Shows a contact. The customer's archive is read (and that read audited) when the agent opens a contact
 * (fresh: a click), not again when a frame or an answer re-selects the one already shown.
 */
function select(id, { fresh = false, loaded = false } = {}) {
  const again = state.selected === id && state.history?.contactId === id && !state.history.error;
  state.selected = id;
  if (fresh || !again) state.history = { contactId: id, archive: null, error: null, linkError: null };
  renderContacts();
  renderConversation();
  if (!loaded) loadContact(id); // what others did meanwhile (a supervisor gets no frames for contacts they do not hold)
  if (fresh || !again) loadHistory(id);
  const view = state.contacts.get(id);
  if (view && OPEN.includes(view.status) && roles(view).assignee) loadTargets(); // only the assignee transfers
}

async function openContact(id) {
  putContact(await api('GET', `/api/v1/contacts/${id}`));
  select(id, { fresh: true, loaded: true });
}

// ---- the customer's history across channels (each load is an audited read of their archive) ---------
async function loadHistory(contactId) {
  const view = state.contacts.get(contactId);
  if (!view?.customer) return;
  try {
    const archive = await api('GET', `/api/v1/customers/${view.customer.id}?contact=${contactId}`);
    if (state.history?.contactId === contactId) { state.history.archive = archive; renderConversation(); }
  } catch (e) {
    if (state.history?.contactId === contactId) { state.history.error = e.message; renderConversation(); }
  }
}

async function linkIdentity(channel, handle) {
  const history = state.history;
  const view = state.contacts.get(history.contactId);
  history.linkError = null;
  try {
    history.archive = await api('POST', `/api/v1/customers/${history.archive.id}/identities?contact=${view.id}`, { channel, handle });
    state.drafts.delete(`${view.id}:link-handle`);
  } catch (e) {
    history.linkError = e.message;
  }
  renderConversation();
}

function canOpen(contact) {
  const me = state.me.id;
  return OVERSEERS.includes(state.me.role) || contact.firstResponder?.id === me || contact.assignee?.id === me;
}

// ---- transfer targets: queues with who can take them, colleagues with their state ---------------------
async function loadTargets() {
  try {
    const targets = await api('GET', '/api/v1/transfer-targets');
    targets.agents.sort((a, b) => (a.state === 'available' ? 0 : 1) - (b.state === 'available' ? 0 : 1)
      || a.displayName.localeCompare(b.displayName));
    state.targets = targets;
    renderConversation();
  } catch {
    // The pickers keep what they had; the transfer itself reports any problem.
  }
}

/** A form field whose content survives re-renders (live frames re-render the conversation while the agent types). */
function kept(tag, contactId, field, attrs, ...children) {
  const key = `${contactId}:${field}`;
  const node = el(tag, { ...attrs, oninput: () => state.drafts.set(key, node.value), onchange: () => state.drafts.set(key, node.value) }, ...children);
  if (state.drafts.has(key)) node.value = state.drafts.get(key);
  node.forget = () => { state.drafts.delete(key); node.value = ''; };
  return node;
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
    if (verb === 'accept') { putContact(result); select(result.id, { loaded: true }); }
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

function renderContacts() {
  const list = $('contacts');
  const views = [...state.contacts.values()].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  list.replaceChildren(...views.map((view) => {
    const r = roles(view);
    const due = OPEN.includes(view.status) ? nextDeadline(view) : null;
    return el('li', { class: `contact ${state.selected === view.id ? 'selected' : ''}`, dataset: { contact: view.id },
      onclick: () => select(view.id, { fresh: true }) },
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
// While the agent composes with an input method (pinyin), a re-render would cancel the composition: wait for its end.
let composing = false;
let renderWaiting = false;
document.addEventListener('compositionstart', () => { composing = true; });
document.addEventListener('compositionend', () => {
  composing = false;
  if (renderWaiting) { renderWaiting = false; renderConversation(); }
});

function renderConversation() {
  if (composing) { renderWaiting = true; return; }
  const box = $('conversation');
  const view = state.contacts.get(state.selected);
  if (!view) { box.replaceChildren(el('p', { class: 'muted' }, 'Select a contact.')); renderHistory(null); return; }
  const active = document.activeElement;
  const focused = box.contains(active) || $('customer-panel').contains(active)
    ? { id: active.id, start: active.selectionStart, end: active.selectionEnd } : null;
  const r = roles(view);
  const open = OPEN.includes(view.status);
  const supervisor = OVERSEERS.includes(state.me.role);
  const children = [
    el('h2', {}, `#${view.id} ${view.customer?.name || ''}`),
    el('p', { class: 'meta' },
      el('span', { id: 'contact-status' }, view.status), ' · ', view.channel, ' · ', `${view.type || ''} ${view.severity || ''}`,
      ' · queue ', view.queue?.code || '',
      ' · assignee ', el('strong', { id: 'assignee' }, view.assignee?.name || '—'),
      ' · first responder ', el('strong', { id: 'first-responder' }, view.firstResponder?.name || '—')),
    deadlineList(view, { canMeet: r.assignee || r.firstResponder || supervisor, onMet: putContact }),
    el('ol', { id: 'messages', class: 'messages' }, (view.messages || []).map(messageItem)),
  ];
  // After the resolution the first responder still feeds the result back to the customer (the feedback deadline).
  if ((open && r.assignee) || (['resolved', 'follow_up'].includes(view.status) && r.firstResponder)) children.push(replyForm(view));
  if (r.assignee || r.firstResponder || supervisor) children.push(noteForm(view));
  const actionError = el('p', { id: 'action-error', class: 'error', role: 'alert' });
  const act = (label, id, fn) => el('button', { id, type: 'button', class: 'secondary', onclick: async () => {
    actionError.textContent = '';
    try { const result = await fn(); if (result?.id) putContact(result); else loadContact(view.id); } catch (e) { actionError.textContent = e.message; }
  } }, label);
  const actions = [];
  if (open && (r.assignee || r.firstResponder)) {
    actions.push(act('Resolve', 'resolve', () => api('POST', `/api/v1/contacts/${view.id}/resolve`)));
  }
  if (open && r.assignee) actions.push(transferPicker(view, act));
  if (view.status === 'follow_up' && r.firstResponder) children.push(followUpForm(view));
  children.push(el('div', { class: 'actions' }, actions, actionError));
  if (CLOSABLE.includes(view.status) && (r.firstResponder || supervisor)) children.push(reopenForm(view));
  box.replaceChildren(...children);
  renderHistory(view);
  restoreFocus(focused);
  tick();
}

/** The field the agent was typing in gets the focus and the caret back after a re-render. */
function restoreFocus(focused) {
  const node = focused?.id ? $(focused.id) : null;
  if (!node) return;
  node.focus();
  if (typeof focused.start === 'number' && typeof node.setSelectionRange === 'function') {
    try { node.setSelectionRange(focused.start, focused.end); } catch { /* not a text field */ }
  }
}

/** The customer panel beside the conversation: who this customer is and what they asked before, on any channel. */
function renderHistory(view) {
  const panel = $('customer-panel');
  if (!view || state.history?.contactId !== view.id) {
    panel.replaceChildren(el('p', { class: 'muted' }, 'The customer\'s history shows here.'));
    return;
  }
  panel.replaceChildren(historyPanel(state.history, { currentId: view.id, canOpen, expanded: state.expanded,
    onOpen: (id) => openContact(id).catch((e) => alertBox('error', `Contact #${id} not opened: ${e.message}`)),
    onLink: linkIdentity, field: (tag, name, attrs, ...options) => kept(tag, view.id, name, attrs, ...options) }));
}

const CLOSABLE = ['resolved', 'follow_up', 'closed'];

function replyForm(view) {
  const replyText = kept('textarea', view.id, 'reply', { id: 'reply-text', rows: 3, placeholder: 'Reply to the customer' });
  const replyError = el('p', { id: 'reply-error', class: 'error', role: 'alert' });
  return el('form', { id: 'reply', onsubmit: async (event) => {
    event.preventDefault();
    replyError.textContent = '';
    try {
      await api('POST', `/api/v1/contacts/${view.id}/messages`, { text: replyText.value });
      replyText.forget();
    } catch (e) {
      replyError.textContent = e.message;
    }
    loadContact(view.id);
  } }, replyText, el('button', { id: 'send', type: 'submit' }, 'Send'), replyError);
}

function noteForm(view) {
  const noteText = kept('textarea', view.id, 'note', { id: 'note-text', rows: 2, placeholder: 'Internal note (never sent to the customer)' });
  const noteError = el('p', { id: 'note-error', class: 'error', role: 'alert' });
  return el('form', { id: 'note', class: 'note', onsubmit: async (event) => {
    event.preventDefault();
    noteError.textContent = '';
    try {
      await api('POST', `/api/v1/contacts/${view.id}/notes`, { text: noteText.value });
      noteText.forget();
      loadContact(view.id);
    } catch (e) {
      noteError.textContent = e.message;
    }
  } }, noteText, el('button', { id: 'add-note', type: 'submit', class: 'secondary' }, 'Add note'), noteError);
}

/** Pick a colleague (available ones first, each with their state) or a queue (with how many can take it now). */
function transferPicker(view, act) {
  const targets = state.targets || { queues: [], agents: [] };
  const agent = kept('select', view.id, 'transfer-agent', { id: 'transfer-agent', 'aria-label': 'Colleague to transfer to' },
    el('option', { value: '' }, 'choose a colleague…'),
    targets.agents.map((a) => el('option', { value: a.username, class: a.state }, `${a.displayName} — ${a.state.replaceAll('_', ' ')}`)));
  const queue = kept('select', view.id, 'transfer-queue', { id: 'transfer-queue', 'aria-label': 'Queue to transfer to' },
    el('option', { value: '' }, 'choose a queue…'),
    targets.queues.map((q) => el('option', { value: q.code }, `${q.name} — ${q.availableAgents} available`)));
  const transfer = (body, picked, what) => async () => {
    if (!picked.value) throw new Error(`choose a ${what} first`);
    const result = await api('POST', `/api/v1/contacts/${view.id}/transfer`, body());
    picked.forget();
    loadTargets();
    return result;
  };
  return el('span', { class: 'transfer' },
    agent, act('Transfer to colleague', 'transfer-to-agent', transfer(() => ({ agent: agent.value }), agent, 'colleague')),
    queue, act('Transfer to queue', 'transfer-to-queue', transfer(() => ({ queue: queue.value }), queue, 'queue')));
}

/** Resolved, followed up or closed, and the customer says it is not settled: back to the first responder. */
function reopenForm(view) {
  const reason = kept('textarea', view.id, 'reopen', { id: 'reopen-reason', rows: 2, placeholder: 'Why reopen: what is still wrong for the customer' });
  const error = el('p', { id: 'reopen-error', class: 'error', role: 'alert' });
  return el('form', { id: 'reopen', class: 'reopen', onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      putContact(await api('POST', `/api/v1/contacts/${view.id}/reopen`, { reason: reason.value }));
      reason.forget();
    } catch (e) {
      error.textContent = e.message;
    }
  } }, el('h3', {}, 'Reopen'), reason, el('button', { id: 'reopen-button', type: 'submit', class: 'secondary' }, 'Reopen for the first responder'), error);
}

function followUpForm(view) {
  const satisfaction = kept('select', view.id, 'satisfaction', { id: 'satisfaction' }, [5, 4, 3, 2, 1].map((n) => el('option', { value: n }, `${n}`)));
  const outcome = kept('select', view.id, 'outcome', { id: 'outcome' }, el('option', { value: 'reached' }, 'reached'), el('option', { value: 'unreachable' }, 'unreachable'));
  const comment = kept('textarea', view.id, 'follow-up-comment', { id: 'follow-up-comment', rows: 2, placeholder: 'What the customer said' });
  const error = el('p', { id: 'follow-up-error', class: 'error', role: 'alert' });
  return el('form', { id: 'follow-up', class: 'follow-up', onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    const reached = outcome.value === 'reached';
    try {
      const recorded = await api('POST', `/api/v1/contacts/${view.id}/follow-up`, {
        outcome: outcome.value,
        satisfaction: reached ? Number(satisfaction.value) : null,
        satisfied: reached ? Number(satisfaction.value) >= 3 : null,
        comment: comment.value,
      });
      // A reopened contact comes back to a follow-up later: that one starts blank, not with today's answers.
      [satisfaction, outcome, comment].forEach((field) => field.forget());
      putContact(recorded);
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
  document.querySelectorAll('.elapsed[data-since]').forEach((node) => {
    node.textContent = countdown(Math.max(0, now - Date.parse(node.dataset.since)));
  });
  document.querySelectorAll('.countdown[data-due]').forEach((node) => {
    const left = Date.parse(node.dataset.due) - now;
    node.textContent = left <= 0 ? `overdue ${countdown(-left)}` : countdown(left);
    node.classList.toggle('overdue', left <= 0);
    node.classList.toggle('at-risk', left > 0 && node.dataset.warn && Date.parse(node.dataset.warn) <= now);
  });
}
setInterval(tick, 1000);

signIn(start);
