/**
 * Offline speech with espeak-ng: the shell never needs the network to speak. Results are cached
 * on disk by (language, text said). Without espeak-ng the answer is null and the text stays on screen.
 * `spokenForm` turns the words shown into what espeak-ng must be given (fully vowelled Arabic:
 * LessonService.spokenForm).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../app/protocol/common.ts';

/** espeak-ng voice names; 140 words per minute is slower than the default 175, for a first-time listener. */
const VOICES: Record<Language, string> = { fr: 'fr', en: 'en', ar: 'ar' };
const WORDS_PER_MINUTE = 140;

export class SpeechService {
  private available: boolean | null = null;

  constructor(
    private readonly cacheDir: string,
    private readonly binary = 'espeak-ng',
    private readonly spokenForm: (text: string, language: Language) => string = (text) => text,
  ) {}

  async speak(text: string, language: Language): Promise<string | null> {
    const wav = await this.synthesize(text, language);
    return wav ? `data:audio/wav;base64,${wav.toString('base64')}` : null;
  }

  async synthesize(shown: string, language: Language): Promise<Buffer | null> {
    if (this.available === false) return null;
    const text = this.spokenForm(shown, language);
    const key = createHash('sha256').update(`${language}\n${WORDS_PER_MINUTE}\n${text}`).digest('hex');
    const file = path.join(this.cacheDir, `${key}.wav`);
    if (fs.existsSync(file)) return fs.readFileSync(file);
    const wav = await new Promise<Buffer | null>((resolve) => {
      execFile(
        this.binary,
        ['-v', VOICES[language], '-s', String(WORDS_PER_MINUTE), '--stdout', '--', text],
        { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024, timeout: 20_000 },
        (error, stdout) => {
          if (error) {
            if ((error as NodeJS.ErrnoException).code === 'ENOENT') this.available = false;
            resolve(null);
          } else resolve(stdout);
        },
      );
    });
    if (!wav || wav.length < 44) return null;
    this.available = true;
    fs.mkdirSync(this.cacheDir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, wav);
    fs.renameSync(tmp, file);
    return wav;
  }
}
