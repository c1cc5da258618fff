import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SiteDownload } from '../../../app/bridge/contract.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms } from '../pictograms.ts';
import { speak } from '../speech.ts';

const look = {
  refused: { picture: pictograms.stopSign, title: 'site.downloadRefused', note: 'site.downloadRefusedNote', say: 'site.downloadSayRefused' },
  saved: { picture: pictograms.pageFacingUp, title: 'site.downloadSaved', note: 'site.downloadSavedNote', say: 'site.downloadSaySaved' },
  failed: { picture: pictograms.warning, title: 'site.downloadFailed', note: 'site.downloadFailedNote', say: 'site.downloadSayFailed' },
} as const;

/**
 * What became of a download from the site (issue 13), over the site under its bar: a program refused
 * ("Ce fichier est un programme…"), a file saved in "Mes documents" (and where to find it), or a file
 * that could not be saved. A picture, the sentence said aloud, the file's name, "D'accord" and Help.
 * The host tells it (the bridge's `siteDownload` event, from Electron's session).
 */
export function SiteDownloadNotice({ notice, onClose, onHelp }: { notice: SiteDownload; onClose: () => void; onHelp: () => void }) {
  const { t } = useTranslation();
  const { picture, title, note, say } = look[notice.outcome];
  useEffect(() => void speak(t(say)), [notice, say, t]);
  return (
    <div className={`site-notice site-notice--${notice.outcome}`} role="alertdialog" aria-labelledby="site-notice-title" aria-describedby="site-notice-note" data-testid="site-download" data-outcome={notice.outcome}>
      <img src={picture} alt="" aria-hidden="true" className="site-notice__picture" />
      <h2 id="site-notice-title" className="say">
        {t(title)}
      </h2>
      <p id="site-notice-note" className="site-notice__note">
        {t(note)}
      </p>
      {/* The name as the person's own folder shows it; isolated so a right-to-left name cannot reorder the sentence. */}
      <p className="site-notice__file" data-testid="site-download-file">
        {t('site.downloadFile', { name: `\u2068${notice.fileName}\u2069` })}
      </p>
      <div className="yes-no">
        <PictureButton picture="check" label={t('site.downloadOk')} size="large" tone="yes" onClick={onClose} data-testid="site-download-ok" />
        <PictureButton picture="helper" label={t('nav.help')} size="large" tone="help" onClick={onHelp} data-testid="site-download-help" />
      </div>
    </div>
  );
}
