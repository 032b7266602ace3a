import { greetExampleFlow } from '../testing/example-flows.js';
import { describe, expect, it } from 'vitest';
import { builtinResolver } from '../domain/data-types/builtin-models.js';
import { DataTypeIds } from '../domain/data-types/types.js';
import type { DataModelDefinition } from '../domain/data-types/types.js';
import { compileFlow, type CompileOptions } from './compile.js';
import type {
  ActionDto,
  FlowRequestDto,
  ParameterDto,
  ParameterVariableDto,
  PortDto,
  VariableDto,
} from './flow.schema.js';
import type { ConditionItem, ExecutablePlan, PlanNode } from './plan.js';
import {
  CONTROL_SETTING_IDS as SET,
  CONTROL_TEMPLATE_IDS as TPL,
  type ActionTemplate,
  type TemplateCatalog,
  type TemplateSetting,
} from './template-catalog.js';

// ---------------------------------------------------------------------------------------------
// An in-test catalogue, built from procesio/control-actions.md and actions-index.md.

const CONCATENATE = '894e02d1-303d-4e52-9ef7-1b3198ee4b53';
const CONCAT = {
  In1: '797e45d8-da43-4412-bac4-a3cbdf961b37',
  In2: '117061e7-e531-4340-9cc1-da8f6e13633a',
  Result: '9cdb4f28-e2e3-4933-ada8-1285f7f635f4',
};
const JAVASCRIPT = 'e7a35dad-8a1b-c147-88d6-16a02d917022';
const JS = {
  Code: 'e2e9cb02-2c4f-ffbe-fa1c-eca96c407944',
  Output: 'e2e9cb02-2c4f-ffbe-fb1c-eca96c407944',
};

function setting(
  id: string,
  name: string,
  type: string,
  direction: 1 | 2 | 3,
  dataTypeId: string | null,
  extra: Partial<TemplateSetting> = {},
): TemplateSetting {
  return { id, name, type, direction, dataTypeId, isList: false, isRequired: false, ...extra };
}

function template(
  id: string,
  name: string,
  ports: [number, number],
  settings: TemplateSetting[] = [],
  extra: Partial<ActionTemplate> = {},
): ActionTemplate {
  return {
    id,
    name,
    shape: 'square',
    inputPorts: ports[0],
    outputPorts: ports[1],
    hasErrorPort: true,
    settings,
    ...extra,
  };
}

const T = DataTypeIds;
const TEMPLATES: ActionTemplate[] = [
  template(TPL.Start, 'Start', [0, 1], [], { hasErrorPort: false }),
  template(TPL.Stop, 'Stop', [1, 0], [], { hasErrorPort: false }),
  template(TPL.Join, 'Join', [-1, 1], [], { hasErrorPort: false, shape: 'circle' }),
  template(
    TPL.Decisional,
    'Decisional',
    [1, -1],
    [
      setting(SET.Decisional.Cases, 'Cases', 'decisional-case', 1, T.Object, { isList: true }),
      setting(SET.Decisional.Default, 'Default', 'decisional-default', 1, T.Object),
    ],
    { shape: 'diamond' },
  ),
  template(
    TPL.AiDecisional,
    'AI Decisional',
    [1, -1],
    [
      setting(SET.AiDecisional.Cases, 'Cases', 'ai-decisional-case', 1, T.Object, {
        isList: true,
        isRequired: true,
      }),
      setting(SET.AiDecisional.Default, 'Default', 'decisional-default', 1, T.Object),
    ],
    { shape: 'diamond' },
  ),
  template(
    TPL.ForEach,
    'For Each',
    [1, 1],
    [
      setting(SET.ForEach.Item, 'For Each Item', 'any', 3, T.Object, { isRequired: true }),
      setting(SET.ForEach.InList, 'In List', 'any', 1, T.Object, {
        isList: true,
        isRequired: true,
      }),
      setting(SET.ForEach.Timeout, 'Action timeout', 'number', 1, T.Integer, { isRequired: true }),
      setting(SET.ForEach.Index, 'Zero based list index', 'ignore', 2, T.Integer, {
        defaultValue: '-1',
      }),
      setting(SET.ForEach.StartTime, 'Action start time', 'ignore', 2, T.DateTime, {
        defaultValue: '2010-01-01T00:00:00.0000000Z',
      }),
    ],
    { hasErrorPort: false, shape: 'area' },
  ),
  template(
    TPL.MapProcessData,
    'Map Data',
    [1, 1],
    [
      setting(SET.MapProcessData.Rows, 'Map Process Variables', 'map-process-data', 2, null, {
        isRequired: true,
      }),
    ],
  ),
  template(
    TPL.CallSubprocess,
    'Call Subprocess',
    [1, 1],
    [
      setting(SET.CallSubprocess.StartedInstance, 'Id of the started flow', 'ignore', 2, T.Guid, {
        defaultValue: '00000000-0000-0000-0000-000000000000',
      }),
      setting(SET.CallSubprocess.Process, 'Select Subprocess', 'flow-list', 2, T.Guid, {
        isRequired: true,
      }),
      setting(SET.CallSubprocess.Inputs, 'Input Variables', 'process-inputs', 1, T.Object),
      setting(SET.CallSubprocess.Outputs, 'Output Variables', 'process-outputs', 2, T.Object),
    ],
  ),
  template(
    CONCATENATE,
    'Concatenate',
    [1, 1],
    [
      setting(CONCAT.Result, 'Result', 'datatype', 3, T.String, { isRequired: true }),
      setting(CONCAT.In1, 'Input String 1', 'text', 1, T.String, { isRequired: true }),
      setting(CONCAT.In2, 'Input String 2', 'text', 1, T.String, { isRequired: true }),
    ],
  ),
  template(
    JAVASCRIPT,
    'Javascript',
    [1, 1],
    [
      setting(JS.Code, 'Code', 'code-editor', 1, T.Object, { isRequired: true }),
      setting(JS.Output, 'Output', 'datatype', 3, T.Json, { isRequired: true }),
    ],
  ),
];

