import { ApiProperty } from '@nestjs/swagger';
import type { ErrorBody, FieldProblem } from '../common/errors/app-error';

/** One field at fault in a 4xx: the JSON path of the field and why it was refused. */
export class ErrorFieldDoc implements FieldProblem {
  @ApiProperty({ description: 'The request field at fault, as a JSON path.', example: 'subnets.0.cidr' }) readonly field!: string;
  @ApiProperty({ description: 'Why the value was refused.', example: 'cidr must be an IPv4 network like 192.168.1.0/24.' }) readonly reason!: string;
}

/** The one error shape of every non-2xx JSON answer (see common/errors/to-error-response.ts). */
export class ErrorResponseDoc implements ErrorBody {
  @ApiProperty({ description: 'A stable, machine-readable code: FAMILY.REASON.', example: 'VALIDATION.FAILED' }) readonly code!: ErrorBody['code'];
  @ApiProperty({ description: 'What went wrong and what to do next.', example: 'The request has invalid fields.' }) readonly message!: string;
  @ApiProperty({ type: () => [ErrorFieldDoc], description: 'Fields at fault; empty when no single field is.' }) readonly fields!: readonly ErrorFieldDoc[];
  readonly [key: string]: unknown;
}
