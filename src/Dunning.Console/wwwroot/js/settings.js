import { call, session, signIn } from './api.js';
import { byId, clear, el } from './dom.js';
import { t } from './i18n.js';

export function initSettings() {
  byId('settings-form').addEventListener('submit', save);
  byId('rotate-key').addEventListener('click', rotate);
}

export async function showSettings() {
  clear(byId('settings-problems'));
  byId('settings-status').textContent = '';
  const answer = await call('settings');
  if (answer.status !== 200) {
    byId('settings-status').textContent = t('error', answer.status);
    return;
  }
  show(answer.body);
}

function show(inForce) {
  byId('settings-document').value = inForce.document;
  byId('settings-keys').textContent = t('keyCount', inForce.keys);
}

async function save(event) {
  event.preventDefault();
  const problems = clear(byId('settings-problems'));
  const answer = await call('settings', { method: 'POST', body: byId('settings-document').value, contentType: 'application/json' });
  if (answer.status === 200) {
    byId('settings-status').textContent = t('settingsSaved');
    show(answer.body);
  } else if (answer.status === 422) {
    byId('settings-status').textContent = t('settingsRefused');
    for (const problem of answer.body.problems) {
      problems.append(el('li', { dataset: { field: problem.field } },
        el('code', {}, problem.field), problem.line ? ` (${problem.line})` : '', ': ', problem.reason));
    }
  } else {
    byId('settings-status').textContent = t('error', answer.status);
  }
}

async function rotate() {
  const answer = await call('settings/key', { method: 'POST' });
  if (answer.status !== 200) {
    byId('settings-status').textContent = t('error', answer.status);
    return;
  }
  signIn(session().lenderId, answer.body.key);
  const shown = byId('new-key');
  shown.hidden = false;
  shown.textContent = t('newKey', answer.body.key);
  await showSettings();
}
