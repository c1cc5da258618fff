/**
 * The operator's calls (issue 16): their own routes under /api/v1/operator, their own session cookie
 * and their own anti-forgery token, apart from an association's console session.
 */
import { OPERATOR_PREFIX, type AssociationCreate, type AssociationCreated, type AssociationSummary, type OperatorMe } from '../../../../app/protocol/operator.ts';
import { ApiFailure } from '../api.ts';

let csrfToken = '';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`${OPERATOR_PREFIX}${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiFailure(0, 'network', 'network error');
  }
  if (!res.ok) {
    const data: unknown = await res.json().catch(() => null);
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiFailure(res.status, err?.code ?? 'unknown', err?.message ?? `HTTP ${res.status}`);
  }
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

const signedIn = (me: OperatorMe): OperatorMe => {
  csrfToken = me.csrfToken;
  return me;
};

export const operatorApi = {
  me: () => call<OperatorMe>('GET', '/me').then(signedIn),
  login: (email: string, password: string) => call<OperatorMe>('POST', '/login', { email, password }).then(signedIn),
  logout: () => call<void>('POST', '/logout').finally(() => (csrfToken = '')),
  associations: () => call<AssociationSummary[]>('GET', '/associations'),
  createAssociation: (body: AssociationCreate) => call<AssociationCreated>('POST', '/associations', body),
};
