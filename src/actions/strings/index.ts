// The text and string actions of the platform catalogue, in the order the catalogue lists them.
// Base64 To String, String To Base64, Object To String and Generate String are converters and
// utilities; Similarity Search is not built.
import type { ActionDefinition } from '../action.js';
import { betweenAction } from './between.action.js';
import { checkBooleanAction } from './check-boolean.action.js';
import { concatenateAction } from './concatenate.action.js';
import { stringContainsAction } from './contains.action.js';
import { endsWithAction } from './ends-with.action.js';
import { stringGetIndexAction } from './get-index.action.js';
import { joinAction } from './join.action.js';
import { stringLengthAction } from './length.action.js';
import { normalizeDiacriticsAction } from './normalize-diacritics.action.js';
import { nullOrEmptyAction } from './null-or-empty.action.js';
import { regexExtractAction } from './regex-extract.action.js';
import { regexReplaceAction } from './regex-replace.action.js';
import { regexValidateAction } from './regex-validate.action.js';
import { replaceAction } from './replace.action.js';
import { replaceEolAction } from './replace-eol.action.js';
import { splitAction } from './split.action.js';
import { startsWithAction } from './starts-with.action.js';
import { substringAction } from './substring.action.js';
import { takeFromLeftAction } from './take-from-left.action.js';
import { takeFromMiddleAction } from './take-from-middle.action.js';
import { takeFromRightAction } from './take-from-right.action.js';
import { toLowerAction } from './to-lower.action.js';
import { toSentenceCaseAction } from './to-sentence-case.action.js';
import { toTitleCaseAction } from './to-title-case.action.js';
import { toUpperAction } from './to-upper.action.js';
import { trimAction } from './trim.action.js';
import { trimEndAction } from './trim-end.action.js';
import { trimStartAction } from './trim-start.action.js';
import { urlDecodeAction } from './url-decode.action.js';
import { urlEncodeAction } from './url-encode.action.js';

export const STRING_ACTIONS: readonly ActionDefinition[] = [
  betweenAction,
  checkBooleanAction,
  concatenateAction,
  stringContainsAction,
  endsWithAction,
  stringGetIndexAction,
  joinAction,
  stringLengthAction,
  normalizeDiacriticsAction,
  nullOrEmptyAction,
  regexExtractAction,
  regexReplaceAction,
  regexValidateAction,
  replaceAction,
  replaceEolAction,
  splitAction,
  startsWithAction,
  substringAction,
  takeFromLeftAction,
  takeFromMiddleAction,
  takeFromRightAction,
  toLowerAction,
  toSentenceCaseAction,
  toTitleCaseAction,
  toUpperAction,
  trimAction,
  trimEndAction,
  trimStartAction,
  urlDecodeAction,
  urlEncodeAction,
];
