// Schemas of the schedule routes (API.md §8): the schedule document with its recurrence block,
// notification settings, validate-crontab and the fire log. Request property names match
// case-insensitively (the request plumbing); values the client owns (input values) are free-form.
import { Type, type TSchema } from '@sinclair/typebox';
import { Guid } from './common.schemas.js';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const optional = <T extends TSchema>(schema: T) => Type.Optional(nullable(schema));
const NullableString = nullable(Type.String());
const DateTime = Type.String({ format: 'date-time' });

const RECURRENCE_TYPES =
  'RecurrenceTypes: NONE 0 (refused), ONCE 1, MINUTES 2, HOURS 3, DAILY 4, WEEKLY 5, MONTHLY 6, YEARLY 7, CRON 8.';

const RecurrenceFields = {
  recurrence: Type.Integer({ description: RECURRENCE_TYPES }),
  cronExpression: Type.String({
    description:
      'CRON only: 5 fields (minute hour day-of-month month day-of-week); L, W, # allowed.',
  }),
  timeZone: Type.String({ description: 'IANA name; required for CRON, default UTC otherwise.' }),
  info: Type.String({ description: 'Human label; generated when absent.' }),
  startDate: Type.String({
    description:
      'ISO-8601 (no offset = UTC): the first possible fire and, for calendar types, the time of day.',
  }),
  isEndDate: Type.Boolean(),
  endDate: Type.String({ description: 'With isEndDate: no fire after it.' }),
  every: Type.Integer({ description: 'Every N units; absent or ≤ 0 = 1.' }),
  isWeekendExcluded: Type.Boolean({
    description: 'MINUTES, HOURS, DAILY: no fire on Saturday or Sunday in timeZone.',
  }),
  weekDays: Type.Array(Type.Integer(), {
    description: 'WEEKLY: 0 = Sunday … 6 = Saturday; absent = the start date’s weekday.',
  }),
  isOnThe: Type.Boolean({ description: 'MONTHLY, YEARLY: true → onThe, false → onDay.' }),
  onDay: Type.Integer({
    description: 'Day of the month, 1–31 (beyond the month’s end = its last day).',
  }),
  onThe: Type.Array(Type.Integer(), {
    description: '[ordinal 1–4 or 5 (last), weekday 0–6]: [2, 1] = the second Monday.',
  }),
  month: Type.Integer({ description: 'YEARLY: 1–12; absent = the start date’s month.' }),
};

export const RecurrenceBody = Type.Object(
  {
    recurrence: optional(RecurrenceFields.recurrence),
    cronExpression: optional(RecurrenceFields.cronExpression),
    timeZone: optional(RecurrenceFields.timeZone),
    info: optional(RecurrenceFields.info),
    startDate: optional(RecurrenceFields.startDate),
    isEndDate: optional(RecurrenceFields.isEndDate),
    endDate: optional(RecurrenceFields.endDate),
    every: optional(RecurrenceFields.every),
    isWeekendExcluded: optional(RecurrenceFields.isWeekendExcluded),
    weekDays: optional(RecurrenceFields.weekDays),
    isOnThe: optional(RecurrenceFields.isOnThe),
    onDay: optional(RecurrenceFields.onDay),
    onThe: optional(RecurrenceFields.onThe),
    month: optional(RecurrenceFields.month),
  },
  { description: 'The recurrence block (API.md §8.3).' },
);

const NotificationFields = {
  emailList: Type.String({ description: 'Addresses separated by "," or ";".' }),
  isEnabled: Type.Boolean(),
  onSuccess: Type.Boolean({ description: 'Mail after a run that finished successfully.' }),
  onFail: Type.Boolean({ description: 'Mail after a run that finished with errors, or a skip.' }),
};

export const NotificationBody = Type.Object({
  id: optional(Type.String({ description: 'The schedule id (POST /notifications).' })),
  emailList: optional(NotificationFields.emailList),
  isEnabled: optional(NotificationFields.isEnabled),
  onSuccess: optional(NotificationFields.onSuccess),
  onFail: optional(NotificationFields.onFail),
});

