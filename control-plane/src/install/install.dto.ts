import { ApiProperty } from '@nestjs/swagger';
import type { AgentExecutableInfo, AgentInstallInfo } from '@wom/contracts';

export class AgentExecutableInfoDoc implements AgentExecutableInfo {
  @ApiProperty({ example: '4f9a0c…', description: 'SHA-256 of the linux-x64 executable, hex; the installer checks it before running it.' }) readonly sha256!: string;
  @ApiProperty({ type: 'integer', example: 89066240 }) readonly sizeBytes!: number;
}

/** The documented shape of AgentInstallInfo. */
export class AgentInstallInfoDoc implements AgentInstallInfo {
  @ApiProperty({ example: 'https://wom.example.com', description: 'PUBLIC_URL: what every command and file handed out uses.' }) readonly publicUrl!: string;
  @ApiProperty({ example: 'https://wom.example.com/install/agent.sh' }) readonly scriptUrl!: string;
  @ApiProperty({ type: [String], example: ['nats://wom.example.com:4222'], description: 'The NATS URLs enrolling agents are given.' }) readonly natsUrls!: readonly string[];
  @ApiProperty({ example: true, description: 'False when the public address, the listen address or NATS is loopback-only.' }) readonly reachableFromOtherHosts!: boolean;
  @ApiProperty({ type: [String], example: [], description: 'Each reason a box elsewhere could not install or connect, with the setting that fixes it.' }) readonly warnings!: readonly string[];
  @ApiProperty({ type: AgentExecutableInfoDoc, nullable: true, description: 'The served linux-x64 executable; null when none is built.' }) readonly executable!: AgentExecutableInfo | null;
}
