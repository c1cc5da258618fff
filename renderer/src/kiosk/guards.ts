/**
 * The page's own fences, in both hosts. In Electron they stand behind main's (before-input-event,
 * will-navigate, setWindowOpenHandler, will-download, navigateOnDragDrop: false); in the web host,
 * where Chromium runs the page with no main process to ask, they are the fence:
 * - a dropped file or link would navigate the page to it: every drag-over and drop is refused;
 * - no context menu (it offers "open link", "save image as…", "inspect");
 * - a link leaving the shell, opening a new window or downloading does nothing;
 * - window.open and window.print do nothing; the File System Access pickers are removed (the shell
 *   never renders `<input type=file>`: tests/e2e/kiosk-escapes.spec.ts scans the build for one);
 * - the shortcut keys main blocks are blocked here too (the ones a page may cancel).
 */
import { isBlockedShortcut } from '../../../main/policy/keys.ts';

/** The parts of a link this decision reads (an HTMLAnchorElement, or a plain object in tests). */
export type LinkLike = Pick<HTMLAnchorElement, 'hasAttribute' | 'getAttribute' | 'href'>;

/** True when following `anchor` would leave the shell, open a window, or download. */
export function isEscapingLink(anchor: LinkLike, pageOrigin: string): boolean {
  if (anchor.hasAttribute('download')) return true;
  const target = anchor.getAttribute('target');
  if (target && target !== '_self') return true;
  const href = anchor.getAttribute('href');
  if (href === null || href.startsWith('#')) return false;
  try {
    return new URL(anchor.href).origin !== pageOrigin;
  } catch {
    return true;
  }
}

export function installPageGuards(win: Window = window): () => void {
  const doc = win.document;
  const refuse = (event: Event) => {
    event.preventDefault();
    if (event instanceof DragEvent && event.dataTransfer) event.dataTransfer.dropEffect = 'none';
  };
  const onClick = (event: MouseEvent) => {
    const target = event.target as Element | null;
    const anchor = typeof target?.closest === 'function' ? target.closest('a') : null;
    if (anchor && (event.button !== 0 || isEscapingLink(anchor, win.location.origin))) event.preventDefault();
  };
  const onKey = (event: KeyboardEvent) => {
    if (isBlockedShortcut({ key: event.key, control: event.ctrlKey, shift: event.shiftKey, alt: event.altKey, meta: event.metaKey })) event.preventDefault();
  };
  const listeners: Array<[string, EventListener]> = [
    ['dragenter', refuse],
    ['dragover', refuse],
    ['drop', refuse],
    ['dragstart', refuse],
    ['contextmenu', refuse],
    ['click', onClick as EventListener],
    ['auxclick', onClick as EventListener],
    ['keydown', onKey as EventListener],
  ];
  for (const [type, listener] of listeners) doc.addEventListener(type, listener, { capture: true });

  const saved = { open: win.open, print: win.print };
  win.open = () => null;
  win.print = () => undefined;
  const pickers = ['showOpenFilePicker', 'showSaveFilePicker', 'showDirectoryPicker'] as const;
  const savedPickers = pickers.map((name) => [name, (win as unknown as Record<string, unknown>)[name]] as const);
  for (const name of pickers) (win as unknown as Record<string, unknown>)[name] = undefined;

  return () => {
    for (const [type, listener] of listeners) doc.removeEventListener(type, listener, { capture: true });
    win.open = saved.open;
    win.print = saved.print;
    for (const [name, value] of savedPickers) (win as unknown as Record<string, unknown>)[name] = value;
  };
}
