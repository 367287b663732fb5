import { toolSearchPath } from './command-runner';

describe('toolSearchPath', () => {
  it.each([
    ['keeps a system PATH as it is', '/usr/sbin:/usr/bin:/sbin:/bin', '/usr/sbin:/usr/bin:/sbin:/bin'],
    ['drops the bin directories npx and npm scripts put first', '/work/node_modules/.bin:/work/agent/node_modules/.bin/:/usr/sbin:/usr/bin', '/usr/sbin:/usr/bin'],
    ['keeps a directory that only mentions node_modules', '/opt/node_modules/tools:/usr/sbin', '/opt/node_modules/tools:/usr/sbin'],
    ['drops empty entries, which would mean the working directory', ':/usr/sbin::/usr/bin:', '/usr/sbin:/usr/bin'],
    ['falls back to the system directories when nothing is left', '/work/node_modules/.bin', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['falls back when there is no PATH at all', undefined, '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
  ])('%s', (_what, path, expected) => {
    expect(toolSearchPath(path)).toBe(expected);
  });
});
