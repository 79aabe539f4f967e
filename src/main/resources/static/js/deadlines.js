// A contact's deadlines on the console: each pending one counts down; a met one shows "met on time" or "met late"
// (with who and the note); a breached one not met shows "breached". Those who answer for the contact mark a step
// done by hand, with a note (POST /api/v1/contacts/{id}/deadlines/{name}/met).
import { api } from './api.js';
import { el, time } from './format.js';

/** The soonest deadline still pending (not met); if every pending one has passed, the latest breach. */
export function nextDeadline(view) {
  const pending = [...(view.deadlines || [])].filter((d) => !d.metAt)
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  return pending.find((d) => !d.breachedAt) || pending[pending.length - 1] || null;
}

function outcome(d) {
  if (d.metAt) {
    const label = d.metOnTime ? 'met on time' : 'met late';
    return el('span', { class: `badge ${d.metOnTime ? 'met' : 'met-late'}`, dataset: { deadline: d.name },
      title: `${time(d.metAt)} by ${d.metBy || ''}${d.metNote ? ` — ${d.metNote}` : ''}` }, label);
  }
  if (d.breachedAt) return el('span', { class: 'badge breach', dataset: { deadline: d.name } }, 'breached');
  return el('span', { class: 'countdown', dataset: { due: d.dueAt, warn: d.warnAt } }, '');
}

// What the agent opened and typed survives the re-renders live frames cause: 'contactId:deadline' -> {open, note}.
const drafts = new Map();

function meetForm(view, d, onMet) {
  const key = `${view.id}:${d.name}`;
  const draft = drafts.get(key) || { open: false, note: '' };
  const note = el('input', { id: `met-note-${d.name}`, size: 28, placeholder: 'what was done, e.g. investigation started',
    'aria-label': `Note for ${d.name}`, value: draft.note,
    oninput: () => drafts.set(key, { ...(drafts.get(key) || draft), note: note.value }) });
  const error = el('span', { class: 'error', role: 'alert' });
  const details = el('details', { class: 'meet', open: draft.open,
    ontoggle: () => drafts.set(key, { ...(drafts.get(key) || draft), open: details.open }) },
  el('summary', {}, 'mark done'),
  el('form', { id: `met-${d.name}`, onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const updated = await api('POST', `/api/v1/contacts/${view.id}/deadlines/${encodeURIComponent(d.name)}/met`, { note: note.value });
      drafts.delete(key);
      onMet(updated);
    } catch (e) {
      error.textContent = e.message;
    }
  } }, note, el('button', { type: 'submit', class: 'secondary' }, 'Done'), error));
  return details;
}

/** The list of deadlines; {@code canMeet}: the viewer may mark steps done, {@code onMet(view)} gets the updated contact. */
export function deadlineList(view, { canMeet, onMet }) {
  const deadlines = view.deadlines || [];
  // A working-day deadline reaching into a year without holiday data skipped weekends only: say so.
  const guessed = deadlines.some((d) => d.withoutHolidayData && !d.metAt);
  return el('div', { class: 'deadline-box' },
    guessed ? el('p', { id: 'holiday-data-warning', class: 'warning', role: 'note' },
      'deadline counted without holiday data: public holidays after the loaded years are not known, so weekends only were skipped') : null,
    el('ul', { class: 'deadlines' }, deadlines.map((d) => el('li', { dataset: { deadline: d.name } },
      `${d.name}: due ${new Date(d.dueAt).toLocaleString()} `, outcome(d),
      d.withoutHolidayData ? el('span', { class: 'badge no-holiday-data', title: 'counted without holiday data' }, 'no holiday data') : null,
      canMeet && !d.metAt ? meetForm(view, d, onMet) : null))));
}
