/** Pictures of the consent screen, from the local OpenMoji package (CC BY-SA 4.0, credited in "Images et sons"). */
import books from 'openmoji/color/svg/1F4DA.svg?url';
import numbers from 'openmoji/color/svg/1F522.svg?url';
import seeNoEvil from 'openmoji/color/svg/1F648.svg?url';
import lock from 'openmoji/color/svg/1F512.svg?url';
import raisedHand from 'openmoji/color/svg/270B.svg?url';

export const consentPictures = { books, numbers, seeNoEvil, lock, raisedHand };
