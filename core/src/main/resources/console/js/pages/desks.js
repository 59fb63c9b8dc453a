/**
 * Desks (admins: view- and edit-privileged-setting): the webhook settings that send livechat events to a desk
 * outside Switchboard, read with GET /api/v1/settings/:_id and saved with POST /api/v1/settings/:_id, one request
 * per changed setting, so each refusal shows the host's message next to the setting it concerns. The secret token
 * is write-only: the host answers only whether it is configured. Below them, the delivery: the backlog
 * (livechat/webhooks.backlog) and the dead letters (livechat/webhooks.deadLetters), chosen ones replayed with
 * livechat/webhooks.deadLetters.replay.
 */
import {act, errorBox, field, h, replace, secretInput, uid, when} from '../dom.js';
import {get, post} from '../api.js';

const LETTERS_PAGE = 50;

const WEBHOOK_SETTINGS = [
  ['Livechat_webhookUrl', 'Webhook URL', 'The desk\'s address for livechat events; empty means none.'],
  ['Livechat_secret_token', 'Secret token', 'The token the desk checks (Rocket.Chat sends it as X-RocketChat-Livechat-Token).'],
  ['Livechat_http_timeout', 'Timeout (milliseconds)', 'How long one call to the desk may take.'],
  ['Livechat_webhook_on_start', 'Send on chat start'],
  ['Livechat_webhook_on_close', 'Send on chat close'],
  ['Livechat_webhook_on_chat_taken', 'Send when an agent takes a chat'],
  ['Livechat_webhook_on_chat_queued', 'Send when a chat is queued'],
  ['Livechat_webhook_on_forward', 'Send on forwarding'],
  ['Livechat_webhook_on_offline_msg', 'Send offline messages'],
  ['Livechat_webhook_on_visitor_message', 'Send visitor messages'],
  ['Livechat_webhook_on_agent_message', 'Send agent messages'],
];

export function show(main) {
  const settingsArea = h('div', {}, h('p', {}, 'Loading…'));
  const delivery = h('section', {class: 'card', 'aria-labelledby': 'delivery-title'},
    h('h2', {id: 'delivery-title'}, 'Delivery'), h('p', {}, 'Loading…'));
  replace(main, h('h1', {}, 'Desks'),
    h('p', {}, 'The settings for a desk outside Switchboard that receives livechat events '
      + '(Rocket.Chat\'s webhook settings, with the same ids).'), settingsArea, delivery);
  Promise.all(WEBHOOK_SETTINGS.map(([id]) => get(`/api/v1/settings/${id}`))).then(
    (settings) => draw(settingsArea, settings),
    (error) => replace(settingsArea, errorBox(error)));
  drawDelivery(delivery);
  return null;
}

/** The backlog and the dead letters, read again after each replay and on Refresh. */
async function drawDelivery(section, message) {
  let backlog;
  let letters;
  try {
    [backlog, letters] = await Promise.all([get('/api/v1/livechat/webhooks.backlog'),
      get('/api/v1/livechat/webhooks.deadLetters', {count: LETTERS_PAGE})]);
  } catch (error) {
    replace(section, h('h2', {id: 'delivery-title'}, 'Delivery'), errorBox(error));
    return;
  }
  const done = message ? h('p', {class: 'ok', role: 'status', tabindex: -1}, message) : null;
  const status = h('div', {'aria-live': 'polite'}, done);
  const refresh = h('button', {type: 'button', class: 'secondary'}, 'Refresh');
  refresh.addEventListener('click', () => act(refresh, status, () => drawDelivery(section)));
  replace(section, h('h2', {id: 'delivery-title'}, 'Delivery'),
    h('p', {id: 'backlog'}, backlog.waiting === 0 ? 'No event waits to be sent.'
      : `${backlog.waiting} event(s) wait to be sent, the oldest queued ${when(backlog.oldestQueuedAt)}.`),
    deadLetters(section, letters, status), status, refresh);
  done?.focus(); // the button that replayed is gone with the redraw: keep the keyboard focus on its outcome
}

