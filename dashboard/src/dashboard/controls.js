// Run controls: pause, continue, emergency stop (confirmed), take a checkpoint; and the one
// place every control call goes through: it asks for the token when there is none, sends the
// call and shows the server's answer or refusal.
import { h } from '../shared/dom.js';
import { getToken, setToken } from './token.js';

const REFUSALS = {
  401: 'the control token is missing or wrong',
  403: 'this page is not allowed to control the run (foreign origin)',
};

export function createControls(api) {
  const message = h('p', { class: 'control-message', role: 'status', 'aria-live': 'polite', 'data-testid': 'control-message' });

  const tokenInput = h('input', { type: 'password', autocomplete: 'off', 'aria-label': 'Control token', 'data-testid': 'token-input' });
  const tokenDialog = h('dialog', { class: 'dialog', 'data-testid': 'token-dialog' },
    h('form', { method: 'dialog' },
      h('p', { text: 'This action needs the control token: the #token=… part of the URL printed by task-master, or the home\'s control.token file.' }),
      tokenInput,
      h('menu', {}, h('button', { value: 'cancel', text: 'Cancel' }), h('button', { value: 'ok', text: 'Use token', 'data-testid': 'token-ok' }))));
  const confirmText = h('p');
  const confirmDialog = h('dialog', { class: 'dialog', 'data-testid': 'confirm-dialog' },
    h('form', { method: 'dialog' }, confirmText,
      h('menu', {}, h('button', { value: 'cancel', text: 'Cancel' }), h('button', { value: 'ok', class: 'danger', text: 'Stop now', 'data-testid': 'confirm-ok' }))));

  const ask = (dialog) => new Promise((resolve) => {
    dialog.returnValue = '';
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });

  async function askToken() {
    tokenInput.value = getToken();
    if (!(await ask(tokenDialog))) return false;
    setToken(tokenInput.value.trim());
    return true;
  }

  function say(text, kind) {
    message.textContent = text;
    message.dataset.kind = kind;
  }

  /** Runs one control call, asking for the token first when the tab has none. */
  async function run(label, call) {
    if (!getToken() && !(await askToken())) { say(`${label}: cancelled (no token given).`, 'info'); return null; }
    say(`${label}…`, 'info');
    const result = await call();
    if (result.ok) say(`${label}: ${result.message || 'done'}`, 'ok');
    else if (result.status === 0) say(`${label} failed: ${result.message}`, 'error');
    else {
      // A refused token is forgotten, so that the next action asks for another.
      if (result.status === 401) setToken('');
      const why = REFUSALS[result.status] ?? result.message;
      say(`${label} refused by the server (${result.status}${result.status === 401 ? ' Unauthorized' : ''}): ${why}.`, 'error');
    }
    return result;
  }

  const button = (text, testid, onclick, cls) => h('button', { type: 'button', text, class: cls, 'data-testid': testid, onclick });
  const bar = h('div', { class: 'controls', 'data-testid': 'controls' },
    button('Pause', 'pause', () => run('Pause', api.pause)),
    button('Continue', 'continue', () => run('Continue', api.resume)),
    button('Take checkpoint', 'checkpoint', () => run('Checkpoint', api.checkpoint)),
    button('Emergency stop', 'stop', async () => {
      confirmText.textContent = 'Stop the run now? Running tasks are killed; the run can be resumed later from its journal.';
      if (await ask(confirmDialog)) await run('Emergency stop', api.stop);
    }, 'danger'),
    button('Token…', 'token', () => askToken().then((ok) => ok && say('Token saved for this tab.', 'info'))),
    message, tokenDialog, confirmDialog);

  const steering = [...bar.children].filter((b) => b.tagName === 'BUTTON' && b.dataset.testid !== 'token');
  /** Once the run is over nothing can be steered: the buttons say so instead of drawing a refusal. */
  function setEnded(state) {
    for (const b of steering) {
      b.disabled = Boolean(state);
      b.title = state ? `The run is over (${state}): nothing can be changed.` : '';
    }
  }

  return { el: bar, run, setEnded };
}
