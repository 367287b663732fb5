import { DECORATORS } from '@nestjs/swagger';
import type { FieldProblem } from '../errors/app-error';

/** Deep enough for every DTO; the body parser already refuses anything nested deeper. */
const MAX_DEPTH = 32;

interface DocumentedProperty {
  readonly nullable?: boolean;
  readonly isArray?: boolean;
}

/** The OpenAPI description of a DTO's property, or undefined when the object is no documented DTO. */
function documented(dto: object, property: string): DocumentedProperty | undefined {
  return Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, Object.getPrototypeOf(dto) as object, property) as DocumentedProperty | undefined;
}

function isDocumentedDto(value: object): boolean {
  return Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, Object.getPrototypeOf(value) as object) !== undefined;
}

/**
 * Fields of a validated request DTO whose value the API document does not allow, where
 * class-validator lets it through:
 * - `null` on a field not declared nullable. `@IsOptional()` passes `null` just like a missing
 *   field, and services read `null` as "clear", which only some fields can be: a field marked
 *   `nullable` takes `null` and clears it; on every other field it is refused.
 * - a list inside a list field (`subnets: [["10.0.0.0/24"]]`): `@ValidateNested({ each: true })`
 *   walks into inner arrays instead of refusing them.
 * So the OpenAPI document is the one contract. Nested DTOs (a peer's `mikrotik`, its
 * `subnets`) are checked the same way.
 */
export function undocumentedValues(value: unknown, parent = '', depth = 0): FieldProblem[] {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => undocumentedValues(item, `${parent}[${index}]`, depth + 1));
  if (!isDocumentedDto(value)) return [];
  return Object.entries(value).flatMap(([property, child]) => {
    const field = parent === '' ? property : `${parent}.${property}`;
    const doc = documented(value, property);
    if (child === null) return doc?.nullable === true ? [] : [{ field, reason: `${field} cannot be null: leave it out to keep the current or default value.` }];
    if (Array.isArray(child) && doc?.isArray === true) {
      const inner = child.findIndex((item) => Array.isArray(item));
      if (inner >= 0) return [{ field: `${field}[${inner}]`, reason: `${field}[${inner}] is a list inside the list ${field}; give its items directly.` }];
    }
    return undocumentedValues(child, field, depth + 1);
  });
}
