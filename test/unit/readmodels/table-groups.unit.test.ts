import { PROJECTIONS } from '../../../src/projections/catalog';
import { PROJECTION_NAMES, tablesOf } from '../../../src/readmodels/tables';

describe('the read models know the same projections as the catalog', () => {
  it('has one table group per projection, holding exactly the tables it writes', () => {
    expect(PROJECTIONS.map((p) => p.name).sort()).toEqual([...PROJECTION_NAMES].sort());
    for (const projection of PROJECTIONS) expect(tablesOf(projection.name)).toEqual(projection.tables);
  });

  it('refuses a name that is not a projection', () => {
    expect(() => tablesOf('nonesuch')).toThrow(/unknown projection "nonesuch"/);
  });
});
