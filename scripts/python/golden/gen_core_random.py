"""Golden streams for packages/core/src/random (createRng: SFC64 seeded by SeedSequence).

Every value comes from numpy itself: `np.random.Generator(np.random.SFC64(seed))` for
uniforms, integers, choice, shuffle and permutation, the bit generator's `random_raw()`
and `.state` for raw words and state snapshots, `np.random.SeedSequence(entropy,
spawn_key=...)` for forks, and `np.random.RandomState(np.random.SFC64(seed))` for the
normals, whose legacy `standard_normal` is the Marsaglia polar method.

The only encoding done here is the one DAGnostics defines on top of numpy, written
out below so it can be reproduced by hand: a string seed is its UTF-8 bytes packed
little-endian into uint32 words (the last word zero-padded), and a fork label is
[0, n] for a number n or [1, byte length, ...packed UTF-8 words] for a string.

uint64 values are written as decimal strings, because JSON numbers lose precision
above 2**53 in JavaScript.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import numpy as np
from numpy.random.bit_generator import _coerce_to_uint32_array

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import write_fixture  # noqa: E402

GENERATOR = "scripts/python/golden/gen_core_random.py"
FIXTURES = "packages/core/src/random/__fixtures__"


def utf8_words(text: str) -> list[int]:
    data = text.encode("utf-8")
    data += b"\0" * (-len(data) % 4)
    return [int.from_bytes(data[i : i + 4], "little") for i in range(0, len(data), 4)]


def encode_label(label: int | str) -> list[int]:
    if isinstance(label, int):
        return [0, label]
    return [1, len(label.encode("utf-8")), *utf8_words(label)]


def entropy_of(seed: dict) -> int | list[int]:
    """The SeedSequence entropy numpy gets for a seed as the TypeScript side spells it."""
    kind, value = seed["kind"], seed["value"]
    if kind == "number":
        return value
    if kind == "bigint":
        return int(value)
    if kind == "array":
        return list(value)
    if kind == "string":
        return utf8_words(value)
    raise ValueError(kind)


def seed_sequence(seed: dict, spawn_key: list[int] | None = None) -> np.random.SeedSequence:
    return np.random.SeedSequence(entropy_of(seed), spawn_key=tuple(spawn_key or ()))


def generator(seed: dict, spawn_key: list[int] | None = None) -> np.random.Generator:
    return np.random.Generator(np.random.SFC64(seed_sequence(seed, spawn_key)))


def state_of(bit_generator: np.random.SFC64) -> dict:
    state = bit_generator.state
    return {
        "words": [str(int(word)) for word in state["state"]["state"]],
        "hasUint32": bool(state["has_uint32"]),
        "uinteger": int(state["uinteger"]),
    }


def number(value: int) -> dict:
    return {"kind": "number", "value": value}


def bigint(value: int) -> dict:
    return {"kind": "bigint", "value": str(value)}


def array(value: list[int]) -> dict:
    return {"kind": "array", "value": value}


def string(value: str) -> dict:
    return {"kind": "string", "value": value}


SEEDS = [
    number(0),
    number(1),
    number(42),
    number(12345),
    number(2**32 - 1),
    number(2**32),
    number(2**53 - 1),
    bigint(0),
    bigint(2**64),
    bigint(2**128 + 12345),
    bigint(1234567890123456789012345678901234567890),
    bigint(3**200),
    array([0]),
    array([]),
    array([1, 2, 3]),
    array([2**32 - 1, 0, 7, 2**40]),
    array(list(range(100, 110))),
    string("experiment-1"),
    string("abc"),
    string("abcd"),
    string("héllo wörld 🎲"),
    string("a much longer run name that spans many uint32 words, 2024-06-01T12:00:00Z"),
]


def seeding_cases() -> list[dict]:
    cases = []
    for seed in SEEDS:
        entropy = entropy_of(seed)
        bit_generator = np.random.SFC64(np.random.SeedSequence(entropy))
        state = state_of(bit_generator)
        raw = [str(int(word)) for word in bit_generator.random_raw(8)]
        gen = generator(seed)
        cases.append(
            {
                "seed": seed,
                "entropyWords": [int(word) for word in _coerce_to_uint32_array(entropy)],
                "state": state,
                "uint64": raw,
                "float": gen.random(16),
                "uint32": generator(seed).integers(0, 2**32, size=10, dtype=np.uint32),
            }
        )
    return cases


def long_float_cases() -> list[dict]:
    cases = []
    for seed, count in [(number(0), 1000), (number(42), 2500), (string("experiment-1"), 1000)]:
        cases.append({"seed": seed, "float": generator(seed).random(count)})
    return cases


def lemire64_rejects(seed: dict, low: int, high: int, draws: int) -> bool:
    """Whether numpy's 64-bit Lemire loop redraws within `draws` calls (to cover that branch)."""
    bit_generator = np.random.SFC64(seed_sequence(seed))
    excl = high - low + 1
    threshold = (2**64 - excl) % excl
    for _ in range(draws):
        leftover = (int(bit_generator.random_raw()) * excl) % 2**64
        if leftover < excl and leftover < threshold:
            return True
    return False


