/**
 * "Photos et documents" on the wire of the bridge (issue 13): what the page may ask about the person's
 * pictures and PDFs. A file is named by an id the shell gave out when listing: its place's key and its
 * path inside that place (`pictures/Vacances/plage.jpg`, `usb-CLE/DCIM/img.jpg`). The id is only a name:
 * main resolves it again on every call and refuses anything outside the place (main/policy/my-files.ts).
 */
import { z } from 'zod';

/** Where a file lives: the person's Pictures or Documents folder, or an inserted USB key. */
export const MyFilePlace = z.enum(['pictures', 'documents', 'usb']);
export type MyFilePlace = z.infer<typeof MyFilePlace>;

/** What the page can show: a picture (JPEG, PNG, WebP) or a PDF document. */
export const MyFileKind = z.enum(['picture', 'pdf']);
export type MyFileKind = z.infer<typeof MyFileKind>;

export const MY_FILE_ID_MAX = 1024;
export const MyFileId = z
  .string()
  .min(3, 'a file id is the one the list gave, such as "pictures/plage.jpg"')
  .max(MY_FILE_ID_MAX, `a file id is at most ${MY_FILE_ID_MAX} characters`);

export const MyFile = z.object({
  id: MyFileId,
  /** The file's name without its extension: what the big thumbnail says and speaks. */
  title: z.string(),
  kind: MyFileKind,
  place: MyFilePlace,
  size: z.number().int().min(0),
  modifiedAt: z.string(),
});
export type MyFile = z.infer<typeof MyFile>;

/** At most this many files are listed (newest first): a screen of big thumbnails, not an archive. */
export const MY_FILES_LIST_MAX = 500;
/** A file larger than this is listed but not opened (a picture this big is not a photo from a phone or camera). */
export const MY_FILE_READ_MAX_BYTES = 25 * 1024 * 1024;

export const MyFileList = z.object({ files: z.array(MyFile), usbKey: z.boolean() });
export type MyFileList = z.infer<typeof MyFileList>;

/** A file's content for the page: a data: URL, or why not (gone, too big, or its bytes are not what its name says). */
export const MyFileContent = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), kind: MyFileKind, dataUrl: z.string() }),
  z.object({ ok: z.literal(false), reason: z.enum(['not_found', 'too_big', 'not_a_picture_or_pdf']) }),
]);
export type MyFileContent = z.infer<typeof MyFileContent>;
