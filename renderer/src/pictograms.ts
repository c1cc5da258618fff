/**
 * The shell's own pictures, from OpenMoji (CC BY-SA 4.0, credited on the credits screen),
 * bundled from the local `openmoji` package: nothing is fetched at run time.
 */
import books from 'openmoji/color/svg/1F4DA.svg?url';
import check from 'openmoji/color/svg/2705.svg?url';
import cross from 'openmoji/color/svg/274C.svg?url';
import eyes from 'openmoji/color/svg/1F440.svg?url';
import home from 'openmoji/color/svg/1F3E0.svg?url';
import hourglass from 'openmoji/color/svg/23F3.svg?url';
import info from 'openmoji/color/svg/2139.svg?url';
import party from 'openmoji/color/svg/1F389.svg?url';
import phone from 'openmoji/color/svg/1F4DE.svg?url';
import play from 'openmoji/color/svg/25B6.svg?url';
import speaker from 'openmoji/color/svg/1F50A.svg?url';
import sos from 'openmoji/color/svg/1F198.svg?url';
import thumbsUp from 'openmoji/color/svg/1F44D.svg?url';
import noSignal from 'openmoji/color/svg/1F4F5.svg?url';
// The help flow's voice message and the enrolment screen.
import microphone from 'openmoji/color/svg/1F3A4.svg?url';
import stop from 'openmoji/color/svg/23F9.svg?url';
import again from 'openmoji/color/svg/1F501.svg?url';
import skip from 'openmoji/color/svg/23ED.svg?url';
import send from 'openmoji/color/svg/1F4E8.svg?url';
import keyboard from 'openmoji/color/svg/2328.svg?url';
import computer from 'openmoji/color/svg/1F4BB.svg?url';
import warning from 'openmoji/color/svg/26A0.svg?url';
import person from 'openmoji/color/svg/1F464.svg?url';
// Live help: volume, the shared screen, stopping it.
import speakerLow from 'openmoji/color/svg/1F509.svg?url';
import desktop from 'openmoji/color/svg/1F5A5.svg?url';
import stopSign from 'openmoji/color/svg/1F6D1.svg?url';
// Issue 12: the language choice (flags), the progress question.
import globe from 'openmoji/color/svg/1F310.svg?url';
import flagFrance from 'openmoji/color/svg/1F1EB-1F1F7.svg?url';
import flagUk from 'openmoji/color/svg/1F1EC-1F1E7.svg?url';
import flagAlgeria from 'openmoji/color/svg/1F1E9-1F1FF.svg?url';
import flagMorocco from 'openmoji/color/svg/1F1F2-1F1E6.svg?url';
import flagTunisia from 'openmoji/color/svg/1F1F9-1F1F3.svg?url';
import chart from 'openmoji/color/svg/1F4C8.svg?url';
import handshake from 'openmoji/color/svg/1F91D.svg?url';
// The help status's stages, the one help entry (a helper) and the way back.
import incomingCall from 'openmoji/color/svg/1F4F2.svg?url';
import helper from 'openmoji/color/svg/1F481.svg?url';
import back from 'openmoji/color/svg/2B05.svg?url';
// Issue 13: the simplified browser's bar (back, bigger and smaller text, print).
import forward from 'openmoji/color/svg/27A1.svg?url';
import plus from 'openmoji/color/svg/2795.svg?url';
import minus from 'openmoji/color/svg/2796.svg?url';
import printer from 'openmoji/color/svg/1F5A8.svg?url';
// A lesson's goal, said at its start.
import target from 'openmoji/color/svg/1F3AF.svg?url';
// Issue 17: the webzine (telling a story, its photo, how it is signed, the journal).
import speaking from 'openmoji/color/svg/1F5E3.svg?url';
import camera from 'openmoji/color/svg/1F4F7.svg?url';
import newspaper from 'openmoji/color/svg/1F4F0.svg?url';
import people from 'openmoji/color/svg/1F465.svg?url';
import nameBadge from 'openmoji/color/svg/1F4DB.svg?url';
import mask from 'openmoji/color/svg/1F3AD.svg?url';
import sunglasses from 'openmoji/color/svg/1F576.svg?url';
import noPicture from 'openmoji/color/svg/1F6AB.svg?url';
import bin from 'openmoji/color/svg/1F5D1.svg?url';
// Issue 13: photos and documents (a picture, a PDF, a USB key, turning a photo).
import framedPicture from 'openmoji/color/svg/1F5BC.svg?url';
import pageFacingUp from 'openmoji/color/svg/1F4C4.svg?url';
import usbKey from 'openmoji/color/svg/E25C.svg?url';
import rotate from 'openmoji/color/svg/1F503.svg?url';

export const pictograms = {
  target,
  books,
  check,
  cross,
  eyes,
  home,
  hourglass,
  info,
  party,
  phone,
  play,
  speaker,
  sos,
  thumbsUp,
  noSignal,
  microphone,
  stop,
  again,
  skip,
  send,
  keyboard,
  computer,
  warning,
  person,
  speakerLow,
  desktop,
  stopSign,
  globe,
  flagFrance,
  flagUk,
  flagAlgeria,
  flagMorocco,
  flagTunisia,
  chart,
  handshake,
  incomingCall,
  helper,
  back,
  forward,
  plus,
  minus,
  printer,
  speaking,
  camera,
  newspaper,
  people,
  nameBadge,
  mask,
  sunglasses,
  noPicture,
  bin,
  framedPicture,
  pageFacingUp,
  usbKey,
  rotate,
};
export type PictogramName = keyof typeof pictograms;
