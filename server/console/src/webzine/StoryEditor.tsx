/**
 * One story in the editorial queue: listen, look at the photo, transcribe (espeak-ng reads the text
 * back), title, signature within what the person agreed to, photo description, issue and section, the
 * agreement of the people on the photo; then publish, or decline with a reason the shell says aloud.
 * A published story can be withdrawn here when the person asks the association by phone.
 */
import { useId, useState, type FormEvent } from 'react';
import { DeclineReason, StorySection, type StoryEdit, type StoryView, type WebzineIssue } from '../../../../app/protocol/webzine.ts';
import { keepsContent, publishProblems } from '../../../../app/webzine/rules.ts';
import { api } from '../api.ts';
import { useConsoleT } from '../t.ts';
import { Options, Status, useSubmission } from '../ui.tsx';

interface Props {
  story: StoryView;
  issues: WebzineIssue[];
  /** After a change: the list reloads and shows what was done (this editor may then show another story). */
  onChanged(done: string): void;
}

const blobToDataUrl = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(new Error('read'));
    reader.readAsDataURL(blob);
  });

export function StoryEditor({ story, issues, onChanged }: Props) {
  const { t, i18n } = useConsoleT();
  const id = useId();
  const editable = story.state === 'submitted';
  const anonymous = story.credit === 'anonymous';
  const [form, setForm] = useState({
    title: story.title,
    text: story.text,
    signature: anonymous ? '' : story.signature || (story.credit === 'first_name' ? (story.beneficiaryFirstName ?? '') : ''),
    photoAlt: story.photoAlt,
    issue: story.issue ?? issues[0]?.number ?? null,
    section: story.section,
    photoShowsOthers: story.photoShowsOthers,
    othersAgreed: story.othersAgreed,
    removePhoto: false,
  });
  const [newIssue, setNewIssue] = useState('');
  const [reason, setReason] = useState<DeclineReason>('hard_to_hear');
  const [note, setNote] = useState('');
  const [readBack, setReadBack] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, submit } = useSubmission();

  const hasPhoto = story.hasPhoto && !form.removePhoto;
  const problems = publishProblems({ ...form, state: story.state, credit: story.credit, hasPhoto });
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));

  const edit = (): StoryEdit => ({
    title: form.title,
    text: form.text,
    ...(anonymous ? {} : { signature: form.signature }),
    photoAlt: form.photoAlt,
    ...(form.issue !== null ? { issue: form.issue } : {}),
    ...(form.section ? { section: form.section } : {}),
    photoShowsOthers: form.photoShowsOthers,
    othersAgreed: form.othersAgreed,
    ...(form.removePhoto ? { removePhoto: true as const } : {}),
  });
  const run = (action: () => Promise<void>, message: string) =>
    void submit(async () => {
      setDone(null);
      await action();
      setDone(message);
      onChanged(message);
    });

  const save = (e: FormEvent) => {
    e.preventDefault();
    run(async () => void (await api.editStory(story.id, edit())), t('webzine.saved'));
  };
  const publish = () =>
    run(async () => {
      await api.editStory(story.id, edit());
      await api.publishStory(story.id);
    }, t('webzine.published'));
  const createIssue = () =>
    run(async () => {
      const issue = await api.createIssue(newIssue);
      set('issue', issue.number);
      setNewIssue('');
    }, t('webzine.saved'));
  const listen = () =>
    void submit(async () => {
      setReadBack(await blobToDataUrl(await api.readBack(form.text || form.title, story.language)));
    });

  return (
    <section className="panel webzine-editor" aria-labelledby={`${id}-h`} data-testid="story-editor">
      <h2 id={`${id}-h`} {...(story.title ? { lang: story.language, dir: story.language === 'ar' ? 'rtl' : 'ltr' } : {})}>
        {story.title || t('webzine.untitled')}
      </h2>
      <p className="badge">{t(`webzine.state.${story.state}`)}</p>
      {story.declineReason && <p>{t('webzine.declineReasonShown', { reason: t(`webzine.reason.${story.declineReason}`) })}</p>}

      {keepsContent(story.state) && (
        <div className="webzine-media">
          <div>
            <p className="voice-label" id={`${id}-listen`}>{t('webzine.listen')}</p>
            <audio controls preload="none" src={api.storyMediaUrl(story.id, 'audio')} aria-labelledby={`${id}-listen`} data-testid="story-audio" />
            {story.hasTitleAudio && (
              <>
                <p className="voice-label" id={`${id}-title-audio`}>{t('webzine.listenTitle')}</p>
                <audio controls preload="none" src={api.storyMediaUrl(story.id, 'title-audio')} aria-labelledby={`${id}-title-audio`} />
              </>
            )}
          </div>
          <figure>
            <figcaption className="voice-label">{t('webzine.photo')}</figcaption>
            {story.hasPhoto ? <img src={api.storyMediaUrl(story.id, 'photo')} alt={form.photoAlt || t('webzine.photo')} data-testid="story-photo" /> : <p className="muted">{t('webzine.noPhoto')}</p>}
          </figure>
        </div>
      )}

      <div className="webzine-consent">
        <h3>{t('webzine.consent.heading')}</h3>
        <p data-testid="story-consent">{t(`webzine.consent.${story.credit}`)}</p>
        {story.credit === 'first_name' && story.beneficiaryFirstName && <p className="muted">{t('webzine.consent.loan', { name: story.beneficiaryFirstName })}</p>}
        {story.photoShowsOthers && story.hasPhoto && <p className="warning">{t('webzine.consent.othersSaid')}</p>}
      </div>

      {editable && (
        <form className="webzine-form" onSubmit={save}>
          <div className="field">
            <label htmlFor={`${id}-title`}>{t('webzine.fields.title')}</label>
            <input id={`${id}-title`} maxLength={120} value={form.title} onChange={(e) => set('title', e.target.value)} lang={story.language} dir="auto" data-testid="story-title" />
          </div>
          <div className="field wide">
            <label htmlFor={`${id}-text`}>{t('webzine.fields.text')}</label>
            <textarea id={`${id}-text`} rows={8} maxLength={8000} value={form.text} onChange={(e) => set('text', e.target.value)} lang={story.language} dir="auto" aria-describedby={`${id}-text-hint`} data-testid="story-text" />
            <span id={`${id}-text-hint`} className="hint">{t('webzine.fields.textHint')}</span>
            <div className="row-actions">
              <button type="button" className="secondary" onClick={listen} disabled={busy || !(form.text || form.title)} data-testid="story-read-back">
                {t('webzine.readBack')}
              </button>
              {readBack && <audio controls autoPlay src={readBack} aria-label={t('webzine.readBack')} data-testid="story-read-back-audio" />}
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-sig`}>{t('webzine.fields.signature')}</label>
            <input id={`${id}-sig`} maxLength={60} value={anonymous ? t('webzine.fields.signatureAnonymous') : form.signature} disabled={anonymous} onChange={(e) => set('signature', e.target.value)} data-testid="story-signature" />
          </div>
          {story.hasPhoto && !form.removePhoto && (
            <fieldset className="field wide">
              <legend>{t('webzine.photo')}</legend>
              <label htmlFor={`${id}-alt`}>{t('webzine.fields.photoAlt')}</label>
              <textarea id={`${id}-alt`} rows={2} maxLength={300} value={form.photoAlt} onChange={(e) => set('photoAlt', e.target.value)} data-testid="story-photo-alt" />
              <label className="choice">
                <input type="checkbox" checked={form.photoShowsOthers} onChange={(e) => set('photoShowsOthers', e.target.checked)} data-testid="story-others" /> {t('webzine.fields.photoShowsOthers')}
              </label>
              {form.photoShowsOthers && (
                <label className="choice">
                  <input type="checkbox" checked={form.othersAgreed} onChange={(e) => set('othersAgreed', e.target.checked)} data-testid="story-others-agreed" /> {t('webzine.fields.othersAgreed')}
                </label>
              )}
              <button type="button" className="secondary" onClick={() => set('removePhoto', true)} data-testid="story-remove-photo">
                {t('webzine.fields.removePhoto')}
              </button>
            </fieldset>
          )}
          <div className="field">
            <label htmlFor={`${id}-issue`}>{t('webzine.fields.issue')}</label>
            <select id={`${id}-issue`} value={form.issue ?? ''} onChange={(e) => set('issue', e.target.value ? Number(e.target.value) : null)} data-testid="story-issue">
              <option value="">{t('webzine.fields.chooseIssue')}</option>
              {issues.map((i) => (
                <option key={i.number} value={i.number}>
                  {t('webzine.fields.issueOption', { number: i.number, title: i.title })}
                </option>
              ))}
            </select>
            <div className="inline-form">
              <label htmlFor={`${id}-new-issue`} className="visually-hidden">{t('webzine.fields.newIssue')}</label>
              <input id={`${id}-new-issue`} placeholder={t('webzine.fields.newIssue')} maxLength={120} value={newIssue} onChange={(e) => setNewIssue(e.target.value)} data-testid="story-new-issue" />
              <button type="button" className="secondary" disabled={busy || !newIssue.trim()} onClick={createIssue} data-testid="story-create-issue">
                {t('webzine.fields.createIssue')}
              </button>
            </div>
          </div>
          <div className="field">
            <label htmlFor={`${id}-section`}>{t('webzine.fields.section')}</label>
            <select id={`${id}-section`} value={form.section ?? ''} onChange={(e) => set('section', e.target.value ? StorySection.parse(e.target.value) : null)} data-testid="story-section">
              <option value="">{t('webzine.fields.chooseSection')}</option>
              <Options values={StorySection.options} label={(s) => t(`webzine.section.${s}`)} />
            </select>
          </div>
          {problems.length > 0 && <p className="hint wide" data-testid="story-missing">{t('webzine.missing', { list: new Intl.ListFormat(i18n.language, { type: 'unit' }).format(problems.map((p) => t(`webzine.problem.${p}`))) })}</p>}
          <div className="wide">
            <Status error={error} done={done} testId="story" />
          </div>
          <div className="form-actions wide">
            <button type="submit" className="secondary" disabled={busy} data-testid="story-save">
              {t('common.save')}
            </button>
            <button type="button" className="primary" disabled={busy || problems.length > 0} onClick={publish} data-testid="story-publish">
              {t('webzine.publish')}
            </button>
          </div>
        </form>
      )}

      {editable && (
        <form className="webzine-form webzine-decline" onSubmit={(e) => (e.preventDefault(), run(async () => void (await api.declineStory(story.id, reason, note.trim())), t('webzine.decline.done')))}>
          <h3 className="wide">{t('webzine.decline.heading')}</h3>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('webzine.decline.reason')}</label>
            <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(DeclineReason.parse(e.target.value))} data-testid="story-decline-reason">
              <Options values={DeclineReason.options} label={(r) => t(`webzine.reason.${r}`)} />
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-note`}>{t('webzine.decline.note')}</label>
            <input id={`${id}-note`} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="form-actions wide">
            <button type="submit" className="secondary danger" disabled={busy} data-testid="story-decline">
              {t('webzine.decline.button')}
            </button>
          </div>
        </form>
      )}

      {story.state === 'published' && (
        <div className="form-actions">
          <Status error={error} done={done} testId="story" />
          <button type="button" className="secondary" disabled={busy} onClick={() => run(async () => void (await api.withdrawStory(story.id)), t('webzine.withdrawn'))} data-testid="story-withdraw">
            {t('webzine.withdraw')}
          </button>
        </div>
      )}
    </section>
  );
}
