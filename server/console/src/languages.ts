/** The console's languages, in the order the header's language button offers them. */
export const LANGUAGES = ['fr', 'en', 'ar'] as const;
export type ConsoleLanguage = (typeof LANGUAGES)[number];

/**
 * The language the header button switches to: the next one in the list, back to French after the last.
 * An unknown current language (a browser region such as `fr-FR`, or nothing) is followed by English, as French is.
 */
export function nextLanguage(current: string): ConsoleLanguage {
  const i = (LANGUAGES as readonly string[]).indexOf(current);
  return LANGUAGES[(Math.max(i, 0) + 1) % LANGUAGES.length] ?? 'fr';
}
