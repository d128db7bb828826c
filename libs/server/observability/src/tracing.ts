import { type Attributes, context, propagation, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import type { TracingConfig } from '@neurograph/server-config';

/** The installed provider's tracer (a tracer taken before would keep a stopped provider's). */
let tracer: Tracer | undefined;

/**
 * Installs the OpenTelemetry SDK when `OTEL_EXPORTER_OTLP_ENDPOINT` is set and returns the function
 * that flushes and stops it (`exporter` replaces OTLP in tests). Without an endpoint nothing is installed: the libraries' calls below
 * find no recording span and skip their spans entirely (ADR 0009).
 */
export function startTracing(config: TracingConfig, defaultServiceName: string, testExporter?: SpanExporter): (() => Promise<void>) | undefined {
  if (!config.otlpEndpoint) return undefined;
  const exporter = testExporter ?? new OTLPTraceExporter({ url: `${config.otlpEndpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName ?? defaultServiceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1000 })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  tracer = provider.getTracer('neurograph');
  return async () => {
    tracer = undefined;
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  };
}

export interface SpanOptions {
  kind?: SpanKind;
  /** Called only when a span is made: hot paths build nothing while tracing is off. */
  attributes?: () => Attributes;
  /** A W3C `traceparent` received from another process: the span continues that trace. */
  traceparent?: string;
}

/** Whether there is a trace to continue: a recording span in this context, or one named by a `traceparent`. */
function parentOf(options: SpanOptions) {
  if (options.traceparent) return propagation.extract(ROOT_CONTEXT, { traceparent: options.traceparent });
  const active = context.active();
  return trace.getSpan(active)?.isRecording() ? active : undefined;
}

/**
 * Runs `work` inside a child span of the current trace; outside a trace it just runs `work`, so
 * hot paths pay nothing when tracing is off or the request was not traced.
 */
export function inSpan<T>(name: string, options: SpanOptions, work: (span?: Span) => T): T {
  const parent = parentOf(options);
  if (!parent || !tracer) return work();
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes?.() }, parent, (span) => {
    const end = (failed: unknown) => {
      if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: failed instanceof Error ? failed.message : String(failed) });
      span.end();
    };
    try {
      const result = work(span);
      if (result instanceof Promise) return result.then((value: unknown) => (end(undefined), value), (error: unknown) => (end(error ?? 'rejected'), Promise.reject(error))) as T;
      end(undefined);
      return result;
    } catch (error) {
      end(error ?? 'thrown');
      throw error;
    }
  });
}

/** `traceId` and `spanId` of the current span, for log lines; an empty object outside a trace (pino writes into it). */
export function traceFields(): { traceId?: string; spanId?: string } {
  const span = trace.getSpan(context.active());
  if (!span?.isRecording()) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** The trace and span ids of the request's SERVER span; none when it was not traced. */
export function requestTraceFields(request: object): { traceId?: string; spanId?: string } {
  return requestTraces.get(request) ?? {};
}

/** The current span's W3C `traceparent`, for a message that leaves the process; undefined outside a trace. */
export function currentTraceparent(): string | undefined {
  if (!trace.getSpan(context.active())?.isRecording()) return undefined;
  const carrier: { traceparent?: string } = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The span of one incoming HTTP request: `run` the handlers inside it, `end` it when the response is sent. */
export interface RequestTrace {
  run(next: () => void): void;
  end(route: string, status: number): void;
}

/** Each traced request's ids, for log lines written outside its context (the access log, at response end). */
const requestTraces = new WeakMap<object, { traceId: string; spanId: string }>();

/** A SERVER span continuing the caller's `traceparent` header, when tracing is on. */
export function traceRequest(request: { method?: string; headers: Record<string, string | string[] | undefined> }): RequestTrace | undefined {
  if (!tracer) return undefined;
  const method = request.method ?? 'GET';
  const parent = propagation.extract(ROOT_CONTEXT, request.headers);
  const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
  const { traceId, spanId } = span.spanContext();
  requestTraces.set(request, { traceId, spanId });
  return {
    run: (next) => context.with(trace.setSpan(parent, span), next),
    end(route, status) {
      span.updateName(`${method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
}
