import { useTranslation } from 'react-i18next';
import { PictureButton } from './PictureButton.tsx';
import { callSlotRef } from '../call/slot.ts';

type Props = { onHome: (() => void) | null; onListen: () => void; onHelp: () => void; helpActive: boolean };

/**
 * The same bar on every screen: Home at the start, Listen in the middle, Help always at the end.
 * During a helper's call the call bar takes the middle (renderer/src/call/slot.ts) and Listen moves
 * beside Home: nothing lies over a control.
 */
export function TopBar({ onHome, onListen, onHelp, helpActive }: Props) {
  const { t } = useTranslation();
  return (
    <header className="top-bar">
      <div className="top-bar__start">
        {onHome ? <PictureButton picture="home" label={t('nav.home')} size="bar" onClick={onHome} data-testid="home-button" /> : null}
      </div>
      <PictureButton picture="speaker" label={t('nav.listen')} size="bar" onClick={onListen} data-testid="listen-button" />
      <div className="top-bar__call" ref={callSlotRef} />
      <PictureButton
        picture="helper"
        label={t('nav.help')}
        size="bar"
        tone="help"
        onClick={onHelp}
        data-testid="help-button"
        aria-pressed={helpActive}
      />
    </header>
  );
}
