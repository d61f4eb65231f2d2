import { CheckpointRelay } from '../../../src/eventstore/esdb/esdb-checkpoints';

const at = (commit: number, prepare = commit) => ({ commit: BigInt(commit), prepare: BigInt(prepare) });

function relay() {
  const reported: number[] = [];
  let buffered = 0;
  const checkpoints = new CheckpointRelay(
    (position) => {
      reported.push(Number(position.commit));
    },
    () => buffered,
  );
  return { checkpoints, reported, buffer: (n: number) => (buffered = n) };
}

describe("a filtered EventStoreDB subscription's checkpoints", () => {
  it('passes a checkpoint on at once when no event waits or is being handled', async () => {
    const { checkpoints, reported } = relay();
    await checkpoints.reached(at(10), true);
    expect(reported).toEqual([10]);
  });

  it('holds a checkpoint back until the events buffered before it are handled', async () => {
    const { checkpoints, reported, buffer } = relay();
    buffer(2);
    await checkpoints.reached(at(10), true);
    expect(reported).toEqual([]);
    buffer(1);
    await checkpoints.passed(at(5));
    expect(reported).toEqual([]);
    buffer(0);
    await checkpoints.passed(at(7));
    expect(reported).toEqual([10]);
  });

  it('holds a checkpoint back while an event is being handled', async () => {
    const { checkpoints, reported } = relay();
    await checkpoints.reached(at(10), false);
    expect(reported).toEqual([]);
    await checkpoints.passed(at(8));
    expect(reported).toEqual([10]);
  });

  it('never reports a checkpoint that is not after the last event taken', async () => {
    const { checkpoints, reported } = relay();
    await checkpoints.passed(at(12));
    await checkpoints.reached(at(10), true);
    await checkpoints.reached(at(12), true);
    await checkpoints.reached(at(12, 13), true);
    expect(reported).toEqual([12]);
  });
});