const BY_ID = new Map(TEMPLATES.map((t) => [t.id, t]));
const catalog: TemplateCatalog = { get: (id) => BY_ID.get(id.toLowerCase()) };

// A custom model with a nested model, a list attribute and a list of models.
const ADDRESS: DataModelDefinition = {
  id: 'ad000000-0000-0000-0000-000000000001',
  name: 'Address',
  displayName: 'Address',
  attributes: [
    {
      id: 'ad000000-0000-0000-0000-0000000000a1',
      name: 'city',
      dataTypeId: T.String,
      isList: false,
    },
  ],
};
const CUSTOMER: DataModelDefinition = {
  id: 'c0000000-0000-0000-0000-000000000001',
  name: 'Customer',
  displayName: 'Customer',
  attributes: [
    {
      id: 'c0000000-0000-0000-0000-0000000000a1',
      name: 'name',
      dataTypeId: T.String,
      isList: false,
    },
    {
      id: 'c0000000-0000-0000-0000-0000000000a2',
      name: 'address',
      dataTypeId: ADDRESS.id,
      isList: false,
    },
    {
      id: 'c0000000-0000-0000-0000-0000000000a3',
      name: 'tags',
      dataTypeId: T.String,
      isList: true,
    },
  ],
};
const types = builtinResolver([ADDRESS, CUSTOMER]);
const ATTR = {
  name: 'c0000000-0000-0000-0000-0000000000a1',
  address: 'c0000000-0000-0000-0000-0000000000a2',
  tags: 'c0000000-0000-0000-0000-0000000000a3',
  city: 'ad000000-0000-0000-0000-0000000000a1',
};

// ---------------------------------------------------------------------------------------------
// Flow builders.

function id(n: number): string {
  return `00000000-0000-0000-0000-${n.toString(16).padStart(12, '0')}`;
}

const A = {
  start: id(0x100),
  stop: id(0x101),
  stop2: id(0x102),
  concat: id(0x103),
  concat2: id(0x104),
  join: id(0x105),
  decide: id(0x106),
  loop: id(0x107),
  loop2: id(0x108),
  map: id(0x109),
  call: id(0x10a),
  js: id(0x10b),
  ai: id(0x10c),
  stop3: id(0x10d),
};

const V = {
  name: id(0x200),
  greeting: id(0x201),
  count: id(0x202),
  numbers: id(0x203),
  customer: id(0x204),
  error: id(0x205),
  words: id(0x206),
  json: id(0x207),
  customers: id(0x208),
};

function variable(
  variableId: string,
  name: string,
  dataType: string,
  extra: Partial<VariableDto> = {},
): VariableDto {
  return {
    id: variableId,
    name,
    dataType,
    type: 20,
    defaultValue: null,
    isList: false,
    isError: false,
    isRequired: false,
    ...extra,
  };
}

const VARIABLES: VariableDto[] = [
  variable(V.name, 'name', T.String, { type: 10, isRequired: true }),
  variable(V.greeting, 'greeting', T.String, { type: 30 }),
  variable(V.count, 'count', T.Integer),
  variable(V.numbers, 'numbers', T.Integer, { isList: true }),
  variable(V.customer, 'customer', CUSTOMER.id),
  variable(V.error, 'error', T.Error, { isError: true }),
  variable(V.words, 'words', T.String, { isList: true }),
  variable(V.json, 'json', T.Json),
  variable(V.customers, 'customers', CUSTOMER.id, { isList: true }),
];

let portCounter = 0x1000;
function port(source: string, destination: string, extra: Partial<PortDto> = {}): PortDto {
  portCounter += 1;
  return {
    id: id(portCounter),
    sourceId: source,
    destinationId: destination,
    type: 0,
    state: 1,
    ...extra,
  };
}

function ref(n: number, variableId: string, attributes: string[] = []): ParameterVariableDto {
  let attribute: ParameterVariableDto['attribute'] = null;
  for (const attributeId of [...attributes].reverse())
    attribute = { attributeId, nextAttribute: attribute };
  return { id: n, variableId, attribute };
}

function param(
  tabPropertyId: string,
  value: unknown,
  variables: ParameterVariableDto[] = [],
): ParameterDto {
  return { tabPropertyId, value, variable: variables };
}

interface ActionSpec {
  to?: string[];
  errorTo?: string;
  ports?: PortDto[];
  parameters?: ParameterDto[];
  extra?: Partial<ActionDto>;
}

function action(actionId: string, templateId: string, spec: ActionSpec = {}): ActionDto {
  const ports = [
    ...(spec.to ?? []).map((to) => port(actionId, to)),
    ...(spec.errorTo ? [port(actionId, spec.errorTo, { type: 1 })] : []),
    ...(spec.ports ?? []),
  ];
  return {
    id: actionId,
    templateId,
    actionName: null,
    ports,
    parameters: spec.parameters ?? [],
    ...spec.extra,
  };
}

function start(to: string[] = [A.concat]): ActionDto {
  const startAction = action(A.start, TPL.Start, { to });
  startAction.ports!.unshift(port('00000000-0000-0000-0000-000000000000', A.start));
  return startAction;
}

/** A valid Concatenate: name + literal → output. */
function concat(actionId: string, spec: ActionSpec = {}, output = V.greeting): ActionDto {
  return action(actionId, CONCATENATE, {
    parameters: [
      param(CONCAT.In1, '<%0%>', [ref(0, V.name)]),
      param(CONCAT.In2, ' - processed'),
      param(CONCAT.Result, '<%1%>', [ref(1, output)]),
    ],
    ...spec,
  });
}

