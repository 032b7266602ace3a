// Owns the JSON configurations of PROCESIO's matching list actions (Filter, Simple Filter,
// DeDuplicate, Find Duplicates, Sort Data Model) and the match types they share: Exact, Similar,
// Fuzzy, Contains, Soundex, SimilarWordMatch and RegEx. Keys are read in any case, as PROCESIO's
// JSON reader does.
import { renderText } from '../../flow/placeholders.js';
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { invalidInput, type Inputs } from '../inputs.js';
import { compilePattern, findMatches } from '../strings/regex.js';
import { numericValue } from './list-values.js';

export type Config = Record<string, unknown>;

/** Most elements the pairwise (non-exact) duplicate search compares. */
export const PAIRWISE_LIMIT = 5_000;

/**
 * A JSON configuration given as JSON text or as an object. Null when absent and not required.
 */
export function readConfig(inputs: Inputs, setting: TemplateSetting): Config | null {
  const value = inputs[setting.id];
  if (value === undefined || value === null || value === '') {
    if (setting.isRequired) throw invalidInput(setting, 'is required.');
    return null;
  }
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalidInput(setting, `is not valid JSON (${reason}).`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalidInput(setting, 'must be a JSON object.');
  return parsed as Config;
}

/** A property of a configuration object, whatever the case of its key. */
export function property(config: Config, name: string): unknown {
  if (Object.hasOwn(config, name)) return config[name];
  const lower = name.toLowerCase();
  const key = Object.keys(config).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : config[key];
}

/** An array property (absent → empty); anything else fails naming `where`. */
export function arrayProperty(config: Config, name: string, setting: TemplateSetting): unknown[] {
  const value = property(config, name);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidInput(setting, `has a "${name}" that is not a list.`);
  return value;
}

export function objectItems(items: unknown[], name: string, setting: TemplateSetting): Config[] {
  return items.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw invalidInput(setting, `has a "${name}" whose item ${i + 1} is not an object.`);
    return item as Config;
  });
}

function textProperty(config: Config, name: string): string | undefined {
  const value = property(config, name);
  return value === undefined || value === null ? undefined : renderText(value);
}

function numberProperty(
  config: Config,
  name: string,
  fallback: number,
  setting: TemplateSetting,
): number {
  const value = property(config, name);
  if (value === undefined || value === null || value === '') return fallback;
  const number = numericValue(value);
  if (number === null) throw invalidInput(setting, `has a "${name}" that is not a number.`);
  return number;
}

/** A value at a dot-separated path inside an element (`address.city`), keys in any case. */
export function valueAt(item: unknown, path: string): unknown {
  let current: unknown = item;
  for (const step of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = property(current as Config, step);
  }
  return current;
}

// ----- match rules -----

export const MATCH_TYPES = [
  'exact',
  'similar',
  'fuzzy',
  'contains',
  'soundex',
  'similarwordmatch',
  'regex',
] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

export interface MatchRule {
  type: MatchType;
  algorithm: SimilarityAlgorithm;
  threshold: number;
  soundexDistance: number;
  firstWords: number;
  lastWords: number;
  ignoredTerms: readonly string[];
}

/** Reads the match options of one configuration object (MatchType, FuzzyAlgorithm, …). */
export function readRule(config: Config, setting: TemplateSetting, where = ''): MatchRule {
  const typeText = (textProperty(config, 'MatchType') ?? 'Exact').trim().toLowerCase();
  const type = MATCH_TYPES.find((t) => t === typeText);
  if (!type)
    throw invalidInput(
      setting,
      `${where}has the match type "${typeText}"; use Exact, Similar, Fuzzy, Contains, Soundex, SimilarWordMatch or RegEx.`,
    );
  const algorithmName = (textProperty(config, 'FuzzyAlgorithm') ?? 'Levenstein').trim();
  const algorithm = findAlgorithm(algorithmName);
  if (!algorithm)
    throw invalidInput(
      setting,
      `${where}has the fuzzy algorithm "${algorithmName}"; Sluice offers ${Object.keys(ALGORITHMS).join(', ')}.`,
    );
  const threshold = numberProperty(config, 'FuzzyThreshold', 0.85, setting);
  if (threshold < 0 || threshold > 1)
    throw invalidInput(setting, `${where}has a FuzzyThreshold outside 0–1.`);
  const soundexDistance = numberProperty(config, 'SoundexDistance', 4, setting);
  if (soundexDistance < 0 || soundexDistance > 4)
    throw invalidInput(setting, `${where}has a SoundexDistance outside 0–4.`);
  return {
    type,
    algorithm,
    threshold,
    soundexDistance,
    firstWords: numberProperty(config, 'SimilarFirstNWords', 0, setting),
    lastWords: numberProperty(config, 'SimilarLastNWords', 0, setting),
    ignoredTerms: arrayProperty(config, 'IgnoredTerms', setting).map(renderText),
  };
}