export const ScheduleBody = Type.Object(
  {
    id: optional(Type.String({ description: 'PUT: the schedule to replace. POST: optional.' })),
    name: Type.String(),
    description: optional(Type.String()),
    status: optional(
      Type.Boolean({ description: 'Ignored: a new schedule starts enabled; use PATCH …/status.' }),
    ),
    targetProcess: Type.String({ description: 'The process id (GUID).' }),
    processInputs: optional(
      Type.Array(
        Type.Object({
          id: optional(Type.String({ description: 'The INPUT variable’s id.' })),
          value: Type.Optional(Type.Unknown()),
        }),
      ),
    ),
    notification: optional(
      Type.Object({
        emailList: optional(NotificationFields.emailList),
        isEnabled: optional(NotificationFields.isEnabled),
        onSuccess: optional(NotificationFields.onSuccess),
        onFail: optional(NotificationFields.onFail),
      }),
    ),
    recurrence: RecurrenceBody,
    catchUpPolicy: optional(
      Type.Integer({ description: '0 Skip, 1 RunOnce (default), 2 RunAll (at most 100).' }),
    ),
  },
  { description: 'A schedule (API.md §8.2).' },
);

export const Recurrence = Type.Object(
  {
    recurrence: RecurrenceFields.recurrence,
    timeZone: RecurrenceFields.timeZone,
    info: RecurrenceFields.info,
    startDate: DateTime,
    isEndDate: Type.Boolean(),
    endDate: nullable(DateTime),
    cronExpression: Type.Optional(RecurrenceFields.cronExpression),
    every: Type.Optional(RecurrenceFields.every),
    isWeekendExcluded: Type.Optional(RecurrenceFields.isWeekendExcluded),
    weekDays: Type.Optional(RecurrenceFields.weekDays),
    isOnThe: Type.Optional(RecurrenceFields.isOnThe),
    onDay: Type.Optional(nullable(RecurrenceFields.onDay)),
    onThe: Type.Optional(nullable(RecurrenceFields.onThe)),
    month: Type.Optional(RecurrenceFields.month),
  },
  { description: 'The recurrence as stored: the fields of its type, defaults resolved.' },
);

export const Notification = Type.Object(NotificationFields);

export const Schedule = Type.Object(
  {
    id: Guid,
    name: Type.String(),
    description: NullableString,
    status: Type.Boolean({ description: 'Enabled.' }),
    targetProcess: Guid,
    processName: nullable(Type.String({ description: 'The target process’s title.' })),
    processInputs: Type.Array(Type.Object({ id: Guid, value: Type.Unknown() })),
    notification: Notification,
    recurrence: Recurrence,
    catchUpPolicy: Type.Integer(),
    nextRunOn: nullable(DateTime),
    lastFire: nullable(
      Type.Object({
        dueOn: DateTime,
        firedOn: DateTime,
        instanceId: nullable(Guid),
        skippedReason: nullable(
          Type.String({ description: 'inactive, invalid, inputs or missing.' }),
        ),
      }),
    ),
    workspaceId: Guid,
    createdBy: NullableString,
    createdById: NullableString,
    createdOn: DateTime,
    updatedBy: NullableString,
    updatedById: NullableString,
    updatedOn: DateTime,
  },
  { description: 'A schedule with Sluice’s read-only additions (nextRunOn, lastFire).' },
);

export const ScheduleRun = Type.Object(
  {
    dueOn: DateTime,
    firedOn: DateTime,
    outcome: Type.String({ description: 'started or skipped.' }),
    instanceId: nullable(Guid),
    skippedReason: NullableString,
    detail: NullableString,
    lagMs: Type.Integer({ description: 'firedOn − dueOn.' }),
  },
  { description: 'One fire of a schedule.' },
);

export const CrontabBody = Type.Object({
  cronExpression: optional(Type.String()),
  timeZone: optional(Type.String({ description: 'IANA name; default UTC.' })),
  count: optional(Type.Integer({ description: 'How many occurrences, 1–20; default 5.' })),
  startDate: optional(Type.String({ description: 'From when; default now.' })),
  endDate: optional(Type.String()),
});

export const CrontabAnswer = Type.Object({
  description: Type.String(),
  nextOccurrences: Type.Array(DateTime, { description: 'UTC instants.' }),
});

export const NotificationAnswer = Type.Object({ id: Guid, ...NotificationFields });
