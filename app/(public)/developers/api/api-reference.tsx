import { apiKeyKindLabels, API_SCOPES } from '@/lib/api/scopes';
import type { OpenApiDocument } from '@/lib/api/openapi/document';
import { namedObjects, operationsByTag } from '@/lib/api/openapi/reference-view';
import { InlineText, Paragraphs } from './inline-text';
import { ObjectsSection } from './objects-section';
import { OperationSection, operationAnchor } from './operation-section';

const cell = 'py-1 pr-4 align-top text-left';

/**
 * The API reference (issue #17): every operation of /api/v1 with who may call it, its parameters,
 * body and answers, read from the OpenAPI document that /api/v1/openapi.json serves.
 */
export function ApiReference({ origin, document }: { origin: string; document: OpenApiDocument }) {
  const tags = operationsByTag(document);
  const headers = Object.entries(document.components?.headers ?? {}).map(([name, header]) => ({ name, description: 'description' in header ? (header.description ?? '') : '' }));
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h1>API reference</h1>
        <p className="max-w-prose">
          The OpenSeal API, version {document.info.version}, at <code>{origin}</code>. The same reference as an OpenAPI 3.1 document, to generate a client or load into a tool:{' '}
          <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
        </p>
      </div>

      <section aria-labelledby="start-heading" className="space-y-3">
        <h2 id="start-heading">Keys, limits and errors</h2>
        <Paragraphs text={document.info.description ?? ''} className="max-w-prose" />
        <table className="w-full text-sm" data-testid="api-scopes">
          <caption className="text-left font-medium">The scopes a key may hold, by kind of key</caption>
          <thead>
            <tr>
              <th scope="col" className={cell}>Scope</th>
              <th scope="col" className={cell}>Kind of key</th>
              <th scope="col" className={cell}>Lets the key</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(API_SCOPES).flatMap(([kind, scopes]) =>
              Object.entries(scopes).map(([scope, meaning]) => (
                <tr key={scope} className="border-b border-slate-200">
                  <th scope="row" className={`${cell} font-normal`}>
                    <code>{scope}</code>
                  </th>
                  <td className={cell} data-label="Kind of key">{apiKeyKindLabels[kind as keyof typeof apiKeyKindLabels]}</td>
                  <td className={cell} data-label="Lets the key">{meaning}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
        <table className="w-full text-sm">
          <caption className="text-left font-medium">Response headers</caption>
          <thead>
            <tr>
              <th scope="col" className={cell}>Header</th>
              <th scope="col" className={cell}>Meaning</th>
            </tr>
          </thead>
          <tbody>
            {headers.map((header) => (
              <tr key={header.name} className="border-b border-slate-200">
                <th scope="row" className={`${cell} font-normal`}>
                  <code>{header.name}</code>
                </th>
                <td className={cell} data-label="Meaning"><InlineText text={header.description} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <nav aria-labelledby="contents-heading" className="space-y-2">
        <h2 id="contents-heading">Operations</h2>
        <ul className="list-disc space-y-2 pl-6">
          {tags.map((tag) => (
            <li key={tag.name}>
              <a href={`#tag-${tag.name.replace(/\W+/g, '-').toLowerCase()}`}>{tag.name}</a>
              <ul className="list-[circle] pl-6 text-sm">
                {tag.operations.map((operation) => (
                  <li key={operation.id}>
                    <a href={`#${operationAnchor(operation)}`}>
                      <code>
                        {operation.method} {operation.path}
                      </code>
                    </a>{' '}
                    — {operation.summary}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>

      {tags.map((tag) => {
        const id = `tag-${tag.name.replace(/\W+/g, '-').toLowerCase()}`;
        return (
          <section key={tag.name} aria-labelledby={id} className="space-y-4">
            <h2 id={id}>{tag.name}</h2>
            <Paragraphs text={tag.description} className="max-w-prose" />
            {tag.operations.map((operation) => (
              <OperationSection key={operation.id} operation={operation} />
            ))}
          </section>
        );
      })}

      <ObjectsSection objects={namedObjects(document)} />
    </div>
  );
}
