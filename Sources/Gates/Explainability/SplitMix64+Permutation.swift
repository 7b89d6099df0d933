import Pipelines

extension SplitMix64 {
    /// A uniform integer in 0..<bound, without modulo bias (Lemire's multiply-and-reject).
    mutating func below(_ bound: Int) -> Int {
        let limit = UInt64(bound)
        var product = next().multipliedFullWidth(by: limit)
        if product.low < limit {
            let threshold = (0 &- limit) % limit
            while product.low < threshold { product = next().multipliedFullWidth(by: limit) }
        }
        return Int(product.high)
    }

    /// A uniformly random ordering of 0..<count (Fisher–Yates), spelled out here rather than
    /// left to the standard library, whose shuffle may change between releases.
    mutating func permutation(of count: Int) -> [Int] {
        var order = Array(0..<count)
        var i = count - 1
        while i > 0 {
            order.swapAt(i, below(i + 1))
            i -= 1
        }
        return order
    }
}
