import { describe, expect, it } from 'vitest';
import { appLocations } from '../../../main/policy/paths.ts';

describe('appLocations', () => {
  it('finds everything in the repository when unpackaged', () => {
    expect(appLocations({ isPackaged: false, bundleDir: '/work/main/dist/electron', resourcesPath: '/usr/lib/electron/resources' })).toEqual({
      appRoot: '/work/main',
      rendererDir: '/work/main/dist/renderer',
      lessonsDir: '/work/main/lessons',
      preloadPath: '/work/main/dist/electron/preload.cjs',
    });
  });

  it('takes lessons from the resources beside app.asar when packaged', () => {
    const packaged = appLocations({ isPackaged: true, bundleDir: '/opt/Passerelle/resources/app.asar/dist/electron', resourcesPath: '/opt/Passerelle/resources' });
    expect(packaged.rendererDir).toBe('/opt/Passerelle/resources/app.asar/dist/renderer');
    expect(packaged.lessonsDir).toBe('/opt/Passerelle/resources/lessons');
  });
});
