import { describe, expect, it } from 'vitest';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import { ActionError } from '../action.js';
import { setting } from '../template-builders.js';
import {
  readRule,
  SIMILARITY_ALGORITHMS,
  soundex,
  soundexDifference,
  textsMatch,
} from './matching.js';

const config = setting(
  '00000000-0000-0000-0000-0000000000c1',
  'Configuration',
  'code-editor',
  SettingDirections.Input,
  DataTypeIds.String,
);
const rule = (options: Record<string, unknown>) => readRule(options, config);

describe('match types', () => {
  it('Exact compares as written', () => {
    expect(textsMatch(rule({ MatchType: 'Exact' }), 'Ada', 'Ada')).toBe(true);
    expect(textsMatch(rule({}), 'Ada', 'ada')).toBe(false);
  });

  it('Similar ignores case, punctuation, URL prefixes and spelled-out @, and nests phone numbers', () => {
    const similar = rule({ matchtype: 'similar' });
    expect(textsMatch(similar, 'John-Doe', 'john doe')).toBe(true);
    expect(textsMatch(similar, 'https://www.Example.com/', 'example.com')).toBe(true);
    expect(textsMatch(similar, 'ada [at] example.com', 'ada@example.com')).toBe(true);
    expect(textsMatch(similar, '376-323-1111', '323 1111')).toBe(true);
    expect(textsMatch(similar, 'John Doe', 'Jane Doe')).toBe(false);
  });

  it('Fuzzy compares a similarity score with the threshold', () => {
    const fuzzy = rule({ MatchType: 'Fuzzy', FuzzyAlgorithm: 'Levenstein', FuzzyThreshold: 0.8 });
    expect(textsMatch(fuzzy, 'Jonathan', 'Jonathon')).toBe(true);
    expect(textsMatch(fuzzy, 'Jonathan', 'Joe')).toBe(false);
    expect(SIMILARITY_ALGORITHMS.JaroWinkler!('martha', 'marhta')).toBeCloseTo(0.961, 3);
    expect(SIMILARITY_ALGORITHMS.Jaro!('dixon', 'dicksonx')).toBeCloseTo(0.767, 3);
    expect(SIMILARITY_ALGORITHMS.JaccardSimilarity!('a b c', 'b c d')).toBe(0.5);
    expect(SIMILARITY_ALGORITHMS.DiceSimilarity!('a b', 'b c')).toBe(0.5);
    expect(SIMILARITY_ALGORITHMS.QGramsDistance!('abc', 'abc')).toBe(1);
  });

  it('Contains, Soundex and SimilarWordMatch work as PROCESIO describes them', () => {
    expect(textsMatch(rule({ MatchType: 'Contains' }), 'ACME Ltd', 'acme')).toBe(true);
    expect(soundex('Robert')).toBe('R163');
    expect(soundex('Ashcraft')).toBe('A261');
    expect(soundexDifference('Anne', 'Ann')).toBe(4);
    expect(textsMatch(rule({ MatchType: 'Soundex' }), 'Smith', 'Smyth')).toBe(true);
    expect(textsMatch(rule({ MatchType: 'Soundex', SoundexDistance: 4 }), 'Anne', 'Andrew')).toBe(
      false,
    );
    const words = rule({ MatchType: 'SimilarWordMatch', SimilarFirstNWords: 2 });
    expect(textsMatch(words, 'Acme Corp International', 'acme corp. Europe')).toBe(true);
    expect(textsMatch(rule({ MatchType: 'SimilarWordMatch' }), 'a b', 'a b')).toBe(false);
  });

  it('removes ignored terms as whole words before comparing', () => {
    const exact = rule({ IgnoredTerms: ['ltd', 'USA'] });
    expect(textsMatch(exact, 'Acme LTD', 'Acme')).toBe(true);
    expect(textsMatch(exact, 'Acme Ltdx', 'Acme')).toBe(false);
  });

  it('refuses unknown match types, algorithms and out-of-range options', () => {
    for (const options of [
      { MatchType: 'Phonetic' },
      { MatchType: 'Fuzzy', FuzzyAlgorithm: 'SmithWaterman' },
      { FuzzyThreshold: 2 },
      { SoundexDistance: 'far' },
    ]) {
      expect(() => rule(options)).toThrow(ActionError);
    }
  });
});
