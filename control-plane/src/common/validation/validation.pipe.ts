import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type FieldProblem } from '../errors/app-error';

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
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // Numbers must arrive as numbers: "80" in a JSON body is a client bug (query strings convert explicitly).
    transformOptions: { enableImplicitConversion: false },
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => {
      const fields = fieldProblems(errors);
      const summary = fields.map((f) => f.reason).join(' ');
      return new AppError('VALIDATION.FAILED', summary || 'The request is invalid.', { fields });
    },
  });
}
