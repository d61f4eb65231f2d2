import { annotationsProjection } from './annotations';
import { attachmentsProjection } from './attachments';
import { conversationsProjection } from './conversations';
import { historyProjection } from './history';
import type { Projection } from './projection';
import { reportsProjection } from './reports';
import { searchProjection } from './search';
import { usersProjection } from './users';

/** Every projection that serves the chat API. */
export const PROJECTIONS: readonly Projection[] = [
  historyProjection,
  conversationsProjection,
  usersProjection,
  annotationsProjection,
  searchProjection,
  reportsProjection,
  attachmentsProjection,
];

export function projectionNamed(name: string): Projection {
  const found = PROJECTIONS.find((p) => p.name === name);
  if (!found)
    throw new Error(
      `unknown projection ${JSON.stringify(name)}: one of ${PROJECTIONS.map((p) => p.name).join(', ')}`,
    );
  return found;
}