function flow(actions: ActionDto[], extra: Partial<FlowRequestDto> = {}): FlowRequestDto {
  return { id: id(1), title: 'Test', variables: VARIABLES, actions, ...extra };
}

function compile(f: FlowRequestDto, options?: CompileOptions) {
  return compileFlow(f, catalog, types, options);
}

function compiled(f: FlowRequestDto, options?: CompileOptions): ExecutablePlan {
  const result = compile(f, options);
  expect(result.problems).toEqual([]);
  expect(result.plan).not.toBeNull();
  return result.plan!;
}

function node(plan: ExecutablePlan, nodeId: string): PlanNode {
  const found = plan.nodes.get(nodeId);
  if (!found) throw new Error(`no node ${nodeId}`);
  return found;
}

function problemsOf(f: FlowRequestDto, options?: CompileOptions) {
  const result = compile(f, options);
  expect(result.plan).toBeNull();
  return result.problems.map(({ statusCode, target }) => ({ statusCode, target }));
}

const linear = () => flow([start(), concat(A.concat, { to: [A.stop] }), action(A.stop, TPL.Stop)]);

// ---------------------------------------------------------------------------------------------

describe('compileFlow: the minimal flow', () => {
  const greet: FlowRequestDto = greetExampleFlow();

  it('compiles the Start → Concatenate → Stop flow of API.md §3.6', () => {
    const plan = compiled(greet);
    expect(plan.startId).toBe('00000000-0000-0000-0000-000000000005');
    const startNode = node(plan, plan.startId);
    expect(startNode.kind).toBe('start');
    expect(startNode.next.map((e) => e.target)).toEqual(['00000000-0000-0000-0000-000000000004']);
    const concatNode = node(plan, '00000000-0000-0000-0000-000000000004');
    expect(concatNode.kind).toBe('action');
    expect(concatNode.name).toBe('Concatenate');
    expect(concatNode.next.map((e) => e.target)).toEqual(['00000000-0000-0000-0000-000000000006']);
    const input = concatNode.parameters.get(CONCAT.In1)!;
    expect(input.input.placeholders.get(0)).toEqual({
      variableId: '00000000-0000-0000-0000-000000000002',
      path: [],
      type: { dataTypeId: T.String, isList: false },
    });
    expect(concatNode.parameters.get(CONCAT.In2)!.input.value).toBe(' - processed');
    expect(concatNode.parameters.get(CONCAT.Result)!.output?.variableId).toBe(
      '00000000-0000-0000-0000-000000000003',
    );
    expect(node(plan, '00000000-0000-0000-0000-000000000006').next).toEqual([]);
    expect(plan.variablesByName.get('greeting')?.orientation).toBe(30);
  });

  it('keeps the entry port out of the plan: only the two real edges remain', () => {
    const plan = compiled(greet);
    expect([...plan.edges.keys()]).toEqual([
      '00000000-0000-0000-0000-000000000008',
      '00000000-0000-0000-0000-000000000009',
    ]);
  });

  it('also accepts an entry port whose sourceId is null', () => {
    const f = linear();
    f.actions![0]!.ports![0]!.sourceId = null;
    compiled(f);
  });

  it('matches GUIDs in any case and indexes them in lower case', () => {
    const f = linear();
    const upper = (s: string) => s.toUpperCase();
    const concatAction = f.actions![1]!;
    concatAction.id = upper(A.concat);
    concatAction.templateId = upper(CONCATENATE);
    concatAction.parameters![0]!.variable![0]!.variableId = upper(V.name);
    concatAction.parameters![0]!.tabPropertyId = upper(CONCAT.In1);
    f.actions![0]!.ports![1]!.destinationId = upper(A.concat);
    const plan = compiled(f);
    expect(plan.nodes.has(A.concat)).toBe(true);
    expect(
      node(plan, A.concat).parameters.get(CONCAT.In1)?.input.placeholders.get(0)?.variableId,
    ).toBe(V.name);
  });
});

