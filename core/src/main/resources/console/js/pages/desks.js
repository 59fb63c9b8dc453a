/**
 * Desks (admins: view- and edit-privileged-setting): the webhook settings that send livechat events to a desk
 * outside Switchboard, read with GET /api/v1/settings/:_id and saved with POST /api/v1/settings/:_id, one request
 * per changed setting, so each refusal shows the host's message next to the setting it concerns. The secret token
 * is write-only: the host answers only whether it is configured.
 */
import {act, errorBox, field, h, replace, secretInput} from '../dom.js';
import {get, post} from '../api.js';

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
  replace(main, h('h1', {}, 'Desks'), h('p', {}, 'Loading…'));
  Promise.all(WEBHOOK_SETTINGS.map(([id]) => get(`/api/v1/settings/${id}`))).then(
    (settings) => draw(main, settings),
    (error) => replace(main, h('h1', {}, 'Desks'), errorBox(error)));
  return null;
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

function draw(main, settings, message) {
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
      draw(main, fresh, changed.length ? 'Webhook settings saved.' : 'Nothing changed.');
    });
  });
  replace(main, h('h1', {}, 'Desks'),
    h('p', {}, 'The settings for a desk outside Switchboard that receives livechat events '
      + '(Rocket.Chat\'s webhook settings, with the same ids).'), form);
}
