import { call, session, signIn, signOut } from './api.js';
import { byId } from './dom.js';
import { setLanguage, t } from './i18n.js';
import { showInbox } from './inbox.js';
import { initBorrower } from './borrower.js';
import { showDashboard, initDashboard } from './dashboard.js';
import { initUploads } from './uploads.js';
import { initTemplates } from './templates.js';
import { initSettings, showSettings } from './settings.js';

const sections = ['inbox', 'borrower', 'dashboard', 'uploads', 'templates', 'settings'];

function showSection(name) {
  for (const section of sections) {
    byId(section).hidden = section !== name;
    document.querySelector(`nav [data-section="${section}"]`).setAttribute('aria-current', section === name ? 'page' : 'false');
  }
  if (name === 'inbox') {
    showInbox();
  } else if (name === 'dashboard') {
    showDashboard();
  } else if (name === 'settings') {
    showSettings();
  }
}

function showSignedIn() {
  const current = session();
  byId('sign-in').hidden = Boolean(current);
  byId('app').hidden = !current;
  byId('who').hidden = !current;
  byId('who-lender').textContent = current ? current.lenderId : '';
  if (current) {
    showSection('inbox');
  }
}

async function submitSignIn(event) {
  event.preventDefault();
  const lenderId = byId('lender-id').value.trim();
  const key = byId('lender-key').value;
  const error = byId('sign-in-error');
  error.textContent = '';
  signIn(lenderId, key);
  const answer = await call('followups?status=open');
  if (answer.status === 200) {
    byId('lender-key').value = '';
    showSignedIn();
    return;
  }
  signOut();
  error.textContent = answer.status === 429 ? t('slowDown', answer.retryAfter || '?') : t('wrongKey');
}

function start() {
  const language = localStorage.getItem('dunning.console.language') || (navigator.language.startsWith('zh') ? 'zh-CN' : 'en');
  byId('language').value = language;
  setLanguage(language);
  byId('language').addEventListener('change', () => {
    localStorage.setItem('dunning.console.language', byId('language').value);
    setLanguage(byId('language').value);
    if (session()) {
      showSection(sections.find(s => !byId(s).hidden) || 'inbox');
    }
  });
  byId('sign-in-form').addEventListener('submit', submitSignIn);
  byId('sign-out').addEventListener('click', () => {
    signOut();
    showSignedIn();
  });
  for (const button of document.querySelectorAll('nav [data-section]')) {
    button.addEventListener('click', () => showSection(button.dataset.section));
  }
  initBorrower();
  initDashboard();
  initUploads();
  initTemplates();
  initSettings();
  showSignedIn();
}

start();
