import type { ButtonHTMLAttributes } from 'react';
import { pictograms, type PictogramName } from '../pictograms.ts';

type Props = ButtonHTMLAttributes<HTMLButtonElement> & {
  picture: PictogramName;
  label: string;
  size?: 'tile' | 'large' | 'bar';
  tone?: 'plain' | 'help' | 'yes' | 'no';
};

/** Every action in the shell: a big picture with its word under it. Never a word alone. */
export function PictureButton({ picture, label, size = 'large', tone = 'plain', className, ...rest }: Props) {
  return (
    <button type="button" className={`picture-button picture-button--${size} picture-button--${tone} ${className ?? ''}`} {...rest}>
      <img src={pictograms[picture]} alt="" aria-hidden="true" draggable={false} />
      <span>{label}</span>
    </button>
  );
}
