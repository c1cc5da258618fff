/**
 * The release key's passphrase: from PASSERELLE_RELEASE_PASSPHRASE when a release script sets it,
 * otherwise typed on the terminal without being shown. No terminal and no variable: a clear refusal
 * (never an empty passphrase by accident).
 */
import { PASSPHRASE_ENV } from './keys.ts';

/** Reads one line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let typed = '';
    const done = (error: Error | null) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done(null);
        if (char === '\u0003' || char === '\u0004') return done(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    input.on('data', onData);
  });
}

export async function readPassphrase(purpose: 'open' | 'new'): Promise<string> {
  const fromEnv = process.env[PASSPHRASE_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw new Error(`no terminal to type the passphrase on: set ${PASSPHRASE_ENV}`);
  if (purpose === 'open') return askHidden('Passphrase of the release key: ');
  const first = await askHidden('Passphrase for the new release key: ');
  const second = await askHidden('The same passphrase again: ');
  if (first !== second) throw new Error('the two passphrases differ');
  return first;
}