describe('compileFlow: validation rules (API.md §3.9)', () => {
  it('reports 502 on "start" when the flow has no Start', () => {
    const f = flow([concat(A.concat, { to: [A.stop] }), action(A.stop, TPL.Stop)]);
    expect(problemsOf(f)).toContainEqual({ statusCode: 502, target: 'start' });
  });

  it('reports 502 on "start" when the flow has two Starts', () => {
    const second = action(A.concat2, TPL.Start, { to: [A.stop2] });
    const f = flow([
      start(),
      concat(A.concat, { to: [A.stop] }),
      action(A.stop, TPL.Stop),
      second,
      action(A.stop2, TPL.Stop),
    ]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: 'start' }]);
  });

  it('reports 383 on a Stop with two input edges', () => {
    const f = flow([
      start([A.concat, A.concat2]),
      concat(A.concat, { to: [A.stop] }),
      concat(A.concat2, { to: [A.stop] }),
      action(A.stop, TPL.Stop),
    ]);
    expect(problemsOf(f)).toEqual([{ statusCode: 383, target: A.stop }]);
  });

  it('reports 383 on a Start that has an input edge besides the entry port', () => {
    const f = flow([
      start([A.join]),
      action(A.join, TPL.Join, { to: [A.concat] }),
      concat(A.concat, { to: [A.start, A.stop] }),
      action(A.stop, TPL.Stop),
    ]);
    expect(problemsOf(f)).toContainEqual({ statusCode: 383, target: A.start });
  });

  it('reports 390 on an action other than Start that has no input edge', () => {
    const f = flow([
      start([A.stop]),
      concat(A.concat, { to: [A.stop2] }),
      action(A.stop, TPL.Stop),
      action(A.stop2, TPL.Stop),
    ]);
    expect(problemsOf(f)).toEqual([{ statusCode: 390, target: A.concat }]);
  });

  it('reports 391 on an action without a normal output edge, even with an error edge', () => {
    const f = flow([start(), concat(A.concat, { errorTo: A.stop }), action(A.stop, TPL.Stop)]);
    expect(problemsOf(f)).toEqual([{ statusCode: 391, target: A.concat }]);
  });

  it('does not require an output edge from a Stop, and refuses one', () => {
    const f = flow([
      start(),
      concat(A.concat, { to: [A.stop] }),
      action(A.stop, TPL.Stop, { to: [A.concat2] }),
      concat(A.concat2, { to: [A.stop2] }),
      action(A.stop2, TPL.Stop),
    ]);
    const stopPort = f.actions![2]!.ports![0]!.id;
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: stopPort }]);
  });

  it('reports 502 on the port whose destination does not exist', () => {
    const f = linear();
    const missing = port(A.concat, id(0xdead));
    f.actions![1]!.ports!.push(missing);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: missing.id }]);
  });

  it('reports 502 on a port id used twice', () => {
    const f = linear();
    const reused = f.actions![1]!.ports![0]!.id;
    f.actions![0]!.ports![1]!.id = reused;
    expect(problemsOf(f)).toContainEqual({ statusCode: 502, target: reused });
  });

  it('reports 502 on a port stored on an action that is not its source', () => {
    const f = linear();
    const wrong = port(A.stop, A.concat);
    f.actions![0]!.ports!.push(wrong);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: wrong.id }]);
  });

  it('reports 502 on an action id used twice', () => {
    const f = linear();
    f.actions!.push(action(A.stop, TPL.Stop));
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: A.stop }]);
  });

  it('reports 502 on an action whose template the catalogue does not know', () => {
    const f = flow([
      start(),
      action(A.concat, id(0xbad), { to: [A.stop] }),
      action(A.stop, TPL.Stop),
    ]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: A.concat }]);
  });

  it('reports a cycle outside a For Each on its first action', () => {
    const f = flow([
      start([A.join]),
      action(A.join, TPL.Join, { to: [A.concat] }),
      concat(A.concat, { to: [A.join, A.stop] }),
      action(A.stop, TPL.Stop),
    ]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: A.join }]);
  });

  it('reports 502 on an error edge from an action that has no error port', () => {
    const joinAction = action(A.join, TPL.Join, { to: [A.stop], errorTo: A.stop2 });
    const f = flow([
      start([A.join]),
      joinAction,
      action(A.stop, TPL.Stop),
      action(A.stop2, TPL.Stop),
    ]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: joinAction.ports![1]!.id }]);
  });

  it('reports 502 on the variable id for an empty name, a duplicate name in other case, an unknown type and a repeated id', () => {
    const f = linear();
    f.variables = [
      ...VARIABLES,
      variable(id(0x300), ' ', T.String),
      variable(id(0x301), 'GREETING', T.String),
      variable(id(0x302), 'other', id(0x999)),
      variable(V.name, 'again', T.String),
    ];
    expect(problemsOf(f)).toEqual([
      { statusCode: 502, target: id(0x300) },
      { statusCode: 502, target: id(0x301) },
      { statusCode: 502, target: id(0x302) },
      { statusCode: 502, target: V.name },
    ]);
  });

  it('reports a placeholder without a variable entry on <actionId>.<tabPropertyId>', () => {
    const f = linear();
    f.actions![1]!.parameters![1] = param(CONCAT.In2, 'and <%7%>');
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: `${A.concat}.${CONCAT.In2}` }]);
  });

  it('reports a variable entry naming a variable the flow does not have', () => {
    const f = linear();
    f.actions![1]!.parameters![0] = param(CONCAT.In1, '<%0%>', [ref(0, id(0x999))]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: `${A.concat}.${CONCAT.In1}` }]);
  });

  it('reports an attribute path that does not exist in the model', () => {
    const f = linear();
    f.actions![1]!.parameters![0] = param(CONCAT.In1, '<%0%>', [ref(0, V.customer, [ATTR.city])]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: `${A.concat}.${CONCAT.In1}` }]);
  });

  it('accepts an attribute path through nested models', () => {
    const f = linear();
    f.actions![1]!.parameters![0] = param(CONCAT.In1, '<%0%>', [
      ref(0, V.customer, [ATTR.address, ATTR.city]),
    ]);
    const plan = compiled(f);
    expect(
      node(plan, A.concat).parameters.get(CONCAT.In1)!.input.placeholders.get(0)!.path,
    ).toEqual([
      { id: ATTR.address, name: 'address', isList: false },
      { id: ATTR.city, name: 'city', isList: false },
    ]);
  });

  it('reports a required setting that has no value', () => {
    const f = linear();
    f.actions![1]!.parameters!.splice(1, 1);
    f.actions![1]!.parameters!.push(param(CONCAT.In1.toUpperCase(), 'dup'));
    const problems = problemsOf(f);
    expect(problems).toContainEqual({ statusCode: 502, target: `${A.concat}.${CONCAT.In2}` });
    expect(problems).toContainEqual({ statusCode: 502, target: `${A.concat}.${CONCAT.In1}` });
  });

  it('reports an input bound to a variable of an incompatible type', () => {
    const f = linear();
    f.actions![1]!.parameters![0] = param(CONCAT.In1, '<%0%>', [ref(0, V.numbers)]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: `${A.concat}.${CONCAT.In1}` }]);
  });

  it('accepts an Integer variable where a String is read, and textual templates of any type', () => {
    const f = linear();
    f.actions![1]!.parameters![0] = param(CONCAT.In1, '<%0%>', [ref(0, V.count)]);
    f.actions![1]!.parameters![1] = param(CONCAT.In2, 'list <%3%>', [ref(3, V.numbers)]);
    compiled(f);
  });

  it('reports an output written into a variable that cannot hold the result', () => {
    const f = linear();
    f.actions![1]!.parameters![2] = param(CONCAT.Result, '<%1%>', [ref(1, V.count)]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: `${A.concat}.${CONCAT.Result}` }]);
  });

  it('reports an output setting whose value is not a single placeholder', () => {
    const f = linear();
    f.actions![1]!.parameters![2] = param(CONCAT.Result, 'x <%1%>', [ref(1, V.greeting)]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: `${A.concat}.${CONCAT.Result}` }]);
  });

  it('treats Object and Json settings as dynamic: any single variable, but not a list for a single', () => {
    const js = (code: string, variables: ParameterVariableDto[], output: string) =>
      flow([
        start([A.js]),
        action(A.js, JAVASCRIPT, {
          to: [A.stop],
          parameters: [
            param(JS.Code, code, variables),
            param(JS.Output, '<%9%>', [ref(9, output)]),
          ],
        }),
        action(A.stop, TPL.Stop),
      ]);
    compiled(js('<%0%>', [ref(0, V.name)], V.count));
    expect(problemsOf(js('<%0%>', [ref(0, V.numbers)], V.count))).toEqual([
      { statusCode: 502, target: `${A.js}.${JS.Code}` },
    ]);
  });

  it('reports an error variable that cannot hold an Error value on the action', () => {
    const f = linear();
    f.actions![1] = concat(A.concat, {
      to: [A.stop],
      errorTo: A.stop2,
      extra: { variableErrorId: V.count },
    });
    f.actions!.push(action(A.stop2, TPL.Stop));
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: A.concat }]);
  });

  it('checks that a Call Subprocess names an existing process through the callback', () => {
    const child = id(0xc41d);
    const f = flow([
      start([A.call]),
      action(A.call, TPL.CallSubprocess, {
        to: [A.stop],
        parameters: [param(SET.CallSubprocess.Process, child.toUpperCase())],
      }),
      action(A.stop, TPL.Stop),
    ]);
    const asked: string[] = [];
    const processExists = (processId: string) => (asked.push(processId), processId === child);
    compiled(f, { processExists });
    expect(asked).toEqual([child]);
    expect(problemsOf(f, { processExists: () => false })).toEqual([
      { statusCode: 502, target: A.call },
    ]);
    compiled(f);
  });

  it('reports every problem together and builds no plan', () => {
    const f = flow([concat(A.concat, { to: [id(0xdead)] }), action(A.stop, TPL.Stop)]);
    f.variables = [...VARIABLES, variable(id(0x300), '', T.String)];
    const result = compile(f);
    expect(result.plan).toBeNull();
    expect(result.problems.map((p) => p.statusCode).sort()).toEqual([390, 390, 391, 502, 502, 502]);
    expect(result.problems.every((p) => p.value.length > 0)).toBe(true);
  });

  it('reports port-count problems with PROCESIO’s messages', () => {
    const f = flow([
      start([A.stop]),
      concat(A.concat, { to: [A.stop2] }),
      action(A.stop, TPL.Stop),
      action(A.stop2, TPL.Stop),
    ]);
    expect(compile(f).problems).toEqual([
      { statusCode: 390, value: 'Action has too few input ports.', target: A.concat },
    ]);
  });
});

