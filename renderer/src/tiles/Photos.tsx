/**
 * "Photos et documents" (issue 13): the person's pictures and PDFs as big thumbnails, six at a time,
 * newest first, with one row of big choices above them: the photos, the documents, and the USB key
 * when one is plugged in (said aloud when it appears). A thumbnail is the picture itself, drawn by the
 * page from the bridge's data: URL; a PDF's is its first page, drawn with pdf.js (PdfPage.tsx). Touching
 * one opens it full screen (PhotoViewer.tsx).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MyFile, MyFileList } from '../../../app/tiles/my-files.ts';
import { bridge } from '../bridge.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { TopBar } from '../components/TopBar.tsx';
import { pictograms, type PictogramName } from '../pictograms.ts';
import { speak, useSpokenOnShow } from '../speech.ts';
import type { TileScreenProps } from './openers.ts';
import { PdfPage } from './PdfPage.tsx';
import { PhotoViewer } from './PhotoViewer.tsx';
import { useFileData } from './useFileData.ts';
import './photos.css';

/** Six big thumbnails (3 × 2) fit 1366×768 under the bars with their titles. */
const PAGE = 6;
type Shelf = 'picture' | 'pdf' | 'usb';
const SHELF_PICTURES: Record<Shelf, PictogramName> = { picture: 'framedPicture', pdf: 'pageFacingUp', usb: 'usbKey' };

const onShelf = (file: MyFile, shelf: Shelf) => (shelf === 'usb' ? file.place === 'usb' : file.kind === shelf && file.place !== 'usb');

function Thumbnail({ file, onOpen }: { file: MyFile; onOpen: () => void }) {
  const { t } = useTranslation();
  const { dataUrl } = useFileData(file.kind === 'picture' ? file : null);
  return (
    <li>
      <button type="button" className="photo-thumb" onClick={onOpen} onMouseEnter={() => void speak(file.title)} data-testid="photo-thumb" data-id={file.id}>
        {file.kind === 'pdf' ? (
          <PdfPage file={file} page={1} />
        ) : dataUrl ? (
          <img src={dataUrl} alt="" className="photo-thumb__picture" draggable={false} />
        ) : (
          <img src={pictograms.framedPicture} alt="" className="photo-thumb__icon" aria-hidden="true" />
        )}
        <span className="photo-thumb__title">
          {file.place === 'usb' ? <img src={pictograms.usbKey} alt={t('photos.shelf.usb')} className="photo-thumb__badge" /> : null}
          {file.title}
        </span>
      </button>
    </li>
  );
}

export function Photos({ onHome, onHelp, registerListen }: TileScreenProps) {
  const { t } = useTranslation();
  const [list, setList] = useState<MyFileList | null>(null);
  const [shelf, setShelf] = useState<Shelf>('picture');
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<MyFile | null>(null);

  const reload = useCallback(() => {
    // Kept as it is when nothing changed: thumbnails are not read again on every look at the disk.
    const keep = (next: MyFileList) => setList((prev) => (prev && JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
    return bridge.listMyFiles({}).then(keep, () => keep({ files: [], usbKey: false }));
  }, []);
  useEffect(() => {
    void reload();
    // A USB key plugged in or taken out shows without a button: the list is read again every few seconds.
    const timer = setInterval(() => void reload(), 4000);
    return () => clearInterval(timer);
  }, [reload]);
  // The key is announced when it appears, and its shelf opens.
  const [keyWasIn, setKeyWasIn] = useState(false);
  useEffect(() => {
    if (!list) return;
    if (list.usbKey && !keyWasIn) {
      setShelf('usb');
      setPage(0);
      void speak(t('photos.usbIn'));
    }
    if (!list.usbKey && shelf === 'usb') setShelf('picture');
    setKeyWasIn(list.usbKey);
  }, [list, keyWasIn, shelf, t]);

  const files = (list?.files ?? []).filter((f) => onShelf(f, shelf));
  const pages = Math.max(1, Math.ceil(files.length / PAGE));
  const shown = files.slice(page * PAGE, page * PAGE + PAGE);
  const sentence = list && files.length === 0 ? t(`photos.empty.${shelf}`) : t('photos.say');
  const listen = useSpokenOnShow(sentence);
  useEffect(() => {
    if (!open) registerListen(listen);
  }, [open, listen, registerListen]);

  if (open)
    return (
      <PhotoViewer
        file={open}
        onClose={() => setOpen(null)}
        onDeleted={() => {
          setOpen(null);
          void reload();
        }}
        onHelp={onHelp}
        registerListen={registerListen}
      />
    );

  const shelves: Shelf[] = list?.usbKey ? ['picture', 'pdf', 'usb'] : ['picture', 'pdf'];
  return (
    <>
    <TopBar onHome={onHome} onListen={listen} onHelp={onHelp} helpActive={false} />
    <main className="screen photos" aria-labelledby="photos-title" data-testid="photos" data-shelf={shelf}>
      <h1 id="photos-title" className="photos__title">{t('photos.title')}</h1>
      <div className="photos__shelves" role="group" aria-label={t('photos.title')}>
        {shelves.map((s) => (
          <PictureButton
            key={s}
            picture={SHELF_PICTURES[s]}
            label={t(`photos.shelf.${s}`)}
            size="bar"
            aria-pressed={shelf === s}
            className="photos__shelf"
            onClick={() => {
              setShelf(s);
              setPage(0);
            }}
            data-testid={`photos-shelf-${s}`}
          />
        ))}
      </div>
      <div className="photos__browse">
        <PictureButton picture="back" label={t('photos.previous')} size="bar" className="photos__page" disabled={page === 0} onClick={() => setPage((p) => p - 1)} data-testid="photos-previous" />
        {list && files.length === 0 ? (
          <p className="photos__empty say" data-testid="photos-empty">
            {sentence}
          </p>
        ) : (
          <ul className="photos__grid">
            {shown.map((file) => (
              <Thumbnail key={file.id} file={file} onOpen={() => setOpen(file)} />
            ))}
          </ul>
        )}
        <PictureButton picture="forward" label={t('photos.next')} size="bar" className="photos__page" disabled={page >= pages - 1} onClick={() => setPage((p) => p + 1)} data-testid="photos-next" />
      </div>
    </main>
    </>
  );
}
