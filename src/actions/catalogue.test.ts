import { greetExampleFlow } from '../testing/example-flows.js';
import { describe, expect, it } from 'vitest';
import { builtinResolver } from '../domain/data-types/builtin-models.js';
import { DataTypeIds } from '../domain/data-types/types.js';
import { compileFlow, type CompileOptions } from '../flow/compile.js';
import type {
  ActionDto,
  FlowRequestDto,
  ParameterDto,
  PortDto,
  VariableDto,
} from '../flow/flow.schema.js';
import {
  CONTROL_SETTING_IDS as SET,
  CONTROL_TEMPLATE_IDS as TPL,
  type TemplateShape,
} from '../flow/template-catalog.js';
import { createActionRegistry, PLATFORM_ACTIONS } from './catalogue.js';
import { CONTROL_TEMPLATES, SLUICE_SETTING_IDS } from './control/control-templates.js';
import { CONCATENATE_IDS as CONCAT, concatenateAction } from './strings/concatenate.action.js';

type TypeName = keyof typeof DataTypeIds;
type SettingFact = [
  id: string,
  type: string,
  direction: number,
  dataType: TypeName | null,
  isList: boolean,
  isRequired: boolean,
  defaultValue?: string,
];
type TemplateFact = [id: string, shape: TemplateShape, ports: [number, number], SettingFact[]];

