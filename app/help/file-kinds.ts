/**
 * What a file's first bytes say it is — a JPEG, PNG or WebP picture, or a PDF — whatever its name or
 * the type it was sent with claims. The shell serves a person's file by it (main/services/my-files.ts)
 * and the hub checks a file sent with a help request by it (server/routes/help-machine.ts).
 */
export type SniffedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

export function sniffFileType(head: Uint8Array): SniffedType | null {
  const at = (i: number, bytes: number[]) => bytes.every((b, j) => head[i + j] === b);
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  if (at(0, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  return null;
}
