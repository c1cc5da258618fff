/** The console's calls to the hub. Types come from the shared wire protocol. */
import type { HelpAction } from '../../../app/help/states.ts';
import { API_PREFIX, type ConsoleEvent, type HelpRequestView, type Me } from '../../../app/protocol/hub.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, opts: { body?: unknown; csrf?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  let res: Response;
  try {
    res = await fetch(`${API_PREFIX}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    });
  } catch {
    throw new ApiFailure(0, 'network', 'network error');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiFailure(res.status, err?.code ?? 'unknown', err?.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export const api = {
  me: () => call<Me>('GET', '/console/me'),
  login: (email: string, password: string) => call<Me>('POST', '/console/login', { body: { email, password } }),
  logout: (csrf: string) => call<void>('POST', '/console/logout', { csrf }),
  queue: () => call<HelpRequestView[]>('GET', '/console/help-requests'),
  act: (id: string, action: HelpAction, csrf: string) =>
    call<HelpRequestView>('POST', `/console/help-requests/${encodeURIComponent(id)}/actions`, { body: { action }, csrf }),
};

export function feedUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${API_PREFIX}/console/feed`;
}

export type { ConsoleEvent, HelpRequestView, Me };