// PROCESIO's action_catalog.json, copied as literals (CI has no access to the file): every
// setting in catalogue order, side panels flattened, info banners (`toast`) left out.
// prettier-ignore
const CATALOGUE: TemplateFact[] = [
  // Start
  ['c0e32108-6e3e-4ab8-96bd-cd61be6edb33', 'square', [0, 1], []],
  // Stop
  ['c0e32108-6e3e-4ab8-96bd-cd61be6edb34', 'square', [1, 0], []],
  // Join
  ['fb6a9d14-dd15-420d-a2b2-fc637c0c37c6', 'circle', [-1, 1], []],
  // Decisional
  ['f5dcbb04-253d-4061-99a1-9b2822c2e6d2', 'diamond', [1, -1], [
    ['11d4044a-8586-47f6-b3ce-1cae5da40f30', 'decisional-case', 1, 'Object', true, false],
    ['11d4044a-8586-47f6-b3ce-1cae5da40f45', 'decisional-default', 1, 'Object', false, false],
  ]],
  // For Each
  ['dbef0804-66a9-4f8f-872c-ece1b89b8fdb', 'area', [1, 1], [
    ['2d5f230f-a1df-4cb5-a0bf-13481fadae8b', 'any', 1, 'Object', true, true],
    ['56840518-ad1a-4dcd-a9e4-7eaae4df9db1', 'number', 1, 'Integer', false, true],
    ['99e8766d-d6be-4948-8f57-1f141f61724e', 'ignore', 2, 'Integer', false, false, '-1'],
    ['9d2d3483-f04b-48ac-9dea-2ef7ae808b0d', 'ignore', 2, 'DateTime', false, false,
      '2010-01-01T00:00:00.0000000Z'],
    ['57b5b1eb-f412-49e0-a08d-1deea055f8c7', 'any', 3, 'Object', false, true],
  ]],
  // Call Subprocess
  ['c37e56fe-d924-4604-a86f-7c93f863fcdf', 'square', [1, 1], [
    ['d2831844-54a5-42e7-a101-119e21a03fe2', 'ignore', 2, 'Guid', false, false,
      '00000000-0000-0000-0000-000000000000'],
    ['bc93d0be-98f6-42d6-b2ac-a782eadd79bf', 'flow-list', 2, 'Guid', false, true],
    ['62cdd318-b8d7-4d64-8a9c-577ec459045a', 'process-inputs', 1, 'Object', false, false],
    ['d2831844-54a5-42e7-a101-119e21a03fe1', 'process-outputs', 2, 'Object', false, false],
  ]],
  // Trigger Subprocess
  ['615365f9-9ccb-dd46-85a6-af824b7be897', 'square', [1, 1], [
    ['6824ee16-b6c4-a34e-bd21-f8136346af81', 'flow-list', 2, 'Guid', false, true],
    ['bf97e355-8e64-154b-bf3c-4f7d3be111e9', 'text', 3, 'Guid', false, false],
    ['9823b4d9-7a0c-f945-b024-44ff35a95dab', 'process-inputs', 1, 'Object', false, false],
  ]],
  // Map Data
  ['f183b48e-25b0-4a28-b6ec-310344feaa18', 'square', [1, 1], [
    ['d7ffa148-c29b-4e33-bb32-0171f2fb5a56', 'map-process-data', 2, null, false, true],
  ]],
  // Delay
  ['c2e6bf3f-c6b6-45d9-a342-f0ad90a1049a', 'square', [1, 1], [
    ['39e94c36-7e40-4848-a70d-491478f3c85d', 'text', 1, 'String', false, false],
    ['6d159186-5f36-424c-b7cf-16f4ce495b19', 'delay-definition', 1, 'Object', false, true],
    ['f1293589-6ede-4cc6-a04b-cc70e7084cb0', 'delay-radio-type', 1, 'Integer', false, true, '1'],
    ['653664be-fa77-4603-a351-19b1828992db', 'number', 1, 'Integer', false, false],
    ['fc63aed5-e473-4938-8ec8-7f3c8cda6d33', 'date-time', 1, 'DateTime', false, false],
  ]],
  // Throw
  ['eec71c30-ba09-0f4a-ba18-97708fa12e84', 'square', [1, 1], [
    ['2ad4f219-4305-9c4b-afec-fb5c07b3e895', 'text', 1, 'String', false, false,
      'An exception occured.'],
  ]],
  // Concatenate (strings)
  ['894e02d1-303d-4e52-9ef7-1b3198ee4b53', 'square', [1, 1], [
    ['9cdb4f28-e2e3-4933-ada8-1285f7f635f4', 'datatype', 3, 'String', false, true],
    ['797e45d8-da43-4412-bac4-a3cbdf961b37', 'text', 1, 'String', false, true],
    ['117061e7-e531-4340-9cc1-da8f6e13633a', 'text', 1, 'String', false, true],
  ]],
  // Replace
  ['6ddf806a-612e-4bf1-aa20-cc1dab576b02', 'square', [1, 1], [
    ['05ccbb02-9ac0-431b-aa87-f8eb2de4389a', 'text', 1, 'String', false, true],
    ['ff90350d-d905-4f35-8f69-293ec2001880', 'text', 1, 'String', false, false],
    ['03952913-f4b2-404a-a3a9-781bec674532', 'datatype', 3, 'String', false, true],
    ['13b56034-3fea-47b9-b060-63a70e0744ca', 'text', 1, 'String', false, true],
    ['e4f0fc87-01fc-4194-a65d-33eea4bb041e', 'check-box', 1, 'Boolean', false, false],
  ]],
  // To Upper
  ['024f22fa-831f-470a-bca0-2448d0b868ca', 'square', [1, 1], [
    ['786b5c80-ae4d-4947-aa35-24fd1f9e1f09', 'text', 1, 'String', false, true],
    ['9b41b39f-815f-4b2e-937b-7c96887635df', 'datatype', 3, 'String', false, true],
  ]],
  // To Lower
  ['4cf1fe74-4e9f-42ec-bb25-7cbf8491292c', 'square', [1, 1], [
    ['8f651948-eb90-48b9-a503-b324ab058a33', 'datatype', 3, 'String', false, true],
    ['b8b1e169-ebec-4641-b9b0-5f2604b420c5', 'text', 1, 'String', false, true],
  ]],
  // Length (lists)
  ['47da9168-56e2-4c7b-bf72-1ab3db3c909d', 'square', [1, 1], [
    ['0056b9c3-cce7-4d7e-9f55-0c2a2a147bf9', 'datatype', 3, 'Object', false, true],
    ['80551ac5-9aa0-4801-aedd-5f68f5634fe5', 'number', 1, 'Object', true, true],
  ]],
  // Add (numbers)
  ['fea7cedc-082a-4c17-916d-fa892781e4e0', 'square', [1, 1], [
    ['b3a9874e-a4e8-4d7a-9ea3-89abd19dfd8c', 'number', 1, 'Object', false, true],
    ['9e68606a-f9af-44a1-a0db-ff9c9fa14ea0', 'datatype', 3, 'Object', false, true],
    ['268283fd-f792-4638-8bc1-71d2dc941aab', 'number', 1, 'Object', false, true],
  ]],
];