/**
 * Whether two texts match under a rule (every type but RegEx, which runs through `regexHits`).
 * Exact compares as written; the other types ignore case.
 */
export function textsMatch(rule: MatchRule, first: string, second: string): boolean {
  const a = withoutTerms(first, rule.ignoredTerms);
  const b = withoutTerms(second, rule.ignoredTerms);
  switch (rule.type) {
    case 'exact':
      return a === b;
    case 'similar':
      return similar(a, b);
    case 'fuzzy':
      return rule.algorithm(a.toLowerCase(), b.toLowerCase()) >= rule.threshold;
    case 'contains': {
      const x = a.toLowerCase();
      const y = b.toLowerCase();
      return x.includes(y) || y.includes(x);
    }
    case 'soundex':
      return soundexDifference(a, b) >= rule.soundexDistance;
    case 'similarwordmatch':
      return similarWords(a, b, rule.firstWords, rule.lastWords);
    case 'regex':
      throw new Error('RegEx rules are evaluated with regexHits');
  }
}

/** The text an exact comparison keys on (ignored terms removed). */
export function exactKey(rule: MatchRule, text: string): string {
  return withoutTerms(text, rule.ignoredTerms);
}

/** For each text, whether the pattern matches somewhere in it (time-budgeted, see regex.ts). */
export async function regexHits(
  pattern: string,
  texts: readonly string[],
  configSetting: TemplateSetting,
  listSetting: TemplateSetting,
): Promise<boolean[]> {
  const compiled = compilePattern(pattern, false, configSetting);
  const results = await findMatches(compiled, texts, { textSetting: listSetting, firstOnly: true });
  return results.map((found) => found.length > 0);
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

function withoutTerms(text: string, terms: readonly string[]): string {
  if (terms.length === 0) return text;
  const words = terms.filter((t) => t.trim() !== '').map((t) => escapeRegex(t.trim()));
  if (words.length === 0) return text;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return text.replace(pattern, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * PROCESIO's "Similar": equal once case, spaces and punctuation are gone, "www." and
 * "http(s)://" dropped and " at " / "[at]" read as "@"; digit-only texts (phone numbers) match
 * when one contains the other.
 */
function similar(first: string, second: string): boolean {
  const a = similarForm(first);
  const b = similarForm(second);
  if (a === b) return true;
  if (a !== '' && b !== '' && /^\d+$/.test(a) && /^\d+$/.test(b))
    return a.includes(b) || b.includes(a);
  return false;
}

function similarForm(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/^(?:https?:\/\/)?(?:www\.)?/, '')
    .replace(/\s*(?:\[at\]|\(at\))\s*|\s+at\s+/g, '@')
    .replace(/[^\p{L}\p{N}@]/gu, '');
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

function similarWords(first: string, second: string, firstN: number, lastN: number): boolean {
  const a = words(first);
  const b = words(second);
  const same = (x: string[], y: string[]) =>
    x.length > 0 && x.length === y.length && x.every((word, i) => word === y[i]);
  if (firstN > 0 && same(a.slice(0, firstN), b.slice(0, firstN))) return true;
  if (lastN > 0 && same(a.slice(-lastN), b.slice(-lastN))) return true;
  return false;
}

const SOUNDEX_CODES: Readonly<Record<string, string>> = {
  b: '1',
  f: '1',
  p: '1',
  v: '1',
  c: '2',
  g: '2',
  j: '2',
  k: '2',
  q: '2',
  s: '2',
  x: '2',
  z: '2',
  d: '3',
  t: '3',
  l: '4',
  m: '5',
  n: '5',
  r: '6',
};

/** American Soundex: a letter and three digits ("Robert" → R163); empty for no letters. */
export function soundex(text: string): string {
  const letters = text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (letters === '') return '';
  let code = letters[0]!.toUpperCase();
  let previous = SOUNDEX_CODES[letters[0]!] ?? '';
  for (const letter of letters.slice(1)) {
    const digit = SOUNDEX_CODES[letter] ?? '';
    // h and w do not separate letters of the same code; vowels do.
    if (letter === 'h' || letter === 'w') continue;
    if (digit !== '' && digit !== previous) code += digit;
    previous = digit;
    if (code.length === 4) break;
  }
  return code.padEnd(4, '0');
}

/** How many of the four Soundex positions agree (SQL's DIFFERENCE): 4 sounds alike. */
export function soundexDifference(first: string, second: string): number {
  const a = soundex(first);
  const b = soundex(second);
  if (a === '' || b === '') return a === b ? 4 : 0;
  let same = 0;
  for (let i = 0; i < 4; i++) if (a[i] === b[i]) same++;
  return same;
}

// ----- similarity algorithms (0 = unrelated, 1 = equal) -----

export type SimilarityAlgorithm = (a: string, b: string) => number;

function levenshtein(a: string, b: string): number {
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + cost);
    }
    row = next;
  }
  return 1 - row[b.length]! / longest;
}

