/**
 * The changes a projection returns are the read-model port's vocabulary, defined beside the port in
 * `src/readmodels/changes.ts` so that the stores applying them need nothing from this folder.
 */
export {
  type Change,
  type Fields,
  type PositionedChange,
  type Update,
  type Upsert,
  update,
  updateAll,
  upsert,
  type Value,
} from '../readmodels/changes';
