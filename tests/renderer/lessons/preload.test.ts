import { describe, expect, it } from 'vitest';
import type { DisplayStep } from '../../../app/lessons/model.ts';
import { displayedPictures } from '../../../renderer/src/lessons/preload.ts';

const say = { text: 'Regardez', audio: null };

describe('displayedPictures (what is decoded before the step shows)', () => {
  it.each<[string, DisplayStep, string[]]>([
    ['a show step', { kind: 'show', say, picture: '/a.svg' }, ['/a.svg']],
    ['a watch step, its frames once each', { kind: 'watch', say, picture: '/a.svg', frames: ['/a.svg', '/b.svg', '/c.svg'], frameMs: 500, mirror: false }, ['/a.svg', '/b.svg', '/c.svg']],
    ['a drag step and its drop place', { kind: 'drag', say, picture: '/a.svg', to: '/bin.svg', from: 'start', at: 'end' }, ['/a.svg', '/bin.svg']],
    ['a scroll step and its guide', { kind: 'scroll', say, picture: '/a.svg', screens: 2, guide: '/wheel.svg' }, ['/a.svg', '/wheel.svg']],
    ['a scroll step without guide', { kind: 'scroll', say, picture: '/a.svg', screens: 2, guide: null }, ['/a.svg']],
    [
      'a choose step and every option',
      {
        kind: 'choose',
        say,
        picture: '/q.svg',
        options: [
          { picture: '/yes.svg', label: say, right: true, feedback: null },
          { picture: '/no.svg', label: say, right: false, feedback: null },
        ],
      },
      ['/q.svg', '/yes.svg', '/no.svg'],
    ],
  ])('%s', (_name, step, pictures) => {
    expect(displayedPictures(step)).toEqual(pictures);
  });
});
