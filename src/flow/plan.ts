// Owns the executable plan: the compiled, validated form of one flow version that the engine
// walks. Every id in it is a lower-case GUID; every map is keyed by such an id.
import type { TypeRef } from '../domain/data-types/types.js';
import type { BoundValue, VariableReference } from './placeholders.js';
import type { ActionTemplate, TemplateSetting } from './template-catalog.js';

/** VariableOrientation: INPUT 10, PROCESS 20, OUTPUT 30, system 40 (behaves as PROCESS). */
export type VariableOrientation = 10 | 20 | 30 | 40;

export const VariableOrientations = { Input: 10, Process: 20, Output: 30, System: 40 } as const;

export interface PlanVariable {
  id: string;
  name: string;
  type: TypeRef;
  orientation: VariableOrientation;
  isRequired: boolean;
  isError: boolean;
  /** The initial value, verbatim (null when the flow gives none). */
  defaultValue: unknown;
}

/**
 * An edge. `loop-back` edges run from a For Each body back to its For Each: reaching one ends
 * that body branch for the current item.
 */
export interface PlanEdge {
  id: string;
  source: string;
  target: string;
  kind: 'normal' | 'error' | 'loop-back';
}

/** What the engine does with a node, from its template id. */
export type NodeKind =
  | 'start'
  | 'stop'
  | 'join'
  | 'decisional'
  | 'ai-decisional'
  | 'for-each'
  | 'call-subprocess'
  | 'trigger-subprocess'
  | 'map-data'
  | 'delay'
  | 'throw'
  | 'action';

/**
 * One row of a mapping setting. Which fields are set depends on the setting type:
 * `map-process-data` source → target; `process-inputs` source → childVariable;
 * `process-outputs` childVariable → target.
 */
export interface MappingRow {
  /** The row id as written (a number or a string). */
  id: unknown;
  /** A value read in this process. */
  source: BoundValue | null;
  /** A variable (or attribute) of this process that receives the value. */
  target: VariableReference | null;
  /** A variable of the called process: written by `process-inputs`, read by `process-outputs`. */
  childVariable: { variableId: string; attributeIds: readonly string[] } | null;
}

/** A node's value for one template setting. */
export interface PlanParameter {
  settingId: string;
  /** The template's setting, or null when the flow sets an id the template does not declare. */
  setting: TemplateSetting | null;
  /** What the action reads: resolve with `resolveBoundValue`. */
  input: BoundValue;
  /**
   * Where the action writes this setting's result: output settings (direction 3), and
   * input/output settings (direction 2) whose value is exactly one placeholder.
   */
  output: VariableReference | null;
  /** Parsed rows of a mapping setting (`map-process-data`, `process-inputs`, `process-outputs`). */
  rows: readonly MappingRow[] | null;
  /** True when the flow gave no parameter and the template's default value is used. */
  fromDefault: boolean;
}

export type LogicOperator = 'AND' | 'OR';

export const DECISIONAL_OPERATORS = [
  'EQUALS',
  'DOES_NOT_EQUAL',
  'CONTAINS',
  'DOES_NOT_CONTAIN',
  'GREATER_THAN',
  'GREATER_THAN_OR_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_OR_EQUAL_TO',
  'IS_EMPTY',
  'IS_NOT_EMPTY',
  'IS_TRUE',
  'IS_FALSE',
  'BELONGS',
  'DOES_NOT_BELONG',
] as const;

export type DecisionalOperator = (typeof DECISIONAL_OPERATORS)[number];

/** Operators that read only the left operand. */
export const UNARY_OPERATORS: ReadonlySet<DecisionalOperator> = new Set([
  'IS_EMPTY',
  'IS_NOT_EMPTY',
  'IS_TRUE',
  'IS_FALSE',
]);

/**
 * One item of a case's condition list. `logic` joins the item to the previous one (null on the
 * first item); AND binds tighter than OR.
 */
