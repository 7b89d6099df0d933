import Foundation

extension StatusPage {
    /// A small inline SVG line chart of a few series sampled at the same times, with a value axis
    /// from zero, time ticks, a legend and a `<title>`. Coordinates are written with one decimal,
    /// so the same input always gives the same text.
    struct Chart {
        /// One line of the chart. A nil or non-finite value leaves a gap; a value standing alone
        /// between gaps is drawn as a dot, since a line needs two points.
        struct Series {
            var name: String
            /// A CSS colour.
            var colour: String
            var dashed: Bool
            /// One value per time of the chart; values beyond the last time are not drawn.
            var values: [Double?]
        }

        var title: String
        /// Written after each value tick: `%`, ` ms`.
        var unit: String
        /// Ascending times of the samples.
        var times: [Date]
        var series: [Series]

        static let width = 520.0
        static let height = 230.0
        /// The plot area inside the picture: room on the left for value ticks, above for the title
        /// and legend, below for time ticks.
        static let plot = (left: 60.0, right: 505.0, top: 48.0, bottom: 198.0)

        /// The chart as an `<svg>` element for an HTML page.
        var svg: String {
            let ticks = NiceTicks(covering: series.flatMap { drawable($0) }.map(\.value).max() ?? 0)
            let x = LinearScale(domain: (times.first?.timeIntervalSince1970 ?? 0, times.last?.timeIntervalSince1970 ?? 0),
                                range: (Self.plot.left, Self.plot.right))
            let y = LinearScale(domain: (0, ticks.top), range: (Self.plot.bottom, Self.plot.top))
            var out = "<svg class=\"chart\" viewBox=\"0 0 \(number(Self.width)) \(number(Self.height))\" role=\"img\" font-size=\"11\">"
            out += "<title>\(HTMLText.escaped(title))</title>"
            out += "<text x=\"12\" y=\"18\" font-size=\"13\" font-weight=\"600\" fill=\"#1f2328\">\(HTMLText.escaped(title))</text>"
            out += legend()
            out += valueAxis(ticks, y)
            out += timeAxis(x)
            for line in series { out += draw(line, x, y) }
            return out + "</svg>"
        }

        private func legend() -> String {
            var out = ""
            for (index, line) in series.enumerated() {
                let left = Self.plot.left + Double(index) * 110
                out += "<line x1=\"\(number(left))\" y1=\"32\" x2=\"\(number(left + 22))\" y2=\"32\" stroke=\"\(HTMLText.escaped(line.colour))\" stroke-width=\"2.5\"\(dash(line))/>"
                out += "<text x=\"\(number(left + 28))\" y=\"36\" fill=\"#1f2328\">\(HTMLText.escaped(line.name))</text>"
            }
            return out
        }

        private func valueAxis(_ ticks: NiceTicks, _ y: LinearScale) -> String {
            var out = ""
            for value in ticks.values {
                let height = number(y(value))
                out += "<line x1=\"\(number(Self.plot.left))\" y1=\"\(height)\" x2=\"\(number(Self.plot.right))\" y2=\"\(height)\" stroke=\"#eaeef2\"/>"
                out += "<text x=\"\(number(Self.plot.left - 6))\" y=\"\(height)\" dy=\"4\" text-anchor=\"end\" fill=\"#59636e\">"
                    + "\(FixedDecimal.text(value, digits: ticks.digits))\(HTMLText.escaped(unit))</text>"
            }
            out += "<line x1=\"\(number(Self.plot.left))\" y1=\"\(number(Self.plot.top))\" x2=\"\(number(Self.plot.left))\" y2=\"\(number(Self.plot.bottom))\" stroke=\"#8c959f\"/>"
            return out
        }

        /// The bottom axis with the first, middle and last time (one tick when all times are equal),
        /// anchored so that the end labels stay inside the picture.
        private func timeAxis(_ x: LinearScale) -> String {
            var out = "<line x1=\"\(number(Self.plot.left))\" y1=\"\(number(Self.plot.bottom))\" x2=\"\(number(Self.plot.right))\" y2=\"\(number(Self.plot.bottom))\" stroke=\"#8c959f\"/>"
            guard let first = times.first, let last = times.last else { return out }
            let marks: [(Date, String)] = last > first
                ? [(first, "start"), (first.addingTimeInterval(last.timeIntervalSince(first) / 2), "middle"), (last, "end")]
                : [(first, "middle")]
            for (time, anchor) in marks {
                let across = number(x(time.timeIntervalSince1970))
                out += "<line x1=\"\(across)\" y1=\"\(number(Self.plot.bottom))\" x2=\"\(across)\" y2=\"\(number(Self.plot.bottom + 4))\" stroke=\"#8c959f\"/>"
                out += "<text x=\"\(across)\" y=\"\(number(Self.plot.bottom + 17))\" text-anchor=\"\(anchor)\" fill=\"#59636e\">\(PageTime.clock(time))</text>"
            }
            return out
        }

        /// One polyline per unbroken run of values, a dot for a run of one.
        private func draw(_ line: Series, _ x: LinearScale, _ y: LinearScale) -> String {
            var runs: [[(index: Int, value: Double)]] = []
            var previous = -2
            for point in drawable(line) {
                if point.index == previous + 1, !runs.isEmpty { runs[runs.count - 1].append(point) } else { runs.append([point]) }
                previous = point.index
            }
            let colour = HTMLText.escaped(line.colour)
            var out = ""
            for run in runs {
                let coordinates = run.map { (x(times[$0.index].timeIntervalSince1970), y($0.value)) }
                if let only = coordinates.first, coordinates.count == 1 {
                    out += "<circle cx=\"\(number(only.0))\" cy=\"\(number(only.1))\" r=\"3\" fill=\"\(colour)\"/>"
                } else {
                    let points = coordinates.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
                    out += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" stroke-linejoin=\"round\"\(dash(line))/>"
                }
            }
            return out
        }

        /// The series' finite values that have a time, with their positions; rates and latencies
        /// are never negative, so a negative value is drawn on the zero line rather than below the plot.
        private func drawable(_ line: Series) -> [(index: Int, value: Double)] {
            zip(line.values.indices, line.values).prefix(times.count).compactMap { index, value in
                guard let value, value.isFinite else { return nil }
                return (index, max(0, value))
            }
        }

        private func dash(_ line: Series) -> String { line.dashed ? " stroke-dasharray=\"5 3\"" : "" }

        private func number(_ value: Double) -> String { FixedDecimal.text(value, digits: 1) }
    }
}
