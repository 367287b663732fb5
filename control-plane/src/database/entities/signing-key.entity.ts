import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAt } from './columns';

/**
 * A key that signs access tokens (HS256). The newest signs; older ones still verify tokens
 * issued before a rotation until those have expired. Sealed with the master key at rest.
 */
@Entity('signing_key')
export class SigningKeyEntity {
  /** The `kid` in a token's header. */
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'PK_signing_key' }) id!: string;
  /** SecretBox ciphertext of the 32 key bytes, bound to this row's id. */
  @Column({ type: 'text' }) secretEncrypted!: string;
  @CreatedAt() createdAt!: Date;
  /** When a newer key took over signing; null for the newest. */
  @Column({ type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}
