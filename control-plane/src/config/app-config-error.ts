/** A bad environment value. Thrown before anything starts, so the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly variable: string, problem: string) {
    super(`Invalid environment variable ${variable}: ${problem}`);
  }
}