/** The dead letters as a list of checkboxes, each labelled with what the event was and why it failed. */
function deadLetters(section, letters, status) {
  const title = h('h3', {id: 'dead-title'}, `Dead letters (${letters.total})`);
  if (letters.deadLetters.length === 0) {
    return [title, h('p', {}, 'No event was given up on.')];
  }
  const boxes = letters.deadLetters.map((letter) => {
    const box = h('input', {type: 'checkbox', name: 'dead-letter', value: letter._id, id: uid('dead')});
    const hint = h('p', {class: 'hint', id: uid('hint')}, `Queued ${when(letter.queuedAt)}, given up `
      + `${when(letter.deadAt)} after ${letter.attempts} attempt(s)`, letter.lastError ? `: ${letter.lastError}` : '');
    box.setAttribute('aria-describedby', hint.id);
    return {box, element: h('li', {class: 'field check'}, box, h('label', {for: box.id},
      letter.type, letter.rid ? ` (room ${letter.rid})` : ''), hint)};
  });
  const replay = h('button', {type: 'submit'}, 'Replay chosen');
  const form = h('form', {'aria-labelledby': 'dead-title'},
    h('ul', {class: 'cards dead-letters'}, boxes.map((row) => row.element)), replay);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const ids = boxes.filter((row) => row.box.checked).map((row) => row.box.value);
    act(replay, status, async () => {
      if (ids.length === 0) {
        throw new Error('Choose the dead letters to replay.');
      }
      const {replayed} = await post('/api/v1/livechat/webhooks.deadLetters.replay', {ids});
      await drawDelivery(section, `${replayed.length} event(s) queued again.`);
    });
  });
  return [title, letters.total > LETTERS_PAGE
    ? h('p', {class: 'hint'}, `The oldest ${LETTERS_PAGE} of ${letters.total}.`) : null, form];
}

function control(setting) {
  const name = setting._id;
  if (setting.secret) {
    return secretInput(name, setting.configured);
  }
  if (typeof setting.value === 'boolean') {
    const box = h('input', {type: 'checkbox', name, checked: setting.value});
    return [box, () => (box.checked === setting.value ? undefined : box.checked)];
  }
  if (typeof setting.value === 'number') {
    const input = h('input', {type: 'number', name, step: 1, required: true, value: String(setting.value)});
    return [input, () => (Number(input.value) === setting.value ? undefined : Number(input.value))];
  }
  const input = h('input', {type: name.endsWith('Url') ? 'url' : 'text', name, maxlength: 4096,
    value: setting.value ?? ''});
  return [input, () => (input.value === (setting.value ?? '') ? undefined : input.value)];
}

function draw(area, settings, message) {
  const rows = settings.map((setting, index) => {
    const [, label, hint] = WEBHOOK_SETTINGS[index];
    const [input, read] = control(setting);
    const status = h('div', {'aria-live': 'polite'});
    return {id: setting._id, read, status, element: h('div', {}, field(label, input, hint || null), status)};
  });
  const status = h('div', {'aria-live': 'polite'}, message ? h('p', {class: 'ok', role: 'status'}, message) : null);
  const save = h('button', {type: 'submit'}, 'Save webhook settings');
  const form = h('form', {class: 'card', 'aria-labelledby': 'webhooks-title'},
    h('h2', {id: 'webhooks-title'}, 'Webhooks'), rows.map((row) => row.element), status, save);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(save, status, async () => {
      const changed = rows.filter((row) => row.read() !== undefined);
      const results = await Promise.allSettled(changed.map((row) =>
        post(`/api/v1/settings/${row.id}`, {value: row.read()})));
      const failures = results.map((result, index) => [result, changed[index]])
        .filter(([result]) => result.status === 'rejected');
      if (failures.length > 0) {
        failures.forEach(([result, row]) => replace(row.status, errorBox(result.reason)));
        throw new Error(`${failures.length} setting(s) were not saved; see the messages above.`);
      }
      const fresh = await Promise.all(WEBHOOK_SETTINGS.map(([id]) => get(`/api/v1/settings/${id}`)));
      draw(area, fresh, changed.length ? 'Webhook settings saved.' : 'Nothing changed.');
    });
  });
  replace(area, form);
}
