/**
 * Reads the Dockerfile instructions the image tests act on. There is no Docker engine where
 * the tests run, so the image is reproduced from the file itself: what each stage copies, its
 * working directory, environment, entry point and health check. Only the syntax our Dockerfiles
 * use is understood; anything else fails loudly rather than being guessed at.
 */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Stage {
  readonly from: string;
  readonly name: string | null;
  readonly instructions: readonly Instruction[];
}

export interface CopyLine {
  /** The stage named by `--from`, or null for the build context. */
  readonly from: string | null;
  readonly sources: readonly string[];
  readonly destination: string;
}

export interface StageSummary {
  readonly from: string;
  readonly copies: readonly CopyLine[];
  readonly runs: readonly string[];
  readonly workdir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly user: string | null;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly healthcheck: { readonly options: Readonly<Record<string, string>>; readonly command: readonly string[] } | null;
  readonly expose: readonly string[];
  readonly volumes: readonly string[];
}

/** Splits a Dockerfile into stages of instructions: continuation lines joined, comments dropped. */
export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    // Docker drops comment lines, even inside a continued instruction.
    if (line.startsWith('#') || (line === '' && pending === '')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    logical.push(`${pending}${line}`.trim());
    pending = '';
  }
  const stages: { from: string; name: string | null; instructions: Instruction[] }[] = [];
  for (const line of logical) {
    if (line === '') continue;
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') {
      const [from = '', as, name] = args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? (name ?? null) : null, instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`"${line}" comes before any FROM`);
      stage.instructions.push(instruction);
    }
  }
  return stages;
}

/** A JSON array (exec form) as it is, or shell form wrapped in `/bin/sh -c` as Docker does. */
export function commandForm(args: string): string[] {
  if (args.startsWith('[')) {
    const parsed: unknown = JSON.parse(args);
    if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) throw new Error(`not an exec-form command: ${args}`);
    return parsed;
  }
  return ['/bin/sh', '-c', args];
}

/** `KEY=value KEY2="two words"` (and the legacy `KEY value`) into pairs. */
export function parseEnv(args: string): Record<string, string> {
  if (!/^\S+=/.test(args)) {
    const [key = '', ...rest] = args.split(/\s+/);
    return { [key]: rest.join(' ') };
  }
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const [, key = '', value = ''] = match;
    env[key] = value.startsWith('"') ? (JSON.parse(value) as string) : value;
  }
  return env;
}

function parseCopy(args: string): CopyLine {
  const words = args.startsWith('[') ? commandForm(args) : args.split(/\s+/);
  let from: string | null = null;
  const paths: string[] = [];
  for (const word of words) {
    if (word.startsWith('--from=')) from = word.slice('--from='.length);
    else if (word.startsWith('--')) throw new Error(`COPY option ${word} is not understood by the image tests`);
    else paths.push(word);
  }
  const destination = paths.pop();
  if (!destination || paths.length === 0) throw new Error(`COPY ${args} needs a source and a destination`);
  return { from, sources: paths, destination };
}

/** What one stage does, in the terms the image tests use. */
export function summarizeStage(stage: Stage): StageSummary {
  const env: Record<string, string> = {};
  const copies: CopyLine[] = [];
  const runs: string[] = [];
  let workdir = '/';
  let user: string | null = null;
  let entrypoint: string[] = [];
  let cmd: string[] = [];
  let healthcheck: StageSummary['healthcheck'] = null;
  const expose: string[] = [];
  const volumes: string[] = [];
  for (const { keyword, args } of stage.instructions) {
    switch (keyword) {
      case 'ENV':
        Object.assign(env, parseEnv(args));
        break;
      case 'COPY':
        copies.push(parseCopy(args));
        break;
      case 'RUN':
        runs.push(args);
        break;
      case 'WORKDIR':
        if (!args.startsWith('/')) throw new Error(`WORKDIR ${args} is relative; the image tests need absolute ones`);
        workdir = args;
        break;
      case 'USER':
        user = args;
        break;
      case 'ENTRYPOINT':
        entrypoint = commandForm(args);
        break;
      case 'CMD':
        cmd = commandForm(args);
        break;
      case 'HEALTHCHECK':
        healthcheck = parseHealthcheck(args);
        break;
      case 'EXPOSE':
        expose.push(...args.split(/\s+/));
        break;
      case 'VOLUME':
        volumes.push(...(args.startsWith('[') ? commandForm(args) : args.split(/\s+/)));
        break;
      default:
        break;
    }
  }
  return { from: stage.from, copies, runs, workdir, env, user, entrypoint, cmd, healthcheck, expose, volumes };
}

function parseHealthcheck(args: string): StageSummary['healthcheck'] {
  if (args.trim().toUpperCase() === 'NONE') return null;
  const options: Record<string, string> = {};
  let rest = args;
  for (let option = /^--([\w-]+)=(\S+)\s+/.exec(rest); option; option = /^--([\w-]+)=(\S+)\s+/.exec(rest)) {
    options[option[1]!] = option[2]!;
    rest = rest.slice(option[0].length);
  }
  const command = /^CMD\s+(.*)$/i.exec(rest);
  if (!command) throw new Error(`HEALTHCHECK ${args} has no CMD`);
  return { options, command: commandForm(command[1]!) };
}

/** The stage called `name`, or the last one (the image) when no name is given. */
export function stageOf(stages: readonly Stage[], name?: string): StageSummary {
  const stage = name === undefined ? stages.at(-1) : stages.find((s) => s.name === name);
  if (!stage) throw new Error(`the Dockerfile has no stage ${name ?? ''}`);
  return summarizeStage(stage);
}
