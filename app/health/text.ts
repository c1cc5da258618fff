/** Text hygiene for values read from hardware (sysfs strings, smartctl JSON). */

/** Drops control characters and U+FFFD (undecodable bytes), trims, bounds the length; '' → null. */
export function cleanText(s: string | undefined | null, max: number): string | null {
  if (s === undefined || s === null) return null;
  const t = [...s]
    .filter((c) => {
      const n = c.codePointAt(0) ?? 0;
      return n >= 0x20 && n !== 0x7f && n !== 0xfffd;
    })
    .join('')
    .trim();
  return t === '' ? null : t.slice(0, max);
}
