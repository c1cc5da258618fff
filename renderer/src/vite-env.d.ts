/// <reference types="vite/client" />

/** Part of locales/fr.json: the first frame's strings (renderer/first-frame-strings.ts). */
declare module 'virtual:first-frame-strings' {
  const strings: Record<string, unknown>;
  export default strings;
}
