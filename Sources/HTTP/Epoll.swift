import Glibc

/// The Linux calls the loops need that the `Glibc` module does not import (epoll, eventfd and
/// accept4 sit in headers it leaves out), looked up once by name. None is variadic, so calling
/// them through these C function types is exact.
enum Epoll {
    typealias Create = @convention(c) (Int32) -> Int32
    typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer, Int32, Int32) -> Int32
    typealias EventCounter = @convention(c) (UInt32, Int32) -> Int32
    typealias Accept = @convention(c) (Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32) -> Int32

    /// `epoll_create1(2)`.
    static let create: Create = symbol("epoll_create1")
    /// `epoll_ctl(2)`.
    static let control: Control = symbol("epoll_ctl")
    /// `epoll_wait(2)`.
    static let wait: Wait = symbol("epoll_wait")
    /// `eventfd(2)`.
    static let eventCounter: EventCounter = symbol("eventfd")
    /// `accept4(2)`.
    static let accept: Accept = symbol("accept4")

    /// Readable (`EPOLLIN`).
    static let readable: UInt32 = 0x001
    /// Writable (`EPOLLOUT`).
    static let writable: UInt32 = 0x004
    /// Error (`EPOLLERR`).
    static let error: UInt32 = 0x008
    /// Hang-up (`EPOLLHUP`).
    static let hangUp: UInt32 = 0x010
    /// `EPOLL_CTL_ADD`, `EPOLL_CTL_DEL`, `EPOLL_CTL_MOD`.
    static let add: Int32 = 1, delete: Int32 = 2, modify: Int32 = 3
    /// `O_CLOEXEC`, which `EPOLL_CLOEXEC` and `EFD_CLOEXEC` equal.
    static let closeOnExec: Int32 = 0o2000000
    /// `O_NONBLOCK`, which `EFD_NONBLOCK` and `SOCK_NONBLOCK` equal.
    static let nonBlocking: Int32 = 0o4000

    /// The size of `struct epoll_event`, packed on x86-64 (4 bytes of events, 8 of data) and
    /// padded to 16 elsewhere.
    #if arch(x86_64)
    static let eventSize = 12
    #else
    static let eventSize = 16
    #endif
    /// Where the 64-bit data word sits inside an event.
    static let dataOffset = eventSize == 12 ? 4 : 8

    /// Writes one event (`events`, with `fd` as its data) at `pointer`.
    static func storeEvent(_ events: UInt32, fd: Int32, at pointer: UnsafeMutableRawPointer) {
        pointer.storeBytes(of: events, as: UInt32.self)
        (pointer + dataOffset).storeBytes(of: UInt64(UInt32(bitPattern: fd)), toByteOffset: 0, as: UInt64.self)
    }

    /// Reads the event bits and descriptor of event `index` in a buffer filled by `wait`.
    static func loadEvent(_ buffer: UnsafeMutableRawPointer, _ index: Int) -> (events: UInt32, fd: Int32) {
        let base = buffer + index * eventSize
        let events = base.loadUnaligned(as: UInt32.self)
        let data = (base + dataOffset).loadUnaligned(as: UInt64.self)
        return (events, Int32(truncatingIfNeeded: data))
    }

    /// Calls `epoll_ctl` for `fd` with `events`, through the socket-call funnel.
    static func change(_ epoll: Int32, _ operation: Int32, _ fd: Int32, _ events: UInt32) -> SocketCallOutcome {
        var event = (UInt64(0), UInt64(0))
        return withUnsafeMutableBytes(of: &event) { raw in
            storeEvent(events, fd: fd, at: raw.baseAddress!)
            return socketCall { control(epoll, operation, fd, raw.baseAddress) }
        }
    }

    private static func symbol<Function>(_ name: String) -> Function {
        guard let process = dlopen(nil, RTLD_NOW), let address = dlsym(process, name) else {
            fatalError("glibc lacks \(name), which every Linux since 2.6.27 has")
        }
        return unsafeBitCast(address, to: Function.self)
    }
}
