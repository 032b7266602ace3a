// Owns Time Difference: whole seconds, minutes or hours from the first date and time to the
// second.
import { differenceAction } from './difference.js';

export const TIME_DIFFERENCE_IDS = {
  Template: 'a825c938-7d97-4230-97b7-4b52be3c6c84',
  Second: '5a2c7c1e-f924-4805-8793-11445b325aed',
  Unit: 'd476236c-18a0-46bc-b441-6410811aceee',
  First: 'ac0868e3-b42d-3097-bda9-721a36310aa7',
  Result: '0e21fff4-7cd2-489d-b1ed-4c1e3df29f2f',
} as const;

/** Unit of Time options. */
export const timeDifferenceAction = differenceAction('Time Difference', TIME_DIFFERENCE_IDS, {
  1: 'seconds',
  2: 'minutes',
  3: 'hours',
});
