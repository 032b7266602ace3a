// Owns the To Sentence Case action: everything lower-cased, then the first letter of the text and
// of every sentence (after ".", "!" or "?" and a space) upper-cased.
import { output, textAction, textInput } from './text-actions.js';

export const TO_SENTENCE_CASE_IDS = {
  Template: '9cb92ace-2336-4652-8884-e29cf55ee187',
  Result: '7ceb9d3c-8d97-4347-8966-0429231adcab',
  Input: 'a87bb19f-9315-46ce-9460-da7170ed1357',
} as const;

const SENTENCE_START = /(^[^\p{L}]*|[.!?]\s+[^\p{L}]*)(\p{L})/gu;

export const toSentenceCaseAction = textAction({
  templateId: TO_SENTENCE_CASE_IDS.Template,
  name: 'To Sentence Case',
  input: textInput(TO_SENTENCE_CASE_IDS.Input, 'Text'),
  result: output(TO_SENTENCE_CASE_IDS.Result, 'Result'),
  transform: (text) =>
    text
      .toLowerCase()
      .replace(
        SENTENCE_START,
        (_, before: string, letter: string) => before + letter.toUpperCase(),
      ),
});
