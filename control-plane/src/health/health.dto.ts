import { ApiProperty } from '@nestjs/swagger';

export class LivenessResponseDoc {
  @ApiProperty({ enum: ['ok'], example: 'ok' }) readonly status!: 'ok';
}

export class ReadinessChecksDoc {
  @ApiProperty({ enum: ['up'], example: 'up' }) readonly database!: 'up';
}

export class ReadinessResponseDoc extends LivenessResponseDoc {
  @ApiProperty({ type: () => ReadinessChecksDoc }) readonly checks!: ReadinessChecksDoc;
}
