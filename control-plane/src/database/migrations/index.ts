import { InitialSchema1764000000000 } from './1764000000000-initial-schema';

/** Registered as classes, not globs, so the esbuild bundle finds them. Append, never edit. */
export const MIGRATIONS = [InitialSchema1764000000000];
