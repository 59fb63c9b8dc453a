/**
 * Sign-in: a username (or email) and password, or a token (a personal access token, or the bootstrap admin's
 * token), both through POST /api/v1/login. The host's refusal ("Unauthorized", a blocked user) is shown as it is.
 */
import {act, field, h, replace} from '../dom.js';
import {signIn} from '../session.js';

export function show(main, {signedIn}) {
  const username = h('input', {name: 'username', autocomplete: 'username', maxlength: 256, required: true});
  const password = h('input', {name: 'password', type: 'password', autocomplete: 'current-password',
    maxlength: 1024, required: true});
  const token = h('input', {name: 'token', type: 'password', autocomplete: 'off', maxlength: 256, required: true});
  const byPassword = h('fieldset', {}, h('legend', {}, 'Username and password'),
    field('Username or email', username), field('Password', password));
  const byToken = h('fieldset', {hidden: true}, h('legend', {}, 'Access token'),
    field('Token', token, 'A personal access token (users.generatePersonalAccessToken) or the admin token.'));
  const useToken = h('input', {type: 'checkbox', name: 'use-token'});
  useToken.addEventListener('change', () => {
    byPassword.hidden = useToken.checked;
    byToken.hidden = !useToken.checked;
    for (const input of [username, password]) input.disabled = useToken.checked;
    token.disabled = !useToken.checked;
  });
  token.disabled = true;
  const status = h('div', {'aria-live': 'polite'});
  const submit = h('button', {type: 'submit'}, 'Sign in');
  const form = h('form', {class: 'card narrow', 'aria-labelledby': 'signin-title'},
    h('h1', {id: 'signin-title'}, 'Sign in'),
    byPassword, byToken, field('Sign in with a token instead', useToken), status, submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(submit, status, async () => {
      const me = await signIn(useToken.checked ? {token: token.value}
        : {username: username.value, password: password.value});
      signedIn(me);
    });
  });
  replace(main, form);
  return null;
}
