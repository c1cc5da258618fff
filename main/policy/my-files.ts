/**
 * The pure decisions behind "Photos et documents" (issue 13): which folders are the person's Pictures
 * and Documents (XDG user dirs, as Xubuntu names them in the person's language), which mounted
 * filesystems are an inserted USB key (UDisks2 mounts them under /media/<user>/<label>), what a file id
 * from the page names, and what a file's first bytes say it is. The service (main/services/my-files.ts)
 * does the file system work and resolves real paths with main/files/resolve.ts's `realFileInside`.
 */
import path from 'node:path';
import type { MyFileKind, MyFilePlace } from '../../app/tiles/my-files.ts';
import { isPlainSegment } from '../files/resolve.ts';
import { sniffFileType } from '../../app/help/file-kinds.ts';

/**
 * The person's Pictures and Documents folders from `~/.config/user-dirs.dirs` (xdg-user-dirs: lines
 * such as `XDG_PICTURES_DIR="$HOME/Images"`). A missing line, or a value that is not a folder strictly
 * inside the home (`$HOME/..`, `/`, `/etc`, the home itself, a relative path), gives the English
 * default: the person's places are in their home, never the whole home.
 */
export function userFolders(userDirsText: string | null, home: string): { pictures: string; documents: string } {
  const read = (key: string, fallback: string): string => {
    const line = (userDirsText ?? '').split('\n').find((l) => l.trim().startsWith(`${key}=`));
    const raw = line?.slice(line.indexOf('=') + 1).trim().replace(/^"(.*)"$/, '$1');
    const value = !raw || raw.includes('\0') ? null : raw.startsWith('$HOME/') ? path.resolve(home, raw.slice('$HOME/'.length)) : raw.startsWith('/') ? path.resolve(raw) : null;
    const inside = value !== null && value.startsWith(path.resolve(home) + path.sep);
    return inside ? value : path.join(home, fallback);
  };
  return { pictures: read('XDG_PICTURES_DIR', 'Pictures'), documents: read('XDG_DOCUMENTS_DIR', 'Documents') };
}

/** Filesystems a USB key or memory card carries; a key formatted on Linux may be ext4. */
const REMOVABLE_TYPES = new Set(['vfat', 'exfat', 'ntfs', 'ntfs3', 'fuseblk', 'ext2', 'ext3', 'ext4', 'btrfs', 'f2fs', 'iso9660', 'udf']);

/** `/proc/self/mounts` writes a space, tab, newline or backslash in a path as an octal escape (`\040`). */
const unescapeMount = (field: string): string => field.replace(/\\([0-7]{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)));

/**
 * The mount points of inserted USB keys, from a mount table (`/proc/self/mounts` text): a block device
 * (`/dev/…`, not a loop device: a mounted disk image is not a key) with a removable filesystem, mounted
 * directly under `mediaDir` (`/media/<user>`, where UDisks2 mounts what the person plugs in). Sorted.
 */
export function usbKeyMounts(mountsText: string, mediaDir: string): string[] {
  const media = path.resolve(mediaDir);
  const found = new Set<string>();
  for (const line of mountsText.split('\n')) {
    const [device, point, type] = line.trim().split(/\s+/);
    if (!device || !point || !type) continue;
    if (!device.startsWith('/dev/') || device.startsWith('/dev/loop') || !REMOVABLE_TYPES.has(type)) continue;
    const mountPoint = unescapeMount(point);
    if (path.dirname(mountPoint) !== media || !isPlainSegment(path.basename(mountPoint))) continue;
    found.add(mountPoint);
  }
  return [...found].sort();
}

/** The key of a place in file ids: `pictures`, `documents`, or `usb-<folder name of the key>`. */
export const usbPlaceKey = (mountPoint: string): string => `usb-${path.basename(mountPoint)}`;

/** A file id from the page, split into its place key and its path segments; null for anything that is not one. */
export function parseMyFileId(id: unknown): { placeKey: string; segments: string[] } | null {
  if (typeof id !== 'string' || id.length > 1024 || id.includes('\\') || id.includes('\0')) return null;
  const [placeKey, ...segments] = id.split('/');
  if (!placeKey || segments.length === 0 || segments.length > 8) return null;
  if (placeKey !== 'pictures' && placeKey !== 'documents' && !(placeKey.startsWith('usb-') && isPlainSegment(placeKey.slice(4)))) return null;
  return segments.every(isPlainSegment) ? { placeKey, segments } : null;
}

export const placeOfKey = (placeKey: string): MyFilePlace => (placeKey.startsWith('usb-') ? 'usb' : (placeKey as MyFilePlace));

/** What a file's name says it is: a picture the page can draw, a PDF, or nothing we show. */
export function kindByName(name: string): MyFileKind | null {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.jpg' || ext === '.jpeg' || ext === '.png' || ext === '.webp') return 'picture';
  if (ext === '.pdf') return 'pdf';
  return null;
}

/** What a file's first bytes say it is (its name is not trusted): the MIME type to serve it as, or null. */
export const sniffMimeType = sniffFileType;

/** The title a thumbnail shows and speaks: the name without its extension, underscores as spaces. */
export function fileTitle(name: string): string {
  const stem = name.slice(0, name.length - path.extname(name).length) || name;
  return stem.replace(/[_]+/g, ' ').trim() || name;
}

/**
 * The `.trashinfo` of a file moved to the freedesktop trash (so a helper can bring it back from the
 * desktop's trash): its original path, percent-encoded except `/`, and the deletion date in local time.
 */
export function trashInfo(originalPath: string, deletedAt: Date): string {
  const encoded = originalPath.split('/').map(encodeURIComponent).join('/');
  const pad = (n: number) => String(n).padStart(2, '0');
  const d = deletedAt;
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `[Trash Info]\nPath=${encoded}\nDeletionDate=${date}\n`;
}
