import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const focusedTests = { selector: "CallExpression[callee.property.name='only'][callee.object.name=/^(it|test|describe)$/]", message: 'Focused tests hide the rest of the suite.' };
const datesMessage = 'Write dates for people with lib/format/dates.ts (formatDate, formatDateTime, <DateTime>, deferredDates): one format, in the reader’s time zone (ADR 0022).';
// What lib/format/dates.ts replaces; tests, benchmarks and scripts may still read and write ISO strings.
const dateFormatting = [
  { selector: "CallExpression[callee.property.name=/^(toUTCString|toGMTString|toLocaleDateString|toLocaleTimeString)$/]", message: datesMessage },
  { selector: "CallExpression[callee.property.name='slice'][callee.object.callee.property.name='toISOString']", message: `${datesMessage} For a date field's value or a day to compare, use utcDayKey or dayKey.` },
  { selector: "MemberExpression[object.name='Intl'][property.name='DateTimeFormat']", message: datesMessage },
];

export default tseslint.config(
  { ignores: ['node_modules/', '.next/', '.data/', 'db/migrations/', 'next-env.d.ts', 'test-results/', 'playwright-report/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', focusedTests],
    },
  },
  {
    files: ['app/**', 'components/**', 'lib/**', 'proxy.ts'],
    ignores: ['lib/format/dates.ts'],
    rules: { 'no-restricted-syntax': ['error', focusedTests, ...dateFormatting] },
  },
  {
    files: ['app/**', 'components/**', 'lib/**'],
    ignores: ['components/link.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'next/link', message: 'Use @/components/link: links do not prefetch unless asked (ADR 0028).' }] }],
    },
  },
);
