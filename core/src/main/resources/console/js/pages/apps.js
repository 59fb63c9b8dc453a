/**
 * Apps (admins: manage-apps). #/apps lists every app with its version, status and the reason
 * (GET /api/apps); #/apps/<id> shows one with its settings as a form built from the app's setting definitions
 * (GET /api/apps/:id): strings as text, integers as numbers, booleans as checkboxes, required ones marked,
 * secrets write-only (the host never answers their values, only whether they are configured). Saving sends only
 * what changed (POST /api/apps/:id/settings), so the host's own validation message is what the operator reads;
 * enabling and disabling is POST /api/apps/:id/status.
 */
import {act, errorBox, field, h, replace, secretInput} from '../dom.js';
import {get, post} from '../api.js';

const STATUS_WORDS = {
  auto_enabled: 'Enabled',
  manually_enabled: 'Enabled (by an operator)',
  manually_disabled: 'Disabled (by an operator)',
  invalid_settings_disabled: 'Disabled: settings missing',
  error_disabled: 'Disabled: error',
  invalid_installation_disabled: 'Disabled: broken jar',
  incompatible_disabled: 'Disabled: incompatible',
};

function enabled(app) {
  return app.status === 'auto_enabled' || app.status === 'manually_enabled';
}

function statusBadge(app) {
  return h('span', {class: `badge ${enabled(app) ? 'good' : 'bad'}`, 'data-status': app.status},
    STATUS_WORDS[app.status] || app.status);
}

export function show(main, {params}) {
  if (params[0]) {
    showApp(main, params[0]);
  } else {
    showList(main);
  }
  return null;
}

async function showList(main) {
  replace(main, h('h1', {}, 'Apps'), h('p', {}, 'Loading…'));
  try {
    const {apps} = await get('/api/apps');
    const rows = apps.map((app) => h('tr', {},
      h('th', {scope: 'row'}, h('a', {href: `#/apps/${encodeURIComponent(app.id)}`}, app.id)),
      h('td', {}, app.version),
      h('td', {}, statusBadge(app)),
      h('td', {}, app.statusReason || '')));
    replace(main, h('h1', {}, 'Apps'),
      h('p', {}, 'Every plugin jar in the plugins directory, including those that failed to load.'),
      apps.length === 0 ? h('p', {}, 'No apps are installed.') : h('div', {class: 'scroll'}, h('table', {},
        h('caption', {class: 'sr-only'}, 'Installed apps'),
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'App'), h('th', {scope: 'col'}, 'Version'),
          h('th', {scope: 'col'}, 'Status'), h('th', {scope: 'col'}, 'Reason'))),
        h('tbody', {}, rows))));
  } catch (error) {
    replace(main, h('h1', {}, 'Apps'), errorBox(error));
  }
}

async function showApp(main, id) {
  replace(main, h('h1', {}, id), h('p', {}, 'Loading…'));
  try {
    const {app} = await get(`/api/apps/${encodeURIComponent(id)}`);
    drawApp(main, app);
  } catch (error) {
    replace(main, h('h1', {}, id), errorBox(error), h('p', {}, h('a', {href: '#/apps'}, 'All apps')));
  }
}

function drawApp(main, app, message) {
  const status = h('div', {'aria-live': 'polite'}, message ? h('p', {class: 'ok', role: 'status'}, message) : null);
  const toggle = h('button', {type: 'button', class: 'secondary'}, enabled(app) ? 'Disable' : 'Enable');
  toggle.addEventListener('click', () => act(toggle, status, async () => {
    const answer = await post(`/api/apps/${encodeURIComponent(app.id)}/status`,
      {status: enabled(app) ? 'manually_disabled' : 'manually_enabled'});
    drawApp(main, answer.app, enabled(answer.app) ? 'Enabled.' : 'Disabled.');
  }));
  const summary = h('dl', {class: 'facts'},
    h('dt', {}, 'Version'), h('dd', {}, app.version),
    h('dt', {}, 'Status'), h('dd', {id: 'app-status'}, statusBadge(app)),
    h('dt', {}, 'Reason'), h('dd', {id: 'app-reason'}, app.statusReason || '—'),
    app.description ? [h('dt', {}, 'Description'), h('dd', {}, app.description)] : null,
    app.endpoints && app.endpoints.length ? [h('dt', {}, 'Endpoints'),
      h('dd', {}, h('ul', {}, app.endpoints.map((path) => h('li', {}, h('code', {}, path)))))] : null);
  replace(main, h('p', {}, h('a', {href: '#/apps'}, '← All apps')), h('h1', {}, app.id), summary,
    h('p', {}, toggle), status, settingsForm(main, app));
}

/** One control per setting definition; answers [element, read] where read() is the value to send or undefined. */
function control(setting) {
  const name = `setting-${setting.id}`;
  if (setting.type === 'boolean') {
    const stored = setting.value === undefined || setting.value === null ? setting.defaultValue : setting.value;
    const box = h('input', {type: 'checkbox', name, checked: stored === 'true'});
    return [box, () => (String(box.checked) === String(stored === 'true') ? undefined : box.checked)];
  }
  if (setting.secret) {
    return secretInput(name, setting.configured, setting.required && !setting.configured);
  }
  const input = h('input', {type: setting.type === 'integer' ? 'number' : 'text', name, maxlength: 4096,
    step: setting.type === 'integer' ? 1 : null, required: setting.required,
    value: setting.value ?? '', placeholder: setting.defaultValue ? `Default: ${setting.defaultValue}` : null});
  return [input, () => {
    if (input.value === (setting.value ?? '')) {
      return undefined;
    }
    if (input.value === '') {
      return null; // cleared: back to the default
    }
    return setting.type === 'integer' ? Number(input.value) : input.value;
  }];
}

function settingsForm(main, app) {
  if (!app.settings || app.settings.length === 0) {
    return h('p', {}, 'This app has no settings.');
  }
  const readers = [];
  const fields = app.settings.map((setting) => {
    const [input, read] = control(setting);
    readers.push([setting.id, read]);
    const label = `${setting.label || setting.id}${setting.required ? ' (required)' : ''}`;
    const notes = [setting.description, setting.secret ? (setting.configured ? 'Secret: set.' : 'Secret: not set.') : null]
      .filter(Boolean).join(' ');
    if (setting.required) {
      input.setAttribute('aria-required', 'true');
    }
    return field(label, input, notes || null);
  });
  const status = h('div', {'aria-live': 'polite'});
  const save = h('button', {type: 'submit'}, 'Save settings');
  const form = h('form', {class: 'card', 'aria-labelledby': 'settings-title'},
    h('h2', {id: 'settings-title'}, 'Settings'), fields, status, save);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(save, status, async () => {
      const changes = {};
      for (const [id, read] of readers) {
        const value = read();
        if (value !== undefined) {
          changes[id] = value;
        }
      }
      if (Object.keys(changes).length === 0) {
        return 'Nothing changed.';
      }
      const answer = await post(`/api/apps/${encodeURIComponent(app.id)}/settings`, {settings: changes});
      drawApp(main, answer.app, 'Settings saved.');
      return undefined;
    });
  });
  return form;
}
