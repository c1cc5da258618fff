/**
 * Local web sites for the tiles' end-to-end tests (issue 13), one HTTP server answering by host name:
 * the browser maps every `*.test` name to it (Chromium's --host-resolver-rules), so `ameli.test`,
 * `ameli-fr.test` and `evil.test` are three different sites to the browser, as they would be online.
 * ameli.test has a login to prove a kiosk visit's end forgets it, and two downloads: a program
 * (setup.exe, to be refused) and a document (attestation.pdf, to be saved in "Mes documents").
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestSites = { port: number; hostRules: string; close(): Promise<void> };

const page = (title: string, body: string) =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:22px sans-serif;margin:24px;color:#111}a,button{display:inline-block;min-height:64px;min-width:64px;font-size:22px;margin:8px}</style></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

/**
 * ameli.test: a login kept the two ways sites keep one — localStorage and a cookie; the page says who
 * is logged in, or that the browser refused it any storage.
 */
function ameli(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://ameli.test');
  if (url.pathname === '/setup.exe') {
    res.writeHead(200, { 'content-type': 'application/x-msdownload', 'content-disposition': 'attachment; filename="setup.exe"' }).end(Buffer.from('MZ\x90\x00 not really a program'));
    return;
  }
  if (url.pathname === '/attestation.pdf') {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="attestation.pdf"' }).end('%PDF-1.4\n% attestation de droits\n%%EOF\n');
    return;
  }
  if (url.pathname === '/login.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(`
      const who = document.getElementById('who');
      const stored = () => { try { return localStorage.getItem('session'); } catch { return 'refused'; } };
      const show = () => { const s = stored(); who.textContent = s === 'refused' ? 'Stockage refusé' : s || document.cookie.includes('session=') ? 'Connectée : Jeanne' : 'Pas connectée'; };
      document.getElementById('login').addEventListener('click', () => {
        try { localStorage.setItem('session', 'jeanne'); } catch {}
        document.cookie = 'session=jeanne; Path=/; Max-Age=3600';
        show();
      });
      show();`);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
    page(
      'Ameli test',
      '<p id="who">…</p><button id="login" type="button">Se connecter</button><p>Votre compte santé.</p>' +
        '<a id="elsewhere" href="http://evil.test/">Un autre site</a><a id="inside" href="/page2">Mes remboursements</a>' +
        '<a id="program" href="/setup.exe">Installer le logiciel</a><a id="document" href="/attestation.pdf">Mon attestation</a><script src="/login.js"></script>',
    ),
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
