// Lint rules for the monorepo; import direction is also checked by dependency-cruiser (.dependency-cruiser.cjs).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'artifacts/**', '.run/**', 'apps/*/web/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**', 'apps/*'], message: 'libs never import apps' }] }],
    },
  },
  {
    files: ['apps/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kafkajs', message: 'use KafkaAdapter from @app/kafka', allowTypeImports: true },
            { name: '@elastic/elasticsearch', message: 'use ElasticsearchAdapter from @app/elasticsearch', allowTypeImports: true },
          ],
          patterns: [{ group: ['../../../apps/*', '../../*/src/*'], message: 'apps never import each other' }],
        },
      ],
    },
  },
);