const SLUICE_IDS = new Set<string>(Object.values(SLUICE_SETTING_IDS.ForEach));
const TYPE_NAME = new Map<string, TypeName>(
  Object.entries(DataTypeIds).map(([name, id]) => [id, name as TypeName]),
);

describe('createActionRegistry', () => {
  it("serves PROCESIO's template and setting facts for the templates listed here", () => {
    const registry = createActionRegistry();
    const registered = new Set(registry.list().map((t) => t.id));
    for (const [id] of CATALOGUE) expect(registered.has(id), id).toBe(true);
    for (const [id, shape, ports, settings] of CATALOGUE) {
      const template = registry.get(id)!;
      expect([template.shape, template.inputPorts, template.outputPorts], id).toEqual([
        shape,
        ...ports,
      ]);
      const facts = template.settings
        .filter((s) => !SLUICE_IDS.has(s.id))
        .map((s): SettingFact => {
          const fact: SettingFact = [
            s.id,
            s.type,
            s.direction,
            s.dataTypeId === null
              ? null
              : (TYPE_NAME.get(s.dataTypeId) ?? (s.dataTypeId as TypeName)),
            s.isList,
            s.isRequired,
          ];
          if (s.defaultValue !== undefined) fact.push(s.defaultValue as string);
          return fact;
        });
      expect(facts, id).toEqual(settings);
    }
  });

  it('registers the control templates as control and the platform actions as executable', () => {
    const registry = createActionRegistry();
    for (const template of CONTROL_TEMPLATES) {
      expect(registry.get(template.id)).toBe(template);
      expect(registry.executable(template.id)).toBeUndefined();
    }
    for (const action of PLATFORM_ACTIONS) {
      expect(registry.executable(action.template.id.toUpperCase())).toBe(action);
      expect(typeof action.effectful).toBe('boolean');
    }
  });

  it('marks data actions pure and actions with outside effects effectful', () => {
    expect(concatenateAction.effectful).toBe(false);
    const effectful = new Set(
      PLATFORM_ACTIONS.filter((a) => a.effectful).map((a) => a.template.id),
    );
    expect(effectful.has('cd8bd0bc-9c9c-476c-b16e-975acde804de')).toBe(true); // Call API
    expect(effectful.has('c7673492-2912-4975-8cab-747fb9f4085d')).toBe(true); // Send Email
  });

  it('builds an independent registry on every call', () => {
    expect(createActionRegistry()).not.toBe(createActionRegistry());
  });
});

// ---------------------------------------------------------------------------------------------
// Flows compiled against the registry.

const types = builtinResolver();
const T = DataTypeIds;

function guid(n: number): string {
  return `00000000-0000-0000-0000-${n.toString(16).padStart(12, '0')}`;
}

const A = {
  start: guid(0x100),
  map: guid(0x101),
  decide: guid(0x102),
  delay: guid(0x103),
  fail: guid(0x104),
  join: guid(0x105),
  loop: guid(0x106),
  concat: guid(0x107),
  call: guid(0x108),
  trigger: guid(0x109),
  stop: guid(0x10a),
};
const V = {
  name: guid(0x200),
  greeting: guid(0x201),
  count: guid(0x202),
  words: guid(0x203),
  child: guid(0x204),
  error: guid(0x205),
};
const CHILD_PROCESS = guid(0xc41d);
const CHILD_INPUT = guid(0xc42d);

function variable(id: string, name: string, dataType: string, isList = false): VariableDto {
  return {
    id,
    name,
    dataType,
    type: 20,
    defaultValue: null,
    isList,
    isError: dataType === T.Error,
    isRequired: false,
  };
}

const VARIABLES: VariableDto[] = [
  variable(V.name, 'name', T.String),
  variable(V.greeting, 'greeting', T.String),
  variable(V.count, 'count', T.Integer),
  variable(V.words, 'words', T.String, true),
  variable(V.child, 'child', T.Guid),
  variable(V.error, 'error', T.Error),
];

let ports = 0x1000;
function port(source: string, destination: string, extra: Partial<PortDto> = {}): PortDto {
  ports += 1;
  return {
    id: guid(ports),
    sourceId: source,
    destinationId: destination,
    type: 0,
    state: 1,
    ...extra,
  };
}

function ref(n: number, variableId: string) {
  return { id: n, variableId, attribute: null };
}

