/**
 * Visitors (view-l-room). #/visitors searches by name, username, email, phone or an external id's entity id
 * (GET livechat/visitors.search, paged); #/visitors/<id> shows one visitor (livechat/visitors.info): contact
 * data, custom fields, the channels that know them (externalIds: app, entity id, metadata, superseded ids when
 * the app recorded any) and their rooms (livechat/rooms?visitorId=: every room for managers and admins, an agent's
 * own for an agent, as the host allows). Managers and admins may erase the visitor (livechat/visitors.erase) after
 * confirming in a dialog.
 */
import {act, errorBox, field, h, replace, when} from '../dom.js';
import {get, post} from '../api.js';

const PAGE = 25;
// The total is counted up to here (totalUpTo, beyond Rocket.Chat): counting a term most of a million visitors
// match takes longer than finding the page.
const COUNT_UP_TO = 1000;
let lastSearch = {term: '', offset: 0};

export function show(main, context) {
  if (context.params[0]) {
    showVisitor(main, context.params[0], context);
  } else {
    showSearch(main);
  }
  return null;
}

function contact(visitor) {
  return {
    email: (visitor.visitorEmails || []).map((entry) => entry.address).join(', '),
    phone: (visitor.phone || []).map((entry) => entry.phoneNumber).join(', '),
  };
}

function showSearch(main) {
  const term = h('input', {type: 'search', name: 'term', maxlength: 256, value: lastSearch.term});
  const results = h('div', {'aria-live': 'polite'});
  const submit = h('button', {type: 'submit'}, 'Search');
  const form = h('form', {role: 'search', class: 'inline'},
    field('Name, username, email, phone or external id', term), submit);
  const run = async (offset) => {
    lastSearch = {term: term.value.trim(), offset};
    replace(results, h('p', {}, 'Searching…'));
    try {
      const page = await get('/api/v1/livechat/visitors.search',
        {term: lastSearch.term, count: PAGE, offset, sort: '{"lastChat.ts":-1}', totalUpTo: COUNT_UP_TO});
      replace(results, resultTable(page, run));
    } catch (error) {
      replace(results, errorBox(error));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run(0);
  });
  replace(main, h('h1', {}, 'Visitors'), form, results);
  if (lastSearch.term) {
    run(lastSearch.offset);
  }
}

function resultTable(page, run) {
  if (page.total === 0) {
    return h('p', {}, 'No visitor matches.');
  }
  const rows = page.visitors.map((visitor) => {
    const {email, phone} = contact(visitor);
    return h('tr', {},
      h('th', {scope: 'row'}, h('a', {href: `#/visitors/${encodeURIComponent(visitor._id)}`},
        visitor.name || visitor.username || visitor._id)),
      h('td', {}, visitor.username || ''), h('td', {}, email), h('td', {}, phone),
      h('td', {}, (visitor.externalIds || []).map((id) => `${id.appId}: ${id.entityId}`).join(', ')),
      h('td', {}, visitor.lastChat ? when(visitor.lastChat.ts) : ''));
  });
  const last = page.offset + page.visitors.length;
  // Capped: more than page.total match, so a full page may have a next one.
  const more = page.totalCapped ? page.visitors.length === PAGE : last < page.total;
  const previous = h('button', {type: 'button', class: 'secondary', disabled: page.offset === 0}, 'Previous');
  const next = h('button', {type: 'button', class: 'secondary', disabled: !more}, 'Next');
  previous.addEventListener('click', () => run(Math.max(0, page.offset - PAGE)));
  next.addEventListener('click', () => run(last));
  return h('div', {},
    h('p', {}, `${page.offset + 1}–${last} of ${page.totalCapped ? 'more than ' : ''}${page.total}`),
    h('div', {class: 'scroll'}, h('table', {},
      h('caption', {class: 'sr-only'}, 'Visitors found'),
      h('thead', {}, h('tr', {}, ['Name', 'Username', 'Email', 'Phone', 'External ids', 'Last chat']
        .map((title) => h('th', {scope: 'col'}, title)))),
      h('tbody', {}, rows))),
    h('p', {class: 'pager'}, previous, ' ', next));
}

