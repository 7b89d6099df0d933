/// Model servers for tests, speaking the Open Inference Protocol (KServe V2) with Python's standard library.
public enum ModelServers {
    /// `python3 server.py PORT MODE`: ready at once (any MODE), or never (`slow`); `child` also starts a
    /// child process in its group. Answers `GET /v2/health/ready` and `POST /v2/models/m/infer`.
    public static let pythonV2 = """
    import http.server, json, os, subprocess, sys
    print("server pid", os.getpid(), flush=True)
    if sys.argv[2] == "child":
        subprocess.Popen(["sleep", "300"])
    if sys.argv[2] == "slow":
        print("still warming up", flush=True)
        import time
        time.sleep(600)
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True
        def reply(self, status, body):
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def do_GET(self):
            self.reply(200 if self.path == "/v2/health/ready" else 404, b"")
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            answer = {"model_name": "m", "outputs": [{"name": "y", "shape": [1], "datatype": "FP32", "data": [42]}]}
            self.reply(200 if self.path == "/v2/models/m/infer" else 404, json.dumps(answer).encode())
    http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
    """
}
