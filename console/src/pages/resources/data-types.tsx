// The data types page (API.md §6): the workspace's data models with their attributes (nested
// models inlined), create, edit (rename, replace the attribute set), delete; built-ins on request.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { Async, Field, Loading, PageHeader, formatDate, useApi } from '../../ui';
import { Badge, ConfirmDeleteButton, DataTable, Panel, ResourceForm, type Page } from './common';
import './resources.css';

interface DataAttribute {
  id: string;
  name: string;
  displayName: string;
  dataTypeId: string;
  dataTypeName: string;
  isList: boolean;
  jsonProperty: string;
  isDataModel: boolean;
  attributes: DataAttribute[];
}

interface DataModel {
  id: string;
  name: string;
  displayName: string;
  isDataModel: boolean;
  isPrimaryType: boolean;
  isProcesio: boolean;
  isPublic: boolean;
  workspaceId: string | null;
  attributes: DataAttribute[];
  parentIds: string[];
  updatedOn: string | null;
}

/** API.md §6.3: names start with a letter; letters, digits and _ after; 64 at most. */
const NAME_PATTERN = '[A-Za-z][A-Za-z0-9_]{0,63}';
const STRING_TYPE_ID = '0317bfee-b2f5-4bde-bfe8-121212121214';

interface AttributeDraft {
  /** Stored attributes keep their id so processes binding them stay valid. */
  id?: string;
  /** A key for the list while the attribute has no id yet. */
  key: string;
  name: string;
  displayName: string;
  dataTypeId: string;
  isList: boolean;
}

interface ModelDraft {
  id?: string;
  name: string;
  displayName: string;
  isPublic: boolean;
  attributes: AttributeDraft[];
}

let draftKeys = 0;
const nextKey = () => `attribute-${++draftKeys}`;

function newAttribute(): AttributeDraft {
  return { key: nextKey(), name: '', displayName: '', dataTypeId: STRING_TYPE_ID, isList: false };
}

function draftOf(model?: DataModel): ModelDraft {
  if (!model) return { name: '', displayName: '', isPublic: false, attributes: [newAttribute()] };
  return {
    id: model.id,
    name: model.name,
    displayName: model.displayName,
    isPublic: model.isPublic,
    attributes: model.attributes.map((a) => ({
      id: a.id,
      key: a.id,
      name: a.name,
      displayName: a.displayName,
      dataTypeId: a.dataTypeId,
      isList: a.isList,
    })),
  };
}

function attributeBodies(draft: ModelDraft) {
  return draft.attributes.map((a) => ({
    ...(a.id ? { id: a.id } : {}),
    name: a.name.trim(),
    displayName: a.displayName.trim() || a.name.trim(),
    dataTypeId: a.dataTypeId,
    isList: a.isList,
    jsonProperty: a.name.trim(),
  }));
}

/** A `<select>` of every type an attribute may have, grouped; the model being edited is left out. */
function TypeSelect({
  types,
  value,
  exclude,
  label,
  onChange,
}: {
  types: DataModel[];
  value: string;
  exclude?: string;
  label: string;
  onChange: (id: string) => void;
}) {
  const groups: [string, DataModel[]][] = [
    ['Primitive types', types.filter((t) => t.isPrimaryType)],
    ['Built-in models', types.filter((t) => t.isProcesio && !t.isPrimaryType)],
    ['Data models of this workspace', types.filter((t) => !t.isProcesio && t.id !== exclude)],
  ];
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
      {groups
        .filter(([, members]) => members.length > 0)
        .map(([group, members]) => (
          <optgroup key={group} label={group}>
            {members.map((t) => (
              <option key={t.id} value={t.id}>
                {t.displayName}
              </option>
            ))}
          </optgroup>
        ))}
    </select>
  );
}

