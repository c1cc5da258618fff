/**
 * The tile kinds and what the shell's home screen needs of each (usage category, default picture,
 * whether a set may hold it once only), without zod: the shell's first script reads this, and the
 * schemas (app/tiles/model.ts) would add zod to it. model.ts gives each kind its settings; the
 * compiler keeps the two lists the same.
 */
import type { TilePicture } from './pictures.ts';

export const TILE_KIND_TRAITS = {
  lessons: { category: 'lessons', picture: 'books', once: true },
  help: { category: 'help', picture: 'phone', once: true },
  website: { category: 'website', picture: 'globe', once: false },
  call: { category: 'call', picture: 'videoCamera', once: false },
  // Issue 17: the neighbourhood webzine — tell a story ("Raconter"), listen to the journal ("Le journal").
  story: { category: 'story', picture: 'microphone', once: true },
  journal: { category: 'journal', picture: 'newspaper', once: true },
  // The person's pictures and PDFs (Pictures, Documents, a USB key): main/services/my-files.ts.
  photos: { category: 'photos', picture: 'photos', once: true },
} as const satisfies Record<string, { category: string; picture: TilePicture; once: boolean }>;
