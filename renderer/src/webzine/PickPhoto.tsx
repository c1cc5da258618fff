/**
 * "Mes photos" in Raconter (issue 17): the person's own pictures (the pictures service of issue 13,
 * through the bridge: the shell reads no file itself) as big thumbnails, six at a time, newest first;
 * each says its name when the pointer rests on it. Touching one gives it to the story, which draws it
 * again as a JPEG like a camera's frame (media.ts); the hub strips any metadata left as it does for all.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyFile } from '../../../app/tiles/my-files.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms } from '../pictograms.ts';
import { speak, useSpokenOnShow } from '../speech.ts';
import { useFileData } from '../tiles/useFileData.ts';
import '../tiles/photos.css';

/** Six big thumbnails (3 × 2) fit 1366×768 under the top bar with the question and the buttons. */
const PAGE = 6;

function Choice({ file, onChosen }: { file: MyFile; onChosen: (dataUrl: string) => void }) {
  const { dataUrl } = useFileData(file);
  return (
    <li>
      <button
        type="button"
        className="photo-thumb"
        disabled={!dataUrl}
        onClick={() => dataUrl && onChosen(dataUrl)}
        onMouseEnter={() => void speak(file.title)}
        data-testid="tell-pick-photo"
        data-id={file.id}
      >
        {dataUrl ? <img src={dataUrl} alt="" className="photo-thumb__picture" draggable={false} /> : <img src={pictograms.framedPicture} alt="" className="photo-thumb__icon" aria-hidden="true" />}
        <span className="photo-thumb__title">{file.title}</span>
      </button>
    </li>
  );
}

export function PickPhoto({ onChosen, onBack, registerListen }: { onChosen: (dataUrl: string) => void; onBack: () => void; registerListen: (l: () => void) => void }) {
  const { t } = useTranslation();
  const [pictures, setPictures] = useState<MyFile[] | null>(null);
  const [page, setPage] = useState(0);
  useEffect(() => {
    void bridge.listMyFiles({}).then(
      (list) => setPictures(list.files.filter((f) => f.kind === 'picture')),
      () => setPictures([]),
    );
  }, []);
  const empty = pictures !== null && pictures.length === 0;
  const listen = useSpokenOnShow(pictures === null ? '' : t(empty ? 'webzine.pick.emptySay' : 'webzine.pick.say'));
  useEffect(() => registerListen(listen), [listen, registerListen]);
  const pages = Math.max(1, Math.ceil((pictures?.length ?? 0) / PAGE));
  const shown = (pictures ?? []).slice(page * PAGE, page * PAGE + PAGE);

  return (
    <div className="webzine-pick" data-testid="tell-pick">
      <h1 id="tell-title" className="say">
        {t(empty ? 'webzine.pick.empty' : 'webzine.pick.title')}
      </h1>
      {!empty && (
        <ul className="photos__grid">
          {shown.map((file) => (
            <Choice key={file.id} file={file} onChosen={onChosen} />
          ))}
        </ul>
      )}
      <div className="yes-no">
        <PictureButton picture="back" label={t('webzine.pick.back')} size="bar" className="webzine-pick-back" onClick={onBack} data-testid="tell-pick-back" />
        {pages > 1 && <PictureButton picture="skip" label={t('webzine.pick.more')} size="bar" onClick={() => setPage((page + 1) % pages)} data-testid="tell-pick-more" />}
      </div>
    </div>
  );
}
