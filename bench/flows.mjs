// The two flow documents the benchmark runs, in the PROCESIO shape `POST /api/Projects` takes.
// The ids come from the build, so the documents follow the catalogue; the shapes mirror
// src/testing/flow-builder.ts, which the build leaves out of dist/.
import { randomUUID } from 'node:crypto';
import { CONCATENATE_IDS } from '../dist/actions/strings/concatenate.action.js';
import { DataTypeIds } from '../dist/domain/data-types/types.js';
import { CONTROL_SETTING_IDS, CONTROL_TEMPLATE_IDS } from '../dist/flow/template-catalog.js';

const ROOT = '00000000-0000-0000-0000-000000000000';

class Flow {
  id = randomUUID();
  variables = [];
  actions = [];

  constructor(title) {
    this.title = title;
  }

  /** orientation: 10 input, 20 process, 30 output. */
  variable(name, type, orientation = 20, required = false) {
    const id = randomUUID();
    this.variables.push({
      id,
      name,
      dataType: DataTypeIds[type],
      type: orientation,
      isList: false,
      isRequired: required,
      isError: false,
      defaultValue: null,
    });
    return id;
  }

  node(templateId, actionName, parameters = []) {
    const id = randomUUID();
    this.actions.push({
      id,
      templateId,
      actionName,
      parentId: null,
      variableErrorId: null,
      ports: [],
      parameters,
    });
    return id;
  }

  start() {
    const id = this.node(CONTROL_TEMPLATE_IDS.Start, 'Start');
    this.action(id).ports.push({ id: randomUUID(), sourceId: ROOT, destinationId: id, type: 0 });
    return id;
  }

  stop(name) {
    return this.node(CONTROL_TEMPLATE_IDS.Stop, name);
  }

  /** Map Data rows: each copies one variable (`from`) into another (`to`). */
  mapData(name, rows) {
    const value = rows.map((row, i) => ({
      id: i,
      source: { value: '<%0%>', variable: [{ id: 0, variableId: row.from, attribute: null }] },
      destination: { id: i, variableId: row.to, attribute: null },
    }));
    return this.node(CONTROL_TEMPLATE_IDS.MapProcessData, name, [
      { tabPropertyId: CONTROL_SETTING_IDS.MapProcessData.Rows, value, variable: [] },
    ]);
  }

  /** One case `variable operator literal` going to `to`, and a default branch. */
  decisional(name, { variable, operator, literal, to, otherwise }) {
    const left = { id: 0, variableId: variable, attribute: null };
    const cases = [
      {
        id: 0,
        actionid: to,
        condition: [
          {
            id: 0,
            operator,
            logicOperator: 1,
            leftOperator: { value: '<%0%>', variable: [left] },
            rightOperator: { value: literal, variable: [] },
            auxOperator: null,
          },
        ],
      },
    ];
    const id = this.node(CONTROL_TEMPLATE_IDS.Decisional, name, [
      { tabPropertyId: CONTROL_SETTING_IDS.Decisional.Cases, value: cases, variable: [left] },
      { tabPropertyId: CONTROL_SETTING_IDS.Decisional.Default, value: otherwise, variable: [] },
    ]);
    this.edge(id, to);
    this.edge(id, otherwise, { isDefault: 'default' });
    return id;
  }

  /** Concatenate: `target = source + suffix`. */
  concatenate(name, source, suffix, target) {
    const bound = (variableId) => ({
      value: '<%0%>',
      variable: [{ id: 0, variableId, attribute: null }],
    });
    return this.node(CONCATENATE_IDS.Template, name, [
      { tabPropertyId: CONCATENATE_IDS.First, ...bound(source) },
      { tabPropertyId: CONCATENATE_IDS.Second, value: suffix, variable: [] },
      { tabPropertyId: CONCATENATE_IDS.Result, ...bound(target) },
    ]);
  }

  edge(from, to, data) {
    this.action(from).ports.push({
      id: randomUUID(),
      sourceId: from,
      destinationId: to,
      type: 0,
      ...(data ? { data } : {}),
    });
  }

  chain(...ids) {
    for (let i = 1; i < ids.length; i++) this.edge(ids[i - 1], ids[i]);
  }

  action(id) {
    const found = this.actions.find((a) => a.id === id);
    if (!found) throw new Error(`no action ${id}`);
    return found;
  }

  build() {
    return {
      id: this.id,
      title: this.title,
      description: null,
      active: true,
      timeout: 0,
      variables: this.variables,
      actions: this.actions,
    };
  }
}

/**
 * W1: Start → Map Process Data (input `amount` → output `value`) → Decisional (`value > 50`) →
 * one of two Stops. The answer carries `variable.value` equal to the posted amount.
 */
export function decisionFlow() {
  const f = new Flow('bench W1 map and decide');
  const amount = f.variable('amount', 'Integer', 10, true);
  const value = f.variable('value', 'Integer', 30);
  const start = f.start();
  const map = f.mapData('Map input', [{ to: value, from: amount }]);
  const big = f.stop('Stop big');
  const small = f.stop('Stop small');
  const decide = f.decisional('Decide', {
    variable: value,
    operator: 'GREATER_THAN',
    literal: '50',
    to: big,
    otherwise: small,
  });
  f.chain(start, map, decide);
  return f.build();
}

/**
 * W2: Start → `links` Concatenates appending '.' to `text` → Stop, so `actions` nodes in all.
 * The answer's `variable.text` is the seed followed by one dot per Concatenate.
 */
export function linearFlow(actions = 100) {
  const f = new Flow(`bench W2 linear ${actions}`);
  const seed = f.variable('seed', 'String', 10, true);
  const text = f.variable('text', 'String', 30);
  const nodes = [f.start()];
  for (let i = 0; i < actions - 2; i++)
    nodes.push(f.concatenate(`Append ${i + 1}`, i === 0 ? seed : text, '.', text));
  nodes.push(f.stop('Stop'));
  f.chain(...nodes);
  return f.build();
}
