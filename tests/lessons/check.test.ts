import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCALES_DIR, checkLessons } from '../../scripts/lessons-check.ts';
import { countInstructions, isNegative, jargonIn, loadRules, sentences, words } from '../../scripts/lessons-plain-language.ts';
import { SCHEMA_FILES } from '../../scripts/lessons-schema.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../lessons');
const rules = loadRules(lessonsDir);
let dir: string;

/** A copy of the real lessons folder with a few packs, to break on purpose. */
function copyLessons(ids: string[]): string {
  const root = path.join(dir, 'lessons');
  fs.mkdirSync(root, { recursive: true });
  for (const f of ['plain-language.yaml', 'shell-speech.yaml', ...Object.values(SCHEMA_FILES)]) fs.copyFileSync(path.join(lessonsDir, f), path.join(root, f));
  for (const id of ids) fs.cpSync(path.join(lessonsDir, id), path.join(root, id), { recursive: true });
  // The families (issue 12), keeping only the copied lessons.
  fs.cpSync(path.join(lessonsDir, 'families'), path.join(root, 'families'), { recursive: true });
  const families = YAML.parse(fs.readFileSync(path.join(lessonsDir, 'families.yaml'), 'utf8')) as { families: { lessons: string[] }[]; covers: Record<string, string> };
  for (const f of families.families) f.lessons = f.lessons.filter((id) => ids.includes(id));
  families.families = families.families.filter((f) => f.lessons.length > 0);
  families.covers = Object.fromEntries(Object.entries(families.covers).filter(([id]) => ids.includes(id)));
  fs.writeFileSync(path.join(root, 'families.yaml'), YAML.stringify(families));
  return root;
}
function edit(file: string, change: (data: Record<string, unknown>) => void) {
  const data = YAML.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(data);
  fs.writeFileSync(file, YAML.stringify(data));
}
const messages = (root: string) => checkLessons(root).map((p) => `${p.lesson}: ${p.message}`);
/** A changed speech form also makes its audio out of date: leave that message aside. */
const voiceMessages = (root: string) => messages(root).filter((m) => !m.includes('no audio') && !m.includes('is not a lesson here'));

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-check-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('lessons:check on the shipped lessons', () => {
  it('finds no problem in the lessons folder', () => {
    expect(checkLessons(lessonsDir)).toEqual([]);
  });
});

