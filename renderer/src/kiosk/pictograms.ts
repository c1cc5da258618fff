/**
 * Pictures of the kiosk screens (welcome, countdown, staff menu), from the local OpenMoji package
 * like the shell's own (CC BY-SA 4.0, credited on the credits screen). Kept apart from
 * renderer/src/pictograms.ts so the kiosk's pictures live with the kiosk's screens.
 */
import wavingHand from 'openmoji/color/svg/1F44B.svg?url';
import key from 'openmoji/color/svg/1F511.svg?url';
import play from 'openmoji/color/svg/25B6.svg?url';
import speakerLow from 'openmoji/color/svg/1F508.svg?url';
import speakerHigh from 'openmoji/color/svg/1F50A.svg?url';
import globe from 'openmoji/color/svg/1F310.svg?url';
import restart from 'openmoji/color/svg/1F504.svg?url';
import stop from 'openmoji/color/svg/1F6D1.svg?url';
import desktop from 'openmoji/color/svg/1F5A5.svg?url';
import check from 'openmoji/color/svg/2705.svg?url';
import cross from 'openmoji/color/svg/274C.svg?url';
import thumbsUp from 'openmoji/color/svg/1F44D.svg?url';
import erase from 'openmoji/color/svg/1F519.svg?url';
import broom from 'openmoji/color/svg/1F9F9.svg?url';
// "J'ai une carte" (issue 12): an identity card.
import card from 'openmoji/color/svg/1FAAA.svg?url';
// The staff menu's credits ("Images et sons") and the way back from them.
import info from 'openmoji/color/svg/2139.svg?url';
import back from 'openmoji/color/svg/2B05.svg?url';

export const kioskPictograms = { wavingHand, key, play, speakerLow, speakerHigh, globe, restart, stop, desktop, check, cross, thumbsUp, erase, broom, card, info, back };
export type KioskPictogram = keyof typeof kioskPictograms;
