"""Trains a logistic regression on a CSV with the standard library only.

Usage: python3 train.py --data data/train.csv --out OUTPUT [--epochs N] [--rate R] [--drop COLUMN]

Writes OUTPUT/model.json (feature names, means, scales, weights, bias) and OUTPUT/metrics.json, and
copies the server and the model's arithmetic beside them, so the artifact serves on its own.
"""
import argparse
import csv
import json
import math
import os
import shutil

import model


def read(path, label):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    features = [name for name in rows[0] if name != label]
    x = [[float(row[name]) for name in features] for row in rows]
    y = [int(row[label]) for row in rows]
    return features, x, y


def standardise(x):
    columns = list(zip(*x))
    means = [sum(c) / len(c) for c in columns]
    scales = [math.sqrt(sum((v - m) ** 2 for v in c) / len(c)) or 1.0 for c, m in zip(columns, means)]
    return means, scales


def fit(x, y, epochs, rate):
    weights = [0.0] * len(x[0])
    bias = 0.0
    for _ in range(epochs):
        gradient = [0.0] * len(weights)
        gradient_bias = 0.0
        for row, label in zip(x, y):
            error = model.sigmoid(sum(w * v for w, v in zip(weights, row)) + bias) - label
            for i, v in enumerate(row):
                gradient[i] += error * v
            gradient_bias += error
        weights = [w - rate * g / len(x) for w, g in zip(weights, gradient)]
        bias -= rate * gradient_bias / len(x)
    return weights, bias


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--label", default="label")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--rate", type=float, default=0.5)
    parser.add_argument("--drop", default="", help="a feature to train without (its weight stays 0)")
    args = parser.parse_args()

    features, x, y = read(args.data, args.label)
    means, scales = standardise(x)
    scaled = [[(v - m) / s for v, m, s in zip(row, means, scales)] for row in x]
    weights, bias = fit(scaled, y, args.epochs, args.rate)
    if args.drop in features:
        weights[features.index(args.drop)] = 0.0
    trained = {"features": features, "means": means, "scales": scales, "weights": weights, "bias": bias}
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(trained, f, indent=2)
    predictions = [model.predict(trained, dict(zip(features, row))) for row in x]
    accuracy = sum(int(p >= 0.5) == label for p, label in zip(predictions, y)) / len(y)
    with open(os.path.join(args.out, "metrics.json"), "w") as f:
        json.dump({"train_accuracy": accuracy, "rows": len(y)}, f)
    here = os.path.dirname(os.path.abspath(__file__))
    for code in ("serve.py", "model.py"):
        shutil.copy(os.path.join(here, code), args.out)
    print(f"trained on {len(y)} rows, {len(features)} features; training accuracy {accuracy:.3f}")


if __name__ == "__main__":
    main()
