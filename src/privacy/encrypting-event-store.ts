import { LRUCache } from 'lru-cache';
import { ForwardingEventStore } from '../eventstore/forwarding-event-store';
import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../eventstore/port';
import { decryptValue, encryptValue, isEncryptedValue } from './field-cipher';
import type { KeyStore } from './key-store';
import { keyOwnerOf, mapPersonal, PERSONAL_FIELDS } from './personal-fields';

/** The event recording an erasure (src/domain/user/events.ts); every node's key cache forgets the user. */
export const USER_ERASED = 'UserErased';

/** A key store that can drop what it caches about a user. */
export interface ForgettingKeyStore extends KeyStore {
  /** Drops everything cached about the user. */
  forget?(userId: string): void;
  /** Drops only the cached answer of `erasedAt` for the user, so the next one asks the store. */
  forgetErasure?(userId: string): void;
}

/**
 * A personal value's key is missing although its user was never erased: the key store is not the one
 * this log was written with (another data directory, another database), or it lost keys. Reading on
 * would show live data as erased, so the read fails instead.
 */
export class MissingDataKeyError extends Error {
  constructor(
    readonly kid: string,
    readonly userId: string | undefined,
  ) {
    super(
      `the data key ${kid} of user ${JSON.stringify(userId ?? null)} is missing, but the user was never erased: ` +
        'is the key store the one this log was written with?',
    );
    this.name = 'MissingDataKeyError';
  }
}

/**
 * The EventStore port with personal fields (personal-fields.ts) encrypted on append and decrypted on
 * every read and subscription, so domain, projections, realtime, audit and analytics see plain events
 * while the log holds ciphertext. A value whose key is gone reads as its erased marker; so does a
 * plaintext value (written before encryption existed) of a user who has been erased. A value that
 * fails to decrypt under a key that exists was altered: that is an error, not an erasure.
 */
export class EncryptingEventStore extends ForwardingEventStore {
  /**
   * The data of recently decrypted events by position: a node's subscribers (each projection runner,
   * the realtime fan-out) receive every new event, and decrypt it once between them. Small and short-
   * lived, and emptied when an erasure passes through (it comes after every event it erases, so a
   * subscription reading up to it can only have been given what the log held before it).
   */
  private readonly recent = new LRUCache<string, JsonObject>({ max: 4096, ttl: 10_000 });

  constructor(
    inner: EventStore,
    readonly keys: ForgettingKeyStore,
    /** False writes new events in clear (to measure the cost of encryption); reads still decrypt. */
    private readonly encryptOnAppend = true,
  ) {
    super(inner);
  }

  override async append(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    if (!this.encryptOnAppend) return this.inner.append(streamId, events, expected);
    const stored = await Promise.all(events.map((event) => this.encrypt(event)));
    return this.inner.append(streamId, stored, expected);
  }

  override async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.decryptAll(await this.inner.readStream(streamId, options));
  }

  override async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.decryptAll(await this.inner.readAll(options));
  }

  override subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll({
      ...options,
      onEvent: async (event) => {
        if (event.type === USER_ERASED && typeof event.data.user_id === 'string') {
          this.keys.forget?.(event.data.user_id);
          this.recent.clear();
        }
        return options.onEvent(await this.decryptShared(event));
      },
    });
  }

  private async encrypt(event: EventToAppend): Promise<EventToAppend> {
    const owner = keyOwnerOf(event.type, event.data);
    const spec = PERSONAL_FIELDS[event.type];
    if (owner === undefined || !spec) return event;
    const { kid, key } = await this.keys.keyFor(owner);
    const data = mapPersonal(event.data, spec, (value) =>
      typeof value === 'string' ? encryptValue(key, kid, value) : value,
    );
    return { ...event, data };
  }

  private decryptAll(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    return Promise.all(events.map((event) => this.decrypt(event)));
  }

  /** `decrypt`, once per position for all the subscriptions of this node. */
  private async decryptShared(event: RecordedEvent): Promise<RecordedEvent> {
    if (!PERSONAL_FIELDS[event.type]) return event;
    const known = this.recent.get(event.position);
    if (known) return { ...event, data: { ...known }, storedData: event.data };
    const decrypted = await this.decrypt(event);
    if (decrypted !== event) this.recent.set(event.position, { ...decrypted.data });
    return decrypted;
  }

  /** The event as its readers see it: personal fields in clear, or erased. */
  async decrypt(event: RecordedEvent): Promise<RecordedEvent> {
    const spec = PERSONAL_FIELDS[event.type];
    if (!spec) return event;
    const owner = keyOwnerOf(event.type, event.data);
    // Keys are looked up first (asynchronously); the fields are then read in one synchronous pass.
    const keys = new Map<string, Buffer | undefined>();
    let plain = false;
    mapPersonal(event.data, spec, (value) => {
      if (isEncryptedValue(value)) keys.set(value.kid, undefined);
      else if (typeof value === 'string') plain = true;
      return value;
    });
    if (keys.size === 0 && !plain) return event;
    for (const kid of keys.keys()) {
      const found = await this.keys.keyById(kid);
      if (!found && !(await this.wasErased(owner))) throw new MissingDataKeyError(kid, owner);
      keys.set(kid, found?.key);
    }
    const erasedPlain = plain && owner !== undefined && (await this.keys.erasedAt(owner)) !== undefined;
    if (keys.size === 0 && !erasedPlain) return event;
    const data = mapPersonal(event.data, spec, (value, erased) => {
      if (isEncryptedValue(value)) {
        const key = keys.get(value.kid);
        return key ? decryptValue(key, value) : erased;
      }
      return typeof value === 'string' && erasedPlain ? erased : value;
    });
    return { ...event, data, storedData: event.data };
  }

  /** Whether the user was erased, asking the store itself when the cache says no (it may be stale). */
  private async wasErased(userId: string | undefined): Promise<boolean> {
    if (userId === undefined) return false;
    if (await this.keys.erasedAt(userId)) return true;
    this.keys.forgetErasure?.(userId);
    return (await this.keys.erasedAt(userId)) !== undefined;
  }
}
