import type { ButtonHTMLAttributes } from 'react';
import { kioskPictograms, type KioskPictogram } from './pictograms.ts';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  picture: KioskPictogram;
  label: string;
  size?: 'hero' | 'large' | 'bar' | 'key';
  tone?: 'plain' | 'yes' | 'no' | 'finish';
};

/** The kiosk screens' picture buttons: the shell's PictureButton look (same classes), kiosk pictures. */
export function KioskButton({ picture, label, size = 'large', tone = 'plain', className, ...rest }: Props) {
  const sizeClass = size === 'hero' || size === 'key' ? `kiosk-button--${size}` : `picture-button--${size}`;
  return (
    <button type="button" className={`picture-button ${sizeClass} picture-button--${tone} ${className ?? ''}`} {...rest}>
      <img src={kioskPictograms[picture]} alt="" aria-hidden="true" draggable={false} />
      <span>{label}</span>
    </button>
  );
}
