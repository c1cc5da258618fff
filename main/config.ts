/**
 * The shell's one configuration reader, for Electron and the web host alike, read once at start:
 * the hub URL (env `PASSERELLE_HUB_URL`, else `<data>/config.json` `{ "hubUrl": ... }`, else the
 * local default), whether the window is a locked full-screen kiosk, where the data lives, and the
 * web host's port. The config file is written by the technician's image but lives in the user's
 * folder, so its content is treated as untrusted input.
 */
export const DEFAULT_HUB_URL = 'http://127.0.0.1:8600';
export const DEFAULT_WEB_HOST_PORT = 8601;

export type ShellConfig = {
  hubUrl: string;
  kiosk: boolean;
  /**
   * Where the shell's services keep the machine's store, when not in the user's folder: the kiosk
   * session (build/bin/passerelle-kiosk-session) sets PASSERELLE_MACHINE_DATA to
   * /var/lib/passerelle/shell, because the kiosk account's home is wiped between sessions and the
   * enrolment and the outbox must survive. Null: the user's folder.
   */
  machineDataDir: string | null;
  /** Running inside the passerelle-kiosk X session, whose loop starts the shell again when it exits. */
  underKioskSession: boolean;
  /** `npm start`'s data folder for an unpackaged shell (PASSERELLE_SHELL_DATA), or null. */
  devDataDir: string | null;
  /** The web host's port (PASSERELLE_SHELL_PORT; 0 is any free port). */
  webHostPort: number;
  warnings: string[];
};

export type ConfigSources = {
  env: Record<string, string | undefined>;
  /** The text of config.json, or null when the file does not exist. */
  configFileText: string | null;
  isPackaged: boolean;
};

/** A hub URL is an absolute http(s) URL without credentials; returned normalised, without a trailing slash. */
export function normaliseHubUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return null;
  return url.href.replace(/\/+$/, '');
}

export function resolveShellConfig(sources: ConfigSources): ShellConfig {
  const warnings: string[] = [];
  let fileHubUrl: unknown;
  if (sources.configFileText !== null) {
    try {
      const parsed: unknown = JSON.parse(sources.configFileText);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) fileHubUrl = (parsed as Record<string, unknown>).hubUrl;
      else warnings.push('config.json is not a JSON object: ignored');
    } catch {
      warnings.push('config.json is not valid JSON: ignored');
    }
  }

  const fromEnv = sources.env.PASSERELLE_HUB_URL;
  const envHubUrl = fromEnv ? normaliseHubUrl(fromEnv) : null;
  if (fromEnv && !envHubUrl) warnings.push('PASSERELLE_HUB_URL is not an http(s) URL: ignored');
  const configHubUrl = fileHubUrl !== undefined ? normaliseHubUrl(fileHubUrl) : null;
  if (fileHubUrl !== undefined && !configHubUrl) warnings.push('config.json hubUrl is not an http(s) URL: ignored');
  const hubUrl = envHubUrl ?? configHubUrl ?? DEFAULT_HUB_URL;

  // A packaged shell is always the whole screen; a developer may ask for a window.
  const kiosk = sources.isPackaged || sources.env.PASSERELLE_KIOSK === '1';
  const machineData = sources.env.PASSERELLE_MACHINE_DATA;
  const machineDataDir = machineData && /^\/[^\0]*$/.test(machineData) && !machineData.split('/').includes('..') ? machineData : null;
  if (machineData && !machineDataDir) warnings.push('PASSERELLE_MACHINE_DATA is not an absolute path: ignored');
  const underKioskSession = sources.env.XDG_CURRENT_DESKTOP === 'Passerelle';
  const devData = sources.env.PASSERELLE_SHELL_DATA;
  const devDataDir = !sources.isPackaged && devData && !devData.includes('\0') ? devData : null;
  const portText = sources.env.PASSERELLE_SHELL_PORT;
  let webHostPort = DEFAULT_WEB_HOST_PORT;
  if (portText !== undefined && portText !== '') {
    const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (port >= 0 && port <= 65_535) webHostPort = port;
    else warnings.push(`PASSERELLE_SHELL_PORT is not a port number (0 to 65535): ${DEFAULT_WEB_HOST_PORT} used`);
  }
  return { hubUrl, kiosk, machineDataDir, underKioskSession, devDataDir, webHostPort, warnings };
}
