import Glibc

/// One request in flight: its bytes, who waits for the answer, and when to give up.
///
/// Handed to its loop once and confined to it after, hence the unchecked `Sendable`.
final class Exchange: @unchecked Sendable {
    /// The encoded request, kept whole so that a retry sends the same bytes.
    let bytes: [UInt8]
    /// The request method, which decides whether the response has a body (HEAD).
    let method: String
    /// Where the request goes.
    let upstream: Upstream
    /// How long the exchange may take, in nanoseconds.
    let timeout: UInt64
    /// When to give up, in monotonic nanoseconds, set when the exchange starts on its loop.
    var deadline: UInt64 = 0
    /// Called once, on the loop thread, with the outcome.
    let completion: @Sendable (Result<HTTPResponse, HTTPClientError>) -> Void
    /// Whether a fresh connection was already tried after a reused one turned out closed.
    var retried = false

    /// Creates an exchange that has not been sent.
    init(
        bytes: [UInt8], method: String, upstream: Upstream, timeout: UInt64,
        completion: @escaping @Sendable (Result<HTTPResponse, HTTPClientError>) -> Void
    ) {
        self.bytes = bytes
        self.method = method
        self.upstream = upstream
        self.timeout = timeout
        self.completion = completion
    }
}

/// One client connection to an upstream: connects, writes one request at a time, reads its response strictly.
final class ClientConnection: LoopSource, @unchecked Sendable {
    /// Where the connection stands with its current exchange.
    private enum Phase {
        case connecting
        case writing(sent: Int)
        case readingHead(resumeAt: Int)
        case readingBody(ResponseHead, BodyProgress)
        case idle
        case closed
    }

    /// How the response body is delimited and how much of it arrived.
    private enum BodyProgress {
        case length(Int)
        case chunked(ChunkedDecoder, [UInt8])
        case untilClose
    }

    /// Where this connection goes.
    let upstream: Upstream
    private let pool: ClientPool
    private var fd: Int32 = -1
    /// The epoll bits watched now, so that an unchanged interest costs no system call.
    private var interest: UInt32 = 0
    /// When the connection last went idle, in monotonic nanoseconds.
    private var parkedAt: UInt64 = 0
    private var phase = Phase.connecting
    private var exchange: Exchange?
    private var reused = false
    // Changed on every response; a cell keeps it out of reach of the exclusivity checks.
    private let inboundCell = UncheckedCell<[UInt8]>([])
    private var inbound: [UInt8] {
        unsafeAddress { UnsafePointer(inboundCell.pointer) }
        unsafeMutableAddress { inboundCell.pointer }
    }
    private var consumed = 0
    /// Its action holds this connection until closing cancels it.
    private let timer: LoopTimer

    /// Creates an unconnected connection to `upstream` that returns to `pool` when done.
    init(upstream: Upstream, pool: ClientPool) {
        self.upstream = upstream
        self.pool = pool
        timer = LoopTimer(loop: pool.loop)
        timer.onExpiry { self.deadlinePassed() }
    }

