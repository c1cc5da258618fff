/** Which small window of a home loan this page is (Electron opens them with `?view=`), or null for the shell itself. */
export type DesktopView = 'help-button' | 'pointer-overlay';

export function desktopView(search: string): DesktopView | null {
  const view = new URLSearchParams(search).get('view');
  return view === 'help-button' || view === 'pointer-overlay' ? view : null;
}
