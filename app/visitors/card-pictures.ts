/**
 * The 16 pictures of a kiosk visitor's card (issue 12): the card shows 4 of them in order, and "J'ai
 * une carte" on a kiosk shows all 16 to touch. Chosen to be told apart at a glance by someone who
 * does not read: different shapes and colours, everyday things with a one-word name in every
 * language. OpenMoji (CC BY-SA 4.0); the hub keeps copies in server/visitors/pictures/ for the card
 * PDF, the shell bundles them from the openmoji package.
 */

/** A visitor's card shows 4 pictures among these 16; the code is their order (zod-free here, for the shell's renderer; accompaniment.ts re-exports them). */
export const CARD_PICTURE_COUNT = 16;
export const CARD_CODE_LENGTH = 4;

export const CARD_PICTURES = [
  { id: 'sun', hex: '2600', author: 'Vanessa Boutzikoudi' },
  { id: 'moon', hex: '1F319', author: 'Vanessa Boutzikoudi' },
  { id: 'tree', hex: '1F333', author: 'Hilda Kalyoncu' },
  { id: 'flower', hex: '1F33B', author: 'Hilda Kalyoncu' },
  { id: 'cat', hex: '1F431', author: 'Sofie Ascherl' },
  { id: 'dog', hex: '1F436', author: 'Sofie Ascherl' },
  { id: 'fish', hex: '1F41F', author: 'Selina Bauder' },
  { id: 'bird', hex: '1F426', author: 'Selina Bauder' },
  { id: 'apple', hex: '1F34E', author: 'Liz Bravo' },
  { id: 'car', hex: '1F697', author: 'Ronja Bäurlen' },
  { id: 'house', hex: '1F3E0', author: 'Martin Wehl' },
  { id: 'heart', hex: '2764', author: 'Laura Humpfer' },
  { id: 'umbrella', hex: '2602', author: 'Vanessa Boutzikoudi' },
  { id: 'bicycle', hex: '1F6B2', author: 'Ronja Bäurlen' },
  { id: 'ball', hex: '26BD', author: 'Vanessa Boutzikoudi' },
  { id: 'boat', hex: '26F5', author: 'Ronja Bäurlen' },
] as const satisfies readonly { id: string; hex: string; author: string }[];

export type CardPictureId = (typeof CARD_PICTURES)[number]['id'];

if (CARD_PICTURES.length !== CARD_PICTURE_COUNT) throw new Error('a card code draws from exactly CARD_PICTURE_COUNT pictures');
