import Glibc
import Synchronization

/// One accepted connection: reads requests strictly, hands them to the handler, writes responses in order.
///
/// Confined to its loop; `Responder` hops there before touching it, hence the unchecked `Sendable`.
final class ServerConnection: LoopSource, @unchecked Sendable {
    /// Where the parser stands in the byte stream.
    private enum ParseState {
        /// Looking for the end of a head; scanning resumes at this index of `inbound`.
        case head(resumeAt: Int)
        /// Reading the body of a request whose head is parsed.
        case body(RequestHead, BodyProgress)
        /// No more requests are read from this connection.
        case stopped
    }

    /// How far a body has arrived.
    private enum BodyProgress {
        case length(Int)
        case chunked(ChunkedDecoder, [UInt8])
    }

    /// A response owed to a request, in arrival order.
    private struct Slot {
        var bytes: [UInt8]?
        let close: Bool
        let headRequest: Bool
        /// Whether the request was HTTP/1.0 with keep-alive, which the response must confirm.
        let http10KeepAlive: Bool
        /// Body bytes counted in flight for this request until its response comes.
        var reservedBody: Int

        /// What the response says about the connection.
        var connectionField: ConnectionField { close ? .close : http10KeepAlive ? .keepAlive : .unstated }
    }

    /// Why a request is answered 503 when the server holds all the body bytes it may.
    private static let bodiesFull = "the server holds as many request bodies as it may; try again shortly"

    /// The loop this connection lives on.
    let loop: EventLoop
    private let fd: Int32
    private let peer: PeerAddress
    private let server: ServerContext
    /// Whether this connection counts against `maxConnections` (a refused one does not).
    private let counted: Bool
    private let state: ServerLoopState
    // The buffers changed on every request live in cells, out of reach of the exclusivity checks.
    private let inboundCell = UncheckedCell<[UInt8]>([])
    private var inbound: [UInt8] {
        unsafeAddress { UnsafePointer(inboundCell.pointer) }
        unsafeMutableAddress { inboundCell.pointer }
    }
    private var consumed = 0
    private var parse = ParseState.head(resumeAt: 0)
    private var requestStarted: UInt64?
    private var continueSent = false
    /// The body limit of the request being read, from the head check or the server's limits.
    private var bodyLimit = 0
    /// Body bytes of the request being read counted in flight; they pass to its slot on dispatch.
    private var reservedBody = 0
    private let slotsCell = UncheckedCell<[Slot]>([])
    private var slots: [Slot] {
        unsafeAddress { UnsafePointer(slotsCell.pointer) }
        unsafeMutableAddress { slotsCell.pointer }
    }
    private var firstSlotSequence = 0
    private let outCell = UncheckedCell<[UInt8]>([])
    private var out: [UInt8] {
        unsafeAddress { UnsafePointer(outCell.pointer) }
        unsafeMutableAddress { outCell.pointer }
    }
    private var outSent = 0
    private var closeAfterFlush = false
    private var peerClosed = false
    private var lingering = false
    private var closed = false
    private var inEvent = false
    private var interest: UInt32 = 0
    /// Its action holds this connection until closing cancels it.
    private let timer: LoopTimer

    /// Takes ownership of the accepted descriptor `fd` and starts reading from it; with a
    /// `refusal`, sends that instead of reading any request, and closes.
    init(fd: Int32, peer: PeerAddress, loop: EventLoop, server: ServerContext, state: ServerLoopState, refusal: HTTPResponse?) {
        self.fd = fd
        self.peer = peer
        self.loop = loop
        self.server = server
        self.state = state
        counted = refusal == nil
        timer = LoopTimer(loop: loop)
        interest = Epoll.readable
        do {
            try loop.register(fd, events: interest, source: self)
        } catch {
            closed = true
            close(fd)
            if counted { server.openConnections.wrappingSubtract(1, ordering: .relaxed) }
            return
        }
        state.connections[ObjectIdentifier(self)] = self
        timer.onExpiry { self.deadlinePassed() }
        timer.set(loop.turnStart + server.limits.idleTimeout.nanoseconds)
        if let refusal {
            refuse(refusal)
            settle()
        }
    }

