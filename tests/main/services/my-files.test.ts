/**
 * "Photos et documents" on real folders (issue 13): the person's Pictures and Documents and a USB key
 * (a folder the mount table says is mounted under /media/<user>), read through the service the bridge
 * calls. Nothing outside those places is ever listed, read or deleted, symbolic links included.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { dispatchBridgeCall, BridgeInputError } from '../../../app/bridge/contract.ts';
import { MyFilesService } from '../../../main/services/my-files.ts';
import { createShell } from '../../../main/shell.ts';

/** A real 1×1 PNG and the first bytes of a JPEG and a PDF: the service looks at bytes, not names. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n');

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

type Tree = { root: string; home: string; media: string; mounts: string; secret: string; service: MyFilesService };

function write(file: string, bytes: Buffer | string, mtime?: Date): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  if (mtime) fs.utimesSync(file, mtime, mtime);
}

function makeTree(kioskDownloads: () => string | null | undefined = () => undefined): Tree {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-myfiles-'));
  dirs.push(root);
  const home = path.join(root, 'home', 'jeanne');
  const media = path.join(root, 'media', 'jeanne');
  write(path.join(home, '.config', 'user-dirs.dirs'), 'XDG_PICTURES_DIR="$HOME/Images"\nXDG_DOCUMENTS_DIR="$HOME/Documents"\n');
  write(path.join(home, 'Images', 'Mamie_et_Leo.png'), PNG, new Date('2026-11-20T10:00:00Z'));
  write(path.join(home, 'Images', 'Vacances 2025', 'plage.jpg'), JPEG, new Date('2025-08-01T10:00:00Z'));
  write(path.join(home, 'Images', '.cache', 'thumb.png'), PNG);
  write(path.join(home, 'Images', 'notes.txt'), 'not a picture');
  write(path.join(home, 'Images', 'fake.jpg'), '#!/bin/sh\necho gotcha\n', new Date('2026-11-29T10:00:00Z'));
  write(path.join(home, 'Documents', 'facture EDF.pdf'), PDF, new Date('2026-11-25T10:00:00Z'));
  write(path.join(media, 'CLE USB', 'DCIM', 'IMG_0001.JPG'), JPEG, new Date('2026-11-28T10:00:00Z'));
  // What must never come out: a private file of the home, reached by links of every kind.
  const secret = path.join(home, '.ssh', 'id_ed25519.png');
  write(secret, PNG);
  fs.symlinkSync(secret, path.join(home, 'Images', 'lien.png'));
  fs.symlinkSync(path.join(home, '.ssh'), path.join(home, 'Images', 'dossier-lien'));
  fs.symlinkSync(path.join(home, 'Images', 'Mamie_et_Leo.png'), path.join(home, 'Images', 'meme-photo.png'));
  const mounts = path.join(root, 'mounts');
  fs.writeFileSync(mounts, `/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 ${media.replaceAll(' ', '\\040')}/CLE\\040USB vfat rw,nosuid 0 0\n`);
  return { root, home, media, mounts, secret, service: new MyFilesService({ home, mediaDir: media, mountsFile: mounts }, kioskDownloads, () => new Date(2026, 10, 30, 17, 30, 0)) };
}

let tree: Tree;
beforeEach(() => {
  tree = makeTree();
});

describe('listing the person’s pictures and PDFs', () => {
  it('lists Pictures (sub-folders too), Documents and the USB key, newest first, with spoken titles', async () => {
    const { files, usbKey } = await tree.service.list();
    expect(usbKey).toBe(true);
    expect(files.map((f) => [f.id, f.kind, f.place, f.title])).toEqual([
      ['pictures/fake.jpg', 'picture', 'pictures', 'fake'],
      ['usb-CLE USB/DCIM/IMG_0001.JPG', 'picture', 'usb', 'IMG 0001'],
      ['documents/facture EDF.pdf', 'pdf', 'documents', 'facture EDF'],
      ['pictures/Mamie_et_Leo.png', 'picture', 'pictures', 'Mamie et Leo'],
      ['pictures/Vacances 2025/plage.jpg', 'picture', 'pictures', 'plage'],
    ]);
  });

  it('says there is no key once it is taken out', async () => {
    fs.writeFileSync(tree.mounts, '/dev/sda1 / ext4 rw 0 0\n');
    const { files, usbKey } = await tree.service.list();
    expect(usbKey).toBe(false);
    expect(files.some((f) => f.place === 'usb')).toBe(false);
  });

  it('on a kiosk shows only the visit’s downloads and the key, never the account’s folders', async () => {
    const downloads = path.join(tree.root, 'visit', 'downloads');
    write(path.join(downloads, 'attestation.pdf'), PDF);
    let visit: string | null = downloads;
    const kiosk = new MyFilesService({ home: tree.home, mediaDir: tree.media, mountsFile: tree.mounts }, () => visit);
    expect((await kiosk.list()).files.map((f) => f.id)).toEqual(['documents/attestation.pdf', 'usb-CLE USB/DCIM/IMG_0001.JPG']);
    expect((await kiosk.read('pictures/Mamie_et_Leo.png')).ok).toBe(false);
    visit = null;
    expect((await kiosk.list()).files.map((f) => f.id)).toEqual(['usb-CLE USB/DCIM/IMG_0001.JPG']);
  });
});

describe('reading one', () => {
  it('gives a picture or a PDF as a data: URL typed by its bytes', async () => {
    const png = await tree.service.read('pictures/Mamie_et_Leo.png');
    expect(png).toEqual({ ok: true, kind: 'picture', dataUrl: `data:image/png;base64,${PNG.toString('base64')}` });
    const pdf = await tree.service.read('documents/facture EDF.pdf');
    expect(pdf.ok && pdf.kind === 'pdf' && pdf.dataUrl.startsWith('data:application/pdf;base64,')).toBe(true);
    expect(await tree.service.read('usb-CLE USB/DCIM/IMG_0001.JPG')).toMatchObject({ ok: true, kind: 'picture' });
  });

  it('refuses a file whose bytes are not a picture or a PDF, whatever its name', async () => {
    expect(await tree.service.read('pictures/fake.jpg')).toEqual({ ok: false, reason: 'not_a_picture_or_pdf' });
  });

  it('refuses a file too big to be a photo', async () => {
    const big = path.join(tree.home, 'Images', 'poster.png');
    write(big, PNG);
    fs.truncateSync(big, 26 * 1024 * 1024);
    expect(await tree.service.read('pictures/poster.png')).toEqual({ ok: false, reason: 'too_big' });
  });

  it.each([
    ['a link to a private file', 'pictures/lien.png'],
    ['a file through a linked folder', 'pictures/dossier-lien/id_ed25519.png'],
    ['dot-dot', 'pictures/../.ssh/id_ed25519.png'],
    ['an encoded dot-dot', 'pictures/%2e%2e/.ssh/id_ed25519.png'],
    ['an absolute path', tree?.secret ?? '/etc/passwd'],
    ['a hidden file', 'pictures/.cache/thumb.png'],
    ['a key that is not mounted', 'usb-AUTRE/DCIM/IMG_0001.JPG'],
    ['a file that is not a picture or a PDF', 'pictures/notes.txt'],
    ['a file that does not exist', 'pictures/absent.png'],
  ])('refuses %s, and deletes nothing', async (_what, id) => {
    expect(await tree.service.read(id)).toEqual({ ok: false, reason: 'not_found' });
    expect(await tree.service.remove(id)).toEqual({ deleted: false });
    expect(fs.existsSync(tree.secret)).toBe(true);
  });

  it('serves a link that stays inside the place, and never lists the ones that leave it', async () => {
    expect(await tree.service.read('pictures/meme-photo.png')).toMatchObject({ ok: true });
    const ids = (await tree.service.list()).files.map((f) => f.id);
    expect(ids).not.toContain('pictures/lien.png');
    expect(ids.some((id) => id.includes('dossier-lien') || id.includes('.ssh') || id.includes('.cache'))).toBe(false);
  });
});

describe('deleting one', () => {
  it('moves it to the desktop’s trash with its origin, so a helper can bring it back', async () => {
    expect(await tree.service.remove('pictures/Vacances 2025/plage.jpg')).toEqual({ deleted: true });
    const trash = path.join(tree.home, '.local', 'share', 'Trash');
    expect(fs.existsSync(path.join(tree.home, 'Images', 'Vacances 2025', 'plage.jpg'))).toBe(false);
    expect(fs.readFileSync(path.join(trash, 'files', 'plage.jpg'))).toEqual(JPEG);
    expect(fs.readFileSync(path.join(trash, 'info', 'plage.jpg.trashinfo'), 'utf8')).toContain(`Path=${path.join(tree.home, 'Images', 'Vacances%202025', 'plage.jpg')}`);
    // A second file of the same name does not overwrite the first one in the trash.
    write(path.join(tree.home, 'Images', 'plage.jpg'), JPEG);
    expect(await tree.service.remove('pictures/plage.jpg')).toEqual({ deleted: true });
    expect(fs.existsSync(path.join(trash, 'files', 'plage.2.jpg'))).toBe(true);
  });

  it('on a USB key, into the key’s own trash', async () => {
    expect(await tree.service.remove('usb-CLE USB/DCIM/IMG_0001.JPG')).toEqual({ deleted: true });
    const keyTrash = fs.readdirSync(path.join(tree.media, 'CLE USB')).find((n) => n.startsWith('.Trash-'))!;
    expect(fs.readdirSync(path.join(tree.media, 'CLE USB', keyTrash, 'files'))).toEqual(['IMG_0001.JPG']);
    expect((await tree.service.list()).files.some((f) => f.place === 'usb')).toBe(false);
  });

  it('deletes the link, never its target, when the link stays inside', async () => {
    expect(await tree.service.remove('pictures/meme-photo.png')).toEqual({ deleted: true });
    expect(fs.readFileSync(path.join(tree.home, 'Images', 'Mamie_et_Leo.png'))).toEqual(PNG);
    expect(fs.lstatSync(path.join(tree.home, '.local', 'share', 'Trash', 'files', 'meme-photo.png')).isSymbolicLink()).toBe(true);
  });
});

describe('through the bridge', () => {
  it('answers listMyFiles, readMyFile and deleteMyFile, and refuses a payload that is not an id', async () => {
    const shell = await createShell({
      dataDir: path.join(tree.root, 'shell'),
      hubUrl: 'http://127.0.0.1:9',
      lessonsDir: path.resolve(import.meta.dirname, '../../../lessons'),
      appVersion: '1',
      myFiles: { home: tree.home, mediaDir: tree.media, mountsFile: tree.mounts },
    });
    try {
      const list = (await dispatchBridgeCall(shell.handlers, 'listMyFiles', {})) as { files: { id: string }[] };
      expect(list.files).toHaveLength(5);
      expect(await dispatchBridgeCall(shell.handlers, 'readMyFile', { id: 'pictures/Mamie_et_Leo.png' })).toMatchObject({ ok: true, kind: 'picture' });
      await expect(dispatchBridgeCall(shell.handlers, 'readMyFile', { id: 'x'.repeat(2000) })).rejects.toThrow(BridgeInputError);
      await expect(dispatchBridgeCall(shell.handlers, 'readMyFile', { path: '/etc/passwd' })).rejects.toThrow(/id/);
      await expect(dispatchBridgeCall(shell.handlers, 'deleteMyFile', { id: 'pictures/Mamie_et_Leo.png', also: 'x' })).rejects.toThrow(BridgeInputError);
      expect(fs.existsSync(path.join(tree.home, 'Images', 'Mamie_et_Leo.png'))).toBe(true);
    } finally {
      await shell.close();
    }
  });
});
