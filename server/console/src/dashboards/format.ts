import type { TFn } from '../t.ts';

export function sinceText(t: TFn, days: number | null): string {
  if (days === null) return t('dashboards.fleet.never');
  if (days <= 0) return t('dashboards.fleet.today');
  return t('dashboards.fleet.daysAgo', { count: days });
}

export function dateText(iso: string | null, language: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleDateString(language === 'en' ? 'en-GB' : 'fr-FR', { day: 'numeric', month: 'short', year: 'numeric' });
}

export const GB = 1024 ** 3;
export const gigabytes = (bytes: number | null) => (bytes === null ? null : Math.round((bytes / GB) * 10) / 10);
