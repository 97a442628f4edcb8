import { ApiError, call, setSession, type Me } from '../api.js';
import { h } from '../dom.js';

/**
 * Sign-in: the token goes once, in a POST body, to /console/api/login, which
 * answers with an httpOnly cookie. The token is never put in the URL, in storage,
 * or in the page after this form is left.
 */
export function loginPage(done: () => void): HTMLElement {
  const token = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    placeholder: 'API token',
  });
  const error = h('p', { id: 'login-error', class: 'error', role: 'alert', hidden: true });
  const button = h('button', { type: 'submit', id: 'signin', class: 'primary' }, 'Sign in');
  // method=post: even with the script gone, a browser would never put the token in the address.
  const form = h(
    'form',
    { method: 'post', action: '/console/api/login', class: 'login' },
    h('h1', {}, 'loadfleet console'),
    h('label', { for: 'token' }, 'API token'),
    token,
    h(
      'p',
      { class: 'muted' },
      'A read-only token gives a read-only console. Signing in starts a session (an httpOnly cookie); the token itself is not stored. Sign out to end the session.',
    ),
    button,
    error,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    button.disabled = true;
    error.hidden = true;
    call<Me>('/console/api/login', { method: 'POST', json: { token: token.value } })
      .then((me) => {
        token.value = '';
        setSession(me);
        done();
      })
      .catch((err: unknown) => {
        error.textContent =
          err instanceof ApiError && err.status === 401
            ? 'This token is not accepted.'
            : String((err as Error).message);
        error.hidden = false;
        token.select();
      })
      .finally(() => (button.disabled = false));
  });
  return h('div', { class: 'login-wrap' }, form);
}
