// Test fixture: the minimal complete flow of API.md §3.6 (Start → Concatenate → Stop), as a
// PROCESIO client sends it. A fresh object on every call.
import type { FlowRequestDto } from '../flow/flow.schema.js';

export const GREET_EXAMPLE_ID = '00000000-0000-0000-0000-000000000001';

export function greetExampleFlow(id: string = GREET_EXAMPLE_ID): FlowRequestDto {
  return {
    id,
    title: 'Greet',
    description: 'demo',
    active: true,
    timeout: 0,
    variables: [
      {
        id: '00000000-0000-0000-0000-000000000002',
        dataType: '0317bfee-b2f5-4bde-bfe8-121212121214',
        type: 10,
        name: 'name',
        defaultValue: null,
        isList: false,
        isError: false,
        isRequired: true,
      },
      {
        id: '00000000-0000-0000-0000-000000000003',
        dataType: '0317bfee-b2f5-4bde-bfe8-121212121214',
        type: 30,
        name: 'greeting',
        defaultValue: null,
        isList: false,
        isError: false,
        isRequired: false,
      },
    ],
    actions: [
      {
        id: '00000000-0000-0000-0000-000000000005',
        templateId: 'c0e32108-6e3e-4ab8-96bd-cd61be6edb33',
        actionName: 'Start',
        parameters: [],
        ports: [
          {
            id: '00000000-0000-0000-0000-000000000007',
            sourceId: '00000000-0000-0000-0000-000000000000',
            destinationId: '00000000-0000-0000-0000-000000000005',
            type: 0,
            state: 1,
          },
          {
            id: '00000000-0000-0000-0000-000000000008',
            sourceId: '00000000-0000-0000-0000-000000000005',
            destinationId: '00000000-0000-0000-0000-000000000004',
            type: 0,
            state: 1,
          },
        ],
      },
      {
        id: '00000000-0000-0000-0000-000000000004',
        templateId: '894e02d1-303d-4e52-9ef7-1b3198ee4b53',
        actionName: 'Concatenate',
        ports: [
          {
            id: '00000000-0000-0000-0000-000000000009',
            sourceId: '00000000-0000-0000-0000-000000000004',
            destinationId: '00000000-0000-0000-0000-000000000006',
            type: 0,
            state: 1,
          },
        ],
        parameters: [
          {
            tabPropertyId: '797e45d8-da43-4412-bac4-a3cbdf961b37',
            variable: [
              { id: 0, variableId: '00000000-0000-0000-0000-000000000002', attribute: null },
            ],
            value: '<%0%>',
          },
          {
            tabPropertyId: '117061e7-e531-4340-9cc1-da8f6e13633a',
            variable: [],
            value: ' - processed',
          },
          {
            tabPropertyId: '9cdb4f28-e2e3-4933-ada8-1285f7f635f4',
            variable: [
              { id: 1, variableId: '00000000-0000-0000-0000-000000000003', attribute: null },
            ],
            value: '<%1%>',
          },
        ],
      },
      {
        id: '00000000-0000-0000-0000-000000000006',
        templateId: 'c0e32108-6e3e-4ab8-96bd-cd61be6edb34',
        actionName: 'Stop',
        ports: [],
        parameters: [],
      },
    ],
  };
}
