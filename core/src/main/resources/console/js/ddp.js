/**
 * The host's realtime API (GET /websocket, Meteor's DDP as docs/conversations.md "Realtime" describes it): one
 * socket per signed-in tab, logged in with the session's token ({resume}), answering the server's pings, and
 * delivering stream events to the subscriptions that asked for them. A dropped socket is reopened with a growing
 * delay, logged in again and its subscriptions sent again.
 */

const MAX_DELAY_MS = 15000;

export class Ddp {
  constructor(authToken) {
    this.authToken = authToken;
    this.nextId = 0;
    this.calls = new Map(); // method id -> {resolve, reject}
    this.subs = new Map(); // sub id -> {name, params, onEvent}
    this.reconnectListeners = new Set(); // called after a dropped socket is logged in again
    this.delay = 500;
    this.closed = false;
    this.loggedIn = false; // subscriptions made before that are sent once logged in
    this.everLoggedIn = false;
    this.ready = null;
    this.open();
  }

  open() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/websocket`);
    this.socket = socket;
    this.ready = new Promise((resolve, reject) => {
      socket.addEventListener('open', () => this.send({msg: 'connect', version: '1', support: ['1']}));
      socket.addEventListener('message', (event) => this.receive(JSON.parse(event.data), resolve, reject));
      socket.addEventListener('close', () => {
        this.loggedIn = false;
        reject(new Error('The realtime connection closed'));
        this.reopenLater();
      });
    });
    this.ready.catch(() => {}); // a failed connection is retried; callers wait on the next one
  }

  reopenLater() {
    if (this.closed) {
      return;
    }
    for (const call of this.calls.values()) {
      call.reject(new Error('The realtime connection closed'));
    }
    this.calls.clear();
    setTimeout(() => this.closed || this.open(), this.delay);
    this.delay = Math.min(this.delay * 2, MAX_DELAY_MS);
  }

  receive(message, connected, failed) {
    switch (message.msg) {
      case 'connected':
        this.delay = 500;
        this.rawCall('login', [{resume: this.authToken}]).then(() => {
          const again = this.everLoggedIn;
          this.loggedIn = true;
          this.everLoggedIn = true;
          for (const [id, sub] of this.subs) {
            this.send({msg: 'sub', id, name: sub.name, params: sub.params});
          }
          connected();
          if (again) {
            this.reconnectListeners.forEach((listener) => listener());
          }
        }, failed);
        break;
      case 'ping':
        this.send(message.id ? {msg: 'pong', id: message.id} : {msg: 'pong'});
        break;
      case 'result': {
        const call = this.calls.get(message.id);
        this.calls.delete(message.id);
        if (call) {
          message.error ? call.reject(new Error(message.error.reason || message.error.error)) : call.resolve(message.result);
        }
        break;
      }
      case 'changed':
        for (const sub of this.subs.values()) {
          if (sub.name === message.collection && sub.params[0] === message.fields.eventName) {
            sub.onEvent(...message.fields.args);
          }
        }
        break;
      case 'nosub': {
        const sub = this.subs.get(message.id);
        if (sub && message.error && sub.onError) {
          sub.onError(new Error(message.error.reason || message.error.error));
        }
        break;
      }
      default:
        break;
    }
  }

  send(message) {
    if (this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
    }
  }

  rawCall(method, params) {
    this.nextId += 1;
    const id = String(this.nextId);
    return new Promise((resolve, reject) => {
      this.calls.set(id, {resolve, reject});
      this.send({msg: 'method', id, method, params});
    });
  }

  /** Calls a method once the socket is connected and logged in. */
  async call(method, params) {
    await this.ready;
    return this.rawCall(method, params);
  }

  /** Subscribes to a stream's event (e.g. 'stream-room-messages', rid); answers a function that unsubscribes. */
  subscribe(name, eventName, onEvent, onError) {
    this.nextId += 1;
    const id = `s${this.nextId}`;
    const sub = {name, params: [eventName, false], onEvent, onError};
    this.subs.set(id, sub);
    if (this.loggedIn) {
      this.send({msg: 'sub', id, name, params: sub.params});
    }
    return () => {
      this.subs.delete(id);
      this.send({msg: 'unsub', id});
    };
  }

  /**
   * Calls listener each time the socket is logged in again after it dropped: stream events sent meanwhile were
   * missed, so what they keep up to date must be read again. Answers a function that stops it.
   */
  onReconnect(listener) {
    this.reconnectListeners.add(listener);
    return () => this.reconnectListeners.delete(listener);
  }

  close() {
    this.closed = true;
    this.socket.close();
  }
}
