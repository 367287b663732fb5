import { enrollCommand, shellQuote } from './enroll-command.logic';

describe('enrollCommand', () => {
  it('runs the agent install script against this control plane', () => {
    expect(enrollCommand('https://noc.example.com', 'wom_et_abc')).toBe("sudo ./install.sh --server 'https://noc.example.com' --token 'wom_et_abc'");
  });

  it('quotes hostile values so the shell runs nothing extra', () => {
    expect(shellQuote("a'; rm -rf / #")).toBe("'a'\\''; rm -rf / #'");
    expect(enrollCommand('http://x', '$(reboot)')).toContain("--token '$(reboot)'");
  });
});
