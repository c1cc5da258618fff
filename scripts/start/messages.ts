/** What `npm start`'s processes tell each other over their IPC channel (scripts/start.ts). */
export type HubOptions = { port: number; dataDir: string; adminEmail?: string };
/** The hub URL, data folder and port travel as the environment main/config.ts reads, as for Electron. */
export type ShellOptions = {
  lessonsDir: string;
  rendererDir: string;
  appVersion: string;
  /** Enrol, then stop (Electron then runs the shell on the same data folder). */
  enrolOnly?: boolean;
};

export type FromHub =
  | { type: 'ready'; url: string; admin: { email: string; oneTimePassword: string | null } }
  | { type: 'enrolment-code'; code: string }
  | { type: 'failed'; message: string };
export type ToHub = { type: 'enrolment-code' };

export type FromShell =
  | { type: 'need-enrolment-code' }
  | { type: 'ready'; url: string | null; assetTag: string | null; enrolledNow: boolean }
  | { type: 'failed'; message: string };
export type ToShell = { type: 'enrolment-code'; code: string };

/** Send on the IPC channel when there is one (the child may have been started by hand). */
export function tell<T>(message: T): void {
  process.send?.(message);
}