function ModelForm({
  initial,
  types,
  onSaved,
  onCancel,
}: {
  initial: ModelDraft;
  types: DataModel[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const setAttribute = (key: string, patch: Partial<AttributeDraft>) =>
    setDraft((d) => ({
      ...d,
      attributes: d.attributes.map((a) => (a.key === key ? { ...a, ...patch } : a)),
    }));
  const move = (index: number, by: number) =>
    setDraft((d) => {
      const attributes = [...d.attributes];
      const [moved] = attributes.splice(index, 1);
      attributes.splice(index + by, 0, moved!);
      return { ...d, attributes };
    });
  return (
    <ResourceForm
      testId="data-type-form"
      submitLabel={draft.id ? 'Save data type' : 'Create data type'}
      onCancel={onCancel}
      onSubmit={async () => {
        const common = {
          name: draft.name.trim(),
          displayName: draft.displayName.trim() || draft.name.trim(),
          isPublic: draft.isPublic,
        };
        if (draft.id)
          await api('/api/DataTypes', {
            method: 'PUT',
            body: {
              id: draft.id,
              ...common,
              isProcesio: false,
              isPrimaryType: false,
              attributes: attributeBodies(draft),
            },
          });
        else
          await api('/api/DataTypes', {
            body: { ...common, content: { ...common, attributes: attributeBodies(draft) } },
          });
        onSaved();
      }}
    >
      <div class="res-row">
        <Field label="Name">
          <input
            class="res-mono"
            value={draft.name}
            required
            pattern={NAME_PATTERN}
            title="A letter, then letters, digits or _ (64 characters at most)"
            onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          />
        </Field>
        <Field label="Display name">
          <input
            value={draft.displayName}
            maxLength={128}
            placeholder="Same as the name"
            onInput={(e) => setDraft({ ...draft, displayName: e.currentTarget.value })}
          />
        </Field>
        <label class="res-check">
          <input
            type="checkbox"
            checked={draft.isPublic}
            onChange={(e) => setDraft({ ...draft, isPublic: e.currentTarget.checked })}
          />
          Public (read-only in the realm's other workspaces)
        </label>
      </div>
      <fieldset class="res-fieldset">
        <legend>Attributes</legend>
        {draft.attributes.length === 0 && <p class="res-muted">No attribute yet.</p>}
        <table class="res-table res-attributes" data-testid="attribute-editor">
          {draft.attributes.length > 0 && (
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Display name</th>
                <th scope="col">Type</th>
                <th scope="col">List</th>
                <th scope="col" />
              </tr>
            </thead>
          )}
          <tbody>
            {draft.attributes.map((attribute, index) => {
              const n = index + 1;
              return (
                <tr key={attribute.key} data-testid="attribute-row">
                  <td>
                    <input
                      class="res-mono"
                      aria-label={`Attribute ${n} name`}
                      value={attribute.name}
                      required
                      pattern={NAME_PATTERN}
                      onInput={(e) => setAttribute(attribute.key, { name: e.currentTarget.value })}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`Attribute ${n} display name`}
                      value={attribute.displayName}
                      placeholder={attribute.name}
                      onInput={(e) =>
                        setAttribute(attribute.key, { displayName: e.currentTarget.value })
                      }
                    />
                  </td>
                  <td>
                    <TypeSelect
                      label={`Attribute ${n} type`}
                      types={types}
                      exclude={draft.id}
                      value={attribute.dataTypeId}
                      onChange={(dataTypeId) => setAttribute(attribute.key, { dataTypeId })}
                    />
                  </td>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Attribute ${n} is a list`}
                      checked={attribute.isList}
                      onChange={(e) =>
                        setAttribute(attribute.key, { isList: e.currentTarget.checked })
                      }
                    />
                  </td>
                  <td class="res-actions">
                    <button
                      type="button"
                      aria-label={`Move attribute ${n} up`}
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      aria-label={`Move attribute ${n} down`}
                      disabled={index === draft.attributes.length - 1}
                      onClick={() => move(index, 1)}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      aria-label={`Remove attribute ${n}`}
                      onClick={() =>
                        setDraft((d) => ({
                          ...d,
                          attributes: d.attributes.filter((a) => a.key !== attribute.key),
                        }))
                      }
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button
          type="button"
          onClick={() => setDraft((d) => ({ ...d, attributes: [...d.attributes, newAttribute()] }))}
        >
          Add attribute
        </button>
      </fieldset>
    </ResourceForm>
  );
}

/** The attributes as the API inlines them: a nested model's attributes appear under it. */
function AttributeTree({ attributes }: { attributes: DataAttribute[] }) {
  if (attributes.length === 0) return <span class="res-muted">no attributes</span>;
  return (
    <ul class="res-tree">
      {attributes.map((a) => (
        <li key={a.id}>
          <span class="res-mono">{a.name}</span>
          <span class="res-muted">
            {' '}
            : {a.dataTypeName}
            {a.isList ? '[]' : ''}
          </span>
          {a.attributes.length > 0 && <AttributeTree attributes={a.attributes} />}
        </li>
      ))}
    </ul>
  );
}

type Editing = { mode: 'create' } | { mode: 'edit'; model: DataModel } | null;

export function DataTypesPage() {
  const [editing, setEditing] = useState<Editing>(null);
  const [showBuiltIns, setShowBuiltIns] = useState(false);
  // One list serves both the table and the attribute type choices: built-ins included.
  const all = useApi<Page<DataModel>>('/api/DataTypes', {
    addProperties: true,
    includeProcesioEntries: true,
    pageItemCount: 0,
  });
  const nameOf = (id: string) => all.data?.pageItems.find((m) => m.id === id)?.displayName ?? id;
  return (
    <div class="res-page" data-testid="data-types-page">
      <PageHeader title="Data types">
        <button type="button" class="primary" onClick={() => setEditing({ mode: 'create' })}>
          New data type
        </button>
      </PageHeader>
      <div class="res-toolbar">
        <label class="res-check">
          <input
            type="checkbox"
            checked={showBuiltIns}
            onChange={(e) => setShowBuiltIns(e.currentTarget.checked)}
          />
          Show built-in types
        </label>
      </div>
      {editing &&
        (all.data ? (
          <Panel
            title={
              editing.mode === 'edit' ? `Edit data type "${editing.model.name}"` : 'New data type'
            }
            onClose={() => setEditing(null)}
          >
            <ModelForm
              key={editing.mode === 'edit' ? editing.model.id : 'new'}
              initial={draftOf(editing.mode === 'edit' ? editing.model : undefined)}
              types={all.data.pageItems}
              onCancel={() => setEditing(null)}
              onSaved={() => {
                setEditing(null);
                all.reload();
              }}
            />
          </Panel>
        ) : all.error === undefined ? (
          <Loading />
        ) : null)}
      <Async state={all}>
        {(page) => (
          <DataTable
            testId="data-types-table"
            rows={page.pageItems.filter((m) => showBuiltIns || !m.isProcesio)}
            rowKey={(m) => m.id}
            empty="No data model in this workspace yet."
            columns={[
              {
                header: 'Name',
                cell: (m) => (
                  <span>
                    <strong>{m.displayName}</strong>
                    <span class="res-muted res-mono"> {m.name}</span>
                  </span>
                ),
              },
              { header: 'Attributes', cell: (m) => <AttributeTree attributes={m.attributes} /> },
              {
                header: 'Kind',
                cell: (m) =>
                  m.isProcesio ? (
                    <Badge tone="off">built-in</Badge>
                  ) : m.isPublic ? (
                    <Badge tone="info">public</Badge>
                  ) : (
                    <Badge tone="ok">workspace</Badge>
                  ),
              },
              {
                header: 'Used by',
                cell: (m) => (m.parentIds.length > 0 ? m.parentIds.map(nameOf).join(', ') : '—'),
              },
              { header: 'Updated', cell: (m) => formatDate(m.updatedOn) },
              {
                header: 'Actions',
                cell: (m) =>
                  m.isProcesio ? (
                    <span class="res-muted">read-only</span>
                  ) : (
                    <span class="res-actions">
                      <button
                        type="button"
                        aria-label={`Edit ${m.name}`}
                        onClick={() => setEditing({ mode: 'edit', model: m })}
                      >
                        Edit
                      </button>
                      <ConfirmDeleteButton
                        what={`data type "${m.name}"`}
                        onConfirm={async () => {
                          await api(`/api/DataTypes/${m.id}`, { method: 'DELETE' });
                          if (editing?.mode === 'edit' && editing.model.id === m.id)
                            setEditing(null);
                          all.reload();
                        }}
                      />
                    </span>
                  ),
              },
            ]}
          />
        )}
      </Async>
    </div>
  );
}
