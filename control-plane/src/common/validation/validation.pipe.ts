import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { AppError, type FieldProblem } from '../errors/app-error';
import { undocumentedValues } from './documented-shape';

/** Flattens nested errors into `subnets[0].cidr`-style fields, one entry per field. */
export function fieldProblems(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent === '' ? error.property : /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`;
    const own: FieldProblem[] = [];
    const constraints = error.constraints ?? {};
    if (constraints['whitelistValidation']) {
      own.push({ field, reason: `${field} is not a known field; remove it.` });
    } else {
      const first = Object.values(constraints)[0];
      if (first !== undefined) own.push({ field, reason: first });
    }
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/**
 * The global pipe: unknown fields are refused rather than silently dropped, and every bad
 * field is reported at once in the one error shape.
 */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Numbers must arrive as numbers: "80" in a JSON body is a client bug (query strings convert explicitly).
    transformOptions: { enableImplicitConversion: false },
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => validationFailed(fieldProblems(errors)),
  });
}

function validationFailed(fields: readonly FieldProblem[]): AppError {
  const summary = fields.map((f) => f.reason).join(' ');
  return new AppError('VALIDATION.FAILED', summary || 'The request is invalid.', { fields });
}

/**
 * Also refuses what the API document does not allow but class-validator passes: `null` on a
 * field not marked nullable, a list inside a list (documented-shape.ts), reported together
 * with class-validator's own findings, one entry per field.
 *
 * A NUL character can be sent in any string (`%00` in a query, `\u0000` in JSON) but can be
 * stored in no PostgreSQL text column nor passed to any device: it is refused up front, naming
 * the field, rather than failing deep in a query as a 500.
 */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const field = fieldWithNul(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
    if (field !== null) {
      const name = field || (metadata.data ?? metadata.type);
      const reason = `${name} contains a NUL character, which no field accepts.`;
      throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: name, reason }] });
    }
    return super.transform(value, metadata);
  }

  protected override async validate(object: object, options?: ValidatorOptions): Promise<ValidationError[]> {
    const errors = await super.validate(object, options);
    const undocumented = undocumentedValues(object);
    if (undocumented.length === 0) return errors;
    const found = fieldProblems(errors);
    throw validationFailed([...found, ...undocumented.filter((u) => !found.some((f) => f.field === u.field))]);
  }
}

/** The path of the first string holding a NUL, or null; bounded in depth like the body parser. */
function fieldWithNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
    if (key.includes('\u0000')) return childPath;
    const found = fieldWithNul(child, childPath, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