describe('lessons:check catches what it promises', () => {
  it('a picture that is missing, or not credited', () => {
    const root = copyLessons(['souris-cliquer']);
    fs.rmSync(path.join(root, 'souris-cliquer/pictures/2B50.svg'));
    edit(path.join(root, 'souris-cliquer/lesson.yaml'), (m) => {
      m.assets = (m.assets as { file: string }[]).filter((a) => a.file !== 'pictures/1F3AF.svg');
    });
    expect(messages(root)).toEqual(
      expect.arrayContaining([
        'souris-cliquer: pictures/2B50.svg is named but does not exist',
        'souris-cliquer: assets lists pictures/2B50.svg, which does not exist',
        'souris-cliquer: pictures/1F3AF.svg has no licence and attribution in assets',
      ]),
    );
  });

  it('a sentence missing in one language, and a language missing from the list', () => {
    const root = copyLessons(['souris-cliquer']);
    edit(path.join(root, 'souris-cliquer/texts/ar.yaml'), (t) => {
      delete (t.steps as Record<string, string>).click_star;
    });
    edit(path.join(root, 'souris-cliquer/lesson.yaml'), (m) => {
      m.languages = ['fr', 'ar'];
    });
    expect(messages(root)).toEqual(
      expect.arrayContaining([
        'souris-cliquer: languages lacks "en": every lesson ships in fr, en, ar',
        'souris-cliquer: texts/ar.yaml lacks the sentence "click_star"',
      ]),
    );
  });

  it('audio made from an older text', () => {
    const root = copyLessons(['souris-cliquer', 'souris-bouger']);
    edit(path.join(root, 'souris-cliquer/texts/en.yaml'), (t) => {
      (t.steps as Record<string, string>).click_star = 'Press the star once.';
    });
    expect(messages(root)).toEqual([
      'souris-cliquer: no audio for "click_star" in en (or it was made from an older text): run npm run lessons:audio',
    ]);
  });

  it('a long sentence, two instructions in a step, and jargon without its picture', () => {
    const root = copyLessons(['souris-cliquer', 'souris-bouger']);
    edit(path.join(root, 'souris-cliquer/texts/fr.yaml'), (t) => {
      const s = t.steps as Record<string, string>;
      s.intro = 'Voici le bouton de gauche de la souris que vous tenez dans votre main droite.';
      s.click_star = "Regardez l'étoile. Appuyez une fois dessus.";
      s.click_target = 'Appuyez sur la cible, comme sur un lien.';
    });
    const found = messages(root).filter((m) => !m.includes('no audio'));
    expect(found).toEqual([
      'souris-cliquer: step 1 (show) in fr: "Voici le bouton de gauche de la souris que vous tenez dans votre main droite." has 15 words (at most 12)',
      `souris-cliquer: step 3 (click) in fr: "Regardez l'étoile. Appuyez une fois dessus." gives 2 instructions (one per step)`,
      'souris-cliquer: step 4 (click) in fr: "lien" needs one of these pictures shown on the step: 1F517.svg',
    ]);
  });

  it('a manifest that breaks the schema, a folder name that is not the id, a stray file', () => {
    const root = copyLessons(['souris-cliquer', 'souris-bouger']);
    edit(path.join(root, 'souris-cliquer/lesson.yaml'), (m) => {
      (m.steps as Record<string, unknown>[])[2]!.kind = 'fly';
    });
    fs.renameSync(path.join(root, 'souris-bouger'), path.join(root, 'bouger'));
    fs.writeFileSync(path.join(root, 'bouger/pictures/extra.svg'), '<svg/>');
    const found = messages(root);
    expect(found.some((m) => m.startsWith('souris-cliquer: lesson.yaml does not match the schema'))).toBe(true);
    expect(found).toEqual(expect.arrayContaining(['bouger: the id "souris-bouger" differs from the folder name', 'bouger: pictures/extra.svg is not used by any step']));
  });

  it('a prerequisite placed later on the map, and two lessons at one place', () => {
    const root = copyLessons(['souris-cliquer', 'souris-bouger']);
    edit(path.join(root, 'souris-bouger/lesson.yaml'), (m) => {
      m.order = 2;
    });
    expect(messages(root)).toEqual(
      expect.arrayContaining([expect.stringMatching(/order 2 is also/), 'souris-cliquer: prerequisite souris-bouger comes later on the map (order 2)']),
    );
  });

  it('an exported JSON Schema that no longer matches app/lessons/model.ts', () => {
    const root = copyLessons([]);
    fs.writeFileSync(path.join(root, SCHEMA_FILES.manifest), '{}');
    expect(messages(root)).toEqual([`${SCHEMA_FILES.manifest}: out of date with app/lessons/model.ts: run npm run lessons:schema`]);
  });
});