    /// Reads and writes as epoll reports the socket ready, then settles interest and deadline.
    func ready(_ events: UInt32) {
        inEvent = true
        if events & (Epoll.readable | Epoll.hangUp | Epoll.error) != 0 { receive() }
        if !closed, events & Epoll.writable != 0 { flush() }
        inEvent = false
        settle()
    }

    /// Fills the slot of request `sequence` with `response` and writes what is now in order.
    func complete(_ sequence: Int, _ response: HTTPResponse) {
        let index = sequence - firstSlotSequence
        guard !closed, index >= 0, index < slots.count, slots[index].bytes == nil else { return }
        server.releaseBody(slots[index].reservedBody)
        slots[index].reservedBody = 0
        if index == 0 {
            // The usual case: the oldest request is answered, so its bytes go straight to the output.
            let slot = slots.removeFirst()
            firstSlotSequence += 1
            MessageEncoder.append(response, to: &out, headRequest: slot.headRequest, connection: slot.connectionField, date: loop.httpDate())
            if slot.close {
                closeAfterFlush = true
                dropSlots()
            }
        } else {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(128 + response.body.count)
            MessageEncoder.append(response, to: &bytes, headRequest: slots[index].headRequest,
                connection: slots[index].connectionField, date: loop.httpDate())
            slots[index].bytes = bytes
        }
        releaseAnsweredSlots()
        if !inEvent {
            process()
            settle()
        }
    }

    /// Closes the connection at once, as the server shuts down.
    func abort() {
        closeNow()
    }

