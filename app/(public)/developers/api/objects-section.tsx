import { schemaAnchor, type FieldRow } from '@/lib/api/openapi/reference-view';
import { InlineText, Paragraphs } from './inline-text';
import { TypeName } from './operation-section';

const cell = 'py-1 pr-4 align-top text-left';

/** The fields of one named object: nested fields as `parent.child`, list items as `list[].child`. */
function FieldTable({ name, fields }: { name: string; fields: FieldRow[] }) {
  if (fields.length === 0) return null;
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Fields of {name}</caption>
      <thead>
        <tr>
          <th scope="col" className={cell}>Field</th>
          <th scope="col" className={cell}>Type</th>
          <th scope="col" className={cell}>Always present</th>
          <th scope="col" className={cell}>Description</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((field) => (
          <tr key={field.name} className="border-b border-slate-200">
            <th scope="row" className={`${cell} font-normal`}>
              <code>{field.name}</code>
            </th>
            <td className={cell} data-label="Type"><TypeName type={field.type} /></td>
            <td className={cell} data-label="Always present">{field.required ? 'Yes' : 'No'}</td>
            <td className={cell} data-label="Description"><InlineText text={field.description} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ObjectsSection({ objects }: { objects: Array<{ name: string; description: string; fields: FieldRow[] }> }) {
  return (
    <section aria-labelledby="objects-heading" className="space-y-6">
      <h2 id="objects-heading">Objects</h2>
      <p className="max-w-prose">
        The bodies the operations send and answer. Objects may gain fields within version v1; a field is never renamed or removed without a new version, so ignore fields you do not know.
      </p>
      {objects.map((object) => (
        <section key={object.name} aria-labelledby={schemaAnchor(object.name)} className="space-y-2 border-t border-slate-200 pt-4">
          <h3 id={schemaAnchor(object.name)} className="text-base font-semibold">
            <code>{object.name}</code>
          </h3>
          <Paragraphs text={object.description} className="max-w-prose" />
          <FieldTable name={object.name} fields={object.fields} />
        </section>
      ))}
    </section>
  );
}
