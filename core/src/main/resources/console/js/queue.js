/**
 * Where the conversations page gets the queue and the agent's open rooms from (docs/console.md, "Conversations").
 * The queue is read once (inquiries.queuedForUser) and then kept live by the host's
 * stream-livechat-inquiry-queue-observer (events `public` and `department/<id>`, args [{type, ...inquiry}]), which
 * the host publishes under Manual_Selection. No stream tells an agent that a room became theirs (Auto_Selection
 * routing, a forward to them; docs/desks.md "Not served"), so the open rooms are asked for every ROOMS_POLL_MS;
 * when they change, the queue is read again too, since routing takes inquiries out of it without an event, and
 * so it is after the websocket reconnects (events sent while it was down are lost).
 */
import {get} from './api.js';

const ROOMS_POLL_MS = 5000;
const PAGE = 50;
const QUEUE_STREAM = 'stream-livechat-inquiry-queue-observer';

/** The feed the conversations page uses. */
export function inboxFeed(userId, realtime) {
  return new LiveInbox(userId, realtime);
}

class LiveInbox {
  constructor(userId, realtime) {
    this.userId = userId;
    this.realtime = realtime;
    this.timer = null;
    this.onChange = null;
    this.queue = new Map(); // inquiry _id -> inquiry, in the order the host listed or added them
    this.queueTotal = 0;
    this.rooms = [];
    this.roomsTotal = 0;
    this.roomsKey = null;
    this.unsubscribe = [];
  }

  /** Calls onChange({queue, queueTotal, rooms, roomsTotal} | {error}) now and on every change. */
  start(onChange) {
    this.onChange = onChange;
    // Watching before reading, so no change falls between the read and the subscription.
    this.watchQueue().then(() => this.readQueue()).then(() => this.pollRooms());
  }

  /** `public`, and each department's event (a department the agent may not watch answers nosub: ignored). */
  async watchQueue() {
    const events = ['public'];
    try {
      const {departments} = await get('/api/v1/livechat/department', {count: 100});
      events.push(...departments.map((department) => `department/${department._id}`));
    } catch (error) {
      this.fail(error);
    }
    if (!this.onChange) {
      return;
    }
    this.unsubscribe = events.map((event) => this.realtime.subscribe(QUEUE_STREAM, event,
      (...changes) => this.apply(changes.flat()), () => {}));
    // Changes made while the socket was down were never sent: read the queue again once it is back.
    this.unsubscribe.push(this.realtime.onReconnect(() => this.readQueue()));
  }

  /** Applies [{type, ...inquiry}]: a queued inquiry is listed, a taken, forwarded away or removed one goes. */
  apply(changes) {
    for (const {type, ...inquiry} of changes) {
      const listed = this.queue.has(inquiry._id);
      if (type !== 'removed' && inquiry.status === 'queued') {
        this.queue.set(inquiry._id, inquiry);
        this.queueTotal += listed ? 0 : 1;
      } else if (listed) {
        this.queue.delete(inquiry._id);
        this.queueTotal = Math.max(0, this.queueTotal - 1);
      }
    }
    this.emit();
  }

  async readQueue() {
    try {
      const answer = await get('/api/v1/livechat/inquiries.queuedForUser', {count: PAGE});
      this.queue = new Map(answer.inquiries.map((inquiry) => [inquiry._id, inquiry]));
      this.queueTotal = answer.total;
      this.emit();
    } catch (error) {
      this.fail(error);
    }
  }

  async pollRooms() {
    clearTimeout(this.timer);
    try {
      const answer = await get('/api/v1/livechat/rooms', {open: true, 'agents[]': [this.userId], count: PAGE});
      const key = JSON.stringify(answer.rooms.map((room) => room._id));
      this.rooms = answer.rooms;
      this.roomsTotal = answer.total;
      if (this.roomsKey !== null && key !== this.roomsKey) {
        await this.readQueue();
      }
      this.roomsKey = key;
      this.emit();
    } catch (error) {
      this.fail(error);
    }
    if (this.onChange) {
      this.timer = setTimeout(() => this.pollRooms(), ROOMS_POLL_MS);
    }
  }

  emit() {
    if (this.onChange) {
      this.onChange({queue: [...this.queue.values()].slice(0, PAGE), queueTotal: this.queueTotal,
        rooms: this.rooms, roomsTotal: this.roomsTotal});
    }
  }

  fail(error) {
    if (this.onChange) {
      this.onChange({error});
    }
  }

  stop() {
    clearTimeout(this.timer);
    this.onChange = null;
    this.unsubscribe.forEach((stop) => stop());
  }
}
