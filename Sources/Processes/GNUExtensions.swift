import Glibc

/// The glibc extensions spawning needs that the `Glibc` module does not import (they sit
/// behind `_GNU_SOURCE`), looked up once by name. Both have fixed, non-variadic signatures, so
/// calling them through these types is exact.
enum GNUExtensions {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// `pipe2(2)`: a pipe whose ends are close-on-exec from birth, so a process spawned
    /// concurrently by another thread cannot inherit them.
    static let pipe2: Pipe2? = symbol("pipe2", as: Pipe2.self)
    /// `posix_spawn_file_actions_addchdir_np(3)` (glibc 2.29): the child changes folder before exec.
    static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np", as: AddChdir.self)

    private static func symbol<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let process = dlopen(nil, RTLD_NOW), let address = dlsym(process, name) else { return nil }
        return unsafeBitCast(address, to: type)
    }
}