describe('compileFlow: disabled actions and error edges', () => {
  it('skips a disabled action: its settings are not checked and skipTo is its normal edges', () => {
    const f = linear();
    f.actions![1]!.isDisabled = true;
    f.actions![1]!.parameters = [param(CONCAT.In1, '<%0%>', [ref(0, id(0x999))])];
    const plan = compiled(f);
    const skipped = node(plan, A.concat);
    expect(skipped.disabled).toBe(true);
    expect(skipped.skipTo.map((e) => e.target)).toEqual([A.stop]);
  });

  it('recognises an error edge by type 1 or by data.isDefault "error"', () => {
    const byMarker = port(A.concat2, A.stop2, { data: { IsDefault: 'error' } });
    const f = flow([
      start([A.concat]),
      concat(A.concat, { to: [A.concat2], errorTo: A.stop, extra: { variableErrorId: V.error } }),
      concat(A.concat2, { to: [A.stop3], ports: [byMarker] }),
      action(A.stop, TPL.Stop),
      action(A.stop2, TPL.Stop),
      action(A.stop3, TPL.Stop),
    ]);
    const plan = compiled(f);
    expect(node(plan, A.concat).error?.target).toBe(A.stop);
    expect(node(plan, A.concat).error?.kind).toBe('error');
    expect(node(plan, A.concat).errorVariableId).toBe(V.error);
    expect(node(plan, A.concat).next.map((e) => e.target)).toEqual([A.concat2]);
    expect(node(plan, A.concat2).error?.id).toBe(byMarker.id);
  });
});

describe('compileFlow: parallel branches and Join', () => {
  it('starts every outgoing edge and gives the Join its incoming edges with their upstream nodes', () => {
    const f = flow([
      start([A.concat, A.concat2]),
      concat(A.concat, { to: [A.join] }),
      concat(A.concat2, { to: [A.join] }),
      action(A.join, TPL.Join, { to: [A.stop] }),
      action(A.stop, TPL.Stop),
    ]);
    const plan = compiled(f);
    expect(node(plan, A.start).next.map((e) => e.target)).toEqual([A.concat, A.concat2]);
    const inputs = node(plan, A.join).join!.inputs;
    expect(inputs.map((i) => i.edge.source)).toEqual([A.concat, A.concat2]);
    expect([...inputs[0]!.upstream].sort()).toEqual([A.start, A.concat].sort());
    expect(inputs[0]!.upstream.has(A.concat2)).toBe(false);
    expect(node(plan, A.concat).join).toBeNull();
  });
});

