import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A uuid primary key with an explicit constraint name, so PGlite and PostgreSQL agree. */
export const UuidPk = (table: string): PropertyDecorator => PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: `PK_${table}` });

export const CreatedAt = (): PropertyDecorator => CreateDateColumn({ type: 'timestamptz' });
export const UpdatedAt = (): PropertyDecorator => UpdateDateColumn({ type: 'timestamptz' });

/** jsonb defaults must be a raw SQL expression, or TypeORM sees a difference after every migration. */
export const EMPTY_OBJECT = (): string => "'{}'";
export const EMPTY_ARRAY = (): string => "'[]'";
