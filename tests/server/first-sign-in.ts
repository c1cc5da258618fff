/**
 * The first sign-in of an account whose password the hub made up (the seeded admin, a new helper):
 * sign in with the one-time password, choose a real one, and go on with the new session. Over real
 * HTTP, for tests that run the hub on a port (the shell's tests, the end-to-end stack).
 */
export interface SignedIn {
  cookie: string;
  csrfToken: string;
  password: string;
}

export const CHOSEN_PASSWORD = 'un mot de passe choisi';

export async function firstSignIn(hubUrl: string, email: string, oneTimePassword: string, password = CHOSEN_PASSWORD): Promise<SignedIn> {
  const login = await fetch(`${hubUrl}/api/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: oneTimePassword }),
  });
  if (login.status !== 200) throw new Error(`first sign-in refused: ${login.status} ${await login.text()}`);
  const first = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrfToken: ((await login.json()) as { csrfToken: string }).csrfToken };
  const changed = await fetch(`${hubUrl}/api/v1/console/me/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: first.cookie, 'x-csrf-token': first.csrfToken },
    body: JSON.stringify({ newPassword: password }),
  });
  if (changed.status !== 200) throw new Error(`choosing a password refused: ${changed.status} ${await changed.text()}`);
  return { cookie: changed.headers.get('set-cookie')!.split(';')[0]!, csrfToken: ((await changed.json()) as { csrfToken: string }).csrfToken, password };
}
