import { isDomainError, type DomainErrorCode } from '../errors';
import type { FieldValidator } from './validation.util';

/** One field's problem, as the API reports it next to the others. */
export interface FieldError {
  /** The field as the validator named it; a list entry reports e.g. `dns[1]`. */
  readonly field: string;
  readonly code: DomainErrorCode;
  /** The human message: what is wrong and what is expected. */
  readonly reason: string;
}

/**
 * Runs a validator without throwing, so the API can report every bad field at once instead
 * of the first. Anything but a DomainError is a bug, not bad input, and is rethrown.
 *
 * Example: `[checkField(validatePort, 0, 'listenPort'), checkField(validateMtu, 1420, 'mtu')]
 * .filter(Boolean)` → one FieldError for `listenPort`.
 */
export function checkField<T>(validate: FieldValidator<T>, value: unknown, field: string): FieldError | null {
  try {
    validate(value, field);
    return null;
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { field: error.details.field ?? field, code: error.code, reason: error.message };
  }
}
