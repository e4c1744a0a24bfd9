import type { oas31 } from 'zod-openapi';
import type { OpenApiDocument } from './document';

/*
 * The OpenAPI document as the reference page (/developers/api) shows it: operations by tag, each
 * parameter, body and response in words, and each named object as rows of fields. Read from the
 * document itself, so the page cannot say what the document does not.
 */

type Schema = oas31.SchemaObject | oas31.ReferenceObject;
const isRef = (value: unknown): value is oas31.ReferenceObject => typeof value === 'object' && value !== null && '$ref' in value;

/** The name of a `#/components/…/Name` reference. */
export const refName = (ref: oas31.ReferenceObject) => ref.$ref.slice(ref.$ref.lastIndexOf('/') + 1);

/** The anchor of a named object on the page. */
export const schemaAnchor = (name: string) => `object-${name}`;

/** A type in words, with the named object it is (or holds), if any, to link to. */
export type TypeText = { text: string; link?: string };

const nonNull = (schema: oas31.SchemaObject): Schema | undefined => {
  const options = schema.anyOf ?? schema.oneOf;
  if (!options || options.length !== 2) return undefined;
  const other = options.filter((option) => isRef(option) || option.type !== 'null');
  return other.length === 1 ? other[0] : undefined;
};

export function typeText(schema: Schema | undefined): TypeText {
  if (!schema) return { text: 'any' };
  if (isRef(schema)) return { text: refName(schema), link: refName(schema) };
  const inner = nonNull(schema);
  if (inner) {
    const shown = typeText(inner);
    return { ...shown, text: `${shown.text} or null` };
  }
  if (schema.const !== undefined) return { text: JSON.stringify(schema.const) };
  if (schema.enum) return { text: `one of ${schema.enum.map((value) => JSON.stringify(value)).join(', ')}` };
  if (schema.type === 'array') {
    const items = typeText(schema.items);
    return { ...items, text: `array of ${items.text}` };
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  const details = [schema.format, schema.contentEncoding, schema.minimum !== undefined && schema.maximum !== undefined && schema.maximum < 1e9 ? `${schema.minimum} to ${schema.maximum}` : null].filter(Boolean);
  return { text: details.length > 0 ? `${type} (${details.join(', ')})` : type };
}

export type FieldRow = { name: string; type: TypeText; required: boolean; description: string };

/** An inline object's fields, nested ones as `parent.child` and `list[].child`; named objects stay links. */
export function fieldRows(schema: Schema | undefined, prefix = ''): FieldRow[] {
  if (!schema || isRef(schema)) return [];
  const object = nonNull(schema) ?? schema;
  if (isRef(object) || !object.properties) return [];
  return Object.entries(object.properties).flatMap(([key, property]) => {
    const name = `${prefix}${key}`;
    const row: FieldRow = { name, type: typeText(property), required: object.required?.includes(key) ?? false, description: isRef(property) ? '' : (property.description ?? '') };
    const unwrapped = !isRef(property) ? (nonNull(property) ?? property) : property;
    const nested = !isRef(unwrapped) && unwrapped.type === 'array' ? { schema: unwrapped.items, prefix: `${name}[].` } : { schema: unwrapped, prefix: `${name}.` };
    return [row, ...fieldRows(nested.schema, nested.prefix)];
  });
}

export type ParameterRow = { name: string; in: string; type: TypeText; required: boolean; description: string };
export type BodyView = { mediaType: string; type: TypeText; example?: unknown };
export type ResponseView = { status: string; description: string; bodies: BodyView[]; headers: string[] };
export type OperationView = {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  /** The scope a key needs; null for any valid key; undefined when no key is needed. */
  scope: string | null | undefined;
  /** Other methods of the same path that only repeat this one (HEAD, the CORS preflight). */
  alsoAnswers: string[];
  parameters: ParameterRow[];
  requestBody?: BodyView;
  responses: ResponseView[];
};

function bodiesOf(content: oas31.ContentObject | undefined): BodyView[] {
  return Object.entries(content ?? {}).map(([mediaType, media]) => ({ mediaType, type: typeText(media.schema), ...(media.example !== undefined ? { example: media.example } : {}) }));
}

function operationView(path: string, method: string, operation: oas31.OperationObject, alsoAnswers: string[]): OperationView {
  const parameters = (operation.parameters ?? []).filter((parameter): parameter is oas31.ParameterObject => !isRef(parameter));
  const requestBody = operation.requestBody && !isRef(operation.requestBody) ? bodiesOf(operation.requestBody.content)[0] : undefined;
  const scope = operation['x-openseal-scope'] as string | null;
  return {
    id: operation.operationId ?? `${method}-${path}`,
    method: method.toUpperCase(),
    path,
    summary: operation.summary ?? '',
    // The document's description ends with who may call it; the page says that in its own row.
    description: (operation.description ?? '').replace(/\n\n\*\*Who may call it:\*\*.*$/s, ''),
    scope: operation.security?.length === 0 ? undefined : scope,
    alsoAnswers,
    parameters: parameters.map((parameter) => ({ name: parameter.name, in: parameter.in, type: typeText(parameter.schema), required: parameter.required ?? false, description: parameter.description ?? '' })),
    ...(requestBody ? { requestBody } : {}),
    responses: Object.entries(operation.responses ?? {}).map(([status, response]) => {
      const answer = response as oas31.ResponseObject;
      return { status, description: answer.description, bodies: bodiesOf(answer.content), headers: Object.keys(answer.headers ?? {}) };
    }),
  };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The document's operations grouped by tag, in the tags' order; HEAD and OPTIONS told beside the GET they repeat. */
export function operationsByTag(document: OpenApiDocument): Array<{ name: string; description: string; operations: OperationView[] }> {
  const views: OperationView[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    const repeats = [item.head ? 'HEAD' : null, item.options ? 'OPTIONS (CORS preflight)' : null].filter((method): method is string => method !== null);
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) views.push(operationView(path, method, operation, method === 'get' ? repeats : []));
    }
  }
  const tagOf = (view: OperationView) => document.paths?.[view.path]?.[view.method.toLowerCase() as (typeof METHODS)[number]]?.tags?.[0] ?? 'Other';
  return (document.tags ?? []).map((tag) => ({ name: tag.name, description: tag.description ?? '', operations: views.filter((view) => tagOf(view) === tag.name) })).filter((tag) => tag.operations.length > 0);
}

/** Each named object of the document, by name, its fields as rows. */
export function namedObjects(document: OpenApiDocument): Array<{ name: string; description: string; fields: FieldRow[] }> {
  return Object.entries(document.components?.schemas ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, schema]) => ({ name, description: isRef(schema) ? '' : (schema.description ?? ''), fields: fieldRows(schema) }));
}
