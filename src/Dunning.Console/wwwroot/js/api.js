// Every call to the lender routes. The key lives in sessionStorage (this tab only) and travels only in the
// x-lender-key header, never in a URL.
const storageKey = 'dunning.console.session';

export function session() {
  const saved = sessionStorage.getItem(storageKey);
  return saved ? JSON.parse(saved) : null;
}

export function signIn(lenderId, key) {
  sessionStorage.setItem(storageKey, JSON.stringify({ lenderId, key }));
}

export function signOut() {
  sessionStorage.removeItem(storageKey);
}

/** Calls /api/lenders/{lenderId}/{path}; resolves to { status, body } whatever the status (body is JSON or text). */
export async function call(path, { method = 'GET', json, body, contentType } = {}) {
  const current = session();
  if (!current) {
    throw new Error('not signed in');
  }
  const headers = { 'x-lender-key': current.key };
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (contentType) {
    headers['content-type'] = contentType;
  }
  const response = await fetch(`/api/lenders/${encodeURIComponent(current.lenderId)}/${path}`, {
    method, headers, body, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
  });
  const type = response.headers.get('content-type') || '';
  const text = await response.text();
  const parsed = type.includes('json') && text ? JSON.parse(text) : text;
  return { status: response.status, body: parsed, retryAfter: response.headers.get('retry-after') };
}
