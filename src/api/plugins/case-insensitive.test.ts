import { describe, expect, it } from 'vitest';
import { Type } from '@sinclair/typebox';
import { SluiceError } from '../../errors/catalogue.js';
import { normalizeKeys } from './case-insensitive.js';

const Dto = Type.Object({
  payload: Type.Optional(Type.Object({}, { additionalProperties: true })),
  connectionId: Type.Optional(Type.String()),
  items: Type.Optional(
    Type.Array(
      Type.Object({ variableId: Type.String(), runSynchronous: Type.Optional(Type.Boolean()) }),
    ),
  ),
  nested: Type.Optional(Type.Union([Type.Null(), Type.Object({ innerName: Type.String() })])),
});

describe('normalizeKeys', () => {
  it('rewrites DTO property names to the schema spelling at every depth', () => {
    const out = normalizeKeys(Dto, {
      Payload: { Name: 'x' },
      CONNECTIONID: null,
      items: [{ VARIABLEID: 'a' }],
      Nested: { innername: 'n' },
    });
    expect(out).toEqual({
      payload: { Name: 'x' },
      connectionId: null,
      items: [{ variableId: 'a' }],
      nested: { innerName: 'n' },
    });
  });

  it('leaves free-form data and unknown properties verbatim', () => {
    expect(normalizeKeys(Dto, { payload: { MixedCase: { Deep: 1 } }, Extra: 2 })).toEqual({
      payload: { MixedCase: { Deep: 1 } },
      Extra: 2,
    });
  });

  it('refuses two properties that differ only in case, naming the path', () => {
    try {
      normalizeKeys(Dto, { items: [{ variableId: 'a', VariableId: 'b' }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SluiceError);
      expect((error as SluiceError).items[0]).toMatchObject({
        statusCode: 502,
        target: 'items[0].VariableId',
      });
    }
  });

  it('lower-cases boolean query strings in any case and leaves other text for validation to refuse', () => {
    const Query = Type.Object({
      runSynchronous: Type.Optional(Type.Boolean()),
      secondsTimeOut: Type.Optional(Type.Integer()),
    });
    expect(
      normalizeKeys(Query, { RunSynchronous: 'True', SECONDSTIMEOUT: '5' }, '', {
        booleanStrings: true,
      }),
    ).toEqual({ runSynchronous: 'true', secondsTimeOut: '5' });
    expect(normalizeKeys(Query, { runsynchronous: 'maybe' }, '', { booleanStrings: true })).toEqual(
      { runSynchronous: 'maybe' },
    );
  });
});