function forEachFlow(
  body: ActionDto[],
  loopExtra: ActionSpec = {},
  extraActions: ActionDto[] = [],
) {
  return flow([
    start([A.loop]),
    action(A.loop, TPL.ForEach, {
      to: [body[0]?.id ?? A.stop, A.stop],
      parameters: [
        param(SET.ForEach.InList, '<%0%>', [ref(0, V.words)]),
        param(SET.ForEach.Item, '<%1%>', [ref(1, V.name)]),
        param(SET.ForEach.Timeout, '0'),
      ],
      ...loopExtra,
    }),
    ...body,
    action(A.stop, TPL.Stop),
    ...extraActions,
  ]);
}

const inLoop = { parentId: A.loop };

describe('compileFlow: For Each', () => {
  it('compiles a body: entry edge, loop-back, continuation and template defaults', () => {
    const f = forEachFlow([
      concat(A.concat, { to: [A.concat2], extra: inLoop }),
      concat(A.concat2, { to: [A.loop], extra: inLoop }),
    ]);
    const plan = compiled(f);
    const loop = node(plan, A.loop);
    expect(loop.kind).toBe('for-each');
    expect(loop.forEach!.body).toEqual([A.concat, A.concat2]);
    expect(loop.forEach!.entry.target).toBe(A.concat);
    expect(loop.forEach!.loopBacks.map((e) => e.source)).toEqual([A.concat2]);
    expect(loop.forEach!.loopBacks[0]!.kind).toBe('loop-back');
    expect(loop.next.map((e) => e.target)).toEqual([A.stop]);
    expect(loop.skipTo).toEqual(loop.next);
    expect(node(plan, A.concat2).next[0]!.kind).toBe('loop-back');
    expect(node(plan, A.concat).forEachId).toBe(A.loop);
    expect(node(plan, A.stop).forEachId).toBeNull();
    const index = loop.parameters.get(SET.ForEach.Index)!;
    expect(index).toMatchObject({ fromDefault: true, input: { value: '-1' } });
  });

  it('reports a For Each inside a For Each on the inner one', () => {
    const f = forEachFlow([
      action(A.loop2, TPL.ForEach, {
        to: [A.concat, A.loop],
        extra: inLoop,
        parameters: [
          param(SET.ForEach.InList, '<%0%>', [ref(0, V.words)]),
          param(SET.ForEach.Item, '<%1%>', [ref(1, V.name)]),
          param(SET.ForEach.Timeout, '0'),
        ],
      }),
      concat(A.concat, { to: [A.loop2], extra: { parentId: A.loop2 } }),
    ]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: A.loop2 }]);
  });

  it('reports a Stop inside a body on the Stop', () => {
    const f = forEachFlow([
      concat(A.concat, { to: [A.stop2, A.loop], extra: inLoop }),
      action(A.stop2, TPL.Stop, { extra: inLoop }),
    ]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: A.stop2 }]);
  });

  it('reports a body that never loops back on the For Each', () => {
    const f = forEachFlow([
      concat(A.concat, { to: [A.join], extra: inLoop }),
      action(A.join, TPL.Join, { extra: inLoop }),
    ]);
    expect(problemsOf(f)).toEqual([
      { statusCode: 391, target: A.join },
      { statusCode: 502, target: A.loop },
    ]);
  });

  it('reports an edge leaving the body for the top level on the For Each', () => {
    const f = forEachFlow([concat(A.concat, { to: [A.loop, A.concat2], extra: inLoop })], {}, [
      concat(A.concat2, { to: [A.stop2] }),
      action(A.stop2, TPL.Stop),
    ]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: A.loop }]);
  });

  it('reports a For Each with no continuation and one with no body', () => {
    const noContinuation = forEachFlow([concat(A.concat, { to: [A.loop], extra: inLoop })]);
    noContinuation.actions![1]!.ports!.pop();
    noContinuation.actions!.pop();
    expect(problemsOf(noContinuation)).toEqual([{ statusCode: 502, target: A.loop }]);
    const noBody = forEachFlow([]);
    noBody.actions![1]!.ports!.pop();
    expect(problemsOf(noBody)).toEqual([{ statusCode: 502, target: A.loop }]);
  });

  it('reports an item variable that cannot hold an element of the list', () => {
    const f = forEachFlow([concat(A.concat, { to: [A.loop], extra: inLoop })]);
    f.actions![1]!.parameters![0] = param(SET.ForEach.InList, '<%0%>', [ref(0, V.words)]);
    f.actions![1]!.parameters![1] = param(SET.ForEach.Item, '<%1%>', [ref(1, V.count)]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: `${A.loop}.${SET.ForEach.Item}` }]);
  });

  it('reports an In List bound to a single variable', () => {
    const f = forEachFlow([concat(A.concat, { to: [A.loop], extra: inLoop })]);
    f.actions![1]!.parameters![0] = param(SET.ForEach.InList, '<%0%>', [ref(0, V.name)]);
    expect(problemsOf(f)).toEqual([{ statusCode: 502, target: `${A.loop}.${SET.ForEach.InList}` }]);
  });
});

function condition(
  operator: string,
  left: [string, ParameterVariableDto[]],
  right: [unknown, ParameterVariableDto[]] | null,
  logicOperator: unknown = 1,
) {
  return {
    id: 0,
    operator,
    logicOperator,
    leftOperator: { value: left[0], variable: left[1] },
    rightOperator: right ? { value: right[0], variable: right[1] } : null,
    auxOperator: null,
  };
}

