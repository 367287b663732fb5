import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { toFleetDriftItem, type DriftState, type FleetDriftItem, type FleetDriftRow } from './drift-fleet.view';

/** The devices that can drift: routers with a management address (read directly or by a site agent) and agent boxes. */
const DEVICES = `
  SELECT p.id, p.name, p.type, p.deployment_mode, p.is_online,
         p.mikrotik_drift_report AS router_report, p.mikrotik_last_drift_check AS router_checked_at,
         a.drift_report AS agent_report, a.drift_detected_at AS agent_drift_at, a.applied_revision AS agent_applied_revision,
         CASE
           WHEN p.deployment_mode = 'agent' THEN CASE WHEN a.drift_report IS NOT NULL THEN 'drifted' WHEN COALESCE(a.applied_revision, 0) > 0 THEN 'in-sync' ELSE 'unchecked' END
           WHEN p.mikrotik_drift_report IS NULL THEN 'unchecked'
           WHEN p.mikrotik_drift_report->>'inSync' = 'false' THEN 'drifted'
           ELSE 'in-sync'
         END AS state
    FROM peer p
    LEFT JOIN LATERAL (
      SELECT drift_report, drift_detected_at, applied_revision FROM agent
       WHERE agent.peer_id = p.id AND agent.revoked_at IS NULL ORDER BY agent.last_seen_at DESC NULLS LAST LIMIT 1
    ) a ON true
   WHERE p.wan_id = $1 AND p.removal_requested_at IS NULL
     AND (p.deployment_mode = 'agent' OR (p.type = 'mikrotik' AND p.mikrotik_management_ip IS NOT NULL))`;

/** Reads every device's latest drift of one WAN in one statement, a page at a time. */
@Injectable()
export class DriftFleetRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async page(wanId: string, limit: number, offset: number, state?: DriftState): Promise<{ items: FleetDriftItem[]; total: number; drifted: number }> {
    const rows = (await this.database.manager.query(
      `WITH d AS (${DEVICES}),
       counts AS (SELECT count(*) FILTER (WHERE $4::text IS NULL OR state = $4) AS total, count(*) FILTER (WHERE state = 'drifted') AS drifted FROM d)
       SELECT page.*, counts.total, counts.drifted
         FROM counts
         LEFT JOIN LATERAL (SELECT * FROM d WHERE $4::text IS NULL OR d.state = $4 ORDER BY (d.state = 'drifted') DESC, d.name, d.id LIMIT $2 OFFSET $3) page ON true`,
      [wanId, limit, offset, state ?? null],
    )) as (FleetDriftRow & { total: string; drifted: string })[];
    // With an empty page the counts still come, on one row without a device.
    return {
      items: rows.filter((row) => row.id !== null).map(toFleetDriftItem),
      total: Number(rows[0]?.total ?? 0),
      drifted: Number(rows[0]?.drifted ?? 0),
    };
  }
}
