import fc from 'fast-check';
import { validate, version } from 'uuid';
import { derivedEventId, newEventId } from '../../../src/commands/event-ids';

describe('event ids', () => {
  it('derives a version 5 UUID that is the same for the same name and differs between names', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const id = derivedEventId(a);
        expect(validate(id) && version(id)).toBe(5);
        expect(derivedEventId(a)).toBe(id);
        if (a !== b) expect(derivedEventId(b)).not.toBe(id);
      }),
    );
  });

  it('keeps the derivation stable across releases (a retried send must produce the same id)', () => {
    expect(derivedEventId('conversation-c1/u1/k1')).toBe('597bc3b4-8f94-5683-83fd-010c46c91c39');
  });

  it('makes a fresh random id otherwise', () => {
    expect(newEventId()).not.toBe(newEventId());
    expect(version(newEventId())).toBe(4);
  });
});
