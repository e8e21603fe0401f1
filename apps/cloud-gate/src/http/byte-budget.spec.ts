import { CloudGateError } from '../cloud-gate.errors';
import { ByteBudget } from './byte-budget';

describe('ByteBudget', () => {
  it('lets calls hold bytes up to the limit, refuses GATE_BUSY past it, and takes back what a call held', () => {
    const seen: number[] = [];
    const budget = new ByteBudget(100, (inUse) => seen.push(inUse));
    const a = budget.reserve();
    const b = budget.reserve();
    a.take(60);
    b.take(40);
    expect(() => b.take(1)).toThrow(expect.objectContaining({ code: 'GATE_BUSY' }) as unknown as CloudGateError);
    a.release();
    b.take(50);
    expect(budget.inUse).toBe(90);
    b.release();
    expect(budget.inUse).toBe(0);
    expect(seen).toEqual([60, 100, 40, 90, 0]);
  });

  it('always lets one call alone read a body larger than the limit', () => {
    const budget = new ByteBudget(100);
    const alone = budget.reserve();
    alone.take(80);
    alone.take(80);
    expect(budget.inUse).toBe(160);
    expect(() => budget.reserve().take(1)).toThrow(/retry shortly/);
    alone.release();
    expect(() => budget.reserve().take(1)).not.toThrow();
  });
});
