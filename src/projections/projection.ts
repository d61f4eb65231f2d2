import type { TableName } from '../readmodels/tables';
import type { Change } from './changes';

/** The part of a recorded event a projection sees. */
export interface ProjectedEvent {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  /** The event's place in the log (the runner always passes it); opaque, sorts in log order. */
  position?: string;
}

/**
 * A projection: a pure function from one event to the changes it makes to its own tables. It never
 * reads a document; what it needs travels in the events.
 */
export interface Projection {
  name: string;
  tables: readonly TableName[];
  /** Stream categories whose events it consumes: a write to them waits for this projection. */
  categories: readonly string[];
  project(event: ProjectedEvent): Change[];
}
