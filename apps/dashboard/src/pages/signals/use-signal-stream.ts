import type { ChannelEvent, RealtimeClient } from '@neurograph/sdk';
import { useEffect, useRef, useState } from 'react';

export type SignalEnvelope = ChannelEvent<'signals'>;

const KEEP = 1000;

/**
 * The live `signals` channel, newest first. Events are gathered as they come and shown at most once
 * per animation frame, so a thousand events a second cost sixty renders, not a thousand. While
 * paused the list holds still and `waiting` counts what arrived. `subscribed` turns true once the
 * server confirmed the subscription: events published before that are not delivered.
 */
export function useSignalStream(realtime: RealtimeClient | undefined, filter: Record<string, unknown> | undefined, paused: boolean) {
  const [events, setEvents] = useState<SignalEnvelope[]>([]);
  const [waiting, setWaiting] = useState(0);
  const [received, setReceived] = useState(0);
  const receivedRef = useRef(0);
  const [error, setError] = useState<string>();
  const [subscribed, setSubscribed] = useState(false);
  const incoming = useRef<SignalEnvelope[]>([]);
  const frame = useRef<number | undefined>(undefined);
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  const flush = () => {
    frame.current = undefined;
    setReceived(receivedRef.current);
    if (pausedRef.current) return setWaiting(incoming.current.length);
    const fresh = incoming.current.reverse();
    incoming.current = [];
    setWaiting(0);
    setEvents((shown) => [...fresh, ...shown].slice(0, KEEP));
  };

  useEffect(() => {
    if (!paused && incoming.current.length > 0) flush();
  }, [paused]);

  useEffect(() => {
    if (!realtime) return undefined;
    setError(undefined);
    setSubscribed(false);
    const unsubscribe = realtime.subscribe('signals', { filter }, (event) => {
      receivedRef.current += 1;
      incoming.current.push(event);
      if (incoming.current.length > KEEP) incoming.current.splice(0, incoming.current.length - KEEP);
      frame.current ??= requestAnimationFrame(flush);
    });
    // A subscription replaced (the filter changed) must not report for its successor.
    let current = true;
    unsubscribe.ready.then(
      () => {
        if (current) setSubscribed(true);
      },
      (failure: unknown) => {
        if (current) setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
    return () => {
      current = false;
      unsubscribe();
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
      frame.current = undefined;
    };
  }, [realtime, JSON.stringify(filter)]);

  return { events, waiting, received, subscribed, error, clear: () => setEvents([]) };
}
