import { clear, el } from './dom.js';
import { t } from './i18n.js';

/** Lint findings as "rule-id: “words”: message" lines; the quoted words are the text's own. */
export function showFindings(list, findings) {
  clear(list);
  if (!findings || findings.length === 0) {
    list.append(el('li', { class: 'ok' }, t('noFindings')));
    return;
  }
  for (const finding of findings) {
    list.append(el('li', { dataset: { rule: finding.ruleId } },
      el('code', {}, finding.ruleId),
      finding.words?.length ? [' “', finding.words.join('”, “'), '”'] : null,
      ': ', finding.message));
  }
}