RANGES = [
    (0, 0),
    (5, 5),
    (0, 1),
    (0, 9),
    (1, 6),
    (-5, 5),
    (-1000, -1),
    (0, 2**31),
    (10**9, 10**9 + 7),
    (0, 3 * 2**30),
    (0, 2**32 - 2),
    (0, 2**32 - 1),
    (-(2**31), 2**31 - 1),
    (0, 2**32),
    (-(2**32), 0),
    (0, 2**40),
    (-(2**40), 2**40),
    (0, 3 * 2**51),
    (-(2**52), 2**52),
    (0, 2**53 - 1),
    (-(2**53 - 1), 0),
    (-(2**52), 2**53 - 1 - 2**52),
]


def integer_cases() -> list[dict]:
    cases = []
    for seed in [number(0), number(42), string("experiment-1")]:
        for low, high in RANGES:
            gen = generator(seed)
            values = [int(gen.integers(low, high + 1)) for _ in range(64)]
            cases.append({"seed": seed, "low": low, "high": high, "values": values})
    # A seed for which the 64-bit rejection loop runs within the first draws.
    low, high = 0, 3 * 2**51 + 12345
    found = next(s for s in range(10_000) if lemire64_rejects(number(s), low, high, 40))
    gen = generator(number(found))
    values = [int(gen.integers(low, high + 1)) for _ in range(40)]
    cases.append({"seed": number(found), "low": low, "high": high, "values": values})
    return cases


def interleaved_cases() -> list[dict]:
    """Random mixes of draws, so the buffered uint32 half crosses every kind of call."""
    cases = []
    chooser = random.Random(20240601)
    for seed in [number(7), number(2**40 + 3), array([3, 1, 4, 1, 5, 9, 2, 6])]:
        gen = generator(seed)
        ops = []
        for _ in range(400):
            kind = chooser.choice(["float", "int", "int", "int64", "uint32", "uint64", "choice"])
            if kind == "float":
                ops.append({"op": "float", "value": gen.random()})
            elif kind == "int":
                low = chooser.randint(-50, 50)
                high = low + chooser.choice([0, 1, 2, 6, 99, 2**20, 2**32 - 1, 3 * 2**30])
                value = int(gen.integers(low, high + 1))
                ops.append({"op": "int", "low": low, "high": high, "value": value})
            elif kind == "int64":
                low = chooser.randint(-(2**40), 2**40)
                high = low + chooser.choice([2**32, 2**45 + 17, 2**52 - 3])
                value = int(gen.integers(low, high + 1))
                ops.append({"op": "int", "low": low, "high": high, "value": value})
            elif kind == "uint32":
                ops.append({"op": "uint32", "value": int(gen.integers(0, 2**32, dtype=np.uint32))})
            elif kind == "uint64":
                ops.append({"op": "uint64", "value": str(int(gen.bit_generator.random_raw()))})
            else:
                n = chooser.choice([1, 2, 3, 10, 1000])
                ops.append({"op": "choice", "n": n, "value": int(gen.choice(n))})
        cases.append({"seed": seed, "ops": ops, "finalState": state_of(gen.bit_generator)})
    return cases


