// Lint rules, including the layer boundary: the engine, the action catalogue, the flow compiler,
// the domain and the script sandbox are a library that never reaches into the API, storage or
// queue adapters.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const LIBRARY_LAYERS = [
  'src/engine/**',
  'src/actions/**',
  'src/flow/**',
  'src/domain/**',
  'src/sandbox/**',
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'test-output/**',
      'coverage/**',
      'src/web/dist/**',
      'console/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        fetch: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: LIBRARY_LAYERS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/api/**',
                '**/api',
                '**/storage/**',
                '**/storage',
                '**/queue/**',
                '**/queue',
              ],
              message:
                'The library layers talk to ports, never to the API, storage or queue adapters.',
            },
            {
              group: [
                'fastify',
                '@fastify/*',
                'kysely',
                'better-sqlite3',
                'pg',
                'mysql2',
                'mysql2/*',
                'bullmq',
                'ioredis',
              ],
              message: 'The library layers never import server, database or queue packages.',
            },
            {
              group: ['nodemailer', 'nodemailer/*', 'basic-ftp', 'ssh2'],
              message: 'The library layers reach mail, FTP and SSH peers through src/connectors.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Configuration is read once in src/config and passed in.',
        },
      ],
    },
  },
);
