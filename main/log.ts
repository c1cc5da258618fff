/**
 * The shell's one logger, for Electron and the web host alike: a line on standard error, prefixed
 * so the kiosk session's journal can be searched, with the error (and its stack) when there is one.
 * Services take a `Log` so tests can collect lines instead.
 */
export type Log = (message: string, error?: unknown) => void;

export const shellLog: Log = (message, error) => {
  if (error === undefined) console.error(`[passerelle] ${message}`);
  else console.error(`[passerelle] ${message}`, error);
};
