import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { AppError } from '../../common/errors/app-error';
import { Database } from '../../database/database';
import { generateApiKey, hashApiKeySecret, parseApiKey, verifyApiKeySecret } from '../credentials';
import { hasRole, type Principal } from '../principal';
import { toApiKeyResponse, type ApiKeyResponse, type CreateApiKeyDto, type CreatedApiKeyResponse } from './api-key.dto';
import { ApiKeyRepository } from './api-key.repository';

/** Writing last-used on every request would turn reads into writes; once a minute is plenty. */
const LAST_USED_RESOLUTION_MS = 60_000;

@Injectable()
export class ApiKeyService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(ApiKeyRepository) private readonly keys: ApiKeyRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(): Promise<ApiKeyResponse[]> {
    return (await this.keys.list()).map(toApiKeyResponse);
  }

  /** The token is in the answer and nowhere else: only the secret's hash is stored. */
  create(dto: CreateApiKeyDto, owner: Principal): Promise<CreatedApiKeyResponse> {
    const expiresAt = dto.expiresAt !== undefined ? new Date(dto.expiresAt) : null;
    if (expiresAt !== null && expiresAt.getTime() <= Date.now()) {
      const reason = 'expiresAt must be in the future.';
      throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: 'expiresAt', reason }] });
    }
    const generated = generateApiKey();
    return this.database.transaction(async (tx) => {
      const key = await this.keys.insert(tx, {
        name: dto.name,
        prefix: generated.id,
        keyHash: hashApiKeySecret(generated.secret),
        role: dto.role,
        userId: owner.kind === 'user' ? owner.id : null,
        expiresAt,
      });
      const after = toApiKeyResponse(key);
      await this.audit.record(tx, { action: 'api-key.create', entityType: 'api-key', entityId: key.id, after });
      return { ...after, token: generated.token };
    });
  }

  revoke(id: string): Promise<void> {
    return this.database.transaction(async (tx) => {
      const key = await this.keys.findById(id, tx);
      if (!key) throw new AppError('API_KEY.NOT_FOUND', `No API key has the id ${id}. List keys with GET /api/api-keys.`);
      if (key.revokedAt !== null) return;
      const before = toApiKeyResponse(key);
      key.revokedAt = new Date();
      const after = toApiKeyResponse(await this.keys.save(tx, key));
      await this.audit.record(tx, { action: 'api-key.revoke', entityType: 'api-key', entityId: id, before, after });
    });
  }

  /**
   * The principal of a presented `wom_…` token, or null for anything not exactly a live key:
   * malformed, unknown, wrong secret, revoked, expired, or owned by a disabled user. A key
   * never outranks its owner's current role.
   */
  async authenticate(token: string, now = new Date()): Promise<Principal | null> {
    const parsed = parseApiKey(token);
    if (parsed === null) return null;
    const key = await this.keys.findByPrefix(parsed.id);
    if (!key || !verifyApiKeySecret(parsed.secret, key.keyHash)) return null;
    if (key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime())) return null;
    if (key.user && !key.user.isActive) return null;
    if (key.lastUsedAt === null || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) await this.keys.touch(key.id, now);
    const role = key.user && !hasRole(key.user.role, key.role) ? key.user.role : key.role;
    return { kind: 'api-key', id: key.id, name: key.name, role };
  }
}
