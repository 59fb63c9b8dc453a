/**
 * The REST API, as any client calls it: Rocket.Chat's X-User-Id / X-Auth-Token headers, JSON bodies, and its
 * error envelope ({success:false, error, errorType}, or login's {status:"error", message}) turned into an
 * ApiError whose message is the host's own text, which the pages show as it is.
 */
import {credentials, expired} from './session.js';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.error || body.message)) || `The host answered ${status}`);
    this.status = status;
    this.errorType = body && body.errorType;
  }
}

/** ?a=1&b[]=x&b[]=y from an object (null and undefined values left out). */
export function query(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      value.forEach((item) => search.append(key, item));
    } else if (value !== null && value !== undefined) {
      search.append(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Calls the API; answers the parsed body, or throws an ApiError. */
export async function api(method, path, body, {anonymous = false} = {}) {
  const headers = {Accept: 'application/json'};
  const auth = anonymous ? null : credentials();
  if (auth) {
    headers['X-User-Id'] = auth.userId;
    headers['X-Auth-Token'] = auth.authToken;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (failure) {
    throw new ApiError(0, {error: 'The host cannot be reached. Check the connection and try again.'});
  }
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch (notJson) {
    json = {error: text};
  }
  if (response.status === 401 && auth) {
    expired(); // the token was revoked or expired: back to sign-in
  }
  if (!response.ok || json.success === false || json.status === 'error') {
    throw new ApiError(response.status, json);
  }
  return json;
}

export const get = (path, params) => api('GET', path + query(params));
export const post = (path, body) => api('POST', path, body === undefined ? {} : body);
