import { Limiter } from './limiter';

describe('Limiter', () => {
  it('never runs more than its slots at once, and runs everything', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limiter.acquire().then(async (release) => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 5));
          running -= 1;
          done.push(i);
          release();
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('frees the slot of a holder that failed and released it', async () => {
    const limiter = new Limiter(1);
    const failing = async () => {
      const release = await limiter.acquire();
      try {
        throw new Error('boom');
      } finally {
        release();
      }
    };
    await expect(failing()).rejects.toThrow('boom');
    await expect(
      limiter.acquire().then((release) => {
        release();
        return 'next';
      }),
    ).resolves.toBe('next');
  });
});

describe('Limiter.acquire', () => {
  it('holds a slot until released, and a second release gives back nothing more', async () => {
    const limiter = new Limiter(1);
    const release = await limiter.acquire();
    let second = false;
    const waiting = limiter.acquire().then((r) => {
      second = true;
      return r;
    });
    await new Promise((r) => setImmediate(r));
    expect(second).toBe(false);
    release();
    release();
    const releaseSecond = await waiting;
    expect(second).toBe(true);
    let third = false;
    void limiter.acquire().then(() => (third = true));
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    releaseSecond();
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(true);
  });
});
