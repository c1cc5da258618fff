/** Ages and durations in the console's language: "il y a 2 min", "45 s". */
export function timeAgo(iso: string, now: number, lng: string): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(lng, { numeric: 'auto', style: 'short' });
  const abs = Math.abs(seconds);
  if (abs < 45) return rtf.format(0, 'second');
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour');
  return rtf.format(Math.round(seconds / 86_400), 'day');
}

export function durationParts(totalSeconds: number): { key: 'seconds' | 'minutes' | 'hours'; count: number } {
  if (totalSeconds < 90) return { key: 'seconds', count: totalSeconds };
  if (totalSeconds < 5400) return { key: 'minutes', count: Math.round(totalSeconds / 60) };
  return { key: 'hours', count: Math.round(totalSeconds / 3600) };
}
