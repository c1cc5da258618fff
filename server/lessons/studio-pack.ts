/**
 * The recording studio's view of a pack (issue 14): the sentences a helper reads, in one language,
 * and the pack made again with the approved recordings as its audio. A recording goes in as
 * `recorded/<lang>/<key>.ogg` (the path the shell already prefers to synthesis), credited in the
 * manifest's assets, and `audio/manifest.json` says for that sentence that a person recorded it; the
 * synthesized file it replaces leaves the pack.
 */
import { createHash } from 'node:crypto';
import YAML from 'yaml';
import { LessonManifest, LessonTexts, packSentenceKeys, shownText } from '../../app/lessons/model.ts';
import type { Language } from '../../app/protocol/common.ts';
import type { ArchiveEntry } from '../../lib/packs/archive.ts';
import { RECORDED_EXTENSIONS, audioManifestFile, generatedAudioFile, type AudioManifest } from '../../main/services/lesson-audio.ts';
import { oggVorbisDurationMs } from './studio-audio.ts';

export type StudioSentence = { key: string; text: string; synthesizedMs: number | null };

export type StudioPack = { manifest: LessonManifest; files: ArchiveEntry[]; texts: Partial<Record<Language, LessonTexts>> };

export function readStudioPack(files: ArchiveEntry[]): StudioPack {
  const file = (path: string) => files.find((f) => f.path === path)?.data.toString('utf8');
  const manifest = LessonManifest.parse(YAML.parse(file('lesson.yaml')!));
  const texts: StudioPack['texts'] = {};
  for (const language of manifest.languages) {
    const text = file(`texts/${language}.yaml`);
    const parsed = text === undefined ? null : LessonTexts.safeParse(YAML.parse(text));
    if (parsed?.success) texts[language] = parsed.data;
  }
  return { manifest, files, texts };
}

/** Every sentence of the pack in one language, in the order it is heard, with its synthesized length. */
export function studioSentences(pack: StudioPack, language: Language): StudioSentence[] {
  const texts = pack.texts[language];
  if (!texts) return [];
  return packSentenceKeys(pack.manifest).flatMap((key) => {
    const text = shownText(texts, key);
    if (text === undefined) return [];
    const audio = pack.files.find((f) => f.path === generatedAudioFile(language, key));
    return [{ key, text, synthesizedMs: audio ? oggVorbisDurationMs(audio.data) : null }];
  });
}

export type ApprovedAudio = { language: Language; key: string; text: string; audio: Buffer };

/** The pack's files with these recordings as its audio, one version higher than `above`. */
export function withRecordings(pack: StudioPack, recordings: readonly ApprovedAudio[], above: number, attribution: string): ArchiveEntry[] {
  const replaced = new Set<string>();
  const added: ArchiveEntry[] = [];
  const audioManifest = JSON.parse(pack.files.find((f) => f.path === audioManifestFile)?.data.toString('utf8') ?? '{}') as AudioManifest;
  for (const r of recordings) {
    const file = `recorded/${r.language}/${r.key}.ogg`;
    for (const ext of RECORDED_EXTENSIONS) replaced.add(`recorded/${r.language}/${r.key}${ext}`);
    replaced.add(generatedAudioFile(r.language, r.key));
    added.push({ path: file, data: r.audio });
    audioManifest[`${r.language}/${r.key}`] = { source: 'recorded', file, text: r.text, sha256: createHash('sha256').update(r.audio).digest('hex'), bytes: r.audio.length };
  }
  const doc = YAML.parseDocument(pack.files.find((f) => f.path === 'lesson.yaml')!.data.toString('utf8'));
  doc.set('version', above + 1);
  const credits = pack.manifest.assets.filter((a) => !replaced.has(a.file));
  for (const f of added) credits.push({ file: f.path, licence: 'CC BY-SA 4.0', attribution });
  doc.set('assets', doc.createNode(credits));
  const sorted = Object.fromEntries(Object.entries(audioManifest).sort(([a], [b]) => a.localeCompare(b)));
  const kept = pack.files.filter((f) => !replaced.has(f.path) && f.path !== 'lesson.yaml' && f.path !== audioManifestFile);
  return [
    { path: 'lesson.yaml', data: Buffer.from(doc.toString()) },
    { path: audioManifestFile, data: Buffer.from(JSON.stringify(sorted, null, 2) + '\n') },
    ...kept,
    ...added,
  ].sort((a, b) => a.path.localeCompare(b.path));
}
