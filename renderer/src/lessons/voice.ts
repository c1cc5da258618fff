/**
 * The lesson's voice. A sentence plays from the pack's audio file (recorded, or generated offline by
 * `npm run lessons:audio`); when there is none, or it cannot play, main speaks the text with
 * espeak-ng. Sentences given together play one after the other ("Bravo!", then the next step);
 * a newer call interrupts an older one. The words stay on screen whatever happens.
 */
import i18next from 'i18next';
import type { SpokenText } from '../../../app/lessons/model.ts';
import { bridge } from '../bridge.ts';
import { isUiLanguage } from '../i18n.ts';

export type Sentence = SpokenText | string;

let current: HTMLAudioElement | null = null;
let generation = 0;

/** Play one source to its end. false when it could not play at all (missing or broken file). */
function playToEnd(src: string, mine: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (mine !== generation) return resolve(true);
    current?.pause();
    const audio = new Audio(src);
    current = audio;
    let started = false;
    audio.addEventListener('playing', () => (started = true));
    audio.addEventListener('ended', () => resolve(true));
    audio.addEventListener('pause', () => resolve(true));
    audio.addEventListener('error', () => resolve(started));
    audio.play().catch((error: unknown) => {
      // Autoplay refusals are not a missing file: the fallback would be refused too.
      resolve(error instanceof DOMException && error.name === 'NotAllowedError');
    });
  });
}

async function sayOne(sentence: Sentence, mine: number): Promise<void> {
  const { text, audio } = typeof sentence === 'string' ? { text: sentence, audio: null } : sentence;
  document.body.dataset.lastSpoken = text;
  document.body.dataset.lastSpokenSource = audio ? 'pack' : 'espeak';
  if (audio && (await playToEnd(audio, mine))) return;
  if (mine !== generation) return;
  document.body.dataset.lastSpokenSource = 'espeak';
  try {
    const language = isUiLanguage(i18next.language) ? i18next.language : 'fr';
    const { audio: wav } = await bridge.speak({ text: text.slice(0, 500), language });
    if (wav) await playToEnd(wav, mine);
  } catch {
    /* no voice: the text is on screen */
  }
}

/** Say sentences of a lesson in order, each from its file when it has one. */
export async function say(...sentences: Sentence[]): Promise<void> {
  const mine = ++generation;
  current?.pause();
  for (const sentence of sentences) {
    if (mine !== generation) return;
    await sayOne(sentence, mine);
  }
}

/** Stop speaking (the lesson screen is leaving). */
export function hush(): void {
  generation++;
  current?.pause();
  current = null;
}