function decisionalFlow(cases: unknown, defaultTarget: string | null, ports: PortDto[]) {
  return flow([
    start([A.decide]),
    action(A.decide, TPL.Decisional, {
      ports,
      parameters: [
        param(SET.Decisional.Cases, cases),
        ...(defaultTarget ? [param(SET.Decisional.Default, defaultTarget)] : []),
      ],
    }),
    concat(A.concat, { to: [A.join] }),
    concat(A.concat2, { to: [A.join] }),
    action(A.join, TPL.Join, { to: [A.stop] }),
    action(A.stop, TPL.Stop),
  ]);
}

const countAbove = (n: number) =>
  condition('GREATER_THAN', ['<%0%>', [ref(0, V.count)]], [String(n), []]);

describe('compileFlow: Decisional', () => {
  it('parses cases in order with operators, logic operators and groups, and the default edge', () => {
    const caseEdge = port(A.decide, A.concat);
    const defaultEdge = port(A.decide, A.concat2, { data: { isDefault: 'default' } });
    const cases = [
      {
        id: 'c1',
        actionid: A.concat.toUpperCase(),
        condition: [
          countAbove(10),
          condition('IS_EMPTY', ['<%1%>', [ref(1, V.name)]], null, 'or'),
          {
            id: 9,
            logicOperator: 1,
            value: [
              condition('equals', ['<%2%>', [ref(2, V.customer, [ATTR.name])]], ['Ada', []]),
              condition('CONTAINS', ['<%3%>', [ref(3, V.words)]], ['x', []], 0),
            ],
          },
        ],
      },
    ];
    const plan = compiled(decisionalFlow(cases, A.concat2, [caseEdge, defaultEdge]));
    const decide = node(plan, A.decide);
    expect(decide.kind).toBe('decisional');
    const plannedCase = decide.decisional!.cases[0]!;
    expect(plannedCase.id).toBe('c1');
    expect(plannedCase.edge.id).toBe(caseEdge.id);
    const summary = (items: readonly ConditionItem[]): unknown[] =>
      items.map((c) =>
        c.kind === 'group'
          ? { logic: c.logic, group: summary(c.conditions) }
          : { logic: c.logic, operator: c.operator, right: c.right?.value ?? null },
      );
    expect(summary(plannedCase.conditions)).toEqual([
      { logic: null, operator: 'GREATER_THAN', right: '10' },
      { logic: 'OR', operator: 'IS_EMPTY', right: null },
      {
        logic: 'AND',
        group: [
          { logic: null, operator: 'EQUALS', right: 'Ada' },
          { logic: 'OR', operator: 'CONTAINS', right: 'x' },
        ],
      },
    ]);
    const first = plannedCase.conditions[0]!;
    expect(first.kind === 'condition' && first.left.placeholders.get(0)?.variableId).toBe(V.count);
    expect(decide.decisional!.defaultEdge?.id).toBe(defaultEdge.id);
    expect(decide.skipTo).toEqual([decide.decisional!.defaultEdge]);
    expect(decide.parameters.get(SET.Decisional.Cases)?.input.value).toBe(cases);
  });

  it('takes the default from the edge marked as default when no default parameter is given', () => {
    const marked = port(A.decide, A.concat2, { data: { isDefault: 'default' } });
    const plan = compiled(
      decisionalFlow([{ id: 1, actionid: A.concat, condition: [countAbove(1)] }], null, [
        port(A.decide, A.concat),
        marked,
      ]),
    );
    expect(node(plan, A.decide).decisional!.defaultEdge?.id).toBe(marked.id);
  });

  it('lets a Join after a Decisional list the Decisional upstream of both inputs', () => {
    const plan = compiled(
      decisionalFlow([{ id: 1, actionid: A.concat, condition: [countAbove(1)] }], A.concat2, [
        port(A.decide, A.concat),
        port(A.decide, A.concat2, { data: { isDefault: 'default' } }),
      ]),
    );
    const inputs = node(plan, A.join).join!.inputs;
    expect(inputs.every((i) => i.upstream.has(A.decide))).toBe(true);
  });

  it('reports a case without a target, a case without conditions and an unknown operator', () => {
    const cases = [
      { id: 1, condition: [countAbove(1)] },
      { id: 2, actionid: A.concat, condition: [] },
      {
        id: 3,
        actionid: A.concat2,
        condition: [condition('IS_BIG', ['<%0%>', [ref(0, V.count)]], null)],
      },
    ];
    const problems = problemsOf(
      decisionalFlow(cases, null, [port(A.decide, A.concat), port(A.decide, A.concat2)]),
    );
    expect(problems).toEqual([
      { statusCode: 502, target: A.decide },
      { statusCode: 502, target: A.decide },
      { statusCode: 502, target: A.decide },
    ]);
  });

  it('reports a binary condition without a right operand', () => {
    const cases = [
      {
        id: 1,
        actionid: A.concat,
        condition: [condition('EQUALS', ['<%0%>', [ref(0, V.count)]], null)],
      },
    ];
    const problems = problemsOf(
      decisionalFlow(cases, A.concat2, [port(A.decide, A.concat), port(A.decide, A.concat2)]),
    );
    expect(problems).toEqual([{ statusCode: 502, target: A.decide }]);
  });

  it('reports two cases sharing a target', () => {
    const cases = [
      { id: 1, actionid: A.concat, condition: [countAbove(1)] },
      { id: 2, actionid: A.concat, condition: [countAbove(2)] },
    ];
    const problems = problemsOf(
      decisionalFlow(cases, A.concat2, [port(A.decide, A.concat), port(A.decide, A.concat2)]),
    );
    expect(problems).toEqual([{ statusCode: 502, target: A.decide }]);
  });

  it('reports a case whose target has no edge, and an edge that belongs to no case', () => {
    const cases = [{ id: 1, actionid: A.concat, condition: [countAbove(1)] }];
    const problems = problemsOf(decisionalFlow(cases, null, [port(A.decide, A.concat2)]));
    expect(problems).toEqual([
      { statusCode: 390, target: A.concat },
      { statusCode: 502, target: A.decide },
      { statusCode: 502, target: A.decide },
    ]);
  });

  it('reports a placeholder of an operand without a variable entry on the Cases setting', () => {
    const cases = [
      { id: 1, actionid: A.concat, condition: [condition('IS_TRUE', ['<%4%>', []], null)] },
    ];
    const problems = problemsOf(
      decisionalFlow(cases, A.concat2, [port(A.decide, A.concat), port(A.decide, A.concat2)]),
    );
    expect(problems).toEqual([{ statusCode: 502, target: `${A.decide}.${SET.Decisional.Cases}` }]);
  });

  it('binds operand placeholders through the parameter-level list when the operand has none', () => {
    const cases = [
      { id: 1, actionid: A.concat, condition: [condition('IS_TRUE', ['<%4%>', []], null)] },
    ];
    const f = decisionalFlow(cases, A.concat2, [
      port(A.decide, A.concat),
      port(A.decide, A.concat2),
    ]);
    f.actions![1]!.parameters![0]!.variable = [ref(4, V.json)];
    const plan = compiled(f);
    const first = node(plan, A.decide).decisional!.cases[0]!.conditions[0]!;
    expect(first.kind === 'condition' && first.left.placeholders.get(4)?.variableId).toBe(V.json);
  });
});