    /// Connects and sends `exchange` once connected.
    func open(_ exchange: Exchange) {
        self.exchange = exchange
        timer.set(exchange.deadline)
        let address: SocketAddress
        do {
            address = try SocketAddress(host: upstream.host, port: upstream.port)
        } catch {
            return fail(.connectFailed, notSent: true, "\(upstream.host) is not an IPv4 address")
        }
        let created = socketCall {
            socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Epoll.nonBlocking | Epoll.closeOnExec, 0)
        }
        guard case .done(let descriptor) = created else {
            return fail(.connectFailed, notSent: true, "socket: \(Self.describe(created))")
        }
        fd = Int32(descriptor)
        SocketAddress.setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY)
        let connected = address.withSockAddr { pointer, length in socketCall { connect(fd, pointer, length) } }
        switch connected {
        case .done:
            register(Epoll.writable)
            phase = .writing(sent: 0)
            write()
        case .failed(EINPROGRESS), .wouldBlock:
            register(Epoll.writable)
            phase = .connecting
        case .failed(let code):
            failConnect(code)
        }
    }

    /// Sends `exchange` on this connection, taken idle from the pool.
    func reuse(for exchange: Exchange) {
        self.exchange = exchange
        reused = true
        timer.set(exchange.deadline)
        phase = .writing(sent: 0)
        // Sent at once: an idle socket can take a request, and waiting to hear so would cost two epoll calls.
        write()
    }

    /// Whether an idle connection is still open (no EOF, no stray bytes), claiming it if so.
    ///
    /// Asking the socket costs a system call, so a connection parked less than a millisecond
    /// before `now` is taken on trust: upstreams close idle connections after timeouts of
    /// seconds, and a busy router reuses its connections within microseconds. A close the
    /// upstream announces (`Connection: close`) never parks the connection at all.
    func claimIfOpen(now: UInt64) -> Bool {
        if now &- parkedAt < 1_000_000 { return true }
        var byte: UInt8 = 0
        let peeked = socketCall { recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT)) }
        if case .wouldBlock = peeked { return true }
        close()
        return false
    }

    /// Waits idle in the pool, watching for the upstream closing.
    func parkIdle() {
        phase = .idle
        exchange = nil
        reused = false
        watch(Epoll.readable)
        parkedAt = pool.loop.turnStart
        timer.set(parkedAt + pool.settings.idleTimeout.nanoseconds)
    }

    /// Closes the socket; any request in flight is failed by the caller first.
    func close() {
        if case .closed = phase { return }
        phase = .closed
        timer.cancel()
        if fd >= 0 { pool.loop.closeDescriptor(fd) }
    }

    /// Moves the exchange on as epoll reports the socket ready.
    func ready(_ events: UInt32) {
        switch phase {
        case .connecting:
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            _ = socketCall { getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) }
            if code != 0 { return failConnect(code) }
            phase = .writing(sent: 0)
            write()
        case .writing:
            write()
        case .readingHead, .readingBody:
            receive()
        case .idle:
            // An idle upstream only ever sends EOF (or garbage); either way the connection is done.
            pool.remove(self)
            close()
        case .closed:
            return
        }
    }

    private func register(_ events: UInt32) {
        do {
            try pool.loop.register(fd, events: events, source: self)
            interest = events
        } catch {
            Glibc.close(fd)
            fd = -1
            fail(.connectFailed, notSent: true, error.description)
        }
    }

    private func write() {
        guard case .writing(var sent) = phase, let exchange else { return }
        while sent < exchange.bytes.count {
            let outcome = exchange.bytes.withUnsafeBytes { bytes in
                socketCall { send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            }
            switch outcome {
            case .done(let count):
                sent += count
            case .wouldBlock:
                phase = .writing(sent: sent)
                watch(Epoll.writable)
                return
            case .failed(let code):
                if sent == 0 && reused && !exchange.retried {
                    return retryOnFreshConnection(exchange)
                }
                return fail(.connectionClosed, notSent: sent == 0, "send: \(String(cString: strerror(code)))")
            }
        }
        phase = .readingHead(resumeAt: 0)
        watch(Epoll.readable)
    }

    /// Watches `events` on the socket, asking epoll only when they differ from what it watches.
    private func watch(_ events: UInt32) {
        guard events != interest else { return }
        interest = events
        pool.loop.modify(fd, events: events)
    }

    /// The reused connection was closed under us before any byte left: one fresh connection may carry it.
    private func retryOnFreshConnection(_ exchange: Exchange) {
        self.exchange = nil
        close()
        exchange.retried = true
        ClientConnection(upstream: upstream, pool: pool).open(exchange)
    }

    private func receive() {
        let scratch = pool.loop.readScratch
        while true {
            let outcome = socketCall { read(fd, scratch.baseAddress, scratch.count) }
            switch outcome {
            case .done(0):
                return endOfStream()
            case .done(let count):
                inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
                parse()
                if count < scratch.count { return }
                if case .closed = phase { return }
                if case .idle = phase { return }
            case .wouldBlock:
                return
            case .failed(let code):
                return fail(.connectionClosed, notSent: false, "read: \(String(cString: strerror(code)))")
            }
        }
    }

    private func endOfStream() {
        if case .readingBody(let head, .untilClose) = phase {
            var body: [UInt8] = Array(inbound[consumed...])
            inbound = []
            return finish(head, body: &body, keepAlive: false)
        }
        let partial = inbound.count > consumed
        fail(.connectionClosed, notSent: false,
             partial ? "the response was cut short" : "no response bytes arrived")
    }

    private func parse() {
        let settings = pool.settings
        while true {
            switch phase {
            case .readingHead(let resumeAt):
                let scan = inbound.withUnsafeBufferPointer {
                    HeadScanner.scan($0, start: consumed, resumeAt: resumeAt, limit: settings.maxResponseHeadBytes)
                }
                switch scan {
                case .incomplete(let next):
                    phase = .readingHead(resumeAt: next)
                    return
                case .failed(let error):
                    return fail(.malformedResponse, notSent: false, error.reason)
                case .complete(let end):
                    let method = exchange?.method ?? "GET"
                    let start = consumed
                    let parsed = inbound.withUnsafeBufferPointer {
                        HeadParser.response($0, start: start, end: end, maxHeaders: 1000, method: method)
                    }
                    guard case .success(let head) = parsed else {
                        if case .failure(let error) = parsed { fail(.malformedResponse, notSent: false, error.reason) }
                        return
                    }
                    consumed = end
                    if head.status / 100 == 1 {
                        // Interim responses (100 Continue) precede the real one.
                        phase = .readingHead(resumeAt: consumed)
                        continue
                    }
                    switch head.framing {
                    case .none:
                        var body: [UInt8] = []
                        return finish(head, body: &body, keepAlive: head.keepAlive)
                    case .length(let length):
                        if length > settings.maxResponseBodyBytes {
                            return fail(.malformedResponse, notSent: false, "the body is larger than the client accepts")
                        }
                        phase = .readingBody(head, .length(length))
                    case .chunked:
                        phase = .readingBody(
                            head, .chunked(ChunkedDecoder(maxTrailerBytes: settings.maxResponseHeadBytes), []))
                    case .untilClose:
                        phase = .readingBody(head, .untilClose)
                    }
                }
            case .readingBody(let head, .length(let length)):
                guard inbound.count - consumed >= length else { return }
                var body = Array(inbound[consumed..<(consumed + length)])
                consumed += length
                return finish(head, body: &body, keepAlive: head.keepAlive)
            case .readingBody(let head, .chunked(var decoder, var body)):
                let from = consumed
                let limit = settings.maxResponseBodyBytes
                let step = inbound.withUnsafeBufferPointer { decoder.decode($0, from: from, into: &body, limit: limit) }
                switch step {
                case .needMore(let consumedTo):
                    consumed = consumedTo
                    phase = .readingBody(head, .chunked(decoder, body))
                    return
                case .done(let consumedTo):
                    consumed = consumedTo
                    return finish(head, body: &body, keepAlive: head.keepAlive)
                case .failed(let error):
                    return fail(.malformedResponse, notSent: false, error.reason)
                }
            case .readingBody(_, .untilClose):
                if inbound.count - consumed > settings.maxResponseBodyBytes {
                    return fail(.malformedResponse, notSent: false, "the body is larger than the client accepts")
                }
                return
            case .connecting, .writing, .idle, .closed:
                return
            }
        }
    }

    private func finish(_ head: ResponseHead, body: inout [UInt8], keepAlive: Bool) {
        guard let exchange else { return }
        self.exchange = nil
        // Bytes beyond the response mean the upstream pipelined or framed wrongly: never reuse then.
        let clean = consumed == inbound.count
        // The buffer is kept for the next response unless one large answer grew it.
        inbound.removeAll(keepingCapacity: inbound.capacity <= 64 * 1024)
        consumed = 0
        if keepAlive && clean { pool.put(self) } else { close() }
        exchange.completion(.success(HTTPResponse(status: head.status, headers: head.headers, body: body)))
    }

    private func failConnect(_ code: Int32) {
        let kind: HTTPClientError.Kind = code == ECONNREFUSED ? .connectionRefused : .connectFailed
        fail(kind, notSent: true, "connect: \(String(cString: strerror(code)))")
    }

    private func fail(_ kind: HTTPClientError.Kind, notSent: Bool, _ detail: String) {
        let exchange = self.exchange
        self.exchange = nil
        close()
        exchange?.completion(.failure(HTTPClientError(
            kind: kind, upstream: upstream, requestNotSent: notSent, detail: detail)))
    }

    private func deadlinePassed() {
        switch phase {
        case .idle:
            pool.remove(self)
            close()
        case .closed:
            return
        default:
            fail(.timeout, notSent: {
                if case .connecting = phase { return true }
                if case .writing(0) = phase { return true }
                return false
            }(), "no complete response before the deadline")
        }
    }

    private static func describe(_ outcome: SocketCallOutcome) -> String {
        if case .failed(let code) = outcome { return String(cString: strerror(code)) }
        return "unexpected result"
    }
}
