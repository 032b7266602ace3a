// Owns what the console knows of data types (API.md §6): names for the variable tables and the
// kind of form field each type gets on the run page.
import { useApi, type Loaded } from './ui';
import { FILE_DATA_TYPE, type DataType, type FlowVariable, type Paged } from './model';

/** Every type a variable of this workspace can have: built-ins, own and public models. */
export function useDataTypes(): Loaded<Map<string, DataType>> & { byId: Map<string, DataType> } {
  const state = useApi<Paged<DataType>>('/api/DataTypes', {
    includeProcesioEntries: true,
    includeExternalEntries: true,
    pageItemCount: 0,
  });
  const byId = new Map((state.data?.pageItems ?? []).map((type) => [type.id.toLowerCase(), type]));
  return {
    ...state,
    data: state.data ? byId : undefined,
    byId,
  };
}

export function typeName(types: Map<string, DataType>, variable: FlowVariable): string {
  const type = types.get(variable.dataType.toLowerCase());
  const name = type?.displayName || type?.name || variable.dataType;
  return variable.isList ? `List of ${name}` : name;
}

export type InputKind =
  'boolean' | 'integer' | 'number' | 'text' | 'datetime' | 'file' | 'files' | 'json';

/** The form field a variable's value is entered with. Lists and models are entered as JSON. */
export function inputKind(types: Map<string, DataType>, variable: FlowVariable): InputKind {
  if (variable.dataType.toLowerCase() === FILE_DATA_TYPE) return variable.isList ? 'files' : 'file';
  if (variable.isList) return 'json';
  const primitive = types.get(variable.dataType.toLowerCase())?.csharpCorrespondent ?? 0;
  switch (primitive) {
    case 10:
      return 'boolean';
    case 20:
      return 'integer';
    case 30:
    case 40:
      return 'number';
    case 50:
    case 100:
    case 110:
      return 'text';
    case 90:
      return 'datetime';
    default:
      return 'json';
  }
}