function param(tabPropertyId: string, value: unknown, variable = [] as ParameterDto['variable']) {
  return { tabPropertyId, value, variable };
}

function action(
  id: string,
  templateId: string,
  to: string[],
  parameters: ParameterDto[] = [],
  extra: Partial<ActionDto> = {},
): ActionDto {
  return { id, templateId, ports: to.map((t) => port(id, t)), parameters, ...extra };
}

/**
 * Start → Map → Decisional (Delay | Throw) → Join → For Each {Concatenate} → Call → Trigger → Stop.
 */
function everyControlAction(loopParameters: ParameterDto[] = []): FlowRequestDto {
  const decide = action(
    A.decide,
    TPL.Decisional,
    [],
    [
      param(SET.Decisional.Cases, [
        {
          id: 0,
          actionid: A.delay,
          condition: [
            {
              id: 0,
              operator: 'GREATER_THAN',
              logicOperator: 1,
              leftOperator: { value: '<%0%>', variable: [ref(0, V.count)] },
              rightOperator: { value: '1', variable: [] },
              auxOperator: null,
            },
          ],
        },
      ]),
      param(SET.Decisional.Default, A.fail),
    ],
  );
  decide.ports = [
    port(A.decide, A.delay),
    port(A.decide, A.fail, { data: { isDefault: 'default' } }),
  ];
  const fail = action(
    A.fail,
    TPL.Throw,
    [A.join],
    [param(SET.Throw.Message, 'count is <%0%>', [ref(0, V.count)])],
    {
      variableErrorId: V.error,
    },
  );
  fail.ports!.push(port(A.fail, A.join, { type: 1 }));
  return {
    id: guid(1),
    title: 'Every control action',
    variables: VARIABLES,
    actions: [
      action(A.start, TPL.Start, [A.map]),
      action(
        A.map,
        TPL.MapProcessData,
        [A.decide],
        [
          param(SET.MapProcessData.Rows, [
            {
              id: 0,
              source: { value: '2', variable: [] },
              destination: { id: 0, variableId: V.count, attribute: null },
            },
          ]),
        ],
      ),
      decide,
      action(
        A.delay,
        TPL.Delay,
        [A.join],
        [param(SET.Delay.Type, '1'), param(SET.Delay.Value, { value: 15, interval: 2 })],
      ),
      fail,
      action(A.join, TPL.Join, [A.loop]),
      action(
        A.loop,
        TPL.ForEach,
        [A.concat, A.call],
        [
          param(SET.ForEach.InList, '<%0%>', [ref(0, V.words)]),
          param(SET.ForEach.Item, '<%1%>', [ref(1, V.name)]),
          param(SET.ForEach.Timeout, '0'),
          ...loopParameters,
        ],
      ),
      action(
        A.concat,
        CONCAT.Template,
        [A.loop],
        [
          param(CONCAT.First, '<%0%>', [ref(0, V.name)]),
          param(CONCAT.Second, '!'),
          param(CONCAT.Result, '<%1%>', [ref(1, V.greeting)]),
        ],
        { parentId: A.loop },
      ),
      action(
        A.call,
        TPL.CallSubprocess,
        [A.trigger],
        [
          param(SET.CallSubprocess.Process, CHILD_PROCESS),
          param(SET.CallSubprocess.Inputs, [
            {
              id: 0,
              source: { value: '<%0%>', variable: [ref(0, V.greeting)] },
              destination: { id: 0, variableId: CHILD_INPUT, attribute: null },
            },
          ]),
        ],
      ),
      action(
        A.trigger,
        TPL.TriggerSubprocess,
        [A.stop],
        [
          param(SET.TriggerSubprocess.Process, CHILD_PROCESS),
          param(SET.TriggerSubprocess.InstanceId, '<%0%>', [ref(0, V.child)]),
        ],
      ),
      action(A.stop, TPL.Stop, []),
    ],
  };
}

const options: CompileOptions = { processExists: (id) => id === CHILD_PROCESS };
const compile = (flow: FlowRequestDto) => compileFlow(flow, createActionRegistry(), types, options);
const targets = (flow: FlowRequestDto) =>
  compile(flow).problems.map(({ statusCode, target }) => ({ statusCode, target }));

