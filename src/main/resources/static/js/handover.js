// The shift hand-over page: the open matters of the outgoing shift, the duty log, a note per matter, and both
// signatures (GET /api/v1/shifts/current/handover and its actions). Read-only once both have signed.
import { api } from './api.js';
import { el } from './format.js';
import { signIn } from './session.js';

const $ = (id) => document.getElementById(id);
const BASE = '/api/v1/shifts/current/handover';

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

function render(view) {
  const error = el('p', { id: 'handover-error', class: 'error', role: 'alert' });
  const act = async (fn) => {
    error.textContent = '';
    try { render(await fn()); } catch (e) { error.textContent = e.message; }
  };
  const signed = view.signed;
  const log = el('textarea', { id: 'duty-log', rows: 4, disabled: signed }, view.dutyLog || '');
  const items = el('ul', { id: 'handover-items', class: 'contacts' }, view.items.map((item) => {
    const note = el('input', { id: `note-${item.contactId}`, size: 40, value: item.note || '', disabled: signed,
      placeholder: 'where it stands', 'aria-label': `Note on contact ${item.contactId}` });
    return el('li', { dataset: { contact: item.contactId }, class: view.blocking.includes(item.contactId) ? 'blocking' : '' },
      el('span', { class: 'name' }, `#${item.contactId} ${item.customer || ''}`), ' ',
      item.listedAs.map((why) => el('span', { class: `badge ${why}` }, why.replaceAll('_', ' '))), ' ',
      item.unclear ? el('span', { class: 'badge breach' }, 'unclear') : null, ' ',
      note, signed ? null : el('button', { type: 'button', class: 'secondary save-note',
        onclick: () => act(() => api('POST', `${BASE}/items/${item.contactId}/note`, { note: note.value })) }, 'Save note'),
      signed || item.unclear ? null : el('button', { type: 'button', class: 'secondary mark-unclear',
        onclick: () => act(() => api('POST', `${BASE}/items/${item.contactId}/unclear`)) }, 'Unclear'));
  }));
  const signature = (who) => (who ? `${who.by} at ${when(who.at)}` : 'not signed');
  $('handover').replaceChildren(
    el('p', { class: 'meta' }, `Shift from ${when(view.shiftStart)} to ${when(view.handoverAt)}`),
    el('h2', {}, 'Duty log'), log,
    signed ? null : el('button', { id: 'save-log', type: 'button', class: 'secondary',
      onclick: () => act(() => api('PUT', `${BASE}/log`, { text: log.value })) }, 'Save log'),
    el('h2', {}, `Open matters (${view.items.length})`), items,
    el('p', {}, 'Outgoing: ', el('strong', { id: 'outgoing' }, signature(view.outgoing)),
      ' · incoming: ', el('strong', { id: 'incoming' }, signature(view.incoming))),
    signed ? el('p', { id: 'signed', class: 'muted' }, 'Signed by both shifts: this record is kept read-only.')
      : el('div', { class: 'actions' },
        el('button', { id: 'sign-outgoing', type: 'button', disabled: !!view.outgoing,
          onclick: () => act(() => api('POST', `${BASE}/sign`, { as: 'outgoing' })) }, 'Sign as outgoing'),
        el('button', { id: 'sign-incoming', type: 'button', disabled: !view.outgoing,
          onclick: () => act(() => api('POST', `${BASE}/sign`, { as: 'incoming' })) }, 'Sign as incoming')),
    error);
}

signIn(async (agent) => {
  $('login').hidden = true;
  $('handover').hidden = false;
  $('who').textContent = `${agent.displayName || agent.username} (${agent.role})`;
  try {
    render(await api('GET', BASE));
  } catch (e) {
    $('handover').replaceChildren(el('p', { class: 'error', role: 'alert' }, e.message));
  }
});
