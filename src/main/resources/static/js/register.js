// "Register a walk-in / letter": an agent opens a contact by hand for a customer at the desk (channel visit) or
// a paper letter (channel letter, with its scan). The agent becomes its first responder at once
// (POST /api/v1/contacts, multipart so a scan can go along).
import { ProblemError } from './api.js';
import { el } from './format.js';

async function post(form) {
  const response = await fetch('/api/v1/contacts', { method: 'POST', credentials: 'same-origin', body: new FormData(form) });
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!response.ok) throw new ProblemError(response.status, json);
  return json;
}

function field(label, input) {
  return el('label', {}, label, ' ', input);
}

/** Builds the form into {@code section}; {@code onRegistered(contactView)} when the contact was stored. */
export function setUpRegistration(section, opener, onRegistered) {
  if (section.dataset.ready) return; // once per page, however often the agent logs in
  section.dataset.ready = 'true';
  const channel = el('select', { id: 'register-channel', name: 'channel' },
    el('option', { value: 'visit' }, 'walk-in (来访)'), el('option', { value: 'letter' }, 'letter'));
  const scan = el('input', { id: 'register-attachment', name: 'attachment', type: 'file', accept: 'application/pdf,image/*' });
  const scanField = field('Scan of the letter', scan);
  const error = el('p', { id: 'register-error', class: 'error', role: 'alert' });
  const form = el('form', { id: 'register-form', onsubmit: async (event) => {
    event.preventDefault();
    error.textContent = '';
    try {
      const registered = await post(form);
      form.reset();
      scanField.hidden = true;
      section.hidden = true;
      onRegistered(registered.contact);
    } catch (e) {
      error.textContent = e.message;
    }
  } },
  el('h2', {}, 'Register a walk-in / letter'),
  field('Channel', channel),
  field('Customer name', el('input', { id: 'register-name', name: 'name', autocomplete: 'off' })),
  field('Phone', el('input', { id: 'register-phone', name: 'phone', inputmode: 'tel', autocomplete: 'off' })),
  field('E-mail', el('input', { id: 'register-email', name: 'email', type: 'email', autocomplete: 'off' })),
  field('Type', el('select', { id: 'register-category', name: 'category' },
    el('option', { value: '' }, 'from the words'), ['inquiry', 'suggestion', 'complaint', 'repair', 'service_request']
      .map((type) => el('option', { value: type }, type.replace('_', ' '))))),
  field('What the customer says / the letter asks',
    el('textarea', { id: 'register-text', name: 'text', rows: 4 })),
  scanField,
  el('button', { id: 'register-submit', type: 'submit' }, 'Register'),
  el('button', { type: 'button', class: 'secondary', onclick: () => { section.hidden = true; } }, 'Cancel'),
  error);
  scanField.hidden = true;
  channel.addEventListener('change', () => { scanField.hidden = channel.value !== 'letter'; });
  section.replaceChildren(form);
  opener.hidden = false;
  opener.addEventListener('click', () => { section.hidden = !section.hidden; });
}
