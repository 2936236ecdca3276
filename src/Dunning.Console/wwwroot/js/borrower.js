import { call } from './api.js';
import { byId, clear, el, formatTime } from './dom.js';
import { t } from './i18n.js';
import { decidedBy, readAs } from './reading.js';

export function initBorrower() {
  byId('borrower-form').addEventListener('submit', async event => {
    event.preventDefault();
    const by = byId('borrower-by').value;
    const query = byId('borrower-query').value.trim();
    const results = clear(byId('borrower-results'));
    byId('borrower-error').textContent = '';
    byId('timeline').hidden = true;
    const answer = await call(`borrowers?${by}=${encodeURIComponent(query)}`);
    if (answer.status !== 200) {
      byId('borrower-error').textContent = t('error', answer.status);
      return;
    }
    const found = answer.body.borrowers;
    if (found.length === 0) {
      byId('borrower-error').textContent = t('noneFound');
      return;
    }
    for (const borrower of found) {
      results.append(el('li', {},
        el('button', { type: 'button', class: 'link', onclick: () => showTimeline(borrower.borrowerId) },
          `${borrower.borrowerId} · ${borrower.name} · ${borrower.phone}`)));
    }
    if (found.length === 1) {
      await showTimeline(found[0].borrowerId);
    }
  });
}

export async function showTimeline(borrowerId) {
  const answer = await call(`borrowers/${encodeURIComponent(borrowerId)}/timeline`);
  if (answer.status !== 200) {
    byId('borrower-error').textContent = t('error', answer.status);
    return;
  }
  const timeline = answer.body;
  byId('timeline').hidden = false;
  byId('timeline-title').textContent = `${timeline.borrowerId} · ${timeline.name} · ${timeline.phone} · ${timeline.language} · ${timeline.timeZone}`;
  const state = clear(byId('timeline-state'));
  const yesNo = value => t(value ? 'yes' : 'no');
  state.append(
    el('dt', {}, t('stateOptedOut')), el('dd', { dataset: { state: 'opted-out' } }, yesNo(timeline.state.optedOut)),
    el('dt', {}, t('stateWrongNumber')), el('dd', { dataset: { state: 'wrong-number' } }, yesNo(timeline.state.wrongNumber)),
    el('dt', {}, t('statePaused')), el('dd', { dataset: { state: 'paused-until' } }, timeline.state.pausedUntil ? formatTime(timeline.state.pausedUntil) : '—'),
    el('dt', {}, t('stateCaps')), el('dd', { dataset: { state: 'caps' } }, `${timeline.state.messagesCountedLast7Days} / ${timeline.state.maxMessagesPer7Days}`));
  const rows = clear(byId('timeline-installments').tBodies[0]);
  for (const i of timeline.installments) {
    rows.append(el('tr', {},
      el('td', {}, i.loanId), el('td', {}, i.installmentNo), el('td', {}, i.dueDate),
      el('td', {}, `${i.amountDue} ${i.currency}`), el('td', {}, i.paidAt ? `${i.amountPaid} (${formatTime(i.paidAt)})` : i.amountPaid),
      el('td', {}, i.pausedUntil ? formatTime(i.pausedUntil) : (i.planRequested ? t('kind_planRequest') : '—'))));
  }
  const events = clear(byId('timeline-events'));
  for (const e of timeline.events) {
    events.append(el('li', { class: `event ${e.type}`, dataset: { type: e.type } },
      el('time', { datetime: e.at }, formatTime(e.at)), ' ',
      el('strong', {}, t(`event_${e.type}`)), ' ',
      [e.stage, e.templateId, e.kind ? t(`kind_${e.kind.charAt(0).toLowerCase()}${e.kind.slice(1)}`) : null,
        e.loanId ? `${e.loanId} #${e.installmentNo}` : null,
        e.amount !== undefined && e.amount !== null ? `${e.amount} ${e.currency}` : null,
        e.until ? `→ ${formatTime(e.until)}` : null].filter(Boolean).join(' · '),
      e.state ? el('span', { class: 'delivery' }, ` [${e.deliveryStatus || e.state}${e.reason ? `: ${e.reason}` : ''}]`) : null,
      e.type === 'reply' ? [readAs(e.reading), decidedBy(e.reading)] : null,
      e.text ? el('blockquote', { class: 'words' }, e.text) : null));
  }
}
