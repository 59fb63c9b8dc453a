/**
 * One room (#/rooms/<rid>): its title and open or closed state (rooms.info; a livechat-close message arriving
 * later closes it), its messages (chat.syncMessages, then live over stream-room-messages), who is typing
 * (stream-notify-room <rid>/typing, and the agent's own typing sent the same way), a reply box
 * (chat.sendMessage, with a client-made _id so a retried send is stored once), and closing
 * (livechat/room.closeByUser) and, for managers and admins (transfer-livechat-guest), forwarding
 * (livechat/room.forward, to a department or an agent).
 */
import {act, errorBox, field, h, replace, toDate} from '../dom.js';
import {get, post} from '../api.js';
import {renderMessage} from '../messages.js';
import '../channel.js'; // registers the renderers of channel apps' content and delivery status

const MAX_MESSAGE = 5000; // the host's limit on msg (docs/api.md, "Input limits")
const TYPING_IDLE_MS = 3000;

function messageId() {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `c-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function show(main, {params, me, can, realtime}) {
  const rid = params[0];
  const messages = new Map(); // _id -> message
  const list = h('ol', {class: 'messages', 'aria-label': 'Messages'});
  const typing = h('p', {class: 'typing', 'aria-live': 'polite'});
  const status = h('div', {'aria-live': 'polite'});
  const header = h('h1', {}, 'Room');
  const state = h('p', {class: 'hint'});

  let open = null; // the room's state from rooms.info, until it answers null
  const drawState = () => {
    const closed = open === false || [...messages.values()].some((message) => message.t === 'livechat-close');
    state.textContent = open === null && !closed ? '' : closed ? 'This chat is closed.' : 'Open';
    composer.hidden = closed;
    actions.hidden = closed;
  };
  const draw = () => {
    const ordered = [...messages.values()].sort((a, b) => toDate(a.ts) - toDate(b.ts));
    replace(list, ordered.map((message) => renderMessage(message)));
    list.lastElementChild?.scrollIntoView({block: 'nearest'});
    drawState();
  };
  const receive = (message) => {
    messages.set(message._id, message);
    draw();
  };
  // The answer to a send is never newer than what the room's stream said of the same message: its delivery
  // status may have moved on (accepted, sent, …) before the answer arrived.
  const sent = (message) => {
    if (!messages.has(message._id)) {
      receive(message);
    }
  };

  const composer = replyBox(rid, me, realtime, sent);
  const actions = roomActions(rid, can, status);
  replace(main, h('p', {}, h('a', {href: '#/conversations'}, '← Conversations')), header, state, status,
    list, typing, composer, actions);

  const stops = [
    realtime.subscribe('stream-room-messages', rid, receive, (error) => replace(status, errorBox(error))),
    // Older clients send <rid>/typing with true/false, the widget <rid>/user-activity with ['user-typing'].
    ...['typing', 'user-activity'].map((event) => realtime.subscribe('stream-notify-room', `${rid}/${event}`,
      (username, activity) => {
        if (username === me.username) {
          return;
        }
        const active = activity === true || (Array.isArray(activity) && activity.includes('user-typing'));
        typing.textContent = active ? `${username} is typing…` : '';
      })),
  ];
  get('/api/v1/rooms.info', {roomId: rid}).then(({room}) => {
    header.textContent = room.fname || room.v?.username || 'Room';
    open = room.open === true;
    drawState();
  }, (error) => replace(status, errorBox(error)));
  get('/api/v1/chat.syncMessages', {roomId: rid, lastUpdate: new Date(0).toISOString()}).then((answer) => {
    for (const message of answer.result.updated) {
      if (!messages.has(message._id)) {
        messages.set(message._id, message);
      }
    }
    draw();
  }, (error) => replace(status, errorBox(error)));
  return () => stops.forEach((stop) => stop());
}

function replyBox(rid, me, realtime, sent) {
  const text = h('textarea', {name: 'msg', rows: 3, maxlength: MAX_MESSAGE, required: true});
  const status = h('div', {'aria-live': 'polite'});
  const send = h('button', {type: 'submit'}, 'Send');
  let idle = null;
  const typing = (active) => {
    realtime.call('stream-notify-room', [`${rid}/typing`, me.username, active]).catch(() => {});
  };
  text.addEventListener('input', () => {
    if (!idle) {
      typing(true);
    }
    clearTimeout(idle);
    idle = setTimeout(() => {
      idle = null;
      typing(false);
    }, TYPING_IDLE_MS);
  });
  const form = h('form', {class: 'reply'}, field('Reply', text, `At most ${MAX_MESSAGE} characters.`), status, send);
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  let pendingId = null;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!text.value.trim()) {
      return;
    }
    pendingId = pendingId || messageId(); // the same _id when a failed send is retried
    act(send, status, async () => {
      const answer = await post('/api/v1/chat.sendMessage', {message: {rid, msg: text.value, _id: pendingId}});
      pendingId = null;
      text.value = '';
      clearTimeout(idle);
      idle = null;
      typing(false);
      sent(answer.message);
      text.focus();
    });
  });
  return form;
}

function roomActions(rid, can, status) {
  const comment = h('input', {name: 'comment', maxlength: 1024});
  const close = h('button', {type: 'submit', class: 'danger'}, 'Close chat');
  const closeForm = h('form', {class: 'card'}, h('h2', {}, 'Close'), field('Comment', comment), close);
  closeForm.addEventListener('submit', (event) => {
    event.preventDefault();
    act(close, status, async () => {
      await post('/api/v1/livechat/room.closeByUser', {rid, comment: comment.value});
      location.hash = '#/conversations';
    });
  });

  const target = h('select', {name: 'forward-to', required: true}, h('option', {value: ''}, 'Choose…'));
  const forward = h('button', {type: 'submit', class: 'secondary'}, 'Forward');
  const forwardForm = h('form', {class: 'card'}, h('h2', {}, 'Forward'), field('To', target), forward);
  forwardForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const [kind, id] = target.value.split(':');
    act(forward, status, async () => {
      await post('/api/v1/livechat/room.forward', kind === 'agent' ? {roomId: rid, userId: id}
        : {roomId: rid, departmentId: id});
      location.hash = '#/conversations';
    });
  });
  if (!can.forward) {
    return h('div', {class: 'columns'}, closeForm); // agents may not forward (transfer-livechat-guest)
  }
  forwardTargets(target).catch((error) => replace(status, errorBox(error)));
  return h('div', {class: 'columns'}, closeForm, forwardForm);
}

/**
 * Departments and the agents a room can go to now (available and online, as Rocket.Chat's forward dialog asks):
 * those who may forward (managers, admins) may also list agents.
 */
async function forwardTargets(select) {
  const [{departments}, {users}] = await Promise.all([get('/api/v1/livechat/department', {count: 100}),
    get('/api/v1/livechat/users/agent', {onlyAvailable: true, showIdleAgents: false, count: 100})]);
  select.append(h('optgroup', {label: 'Departments'}, departments.map((department) =>
    h('option', {value: `department:${department._id}`}, department.name))),
  h('optgroup', {label: 'Agents'}, users.map((user) =>
    h('option', {value: `agent:${user._id}`}, user.name || user.username))));
}
