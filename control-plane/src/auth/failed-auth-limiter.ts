import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LoginThrottle } from './login-throttle';

const MINUTE_MS = 60_000;
/** Addresses and accounts tracked at once; the oldest are dropped past this, bounding memory. */
const TRACKED_KEYS = 50_000;

/**
 * Failed authentication, counted three ways so guessing is slow wherever it comes from:
 * - per client address, whatever was presented (password, API key, access or refresh token):
 *   over the limit the address is refused before its credential is even checked;
 * - per account across addresses (a username, or an API key's public id), against spraying
 *   one account from many addresses;
 * - per username and address, the long login lockout (LOGIN_MAX_FAILURES in 15 minutes).
 * Successful requests only pay a map lookup. Counts live in this process: with several
 * replicas each keeps its own, so the effective limit is the per-replica one times replicas.
 */
@Injectable()
export class FailedAuthLimiter {
  private readonly byAddress: LoginThrottle | null;
  private readonly byAccount: LoginThrottle | null;
  private readonly byLogin: LoginThrottle;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { perAddress, perAccount } = config.authFailureLimits;
    this.byAddress = perAddress > 0 ? new LoginThrottle(perAddress, MINUTE_MS, Date.now, TRACKED_KEYS) : null;
    this.byAccount = perAccount > 0 ? new LoginThrottle(perAccount, MINUTE_MS, Date.now, TRACKED_KEYS) : null;
    this.byLogin = new LoginThrottle(config.loginMaxFailures, config.loginLockoutSeconds * 1000, Date.now, TRACKED_KEYS);
  }

  /** The 429 to answer when this address has failed too often to be heard now, else null. */
  refusalForAddress(address: string): AppError | null {
    const wait = this.byAddress?.retryAfterSeconds(address) ?? null;
    return wait === null ? null : tooMany(wait, `Too many failed sign-ins from your address. Try again in ${wait} s.`);
  }

  /** Throws 429 when this address has failed too often to be heard now. */
  checkAddress(address: string): void {
    const refusal = this.refusalForAddress(address);
    if (refusal !== null) throw refusal;
  }

  /** Before a password is checked: the address, the account, and the username from this address. */
  checkLogin(username: string, address: string): void {
    this.checkAddress(address);
    const wait = this.byLogin.retryAfterSeconds(`${username}|${address}`) ?? this.byAccount?.retryAfterSeconds(`user:${username}`) ?? null;
    if (wait !== null) throw tooMany(wait, `Too many failed logins for this user. Try again in ${wait} s.`);
  }

  failLogin(username: string, address: string): void {
    this.byLogin.fail(`${username}|${address}`);
    this.fail(address, `user:${username}`);
  }

  /** A correct password clears its username-and-address lockout (not the address or account counts). */
  succeedLogin(username: string, address: string): void {
    this.byLogin.succeed(`${username}|${address}`);
  }

  /**
   * Records a refused API key or token. Returns the 429 to answer instead of 401 when the
   * account is over its limit; a correct key for that account still works, since its secret
   * is not guessable and refusing it would let anyone who saw its public id lock it out.
   */
  failCredential(address: string, account: string | null): AppError | null {
    const wait = account === null ? null : (this.byAccount?.retryAfterSeconds(account) ?? null);
    this.fail(address, account);
    return wait === null ? null : tooMany(wait, `Too many failed attempts with this credential. Try again in ${wait} s.`);
  }

  private fail(address: string, account: string | null): void {
    this.byAddress?.fail(address);
    if (account !== null) this.byAccount?.fail(account);
  }
}

const tooMany = (retryAfterSeconds: number, message: string): AppError => new AppError('AUTH.TOO_MANY_ATTEMPTS', message, { fields: [], retryAfterSeconds });