describe('lessons:check keeps the voice clear', () => {
  it('an Arabic sentence without a vowelled speech form, or with one that says other words', () => {
    const root = copyLessons(['souris-cliquer', 'souris-bouger']);
    edit(path.join(root, 'souris-cliquer/texts/ar.yaml'), (t) => {
      const speech = t.speech as { steps: Record<string, string> };
      delete speech.steps.click_star;
      speech.steps.click_apple = 'الْآنَ ٱضْغَطْ عَلَى الْبُرْتُقَالَةِ.';
    });
    expect(voiceMessages(root)).toEqual([
      'souris-cliquer: "click_star" in ar: "اضغط مرة واحدة على النجمة." needs a speech form, fully vowelled (speech: in its texts file)',
      'souris-cliquer: "click_apple" in ar: the speech form "الْآنَ ٱضْغَطْ عَلَى الْبُرْتُقَالَةِ." does not say the words shown, "الآن اضغط على التفاحة."',
    ]);
  });

  it('an Arabic word without its vowels, and one espeak-ng says with no vowel at all', () => {
    const root = copyLessons(['souris-cliquer', 'souris-bouger']);
    edit(path.join(root, 'souris-cliquer/texts/ar.yaml'), (t) => {
      const speech = t.speech as { steps: Record<string, string> };
      (t.steps as Record<string, string>).click_target = 'يطلب. اضغط على الهدف.';
      speech.steps.click_target = 'يطلب. اِضْغَطْ عَلَى الْهَدَفِ.';
      speech.steps.click_apple = 'الْآنَ ٱضْغَطْ عَلَى التُّفَّاحَة.';
    });
    expect(voiceMessages(root)).toEqual([
      'souris-cliquer: "click_target" in ar: "يطلب" is not fully vowelled (no mark on ي ط ل ب)',
      'souris-cliquer: "click_apple" in ar: "التُّفَّاحَة" is not fully vowelled (no mark on ة)',
      'souris-cliquer: "click_target" in ar: espeak-ng says "يطلب" with no vowel (jt[lb)',
    ]);
  });

  it('a code that espeak-ng would read as one number, in any language', () => {
    const root = copyLessons(['mot-de-passe']);
    edit(path.join(root, 'mot-de-passe/texts/fr.yaml'), (t) => {
      delete t.speech;
    });
    expect(voiceMessages(root)).toEqual([
      'mot-de-passe: "opt_short" in fr: "1234" would be said as one number: write a code digit by digit ("1 2 3 4") or a number in words, in its speech form',
    ]);
  });

  it('the goal spoken at the start needs its audio, like every sentence', () => {
    const root = copyLessons(['souris-cliquer', 'souris-bouger']);
    edit(path.join(root, 'souris-cliquer/texts/en.yaml'), (t) => {
      t.goal = 'Press the button of the mouse once.';
    });
    expect(messages(root)).toEqual(['souris-cliquer: no audio for the goal in en (or it was made from an older text): run npm run lessons:audio']);
  });

  it('one shown sentence given two different speech forms', () => {
    const root = copyLessons(['souris-cliquer', 'souris-bouger', 'souris-double-clic']);
    edit(path.join(root, 'souris-cliquer/texts/ar.yaml'), (t) => {
      (t.steps as Record<string, string>).click_target = 'مرة أخرى. اضغط مرتين على الكتاب.';
      (t.speech as { steps: Record<string, string> }).steps.click_target = 'مَرَّةً أُخْرَى. اُضْغُطْ مَرَّتَيْنِ عَلَى الْكِتَابِ.';
    });
    expect(voiceMessages(root)).toEqual([
      'speech forms: "مرة أخرى. اضغط مرتين على الكتاب." is given 2 different speech forms: مَرَّةً أُخْرَى. اُضْغُطْ مَرَّتَيْنِ عَلَى الْكِتَابِ. | مَرَّةً أُخْرَى. اِضْغَطْ مَرَّتَيْنِ عَلَى الْكِتَابِ.',
    ]);
  });

  it('a shell sentence changed in the locale file, and a lesson-screen sentence without a speech form', () => {
    const root = copyLessons([]);
    const locales = path.join(dir, 'locales');
    fs.mkdirSync(locales);
    const ar = JSON.parse(fs.readFileSync(path.join(LOCALES_DIR, 'ar.json'), 'utf8')) as { lesson: Record<string, unknown> };
    ar.lesson.again = 'تقريبا! حاول من جديد.';
    ar.lesson.listenAgain = 'استمع مرة أخرى';
    fs.writeFileSync(path.join(locales, 'ar.json'), JSON.stringify(ar));
    expect(checkLessons(root, locales).map((p) => `${p.lesson}: ${p.message}`)).toEqual([
      'shell-speech.yaml: ar lesson.again: the shell now says "تقريبا! حاول من جديد.", not "تقريبا! حاول مرة أخرى.": update its text and speech form',
      'shell-speech.yaml: ar lesson.listenAgain ("استمع مرة أخرى") has no speech form',
    ]);
  });
});

