import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppError } from '../errors/app-error';

/** Validates a UUID path parameter, reporting it in the same shape as body validation. */
@Injectable()
export class UuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    const field = metadata.data ?? 'id';
    if (typeof value === 'string' && isUUID(value)) return value.toLowerCase();
    const reason = `${field} must be a UUID like 3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f.`;
    throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field, reason }] });
  }
}
