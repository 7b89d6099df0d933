/// Manifest texts for tests and benchmarks.
public enum ManifestFixtures {
    /// A valid Model using every gate type, as DESIGN.md sketches it.
    public static func model(name: String = "fraud-detector", group: String = "risk-reviewers", param: String = "0.5") -> String {
        """
        apiVersion: slipway.dev/v1
        kind: Model
        metadata: {name: \(name), owners: [team-risk]}
        spec:
          data:
            - name: train
              path: data/train.csv
              schema:
                columns:
                  amount: {type: number, min: 0}
                  country: {type: string}
                  label: {type: integer, values: [0, 1]}
                maxMissing: 0.01
          train:
            command: [python3, train.py, --data, "${data.train}", --out, "${output}", --c, "${params.C}"]
            timeout: 10m
            params: {C: \(param)}
          retrain: {schedule: "0 3 * * *", onDrift: {psi: 0.2}}
          gates:
            - {name: unit, type: command, command: [python3, -m, unittest, discover, tests]}
            - {name: data, type: data}
            - {name: beats-stable, type: baseline, holdout: data/holdout.csv, label: label, metric: auc, min: 0.80, minChange: 0.0}
            - {name: load, type: loadTest, request: requests/one.json, rate: 200, duration: 20s, slo: {p99: 50ms, errorRate: 0.001}}
            - {name: explain, type: explainability, holdout: data/holdout.csv, label: label, forbid: [country], maxShare: 0.6}
            - {name: governance, type: governance, modelCard: MODEL_CARD.md, approvals: {required: 1, from: \(group)}}
          serve:
            command: [python3, serve.py, --model, "${artifact}", --port, "${port}"]
            ready: /v2/health/ready
          rollout:
            steps: [{weight: 10, pause: 30s}, {weight: 50, pause: 30s}]
            analysis: {interval: 5s, failureLimit: 2, maxErrorRate: 0.01, maxP99: 100ms}

        """
    }

    /// A Policy defining the reviewer group the fixture model names.
    public static func policy(group: String = "risk-reviewers") -> String {
        """
        apiVersion: slipway.dev/v1
        kind: Policy
        metadata: {name: default}
        spec:
          reviewers:
            \(group): [alice@example.com, bob@example.com]
          requiredGates: [data, governance]

        """
    }

    /// The files the fixture model refers to, by path relative to its folder.
    public static let modelFiles = [
        "data/train.csv": "amount,country,label\n1.5,fr,0\n2.0,de,1\n",
        "data/holdout.csv": "amount,country,label\n1.0,fr,0\n",
        "requests/one.json": "{\"inputs\": []}\n",
        "MODEL_CARD.md": "# Model card\n",
        "train.py": "print('train')\n",
        "serve.py": "print('serve')\n",
    ]
}