describe('lessons:check makes plain language visible', () => {
  it('one name per idea: another word for something the lessons name, in a pack or on the lesson screens', () => {
    const root = copyLessons(['souris-molette', 'souris-glisser', 'souris-bouger', 'souris-cliquer', 'souris-double-clic']);
    edit(path.join(root, 'souris-molette/texts/fr.yaml'), (t) => {
      (t.steps as Record<string, string>).find_star = "Avec la roue, trouvez l'étoile.";
    });
    edit(path.join(root, 'souris-molette/texts/en.yaml'), (t) => {
      t.done = 'The mouse wheel helps you read long pages.';
    });
    const locales = path.join(dir, 'locales');
    fs.mkdirSync(locales);
    for (const language of ['fr', 'en', 'ar']) fs.copyFileSync(path.join(LOCALES_DIR, `${language}.json`), path.join(locales, `${language}.json`));
    const fr = JSON.parse(fs.readFileSync(path.join(locales, 'fr.json'), 'utf8')) as { lesson: Record<string, string> };
    fr.lesson.doubleAgain = "Cliquez deux fois, l'une après l'autre.";
    fs.writeFileSync(path.join(locales, 'fr.json'), JSON.stringify(fr));
    expect(checkLessons(root, locales).map((p) => `${p.lesson}: ${p.message}`).filter((m) => !m.includes('no audio'))).toEqual([
      `souris-molette: step 5 (scroll) in fr: "Avec la roue, trouvez l'étoile." says "roue" for the wheel between the mouse buttons: the lessons call it "molette"`,
      'souris-molette: what is learnt (done) in en: "The mouse wheel helps you read long pages." says "wheel" for the wheel between the mouse buttons: the lessons call it "scroll wheel"',
      'souris-molette: what is learnt (done) in en: "The mouse wheel helps you read long pages." says "mouse wheel" for the wheel between the mouse buttons: the lessons call it "scroll wheel"',
      `renderer/src/locales/fr.json: lesson.doubleAgain "Cliquez deux fois, l'une après l'autre." says "cliquez" for pressing the mouse button (a click): the lessons call it "appuyez"`,
    ]);
  });

  it('an order on a step the person only listens to, a negative sentence, praise, and "we" for the French "on"', () => {
    const root = copyLessons(['souris-cliquer', 'souris-bouger']);
    edit(path.join(root, 'souris-cliquer/texts/fr.yaml'), (t) => {
      const s = t.steps as Record<string, string>;
      s.intro = 'Voici le bouton de gauche. Posez votre doigt dessus.';
      s.click_target = "N'appuyez pas à côté. Appuyez sur la cible.";
      t.done = 'Bravo. Vous savez cliquer.';
    });
    edit(path.join(root, 'souris-cliquer/texts/en.yaml'), (t) => {
      t.goal = 'We press the mouse button once.';
    });
    expect(messages(root).filter((m) => !m.includes('no audio'))).toEqual([
      'souris-cliquer: what is learnt (done) in fr: "Bravo. Vous savez cliquer." praises ("bravo"): the shell says well done once, at the lesson\'s end',
      'souris-cliquer: step 1 (show) in fr: "Voici le bouton de gauche. Posez votre doigt dessus." gives an order on a step the person only listens to',
      `souris-cliquer: step 4 (click) in fr: "N'appuyez pas à côté." is negative: say what to do, or what is true`,
      `souris-cliquer: step 4 (click) in fr: "N'appuyez pas à côté. Appuyez sur la cible." gives 2 instructions (one per step)`,
      'souris-cliquer: the goal in en: "We press the mouse button once." says "we" like the French "on": speak to the person ("you")',
    ]);
  });

  it('jargon counts only a picture the step shows: a type step shows the word to copy, not its picture', () => {
    const root = copyLessons(['clavier-lettres', 'clavier-espace-effacer', 'clavier-prenom', 'clavier-majuscules-accents', 'souris-bouger', 'souris-cliquer']);
    edit(path.join(root, 'clavier-lettres/texts/fr.yaml'), (t) => {
      (t.steps as Record<string, string>).word_taxi = 'Écrivez taxi avec le clavier.';
    });
    // The step's picture is the keyboard, which explains "clavier"; but the person sees the word, not the keyboard.
    expect(messages(root).filter((m) => !m.includes('no audio') && !m.includes('is not a lesson here'))).toEqual([
      'clavier-lettres: step 3 (type) in fr: "clavier" needs one of these pictures shown on the step: 2328.svg, clavier-azerty.svg, clavier-trois-touches.svg, clavier-accents.svg, portable-dessus.svg',
    ]);
  });
});

