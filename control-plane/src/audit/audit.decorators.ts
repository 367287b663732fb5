import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link ChangesNothing}: the reason a write-method route records no audit entry. */
export const CHANGES_NOTHING = 'wom:audit:changes-nothing';

/**
 * Marks a POST that only computes an answer (a preview, a conflict check) and writes nothing,
 * so the audit trail owes it no entry. Every other POST, PUT, PATCH and DELETE must have its
 * service record a domain entry; the audit completeness spec enforces both.
 */
export const ChangesNothing = (reason: string): MethodDecorator => SetMetadata(CHANGES_NOTHING, reason);
