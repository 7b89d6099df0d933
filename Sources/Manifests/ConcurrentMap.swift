import Dispatch
import Foundation

extension Array where Element: Sendable {
    /// `map`, spread over the machine's cores; the results keep the order of the elements.
    func concurrentMap<T: Sendable>(_ transform: @Sendable (Element) -> T) -> [T] {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        guard count >= 64, cores > 1 else { return map(transform) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        // Each index is written by exactly one iteration, so the writes never overlap.
        nonisolated(unsafe) let slots = results
        let chunks = cores * 4
        let size = (count + chunks - 1) / chunks
        self.withUnsafeBufferPointer { elements in
            nonisolated(unsafe) let input = elements
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for i in Swift.min(chunk * size, input.count)..<Swift.min((chunk + 1) * size, input.count) {
                    slots[i] = transform(input[i])
                }
            }
        }
        return results.map { $0! }
    }
}
