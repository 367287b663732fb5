import { DomainError } from '../errors';

/**
 * Runs `action` and returns the DomainError it throws, so a spec can check code, details
 * and message one by one. Fails the test when nothing is thrown, and rethrows any other
 * error, because that is a bug rather than a refusal.
 */
export function thrownDomainError(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}
