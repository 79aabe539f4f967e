// The customer's history across channels (客户档案) under the conversation: their identities, a form to link
// one more (the customer tells the agent their phone number on WeChat), and every other contact they made,
// each with its messages. The archive comes from GET /api/v1/customers/{id}; the server audits each read.
import { el, time } from './format.js';

const CHANNELS = ['phone', 'email', 'wechat', 'webchat'];

/** One message of a conversation, the same way in the current contact and in the history. */
export function messageItem(m) {
  return el('li', { class: `message ${m.direction} ${m.delivery || ''}` },
    el('span', { class: 'author' }, m.direction === 'internal' ? `note by ${m.author}` : (m.author || m.direction)), ' ',
    el('span', { class: 'at' }, `${new Date(m.at).toLocaleDateString()} ${time(m.at)}`),
    el('p', { class: 'text' }, m.text),
    m.delivery === 'failed' ? el('p', { class: 'error' }, `not delivered: ${m.deliveryError}`) : null);
}

/**
 * history: {archive, error, linkError} for the selected contact (archive null while loading).
 * options: currentId, canOpen(contact), onOpen(id), onLink(channel, handle), expanded (Set of contact ids kept open),
 * field(tag, name, attrs, ...children): a form field whose value survives re-renders.
 */
export function historyPanel(history, options) {
  const children = [el('h3', {}, 'Customer history across channels')];
  if (history.error) {
    children.push(el('p', { class: 'error', role: 'alert' }, `History not available: ${history.error}`));
    return el('section', { id: 'history', class: 'history' }, children);
  }
  if (!history.archive) {
    children.push(el('p', { class: 'muted' }, 'Loading history…'));
    return el('section', { id: 'history', class: 'history' }, children);
  }
  const archive = history.archive;
  children.push(el('ul', { id: 'identities', class: 'identities' }, archive.identities.map((identity) =>
    el('li', { class: 'identity', dataset: { channel: identity.channel } }, el('span', { class: 'badge' }, identity.channel), ' ', identity.handle))));
  children.push(linkForm(history, options));
  const others = archive.contacts.filter((contact) => contact.id !== options.currentId);
  if (others.length === 0) {
    children.push(el('p', { id: 'no-history', class: 'muted' }, 'No other contacts from this customer.'));
  } else {
    children.push(el('ol', { id: 'history-contacts', class: 'history-contacts' }, others.map((contact) => pastContact(contact, options))));
  }
  if (archive.truncated) children.push(el('p', { class: 'muted' }, 'Older contacts and messages are not shown here.'));
  return el('section', { id: 'history', class: 'history' }, children);
}

function pastContact(contact, options) {
  const details = el('details', { open: options.expanded.has(contact.id), ontoggle: () => {
    if (details.open) options.expanded.add(contact.id); else options.expanded.delete(contact.id);
  } },
  el('summary', {},
    el('strong', {}, `#${contact.id}`), ' ', el('span', { class: 'badge' }, contact.channel), ' ',
    el('span', { class: 'status' }, contact.status), ' · ', contact.type || '', ' · ',
    `${new Date(contact.openedAt).toLocaleDateString()} ${time(contact.openedAt)}`,
    contact.firstResponder ? ` · first responder ${contact.firstResponder.name}` : '',
    contact.satisfaction ? el('span', { class: 'satisfaction', title: 'satisfaction at follow-up' }, ` · ${contact.satisfaction}/5`) : null),
  el('ol', { class: 'messages' }, (contact.messages || []).map(messageItem)),
  options.canOpen(contact)
    ? el('button', { type: 'button', class: 'secondary open-contact', onclick: () => options.onOpen(contact.id) }, `Open #${contact.id}`)
    : null);
  return el('li', { class: 'past-contact', dataset: { contact: contact.id } }, details);
}

function linkForm(history, options) {
  const channel = options.field('select', 'link-channel', { id: 'link-channel', 'aria-label': 'Channel' },
    CHANNELS.map((c) => el('option', { value: c }, c)));
  const handle = options.field('input', 'link-handle', { id: 'link-handle', placeholder: 'phone number, e-mail, WeChat id…', 'aria-label': 'Identity' });
  return el('form', { id: 'link-identity', class: 'link-identity', title: 'The customer told you another way to reach them: '
      + 'link it, and their contacts on that channel join this history.', onsubmit: (event) => {
    event.preventDefault();
    options.onLink(channel.value, handle.value);
  } }, el('span', {}, 'Same customer on '), channel, handle,
  el('button', { id: 'link-button', type: 'submit', class: 'secondary' }, 'Link'),
  el('p', { id: 'link-error', class: 'error', role: 'alert' }, history.linkError || ''));
}
