// Module boundaries from ../shared/design.md are enforced here with no-restricted-imports:
// each src/ module lists the sibling modules it must not reach.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const modules = [
  'types',
  'errors',
  'format',
  'store',
  'drivers',
  'images',
  'runtime',
  'engine',
  'api',
  'client',
  'cli',
  'daemon',
];

/** The modules each module may import (besides itself). */
const allowed = {
  types: [],
  errors: [],
  format: [],
  store: ['types', 'errors'],
  drivers: ['types', 'errors'],
  images: ['types', 'errors'],
  runtime: ['types', 'errors'],
  engine: ['types', 'errors', 'store', 'drivers', 'images', 'runtime'],
  api: ['types', 'errors'],
  client: ['types', 'errors'],
  cli: ['types', 'errors', 'format', 'client'],
  daemon: modules,
};

const boundaryRules = Object.entries(allowed).map(([mod, ok]) => ({
  files: [`src/${mod}/**/*.ts`],
  ignores: ['src/**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: modules
          .filter((m) => m !== mod && !ok.includes(m))
          .map((m) => ({
            group: [`**/${m}/**`, `**/${m}`],
            message: `src/${mod} must not import src/${m} (see design.md, "Modules and what each may import")`,
          })),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/conformance/goldens/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  ...boundaryRules,
);
