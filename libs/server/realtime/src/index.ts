export { mountRealtime } from './io-adapter.js';
export { PLAIN_WS_PATH } from './plain-ws.server.js';
export { type ChannelCounts, RealtimeHub } from './realtime.hub.js';
export { RealtimeModule, type RealtimeModuleOptions } from './realtime.module.js';
export { HttpSignalIngest, type SignalIngest } from './signal-ingest.js';
export { REALTIME_PATH } from './socket-io.gateway.js';
