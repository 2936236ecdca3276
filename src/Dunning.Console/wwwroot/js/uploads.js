import { call } from './api.js';
import { byId, clear, el } from './dom.js';
import { t } from './i18n.js';

export function initUploads() {
  const zone = byId('drop-zone');
  zone.addEventListener('dragover', event => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', event => {
    event.preventDefault();
    zone.classList.remove('over');
    if (event.dataTransfer.files.length > 0) {
      upload(event.dataTransfer.files[0]);
    }
  });
  byId('upload-file').addEventListener('change', () => {
    if (byId('upload-file').files.length > 0) {
      upload(byId('upload-file').files[0]);
    }
  });
}

const wait = ms => new Promise(resolve => setTimeout(resolve, ms));

async function upload(file) {
  const kind = byId('upload-kind').value;
  const status = byId('upload-status');
  clear(byId('upload-summary'));
  byId('upload-errors').hidden = true;
  status.textContent = t('uploading', file.name);
  const safeName = file.name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '').replace(/(\.csv)?$/i, '.csv');
  const sent = await call(`uploads/${kind}?name=${encodeURIComponent(safeName)}`, { method: 'POST', body: file, contentType: 'text/csv' });
  if (sent.status !== 202) {
    status.textContent = t('error', sent.status);
    return;
  }
  status.textContent = t('ingesting');
  for (let attempt = 0; attempt < 120; attempt++) {
    const result = await call(`uploads/${kind}/${encodeURIComponent(sent.body.name)}`);
    if (result.status === 200) {
      show(result.body);
      return;
    }
    if (result.status !== 202) {
      status.textContent = t('error', result.status);
      return;
    }
    await wait(1000);
  }
}

function show(result) {
  byId('upload-status').textContent = t('ingested');
  const s = result.summary;
  const summary = byId('upload-summary');
  for (const [key, value] of [['rowsRead', s.rowsRead], ['stored', s.stored], ['unchanged', s.unchanged], ['rejected', s.rejected], ['fileError', s.fileError]]) {
    if (value !== undefined && value !== null) {
      summary.append(el('dt', {}, t(key)), el('dd', { dataset: { count: key } }, value));
    }
  }
  const table = byId('upload-errors');
  const body = clear(table.tBodies[0]);
  for (const error of result.errors) {
    body.append(el('tr', { dataset: { line: error.line } }, el('td', {}, error.line), el('td', {}, error.column), el('td', {}, error.reason)));
  }
  table.hidden = result.errors.length === 0;
}
