/**
 * Conversations (view-l-room): the queue (inquiries.queuedForUser and its stream, with Take: inquiries.take) and
 * the rooms the signed-in agent serves (livechat/rooms?open=true&agents[]=<me>), from the inbox feed
 * (js/queue.js). Each of those rooms is also subscribed to over the websocket (stream-room-messages), so its latest
 * message shows as it arrives. Agents can switch their availability (livechat/agent.status), which routing and
 * taking depend on.
 */
import {act, errorBox, h, replace, when} from '../dom.js';
import {get, post} from '../api.js';
import {inboxFeed} from '../queue.js';

export function show(main, {me, can, realtime}) {
  const queue = h('section', {'aria-labelledby': 'queue-title'}, h('h2', {id: 'queue-title'}, 'Queue'),
    h('p', {}, 'Loading…'));
  const mine = h('section', {'aria-labelledby': 'mine-title'}, h('h2', {id: 'mine-title'}, 'My open rooms'),
    h('p', {}, 'Loading…'));
  const status = h('div', {'aria-live': 'polite'});
  replace(main, h('h1', {}, 'Conversations'), can.isAgent ? availability() : null, status,
    h('div', {class: 'columns'}, queue, mine));

  const feed = inboxFeed(me._id, realtime);
  const latest = new Map(); // rid -> latest message text, from the websocket
  const watched = new Map(); // rid -> unsubscribe
  const drawRooms = (rooms) => {
    for (const [rid, stop] of watched) {
      if (!rooms.some((room) => room._id === rid)) {
        stop();
        watched.delete(rid);
      }
    }
    for (const room of rooms) {
      if (!watched.has(room._id)) {
        watched.set(room._id, realtime.subscribe('stream-room-messages', room._id, (message) => {
          latest.set(room._id, message.msg);
          const preview = mine.querySelector(`[data-rid="${CSS.escape(room._id)}"] .preview`);
          if (preview) {
            preview.textContent = message.msg;
          }
        }));
      }
    }
    return rooms.map((room) => h('li', {class: 'card', 'data-rid': room._id},
      h('a', {href: `#/rooms/${encodeURIComponent(room._id)}`}, room.fname || room.v.username),
      h('p', {class: 'preview'}, latest.get(room._id) || `${room.msgs} messages`),
      h('p', {class: 'hint'}, `Since ${when(room.ts)}`)));
  };
  let drawn = null;
  feed.start((inbox) => {
    if (inbox.error) {
      drawn = null;
      replace(status, errorBox(inbox.error));
      return;
    }
    // Redraw only when something changed, so a poll or an event never moves the keyboard focus off a Take button.
    const key = JSON.stringify([inbox.queue.map((inquiry) => inquiry._id), inbox.queueTotal,
      inbox.rooms.map((room) => [room._id, room.msgs]), inbox.roomsTotal]);
    if (key === drawn) {
      return;
    }
    drawn = key;
    replace(status);
    replace(queue, h('h2', {id: 'queue-title'}, `Queue (${inbox.queueTotal})`),
      inbox.queue.length === 0 ? h('p', {}, 'Nobody is waiting.')
        : h('ul', {class: 'cards'}, inbox.queue.map((inquiry) => inquiryCard(inquiry, feed, status))));
    replace(mine, h('h2', {id: 'mine-title'}, `My open rooms (${inbox.roomsTotal})`),
      inbox.rooms.length === 0 ? h('p', {}, 'You serve no open room.')
        : h('ul', {class: 'cards'}, drawRooms(inbox.rooms)));
  });
  return () => {
    feed.stop();
    watched.forEach((stop) => stop());
  };
}

function inquiryCard(inquiry, feed, status) {
  const take = h('button', {type: 'button'}, 'Take');
  take.setAttribute('aria-label', `Take the chat with ${inquiry.name}`);
  take.addEventListener('click', () => act(take, status, async () => {
    await post('/api/v1/livechat/inquiries.take', {inquiryId: inquiry._id});
    location.hash = `#/rooms/${encodeURIComponent(inquiry.rid)}`;
  }));
  return h('li', {class: 'card', 'data-inquiry': inquiry._id},
    h('strong', {}, inquiry.name || inquiry.v.username),
    h('p', {class: 'hint'}, `Waiting since ${when(inquiry.queuedAt || inquiry.ts)}`,
      inquiry.department ? ` · department ${inquiry.department}` : ''),
    take);
}

/**
 * One toggle (aria-pressed) showing the agent's statusLivechat as GET /api/v1/me answers it; a click asks
 * livechat/agent.status for the other state, and the toggle then shows the state the host answered.
 */
function availability() {
  const status = h('span', {'aria-live': 'polite'});
  const toggle = h('button', {type: 'button', class: 'secondary toggle', id: 'availability', 'aria-pressed': 'false',
    disabled: true}, 'Available for new chats');
  const showState = (value) => {
    toggle.setAttribute('aria-pressed', String(value === 'available'));
    toggle.disabled = false;
  };
  get('/api/v1/me').then((me) => showState(me.statusLivechat), (error) => replace(status, errorBox(error)));
  toggle.addEventListener('click', () => act(toggle, status, async () => {
    const next = toggle.getAttribute('aria-pressed') === 'true' ? 'not-available' : 'available';
    const answer = await post('/api/v1/livechat/agent.status', {status: next});
    showState(answer.status);
  }));
  return h('p', {class: 'availability'}, toggle, ' ', status);
}
