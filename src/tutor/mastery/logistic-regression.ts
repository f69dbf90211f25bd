import { sigmoid } from "./elo.js";

/**
 * Logistic regression by Newton's method (IRLS) with a small ridge penalty. Columns are features,
 * one typed array each, without the intercept (added here as weight 0).
 */
export function fitLogistic(
  columns: readonly Float64Array[],
  outcomes: Uint8Array,
  options: { iterations?: number; ridge?: number } = {},
): Float64Array {
  const { iterations = 25, ridge = 1e-3 } = options;
  const d = columns.length + 1;
  const n = outcomes.length;
  const weights = new Float64Array(d);
  const x = new Float64Array(d);
  const gradient = new Float64Array(d);
  const hessian = new Float64Array(d * d);
  for (let iteration = 0; iteration < iterations; iteration++) {
    gradient.fill(0);
    hessian.fill(0);
    for (let r = 0; r < n; r++) {
      x[0] = 1;
      for (let j = 1; j < d; j++) x[j] = columns[j - 1]![r]!;
      let z = 0;
      for (let j = 0; j < d; j++) z += weights[j]! * x[j]!;
      const p = sigmoid(z);
      const residual = outcomes[r]! - p;
      const w = p * (1 - p);
      for (let j = 0; j < d; j++) {
        gradient[j]! += residual * x[j]!;
        for (let k = 0; k <= j; k++) hessian[j * d + k]! += w * x[j]! * x[k]!;
      }
    }
    for (let j = 0; j < d; j++) {
      gradient[j]! -= ridge * n * weights[j]! * (j > 0 ? 1 : 0);
      hessian[j * d + j]! += ridge * n * (j > 0 ? 1 : 0) + 1e-9;
      for (let k = 0; k < j; k++) hessian[k * d + j] = hessian[j * d + k]!;
    }
    const step = solveSymmetric(hessian, gradient, d);
    let change = 0;
    for (let j = 0; j < d; j++) {
      weights[j]! += step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-8) break;
  }
  return weights;
}

export function predictLogistic(weights: Float64Array, columns: readonly Float64Array[], row: number): number {
  let z = weights[0]!;
  for (let j = 0; j < columns.length; j++) z += weights[j + 1]! * columns[j]![row]!;
  return sigmoid(z);
}

/** Gaussian elimination with partial pivoting on a copy; d is tiny (a handful of features). */
function solveSymmetric(matrix: Float64Array, vector: Float64Array, d: number): Float64Array {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(vector);
  for (let col = 0; col < d; col++) {
    let pivot = col;
    for (let r = col + 1; r < d; r++) if (Math.abs(a[r * d + col]!) > Math.abs(a[pivot * d + col]!)) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < d; k++) [a[col * d + k], a[pivot * d + k]] = [a[pivot * d + k]!, a[col * d + k]!];
      [b[col], b[pivot]] = [b[pivot]!, b[col]!];
    }
    for (let r = col + 1; r < d; r++) {
      const factor = a[r * d + col]! / a[col * d + col]!;
      for (let k = col; k < d; k++) a[r * d + k]! -= factor * a[col * d + k]!;
      b[r]! -= factor * b[col]!;
    }
  }
  const solution = new Float64Array(d);
  for (let r = d - 1; r >= 0; r--) {
    let sum = b[r]!;
    for (let k = r + 1; k < d; k++) sum -= a[r * d + k]! * solution[k]!;
    solution[r] = sum / a[r * d + r]!;
  }
  return solution;
}
