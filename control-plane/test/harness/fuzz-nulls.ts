/**
 * `null` probes for every field of a route's request body, read from the app's own OpenAPI
 * document: a new field, or a new nested DTO, is probed without touching the fuzz spec.
 */

interface Schema {
  readonly $ref?: string;
  readonly allOf?: readonly Schema[];
  readonly type?: string;
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly items?: Schema;
}

export interface OpenApiDoc {
  readonly paths: Readonly<Record<string, Readonly<Record<string, { readonly requestBody?: { readonly content?: Readonly<Record<string, { readonly schema?: Schema }>> } }>>>>;
  readonly components: { readonly schemas: Readonly<Record<string, Schema>> };
}

export interface NullProbe {
  /** The field as the error body names it: `mikrotik.useSsl`, `subnets[0].cidr`. */
  readonly field: string;
  readonly body: Record<string, unknown>;
  /** The document says `null` is allowed here (and clears the field). */
  readonly nullable: boolean;
}

/** Bounded: DTOs nest two or three levels; nothing in a body schema is recursive. */
const MAX_NESTING = 4;

function resolve(doc: OpenApiDoc, schema: Schema | undefined): Schema | undefined {
  if (schema?.$ref) return doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
  if (schema?.allOf?.length === 1) return { ...resolve(doc, schema.allOf[0]), nullable: schema.nullable };
  return schema;
}

/** The JSON body schema of an operation; `/api/wan/:wan` matches the document's `/api/wan/{id}`. */
export function bodySchema(doc: OpenApiDoc, method: string, path: string): Schema | undefined {
  const shape = (p: string) => p.replace(/:[A-Za-z]+|\{[A-Za-z]+\}/g, '{}');
  const documented = Object.entries(doc.paths).find(([p]) => shape(p) === shape(path))?.[1];
  return resolve(doc, documented?.[method]?.requestBody?.content?.['application/json']?.schema);
}

/**
 * One probe per property at every level: `{field: null}`, the same inside a nested DTO
 * (`{mikrotik: {useSsl: null}}`) or a list item (`{subnets: [{cidr: null}]}`), and `[null]` for
 * every list, whose items are never nullable.
 */
export function nullProbes(doc: OpenApiDoc, schema: Schema | undefined, depth = 0): NullProbe[] {
  const properties = resolve(doc, schema)?.properties ?? {};
  if (depth > MAX_NESTING) return [];
  return Object.entries(properties).flatMap(([name, raw]) => {
    const property = resolve(doc, raw) ?? {};
    const own: NullProbe = { field: name, body: { [name]: null }, nullable: raw.nullable === true || property.nullable === true };
    if (property.type === 'array') {
      const item = resolve(doc, property.items);
      const inner = nullProbes(doc, item, depth + 1).map((p) => ({ ...p, field: `${name}[0].${p.field}`, body: { [name]: [p.body] } }));
      return [own, { field: `${name}[0]`, body: { [name]: [null] }, nullable: false }, ...inner];
    }
    const inner = nullProbes(doc, property, depth + 1).map((p) => ({ ...p, field: `${name}.${p.field}`, body: { [name]: p.body } }));
    return [own, ...inner];
  });
}
