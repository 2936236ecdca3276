import { el } from './dom.js';
import { strings, t } from './i18n.js';

// How the reply reader read a reply, for staff to judge it. The phrase and the words it covered are the borrower's
// (or echo them), so they go in as text nodes like every borrower word.

function label(key, fallback) {
  return key in strings ? t(key) : fallback;
}

/** "Read as: Opt-out · doubtful: …" (or "not recorded" for a follow-up stored before readings were kept). */
export function readAs(reading) {
  if (!reading) {
    return el('p', { class: 'reading', dataset: { reading: 'not-recorded' } },
      el('strong', {}, t('readAs'), ': '), t('notRecorded'));
  }
  const doubts = reading.doubts || [];
  const parts = [el('span', { class: 'intent' }, label(`intent_${reading.intent}`, reading.intent))];
  if (reading.doubtful) {
    parts.push(el('span', { class: 'doubt' }, t('doubtful'), ': ', doubts.map(d => label(`doubt_${d}`, d)).join('; ')));
  } else if (reading.intent !== 'other') {
    // A reply no phrase matched is not "certain" of anything: it simply goes to staff.
    parts.push(el('span', { class: 'certain' }, t('certain')));
  }
  if (reading.alsoAsked?.length) {
    parts.push(el('span', { class: 'also' }, t('alsoAsked'), ': ', reading.alsoAsked.map(i => label(`intent_${i}`, i)).join(', ')));
  }
  return el('p', { class: 'reading', dataset: { intent: reading.intent, doubtful: String(Boolean(reading.doubtful)) } },
    el('strong', {}, t('readAs'), ': '), parts.flatMap((part, i) => (i === 0 ? [part] : [' · ', part])));
}

/**
 * "Decided by: “stop”", with the table's phrase (often a long list of choices) folded away beneath; nothing once the
 * lender's retention for reply text has dropped the words.
 */
export function decidedBy(reading) {
  if (!reading || (!reading.matchedWords && !reading.phrase)) {
    return null;
  }
  const language = reading.language ? ` (${label(`phraseLanguage_${reading.language}`, reading.language)})` : '';
  return el('div', { class: 'reading-basis' },
    el('strong', {}, t('decidedBy'), ': '),
    reading.matchedWords ? el('q', { class: 'matched' }, reading.matchedWords) : null, ' ',
    reading.phrase
      ? el('details', { class: 'phrase' }, el('summary', {}, t('phrase'), language), el('code', {}, reading.phrase))
      : null);
}
