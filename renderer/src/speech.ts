import { useCallback, useEffect, useRef } from 'react';
import i18next from 'i18next';
import { bridge } from './bridge.ts';
import { isUiLanguage, type UiLanguage } from './i18n.ts';

let current: HTMLAudioElement | null = null;
let generation = 0;

/**
 * Speak a sentence with the shell's offline voice. A newer sentence interrupts the older one.
 * The text stays on screen whatever happens: speech is never the only channel.
 */
export async function speak(text: string, inLanguage?: UiLanguage): Promise<void> {
  const mine = ++generation;
  current?.pause();
  // A language's own name on the language choice is said in that language.
  const language = inLanguage ?? (isUiLanguage(i18next.language) ? i18next.language : 'fr');
  document.body.dataset.lastSpoken = text;
  try {
    const { audio } = await bridge.speak({ text, language });
    if (!audio || mine !== generation) return;
    current = new Audio(audio);
    await current.play().catch(() => undefined);
  } catch {
    /* no voice: the text is on screen */
  }
}

/** Stop the sentence playing or on its way (before the microphone opens: it must not record the voice). */
export function stopSpeaking(): void {
  generation += 1;
  current?.pause();
}

/** Speak `text` when a screen appears (and when the text changes); returns a "listen again" action. */
export function useSpokenOnShow(text: string): () => void {
  const last = useRef<string | null>(null);
  useEffect(() => {
    if (last.current === text) return;
    last.current = text;
    void speak(text);
  }, [text]);
  return useCallback(() => void speak(text), [text]);
}
