// Owns Date Difference: whole days, weeks, months, quarters or years from the first date to the
// second; months, quarters and years follow the calendar.
import { differenceAction } from './difference.js';

export const DATE_DIFFERENCE_IDS = {
  Template: 'a825c938-7d97-4230-97b7-4b58be3c6c32',
  Second: '5a2c7c1e-f424-4891-8331-11445b314aed',
  Unit: 'd476236c-18a0-46bc-b441-9655757aceee',
  First: 'ac0868e3-b42d-4102-bda9-437a36110aa7',
  Result: '8e63fff4-7cd2-489d-b1ed-4c1e3df25f2f',
} as const;

/** Unit of Time options. */
export const dateDifferenceAction = differenceAction('Date Difference', DATE_DIFFERENCE_IDS, {
  4: 'days',
  5: 'weeks',
  6: 'months',
  7: 'quarters',
  8: 'years',
});
