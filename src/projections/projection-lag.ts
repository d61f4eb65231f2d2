import { type EventStore, readAllPages } from '../eventstore/port';
import { LAG_COUNT_CAP, type ProjectionLag } from '../observability/metrics';
import type { ProjectionHealth } from './leased-projections';

/** Counts the events after each projection's position (up to a cap) and the age of the first of them. */
export async function projectionLag(store: EventStore, health: ProjectionHealth[]): Promise<ProjectionLag[]> {
  const now = Date.now();
  const lags: ProjectionLag[] = [];
  for (const { projection, position } of health) {
    const after = position === undefined ? undefined : store.parsePosition(position);
    let events = 0;
    let oldest: string | undefined;
    for await (const page of readAllPages(store, { after })) {
      oldest ??= page[0]?.recordedAt;
      events += page.length;
      if (events >= LAG_COUNT_CAP) break;
    }
    const seconds = oldest === undefined ? 0 : Math.max(0, (now - Date.parse(oldest)) / 1000);
    lags.push({ projection, events: Math.min(events, LAG_COUNT_CAP), seconds });
  }
  return lags;
}
