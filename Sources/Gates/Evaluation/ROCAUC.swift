/// The area under the ROC curve of scores for one class against the rest.
enum ROCAUC {
    /// The probability that a random positive row scores above a random negative one (ties count
    /// half): the Mann–Whitney statistic, from ranks where tied scores share their average rank.
    static func compute(actual: [String], scores: [Double], positive: String) -> MetricValue {
        let positives = actual.reduce(0) { $0 + ($1 == positive ? 1 : 0) }
        let negatives = actual.count - positives
        guard positives > 0, negatives > 0 else {
            let only = positives > 0 ? "'\(positive)'" : "other than '\(positive)'"
            return .undefined("AUC needs rows of both classes; every holdout row is labelled \(only)")
        }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var positiveRankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && scores[order[end]] == scores[order[start]] { end += 1 }
            // Ranks start + 1 … end share their mean.
            let rank = Double(start + 1 + end) / 2
            for position in start..<end where actual[order[position]] == positive { positiveRankSum += rank }
            start = end
        }
        let p = Double(positives), n = Double(negatives)
        return .value((positiveRankSum - p * (p + 1) / 2) / (p * n))
    }
}
