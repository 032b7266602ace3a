// Owns how Filter and Simple Filter decide which elements stay: each rule compares a text taken
// from the element with the rule's FilterExpression, and the element stays when every rule's
// outcome equals its KeepIfTrue (default true). RegEx rules run as one time-budgeted batch.
import { renderText } from '../../flow/placeholders.js';
import type { TemplateSetting } from '../../flow/template-catalog.js';
import { invalidInput } from '../inputs.js';
import {
  property,
  readRule,
  regexHits,
  textsMatch,
  type Config,
  type MatchRule,
} from './matching.js';

export interface FilterRule {
  rule: MatchRule;
  expression: string;
  keepIfTrue: boolean;
  /** The text of an element this rule looks at. */
  textOf(item: unknown): string;
}

/** Reads the FilterExpression, KeepIfTrue and match options of one rule object. */
export function readFilterRule(
  config: Config,
  setting: TemplateSetting,
  where: string,
  textOf: (item: unknown) => string,
): FilterRule {
  const rule = readRule(config, setting, where);
  const expression = property(config, 'FilterExpression');
  if (expression === undefined || expression === null)
    throw invalidInput(setting, `${where}has no FilterExpression.`);
  const keep = property(config, 'KeepIfTrue');
  let keepIfTrue = true;
  if (keep !== undefined && keep !== null) {
    const text = renderText(keep).trim().toLowerCase();
    if (text !== 'true' && text !== 'false')
      throw invalidInput(setting, `${where}has a KeepIfTrue that is not true or false.`);
    keepIfTrue = text === 'true';
  }
  return { rule, expression: renderText(expression), keepIfTrue, textOf };
}

/** The elements every rule keeps, in list order. */
export async function applyFilter(
  items: readonly unknown[],
  rules: readonly FilterRule[],
  configSetting: TemplateSetting,
  listSetting: TemplateSetting,
): Promise<unknown[]> {
  const outcomes: boolean[][] = [];
  for (const filter of rules) {
    const texts = items.map((item) => filter.textOf(item));
    outcomes.push(
      filter.rule.type === 'regex'
        ? await regexHits(filter.expression, texts, configSetting, listSetting)
        : texts.map((text) => textsMatch(filter.rule, text, filter.expression)),
    );
  }
  return items.filter((_, i) => rules.every((filter, r) => outcomes[r]![i] === filter.keepIfTrue));
}
