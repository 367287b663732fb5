import { isDomainError } from '@wom/domain';
import { isRouterOsError, type RouterOsErrorCode } from '../client/errors';
import type { EngineError } from './engine.types';

/** Engine-level failure codes; RouterOS and domain errors keep their own codes. */
export type DeployErrorCode = 'DEPLOY.CONFLICT' | 'DEPLOY.VERIFY_FAILED' | 'DEPLOY.CANCELLED' | 'DEPLOY.INVALID_BACKUP' | 'DEPLOY.UNEXPECTED';

/** A failure of the engine's own making (or one already turned into data), carried as an Error until it is returned. */
export class DeployError extends Error {
  override readonly name = 'DeployError';

  constructor(
    readonly code: DeployErrorCode | RouterOsErrorCode,
    message: string,
    readonly suggestion?: string,
    readonly detail?: string,
  ) {
    super(message);
  }

  static from(error: EngineError): DeployError {
    return new DeployError(error.code as DeployErrorCode, error.message, error.suggestion, error.detail);
  }
}

/** Any thrown value → plain data for job records. Never carries a stack or a secret. */
export function toEngineError(error: unknown): EngineError {
  if (isRouterOsError(error)) {
    return { code: error.code, message: error.message, suggestion: error.suggestion, ...(error.detail ? { detail: error.detail } : {}) };
  }
  if (isDomainError(error)) return { code: error.code, message: error.message, suggestion: 'Fix the named field in the desired state, then deploy again.' };
  if (error instanceof DeployError) {
    return { code: error.code, message: error.message, ...(error.suggestion ? { suggestion: error.suggestion } : {}), ...(error.detail ? { detail: error.detail } : {}) };
  }
  return { code: 'DEPLOY.UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}
