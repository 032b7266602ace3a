// Test helper: builds PROCESIO flow documents (API.md §3) without writing every port and
// placeholder entry by hand.
import { randomUUID } from 'node:crypto';
import { SLUICE_SETTING_IDS } from '../actions/control/control-templates.js';
import { DataTypeIds } from '../domain/data-types/types.js';
import type { FlowRequestDto } from '../flow/flow.schema.js';
import { CONTROL_SETTING_IDS, CONTROL_TEMPLATE_IDS } from '../flow/template-catalog.js';

type TypeName = keyof typeof DataTypeIds;

/** A value template and the variables its `<%N%>` placeholders stand for (N = index). */
export interface Operand {
  value: unknown;
  vars?: string[];
}

interface Action {
  id: string;
  templateId: string;
  actionName: string;
  parentId: string | null;
  variableErrorId: string | null;
  ports: {
    id: string;
    sourceId: string;
    destinationId: string;
    type: number;
    data?: Record<string, unknown>;
  }[];
  parameters: {
    tabPropertyId: string;
    value: unknown;
    variable: { id: number; variableId: string; attribute: null }[];
  }[];
}

export const ref = (variableId: string, value = '<%0%>'): Operand => ({
  value,
  vars: [variableId],
});
export const lit = (value: unknown): Operand => ({ value });

export class FlowBuilder {
  readonly id = randomUUID();
  private readonly variables: Record<string, unknown>[] = [];
  private readonly actions: Action[] = [];
  private timeoutSeconds = 0;
  private next = 0;

  constructor(private readonly title: string) {}

  variable(
    name: string,
    type: TypeName,
    options: {
      orientation?: 10 | 20 | 30;
      list?: boolean;
      required?: boolean;
      defaultValue?: unknown;
      /** A raw data type id (a custom data model), used instead of `type`'s id. */
      dataTypeId?: string;
    } = {},
  ): string {
    const id = randomUUID();
    this.variables.push({
      id,
      name,
      dataType: options.dataTypeId ?? DataTypeIds[type],
      type: options.orientation ?? 20,
      isList: options.list ?? false,
      isRequired: options.required ?? false,
      isError: type === 'Error',
      defaultValue: options.defaultValue ?? null,
    });
    return id;
  }

  timeout(seconds: number): this {
    this.timeoutSeconds = seconds;
    return this;
  }

  /** Adds a node; `params` maps setting ids to operands (placeholders numbered per action). */
  node(
    templateId: string,
    name: string,
    params: Record<string, Operand> = {},
    options: { parent?: string; errorVariable?: string } = {},
  ): string {
    const id = randomUUID();
    let n = 0;
    const parameters = Object.entries(params).map(([tabPropertyId, operand]) => {
      const variable = (operand.vars ?? []).map((variableId) => ({
        id: n++,
        variableId,
        attribute: null as null,
      }));
      const value =
        typeof operand.value === 'string'
          ? renumber(operand.value, variable[0]?.id ?? 0)
          : operand.value;
      return { tabPropertyId, value, variable };
    });
    this.actions.push({
      id,
      templateId,
      actionName: name,
      parentId: options.parent ?? null,
      variableErrorId: options.errorVariable ?? null,
      ports: [],
      parameters,
    });
    return id;
  }

  /** A raw parameter value (mapping rows, Decisional cases) with no placeholder entries of its own. */
  rawNode(
    templateId: string,
    name: string,
    parameters: Action['parameters'],
    options: { parent?: string } = {},
  ): string {
    const id = randomUUID();
    this.actions.push({
      id,
      templateId,
      actionName: name,
      parentId: options.parent ?? null,
      variableErrorId: null,
      ports: [],
      parameters,
    });
    return id;
  }

  start(): string {
    const id = this.node(CONTROL_TEMPLATE_IDS.Start, 'Start');
    this.action(id).ports.push({
      id: randomUUID(),
      sourceId: '00000000-0000-0000-0000-000000000000',
      destinationId: id,
      type: 0,
    });
    return id;
  }

  stop(): string {
    return this.node(CONTROL_TEMPLATE_IDS.Stop, `Stop ${++this.next}`);
  }

  join(): string {
    return this.node(CONTROL_TEMPLATE_IDS.Join, `Join ${++this.next}`);
  }

  throw(message: Operand, options: { parent?: string; errorVariable?: string } = {}): string {
    return this.node(
      CONTROL_TEMPLATE_IDS.Throw,
      `Throw ${++this.next}`,
      { [CONTROL_SETTING_IDS.Throw.Message]: message },
      options,
    );
  }

  /** Map Data: each row copies a source operand into a variable. */
  mapData(rows: { to: string; from: Operand }[], options: { parent?: string } = {}): string {
    const value = rows.map((row, i) => ({
      id: i,
      source: {
        value: row.from.value,
        variable: (row.from.vars ?? []).map((variableId, k) => ({
          id: k,
          variableId,
          attribute: null,
        })),
      },
      destination: { id: i, variableId: row.to, attribute: null },
    }));
    return this.rawNode(
      CONTROL_TEMPLATE_IDS.MapProcessData,
      `Map ${++this.next}`,
      [{ tabPropertyId: CONTROL_SETTING_IDS.MapProcessData.Rows, value, variable: [] }],
      options,
    );
  }

