import { describe, expect, it } from 'vitest';
// ajv is what fastify validates request bodies with; strict mode refuses non-standard keywords.
import { Ajv } from 'ajv';
import { FlowRequest } from './flow.schema.js';

const ajv = new Ajv({ strict: true, coerceTypes: 'array', allErrors: true });
const validate = ajv.compile(FlowRequest);

function minimalFlow(): Record<string, unknown> {
  return {
    id: '00000000-0000-0000-0000-000000000001',
    title: 'Greet',
    variables: [
      {
        id: '00000000-0000-0000-0000-000000000002',
        dataType: '0317bfee-b2f5-4bde-bfe8-121212121214',
        type: 10,
        name: 'name',
        defaultValue: { Any: ['json', 1] },
        isList: false,
      },
    ],
    actions: [
      {
        id: '00000000-0000-0000-0000-000000000005',
        templateId: 'C0E32108-6E3E-4AB8-96BD-CD61BE6EDB33',
        parentId: null,
        customData: { type: 'square', position: { x: 1, y: 2 } },
        ports: [
          {
            id: '00000000-0000-0000-0000-000000000007',
            sourceId: null,
            destinationId: '00000000-0000-0000-0000-000000000005',
            type: 0,
            state: 1,
            data: { isDefault: 'default' },
          },
        ],
        parameters: [
          {
            tabPropertyId: '797e45d8-da43-4412-bac4-a3cbdf961b37',
            variable: [
              {
                id: 0,
                variableId: '00000000-0000-0000-0000-000000000002',
                attribute: {
                  attributeId: '00000000-0000-0000-0000-0000000000a1',
                  nextAttribute: null,
                },
              },
            ],
            value: '<%0%>',
          },
        ],
      },
    ],
    customResponse: { variable: { id: 0, variableId: 'x' }, value: '<%0%>' },
    canvasData: { x: 0, y: 0, zoom: 1 },
  };
}

describe('FlowRequest schema', () => {
  it('compiles under strict ajv and accepts a flow with designer extras', () => {
    const flow = { ...minimalFlow(), designerOnly: { anything: true }, isValid: true };
    expect(validate(flow)).toBe(true);
  });

  it('accepts the smallest document: a title', () => {
    expect(validate({ title: 'x' })).toBe(true);
  });

  it('keeps free-form values verbatim, even under type coercion', () => {
    const flow = minimalFlow();
    const before = JSON.stringify(flow);
    expect(validate(flow)).toBe(true);
    expect(JSON.stringify(flow)).toBe(before);
  });

  it('refuses a missing, empty or 257-character title', () => {
    expect(validate({ ...minimalFlow(), title: undefined })).toBe(false);
    expect(validate({ ...minimalFlow(), title: '' })).toBe(false);
    expect(validate({ ...minimalFlow(), title: 'x'.repeat(257) })).toBe(false);
    expect(validate({ ...minimalFlow(), title: 'x'.repeat(256) })).toBe(true);
  });

  it('refuses an action id that is not a GUID', () => {
    const flow = minimalFlow();
    (flow.actions as Record<string, unknown>[])[0]!.id = 'start';
    expect(validate(flow)).toBe(false);
    expect(validate.errors?.[0]?.instancePath).toBe('/actions/0/id');
  });

  it('refuses a variable orientation other than 10, 20, 30 and 40', () => {
    const flow = minimalFlow();
    (flow.variables as Record<string, unknown>[])[0]!.type = 15;
    expect(validate(flow)).toBe(false);
  });

  it('refuses a port type other than 0 and 1', () => {
    const flow = minimalFlow();
    const action = (flow.actions as Record<string, unknown>[])[0]!;
    (action.ports as Record<string, unknown>[])[0]!.type = 2;
    expect(validate(flow)).toBe(false);
  });

  it('checks attribute ids in the attribute chain', () => {
    const flow = minimalFlow();
    const action = (flow.actions as { parameters: { variable: { attribute: unknown }[] }[] }[])[0]!;
    action.parameters[0]!.variable[0]!.attribute = { attributeId: 'name', nextAttribute: null };
    expect(validate(flow)).toBe(false);
  });
});