async function showVisitor(main, id, {me, can}) {
  replace(main, h('h1', {}, 'Visitor'), h('p', {}, 'Loading…'));
  const whose = can.allRooms ? {} : {'agents[]': [me._id]};
  try {
    const [{visitor}, rooms] = await Promise.all([
      get('/api/v1/livechat/visitors.info', {visitorId: id}),
      get('/api/v1/livechat/rooms', {visitorId: id, count: 50, ...whose}),
    ]);
    drawVisitor(main, visitor, rooms, can);
  } catch (error) {
    replace(main, h('h1', {}, 'Visitor'), errorBox(error), h('p', {}, h('a', {href: '#/visitors'}, 'Search')));
  }
}

function facts(pairs) {
  const shown = pairs.filter(([, value]) => value !== undefined && value !== null && value !== '');
  return shown.length === 0 ? h('p', {}, 'None.')
    : h('dl', {class: 'facts'}, shown.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function externalIds(ids) {
  if (!ids || ids.length === 0) {
    return h('p', {}, 'No channel knows this visitor yet.');
  }
  return h('ul', {class: 'cards'}, ids.map((id) => h('li', {class: 'card'},
    h('h3', {}, id.appId), facts([
      ['Entity id', h('code', {}, id.entityId)],
      ['Superseded ids', id.supersededIds && id.supersededIds.length ? id.supersededIds.join(', ') : null],
      ...Object.entries(id.metadata || {}).map(([key, value]) =>
        [key, typeof value === 'object' ? JSON.stringify(value) : String(value)]),
    ]))));
}

function roomList(rooms) {
  if (rooms.total === 0) {
    return h('p', {}, 'No rooms.');
  }
  return h('ul', {}, rooms.rooms.map((room) => h('li', {},
    h('a', {href: `#/rooms/${encodeURIComponent(room._id)}`}, when(room.ts)), ' — ',
    room.open ? 'open' : 'closed', room.servedBy ? `, served by ${room.servedBy.username}` : '',
    `, ${room.msgs} messages`)));
}

function drawVisitor(main, visitor, rooms, can) {
  const {email, phone} = contact(visitor);
  const title = visitor.name || visitor.username || visitor._id;
  replace(main, h('p', {}, h('a', {href: '#/visitors'}, '← Search')), h('h1', {}, title),
    h('h2', {}, 'Contact'), facts([['Name', visitor.name], ['Username', visitor.username], ['Email', email],
      ['Phone', phone], ['Department', visitor.department], ['Status', visitor.status],
      ['First seen', when(visitor.ts)], ['Last chat', visitor.lastChat ? when(visitor.lastChat.ts) : null],
      ['Id', h('code', {}, visitor._id)]]),
    h('h2', {}, 'Custom fields'), facts(Object.entries(visitor.livechatData || {})),
    h('h2', {}, 'External ids'), externalIds(visitor.externalIds),
    h('h2', {}, `Rooms (${rooms.total})`), roomList(rooms),
    can.erase ? eraseSection(main, visitor, title) : null);
}

function eraseSection(main, visitor, title) {
  const status = h('div', {'aria-live': 'polite'});
  const confirm = h('button', {type: 'submit', class: 'danger'}, 'Erase');
  const cancel = h('button', {type: 'button', class: 'secondary'}, 'Cancel');
  const dialog = h('dialog', {'aria-labelledby': 'erase-title'},
    h('form', {method: 'dialog'}, h('h2', {id: 'erase-title'}, `Erase ${title}?`),
      h('p', {}, 'Their personal data, external ids, rooms and messages are deleted. This cannot be undone.'),
      status, h('p', {}, cancel, ' ', confirm)));
  cancel.addEventListener('click', () => dialog.close());
  dialog.querySelector('form').addEventListener('submit', (event) => {
    event.preventDefault();
    act(confirm, status, async () => {
      await post('/api/v1/livechat/visitors.erase', {visitorId: visitor._id});
      dialog.close();
      lastSearch = {term: '', offset: 0};
      replace(main, h('h1', {tabindex: -1}, 'Visitor erased'), h('p', {role: 'status'}, `${title} was erased.`),
        h('p', {}, h('a', {href: '#/visitors'}, 'Back to the search')));
      main.querySelector('h1').focus();
    });
  });
  const open = h('button', {type: 'button', class: 'danger'}, 'Erase this visitor…');
  open.addEventListener('click', () => dialog.showModal());
  return h('section', {'aria-labelledby': 'danger-title'}, h('h2', {id: 'danger-title'}, 'Erase'), h('p', {}, open),
    dialog);
}
