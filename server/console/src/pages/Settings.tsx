import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, type AssociationSettings } from '../api.ts';
import { errorKey } from '../errors.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { Status, useSubmission } from '../ui.tsx';

/** The association's settings: the phone number machines show when nobody can answer, and the delays. */
export default function Settings(_props: PageProps) {
  const { t } = useConsoleT();
  const [form, setForm] = useState<{ name: string; helpPhone: string; escalationMinutes: string; retentionDays: string } | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, error, done, submit: submitting } = useSubmission();
  const id = useId();

  const load = (s: AssociationSettings) =>
    setForm({ name: s.name, helpPhone: s.helpPhone ?? '', escalationMinutes: String(s.escalationMinutes), retentionDays: String(s.retentionDays) });
  useEffect(() => {
    void api.settings().then(load, (err: unknown) => setLoadError(t(errorKey(err))));
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    await submitting(async () => {
      load(
        await api.saveSettings({
          name: form.name,
          helpPhone: form.helpPhone.trim() || null,
          escalationMinutes: Number(form.escalationMinutes),
          retentionDays: Number(form.retentionDays),
        }),
      );
      return t('settings.saved');
    });
  };

  const set = (key: keyof NonNullable<typeof form>) => (e: { target: { value: string } }) => setForm((f) => (f ? { ...f, [key]: e.target.value } : f));

  return (
    <main id="main" className="page">
      <h1>{t('settings.heading')}</h1>
      {form && (
        <form className="panel form-grid" onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('settings.name')}</label>
            <input id={`${id}-name`} required maxLength={120} value={form.name} onChange={set('name')} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-phone`}>{t('settings.helpPhone')}</label>
            <input
              id={`${id}-phone`}
              type="tel"
              maxLength={24}
              value={form.helpPhone}
              onChange={set('helpPhone')}
              aria-describedby={`${id}-phone-hint`}
              data-testid="settings-phone"
            />
            <span id={`${id}-phone-hint`} className="hint">
              {t('settings.helpPhoneHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor={`${id}-esc`}>{t('settings.escalation')}</label>
            <input id={`${id}-esc`} type="number" min={1} max={1440} required value={form.escalationMinutes} onChange={set('escalationMinutes')} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-ret`}>{t('settings.retention')}</label>
            <input
              id={`${id}-ret`}
              type="number"
              min={1}
              max={3650}
              required
              value={form.retentionDays}
              onChange={set('retentionDays')}
              aria-describedby={`${id}-ret-hint`}
            />
            <span id={`${id}-ret-hint`} className="hint">
              {t('settings.retentionHint')}
            </span>
          </div>
          <Status error={error} done={done} testId="settings" />
          <button type="submit" className="primary" disabled={busy} data-testid="settings-save">
            {t('common.save')}
          </button>
        </form>
      )}
      {!form && <Status error={loadError} />}
    </main>
  );
}
