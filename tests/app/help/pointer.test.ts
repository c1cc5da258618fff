import { describe, expect, it } from 'vitest';
import { containedPicture, pointOnPicture, pointOnSurface, pointerDrawnBy } from '../../../app/help/pointer.ts';

describe('the pointer: console click → normalised point → shell pixel', () => {
  it('finds the picture inside its box, with bands left and right or above and below', () => {
    // A 1366×768 screen in a 800×600 box: full width, bands above and below.
    expect(containedPicture({ left: 100, top: 50, width: 800, height: 600 }, 1366, 768)).toEqual({
      left: 100,
      top: 50 + (600 - 768 * (800 / 1366)) / 2,
      width: 800,
      height: 768 * (800 / 1366),
    });
    // A 4:3 screen in a wide box: full height, bands on the sides.
    const tall = containedPicture({ left: 0, top: 0, width: 1000, height: 300 }, 1024, 768);
    expect(tall.height).toBe(300);
    expect(tall.left).toBeCloseTo((1000 - 400) / 2);
  });

  it('maps a click on a point of the picture to the same point of the screen at 1366×768 and 1920×1080', () => {
    const box = { left: 20, top: 80, width: 900, height: 700 };
    for (const [w, h] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      const target = { left: 1234, top: 567 }; // a button's centre on the person's screen
      const picture = containedPicture(box, w, h);
      const clickX = picture.left + (target.left / w) * picture.width;
      const clickY = picture.top + (target.top / h) * picture.height;
      const point = pointOnPicture(clickX, clickY, box, w, h)!;
      const back = pointOnSurface(point, w, h);
      expect(back.left).toBeCloseTo(target.left, 6);
      expect(back.top).toBeCloseTo(target.top, 6);
    }
  });

  it('ignores clicks on the bands, outside the box, or before the picture has a size', () => {
    const box = { left: 0, top: 0, width: 800, height: 600 };
    expect(pointOnPicture(400, 10, box, 1366, 768)).toBeNull(); // the band above
    expect(pointOnPicture(900, 300, box, 1366, 768)).toBeNull();
    expect(pointOnPicture(400, 300, box, 0, 0)).toBeNull();
    expect(pointOnPicture(400, 300, box, 1366, 768)).toEqual({ x: 0.5, y: 0.5 });
  });
});

describe('who draws the ring', () => {
  it('the overlay window over the display when the whole screen is shared, the page otherwise', () => {
    expect(pointerDrawnBy('monitor')).toBe('overlay');
    expect(pointerDrawnBy('browser')).toBe('page');
    expect(pointerDrawnBy('window')).toBe('page');
    expect(pointerDrawnBy(null)).toBe('page');
  });
});
