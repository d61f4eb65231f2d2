import { join } from 'node:path';
import type * as JsonBodyModule from '../../src/api/json-body';
import type * as ConfigModule from '../../src/config/config';
import type * as ConversationDeciderModule from '../../src/domain/conversation/decider';
import type * as UserDeciderModule from '../../src/domain/user/decider';
import type * as CatalogModule from '../../src/projections/catalog';
import type * as RebuildModule from '../../src/projections/rebuild';
import type * as StoresModule from '../../src/stores';
import { REPO_ROOT } from './processes';

/**
 * The product's own compiled modules, loaded from `dist/` (the build `npm start` runs), with their types
 * taken from the source. Seeding through them writes exactly what the server would.
 */
function fromDist<T>(module: string): T {
  return require(join(REPO_ROOT, 'dist', module)) as T;
}

export const product = {
  get jsonBody() {
    return fromDist<typeof JsonBodyModule>('api/json-body').jsonBody;
  },
  get config() {
    return fromDist<typeof ConfigModule>('config/config');
  },
  get stores() {
    return fromDist<typeof StoresModule>('stores');
  },
  get conversationDecider() {
    return fromDist<typeof ConversationDeciderModule>('domain/conversation/decider').conversationDecider;
  },
  get projections() {
    return fromDist<typeof CatalogModule>('projections/catalog').PROJECTIONS;
  },
  get rebuildProjections() {
    return fromDist<typeof RebuildModule>('projections/rebuild').rebuildProjections;
  },
  get userDecider() {
    return fromDist<typeof UserDeciderModule>('domain/user/decider');
  },
};
