import { call } from './api.js';
import { byId, clear, el } from './dom.js';
import { t } from './i18n.js';
import { showFindings } from './findings.js';

const stages = ['T-7', 'T-3', 'T-1', 'T0', 'T+1', 'T+3', 'T+7', 'T+15', 'T+30', 'THANKS'];
let pending;

export function initTemplates() {
  byId('template-name').replaceChildren(...stages.map(s => el('option', { value: s }, s)));
  for (const id of ['template-name', 'template-language', 'template-text']) {
    byId(id).addEventListener('input', () => {
      clearTimeout(pending);
      pending = setTimeout(() => check(false), 300);
    });
  }
  byId('template-form').addEventListener('submit', event => {
    event.preventDefault();
    check(true);
  });
}

async function check(save) {
  const template = { name: byId('template-name').value, language: byId('template-language').value, text: byId('template-text').value };
  const answer = await call(save ? 'templates' : 'templates/check', { method: 'POST', json: template });
  const status = byId('template-status');
  status.textContent = '';
  if (answer.status !== 200 && answer.status !== 422) {
    status.textContent = t('error', answer.status);
    return;
  }
  const report = answer.body;
  const metrics = clear(byId('template-metrics'));
  metrics.append(
    el('dt', {}, t('segments')), el('dd', { id: 'template-segments' }, report.segments ?? '—'),
    el('dt', {}, t('encoding')), el('dd', {}, report.encoding ?? '—'),
    el('dt', {}, t('cost')), el('dd', {}, report.cost ? `${report.cost.amount} ${report.cost.currency}` : '—'));
  const problems = [
    ...(report.parseError ? [{ ruleId: 'parse-error', words: [], message: report.parseError }] : []),
    ...(report.unknownFields || []).map(f => ({ ruleId: 'unknown-field', words: [f], message: '' })),
    ...(report.problems || []).map(p => ({ ruleId: 'template', words: [], message: p })),
    ...(report.findings || [])];
  showFindings(byId('template-findings'), problems);
  byId('template-preview').textContent = report.preview ?? '';
  if (save) {
    status.textContent = report.saved ? t('saved') : t('notSaved');
  }
}