  delay(
    value: { value: unknown; interval?: number },
    type = 1,
    options: { parent?: string } = {},
  ): string {
    return this.node(
      CONTROL_TEMPLATE_IDS.Delay,
      `Delay ${++this.next}`,
      {
        [CONTROL_SETTING_IDS.Delay.Type]: lit(String(type)),
        [CONTROL_SETTING_IDS.Delay.Value]: lit(value),
      },
      options,
    );
  }

  forEach(
    list: string,
    item: string,
    options: { index?: string; concurrency?: number; timeout?: number } = {},
  ): string {
    const params: Record<string, Operand> = {
      [CONTROL_SETTING_IDS.ForEach.InList]: ref(list),
      [CONTROL_SETTING_IDS.ForEach.Item]: ref(item),
      [CONTROL_SETTING_IDS.ForEach.Timeout]: lit(options.timeout ?? 0),
      [CONTROL_SETTING_IDS.ForEach.Index]: options.index ? ref(options.index) : lit('-1'),
      [CONTROL_SETTING_IDS.ForEach.StartTime]: lit('2010-01-01T00:00:00.0000000Z'),
    };
    if (options.concurrency)
      params[SLUICE_SETTING_IDS.ForEach.Concurrency] = lit(options.concurrency);
    return this.node(CONTROL_TEMPLATE_IDS.ForEach, `For Each ${++this.next}`, params);
  }

  /** Decisional: cases in order, each `left operator right` (one condition); `otherwise` = default. */
  decisional(
    cases: { to: string; left: Operand; operator: string; right?: Operand }[],
    otherwise: string | null,
  ): string {
    const variable: { id: number; variableId: string; attribute: null }[] = [];
    let n = 0;
    const operand = (o: Operand | undefined) => {
      if (!o) return { value: '', variable: [] };
      const vars = (o.vars ?? []).map((variableId) => ({
        id: n++,
        variableId,
        attribute: null as null,
      }));
      variable.push(...vars);
      return {
        value: typeof o.value === 'string' ? renumber(o.value, vars[0]?.id ?? 0) : o.value,
        variable: vars,
      };
    };
    const value = cases.map((c, i) => ({
      id: i,
      actionid: c.to,
      condition: [
        {
          id: 0,
          operator: c.operator,
          logicOperator: 1,
          leftOperator: operand(c.left),
          rightOperator: operand(c.right),
          auxOperator: null,
        },
      ],
    }));
    const parameters: Action['parameters'] = [
      { tabPropertyId: CONTROL_SETTING_IDS.Decisional.Cases, value, variable },
    ];
    if (otherwise)
      parameters.push({
        tabPropertyId: CONTROL_SETTING_IDS.Decisional.Default,
        value: otherwise,
        variable: [],
      });
    const id = this.rawNode(CONTROL_TEMPLATE_IDS.Decisional, `Decide ${++this.next}`, parameters);
    for (const c of cases) this.edge(id, c.to);
    if (otherwise) this.edge(id, otherwise, { data: { isDefault: 'default' } });
    return id;
  }

  /** Call Subprocess (waits) or Trigger Subprocess, with input rows parent var → child var and output rows child var → parent var. */
  subprocess(
    kind: 'call' | 'trigger',
    processId: string,
    inputs: { from: string; to: string }[],
    outputs: { from: string; to: string }[] = [],
  ): string {
    const ids =
      kind === 'call' ? CONTROL_SETTING_IDS.CallSubprocess : CONTROL_SETTING_IDS.TriggerSubprocess;
    const rows = (list: { from: string; to: string }[]) =>
      list.map((row, i) => ({
        id: i,
        source: { value: '<%0%>', variable: [{ id: 0, variableId: row.from, attribute: null }] },
        destination: { id: i, variableId: row.to, attribute: null },
      }));
    const parameters: Action['parameters'] = [
      { tabPropertyId: ids.Process, value: processId, variable: [] },
      { tabPropertyId: ids.Inputs, value: rows(inputs), variable: [] },
    ];
    if (kind === 'call')
      parameters.push({
        tabPropertyId: CONTROL_SETTING_IDS.CallSubprocess.Outputs,
        value: rows(outputs),
        variable: [],
      });
    return this.rawNode(
      kind === 'call'
        ? CONTROL_TEMPLATE_IDS.CallSubprocess
        : CONTROL_TEMPLATE_IDS.TriggerSubprocess,
      `${kind} ${++this.next}`,
      parameters,
    );
  }

  edge(
    from: string,
    to: string,
    options: { error?: boolean; data?: Record<string, unknown> } = {},
  ): this {
    this.action(from).ports.push({
      id: randomUUID(),
      sourceId: from,
      destinationId: to,
      type: options.error ? 1 : 0,
      ...(options.data ? { data: options.data } : {}),
    });
    return this;
  }

  /** Edges along a chain of nodes. */
  chain(...ids: string[]): this {
    for (let i = 1; i < ids.length; i++) this.edge(ids[i - 1]!, ids[i]!);
    return this;
  }

  private action(id: string): Action {
    const found = this.actions.find((a) => a.id === id);
    if (!found) throw new Error(`no action ${id}`);
    return found;
  }

  build(): FlowRequestDto {
    return {
      id: this.id,
      title: this.title,
      description: null,
      active: true,
      timeout: this.timeoutSeconds,
      variables: this.variables,
      actions: this.actions,
    } as unknown as FlowRequestDto;
  }
}

/** Renumbers `<%k%>` placeholders of one operand so they start at `first`. */
function renumber(value: string, first: number): string {
  return value.replace(/<%(\d+)%>/g, (_m, k: string) => `<%${Number(k) + first}%>`);
}
