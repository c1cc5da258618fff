/**
 * One photo or document full screen (issue 13): the picture as large as the screen allows, turned a
 * quarter at each press of "Tourner" (the file itself is never rewritten: turning is how it is looked
 * at), and "Supprimer", which first asks, aloud and with the picture, whether to throw it away. A
 * deleted file goes to the trash, where a helper can find it again. "Envoyer à l'association" sends it
 * with a help request, so a helper can see the letter or photo the person has a question about. A PDF shows one page at a time,
 * drawn with pdf.js, with big buttons to the page before and after.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyFile } from '../../../app/tiles/my-files.ts';
import { bridge } from '../bridge.ts';
import { isUiLanguage } from '../i18n.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms } from '../pictograms.ts';
import { speak, useSpokenOnShow } from '../speech.ts';
import { PdfPage } from './PdfPage.tsx';
import { useFileData } from './useFileData.ts';

type Props = { file: MyFile; onClose: () => void; onDeleted: () => void; onHelp: () => void; registerListen: (listen: () => void) => void };

export function PhotoViewer({ file, onClose, onDeleted, onHelp, registerListen }: Props) {
  const { t, i18n } = useTranslation();
  const { dataUrl, failed } = useFileData(file);
  const [turns, setTurns] = useState(0);
  const [asking, setAsking] = useState(false);
  const [page, setPage] = useState(1);
  const [pages, setPages] = useState(1);
  const [pdfBroken, setPdfBroken] = useState(false);
  const [sent, setSent] = useState<'sending' | 'sent' | null>(null);
  /** Why the file did not go: said aloud and shown with a picture and a way to call a human. */
  const [refused, setRefused] = useState<'tooMany' | 'tooBig' | 'notSent' | null>(null);
  const what = file.kind === 'pdf' ? 'pdf' : 'picture';
  const cannotOpen = failed || pdfBroken ? t(`photos.cannotOpen.${what}`) : null;
  const sentence = asking ? t(`photos.deleteAsk.${what}`) : (cannotOpen ?? file.title);
  const listen = useSpokenOnShow(sentence);
  useEffect(() => registerListen(listen), [listen, registerListen]);

  /** "Envoyer à l'association": the file goes with a help request (main/services/help-file.ts). */
  const send = async () => {
    setSent('sending');
    const language = isUiLanguage(i18n.language) ? i18n.language : 'fr';
    const answer = await bridge.sendFileToHelp({ id: file.id, language }).catch(() => null);
    if (answer?.queued) {
      setSent('sent');
      void speak(t('photos.sent'));
      return;
    }
    const why = answer?.reason === 'too_many' ? 'tooMany' : answer?.reason === 'too_big' ? 'tooBig' : 'notSent';
    setSent(null);
    setRefused(why);
    void speak(t(`photos.${why}`));
  };

  const remove = async () => {
    const { deleted } = await bridge.deleteMyFile({ id: file.id }).catch(() => ({ deleted: false }));
    void speak(deleted ? t('photos.deleted') : t('photos.cannotDelete'));
    if (deleted) onDeleted();
    else setAsking(false);
  };

  const picture =
    file.kind === 'pdf' ? (
      <PdfPage file={file} page={asking ? 1 : page} onPages={setPages} onBroken={() => setPdfBroken(true)} />
    ) : dataUrl ? (
      <img src={dataUrl} alt={file.title} className={`photo-view__picture photo-view__picture--turn${turns}`} data-testid="photo-view-picture" data-turns={turns} />
    ) : (
      <img src={failed ? pictograms.warning : pictograms.framedPicture} alt="" aria-hidden="true" className="photo-view__icon" />
    );

  if (asking)
    return (
      <main className="screen photo-view photo-view--ask" aria-labelledby="photo-ask-title" data-testid="photo-delete-ask">
        <header className="photo-view__bar">
          <PictureButton picture="helper" label={t('nav.help')} size="bar" tone="help" onClick={onHelp} data-testid="photo-help" />
        </header>
        <h1 id="photo-ask-title" className="say">
          {t(`photos.deleteAsk.${what}`)}
        </h1>
        <div className="photo-view__stage photo-view__stage--small">{picture}</div>
        <div className="yes-no">
          <PictureButton picture="check" label={t('photos.keep')} size="tile" tone="yes" onClick={() => setAsking(false)} data-testid="photo-keep" />
          <PictureButton picture="bin" label={t('photos.delete')} size="tile" tone="no" onClick={() => void remove()} data-testid="photo-delete-yes" />
        </div>
      </main>
    );

  return (
    <main className="screen photo-view" aria-labelledby="photo-view-title" data-testid="photo-view">
      <header className="photo-view__bar">
        <PictureButton picture="back" label={t('photos.back')} size="bar" onClick={onClose} data-testid="photo-back" />
        <PictureButton picture="speaker" label={t('nav.listen')} size="bar" onClick={listen} data-testid="photo-listen" />
        {file.kind === 'picture' ? <PictureButton picture="rotate" label={t('photos.rotate')} size="bar" onClick={() => setTurns((n) => (n + 1) % 4)} disabled={!dataUrl} data-testid="photo-rotate" /> : null}
        {file.kind === 'pdf' && pages > 1 ? (
          <>
            <PictureButton picture="back" label={t('photos.pageBefore')} size="bar" disabled={page <= 1} onClick={() => setPage((p) => p - 1)} data-testid="pdf-page-before" />
            <PictureButton picture="forward" label={t('photos.pageAfter')} size="bar" disabled={page >= pages} onClick={() => setPage((p) => p + 1)} data-testid="pdf-page-after" />
          </>
        ) : null}
        <PictureButton picture="bin" label={t('photos.delete')} size="bar" onClick={() => setAsking(true)} data-testid="photo-delete" />
        <PictureButton picture={sent === 'sent' ? 'check' : 'send'} label={t('photos.send')} size="bar" disabled={sent !== null || failed || pdfBroken} onClick={() => void send()} data-testid="photo-send" data-sent={sent ?? 'no'} />
        <PictureButton picture="helper" label={t('nav.help')} size="bar" tone="help" onClick={onHelp} data-testid="photo-help" />
      </header>
      <h1 id="photo-view-title" className="photo-view__title">
        {file.title}
      </h1>
      <div className="photo-view__stage">{picture}</div>
      {cannotOpen ? <p className="say">{cannotOpen}</p> : null}
      {refused ? (
        <div className="photo-view__refused" role="alert" data-testid="photo-refused" data-reason={refused}>
          <img src={pictograms.warning} alt="" aria-hidden="true" className="photo-view__refused-icon" />
          <p className="say">{t(`photos.${refused}`)}</p>
          <PictureButton picture="helper" label={t('nav.help')} size="bar" tone="help" onClick={onHelp} data-testid="photo-refused-help" />
          <PictureButton picture="check" label={t('photos.understood')} size="bar" onClick={() => setRefused(null)} data-testid="photo-refused-ok" />
        </div>
      ) : null}
      {sent === 'sent' ? (
        <p className="say photo-view__sent" role="status" data-testid="photo-sent">
          {t('photos.sent')}
        </p>
      ) : null}
    </main>
  );
}
