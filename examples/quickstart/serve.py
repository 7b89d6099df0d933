"""A model server speaking the Open Inference Protocol (KServe V2), standard library only.

Usage: python3 serve.py --model ARTIFACT --port PORT [--name NAME] [--error-rate FRACTION]

Inputs: one tensor per feature, named by the feature, shape [n]. Outputs: `predict` (0 or 1 per
row) and `probabilities` (the probability of class 1 per row). --error-rate answers that fraction
of single-row infer requests (what live clients send) with HTTP 500, to show a canary being rolled
back; batches, which the gates send, are answered as usual.
"""
import argparse
import http.server
import json
import os
import random
import sys

import model

parser = argparse.ArgumentParser()
parser.add_argument("--model", required=True)
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--name", default="model")
parser.add_argument("--error-rate", type=float, default=0.0)
args = parser.parse_args()
with open(os.path.join(args.model, "model.json")) as f:
    trained = json.load(f)
failures = random.Random(7)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, *arguments):
        pass

    def reply(self, status, document):
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path in ("/v2/health/ready", "/v2/health/live"):
            return self.reply(200, {"ready": True})
        if self.path.startswith("/v2/models/"):
            return self.reply(200, {"name": args.name, "platform": "stdlib-python",
                                    "inputs": [{"name": n, "datatype": "FP64", "shape": [-1]} for n in trained["features"]]})
        self.reply(404, {"error": f"no {self.path}"})

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        if not self.path.endswith("/infer"):
            return self.reply(404, {"error": f"no {self.path}"})
        columns = {tensor["name"]: tensor["data"] for tensor in request.get("inputs", [])}
        single = all(len(data) == 1 for data in columns.values())
        if args.error_rate and single and failures.random() < args.error_rate:
            return self.reply(500, {"error": "injected failure (--error-rate)"})
        missing = [name for name in trained["features"] if name not in columns]
        if missing:
            return self.reply(400, {"error": f"missing inputs: {', '.join(missing)}"})
        rows = len(columns[trained["features"][0]])
        probabilities = [model.predict(trained, {name: columns[name][i] for name in trained["features"]}) for i in range(rows)]
        self.reply(200, {"model_name": args.name, "outputs": [
            {"name": "predict", "datatype": "INT64", "shape": [rows], "data": [int(p >= 0.5) for p in probabilities]},
            {"name": "probabilities", "datatype": "FP64", "shape": [rows], "data": probabilities},
        ]})


print(f"serving {args.model} on 127.0.0.1:{args.port}", flush=True)
http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
