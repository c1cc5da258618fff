/**
 * Runs the authors' checks (`npm run lessons:check`, scripts/lessons-check.ts) on a lessons folder
 * and prints the problems as JSON. The hub runs it in a child process so that checking an uploaded
 * pack (seconds of work, espeak-ng included) never blocks the live help queue.
 *   argv: <lessons folder>
 */
import { checkLessons } from '../../scripts/lessons-check.ts';

const [lessonsDir] = process.argv.slice(2);
if (!lessonsDir) {
  console.error('usage: check-cli.ts <lessons folder>');
  process.exit(2);
}
process.stdout.write(JSON.stringify(checkLessons(lessonsDir)));
