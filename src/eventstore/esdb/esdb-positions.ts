import type { Position as EsdbPosition } from '@eventstore/db-client';
import { InvalidPositionError, type Position } from '../port';
import { hex64 } from './esdb-values';

const POSITION_PATTERN = /^([0-9a-f]{12}):([0-9a-f]{16}):([0-9a-f]{16})$/;

/**
 * The port's positions for one EventStoreDB store: `<epoch>:<commit>:<prepare>`, both 64-bit numbers
 * in fixed-width hex, so that their text order is the log's order (commit, then prepare) and a cursor
 * of another store is refused.
 */
export class PositionCodec {
  constructor(private readonly epoch: string) {}

  encode({ commit, prepare }: EsdbPosition): Position {
    return `${this.epoch}:${hex64(commit)}:${hex64(prepare)}` as Position;
  }

  decode(value: string): EsdbPosition {
    const match = POSITION_PATTERN.exec(value);
    if (!match) throw new InvalidPositionError(value, 'not an EventStoreDB position');
    const [, epoch = '', commit = '', prepare = ''] = match;
    if (epoch !== this.epoch) throw new InvalidPositionError(value, 'it belongs to another store');
    return { commit: BigInt(`0x${commit}`), prepare: BigInt(`0x${prepare}`) };
  }

  /** Matches exactly the positions `decode` accepts. */
  get pattern(): RegExp {
    return new RegExp(`^${this.epoch}:[0-9a-f]{16}:[0-9a-f]{16}$`);
  }
}
