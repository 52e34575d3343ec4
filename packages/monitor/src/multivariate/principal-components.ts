import { InvalidArgumentError } from '@dagnostics/core';
import { mean } from '@dagnostics/core/stats';
import { symmetricEigen } from './symmetric-eigen';

/** How many components to keep. */
export type ComponentSelection =
  | { kind: 'variance'; varianceExplained: number }
  | { kind: 'count'; componentCount: number };

/** A fitted PCA: the data mean and the kept principal axes. */
export interface PrincipalComponents {
  /** Column means of the fitted data (scikit-learn's `mean_`). */
  mean: Float64Array;
  /** The kept unit axes as rows of a `componentCount × columnCount` row-major matrix. */
  components: Float64Array;
  componentCount: number;
  columnCount: number;
  /** The explained variance ratio of each kept component, largest first. */
  explainedVarianceRatio: number[];
}

/**
 * Fits PCA on the columns of a data set (one array per column) through the eigenvectors of
 * its covariance matrix, as scikit-learn's `covariance_eigh` solver does (its `full` SVD
 * solver gives the same axes, up to sign and rounding). The number of components follows
 * scikit-learn: for a fraction `v`, the smallest `k` whose cumulative explained variance
 * ratio exceeds `v` (`searchsorted(cumsum, v, side='right') + 1`).
 *
 * @throws InvalidArgumentError when every column is constant (no variance to explain) or
 * `componentCount` exceeds the rows or columns.
 */
export function fitPrincipalComponents(
  columns: readonly Float64Array[],
  selection: ComponentSelection,
): PrincipalComponents {
  const columnCount = columns.length;
  const rowCount = columns[0]?.length ?? 0;
  const centers = Float64Array.from(columns, (column) => mean(column));
  const centered = columns.map((column, index) => {
    const center = centers[index] as number;
    return column.map((value) => value - center);
  });
  const covariance = new Float64Array(columnCount * columnCount);
  for (let i = 0; i < columnCount; i++) {
    const left = centered[i] as Float64Array;
    for (let j = i; j < columnCount; j++) {
      const right = centered[j] as Float64Array;
      let sum = 0;
      for (let row = 0; row < rowCount; row++)
        sum += (left[row] as number) * (right[row] as number);
      covariance[i * columnCount + j] = sum / (rowCount - 1);
    }
  }
  const { values, vectors } = symmetricEigen(covariance, columnCount);
  // Rounding can leave a null direction slightly negative; scikit-learn clips those to 0.
  const variances = Array.from(values, (value) => Math.max(value, 0));
  const total = variances.reduce((sum, value) => sum + value, 0);
  if (!(total > 0)) {
    throw new InvalidArgumentError({
      argument: 'reference',
      message:
        'Every column is constant in the reference data, so there is no variance for principal components to explain. Fit on reference data in which the columns vary.',
    });
  }
  const ratios = variances.map((value) => value / total);
  const componentCount = chooseComponentCount(ratios, selection, rowCount);
  return {
    mean: centers,
    components: vectors.slice(0, componentCount * columnCount),
    componentCount,
    columnCount,
    explainedVarianceRatio: ratios.slice(0, componentCount),
  };
}

function chooseComponentCount(
  ratios: readonly number[],
  selection: ComponentSelection,
  rowCount: number,
): number {
  if (selection.kind === 'count') {
    const limit = Math.min(ratios.length, rowCount);
    if (selection.componentCount > limit) {
      throw new InvalidArgumentError({
        argument: 'componentCount',
        message: `componentCount ${selection.componentCount} exceeds what the reference data supports: at most min(columns, rows) = ${limit}. Ask for fewer components, or use varianceExplained.`,
      });
    }
    return selection.componentCount;
  }
  let cumulative = 0;
  let atOrBelow = 0;
  for (const ratio of ratios) {
    cumulative += ratio;
    if (cumulative <= selection.varianceExplained) atOrBelow++;
  }
  return Math.min(atOrBelow + 1, ratios.length);
}

/**
 * The Euclidean distance between each row and its reconstruction from the kept components,
 * computed as scikit-learn's `inverse_transform(transform(x))`: project the centered row on
 * the axes, map back, add the mean, subtract from the row.
 */
export function reconstructionErrors(
  pca: PrincipalComponents,
  columns: readonly Float64Array[],
  rowCount: number,
): Float64Array {
  const { componentCount, columnCount, components } = pca;
  const errors = new Float64Array(rowCount);
  const centered = new Float64Array(columnCount);
  const scores = new Float64Array(componentCount);
  for (let row = 0; row < rowCount; row++) {
    for (let column = 0; column < columnCount; column++) {
      centered[column] =
        ((columns[column] as Float64Array)[row] as number) - (pca.mean[column] as number);
    }
    for (let component = 0; component < componentCount; component++) {
      let score = 0;
      for (let column = 0; column < columnCount; column++) {
        score +=
          (centered[column] as number) * (components[component * columnCount + column] as number);
      }
      scores[component] = score;
    }
    let squares = 0;
    for (let column = 0; column < columnCount; column++) {
      let reconstructed = 0;
      for (let component = 0; component < componentCount; component++) {
        reconstructed +=
          (scores[component] as number) * (components[component * columnCount + column] as number);
      }
      const residual =
        ((columns[column] as Float64Array)[row] as number) -
        (reconstructed + (pca.mean[column] as number));
      squares += residual * residual;
    }
    errors[row] = Math.sqrt(squares);
  }
  return errors;
}
