import { call } from './api.js';
import { byId, clear, el, formatTime, nextId } from './dom.js';
import { t } from './i18n.js';
import { showFindings } from './findings.js';
import { decidedBy, readAs } from './reading.js';

const outcomes = ['resolved', 'promise-to-pay', 'plan-agreed', 'paid', 'wrong-number', 'no-action'];

/** The open follow-ups, longest waiting first (ids sort by creation time), with counts per kind. */
export async function showInbox() {
  const list = clear(byId('inbox-list'));
  const answer = await call('followups?status=open');
  if (answer.status !== 200) {
    list.append(el('li', { class: 'error' }, t('error', answer.status)));
    return;
  }
  const followUps = answer.body.followUps;
  const counts = {};
  for (const f of followUps) {
    counts[f.kind] = (counts[f.kind] || 0) + 1;
  }
  byId('inbox-counts').textContent = Object.entries(counts).map(([kind, n]) => `${t(`kind_${kind}`)}: ${n}`).join(' · ');
  byId('inbox-empty').hidden = followUps.length > 0;
  for (const followUp of followUps) {
    list.append(card(followUp));
  }
}

function card(followUp) {
  const status = el('p', { class: 'status', role: 'status' });
  const findings = el('ul', { class: 'findings' });
  const item = el('li', { class: 'card', dataset: { followUp: followUp.id, kind: followUp.kind } },
    el('h3', {}, t(`kind_${followUp.kind}`), ' · ', followUp.borrowerId || '—'),
    el('p', { class: 'meta' }, t('waiting'), ' ', formatTime(followUp.createdAt)),
    readAs(followUp.reading),
    decidedBy(followUp.reading),
    el('p', {}, el('strong', {}, t('borrowerWords'), ': ')),
    el('blockquote', { class: 'words', lang: '' }, followUp.text ?? t('noText')),
    followUp.kind === 'promiseToPay'
      ? el('p', { class: 'promised' }, el('strong', {}, t('promisedFor'), ': '), followUp.promisedDate ?? t('promisedUndated'))
      : null,
    followUp.installments?.length
      ? el('p', {}, el('strong', {}, t('atStake'), ': '), followUp.installments.map(i => `${i.loanId} #${i.installmentNo}`).join(', '))
      : null,
    conversation(followUp),
    followUp.borrowerId ? actions(followUp, status, findings) : null,
    findings,
    status);
  return item;
}

/** Staff answers so far, with their delivery state read from the borrower's timeline when opened. */
function conversation(followUp) {
  const list = el('ol', { class: 'conversation' });
  for (const reply of followUp.staffReplies || []) {
    list.append(el('li', { dataset: { job: reply.jobId } }, formatTime(reply.at), ' — ', reply.text ?? '…', ' ', el('span', { class: 'delivery' })));
  }
  const details = el('details', {}, el('summary', {}, t('conversation')), list);
  details.addEventListener('toggle', async () => {
    if (!details.open || !followUp.borrowerId) {
      return;
    }
    const answer = await call(`borrowers/${encodeURIComponent(followUp.borrowerId)}/timeline`);
    if (answer.status !== 200) {
      return;
    }
    const messages = answer.body.events.filter(e => e.type === 'message' || e.type === 'staff-reply').slice(0, 10);
    for (const message of messages) {
      const known = list.querySelector(`[data-job="${CSS.escape(message.jobId || '')}"] .delivery`);
      if (!known) {
        list.append(el('li', {}, formatTime(message.at), ' — ', t(`event_${message.type}`), ' ', message.stage, ' ',
          message.text ?? '', ' ', el('span', { class: 'delivery' }, message.deliveryStatus || message.state)));
      }
    }
  });
  return details;
}

function actions(followUp, status, findings) {
  const replyId = nextId('reply');
  const text = el('textarea', { id: replyId, rows: 2, maxlength: 1000 });
  const outcomeId = nextId('outcome');
  const outcome = el('select', { id: outcomeId }, outcomes.map(o => el('option', { value: o }, t(`outcome_${o}`))));
  const daysId = nextId('days');
  const days = el('input', { id: daysId, type: 'number', min: 1, max: 60, value: 7 });
  const borrowerPath = `borrowers/${encodeURIComponent(followUp.borrowerId)}`;
  const path = `followups/${encodeURIComponent(followUp.id)}`;

  async function send(event) {
    event.preventDefault();
    clear(findings);
    const answer = await call(`${path}/reply`, { method: 'POST', json: { text: text.value } });
    if (answer.status === 202) {
      status.textContent = t('queued', formatTime(answer.body.earliestSendAt));
      text.value = '';
    } else if (answer.status === 422) {
      status.textContent = t('refused');
      showFindings(findings, answer.body.findings);
    } else if (answer.status === 409) {
      status.textContent = t('optedOut');
    } else {
      status.textContent = t('error', answer.status);
    }
  }

  async function closeIt(event) {
    event.preventDefault();
    const answer = await call(`${path}/close`, { method: 'POST', json: { outcome: outcome.value } });
    status.textContent = answer.status === 200 ? t('closed') : t('error', answer.status);
    if (answer.status === 200) {
      status.closest('li').classList.add('done');
    }
  }

  async function pauseIt(event) {
    event.preventDefault();
    const answer = await call(`${borrowerPath}/pause`, { method: 'POST', json: { days: Number(days.value) } });
    status.textContent = answer.status === 200 ? t('pausedUntilDone', formatTime(answer.body.pausedUntil)) : t('error', answer.status);
  }

  async function markWrong() {
    const answer = await call(`${borrowerPath}/wrong-number`, { method: 'POST' });
    status.textContent = answer.status === 200 ? t('markedWrong') : t('error', answer.status);
  }

  return el('div', { class: 'actions' },
    el('form', { class: 'reply', onsubmit: send },
      el('label', { for: replyId }, t('replyText')), text, el('button', { type: 'submit' }, t('send'))),
    el('form', { class: 'inline', onsubmit: closeIt },
      el('label', { for: outcomeId }, t('outcome')), outcome, el('button', { type: 'submit' }, t('close'))),
    el('form', { class: 'inline', onsubmit: pauseIt },
      el('label', { for: daysId }, t('pauseDays')), days, el('button', { type: 'submit' }, t('pause'))),
    el('button', { type: 'button', class: 'secondary', onclick: markWrong }, t('markWrong')));
}