def shuffle_cases() -> list[dict]:
    cases = []
    for seed in [number(0), number(42), string("experiment-1")]:
        for n in [0, 1, 2, 3, 5, 10, 100, 1000]:
            gen = generator(seed)
            first = gen.permutation(n)
            second = gen.permutation(n)
            after = gen.random()
            shuffled = np.arange(n, dtype=np.int64)
            generator(seed).shuffle(shuffled)
            cases.append(
                {
                    "seed": seed,
                    "n": n,
                    "permutations": [first, second],
                    "floatAfter": after,
                    "shuffled": shuffled,
                }
            )
    return cases


def choice_cases() -> list[dict]:
    cases = []
    for seed in [number(0), number(42)]:
        for n in [1, 2, 3, 7, 100, 1000, 65537]:
            gen = generator(seed)
            cases.append({"seed": seed, "n": n, "values": [int(gen.choice(n)) for _ in range(50)]})
    return cases


FORK_PATHS = [
    [0],
    [1],
    [2**32 - 1],
    ["a"],
    [""],
    ["trial"],
    ["trial", 3],
    ["worker-7", "epoch", 12],
    ["日本語"],
    [0, 0, 0],
]


def fork_cases() -> list[dict]:
    cases = []
    parents = [
        (number(0), []),
        (number(42), []),
        (bigint(2**128 + 12345), []),
        (array(list(range(100, 110))), []),
        (string("experiment-1"), []),
        (number(42), [5]),
        (number(42), [0, 1, 2**32 - 1]),
    ]
    for seed, initial in parents:
        for path in [[]] + FORK_PATHS:
            spawn_key = list(initial)
            for label in path:
                spawn_key += encode_label(label)
            gen = generator(seed, spawn_key)
            cases.append(
                {
                    "seed": seed,
                    "spawnKey": initial,
                    "path": path,
                    "childSpawnKey": spawn_key,
                    "state": state_of(gen.bit_generator),
                    "float": gen.random(8),
                }
            )
    return cases


def normal_cases() -> list[dict]:
    cases = []
    for seed in [number(0), number(42), string("experiment-1")]:
        legacy = np.random.RandomState(np.random.SFC64(seed_sequence(seed)))
        standard = [float(legacy.standard_normal()) for _ in range(501)]
        legacy = np.random.RandomState(np.random.SFC64(seed_sequence(seed)))
        scaled = [float(legacy.normal(1.5, 0.25)) for _ in range(51)]
        after = float(legacy.random_sample())
        cases.append(
            {
                "seed": seed,
                "standard": standard,
                "mean": 1.5,
                "std": 0.25,
                "scaled": scaled,
                "floatAfter": after,
            }
        )
    return cases


def main() -> None:
    write_fixture(f"{FIXTURES}/seeding.json", GENERATOR, seeding_cases())
    write_fixture(f"{FIXTURES}/floats.json", GENERATOR, long_float_cases())
    write_fixture(f"{FIXTURES}/integers.json", GENERATOR, integer_cases())
    write_fixture(f"{FIXTURES}/interleaved.json", GENERATOR, interleaved_cases())
    write_fixture(f"{FIXTURES}/shuffle.json", GENERATOR, shuffle_cases())
    write_fixture(f"{FIXTURES}/choice.json", GENERATOR, choice_cases())
    write_fixture(f"{FIXTURES}/forks.json", GENERATOR, fork_cases())
    write_fixture(f"{FIXTURES}/normal.json", GENERATOR, normal_cases())


if __name__ == "__main__":
    main()
