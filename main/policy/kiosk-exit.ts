/**
 * How the shell tells the kiosk session (build/bin/passerelle-kiosk-session) what to do after it
 * exits. Any other status means "start me again".
 */

/** An animateur chose "leave kiosk mode until next boot": the session starts the normal desktop.
 *  75 is EX_TEMPFAIL in sysexits.h: a temporary condition, which this is. */
export const LEAVE_KIOSK_EXIT_CODE = 75;
/** A clean quit (the staff menu's "restart"): the session starts the shell again at once. */
export const RESTART_EXIT_CODE = 0;