    private func receive() {
        let scratch = loop.readScratch
        while !closed {
            let outcome = socketCall { read(fd, scratch.baseAddress, scratch.count) }
            switch outcome {
            case .done(0):
                peerClosed = true
                if lingering || slots.isEmpty { closeNow() } else { parse = .stopped }
                return
            case .done(let count):
                if lingering { continue }
                inbound.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[0..<count]))
                process()
                if count < scratch.count || !acceptingRequests { return }
            case .wouldBlock:
                return
            case .failed:
                closeNow()
                return
            }
        }
    }

    /// Whether more requests may be parsed now; when not, reading pauses so the buffer stays bounded.
    private var acceptingRequests: Bool {
        if case .stopped = parse { return false }
        return slots.count < server.limits.maxPipelined
    }

    /// Parses as many requests as the buffered bytes hold, dispatching each.
    private func process() {
        let wasInEvent = inEvent
        inEvent = true
        defer { inEvent = wasInEvent }
        while !closed {
            switch parse {
            case .stopped:
                return
            case .head(let resumeAt):
                if slots.count >= server.limits.maxPipelined { return }
                guard readHead(resumeAt: resumeAt) else { return }
            case .body(let head, let progress):
                guard readBody(head, progress) else { return }
            }
        }
    }

    /// Tries to complete a head; returns whether parsing can go on.
    private func readHead(resumeAt: Int) -> Bool {
        var start = consumed
        while inbound.count - start >= 2, inbound[start] == 0x0D, inbound[start + 1] == 0x0A, start < 64 + consumed {
            start += 2
        }
        consumed = start
        if consumed == inbound.count {
            requestStarted = nil
            compact()
            return false
        }
        if requestStarted == nil { requestStarted = loop.turnStart }
        let limits = server.limits
        // Reading through a local copy of the buffer spares the runtime's exclusivity check,
        // which an access to the property spanning the call would need.
        let received = inbound
        let scan = received.withUnsafeBufferPointer {
            HeadScanner.scan($0, start: start, resumeAt: resumeAt, limit: limits.maxHeaderBytes)
        }
        switch scan {
        case .incomplete(let next):
            parse = .head(resumeAt: next)
            compact()
            return false
        case .failed(let error):
            refuse(status: error.status, reason: error.reason)
            return false
        case .complete(let end):
            let parsed = received.withUnsafeBufferPointer {
                HeadParser.request($0, start: start, end: end, maxHeaders: limits.maxHeaderCount)
            }
            switch parsed {
            case .failure(let error):
                refuse(status: error.status, reason: error.reason)
                return false
            case .success(let head):
                consumed = end
                bodyLimit = limits.maxBodyBytes
                if let admit = server.admit {
                    switch admit(HTTPRequest(
                        method: head.method, target: head.target, version: head.version, headers: head.headers, peer: peer)) {
                    case .accept(let limit):
                        if let limit { bodyLimit = limit }
                    case .refuse(let response):
                        refuse(response)
                        return false
                    }
                }
                switch head.framing {
                case .none, .untilClose:
                    dispatch(head, body: [])
                case .length(let length):
                    if length > bodyLimit {
                        refuse(status: 413, reason: HTTPParseError.bodyTooLarge.reason)
                        return false
                    }
                    guard server.reserveBody(length) else {
                        refuse(server.busy(Self.bodiesFull))
                        return false
                    }
                    reservedBody = length
                    parse = .body(head, .length(length))
                case .chunked:
                    parse = .body(head, .chunked(ChunkedDecoder(maxTrailerBytes: limits.maxHeaderBytes), []))
                }
                return true
            }
        }
    }

    /// Tries to complete a body; returns whether parsing can go on.
    private func readBody(_ head: RequestHead, _ progress: BodyProgress) -> Bool {
        switch progress {
        case .length(let length):
            if inbound.count - consumed >= length {
                let body = Array(inbound[consumed..<(consumed + length)])
                consumed += length
                dispatch(head, body: body)
                return true
            }
            sendContinueIfAwaited(head)
            return false
        case .chunked(var decoder, var body):
            let from = consumed
            let limit = bodyLimit
            let step = inbound.withUnsafeBufferPointer { decoder.decode($0, from: from, into: &body, limit: limit) }
            if body.count > reservedBody {
                guard server.reserveBody(body.count - reservedBody) else {
                    refuse(server.busy(Self.bodiesFull))
                    return false
                }
                reservedBody = body.count
            }
            switch step {
            case .needMore(let consumedTo):
                let started = consumedTo > from || !body.isEmpty
                consumed = consumedTo
                parse = .body(head, .chunked(decoder, body))
                if !started { sendContinueIfAwaited(head) }
                compact()
                return false
            case .done(let consumedTo):
                consumed = consumedTo
                dispatch(head, body: body)
                return true
            case .failed(let error):
                refuse(status: error.status, reason: error.reason)
                return false
            }
        }
    }

    /// Sends `100 Continue` once, when the body is still to come and no earlier response is owed.
    private func sendContinueIfAwaited(_ head: RequestHead) {
        guard head.expectsContinue, !continueSent, slots.isEmpty else { return }
        continueSent = true
        out.append(contentsOf: "HTTP/1.1 100 Continue\r\n\r\n".utf8)
    }

    private func dispatch(_ head: RequestHead, body: [UInt8]) {
        let sequence = firstSlotSequence + slots.count
        slots.append(Slot(
            bytes: nil, close: !head.keepAlive, headRequest: head.method == "HEAD",
            http10KeepAlive: head.keepAlive && head.version == .http1_0, reservedBody: reservedBody))
        reservedBody = 0
        parse = head.keepAlive ? .head(resumeAt: consumed) : .stopped
        requestStarted = nil
        continueSent = false
        let request = HTTPRequest(
            method: head.method, target: head.target, version: head.version, headers: head.headers, body: body, peer: peer)
        server.handler(request, Responder(connection: self, sequence: sequence))
    }

    /// Queues an error response that closes the connection, and reads no further request.
    private func refuse(status: Int, reason: String) {
        refuse(HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "text/plain")]), text: reason + "\n"))
    }

    /// Queues `response` with `Connection: close`, and reads no further request: a body not yet
    /// read is never read (lingering discards what still comes).
    private func refuse(_ response: HTTPResponse) {
        parse = .stopped
        server.releaseBody(reservedBody)
        reservedBody = 0
        var bytes: [UInt8] = []
        MessageEncoder.append(response, to: &bytes, headRequest: false, connection: .close, date: loop.httpDate())
        slots.append(Slot(bytes: bytes, close: true, headRequest: false, http10KeepAlive: false, reservedBody: 0))
        releaseAnsweredSlots()
    }

    /// Forgets every slot, giving back the body bytes of requests still unanswered.
    private func dropSlots() {
        for slot in slots { server.releaseBody(slot.reservedBody) }
        slots.removeAll()
    }

    /// Moves answered responses at the front of the line into the output.
    private func releaseAnsweredSlots() {
        var released = 0
        while released < slots.count, let bytes = slots[released].bytes {
            out.append(contentsOf: bytes)
            if slots[released].close { closeAfterFlush = true }
            released += 1
        }
        if released > 0 {
            slots.removeFirst(released)
            firstSlotSequence += released
        }
        if closeAfterFlush { dropSlots() }
    }

    /// Writes what it can, then brings epoll interest and the deadline up to date.
    private func settle() {
        guard !closed else { return }
        flush()
        guard !closed else { return }
        if peerClosed, slots.isEmpty, outSent == out.count, !lingering {
            closeNow()
            return
        }
        var wanted: UInt32 = 0
        if (lingering || acceptingRequests) && !peerClosed { wanted |= Epoll.readable }
        if outSent < out.count { wanted |= Epoll.writable }
        if wanted != interest {
            interest = wanted
            loop.modify(fd, events: wanted)
        }
        updateDeadline()
    }

    private func updateDeadline() {
        if lingering { return }
        let limits = server.limits
        if let requestStarted {
            timer.set(requestStarted + limits.readTimeout.nanoseconds)
        } else if slots.isEmpty {
            timer.set(loop.turnStart + limits.idleTimeout.nanoseconds)
        } else {
            timer.set(nil)
        }
    }

    private func flush() {
        while outSent < out.count {
            // A local copy of the buffer and position, so the send spans no access to the properties.
            let pending = out
            let sent = outSent
            let outcome = pending.withUnsafeBytes { bytes in
                socketCall { send(fd, bytes.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            }
            switch outcome {
            case .done(let count): outSent += count
            case .wouldBlock: return
            case .failed:
                closeNow()
                return
            }
        }
        out.removeAll(keepingCapacity: out.capacity <= 64 * 1024)
        outSent = 0
        if closeAfterFlush && !lingering { startLingering() }
    }

    /// Half-closes and drains what the client still sends, so our last response is not lost to a reset.
    private func startLingering() {
        lingering = true
        parse = .stopped
        _ = socketCall { shutdown(fd, Int32(SHUT_WR)) }
        inbound = []
        consumed = 0
        timer.set(loop.turnStart + min(server.limits.readTimeout, .seconds(2)).nanoseconds)
    }

    private func deadlinePassed() {
        guard !closed else { return }
        if lingering || requestStarted == nil {
            closeNow()
            return
        }
        requestStarted = nil
        refuse(status: 408, reason: "the request did not arrive in full before the read deadline")
        settle()
    }

    /// Drops bytes already parsed once they are a large share of the buffer.
    private func compact() {
        if consumed == inbound.count {
            inbound.removeAll(keepingCapacity: inbound.capacity <= 64 * 1024)
            shiftResume(by: consumed)
            consumed = 0
        } else if consumed > 16 * 1024 {
            inbound.removeFirst(consumed)
            shiftResume(by: consumed)
            consumed = 0
        }
    }

    private func shiftResume(by amount: Int) {
        if case .head(let resumeAt) = parse { parse = .head(resumeAt: max(0, resumeAt - amount)) }
    }

    private func closeNow() {
        guard !closed else { return }
        closed = true
        timer.cancel()
        server.releaseBody(reservedBody)
        reservedBody = 0
        dropSlots()
        if counted { server.openConnections.wrappingSubtract(1, ordering: .relaxed) }
        loop.closeDescriptor(fd)
        state.connections[ObjectIdentifier(self)] = nil
        state.descriptorFreed?()
    }
}
