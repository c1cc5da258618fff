import { describe, expect, it } from 'vitest';
import { fileTitle, kindByName, parseMyFileId, sniffMimeType, trashInfo, usbKeyMounts, userFolders } from '../../../main/policy/my-files.ts';

describe('the person’s Pictures and Documents folders (xdg user dirs)', () => {
  it('reads the French names Xubuntu gives them, and falls back to the English defaults', () => {
    const text = '# written by xdg-user-dirs-update\nXDG_DESKTOP_DIR="$HOME/Bureau"\nXDG_PICTURES_DIR="$HOME/Images"\nXDG_DOCUMENTS_DIR="$HOME/Documents"\n';
    expect(userFolders(text, '/home/jeanne')).toEqual({ pictures: '/home/jeanne/Images', documents: '/home/jeanne/Documents' });
    expect(userFolders(null, '/home/jeanne')).toEqual({ pictures: '/home/jeanne/Pictures', documents: '/home/jeanne/Documents' });
    expect(userFolders('XDG_PICTURES_DIR="/home/jeanne/Photos"', '/home/jeanne').pictures).toBe('/home/jeanne/Photos');
  });

  it('never makes the whole home, a folder outside it or a relative path a place of pictures', () => {
    expect(userFolders('XDG_PICTURES_DIR="$HOME/"', '/home/jeanne').pictures).toBe('/home/jeanne/Pictures');
    expect(userFolders('XDG_PICTURES_DIR="$HOME/.."', '/home/jeanne').pictures).toBe('/home/jeanne/Pictures');
    expect(userFolders('XDG_PICTURES_DIR="/"', '/home/jeanne').pictures).toBe('/home/jeanne/Pictures');
    expect(userFolders('XDG_PICTURES_DIR="/etc"', '/home/jeanne').pictures).toBe('/home/jeanne/Pictures');
    expect(userFolders('XDG_DOCUMENTS_DIR="/home/jeanne-other/Documents"', '/home/jeanne').documents).toBe('/home/jeanne/Documents');
    expect(userFolders('XDG_PICTURES_DIR="Images"', '/home/jeanne').pictures).toBe('/home/jeanne/Pictures');
  });
});

describe('which mounted filesystems are a USB key', () => {
  const mounts = [
    '/dev/sda2 / ext4 rw,relatime 0 0',
    'proc /proc proc rw 0 0',
    '/dev/sdb1 /media/jeanne/CLE\\040USB vfat rw,nosuid,nodev,uid=1000 0 0',
    '/dev/sdc1 /media/jeanne/PHOTOS exfat rw,nosuid,nodev 0 0',
    '/dev/loop3 /media/jeanne/ubuntu iso9660 ro 0 0',
    'tmpfs /media/jeanne/ram tmpfs rw 0 0',
    '/dev/sdd1 /media/paul/KEY vfat rw 0 0',
    '/dev/sde1 /media/jeanne/deep/er vfat rw 0 0',
    '/dev/sdf1 /mnt/backup ext4 rw 0 0',
    '/dev/sdg1 /media/jeanne/.hidden vfat rw 0 0',
  ].join('\n');

  it('takes block devices with a key’s filesystem mounted right under /media/<user>, names unescaped', () => {
    expect(usbKeyMounts(mounts, '/media/jeanne')).toEqual(['/media/jeanne/CLE USB', '/media/jeanne/PHOTOS']);
  });

  it('ignores disk images, memory filesystems, other users’ keys, deeper and hidden mounts, and a garbled table', () => {
    expect(usbKeyMounts('', '/media/jeanne')).toEqual([]);
    expect(usbKeyMounts('garbage\n\n/dev/sdb1\n', '/media/jeanne')).toEqual([]);
    expect(usbKeyMounts(mounts, '/media/paul')).toEqual(['/media/paul/KEY']);
  });
});

describe('a file id from the page', () => {
  it('is a place key and plain names', () => {
    expect(parseMyFileId('pictures/Vacances/plage.jpg')).toEqual({ placeKey: 'pictures', segments: ['Vacances', 'plage.jpg'] });
    expect(parseMyFileId('usb-CLE USB/DCIM/img.jpg')).toEqual({ placeKey: 'usb-CLE USB', segments: ['DCIM', 'img.jpg'] });
  });

  it.each([
    ['a path', '/etc/passwd'],
    ['dot-dot', 'pictures/../.ssh/id_rsa'],
    ['dot-dot at the end', 'pictures/..'],
    ['a hidden file', 'pictures/.config/user-dirs.dirs'],
    ['a backslash', 'pictures\\..\\x.jpg'],
    ['a NUL', 'pictures/a.jpg\0.png'],
    ['an unknown place', 'home/a.jpg'],
    ['an empty segment', 'pictures//a.jpg'],
    ['no file', 'pictures'],
    ['a usb key named dot-dot', 'usb-../a.jpg'],
    ['too deep', `pictures/${'a/'.repeat(9)}a.jpg`],
    ['not a string', 42],
  ])('refuses %s', (_what, id) => {
    expect(parseMyFileId(id)).toBeNull();
  });
});

describe('what a file is', () => {
  it('by its name: pictures the page can draw and PDFs, nothing else', () => {
    expect(kindByName('Plage.JPG')).toBe('picture');
    expect(kindByName('a.webp')).toBe('picture');
    expect(kindByName('facture.pdf')).toBe('pdf');
    expect(kindByName('photo.heic')).toBeNull();
    expect(kindByName('script.sh')).toBeNull();
    expect(fileTitle('Mamie_et_Léo.jpg')).toBe('Mamie et Léo');
  });

  it('by its bytes, whatever its name says', () => {
    expect(sniffMimeType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffMimeType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('image/png');
    expect(sniffMimeType(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffMimeType(new TextEncoder().encode('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffMimeType(new TextEncoder().encode('<svg onload=alert(1)>'))).toBeNull();
    expect(sniffMimeType(new TextEncoder().encode('#!/bin/sh'))).toBeNull();
    expect(sniffMimeType(new Uint8Array([]))).toBeNull();
  });
});

it('writes the freedesktop trash info of a deleted file', () => {
  expect(trashInfo('/home/jeanne/Images/été 2024.jpg', new Date(2026, 10, 30, 17, 5, 9))).toBe(
    '[Trash Info]\nPath=/home/jeanne/Images/%C3%A9t%C3%A9%202024.jpg\nDeletionDate=2026-11-30T17:05:09\n',
  );
});
