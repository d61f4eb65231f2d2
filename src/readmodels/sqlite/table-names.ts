import type { TableName } from '../tables';

/** A table of one generation of its projection: `messages_g3`. */
export function tableName(table: TableName, generation: number): string {
  return `${table}_g${generation}`;
}

/** Moves a generation's checkpoint forwards only; it commits with the generation's changes. */
export const ADVANCE_CHECKPOINT_SQL = `INSERT INTO checkpoints (projection, generation, position) VALUES (?, ?, ?)
  ON CONFLICT (projection, generation) DO UPDATE SET position = excluded.position
  WHERE checkpoints.position IS NULL OR checkpoints.position < excluded.position`;

export const CHECKPOINT_SQL = 'SELECT position FROM checkpoints WHERE projection = ? AND generation = ?';