describe('compileFlow: AI Decisional', () => {
  it('compiles natural-language cases bound through the parameter-level variable list', () => {
    const caseEdge = port(A.ai, A.concat);
    const f = flow([
      start([A.ai]),
      action(A.ai, TPL.AiDecisional, {
        ports: [caseEdge, port(A.ai, A.concat2, { data: { isDefault: 'default' } })],
        parameters: [
          param(
            SET.AiDecisional.Cases,
            [{ id: 1, actionid: A.concat, condition: 'Is <%0%> asking for a refund?' }],
            [ref(0, V.name)],
          ),
        ],
      }),
      concat(A.concat, { to: [A.join] }),
      concat(A.concat2, { to: [A.join] }),
      action(A.join, TPL.Join, { to: [A.stop] }),
      action(A.stop, TPL.Stop),
    ]);
    const ai = node(compiled(f), A.ai);
    expect(ai.kind).toBe('ai-decisional');
    expect(ai.aiDecisional!.cases).toHaveLength(1);
    expect(ai.aiDecisional!.cases[0]!.edge.id).toBe(caseEdge.id);
    expect(ai.aiDecisional!.cases[0]!.condition.placeholders.get(0)?.variableId).toBe(V.name);
    expect(ai.aiDecisional!.defaultEdge?.target).toBe(A.concat2);
  });
});

describe('compileFlow: Map Data and custom response', () => {
  function mapFlow(rows: unknown) {
    return flow([
      start([A.map]),
      action(A.map, TPL.MapProcessData, {
        to: [A.stop],
        parameters: [param(SET.MapProcessData.Rows, rows)],
      }),
      action(A.stop, TPL.Stop),
    ]);
  }

  it('compiles rows into a bound source and a destination, attribute paths included', () => {
    const plan = compiled(
      mapFlow([
        {
          id: 0,
          source: { value: 'Dear <%0%>', variable: [ref(0, V.name)] },
          destination: {
            id: 0,
            variableId: V.customer,
            attribute: { attributeId: ATTR.name, nextAttribute: null },
          },
        },
        {
          id: 1,
          source: { value: '42', variable: [] },
          destination: { id: 1, variableId: V.count, attribute: null },
        },
      ]),
    );
    const rows = node(plan, A.map).parameters.get(SET.MapProcessData.Rows)!.rows!;
    expect(rows).toHaveLength(2);
    expect(rows[0]!.source?.placeholders.get(0)?.variableId).toBe(V.name);
    expect(rows[0]!.target).toMatchObject({ variableId: V.customer, path: [{ name: 'name' }] });
    expect(rows[1]!.target?.variableId).toBe(V.count);
  });

  it('reports a row without a destination, a destination that does not exist and a type mismatch', () => {
    const problems = problemsOf(
      mapFlow([
        { id: 0, source: { value: 'x', variable: [] } },
        { id: 1, source: { value: 'x', variable: [] }, destination: { variableId: id(0x999) } },
        {
          id: 2,
          source: { value: '<%0%>', variable: [ref(0, V.words)] },
          destination: { variableId: V.count },
        },
        {
          id: 3,
          source: { value: '<%1%>', variable: [ref(1, V.numbers)] },
          destination: { variableId: V.greeting },
        },
      ]),
    );
    const target = `${A.map}.${SET.MapProcessData.Rows}`;
    expect(problems).toEqual([
      { statusCode: 502, target },
      { statusCode: 502, target },
      { statusCode: 502, target },
    ]);
  });

  it('reports an output written through a list attribute', () => {
    const problems = problemsOf(
      mapFlow([
        {
          id: 0,
          source: { value: 'x', variable: [] },
          destination: {
            variableId: V.customers,
            attribute: { attributeId: ATTR.name, nextAttribute: null },
          },
        },
      ]),
    );
    expect(problems).toEqual([{ statusCode: 502, target: `${A.map}.${SET.MapProcessData.Rows}` }]);
  });

  it('binds the custom response and reports a missing variable on "customResponse"', () => {
    const good = linear();
    good.customResponse = {
      variable: { id: 0, variableId: V.greeting, attribute: null },
      value: '<%0%>',
    };
    expect(compiled(good).customResponse?.placeholders.get(0)?.variableId).toBe(V.greeting);
    const bad = linear();
    bad.customResponse = {
      variable: [{ id: 0, variableId: id(0x999), attribute: null }],
      value: '<%0%>',
    };
    expect(problemsOf(bad)).toEqual([{ statusCode: 502, target: 'customResponse' }]);
  });
});
