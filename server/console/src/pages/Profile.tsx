import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { FIRST_RUN_ADMIN_NAME, PHOTO_MAX_CHARS } from '../../../../app/protocol/hub.ts';
import { api } from '../api.ts';
import { PasswordFields, usePasswordDraft } from '../PasswordFields.tsx';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { Status, useSubmission } from '../ui.tsx';

/** A square, 160 px JPEG: small enough to travel with every status to the machines, big enough to recognise a face. */
async function resizedPhoto(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const size = 160;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no canvas');
  const side = Math.min(bitmap.width, bitmap.height);
  ctx.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, size, size);
  for (const quality of [0.85, 0.7, 0.5]) {
    const url = canvas.toDataURL('image/jpeg', quality);
    if (url.length <= PHOTO_MAX_CHARS) return url;
  }
  throw new Error('too big');
}

export default function Profile({ me, onMeChanged }: PageProps) {
  const { t } = useConsoleT();
  const id = useId();
  const photo = useSubmission();
  const name = useSubmission();
  const password = usePasswordDraft(true);
  const pw = useSubmission();
  const [firstName, setFirstName] = useState(me.firstName === FIRST_RUN_ADMIN_NAME ? '' : me.firstName);

  const saveFirstName = async (e: FormEvent) => {
    e.preventDefault();
    if (!firstName.trim()) return name.fail(t('profile.firstNameMissing'));
    await name.submit(async () => {
      onMeChanged(await api.setFirstName(firstName.trim()));
      return t('profile.firstNameSaved');
    });
  };

  const savePhoto = (url: string | null) =>
    photo.submit(async () => {
      await api.setPhoto(url);
      onMeChanged({ ...me, photo: url });
      return url ? t('profile.photoSaved') : t('profile.photoRemoved');
    });

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    let url: string;
    try {
      url = await resizedPhoto(file);
    } catch {
      return photo.fail(t('profile.photoUnreadable'));
    }
    await savePhoto(url);
  };

  const changePassword = async (e: FormEvent) => {
    e.preventDefault();
    if (!password.check()) return;
    await pw.submit(async () => {
      onMeChanged(await api.changePassword(password.draft.current, password.draft.password));
      password.reset();
      return t('profile.passwordChanged');
    });
  };

  return (
    <main id="main" className="page">
      <div className="profile-head">
        <h1>{t('profile.heading', { name: me.firstName })}</h1>
        {/* On a laptop's screen the header has no room for it: signing out lives here (and in the header when wide). */}
        <button type="button" className="secondary" data-testid="profile-logout" onClick={() => void api.logout().finally(() => location.reload())}>
          {t('header.logout')}
        </button>
      </div>
      <form className="panel form-grid" onSubmit={(e) => void saveFirstName(e)} aria-labelledby={`${id}-name`}>
        <h2 id={`${id}-name`}>{t('profile.firstName')}</h2>
        <div className="field">
          <label htmlFor={`${id}-first`}>{t('profile.firstNameLabel')}</label>
          <input
            id={`${id}-first`}
            autoComplete="given-name"
            required
            maxLength={60}
            value={firstName}
            onChange={(e) => setFirstName(e.target.value)}
            aria-describedby={`${id}-first-hint`}
            data-testid="first-name-input"
          />
          <span id={`${id}-first-hint`} className="hint">
            {t('profile.firstNameHint')}
          </span>
        </div>
        <Status error={name.error} done={name.done} testId="first-name" />
        <button type="submit" className="primary" disabled={name.busy} data-testid="first-name-save">
          {t('profile.firstNameSave')}
        </button>
      </form>
      <section className="panel" aria-labelledby={`${id}-photo`}>
        <h2 id={`${id}-photo`}>{t('profile.photo')}</h2>
        <p className="muted">{t('profile.photoIntro')}</p>
        <div className="photo-row">
          {me.photo ? <img className="avatar big" src={me.photo} alt={t('profile.photoAlt')} /> : <span className="avatar big empty" aria-hidden="true" />}
          <div className="field">
            <label htmlFor={`${id}-file`}>{t('profile.photoChoose')}</label>
            <input id={`${id}-file`} type="file" accept="image/jpeg,image/png,image/webp" onChange={(e) => void onFile(e)} data-testid="photo-input" />
          </div>
          {me.photo && (
            <button type="button" className="secondary" disabled={photo.busy} onClick={() => void savePhoto(null)}>
              {t('profile.photoRemove')}
            </button>
          )}
        </div>
        <Status error={photo.error} done={photo.done} testId="photo" />
      </section>
      <form className="panel" onSubmit={(e) => void changePassword(e)} noValidate aria-labelledby={`${id}-pw`}>
        <h2 id={`${id}-pw`}>{t('profile.password')}</h2>
        <PasswordFields {...password.fields} testId="profile-password" />
        <Status error={password.problem?.message ?? pw.error} done={pw.done} testId="password" />
        <button type="submit" className="primary password-submit" disabled={pw.busy} data-testid="password-submit">
          {t('profile.passwordSubmit')}
        </button>
      </form>
    </main>
  );
}
