import { spawnSync } from 'node:child_process';
import { installCommand } from './enrollment';

describe('installCommand', () => {
  it('is the one line an operator hands a site admin', () => {
    expect(installCommand('https://wom.example.com', 'wom_et_4kq9Zt2L')).toBe('curl -fsSL https://wom.example.com/install/agent.sh | sudo sh -s -- --token wom_et_4kq9Zt2L');
  });

  it.each(["https://wom.example.com/o'clock", 'https://wom.example.com/$(reboot)', 'http://wom.example.com/a;b'])('quotes %s so the shell reads it back exactly', (publicUrl) => {
    const line = installCommand(publicUrl, "t'ok$en");
    // Replace the pipeline with a printer of the words the shell would pass on.
    const words = spawnSync('sh', ['-c', `printf '%s\\n' ${line.replace('curl -fsSL ', '').replace(' | sudo sh -s -- --token ', ' ')}`], { encoding: 'utf8' }).stdout;
    expect(words).toBe(`${publicUrl}/install/agent.sh\nt'ok$en\n`);
  });
});
