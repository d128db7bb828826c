import { useEffect, useState } from 'react';
import { useSession } from '../app/session.js';
import { addSample, type MetricsSnapshot, type Sample } from './overview-series.js';

/** The `metrics` channel's snapshots since the page opened (the last minute or so). */
export function useMetricsSamples(): Sample[] {
  const { realtime } = useSession();
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(
    () => realtime?.subscribe('metrics', (event) => setSamples((previous) => addSample(previous, { at: Date.parse(event.timestamp), metrics: event.data as unknown as MetricsSnapshot }))),
    [realtime],
  );
  return samples;
}