describe('lessons:check asks what every lesson needs now', () => {
  it('what the person can do at the end, said on the end screen, in every language', () => {
    const root = copyLessons(['souris-bouger']);
    edit(path.join(root, 'souris-bouger/texts/en.yaml'), (t) => {
      delete t.done;
    });
    expect(messages(root)).toEqual(['souris-bouger: texts/en.yaml has no done: what the person can do now, said at the end']);
  });

  it('a thing to press in a scene smaller than a 64 px target on the 1366 × 768 screen', () => {
    const root = copyLessons(['internet-site', 'souris-cliquer', 'souris-bouger']);
    edit(path.join(root, 'internet-site/lesson.yaml'), (m) => {
      const find = (m.steps as { targets?: { box: number[] }[] }[])[2]!;
      find.targets![1]!.box = [1, 3, 6, 17];
    });
    expect(messages(root)).toEqual(['internet-site: step 3 (find): "lbl_back" is 44 × 71 px on a 1366 × 768 screen (at least 64 × 64)']);
  });

  it('a word to copy that the AZERTY keyboard picture cannot show', () => {
    const root = copyLessons(['clavier-lettres', 'souris-cliquer', 'souris-bouger']);
    edit(path.join(root, 'clavier-lettres/lesson.yaml'), (m) => {
      (m.steps as Record<string, unknown>[])[2]!.word = 'mañana';
    });
    expect(messages(root)).toEqual(['clavier-lettres: step 3 (type): "ñ" has no key on the AZERTY keyboard the lesson draws']);
  });
});

describe('plain-language helpers', () => {
  it('splits sentences the way they are heard, in French and Arabic', () => {
    expect(sentences('Voici la souris. Posez votre main dessus.')).toEqual(['Voici la souris.', 'Posez votre main dessus.']);
    expect(sentences('عندك شك؟ اتصل بشخص تثق به.')).toEqual(['عندك شك؟', 'اتصل بشخص تثق به.']);
  });

  it('counts words with apostrophes and dashes as one', () => {
    expect(words("Appuyez une fois sur l'étoile.")).toEqual(['Appuyez', 'une', 'fois', 'sur', "l'étoile"]);
    expect(words('Un e-mail : 1234 !')).toEqual(['Un', 'e-mail', '1234']);
  });

  it('counts no instruction where a French verb has its subject: "vous allez écrire" is not an order', () => {
    expect(countInstructions('Vous allez écrire votre prénom.', 'fr', rules)).toBe(0);
    expect(countInstructions('Maintenant, allez sur le soleil.', 'fr', rules)).toBe(1);
    expect(countInstructions('Si vous appuyez ici, la page change.', 'fr', rules)).toBe(0);
  });

  it('finds a negative sentence, but not the answer "no" opening a feedback', () => {
    const negative = (sentence: string, language: 'fr' | 'en' | 'ar') => isNegative(sentence, language, rules);
    expect(negative("Les lettres ne sont pas dans l'ordre.", 'fr')).toBe(true);
    expect(negative("Il n'est envoyé à personne.", 'fr')).toBe(true);
    expect(negative('Non.', 'fr')).toBe(false);
    expect(negative("Non, c'est un livre.", 'fr')).toBe(false);
    expect(negative("It isn't here.", 'en')).toBe(true);
    expect(negative('No problem: the computer adapts to you.', 'en')).toBe(true);
    expect(negative('No, this is a book.', 'en')).toBe(false);
    expect(negative('لا نعطيها لأحد.', 'ar')).toBe(true);
    expect(negative('لا، هذا كتاب.', 'ar')).toBe(false);
    expect(negative('Appelez une personne de confiance.', 'fr')).toBe(false);
  });

  it('counts instructions: French imperatives with pronouns, English verbs only where they open a clause, Arabic with clitics', () => {
    expect(countInstructions('Glissez-la dans le panier, puis lâchez.', 'fr', rules)).toBe(2);
    expect(countInstructions('A video call is a call where you see each other.', 'en', rules)).toBe(0);
    expect(countInstructions('Now press the star, then release.', 'en', rules)).toBe(2);
    expect(countInstructions('اضغط على النجمة واترك الزر.', 'ar', rules)).toBe(2);
  });

  it('finds jargon as whole words and phrases, whatever the case', () => {
    expect(jargonIn('Votre Mot de passe est secret.', 'fr', rules)).toEqual(['mot de passe']);
    expect(jargonIn('Un passeport.', 'fr', rules)).toEqual([]);
  });
});
