/**
 * Local web sites for the tiles' end-to-end tests (issue 13), one HTTP server answering by host name:
 * the browser maps every `*.test` name to it (Chromium's --host-resolver-rules), so `ameli.test`,
 * `ameli-fr.test` and `evil.test` are three different sites to the browser, as they would be online.
 * ameli.test has a login (a cookie and localStorage) to prove a kiosk visit's end forgets it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestSites = { port: number; hostRules: string; close(): Promise<void> };

const page = (title: string, body: string) =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:22px sans-serif;margin:24px;color:#111}a,button{display:inline-block;min-height:64px;min-width:64px;font-size:22px;margin:8px}</style></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

function ameli(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://ameli.test');
  const loggedIn = /(?:^|;\s*)session=jeanne/.test(req.headers.cookie ?? '');
  if (url.pathname === '/login') {
    res.writeHead(303, { location: '/', 'set-cookie': 'session=jeanne; Path=/; HttpOnly; SameSite=None; Max-Age=3600' }).end();
    return;
  }
  const body = loggedIn
    ? '<p id="who">Connectée : Jeanne</p>'
    : '<p id="who">Pas connectée</p><a id="login" href="/login">Se connecter</a>';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
    page('Ameli test', `${body}<p>Votre compte santé.</p><a id="elsewhere" href="http://evil.test/">Un autre site</a><a id="inside" href="/page2">Mes remboursements</a>`),
  );
}

export async function startTestSites(): Promise<TestSites> {
  const server = http.createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (host === 'ameli.test') return ameli(req, res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(`Site ${host}`, '<p>Un autre site.</p>'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    // Port 80 of every .test name goes to this server: addresses in the tiles stay plain (http://ameli.test/).
    hostRules: `MAP *.test:80 127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
