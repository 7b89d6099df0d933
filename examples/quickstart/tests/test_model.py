import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import model  # noqa: E402


class ModelTests(unittest.TestCase):
    def test_sigmoid_is_bounded_and_symmetric(self):
        self.assertEqual(model.sigmoid(0), 0.5)
        self.assertAlmostEqual(model.sigmoid(3) + model.sigmoid(-3), 1.0)
        self.assertEqual(model.sigmoid(-1000), 0.0)
        self.assertEqual(model.sigmoid(1000), 1.0)

    def test_prediction_uses_standardised_features(self):
        trained = {"features": ["a"], "means": [10.0], "scales": [2.0], "weights": [1.0], "bias": 0.0}
        self.assertAlmostEqual(model.predict(trained, {"a": 12.0}), model.sigmoid(1.0))
        self.assertEqual(model.predict(trained, {"a": 10.0}), 0.5)


if __name__ == "__main__":
    unittest.main()
