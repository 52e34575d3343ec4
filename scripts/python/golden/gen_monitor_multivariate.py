"""Golden cases for packages/monitor/src/multivariate (NannyML's data reconstruction drift).

Every expected value comes from the real peer: NannyML 0.13.1's
DataReconstructionDriftCalculator (with its scikit-learn SimpleImputer, category_encoders
CountEncoder, StandardScaler and PCA) fitted on seeded reference data and run on seeded
analysis data. The fixture holds the inputs, the fitted pieces the TypeScript exposes
(imputation values, count encodings, scaler, number of components and their explained
variance ratios) and NannyML's per-chunk results for both periods.

Cases:
- correlation-drift: four continuous columns on different scales that share a latent
  factor, a categorical column tied to one of them and an independent one, about 2 %
  missing values in several columns. Half-way through the analysis period the correlation
  structure changes (a sign flips) while every marginal distribution stays the same; a few
  analysis rows carry a category never seen in reference. The last reference chunk is
  incomplete (NannyML keeps it, and it counts towards the thresholds).
- component-count: the same data with an integer number of components.
- tiny-chunks: 30 reference rows (fewer than ten per feature, so scikit-learn takes its
  full-SVD path), chunks of one row (the sampling error is NaN, the lower threshold falls
  below 0 and is dropped), a constant column (scale 1), a categorical column whose most
  frequent value is a tie (the smaller string wins) and 80 % explained variance.
- wide: fifteen continuous columns from four latent factors (no categorical column), to
  check the eigendecomposition on a larger matrix; half-way through the analysis period two
  factors swap their loadings.

Inputs are rounded to 6 decimals before NannyML sees them, so the JSON holds exactly the
values both implementations use.

Run from the repository root:
    bash scripts/test-env/ensure-venv.sh golden
    .venv-golden/bin/python scripts/python/golden/gen_monitor_multivariate.py
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("NML_DISABLE_USAGE_LOGGING", "1")

import category_encoders  # noqa: E402
import nannyml  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402
from nannyml.drift.multivariate.data_reconstruction import (  # noqa: E402
    DataReconstructionDriftCalculator,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

GENERATOR = "scripts/python/golden/gen_monitor_multivariate.py"
FIXTURE = "packages/monitor/src/multivariate/__fixtures__/multivariate.json"

warnings.filterwarnings("ignore")
rng = np.random.default_rng(20240923)

SHAPES = ["circle", "square", "triangle"]
COLOURS = ["rouge", "vert", "bleu", "élan"]


def correlated_frame(rows: int, flipped: bool) -> pd.DataFrame:
    """Four continuous columns sharing one factor, plus two categoricals.

    With `flipped`, `speed` loads on the factor with the opposite sign and `shape` is
    read from the mirrored factor: the correlations change, the marginals do not.
    """
    factor = rng.standard_normal(rows)
    noise = rng.standard_normal((rows, 4))
    sign = -1.0 if flipped else 1.0
    weight = 0.3 * factor + np.sqrt(1 - 0.3**2) * noise[:, 0]
    speed = sign * 0.85 * factor + np.sqrt(1 - 0.85**2) * noise[:, 1]
    price = 0.8 * factor + 0.6 * noise[:, 2]
    height = 0.75 * factor + np.sqrt(1 - 0.75**2) * noise[:, 3]
    mirrored = sign * factor + 0.4 * rng.standard_normal(rows)
    shape = np.where(mirrored < -0.55, SHAPES[0], np.where(mirrored > 0.55, SHAPES[2], SHAPES[1]))
    colour = rng.choice(COLOURS, size=rows, p=[0.4, 0.3, 0.2, 0.1])
    return pd.DataFrame({
        "weight_kg": np.round(70 + 12 * weight, 6),
        "speed_m_s": np.round(3 + 0.5 * speed, 6),
        "price_eur": np.round(1000 + 250 * price, 6),
        "height_cm": np.round(172 + 9 * height, 6),
        "shape": shape.astype(object),
        "colour": colour.astype(object),
    })


def punch_holes(frame: pd.DataFrame, columns: list[str], share: float) -> pd.DataFrame:
    frame = frame.copy()
    for column in columns:
        holes = rng.random(len(frame)) < share
        if frame[column].dtype == object:
            frame.loc[holes, column] = None
        else:
            frame.loc[holes, column] = np.nan
    return frame


def columns_of(frame: pd.DataFrame, continuous: list[str], categorical: list[str]) -> dict:
    columns: dict = {}
    for name in continuous:
        columns[name] = [float(v) for v in frame[name].to_numpy(dtype=np.float64)]
    for name in categorical:
        columns[name] = [None if pd.isna(v) else str(v) for v in frame[name]]
    return columns


def chunk_rows(result: pd.DataFrame, period: str) -> list[dict]:
    rows = result[result[("chunk", "period")] == period]
    out = []
    for _, row in rows.iterrows():
        error = row["reconstruction_error"]
        lower = error["lower_threshold"]
        upper = error["upper_threshold"]
        out.append({
            "key": row[("chunk", "key")],
            "chunkIndex": int(row[("chunk", "chunk_index")]),
            "startIndex": int(row[("chunk", "start_index")]),
            "endIndex": int(row[("chunk", "end_index")]),
            "reconstructionError": float(error["value"]),
            "samplingError": float(error["sampling_error"]),
            "upperConfidenceBound": float(error["upper_confidence_boundary"]),
            "lowerConfidenceBound": float(error["lower_confidence_boundary"]),
            "upperThreshold": None if upper is None or pd.isna(upper) else float(upper),
            "lowerThreshold": None if lower is None or pd.isna(lower) else float(lower),
            "alert": bool(error["alert"]),
        })
    return out


def run_case(
    name: str,
    reference: pd.DataFrame,
    analysis: pd.DataFrame,
    continuous: list[str],
    categorical: list[str],
    chunk_size: int,
    n_components,
    data_of: str | None = None,
) -> dict:
    """Runs NannyML; with `data_of`, the inputs are those of that earlier case (not repeated)."""
    column_names = continuous + categorical
    calculator = DataReconstructionDriftCalculator(
        column_names=column_names, chunk_size=chunk_size, n_components=n_components
    )
    calculator.fit(reference)
    result = calculator.calculate(analysis).to_df()
    assert calculator.continuous_column_names == sorted(continuous)
    assert calculator.categorical_column_names == sorted(categorical)

    pca = calculator._pca
    scaler = calculator._scaler
    imputed_continuous = dict(
        zip(calculator.continuous_column_names, calculator._imputer_continuous.statistics_)
    )
    imputed_categorical = (
        dict(zip(calculator.categorical_column_names, calculator._imputer_categorical.statistics_))
        if categorical else {}
    )
    encodings = {
        column: {str(key): float(value) for key, value in mapping.items()}
        for column, mapping in calculator._encoder.mapping.items()
    }
    options: dict = {"chunkSize": chunk_size}
    if isinstance(n_components, float):
        options["varianceExplained"] = n_components
    else:
        options["componentCount"] = n_components
    return {
        "name": name,
        "continuousColumns": continuous,
        "categoricalColumns": categorical,
        "options": options,
        **(
            {"dataOf": data_of}
            if data_of is not None
            else {
                "reference": columns_of(reference, continuous, categorical),
                "analysis": columns_of(analysis, continuous, categorical),
            }
        ),
        "model": {
            "svdSolver": pca._fit_svd_solver,
            "componentCount": int(pca.n_components_),
            "explainedVarianceRatio": [float(v) for v in pca.explained_variance_ratio_],
            "imputedContinuous": {k: float(v) for k, v in imputed_continuous.items()},
            "imputedCategorical": {k: str(v) for k, v in imputed_categorical.items()},
            "countEncodings": encodings,
            "scalerMean": dict(zip(column_names, (float(v) for v in scaler.mean_))),
            "scalerScale": dict(zip(column_names, (float(v) for v in scaler.scale_))),
            "lowerThreshold": None if calculator.lower_threshold_value is None
            else float(calculator.lower_threshold_value),
            "upperThreshold": None if calculator.upper_threshold_value is None
            else float(calculator.upper_threshold_value),
        },
        "referenceChunks": chunk_rows(result, "reference"),
        "analysisChunks": chunk_rows(result, "analysis"),
    }


def correlation_drift_data() -> tuple[pd.DataFrame, pd.DataFrame, list[str], list[str]]:
    continuous = ["weight_kg", "speed_m_s", "price_eur", "height_cm"]
    categorical = ["shape", "colour"]
    reference = correlated_frame(2600, flipped=False)
    analysis = pd.concat(
        [correlated_frame(1250, flipped=False), correlated_frame(1500, flipped=True)],
        ignore_index=True,
    )
    unseen = rng.choice(len(analysis), size=12, replace=False)
    analysis.loc[unseen, "colour"] = "violet"
    holes = ["weight_kg", "price_eur", "shape", "colour"]
    return (
        punch_holes(reference, holes, 0.02),
        punch_holes(analysis, holes, 0.02),
        continuous,
        categorical,
    )


def tiny_chunks_case() -> dict:
    continuous = ["weight_kg", "speed_m_s", "price_eur", "height_cm", "constant"]
    categorical = ["pair"]
    reference = correlated_frame(30, flipped=False)[continuous[:4]]
    reference["constant"] = 7.5
    pair = np.array(["beta"] * 13 + ["alpha"] * 13 + [None] * 4, dtype=object)
    reference["pair"] = rng.permutation(pair)
    reference.loc[[4, 17], "weight_kg"] = np.nan
    analysis = correlated_frame(12, flipped=True)[continuous[:4]]
    analysis["constant"] = 7.5
    analysis.loc[[3, 8], "constant"] = 8.25
    analysis["pair"] = np.array(
        ["alpha", "beta", None, "gamma", "beta", "alpha",
         "alpha", None, "beta", "alpha", "gamma", "beta"],
        dtype=object,
    )
    analysis.loc[[0, 5], "speed_m_s"] = np.nan
    return run_case("tiny-chunks", reference, analysis, continuous, categorical, 1, 0.8)


def wide_frame(rows: int, loadings: np.ndarray) -> pd.DataFrame:
    """Fifteen columns driven by four latent factors, rounded to 4 decimals."""
    factors = rng.standard_normal((rows, loadings.shape[1]))
    values = factors @ loadings.T + 0.5 * rng.standard_normal((rows, loadings.shape[0]))
    names = [f"sensor_{i:02d}" for i in range(loadings.shape[0])]
    return pd.DataFrame(np.round(values, 4), columns=names)


def wide_case() -> dict:
    loadings = rng.uniform(-1, 1, size=(15, 4))
    drifted = loadings.copy()
    drifted[:, [1, 2]] = drifted[:, [2, 1]]
    reference = wide_frame(600, loadings)
    analysis = pd.concat([wide_frame(300, loadings), wide_frame(300, drifted)], ignore_index=True)
    reference = punch_holes(reference, ["sensor_03", "sensor_11"], 0.03)
    continuous = list(reference.columns)
    return run_case("wide", reference, analysis, continuous, [], 100, 0.65)


def main() -> None:
    versions = {
        "nannyml": nannyml.__version__,
        "scikit-learn": sklearn.__version__,
        "category_encoders": category_encoders.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
    }
    print(versions)
    reference, analysis, continuous, categorical = correlation_drift_data()
    cases = [
        run_case("correlation-drift", reference, analysis, continuous, categorical, 250, 0.65),
        run_case("component-count", reference, analysis, continuous, categorical, 400, 2,
                 data_of="correlation-drift"),
        tiny_chunks_case(),
        wide_case(),
    ]
    for case in cases:
        alerts = sum(chunk["alert"] for chunk in case["analysisChunks"])
        print(f"  {case['name']}: {case['model']['componentCount']} components "
              f"({case['model']['svdSolver']}), {len(case['analysisChunks'])} analysis chunks, "
              f"{alerts} alerts")
    write_fixture(FIXTURE, GENERATOR, {"anchors": versions, "cases": cases})


if __name__ == "__main__":
    main()
