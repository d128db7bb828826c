import { seededRandom } from '../common/random.js';
import { symmetricEigen } from './pca.js';
import { projectPoint, projectTo2d } from './projection.js';

describe('projectTo2d', () => {
  function cloud(seed: number, count: number) {
    const random = seededRandom(seed);
    const flat = new Float64Array(count * 8);
    for (let i = 0; i < count; i++) {
      const t = random();
      for (let d = 0; d < 8; d++) flat[i * 8 + d] = 0.5 + (random() - 0.5) * 0.02;
      // Most variance along (1, 1, 0, …)/√2, some along dimension 5.
      flat[i * 8] = 0.1 + 0.8 * t;
      flat[i * 8 + 1] = 0.1 + 0.8 * t;
      flat[i * 8 + 5] = 0.3 + 0.4 * random();
    }
    return flat;
  }

  it('recovers the dominant axis first and the second one next', () => {
    const { axes } = projectTo2d(cloud(1, 2000), 2000);
    expect(axes[0][0]).toBeCloseTo(Math.SQRT1_2, 2);
    expect(axes[0][1]).toBeCloseTo(Math.SQRT1_2, 2);
    expect(Math.abs(axes[1][5])).toBeCloseTo(1, 2);
    const dot = axes[0].reduce((sum, x, i) => sum + x * axes[1][i], 0);
    expect(dot).toBeCloseTo(0, 8);
  });

  it('is deterministic and consistent with projectPoint', () => {
    const data = cloud(2, 500);
    const a = projectTo2d(data, 500);
    const b = projectTo2d(Float64Array.from(data), 500);
    expect(Array.from(a.points)).toEqual(Array.from(b.points));
    const p = projectPoint(data.subarray(8 * 17, 8 * 18), a);
    expect(p.x).toBeCloseTo(a.points[34], 12);
    expect(p.y).toBeCloseTo(a.points[35], 12);
  });

  it('finds eigenpairs that satisfy A·v = λ·v', () => {
    const random = seededRandom(3);
    const m = Array.from({ length: 8 }, () => Array.from({ length: 8 }, random));
    const sym = m.map((row, i) => row.map((x, j) => x + m[j][i]));
    const { values, vectors } = symmetricEigen(sym);
    for (let k = 0; k < 8; k++) {
      for (let i = 0; i < 8; i++) {
        const av = sym[i].reduce((sum, x, j) => sum + x * vectors[j][k], 0);
        expect(av).toBeCloseTo(values[k] * vectors[i][k], 8);
      }
    }
  });
});
