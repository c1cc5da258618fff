/**
 * Speech forms: what the voice is given instead of the words shown (fully vowelled Arabic, codes
 * digit by digit), and the text checks lessons:check builds on.
 */
import { describe, expect, it } from 'vitest';
import {
  digitGroups,
  prepareForEspeak,
  saysTheShownWords,
  stripArabicMarks,
  textForSynthesizer,
  unmarkedLetters,
} from '../../../app/lessons/speech-forms.ts';

const SHADDA = '\u0651';
const FATHA = '\u064E';
const KASRA = '\u0650';

describe('speech forms', () => {
  it('strips tashkeel back to the words a reader is shown', () => {
    expect(stripArabicMarks('أَحْسَنْتَ. تَعْرِفُ الرَّدَّ.')).toBe('أحسنت. تعرف الرد.');
    expect(stripArabicMarks('وَٱلْآنَ هٰذِهِ')).toBe('والآن هذه');
  });

  it('puts a shadda before its vowel, the order espeak-ng reads, whatever order the text came in', () => {
    const canonical = `م${FATHA}ر${FATHA}${SHADDA}ة`; // vowel then shadda, as Unicode normalises
    expect(canonical.normalize('NFC')).toBe(canonical);
    expect(prepareForEspeak(canonical)).toBe(`م${FATHA}ر${SHADDA}${FATHA}ة`);
    expect(prepareForEspeak(`ر${KASRA}${SHADDA}`)).toBe(`ر${SHADDA}${KASRA}`);
  });

  it('gives the unsaid alif after a kasra as alif wasla (espeak-ng would say a long ā)', () => {
    expect(prepareForEspeak('بِالْفَأْرَةِ')).toBe('بِٱلْفَأْرَةِ');
    expect(prepareForEspeak('الِاسْمُ')).toBe('الِٱسْمُ');
    expect(prepareForEspeak('كَامِيرَا')).toBe('كَامِيرَا'); // a long ā after a fatha stays
  });

  it('finds the letters of a word left without a mark', () => {
    expect(unmarkedLetters('أحسنت')).toEqual(['أ', 'ح', 'س', 'ن', 'ت']);
    expect(unmarkedLetters('أَحسَنْتَ')).toEqual(['ح']);
    expect(unmarkedLetters('أَحْسَنْتَ')).toEqual([]);
  });

  it('asks no mark of alifs, of long vowels, or of the article before a sun letter', () => {
    for (const word of ['الْآنَ', 'عَلَى', 'مَارِي', 'أُو', 'يَقُولُ', 'الشَّمْسِ', 'لِلرَّدِّ', 'بِٱللَّوْنِ', 'الِاسْمُ', 'كَلِمَةً', 'هٰذِهِ', 'حَوَاسِيبَ']) {
      expect([word, unmarkedLetters(word)]).toEqual([word, []]);
    }
    expect(unmarkedLetters('الشَمْسِ')).toEqual(['ل']); // the lam is excused only before a shadda
  });

  it('accepts a speech form that says the shown words, and refuses one that says other words', () => {
    expect(saysTheShownWords('أحسنت. تعرف الرد.', 'أَحْسَنْتَ. تَعْرِفُ الرَّدَّ.', 'ar')).toBe(true);
    expect(saysTheShownWords('أحسنت. تعرف الرد.', 'أَحْسَنْتَ. تَعْرِفُ الرَّدَّ عَلَيْهِ.', 'ar')).toBe(false);
    expect(saysTheShownWords('أحسنت. تعرف الرد.', 'أَحْسَنْتَ. تَعْرِفُ.', 'ar')).toBe(false);
    expect(saysTheShownWords('Le code 1234.', 'Le code 1, 2, 3, 4.', 'fr')).toBe(true);
    expect(saysTheShownWords('Le code 1234.', 'Le mot 1, 2, 3, 4.', 'fr')).toBe(false);
  });

  it('lets digits, symbols and Latin names in an Arabic sentence be said in words, but not French words in French', () => {
    expect(saysTheShownWords('زر FranceConnect الأزرق', 'زِرُّ فْرَانْسْ كُونِكْتْ الْأَزْرَقُ', 'ar')).toBe(true);
    expect(saysTheShownWords('1234', '1، 2، 3، 4', 'ar')).toBe(true);
    expect(saysTheShownWords('Tapez @', 'Tapez arobase', 'fr')).toBe(true);
    expect(saysTheShownWords('Tapez Paris', 'Tapez Londres', 'fr')).toBe(false);
  });

  it('finds digit groups espeak-ng would say as one number', () => {
    expect(digitGroups('1234 et 1 2 3 4, puis ٢٠')).toEqual(['1234', '٢٠']);
    expect(digitGroups('1, 2, 3, 4')).toEqual([]);
  });

  it('gives the synthesizer the speech form of a shown sentence, prepared for espeak-ng, and other text as it is', () => {
    const lexicon = { ar: new Map([['أحسنت!', `أ${FATHA}ح\u0652س${FATHA}ن\u0652ت${FATHA}!`]]) };
    expect(textForSynthesizer(lexicon, 'أحسنت!', 'ar')).toBe('أَحْسَنْتَ!');
    expect(textForSynthesizer(lexicon, ' أحسنت! ', 'ar')).toBe('أَحْسَنْتَ!');
    expect(textForSynthesizer(lexicon, 'مرحبا', 'ar')).toBe('مرحبا');
    expect(textForSynthesizer(lexicon, 'Bravo !', 'fr')).toBe('Bravo !');
  });

  it('says a sentence shown with a name in it through the speech form written with the same placeholder', () => {
    const lexicon = { ar: new Map([['{{name}} يتصل بك. المس أجب.', '{{name}} يَتَّصِلُ بِكَ. اِلْمَسْ أَجِبْ.']]) };
    expect(textForSynthesizer(lexicon, 'Marie يتصل بك. المس أجب.', 'ar')).toBe(textForSynthesizer(lexicon, '{{name}} يتصل بك. المس أجب.', 'ar').replace('{{name}}', 'Marie'));
    expect(textForSynthesizer(lexicon, 'Marie يتصل بك. المس أجب.', 'ar')).toMatch(/^Marie يَ/);
    // A name with dots or brackets is a name, not a pattern; another sentence is left as it is.
    expect(textForSynthesizer(lexicon, 'Dr. (Ana) يتصل بك. المس أجب.', 'ar')).toMatch(/^Dr\. \(Ana\) يَ/);
    expect(textForSynthesizer(lexicon, 'Marie يتصل بك.', 'ar')).toBe('Marie يتصل بك.');
  });
});
