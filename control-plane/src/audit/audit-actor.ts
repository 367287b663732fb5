/** Who did it, when it is not the request's principal (login attempts, the CLI, an enrollment token). */
export interface AuditActor {
  readonly type: 'user' | 'api-key' | 'local' | 'anonymous' | 'system';
  readonly id: string | null;
  readonly name: string | null;
}
