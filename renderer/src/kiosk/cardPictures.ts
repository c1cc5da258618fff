/**
 * The 16 pictures of a visitor's card (app/visitors/card-pictures.ts), bundled from the local OpenMoji
 * package like the shell's other pictures (CC BY-SA 4.0, credited on the credits screen).
 */
import type { CardPictureId } from '../../../app/visitors/card-pictures.ts';
import sun from 'openmoji/color/svg/2600.svg?url';
import moon from 'openmoji/color/svg/1F319.svg?url';
import tree from 'openmoji/color/svg/1F333.svg?url';
import flower from 'openmoji/color/svg/1F33B.svg?url';
import cat from 'openmoji/color/svg/1F431.svg?url';
import dog from 'openmoji/color/svg/1F436.svg?url';
import fish from 'openmoji/color/svg/1F41F.svg?url';
import bird from 'openmoji/color/svg/1F426.svg?url';
import apple from 'openmoji/color/svg/1F34E.svg?url';
import car from 'openmoji/color/svg/1F697.svg?url';
import house from 'openmoji/color/svg/1F3E0.svg?url';
import heart from 'openmoji/color/svg/2764.svg?url';
import umbrella from 'openmoji/color/svg/2602.svg?url';
import bicycle from 'openmoji/color/svg/1F6B2.svg?url';
import ball from 'openmoji/color/svg/26BD.svg?url';
import boat from 'openmoji/color/svg/26F5.svg?url';

export const cardPictureUrls: Record<CardPictureId, string> = {
  sun,
  moon,
  tree,
  flower,
  cat,
  dog,
  fish,
  bird,
  apple,
  car,
  house,
  heart,
  umbrella,
  bicycle,
  ball,
  boat,
};
