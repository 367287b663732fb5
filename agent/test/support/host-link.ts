import type { Namespace } from './netns';
import { run, uniqueSuffix } from './netns';

export interface HostLink {
  readonly address: string;
  dispose(): void;
}

/**
 * Puts this machine's own namespace on a lab's simulated internet (a veth onto its bridge),
 * so a control plane started by the test is reached from the sites at `cidr`'s address, as
 * a real one is reached over the LAN. Deleting our end removes the pair and its route.
 */
export function hostOnInternet(internet: Namespace, cidr: string): HostLink {
  const name = `womh${uniqueSuffix()}`;
  run('ip', ['link', 'add', name, 'type', 'veth', 'peer', 'name', 'uplink-h', 'netns', internet.name]);
  try {
    internet.ip('link', 'set', 'uplink-h', 'master', 'br0');
    internet.ip('link', 'set', 'uplink-h', 'up');
    run('ip', ['addr', 'add', cidr, 'dev', name]);
    run('ip', ['link', 'set', name, 'up']);
  } catch (error) {
    run('ip', ['link', 'del', name]);
    throw error;
  }
  return {
    address: cidr.split('/')[0]!,
    dispose: () => {
      try {
        run('ip', ['link', 'del', name]);
      } catch {
        // gone with the lab's namespace already
      }
    },
  };
}
