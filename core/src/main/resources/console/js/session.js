/**
 * The signed-in session. POST /api/v1/login answers {userId, authToken}; they are kept in sessionStorage, so the
 * session survives a reload of the tab but not closing it, and is not shared with other tabs (docs/console.md).
 * Nothing secret is in the page itself. Signing out calls POST /api/v1/logout, which revokes a login token
 * (a personal access token used to sign in stays valid: it is the operator's to revoke).
 */
import {api} from './api.js';

const KEY = 'switchboard.console.session';
let onExpired = () => {};

/** {userId, authToken} or null. */
export function credentials() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch (unreadable) {
    return null;
  }
}

/** What to do when the host refuses the stored token (401). */
export function whenExpired(callback) {
  onExpired = callback;
}

export function expired() {
  sessionStorage.removeItem(KEY);
  onExpired();
}

/** Signs in with a username (or email) and password, or with a token ({resume}); answers the user. */
export async function signIn({username, password, token}) {
  const body = token ? {resume: token} : {user: username, password};
  const answer = await api('POST', '/api/v1/login', body, {anonymous: true});
  sessionStorage.setItem(KEY, JSON.stringify({
    userId: answer.data.userId,
    authToken: answer.data.authToken,
  }));
  return answer.data.me;
}

/** The stored session's user, or null when there is none or the host no longer accepts it. */
export async function restore() {
  if (!credentials()) {
    return null;
  }
  try {
    return await api('GET', '/api/v1/me');
  } catch (refused) {
    if (refused.status === 401) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    throw refused;
  }
}

/** Asks the host to revoke the token (it revokes login tokens, not personal ones) and forgets the session. */
export async function signOut() {
  try {
    if (credentials()) {
      await api('POST', '/api/v1/logout', {});
    }
  } finally {
    sessionStorage.removeItem(KEY);
  }
}

/** What the user's roles allow, mirroring the host's permissions (docs/operator-api.md). */
export function abilities(me) {
  const roles = new Set((me && me.roles) || []);
  const admin = roles.has('admin');
  const manager = admin || roles.has('manager');
  const agent = manager || roles.has('agent');
  return {
    apps: admin, // manage-apps
    settings: admin, // view-/edit-privileged-setting
    visitors: agent, // view-l-room
    erase: manager, // view-livechat-manager
    allRooms: manager, // view-livechat-rooms (livechat/rooms lists an agent's own rooms only)
    conversations: agent, // view-l-room
    forward: manager, // transfer-livechat-guest (livechat/room.forward)
    isAgent: roles.has('agent'),
  };
}
