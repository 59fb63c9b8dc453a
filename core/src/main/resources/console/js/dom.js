/**
 * Building the page from elements, never by parsing HTML strings: every text the API returns goes into text
 * nodes, so a visitor's name can never become markup (and the Content-Security-Policy forbids inline script).
 */

let nextId = 0;

/** A fresh element id, for label/input and aria-describedby pairs. */
export function uid(prefix = 'f') {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/**
 * h('button', {type: 'button', onclick: fn, class: 'x'}, 'Text', child…): attributes, event handlers (on*),
 * properties for value/checked/disabled/hidden, and children (strings become text; null and false are skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'value' || key === 'checked' || key === 'disabled' || key === 'hidden') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(el, child);
    } else {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** Replaces an element's content. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A labelled form control with an optional hint, wired with for/id and aria-describedby. */
export function field(label, control, hint) {
  if (!control.id) {
    control.id = uid();
  }
  const hintEl = hint ? h('p', {class: 'hint', id: uid('hint')}, hint) : null;
  if (hintEl) {
    control.setAttribute('aria-describedby', hintEl.id);
  }
  const labelEl = h('label', {for: control.id}, label);
  if (control.type === 'checkbox') {
    return h('div', {class: 'field check'}, control, labelEl, hintEl);
  }
  return h('div', {class: 'field'}, labelEl, control, hintEl);
}

/**
 * A write-only field for a secret setting: the host never answers the value, only whether one is configured.
 * Answers [input, read]; read() is the new value, or undefined when left empty (the stored one stays).
 */
export function secretInput(name, configured, required = false) {
  const input = h('input', {type: 'password', name, autocomplete: 'new-password', maxlength: 4096, required,
    placeholder: configured ? 'Configured — type to replace' : 'Not set'});
  return [input, () => (input.value === '' ? undefined : input.value)];
}

/** A date from the API: an ISO string (REST) or Meteor's {$date: ms} (realtime events). */
export function toDate(value) {
  if (value && typeof value === 'object' && '$date' in value) {
    return new Date(value.$date);
  }
  return value ? new Date(value) : null;
}

/** A short local date and time, or an empty string. */
export function when(value) {
  const date = toDate(value);
  return date ? date.toLocaleString() : '';
}

/** An element showing an error message (role=alert), or nothing. */
export function errorBox(error) {
  return error ? h('p', {class: 'error', role: 'alert'}, error.message || String(error)) : null;
}

/** Runs an async action from a button: disables it meanwhile and shows the API's error message in `status`. */
export async function act(button, status, action) {
  button.disabled = true;
  replace(status);
  try {
    const done = await action();
    if (typeof done === 'string') {
      replace(status, h('p', {class: 'ok', role: 'status'}, done));
    }
  } catch (error) {
    replace(status, errorBox(error));
  } finally {
    button.disabled = false;
  }
}