export type ConditionItem =
  | {
      kind: 'condition';
      id: unknown;
      logic: LogicOperator | null;
      operator: DecisionalOperator;
      left: BoundValue;
      /** Null for unary operators. */
      right: BoundValue | null;
    }
  | {
      kind: 'group';
      id: unknown;
      logic: LogicOperator | null;
      /** Evaluated as one parenthesised condition. */
      conditions: readonly ConditionItem[];
    };

export interface DecisionalCase {
  id: unknown;
  /** The edge taken when the case is the first true one. */
  edge: PlanEdge;
  conditions: readonly ConditionItem[];
}

/** Cases in order: the first true case wins, else the default edge, else the branch ends. */
export interface DecisionalPlan {
  cases: readonly DecisionalCase[];
  defaultEdge: PlanEdge | null;
}

export interface AiDecisionalPlan {
  cases: readonly { id: unknown; edge: PlanEdge; condition: BoundValue }[];
  defaultEdge: PlanEdge | null;
}

/**
 * The loop structure of a For Each. Per item the engine follows `entry`; the item is done when
 * no branch of the body is still running (each ends at a loop-back edge). After the last item
 * (at once for an empty list) it follows the For Each node's `next` (the continuation).
 */
export interface ForEachPlan {
  /** The actions whose `parentId` is this For Each. */
  body: readonly string[];
  entry: PlanEdge;
  loopBacks: readonly PlanEdge[];
}

/**
 * One incoming edge of a Join. The edge can still arrive while any node of `upstream` (the
 * edge's source and every node that can reach it, For Each loop-backs excluded) is running or
 * pending; a token inside a For Each body counts as being at its For Each.
 */
export interface JoinInput {
  edge: PlanEdge;
  upstream: ReadonlySet<string>;
}

/** A Join runs once, when every input that can still arrive has arrived. */
export interface JoinPlan {
  inputs: readonly JoinInput[];
}

export interface PlanNode {
  id: string;
  /** The node label (`actionName`, else the template name). */
  name: string;
  kind: NodeKind;
  templateId: string;
  template: ActionTemplate;
  /** A disabled node is not executed: the engine follows `skipTo` instead. */
  disabled: boolean;
  /** The enclosing For Each, or null at the top level. */
  forEachId: string | null;
  /** By setting id; includes template settings filled from their default value. */
  parameters: ReadonlyMap<string, PlanParameter>;
  /**
   * Normal outgoing edges, all followed (as parallel branches) when the node succeeds. For Each:
   * the continuation after the loop. Decisional: every case and default edge (the engine picks
   * one through `decisional`).
   */
  next: readonly PlanEdge[];
  /**
   * Edges followed when the node is disabled: `next` for ordinary nodes; the continuation for a
   * For Each (the body never runs); the default edge, if any, for a Decisional.
   */
  skipTo: readonly PlanEdge[];
  /** The error edge followed when the node fails; null = a failure is unhandled. */
  error: PlanEdge | null;
  /** The variable that receives the error value when the node fails. */
  errorVariableId: string | null;
  forEach: ForEachPlan | null;
  decisional: DecisionalPlan | null;
  aiDecisional: AiDecisionalPlan | null;
  join: JoinPlan | null;
}

export interface ExecutablePlan {
  flowId: string | null;
  title: string;
  /** Seconds; 0 = none. */
  timeout: number;
  variables: ReadonlyMap<string, PlanVariable>;
  /** The same variables by lower-case name: payload keys match names in any case. */
  variablesByName: ReadonlyMap<string, PlanVariable>;
  nodes: ReadonlyMap<string, PlanNode>;
  edges: ReadonlyMap<string, PlanEdge>;
  startId: string;
  /** The custom response template of synchronous runs (§4.6), or null. */
  customResponse: BoundValue | null;
}

/** PROCESIO's error item; every problem of a flow is reported together. */
export interface ValidationProblem {
  statusCode: number;
  value: string;
  target: string;
}
