/**
 * The shell's page (the renderer build's index.html) as both hosts serve it: with the first frame
 * written in (app/bridge/first-frame.ts), so the renderer paints the right screen before the bridge
 * answers. Every other file is served as it is on disk.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { withFirstFrame, type FirstFrame } from '../../app/bridge/first-frame.ts';

/** The machine's mode and language now, or null while the shell's services are not up yet. */
export type FirstFrameSource = () => FirstFrame | null;

/** Whether `file` (a real path from resolveServedFile) is the renderer build's index.html. */
export async function isShellPage(file: string, rendererDir: string): Promise<boolean> {
  if (path.basename(file) !== 'index.html') return false;
  return path.dirname(file) === (await realpath(rendererDir));
}

/** The page's text with the first frame written in; unchanged when the source knows nothing yet. */
export function shellPage(html: string, firstFrame: FirstFrameSource | undefined): string {
  const frame = firstFrame?.() ?? null;
  return frame ? withFirstFrame(html, frame) : html;
}
