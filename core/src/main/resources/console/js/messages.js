/**
 * How a message of a room is shown. A message is Rocket.Chat's IMessage (docs/conversations.md); its parts are
 * drawn by the renderers in PARTS, in order: the text, then those added through addMessagePart, a function
 * (message) => Node | null. js/channel.js adds a channel app's content (media references, locations, contacts,
 * …) and an agent message's delivery status that way, so the room page itself does not change.
 */
import {h, toDate} from './dom.js';

/** True when a visitor's channel message has content beyond text, which a renderer of js/channel.js draws. */
function describedByChannel(message) {
  const type = message.channel?.direction === 'in' && message.channel.content?.type;
  return Boolean(type) && type !== 'text';
}

const PARTS = [
  // A channel message's msg restates its content in words; the content's own renderer shows it instead.
  (message) => (message.msg && !describedByChannel(message) ? h('p', {class: 'text'}, message.msg) : null),
];

/** Adds a renderer for one kind of message content (media, location, receipts, …). */
export function addMessagePart(renderer) {
  PARTS.push(renderer);
}

/** What a system message says, in words (Rocket.Chat's message types); null for those not shown. */
function systemText(message) {
  const who = (message.u && (message.u.name || message.u.username)) || 'Someone';
  switch (message.t) {
    case 'livechat-started':
      return 'Chat started';
    case 'uj':
      return `${who} joined`;
    case 'livechat-close':
      return message.msg ? `Chat closed: ${message.msg}` : 'Chat closed';
    case 'livechat_navigation_history':
      return message.navigation && message.navigation.page
        ? `Visited ${message.navigation.page.title || message.navigation.page.location?.href || 'a page'}` : null;
    case 'command':
      return null;
    default:
      return message.msg || message.t;
  }
}

/** One message as a list item; null for messages not shown. */
export function renderMessage(message) {
  const time = toDate(message.ts);
  const stamp = time ? h('time', {datetime: time.toISOString()}, time.toLocaleTimeString()) : null;
  if (message.t) {
    const text = systemText(message);
    return text === null ? null : h('li', {class: 'system', 'data-id': message._id}, text, ' ', stamp);
  }
  const fromVisitor = Boolean(message.token); // visitors' messages carry their token
  const author = (message.u && (message.u.name || message.u.username)) || '';
  return h('li', {class: fromVisitor ? 'visitor' : 'agent', 'data-id': message._id},
    h('div', {class: 'meta'}, h('strong', {}, author), ' ', stamp, message.editedAt ? ' (edited)' : null),
    PARTS.map((part) => part(message)));
}
