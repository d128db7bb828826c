export * from './encoders';
export { Gateway, type GatewayOptions } from './gateway';
export { type SensorConfig, SensorRegistry } from './sensors';
export * from './adapters';
