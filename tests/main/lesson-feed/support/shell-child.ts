/**
 * A shell process for the kill -9 test: the real createShell on a data folder, enrolled with the code
 * given (first start) or already enrolled (next starts). Prints READY once running; its log (stderr)
 * says when the lesson feed starts switching a pack in. Only SIGKILL stops it.
 *   argv: <data folder> <hub URL> <lessons folder> [enrolment code]
 */
import { createShell } from '../../../../main/shell.ts';

const [dataDir, hubUrl, lessonsDir, code] = process.argv.slice(2) as [string, string, string, string | undefined];
const shell = await createShell({ dataDir, hubUrl, lessonsDir, appVersion: '0.0.0-kill' });
if (code) await shell.enrol(code);
process.stdout.write('READY\n');
setInterval(() => {}, 60_000);
