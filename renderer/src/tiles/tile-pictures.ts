/**
 * The tile pictures' files (app/tiles/pictures.ts names them), bundled from the local `openmoji`
 * package (CC BY-SA 4.0, credited on the credits screen). The console imports this same map.
 */
import type { TilePicture } from '../../../app/tiles/pictures.ts';
import books from 'openmoji/color/svg/1F4DA.svg?url';
import phone from 'openmoji/color/svg/1F4DE.svg?url';
import photos from 'openmoji/color/svg/1F5BC.svg?url';
import folder from 'openmoji/color/svg/1F4C1.svg?url';
import house from 'openmoji/color/svg/1F3E0.svg?url';
import hospital from 'openmoji/color/svg/1F3E5.svg?url';
import family from 'openmoji/color/svg/1F46A.svg?url';
import euro from 'openmoji/color/svg/1F4B6.svg?url';
import cityHall from 'openmoji/color/svg/1F3DB.svg?url';
import envelope from 'openmoji/color/svg/2709.svg?url';
import videoCamera from 'openmoji/color/svg/1F4F9.svg?url';
import newspaper from 'openmoji/color/svg/1F4F0.svg?url';
import microphone from 'openmoji/color/svg/1F3A4.svg?url';
import cart from 'openmoji/color/svg/1F6D2.svg?url';
import bus from 'openmoji/color/svg/1F68C.svg?url';
import briefcase from 'openmoji/color/svg/1F4BC.svg?url';
import pill from 'openmoji/color/svg/1F48A.svg?url';
import stethoscope from 'openmoji/color/svg/1FA7A.svg?url';
import globe from 'openmoji/color/svg/1F310.svg?url';
import television from 'openmoji/color/svg/1F4FA.svg?url';
import music from 'openmoji/color/svg/1F3B5.svg?url';
import weather from 'openmoji/color/svg/26C5.svg?url';
import idCard from 'openmoji/color/svg/1FAAA.svg?url';
import bank from 'openmoji/color/svg/1F3E6.svg?url';
import school from 'openmoji/color/svg/1F393.svg?url';
import heart from 'openmoji/color/svg/2764.svg?url';
import grandmother from 'openmoji/color/svg/1F475.svg?url';
import grandfather from 'openmoji/color/svg/1F474.svg?url';
import document from 'openmoji/color/svg/1F4C4.svg?url';
import search from 'openmoji/color/svg/1F50D.svg?url';

export const tilePictures: Record<TilePicture, string> = {
  books,
  phone,
  photos,
  folder,
  house,
  hospital,
  family,
  euro,
  cityHall,
  envelope,
  videoCamera,
  newspaper,
  microphone,
  cart,
  bus,
  briefcase,
  pill,
  stethoscope,
  globe,
  television,
  music,
  weather,
  idCard,
  bank,
  school,
  heart,
  grandmother,
  grandfather,
  document,
  search,
};
