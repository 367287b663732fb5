export * from './generated/wom/agent/v1/desired_state_pb';
export * from './generated/wom/agent/v1/reports_pb';
export * from './generated/wom/agent/v1/jobs_pb';
export * from './generated/wom/agent/v1/enrollment_pb';
export * from './subjects';
export * from './enrollment';
export * from './desired-state.mapper';
