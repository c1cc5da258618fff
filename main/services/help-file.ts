/**
 * "Envoyer à l'association" (issue 13): one of the person's photos or documents goes with a help
 * request — the open one (the hub keeps one per machine) while it has fewer than
 * HELP_FILES_PER_REQUEST files, else a new request — through the outbox like
 * the request itself, so it reaches the hub whenever it can. The file is read by its id inside the
 * person's places (main/services/my-files.ts), typed by its bytes, and capped at HELP_FILE_MAX_BYTES.
 */
import path from 'node:path';
import type { LocalHelpRequest } from '../../app/bridge/contract.ts';
import { HELP_FILE_MAX_BYTES, HELP_FILES_PER_REQUEST, HelpFileName, type HelpContext } from '../../app/protocol/hub.ts';
import type { HelpService } from './help.ts';
import type { MyFilesService } from './my-files.ts';

export type SendFileAnswer =
  | { queued: true; request: LocalHelpRequest }
  | { queued: false; reason: 'not_found' | 'too_big' | 'not_a_picture_or_pdf' | 'no_room' | 'too_many' };

/** The name the helper reads: the file's own when the hub accepts it, else a plain one with its extension. */
export function helpFileName(name: string): string {
  if (HelpFileName.safeParse(name).success) return name;
  const ext = path.extname(name).slice(0, 8);
  const stem = path.basename(name, path.extname(name)).replace(/[\p{Cc}/\\]/gu, '').slice(0, 100);
  return HelpFileName.safeParse(`${stem}${ext}`).success ? `${stem}${ext}` : `document${ext}`;
}

export async function sendFileToHelp(help: HelpService, files: Pick<MyFilesService, 'readFile'>, fileId: string, context: HelpContext): Promise<SendFileAnswer> {
  const file = await files.readFile(fileId, HELP_FILE_MAX_BYTES);
  if (!file.ok) return { queued: false, reason: file.reason };
  // The hub keeps one open request per machine: a file goes with it (refused, before any request is
  // made, once it has all its files), else with a new request.
  if (help.filesWithOpenRequest() >= HELP_FILES_PER_REQUEST) return { queued: false, reason: 'too_many' };
  const request = help.open().at(-1) ?? help.request(context);
  const answer = help.attachFile({ id: request.id, name: helpFileName(file.name), mimeType: file.mimeType, data: file.bytes.toString('base64') });
  if (answer === 'queued' || answer === 'already_sent') return { queued: true, request };
  return { queued: false, reason: answer === 'too_many' ? 'too_many' : 'no_room' };
}
