import { call } from './api.js';
import { byId, clear, el, formatTime } from './dom.js';
import { t } from './i18n.js';

const charts = {};

// Each load is numbered: an answer to an earlier range that arrives late must not draw over the newer one.
let generation = 0;
const palette = ['#1d70b8', '#00703c', '#d4351c', '#f47738', '#6f72af', '#28a197', '#912b88', '#b58840', '#505a5f', '#85994b'];

export function initDashboard() {
  const today = new Date();
  const monthAgo = new Date(today.getTime() - 29 * 86400000);
  byId('dashboard-from').value = monthAgo.toISOString().slice(0, 10);
  byId('dashboard-to').value = today.toISOString().slice(0, 10);
  byId('dashboard-form').addEventListener('submit', event => {
    event.preventDefault();
    showDashboard();
  });
  byId('dashboard-csv').addEventListener('click', exportCsv);
}

function range() {
  return `from=${encodeURIComponent(byId('dashboard-from').value)}&to=${encodeURIComponent(byId('dashboard-to').value)}`;
}

/** Draws (or redraws) one chart; the canvas keeps its size from the CSS box it sits in. */
function draw(id, type, labels, datasets, options = {}) {
  charts[id]?.destroy();
  charts[id] = new window.Chart(byId(id), {
    type,
    data: { labels, datasets: datasets.map((d, i) => ({ backgroundColor: palette[i % palette.length], borderColor: palette[i % palette.length], ...d })) },
    options: { responsive: true, maintainAspectRatio: false, animation: false, ...options },
  });
}

export async function showDashboard() {
  const mine = ++generation;
  byId('dashboard-error').textContent = '';
  const [report, daily, failures] = await Promise.all([
    call(`report?${range()}`), call(`report/daily?${range()}`), call(`report/failures?${range()}`)]);
  if (mine !== generation) {
    return;
  }
  if (report.status !== 200 || daily.status !== 200 || failures.status !== 200) {
    byId('dashboard-error').textContent = t('error', [report.status, daily.status, failures.status].find(s => s !== 200));
    return;
  }
  const stages = [...new Set(report.body.rows.map(r => r.stage))];
  const byStage = field => stages.map(s => report.body.rows.filter(r => r.stage === s).reduce((n, r) => n + r[field], 0));
  draw('chart-funnel', 'bar', stages, [
    { label: t('sent'), data: byStage('sent') },
    { label: t('delivered'), data: byStage('delivered') },
    { label: t('failed'), data: byStage('failed') },
    { label: t('paid3'), data: byStage('paidWithin3Days') }]);
  const rows = report.body.rows;
  draw('chart-templates', 'bar', rows.map(r => `${r.stage} ${r.templateId}`), [
    { label: t('sent'), data: rows.map(r => r.sent) },
    { label: t('delivered'), data: rows.map(r => r.delivered) }], { indexAxis: 'y' });
  const reasons = Object.entries(report.body.total.suppressedByReason || {});
  draw('chart-suppressed', 'bar', reasons.map(([reason]) => reason), [{ label: t('suppressed'), data: reasons.map(([, n]) => n) }]);
  const intents = Object.entries(report.body.repliesByIntent || {});
  draw('chart-replies', 'bar', [...intents.map(([intent]) => intent), t('optOuts')],
    [{ label: t('replies'), data: [...intents.map(([, n]) => n), report.body.optOuts || 0] }]);
  const days = daily.body.days;
  draw('chart-trend', 'line', days.map(d => d.date), [
    { label: t('sent'), data: days.map(d => d.sent) },
    { label: t('delivered'), data: days.map(d => d.delivered) },
    { label: t('failed'), data: days.map(d => d.failed) },
    { label: t('replies'), data: days.map(d => d.replies) },
    { label: t('optOuts'), data: days.map(d => d.optOuts) }]);
  const body = clear(byId('failures').tBodies[0]);
  for (const f of failures.body.failures) {
    body.append(el('tr', {},
      el('td', {}, formatTime(f.at)), el('td', {}, f.stage), el('td', {}, f.borrowerId),
      el('td', {}, f.phone ?? ''), el('td', {}, [f.reason, f.deliveryStatus, f.deliveryStatusDetails].filter(Boolean).join(' · '))));
  }
}

/** The same figures as CSV, fetched with the key in its header and saved through a local blob URL. */
async function exportCsv() {
  const answer = await call(`report/daily?${range()}&format=csv`);
  if (answer.status !== 200) {
    byId('dashboard-error').textContent = t('error', answer.status);
    return;
  }
  const url = URL.createObjectURL(new Blob([answer.body], { type: 'text/csv' }));
  const link = el('a', { href: url, download: 'dunning-daily.csv' });
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
