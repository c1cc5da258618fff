import { reasonText, type Reason } from '../../../../app/health/reasons.ts';
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

/** A health reason as one line: the part it is about (in the console's language), then the sentence. */
export function reasonLine(t: TFn, reason: Reason, language: 'fr' | 'en'): string {
  const part = reason.subject ? /^(disk|battery) (.+)$/.exec(reason.subject) : null;
  const subject = part ? `${t(part[1] === 'disk' ? 'dashboards.part.disk' : 'dashboards.part.battery')} ${part[2]}` : reason.subject;
  return `${subject ? `${subject} — ` : ''}${reasonText(reason, language)}`;
}
