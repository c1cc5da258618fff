/**
 * Where the helper points (issue 11). The console shows the shared screen scaled into a box, with
 * bands on two sides when the shapes differ (object-fit: contain); a click becomes a point normalised
 * to the picture itself, (0, 0) its top-left corner and (1, 1) its bottom-right. The shell turns it
 * back into pixels of what it shares. The picture is the screen as it is, so a right-to-left layout
 * changes nothing here: the point is the same pixel, never mirrored.
 */

export type Box = { left: number; top: number; width: number; height: number };

/** The part of `box` the picture covers when a `pictureWidth` × `pictureHeight` picture is contained in it. */
export function containedPicture(box: Box, pictureWidth: number, pictureHeight: number): Box {
  if (pictureWidth <= 0 || pictureHeight <= 0 || box.width <= 0 || box.height <= 0) return { ...box, width: 0, height: 0 };
  const scale = Math.min(box.width / pictureWidth, box.height / pictureHeight);
  const width = pictureWidth * scale;
  const height = pictureHeight * scale;
  return { left: box.left + (box.width - width) / 2, top: box.top + (box.height - height) / 2, width, height };
}

/** The click at (clientX, clientY) as a point of the picture, or null when it fell on a band or outside. */
export function pointOnPicture(clientX: number, clientY: number, box: Box, pictureWidth: number, pictureHeight: number): { x: number; y: number } | null {
  const picture = containedPicture(box, pictureWidth, pictureHeight);
  if (picture.width === 0) return null;
  const x = (clientX - picture.left) / picture.width;
  const y = (clientY - picture.top) / picture.height;
  if (x < 0 || x > 1 || y < 0 || y > 1) return null;
  return { x, y };
}

/** The normalised point back in pixels of a surface `width` × `height` (the shared tab or screen). */
export function pointOnSurface(point: { x: number; y: number }, width: number, height: number): { left: number; top: number } {
  return { left: point.x * width, top: point.y * height };
}

/**
 * Who draws the helper's ring. When the whole screen is shared (Electron on a home loan: the person
 * may be in another program), a transparent, click-through window over the display draws it
 * (main/electron/live-help.ts); the shell's page would put it on the wrong pixel, being only one
 * window of the desktop. A shared tab or the kiosk's own window: the page draws it.
 */
export function pointerDrawnBy(surface: 'browser' | 'window' | 'monitor' | null): 'page' | 'overlay' {
  return surface === 'monitor' ? 'overlay' : 'page';
}
