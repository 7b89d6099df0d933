import Dispatch
import HTTP
import Synchronization

/// A server in the test process whose answers a load test can shape.
final class LoadTestServer: Sendable {
    /// How the server answers each request.
    enum Behaviour: Sendable {
        /// At once, with this status.
        case status(Int)
        /// After this delay, with this status.
        case delay(Duration, status: Int)
        /// At once, except that from the `after`-th request on nothing is answered until `stall`
        /// has passed: every request arriving meanwhile waits for the end of the stall.
        case stallOnce(after: Int, stall: Duration)
        /// Never.
        case silent
    }

    static let answer = #"{"model_name":"m","outputs":[{"name":"y","datatype":"FP32","shape":[1],"data":[1]}]}"#

    let port: Int
    private let server: HTTPServer
    private let state: State

    /// What the handler has seen, shared with it.
    private final class State: Sendable {
        let received = Mutex(0)
        let stallEnd = Mutex<DispatchTime?>(nil)
        let unanswered = Mutex<[Responder]>([])
    }

    /// Starts a server behaving as `behaviour` on a loopback port of its own.
    init(_ behaviour: Behaviour) throws {
        let state = State()
        server = try HTTPServer(port: 0, loops: 1) { _, responder in
            let number = state.received.withLock { count in
                count += 1
                return count
            }
            switch behaviour {
            case .status(let status):
                responder.respond(HTTPResponse(status: status, text: Self.answer))
            case .delay(let delay, let status):
                DispatchQueue.global().asyncAfter(deadline: .now() + delay.interval) {
                    responder.respond(HTTPResponse(status: status, text: Self.answer))
                }
            case .stallOnce(let after, let stall):
                let end = state.stallEnd.withLock { end -> DispatchTime? in
                    if number == after { end = .now() + stall.interval }
                    return end
                }
                if let end, DispatchTime.now() < end {
                    DispatchQueue.global().asyncAfter(deadline: end) { responder.respond(HTTPResponse(status: 200, text: Self.answer)) }
                } else {
                    responder.respond(HTTPResponse(status: 200, text: Self.answer))
                }
            case .silent:
                state.unanswered.withLock { $0.append(responder) }
            }
        }
        port = server.port
        self.state = state
    }

    deinit { server.shutdown() }

    /// Requests received so far.
    var requestCount: Int { state.received.withLock { $0 } }

    /// The upstream a load plan sends to.
    var upstream: Upstream { Upstream(host: "127.0.0.1", port: port) }

    /// A loopback port nothing listens on (one a server just gave up).
    static func closedPort() throws -> Int {
        let server = try HTTPServer(port: 0, loops: 1) { _, responder in responder.respond(HTTPResponse(status: 200)) }
        defer { server.shutdown() }
        return server.port
    }
}

extension Duration {
    /// The same span for Dispatch, in whole nanoseconds.
    var interval: DispatchTimeInterval {
        .nanoseconds(Int(components.seconds) * 1_000_000_000 + Int(components.attoseconds / 1_000_000_000))
    }
}
