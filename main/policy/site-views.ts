/**
 * The Electron side of a website tile (issue 13), as pure decisions: which session partition a tile's
 * WebContentsView runs in (its own per tile: persistent on a home loan so the person stays logged in
 * to Ameli, in memory on a kiosk), which partitions are wiped when a kiosk visit ends, what "Écouter"
 * reads from a page, and where a download lands. main/electron/site-views.ts wires them.
 */
import path from 'node:path';
import type { SiteDownload } from '../../app/bridge/contract.ts';
import type { MachineMode } from '../../app/protocol/hub.ts';
import type { DownloadDecision } from './site-guard.ts';

/** A tile's own partition: `persist:tile-<id>` on a home loan, `tile-<id>` (memory only) on a kiosk. Tile ids are [a-z0-9-]. */
export function siteViewPartition(tileId: string, mode: MachineMode): string {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(tileId)) throw new Error(`bad tile id ${JSON.stringify(tileId)}`);
  return mode === 'kiosk' ? `tile-${tileId}` : `persist:tile-${tileId}`;
}

/**
 * The partitions to empty (cookies, storage, cache, logins) when a visit ends: on a kiosk, those of
 * every site tile opened during the visit — an in-memory partition lives as long as the app, so the
 * next visitor would find the last one's login. On a home loan, none: the logins are the person's.
 */
export function partitionsToWipe(mode: MachineMode, tilesOpenedThisVisit: readonly string[]): string[] {
  if (mode !== 'kiosk') return [];
  return [...new Set(tilesOpenedThisVisit.map((id) => siteViewPartition(id, 'kiosk')))].sort();
}

/** Run in the page by "Écouter": what the person selected, else the page's main text. */
export const LISTEN_SCRIPT = `(() => {
  const selection = String(window.getSelection ? window.getSelection() : '');
  const main = document.querySelector('main, [role=main], article') || document.body;
  return { selection, main: main ? main.innerText : '' };
})()`;

/** The speech service reads at most this many characters at once (the bridge's speak limit). */
export const LISTEN_MAX_CHARS = 500;

/**
 * What "Écouter" says: the selection when there is one, else the main text; spaces folded, cut at the
 * last sentence end within the limit (or the last word). Null when there is nothing to read.
 */
export function textToListen(answer: unknown): string | null {
  const field = (key: string) => (answer && typeof answer === 'object' && typeof (answer as Record<string, unknown>)[key] === 'string' ? ((answer as Record<string, string>)[key] ?? '') : '');
  const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
  const text = fold(field('selection')) || fold(field('main'));
  if (!text) return null;
  if (text.length <= LISTEN_MAX_CHARS) return text;
  const head = text.slice(0, LISTEN_MAX_CHARS);
  const sentenceEnd = Math.max(head.lastIndexOf('. '), head.lastIndexOf('! '), head.lastIndexOf('? '));
  if (sentenceEnd > LISTEN_MAX_CHARS / 3) return head.slice(0, sentenceEnd + 1);
  const space = head.lastIndexOf(' ');
  return space > 0 ? head.slice(0, space) : head;
}

/** Where a download the guard accepted lands: "Mes documents", its safe name, never over an existing file ("facture (2).pdf"). */
export function downloadPath(documentsDir: string, safeName: string, exists: (file: string) => boolean): string {
  const ext = path.extname(safeName);
  const stem = safeName.slice(0, safeName.length - ext.length);
  for (let n = 1; n < 1000; n++) {
    const candidate = path.join(documentsDir, n === 1 ? safeName : `${stem} (${n})${ext}`);
    if (!exists(candidate)) return candidate;
  }
  return path.join(documentsDir, `${stem} (${Date.now()})${ext}`);
}

/**
 * A file's name as the person is told it: without folders, control or invisible formatting characters
 * (a right-to-left override makes "facture\u202Efdp.exe" look like "facturexe.pdf"), at most 80 characters.
 */
export function shownFileName(raw: string): string {
  const name = (raw.split(/[\\/]/).pop() ?? '').normalize('NFC').replace(/[\p{Cc}\p{Cf}]/gu, '').trim();
  const cut = name.length > 80 ? `${name.slice(0, 79)}…` : name;
  return cut || 'document';
}

/** How a saved download ended (Electron's DownloadItem 'done' states), or no folder to save in. */
export type DownloadEnd = { savedAs: string; state: 'completed' | 'cancelled' | 'interrupted' } | 'no_folder';

/**
 * What the site screen tells the person of a download: a program is refused at once (the guard's
 * decision); an accepted file is `saved` once it is complete, under the name it got in "Mes documents"
 * ("facture (2).pdf"), else `failed`.
 */
export function downloadNotice(decision: DownloadDecision, suggestedName: string, end?: DownloadEnd): SiteDownload {
  if (decision.action === 'refuse') return { outcome: 'refused', fileName: shownFileName(suggestedName) };
  if (end === undefined || end === 'no_folder' || end.state !== 'completed') return { outcome: 'failed', fileName: shownFileName(decision.fileName) };
  return { outcome: 'saved', fileName: shownFileName(path.basename(end.savedAs)) };
}
