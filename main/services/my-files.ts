/**
 * "Photos et documents" (issue 13): the person's pictures and PDFs, served to the page behind the
 * bridge. The page never gives a path: it gives back an id the list gave out, and every call resolves
 * that id again to a real path (symbolic links followed) that must lie inside one of the allowed
 * places — the person's Pictures and Documents folders and the USB keys mounted now — or it is refused.
 * A file's bytes decide what it is served as, never its name.
 *
 * On a kiosk the places are the visit's own downloads folder and the USB keys: a visitor never sees
 * what the kiosk account's folders hold. Deleting moves a file to the freedesktop trash (a helper can
 * bring it back from the desktop), on a USB key to its own `.Trash-<uid>`; a visitor's download is
 * removed outright (the visit's folder is wiped at its end anyway).
 */
import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MY_FILE_READ_MAX_BYTES, MY_FILES_LIST_MAX, type MyFile, type MyFileContent, type MyFileList, type MyFilePlace } from '../../app/tiles/my-files.ts';
import type { SniffedType } from '../../app/help/file-kinds.ts';
import { realFileInside } from '../files/resolve.ts';
import { fileTitle, kindByName, parseMyFileId, placeOfKey, sniffMimeType, trashInfo, usbKeyMounts, usbPlaceKey, userFolders } from '../policy/my-files.ts';

export type MyFilesOptions = {
  /** The person's home (its `.config/user-dirs.dirs` names Pictures and Documents; its trash). */
  home: string;
  /** Where UDisks2 mounts what the person plugs in: `/media/<user>`. */
  mediaDir: string;
  /** The mount table: `/proc/self/mounts` (tests give a file listing a folder as a key). */
  mountsFile: string;
};

/** Defaults for the machine the shell runs on. */
export function defaultMyFilesOptions(): MyFilesOptions {
  return { home: os.homedir(), mediaDir: path.join('/media', os.userInfo().username), mountsFile: '/proc/self/mounts' };
}

type Place = { key: string; place: MyFilePlace; root: string; trash: string | null };

/** How deep the listing looks into sub-folders ("Vacances 2023/Bretagne") and how many folders it opens at most. */
const MAX_DEPTH = 4;
const MAX_FOLDERS = 400;

export class MyFilesService {
  constructor(
    private readonly options: MyFilesOptions,
    /** On a kiosk: the current visit's downloads folder (null between visits); undefined on a home loan. */
    private readonly kioskDownloads: () => string | null | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private async places(): Promise<Place[]> {
    const { home, mediaDir, mountsFile } = this.options;
    const mounts = await fs.readFile(mountsFile, 'utf8').catch(() => '');
    const keys: Place[] = usbKeyMounts(mounts, mediaDir).map((root) => ({ key: usbPlaceKey(root), place: 'usb', root, trash: path.join(root, `.Trash-${process.getuid?.() ?? 1000}`) }));
    const downloads = this.kioskDownloads();
    if (downloads !== undefined) return [...(downloads ? [{ key: 'documents', place: 'documents' as const, root: downloads, trash: null }] : []), ...keys];
    const userDirs = await fs.readFile(path.join(home, '.config', 'user-dirs.dirs'), 'utf8').catch(() => null);
    const folders = userFolders(userDirs, home);
    const trash = path.join(home, '.local', 'share', 'Trash');
    return [{ key: 'pictures', place: 'pictures', root: folders.pictures, trash }, { key: 'documents', place: 'documents', root: folders.documents, trash }, ...keys];
  }

  /** The pictures and PDFs of every place, newest first, at most MY_FILES_LIST_MAX. */
  async list(): Promise<MyFileList> {
    const places = await this.places();
    const found: MyFile[] = [];
    const seen = new Set<string>();
    for (const place of places) {
      for (const file of await this.listPlace(place)) {
        if (!seen.has(file.real)) found.push(file.entry); // Pictures inside Documents (or the reverse): listed once
        seen.add(file.real);
      }
    }
    found.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || a.id.localeCompare(b.id));
    return { files: found.slice(0, MY_FILES_LIST_MAX), usbKey: places.some((p) => p.place === 'usb') };
  }