function jaro(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  return (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
}

function jaroWinkler(a: string, b: string): number {
  const score = jaro(a, b);
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && a[prefix] === b[prefix]) prefix++;
  return score + prefix * 0.1 * (1 - score);
}

function tokenSets(a: string, b: string): [Set<string>, Set<string>, number] {
  const x = new Set(words(a));
  const y = new Set(words(b));
  let common = 0;
  for (const word of x) if (y.has(word)) common++;
  return [x, y, common];
}

function jaccard(a: string, b: string): number {
  const [x, y, common] = tokenSets(a, b);
  const union = x.size + y.size - common;
  return union === 0 ? 1 : common / union;
}

function dice(a: string, b: string): number {
  const [x, y, common] = tokenSets(a, b);
  return x.size + y.size === 0 ? 1 : (2 * common) / (x.size + y.size);
}

function overlap(a: string, b: string): number {
  const [x, y, common] = tokenSets(a, b);
  const smaller = Math.min(x.size, y.size);
  return smaller === 0 ? (x.size === y.size ? 1 : 0) : common / smaller;
}

function cosine(a: string, b: string): number {
  const [x, y, common] = tokenSets(a, b);
  return x.size === 0 || y.size === 0
    ? x.size === y.size
      ? 1
      : 0
    : common / Math.sqrt(x.size * y.size);
}

function trigrams(text: string): Map<string, number> {
  const padded = `##${text}##`;
  const grams = new Map<string, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const gram = padded.slice(i, i + 3);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

function qgrams(a: string, b: string): number {
  const x = trigrams(a);
  const y = trigrams(b);
  let difference = 0;
  let total = 0;
  for (const gram of new Set([...x.keys(), ...y.keys()])) {
    const m = x.get(gram) ?? 0;
    const n = y.get(gram) ?? 0;
    difference += Math.abs(m - n);
    total += m + n;
  }
  return total === 0 ? 1 : (total - difference) / total;
}

/** The Similarity Search algorithms Sluice implements, by PROCESIO's names. */
const ALGORITHMS: Readonly<Record<string, SimilarityAlgorithm>> = {
  Levenstein: levenshtein,
  Jaro: jaro,
  JaroWinkler: jaroWinkler,
  JaccardSimilarity: jaccard,
  DiceSimilarity: dice,
  OverlapCoefficient: overlap,
  CosineSimilarity: cosine,
  QGramsDistance: qgrams,
};

function findAlgorithm(name: string): SimilarityAlgorithm | undefined {
  const wanted = name.toLowerCase() === 'levenshtein' ? 'levenstein' : name.toLowerCase();
  const key = Object.keys(ALGORITHMS).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : ALGORITHMS[key];
}

export { ALGORITHMS as SIMILARITY_ALGORITHMS };
