import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { FIRST_RUN_ADMIN_NAME, NEW_PASSWORD_MIN, PHOTO_MAX_CHARS } from '../../../../app/protocol/hub.ts';
import { api } from '../api.ts';
import { errorKey } from '../errors.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { Status } from '../ui.tsx';

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
  const [photoError, setPhotoError] = useState<string | null>(null);
  const [photoDone, setPhotoDone] = useState<string | null>(null);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [pwError, setPwError] = useState<string | null>(null);
  const [pwDone, setPwDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [firstName, setFirstName] = useState(me.firstName === FIRST_RUN_ADMIN_NAME ? '' : me.firstName);
  const [nameError, setNameError] = useState<string | null>(null);
  const [nameDone, setNameDone] = useState<string | null>(null);

  const saveFirstName = async (e: FormEvent) => {
    e.preventDefault();
    setNameError(null);
    setNameDone(null);
    if (!firstName.trim()) {
      setNameError(t('profile.firstNameMissing'));
      return;
    }
    try {
      onMeChanged(await api.setFirstName(firstName.trim()));
      setNameDone(t('profile.firstNameSaved'));
    } catch (err) {
      setNameError(t(errorKey(err)));
    }
  };

  const savePhoto = async (photo: string | null) => {
    setPhotoError(null);
    setPhotoDone(null);
    try {
      await api.setPhoto(photo);
      onMeChanged({ ...me, photo });
      setPhotoDone(photo ? t('profile.photoSaved') : t('profile.photoRemoved'));
    } catch (err) {
      setPhotoError(t(errorKey(err)));
    }
  };

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    try {
      await savePhoto(await resizedPhoto(file));
    } catch {
      setPhotoError(t('profile.photoUnreadable'));
    }
  };

  const changePassword = async (e: FormEvent) => {
    e.preventDefault();
    setPwError(null);
    setPwDone(null);
    if (next.length < NEW_PASSWORD_MIN) {
      setPwError(t('profile.passwordTooShort', { n: NEW_PASSWORD_MIN }));
      return;
    }
    setBusy(true);
    try {
      onMeChanged(await api.changePassword(current, next));
      setCurrent('');
      setNext('');
      setPwDone(t('profile.passwordChanged'));
    } catch (err) {
      setPwError(t(errorKey(err)));
    } finally {
      setBusy(false);
    }
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
        <Status error={nameError} done={nameDone} testId="first-name" />
        <button type="submit" className="primary" data-testid="first-name-save">
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
            <button type="button" className="secondary" onClick={() => void savePhoto(null)}>
              {t('profile.photoRemove')}
            </button>
          )}
        </div>
        <Status error={photoError} done={photoDone} testId="photo" />
      </section>
      <form className="panel form-grid" onSubmit={(e) => void changePassword(e)} aria-labelledby={`${id}-pw`}>
        <h2 id={`${id}-pw`}>{t('profile.password')}</h2>
        <div className="field">
          <label htmlFor={`${id}-cur`}>{t('profile.currentPassword')}</label>
          <input id={`${id}-cur`} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-new`}>{t('profile.newPassword')}</label>
          <input
            id={`${id}-new`}
            type="password"
            autoComplete="new-password"
            required
            minLength={NEW_PASSWORD_MIN}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            aria-describedby={`${id}-new-hint`}
          />
          <span id={`${id}-new-hint`} className="hint">
            {t('profile.passwordHint', { n: NEW_PASSWORD_MIN })}
          </span>
        </div>
        <Status error={pwError} done={pwDone} testId="password" />
        <button type="submit" className="primary" disabled={busy}>
          {t('profile.passwordSubmit')}
        </button>
      </form>
    </main>
  );
}
