/**
 * The console's entry: restores the session, draws the navigation the user's roles allow, and routes by the
 * address's hash (#/apps, #/apps/<id>, #/visitors, #/visitors/<id>, #/conversations, #/rooms/<rid>, #/desks).
 * Each page is a module whose show(main, context) draws it and answers a function that stops what it started
 * (timers, subscriptions).
 */
import {h, replace} from './dom.js';
import {Ddp} from './ddp.js';
import {abilities, credentials, restore, signOut, whenExpired} from './session.js';
import * as signin from './pages/signin.js';
import * as apps from './pages/apps.js';
import * as visitors from './pages/visitors.js';
import * as conversations from './pages/conversations.js';
import * as room from './pages/room.js';
import * as desks from './pages/desks.js';

const PAGES = [
  {path: 'conversations', label: 'Conversations', allowed: (can) => can.conversations, page: conversations},
  {path: 'rooms', label: null, allowed: (can) => can.conversations, page: room},
  {path: 'visitors', label: 'Visitors', allowed: (can) => can.visitors, page: visitors},
  {path: 'apps', label: 'Apps', allowed: (can) => can.apps, page: apps},
  {path: 'desks', label: 'Desks', allowed: (can) => can.settings, page: desks},
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let context = null; // {me, can, realtime}
let stopPage = () => {};

function showNotice(text) {
  const notice = document.getElementById('notice');
  notice.hidden = !text;
  notice.textContent = text || '';
}

function allowedPages() {
  return PAGES.filter((entry) => entry.allowed(context.can));
}

function drawChrome() {
  const signedIn = Boolean(context);
  nav.hidden = !signedIn;
  document.getElementById('who').hidden = !signedIn;
  if (!signedIn) {
    nav.replaceChildren();
    return;
  }
  document.getElementById('who-name').textContent = context.me.name || context.me.username;
  replace(nav, h('ul', {}, allowedPages().filter((entry) => entry.label).map((entry) =>
    h('li', {}, h('a', {href: `#/${entry.path}`, 'data-page': entry.path}, entry.label)))));
}

function route() {
  stopPage();
  stopPage = () => {};
  if (!context) {
    stopPage = signin.show(main, {signedIn: start}) || stopPage;
    focusMain();
    return;
  }
  const [path, ...rest] = location.hash.replace(/^#\/?/, '').split('/');
  const pages = allowedPages();
  const entry = pages.find((candidate) => candidate.path === path);
  if (!entry) {
    if (pages.length === 0) {
      replace(main, h('h1', {}, 'Nothing to show'),
        h('p', {}, 'Your account has no role that the console serves (agent, manager or admin).'));
      return;
    }
    location.replace(`#/${pages[0].path}`);
    return;
  }
  const current = path === 'rooms' ? 'conversations' : path;
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.page === current) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  stopPage = entry.page.show(main, {...context, params: rest.map(decodeURIComponent)}) || stopPage;
  focusMain();
}

/** After a navigation, focus moves to the page's heading, so keyboard and screen-reader users start there. */
function focusMain() {
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

async function start(me) {
  context = {me, can: abilities(me), realtime: new Ddp(credentials().authToken)};
  showNotice(null);
  drawChrome();
  route();
}

function end(message) {
  stopPage();
  stopPage = () => {};
  if (context) {
    context.realtime.close();
  }
  context = null;
  drawChrome();
  showNotice(message);
  location.hash = '';
  route();
}

whenExpired(() => end('Your session has ended. Please sign in again.'));
document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await signOut();
  } finally {
    end(null);
  }
});
window.addEventListener('hashchange', () => context && route());

restore().then((me) => (me ? start(me) : end(null)), (error) => end(error.message));