describe('flows compiled against createActionRegistry()', () => {
  it('compiles the Start → Concatenate → Stop flow of API.md §3.6 with no problems', () => {
    const flow: FlowRequestDto = greetExampleFlow();
    const registry = createActionRegistry();
    const { plan, problems } = compileFlow(flow, registry, types);
    expect(problems).toEqual([]);
    const concat = plan!.nodes.get('00000000-0000-0000-0000-000000000004')!;
    expect(concat.kind).toBe('action');
    expect(registry.executable(concat.templateId)).toBe(concatenateAction);
    expect(concat.parameters.get(CONCAT.Result)!.output?.variableId).toBe(
      '00000000-0000-0000-0000-000000000003',
    );
  });

  it('compiles a flow that uses every control action', () => {
    const { plan, problems } = compile(everyControlAction());
    expect(problems).toEqual([]);
    const kinds = [...plan!.nodes.values()].map((n) => n.kind).sort();
    expect(kinds).toEqual(
      [
        'action',
        'call-subprocess',
        'decisional',
        'delay',
        'for-each',
        'join',
        'map-data',
        'start',
        'stop',
        'throw',
        'trigger-subprocess',
      ].sort(),
    );
    expect(plan!.nodes.get(A.fail)!.error?.target).toBe(A.join);
    expect(plan!.nodes.get(A.decide)!.decisional!.defaultEdge?.target).toBe(A.fail);
  });

  it('fills in catalogue defaults the flow leaves out, Concurrency 1 included', () => {
    const { plan } = compile(everyControlAction());
    const loop = plan!.nodes.get(A.loop)!.parameters;
    expect(loop.get(SLUICE_SETTING_IDS.ForEach.Concurrency)).toMatchObject({
      fromDefault: true,
      input: { value: '1' },
    });
    expect(loop.get(SET.ForEach.Index)).toMatchObject({
      fromDefault: true,
      input: { value: '-1' },
    });
    const call = plan!.nodes.get(A.call)!.parameters;
    expect(call.get(SET.CallSubprocess.StartedInstance)?.input.value).toBe(
      '00000000-0000-0000-0000-000000000000',
    );
    const delay = plan!.nodes.get(A.delay)!.parameters;
    expect(delay.get(SET.Delay.Type)).toMatchObject({ fromDefault: false, input: { value: '1' } });
  });

  it('takes a For Each Concurrency given by the flow', () => {
    const flow = everyControlAction([param(SLUICE_SETTING_IDS.ForEach.Concurrency, '4')]);
    const { plan, problems } = compile(flow);
    expect(problems).toEqual([]);
    expect(
      plan!.nodes.get(A.loop)!.parameters.get(SLUICE_SETTING_IDS.ForEach.Concurrency),
    ).toMatchObject({
      fromDefault: false,
      input: { value: '4' },
    });
  });

  it('reports the required settings of the catalogue: For Each timeout, Delay value', () => {
    const flow = everyControlAction();
    const byId = (id: string) => flow.actions!.find((a) => a.id === id)!;
    byId(A.loop).parameters = byId(A.loop).parameters!.filter(
      (p) => p.tabPropertyId !== SET.ForEach.Timeout,
    );
    byId(A.delay).parameters = byId(A.delay).parameters!.filter(
      (p) => p.tabPropertyId !== SET.Delay.Value,
    );
    expect(targets(flow)).toEqual([
      { statusCode: 502, target: `${A.delay}.${SET.Delay.Value}` },
      { statusCode: 502, target: `${A.loop}.${SET.ForEach.Timeout}` },
    ]);
  });

  it('refuses an error edge from Start, and an edge out of Stop', () => {
    const flow = everyControlAction();
    const start = flow.actions!.find((a) => a.id === A.start)!;
    const errorEdge = port(A.start, A.join, { type: 1 });
    start.ports!.push(errorEdge);
    const stop = flow.actions!.find((a) => a.id === A.stop)!;
    const stopEdge = port(A.stop, A.join);
    stop.ports!.push(stopEdge);
    expect(targets(flow)).toEqual(
      expect.arrayContaining([
        { statusCode: 502, target: errorEdge.id },
        { statusCode: 502, target: stopEdge.id },
      ]),
    );
  });

  it('refuses a sub-process that does not exist', () => {
    const flow = everyControlAction();
    expect(
      compileFlow(flow, createActionRegistry(), types, { processExists: () => false }).problems.map(
        (p) => p.target,
      ),
    ).toEqual([A.call, A.trigger]);
  });
});
