export * from './encoders/index.js';
export { Gateway, type GatewayOptions } from './gateway.js';
export { type SensorConfig, SensorRegistry } from './sensors.js';
export * from './adapters/index.js';