  private async listPlace(place: Place): Promise<{ real: string; entry: MyFile }[]> {
    const out: { real: string; entry: MyFile }[] = [];
    const queue: { dir: string; rel: string[] }[] = [{ dir: place.root, rel: [] }];
    let opened = 0;
    while (queue.length > 0 && opened < MAX_FOLDERS) {
      const { dir, rel } = queue.shift()!;
      opened++;
      const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue; // hidden files and the key's own trash
        if (entry.isDirectory() && rel.length + 1 < MAX_DEPTH) queue.push({ dir: path.join(dir, entry.name), rel: [...rel, entry.name] });
        if (!(entry.isFile() || entry.isSymbolicLink()) || !kindByName(entry.name)) continue;
        const id = [place.key, ...rel, entry.name].join('/');
        if (!parseMyFileId(id)) continue; // a name we could not give back safely (a backslash, a control character)
        const real = await realFileInside(place.root, path.join(dir, entry.name));
        if (!real) continue; // a link leading out of the place is not listed (nor served)
        const info = await fs.stat(real).catch(() => null);
        if (!info) continue;
        out.push({ real, entry: { id, title: fileTitle(entry.name), kind: kindByName(entry.name)!, place: place.place, size: info.size, modifiedAt: info.mtime.toISOString() } });
      }
    }
    return out;
  }

  /** The real path of the file an id names, inside its place now; null for anything else. */
  private async resolve(id: string): Promise<{ real: string; named: string; place: Place } | null> {
    const parsed = parseMyFileId(id);
    if (!parsed || !kindByName(parsed.segments.at(-1)!)) return null;
    const place = (await this.places()).find((p) => p.key === parsed.placeKey);
    if (!place || placeOfKey(parsed.placeKey) !== place.place) return null;
    const named = path.join(place.root, ...parsed.segments);
    const real = await realFileInside(place.root, named);
    return real ? { real, named, place } : null;
  }

  /** A picture's or PDF's bytes, its name and the type its bytes say (never its name), at most `maxBytes`. */
  async readFile(id: string, maxBytes = MY_FILE_READ_MAX_BYTES): Promise<{ ok: true; name: string; mimeType: SniffedType; bytes: Buffer } | { ok: false; reason: 'not_found' | 'too_big' | 'not_a_picture_or_pdf' }> {
    const found = await this.resolve(id);
    if (!found) return { ok: false, reason: 'not_found' };
    // O_NOFOLLOW: the real path has no link left in it; if one appears now, the open fails.
    const handle = await fs.open(found.real, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => null);
    if (!handle) return { ok: false, reason: 'not_found' };
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { ok: false, reason: 'not_found' };
      if (info.size > maxBytes) return { ok: false, reason: 'too_big' };
      const bytes = await handle.readFile();
      const mimeType = sniffMimeType(bytes.subarray(0, 16));
      if (!mimeType) return { ok: false, reason: 'not_a_picture_or_pdf' };
      return { ok: true, name: path.basename(found.named), mimeType, bytes };
    } finally {
      await handle.close();
    }
  }

  /** A picture or PDF as a data: URL for the page, typed by its bytes. */
  async read(id: string): Promise<MyFileContent> {
    const file = await this.readFile(id);
    if (!file.ok) return file;
    return { ok: true, kind: file.mimeType === 'application/pdf' ? 'pdf' : 'picture', dataUrl: `data:${file.mimeType};base64,${file.bytes.toString('base64')}` };
  }

  /** Delete after the person confirmed: into the trash (home, USB key), or removed (a kiosk visitor's download). */
  async remove(id: string): Promise<{ deleted: boolean }> {
    const found = await this.resolve(id);
    if (!found) return { deleted: false };
    // The name the person saw goes (a link inside the place: the link, never the file it shows).
    const { named, place } = found;
    if (!place.trash) {
      await fs.rm(named);
      return { deleted: true };
    }
    const filesDir = path.join(place.trash, 'files');
    const infoDir = path.join(place.trash, 'info');
    await fs.mkdir(filesDir, { recursive: true, mode: 0o700 });
    await fs.mkdir(infoDir, { recursive: true, mode: 0o700 });
    // The spec's way to claim a name: create its .trashinfo exclusively, then move the file.
    const base = path.basename(named);
    for (let n = 1; n < 1000; n++) {
      const name = n === 1 ? base : `${path.basename(base, path.extname(base))}.${n}${path.extname(base)}`;
      const info = path.join(infoDir, `${name}.trashinfo`);
      try {
        await fs.writeFile(info, trashInfo(named, this.now()), { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      try {
        await fs.rename(named, path.join(filesDir, name));
      } catch (error) {
        await fs.rm(info, { force: true });
        throw error;
      }
      return { deleted: true };
    }
    return { deleted: false };
  }
}
