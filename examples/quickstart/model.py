"""The model's arithmetic, shared by the trainer, the server and the tests."""
import math


def sigmoid(z):
    if z < -60:
        return 0.0
    if z > 60:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def predict(trained, row):
    """The probability of class 1 for one row given as {feature: value}."""
    z = trained["bias"]
    for name, mean, scale, weight in zip(trained["features"], trained["means"], trained["scales"], trained["weights"]):
        z += weight * (float(row[name]) - mean) / scale
    return sigmoid(z)
