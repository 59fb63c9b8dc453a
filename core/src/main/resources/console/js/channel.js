/**
 * How the content of a channel app's message is shown (the message's `channel` member, docs/conversations.md
 * "Channel apps"): media references, locations, contacts, replies, reactions, other content and the channel's
 * errors of a visitor's message, and the delivery status of an agent's message (pending, accepted, sent,
 * delivered, read, failed with its reason). Each is a renderer for messages.js; a status change arrives as the
 * whole message on stream-room-messages and the room redraws it. Importing this module registers them.
 */
import {h, toDate} from './dom.js';
import {addMessagePart} from './messages.js';

const MEDIA = new Set(['image', 'audio', 'video', 'document', 'sticker']);
const STATUS_WORDS = {
  pending: 'Waiting to be handed to the channel',
  accepted: 'Accepted by the channel',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Not delivered',
};

function size(bytes) {
  if (typeof bytes !== 'number') {
    return null;
  }
  return bytes < 1024 ? `${bytes} B` : bytes < 1048576 ? `${(bytes / 1024).toFixed(1)} KB`
    : `${(bytes / 1048576).toFixed(1)} MB`;
}

function details(...parts) {
  return parts.filter((part) => part !== null && part !== undefined && part !== '').join(' · ');
}

/** A media reference: what kind, its file name, type and size, the channel's media id and the caption. */
function media(content) {
  return h('div', {class: 'channel media'},
    h('p', {}, h('strong', {}, content.type[0].toUpperCase() + content.type.slice(1)), ': ',
      details(content.fileName, content.mimeType, size(content.size))),
    content.caption ? h('p', {class: 'text'}, content.caption) : null,
    h('p', {class: 'hint'}, `Media id ${content.mediaId}`));
}

/** A link for a web address the channel sent; any other scheme (javascript:, data:) stays text. */
function link(url) {
  return /^https?:\/\//i.test(url) ? h('a', {href: url, rel: 'noopener noreferrer', target: '_blank'}, url) : url;
}

function location(content) {
  const at = `${content.latitude}, ${content.longitude}`;
  const map = `https://www.openstreetmap.org/?mlat=${encodeURIComponent(content.latitude)}`
    + `&mlon=${encodeURIComponent(content.longitude)}#map=16/${content.latitude}/${content.longitude}`;
  return h('div', {class: 'channel location'},
    h('p', {}, h('strong', {}, 'Location'), ': ', details(content.name, content.address) || at),
    h('p', {}, h('a', {href: map, rel: 'noopener noreferrer', target: '_blank'}, `Map of ${at}`),
      content.url ? [' · ', link(content.url)] : null));
}

function contacts(content) {
  return h('div', {class: 'channel contacts'}, h('p', {}, h('strong', {}, 'Contacts')),
    h('ul', {}, (content.contacts || []).map((contact) => h('li', {},
      details(contact.name, ...(contact.phones || []), ...(contact.emails || []))))));
}

const CONTENT = {
  location,
  contacts,
  reply: (content) => h('p', {class: 'channel reply'}, h('strong', {}, `Chose (${content.kind})`), ': ',
    details(content.title, content.description)),
  reaction: (content) => h('p', {class: 'channel reaction'}, content.emoji
    ? `Reacted ${content.emoji} to a message` : 'Took back a reaction'),
  other: (content) => h('p', {class: 'channel other'}, h('strong', {}, content.kind), content.text
    ? `: ${content.text}` : ''),
};

addMessagePart((message) => {
  const content = message.channel?.direction === 'in' ? message.channel.content : null;
  if (!content || content.type === 'text') {
    return null;
  }
  return MEDIA.has(content.type) ? media(content) : (CONTENT[content.type] || CONTENT.other)(content);
});

addMessagePart((message) => {
  const errors = message.channel?.direction === 'in' ? message.channel.errors : null;
  return errors && errors.length ? h('ul', {class: 'channel errors', 'aria-label': 'Channel errors'},
    errors.map((error) => h('li', {}, details(error.code, error.title, error.detail)))) : null;
});

addMessagePart((message) => {
  const channel = message.channel;
  if (channel?.direction !== 'out') {
    return null;
  }
  const at = toDate(channel.statusAt);
  const reason = channel.status === 'failed' && channel.error
    ? `: ${details(channel.error.code, channel.error.title, channel.error.detail)}` : '';
  return h('p', {class: `delivery ${channel.status}`, 'data-status': channel.status},
    `${STATUS_WORDS[channel.status] || channel.status}${reason}`, at ? ` (${at.toLocaleTimeString()})` : '');
});
