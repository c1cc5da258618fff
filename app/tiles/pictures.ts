/**
 * The pictures a tile may show: a fixed catalogue of OpenMoji pictograms (CC BY-SA 4.0, bundled from
 * the local `openmoji` package and credited in the shell). A helper picks one in the console; the hub
 * stores only its name, so a tile can never point the shell at a picture file of its own choosing.
 * Adding a picture: add its name and OpenMoji code here, and its import in
 * renderer/src/tiles/tile-pictures.ts (a compile error names it until you do).
 */
import { z } from 'zod';

export const TILE_PICTURES = {
  books: '1F4DA',
  phone: '1F4DE',
  photos: '1F5BC',
  folder: '1F4C1',
  house: '1F3E0',
  hospital: '1F3E5',
  family: '1F46A',
  euro: '1F4B6',
  cityHall: '1F3DB',
  envelope: '2709',
  videoCamera: '1F4F9',
  newspaper: '1F4F0',
  microphone: '1F3A4',
  cart: '1F6D2',
  bus: '1F68C',
  briefcase: '1F4BC',
  pill: '1F48A',
  stethoscope: '1FA7A',
  globe: '1F310',
  television: '1F4FA',
  music: '1F3B5',
  weather: '26C5',
  idCard: '1FAAA',
  bank: '1F3E6',
  school: '1F393',
  heart: '2764',
  grandmother: '1F475',
  grandfather: '1F474',
  document: '1F4C4',
  search: '1F50D',
} as const;

export type TilePicture = keyof typeof TILE_PICTURES;
export const TILE_PICTURE_NAMES = Object.keys(TILE_PICTURES) as TilePicture[];
export const TilePicture = z.enum(TILE_PICTURE_NAMES as [TilePicture, ...TilePicture[]], {
  error: `a tile picture is one of: ${TILE_PICTURE_NAMES.join(', ')}`,
});
