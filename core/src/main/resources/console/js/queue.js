/**
 * Where the conversations page gets the queue and the agent's open rooms from. The host does not yet tell agents
 * of new inquiries over the websocket (docs/desks.md, "Not served"), so InboxFeed polls
 * inquiries.queuedForUser and livechat/rooms. When the host streams inquiry changes, a live feed with the same
 * interface (start(onChange), refresh(), stop()) replaces PolledInbox in inboxFeed(), and no page changes.
 */
import {get} from './api.js';

const POLL_MS = 3000;
const PAGE = 50;

/** The feed the conversations page uses. */
export function inboxFeed(userId) {
  return new PolledInbox(userId);
}

class PolledInbox {
  constructor(userId) {
    this.userId = userId;
    this.timer = null;
    this.onChange = () => {};
  }

  /** Calls onChange({queue, queueTotal, rooms, roomsTotal} | {error}) now and on every change. */
  start(onChange) {
    this.onChange = onChange;
    this.refresh();
  }

  async refresh() {
    clearTimeout(this.timer);
    try {
      const [queue, rooms] = await Promise.all([
        get('/api/v1/livechat/inquiries.queuedForUser', {count: PAGE}),
        get('/api/v1/livechat/rooms', {open: true, 'agents[]': [this.userId], count: PAGE}),
      ]);
      if (!this.onChange) {
        return; // stopped while the answers were on their way
      }
      this.onChange({queue: queue.inquiries, queueTotal: queue.total, rooms: rooms.rooms, roomsTotal: rooms.total});
    } catch (error) {
      if (this.onChange) {
        this.onChange({error});
      }
    }
    if (this.onChange) {
      this.timer = setTimeout(() => this.refresh(), POLL_MS);
    }
  }

  stop() {
    clearTimeout(this.timer);
    this.onChange = null;
  }
}
