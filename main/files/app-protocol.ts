/**
 * The `app://` request handler: maps the request with resolveAppRequest, reads the file through an
 * injected fetch (Electron's `net.fetch` on a file: URL in the app, plain fs in tests) and answers
 * with our own headers, the Content-Security-Policy included. Read-only: GET and HEAD.
 */
import path from 'node:path';
import type { Log } from '../log.ts';
import { mimeTypeFor, resolveServedFile, type AppDirs } from './resolve.ts';
import { isShellPage, shellPage, type FirstFrameSource } from './page.ts';

export type FetchFile = (filePath: string) => Promise<Response>;

function plain(status: number, text: string, extra: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff', ...extra } });
}

/** `firstFrame`: the machine's mode and language, written into the shell's page (main/files/page.ts). */
export function createAppProtocolHandler(options: AppDirs & { csp: string; fetchFile: FetchFile; log?: Log; firstFrame?: FirstFrameSource }) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed', { allow: 'GET, HEAD' });
    let file: string | null = null;
    try {
      file = await resolveServedFile(request.url, options);
      if (!file) return plain(404, 'not found');
      const body = await options.fetchFile(file);
      if (!body.ok) return plain(404, 'not found');
      const page = request.method !== 'HEAD' && (await isShellPage(file, options.rendererDir)) ? shellPage(await body.text(), options.firstFrame) : null;
      return new Response(request.method === 'HEAD' ? null : (page ?? body.body), {
        status: 200,
        headers: {
          'content-type': mimeTypeFor(file),
          'content-security-policy': options.csp,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'cache-control': path.basename(file) === 'index.html' ? 'no-store' : 'max-age=3600',
        },
      });
    } catch (error) {
      // Missing files are already null above; anything else is worth a line.
      options.log?.(`app:// could not serve ${file ?? request.url}`, error);
      return plain(404, 'not found');
    }
  };
}
