import { schemaAnchor, type OperationView, type TypeText } from '@/lib/api/openapi/reference-view';
import { InlineText, Paragraphs } from './inline-text';

/** A type in words; a named object links to its fields further down. */
export function TypeName({ type }: { type: TypeText }) {
  if (!type.link) return <code>{type.text}</code>;
  const [before, after] = type.text.split(type.link);
  return (
    <code>
      {before}
      <a href={`#${schemaAnchor(type.link)}`}>{type.link}</a>
      {after}
    </code>
  );
}

export const operationAnchor = (operation: OperationView) => `operation-${operation.id}`;

function whoMayCall(scope: string | null | undefined) {
  if (scope === undefined) return 'Anyone: no key needed.';
  if (scope === null) return 'Any valid API key.';
  return (
    <>
      An API key with the scope <code>{scope}</code>.
    </>
  );
}

function Example({ title, value }: { title: string; value: unknown }) {
  return (
    <figure className="space-y-1">
      <figcaption className="text-sm font-medium">{title}</figcaption>
      <pre className="max-w-full rounded-md bg-slate-100 p-3 text-sm">
        <code>{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</code>
      </pre>
    </figure>
  );
}

const cell = 'py-1 pr-4 align-top text-left';

export function OperationSection({ operation }: { operation: OperationView }) {
  const anchor = operationAnchor(operation);
  const title = `${operation.method} ${operation.path}`;
  const examples = operation.responses.filter((response) => response.status.startsWith('2')).flatMap((response) => response.bodies.filter((body) => body.example !== undefined).map((body) => ({ status: response.status, example: body.example })));
  return (
    <section aria-labelledby={anchor} className="space-y-3 border-t border-slate-200 pt-4" data-testid="api-operation">
      <h3 id={anchor} className="text-base font-semibold">
        <code>{title}</code> — {operation.summary}
      </h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-medium">Who may call it</dt>
        <dd data-testid="api-operation-access">{whoMayCall(operation.scope)}</dd>
        {operation.alsoAnswers.length > 0 && (
          <>
            <dt className="font-medium">Also answers</dt>
            <dd>{operation.alsoAnswers.join(', ')}</dd>
          </>
        )}
      </dl>
      <Paragraphs text={operation.description} className="max-w-prose" />

      {operation.parameters.length > 0 && (
        <table className="w-full text-sm">
          <caption className="text-left font-medium">Parameters</caption>
          <thead>
            <tr>
              <th scope="col" className={cell}>Name</th>
              <th scope="col" className={cell}>In</th>
              <th scope="col" className={cell}>Type</th>
              <th scope="col" className={cell}>Required</th>
              <th scope="col" className={cell}>Description</th>
            </tr>
          </thead>
          <tbody>
            {operation.parameters.map((parameter) => (
              <tr key={`${parameter.in}-${parameter.name}`} className="border-b border-slate-200">
                <th scope="row" className={`${cell} font-normal`}>
                  <code>{parameter.name}</code>
                </th>
                <td className={cell} data-label="In">{parameter.in}</td>
                <td className={cell} data-label="Type"><TypeName type={parameter.type} /></td>
                <td className={cell} data-label="Required">{parameter.required ? 'Yes' : 'No'}</td>
                <td className={cell} data-label="Description"><InlineText text={parameter.description} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {operation.requestBody && (
        <div className="space-y-2">
          <p className="text-sm">
            <span className="font-medium">Request body</span> ({operation.requestBody.mediaType}): <TypeName type={operation.requestBody.type} />
          </p>
          {operation.requestBody.example !== undefined && <Example title="Example request body" value={operation.requestBody.example} />}
        </div>
      )}

      <table className="w-full text-sm">
        <caption className="text-left font-medium">Responses</caption>
        <thead>
          <tr>
            <th scope="col" className={cell}>Status</th>
            <th scope="col" className={cell}>Meaning</th>
            <th scope="col" className={cell}>Body</th>
            <th scope="col" className={cell}>Headers</th>
          </tr>
        </thead>
        <tbody>
          {operation.responses.map((response) => (
            <tr key={response.status} className="border-b border-slate-200">
              <th scope="row" className={`${cell} font-normal tabular-nums`}>{response.status}</th>
              <td className={cell} data-label="Meaning"><InlineText text={response.description} /></td>
              <td className={cell} data-label="Body">
                {response.bodies.length === 0
                  ? 'None'
                  : response.bodies.map((body) => (
                      <span key={body.mediaType} className="block">
                        {body.mediaType}: <TypeName type={body.type} />
                      </span>
                    ))}
              </td>
              <td className={cell} data-label="Headers">{response.headers.length === 0 ? '—' : response.headers.map((header) => <code key={header} className="block">{header}</code>)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {examples.map((example) => (
        <Example key={example.status} title={`Example ${example.status} answer`} value={example.example} />
      ))}
    </section>
  );
}
